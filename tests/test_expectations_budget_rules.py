"""Each budget rule of expectations/rules.csv (suite ``budget``), and the table rules that budgets
share with final accounts: they hold on a balanced budget and name the cell they break on.

The synthetic budget is Shanghai's nine-table set (a unit's 财务收支预算总表, with 人员经费, 公用经费 and
项目支出 columns) in 万元, every equation exact. Each rule then gets one printed figure changed so
that its own equation breaks by 1.00 万元 (an error) — and by 0.01 (a rounding warning).
"""

from __future__ import annotations

import pytest

from tests.test_expectations_rules import BUDGET_RULES, Figures, change, con, counts, findings, load_document

__all__ = ["con"]  # the in-memory raw layer fixture, shared with the final-accounts rule tests
SHARED_RULES = {"hierarchy_function", "basic_economic_hierarchy", "three_public_total", "three_public_vehicle",
                "grand_totals_equal"}  # fmt: skip
NARRATIVE_BUDGET_RULES = {"budget_compared_year"}  # a budget's text: tests/test_budget_narrative.py

# 类 / 款 / 项 of the budget: (basic, project)
FUNCTION_ROWS = {
    "201": ("60.00", "40.00"),
    "20103": ("60.00", "40.00"),
    "2010301": ("60.00", "0.00"),
    "2010302": ("0.00", "40.00"),
    "208": ("20.00", "0.00"),
    "20805": ("20.00", "0.00"),
    "2080505": ("20.00", "0.00"),
}


def _by_function() -> dict[str, dict[str, str]]:
    table = {}
    for key, (basic, project) in FUNCTION_ROWS.items():
        table[key] = {"total": f"{float(basic) + float(project):.2f}", "basic": basic, "project": project}
    table["total"] = {"total": "120.00", "basic": "80.00", "project": "40.00"}
    return table


def balanced_budget() -> Figures:
    by_function = _by_function()
    return {
        "budget_summary": {
            "fiscal_appropriation": {"amount": "120.00"},
            "gpb_appropriation": {"amount": "120.00"},
            "business": {"amount": "0.00"},
            "income_grand_total": {"amount": "120.00"},
            "201": {"amount": "100.00", "personnel": "50.00", "public": "10.00", "project": "40.00"},
            "208": {"amount": "20.00", "personnel": "20.00"},
            "expenditure_grand_total": {
                "amount": "120.00",
                "personnel": "70.00",
                "public": "10.00",
                "project": "40.00",
            },
        },
        "budget_income_by_function": {
            key: {"total": cells["total"], "fiscal_appropriation": cells["total"]} for key, cells in by_function.items()
        },
        "budget_expenditure_by_function": by_function,
        "budget_fiscal_appropriation_summary": {
            "gpb_appropriation": {"amount": "120.00"},
            "income_grand_total": {"amount": "120.00"},
            "201": {"total": "100.00", "gpb": "100.00"},
            "208": {"total": "20.00", "gpb": "20.00"},
            "expenditure_grand_total": {"total": "120.00", "gpb": "120.00"},
        },
        "budget_gpb_expenditure_by_function": _by_function(),
        "budget_gpb_basic_expenditure_by_economic": {
            "301": {"total": "65.00", "personnel": "65.00"},
            "30101": {"total": "40.00", "personnel": "40.00"},
            "30102": {"total": "25.00", "personnel": "25.00"},
            "302": {"total": "10.00", "public": "10.00"},
            "30201": {"total": "10.00", "public": "10.00"},
            "303": {"total": "5.00", "personnel": "5.00"},
            "30302": {"total": "5.00", "personnel": "5.00"},
            "total": {"total": "80.00", "personnel": "70.00", "public": "10.00"},
        },
        "budget_three_public": {
            "total": {"amount": "6.00"},
            "overseas": {"amount": "1.00"},
            "reception": {"amount": "2.00"},
            "vehicle": {"amount": "3.00"},
            "vehicle_purchase": {"amount": "1.00"},
            "vehicle_operation": {"amount": "2.00"},
            "operating_costs": {"amount": "9.00"},
        },
    }


def _break(kind: str, row: str, column: str):
    return lambda figures, delta: change(figures, kind, row, column, delta)


# rule → how to break it, and the cell its finding must name (table_kind, row_key, column_key).
BREAKS = {
    "budget_row_total_income": (
        _break("budget_income_by_function", "2010302", "other"),
        ("budget_income_by_function", "2010302", "total"),
    ),
    "budget_row_total_expenditure": (
        _break("budget_gpb_expenditure_by_function", "2010301", "project"),
        ("budget_gpb_expenditure_by_function", "2010301", "total"),
    ),
    "budget_row_total_economic": (
        _break("budget_gpb_basic_expenditure_by_economic", "30201", "personnel"),
        ("budget_gpb_basic_expenditure_by_economic", "30201", "total"),
    ),
    "budget_fund_columns": (
        _break("budget_fiscal_appropriation_summary", "208", "gov_fund"),
        ("budget_fiscal_appropriation_summary", "208", "total"),
    ),
    "budget_economic_total": (
        _break("budget_gpb_basic_expenditure_by_economic", "total", "public"),
        ("budget_gpb_basic_expenditure_by_economic", "total", "public"),
    ),
    "budget_summary_income": (
        _break("budget_summary", "gov_fund_appropriation", "amount"),
        ("budget_summary", "fiscal_appropriation", "amount"),
    ),
    "budget_summary_expenditure": (
        _break("budget_fiscal_appropriation_summary", "expenditure_grand_total", "gpb"),
        ("budget_fiscal_appropriation_summary", "expenditure_grand_total", "gpb"),
    ),
    "budget_summary_columns": (
        _break("budget_summary", "208", "public"),
        ("budget_summary", "208", "amount"),
    ),
    "budget_cross_tables": (
        _break("budget_gpb_basic_expenditure_by_economic", "total", "total"),
        ("budget_gpb_basic_expenditure_by_economic", "total", "total"),
    ),
    "hierarchy_function": (
        _break("budget_expenditure_by_function", "2010302", "project"),
        ("budget_expenditure_by_function", "20103", "project"),
    ),
    "basic_economic_hierarchy": (
        _break("budget_gpb_basic_expenditure_by_economic", "30102", "total"),
        ("budget_gpb_basic_expenditure_by_economic", "301", "total"),
    ),
    "three_public_total": (
        _break("budget_three_public", "reception", "amount"),
        ("budget_three_public", "total", "amount"),
    ),
    "three_public_vehicle": (
        _break("budget_three_public", "vehicle_purchase", "amount"),
        ("budget_three_public", "vehicle", "amount"),
    ),
    "grand_totals_equal": (
        _break("budget_summary", "expenditure_grand_total", "amount"),
        ("budget_summary", "expenditure_grand_total", "amount"),
    ),
}


def test_every_budget_rule_has_a_break() -> None:
    assert BUDGET_RULES and set(BREAKS) == (BUDGET_RULES - NARRATIVE_BUDGET_RULES) | SHARED_RULES


@pytest.mark.parametrize("rule_id", sorted(BREAKS))
def test_rule_passes_on_a_balanced_budget(con, rule_id) -> None:
    load_document(con, balanced_budget())
    assert findings(con, rule_id) == []
    checked, exact = counts(con)
    assert checked > 0 and exact == checked


@pytest.mark.parametrize("rule_id", sorted(BREAKS))
def test_rule_fails_naming_the_cell(con, rule_id) -> None:
    breaker, cell = BREAKS[rule_id]
    load_document(con, breaker(balanced_budget(), "1.00"))
    found = findings(con, rule_id)
    assert cell in [f[1:4] for f in found if f[0] == "error"], found
    assert all(f[0] == "error" for f in found)


@pytest.mark.parametrize("rule_id", sorted(BREAKS))
def test_a_one_cent_difference_is_rounding(con, rule_id) -> None:
    breaker, cell = BREAKS[rule_id]
    load_document(con, breaker(balanced_budget(), "0.01"))
    found = findings(con, rule_id)
    assert {f[0] for f in found} == {"rounding"} and cell in [f[1:4] for f in found], found
