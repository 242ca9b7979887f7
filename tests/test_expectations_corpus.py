"""`juesuan check` on the real documents in ../shared: rounding (尾数误差) is a warning, a changed
published figure is an error that names its document, table, row and column."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest
from typer.testing import CliRunner

from expectations.catalogue import compute_checks
from loaders.cli import app
from loaders.pipeline import ingest_paths
from tests.conftest import REPO, SEED_002, SHANGHAI_PDF, shared_file

# 公开05表, 2013704 信息安全事务: 基本支出 0.00 printed as 10.00 in the changed copy.
PRINTED_LINE = "2013704 信息安全事务 1,912.17 0.00 1,912.17 0.00 0.00 0.00"
CHANGED_LINE = "2013704 信息安全事务 1,912.17 10.00 1,912.17 0.00 0.00 0.00"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    seed, pdf = shared_file(SEED_002), shared_file(SHANGHAI_PDF)
    base = tmp_path_factory.mktemp("corpus")
    text = seed.read_text(encoding="utf-8")
    assert text.count(PRINTED_LINE) == 1
    changed = base / "docs" / "zhejiang-2024-changed.txt"
    changed.parent.mkdir()
    changed.write_text(text.replace(PRINTED_LINE, CHANGED_LINE), encoding="utf-8")
    db = base / "w.duckdb"
    ingested = ingest_paths([seed, pdf, changed], db)
    assert len(ingested.loaded) == 3, ingested.describe()
    result = CliRunner().invoke(app, ["check", "--db", str(db), "--reports", str(base / "reports")])
    with duckdb.connect(str(db), read_only=True) as con:
        # the tables' findings; the narrative's real defects are tests/test_narrative_documents.py's
        findings = con.execute(
            "select regexp_extract(document_path, '[^/]*$'), severity, table_no, row_key, column_key, "
            "expected, actual from dq.findings where rule_id not like 'narrative%'"
        ).fetchall()
    return {
        "exit_code": result.exit_code,
        "output": result.output,
        "findings": findings,
        "summary": (base / "reports" / "dq_summary.md").read_text(encoding="utf-8"),
        "names": (seed.name, pdf.name, changed.name),
    }


def _of(corpus: dict, document: str) -> list[tuple]:
    return [f[1:] for f in corpus["findings"] if f[0] == document]


def test_seed_002_rounding_is_reported_as_warnings_only(corpus):
    seed_findings = _of(corpus, corpus["names"][0])
    assert {f[0] for f in seed_findings} == {"rounding"}
    # 301 items add up to 254.10 against 254.11; 302 + 310 (+ zero 类) = 25.22 against 公用经费合计 25.21.
    assert ("rounding", "公开08表", "301", "amount", Decimal("254.10"), Decimal("254.11")) in seed_findings
    assert ("rounding", "公开08表", "public_total", "amount", Decimal("25.22"), Decimal("25.21")) in seed_findings


def test_shanghai_pdf_has_rounding_but_no_errors(corpus):
    pdf_findings = _of(corpus, corpus["names"][1])
    assert pdf_findings and {f[0] for f in pdf_findings} == {"rounding"}
    # The summary prints 社会保障和就业支出 326.71; its 款 and 项 in the table by function add to 326.72.
    assert ("rounding", None, "208", "amount", Decimal("326.72"), Decimal("326.71")) in pdf_findings


def test_a_changed_figure_makes_check_exit_1_and_names_the_cell(corpus):
    assert corpus["exit_code"] == 1, corpus["output"]
    errors = [f for f in corpus["findings"] if f[1] == "error"]
    assert {f[0] for f in errors} == {"zhejiang-2024-changed.txt"}
    assert {f[2:5] for f in errors} == {
        ("公开05表", "2013704", "total"),  # 1,912.17 ≠ 10.00 + 1,912.17
        ("公开05表", "20137", "basic"),  # 219.25 ≠ 10.00 + 219.25 + 0.00
    }
    suspects = corpus["summary"].split("Likely misprinted cells")[1]
    assert (
        "| zhejiang-2024-changed.txt | 公开05表 expenditure_by_function | 2013704 信息安全事务 | basic | 10.00 |"
        in suspects
    )
    assert "**errors found** (exit 1)" in corpus["output"]


def test_bundled_samples_have_rounding_but_no_errors(tmp_path):
    db = tmp_path / "samples.duckdb"
    assert len(ingest_paths([REPO / "data" / "samples"], db).loaded) >= 4
    with duckdb.connect(str(db)) as con:
        compute_checks(con)
        statuses = dict(con.execute("select status, count(*) from dq_check group by status").fetchall())
        basic_301 = con.execute(
            "select distinct expected, actual from dq_check where rule_id = 'basic_economic_hierarchy' "
            "and row_key = '301' and status = 'rounding' and actual = 254.11"
        ).fetchall()
    assert "error" not in statuses and statuses["rounding"] > 0
    assert basic_301 == [(Decimal("254.10"), Decimal("254.11"))]
