"""A budget and a final account of one department-year, both rendered by the project's own code and
read back by its readers, meet in ``marts.mart_budget_vs_final`` with the right 执行率.

The final is the fictional 示例局 2020 of ``tests/fixtures/figures.py`` (万元, national template);
the budget is made up for the same department-year here, printed in 元 in Shanghai's nine-table
budget layout, so the mart must also put both on 万元.
"""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from loaders.model import Fact, Table
from loaders.render.budget import build_budget_document
from loaders.render.markdown import render_markdown
from loaders.render.templates import build_document
from tests.conftest import juesuan
from tests.fixtures.figures import DEPARTMENT, FUNCTION_ROWS, YEAR, fixture_tables

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


@pytest.fixture(scope="module")
def mart(tmp_path_factory: pytest.TempPathFactory) -> list[tuple]:
    root = tmp_path_factory.mktemp("pair")
    final = build_document(fixture_tables("万元"), style="national", department=DEPARTMENT, year=YEAR)
    budget = build_budget_document(DEPARTMENT, YEAR, "元", _budget_tables())
    files = [render_markdown(final, root / "final.md"), render_markdown(budget, root / "budget.md")]
    db = root / "pair.duckdb"
    for args in (("ingest", *map(str, files), "--db", str(db)), ("build", "--db", str(db))):
        done = juesuan(*args)
        assert done.returncode == 0, f"juesuan {args[0]}:\n{done.stdout}\n{done.stderr}"
    with duckdb.connect(str(db), read_only=True) as con:
        kinds = con.execute("select doc_kind, doc_level from marts.dim_document order by 1").fetchall()
        assert kinds == [("budget", "department"), ("final", None)]
        return con.execute(
            "select comparison, fund, subject_key, measure, budget_wan, final_wan, final_stated_budget_wan,"
            " execution_pct from marts.mart_budget_vs_final"
        ).fetchall()


def _row(mart: list[tuple], comparison: str, subject: str, measure: str) -> tuple:
    """budget_wan, final_wan, final_stated_budget_wan, execution_pct of one subject (all funds, or 三公)."""
    fund = "gpb" if comparison == "three_public" else "all"
    [found] = [r[4:] for r in mart if r[:4] == (comparison, fund, subject, measure)]
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
