"""The warehouse's raw layer: documents, tables and facts in DuckDB, one transaction per document."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from loaders import PARSER_VERSION
from loaders.model import Fact, Table, UnmappedRow
from loaders.narrative.reader import Narrative
from loaders.narrative.store import NARRATIVE_DDL, narrative_rows
from loaders.raw_rows import RawRows, amount, write_rows

if TYPE_CHECKING:  # imported where used: `juesuan extract` and the readers never load them
    import duckdb

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
    doc_level      varchar,  -- department (部门, with its units) | unit (单位) | null when not printed
    file_size      bigint,  -- of the file when read, and its
    file_mtime_ns  bigint   -- modification time (ns): a re-ingest skips a file unchanged by path, size and time
);
-- warehouses made before these columns
alter table raw.documents add column if not exists doc_kind varchar default 'final';
alter table raw.documents add column if not exists doc_level varchar;
alter table raw.documents add column if not exists file_size bigint;
alter table raw.documents add column if not exists file_mtime_ns bigint;
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
-- (document_id, table_seq, row_key, column_key) is unique, but not by a primary-key index: that index
-- was 83% of the file. raw_rows.UNIQUE_KEYS is checked on every write and by the dbt source test.
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
    source      varchar not null  -- page/line/cell the figure was read from
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
    title_page  integer,  -- where the table's title is printed
    title_line  integer,
    primary key (document_id, row_seq)
);
-- warehouses written before unmapped rows carried their table's title place
alter table raw.unmapped_rows add column if not exists title_page integer;
alter table raw.unmapped_rows add column if not exists title_line integer;
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
    file_size: int | None = None  # bytes, and
    file_mtime_ns: int | None = None  # modification time of the file when read: a re-ingest skips it unread

    @property
    def document_id(self) -> str:
        return self.content_hash[:16]


def content_hash(path: Path) -> str:
    """sha256 of the file's bytes, read in chunks (a large file is never held in memory)."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def raw_ddl() -> str:
    """The DDL of every raw table (created if missing)."""
    return RAW_DDL + NARRATIVE_DDL


def connect(db_path: Path) -> duckdb.DuckDBPyConnection:
    import duckdb

    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path), config=WAREHOUSE_CONFIG)
    con.execute(raw_ddl())
    return con


def document_rows(
    doc: DocumentRecord,
    tables: list[Table],
    unmapped: list[UnmappedRow] | tuple[UnmappedRow, ...] = (),
    narrative: Narrative | None = None,
    ingested_at: datetime | None = None,
) -> RawRows:
    """One document's rows of every raw table it fills."""
    document = {
        "document_id": doc.document_id,
        "content_hash": doc.content_hash,
        "path": doc.path,
        "file_name": Path(doc.path).name,
        "format": doc.format,
        "region": doc.region,
        "department": doc.department,
        "year": doc.year,
        "unit": doc.unit,
        "parser_version": PARSER_VERSION,
        "ingested_at": ingested_at or _now(),
        "doc_kind": doc.doc_kind,
        "doc_level": doc.doc_level,
        "file_size": doc.file_size,
        "file_mtime_ns": doc.file_mtime_ns,
    }
    rows: RawRows = {
        "documents": [document],
        "tables": [_table_row(doc.document_id, t) for t in tables],
        "facts": [_fact_row(doc.document_id, f) for t in tables for f in t.facts],
        "unmapped_rows": [_unmapped_row(doc.document_id, n, r) for n, r in enumerate(unmapped, start=1)],
    }
    if narrative is not None:
        rows |= narrative_rows(doc.document_id, narrative)
    return rows


def write_document(
    con: duckdb.DuckDBPyConnection,
    doc: DocumentRecord,
    tables: list[Table],
    unmapped: list[UnmappedRow] | tuple[UnmappedRow, ...] = (),
    narrative: Narrative | None = None,
) -> int:
    """Insert one document with its tables, facts, unmapped rows and narrative in one transaction; return
    the fact count."""
    rows = document_rows(doc, tables, unmapped, narrative)
    write_rows(con, [rows])
    return len(rows["facts"])


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _table_row(document_id: str, t: Table) -> dict[str, object]:
    return {
        "document_id": document_id,
        "table_seq": t.seq,
        "table_kind": t.table_kind,
        "table_no": t.table_no,
        "title": t.title,
        "unit": t.unit,
        "is_empty": t.is_empty,
        "empty_note": t.empty_note,
        "page_start": t.page_start,
        "page_end": t.page_end,
        "line_start": t.line_start,
        "line_end": t.line_end,
    }


def _fact_row(document_id: str, f: Fact) -> dict[str, object]:
    return {
        "document_id": document_id,
        "table_seq": f.table_seq,
        "table_kind": f.table_kind,
        "row_key": f.row_key,
        "row_label": f.row_label,
        "column_key": f.column_key,
        "value": amount(f.value_text),  # the published text, exact
        "value_text": f.value_text,
        "unit": f.unit,
        "page": f.page,
        "line": f.line,
        "source": f.source,
    }


def _unmapped_row(document_id: str, row_seq: int, row: UnmappedRow) -> dict[str, object]:
    return {
        "document_id": document_id,
        "row_seq": row_seq,
        "table_seq": row.table_seq,
        "table_kind": row.table_kind,
        "table_no": row.table_no,
        "table_title": row.table_title,
        "page": row.page,
        "line": row.line,
        "source": row.source,
        "text": row.text,
        "figures": list(row.figures),
        "reason": row.reason,
        "title_page": row.title_page,
        "title_line": row.title_line,
    }


def rejection_rows(digest: str, path: str, fmt: str | None, reason: str) -> RawRows:
    row = {"content_hash": digest, "path": path, "format": fmt, "reason": reason}
    return {"rejected_documents": [row | {"parser_version": PARSER_VERSION, "rejected_at": _now()}]}


def record_rejection(con: duckdb.DuckDBPyConnection, digest: str, path: str, fmt: str | None, reason: str) -> None:
    """Record why a document was not loaded (replacing an earlier rejection of the same content)."""
    write_rows(con, [rejection_rows(digest, path, fmt, reason)])
