"""`juesuan ingest --workers N`: documents read by a process pool and written by one writer give the
same warehouse, tally, rejections and idempotence as one worker."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from loaders.pipeline import ingest_paths
from tests.conftest import REPO

SAMPLES = REPO / "data" / "samples"


def _samples() -> list[Path]:
    return sorted(SAMPLES.glob("[!R]*.md")) + sorted(SAMPLES.glob("*.xlsx"))


def _corpus(folder: Path) -> Path:
    """The samples twice (same content under two names) and one file no reader can load."""
    folder.mkdir()
    for sample in _samples():
        shutil.copyfile(sample, folder / sample.name)
        shutil.copyfile(sample, folder / f"copy-{sample.name}")
    (folder / "broken.md").write_text("# 没有表格\n\n只有一句话。\n", encoding="utf-8")
    return folder


def _raw(db: Path) -> tuple:
    with duckdb.connect(str(db), read_only=True) as con:
        return (
            con.execute("select count(*), sum(value), count(distinct document_id) from raw.facts").fetchall(),
            con.execute("select path, format from raw.documents order by path").fetchall(),
            con.execute("select path from raw.rejected_documents order by path").fetchall(),
        )


def test_two_workers_load_what_one_loads(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "docs")
    one = ingest_paths([corpus], tmp_path / "one.duckdb", workers=1)
    two = ingest_paths([corpus], tmp_path / "two.duckdb", workers=2)
    assert two.describe() == one.describe()
    assert _raw(tmp_path / "two.duckdb") == _raw(tmp_path / "one.duckdb")
    samples = len(_samples())
    assert len(one.loaded) == samples and len(one.skipped) == samples and len(one.rejected) == 1


def test_a_second_parallel_ingest_skips_everything(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "docs")
    db = tmp_path / "w.duckdb"
    ingest_paths([corpus], db, workers=2)
    again = ingest_paths([corpus], db, workers=2)
    assert again.loaded == [] and len(again.skipped) == 2 * len(_samples())
    assert len(again.rejected) == 1  # a rejected file is read again: it may have been fixed
