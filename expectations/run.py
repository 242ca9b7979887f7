"""`juesuan check`: compute every rule's residuals in DuckDB, validate them with the GX
checkpoint, store the findings in the warehouse and write the summary and Data Docs.

Exit codes: 0 no errors (rounding warnings allowed), 1 errors found, 2 the run itself failed.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import sys
import threading
import traceback
import uuid
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from expectations.catalogue import compute_checks, load_rules
from expectations.report import RunInfo, count_errors, render_summary, store_findings
from loaders.failures import describe_failure
from loaders.warehouse import RAW_DDL, WAREHOUSE_CONFIG

EXIT_CLEAN, EXIT_ERRORS, EXIT_FAILED = 0, 1, 2

# DuckDB's share of the check's memory: beyond it, DuckDB spills to disk rather than grow. The rules
# run one batch of documents at a time (catalogue.BATCH_FACTS), which keeps spilling rare.
DUCKDB_MEMORY_LIMIT = "512MB"

# What GX validates: per finding (a residual that is not exact), its location in the column of its
# level. Exact equations are counted in SQL (dq_count) and reach GX as counts, not rows. In the
# order of dq.findings, so the pages list the worst findings of a rule first, the same every run.
FRAME_SQL = """
select rule_id,
       case when status = 'error' then location end as error,
       case when status <> 'ok' then location end as inexact
from (select *, concat_ws(' · ', regexp_extract(coalesce(document_path, document_id), '[^/]*$'),
                          message) as location
      from dq_check)
order by status, abs(difference) desc, document_id, table_seq, row_key, column_key, location
"""


COUNTS_SQL = "select rule_id, checked, exact, rounding, warnings, errors from dq_count"


class CheckRunError(RuntimeError):
    """The check could not run (no warehouse, no raw layer, …)."""


def _open(db: Path) -> duckdb.DuckDBPyConnection:
    if not db.is_file():
        raise CheckRunError(f"no warehouse at {db}: load documents first with `juesuan ingest`")
    con = duckdb.connect(str(db), config={**WAREHOUSE_CONFIG, "memory_limit": DUCKDB_MEMORY_LIMIT})
    found = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'raw' and table_name in ('documents', 'tables', 'facts')"
    ).fetchone()[0]
    if found < 3:
        con.close()
        raise CheckRunError(f"{db} has no raw layer (raw.documents/tables/facts): run `juesuan ingest`")
    con.execute(RAW_DDL)  # a warehouse loaded before a raw table existed (raw.unmapped_rows) gets it, empty
    if con.execute("select count(*) from raw.documents").fetchone()[0] == 0:
        con.close()
        raise CheckRunError(f"{db} holds no documents, so nothing can be checked: load some with `juesuan ingest`")
    return con


def _import_in_background(module: str) -> threading.Thread:
    """Import `module` in a thread while DuckDB computes (a query releases the GIL): GX takes ~7 s to
    import. A failed import is left to the import that needs the module, which reports it."""

    def quietly() -> None:
        with contextlib.suppress(Exception):
            importlib.import_module(module)

    thread = threading.Thread(target=quietly, name=f"import {module}", daemon=True)
    thread.start()
    return thread


def _check(db: Path, reports_dir: Path) -> int:
    run = RunInfo(
        run_id=f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}",
        checked_at=datetime.now(UTC).replace(tzinfo=None),
        db=db,
    )
    docs_dir = reports_dir / "data_docs"
    con = _open(db)
    gx_import = _import_in_background("great_expectations")
    try:
        compute_checks(con)
        gx_import.join()
        from expectations.checkpoint import RuleCounts, validate
        from expectations.docs import make_offline

        frame = con.execute(FRAME_SQL).df()
        counts = {row[0]: RuleCounts(*row[1:]) for row in con.execute(COUNTS_SQL).fetchall()}
        shutil.rmtree(docs_dir, ignore_errors=True)  # the site shows the latest run only
        failed = validate(frame, counts, docs_dir, run)
        errors = count_errors(con)
        critical = [f for f in failed if f.level == "error"]
        if bool(critical) != bool(errors):
            raise CheckRunError(f"GX ({len(critical)} failed) and DuckDB ({errors}) disagree")
        exit_code = EXIT_ERRORS if errors else EXIT_CLEAN
        store_findings(con, run)
        rule_names = {r.rule_id: r.label for r in load_rules()}
        summary = render_summary(con, run, exit_code, rule_names)
    finally:
        con.close()
    reports_dir.mkdir(parents=True, exist_ok=True)
    (reports_dir / "dq_summary.md").write_text(summary, encoding="utf-8")
    levels = {f.suite: "rounding" for f in failed} | {f.suite: "error" for f in critical}
    index = make_offline(docs_dir, summary, levels)
    print(summary)
    print(f"summary: {reports_dir / 'dq_summary.md'}\ndata docs: {index}")
    return exit_code


def run_checks(db: Path, reports_dir: Path) -> int:
    """Run the data-quality checkpoint on warehouse `db`; return the exit code (0, 1 or 2)."""
    try:
        return _check(db, reports_dir)
    except CheckRunError as err:
        print(f"check failed: {err}", file=sys.stderr)
    except Exception as err:
        # A scheduled run must not report a crash as "errors found" (1).
        if os.environ.get("JUESUAN_DEBUG"):
            traceback.print_exc()
        print(f"check failed: {describe_failure(err)}", file=sys.stderr)
    return EXIT_FAILED
