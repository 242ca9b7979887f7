"""HTML documents (a government site's page, a converter's output): headings, paragraphs and
``<table>``s in document order, read as the markdown reader reads converter output.

Block elements become lines (``<h1>``–``<h6>`` headings, ``<p>``, ``<div>``, ``<caption>`` …) and each
table is kept whole on lines of its own, so titles, unit lines, notes and merged cells (colspan,
rowspan) are understood exactly as in converter markdown. Cells are referenced as ``L12 c3``, the
line of the document as laid out this way.
"""

from __future__ import annotations

import re
from pathlib import Path

from loaders.model import DocumentText
from loaders.readers.markdown import read_markdown_text
from loaders.readers.meta import read_text_file

_TABLE = re.compile(r"<table\b.*?</table\s*>", re.IGNORECASE | re.DOTALL)
_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK = re.compile(r"</?(?:p|div|br|li|ul|ol|caption|title|section|article|tr)\b[^>]*>", re.IGNORECASE)
_DROPPED = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def html_lines(html: str) -> str:
    """The document as lines: a heading as ``## …``, other blocks on lines of their own, tables kept."""
    html = _DROPPED.sub("", html)
    tables: list[str] = []

    def keep(found: re.Match[str]) -> str:
        tables.append(re.sub(r"\s*\n\s*", " ", found.group(0)))
        return f"\n\x00{len(tables) - 1}\x00\n"

    text = _TABLE.sub(keep, html)
    text = _HEADING.sub(lambda m: "\n" + "#" * int(m.group(1)) + " " + re.sub(r"\s+", " ", m.group(2)) + "\n", text)
    text = _BLOCK.sub("\n", text)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    laid_out = "\n".join(line for line in lines if line)
    return re.sub(r"\x00(\d+)\x00", lambda m: tables[int(m.group(1))], laid_out)


def read_html(path: Path) -> DocumentText:
    return read_markdown_text(path, html_lines(read_text_file(path)), "html")
