"""Every command given bad input answers with one line naming the file, never a traceback:
a missing file, a folder where a document is wanted, an empty folder, a --db that is not a
DuckDB file, an unknown --format or --select, and an output folder that cannot be made."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SAMPLES, juesuan

SHANGHAI_MD = SAMPLES / "shanghai-2024-putuo-finance-bureau.md"


def _one_error_line(result, code: int) -> str:  # type: ignore[no-untyped-def]
    """The single stderr line of a command that failed with `code`, checked to hold no traceback."""
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    [line] = result.stderr.splitlines()
    return line


@pytest.fixture
def not_a_warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "notes.duckdb"
    path.write_text("not a database\n", encoding="utf-8")
    return path


def test_extract_names_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "absent.pdf"
    assert _one_error_line(juesuan("extract", str(missing)), 1) == f"error: {missing}: no such file"


def test_extract_of_a_folder_points_to_ingest(tmp_path: Path) -> None:
    line = _one_error_line(juesuan("extract", str(tmp_path)), 2)
    assert line == f"error: {tmp_path} is a folder: extract reads one document (ingest reads folders)"


def test_extract_refuses_an_unknown_format_before_reading() -> None:
    line = _one_error_line(juesuan("extract", str(SHANGHAI_MD), "--format", "xml"), 2)
    assert line == "error: unknown --format 'xml' (csv or jsonl)"


def test_ingest_of_an_empty_folder_says_so_and_creates_no_warehouse(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "notes.py").write_text("", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    result = juesuan("ingest", str(folder), "--db", str(db))
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert result.stdout.startswith(f"nothing to load in {folder}: no PDF (.pdf)")
    assert "(1 other file(s) left out)" in result.stdout
    assert not db.exists()


def test_shard_of_an_empty_folder_says_so_and_starts_no_cluster(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    out = tmp_path / "shards"
    result = juesuan("shard", str(folder), "--out", str(out))
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert result.stdout.startswith(f"nothing to shard in {folder}: no PDF (.pdf)")
    assert not out.exists()


def test_reparse_of_a_missing_warehouse_says_so_and_creates_none(tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    line = _one_error_line(juesuan("ingest", "--reparse", "--db", str(db)), 2)
    assert line == f"error: no warehouse at {db}: --reparse reads again what a warehouse holds"
    assert not db.exists()


@pytest.mark.parametrize(
    "command",
    [
        ["ingest", str(SHANGHAI_MD)],
        ["build"],
        ["docs"],
        ["export", "--out", "export"],
        ["check", "--reports", "reports"],
    ],
)
def test_a_db_that_is_not_a_duckdb_file_is_named(command: list[str], not_a_warehouse: Path, tmp_path: Path) -> None:
    result = juesuan(*command, "--db", str(not_a_warehouse), cwd=tmp_path)
    line = _one_error_line(result, 2)
    assert line.startswith(f"error: {not_a_warehouse} is not a DuckDB warehouse file")


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("bad-input") / "w.duckdb"
    assert juesuan("ingest", str(SHANGHAI_MD), "--db", str(db)).returncode == 0
    return db


def test_export_where_no_folder_can_be_made_names_the_path(small_warehouse: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = juesuan("export", "--db", str(small_warehouse), "--select", "raw", "--out", str(blocker / "export"))
    assert _one_error_line(result, 2) == f"error: {blocker / 'export'}: Not a directory (--debug shows where)"


def test_export_of_an_unknown_relation_lists_the_known_ones(small_warehouse: Path, tmp_path: Path) -> None:
    result = juesuan("export", "--db", str(small_warehouse), "--select", "facs", "--out", str(tmp_path / "x"))
    line = _one_error_line(result, 2)
    assert line.startswith("error: no relation 'facs' in the warehouse (it has ") and "raw.facts" in line


def test_a_shard_task_that_cannot_write_names_the_path(tmp_path: Path) -> None:
    in_the_way = tmp_path / "afile"
    in_the_way.write_text("", encoding="utf-8")
    result = juesuan("shard", str(SHANGHAI_MD), "--out", str(in_the_way / "shards"), "--workers", "1")
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert f"the task failed: {in_the_way / 'shards'}: Not a directory" in result.stdout
