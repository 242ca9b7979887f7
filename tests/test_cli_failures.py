"""The command line when things go wrong: exit codes, the writer lock, no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from loaders.cli import app
from loaders.lock import writer_lock
from loaders.warehouse import connect
from tests.conftest import SAMPLES, juesuan

SHANGHAI_MD = SAMPLES / "shanghai-2024-putuo-finance-bureau.md"
runner = CliRunner()


@pytest.fixture
def not_a_document(tmp_path: Path) -> Path:
    path = tmp_path / "minutes.md"
    path.write_text("# 会议纪要\n没有表格。\n", encoding="utf-8")
    return path


def test_ingest_exits_0_when_every_document_loads(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(SHANGHAI_MD), "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["ingest", str(SHANGHAI_MD), "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 0, result.output  # already loaded is not a failure


def test_ingest_exits_1_with_the_tally_when_a_document_is_rejected(tmp_path: Path, not_a_document: Path) -> None:
    result = runner.invoke(app, ["ingest", str(not_a_document), str(SHANGHAI_MD), "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 1, result.output
    assert f"rejected {not_a_document}: {not_a_document}: no 部门决算 or 部门预算 table found" in result.output
    assert "rejected 1" in result.output


def test_a_bad_limit_setting_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(SHANGHAI_MD), "--db", str(tmp_path / "w.duckdb"), "--limit", "pgs=1"])
    assert result.exit_code == 2
    assert "error: --limit: unknown limit 'pgs'" in result.output


def test_check_on_a_warehouse_without_documents_exits_2_saying_why(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    connect(db).close()
    result = runner.invoke(app, ["check", "--db", str(db), "--reports", str(tmp_path / "reports")])
    assert result.exit_code == 2
    assert "holds no documents, so nothing can be checked" in result.output


@pytest.mark.parametrize("command", ["ingest", "build", "check"])
def test_writers_wait_for_the_lock_then_name_its_holder(tmp_path: Path, command: str) -> None:
    db = tmp_path / "w.duckdb"
    connect(db).close()
    args = [command, *([str(SHANGHAI_MD)] if command == "ingest" else []), "--db", str(db), "--wait", "0.3"]
    with writer_lock(db, "ingest"):
        result = runner.invoke(app, args)
    assert result.exit_code == 2
    [line] = result.output.splitlines()
    assert line.startswith(f"error: {db} is held by process {os.getpid()} (juesuan ingest, since ")
    assert line.endswith("gave up after waiting 0.3 s (--wait SECONDS to wait longer)")


@pytest.fixture
def duckdb_held_elsewhere(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """The warehouse held open for writing by another program (here: a Python process)."""
    db = tmp_path / "w.duckdb"
    connect(db).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('ready', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
    yield db, holder.pid
    holder.kill()
    holder.wait()


def test_a_warehouse_held_by_another_program_is_named(duckdb_held_elsewhere: tuple[Path, int]) -> None:
    db, pid = duckdb_held_elsewhere
    result = runner.invoke(app, ["ingest", str(SHANGHAI_MD), "--db", str(db), "--wait", "0.5"])
    assert result.exit_code == 2
    [line] = result.output.splitlines()
    assert f"{db} is held by process {pid} (" in line and "gave up after waiting 0.5 s" in line


def test_an_unexpected_failure_is_one_line_without_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = juesuan("ingest", str(SHANGHAI_MD), "--db", str(blocker / "w.duckdb"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line == f"error: {blocker}: a file is in the way (a folder was needed) (--debug shows where)"


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = juesuan("--debug", "ingest", str(SHANGHAI_MD), "--db", str(blocker / "w.duckdb"))
    assert result.returncode != 0 and "Traceback" in result.stderr
