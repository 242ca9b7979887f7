"""PDF-extracted plain text (pdftotext-like): tables found by title lines, cells are whitespace tokens.

Plain text loses blank cells and column positions, so its grids are not aligned: each row holds the
tokens of one printed line and the normaliser assigns them to the header's columns.
"""

from __future__ import annotations

import re
from pathlib import Path

from loaders.layouts import match_table_kind, squash
from loaders.model import Cell, DocumentError, DocumentText, Grid
from loaders.readers.meta import find_department, find_table_no, find_unit, find_year, region_of

_NOTE_START = re.compile(r"^(注[：:]|说明[：:]|注\d)")
_SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
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


def _page_numbers(lines: list[str]) -> list[int]:
    """pdftotext starts each page's first line with one space: count pages from those."""
    pages, page = [], 1
    for i, line in enumerate(lines):
        if i > 0 and re.match(r"^ \S", line):
            page += 1
        pages.append(page)
    return pages


def _is_page_footer(lines: list[str], pages: list[int], i: int) -> bool:
    """A lone page number printed last on a page, before the next page's first line."""
    if not lines[i].strip().isdigit():
        return False
    following = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
    return following is None or pages[following] != pages[i]


def _tokens(line: str, number: int, page: int) -> list[Cell]:
    return [
        Cell(tok, page=page, line=number, ref=f"t{i + 1}")
        for i, tok in enumerate(line.split())
    ]


def _read_block(lines: list[str], pages: list[int], start: int) -> tuple[Grid, int]:
    """The grid whose title is on line index ``start``; returns it and the index after it."""
    title = lines[start].strip()
    grid = Grid(title=title, rows=[], aligned=False, table_no=find_table_no(title),
                line_start=start + 1, page_start=pages[start])
    i = start + 1
    in_notes = False
    while i < len(lines) and not is_title_line(lines[i]):
        line = lines[i]
        text = squash(line)
        if in_notes:
            if _SECTION_HEADING.match(text) or len(grid.notes) >= _MAX_NOTE_LINES:
                break
            if text:
                grid.notes.append(line.strip())
        elif _NOTE_START.match(text):
            in_notes = True
            grid.notes.append(line.strip())
        elif _is_metadata_line(line):
            grid.unit = grid.unit or find_unit(line)
            if _TABLE_NO_LINE.match(text):
                grid.table_no = grid.table_no or text
        elif text and not _is_page_footer(lines, pages, i):
            grid.rows.append(_tokens(line, i + 1, pages[i]))
            grid.line_end, grid.page_end = i + 1, pages[i]
        i += 1
    grid.line_end = grid.line_end or start + 1
    grid.page_end = grid.page_end or pages[start]
    return grid, i


def read_text(path: Path) -> DocumentText:
    try:
        content = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        try:
            content = path.read_text(encoding="gb18030")
        except UnicodeDecodeError as err:
            raise DocumentError(f"{path}: not UTF-8 or GB18030 text") from err
    lines = content.splitlines()
    pages = _page_numbers(lines)
    grids: list[Grid] = []
    i = 0
    while i < len(lines):
        if is_title_line(lines[i]):
            grid, i = _read_block(lines, pages, i)
            grids.append(grid)
        else:
            i += 1
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
