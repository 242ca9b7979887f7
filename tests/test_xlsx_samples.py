"""The bundled xlsx sample: the real Zhejiang 2024 figures, read fact by fact."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook

from loaders.model import Table
from loaders.pipeline import extract_document
from tests.conftest import REPO, SEED_002, shared_file

SAMPLE = REPO / "data" / "samples" / "zhejiang-2024-shaoxing-yuecheng-big-data-center.xlsx"

# Figures printed in 绍兴市越城区大数据发展管理中心 2024 年度部门决算 公开01–11表.
ZHEJIANG = {
    ("income_expenditure_summary", "gpb_appropriation", "amount"): "2209.05",
    ("income_expenditure_summary", "221", "amount"): "29.71",
    ("expenditure_by_unit", "total", "project"): "1928.65",
    ("expenditure_by_function", "2013704", "project"): "1912.17",
    ("gpb_expenditure_by_function", "2013750", "basic"): "219.25",
    ("gpb_basic_expenditure_by_economic", "30103", "amount"): "75.06",
    ("gpb_basic_expenditure_by_economic", "personnel_total", "amount"): "255.19",
    ("gpb_basic_expenditure_by_economic", "public_total", "amount"): "25.21",
    ("fiscal_appropriation_summary", "expenditure_grand_total", "gpb"): "2209.05",
    ("three_public_expenses", "overseas", "final"): "5.69",
    ("three_public_expenses", "vehicle_purchase", "budget"): "0.00",
}


def test_sample_workbook_shape() -> None:
    workbook = load_workbook(SAMPLE)
    assert workbook.sheetnames == ["封面", *[f"公开{n:02d}表" for n in range(1, 12)]]
    assert workbook["公开01表"]["C7"].value == "2,209.05"  # figures as text on this sheet
    assert workbook["公开03表"]["C7"].value == 2209.05  # and as numbers on the others
    assert workbook["公开03表"]["C7"].number_format == "#,##0.00"


def test_sample_figures_fact_by_fact() -> None:
    loaded = extract_document(SAMPLE)
    record = loaded.record
    assert (record.department, record.year, record.unit) == ("绍兴市越城区大数据发展管理中心", 2024, "万元")
    facts = {(f.table_kind, f.row_key, f.column_key): f for t in loaded.tables for f in t.facts}
    for key, value in ZHEJIANG.items():
        assert facts[key].value == Decimal(value), key
        assert facts[key].value_text == value
    project = facts[("expenditure_by_function", "2013704", "project")]
    assert project.source.endswith("公开05表!E10")  # 项目支出 is column E
    assert len(facts) == 585
    assert [t.table_kind for t in loaded.tables if t.is_empty] == ["gov_fund_by_function", "state_capital_by_function"]


def test_sample_equals_the_source_document() -> None:
    original = extract_document(shared_file(SEED_002))
    sample = extract_document(SAMPLE)

    def facts(tables: list[Table]) -> set[tuple[str, str, str, Decimal]]:
        return {(f.table_kind, f.row_key, f.column_key, f.value) for t in tables for f in t.facts}

    assert facts(sample.tables) == facts(original.tables)
