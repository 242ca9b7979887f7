"""The normaliser's rules on small grids: one rule, one passing case and one failing case."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loaders.model import Cell, DocumentError, DocumentText, Grid
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


def facts_of(grid: Grid) -> dict[tuple[str, str], Decimal]:
    [table] = normalise(DocumentText(path="doc.pdf", format="pdf", grids=[grid]))
    return {(f.row_key, f.column_key): f.value for f in table.facts}


GPB_HEADER = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]


def test_zero_printed_without_decimals_is_a_figure() -> None:
    grid = text_grid(
        "一般公共预算财政拨款支出决算表",
        ["科目编码 科目名称 合计 基本支出 项目支出", "201 一般公共服务支出 12.50 0 12.50"],
    )
    assert facts_of(grid)[("201", "basic")] == 0


def test_a_row_with_too_few_figures_names_its_line() -> None:
    grid = text_grid(
        "一般公共预算财政拨款支出决算表",
        ["科目编码 科目名称 合计 基本支出 项目支出", "201 一般公共服务支出 12.50 12.50"],
    )
    with pytest.raises(DocumentError, match="line 11"):
        facts_of(grid)


def test_code_and_name_in_one_cell() -> None:
    grid = aligned(
        "一般公共预算财政拨款支出决算表",
        [["科目名称", "合计", "基本支出", "项目支出"], ["2013704 信息安全事务", "1,912.17", "", "1,912.17"]],
    )
    assert facts_of(grid) == {("2013704", "total"): Decimal("1912.17"), ("2013704", "project"): Decimal("1912.17")}


def test_a_name_without_code_on_a_subject_table_is_rejected() -> None:
    grid = aligned("一般公共预算财政拨款支出决算表", [*GPB_HEADER, ["", "信息安全事务", "1.00", "", "1.00"]])
    with pytest.raises(DocumentError, match="no subject code"):
        facts_of(grid)


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


def test_unknown_summary_line_names_the_label_and_the_map_to_edit() -> None:
    grid = aligned("收入支出决算总表", [*SUMMARY_HEADER, ["一、神秘收入", "5.00", "", ""]])
    with pytest.raises(DocumentError, match=r"unknown row label '一、神秘收入'.*row_labels\.csv"):
        facts_of(grid)


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


def test_unknown_header_label_fails_loudly_naming_it() -> None:
    grid = aligned(
        "一般公共预算财政拨款支出决算表",
        [["科目编码", "科目名称", "合计", "调剂支出"], ["201", "一般公共服务支出", "3.00", "3.00"]],
    )
    with pytest.raises(DocumentError, match="unknown header label '调剂支出'"):
        facts_of(grid)


def test_a_figure_twice_with_different_values_is_an_error() -> None:
    grid = aligned(
        "一般公共预算财政拨款支出决算表",
        [*GPB_HEADER, ["201", "一般公共服务支出", "3.00", "3.00", ""], ["201", "一般公共服务支出", "4.00", "4.00", ""]],
    )
    with pytest.raises(DocumentError, match="printed twice"):
        facts_of(grid)
