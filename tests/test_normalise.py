"""The normaliser's rules on small grids: one rule, one passing case and one failing case."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loaders.model import Cell, DocumentError, DocumentText, Grid, Normalised, UnmappedRow
from loaders.normalise import normalise


def aligned(title: str, rows: list[list[str]], unit: str = "万元") -> Grid:
    return Grid(
        title=title,
        rows=[[Cell(text, page=1, ref=f"r{r} c{c}") for c, text in enumerate(row)] for r, row in enumerate(rows)],
        aligned=True,
        unit=unit,
        page_start=1,
        page_end=1,
    )


def text_grid(title: str, lines: list[str], unit: str = "万元") -> Grid:
    return Grid(
        title=title,
        rows=[[Cell(tok, line=n) for tok in line.split()] for n, line in enumerate(lines, start=10)],
        aligned=False,
        unit=unit,
        line_start=9,
    )


def normalised(grid: Grid) -> Normalised:
    return normalise(DocumentText(path="doc.pdf", format="pdf", grids=[grid]))


def facts_of(grid: Grid) -> dict[tuple[str, str], Decimal]:
    [table] = normalised(grid).tables
    return {(f.row_key, f.column_key): f.value for f in table.facts}


def unmapped_of(grid: Grid) -> list[UnmappedRow]:
    return normalised(grid).unmapped


GPB_HEADER = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]


def test_zero_printed_without_decimals_is_a_figure() -> None:
    grid = text_grid(
        "一般公共预算财政拨款支出决算表",
        ["科目编码 科目名称 合计 基本支出 项目支出", "201 一般公共服务支出 12.50 0 12.50"],
    )
    assert facts_of(grid)[("201", "basic")] == 0


def test_a_row_with_more_figures_than_columns_is_kept_naming_its_line() -> None:
    grid = text_grid(
        "一般公共预算财政拨款支出决算表",
        ["科目编码 科目名称 合计 基本支出 项目支出", "201 一般公共服务支出 12.50 12.50 0.00 1.00"],
    )
    [row] = unmapped_of(grid)
    assert (row.line, row.text, row.figures, row.table_kind) == (
        11,
        "201 一般公共服务支出 12.50 12.50 0.00 1.00",
        ("12.50", "12.50", "0.00", "1.00"),
        "gpb_expenditure_by_function",
    )
    assert "4 figures for 3 value columns" in row.reason


def test_code_and_name_in_one_cell() -> None:
    grid = aligned(
        "一般公共预算财政拨款支出决算表",
        [["科目名称", "合计", "基本支出", "项目支出"], ["2013704 信息安全事务", "1,912.17", "", "1,912.17"]],
    )
    assert facts_of(grid) == {("2013704", "total"): Decimal("1912.17"), ("2013704", "project"): Decimal("1912.17")}


def test_a_name_without_code_on_a_subject_table_is_kept_unmapped() -> None:
    grid = aligned(
        "一般公共预算财政拨款支出决算表",
        [*GPB_HEADER, ["", "信息安全事务", "1.00", "", "1.00"], ["201", "一般公共服务支出", "1.00", "", "1.00"]],
    )
    assert facts_of(grid) == {("201", "total"): Decimal("1.00"), ("201", "project"): Decimal("1.00")}
    [row] = unmapped_of(grid)
    assert (row.text, row.figures, row.page, row.source) == ("信息安全事务 1.00 1.00", ("1.00", "1.00"), 1, "p1 r1 c1")
    assert "no subject code" in row.reason


def test_split_code_cells_are_joined() -> None:
    grid = aligned(
        "一般公共预算财政拨款支出决算表",
        [
            ["科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"],
            ["类", "款", "项", "", "", "", ""],
            ["201", "06", "01", "行政运行", "1,511.89", "1,503.52", "8.37"],
        ],
    )
    assert facts_of(grid)[("2010601", "project")] == Decimal("8.37")


def test_blank_total_row_under_the_name_header_is_a_body_row() -> None:
    grid = aligned(
        "一般公共预算财政拨款支出决算表",
        [*GPB_HEADER, ["", "合计", "", "", ""], ["201", "一般公共服务支出", "3.00", "3.00", ""]],
    )
    assert facts_of(grid) == {("201", "total"): Decimal("3.00"), ("201", "basic"): Decimal("3.00")}


SUMMARY_HEADER = [["项目", "决算数", "项目", "决算数"]]


def test_qizhong_prefix_and_older_class_names() -> None:
    grid = aligned(
        "收入支出决算总表", [*SUMMARY_HEADER, ["其中：一般公共预算财政拨款", "5.00", "医疗卫生与计划生育支出", "5.00"]]
    )
    assert facts_of(grid) == {("gpb_appropriation", "amount"): Decimal("5.00"), ("210", "amount"): Decimal("5.00")}


def test_unknown_summary_line_is_kept_naming_the_label_and_the_map_to_edit() -> None:
    grid = aligned("收入支出决算总表", [*SUMMARY_HEADER, ["一、神秘收入", "5.00", "一、一般公共服务支出", "5.00"]])
    assert facts_of(grid) == {("201", "amount"): Decimal("5.00")}  # the other side of the line still loads
    [row] = unmapped_of(grid)
    assert (row.text, row.figures) == ("一、神秘收入 5.00", ("5.00",))
    assert "unknown row label '一、神秘收入'" in row.reason and "row_labels.csv" in row.reason


def test_wide_three_public_with_budget_and_final_on_top() -> None:
    grid = aligned(
        "财政拨款“三公”经费支出决算表",
        [
            ["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""],
            [
                "合计",
                "因公出国（境）费",
                "公务用车购置及运行费",
                "",
                "",
                "公务接待费",
                "合计",
                "因公出国（境）费",
                "公务用车购置及运行费",
                "",
                "",
                "公务接待费",
            ],
            [
                "",
                "",
                "小计",
                "公务用车购置费",
                "公务用车运行费",
                "",
                "",
                "",
                "小计",
                "公务用车购置费",
                "公务用车运行费",
                "",
            ],
            ["700", "400", "0", "", "", "300", "650", "400", "0", "", "", "250"],
        ],
        unit="元",
    )
    assert facts_of(grid) == {
        ("total", "budget"): Decimal(700),
        ("overseas", "budget"): Decimal(400),
        ("vehicle", "budget"): Decimal(0),
        ("reception", "budget"): Decimal(300),
        ("total", "final"): Decimal(650),
        ("overseas", "final"): Decimal(400),
        ("vehicle", "final"): Decimal(0),
        ("reception", "final"): Decimal(250),
    }


def test_unknown_header_label_keeps_every_row_naming_the_label() -> None:
    grid = aligned(
        "一般公共预算财政拨款支出决算表",
        [["科目编码", "科目名称", "合计", "调剂支出"], ["201", "一般公共服务支出", "3.00", "3.00"]],
    )
    result = normalised(grid)
    assert [(t.table_kind, t.facts) for t in result.tables] == [("gpb_expenditure_by_function", [])]
    [row] = result.unmapped
    assert (row.table_seq, row.text) == (1, "201 一般公共服务支出 3.00 3.00")
    assert "unknown header label '调剂支出'" in row.reason


def test_a_figure_twice_with_different_values_keeps_the_second_row_unmapped() -> None:
    grid = aligned(
        "一般公共预算财政拨款支出决算表",
        [*GPB_HEADER, ["201", "一般公共服务支出", "3.00", "3.00", ""], ["201", "一般公共服务支出", "4.00", "4.00", ""]],
    )
    assert facts_of(grid) == {("201", "total"): Decimal("3.00"), ("201", "basic"): Decimal("3.00")}
    [row] = unmapped_of(grid)
    assert row.text == "201 一般公共服务支出 4.00 4.00" and "printed twice" in row.reason


def test_a_figure_that_is_not_a_number_keeps_its_row() -> None:
    grid = aligned("一般公共预算财政拨款支出决算表", [*GPB_HEADER, ["201", "一般公共服务支出", "2l9.25", "", ""]])
    [row] = unmapped_of(grid)
    assert (row.text, row.figures) == ("201 一般公共服务支出 2l9.25", ())
    assert "'2l9.25' is not an amount" in row.reason


def test_an_unknown_final_accounts_title_keeps_its_rows_without_a_table() -> None:
    unknown = aligned("部门整体支出绩效决算表", [["项目", "金额"], ["网站运营", "1.00"]])
    known = aligned("一般公共预算财政拨款支出决算表", [*GPB_HEADER, ["201", "一般公共服务支出", "1.00", "1.00", ""]])
    result = normalise(DocumentText(path="doc.pdf", format="pdf", grids=[unknown, known]))
    assert [t.table_kind for t in result.tables] == ["gpb_expenditure_by_function"]
    assert [(r.table_seq, r.table_kind, r.table_title, r.text) for r in result.unmapped] == [
        (None, None, "部门整体支出绩效决算表", "项目 金额"),
        (None, None, "部门整体支出绩效决算表", "网站运营 1.00"),
    ]
    assert "unknown table title" in result.unmapped[1].reason


def test_a_document_without_a_known_table_is_rejected() -> None:
    unknown = aligned("部门整体支出绩效决算表", [["项目", "金额"], ["网站运营", "1.00"]])
    expected = r"no 部门决算 or 部门预算 table found.*unknown table title '部门整体支出绩效决算表'"
    with pytest.raises(DocumentError, match=expected):
        normalise(DocumentText(path="doc.pdf", format="pdf", grids=[unknown]))


@pytest.mark.parametrize(
    ("header", "unit"),
    [
        (["科目编码", "科目名称", "合计（万元）", "基本支出（万元）", "项目支出（万元）"], "万元"),
        (["科目编码", "科目名称", "合计(元)", "基本支出(元)", "项目支出(元)"], "元"),
        (["科目编码", "科目名称", "合计（千元）", "基本支出", "项目支出"], "千元"),
    ],
)
def test_a_unit_printed_only_in_the_header_is_the_tables_unit(header: list[str], unit: str) -> None:
    rows = [header, ["201", "一般公共服务支出", "3.00", "1.00", "2.00"]]
    doc = DocumentText(path="doc.pdf", format="pdf", grids=[aligned("一般公共预算财政拨款支出决算表", rows, unit=None)])
    [table] = normalise(doc).tables
    assert table.unit == unit and {f.unit for f in table.facts} == {unit}


def test_a_header_unit_comes_before_the_documents_but_after_the_tables_unit_line() -> None:
    rows = [
        ["科目编码", "科目名称", "合计(元)", "基本支出(元)", "项目支出(元)"],
        ["201", "一般公共服务支出", "3", "1", "2"],
    ]
    in_header = aligned("一般公共预算财政拨款支出决算表", rows, unit=None)
    doc = DocumentText(path="doc.pdf", format="pdf", grids=[in_header], unit="万元")
    assert [t.unit for t in normalise(doc).tables] == ["元"]
    doc.grids = [aligned("一般公共预算财政拨款支出决算表", rows, unit="万元")]  # 单位：万元 above the table
    assert [t.unit for t in normalise(doc).tables] == ["万元"]


def test_header_units_that_disagree_name_no_unit() -> None:
    rows = [
        ["科目编码", "科目名称", "合计(元)", "基本支出（万元）", "项目支出"],
        ["201", "一般公共服务支出", "3", "1", "2"],
    ]
    doc = DocumentText(path="doc.pdf", format="pdf", grids=[aligned("一般公共预算财政拨款支出决算表", rows, unit=None)])
    result = normalise(doc, require_tables=False)
    assert result.tables == [] and "names no unit" in result.unmapped[0].reason
