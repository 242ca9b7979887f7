"""`juesuan check` in bounded memory: DuckDB counts the equations, only findings are kept, and the
rules run one batch of documents at a time with the same result as one pass over all of them."""

from __future__ import annotations

import duckdb
import pytest

from expectations.catalogue import compute_checks
from loaders.warehouse import RAW_DDL
from tests.test_expectations_rules import balanced_figures, change, load_document


def _documents(con: duckdb.DuckDBPyConnection) -> None:
    """Four documents of three departments: one with an error, one with a rounding difference."""
    load_document(con, balanced_figures(), name="balanced.txt", department="甲局")
    load_document(con, balanced_figures(), name="balanced-2023.txt", department="甲局")
    broken = change(balanced_figures(), "expenditure_by_function", "2013704", "basic", "1.00")
    load_document(con, broken, name="broken.txt", department="乙局")
    rounded = change(balanced_figures(), "gpb_basic_expenditure_by_economic", "30101", "amount", "0.01")
    load_document(con, rounded, name="rounded.txt", department="丙局")


@pytest.fixture
def con():
    connection = duckdb.connect(":memory:")
    connection.execute(RAW_DDL)
    _documents(connection)
    yield connection
    connection.close()


def _result(con: duckdb.DuckDBPyConnection) -> tuple[list[tuple], list[tuple]]:
    counts = con.execute("select * from dq_count order by rule_id").fetchall()
    found = con.execute("select * exclude (message), message from dq_check order by all").fetchall()
    return counts, found


def test_exact_equations_are_counted_and_not_kept(con):
    compute_checks(con)
    checked, exact, kept = con.execute(
        "select sum(checked), sum(exact), (select count(*) from dq_check) from dq_count"
    ).fetchone()
    assert checked - exact == kept == 3  # two errors and one rounding difference; the rest only counted
    assert con.execute("select distinct status from dq_check order by all").fetchall() == [("error",), ("rounding",)]


def test_batches_of_documents_give_the_same_counts_and_findings_as_one_pass(con):
    compute_checks(con)
    whole = _result(con)
    compute_checks(con, batch_facts=1)  # every department in a batch of its own
    assert con.execute("select count(distinct batch) from dq_batch_of").fetchone() == (3,)
    assert _result(con) == whole


def test_a_department_s_documents_stay_in_one_batch(con):
    compute_checks(con, batch_facts=1)
    batches = con.execute(
        "select d.department, count(distinct b.batch) from dq_batch_of b join raw.documents d using (document_id) "
        "group by all order by all"
    ).fetchall()
    assert batches == [("丙局", 1), ("乙局", 1), ("甲局", 1)]


def test_the_check_leaves_the_connection_on_the_warehouse(con):
    compute_checks(con, batch_facts=1)
    assert con.execute("select current_database()").fetchone() == ("memory",)
    assert con.execute("select count(*) from raw.documents").fetchone() == (4,)
