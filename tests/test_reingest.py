"""Re-ingest: files unchanged by path, size and modification time are skipped unread; `--reparse`
reads again the documents an older parser version loaded; `juesuan status` lists them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from loaders import PARSER_VERSION, pipeline
from loaders.pipeline import ingest_paths
from tests.conftest import SAMPLES, juesuan, query

SAMPLE_NAMES = ["shanghai-2024-putuo-finance-bureau.md", "zhejiang-2024-shaoxing-yuecheng-big-data-center.md"]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in SAMPLE_NAMES:
        shutil.copyfile(SAMPLES / name, folder / name)
    return folder


def _facts(db: Path) -> list[tuple]:
    return query(db, "select document_id, count(*), sum(value) from raw.facts group by all order by 1")


def test_an_unchanged_file_is_skipped_without_hashing_it(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "w.duckdb"
    ingest_paths([corpus], db)
    hashed: list[Path] = []
    monkeypatch.setattr(pipeline, "content_hash", lambda path: hashed.append(path) or "")
    again = ingest_paths([corpus], db)
    assert len(again.skipped) == 2 and hashed == []


def test_a_touched_file_is_hashed_and_skipped_as_loaded(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    ingest_paths([corpus], db)
    touched = corpus / SAMPLE_NAMES[0]
    os.utime(touched, ns=(1, 1))
    again = ingest_paths([corpus], db)
    assert again.loaded == [] and len(again.skipped) == 2
    assert query(db, "select count(*) from raw.documents") == [(2,)]


def _age(db: Path, name: str) -> None:
    """Mark a document as read by an older parser."""
    with duckdb.connect(str(db)) as con:
        con.execute("update raw.documents set parser_version = '0.0.0' where file_name = ?", [name])


def test_reparse_reads_again_what_an_older_parser_loaded(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    ingest_paths([corpus], db)
    before = _facts(db)
    _age(db, SAMPLE_NAMES[0])
    plain = ingest_paths([corpus], db)
    assert plain.reparsed == [] and len(plain.skipped) == 2, "without --reparse an old document stays"
    again = ingest_paths([], db, reparse=True)  # from where it was loaded
    assert [Path(p).name for p, _ in again.reparsed] == [SAMPLE_NAMES[0]] and again.loaded == []
    assert "reparsed 1" in again.tally()
    assert _facts(db) == before
    assert query(db, "select distinct parser_version from raw.documents") == [(PARSER_VERSION,)]
    assert query(db, "select count(*) from raw.narratives") == [(2,)]


def test_reparse_keeps_a_document_whose_file_is_gone(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    ingest_paths([corpus], db)
    _age(db, SAMPLE_NAMES[1])
    (corpus / SAMPLE_NAMES[1]).unlink()
    again = ingest_paths([], db, reparse=True)
    assert [(Path(p).name, why) for p, why in again.not_reparsed] == [(SAMPLE_NAMES[1], "the file is no longer there")]
    assert query(db, "select count(*) from raw.documents where parser_version = '0.0.0'") == [(1,)]


def test_status_lists_counts_and_outdated_documents(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert juesuan("ingest", str(corpus), "--db", str(db), "--workers", "1").returncode == 0
    _age(db, SAMPLE_NAMES[0])
    done = juesuan("status", "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "documents 2 (markdown 2)" in done.stdout
    assert "facts 780" in done.stdout and "loaded by an older parser version: 1" in done.stdout
    assert f"0.0.0  {corpus / SAMPLE_NAMES[0]}" in done.stdout
    reparse = juesuan("ingest", "--reparse", "--db", str(db))
    assert reparse.returncode == 0 and "reparsed 1" in reparse.stdout, reparse.stdout + reparse.stderr
    assert "loaded by an older parser version: 0" in juesuan("status", "--db", str(db)).stdout


def test_ingest_without_paths_or_reparse_is_refused(tmp_path: Path) -> None:
    done = juesuan("ingest", "--db", str(tmp_path / "w.duckdb"))
    assert done.returncode == 2 and "--reparse" in done.stderr
