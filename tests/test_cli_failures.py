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
from tests.conftest import JUESUAN, REPO, SAMPLES, juesuan, query

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


def test_an_unknown_unit_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(SHANGHAI_MD), "--db", str(tmp_path / "w.duckdb"), "--unit", "千千"])
    assert result.exit_code == 2 and "'千千' is not a unit of money the warehouse converts" in result.output
    assert not (tmp_path / "w.duckdb").exists()


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


@pytest.fixture
def ingest_elsewhere(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """The warehouse written by a juesuan ingest in another process (its writer lock and DuckDB file held)."""
    db = tmp_path / "w.duckdb"
    connect(db).close()
    script = (
        "import time; from pathlib import Path; from loaders.lock import writer_lock; "
        "from loaders.warehouse import connect\n"
        f"with writer_lock(Path({str(db)!r}), 'ingest'):\n"
        f"    con = connect(Path({str(db)!r})); print('ready', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=REPO)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
    yield db, holder.pid
    holder.kill()
    holder.wait()


@pytest.mark.parametrize("command", ["ingest", "check", "build", "export", "docs", "status"])
def test_every_command_waits_for_an_ingest_elsewhere_then_names_it(
    ingest_elsewhere: tuple[Path, int], tmp_path: Path, command: str
) -> None:
    db, pid = ingest_elsewhere
    args = {"ingest": [str(SHANGHAI_MD)], "export": ["--out", str(tmp_path / "out")]}.get(command, [])
    result = runner.invoke(app, [command, *args, "--db", str(db), "--wait", "0.5"])
    assert result.exit_code == 2, result.output
    [line] = result.output.splitlines()
    assert line.startswith(f"error: {db} is held by process {pid} (juesuan ingest, since ")
    assert line.endswith("gave up after waiting 0.5 s (--wait SECONDS to wait longer)")


def test_an_interrupted_ingest_keeps_whole_documents_and_says_so(tmp_path: Path) -> None:
    import signal
    import time

    db = tmp_path / "w.duckdb"
    copies = tmp_path / "copies"
    copies.mkdir()
    pdf = SAMPLES / "shanghai-2024-putuo-finance-bureau.pdf"
    for n in range(20):  # new content each (none is skipped as loaded): seconds of reading in all
        (copies / f"{n}.pdf").write_bytes(pdf.read_bytes() + f"\n% copy {n}\n".encode())
    ingest = subprocess.Popen(
        [str(JUESUAN), "ingest", str(copies), "--db", str(db), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # a pytest-xdist worker ignores SIGINT, and a child inherits that: Ctrl-C as a terminal sends it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    lock = db.with_name(db.name + ".lock")
    while not (lock.is_file() and "juesuan ingest" in lock.read_text(encoding="utf-8")):
        assert ingest.poll() is None, ingest.communicate()
        time.sleep(0.05)
    time.sleep(1)  # inside the batch: reading, or writing what it has read
    ingest.send_signal(signal.SIGINT)
    _, stderr = ingest.communicate(timeout=60)
    assert ingest.returncode == 130 and "Traceback" not in stderr
    assert stderr.strip().startswith("interrupted: the documents written so far are kept, each whole")
    # on a loaded machine the signal may come before the raw layer exists: then nothing is kept
    tables = "select count(*) from information_schema.tables where table_name = 'facts'"
    [(has_raw,)] = query(db, tables) if db.is_file() else [(0,)]
    [(kept,)] = query(db, "select count(*) from raw.documents") if has_raw else [(0,)]
    assert kept < 20 and (not has_raw or query(db, "select count(*) from raw.facts") == [(195 * kept,)])


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
