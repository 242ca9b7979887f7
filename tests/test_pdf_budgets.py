"""The six real Putuo budgets (部门预算 and 单位预算, 2024–2025) in ../shared/samples/budgets load whole:
every printed figure of the nine Shanghai budget tables, fact by fact.

The keys in ``tests/fixtures/budgets/`` hold figures only (table kind, row key, column key, value,
unit, page). They were checked, not copied from the loader's word: every figure with a thousands
separator or decimals, and every 0, must also be found, as often, in the page text another extractor (pypdfium2)
gives (``test_figures_agree_with_a_second_extractor``); the few small whole figures (三公 in 万元) were read
against the printed pages by hand; and ``juesuan check`` finds every printed equation exact or
within rounding (``test_expectations_corpus``).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from expectations.catalogue import compute_checks
from loaders.pipeline import LoadedDocument, extract_document
from loaders.warehouse import connect, write_document
from tests.conftest import SHARED, shared_file

BUDGETS = SHARED / "samples" / "budgets"
KEYS = Path(__file__).parent / "fixtures" / "budgets"
DOCUMENTS = sorted(p.stem for p in KEYS.glob("*.csv"))
# A printed amount another extractor's text cannot confuse with a subject code: 1,234, 12.30 or 0.
_GROUPED_OR_DECIMAL = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|0)$")

Key = tuple[str, str, str, Decimal, str, int]


def _key(name: str) -> Counter[Key]:
    with (KEYS / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return Counter(
            (r["table_kind"], r["row_key"], r["column_key"], Decimal(r["value"]), r["unit"], int(r["page"]))
            for r in csv.DictReader(f)
        )


@cache
def _extracted(name: str) -> LoadedDocument:
    return extract_document(shared_file(BUDGETS / f"{name}.pdf"))


@pytest.fixture(scope="module", params=DOCUMENTS)
def loaded(request):
    return request.param, _extracted(request.param)


def test_every_printed_figure_matches_the_key(loaded) -> None:
    name, doc = loaded
    facts = Counter(
        (f.table_kind, f.row_key, f.column_key, f.value, f.unit, f.page) for t in doc.tables for f in t.facts
    )
    assert facts == _key(name), f"missing: {_key(name) - facts}; extra: {facts - _key(name)}"


def test_figures_agree_with_a_second_extractor(loaded) -> None:
    """pypdfium2's text of the table pages holds the same grouped or decimal figures, as often."""
    import pypdfium2

    name, doc = loaded
    pages = {f.page for t in doc.tables for f in t.facts}
    pdf = pypdfium2.PdfDocument(BUDGETS / f"{name}.pdf")
    try:
        tokens = [tok for n in pages for tok in pdf[n - 1].get_textpage().get_text_range().split()]
    finally:
        pdf.close()
    printed = Counter(Decimal(t.replace(",", "")) for t in tokens if _GROUPED_OR_DECIMAL.match(t))
    read = Counter(
        f.value
        for t in doc.tables
        for f in t.facts
        if "." in f.value_text or abs(f.value) >= 1000 or f.value_text == "0"
    )
    assert read == printed, f"read only: {read - printed}; printed only: {printed - read}"


def test_document_kind_level_and_metadata(loaded) -> None:
    name, doc = loaded
    record = doc.record
    assert record.doc_kind == "budget"
    assert record.doc_level == ("unit" if name.endswith("-unit") else "department")
    assert record.region == "上海市普陀区"
    assert record.year == int(re.search(r"(20\d\d)", name).group(1))
    assert record.department and record.department.startswith("上海市普陀区")


def test_nine_budget_tables_each_recognised(loaded) -> None:
    _, doc = loaded
    kinds = Counter(t.table_kind for t in doc.tables)
    assert kinds == Counter(
        {
            "budget_summary": 1,
            "budget_income_by_function": 1,
            "budget_expenditure_by_function": 1,
            "budget_fiscal_appropriation_summary": 1,
            "budget_gpb_expenditure_by_function": 1,
            "budget_gov_fund_by_function": 1,
            "budget_state_capital_by_function": 1,
            "budget_gpb_basic_expenditure_by_economic": 1,
            "budget_three_public": 1,
        }
    )
    empty = {t.table_kind for t in doc.tables if t.is_empty}
    assert empty == {"budget_gov_fund_by_function", "budget_state_capital_by_function"}


# What ``juesuan check`` finds wrong in the six budgets: the commerce commission's project pages
# (科技创新专项 … 贸易高质量发展专项经费情况说明, pp. 23–26) write a bare 万 for 万元 (2025年度项目总预算1720.00万,
# 其中…1720.00万) — the narrative_unit rule's "no bare 万", as in the 决算 reports. (page, line): figures.
BARE_WAN = {(23, 15): 2, (24, 14): 3, (24, 15): 3, (25, 18): 4, (25, 19): 2, (26, 17): 4, (26, 18): 3}
COMMERCE = "shanghai-putuo-commerce-commission-2025-budget-department"
# …and 万里街道 2024's 编制说明 item 31: “住房保障支出（类）住房改革支出（款）住房公积金（项）”350.35万元 …
# 2024年预算安排352.67万元 — the table prints 3,503,499 元 (350.35), and +0.53% on 348.52 is 350.35 too.
WANLI_2024 = "shanghai-putuo-wanli-subdistrict-2024-budget-department"
REAL_DEFECTS = {(COMMERCE, "narrative_unit", *at): n for at, n in BARE_WAN.items()} | {
    (WANLI_2024, "narrative_vs_table", 9, 19): 1
}


def test_check_finds_no_false_error_in_the_six_budgets(tmp_path) -> None:
    con = connect(tmp_path / "w.duckdb")
    for name in DOCUMENTS:
        doc = _extracted(name)
        write_document(con, doc.record, doc.tables, doc.unmapped, narrative=doc.narrative)
    compute_checks(con)
    errors = Counter(
        con.execute(
            "select regexp_extract(document_path, '([^/]*)[.]pdf$', 1), rule_id, page, line "
            "from dq_check where status = 'error'"
        ).fetchall()
    )
    assert errors == Counter(REAL_DEFECTS)
    checked = dict(con.execute("select rule_id, checked from dq_count").fetchall())
    # the budgets' own narratives were read and checked: 比2024年预算… sentences, the years they name,
    # and the figures they restate from the budget's tables (类/款/项, 三公)
    assert checked["budget_compared_year"] > 6 * 4 and checked["narrative_report_year"] > 0
    assert checked["narrative_vs_table"] > 6 * 10
    con.close()
