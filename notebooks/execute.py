"""Execute every notebook against a warehouse; write each as HTML and its charts as PNG.

    .venv/bin/python notebooks/execute.py --db warehouse/juesuan.duckdb --out reports/notebooks

Exits 1 when any notebook fails; the failing notebook is still written as HTML, with the error
in place, so that it can be read.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from juesuan_charts import warehouse_path
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

NOTEBOOK_DIR = Path(__file__).resolve().parent
CELL_TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Outcome:
    notebook: Path
    html: Path
    error: str | None
    book: nbformat.NotebookNode  # the executed notebook, with its outputs


def notebooks(directory: Path = NOTEBOOK_DIR) -> list[Path]:
    """The notebooks to run, in their numbered order."""
    return sorted(directory.glob("*.ipynb"))


def kernel_env(db: Path, figures: Path) -> dict[str, str]:
    """The kernel's environment: this process's, with the warehouse and figure folder set."""
    return {
        **os.environ,
        "JUESUAN_DB": str(db.resolve()),
        "JUESUAN_FIGURES": str(figures.resolve()),
    }


def execute(path: Path, env: dict[str, str]) -> tuple[nbformat.NotebookNode, str | None]:
    """Run one notebook in a fresh kernel started in its folder; return it and any error."""
    book = nbformat.read(path, as_version=4)
    client = NotebookClient(
        book,
        timeout=CELL_TIMEOUT_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute(env=env)
    except CellExecutionError as err:
        return book, str(err)
    return book, None


def to_html(book: nbformat.NotebookNode) -> str:
    body, _ = HTMLExporter().from_notebook_node(book)
    return body


def run(db: Path, out: Path, paths: list[Path] | None = None) -> list[Outcome]:
    """Execute ``paths`` (default: every notebook) and write ``out/<name>.html`` for each."""
    if not db.is_file():
        raise FileNotFoundError(f"warehouse not found: {db}")
    out.mkdir(parents=True, exist_ok=True)
    env = kernel_env(db, out / "figures")
    outcomes = []
    for path in paths or notebooks():
        book, error = execute(path, env)
        html = out / f"{path.stem}.html"
        html.write_text(to_html(book), encoding="utf-8")
        outcomes.append(Outcome(path, html, error, book))
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=warehouse_path())
    parser.add_argument("--out", type=Path, default=Path("reports/notebooks"))
    args = parser.parse_args(argv)
    for stale in (args.out / "figures").glob("*.png"):  # charts of an earlier run
        stale.unlink()
    outcomes = run(args.db, args.out)
    for outcome in outcomes:
        status = "ok" if outcome.error is None else "FAILED"
        print(f"{status:6} {outcome.notebook.name} -> {outcome.html}")
    print(f"charts: {args.out / 'figures'}")
    failed = [o for o in outcomes if o.error is not None]
    for outcome in failed:
        print(f"\n{outcome.notebook.name} failed:\n{outcome.error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
