"""A budget in a layout the maps do not know yet loads: what cannot be keyed is kept, not rejected, in
every format the loaders read (tests/fixtures/formats.py).

The budget is the fictional one of tests/test_budget_vs_final.py, rendered in Shanghai's nine-table
layout, with a table and a row the maps have never seen.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.pipeline import LoadedDocument, extract_document
from loaders.render import RenderDocument, RenderTable
from loaders.render.budget import build_budget_document
from tests.fixtures.figures import DEPARTMENT, YEAR
from tests.fixtures.formats import FORMATS, Renderings
from tests.test_budget_vs_final import _budget_tables

UNKNOWN_TITLE = f"{YEAR}年部门新增资产配置预算表"


def _document(extra: RenderTable | None = None, row: list[str] | None = None) -> RenderDocument:
    doc = build_budget_document(DEPARTMENT, YEAR, "元", _budget_tables())
    if row:
        expenditure = next(t for t in doc.tables if t.kind == "budget_expenditure_by_function")
        expenditure.body.insert(0, row)
    if extra:
        doc.tables.append(extra)
    return doc


@pytest.fixture(scope="module")
def with_unknown_table(tmp_path_factory: pytest.TempPathFactory) -> Renderings:
    extra = RenderTable("unknown", UNKNOWN_TITLE, [["项目", "预算数"]], [["某某事项", "1,000.00"]])
    return Renderings(_document(extra=extra), tmp_path_factory.mktemp("unknown-table"), "budget")


def _facts(loaded: LoadedDocument) -> int:
    return sum(len(t.facts) for t in loaded.tables)


# Formats whose table grid tells a title from a row: the unknown table is kept as a table of its own.
# Plain text (an extractor's, or an unruled PDF's) reads an unknown title as a row of the table before it.
TITLED = {
    "pdf-ruled",
    "pdf-continued",
    "markdown-tabs",
    "markdown-pipes",
    "markdown-converter",
    "docx",
    "html",
    "xlsx",
    "xls",
}
GAPS: dict[str, str] = {}  # format → why it does not keep the unknown table yet: none


def _cases() -> list[object]:
    marks = {fmt: [pytest.mark.xfail(reason=GAPS[fmt], strict=False)] for fmt in GAPS}
    return [pytest.param(fmt, id=fmt, marks=marks.get(fmt, [])) for fmt in FORMATS]


@pytest.mark.parametrize("fmt", _cases())
def test_an_unknown_budget_table_is_kept_and_the_document_loads(fmt: str, with_unknown_table: Renderings) -> None:
    loaded = extract_document(with_unknown_table.path(fmt))
    assert loaded.record.doc_kind == "budget" and len(loaded.tables) == 9
    [kept] = [k for k in loaded.unmapped if "某某事项" in k.text]
    assert "1,000.00" in kept.text or "1000.00" in kept.text
    if fmt in TITLED:
        assert kept.table_kind is None and f"unknown table title '{UNKNOWN_TITLE}'" in kept.reason


def test_an_unknown_budget_table_keeps_its_header_and_row_in_markdown(with_unknown_table: Renderings) -> None:
    loaded = extract_document(with_unknown_table.path("markdown-tabs"))
    assert [(k.table_kind, k.text, k.figures) for k in loaded.unmapped] == [
        (None, "项目 预算数", ()),
        (None, "某某事项 1,000.00", ("1,000.00",)),
    ]


def test_an_unknown_row_of_a_budget_table_is_kept(tmp_path: Path) -> None:
    row = ["", "", "", "神秘支出", "5.00", "5.00", ""]
    folder = tmp_path / "rows"
    folder.mkdir()
    loaded = extract_document(Renderings(_document(row=row), folder, "budget").path("markdown-tabs"))
    [kept] = loaded.unmapped
    assert kept.table_kind == "budget_expenditure_by_function" and "神秘支出" in kept.text
    plain = extract_document(Renderings(_document(), folder, "plain").path("markdown-tabs"))
    assert _facts(loaded) == _facts(plain)
