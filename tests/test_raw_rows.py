"""The one writer of the raw layer: every raw table's rows as Arrow, documents written whole in
batches, a failing document rejected alone."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from loaders.batch_writer import DocumentWriter
from loaders.pipeline import IngestSummary, LoadedDocument, extract_document
from loaders.raw_rows import DuplicateKey, amount, raw_schemas, to_arrow, write_rows
from loaders.warehouse import connect, document_rows
from tests.conftest import SAMPLES, juesuan

SHANGHAI_MD = SAMPLES / "shanghai-2024-putuo-finance-bureau.md"


def _copy(loaded: LoadedDocument, n: int) -> LoadedDocument:
    """The same document under another content hash."""
    record = dataclasses.replace(loaded.record, content_hash=f"{n:016x}" + "0" * 48, path=f"copy-{n}.md")
    return dataclasses.replace(loaded, record=record)


@pytest.fixture(scope="module")
def shanghai() -> LoadedDocument:
    return extract_document(SHANGHAI_MD)


def test_every_raw_table_has_an_arrow_schema_from_the_ddl(tmp_path: Path) -> None:
    with connect(tmp_path / "w.duckdb") as con:
        tables = {
            name
            for (name,) in con.execute("select table_name from duckdb_tables() where schema_name = 'raw'").fetchall()
        }
    assert set(raw_schemas()) == tables
    assert str(raw_schemas()["facts"].field("value").type) == "decimal128(20, 4)"


def test_a_document_round_trips_every_table_exactly(tmp_path: Path, shanghai: LoadedDocument) -> None:
    rows = document_rows(shanghai.record, shanghai.tables, shanghai.unmapped, shanghai.narrative)
    with connect(tmp_path / "w.duckdb") as con:
        write_rows(con, [rows])
        for table, expected in rows.items():
            (count,) = con.execute(f"select count(*) from raw.{table}").fetchone()
            assert count == len(expected), table
        stored = con.execute("select sum(value), sum(cast(value_text as decimal(20, 4))) from raw.facts").fetchone()
    assert stored[0] == stored[1] == sum(Decimal(f.value_text) for t in shanghai.tables for f in t.facts)
    assert len(rows["facts"]) > 100 and rows["statements"], "the sample states figures in its narrative"


def test_amounts_round_as_duckdb_casts() -> None:
    texts = ["1.23455", "-1.23455", "0.00005", "12", "-0.5"]
    with duckdb.connect() as con:
        cast = [con.execute("select cast(? as decimal(20, 4))", [t]).fetchone()[0] for t in texts]
    assert [amount(t) for t in texts] == cast


def test_an_unknown_table_is_refused() -> None:
    with pytest.raises(ValueError, match="no raw table named nonsense"):
        to_arrow({"nonsense": [{"a": 1}]})


def test_a_batch_is_written_whole_and_a_failing_document_is_rejected_alone(
    tmp_path: Path, shanghai: LoadedDocument
) -> None:
    good = [_copy(shanghai, n) for n in range(1, 4)]
    first = shanghai.tables[0]
    huge = dataclasses.replace(first.facts[0], value=Decimal(10**20), value_text=str(10**20))  # beyond DECIMAL(20, 4)
    table = dataclasses.replace(first, facts=[huge, *first.facts[1:]])
    broken = dataclasses.replace(_copy(shanghai, 9), tables=[table, *shanghai.tables[1:]])
    summary = IngestSummary()
    with connect(tmp_path / "w.duckdb") as con:
        writer = DocumentWriter(con, summary, batch_documents=10)
        for doc in [good[0], broken, *good[1:]]:
            writer.add(doc.record.path, doc)
        assert con.execute("select count(*) from raw.documents").fetchone()[0] == 0, "nothing before the flush"
        writer.flush()
        loaded = [p for (p,) in con.execute("select path from raw.documents order by path").fetchall()]
        rejected = con.execute("select path, reason from raw.rejected_documents").fetchall()
    assert loaded == [d.record.path for d in good]
    assert [p for p, _ in summary.loaded] == [d.record.path for d in good]
    assert rejected == summary.rejected and rejected[0][0] == "copy-9.md"
    assert rejected[0][1].startswith("copy-9.md: writing failed: ")


def test_replace_takes_out_a_documents_earlier_rows(tmp_path: Path, shanghai: LoadedDocument) -> None:
    fewer = dataclasses.replace(shanghai, tables=shanghai.tables[:1], unmapped=[])
    with connect(tmp_path / "w.duckdb") as con:
        write_rows(con, [document_rows(shanghai.record, shanghai.tables, narrative=shanghai.narrative)])
        write_rows(con, [document_rows(fewer.record, fewer.tables, narrative=shanghai.narrative)], replace=True)
        facts = con.execute("select count(*) from raw.facts").fetchone()[0]
        documents = con.execute("select count(*) from raw.documents").fetchone()[0]
    assert documents == 1 and facts == len(shanghai.tables[0].facts)


def test_a_fact_key_given_twice_is_refused_without_an_index(tmp_path: Path, shanghai: LoadedDocument) -> None:
    """raw.facts has no primary-key index (it was most of the file): the writer checks the key."""
    first = shanghai.tables[0]
    twice = dataclasses.replace(first, facts=[first.facts[0], *first.facts])
    doubled = dataclasses.replace(_copy(shanghai, 7), tables=[twice, *shanghai.tables[1:]])
    summary = IngestSummary()
    with connect(tmp_path / "w.duckdb") as con:
        indexes = con.execute("select count(*) from duckdb_indexes() where table_name = 'facts'").fetchone()[0]
        constraints = con.execute(
            "select count(*) from duckdb_constraints() where table_name = 'facts' and constraint_type = 'PRIMARY KEY'"
        ).fetchone()[0]
        with pytest.raises(DuplicateKey, match=r"raw.facts: 1 key\(s\) given more than once"):
            write_rows(con, [document_rows(doubled.record, doubled.tables)])
        writer = DocumentWriter(con, summary)
        writer.add("copy-7.md", doubled)
        writer.add("copy-8.md", _copy(shanghai, 8))
        writer.flush()
        facts = con.execute("select count(*) from raw.facts").fetchone()[0]
    assert indexes == constraints == 0
    assert [p for p, _ in summary.loaded] == ["copy-8.md"] and [p for p, _ in summary.rejected] == ["copy-7.md"]
    assert "given more than once" in summary.rejected[0][1]
    assert facts == sum(len(t.facts) for t in shanghai.tables)


def test_the_dbt_source_test_finds_a_fact_key_given_twice(tmp_path: Path, shanghai: LoadedDocument) -> None:
    """The whole table's check (the writer's covers each batch): a row slipped in by hand fails it."""
    pytest.importorskip("dbt", reason="the warehouse extra (dbt) is not installed")
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        write_rows(con, [document_rows(shanghai.record, shanghai.tables)])
        con.execute("insert into raw.facts select * from raw.facts limit 1")
    done = juesuan("build", "--db", str(db), "--select", "source:raw.facts", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "FAIL" in done.stdout and "raw_facts_one_figure_per_document_table_row_column" in done.stdout
