"""Text of a PDF as each common extractor writes it, made at test time from the real documents in
../shared (never committed: extracted text is a copy of a third-party document).

Pages are joined with form feeds, as pdftotext writes them and as pdfplumber/pdfium/PyMuPDF users
join page texts. PyMuPDF is AGPL and no dependency of this project: its ``page.get_text()`` layout
(one line per run of characters set together, in content-stream order, so one table cell per line)
is emulated from pdfplumber's characters. pdftotext (Debian poppler-utils) is run when installed;
``.ci/run`` installs it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest

FORM_FEED = "\f"


def pdfplumber_text(pdf: Path) -> str:
    """pdfplumber ``page.extract_text()`` per page."""
    with pdfplumber.open(pdf) as document:
        return FORM_FEED.join(page.extract_text() for page in document.pages)


def pdfium_text(pdf: Path) -> str:
    """pypdfium2 ``textpage.get_text_range()`` per page."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return FORM_FEED.join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _pdftotext(pdf: Path, mode: str) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (Debian: apt-get install poppler-utils; .ci/run installs it)")
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", mode, str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def pdftotext_raw(pdf: Path) -> str:
    """``pdftotext -raw``: text in content-stream order, a form feed after each page."""
    return _pdftotext(pdf, "-raw")


def pdftotext_layout(pdf: Path) -> str:
    """``pdftotext -layout``: lines as printed, words placed by their x-position."""
    return _pdftotext(pdf, "-layout")


def _same_run(char: dict, last: dict) -> bool:
    """Two characters PyMuPDF keeps on one text line: same baseline, set close together."""
    size = max(1.0, last["size"])
    return abs(char["top"] - last["top"]) < 0.5 * size and -0.5 * size < char["x0"] - last["x1"] < 0.6 * size


def mupdf_style_text(pdf: Path) -> str:
    """PyMuPDF ``page.get_text()`` emulated: characters in content-stream order, a new line wherever
    the next character is not set right after the last, each line ending with a newline, a form feed
    after each page."""
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            runs: list[list[dict]] = []
            for char in page.chars:
                if runs and _same_run(char, runs[-1][-1]):
                    runs[-1].append(char)
                else:
                    runs.append([char])
            lines = ("".join(c["text"] for c in run).strip() for run in runs)
            pages.append("".join(f"{line}\n" for line in lines if line))
    return "".join(f"{page}{FORM_FEED}" for page in pages)


EXTRACTORS: dict[str, Callable[[Path], str]] = {
    "pdfplumber": pdfplumber_text,
    "pdfium": pdfium_text,
    "pdftotext-raw": pdftotext_raw,
    "pdftotext-layout": pdftotext_layout,
    "pymupdf-style": mupdf_style_text,
}
