"""The one writer of an ingest: loaded documents written a batch at a time, whole documents only.

A batch of documents goes in one transaction, so each document is in the warehouse whole or not
at all (a process killed mid-batch leaves none of the batch). When a batch fails, its documents
are written one transaction each, and the one that fails alone is rejected with the reason: the
tally is that of writing them one by one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from loaders.paths import lossless_text
from loaders.raw_rows import write_rows
from loaders.warehouse import document_rows, record_rejection

if TYPE_CHECKING:
    import duckdb

    from loaders.pipeline import IngestSummary, LoadedDocument

# A batch is written when it holds this many documents or raw rows (memory stays bounded).
BATCH_DOCUMENTS = 64
BATCH_ROWS = 200_000


@dataclass
class _Pending:
    name: str  # the path as stored and printed
    loaded: LoadedDocument
    replace: bool  # read again by a newer parser: its earlier rows go


def write_documents(con: duckdb.DuckDBPyConnection, documents: list[LoadedDocument], replace: bool = False) -> None:
    """Write documents in one transaction (all or none); with `replace`, their earlier rows go."""
    rows = [document_rows(d.record, d.tables, d.unmapped, d.narrative) for d in documents]
    write_rows(con, rows, replace=replace)


def _size(loaded: LoadedDocument) -> int:
    narrative = loaded.narrative
    rows = len(narrative.rows) + len(narrative.statements) if narrative else 0
    return 1 + len(loaded.tables) + sum(len(t.facts) for t in loaded.tables) + len(loaded.unmapped) + rows


class DocumentWriter:
    """Collects loaded documents and writes them in batches, adding each to the summary once it is
    written (or rejected)."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        summary: IngestSummary,
        batch_documents: int = BATCH_DOCUMENTS,
        written: set[str] | None = None,
    ) -> None:
        self.con = con
        self.summary = summary
        self.batch_documents = batch_documents
        self.written = set() if written is None else written  # content hashes written (added to as it writes)
        self.pending: list[_Pending] = []
        self.pending_rows = 0

    def holds(self, digest: str) -> bool:
        """Whether a document of this content waits in the batch (a copy of it is then skipped)."""
        return any(p.loaded.record.content_hash == digest for p in self.pending)

    def add(self, name: str, loaded: LoadedDocument, replace: bool = False) -> None:
        self.pending.append(_Pending(name, loaded, replace))
        self.pending_rows += _size(loaded)
        if len(self.pending) >= self.batch_documents or self.pending_rows >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        batch, self.pending, self.pending_rows = self.pending, [], 0
        if not batch:
            return
        try:
            write_documents(self.con, [p.loaded for p in batch], replace=any(p.replace for p in batch))
        except Exception as err:
            if len(batch) == 1:
                self._reject(batch[0], err)
                return
            for pending in batch:  # one transaction each: only the document that fails is rejected
                self.pending = [pending]
                self.flush()
            return
        for pending in batch:
            self._done(pending)

    def _done(self, pending: _Pending) -> None:
        self.written.add(pending.loaded.record.content_hash)
        facts = sum(len(t.facts) for t in pending.loaded.tables)
        target = self.summary.reparsed if pending.replace else self.summary.loaded
        target.append((pending.name, facts))
        from loaders.pipeline import unread_tables  # the pipeline imports this module

        unmapped = [row for row in pending.loaded.unmapped if not row.in_unread_table]
        if unmapped:
            self.summary.unmapped[pending.name] = len(unmapped)
        if unread := unread_tables(pending.loaded.unmapped):
            self.summary.unread[pending.name] = unread

    def _reject(self, pending: _Pending, err: Exception) -> None:
        reason = lossless_text(f"{pending.name}: writing failed: {type(err).__name__}: {err}")
        if pending.replace:  # its rows as the older parser read them stay
            self.summary.not_reparsed.append((pending.name, reason))
            return
        fmt = Path(pending.loaded.record.path).suffix.lower().lstrip(".") or None
        record_rejection(self.con, pending.loaded.record.content_hash, pending.name, fmt, reason)
        self.summary.rejected.append((pending.name, reason))
