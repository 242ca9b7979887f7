"""The distributed route: extraction as Dask tasks writing Parquet shards (`juesuan shard`).

Each task reads and normalises a few documents on a worker and writes their rows of every raw table
as one shard (loaders.shards) to a folder or object-store URL; `juesuan ingest <folder>` then loads
the shards into the warehouse, the one writer. The scheduler is a running Dask cluster
(`--scheduler tcp://host:8786`) or, without one, a local cluster of worker processes.

Documents named to the tasks are paths every worker can read (a shared or network file system).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from loaders.failures import describe_failure
from loaders.limits import Limits
from loaders.model import DocumentError
from loaders.paths import lossless_text, path_of, path_text
from loaders.pipeline import Overrides, extract_document, folder_files
from loaders.shards import Manifest, ShardedDocument, distinct, read_manifests, write_shard
from loaders.warehouse import content_hash, document_rows, rejection_rows

if TYPE_CHECKING:
    from distributed import Client

# One document at a time in a worker process, whatever its thread count: pdfium is not thread-safe,
# and reading is CPU-bound Python, which threads would not speed up (run workers with --nthreads 1).
_READING = threading.Lock()

FILES_PER_TASK = 8


@dataclass
class ShardSummary:
    """What `juesuan shard` did: documents written to shards, rejected, skipped."""

    sharded: list[tuple[str, int]] = field(default_factory=list)  # path, facts
    rejected: list[tuple[str, str]] = field(default_factory=list)  # path, reason
    skipped: list[str] = field(default_factory=list)  # in a shard already: unchanged, or a copy
    not_read: list[tuple[str, str]] = field(default_factory=list)  # files in folders left out, and why
    failed: list[tuple[str, str]] = field(default_factory=list)  # in a task that failed (a worker died): not sharded
    shards: int = 0

    def add(self, manifest: Manifest) -> None:
        self.shards += 1
        for document, first in distinct(manifest.documents):
            if first:
                self.sharded.append((document.path, document.facts))
            else:
                self.skipped.append(document.path)
        self.rejected += [(path, reason) for path, _, reason in manifest.rejected]

    def tally(self) -> str:
        return (
            f"sharded {len(self.sharded)} documents ({sum(n for _, n in self.sharded):,} facts) in {self.shards} "
            f"shards, rejected {len(self.rejected)}, not sharded (task failed) {len(self.failed)}, skipped "
            f"{len(self.skipped) + len(self.not_read)} ({len(self.skipped)} in a shard already, "
            f"{len(self.not_read)} not a report format)"
        )

    def describe(self) -> str:
        lines = [f"  sharded  {path}: {n} facts" for path, n in self.sharded]
        lines += [f"  rejected {path}: {reason}" for path, reason in self.rejected]
        lines += [f"  failed   {path}: {reason}" for path, reason in self.failed]
        lines += [f"  skipped  {path}: in a shard already" for path in self.skipped]
        lines += [f"  skipped  {path}: {why}" for path, why in self.not_read]
        return "\n".join([*lines, self.tally()])


def extract_shard(files: list[str], folder: str, overrides: Overrides, limits: Limits | None) -> Manifest:
    """The task: read and normalise each file (a failure is a rejection naming the file, as in
    ingest) and write the rows as one shard. A file whose content the task read already is left out."""
    bundles = []
    copies: list[ShardedDocument] = []
    seen: set[str] = set()
    for name in files:
        path = path_of(name)
        digest = ""
        try:
            digest = content_hash(path) if path.is_file() else ""
            if digest in seen:
                stat = path.stat()
                copy = ShardedDocument(path_text(path), digest, file_size=stat.st_size, file_mtime_ns=stat.st_mtime_ns)
                copies.append(copy)
                continue
            seen.add(digest)
            with _READING:
                loaded = extract_document(path, overrides, limits)
        except (DocumentError, OSError) as err:
            fmt = path.suffix.lower().lstrip(".") or None
            bundles.append(rejection_rows(digest or name, path_text(path), fmt, lossless_text(str(err))))
            continue
        bundles.append(document_rows(loaded.record, loaded.tables, loaded.unmapped, loaded.narrative))
    return write_shard(folder, bundles, copies)


def sharded_files(folder: str) -> set[tuple[str, int | None, int | None]]:
    """(path, size, mtime) of every document in a finished shard of the folder."""
    return {(d.path, d.file_size, d.file_mtime_ns) for m in read_manifests(folder) for d in m.documents}


def _unchanged(path: Path, sharded: set[tuple[str, int | None, int | None]]) -> bool:
    try:
        stat = path.stat()
    except OSError:
        return False
    return (path_text(path), stat.st_size, stat.st_mtime_ns) in sharded


@contextmanager
def dask_client(scheduler: str | None, workers: int, processes: bool = True) -> Iterator[Client]:
    """A client of the cluster at `scheduler`, or of a local cluster of `workers` processes (one
    thread each) that ends with the block."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    # the workers' own logs only at CRITICAL: a failed task is reported in the summary, named, and
    # Dask's "Compute Failed" log would print its traceback on the terminal
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=None, silence_logs=50
    )
    with cluster, Client(cluster) as client:
        yield client


def shard_paths(
    paths: list[Path],
    folder: str,
    scheduler: str | None = None,
    workers: int = 2,
    overrides: Overrides | None = None,
    limits: Limits | None = None,
    files_per_task: int = FILES_PER_TASK,
    processes: bool = True,
) -> ShardSummary:
    """Extract the documents as Dask tasks of `files_per_task` files, each writing one shard to
    `folder`; files in a finished shard, unchanged by path, size and mtime, are skipped."""
    summary = ShardSummary()
    files, left_out = folder_files(paths)
    summary.not_read = [(path_text(path), why) for path, why in left_out]
    sharded = sharded_files(folder)
    todo = []
    for path in files:
        if _unchanged(path, sharded):
            summary.skipped.append(path_text(path))
        else:
            todo.append(path_text(path))
    per_task = max(1, min(files_per_task, -(-len(todo) // workers)))  # every worker gets a task
    tasks = [todo[i : i + per_task] for i in range(0, len(todo), per_task)]
    if not tasks:
        return summary
    from distributed import as_completed
    from rich.progress import Progress

    with dask_client(scheduler, workers, processes) as client, Progress(transient=True) as progress:
        bar = progress.add_task("sharding", total=len(todo))
        options = {"folder": folder, "overrides": overrides or Overrides(), "limits": limits}
        futures = client.map(extract_shard, tasks, **options, pure=False, retries=1)
        task_of = {future.key: task for future, task in zip(futures, tasks, strict=True)}
        for future in as_completed(futures):
            task = task_of[future.key]
            try:
                summary.add(future.result())
            except Exception as err:  # a worker that died twice, or a shard that could not be written
                why = f"the task failed: {describe_failure(err)}"
                summary.failed += [(name, why) for name in task]
            progress.advance(bar, len(task))
    order = {name: n for n, name in enumerate(todo)}
    summary.sharded.sort(key=lambda item: order.get(item[0], len(order)))
    return summary
