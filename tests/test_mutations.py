"""Mutation suite: each class of bad input, made from the bundled samples at test time, is rejected
naming the file and the cell (or loaded and flagged), and the rest of the batch is loaded.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from loaders import pipeline
from loaders.model import DocumentError
from loaders.paths import path_of, path_text
from loaders.pipeline import extract_document, ingest_paths

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "samples"
SHANGHAI_MD = SAMPLES / "shanghai-2024-putuo-finance-bureau.md"
ZHEJIANG_MD = SAMPLES / "zhejiang-2024-shaoxing-yuecheng-big-data-center.md"
SHANGHAI_FACTS = 195
# 表2 收入决算表, line 53: 2010601 行政运行, 本年收入合计 in column 3
ROW_2010601 = "2010601\t行政运行\t1,511.90\t1,511.89"


def _query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _mutant(tmp_path: Path, name: str, old: str, new: str, source: Path = SHANGHAI_MD) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text, f"the sample no longer prints {old!r}"
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _batch_goes_on(tmp_path: Path, bad: Path) -> str:
    """Ingest the mutant between two good documents: both load, the mutant is rejected; its reason."""
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([ZHEJIANG_MD, bad, SHANGHAI_MD], db)
    assert [p for p, _ in summary.loaded] == [str(ZHEJIANG_MD), str(SHANGHAI_MD)]
    [(path, reason)] = _query(db, "select path, reason from raw.rejected_documents")
    assert path == path_text(bad) and [(path, reason)] == summary.rejected
    assert _query(db, "select count(*) from raw.documents") == [(2,)]
    return reason


# ---------------------------------------------------------------- amounts


def test_a_figure_beyond_decimal_20_4_is_rejected_naming_its_cell(tmp_path: Path) -> None:
    bad = _mutant(tmp_path, "huge.md", ROW_2010601, "2010601\t行政运行\t12,345,678,901,234,567.00\t1,511.89")
    reason = _batch_goes_on(tmp_path, bad)
    assert "L53 c3" in reason and "12345678901234567.00" in reason and "16 digits before the point" in reason
    assert "收入决算表" in reason


def test_a_figure_with_more_decimals_than_stored_is_rejected_not_rounded(tmp_path: Path) -> None:
    bad = _mutant(tmp_path, "decimals.md", ROW_2010601, "2010601\t行政运行\t1,511.90001\t1,511.89")
    reason = _batch_goes_on(tmp_path, bad)
    assert "L53 c3" in reason and "1511.90001" in reason and "more than 4 decimals" in reason


def test_trailing_zeros_beyond_four_decimals_lose_nothing_and_load(tmp_path: Path) -> None:
    good = _mutant(tmp_path, "zeros.md", ROW_2010601, "2010601\t行政运行\t1,511.900000\t1,511.89")
    [income] = [t for t in extract_document(good).tables if t.table_kind == "income_by_function"]
    assert [str(f.value) for f in income.facts if (f.row_key, f.column_key) == ("2010601", "total")] == ["1511.900000"]


# ---------------------------------------------------------------- containment


def test_a_crash_inside_the_normaliser_rejects_that_document_only(tmp_path: Path, monkeypatch) -> None:
    real = pipeline.normalise

    def crash_on_one(doc):
        if doc.path.endswith("crash.md"):
            raise IndexError("list index out of range")
        return real(doc)

    monkeypatch.setattr(pipeline, "normalise", crash_on_one)
    bad = tmp_path / "crash.md"
    bad.write_bytes(SHANGHAI_MD.read_bytes() + b"\n")
    reason = _batch_goes_on(tmp_path, bad)
    assert reason == f"{bad}: normalising failed: IndexError: list index out of range"


def test_a_failing_write_is_rolled_back_and_recorded(tmp_path: Path, monkeypatch) -> None:
    real = pipeline.write_document

    def fail_after_the_first_insert(con, record, tables, unmapped=()):
        if record.path.endswith("unwritable.md"):
            con.execute("begin transaction")
            con.execute("insert into raw.documents select * from raw.documents where false")
            con.execute("rollback")
            raise duckdb.ConversionException("Could not convert string to DECIMAL(20,4)")
        return real(con, record, tables, unmapped)

    monkeypatch.setattr(pipeline, "write_document", fail_after_the_first_insert)
    bad = tmp_path / "unwritable.md"
    bad.write_bytes(SHANGHAI_MD.read_bytes() + b"\n")
    reason = _batch_goes_on(tmp_path, bad)
    assert reason.startswith(f"{bad}: writing failed: ConversionException")


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx", ".md"])
def test_a_truncated_file_is_rejected_naming_it(tmp_path: Path, suffix: str) -> None:
    source = next(SAMPLES.glob(f"*{suffix}"))
    bad = tmp_path / f"truncated{suffix}"
    data = source.read_bytes()
    bad.write_bytes(data[: len(data) // 3] if suffix != ".md" else b"\xff\xfe\x00garbage")
    reason = _batch_goes_on(tmp_path, bad)
    assert reason.startswith(str(bad))


def test_a_file_that_cannot_be_opened_is_rejected(tmp_path: Path, monkeypatch) -> None:
    real = pipeline.content_hash

    def refuse_one(path: Path) -> str:
        if path.name == "locked.md":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(pipeline, "content_hash", refuse_one)
    bad = tmp_path / "locked.md"
    bad.write_bytes(SHANGHAI_MD.read_bytes())
    assert _batch_goes_on(tmp_path, bad).startswith(f"{bad}: reading failed: PermissionError")


# ---------------------------------------------------------------- file names


def test_a_file_name_that_is_not_utf8_is_loaded_and_stored_losslessly(tmp_path: Path) -> None:
    name = os.fsdecode(b"\xb2\xc6\xd5\xfe-gbk-name.md")  # 财政 in GBK: not UTF-8
    odd = tmp_path / name
    odd.write_bytes(SHANGHAI_MD.read_bytes())
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([odd], db)
    assert [n for _, n in summary.loaded] == [SHANGHAI_FACTS]
    [(stored, file_name)] = _query(db, "select path, file_name from raw.documents")
    assert stored.endswith("\\xb2\\xc6\\xd5\\xfe-gbk-name.md") and file_name == "\\xb2\\xc6\\xd5\\xfe-gbk-name.md"
    assert path_of(stored) == odd and path_of(stored).read_bytes() == SHANGHAI_MD.read_bytes()


def test_a_rejected_document_with_such_a_name_is_recorded(tmp_path: Path) -> None:
    odd = tmp_path / os.fsdecode(b"\xff.md")
    odd.write_text("没有表格\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    ingest_paths([odd], db)
    [(path, reason)] = _query(db, "select path, reason from raw.rejected_documents")
    assert path.endswith("/\\xff.md") and reason.startswith(path) and path_of(path) == odd


def test_readable_names_are_stored_as_they_are() -> None:
    assert path_text(Path("/数据/报告 2024.pdf")) == "/数据/报告 2024.pdf"
    assert path_of("/数据/报告 2024.pdf") == Path("/数据/报告 2024.pdf")


def test_extract_of_a_missing_file_names_it() -> None:
    with pytest.raises(DocumentError, match="no such file"):
        extract_document(Path("/nowhere/report.md"))
