"""The Shanghai PDF's text as each common extractor writes it (made at test time from ../shared, never
committed) loads with exactly the PDF's facts: keys and values as tests/test_pdf_shanghai.py reads
them from the printed pages, and each figure's page, from the form feeds between pages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from loaders.pipeline import LoadedDocument, extract_document
from tests.conftest import SHANGHAI_PDF, shared_file
from tests.extractors import EXTRACTORS
from tests.test_pdf_shanghai import KINDS_AND_PAGES, expected_facts

# Rows of the tables printed over two pages that stand on the later page (read from the PDF).
LATER_PAGE_ROWS = {
    "income_expenditure_summary": {
        "opening_balance",
        "income_grand_total",
        "closing_balance",
        "expenditure_grand_total",
    },
    "income_by_function": {"2101101", "221", "22102", "2210201", "2210203"},
    "expenditure_by_function": {"2080599", "210", "21011", "2101101", "221", "22102", "2210201", "2210203"},
    "fiscal_appropriation_summary": {
        "221",
        "expenditure_total",
        "income_total",
        "opening_balance",
        "opening_balance_gpb",
        "closing_balance",
        "income_grand_total",
        "expenditure_grand_total",
    },
    "gpb_basic_expenditure_by_economic": {
        "30226",
        "30228",
        "30229",
        "30239",
        "30299",
        "30309",
        "310",
        "31002",
        "personnel_total",
        "public_total",
    },
}
FIRST_PAGE = {kind: first for kind, first, _ in KINDS_AND_PAGES}

PagedFact = tuple[str, str, str, Decimal, int]


def expected_with_pages() -> set[PagedFact]:
    return {
        (kind, row, column, value, FIRST_PAGE[kind] + (row in LATER_PAGE_ROWS.get(kind, set())))
        for kind, row, column, value in expected_facts()
    }


def paged_facts(loaded: LoadedDocument) -> set[PagedFact]:
    return {(f.table_kind, f.row_key, f.column_key, f.value, f.page) for t in loaded.tables for f in t.facts if f.value}


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {}


def extracted(name: str, texts: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> LoadedDocument:
    if name not in texts:
        path = tmp_path_factory.mktemp("extracted") / f"shanghai-{name}.txt"
        path.write_text(EXTRACTORS[name](shared_file(SHANGHAI_PDF)), encoding="utf-8")
        texts[name] = path
    return extract_document(texts[name])


def _diff(found: set[PagedFact], expected: set[PagedFact]) -> str:
    return f"missing {sorted(expected - found)[:8]}\nextra {sorted(found - expected)[:8]}"


@pytest.mark.parametrize("name", ["pdfplumber", "pdfium", "pdftotext-raw", "pdftotext-layout", "pymupdf-style"])
def test_an_extractors_text_gives_exactly_the_pdfs_facts_and_pages(name, texts, tmp_path_factory) -> None:
    loaded = extracted(name, texts, tmp_path_factory)
    assert paged_facts(loaded) == expected_with_pages(), _diff(paged_facts(loaded), expected_with_pages())
    assert loaded.unmapped == []
    record = loaded.record
    assert (record.department, record.region, record.year, record.unit) == (
        "上海市普陀区财政局",
        "上海市普陀区",
        2024,
        "万元",
    )
    assert [t.table_kind for t in loaded.tables] == [kind for kind, _, _ in KINDS_AND_PAGES]
