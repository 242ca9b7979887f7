"""Budget tables as extractors write them (loaders.text_rows, loaders.text_header): split 类 款 项 codes
in 元 tables, a numbering printed apart from its label, a one-sided economic table and a 本年预算数
heading its 合计 / 基本支出 / 项目支出."""

from __future__ import annotations

from loaders.model import Cell
from loaders.segments import Column
from loaders.text_header import text_columns
from loaders.text_rows import text_sides

FUNCTION = "budget_expenditure_by_function"
SPLIT = [Column("code"), Column("name"), Column("value", "total"), Column("value", "basic")]


def _lines(*lines: str) -> list[list[Cell]]:
    return [[Cell(token) for token in line.split()] for line in lines]


def _sides(lines: list[list[Cell]], columns: list[Column], kind: str, unit: str = "元") -> list[tuple]:
    return [
        ("".join(c.text for c in s.code), s.label, [c.text for c in s.values])
        for row in text_sides(lines, columns, kind, unit)
        for s in row
    ]


def test_two_digits_after_a_class_code_in_a_yuan_table_are_its_parts() -> None:
    lines = _lines("201 03 01 行政运行 12,029,501.84 11,919,501.84", "208 社会保障和就业支出 50 50")
    assert _sides(lines, SPLIT, FUNCTION) == [
        ("2010301", "行政运行", ["12,029,501.84", "11,919,501.84"]),
        ("208", "社会保障和就业支出", ["50", "50"]),  # whole 元 figures after a name stay figures
    ]


def test_code_parts_on_lines_of_their_own_join_their_class() -> None:
    lines = _lines("201", "03", "政府办公厅（室）及相关机构事务", "82,096,797.42", "82,096,797.42")
    assert _sides(lines, SPLIT, FUNCTION) == [
        ("20103", "政府办公厅（室）及相关机构事务", ["82,096,797.42", "82,096,797.42"])
    ]


def test_a_numbering_printed_apart_from_its_label_is_no_figure() -> None:
    columns = [Column("name"), Column("value", "amount"), Column("name"), Column("value", "amount")]
    lines = _lines("1. 一般公共预算资金 91,016,775.35 二、社会保障和就业支出 4,213,779.28")
    assert _sides(lines, columns, "budget_summary") == [
        ("", "1.一般公共预算资金", ["91,016,775.35"]),
        ("", "二、社会保障和就业支出", ["4,213,779.28"]),
    ]


def test_a_one_sided_economic_header_with_several_figures_is_one_side() -> None:
    header = _lines("经济分", "类科目", "编码", "科目名称 合计", "人员经 公用经费", "费")
    assert text_columns(header, "budget_gpb_basic_expenditure_by_economic") == [
        Column("code"),
        Column("name"),
        Column("value", "total"),
        Column("value", "personnel"),
        Column("value", "public"),
    ]


def test_a_final_economic_header_repeating_one_figure_has_a_side_per_figure() -> None:
    header = _lines("经济分类科目编码 科目名称 决算数 经济分类科目编码 科目名称 决算数")
    columns = text_columns(header, "gpb_basic_expenditure_by_economic")
    assert [c.role for c in columns] == ["code", "name", "value", "code", "name", "value"]


def test_this_years_budget_heading_its_split_columns_is_no_column() -> None:
    header = _lines(
        "功能分 本年预算数", "上年预 增减率", "类科目 科目名称 基本支 项目支 增减额", "算数 合计 （%）", "编码 出 出"
    )
    keys = [c.column_key for c in text_columns(header, "budget_gpb_expenditure_by_function") if c.role == "value"]
    assert keys == ["prior_budget", "total", "basic", "project", "change", "change_pct"]
