"""Each narrative rule of expectations/rules.csv on a report of our own wording (tests/fixtures/narrative.py):
the report as written raises nothing, and one changed sentence raises the rule on its page and line."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from decimal import Decimal

import duckdb
import pytest

from expectations.catalogue import compute_checks, load_rules
from loaders.model import UnmappedRow
from loaders.narrative import read_narrative
from loaders.warehouse import DocumentRecord, connect, write_document
from tests.fixtures.figures import DEPARTMENT, YEAR, fixture_tables
from tests.fixtures.narrative import report_document, report_text, where

NARRATIVE_RULES = [r.rule_id for r in load_rules() if r.suite == "narrative"]


def _record(text: str, year: int = YEAR) -> DocumentRecord:
    digest = hashlib.sha256(f"{year}:{text}".encode()).hexdigest()
    return DocumentRecord(digest, f"fixture-{year}.txt", "text", "示例市示例区", DEPARTMENT, year, "万元")


def load(con: duckdb.DuckDBPyConnection, text: str, *, year: int = YEAR, tables: bool = True) -> None:
    narrative = read_narrative(report_document(text))
    write_document(con, _record(text, year), fixture_tables() if tables else [], narrative=narrative)


def findings(con: duckdb.DuckDBPyConnection, rule_ids: list[str]) -> list[tuple]:
    compute_checks(con, tuple(r for r in load_rules() if r.rule_id in rule_ids))
    return con.execute(
        "select rule_id, status, page, line, message from dq_check where status <> 'ok' order by rule_id, page, line"
    ).fetchall()


@pytest.fixture
def con(tmp_path) -> duckdb.DuckDBPyConnection:
    connection = connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def test_the_report_as_written_raises_no_narrative_finding(con) -> None:
    load(con, report_text())
    assert findings(con, NARRATIVE_RULES) == []
    checked = con.execute("select rule_id, checked from dq_count").fetchall()
    # the rules that compare figures did compare them (a silent rule would pass too)
    assert {rule for rule, n in checked if n} >= {
        "narrative_vs_table",
        "narrative_rate_recomputed",
        "narrative_comparison_word",
    }


BREAKS = {
    # rule: (printed text replaced, its replacement, text on the line the finding names)
    "narrative_vs_table": ("收入支出总计1,239.56万元", "收入支出总计0.3万元", "收入支出总计0.3万元"),
    "narrative_rate_recomputed": ("基本支出1,010.00万元，占81.15%", "基本支出1,010.00万元，占81.25%", "占81.25%"),
    "narrative_rate_zero_base": (
        "年初预算为200.00万元，支出决算为200.00万元，完成年初预算的100.00%。决算数等于预算数。",
        "年初预算为0.00万元，支出决算为200.00万元，完成年初预算的95.89%。决算数大于预算数。",
        "年初预算为0.00万元",
    ),
    "narrative_comparison_word": ("102.88%。决算数大于预算数", "102.88%。决算数小于预算数", "年初预算为1,200.00"),
    "narrative_unit": ("其他收入10.00万元", "其他收入10.00元", "其他收入10.00元"),
    "narrative_percent_sign": ("占16.20%；", "占16.20；", "占16.20；"),
    "narrative_template_residue": (
        "机关运行经费支出199.56万元。",
        "机关运行经费支出199.56万元，比上年增加（减少）0.00万元。",
        "比上年增加（减少）",
    ),
    "narrative_report_year": ("截至2020年12月31日", "截至2019年12月31日", "截至2019年12月31日"),
    "narrative_department_name": (
        "第二部分 示例市示例区示例局2020年度部门决算表\n部门",
        "第二部分 示例市财政局2020年度部门决算表\n部门",
        "第二部分 示例市财政局",
    ),
    "narrative_contents_tables": (
        "三、支出决算表\n",
        "三、支出决算表\n四、国有资本经营预算财政拨款支出决算表\n",
        "四、国有资本",
    ),
    "narrative_doubled_text": ("主要原因是人员经费增加。", "主要原因是人员经费经费增加。", "增长4.13%"),
    "narrative_unstored_figure": ("基本支出1,010.00万元，占81.15%", "基本支出1,010.00万元，占81.15432%", "占81.15432%"),
}


@pytest.mark.parametrize("rule_id", sorted(BREAKS))
def test_one_changed_sentence_raises_its_rule_on_its_page_and_line(con, rule_id: str) -> None:
    old, new, printed = BREAKS[rule_id]
    text = report_text((old, new))
    load(con, text)
    found = [f for f in findings(con, [rule_id]) if f[0] == rule_id]
    assert found, f"{rule_id} found nothing"
    severity = next(r.severity for r in load_rules() if r.rule_id == rule_id)
    assert {(status, page, line) for _, status, page, line, _ in found} == {(severity, *where(text, printed))}


def test_every_narrative_rule_has_a_break() -> None:
    assert set(NARRATIVE_RULES) == {*BREAKS, "narrative_prior_year"}


def test_a_figure_beyond_decimal_20_4_is_kept_without_a_value_and_reported_once(con) -> None:
    """A rate printed with five decimals and an amount of 17 digits keep their statements, sentences and
    printed text with no value; the rules that compare figures pass them by (no false rate error)."""
    text = report_text(
        ("基本支出1,010.00万元，占81.15%", "基本支出1,010.00万元，占81.15432%"),
        ("其他收入10.00万元", "其他收入12,345,678,901,234,567.00万元"),
    )
    load(con, text)
    kept = con.execute(
        "select value_text, value, value_problem, sentence from raw.statements where value is null order by line"
    ).fetchall()
    assert [(printed, value) for printed, value, _, _ in kept] == [("12345678901234567.00", None), ("81.15432", None)]
    assert "16 digits before the point" in kept[0][2] and "more than 4 decimals" in kept[1][2]
    assert "占81.15432%" in kept[1][3]
    found = findings(con, NARRATIVE_RULES)
    assert [(rule, status, page, line) for rule, status, page, line, _ in found] == [
        ("narrative_unstored_figure", "warning", *where(text, "12,345,678,901,234,567.00万元")),
        ("narrative_unstored_figure", "warning", *where(text, "占81.15432%")),
    ]
    assert "81.15432% does not fit DECIMAL(20, 4)" in found[1][4]


def test_a_change_against_last_year_is_checked_on_last_years_report(con) -> None:
    text = report_text()
    load(con, text)
    write_document(con, _record("last year", YEAR - 1), _last_year(three_public_final="12.00"))
    assert findings(con, ["narrative_prior_year"]) == []
    # the two changes stated (收入支出总计 +49.56, 三公 −1.50) were compared
    assert con.execute("select checked from dq_count").fetchone()[0] == 2


def test_a_change_that_last_years_report_contradicts(con) -> None:
    text = report_text()
    load(con, text)
    write_document(con, _record("last year", YEAR - 1), _last_year(three_public_final="13.00"))
    [(rule, status, page, line, message)] = findings(con, ["narrative_prior_year"])
    assert (rule, status, (page, line)) == ("narrative_prior_year", "error", where(text, "减少1.50万元"))
    assert "-2.5" in message


def _last_year(three_public_final: str) -> list:
    """The fixture tables as last year's report: 收入支出总计 1,200.00 (49.56 less) and 三公 as given."""
    changed = {
        ("three_public_expenses", "total", "final"): three_public_final,
        ("income_expenditure_summary", "income_grand_total", "amount"): "1200.00",
        ("income_expenditure_summary", "expenditure_grand_total", "amount"): "1200.00",
    }
    return [
        replace(t, facts=[_with(f, changed.get((f.table_kind, f.row_key, f.column_key))) for f in t.facts])
        for t in fixture_tables()
    ]


def _with(fact, value: str | None):
    return replace(fact, value=Decimal(value), value_text=value) if value else fact


def test_a_report_with_its_tables_published_separately(con) -> None:
    text = report_text(("部门：示例市示例区示例局 单位：万元", "详见附表。"))
    load(con, text, tables=False)
    found = findings(con, ["completeness_tables", "completeness_tables_elsewhere"])
    assert [(rule, status) for rule, status, *_ in found] == [("completeness_tables_elsewhere", "warning")]
    assert "详见附表" in found[0][4]


def test_a_report_with_tables_is_not_said_to_publish_them_elsewhere(con) -> None:
    load(con, report_text())
    assert findings(con, ["completeness_tables_elsewhere"]) == []


def test_a_sentence_opening_with_another_body_raises_the_department_rule(con) -> None:
    text = report_text(("2020年度财政拨款收入支出总计", "示例市财政局2020年度财政拨款收入支出总计"))
    load(con, text)
    found = findings(con, ["narrative_department_name"])
    assert [(rule, page, line) for rule, _, page, line, _ in found] == [
        ("narrative_department_name", *where(text, "示例市财政局2020年度"))
    ]


def test_a_sentence_of_last_years_figures_raises_the_year_rule(con) -> None:
    text = report_text(("2020年度收入总计", "2019年度收入总计"))
    load(con, text)
    found = findings(con, ["narrative_report_year"])
    assert [(rule, page, line) for rule, _, page, line, _ in found] == [
        ("narrative_report_year", *where(text, "2019年度收入总计"))
    ]


def test_a_contents_entry_for_a_table_known_but_not_read_is_held(con) -> None:
    text = report_text(("三、支出决算表\n", "三、支出决算表\n四、机关运行经费支出决算表\n"))
    kept = UnmappedRow(
        None, "operating_costs", None, "机关运行经费支出决算表", 9, 3, "p9 L3", "合计 12.00", ("12.00",), ""
    )
    write_document(con, _record(text), fixture_tables(), [kept], narrative=read_narrative(report_document(text)))
    assert findings(con, ["narrative_contents_tables"]) == []
    con.execute("delete from raw.unmapped_rows")  # the table not printed at all: the contents promise it in vain
    assert [f[0] for f in findings(con, ["narrative_contents_tables"])] == ["narrative_contents_tables"]
