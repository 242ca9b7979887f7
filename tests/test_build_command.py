"""`juesuan build`: quiet by default, dbt arguments passed through, partial parsing kept per
warehouse, failures printed in full, and a clear error (and no new file) for a missing warehouse."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from loaders.cli import app
from loaders.dbt_runner import artefacts_dir
from tests.conftest import juesuan

runner = CliRunner()
ESCAPE = "\x1b["


def test_a_missing_warehouse_is_an_error_and_no_file_is_created(tmp_path: Path) -> None:
    db = tmp_path / "absent.duckdb"
    result = runner.invoke(app, ["build", "--db", str(db)])
    assert result.exit_code == 2
    assert f"no warehouse at {db}" in result.output and "juesuan ingest" in result.output
    assert not db.exists() and list(tmp_path.iterdir()) == []


def test_a_file_without_a_raw_layer_is_an_error(tmp_path: Path) -> None:
    db = tmp_path / "other.duckdb"
    duckdb.connect(str(db)).close()
    result = runner.invoke(app, ["build", "--db", str(db)])
    assert result.exit_code == 2 and "has no raw layer" in result.output


@pytest.fixture(scope="module")
def copies(demo_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Two copies of the demo warehouse and a working directory for dbt's artefacts."""
    root = tmp_path_factory.mktemp("build")
    first, second = root / "first.duckdb", root / "second.duckdb"
    shutil.copy(demo_warehouse, first)
    shutil.copy(demo_warehouse, second)
    return first, second, root


def _last_parse(log: Path) -> str:
    """What dbt's log says the last run did about parsing."""
    run = log.read_text(encoding="utf-8").rsplit("Running with dbt=", 1)[-1]
    if "Partial parsing enabled, no changes found, skipping parsing" in run:
        return "kept"
    return "full"


def test_build_is_quiet_passes_select_and_keeps_each_warehouse_parse(copies: tuple[Path, Path, Path]) -> None:
    first, second, cwd = copies
    selected = ("--select", "stg_facts")
    done = juesuan("build", "--db", str(first), *selected, cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    # not a terminal: no progress line, no colour, one summary line naming what ran
    assert len(lines) == 1 and ESCAPE not in done.stdout + done.stderr, done.stdout
    assert lines[0].startswith(f"dbt build of {first} done in ")
    assert "1 model, " in lines[0] and "unit_test" in lines[0] and "0 failed" in lines[0]
    assert juesuan("build", "--db", str(second), *selected, cwd=cwd).returncode == 0
    again = juesuan("build", "--db", str(first), *selected, cwd=cwd)
    assert again.returncode == 0
    # building another file in between did not cost the first its parse
    assert _last_parse(cwd / artefacts_dir(first) / "dbt.log") == "kept"
    log = (cwd / artefacts_dir(first) / "dbt.log").read_text(encoding="utf-8")
    assert ESCAPE not in log
    mistyped = juesuan("build", "--db", str(first), "--select", "stg_factz", cwd=cwd)
    assert mistyped.returncode == 0 and "Traceback" not in mistyped.stderr
    assert mistyped.stdout.startswith(f"dbt build of {first}: nothing selected — no seed, model or test matches")


def test_a_failing_model_is_printed_in_full_with_its_file(tmp_path: Path) -> None:
    db = tmp_path / "broken.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(
            "create schema raw; create table raw.documents (document_id varchar); "
            "create table raw.tables (document_id varchar); create table raw.facts (document_id varchar)"
        )
    selected = ("--select", "stg_facts", "--exclude-resource-type", "unit_test")  # the model itself fails
    done = juesuan("build", "--db", str(db), *selected, cwd=tmp_path)
    assert done.returncode == 1
    summary, *details = done.stdout.splitlines()
    assert "failed" in summary and "1 failed" in summary
    text = "\n".join(details)
    assert "ERROR" in text and "stg_facts" in text and "models/staging/stg_facts.sql" in text
    assert "table_seq" in text  # the database's own message: the column the model misses


def test_a_new_file_starts_from_the_parse_of_a_file_of_its_name(demo_warehouse: Path, tmp_path: Path) -> None:
    # the bench, the tests and a user's scratch copies build new files: a file whose name was built
    # before (here in another folder) is not parsed from scratch
    first, second = tmp_path / "a" / "same.duckdb", tmp_path / "b" / "same.duckdb"
    for db in (first, second):
        db.parent.mkdir()
        shutil.copy(demo_warehouse, db)
    selected = ("--select", "source:raw.documents")
    assert juesuan("build", "--db", str(first), *selected, cwd=tmp_path).returncode == 0
    assert _last_parse(tmp_path / artefacts_dir(first) / "dbt.log") == "full"
    assert juesuan("build", "--db", str(second), *selected, cwd=tmp_path).returncode == 0
    assert _last_parse(tmp_path / artefacts_dir(second) / "dbt.log") == "kept"
