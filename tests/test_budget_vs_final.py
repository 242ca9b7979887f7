"""A budget and a final account of one department-year, both rendered by the project's own code and
read back by its readers, meet in ``marts.mart_budget_vs_final`` with the right 执行率.

The final is the fictional 示例局 2020 of ``tests/fixtures/figures.py`` (万元, national template);
the budget is made up for the same department-year here, printed in 元 in Shanghai's nine-table
budget layout, so the mart must also put both on 万元.

A second department's final comes with no budget document: the same tables with the 情况说明 of
``tests/fixtures/narrative.py``, whose 年初预算 by 类/款/项 (and the 三公 table's 预算数) are its budget.

A third department's final, also without its budget, is printed in the pre-2019 template
(``template2017_budgets``): its 一般公共预算财政拨款支出决算表 prints 年初预算数 beside 决算数, its budget.

A fourth department's 情况说明 states a 年初预算 with five decimals, which the warehouse cannot store:
its row has no budget and says why (budget_problem).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import duckdb
import pytest

from loaders.model import Fact, Table
from loaders.narrative import read_narrative
from loaders.render.budget import build_budget_document
from loaders.render.markdown import render_markdown
from loaders.render.templates import build_document
from loaders.warehouse import DocumentRecord, connect, write_document
from tests.conftest import juesuan
from tests.fixtures.figures import DEPARTMENT, FUNCTION_ROWS, YEAR, fixture_tables
from tests.fixtures.narrative import report_document, report_text

# A department whose final accounts are loaded without its budget: its 情况说明 states the 年初预算.
UNBUDGETED = "示例市示例区另一局"
# A department whose pre-2019 final prints the 年初预算数 in its 一般公共预算财政拨款支出决算表 (万元).
OLD_TEMPLATE = "示例市示例区旧式局"
# A department whose 情况说明 states a 年初预算 the warehouse cannot store (five decimals).
UNSTORED = "示例市示例区又一局"
INITIAL_BUDGETS = {"total": "1300.00", "201": "1100.00", "20101": "1100.00", "2010101": "1100.00",
                   "208": "150.00", "2080505": "150.00", "210": "50.00"}  # fmt: skip

# Budget figures in 元: 功能分类 code → (total, basic, project); 三公 item → amount.
BUDGET_BY_FUNCTION = {
    "201": ("10000000.00", "7500000.00", "2500000.00"),
    "20101": ("10000000.00", "7500000.00", "2500000.00"),
    "2010101": ("10000000.00", "7500000.00", "2500000.00"),
    "208": ("2500000.00", "2500000.00", None),
    "20805": ("2500000.00", "2500000.00", None),
    "2080505": ("2500000.00", "2500000.00", None),
    "210": ("400000.00", "400000.00", None),
    "21011": ("400000.00", "400000.00", None),
    "2101101": ("400000.00", "400000.00", None),
    "total": ("12900000.00", "10400000.00", "2500000.00"),
}
BUDGET_THREE_PUBLIC = {"total": "150000.00", "vehicle": "100000.00", "vehicle_operation": "100000.00",
                       "reception": "50000.00", "operating_costs": "300000.00"}  # fmt: skip


def _budget_tables() -> list[Table]:
    names = dict(FUNCTION_ROWS)

    def fact(seq: int, kind: str, row: str, column: str, text: str) -> Fact:
        return Fact(seq, kind, row, names.get(row, "合计"), column, Decimal(text), text, "元", None, None, "")

    function = [
        fact(1, "budget_expenditure_by_function", row, column, text)
        for row, values in BUDGET_BY_FUNCTION.items()
        for column, text in zip(("total", "basic", "project"), values, strict=True)
        if text
    ]
    three = [fact(2, "budget_three_public", row, "amount", text) for row, text in BUDGET_THREE_PUBLIC.items()]
    return [
        Table(1, "budget_expenditure_by_function", None, "", "元", False, None, None, None, None, None, function),
        Table(2, "budget_three_public", None, "", "元", False, None, None, None, None, None, three),
    ]


def _with_initial_budgets(tables: list[Table]) -> list[Table]:
    """The fixture tables with a 年初预算数 beside each 决算数 of the appropriation table by function."""
    gpb = "gpb_expenditure_by_function"
    return [replace(t, facts=[*_initial_budgets(t.facts), *t.facts]) if t.table_kind == gpb else t for t in tables]


def _initial_budgets(facts: list[Fact]) -> list[Fact]:
    budgets = [(f, INITIAL_BUDGETS[f.row_key]) for f in facts if f.column_key == "total"]
    return [replace(f, column_key="initial_budget", value=Decimal(text), value_text=text) for f, text in budgets]


@pytest.fixture(scope="module")
def mart(tmp_path_factory: pytest.TempPathFactory) -> list[tuple]:
    root = tmp_path_factory.mktemp("pair")
    final = build_document(fixture_tables("万元"), style="national", department=DEPARTMENT, year=YEAR)
    budget = build_budget_document(DEPARTMENT, YEAR, "元", _budget_tables())
    old = build_document(
        _with_initial_budgets(fixture_tables("万元")), style="template2017_budgets", department=OLD_TEMPLATE, year=YEAR
    )
    files = [render_markdown(final, root / "final.md"), render_markdown(budget, root / "budget.md")]
    files.append(render_markdown(old, root / "old-template-final.md"))
    db = root / "pair.duckdb"
    done = juesuan("ingest", *map(str, files), "--db", str(db))
    assert done.returncode == 0, f"juesuan ingest:\n{done.stdout}\n{done.stderr}"
    _load_unbudgeted_final(db, UNBUDGETED, "f" * 64, report_text())
    unstored = report_text().replace("年初预算为950.00万元", "年初预算为950.00001万元")
    assert unstored != report_text()
    _load_unbudgeted_final(db, UNSTORED, "e" * 64, unstored)
    done = juesuan("build", "--db", str(db))
    assert done.returncode == 0, f"juesuan build:\n{done.stdout}\n{done.stderr}"
    with duckdb.connect(str(db), read_only=True) as con:
        kinds = con.execute("select department, doc_kind, doc_level from marts.dim_document order by 1, 2").fetchall()
        assert kinds == [
            (UNSTORED, "final", None),
            (UNBUDGETED, "final", None),
            (OLD_TEMPLATE, "final", None),
            (DEPARTMENT, "budget", "department"),
            (DEPARTMENT, "final", None),
        ]
        return con.execute(
            "select department, comparison, fund, subject_key, measure, budget_wan, final_wan,"
            " final_stated_budget_wan, execution_pct, budget_source, budget_problem from marts.mart_budget_vs_final"
        ).fetchall()


def _load_unbudgeted_final(db, department: str, content_hash: str, text: str) -> None:
    con = connect(db)
    try:
        [region] = con.execute("select distinct region from raw.documents").fetchone()
        record = DocumentRecord(content_hash, f"{content_hash[0]}-final.txt", "text", region, department, YEAR, "万元")
        narrative = read_narrative(report_document(text))
        write_document(con, record, fixture_tables(), narrative=narrative)
    finally:
        con.close()


def _row(mart: list[tuple], comparison: str, subject: str, measure: str, department: str = DEPARTMENT) -> tuple:
    """budget_wan, final_wan, final_stated_budget_wan, execution_pct of one subject (all funds, or 三公)."""
    fund = "gpb" if comparison == "three_public" else "all"
    return _of(mart, department, comparison, fund, subject, measure)[:4]


def _of(mart: list[tuple], *key: str) -> tuple:
    """budget_wan, final_wan, final_stated_budget_wan, execution_pct, budget_source of one row."""
    [found] = [r[5:10] for r in mart if r[:5] == key]
    return found


@pytest.mark.parametrize(
    ("subject", "measure", "budget", "final", "rate"),
    [
        ("201", "total", "1000", "1010.00", "101.00"),
        ("201", "basic", "750", "775.44", "103.39"),
        ("2010101", "project", "250", "234.56", "93.82"),
        ("208", "total", "250", "200.00", "80.00"),
        ("210", "total", "40", "34.56", "86.40"),
        ("total", "total", "1290", "1244.56", "96.48"),
    ],
)
def test_execution_rate_by_function_subject(mart, subject, measure, budget, final, rate) -> None:
    budget_wan, final_wan, _, execution_pct = _row(mart, "function", subject, measure)
    assert (budget_wan, final_wan, execution_pct) == (Decimal(budget), Decimal(final), Decimal(rate))


def test_three_public_execution_rate_and_the_budget_the_final_states(mart) -> None:
    assert _row(mart, "three_public", "total", "amount") == (
        Decimal(15),
        Decimal("10.50"),
        Decimal("12.00"),
        Decimal("70.00"),
    )
    assert _row(mart, "three_public", "reception", "amount") == (
        Decimal(5),
        Decimal("3.00"),
        Decimal("4.00"),
        Decimal("60.00"),
    )
    # 机关运行经费 is budgeted; the final's tables do not print it
    assert _row(mart, "three_public", "operating_costs", "amount") == (Decimal(30), None, None, None)


def test_a_budget_document_is_the_source_of_its_department_years_budget(mart) -> None:
    sources = {r[9] for r in mart if r[0] == DEPARTMENT and r[5] is not None}
    assert sources == {"budget_document"}  # the final's 三公 预算数 (12.00) does not replace the budget's 15
    assert _of(mart, DEPARTMENT, "function", "gpb", "2010101", "total")[0] is None  # not in this budget


@pytest.mark.parametrize(
    ("key", "budget", "final", "rate", "source"),
    [
        # 一般公共服务支出（类）人大事务（款）行政运行（项）。年初预算为950.00万元，支出决算为1,000.00万元
        (("function", "gpb", "2010101", "total"), "950", "1000.00", "105.26", "final_narrative"),
        # …机关事业单位基本养老保险缴费支出（项）。年初预算为200.00万元，支出决算为200.00万元
        (("function", "gpb", "2080505", "total"), "200", "200.00", "100.00", "final_narrative"),
        # the 三公 table of the final prints 预算数 12.00 against 决算数 10.50
        (("three_public", "gpb", "total", "amount"), "12", "10.50", "87.50", "final_table"),
    ],
)
def test_without_a_budget_document_the_final_states_the_budget(mart, key, budget, final, rate, source) -> None:
    budget_wan, final_wan, _, execution_pct, budget_source = _of(mart, UNBUDGETED, *key)
    assert (budget_wan, final_wan, execution_pct, budget_source) == (
        Decimal(budget),
        Decimal(final),
        Decimal(rate),
        source,
    )
    # a subject the 情况说明 gives no 年初预算 for keeps its final with no budget
    assert _of(mart, UNBUDGETED, "function", "gpb", "201", "total")[:2] == (None, Decimal("1000.00"))


@pytest.mark.parametrize(
    ("subject", "budget", "final", "rate"),
    [
        ("2010101", "1100", "1000.00", "90.91"),
        ("208", "150", "200.00", "133.33"),
        ("total", "1300", "1234.56", "94.97"),
    ],
)
def test_without_a_budget_document_a_pre_2019_final_prints_its_budget(mart, subject, budget, final, rate) -> None:
    """The 年初预算数 column of the older 一般公共预算财政拨款支出决算表 is the final table's own budget."""
    budget_wan, final_wan, stated, execution_pct, budget_source = _of(
        mart, OLD_TEMPLATE, "function", "gpb", subject, "total"
    )
    assert (budget_wan, final_wan, stated, execution_pct, budget_source) == (
        Decimal(budget),
        Decimal(final),
        Decimal(budget),
        Decimal(rate),
        "final_table",
    )


def test_a_stated_budget_that_could_not_be_stored_leaves_the_budget_empty_and_says_why(mart) -> None:
    key = (UNSTORED, "function", "gpb", "2010101", "total")
    [row] = [r for r in mart if r[:5] == key]
    budget_wan, final_wan, _, execution_pct, budget_source, problem = row[5:]
    assert (budget_wan, final_wan, execution_pct, budget_source) == (None, Decimal("1000.00"), None, None)
    assert "950.00001" in problem and "more than 4 decimals" in problem
    # the same department's other stated budgets are its budget, with no problem named
    assert _of(mart, UNSTORED, "function", "gpb", "2080505", "total")[4] == "final_narrative"
    assert {r[10] for r in mart if r[0] != UNSTORED} == {None}
