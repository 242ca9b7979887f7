"""Parquet shards: what the distributed route's extraction tasks write, and how ingest loads them.

A shards folder is a local path or any fsspec URL (s3://bucket/shards, gs://…, memory://…):

    <folder>/<raw table>/<shard id>.parquet   the shard's rows of each raw table it fills, typed by
                                             the warehouse's DDL (loaders.raw_rows.raw_schemas)
    <folder>/_shards/<shard id>.json          its manifest, written last: a shard without one is
                                             unfinished and not loaded

Other engines read a table as one glob (`read_parquet('<folder>/facts/*.parquet')`). `juesuan ingest
<folder>` loads the shards into the warehouse, a shard's documents in one transaction, skipping any
document whose content hash is loaded already (in the warehouse or in an earlier shard), as ingest
skips a file it has loaded.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from loaders import PARSER_VERSION
from loaders.paths import lossless_text
from loaders.raw_rows import RawRows, merge, raw_schemas, to_arrow, write_tables
from loaders.warehouse import record_rejection

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa
    from fsspec import AbstractFileSystem

    from loaders.model import UnmappedRow
    from loaders.pipeline import IngestSummary

MANIFESTS = "_shards"

Rejection = tuple[str, str, str]  # path, content hash, reason


class ShardError(ValueError):
    """A shard that cannot be loaded as its manifest describes it."""


@dataclass
class ShardedDocument:
    """What a manifest says of one document of its shard."""

    path: str
    content_hash: str
    facts: int = 0
    unmapped: int = 0  # rows the maps could not key (rows of tables known but not read are in `unread`)
    unread: list[str] = field(default_factory=list)  # tables known but not read yet, described
    file_size: int | None = None
    file_mtime_ns: int | None = None


@dataclass
class Manifest:
    shard: str
    parser_version: str
    rows: dict[str, int]  # raw table → rows in the shard
    documents: list[ShardedDocument] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    def to_json(self) -> str:
        body = {
            "shard": self.shard,
            "parser_version": self.parser_version,
            "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "rows": self.rows,
            "documents": [vars(d) for d in self.documents],
            "rejected": [list(r) for r in self.rejected],
        }
        return json.dumps(body, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        body = json.loads(text)
        return cls(
            shard=body["shard"],
            parser_version=body["parser_version"],
            rows=body["rows"],
            documents=[ShardedDocument(**d) for d in body["documents"]],
            rejected=[tuple(r) for r in body["rejected"]],
        )


def is_url(location: str) -> bool:
    return "://" in location


def is_shards_folder(location: str) -> bool:
    """Whether a path or URL names a shards folder (any URL does: documents are read from files)."""
    return is_url(location) or (Path(location) / MANIFESTS).is_dir()


def filesystem(location: str) -> tuple[AbstractFileSystem, str]:
    """The fsspec filesystem of a path or URL, and the path within it."""
    from fsspec.core import url_to_fs

    return url_to_fs(location)


def shard_id(bundles: list[RawRows]) -> str:
    """Named by the files it holds (content and path), so a shard written again for the same files
    replaces itself, and two tasks never write the same shard."""
    files = sorted(
        f"{row['content_hash']} {row['path']}"
        for bundle in bundles
        for table in ("documents", "rejected_documents")
        for row in bundle.get(table, [])
    )
    return hashlib.sha256("\n".join(files).encode()).hexdigest()[:16]


def unmapped_of(bundle: RawRows) -> list[UnmappedRow]:
    """A document's unmapped rows as the loaders made them."""
    from loaders.model import UnmappedRow

    names = [f.name for f in fields(UnmappedRow)]
    return [
        UnmappedRow(**{n: row[n] for n in names} | {"figures": tuple(row["figures"])})
        for row in bundle.get("unmapped_rows", [])
    ]


def manifest_of(bundles: list[RawRows], tables: dict[str, pa.Table]) -> Manifest:
    from loaders.pipeline import unread_tables

    documents = []
    for bundle in bundles:
        unmapped = unmapped_of(bundle)
        for row in bundle.get("documents", []):
            documents.append(
                ShardedDocument(
                    path=str(row["path"]),
                    content_hash=str(row["content_hash"]),
                    facts=len(bundle.get("facts", [])),
                    unmapped=sum(not r.in_unread_table for r in unmapped),
                    unread=unread_tables(unmapped),
                    file_size=row.get("file_size"),
                    file_mtime_ns=row.get("file_mtime_ns"),
                )
            )
    rejected = [
        (str(row["path"]), str(row["content_hash"]), str(row["reason"]))
        for bundle in bundles
        for row in bundle.get("rejected_documents", [])
    ]
    rows = {name: table.num_rows for name, table in tables.items()}
    return Manifest(shard_id(bundles), PARSER_VERSION, rows, documents, rejected)


def distinct(
    documents: list[ShardedDocument], seen: set[str] | frozenset[str] = frozenset()
) -> Iterator[tuple[ShardedDocument, bool]]:
    """Each document, and whether it is the first of its content (not in `seen`, nor listed before)."""
    met = set(seen)
    for document in documents:
        yield document, document.content_hash not in met
        met.add(document.content_hash)


def write_shard(folder: str, bundles: list[RawRows], copies: list[ShardedDocument] | tuple = ()) -> Manifest:
    """Write the rows of whole documents (and rejections) as one shard; the manifest goes last,
    listing also the `copies` (files whose content is that of a document of the shard)."""
    import pyarrow.parquet as pq

    fs, root = filesystem(folder)
    tables = to_arrow(merge(bundles))
    manifest = manifest_of(bundles, tables)
    manifest.documents += copies
    for name, table in tables.items():
        fs.makedirs(f"{root}/{name}", exist_ok=True)
        pq.write_table(table, f"{root}/{name}/{manifest.shard}.parquet", filesystem=fs)
    fs.makedirs(f"{root}/{MANIFESTS}", exist_ok=True)
    with fs.open(f"{root}/{MANIFESTS}/{manifest.shard}.json", "w", encoding="utf-8") as out:
        out.write(manifest.to_json())
    return manifest


def read_manifests(folder: str) -> list[Manifest]:
    """The finished shards of a folder, in the order of their ids ([] when there are none)."""
    fs, root = filesystem(folder)
    found = sorted(fs.glob(f"{root}/{MANIFESTS}/*.json"))
    manifests = []
    for name in found:
        with fs.open(name, "r", encoding="utf-8") as file:
            manifests.append(Manifest.from_json(file.read()))
    return manifests


def read_shard(folder: str, manifest: Manifest) -> dict[str, pa.Table]:
    """The shard's Arrow tables, conformed to the warehouse's schemas (a column the shard lacks, as
    written by an older juesuan, is null); ShardError when a file is missing or short of rows."""
    import pyarrow.parquet as pq

    fs, root = filesystem(folder)
    schemas = raw_schemas()
    tables = {}
    for name, rows in manifest.rows.items():
        if name not in schemas:
            raise ShardError(f"shard {manifest.shard}: no raw table named {name}")
        location = f"{root}/{name}/{manifest.shard}.parquet"
        try:
            table = pq.read_table(location, filesystem=fs)
        except (OSError, ValueError) as err:
            raise ShardError(f"{location}: cannot be read: {type(err).__name__}: {err}") from err
        if table.num_rows != rows:
            raise ShardError(f"{location}: {table.num_rows} rows, the manifest says {rows}")
        tables[name] = conform(table, schemas[name])
    return tables


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """The table with exactly the schema's columns, in its order and types (missing ones null)."""
    import pyarrow as pa

    columns = [
        table.column(f.name).cast(f.type) if f.name in table.column_names else pa.nulls(table.num_rows, f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def keep_documents(tables: dict[str, pa.Table], hashes: set[str]) -> dict[str, pa.Table]:
    """The rows of the documents (and rejections) whose content hash is in `hashes`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    ids = pa.array(sorted(h[:16] for h in hashes), pa.string())
    kept = {}
    for name, table in tables.items():
        if "document_id" in table.column_names:
            table = table.filter(pc.is_in(table["document_id"], value_set=ids))
        elif "content_hash" in table.column_names:
            table = table.filter(pc.is_in(table["content_hash"], value_set=pa.array(sorted(hashes), pa.string())))
        if table.num_rows:
            kept[name] = table
    return kept


def first_path(manifest: Manifest) -> str:
    """The first in path order of the files a shard holds."""
    return min([d.path for d in manifest.documents] + [path for path, _, _ in manifest.rejected], default="")


class ShardLoader:
    """Loads shards into a warehouse, skipping documents whose content is loaded already."""

    def __init__(self, con: duckdb.DuckDBPyConnection, summary: IngestSummary) -> None:
        self.con = con
        self.summary = summary
        self.loaded = {h for (h,) in con.execute("select content_hash from raw.documents").fetchall()}

    def load(self, folder: str) -> Iterator[Manifest]:
        """Load every finished shard of the folder in the order of their files (of two files with
        the same content, the first is loaded, as ingest does), yielding each once it is done."""
        for manifest in sorted(read_manifests(folder), key=first_path):
            try:
                tables = read_shard(folder, manifest)
            except ShardError as err:
                self.summary.rejected.append((f"{folder} shard {manifest.shard}", lossless_text(str(err))))
            else:
                self.load_shard(manifest, tables)
            yield manifest

    def load_shard(self, manifest: Manifest, tables: dict[str, pa.Table]) -> None:
        """Write the shard's new documents and rejections in one transaction; when that fails, each
        document in its own, and the one that fails alone is rejected with the reason."""
        new = [d for d, first in distinct(manifest.documents, self.loaded) if first]
        self.summary.skipped += [d.path for d, first in distinct(manifest.documents, self.loaded) if not first]
        rejected = [r for r in manifest.rejected if r[1] not in self.loaded | {d.content_hash for d in new}]
        try:
            self._write(tables, new, rejected)
        except Exception:
            for document in new:
                try:
                    self._write(tables, [document], [])
                except Exception as err:
                    self._reject(document, err)
            self._write(tables, [], rejected)

    def _write(self, tables: dict[str, pa.Table], new: list[ShardedDocument], rejected: list[Rejection]) -> None:
        wanted = {d.content_hash for d in new} | {content_hash for _, content_hash, _ in rejected}
        if not wanted:
            return
        write_tables(self.con, keep_documents(tables, wanted))
        self.loaded |= {d.content_hash for d in new}
        for document in new:
            self.summary.loaded.append((document.path, document.facts))
            if document.unmapped:
                self.summary.unmapped[document.path] = document.unmapped
            if document.unread:
                self.summary.unread[document.path] = document.unread
        self.summary.rejected += [(path, reason) for path, _, reason in rejected]

    def _reject(self, document: ShardedDocument, err: Exception) -> None:
        reason = lossless_text(f"{document.path}: writing failed: {type(err).__name__}: {err}")
        fmt = Path(document.path).suffix.lower().lstrip(".") or None
        record_rejection(self.con, document.content_hash, document.path, fmt, reason)
        self.summary.rejected.append((document.path, reason))


def load_shards(con: duckdb.DuckDBPyConnection, folder: str, summary: IngestSummary) -> Iterator[Manifest]:
    """Load the shards of a folder into the warehouse (see ShardLoader), yielding each shard."""
    return ShardLoader(con, summary).load(folder)
