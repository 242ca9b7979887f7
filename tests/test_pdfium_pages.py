"""PDF pages read with pdfium give what pdfplumber gives: the same lines, tables and cells on real
PDFs, and pages pdfium cannot read faithfully are left to pdfplumber."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from loaders.pipeline import extract_document
from loaders.readers import pdf as pdf_reader
from loaders.readers.pdfium_pages import read_pages, subpath_edges
from loaders.render.pdf import render_pdf
from loaders.render.templates import build_document
from tests.conftest import SAMPLES, SHANGHAI_PDF, SHARED, shared_file

BUDGET_PDF = SHARED / "samples" / "budgets" / "shanghai-putuo-government-office-2025-budget-unit.pdf"
SAMPLE_PDF = SAMPLES / "shanghai-2024-putuo-finance-bureau.pdf"
SAMPLE_PDFS = sorted(SAMPLES.glob("*.pdf"))


def _shape(page: pdf_reader._Page) -> tuple:
    """What the reader keeps of a page, positions to a hundredth of a point (pdfium measures in
    single precision, pdfminer in double)."""
    tables = [(round(t.top, 2), round(t.bottom, 2), t.rows) for t in page.tables]
    lines = [(line.text, round(line.top, 2), round(line.bottom, 2)) for line in page.lines]
    return page.number, round(page.height, 2), lines, tables, page.has_text, page.has_image


def _with_pdfplumber(path: Path) -> list[tuple]:
    with pdfplumber.open(path) as pdf:
        return [_shape(pdf_reader._read_page(page)) for page in pdf.pages]


@pytest.mark.parametrize("path", [SHANGHAI_PDF, BUDGET_PDF], ids=lambda p: p.name)
def test_every_page_reads_as_pdfplumber_reads_it(path: Path) -> None:
    path = shared_file(path)
    assert [_shape(page) for page in pdf_reader._read_pages(path)] == _with_pdfplumber(path)


@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=lambda p: p.name)
def test_the_sample_pdfs_read_as_pdfplumber_reads_them(path: Path) -> None:
    # reportlab's embedded subset gives digits advance widths pdfium and pdfminer round apart by
    # up to a tenth of a point: the same lines, cells and tables, positions within 0.1 pt.
    fast, slow = [_shape(page) for page in pdf_reader._read_pages(path)], _with_pdfplumber(path)
    assert _texts(fast) == _texts(slow)
    assert _positions(fast) == pytest.approx(_positions(slow), abs=0.1)


def _texts(shapes: list[tuple]) -> list[tuple]:
    return [(n, [line[0] for line in lines], [t[2] for t in tables], *flags) for n, _, lines, tables, *flags in shapes]


def _positions(shapes: list[tuple]) -> list[float]:
    lines = [x for shape in shapes for _, top, bottom in shape[2] for x in (top, bottom)]
    tables = [x for shape in shapes for top, bottom, _ in shape[3] for x in (top, bottom)]
    return [shape[1] for shape in shapes] + lines + tables


@pytest.mark.parametrize("path", [SHANGHAI_PDF, *SAMPLE_PDFS], ids=lambda p: p.name)
def test_pdfs_with_embedded_fonts_are_read_by_pdfium_alone(path: Path) -> None:
    assert all(page.faithful for page in read_pages(shared_file(path)))


def _sample_in_a_font_not_embedded(tmp_path: Path) -> Path:
    """The bundled Shanghai 决算 printed again in reportlab's built-in STSong-Light, not embedded."""
    loaded = extract_document(SAMPLE_PDF)
    record = loaded.record
    assert record.department and record.year
    doc = build_document(loaded.tables, style="national", department=record.department, year=record.year)
    return render_pdf(doc, tmp_path / "not-embedded.pdf")


def test_a_glyph_in_no_font_pdfium_has_leaves_its_page_to_pdfplumber(tmp_path: Path) -> None:
    # Set in a CID font that is not embedded (and no CJK font installed for pdfium to substitute),
    # a label wrapped to one character (事业收 / 入) is a text object pdfium cannot measure and
    # leaves out of its text: that page is read by pdfplumber, with the same facts.
    path = _sample_in_a_font_not_embedded(tmp_path)
    pages = read_pages(path)
    assert pages[0].faithful and not pages[2].faithful
    header = pdf_reader._read_pages(path)[2].tables[0].rows[0]
    assert "事业收\n入" in header
    assert _facts(path) == _facts(SAMPLE_PDF)


def _facts(path: Path) -> dict[str, list[tuple]]:
    tables = extract_document(path).tables
    return {t.table_kind: sorted((f.row_key, f.column_key, f.value) for f in t.facts) for t in tables}


def test_paths_become_the_edges_pdfminer_makes() -> None:
    height = 100.0
    rectangle = [("m", (10.0, 10.0)), ("l", (50.0, 10.0)), ("l", (50.0, 30.0)), ("l", (10.0, 30.0)), ("h", (10, 10))]
    assert [(e["orientation"], e["x0"], e["top"], e["x1"], e["bottom"]) for e in subpath_edges(rectangle, height)] == [
        ("h", 10.0, 70.0, 50.0, 70.0),
        ("h", 10.0, 90.0, 50.0, 90.0),
        ("v", 10.0, 70.0, 10.0, 90.0),
        ("v", 50.0, 70.0, 50.0, 90.0),
    ]
    [line] = subpath_edges([("m", (0.0, 50.0)), ("l", (80.0, 50.0))], height)
    assert (line["object_type"], line["orientation"], line["width"], line["top"]) == ("line", "h", 80.0, 50.0)
    slanted = subpath_edges([("m", (0.0, 0.0)), ("l", (10.0, 0.0)), ("c", (20.0, 10.0))], height)
    assert [e["orientation"] for e in slanted] == ["h", None]
