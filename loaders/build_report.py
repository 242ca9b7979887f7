"""What `juesuan build` prints: one progress line while dbt runs, then a summary and every failure.

dbt's own console log (160+ lines, colour codes in files) is switched off; its events come here
through a callback instead, and its full log stays in the artefacts folder. Colour only on a
terminal: rich drops the styles when output is redirected (and honours NO_COLOR).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

# dbt's statuses, as an analyst reads them: tests pass/warn/fail, other nodes success/error.
OK_STATUSES = {"success", "pass", "no-op"}
STATUS_STYLE = {"warn": "yellow", "fail": "red", "error": "red", "skipped": "dim"}


@dataclass(frozen=True)
class NodeOutcome:
    """One seed, model or test that did not simply pass."""

    status: str  # warn | fail | error | skipped
    resource_type: str
    name: str
    path: str
    message: str
    failures: int | None


@dataclass
class BuildSummary:
    by_type: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    outcomes: list[NodeOutcome] = field(default_factory=list)
    error: str | None = None  # dbt could not run at all (a parse or compilation error)
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return self.error is not None or bool(self.by_status["fail"] or self.by_status["error"])


class BuildProgress:
    """A dbt callback drawing one progress line ('41/212 model marts.dim_document') on a terminal."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.started = time.monotonic()
        self._progress: Progress | None = None
        self._task: Any = None

    def __enter__(self) -> BuildProgress:
        if self.console.is_terminal:
            self._progress = Progress(
                TextColumn("dbt build"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=self.console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("parsing", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def __call__(self, event: Any) -> None:
        if self._progress is None:
            return
        name = event.info.name
        if name == "LogStartLine":
            node = event.data.node_info
            self._progress.update(
                self._task, total=event.data.total, description=f"{node.resource_type} {node.node_name}"
            )
        elif name == "NodeFinished":
            self._progress.advance(self._task)


def summarise(result: Any, seconds: float) -> BuildSummary:
    """Counts by resource type and status, and each node that did not pass, from a dbtRunnerResult."""
    summary = BuildSummary(seconds=seconds)
    if result.exception is not None:
        summary.error = str(result.exception)
    for node_result in getattr(result.result, "results", None) or []:
        node = node_result.node
        if str(node.resource_type) == "exposure":  # a notebook's entry in the lineage, nothing built
            continue
        status = str(node_result.status).lower()
        summary.by_type[str(node.resource_type)] += 1
        summary.by_status[status] += 1
        if status not in OK_STATUSES:
            summary.outcomes.append(
                NodeOutcome(
                    status=status,
                    resource_type=str(node.resource_type),
                    name=node.name,
                    path=node.original_file_path,
                    message=(node_result.message or "").strip(),
                    failures=node_result.failures,
                )
            )
    return summary


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def render(summary: BuildSummary, console: Console, db: object, log_dir: object) -> None:
    """The summary line, then each warning in one line and each failure in full."""
    if summary.error is not None:
        console.print(f"[red]dbt build of {db} could not run:[/red]")
        console.print(summary.error, markup=False, highlight=False)
        console.print(f"dbt log: {log_dir}/dbt.log", markup=False, highlight=False)
        return
    if not summary.by_type:  # a mistyped --select is dbt's "Nothing to do", not a failure
        console.print(
            f"dbt build of {db}: nothing selected — no seed, model or test matches the --select/--exclude "
            "given (dbt ls with the same options lists what a selection takes)",
            markup=False,
            highlight=False,
        )
        return
    nodes = ", ".join(_plural(n, kind) for kind, n in sorted(summary.by_type.items()))
    counts = summary.by_status
    passed = sum(counts[s] for s in OK_STATUSES)
    verdict = "[red]failed[/red]" if summary.failed else "[green]done[/green]"
    console.print(
        f"dbt build of {db} {verdict} in {summary.seconds:.0f} s: {nodes} — "
        f"{passed} ok, {counts['warn']} warned, {counts['fail'] + counts['error']} failed, "
        f"{counts['skipped']} skipped",
        highlight=False,
    )
    for outcome in sorted(summary.outcomes, key=lambda o: (o.status != "warn", o.status, o.name)):
        style = STATUS_STYLE.get(outcome.status, "")
        label = f"[{style}]{outcome.status.upper():7}[/{style}]" if style else f"{outcome.status.upper():7}"
        found = f" ({_plural(outcome.failures, 'row')})" if outcome.failures else ""
        if outcome.status in {"warn", "skipped"}:
            console.print(f"  {label} {outcome.resource_type} {outcome.name}{found}", highlight=False)
            continue
        console.print(f"  {label} {outcome.resource_type} {outcome.name}{found} — {outcome.path}", highlight=False)
        console.print(outcome.message, markup=False, highlight=False)
    if summary.outcomes:
        console.print(f"dbt log: {log_dir}/dbt.log", markup=False, highlight=False)
