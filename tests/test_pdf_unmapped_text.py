"""Text whose font maps glyphs to no Unicode: a page pdfium reads with U+0000 characters is read by
pdfplumber instead, and text neither can map is rejected as needing OCR, naming the file and pages
(not as a garbled table)."""

from __future__ import annotations

from pathlib import Path

import pytest
import reportlab

from loaders.model import DocumentError
from loaders.pipeline import extract_document
from loaders.readers import pdf as pdf_reader
from loaders.readers.pdfium_pages import UNMAPPED, read_pages
from loaders.render.pdf import render_pdf
from loaders.render.templates import build_document
from tests.conftest import SAMPLES

SAMPLE_PDF = SAMPLES / "shanghai-2024-putuo-finance-bureau.pdf"
LATIN_FONT = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # no Chinese glyphs


@pytest.fixture(scope="module")
def unmapped_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled Shanghai 决算 set in a font with no Chinese glyphs, embedded: reportlab maps every
    Chinese character to U+0000, so its figures stand among characters neither reader can name."""
    loaded = extract_document(SAMPLE_PDF)
    record = loaded.record
    assert record.department and record.year
    doc = build_document(loaded.tables, style="national", department=record.department, year=record.year)
    return render_pdf(doc, tmp_path_factory.mktemp("unmapped") / "latin-font.pdf", font=LATIN_FONT)


def test_a_page_pdfium_reads_with_unmapped_characters_is_not_faithful(unmapped_pdf: Path) -> None:
    pages = read_pages(unmapped_pdf)
    assert pages and all(any(c["text"] == UNMAPPED for c in page.chars) for page in pages)
    assert not any(page.faithful for page in pages)
    assert all(page.faithful and all(c["text"] != UNMAPPED for c in page.chars) for page in read_pages(SAMPLE_PDF))


def test_the_pages_pdfium_cannot_map_are_read_by_pdfplumber(
    unmapped_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[list[int]] = []
    read_with_pdfplumber = pdf_reader._read_with_pdfplumber

    def spy(path: Path, fast: list, slow: list[int]) -> list:
        sent.append(slow)
        return read_with_pdfplumber(path, fast, slow)

    monkeypatch.setattr(pdf_reader, "_read_with_pdfplumber", spy)
    pages = pdf_reader._read_pages(unmapped_pdf)
    assert sent == [[page.number for page in pages]]
    assert all(page.unmapped for page in pages[1:])  # pdfminer cannot name them either


def test_text_no_reader_can_map_is_rejected_as_needing_ocr_naming_the_pages(unmapped_pdf: Path) -> None:
    with pytest.raises(DocumentError) as rejected:
        pdf_reader.read_pdf(unmapped_pdf)
    message = str(rejected.value)
    assert message.startswith(f"{unmapped_pdf}: page 1, 2, 3,")
    assert "the text has no Unicode mapping" in message and "needs OCR" in message
    assert "columns" not in message  # no longer a table of the wrong shape


def test_a_pdf_whose_text_is_mapped_reads_whole() -> None:
    assert not any(page.unmapped for page in pdf_reader._read_pages(SAMPLE_PDF))
    assert len(pdf_reader.read_pdf(SAMPLE_PDF).grids) == 9


@pytest.mark.parametrize(
    ("text", "unmapped"), [(UNMAPPED, True), ("(cid:1234)", True), ("合", False), ("(", False), (" ", False)]
)
def test_a_character_is_unmapped_when_its_font_names_no_unicode_for_it(text: str, unmapped: bool) -> None:
    assert pdf_reader._is_unmapped({"text": text}) is unmapped
