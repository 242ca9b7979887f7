"""The narrative reader reads every format the loaders read: the fixture report written as plain
text with form feeds, as markdown and as an xlsx sheet gives the same statements, with pages."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from loaders.narrative import read_narrative
from loaders.narrative.figures import figures
from loaders.narrative.subjects import resolve_function_path
from loaders.readers.markdown import read_markdown
from loaders.readers.text import read_text
from loaders.readers.xlsx import read_xlsx
from tests.fixtures.narrative import PAGES, report_text


def _stated(doc) -> list[tuple[str | None, str, str, str]]:
    return [(s.subject, s.measure, s.value_text, s.unit) for s in read_narrative(doc).statements]


def test_text_markdown_and_xlsx_give_the_same_statements(tmp_path: Path) -> None:
    text = tmp_path / "report.txt"
    text.write_text(report_text(), encoding="utf-8")
    markdown = tmp_path / "report.md"
    markdown.write_text(
        "\n".join(f"<!-- page {n} -->\n{page}" for n, page in enumerate(PAGES, start=1)), encoding="utf-8"
    )
    workbook = Workbook()
    sheet = workbook.active
    for line in report_text().replace("\f", "\n").split("\n"):
        sheet.append([line])
    book = tmp_path / "report.xlsx"
    workbook.save(book)
    expected = _stated(read_text(text))
    assert len(expected) == 53
    assert _stated(read_markdown(markdown)) == expected
    assert _stated(read_xlsx(book)) == expected
    pages = {s.page for s in read_narrative(read_markdown(markdown)).statements}
    assert pages == {3, 4}


def test_a_number_is_a_figure_only_where_it_states_one() -> None:
    sentence = "截至2020年12月31日，共有车辆2辆，单价100万元以上设备0台（套），第3项，（1）公务接待费1,234.50万元。"
    found = figures(sentence)
    assert [(f.text, f.unit) for f in found] == [("2", "辆"), ("0", "台（套）"), ("1,234.50", "万元")]


def test_a_name_path_resolves_to_its_code_whatever_year_named_it() -> None:
    assert resolve_function_path("一般公共服务支出", "网信事务", "事业运行") == "2013750"
    assert resolve_function_path("文化体育与传媒支出", "体育", "群众体育") == "2070308"  # the pre-2019 name
    assert resolve_function_path("国有资本经营", None, None) == "223"  # the one class whose name starts so
    assert resolve_function_path("不存在的支出", None, None) is None
