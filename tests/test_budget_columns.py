"""The older (2016–2018) 一般公共预算财政拨款支出决算表 that prints 年初预算数 and 调整预算数 before its
决算数 (小计, 基本支出, 项目支出), with the combined 一、财政拨款收入 line of that era's summary: rendered
by the project's own code (template ``template2017_budgets``) from real published figures, read back
fact by fact from each format, and checked by the rules over those columns.

The 年初预算 figures are the Putuo finance bureau's own (its 2024 情况说明, 一般公共预算财政拨款支出决算
具体情况: 行政运行 1,560.05 … 购房补贴 258.50, in all 2,993.92); the 类 and 款 lines add their 项. No
调整预算数 is published there: the fixture prints each line's 决算 as its 调整预算数 (a budget adjusted
to what was spent), so that the column holds real-shaped figures.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from expectations.catalogue import compute_checks, load_rules
from loaders.model import Fact, Table
from loaders.pipeline import LoadedDocument, extract_document
from loaders.render.templates import build_document
from loaders.warehouse import RAW_DDL, write_document
from tests.fixtures.formats import write
from tests.test_unseen_layouts import PUTUO, nonzero_facts, printed_facts, source

STYLE = "template2017_budgets"
GPB = "gpb_expenditure_by_function"
INITIAL_BUDGETS = {  # 项 → 年初预算 (万元) as the report states it, and its stated total
    "2010601": "1560.05",
    "2010602": "10.00",
    "2010607": "135.90",
    "2010608": "450.52",
    "2080501": "85.55",
    "2080505": "161.62",
    "2080506": "80.81",
    "2080599": "0.94",
    "2101101": "62.29",
    "2210201": "187.75",
    "2210203": "258.50",
    "total": "2993.92",  # one cent below the sum of its 项: the report's own rounding
}


def _initial_budget(row_key: str) -> Decimal:
    """The 项's stated figure, a 款 or 类 the sum of its 项."""
    if row_key in INITIAL_BUDGETS:
        return Decimal(INITIAL_BUDGETS[row_key])
    return sum((Decimal(v) for k, v in INITIAL_BUDGETS.items() if k != "total" and k.startswith(row_key)), Decimal(0))


SUMMARY = "income_expenditure_summary"
# 收入支出决算总表 年初预算数: the appropriation as the report states it, the 类 lines and 本年支出合计 the sums
# of the 项 above; 其他收入 and the balances given a budget of their own (no figure of the report), so that
# every printed line has both columns (text without cells cannot say which column a lone figure is in).
SUMMARY_BUDGETS = {
    "gpb_appropriation": "2993.92",  # printed on the era's one 财政拨款收入 line
    "other": "6.00",
    "income_total": "2999.92",
    "opening_balance": "49.14",
    "income_grand_total": "3049.06",
    "201": "2156.47",
    "208": "328.92",
    "210": "62.29",
    "221": "446.25",
    "expenditure_total": "2993.93",
    "closing_balance": "55.13",
    "expenditure_grand_total": "3049.06",
}


def with_budgets(tables: list[Table]) -> list[Table]:
    """The source tables, the summary and the appropriation table given their budget columns."""
    result = []
    for table in tables:
        if table.table_kind == SUMMARY:
            lines = {f.row_key: f for f in table.facts if f.column_key == "amount"}
            added = [
                replace(lines[key], column_key="initial_budget", value=Decimal(value), value_text=value)
                for key, value in SUMMARY_BUDGETS.items()
            ]
            table = replace(table, facts=[*added, *table.facts])
        if table.table_kind == GPB:
            totals = [f for f in table.facts if f.column_key == "total"]
            added = [
                replace(f, column_key=key, value=value, value_text=str(value))
                for f in totals
                for key, value in (("initial_budget", _initial_budget(f.row_key)), ("adjusted_budget", f.value))
            ]
            table = replace(table, facts=[*added, *table.facts])
        result.append(table)
    return result


def rendered() -> tuple[object, set[tuple[str, str, str, Decimal]], list[Table]]:
    loaded = source(PUTUO)
    tables = with_budgets(loaded.tables)
    record = loaded.record
    doc = build_document(tables, style=STYLE, department=record.department, year=record.year, unit=record.unit)
    return doc, printed_facts(tables, STYLE), tables


@pytest.fixture(scope="module")
def read_back(tmp_path_factory: pytest.TempPathFactory):
    done: dict[str, LoadedDocument] = {}

    def read(fmt: str) -> LoadedDocument:
        if fmt not in done:
            doc, _, _ = rendered()
            done[fmt] = extract_document(write(doc, tmp_path_factory.mktemp(fmt) / STYLE, fmt))
        return done[fmt]

    return read


@pytest.mark.parametrize("fmt", ["pdf-ruled", "markdown-tabs", "xlsx", "text-pdfium"])
def test_the_older_template_with_budget_columns_gives_the_printed_figures(fmt: str, read_back) -> None:
    _, expected, _ = rendered()
    loaded = read_back(fmt)
    found = nonzero_facts(loaded)
    assert found == expected, f"missing {sorted(expected - found)[:6]}, extra {sorted(found - expected)[:6]}"
    assert loaded.unmapped == []
    gpb = {(f.row_key, f.column_key): f.value for t in loaded.tables if t.table_kind == GPB for f in t.facts}
    assert gpb["2010601", "initial_budget"] == Decimal("1560.05")
    assert gpb["2010601", "adjusted_budget"] == gpb["2010601", "total"] == Decimal("1511.89")
    assert gpb["total", "initial_budget"] == Decimal("2993.92")
    summary = {(f.row_key, f.column_key): (f.row_label, f.value) for t in loaded.tables for f in t.facts}
    assert summary["fiscal_appropriation", "amount"] == ("一、财政拨款收入", Decimal("2940.05"))
    assert summary["fiscal_appropriation", "initial_budget"] == ("一、财政拨款收入", Decimal("2993.92"))
    assert summary["201", "initial_budget"][1] == Decimal("2156.47")
    assert summary["expenditure_grand_total", "initial_budget"][1] == Decimal("3049.06")


def _checked(tables: list[Table], rule_ids: set[str]) -> duckdb.DuckDBPyConnection:
    from loaders.warehouse import DocumentRecord

    con = duckdb.connect(":memory:")
    con.execute(RAW_DDL)
    record = DocumentRecord("b" * 64, "/docs/budgets.md", "markdown", None, "部门", 2017, "万元")
    write_document(con, record, tables)
    compute_checks(con, tuple(r for r in load_rules() if r.rule_id in rule_ids))
    return con


def _findings(tables: list[Table], rule_ids: set[str]) -> list[tuple]:
    return (
        _checked(tables, rule_ids)
        .execute(
            "select rule_id, status, row_key, column_key, difference from dq_check"
            " order by rule_id, row_key, column_key"
        )
        .fetchall()
    )


def test_the_summary_rules_add_up_its_budget_columns_and_tell_rounding_from_errors() -> None:
    _, _, tables = rendered()
    summary = [t for t in tables if t.table_kind == SUMMARY]
    rules = {"summary_income", "summary_expenditure"}
    con = _checked(summary, rules)
    # both columns' totals checked (2 income and 2 expenditure equations each), all exact
    assert con.execute("select sum(checked), sum(exact) from dq_count").fetchone() == (8, 8)
    misprinted = [
        replace(
            t, facts=[_plus_one(f) if (f.row_key, f.column_key) == ("208", "initial_budget") else f for f in t.facts]
        )
        for t in summary
    ]
    assert ("summary_expenditure", "error", "expenditure_total", "initial_budget") in [
        f[:4] for f in _findings(misprinted, rules)
    ]


def test_the_hierarchy_rule_adds_up_the_budget_columns_and_tells_rounding_from_errors() -> None:
    _, _, tables = rendered()
    gpb = [t for t in tables if t.table_kind == GPB]
    # the stated totals are one cent below their classes (the report's own rounding, in the 决算 columns
    # too): rounding, never an error
    found = _findings(gpb, {"hierarchy_function", "row_total_basic_project"})
    assert ("hierarchy_function", "rounding", "total", "initial_budget", Decimal("-0.01")) in found
    assert {(status, row) for _, status, row, _, _ in found} == {("rounding", "total")}
    misprinted = [
        replace(
            t,
            facts=[_plus_one(f) if (f.row_key, f.column_key) == ("2010607", "adjusted_budget") else f for f in t.facts],
        )
        for t in gpb
    ]
    assert ("hierarchy_function", "error", "20106", "adjusted_budget", Decimal("1.0000")) in [
        (r, s, row, col, abs(d)) for r, s, row, col, d in _findings(misprinted, {"hierarchy_function"})
    ]


def _plus_one(fact: Fact) -> Fact:
    value = fact.value + 1
    return replace(fact, value=value, value_text=str(value))


def test_a_budget_column_is_no_addend_of_the_final_row_total(tmp_path: Path) -> None:
    # 合计 = 基本支出 + 项目支出 holds on the 决算 columns whatever the budgets beside them print
    _, _, tables = rendered()
    gpb = [t for t in tables if t.table_kind == GPB]
    assert _findings(gpb, {"row_total_basic_project"}) == []
