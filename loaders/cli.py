"""The `juesuan` command line: extract, ingest, build, check.

Exit codes: 0 done; 1 done, with rejected documents (ingest) or errors found (check, build);
2 the command could not run (the warehouse busy or missing, an unexpected failure). No command
prints a traceback unless ``--debug`` is given.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from loaders.limits import Limits
from loaders.lock import DEFAULT_WAIT
from loaders.warehouse import DEFAULT_DB

EXIT_DONE, EXIT_REJECTED, EXIT_FAILED = 0, 1, 2


class _Juesuan(typer.Typer):
    """The app: an unexpected error ends a command with one line on stderr and exit 2."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except Exception as err:
            if os.environ.get("JUESUAN_DEBUG"):
                raise
            from loaders.paths import lossless_text

            typer.echo(f"error: {lossless_text(f'{type(err).__name__}: {err}')} (--debug shows where)", err=True)
            sys.exit(EXIT_FAILED)


app = _Juesuan(
    add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, help="决算仓: 部门决算 into DuckDB."
)

DbOption = Annotated[
    Path,
    typer.Option("--db", help="DuckDB warehouse file.", envvar="JUESUAN_DB"),
]
WaitOption = Annotated[
    float,
    typer.Option("--wait", metavar="SECONDS", help="How long to wait for another process writing the warehouse."),
]
LimitOption = Annotated[
    list[str] | None,
    typer.Option(
        "--limit",
        metavar="NAME=VALUE",
        help="Raise or lower a resource limit per document (pages, sheet_rows, sheet_cells, unzipped_mb, "
        "file_mb, seconds); repeatable. Also JUESUAN_LIMIT_<NAME>.",
    ),
]


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")] = False,
) -> None:
    """决算仓: 部门决算 into DuckDB."""
    if debug:
        os.environ["JUESUAN_DEBUG"] = "1"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(EXIT_FAILED)


def _limits(settings: list[str] | None) -> Limits:
    try:
        return Limits.from_env().with_settings(settings or [])
    except ValueError as err:
        raise _fail(f"--limit: {err}") from None


@contextmanager
def _writing(db: Path, command: str, wait: float) -> Iterator[None]:
    """Hold the warehouse's writer lock for the command, or exit 2 naming who holds it."""
    from loaders.lock import WarehouseBusy, writer_lock

    try:
        with writer_lock(db, command, wait):
            yield
    except WarehouseBusy as err:
        raise _fail(str(err)) from None


@app.command()
def extract(
    file: Path,
    format: Annotated[str, typer.Option("--format", help="csv or jsonl")] = "csv",
    region: Annotated[str | None, typer.Option(help="Override the region read from the document.")] = None,
    department: Annotated[str | None, typer.Option(help="Override the department.")] = None,
    year: Annotated[int | None, typer.Option(help="Override the year.")] = None,
    unit: Annotated[str | None, typer.Option(help="Override the unit (万元 or 元).")] = None,
    limit: LimitOption = None,
) -> None:
    """Print every fact of one document, one per line."""
    from loaders.paths import lossless_text
    from loaders.pipeline import Overrides, describe_unmapped, extract_document, write_facts

    try:
        loaded = extract_document(file, Overrides(region, department, year, unit), _limits(limit))
    except (ValueError, OSError) as err:
        typer.echo(f"error: {lossless_text(str(err))}", err=True)
        raise typer.Exit(1) from err
    write_facts(loaded, sys.stdout, format)
    for row in loaded.unmapped:  # loaded, but the analyst must know what is missing from the facts
        typer.echo(f"warning: {describe_unmapped(loaded.record.path, row)}", err=True)


@app.command()
def ingest(
    paths: list[Path],
    db: DbOption = DEFAULT_DB,
    region: Annotated[str | None, typer.Option(help="Override the region read from the documents.")] = None,
    department: Annotated[str | None, typer.Option(help="Override the department.")] = None,
    year: Annotated[int | None, typer.Option(help="Override the year.")] = None,
    unit: Annotated[str | None, typer.Option(help="Override the unit (万元 or 元).")] = None,
    wait: WaitOption = DEFAULT_WAIT,
    limit: LimitOption = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Processes reading documents (default: one per core; 1 = sequential).")
    ] = None,
) -> None:
    """Load documents (files or folders) into the warehouse's raw layer.

    Exit 0 when every document was loaded (or was loaded before), 1 when any was rejected
    (each is listed with its reason and kept in raw.rejected_documents), 2 when the ingest could
    not run."""
    from loaders.pipeline import Overrides, default_workers, ingest_paths

    limits = _limits(limit)
    with _writing(db, "ingest", wait):
        overrides = Overrides(region, department, year, unit)
        summary = ingest_paths(paths, db, overrides, limits, workers or default_workers())
    typer.echo(summary.describe())
    raise typer.Exit(EXIT_REJECTED if summary.rejected else EXIT_DONE)


@app.command()
def build(db: DbOption = DEFAULT_DB, wait: WaitOption = DEFAULT_WAIT) -> None:
    """Run `dbt build` (seeds, models, tests) on the warehouse."""
    from loaders.dbt_runner import run_dbt_build

    with _writing(db, "build", wait):
        code = run_dbt_build(db)
    raise typer.Exit(code)


@app.command()
def docs(db: DbOption = DEFAULT_DB) -> None:
    """Write the dbt documentation site for offline reading (target/static_index.html)."""
    from loaders.dbt_runner import run_dbt_docs

    code = run_dbt_docs(db)
    if code == 0:
        typer.echo("docs: target/static_index.html")
    raise typer.Exit(code)


@app.command()
def check(
    db: DbOption = DEFAULT_DB,
    reports: Annotated[Path, typer.Option(help="Where Data Docs and the summary go.", envvar="JUESUAN_REPORTS")] = Path(
        "reports"
    ),
    wait: WaitOption = DEFAULT_WAIT,
) -> None:
    """Run the data-quality checkpoint; exit 0 clean, 1 errors found, 2 the run failed (also when
    the warehouse holds no documents)."""
    from expectations.run import run_checks

    if not db.is_file():
        raise typer.Exit(run_checks(db, reports))  # says there is no warehouse
    with _writing(db, "check", wait):
        code = run_checks(db, reports)
    raise typer.Exit(code)
