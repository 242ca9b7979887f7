"""The bundled markdown samples: real published figures, read fact by fact."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from loaders.pipeline import extract_document
from tests.conftest import REPO, SEED_002, SHANGHAI_PDF, shared_file

SAMPLES = REPO / "data" / "samples"
SHANGHAI_MD = SAMPLES / "shanghai-2024-putuo-finance-bureau.md"
ZHEJIANG_MD = SAMPLES / "zhejiang-2024-shaoxing-yuecheng-big-data-center.md"

# Figures printed in 上海市普陀区财政局 2024 年度部门决算 (收入决算表, 支出决算表, 收入支出决算总表).
SHANGHAI = {
    ("income_expenditure_summary", "gpb_appropriation", "amount"): "2940.05",
    ("income_expenditure_summary", "other", "amount"): "6.20",
    ("income_expenditure_summary", "income_total", "amount"): "2946.25",
    ("income_expenditure_summary", "opening_balance", "amount"): "49.14",
    ("income_expenditure_summary", "closing_balance", "amount"): "55.34",
    ("income_expenditure_summary", "expenditure_grand_total", "amount"): "2995.39",
    ("income_by_function", "2010601", "total"): "1511.90",
    ("income_by_function", "2010601", "other"): "0.01",
    ("expenditure_by_function", "total", "basic"): "2336.91",
    ("expenditure_by_function", "total", "project"): "603.14",
    ("gpb_basic_expenditure_by_economic", "personnel_total", "amount"): "2152.26",
    ("gpb_basic_expenditure_by_economic", "public_total", "amount"): "184.65",
    ("fiscal_appropriation_summary", "opening_balance_gpb", "amount"): "21.63",
    ("three_public_expenses", "total", "budget"): "0.95",
}


def keyed(path: Path) -> dict[tuple[str, str, str], Decimal]:
    loaded = extract_document(path)
    return {(f.table_kind, f.row_key, f.column_key): f.value for t in loaded.tables for f in t.facts}


def nonzero(path: Path) -> set[tuple[str, str, str, Decimal]]:
    return {(*key, value) for key, value in keyed(path).items() if value != 0}


def test_shanghai_sample_metadata_and_tables() -> None:
    loaded = extract_document(SHANGHAI_MD)
    record = loaded.record
    assert (record.department, record.year, record.unit, record.region) == (
        "上海市普陀区财政局",
        2024,
        "万元",
        "上海市普陀区",
    )
    assert [t.table_no for t in loaded.tables] == [f"表{n}" for n in range(1, 10)]
    assert [t.table_kind for t in loaded.tables if t.is_empty] == ["gov_fund_by_function", "state_capital_by_function"]


def test_shanghai_sample_figures() -> None:
    facts = keyed(SHANGHAI_MD)
    for key, value in SHANGHAI.items():
        assert facts[key] == Decimal(value), key
    assert not any(v == 0 for v in facts.values())  # the national layout prints zero blank
    assert len(facts) == 195


def test_zhejiang_markdown_sample_keeps_zero_cells() -> None:
    facts = keyed(ZHEJIANG_MD)
    assert len(facts) == 585
    assert facts[("income_expenditure_summary", "gpb_appropriation", "amount")] == Decimal("2209.05")
    assert facts[("gpb_basic_expenditure_by_economic", "30212", "amount")] == Decimal("5.69")
    assert facts[("income_by_unit", "绍兴市越城区大数据发展管理中心（本级）", "total")] == Decimal("2209.05")
    assert facts[("income_expenditure_summary", "202", "amount")] == Decimal("0.00")


@pytest.mark.parametrize(
    ("sample", "source"),
    [(SHANGHAI_MD, SHANGHAI_PDF), (ZHEJIANG_MD, SEED_002)],
    ids=["shanghai", "zhejiang"],
)
def test_samples_carry_the_figures_of_their_source(sample: Path, source: Path) -> None:
    original = extract_document(shared_file(source))
    kinds = {t.table_kind for t in extract_document(sample).tables}
    expected = {
        (f.table_kind, f.row_key, f.column_key, f.value)
        for t in original.tables
        if t.table_kind in kinds
        for f in t.facts
        if f.value != 0
    }
    assert nonzero(sample) == expected
