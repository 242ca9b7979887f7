"""Ingest: idempotent by content hash, a document whole or not at all, rejections recorded, batch goes on."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from loaders.model import DocumentError
from loaders.pipeline import extract_document, ingest_paths
from tests.conftest import SEED_002, shared_file


def _query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    copy = tmp_path / "docs" / "zhejiang-2024.txt"
    copy.parent.mkdir()
    copy.write_text(shared_file(SEED_002).read_text(encoding="utf-8"), encoding="utf-8")
    return copy


def _broken_copy(seed: Path, name: str) -> Path:
    """The seed with one 公开04表 header label changed to words no layout map knows."""
    text = seed.read_text(encoding="utf-8")
    broken = seed.with_name(name)
    broken.write_text(text.replace("上缴上级支出 经营支出", "上缴上级支出 神秘支出", 1), encoding="utf-8")
    return broken


def test_ingest_is_idempotent_by_content_hash(seed: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    first = ingest_paths([seed], db)
    second = ingest_paths([seed.parent], db)
    assert [n for _, n in first.loaded] == [585]
    assert second.loaded == [] and second.skipped == [str(seed)]
    assert _query(db, "select count(*) from raw.documents") == [(1,)]
    assert _query(db, "select count(*) from raw.facts") == [(585,)]


def test_amounts_are_stored_as_exact_decimals(seed: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    ingest_paths([seed], db)
    assert _query(db, "select typeof(value) from raw.facts limit 1") == [("DECIMAL(20,4)",)]
    total = _query(
        db,
        "select sum(value) from raw.facts where table_kind = 'gpb_basic_expenditure_by_economic' "
        "and row_key like '301__'",
    )
    assert total == [(Decimal("254.1000"),)]  # the published 301 items, summed exactly


def test_tables_record_kind_number_span_and_declared_emptiness(seed: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    ingest_paths([seed], db)
    rows = _query(
        db,
        "select table_no, page_start, page_end, line_start, is_empty from raw.tables "
        "where table_kind = 'gov_fund_by_function'",
    )
    assert rows == [("公开09表", 17, 17, 565, True)]


def test_unknown_header_rejects_the_whole_document_and_the_batch_goes_on(seed: Path, tmp_path: Path) -> None:
    broken = _broken_copy(seed, "broken.txt")
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([broken, seed], db)
    assert [p for p, _ in summary.loaded] == [str(seed)]
    [(path, reason)] = _query(db, "select path, reason from raw.rejected_documents")
    assert path == str(broken)
    assert "神秘支出" in reason and "支出决算表（分单位）" in reason and re.search(r"page \d+, line \d+", reason)
    # nothing of the rejected document is in the warehouse
    assert _query(db, "select count(distinct document_id) from raw.facts") == [(1,)]


def test_extract_names_file_table_and_line_of_an_unknown_header(seed: Path) -> None:
    broken = _broken_copy(seed, "broken.txt")
    with pytest.raises(DocumentError) as err:
        extract_document(broken)
    message = str(err.value)
    assert str(broken) in message and "expenditure_by_unit" in message and "unknown header label" in message


def test_a_figure_that_is_not_a_number_names_its_line(seed: Path) -> None:
    printed = "2013750 事业运行 219.25 219.25"
    text = seed.read_text(encoding="utf-8").replace(printed, printed[:-6] + "2l9.25", 1)
    bad = seed.with_name("bad-figure.txt")
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DocumentError, match=r"line \d+"):
        extract_document(bad)


def test_a_document_rejected_then_fixed_is_loaded(seed: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    target = seed.with_name("fixed-later.txt")
    target.write_text("二、部门决算公开表\n没有表格\n", encoding="utf-8")
    ingest_paths([target], db)
    assert _query(db, "select count(*) from raw.rejected_documents") == [(1,)]
    target.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    ingest_paths([target], db)
    assert _query(db, "select count(*) from raw.documents") == [(1,)]
