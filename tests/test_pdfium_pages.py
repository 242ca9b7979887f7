"""PDF pages read with pdfium give what pdfplumber gives: the same lines, tables and cells on real
PDFs, and pages pdfium cannot read faithfully are left to pdfplumber."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from loaders.readers import pdf as pdf_reader
from loaders.readers.pdfium_pages import read_pages, subpath_edges
from tests.conftest import REPO, SHANGHAI_PDF, SHARED, shared_file

BUDGET_PDF = SHARED / "samples" / "budgets" / "shanghai-putuo-government-office-2025-budget-unit.pdf"
SAMPLE_PDF = REPO / "data" / "samples" / "shanghai-2024-putuo-finance-bureau.pdf"


def _shape(page: pdf_reader._Page) -> tuple:
    """What the reader keeps of a page, positions to a hundredth of a point (pdfium measures in
    single precision, pdfminer in double)."""
    tables = [(round(t.top, 2), round(t.bottom, 2), t.rows) for t in page.tables]
    lines = [(line.text, round(line.top, 2), round(line.bottom, 2)) for line in page.lines]
    return page.number, round(page.height, 2), lines, tables, page.has_text, page.has_image


def _with_pdfplumber(path: Path) -> list[tuple]:
    with pdfplumber.open(path) as pdf:
        return [_shape(pdf_reader._read_page(page)) for page in pdf.pages]


@pytest.mark.parametrize("path", [SHANGHAI_PDF, BUDGET_PDF, SAMPLE_PDF], ids=lambda p: p.name)
def test_every_page_reads_as_pdfplumber_reads_it(path: Path) -> None:
    path = shared_file(path)
    assert [_shape(page) for page in pdf_reader._read_pages(path)] == _with_pdfplumber(path)


def test_real_pdfs_are_read_by_pdfium_alone() -> None:
    assert all(page.faithful for page in read_pages(shared_file(SHANGHAI_PDF)))


def test_a_glyph_in_no_font_pdfium_has_leaves_its_page_to_pdfplumber() -> None:
    # The sample is set in a CID font that is not embedded: a label wrapped to one character
    # (事业收 / 入) is a text object pdfium cannot measure and leaves out of its text.
    pages = read_pages(SAMPLE_PDF)
    assert pages[0].faithful and not pages[2].faithful
    header = pdf_reader._read_pages(SAMPLE_PDF)[2].tables[0].rows[0]
    assert "事业收\n入" in header


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
