"""The reader's copies of pdfplumber's steps give exactly what pdfplumber's own give: ruling lines,
cells and tables (``table_finder``), words and cell texts (``pdf_words``, ``table_cells``), on the
pages of real PDFs and on random ones."""

from __future__ import annotations

import random
from itertools import pairwise

import pdfplumber
import pytest
from pdfplumber.table import TableFinder, TableSettings, edges_to_intersections, intersections_to_cells
from pdfplumber.utils import extract_text, extract_words

from loaders.readers.pdf_words import cell_text, clustered, page_words
from loaders.readers.pdfium_pages import PdfiumPage, read_pages
from loaders.readers.table_cells import table_cells
from loaders.readers.table_finder import find_tables, ruling_lines, smallest_cells
from tests.conftest import SAMPLES, SHANGHAI_PDF, SHARED

BUDGET_PDF = SHARED / "samples" / "budgets" / "shanghai-putuo-wanli-subdistrict-2024-budget-department.pdf"
REAL_PDFS = [p for p in [*sorted(SAMPLES.glob("*.pdf")), SHANGHAI_PDF, BUDGET_PDF] if p.is_file()]


def _pdfplumber_edges(page: object) -> list[dict]:
    finder = TableFinder.__new__(TableFinder)  # only its edge step, with the default settings
    finder.page, finder.settings = page, TableSettings()  # type: ignore[assignment]
    return finder.get_edges()


def _line(edge: dict) -> tuple:
    return tuple(edge.get(key) for key in ("x0", "x1", "top", "bottom", "width", "height", "orientation", "doctop"))


@pytest.fixture(scope="module", params=REAL_PDFS, ids=lambda p: p.name)
def pages(request: pytest.FixtureRequest) -> list[PdfiumPage]:
    return read_pages(request.param)


def test_ruling_lines_tables_words_and_cells_are_pdfplumbers_on_real_pdfs(pages: list[PdfiumPage]) -> None:
    assert all(page.faithful for page in pages)
    tables = 0
    for page in pages:
        assert [_line(e) for e in ruling_lines(page.edges)] == [_line(e) for e in _pdfplumber_edges(page)]
        found, expected = find_tables(page), TableFinder(page).tables  # type: ignore[arg-type]
        assert [t.cells for t in found] == [t.cells for t in expected]
        assert [table_cells(t, page.chars) for t in found] == [t.extract() for t in expected]
        assert page_words(page.chars) == extract_words(page.chars)
        tables += len(found)
    assert tables


def test_a_pdfplumber_page_gives_the_same_tables_and_words() -> None:
    # the route for pages pdfium cannot read: pdfminer's edges and characters
    with pdfplumber.open(SAMPLES / "shanghai-2024-putuo-finance-bureau.pdf", pages=[2, 3]) as pdf:
        for page in pdf.pages:
            assert [_line(e) for e in ruling_lines(page.edges)] == [_line(e) for e in _pdfplumber_edges(page)]
            assert [t.cells for t in find_tables(page)] == [t.cells for t in page.find_tables()]
            assert page_words(page.chars) == page.extract_words()


def test_a_page_without_ruling_lines_has_no_table() -> None:
    assert find_tables(PdfiumPage(1, 595.0, 842.0)) == []


def _random_chars(rng: random.Random, count: int) -> list[dict]:
    """Characters on a few nearby lines, some touching, some apart, some blanks and a ligature."""
    chars = []
    for _ in range(count):
        top = rng.choice([10.0, 12.5, 15.0, 19.0, 30.0]) + rng.choice([0.0, 0.25, 1.0])
        x0 = rng.uniform(0, 60)
        width = rng.choice([3.0, 4.5, 9.0])
        text = rng.choice(["合", "计", "1", ".", " ", "ﬁ", "支"])
        chars.append({"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + 9.0, "doctop": top})
        chars[-1] |= {"upright": True, "width": width, "height": 9.0, "size": 9.0}
    return chars


@pytest.mark.parametrize("seed", range(40))
def test_words_and_cell_texts_of_random_characters_are_pdfplumbers(seed: int) -> None:
    chars = _random_chars(random.Random(seed), 1 + seed % 17)
    assert page_words(chars) == extract_words(chars)
    assert cell_text(chars) == extract_text(chars)


def test_rotated_characters_are_left_to_pdfplumber() -> None:
    chars = _random_chars(random.Random(7), 9)
    chars[3]["upright"] = False
    assert page_words(chars) == extract_words(chars)
    assert cell_text(chars) == extract_text(chars)


def test_values_cluster_where_they_are_within_the_tolerance_of_the_one_before() -> None:
    assert clustered([5.0, 0.0, 2.5, 9.0, 2.5], float, 3) == [[5.0, 0.0, 2.5, 2.5], [9.0]]
    assert clustered([], float) == []


def _random_edges(rng: random.Random) -> list[dict]:
    """A ruled grid, its lines drawn as pieces a little off their place, with gaps and strays."""
    xs = sorted(rng.sample(range(20, 500, 7), rng.randint(2, 7)))
    ys = sorted(rng.sample(range(20, 700, 9), rng.randint(2, 9)))
    edges = []
    for y in ys:
        for a, b in pairwise(xs):
            if rng.random() < 0.92:
                top = y + rng.choice([0.0, 0.4, -1.2])
                edges.append(_edge(a + rng.choice([0.0, 1.5]), top, b + rng.choice([0.0, -1.0, 4.0]), top))
    for x in xs:
        for a, b in pairwise(ys):
            if rng.random() < 0.92:
                left = x + rng.choice([0.0, 0.3, 1.5])
                edges.append(_edge(left, a + rng.choice([0.0, 2.0]), left, b + rng.choice([0.0, -2.5, -3.5])))
    edges.append(_edge(5.0, 5.0, 7.5, 5.0))  # too short to rule anything
    return edges


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    orientation = "h" if top == bottom else "v"
    box = {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top}
    return box | {"width": x1 - x0, "height": bottom - top, "orientation": orientation}


@pytest.mark.parametrize("seed", range(30))
def test_ruling_lines_and_cells_of_random_grids_are_pdfplumbers(seed: int) -> None:
    rng = random.Random(seed)
    edges = _random_edges(rng)
    page = PdfiumPage(1, 595.0, 842.0, edges=edges)
    lines = ruling_lines(edges)
    assert [_line(e) for e in lines] == [_line(e) for e in _pdfplumber_edges(page)]
    intersections = edges_to_intersections(lines, 3, 3)
    assert smallest_cells(intersections) == intersections_to_cells(intersections)
    assert [t.cells for t in find_tables(page)] == [t.cells for t in TableFinder(page).tables]  # type: ignore[arg-type]
