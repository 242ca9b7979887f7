"""Seed 002 (Zhejiang 公开01–11表 as PDF-extracted text): every non-zero figure, nothing extra."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loaders.pipeline import extract_document
from tests.conftest import SEED_002, shared_file

INCOME_COLUMNS = ("total", "fiscal_appropriation")  # the other income columns print 0.00 throughout
EXPENDITURE_COLUMNS = ("total", "basic", "project")

# code: (total, basic, project) as printed in 公开05表 and 公开07表
FUNCTION_EXPENDITURE = {
    "total": ("2209.05", "280.40", "1928.65"),
    "201": ("2147.90", "219.25", "1928.65"),
    "20137": ("2147.90", "219.25", "1928.65"),
    "2013704": ("1912.17", "0.00", "1912.17"),
    "2013750": ("219.25", "219.25", "0.00"),
    "2013799": ("16.48", "0.00", "16.48"),
    "208": ("20.45", "20.45", "0.00"),
    "20805": ("20.45", "20.45", "0.00"),
    "2080505": ("13.63", "13.63", "0.00"),
    "2080506": ("6.82", "6.82", "0.00"),
    "210": ("10.99", "10.99", "0.00"),
    "21011": ("10.99", "10.99", "0.00"),
    "2101102": ("7.65", "7.65", "0.00"),
    "2101103": ("3.34", "3.34", "0.00"),
    "221": ("29.71", "29.71", "0.00"),
    "22102": ("29.71", "29.71", "0.00"),
    "2210201": ("21.02", "21.02", "0.00"),
    "2210203": ("8.68", "8.68", "0.00"),
}
UNIT = "绍兴市越城区大数据发展管理中心（本级）"
CLASS_LINES = {"201": "2147.90", "208": "20.45", "210": "10.99", "221": "29.71"}
ECONOMIC = {
    "301": "254.11",
    "30101": "37.81",
    "30102": "8.68",
    "30103": "75.06",
    "30107": "50.57",
    "30108": "13.63",
    "30109": "6.82",
    "30110": "7.65",
    "30111": "3.34",
    "30112": "1.02",
    "30113": "21.02",
    "30199": "28.50",
    "303": "1.08",
    "30307": "1.08",
    "302": "25.12",
    "30201": "3.91",
    "30207": "0.81",
    "30211": "0.90",
    "30212": "5.69",
    "30226": "0.83",
    "30228": "2.89",
    "30229": "7.82",
    "30239": "0.58",
    "30299": "1.69",
    "310": "0.10",
    "31002": "0.10",
    "personnel_total": "255.19",
    "public_total": "25.21",
}


def expected_facts() -> set[tuple[str, str, str, Decimal]]:
    facts: set[tuple[str, str, str, Decimal]] = set()

    def add(kind: str, row: str, column: str, value: str) -> None:
        if Decimal(value) != 0:
            facts.add((kind, row, column, Decimal(value)))

    for row in (
        "gpb_appropriation",
        "income_total",
        "expenditure_total",
        "income_grand_total",
        "expenditure_grand_total",
    ):
        add("income_expenditure_summary", row, "amount", "2209.05")
    for code, value in CLASS_LINES.items():
        add("income_expenditure_summary", code, "amount", value)
        add("fiscal_appropriation_summary", code, "total", value)
        add("fiscal_appropriation_summary", code, "gpb", value)
    for row in ("gpb_appropriation", "income_total", "income_grand_total"):
        add("fiscal_appropriation_summary", row, "amount", "2209.05")
    for row in ("expenditure_total", "expenditure_grand_total"):
        add("fiscal_appropriation_summary", row, "total", "2209.05")
        add("fiscal_appropriation_summary", row, "gpb", "2209.05")
    for row in ("total", UNIT):
        for column in INCOME_COLUMNS:
            add("income_by_unit", row, column, "2209.05")
        for column, value in zip(EXPENDITURE_COLUMNS, FUNCTION_EXPENDITURE["total"], strict=True):
            add("expenditure_by_unit", row, column, value)
    for code, values in FUNCTION_EXPENDITURE.items():
        for column in INCOME_COLUMNS:
            add("income_by_function", code, column, values[0])
        for kind in ("expenditure_by_function", "gpb_expenditure_by_function"):
            for column, value in zip(EXPENDITURE_COLUMNS, values, strict=True):
                add(kind, code, column, value)
    for code, value in ECONOMIC.items():
        add("gpb_basic_expenditure_by_economic", code, "amount", value)
    for row in ("total", "overseas"):
        for column in ("budget", "final"):
            add("three_public_expenses", row, column, "5.69")
    return facts


@pytest.fixture(scope="module")
def loaded():
    return extract_document(shared_file(SEED_002))


def test_every_non_zero_figure_and_nothing_extra(loaded) -> None:
    found = {(f.table_kind, f.row_key, f.column_key, f.value) for t in loaded.tables for f in t.facts if f.value != 0}
    assert found - expected_facts() == set(), "facts that the document does not print"
    assert expected_facts() - found == set(), "printed figures that were not extracted"


def test_tables_recognised_by_title_with_printed_numbers(loaded) -> None:
    kinds = [(t.table_kind, t.table_no) for t in loaded.tables]
    assert kinds == [
        ("income_expenditure_summary", "公开01表"),
        ("income_by_unit", "公开02表"),
        ("income_by_function", "公开03表"),
        ("expenditure_by_unit", "公开04表"),
        ("expenditure_by_function", "公开05表"),
        ("fiscal_appropriation_summary", "公开06表"),
        ("gpb_expenditure_by_function", "公开07表"),
        ("gpb_basic_expenditure_by_economic", "公开08表"),
        ("gov_fund_by_function", "公开09表"),
        ("state_capital_by_function", "公开10表"),
        ("three_public_expenses", "公开11表"),
    ]


def test_declared_empty_tables(loaded) -> None:
    empty = {t.table_kind: t.empty_note for t in loaded.tables if t.is_empty}
    assert set(empty) == {"gov_fund_by_function", "state_capital_by_function"}
    assert all("本表无数据" in note for note in empty.values())


def test_metadata_read_from_the_document(loaded) -> None:
    record = loaded.record
    assert (record.region, record.department, record.year, record.unit) == (
        "绍兴市越城区",
        "绍兴市越城区大数据发展管理中心",
        2024,
        "万元",
    )


def test_wrapped_name_is_joined_and_traced_to_its_line(loaded) -> None:
    fact = next(
        f
        for t in loaded.tables
        for f in t.facts
        if t.table_kind == "income_by_function" and f.row_key == "2080505" and f.column_key == "total"
    )
    assert fact.row_label == "机关事业单位基本养老保险缴费支出"
    assert fact.line == 215 and fact.page == 6
    assert fact.value == Decimal("13.63")


def test_summary_row_numbers_are_not_figures(loaded) -> None:
    summary = [f for t in loaded.tables for f in t.facts if t.table_kind == "income_expenditure_summary"]
    assert all(f.column_key == "amount" for f in summary)
    assert len(summary) == 8 + 26 + 8  # income lines, expenditure 类 lines, totals and balances
