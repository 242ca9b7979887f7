"""xlsx workbooks: sheets and title rows, merged headers, numbers and text, exact decimals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from loaders.model import DocumentError
from loaders.pipeline import extract_document
from loaders.readers.xlsx import cell_text, number_text, read_xlsx
from loaders.render.templates import build_document
from loaders.render.xlsx import render_xlsx
from tests.fixtures.figures import DEPARTMENT, YEAR, expected_facts, fixture_tables


def facts_of(path: Path) -> set[tuple[str, str, str, Decimal]]:
    loaded = extract_document(path)
    return {(f.table_kind, f.row_key, f.column_key, f.value) for t in loaded.tables for f in t.facts if f.value != 0}


@pytest.fixture(scope="module")
def zhejiang_doc():
    return build_document(fixture_tables(), style="zhejiang", department=DEPARTMENT, year=YEAR)


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (2209.05, "#,##0.00", "2209.05"),
        (0.1 + 0.2, "0.00", "0.30"),  # the float's noise never reaches the figure
        (1912.17, "General", "1912.17"),
        (2209.0, "General", "2209"),
        (13.625, "0.00", "13.63"),
        (1234567.891, "#,##0.000", "1234567.891"),
        (0, "#,##0.00;-#,##0.00;", ""),  # a format printing zero as blank
        (-5.5, "#,##0.00", "-5.50"),
    ],
)
def test_numbers_become_exact_decimal_text(value: float, number_format: str, text: str) -> None:
    assert number_text(value, number_format) == text


def test_text_cells_are_kept_as_printed() -> None:
    assert cell_text(" 2,209.05 ") == "2,209.05"
    assert cell_text(None) == ""
    assert cell_text("附属单位上缴收\n入") == "附属单位上缴收\n入"


def test_one_sheet_per_table_fact_by_fact(tmp_path: Path, zhejiang_doc) -> None:
    path = render_xlsx(zhejiang_doc, tmp_path / "zhejiang.xlsx")
    loaded = extract_document(path)
    assert [t.table_no for t in loaded.tables] == [f"公开{n:02d}表" for n in range(1, 12)]
    assert (loaded.record.department, loaded.record.year, loaded.record.unit) == (DEPARTMENT, YEAR, "万元")
    assert loaded.record.region == "示例市示例区"
    assert facts_of(path) == expected_facts()
    fact = next(
        f
        for t in loaded.tables
        for f in t.facts
        if (f.table_kind, f.row_key, f.column_key) == ("income_by_function", "201", "total")
    )
    assert fact.value_text == "1010.00"
    assert fact.source.endswith("公开03表!C8")  # title, number, 部门 line, 3 header rows, 合计


def test_several_tables_on_one_sheet(tmp_path: Path, zhejiang_doc) -> None:
    path = render_xlsx(zhejiang_doc, tmp_path / "one-sheet.xlsx", one_sheet=True)
    assert load_workbook(path).sheetnames == ["部门决算"]
    doc = read_xlsx(path)
    assert len(doc.grids) == 11
    assert all(g.table_no and g.unit == "万元" for g in doc.grids)
    assert facts_of(path) == expected_facts()


def test_numbers_as_text_and_as_numbers_agree(tmp_path: Path, zhejiang_doc) -> None:
    numbers = render_xlsx(zhejiang_doc, tmp_path / "numbers.xlsx")
    text = render_xlsx(zhejiang_doc, tmp_path / "text.xlsx", text_sheets=frozenset({"公开01表"}))
    assert load_workbook(numbers)["公开01表"]["C6"].value == "1"  # 栏次 stays text
    cell = load_workbook(numbers)["公开01表"]["C7"]
    assert (cell.value, cell.number_format) == (1234.56, "#,##0.00")
    assert load_workbook(text)["公开01表"]["C7"].value == "1,234.56"
    assert facts_of(numbers) == facts_of(text) == expected_facts()


def test_merged_header_cells_keep_the_top_left_value(tmp_path: Path, zhejiang_doc) -> None:
    path = render_xlsx(zhejiang_doc, tmp_path / "merged.xlsx")
    assert "A4:B4" in {str(r) for r in load_workbook(path)["公开07表"].merged_cells.ranges}
    grid = next(g for g in read_xlsx(path).grids if g.table_no == "公开07表")
    assert [c.text for c in grid.rows[0]] == ["项目", "", "本年支出", "", ""]
    assert [c.ref for c in grid.rows[0][:2]] == ["公开07表!A4", "公开07表!B4"]


def test_national_set_with_cover_sheet(tmp_path: Path) -> None:
    doc = build_document(fixture_tables(), style="national", department=DEPARTMENT, year=YEAR)
    path = render_xlsx(doc, tmp_path / "national.xlsx")
    loaded = extract_document(path)
    assert [t.table_no for t in loaded.tables] == [f"表{n}" for n in range(1, 10)]
    assert loaded.record.department == DEPARTMENT  # from the cover sheet's title
    assert {t.table_kind for t in loaded.tables if t.is_empty} == {"gov_fund_by_function", "state_capital_by_function"}
    assert facts_of(path) == expected_facts()


def _workbook(tmp_path: Path, rows: list[list[object]], sheet: str = "Sheet1") -> Path:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    path = tmp_path / "hand.xlsx"
    workbook.save(path)
    return path


def test_sheet_named_after_its_table_and_unit_in_header_line(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path,
        [
            ["部门：示例市示例区示例局", None, None, "金额单位：元"],
            ["项目", "预算数", "决算数"],
            ["“三公”经费支出合计", 1200, 1050.5],
            ["公务接待费", 400.5, 300.25],
            ["注：本表反映“三公”经费预决算情况。"],
        ],
        sheet="财政拨款三公经费支出决算表",
    )
    loaded = extract_document(path)
    [table] = loaded.tables
    assert (table.table_kind, table.unit) == ("three_public_expenses", "元")
    values = {(f.row_key, f.column_key): f.value_text for f in table.facts}
    assert values == {
        ("total", "budget"): "1200",
        ("total", "final"): "1050.5",
        ("reception", "budget"): "400.5",
        ("reception", "final"): "300.25",
    }


def test_cover_sheet_and_unknown_header(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path,
        [
            ["2020 年度财政拨款“三公”经费支出决算表"],
            ["单位：万元"],
            ["项目", "预算数", "调整数"],
            ["“三公”经费支出合计", 12, 10],
        ],
    )
    loaded = extract_document(path)
    assert [(t.table_kind, t.facts) for t in loaded.tables] == [("three_public_expenses", [])]
    [row] = loaded.unmapped
    assert (row.text, row.figures, row.source) == ("“三公”经费支出合计 12 10", ("12", "10"), "L4 Sheet1!A4")
    assert "unknown header label '调整数'" in row.reason


def test_formula_without_saved_value_is_refused(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path,
        [
            ["2020 年度财政拨款“三公”经费支出决算表"],
            ["单位：万元"],
            ["项目", "预算数", "决算数"],
            ["“三公”经费支出合计", "=B5", 10.5],
            ["公务接待费", 12.5, 10.5],
        ],
    )
    with pytest.raises(DocumentError, match=r"hand\.xlsx: Sheet1!B4: formula =B5 has no saved value"):
        extract_document(path)


def test_title_row_with_table_number_beside_it(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path,
        [
            ["2020 年度财政拨款“三公”经费支出决算表", None, "公开11表"],
            ["编制单位：示例市示例区示例局", "单位：万元", "2021年3月"],
            ["项目", "预算数", "决算数"],
            ["“三公”经费支出合计", 12.5, 10.25],
        ],
    )
    [grid] = read_xlsx(path).grids
    assert (grid.title, grid.table_no, grid.unit) == ("2020 年度财政拨款“三公”经费支出决算表", "公开11表", "万元")
    assert [c.text for c in grid.rows[0]] == ["项目", "预算数", "决算数"]
