"""The distributed route: extraction tasks write Parquet shards of every raw table, `juesuan ingest
SHARDS` loads them with the idempotence of ingest, and the warehouse is the one direct ingest makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from loaders import distributed
from loaders.distributed import extract_shard
from loaders.pipeline import Overrides, ingest_paths
from loaders.shards import MANIFESTS, read_manifests, write_shard
from loaders.warehouse import document_rows
from tests.conftest import SAMPLES, juesuan

pytest.importorskip("distributed", reason="the distributed extra (dask[distributed]) is not installed")

MARKDOWN = [
    SAMPLES / "shanghai-2024-putuo-finance-bureau.md",
    SAMPLES / "zhejiang-2024-shaoxing-yuecheng-big-data-center.md",
]
# Columns that differ between two loads of the same files by design: when and from where.
WHEN = {"ingested_at", "rejected_at", "path", "file_name", "file_mtime_ns", "file_size"}


def _corpus(folder: Path) -> Path:
    """The markdown samples, one of them twice (a copy under another name), and a file no reader loads."""
    folder.mkdir()
    for sample in MARKDOWN:
        shutil.copyfile(sample, folder / sample.name)
    shutil.copyfile(MARKDOWN[0], folder / f"copy-{MARKDOWN[0].name}")
    (folder / "broken.md").write_text("# 没有表格\n\n只有一句话。\n", encoding="utf-8")
    return folder


def _raw(db: Path) -> dict[str, list[tuple]]:
    """Every raw table's rows, without the columns that say when and from where they were loaded."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [
            t for (t,) in con.execute("select table_name from duckdb_tables() where schema_name = 'raw'").fetchall()
        ]
        found = {}
        for table in tables:
            columns = [
                c
                for (c,) in con.execute(
                    "select column_name from duckdb_columns() where schema_name = 'raw' and table_name = ? "
                    "order by column_index",
                    [table],
                ).fetchall()
                if c not in WHEN
            ]
            found[table] = sorted(con.execute(f"select {', '.join(columns)} from raw.{table}").fetchall(), key=repr)
    return found


def test_shards_load_the_rows_direct_ingest_loads(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "docs")
    files = sorted(str(p) for p in corpus.iterdir())
    extract_shard(files[:2], str(tmp_path / "shards"), Overrides(), None)
    extract_shard(files[2:], str(tmp_path / "shards"), Overrides(), None)
    direct = ingest_paths([corpus], tmp_path / "direct.duckdb")
    sharded = ingest_paths([], tmp_path / "sharded.duckdb", shards=[str(tmp_path / "shards")])
    assert _raw(tmp_path / "sharded.duckdb") == _raw(tmp_path / "direct.duckdb")
    assert sorted(sharded.loaded) == sorted(direct.loaded) and len(direct.loaded) == 2
    assert sharded.skipped == direct.skipped == [str(corpus / MARKDOWN[0].name)]  # its copy sorts first
    assert [p for p, _ in sharded.rejected] == [p for p, _ in direct.rejected] == [str(corpus / "broken.md")]


def test_loading_shards_again_or_the_same_files_directly_skips_them(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "docs")
    shards, db = str(tmp_path / "shards"), tmp_path / "w.duckdb"
    extract_shard(sorted(str(p) for p in corpus.iterdir()), shards, Overrides(), None)
    ingest_paths([], db, shards=[shards])
    again = ingest_paths([], db, shards=[shards])
    assert again.loaded == [] and len(again.skipped) == 3
    assert len(again.rejected) == 1  # as ingest: a rejected file is tried again
    direct = ingest_paths([corpus], db)
    assert direct.loaded == [] and len(direct.skipped) == 3


def test_an_unfinished_shard_is_not_loaded_and_a_short_one_is_rejected_by_name(tmp_path: Path) -> None:
    shards = tmp_path / "shards"
    first = extract_shard([str(MARKDOWN[0])], str(shards), Overrides(), None)
    second = extract_shard([str(MARKDOWN[1])], str(shards), Overrides(), None)
    (shards / MANIFESTS / f"{first.shard}.json").unlink()  # its task died before the manifest
    summary = ingest_paths([], tmp_path / "w.duckdb", shards=[str(shards)])
    assert [p for p, _ in summary.loaded] == [str(MARKDOWN[1])]
    shutil.copyfile(shards / "facts" / f"{first.shard}.parquet", shards / "facts" / f"{second.shard}.parquet")
    short = ingest_paths([], tmp_path / "other.duckdb", shards=[str(shards)])
    assert short.loaded == []
    ((where, reason),) = short.rejected
    assert second.shard in where and "rows, the manifest says" in reason


def test_shards_go_to_an_object_store_url(tmp_path: Path) -> None:
    pytest.importorskip("fsspec")
    from loaders.pipeline import extract_document

    loaded = extract_document(MARKDOWN[0])
    url = f"memory://juesuan-test-{tmp_path.name}/shards"
    write_shard(url, [document_rows(loaded.record, loaded.tables, loaded.unmapped, loaded.narrative)])
    assert [len(m.documents) for m in read_manifests(url)] == [1]
    summary = ingest_paths([], tmp_path / "w.duckdb", shards=[url])
    assert summary.loaded == [(str(MARKDOWN[0]), sum(len(t.facts) for t in loaded.tables))]


def test_a_local_cluster_of_two_workers_shards_what_direct_ingest_loads(tmp_path: Path) -> None:
    """Two Dask workers (threads of this process: quick to start; `juesuan shard` starts processes)."""
    corpus = _corpus(tmp_path / "docs")
    shards = str(tmp_path / "shards")
    summary = distributed.shard_paths([corpus], shards, workers=2, files_per_task=1, processes=False)
    # tasks apart do not know each other's files: the copy is sharded too, and skipped when loaded
    assert len(summary.sharded) == 3 and len(summary.rejected) == 1 and summary.failed == []
    assert len(read_manifests(shards)) == 4  # one task per file
    loaded = ingest_paths([], tmp_path / "w.duckdb", shards=[shards])
    direct = ingest_paths([corpus], tmp_path / "direct.duckdb")
    assert _raw(tmp_path / "w.duckdb") == _raw(tmp_path / "direct.duckdb")
    assert loaded.tally() == direct.tally() and len(direct.loaded) == 2


def test_files_in_a_shard_already_are_skipped_unread(tmp_path: Path, monkeypatch) -> None:
    corpus = _corpus(tmp_path / "docs")
    (corpus / "broken.md").unlink()
    shards = str(tmp_path / "shards")
    extract_shard(sorted(str(p) for p in corpus.iterdir()), shards, Overrides(), None)
    monkeypatch.setattr(distributed, "dask_client", None)  # no task may run, no cluster start
    again = distributed.shard_paths([corpus], shards)
    assert len(again.skipped) == 3 and again.sharded == [] and again.rejected == []


def test_the_command_line_shards_and_ingests_shards(tmp_path: Path) -> None:
    """`juesuan shard` (here with every file in a shard already: no cluster starts) and `juesuan
    ingest SHARDS`, exit codes and tallies."""
    corpus = _corpus(tmp_path / "docs")
    (corpus / "broken.md").unlink()
    shards, db = tmp_path / "shards", tmp_path / "w.duckdb"
    extract_shard(sorted(str(p) for p in corpus.iterdir()), str(shards), Overrides(), None)
    done = juesuan("shard", str(corpus), "--out", str(shards))
    assert done.returncode == 0 and "3 in a shard already" in done.stdout, done.stdout + done.stderr
    loaded = juesuan("ingest", str(shards), "--db", str(db))
    assert loaded.returncode == 0, loaded.stderr
    assert "loaded 2," in loaded.stdout and "skipped 1 (1 already loaded" in loaded.stdout, loaded.stdout
