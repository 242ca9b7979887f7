"""Regenerate the bundled sample corpus from the real documents in ../shared.

Each source document is read with the project's own loaders, its figures are re-printed in a
province's layout by loaders/render/*, and every written file is read back and must give the same
figures (a sample that does not round-trip is an error, not a file). Without ../shared the
committed samples stand as they are.

    .venv/bin/python data/samples/make_samples.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from loaders.model import Table
from loaders.pipeline import extract_document
from loaders.readers.pdfium_pages import read_pages
from loaders.render import RenderDocument
from loaders.render.budget import TABLES as BUDGET_TABLES
from loaders.render.budget import build_budget_document
from loaders.render.markdown import render_markdown
from loaders.render.narrative import explanation_lines
from loaders.render.pdf import render_pdf
from loaders.render.templates import STYLES, build_document
from loaders.render.xlsx import render_xlsx

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1].parent / "shared"
# Published PDFs embed their fonts; the sample PDFs embed WenQuanYi Micro Hei (Apache-2.0), a TrueType
# CJK font with Latin digits, from Debian's fonts-wqy-microhei (apt-get install fonts-wqy-microhei).
PDF_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

Writer = Callable[[RenderDocument, Path], Path]


@dataclass(frozen=True)
class Output:
    name: str
    style: str  # national | zhejiang | a template of loaders.render.templates; shanghai_budget
    write: Writer
    narrative: bool = False  # append a 情况说明 of our own wording built from the figures


BUDGET_STYLE = "shanghai_budget"  # Shanghai's nine budget tables (loaders/render/budget.py)


@dataclass(frozen=True)
class Source:
    path: Path
    outputs: tuple[Output, ...]


def _pdf_embedded(doc: RenderDocument, path: Path) -> Path:
    """A ruled PDF with its font embedded, so pdfium reads it as it reads published PDFs."""
    if not PDF_FONT.is_file():
        raise SystemExit(f"{PDF_FONT} is missing: apt-get install fonts-wqy-microhei")
    return render_pdf(doc, path, font=PDF_FONT)


def _xlsx_mixed(doc: RenderDocument, path: Path) -> Path:
    """One sheet per table, the summary sheet with figures as text (2,209.05), the rest numbers."""
    return render_xlsx(doc, path, text_sheets=frozenset({"公开01表"}))


SOURCES = (
    Source(
        SHARED / "seeds" / "002_79da5c65fa76b1ff.txt",
        (
            Output("zhejiang-2024-shaoxing-yuecheng-big-data-center.xlsx", "zhejiang", _xlsx_mixed),
            Output("zhejiang-2024-shaoxing-yuecheng-big-data-center.md", "zhejiang", render_markdown, narrative=True),
        ),
    ),
    Source(
        SHARED / "samples" / "shanghai-putuo-finance-bureau-2024-final-accounts.pdf",
        (
            Output("shanghai-2024-putuo-finance-bureau.md", "national", render_markdown, narrative=True),
            Output("shanghai-2024-putuo-finance-bureau.pdf", "national", _pdf_embedded),
        ),
    ),
    Source(
        SHARED / "samples" / "budgets" / "shanghai-putuo-government-office-2025-budget-department.pdf",
        (
            Output("shanghai-2025-putuo-government-office-budget.md", BUDGET_STYLE, render_markdown),
            Output("shanghai-2025-putuo-government-office-budget.pdf", BUDGET_STYLE, _pdf_embedded),
        ),
    ),
)

Key = tuple[str, str, str, Decimal]


def nonzero_facts(tables: list[Table], kinds: set[str]) -> set[Key]:
    """The figures a layout prints, in 万元: zero may print blank, a layout omits kinds it lacks, and a
    budget in 元 prints its 三公 table (万元 in the source) in 元 too."""
    return {
        (f.table_kind, f.row_key, f.column_key, f.value if f.unit == "万元" else f.value / 10000)
        for t in tables
        if t.table_kind in kinds
        for f in t.facts
        if f.value != 0
    }


def signature(path: Path) -> tuple[object, ...]:
    """What a reader gets from a file: metadata, tables and every figure with its cell. Binary
    formats embed the time they were written, so files are compared by this, not by bytes."""
    loaded = extract_document(path)
    record = loaded.record
    tables = [
        (
            t.table_kind,
            t.table_no,
            t.title,
            t.is_empty,
            sorted((f.row_key, f.column_key, f.value_text, f.source) for f in t.facts),
        )
        for t in loaded.tables
    ]
    statements = [(s.subject, s.measure, s.value_text, s.unit) for s in loaded.narrative.statements]
    return record.department, record.year, record.unit, tables, statements, _read_by_pdfium(path)


def _read_by_pdfium(path: Path) -> bool | None:
    """Whether pdfium reads every page of a PDF itself (its font embedded); None for other formats."""
    return all(page.faithful for page in read_pages(path)) if path.suffix == ".pdf" else None


def make(source: Source, scratch: Path) -> list[Path]:
    loaded = extract_document(source.path)
    record = loaded.record
    if not (record.department and record.year and record.unit):
        raise SystemExit(f"{source.path}: department, year or unit not found: {record}")
    written = []
    for output in source.outputs:
        if output.style == BUDGET_STYLE:
            doc = build_budget_document(record.department, record.year, record.unit, loaded.tables)
            kinds = {kind for kind, _, _ in BUDGET_TABLES}
        else:
            doc = build_document(
                loaded.tables, style=output.style, department=record.department, year=record.year, unit=record.unit
            )
            kinds = {kind for kind, _, _ in STYLES[output.style]}
        path = output.write(doc, scratch / output.name)
        if output.narrative:
            explanation = explanation_lines(loaded.tables, record.department, record.year)
            with path.open("a", encoding="utf-8") as f:
                f.write("\n" + "\n".join(explanation))
        back = extract_document(path)
        expected, found = nonzero_facts(loaded.tables, kinds), nonzero_facts(back.tables, kinds)
        if expected != found or (back.record.department, back.record.year) != (record.department, record.year):
            raise SystemExit(
                f"{output.name} does not round-trip: missing {sorted(expected - found)[:5]}, "
                f"extra {sorted(found - expected)[:5]}, metadata {back.record}"
            )
        target = HERE / output.name
        if target.is_file() and signature(target) == signature(path):
            print(f"{output.name}: unchanged")
            continue
        shutil.copyfile(path, target)
        written.append(target)
        print(f"{output.name}: written, {len(found)} non-zero figures of {source.path.name}")
    return written


def main() -> int:
    if not SHARED.is_dir():
        print(f"{SHARED} is absent: the committed samples in {HERE} stand as they are")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        for source in SOURCES:
            make(source, Path(scratch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
