"""The warehouse file opens in the DuckDB clients analysts use, not only in the pinned duckdb.

duckdb 2.x writes storage version 69 by default, which duckdb-cli 1.5, DBeaver and R cannot
read; juesuan creates the file in storage version v1.4.0.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb

from loaders.warehouse import STORAGE_VERSION, connect

DUCKDB_CLI = Path(sys.executable).with_name("duckdb")  # the duckdb-cli wheel of the dev extra


def _storage_tag(db: Path) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        (tags,) = con.execute("select tags from duckdb_databases() where database_name = current_database()").fetchone()
    return tags["storage_version"]


def test_a_new_warehouse_is_written_in_the_storage_version_of_duckdb_1_4(tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    connect(db).close()
    assert _storage_tag(db).startswith(STORAGE_VERSION)


def test_the_built_demo_warehouse_keeps_its_storage_version(demo_warehouse: Path) -> None:
    assert _storage_tag(demo_warehouse).startswith(STORAGE_VERSION)


def test_the_newest_duckdb_cli_opens_the_demo_warehouse(demo_warehouse: Path) -> None:
    version = subprocess.run([str(DUCKDB_CLI), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("v1."), version.stdout  # a 1.x client, not the pinned 2.x library
    done = subprocess.run(
        [
            str(DUCKDB_CLI),
            "-readonly",
            "-json",
            str(demo_warehouse),
            "-c",
            "select count(*) as documents, count(*) filter (where is_primary) as reports from marts.dim_document",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (answer,) = json.loads(done.stdout)
    assert answer["documents"] >= 3 and 0 < answer["reports"] < answer["documents"]
