"""Every raw table's rows as Arrow, and the one writer that inserts them.

A document is a `RawRows` bundle: per raw table (documents, tables, facts, unmapped_rows, narratives,
narrative_rows, statements, rejected_documents, whatever the DDL holds), its rows as column → value
dicts. `to_arrow` types them by the warehouse's own DDL, so a column added there needs no change
here; the same Arrow tables go into DuckDB (`write_rows`) or into Parquet shards (loaders.shards).
Money stays exact: a Decimal becomes decimal128(20, 4), never a float. Text is stored losslessly: a
lone surrogate (a broken PDF font map) is written as its escape (loaders.paths.lossless_text), so one
unreadable glyph never costs a document.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import TYPE_CHECKING

from loaders.paths import lossless_text

if TYPE_CHECKING:  # imported where used: `juesuan extract` never loads them
    import duckdb
    import pyarrow as pa

RawRows = dict[str, list[dict[str, object]]]

_NEW_ROWS = "juesuan_new_rows"

# Keys that must be unique in a raw table that has no index to enforce them: a primary-key index on
# raw.facts took 83% of the warehouse file. Checked on every batch before it is written
# (check_unique), and over the whole table by the dbt source test in models/staging/raw.yml.
UNIQUE_KEYS = {"facts": ("document_id", "table_seq", "row_key", "column_key")}
# Every stored amount is DECIMAL(20, 4): 16 digits before the point, 4 after.
AMOUNT_DIGITS, AMOUNT_DECIMALS = 20, 4
_SCALE = Decimal(1).scaleb(-AMOUNT_DECIMALS)
_LARGEST = Decimal(10) ** (AMOUNT_DIGITS - AMOUNT_DECIMALS)


class DuplicateKey(ValueError):
    """A batch gives a unique key of a raw table twice."""


def amount(value_text: str) -> Decimal:
    """A printed figure as stored: exact, at the four decimals of DECIMAL(20, 4) (rounded half away
    from zero, as DuckDB casts; the loaders reject a figure that rounding would change)."""
    return Decimal(value_text).quantize(_SCALE, rounding=ROUND_HALF_UP)


def amount_problem(value: Decimal) -> str | None:
    """Why a figure cannot be stored exactly, or None when it can."""
    if abs(value) >= _LARGEST:
        return f"has more than {AMOUNT_DIGITS - AMOUNT_DECIMALS} digits before the point"
    if value != value.quantize(_SCALE):
        return f"has more than {AMOUNT_DECIMALS} decimals and would be rounded"
    return None


def unstorable(printed: str, value: Decimal) -> str | None:
    """Why a printed figure cannot be stored exactly, in words that name it, or None when it can."""
    problem = amount_problem(value)
    if problem is None:
        return None
    return f"figure '{printed}' {problem} (the warehouse stores DECIMAL({AMOUNT_DIGITS}, {AMOUNT_DECIMALS}))"


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
    schemas = raw_schemas()
    unknown = sorted(set(rows) - set(schemas))
    if unknown:
        raise ValueError(f"no raw table named {', '.join(unknown)}")
    return {table: _arrow_table(found, schemas[table]) for table, found in rows.items() if found}


def _arrow_table(rows: list[dict[str, object]], schema: pa.Schema) -> pa.Table:
    import pyarrow as pa

    try:
        return pa.Table.from_pylist(rows, schema=schema)
    except UnicodeEncodeError:  # a lone surrogate somewhere: rare, so mended only when met
        return pa.Table.from_pylist([lossless_row(row) for row in rows], schema=schema)


def lossless_row(row: dict[str, object]) -> dict[str, object]:
    """A row whose texts are safe to store and print (loaders.paths.lossless_text)."""
    return {key: lossless_text(value) if isinstance(value, str) else value for key, value in row.items()}


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
    """Insert the rows of whole documents in one transaction: all of them or none (see write_tables)."""
    write_tables(con, to_arrow(merge(bundles)), replace)


def column_values(tables: dict[str, pa.Table], table: str, column: str) -> list:
    """One column of one of the Arrow tables, as Python values ([] when the table has no rows)."""
    return tables[table].column(column).to_pylist() if table in tables else []


def check_unique(tables: dict[str, pa.Table]) -> None:
    """Raise DuplicateKey when a batch gives a key of UNIQUE_KEYS twice (a document's rows always
    travel in one batch, and a document is new or its old rows deleted, so the batch is enough)."""
    import pyarrow.compute as pc

    for name, keys in UNIQUE_KEYS.items():
        if name not in tables:
            continue
        counts = tables[name].group_by(list(keys)).aggregate([([], "count_all")])
        twice = counts.filter(pc.greater(counts["count_all"], 1))
        if twice.num_rows:
            first = ", ".join(f"{key} {value!r}" for key, value in twice.slice(0, 1).to_pylist()[0].items())
            raise DuplicateKey(f"raw.{name}: {twice.num_rows} key(s) given more than once, e.g. {first}")


def write_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, pa.Table], replace: bool = False) -> None:
    """Insert the Arrow tables of whole documents in one transaction: all of them or none.

    A document's row (or a new rejection) replaces any earlier rejection of the same content; with
    `replace`, also every row the documents had before (a document read again by a newer parser).
    """
    check_unique(tables)
    hashes = column_values(tables, "documents", "content_hash") + column_values(
        tables, "rejected_documents", "content_hash"
    )
    documents = column_values(tables, "documents", "document_id")
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
