"""The warehouse's raw layer: documents, tables and facts in DuckDB, one transaction per document."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from loaders import PARSER_VERSION
from loaders.model import Table, UnmappedRow
from loaders.narrative.reader import Narrative
from loaders.narrative.store import NARRATIVE_DDL, write_narrative

if TYPE_CHECKING:  # imported where used: `juesuan extract` and the readers never load them
    import duckdb
    import pandas as pd

DEFAULT_DB = Path("warehouse/juesuan.duckdb")

# The storage format a new warehouse file is written in. duckdb 2.x writes version 69 by default,
# which duckdb-cli 1.5, DBeaver and R (duckdb 1.x) cannot open; a file created with this setting
# they read, and later writers keep the file's format.
STORAGE_VERSION = "v1.4.0"
WAREHOUSE_CONFIG = {"storage_compatibility_version": STORAGE_VERSION}

RAW_DDL = """
create schema if not exists raw;
create table if not exists raw.documents (
    document_id    varchar primary key,  -- first 16 hex digits of the content hash
    content_hash   varchar not null unique,  -- sha256 of the file bytes
    path           varchar not null,
    file_name      varchar not null,
    format         varchar not null,  -- pdf | text | markdown | xlsx
    region         varchar,
    department     varchar,
    year           integer,
    unit           varchar,  -- 万元 or 元, as published
    parser_version varchar not null,
    ingested_at    timestamp not null,
    doc_kind       varchar not null default 'final',  -- final (决算) | budget (预算)
    doc_level      varchar  -- department (部门, with its units) | unit (单位) | null when not printed
);
-- warehouses written before documents had a kind
alter table raw.documents add column if not exists doc_kind varchar default 'final';
alter table raw.documents add column if not exists doc_level varchar;
create table if not exists raw.tables (
    document_id varchar not null,
    table_seq   integer not null,  -- order in the document, from 1
    table_kind  varchar not null,
    table_no    varchar,  -- as printed: 公开01表, 表1, or null
    title       varchar not null,
    unit        varchar not null,
    is_empty    boolean not null,  -- the document says it has no data (本表无数据)
    empty_note  varchar,
    page_start  integer,
    page_end    integer,
    line_start  integer,
    line_end    integer,
    primary key (document_id, table_seq)
);
create table if not exists raw.facts (
    document_id varchar not null,
    table_seq   integer not null,
    table_kind  varchar not null,
    row_key     varchar not null,
    row_label   varchar not null,
    column_key  varchar not null,
    value       decimal(20, 4) not null,
    value_text  varchar not null,  -- as published, thousands separators removed
    unit        varchar not null,
    page        integer,
    line        integer,
    source      varchar not null,  -- page/line/cell the figure was read from
    primary key (document_id, table_seq, row_key, column_key)
);
create table if not exists raw.unmapped_rows (
    document_id varchar not null,
    row_seq     integer not null,  -- order in the document, from 1
    table_seq   integer,  -- null when the table itself was not recognised
    table_kind  varchar,
    table_no    varchar,
    table_title varchar not null,
    page        integer,
    line        integer,
    source      varchar not null,  -- page/line/cell of the row's first printed cell
    text        varchar not null,  -- the row as printed, cells separated by one space
    figures     varchar[] not null,  -- its figures as printed
    reason      varchar not null,  -- why no key was found
    primary key (document_id, row_seq)
);
create table if not exists raw.rejected_documents (
    content_hash   varchar not null,
    path           varchar not null,
    format         varchar,
    reason         varchar not null,
    parser_version varchar not null,
    rejected_at    timestamp not null
);
"""


@dataclass(frozen=True)
class DocumentRecord:
    """Metadata of one loaded document."""

    content_hash: str
    path: str
    format: str
    region: str | None
    department: str | None
    year: int | None
    unit: str | None
    doc_kind: str = "final"
    doc_level: str | None = None

    @property
    def document_id(self) -> str:
        return self.content_hash[:16]


def content_hash(path: Path) -> str:
    """sha256 of the file's bytes, read in chunks (a large file is never held in memory)."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def connect(db_path: Path) -> duckdb.DuckDBPyConnection:
    import duckdb

    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path), config=WAREHOUSE_CONFIG)
    con.execute(RAW_DDL)
    con.execute(NARRATIVE_DDL)
    return con


def is_loaded(con: duckdb.DuckDBPyConnection, digest: str) -> bool:
    found = con.execute("select 1 from raw.documents where content_hash = ?", [digest]).fetchone()
    return found is not None


def write_document(
    con: duckdb.DuckDBPyConnection,
    doc: DocumentRecord,
    tables: list[Table],
    unmapped: list[UnmappedRow] | tuple[UnmappedRow, ...] = (),
    narrative: Narrative | None = None,
) -> int:
    """Insert one document with its tables, facts, unmapped rows and narrative in one transaction; return
    the fact count."""
    now = datetime.now(UTC).replace(tzinfo=None)
    con.execute("begin transaction")
    try:
        # A document rejected earlier and now loaded is no longer rejected.
        con.execute("delete from raw.rejected_documents where content_hash = ?", [doc.content_hash])
        con.execute(
            "insert into raw.documents values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                doc.document_id,
                doc.content_hash,
                doc.path,
                Path(doc.path).name,
                doc.format,
                doc.region,
                doc.department,
                doc.year,
                doc.unit,
                PARSER_VERSION,
                now,
                doc.doc_kind,
                doc.doc_level,
            ],
        )
        if tables:  # a narrative-only document (详见附表) has none
            con.executemany(
                "insert into raw.tables values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [
                        doc.document_id,
                        t.seq,
                        t.table_kind,
                        t.table_no,
                        t.title,
                        t.unit,
                        t.is_empty,
                        t.empty_note,
                        t.page_start,
                        t.page_end,
                        t.line_start,
                        t.line_end,
                    ]
                    for t in tables
                ],
            )
        facts = _facts_frame(doc.document_id, tables)
        if len(facts):
            # Values travel as their published text and are cast in SQL: exact, and one bulk insert.
            con.register("new_facts", facts)
            con.execute(
                "insert into raw.facts select document_id, table_seq, table_kind, row_key, row_label, "
                "column_key, cast(value_text as decimal(20, 4)), value_text, unit, page, line, source "
                "from new_facts"
            )
            con.unregister("new_facts")
        if unmapped:
            con.executemany(
                "insert into raw.unmapped_rows values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [[doc.document_id, n, *_unmapped_values(r)] for n, r in enumerate(unmapped, start=1)],
            )
        if narrative is not None:
            write_narrative(con, doc.document_id, narrative)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return len(facts)


def _unmapped_values(row: UnmappedRow) -> list[object]:
    where = [row.table_seq, row.table_kind, row.table_no, row.table_title, row.page, row.line, row.source]
    return [*where, row.text, list(row.figures), row.reason]


def _facts_frame(document_id: str, tables: list[Table]) -> pd.DataFrame:
    rows = [
        {
            "document_id": document_id,
            "table_seq": f.table_seq,
            "table_kind": f.table_kind,
            "row_key": f.row_key,
            "row_label": f.row_label,
            "column_key": f.column_key,
            "value_text": f.value_text,
            "unit": f.unit,
            "page": f.page,
            "line": f.line,
            "source": f.source,
        }
        for t in tables
        for f in t.facts
    ]
    import pandas as pd

    frame = pd.DataFrame(rows, columns=FACT_FRAME_COLUMNS)
    return frame.astype({"table_seq": "int32", "page": "Int32", "line": "Int32"})


FACT_FRAME_COLUMNS = [
    "document_id",
    "table_seq",
    "table_kind",
    "row_key",
    "row_label",
    "column_key",
    "value_text",
    "unit",
    "page",
    "line",
    "source",
]


def record_rejection(con: duckdb.DuckDBPyConnection, digest: str, path: str, fmt: str | None, reason: str) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    con.execute("delete from raw.rejected_documents where content_hash = ?", [digest])
    con.execute(
        "insert into raw.rejected_documents values (?, ?, ?, ?, ?, ?)",
        [digest, path, fmt, reason, PARSER_VERSION, now],
    )
