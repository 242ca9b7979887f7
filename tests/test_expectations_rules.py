"""Each rule of expectations/rules.csv: it holds on a balanced document and names the cell it breaks on.

The synthetic document is a small, fully balanced 9-table set (plus the two by-unit tables) in
万元: every rule checks something in it and finds it exact. Each rule then gets one published figure
changed so that its own equation breaks by 1.00 万元 (an error) — and by 0.01 (a rounding warning).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import duckdb
import pytest

from expectations.catalogue import SQL_DIR, compute_checks, load_rules
from loaders.model import Fact, Table, UnmappedRow
from loaders.warehouse import RAW_DDL, DocumentRecord, write_document

Figures = dict[str, dict[str, dict[str, str]]]  # table_kind → row_key → column_key → printed

FUNCTION_ROWS = {  # 类 / 款 / 项 of the expenditure side: (basic, project)
    "201": ("50.00", "100.00"),
    "20137": ("50.00", "100.00"),
    "2013704": ("0.00", "100.00"),
    "2013750": ("50.00", "0.00"),
    "208": ("10.00", "0.00"),
    "20805": ("10.00", "0.00"),
    "2080505": ("10.00", "0.00"),
}
GOV_FUND_ROWS = ("229", "22960", "2296002")


def _expenditure(rows: dict[str, tuple[str, str]], total_key: str = "total") -> dict:
    table = {key: {total_key: str(Decimal(b) + Decimal(p)), "basic": b, "project": p} for key, (b, p) in rows.items()}
    basic = sum(Decimal(b) for k, (b, _) in rows.items() if len(k) == 3)
    project = sum(Decimal(p) for k, (_, p) in rows.items() if len(k) == 3)
    table["total"] = {total_key: str(basic + project), "basic": str(basic), "project": str(project)}
    return table


def balanced_figures() -> Figures:
    """A document in which every rule of the catalogue holds exactly."""
    with_fund = {**FUNCTION_ROWS, **dict.fromkeys(GOV_FUND_ROWS, ("0.00", "15.00"))}
    income_rows = {
        "201": "150.00",
        "20137": "150.00",
        "2013704": "100.00",
        "2013750": "50.00",
        "208": "10.00",
        "20805": "10.00",
        "2080505": "10.00",
        "229": "20.00",
        "22960": "20.00",
        "2296002": "20.00",
        "total": "180.00",
    }
    return {
        "income_expenditure_summary": {
            key: {"amount": value}
            for key, value in {
                "gpb_appropriation": "160.00",
                "gov_fund_appropriation": "20.00",
                "superior_subsidy": "0.00",
                "income_total": "180.00",
                "use_non_fiscal_balance": "0.00",
                "opening_balance": "5.00",
                "income_grand_total": "185.00",
                "201": "150.00",
                "208": "10.00",
                "229": "15.00",
                "expenditure_total": "175.00",
                "balance_distribution": "0.00",
                "closing_balance": "10.00",
                "expenditure_grand_total": "185.00",
            }.items()
        },
        "income_by_unit": {
            "total": {"total": "180.00", "fiscal_appropriation": "180.00", "other": "0.00"},
            "unit_1": {"total": "180.00", "fiscal_appropriation": "180.00", "other": "0.00"},
        },
        "income_by_function": {
            key: {"total": value, "fiscal_appropriation": value} for key, value in income_rows.items()
        },
        "expenditure_by_unit": {
            "total": {"total": "175.00", "basic": "60.00", "project": "115.00"},
            "unit_1": {"total": "175.00", "basic": "60.00", "project": "115.00"},
        },
        "expenditure_by_function": _expenditure(with_fund),
        "fiscal_appropriation_summary": {
            "gpb_appropriation": {"amount": "160.00"},
            "gov_fund_appropriation": {"amount": "20.00"},
            "income_total": {"amount": "180.00"},
            "opening_balance": {"amount": "5.00"},
            "opening_balance_gpb": {"amount": "0.00"},
            "opening_balance_gov_fund": {"amount": "5.00"},
            "income_grand_total": {"amount": "185.00"},
            "201": {"total": "150.00", "gpb": "150.00"},
            "208": {"total": "10.00", "gpb": "10.00", "gov_fund": "0.00"},
            "229": {"total": "15.00", "gov_fund": "15.00"},
            "expenditure_total": {"total": "175.00", "gpb": "160.00", "gov_fund": "15.00"},
            "closing_balance": {"total": "10.00", "gov_fund": "10.00"},
            "expenditure_grand_total": {"total": "185.00", "gpb": "160.00", "gov_fund": "25.00"},
        },
        "gpb_expenditure_by_function": _expenditure(FUNCTION_ROWS),
        "gpb_basic_expenditure_by_economic": {
            key: {"amount": value}
            for key, value in {
                "301": "45.00",
                "30101": "30.00",
                "30102": "15.00",
                "303": "5.00",
                "30301": "5.00",
                "302": "9.00",
                "30201": "9.00",
                "310": "1.00",
                "31002": "1.00",
                "personnel_total": "50.00",
                "public_total": "10.00",
            }.items()
        },
        "gov_fund_by_function": {
            key: {
                "opening_balance": "5.00",
                "income": "20.00",
                "total": "15.00",
                "basic": "0.00",
                "project": "15.00",
                "closing_balance": "10.00",
            }
            for key in (*GOV_FUND_ROWS, "total")
        },
        "state_capital_by_function": {},  # declared empty
        "three_public_expenses": {
            key: {"budget": budget, "final": final}
            for key, (budget, final) in {
                "total": ("6.00", "5.00"),
                "overseas": ("3.00", "2.00"),
                "vehicle": ("2.00", "2.00"),
                "vehicle_purchase": ("0.00", "0.00"),
                "vehicle_operation": ("2.00", "2.00"),
                "reception": ("1.00", "1.00"),
            }.items()
        },
    }


def to_tables(figures: Figures) -> list[Table]:
    tables = []
    for seq, (kind, rows) in enumerate(figures.items(), start=1):
        facts = [
            Fact(
                seq,
                kind,
                row_key,
                f"label {row_key}",
                column_key,
                Decimal(text),
                text,
                "万元",
                seq,
                line_no,
                f"p{seq} line {line_no}",
            )
            for line_no, (row_key, cells) in enumerate(rows.items(), start=1)
            for column_key, text in cells.items()
        ]
        tables.append(
            Table(
                seq,
                kind,
                f"公开{seq:02d}表",
                f"title of {kind}",
                "万元",
                not rows,
                "本表无数据" if not rows else None,
                seq,
                seq,
                None,
                None,
                facts,
            )
        )
    return tables


def load_document(
    con: duckdb.DuckDBPyConnection,
    figures: Figures,
    name: str = "balanced.txt",
    department: str | None = "测试部门",
) -> str:
    record = DocumentRecord(
        content_hash=hashlib.sha256(name.encode()).hexdigest(),
        path=f"/docs/{name}",
        format="text",
        region="测试区",
        department=department,
        year=2024,
        unit="万元",
    )
    write_document(con, record, to_tables(figures))
    return record.document_id


def change(figures: Figures, kind: str, row: str, column: str, delta: str) -> Figures:
    cell = figures[kind].setdefault(row, {})
    cell[column] = str(Decimal(cell.get(column, "0.00")) + Decimal(delta))
    return figures


def drop(figures: Figures, kind: str) -> Figures:
    del figures[kind]
    return figures


# rule → how to break it, and the cell its finding must name (table_kind, row_key, column_key).
BREAKS = {
    "row_total_income": (
        lambda f, d: change(f, "income_by_function", "2013750", "other", d),
        ("income_by_function", "2013750", "total"),
    ),
    "row_total_expenditure": (
        lambda f, d: change(f, "expenditure_by_unit", "unit_1", "basic", d),
        ("expenditure_by_unit", "unit_1", "total"),
    ),
    "row_total_basic_project": (
        lambda f, d: change(f, "gpb_expenditure_by_function", "2013704", "project", d),
        ("gpb_expenditure_by_function", "2013704", "total"),
    ),
    "row_fund_balance": (
        lambda f, d: change(f, "gov_fund_by_function", "22960", "closing_balance", d),
        ("gov_fund_by_function", "22960", "closing_balance"),
    ),
    "hierarchy_function": (
        lambda f, d: change(f, "expenditure_by_function", "2013704", "basic", d),
        ("expenditure_by_function", "20137", "basic"),
    ),
    "summary_income": (
        lambda f, d: change(f, "income_expenditure_summary", "business", "amount", d),
        ("income_expenditure_summary", "income_total", "amount"),
    ),
    "summary_expenditure": (
        lambda f, d: change(f, "income_expenditure_summary", "balance_distribution", "amount", d),
        ("income_expenditure_summary", "expenditure_grand_total", "amount"),
    ),
    "grand_totals_equal": (
        lambda f, d: change(f, "fiscal_appropriation_summary", "expenditure_grand_total", "total", d),
        ("fiscal_appropriation_summary", "expenditure_grand_total", "total"),
    ),
    "fiscal_summary_income": (
        lambda f, d: change(f, "fiscal_appropriation_summary", "opening_balance_gpb", "amount", d),
        ("fiscal_appropriation_summary", "opening_balance", "amount"),
    ),
    "fiscal_summary_expenditure": (
        lambda f, d: change(f, "fiscal_appropriation_summary", "closing_balance", "gov_fund", d),
        ("fiscal_appropriation_summary", "expenditure_grand_total", "gov_fund"),
    ),
    "fiscal_summary_fund_columns": (
        lambda f, d: change(f, "fiscal_appropriation_summary", "208", "state_capital", d),
        ("fiscal_appropriation_summary", "208", "total"),
    ),
    "basic_economic_hierarchy": (
        lambda f, d: change(f, "gpb_basic_expenditure_by_economic", "30102", "amount", d),
        ("gpb_basic_expenditure_by_economic", "301", "amount"),
    ),
    "basic_personnel_total": (
        lambda f, d: change(f, "gpb_basic_expenditure_by_economic", "personnel_total", "amount", d),
        ("gpb_basic_expenditure_by_economic", "personnel_total", "amount"),
    ),
    "basic_public_total": (
        lambda f, d: change(f, "gpb_basic_expenditure_by_economic", "public_total", "amount", d),
        ("gpb_basic_expenditure_by_economic", "public_total", "amount"),
    ),
    "basic_vs_gpb": (
        lambda f, d: change(f, "gpb_expenditure_by_function", "total", "basic", d),
        ("gpb_expenditure_by_function", "total", "basic"),
    ),
    "three_public_total": (
        lambda f, d: change(f, "three_public_expenses", "reception", "final", d),
        ("three_public_expenses", "total", "final"),
    ),
    "three_public_vehicle": (
        lambda f, d: change(f, "three_public_expenses", "vehicle_purchase", "budget", d),
        ("three_public_expenses", "vehicle", "budget"),
    ),
    "cross_summary_function": (
        lambda f, d: change(f, "income_expenditure_summary", "208", "amount", d),
        ("income_expenditure_summary", "208", "amount"),
    ),
    "cross_fiscal_funds": (
        lambda f, d: change(f, "gov_fund_by_function", "229", "total", d),
        ("fiscal_appropriation_summary", "229", "gov_fund"),
    ),
    "cross_unit_function": (
        lambda f, d: change(f, "income_by_unit", "total", "other", d),
        ("income_by_unit", "total", "other"),
    ),
    "cross_income_summary": (
        lambda f, d: change(f, "income_by_function", "total", "total", d),
        ("income_expenditure_summary", "income_total", "amount"),
    ),
    "completeness_tables": (
        lambda f, d: drop(f, "three_public_expenses"),
        ("three_public_expenses", None, None),
    ),
}

RULES = {rule.rule_id: rule for rule in load_rules()}
# Rules on the report's narrative, and the one for reports whose tables were published separately, are
# tested on a narrative fixture in tests/test_narrative_rules.py.
NARRATIVE_RULES = {r for r, rule in RULES.items() if rule.suite == "narrative"} | {"completeness_tables_elsewhere"}
# Budget rules are tested on a balanced budget in tests/test_expectations_budget_rules.py.
BUDGET_RULES = {r for r, rule in RULES.items() if rule.suite == "budget"}
TABLE_RULES = sorted(set(RULES) - NARRATIVE_RULES - BUDGET_RULES)


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(":memory:")
    connection.execute(RAW_DDL)
    yield connection
    connection.close()


def findings(con: duckdb.DuckDBPyConnection, rule_id: str) -> list[tuple]:
    """The equations the rule found not exact: (status, table_kind, row_key, column_key, difference, message)."""
    compute_checks(con, (RULES[rule_id],))
    return con.execute(
        "select status, table_kind, row_key, column_key, difference, message from dq_check order by status, row_key"
    ).fetchall()


def counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """How many equations the last run checked, and how many held exactly."""
    return con.execute("select sum(checked), sum(exact) from dq_count").fetchone()


def test_every_rule_has_a_query_and_a_break():
    assert set(RULES) == {p.stem for p in SQL_DIR.glob("[!_]*.sql")}
    # completeness_metadata, duplicate_table, unmapped_row and unread_table are broken by their own tests below
    own_tests = {"completeness_metadata", "duplicate_table", "unmapped_row", "unread_table"}
    assert set(TABLE_RULES) - set(BREAKS) == own_tests


@pytest.mark.parametrize("rule_id", TABLE_RULES)
def test_rule_passes_on_a_balanced_document(con, rule_id):
    load_document(con, balanced_figures())
    assert findings(con, rule_id) == []
    checked, exact = counts(con)
    assert checked > 0, "the rule must find something to check"
    assert exact == checked


@pytest.mark.parametrize("rule_id", sorted(BREAKS))
def test_rule_fails_naming_the_cell(con, rule_id):
    breaker, (kind, row, column) = BREAKS[rule_id]
    load_document(con, breaker(balanced_figures(), "1.00"))
    found = findings(con, rule_id)
    errors = [f for f in found if f[0] == "error"]
    assert (kind, row, column) in [f[1:4] for f in errors], found
    assert all(f[0] == "error" for f in found), "a change of 1.00 is beyond any tolerance here"


@pytest.mark.parametrize("rule_id", sorted(set(BREAKS) - {"completeness_tables"}))
def test_a_one_cent_difference_is_rounding(con, rule_id):
    breaker, cell = BREAKS[rule_id]
    load_document(con, breaker(balanced_figures(), "0.01"))
    found = findings(con, rule_id)
    assert [(f[0], f[1:4], abs(f[4])) for f in found] == [("rounding", cell, Decimal("0.01"))]


def test_completeness_metadata_fails_without_department(con):
    load_document(con, balanced_figures(), department=None)
    assert [f[:4] for f in findings(con, "completeness_metadata")] == [("error", None, None, "department")]


def test_an_unmapped_row_is_an_error_naming_its_text_and_page(con):
    tables = to_tables(balanced_figures())
    kept = UnmappedRow(
        table_seq=1,
        table_kind="income_expenditure_summary",
        table_no="公开01表",
        table_title="收入支出决算总表",
        page=6,
        line=12,
        source="p6 L12 t1",
        text="一、神秘收入 5.00",
        figures=("5.00",),
        reason="unknown row label '一、神秘收入'",
    )
    record = DocumentRecord("e" * 64, "/docs/kept.txt", "text", None, "部门", 2024, "万元")
    write_document(con, record, tables, [kept])
    [finding] = findings(con, "unmapped_row")
    assert finding[:4] == ("error", "income_expenditure_summary", None, None)
    assert "'一、神秘收入 5.00'" in finding[5] and "page 6, line 12" in finding[5] and "神秘收入'" in finding[5]


def test_a_table_known_but_not_read_is_one_warning_and_no_unmapped_row(con):
    rows = [
        UnmappedRow(
            table_seq=None,
            table_kind="operating_costs",
            table_no="表10",
            table_title="机关运行经费支出决算表",
            page=20 + n // 2,
            line=3 + n,
            source=f"p{20 + n // 2} L{3 + n} t1",
            text=text,
            figures=(figure,),
            reason="a table juesuan knows (operating_costs) but does not read yet: its rows are kept as printed",
        )
        for n, (text, figure) in enumerate([("合计 12.00", "12.00"), ("办公费 10.00", "10.00"), ("印刷费 2", "2")])
    ]
    record = DocumentRecord("a" * 64, "/docs/unread.txt", "text", None, "部门", 2024, "万元")
    write_document(con, record, to_tables(balanced_figures()), rows)
    [finding] = findings(con, "unread_table")
    assert finding[:4] == ("warning", "operating_costs", None, None)
    said = "机关运行经费支出决算表 is a table juesuan knows (operating_costs) but does not read yet (page 20)"
    assert said in finding[5]
    assert finding[5].endswith("its 3 row(s) are kept in raw.unmapped_rows")
    assert findings(con, "unmapped_row") == []


def test_a_table_without_figures_must_be_declared_empty(con):
    figures = balanced_figures()
    tables = to_tables(figures)
    tables[-1].facts.clear()  # three_public_expenses, not declared empty
    record = DocumentRecord("f" * 64, "/docs/x.txt", "text", None, "部门", 2024, "万元")
    write_document(con, record, tables)
    found = findings(con, "completeness_tables")
    assert [f[:2] for f in found] == [("error", "three_public_expenses")]
    assert "not declared empty" in found[0][5]


def test_a_warning_rule_reports_beyond_tolerance_as_warning(con):
    rule = replace(RULES["three_public_total"], severity="warning")
    breaker, cell = BREAKS[rule.rule_id]
    load_document(con, breaker(balanced_figures(), "1.00"))
    compute_checks(con, (rule,))
    found = con.execute("select status, table_kind, row_key, column_key from dq_check where status <> 'ok'").fetchall()
    assert found == [("warning", *cell)]


def test_tolerance_follows_the_printed_precision(con):
    # A 元 document printed in whole numbers: one printed unit is 1, so 3 + 2 + 2 against 6 is rounding.
    rows = {"total": "6", "overseas": "3", "vehicle": "2", "reception": "2"}
    load_document(con, {"three_public_expenses": {k: {"final": v} for k, v in rows.items()}}, name="yuan.txt")
    found = findings(con, "three_public_total")
    assert [(f[0], f[2], f[4]) for f in found] == [("rounding", "total", Decimal("-1"))]
    assert "tolerance 3.00" in found[0][5]


@pytest.mark.parametrize(("delta", "says"), [("0.00", "with the same figures"), ("1.00", "1 figure(s) differing")])
def test_a_table_printed_twice_is_an_error_saying_whether_its_figures_differ(con, delta, says):
    tables = to_tables(balanced_figures())
    [three_public] = [t for t in tables if t.table_kind == "three_public_expenses"]
    seq = len(tables) + 1
    again = [replace(f, table_seq=seq) for f in three_public.facts]
    changed = again[0].value + Decimal(delta)
    again[0] = replace(again[0], value=changed, value_text=str(changed))
    tables.append(replace(three_public, seq=seq, page_start=99, facts=again))
    record = DocumentRecord("d" * 64, "/docs/twice.txt", "text", None, "部门", 2024, "万元")
    write_document(con, record, tables)
    [finding] = findings(con, "duplicate_table")
    assert finding[:4] == ("error", "three_public_expenses", None, None)
    assert (
        f"printed again: table {seq} and table {three_public.seq} are both three_public_expenses, {says}" in finding[5]
    )
    assert finding[5].endswith(f"the marts count table {three_public.seq} only")


def test_of_a_kind_printed_twice_the_table_with_figures_is_counted(con):
    # a contents line read as a table title: an empty table of the kind before the real one
    tables = to_tables(balanced_figures())
    [three_public] = [t for t in tables if t.table_kind == "three_public_expenses"]
    tables.insert(0, replace(three_public, seq=0, facts=[]))
    record = DocumentRecord("c" * 64, "/docs/contents.txt", "text", None, "部门", 2024, "万元")
    write_document(con, record, tables)
    [finding] = findings(con, "duplicate_table")
    assert f"table 0 and table {three_public.seq} are both" in finding[5]
    assert finding[5].endswith(f"the marts count table {three_public.seq} only")
