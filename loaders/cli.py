"""The `juesuan` command line: extract, ingest, build, check."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from loaders.warehouse import DEFAULT_DB

app = typer.Typer(add_completion=False, no_args_is_help=True, help="决算仓: 部门决算 into DuckDB.")

DbOption = Annotated[
    Path,
    typer.Option("--db", help="DuckDB warehouse file.", envvar="JUESUAN_DB"),
]


@app.command()
def extract(
    file: Path,
    format: Annotated[str, typer.Option("--format", help="csv or jsonl")] = "csv",
    region: Annotated[str | None, typer.Option(help="Override the region read from the document.")] = None,
    department: Annotated[str | None, typer.Option(help="Override the department.")] = None,
    year: Annotated[int | None, typer.Option(help="Override the year.")] = None,
    unit: Annotated[str | None, typer.Option(help="Override the unit (万元 or 元).")] = None,
) -> None:
    """Print every fact of one document, one per line."""
    from loaders.paths import lossless_text
    from loaders.pipeline import Overrides, describe_unmapped, extract_document, write_facts

    try:
        loaded = extract_document(file, Overrides(region, department, year, unit))
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
) -> None:
    """Load documents (files or folders) into the warehouse's raw layer."""
    from loaders.pipeline import Overrides, ingest_paths

    summary = ingest_paths(paths, db, Overrides(region, department, year, unit))
    typer.echo(summary.describe())


@app.command()
def build(db: DbOption = DEFAULT_DB) -> None:
    """Run `dbt build` (seeds, models, tests) on the warehouse."""
    from loaders.dbt_runner import run_dbt_build

    raise typer.Exit(run_dbt_build(db))


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
) -> None:
    """Run the data-quality checkpoint; exit 0 clean, 1 errors found, 2 the run failed."""
    from expectations.run import run_checks

    raise typer.Exit(run_checks(db, reports))
