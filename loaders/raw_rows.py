"""Every raw table's rows as Arrow, and the one writer that inserts them.

A document is a `RawRows` bundle: per raw table (documents, tables, facts, unmapped_rows, narratives,
narrative_rows, statements, rejected_documents, whatever the DDL holds), its rows as column → value
dicts. `to_arrow` types them by the warehouse's own DDL, so a column added there needs no change
here; the same Arrow tables go into DuckDB (`write_rows`) or into Parquet shards (loaders.shards).
Money stays exact: a Decimal becomes decimal128(20, 4), never a float.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: `juesuan extract` never loads them
    import duckdb
    import pyarrow as pa

RawRows = dict[str, list[dict[str, object]]]

_NEW_ROWS = "juesuan_new_rows"
_SCALE = Decimal("0.0001")  # of every stored amount: DECIMAL(20, 4)


def amount(value_text: str) -> Decimal:
    """A printed figure as stored: exact, at the four decimals of DECIMAL(20, 4) (rounded half away
    from zero, as DuckDB casts; the loaders reject a figure that rounding would change)."""
    return Decimal(value_text).quantize(_SCALE, rounding=ROUND_HALF_UP)


@cache
def raw_schemas() -> dict[str, pa.Schema]:
    """The Arrow schema of every raw table, from the DDL the warehouse is created with."""
    import duckdb

    from loaders.warehouse import raw_ddl

    with duckdb.connect() as con:
        con.execute(raw_ddl())
        names = [
            name
            for (name,) in con.execute("select table_name from duckdb_tables() where schema_name = 'raw'").fetchall()
        ]
        return {name: con.sql(f'select * from raw."{name}" limit 0').to_arrow_table().schema for name in names}


def merge(bundles: Iterable[RawRows]) -> RawRows:
    """The rows of several documents, table by table."""
    merged: RawRows = {}
    for bundle in bundles:
        for table, rows in bundle.items():
            merged.setdefault(table, []).extend(rows)
    return merged


def to_arrow(rows: RawRows) -> dict[str, pa.Table]:
    """One Arrow table per raw table that has rows, typed by the DDL (a column not given is null)."""
    import pyarrow as pa

    schemas = raw_schemas()
    unknown = sorted(set(rows) - set(schemas))
    if unknown:
        raise ValueError(f"no raw table named {', '.join(unknown)}")
    return {table: pa.Table.from_pylist(found, schema=schemas[table]) for table, found in rows.items() if found}


def per_document_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The raw tables with a document_id column."""
    found = con.execute(
        "select table_name from duckdb_columns() where database_name = current_database() "
        "and schema_name = 'raw' and column_name = 'document_id' order by table_name"
    ).fetchall()
    return [name for (name,) in found]


def insert_arrow(con: duckdb.DuckDBPyConnection, tables: dict[str, pa.Table]) -> None:
    """Insert Arrow tables into the raw tables of the same names (inside the caller's transaction)."""
    for name, table in tables.items():
        con.register(_NEW_ROWS, table)
        try:
            con.execute(f'insert into raw."{name}" by name select * from {_NEW_ROWS}')
        finally:
            con.unregister(_NEW_ROWS)


def write_rows(con: duckdb.DuckDBPyConnection, bundles: list[RawRows], replace: bool = False) -> None:
    """Insert the rows of whole documents in one transaction: all of them or none.

    A document's row (or a new rejection) replaces any earlier rejection of the same content; with
    `replace`, also every row the documents had before (a document read again by a newer parser).
    """
    merged = merge(bundles)
    hashes = [row["content_hash"] for table in ("documents", "rejected_documents") for row in merged.get(table, [])]
    documents = [row["document_id"] for row in merged.get("documents", [])]
    tables = to_arrow(merged)
    con.execute("begin transaction")
    try:
        if hashes:
            con.execute("delete from raw.rejected_documents where content_hash in (select unnest(?))", [hashes])
        if replace and documents:
            for name in per_document_tables(con):
                con.execute(f'delete from raw."{name}" where document_id in (select unnest(?))', [documents])
        insert_arrow(con, tables)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
