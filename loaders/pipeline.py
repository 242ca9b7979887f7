"""Read → normalise → write: what `juesuan extract` and `juesuan ingest` run."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from loaders import PARSER_VERSION
from loaders.batch_writer import BATCH_DOCUMENTS, DocumentWriter
from loaders.budget_statements import key_to_budget_tables
from loaders.document_kind import document_kind, document_level
from loaders.escaping import escape_cell
from loaders.limits import LimitExceeded, Limits, check_time, current_limits, document_limits, over_limit
from loaders.model import DocumentError, DocumentText, Table, UnmappedRow
from loaders.narrative import Narrative, read_narrative
from loaders.normalise import normalise
from loaders.paths import lossless_text, path_of, path_text
from loaders.raw_rows import lossless_row
from loaders.readers.meta import region_of
from loaders.sanity import check_amounts, check_columns
from loaders.warehouse import (
    DocumentRecord,
    connect,
    content_hash,
    record_rejection,
)

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

FACT_COLUMNS = [
    "document",
    "region",
    "department",
    "year",
    "doc_kind",
    "doc_level",
    "table_kind",
    "table_no",
    "page",
    "line",
    "row_key",
    "row_label",
    "column_key",
    "value",
    "unit",
    "source",
]


def _reader(suffix: str) -> tuple[str, Callable[[Path], DocumentText]]:
    """The reader for a file suffix; imported lazily so one format's library never slows another."""
    if suffix == ".pdf":
        from loaders.readers.pdf import read_pdf

        return "pdf", read_pdf
    if suffix in {".md", ".markdown", ".tsv"}:
        from loaders.readers.markdown import read_markdown

        return "markdown", read_markdown
    if suffix == ".xlsx":
        from loaders.readers.xlsx import read_xlsx

        return "xlsx", read_xlsx
    if suffix == ".txt":
        from loaders.readers.text import read_text

        return "text", read_text
    if suffix == ".xls":
        from loaders.readers.xls import read_xls

        return "xls", read_xls
    if suffix == ".docx":
        from loaders.readers.docx import read_docx

        return "docx", read_docx
    if suffix in {".html", ".htm"}:
        from loaders.readers.html import read_html

        return "html", read_html
    raise DocumentError(f"unsupported file type '{suffix}'")


SUPPORTED_SUFFIXES = {".pdf", ".md", ".markdown", ".tsv", ".xlsx", ".xls", ".docx", ".html", ".htm", ".txt"}


@dataclass(frozen=True)
class Overrides:
    """Document metadata given on the command line; wins over what the document says."""

    region: str | None = None
    department: str | None = None
    year: int | None = None
    unit: str | None = None


@dataclass
class LoadedDocument:
    record: DocumentRecord
    tables: list[Table]
    unmapped: list[UnmappedRow] = field(default_factory=list)
    narrative: Narrative | None = None


@contextmanager
def _stage(path: Path, doing: str) -> Iterator[None]:
    """Any failure while `doing` one document becomes a DocumentError naming the file: a library
    failing on a broken file, or a bug met by one document, never ends the batch."""
    try:
        yield
    except Exception as err:
        limit = _limit_exceeded(err) or _out_of_time()
        if limit is not None and limit is not err:
            raise limit from None  # the clock ran out inside a library that wrapped or swallowed the error
        if isinstance(err, DocumentError):
            raise
        raise DocumentError(f"{path_text(path)}: {doing} failed: {type(err).__name__}: {err}") from err


def _out_of_time() -> LimitExceeded | None:
    """The time limit's error when the document's clock has run out (a library that caught the
    clock's error may fail later on something else)."""
    try:
        check_time()
    except LimitExceeded as err:
        return err
    return None


def _limit_exceeded(err: BaseException | None) -> LimitExceeded | None:
    """The LimitExceeded an error was raised from, if any."""
    while err is not None and not isinstance(err, LimitExceeded):
        err = err.__cause__ or err.__context__
    return err


def read_document(path: Path) -> DocumentText:
    """The grids of one file, or DocumentError naming the file."""
    if path.is_dir():
        raise DocumentError(f"{path_text(path)}: a folder, not a document (ingest reads the documents in a folder)")
    if not path.is_file():
        raise DocumentError(f"{path_text(path)}: no such file")
    _, reader = _reader(path.suffix.lower())
    limit = current_limits().file_mb
    if path.stat().st_size > limit * 2**20:
        raise over_limit("file_mb", limit, f"the file has {path.stat().st_size / 2**20:,.1f} MB")
    with _stage(path, "reading"):
        return reader(path)


def extract_document(path: Path, overrides: Overrides = Overrides(), limits: Limits | None = None) -> LoadedDocument:
    """Read and normalise one document with its metadata (flags win over the document), within
    the resource limits (by default the configured ones); any failure is a DocumentError naming
    the file (and the table, page, line and cell where known)."""
    try:
        with document_limits(limits or Limits.from_env()):
            return _extract(path, overrides)
    except LimitExceeded as err:  # raised deep in a reader or by the clock, which know no file name
        raise LimitExceeded(f"{path_text(path)}: {err}") from err


def _extract(path: Path, overrides: Overrides) -> LoadedDocument:
    doc = read_document(path)
    if overrides.unit:
        doc.unit = overrides.unit
        for grid in doc.grids:
            grid.unit = overrides.unit
    with _stage(path, "reading the narrative"):
        narrative = read_narrative(doc)
    with _stage(path, "normalising"):
        check_columns(doc)
        # A report whose 情况说明 states figures is a document even when it prints no table (详见附表).
        normalised = normalise(doc, require_tables=not narrative.is_report)
        tables = normalised.tables
        check_amounts(path_text(path), tables)
    title_department, title_year = narrative.report_title()
    department = overrides.department or doc.department or title_department
    with _stage(path, "hashing"):
        digest = content_hash(path)
        stat = path.stat()
    record = DocumentRecord(
        content_hash=digest,
        path=path_text(path),
        format=doc.format,
        region=overrides.region or doc.region or region_of(department),
        department=department,
        year=overrides.year or doc.year or title_year,
        unit=overrides.unit or doc.unit or (tables[0].unit if tables else narrative.money_unit),
        doc_kind=document_kind(tables),
        doc_level=document_level(t.title for t in tables),
        file_size=stat.st_size,
        file_mtime_ns=stat.st_mtime_ns,
    )
    if record.doc_kind == "budget":
        key_to_budget_tables(narrative.statements)
    return LoadedDocument(record, tables, normalised.unmapped, narrative)


def fact_rows(loaded: LoadedDocument) -> Iterable[dict[str, object]]:
    record = loaded.record
    for table in loaded.tables:
        for fact in table.facts:
            yield {
                "document": record.path,
                "region": record.region or "",
                "department": record.department or "",
                "year": record.year if record.year is not None else "",
                "doc_kind": record.doc_kind,
                "doc_level": record.doc_level or "",
                "table_kind": fact.table_kind,
                "table_no": table.table_no or "",
                "page": fact.page if fact.page is not None else "",
                "line": fact.line if fact.line is not None else "",
                "row_key": fact.row_key,
                "row_label": fact.row_label,
                "column_key": fact.column_key,
                "value": fact.value_text,
                "unit": fact.unit,
                "source": fact.source,
            }


def unread_tables(unmapped: list[UnmappedRow]) -> list[str]:
    """Each table juesuan recognised by its title but does not read yet, once: title, kind, where, rows kept."""
    rows: dict[tuple[str, str | None], list[UnmappedRow]] = {}
    for row in unmapped:
        if row.in_unread_table:
            rows.setdefault((row.table_title, row.table_kind), []).append(row)
    return [
        f"table '{title}' ({kind}, {_title_where(kept[0])}) is known but not read yet: "
        f"{len(kept)} row(s) kept in raw.unmapped_rows"
        for (title, kind), kept in rows.items()
    ]


def _title_where(row: UnmappedRow) -> str:
    """Where the table's title is printed, else (its line unknown: a PDF) where its first row is."""
    return _place(row.title_page, row.title_line) if row.title_line is not None else _where(row)


def _where(row: UnmappedRow) -> str:
    return _place(row.page, row.line) or row.source


def _place(page: int | None, line: int | None) -> str:
    return ", ".join(part for part in (f"page {page}" * bool(page), f"line {line}" * bool(line)) if part)


def describe_unmapped(path: str, row: UnmappedRow) -> str:
    """One line naming an unmapped row: file, page/line, table, the row as printed and why."""
    table = f"table '{row.table_title}'" + (f" ({row.table_kind})" if row.table_kind else "")
    return f"{path}: {_where(row)}: {table}: unmapped row '{row.text}': {row.reason}"


def write_facts(loaded: LoadedDocument, out: TextIO, fmt: str) -> None:
    rows = (lossless_row(row) for row in fact_rows(loaded))  # a broken font map's glyph prints as its escape
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if fmt != "csv":
        raise ValueError(f"unknown format '{fmt}' (csv or jsonl)")
    writer = csv.DictWriter(out, fieldnames=FACT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    # CSV is opened by spreadsheets: a label, name or path starting with = + - @ must stay text
    writer.writerows({key: escape_cell(value) for key, value in row.items()} for row in rows)


def _why_not_read(path: Path) -> str | None:
    """Why a file found in a folder is not read (None: it is read)."""
    if path.name.startswith("."):
        return "hidden file"
    if path.name.lower().startswith("readme"):
        return "the folder's README"
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return f"unsupported file type '{path.suffix or path.name}'"
    return None


def folder_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files named, and the files inside folders named, in a stable order: those read, and those
    left out with the reason (a file named directly is always tried, and rejected if unreadable)."""
    files: list[Path] = []
    left_out: list[tuple[Path, str]] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for found in sorted(p for p in path.rglob("*") if p.is_file()):
            why = _why_not_read(found)
            if why:
                left_out.append((found, why))
            else:
                files.append(found)
    return files, left_out


def collect_files(paths: Iterable[Path]) -> list[Path]:
    return folder_files(paths)[0]


@dataclass
class IngestSummary:
    loaded: list[tuple[str, int]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already loaded (same content)
    not_read: list[tuple[str, str]] = field(default_factory=list)  # files in folders left out, and why
    rejected: list[tuple[str, str]] = field(default_factory=list)
    unmapped: dict[str, int] = field(default_factory=dict)  # path → rows kept unmapped, for documents with any
    unread: dict[str, list[str]] = field(default_factory=dict)  # path → tables known but not read yet
    reparsed: list[tuple[str, int]] = field(default_factory=list)  # read again by this parser (--reparse)
    not_reparsed: list[tuple[str, str]] = field(default_factory=list)  # kept as an older parser read them, and why

    def tally(self) -> str:
        """One line: documents loaded whole, loaded with unmapped rows, rejected and skipped (and
        read again, after --reparse)."""
        reparsed = {path for path, _ in self.reparsed}
        clean = len(self.loaded) - len(set(self.unmapped) - reparsed)
        line = (
            f"loaded {clean}, loaded with unmapped rows {len(set(self.unmapped) - reparsed)} "
            f"({sum(n for path, n in self.unmapped.items() if path not in reparsed)} rows), "
            f"rejected {len(self.rejected)}, skipped {len(self.skipped) + len(self.not_read)} "
            f"({len(self.skipped)} already loaded, {len(self.not_read)} not a report format)"
        )
        if self.reparsed or self.not_reparsed:
            line += f"; reparsed {len(self.reparsed)}, kept as read by an older parser {len(self.not_reparsed)}"
        return line

    def describe(self) -> str:
        lines = []
        for path, n in self.loaded:
            kept = f"; {self.unmapped[path]} unmapped row(s), see raw.unmapped_rows" if path in self.unmapped else ""
            lines.append(f"  loaded   {path}: {n} facts{kept}")
            lines += [f"           {table}" for table in self.unread.get(path, [])]
        lines += [f"  reparsed {path}: {n} facts" for path, n in self.reparsed]
        lines += [f"  kept     {path}: {reason}" for path, reason in self.not_reparsed]
        lines += [f"  rejected {path}: {reason}" for path, reason in self.rejected]
        lines += [f"  skipped  {path}: already loaded" for path in self.skipped]
        lines += [f"  skipped  {path}: {why}" for path, why in self.not_read]
        return "\n".join([*lines, self.tally()])


def default_workers() -> int:
    """Processes that read documents by default: one per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# After a load of this many documents the warehouse file is checkpointed (its write-ahead log
# folded in), so the next reader opens a compact file rather than replaying the log.
CHECKPOINT_DOCUMENTS = 100


class KnownFiles:
    """What the warehouse holds, to skip files before reading them: a file unchanged by path, size
    and modification time since it was loaded is not even hashed; any other file is skipped when
    its content hash is loaded. With `reparse`, documents loaded by an older parser version
    (`outdated`: content hash → stored path) are read again instead."""

    def __init__(self, con, reparse: bool = False) -> None:
        self.con = con
        self.outdated: dict[str, str] = {}
        if reparse:
            older = "select content_hash, path from raw.documents where parser_version <> ?"
            self.outdated = dict(con.execute(older, [PARSER_VERSION]).fetchall())
        stats = con.execute("select content_hash, path, file_size, file_mtime_ns from raw.documents").fetchall()
        self.unchanged = {tuple(row[1:]) for row in stats if row[0] not in self.outdated}
        # The content hashes in the warehouse, and those the writer adds (DocumentWriter(written=)): one
        # set lookup per file instead of a query (~1 ms each, more than reading a markdown file's text).
        self.loaded = {row[0] for row in stats}
        self.digests: dict[Path, str] = {}

    def is_unchanged(self, path: Path) -> bool:
        try:
            stat = path.stat()
        except OSError:
            return False
        return (path_text(path), stat.st_size, stat.st_mtime_ns) in self.unchanged

    def digest(self, path: Path) -> str:
        """The file's content hash ('' when it is no file), computed once."""
        if path not in self.digests:
            self.digests[path] = content_hash(path) if path.is_file() else ""
        return self.digests[path]

    def is_loaded(self, digest: str) -> bool:
        return bool(digest) and digest not in self.outdated and digest in self.loaded

    def needs_reading(self, path: Path) -> bool:
        try:
            return path.is_file() and not self.is_unchanged(path) and not self.is_loaded(self.digest(path))
        except OSError:
            return False


def ingest_paths(
    paths: list[Path],
    db: Path,
    overrides: Overrides = Overrides(),
    limits: Limits | None = None,
    workers: int = 1,
    reparse: bool = False,
    batch_documents: int = BATCH_DOCUMENTS,
    shards: list[str] | tuple[str, ...] = (),
) -> IngestSummary:
    """Load every document whole or not at all; a rejected one is recorded and the batch goes on.

    With several `workers`, processes read and normalise the documents while this one writes them,
    in batches of whole documents and in the order of the files: the summary, the rejections and
    idempotence are those of one worker. With `reparse`, documents loaded by an older parser
    version are read again (from `paths`, and from where they were loaded) and replace their rows.
    The Parquet shards of the folders or URLs in `shards` (`juesuan shard`) are loaded first, each
    shard's new documents in one transaction, a document whose content is loaded skipped.
    """
    from rich.progress import Progress

    summary = IngestSummary()
    files, left_out = folder_files(paths)
    summary.not_read = [(path_text(path), why) for path, why in left_out]
    con = connect(db)
    try:
        _load_shards(con, shards, summary)
        known = KnownFiles(con, reparse)
        files += _stored_paths(known, files, summary)
        writer = DocumentWriter(con, summary, batch_documents, written=known.loaded)
        to_read = [path for path in files if known.needs_reading(path)] if workers > 1 else []
        with Progress(transient=True) as progress, _reader_pool(to_read, overrides, limits, workers) as extract:
            task = progress.add_task("ingesting", total=len(files))
            for path in files:
                ingest_one(con, path, overrides, summary, limits, extract, writer, known)
                progress.advance(task)
        writer.flush()
        if len(summary.loaded) + len(summary.reparsed) >= CHECKPOINT_DOCUMENTS:
            con.execute("checkpoint")
    finally:
        con.close()
    return summary


def _load_shards(con, folders: Iterable[str], summary: IngestSummary) -> None:
    from rich.progress import Progress

    from loaders.shards import load_shards, read_manifests

    for folder in folders:
        with Progress(transient=True) as progress:
            task = progress.add_task(f"loading shards of {folder}", total=len(read_manifests(folder)))
            for _ in load_shards(con, folder, summary):
                progress.advance(task)


def _stored_paths(known: KnownFiles, files: list[Path], summary: IngestSummary) -> list[Path]:
    """The files of outdated documents not among `files`, where they were loaded from (a file that is
    gone is reported, and its document kept as it was read)."""
    named = {path_text(path) for path in files}
    found = []
    for stored in sorted(set(known.outdated.values()) - named):
        path = path_of(stored)
        if path.is_file():
            found.append(path)
        else:
            summary.not_reparsed.append((stored, "the file is no longer there"))
    return found


Extract = Callable[[Path, Overrides, "Limits | None"], LoadedDocument]


@contextmanager
def _reader_pool(to_read: list[Path], overrides: Overrides, limits: Limits | None, workers: int) -> Iterator[Extract]:
    """`extract_document`, or with several workers its results read ahead by a process pool (the
    files `to_read`, a few per worker ahead of the writer, so memory stays bounded)."""
    if workers < 2 or len(to_read) < 2:
        yield extract_document
        return
    reader = _ReadAhead(to_read, overrides, limits, workers)
    try:
        yield reader.extract
    finally:
        reader.pool.shutdown(cancel_futures=True)


class _ReadAhead:
    """Documents read by a process pool, a few per worker ahead of the writer.

    A worker that dies (the kernel's out-of-memory killer, a crash inside a PDF library) breaks
    the whole pool: a new pool then reads the documents that were waiting, and the document whose
    result was lost is read again alone, in a process of its own. Only a document that kills its
    reader is rejected; the batch goes on."""

    def __init__(self, to_read: list[Path], overrides: Overrides, limits: Limits | None, workers: int) -> None:
        import multiprocessing

        # forkserver: workers start from a clean process, not a copy of one holding DuckDB's threads
        self.context = multiprocessing.get_context("forkserver")
        self.workers = min(workers, len(to_read))
        self.ahead = 4 * workers
        self.queue = iter(to_read)
        self.overrides, self.limits = overrides, limits
        self.submitted: dict[Path, Future] = {}
        self.pool = self._new_pool(self.workers)

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(max_workers=workers, mp_context=self.context)

    def _submit(self, path: Path) -> None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            self.submitted[path] = self.pool.submit(extract_document, path, self.overrides, self.limits)
        except BrokenProcessPool:
            self._restart()
            self.submitted[path] = self.pool.submit(extract_document, path, self.overrides, self.limits)

    def _restart(self) -> None:
        """A new pool in place of a broken one, reading again what the broken one had not returned."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool(self.workers)
        for path in list(self.submitted):
            self._submit(path)

    def _alone(self, path: Path) -> LoadedDocument:
        from concurrent.futures.process import BrokenProcessPool

        with self._new_pool(1) as one:
            try:
                return one.submit(extract_document, path, self.overrides, self.limits).result()
            except BrokenProcessPool as err:
                raise DocumentError(
                    f"{path_text(path)}: reading failed: the process reading it died (killed, out of memory, "
                    "or a crash inside a library)"
                ) from err

    def extract(self, path: Path, overrides: Overrides, limits: Limits | None) -> LoadedDocument:
        from concurrent.futures.process import BrokenProcessPool

        for next_path in self.queue:
            self._submit(next_path)
            if len(self.submitted) >= self.ahead and path in self.submitted:
                break
        future = self.submitted.pop(path, None)
        if future is None:
            return extract_document(path, overrides, limits)
        try:
            return future.result()
        except BrokenProcessPool:  # this document, or another one the pool was reading, killed a worker
            self._restart()
            return self._alone(path)
        except DocumentError:
            raise
        except Exception as err:  # a result that could not come back (not picklable, …)
            why = f"{type(err).__name__}: {err}"
            raise DocumentError(f"{path_text(path)}: reading failed in a worker process: {why}") from err


def ingest_one(
    con,
    path: Path,
    overrides: Overrides,
    summary: IngestSummary,
    limits: Limits | None = None,
    extract: Extract = extract_document,
    writer: DocumentWriter | None = None,
    known: KnownFiles | None = None,
) -> None:
    """Load one document, skip it when already loaded, or record why it was rejected: whatever
    fails while reading, normalising or writing it (written whole or not at all), the batch goes on.
    Without a `writer` the document is written at once."""
    name = path_text(path)
    known = known or KnownFiles(con)
    own_writer = writer is None
    writer = writer or DocumentWriter(con, summary, written=known.loaded)
    digest, replace = "", False
    try:
        if known.is_unchanged(path):
            summary.skipped.append(name)
            return
        with _stage(path, "reading"):
            digest = known.digest(path)
        if digest and (writer.holds(digest) or known.is_loaded(digest)):
            summary.skipped.append(name)
            return
        replace = known.outdated.pop(digest, None) is not None
        loaded = extract(path, overrides, limits)
    except DocumentError as err:
        reason = lossless_text(str(err))
        if replace:  # the rows an older parser read stay
            summary.not_reparsed.append((name, reason))
            return
        record_rejection(con, digest or name, name, path.suffix.lower().lstrip(".") or None, reason)
        summary.rejected.append((name, reason))
        return
    writer.add(name, loaded, replace)
    if own_writer:
        writer.flush()
