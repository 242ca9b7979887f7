"""The resource limits (loaders/limits.py) hold for every reader, not only PDF and spreadsheets: a table of
a text, markdown, html or docx document over the row or cell limit is refused naming the limit, and a
merged cell spanning millions of columns never gets the memory to pad them."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.limits import LimitExceeded, Limits
from loaders.pipeline import extract_document
from loaders.render.docx import render_docx
from loaders.render.html import render_html
from loaders.render.markdown import render_markdown
from loaders.render.templates import build_document
from tests.conftest import SAMPLES
from tests.test_text_reader import HUBEI_STYLE

SHANGHAI_MD = SAMPLES / "shanghai-2024-putuo-finance-bureau.md"


def _over(path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(LimitExceeded) as err:
        extract_document(path, limits=limits or Limits())
    message = str(err.value)
    assert message.startswith(f"{path}: over the ")
    return message


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Shanghai sample written by the project's renderers; a text report beside them."""
    source = extract_document(SHANGHAI_MD)
    doc = build_document(source.tables, style="national", department="上海市普陀区财政局", year=2024, unit="万元")
    folder = tmp_path_factory.mktemp("rendered")
    text = folder / "hubei.txt"
    text.write_text(HUBEI_STYLE, encoding="utf-8")
    return {
        "docx": render_docx(doc, folder / "putuo.docx"),
        "html": render_html(doc, folder / "putuo.html"),
        "markdown": render_markdown(doc, folder / "putuo.md"),
        "text": text,
    }


@pytest.mark.parametrize(("fmt", "table"), [("docx", "docx table"), ("html", "table"), ("markdown", "table")])
def test_a_table_over_the_row_limit_is_rejected_in_every_format(rendered, fmt: str, table: str) -> None:
    assert extract_document(rendered[fmt]).tables  # within the default limits it loads
    assert f"over the sheet_rows limit of 5 ({table} '" in _over(rendered[fmt], Limits(sheet_rows=5))


def test_a_text_table_over_the_cell_limit_is_rejected(rendered) -> None:
    assert extract_document(rendered["text"]).tables
    message = _over(rendered["text"], Limits(sheet_cells=10))
    assert "over the sheet_cells limit of 10 (table '2019年度收入支出决算总表' has more cells" in message


def test_an_html_cell_spanning_millions_of_columns_is_refused_before_padding(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.html"
    bomb.write_text(
        "<h2>收入支出决算总表</h2><p>单位：万元</p>"
        '<table><tr><td>项目</td><td colspan="400000000">决算数</td></tr></table>',
        encoding="utf-8",
    )
    assert "over the sheet_cells limit of 200000 (table '<table> at line" in _over(bomb)


def test_a_markdown_row_wider_than_the_cell_limit_is_refused_before_padding(tmp_path: Path) -> None:
    wide = tmp_path / "wide.md"
    rows = "\n".join(["项目\t决算数", "一、一般公共预算财政拨款收入\t1.00" + "\t" * 150_000, "本年收入合计\t1.00"])
    wide.write_text(f"## 收入支出决算总表\n\n单位：万元\n\n{rows}\n", encoding="utf-8")
    assert "over the sheet_cells limit of 200000 (table '收入支出决算总表' has more cells" in _over(wide)
