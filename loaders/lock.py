"""One writer at a time: `ingest`, `build` and `check` take the warehouse's writer lock.

DuckDB lets one process open a file for writing; a second one fails at once with an IO error.
The commands instead wait their turn: an advisory lock on ``<db>.lock`` (which records who holds
it) queues juesuan's own writers, then the DuckDB file itself is tried until it is free (another
program, such as DBeaver, the duckdb CLI or a notebook, may hold it). After ``wait`` seconds the
command gives up with one line naming the holder.

Readers (`export`, `docs`) wait too: while one process writes a DuckDB file no other process
can open it, not even read-only.
"""

from __future__ import annotations

import fcntl
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: the CLI starts without it
    import duckdb

DEFAULT_WAIT = 300.0  # seconds a command waits for another writer
_POLL = 0.2
_HOLDER = re.compile(r"Conflicting lock is held in (.*?)(?: \(PID (\d+)\))?\.?(?: See also|$)")


class WarehouseBusy(RuntimeError):
    """Another process kept the warehouse for longer than the command would wait."""


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def _holder_of_lock_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "another juesuan process"


def duckdb_holder(error: duckdb.Error) -> str | None:
    """Which process DuckDB says holds the file, or None when the error is not a lock conflict."""
    found = _HOLDER.search(str(error))
    if not found:
        return None
    program, pid = found.groups()
    return f"process {pid} ({program})" if pid else program


def _wait_for_file_lock(fd: int, db: Path, deadline: float, wait: float) -> None:
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = _holder_of_lock_file(lock_path(db))
                raise WarehouseBusy(_busy(db, holder, wait)) from None
            time.sleep(_POLL)


def _juesuan_writer(db: Path) -> str | None:
    """The juesuan command holding the writer lock, or None when no juesuan command holds it."""
    try:
        fd = os.open(lock_path(db), os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return None
    except BlockingIOError:
        return _holder_of_lock_file(lock_path(db))
    finally:
        os.close(fd)


def _wait_for_duckdb(db: Path, deadline: float, wait: float, read_only: bool = False) -> None:
    """Open and close the file (for writing, or `read_only`) until no other program holds it."""
    import duckdb

    if not db.is_file():
        return
    while True:
        try:
            duckdb.connect(str(db), read_only=read_only).close()
            return
        except duckdb.IOException as err:
            holder = duckdb_holder(err)
            if holder is None:
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(_busy(db, (read_only and _juesuan_writer(db)) or holder, wait)) from None
            time.sleep(_POLL)


def wait_until_readable(db: Path, wait: float = DEFAULT_WAIT) -> None:
    """Return once no other process writes the warehouse, waiting up to ``wait`` seconds."""
    _wait_for_duckdb(db, time.monotonic() + wait, wait, read_only=True)


def _busy(db: Path, holder: str, wait: float) -> str:
    return f"{db} is held by {holder}; gave up after waiting {wait:g} s (--wait SECONDS to wait longer)"


@contextmanager
def writer_lock(db: Path, command: str, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Hold the warehouse for writing while the block runs, waiting up to ``wait`` seconds for it."""
    deadline = time.monotonic() + wait
    path = lock_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _wait_for_file_lock(fd, db, deadline, wait)
        holder = f"process {os.getpid()} (juesuan {command}, since {datetime.now():%Y-%m-%d %H:%M:%S})"
        os.ftruncate(fd, 0)
        os.pwrite(fd, holder.encode(), 0)
        try:
            _wait_for_duckdb(db, deadline, wait)
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing the descriptor releases the lock
