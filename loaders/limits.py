"""Resource limits per document: a crafted or runaway file is rejected naming the limit it broke,
before it can exhaust the machine's memory or time.

The defaults pass every real 决算 document by a wide margin (the largest we have: 40 PDF pages,
80 rows a sheet, 1 MB unzipped, 6 MB, 10 s to read); a limit is changed with ``--limit NAME=VALUE``
or the environment variable ``JUESUAN_LIMIT_<NAME>`` (``JUESUAN_LIMIT_PAGES=5000``).

The limits in force are a context variable, set per document by the pipeline, so each task of a
process pool or a thread sees its own. Time is enforced by a timer signal where the document is
read on a process's main thread, and at every page or thousand rows everywhere.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from pathlib import Path
from types import FrameType

from loaders.model import DocumentError


class LimitExceeded(DocumentError):
    """A document over one of the resource limits; the message names the limit."""


@dataclass(frozen=True)
class Limits:
    pages: int = 2_000  # pages of a PDF
    sheet_rows: int = 20_000  # rows of one spreadsheet sheet, or of one table of a text, markdown, html or docx
    sheet_cells: int = 200_000  # cells of one sheet or table (rows × columns as stored)
    unzipped_mb: float = 32  # a workbook's or docx's parts once unzipped (an xls file as it is): ~12 MiB of memory a MB
    file_mb: float = 200  # the file itself
    seconds: float = 900  # reading and normalising one document

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Limits:
        """The defaults with any JUESUAN_LIMIT_<NAME> variables applied."""
        env = os.environ if environ is None else environ
        given = [f"{f.name}={env[key]}" for f in fields(cls) if (key := f"JUESUAN_LIMIT_{f.name.upper()}") in env]
        return cls().with_settings(given)

    def with_settings(self, settings: list[str]) -> Limits:
        """These limits with NAME=VALUE settings applied; ValueError names a bad one."""
        types = {f.name: f.type for f in fields(self)}
        changes: dict[str, float | int] = {}
        for setting in settings:
            name, _, value = setting.partition("=")
            name = name.strip().lower().replace("-", "_")
            if name not in types:
                raise ValueError(f"unknown limit '{name}' (one of {', '.join(types)})")
            try:
                number = float(value) if types[name] == "float" else int(value)
            except ValueError:
                raise ValueError(f"limit {name}: '{value}' is not a number") from None
            if number <= 0:
                raise ValueError(f"limit {name}: must be positive")
            changes[name] = number
        return replace(self, **changes)


_LIMITS: ContextVar[Limits | None] = ContextVar("juesuan_limits", default=None)
_DEADLINE: ContextVar[float | None] = ContextVar("juesuan_deadline", default=None)


def current_limits() -> Limits:
    """The limits of the document being read; outside the pipeline, the configured ones."""
    return _LIMITS.get() or Limits.from_env()


def over_limit(name: str, limit: float, found: str) -> LimitExceeded:
    """The error for a document over limit ``name`` (the pipeline adds the file's name)."""
    return LimitExceeded(f"over the {name} limit of {limit:g} ({found}; raise it with --limit {name}=N)")


def check_sheet(name: str, rows: int, cells: int, what: str = "sheet") -> None:
    """A sheet (or any other table: ``what`` names it) with more rows or cells than the limits allow
    (counted so far while it streams, or as the file stores it) is refused before it can fill the memory."""
    limits = current_limits()
    if rows > limits.sheet_rows:
        raise over_limit("sheet_rows", limits.sheet_rows, f"{what} '{name}' has more rows")
    if cells > limits.sheet_cells:
        raise over_limit("sheet_cells", limits.sheet_cells, f"{what} '{name}' has more cells")


def check_unzipped(path: Path) -> None:
    """A zip container (xlsx, docx) whose parts unzip beyond the limit (a shared-strings bomb) is
    refused before anything is inflated: zipfile never inflates a part beyond the size its
    directory declares. A file that is no zip is left to its reader to name."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return
    limit = current_limits().unzipped_mb
    if size > limit * 2**20:
        raise over_limit("unzipped_mb", limit, f"its parts unzip to {size / 2**20:,.0f} MB")


_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_docx_tables(path: Path) -> None:
    """A docx whose tables hold more rows or cells than the sheet limits is refused before
    python-docx builds the whole document in memory (a document.xml of tens of MB within the
    unzipped limit would take a gigabyte): its tables are counted as the XML streams by."""
    from lxml import etree

    try:
        archive = zipfile.ZipFile(path)
        part = archive.open("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return  # left to the reader to name
    tables: list[list[int]] = []  # rows and cells so far of each table open here (a table in a cell too)
    seen = 0
    with archive, part:
        for event, element in etree.iterparse(part, events=("start", "end")):
            if element.tag == f"{_WORD}tbl":
                if event == "start":
                    seen += 1
                    tables.append([0, 0])
                else:
                    tables.pop()
            elif element.tag == f"{_WORD}tr" and event == "end" and tables:
                tables[-1][0] += 1
                tables[-1][1] += sum(1 for child in element if child.tag == f"{_WORD}tc")
                check_sheet(f"table {seen}", *tables[-1], what="docx table")
                if tables[-1][0] % 1000 == 0:
                    check_time()
            if event == "end" and (element.tag == f"{_WORD}tr" or not tables):
                element.clear()  # counted: keep no finished row or body part in memory
                while element.getprevious() is not None:
                    del element.getparent()[0]


def check_time() -> None:
    """Called at every page or thousand rows: past the document's time limit it is rejected."""
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise over_limit("seconds", current_limits().seconds, "still reading")


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise over_limit("seconds", current_limits().seconds, "still reading")


@contextmanager
def document_limits(limits: Limits) -> Iterator[None]:
    """The limits in force while one document is read and normalised, its clock included."""
    limit_token = _LIMITS.set(limits)
    deadline_token = _DEADLINE.set(time.monotonic() + limits.seconds)
    timer = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    previous = signal.signal(signal.SIGALRM, _on_alarm) if timer else None
    if timer:
        signal.setitimer(signal.ITIMER_REAL, limits.seconds)
    try:
        yield
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
        _DEADLINE.reset(deadline_token)
        _LIMITS.reset(limit_token)
