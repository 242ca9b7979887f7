"""A budget's narrative, of our own wording in the Shanghai budget's layout: unnumbered part headings
(主要职能, 名词解释, 2021年部门预算编制说明 before the tables, 其他相关情况说明 after them, a project's
经费情况说明), read as parts and sections rather than as a cover; the narrative rules raise nothing on it,
its statements restate the budget's own tables, and the year rule ``budget_compared_year`` holds a 2021
budget to comparisons with the 2020 budget."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import duckdb
import pytest

from loaders.budget_statements import key_to_budget_tables
from loaders.model import Fact, Table
from loaders.narrative import read_narrative
from loaders.warehouse import DocumentRecord, connect, write_document
from tests.fixtures.narrative import pages_text, report_document, where
from tests.test_narrative_rules import NARRATIVE_RULES, findings

YEAR = 2021
PAGES = [
    """示例市示例区2021年区级部门预算
预算主管部门：示例市示例区示例局""",
    """示例市示例区示例局主要职能
示例局负责本区的示例事务。
示例市示例区示例局机构设置
示例局部门预算包括局本部以及下属1家预算单位。""",
    """名词解释
（一）财政拨款收入：指区级预算主管部门从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、政府
性基金预算财政拨款和国有资本经营预算财政拨款。""",
    """2021年部门预算编制说明
2021年，示例市示例区示例局收入预算1,200.00万元，其中：财政拨款收入1,200.00万元，比2020年预算增加
100.00万元。
支出预算1,200.00万元，比2020年预算增加100.00万元。财政拨款支出预算中，一般公共预算拨款支出预算
1,200.00万元；政府性基金拨款支出预算0万元，比2020年预算持平。""",
    """2021年部门财务收支预算总表
编制部门：示例市示例区示例局 单位：元""",
    """其他相关情况说明
一、2021年“三公”经费预算情况说明
2021年“三公”经费预算数为6.00万元，与2020年预算持平。
二、机关运行经费预算
2021年示例市示例区示例局财政拨款的机关运行经费预算为50.00万元。""",
    """示例专项经费情况说明
一、项目概述
支持本区示例事务。
六、年度预算安排
2021年度项目总预算30.00万元。""",
]


def budget_text(*replacements: tuple[str, str]) -> str:
    return pages_text(PAGES, *replacements)


def three_public_table(total: str) -> Table:
    """The budget's “三公”经费预算表 (元) with its total only."""
    fact = Fact(1, "budget_three_public", "total", "合计", "amount", Decimal(total), total, "元", 5, 3, "")
    return Table(1, "budget_three_public", None, "“三公”经费预算表", "元", False, None, 5, 5, 1, 3, [fact])


def load(con: duckdb.DuckDBPyConnection, text: str, doc_kind: str = "budget", three_public: str = "60000") -> None:
    """The text as a budget (or final) of 示例局 2021, with a 三公 table in 元 (as the pipeline keys it)."""
    digest = hashlib.sha256(f"{doc_kind}:{text}".encode()).hexdigest()
    record = DocumentRecord(
        digest, f"{doc_kind}.txt", "text", "示例市示例区", "示例市示例区示例局", YEAR, "万元", doc_kind=doc_kind
    )
    narrative = read_narrative(report_document(text))
    if doc_kind == "budget":
        key_to_budget_tables(narrative.statements)
    write_document(con, record, [three_public_table(three_public)], narrative=narrative)


@pytest.fixture
def con(tmp_path) -> duckdb.DuckDBPyConnection:
    connection = connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def test_unnumbered_headings_start_parts_and_sections() -> None:
    narrative = read_narrative(report_document(budget_text()))
    assert narrative.parts == ["overview", "glossary", "explanation", "explanation"]
    assert [row.text for row in narrative.rows if row.kind == "cover"] == ["示例市示例区2021年区级部门预算"]
    sections = {s.section for s in narrative.statements if s.part == "explanation"}
    assert sections == {None, "一、2021年“三公”经费预算情况说明", "示例专项经费情况说明"}  # 编制说明 has none
    assert [row.part for row in narrative.rows if row.text.startswith("2021年部门财务收支预算总表")] == ["tables"]


def test_statements_carry_the_year_they_are_compared_with() -> None:
    statements = read_narrative(report_document(budget_text())).statements
    compared = {(s.value_text, s.measure, s.compared_year) for s in statements if s.compared_year}
    assert compared >= {
        ("100.00", "change_amount", 2020),  # 比2020年预算增加100.00万元
        ("0", "budget", 2020),  # 政府性基金拨款支出预算0万元，比2020年预算持平
        ("6.00", "budget", 2020),  # 预算数为6.00万元，与2020年预算持平
    }
    assert all(s.compared_year is None for s in statements if s.value_text in ("50.00", "30.00"))


def test_statements_restate_the_budgets_tables() -> None:
    statements = read_narrative(report_document(budget_text())).statements
    key_to_budget_tables(statements)
    three_public = next(s for s in statements if s.subject == "three_public_total")
    assert (three_public.table_kind, three_public.row_key, three_public.column_key) == (
        "budget_three_public",
        "total",
        "amount",
    )
    assert not [s for s in statements if s.table_kind and not s.table_kind.startswith("budget_")]


def test_last_years_execution_restates_no_table_of_the_budget() -> None:
    text = budget_text(
        ("2021年“三公”经费预算数为6.00万元", "2020年“三公”经费执行数为5.00万元，2021年“三公”经费预算数为6.00万元")
    )
    statements = read_narrative(report_document(text)).statements
    key_to_budget_tables(statements)
    executed = next(s for s in statements if s.value_text == "5.00")
    assert (executed.measure, executed.table_kind) == ("final", None)


def test_the_budget_as_written_raises_no_narrative_finding(con) -> None:
    load(con, budget_text())
    assert findings(con, [*NARRATIVE_RULES, "budget_compared_year"]) == []
    checked = dict(con.execute("select rule_id, checked from dq_count").fetchall())
    assert checked["budget_compared_year"] == 4  # the sentences comparing with a year, each compared
    assert checked["narrative_vs_table"] == 1  # 三公 预算数 6.00 万元 against the table's 60,000 元


def test_a_statement_the_budgets_table_contradicts(con) -> None:
    text = budget_text()
    load(con, text, three_public="70000")
    [(rule, status, page, line, message)] = findings(con, ["narrative_vs_table"])
    assert (rule, status, (page, line)) == ("narrative_vs_table", "error", where(text, "预算数为6.00万元"))
    assert "the table prints 7.0 万元" in message


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("比2020年预算增加\n100.00万元", "比2019年预算增加\n100.00万元"),  # the change names another year
        ("0万元，比2020年预算持平", "0万元，比2019年预算持平"),  # the amount compared names another year
    ],
)
def test_a_budget_compared_with_another_year_raises_the_year_rule(con, old: str, new: str) -> None:
    text = budget_text((old, new))
    load(con, text)
    [(rule, status, page, line, message)] = findings(con, ["budget_compared_year"])
    assert (rule, status, (page, line)) == ("budget_compared_year", "error", where(text, new.split("\n")[0][-12:]))
    assert "compares with 2019 (2020 expected)" in message


def test_the_year_rule_reads_budgets_only(con) -> None:
    load(con, budget_text(("比2020年预算增加\n100.00万元", "比2019年预算增加\n100.00万元")), doc_kind="final")
    assert findings(con, ["budget_compared_year"]) == []
