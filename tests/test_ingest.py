"""Ingest: idempotent by content hash, a document whole or not at all, rejections recorded, batch goes on."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from loaders.pipeline import extract_document, ingest_paths
from tests.conftest import SAMPLES, SEED_002, query, shared_file


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
    assert query(db, "select count(*) from raw.documents") == [(1,)]
    assert query(db, "select count(*) from raw.facts") == [(585,)]


@pytest.mark.parametrize("batch_documents", [1, 64], ids=["written before the copy", "copy in the same batch"])
def test_a_copy_of_a_document_loaded_in_the_same_ingest_is_skipped(tmp_path: Path, batch_documents: int) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("a.md", "b.md"):
        shutil.copyfile(SAMPLES / "shanghai-2024-putuo-finance-bureau.md", folder / name)
    summary = ingest_paths([folder], tmp_path / "w.duckdb", batch_documents=batch_documents)
    assert [Path(name).name for name, _ in summary.loaded] == ["a.md"]
    assert [Path(name).name for name in summary.skipped] == ["b.md"]
    assert query(tmp_path / "w.duckdb", "select count(*) from raw.documents") == [(1,)]


def test_amounts_are_stored_as_exact_decimals(seed: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    ingest_paths([seed], db)
    assert query(db, "select typeof(value) from raw.facts limit 1") == [("DECIMAL(20,4)",)]
    total = query(
        db,
        "select sum(value) from raw.facts where table_kind = 'gpb_basic_expenditure_by_economic' "
        "and row_key like '301__'",
    )
    assert total == [(Decimal("254.1000"),)]  # the published 301 items, summed exactly


def test_tables_record_kind_number_span_and_declared_emptiness(seed: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    ingest_paths([seed], db)
    rows = query(
        db,
        "select table_no, page_start, page_end, line_start, is_empty from raw.tables "
        "where table_kind = 'gov_fund_by_function'",
    )
    assert rows == [("公开09表", 17, 17, 565, True)]


def test_an_unknown_header_keeps_its_table_unmapped_and_loads_the_rest(seed: Path, tmp_path: Path) -> None:
    broken = _broken_copy(seed, "broken.txt")
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([broken, seed], db)
    assert [p for p, _ in summary.loaded] == [str(broken), str(seed)]
    assert summary.tally() == (
        "loaded 1, loaded with unmapped rows 1 (4 rows), rejected 0, "
        "skipped 0 (0 already loaded, 0 not a report format)"
    )
    assert summary.describe().splitlines()[-1] == summary.tally()
    rows = query(
        db,
        "select u.table_kind, u.text, u.figures, u.page, u.line, u.reason from raw.unmapped_rows u "
        "join raw.documents d using (document_id) where d.path = '" + str(broken) + "' order by row_seq",
    )
    # the table's body is kept line by line as printed (the unit's name wraps over two lines)
    assert [r[1] for r in rows] == [
        "合计 2,209.05 280.40 1,928.65 0.00 0.00 0.00",
        "绍兴市越城区大数据发展管理中心（本",
        "级）",
        "2,209.05 280.40 1,928.65 0.00 0.00 0.00",
    ]
    assert {r[0] for r in rows} == {"expenditure_by_unit"}
    assert all("unknown header label '神秘支出'" in r[5] and r[3] == 8 and r[4] for r in rows)
    assert rows[0][2] == ["2,209.05", "280.40", "1,928.65", "0.00", "0.00", "0.00"]
    # every other table of the broken copy loaded: only the by-unit table's 12 figures are missing
    counts = query(db, "select d.path, count(*) from raw.facts join raw.documents d using (document_id) group by 1")
    assert dict(counts) == {str(seed): 585, str(broken): 585 - 12}


def test_a_figure_that_is_not_a_number_keeps_its_row_naming_its_line(seed: Path) -> None:
    printed = "2013750 事业运行 219.25 219.25"
    text = seed.read_text(encoding="utf-8").replace(printed, printed[:-6] + "2l9.25", 1)
    bad = seed.with_name("bad-figure.txt")
    bad.write_text(text, encoding="utf-8")
    [row] = extract_document(bad).unmapped
    assert row.text == "2013750 事业运行 219.25 2l9.25 0.00 0.00 0.00 0.00 0.00" and row.line is not None
    assert "'2l9.25' is not an amount" in row.reason


def test_a_document_rejected_then_fixed_is_loaded(seed: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    target = seed.with_name("fixed-later.txt")
    target.write_text("二、部门决算公开表\n没有表格\n", encoding="utf-8")
    ingest_paths([target], db)
    assert query(db, "select count(*) from raw.rejected_documents") == [(1,)]
    target.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    ingest_paths([target], db)
    assert query(db, "select count(*) from raw.documents") == [(1,)]
