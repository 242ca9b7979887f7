"""The `juesuan` command line: extract, ingest, build, check, docs, export.

Exit codes: 0 done; 1 done, with rejected documents (ingest) or errors found (check, build);
2 the command could not run (the warehouse busy or missing, an unexpected failure). No command
prints a traceback unless ``--debug`` is given.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core

from loaders.limits import Limits
from loaders.lock import DEFAULT_WAIT
from loaders.paths import lossless_text
from loaders.warehouse import DEFAULT_DB

EXIT_DONE, EXIT_REJECTED, EXIT_FAILED = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report a process ended by SIGINT

# typer prints each argument's Python type after its name ("FILE <Path>"); the help text says
# what an argument takes, so the type tag goes.
typer.core.TyperArgument.display_type_rich = lambda self, ctx: None

EXTRACT_FORMATS = ("csv", "jsonl")
FILE_TYPES = (
    "PDF (.pdf), extracted text (.txt), markdown or TSV (.md, .markdown, .tsv), Excel (.xlsx, .xls), "
    "Word (.docx), web pages (.html, .htm)"
)


class _Juesuan(typer.Typer):
    """The app: an unexpected error ends a command with one line on stderr and exit 2."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except Exception as err:
            if os.environ.get("JUESUAN_DEBUG"):
                raise
            from loaders.failures import describe_failure

            typer.echo(f"error: {describe_failure(err)} (--debug shows where)", err=True)
            sys.exit(EXIT_FAILED)


app = _Juesuan(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help=f"决算仓 juesuan: 部门决算 and 部门预算 documents into one DuckDB warehouse. Reads {FILE_TYPES}.",
)

DbOption = Annotated[
    Path,
    typer.Option("--db", help="DuckDB warehouse file.", envvar="JUESUAN_DB", metavar="FILE", show_envvar=True),
]
RegionOption = Annotated[str | None, typer.Option(help="Region, instead of what the document says.", metavar="REGION")]
DepartmentOption = Annotated[
    str | None, typer.Option(help="Department, instead of what the document says.", metavar="NAME")
]
YearOption = Annotated[int | None, typer.Option(help="Fiscal year, instead of what the document says.", metavar="YEAR")]
UNITS = ("元", "千元", "万元", "亿元")  # the units the marts convert to 万元


def _known_unit(value: str | None) -> str | None:
    if value is not None and value not in UNITS:
        raise typer.BadParameter(f"'{value}' is not a unit of money the warehouse converts ({', '.join(UNITS)})")
    return value


UnitOption = Annotated[
    str | None,
    typer.Option(help="Unit of the figures: 元, 千元, 万元 or 亿元.", metavar="UNIT", callback=_known_unit),
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


def version() -> str:
    try:
        return metadata.version("juesuan")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"juesuan {version()}")
        raise typer.Exit()


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")] = False,
    show_version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_show_version, is_eager=True),
    ] = False,
) -> None:
    """决算仓 juesuan: 部门决算 and 部门预算 documents into one DuckDB warehouse."""
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


def _readable(db: Path, wait: float) -> None:
    """Wait until no other process writes the warehouse (DuckDB lets none read it meanwhile), or exit 2."""
    from loaders.lock import WarehouseBusy, wait_until_readable

    try:
        wait_until_readable(db, wait)
    except WarehouseBusy as err:
        raise _fail(str(err)) from None


@app.command(short_help="Print the figures of one document.")
def extract(
    file: Annotated[Path, typer.Argument(help=f"One document: {FILE_TYPES}.", metavar="FILE")],
    format: Annotated[str, typer.Option("--format", help="csv or jsonl.", metavar="csv|jsonl")] = "csv",
    region: RegionOption = None,
    department: DepartmentOption = None,
    year: YearOption = None,
    unit: UnitOption = None,
    limit: LimitOption = None,
) -> None:
    """Print the figures of one document, one per line (with region, department, year)."""
    from loaders.pipeline import Overrides, describe_unmapped, extract_document, unread_tables, write_facts

    if format not in EXTRACT_FORMATS:
        raise _fail(f"unknown --format '{format}' (csv or jsonl)")
    if file.is_dir():
        raise _fail(f"{lossless_text(str(file))} is a folder: extract reads one document (ingest reads folders)")
    try:
        loaded = extract_document(file, Overrides(region, department, year, unit), _limits(limit))
    except (ValueError, OSError) as err:
        typer.echo(f"error: {lossless_text(str(err))}", err=True)
        raise typer.Exit(1) from err
    write_facts(loaded, sys.stdout, format)
    for row in loaded.unmapped:  # loaded, but the analyst must know what is missing from the facts
        if not row.in_unread_table:
            typer.echo(f"warning: {lossless_text(describe_unmapped(loaded.record.path, row))}", err=True)
    for table in unread_tables(loaded.unmapped):
        typer.echo(f"warning: {loaded.record.path}: {lossless_text(table)}", err=True)


@app.command(short_help="Load documents into the warehouse.")
def ingest(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help=f"Files or folders: {FILE_TYPES}; or shards folders or URLs written by `juesuan shard`.",
            metavar="FILES",
            show_default=False,
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    region: RegionOption = None,
    department: DepartmentOption = None,
    year: YearOption = None,
    unit: UnitOption = None,
    wait: WaitOption = DEFAULT_WAIT,
    limit: LimitOption = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Processes reading documents (default: one per core; 1 = sequential).")
    ] = None,
    reparse: Annotated[
        bool,
        typer.Option(
            "--reparse",
            help="Read again the documents loaded by an older parser version (from PATHS and from where they "
            "were loaded; give the same --region/--year/… they were loaded with).",
        ),
    ] = False,
) -> None:
    """Load documents (files or folders) into the warehouse's raw layer.

    Exit 0 when every document was loaded (or was loaded before), 1 when any was rejected
    (each is listed with its reason and kept in raw.rejected_documents) or could not be read again
    (--reparse), 2 when the ingest could not run."""
    from loaders.paths import path_text
    from loaders.pipeline import Overrides, default_workers, folder_files, ingest_paths
    from loaders.shards import is_shards_folder

    if not paths and not reparse:
        raise _fail("name the documents or folders to load (or give --reparse)")
    if reparse and not paths and not db.is_file():  # nothing loaded before: nothing to read again
        raise _fail(f"no warehouse at {path_text(db)}: --reparse reads again what a warehouse holds")
    limits = _limits(limit)
    shards = [p for p in paths or [] if is_shards_folder(p)]
    files = [Path(p) for p in paths or [] if p not in shards]
    found, left_out = folder_files(files)
    if files and not found and not shards and not reparse:  # an empty or wrong folder: say so, make no warehouse
        where = " ".join(path_text(path) for path in files)
        typer.echo(f"nothing to load in {where}: no {FILE_TYPES} file ({len(left_out)} other file(s) left out)")
        raise typer.Exit(EXIT_DONE)
    try:
        with _writing(db, "ingest", wait):
            overrides = Overrides(region, department, year, unit)
            summary = ingest_paths(
                files, db, overrides, limits, workers or default_workers(), reparse=reparse, shards=shards
            )
    except KeyboardInterrupt:
        typer.echo(
            "interrupted: the documents written so far are kept, each whole, and nothing of the others "
            "(a batch being written is rolled back); run the same command again to load the rest",
            err=True,
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    typer.echo(lossless_text(summary.describe()))
    raise typer.Exit(EXIT_REJECTED if summary.rejected or summary.not_reparsed else EXIT_DONE)


@app.command(short_help="Extract documents as Dask tasks into Parquet shards (the distributed route).")
def shard(
    paths: Annotated[list[Path], typer.Argument(help=f"Files or folders: {FILE_TYPES}.", metavar="FILES")],
    out: Annotated[
        str, typer.Option("--out", help="Shards folder or object-store URL (s3://…, gs://…).", metavar="DIR|URL")
    ],
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (tcp://host:8786); default: a local cluster.", metavar="ADDRESS"),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, metavar="N", help="Worker processes of the local cluster (default: one per core)."),
    ] = None,
    files_per_task: Annotated[int, typer.Option(min=1, metavar="N", help="Documents per task (one shard each).")] = 8,
    region: RegionOption = None,
    department: DepartmentOption = None,
    year: YearOption = None,
    unit: UnitOption = None,
    limit: LimitOption = None,
) -> None:
    """Read and normalise documents as tasks on a Dask cluster, each task writing one Parquet shard of
    every raw table to OUT; `juesuan ingest OUT` loads them. Files in a shard already are skipped.

    Exit 0 when every document was sharded (or was before), 1 when any was rejected or its task
    failed, 2 when the command could not run (e.g. the `distributed` extra is not installed)."""
    try:
        from loaders.distributed import shard_paths
    except ImportError as err:
        raise _fail(f"{err}: install the distributed extra (pip install 'juesuan[distributed]')") from None
    from loaders.paths import path_text
    from loaders.pipeline import Overrides, default_workers, folder_files

    found, left_out = folder_files(paths)
    if not found:  # an empty or wrong folder: say so, start no cluster
        where = " ".join(path_text(path) for path in paths)
        typer.echo(f"nothing to shard in {where}: no {FILE_TYPES} file ({len(left_out)} other file(s) left out)")
        raise typer.Exit(EXIT_DONE)
    overrides = Overrides(region, department, year, unit)
    summary = shard_paths(
        paths, out, scheduler, workers or default_workers(), overrides, _limits(limit), files_per_task
    )
    typer.echo(lossless_text(summary.describe()))
    raise typer.Exit(EXIT_REJECTED if summary.rejected or summary.failed else EXIT_DONE)


@app.command(short_help="What the warehouse holds, and what an older parser read.")
def status(
    db: DbOption = DEFAULT_DB,
    all_outdated: Annotated[bool, typer.Option("--all", help="List every outdated document.")] = False,
    wait: WaitOption = DEFAULT_WAIT,
) -> None:
    """What the warehouse holds: documents, tables, facts, statements, unmapped rows and rejections,
    and the documents loaded by an older parser version (`juesuan ingest --reparse` reads them again)."""
    from loaders.status import describe_status

    if not db.is_file():
        raise _fail(f"no warehouse at {db}: load documents first with `juesuan ingest`")
    _readable(db, wait)
    typer.echo(describe_status(db, None if all_outdated else 20))


@app.command(
    short_help="Build the models and run their tests (dbt build).",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    epilog="Other options go to dbt build, e.g. --select marts, --exclude, --full-refresh, --vars.",
)
def build(ctx: typer.Context, db: DbOption = DEFAULT_DB, wait: WaitOption = DEFAULT_WAIT) -> None:
    """Build the models and run their tests (dbt build); dbt options pass through."""
    from loaders.dbt_runner import WarehouseError, build_warehouse, require_warehouse

    try:
        if not db.is_file():
            require_warehouse(db)  # says so before the lock would leave its file beside a missing warehouse
        with _writing(db, "build", wait):
            require_warehouse(db)
            code = build_warehouse(db, ctx.args)
    except WarehouseError as err:
        raise _fail(str(err)) from None
    raise typer.Exit(code)


@app.command(short_help="Write the models' documentation (HTML).")
def docs(
    db: DbOption = DEFAULT_DB,
    out: Annotated[Path, typer.Option("--out", help="Folder for index.html.", metavar="DIR")] = Path("reports/docs"),
    wait: WaitOption = DEFAULT_WAIT,
) -> None:
    """Write the models' documentation (中文, English) as one offline HTML file, OUT/index.html."""
    from loaders.dbt_runner import WarehouseError, artefacts_dir, run_dbt_docs

    _readable(db, wait)
    try:
        code = run_dbt_docs(db)
    except WarehouseError as err:
        raise _fail(str(err)) from None
    if code != 0:
        raise _fail(f"dbt docs failed; see {artefacts_dir(db) / 'dbt.log'}")
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(artefacts_dir(db) / "static_index.html", out / "index.html")
    typer.echo(f"docs: {out / 'index.html'}")


@app.command(short_help="Check every printed equation.")
def check(
    db: DbOption = DEFAULT_DB,
    reports: Annotated[
        Path,
        typer.Option(help="Where Data Docs and the summary go.", envvar="JUESUAN_REPORTS", metavar="DIR"),
    ] = Path("reports"),
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


@app.command(
    short_help="Write marts and raw layer as Parquet/CSV/xlsx.",
    context_settings={"allow_extra_args": True},
)
def export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Folder to write to.", metavar="DIR")],
    db: DbOption = DEFAULT_DB,
    format: Annotated[
        str, typer.Option("--format", help="parquet (by year and province), csv or xlsx.", metavar="parquet|csv|xlsx")
    ] = "parquet",
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            help="Relations to write, one or more (dim_document, marts.dim_document, raw.facts, or a schema: "
            "marts, raw); all by default.",
            metavar="NAME",
        ),
    ] = None,
    wait: WaitOption = DEFAULT_WAIT,
) -> None:
    """Write the marts and the raw layer as Parquet, CSV or Excel files."""
    from loaders.export import ExportError, export

    _readable(db, wait)
    try:
        # names after the first one of `--select a b c` arrive as extra arguments
        written = export(db, out, format, [*(select or ()), *ctx.args])
    except ExportError as err:
        raise _fail(str(err)) from None
    for item in written:
        typer.echo(f"{item.relation:45} {item.rows:>9} rows  {item.path}")
    typer.echo(f"exported {len(written)} relation(s) to {out}")
