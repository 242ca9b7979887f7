"""PDF-extracted plain text (pdftotext-like): tables found by title lines, cells are whitespace tokens.

Plain text loses blank cells and column positions, so its grids are not aligned: each row holds the
tokens of one printed line and the normaliser assigns them to the header's columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from loaders.layouts import match_table_kind, squash
from loaders.model import Cell, DocumentError, DocumentText, Grid
from loaders.readers.meta import find_department, find_table_no, find_unit, find_year, region_of

_NOTE_START = re.compile(r"^(注[：:]|说明[：:]|注\d)")
_SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
_TABLE_NO_LINE = re.compile(r"^(公开\d+表|附表\d+(-\d+)?|表\d+(-\d+)?)$")
_MAX_NOTE_LINES = 8


def is_title_line(line: str) -> bool:
    """A short line naming a 决算 table (not a sentence that mentions one)."""
    text = squash(line)
    if not text or len(text) > 60 or re.search(r"[。，；]", text):
        return False
    text = re.sub(r"[（(]?(公开\d+表|表\d+(-\d+)?)[)）]?$", "", text)
    text = re.sub(r"（[^（）]{1,8}）$", "", text)  # a qualifier such as （分单位）
    return text.endswith("表") and match_table_kind(text) is not None


def _is_metadata_line(line: str) -> bool:
    text = squash(line)
    return bool(_TABLE_NO_LINE.match(text) or find_unit(line) or find_department(line))


@dataclass(frozen=True)
class TextLine:
    """One printed line of text with where it was printed (``number`` counts from 1: the line of the
    file for plain text, the line of the page for a PDF)."""

    text: str
    page: int
    number: int


def _numbered(lines: list[str]) -> list[TextLine]:
    """pdftotext starts each page's first line with one space: count pages from those."""
    numbered, page = [], 1
    for i, line in enumerate(lines):
        if i > 0 and re.match(r"^ \S", line):
            page += 1
        numbered.append(TextLine(line, page, i + 1))
    return numbered


def _is_page_footer(lines: Sequence[TextLine], i: int) -> bool:
    """A lone page number printed last on a page, before the next page's first line."""
    if not lines[i].text.strip().isdigit():
        return False
    following = next((j for j in range(i + 1, len(lines)) if lines[j].text.strip()), None)
    return following is None or lines[following].page != lines[i].page


def _tokens(line: TextLine) -> list[Cell]:
    return [
        Cell(tok, page=line.page, line=line.number, ref=f"t{i + 1}")
        for i, tok in enumerate(line.text.split())
    ]


def _read_block(lines: Sequence[TextLine], start: int) -> tuple[Grid, int]:
    """The grid whose title is on line index ``start``; returns it and the index after it."""
    first = lines[start]
    title = first.text.strip()
    grid = Grid(title=title, rows=[], aligned=False, table_no=find_table_no(title),
                line_start=first.number, page_start=first.page)
    i = start + 1
    in_notes = False
    while i < len(lines) and not is_title_line(lines[i].text):
        line = lines[i].text
        text = squash(line)
        if in_notes:
            if _SECTION_HEADING.match(text) or len(grid.notes) >= _MAX_NOTE_LINES:
                break
            if text:
                grid.notes.append(line.strip())
        elif _NOTE_START.match(text):
            in_notes = True
            grid.notes.append(line.strip())
        elif _PART_HEADING.match(text) or "。" in text:
            break  # a part heading or prose: the title was named in a contents list or sentence
        elif _is_metadata_line(line):
            grid.unit = grid.unit or find_unit(line)
            if _TABLE_NO_LINE.match(text):
                grid.table_no = grid.table_no or text
        elif text and not _is_page_footer(lines, i):
            grid.rows.append(_tokens(lines[i]))
            grid.line_end, grid.page_end = lines[i].number, lines[i].page
        i += 1
    grid.line_end = grid.line_end or first.number
    grid.page_end = grid.page_end or first.page
    return grid, i


def text_grids(lines: Sequence[TextLine]) -> list[Grid]:
    """Unaligned grids of printed lines: each starts at a title line and holds the whitespace
    tokens of the lines below it until the next title; unit and number lines are metadata, lines
    from 注：/说明： on are notes."""
    grids: list[Grid] = []
    i = 0
    while i < len(lines):
        if is_title_line(lines[i].text):
            grid, i = _read_block(lines, i)
            grids.append(grid)
        else:
            i += 1
    return grids


def read_text(path: Path) -> DocumentText:
    try:
        content = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        try:
            content = path.read_text(encoding="gb18030")
        except UnicodeDecodeError as err:
            raise DocumentError(f"{path}: not UTF-8 or GB18030 text") from err
    grids = text_grids(_numbered(content.splitlines()))
    department = find_department(content)
    first_title = grids[0].title if grids else content
    return DocumentText(
        path=str(path),
        format="text",
        grids=grids,
        department=department,
        year=find_year(first_title) or find_year(content),
        unit=find_unit(content),
        region=region_of(department),
    )
