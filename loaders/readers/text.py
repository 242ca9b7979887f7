"""PDF-extracted plain text (pdftotext-like): tables found by title lines, cells are whitespace tokens.

Plain text loses blank cells and column positions, so its grids are not aligned: each row holds the
tokens of one printed line and the normaliser assigns them to the header's columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from loaders.amounts import is_amount
from loaders.layouts import squash
from loaders.limits import check_sheet, check_time
from loaders.model import Cell, DocumentText, Grid, TextLine
from loaders.readers.meta import (
    MAX_NOTE_LINES,
    document_text,
    find_table_no,
    find_unit,
    find_year,
    first_report_title,
    is_contents_heading,
    is_label_line,
    is_note_start,
    is_numbered_entry,
    is_part_heading,
    is_section_heading,
    is_table_no,
    is_title_line,
    read_text_file,
)


def numbered_lines(content: str) -> list[TextLine]:
    """Lines of the file with their page: a form feed starts a page (pdfplumber, pdfium, pdftotext);
    without form feeds, pdftotext's habit of starting each page's first line with one space counts."""
    numbered, page = [], 1
    has_form_feeds = "\f" in content
    for i, raw in enumerate(content.split("\n")):
        if not has_form_feeds and i > 0 and re.match(r"^ \S", raw):
            page += 1
        pieces = raw.rstrip("\r").split("\f")
        for j, piece in enumerate(pieces):
            page += j > 0  # text after a form feed is the next page's, even on the same line
            if piece or len(pieces) == 1:
                numbered.append(TextLine(piece, page, i + 1))
    return numbered


def _is_page_footer(lines: Sequence[TextLine], i: int) -> bool:
    """A lone page number printed last on a page, before the next page's first line."""
    if not lines[i].text.strip().isdigit():
        return False
    following = next((j for j in range(i + 1, len(lines)) if lines[j].text.strip()), None)
    return following is None or lines[following].page != lines[i].page


def _tokens(line: TextLine, laid_out: bool) -> list[Cell]:
    """The line's whitespace tokens; in laid-out text each with its character column."""
    return [
        Cell(found.group(), page=line.page, line=line.number, ref=f"t{i + 1}", x=found.start() if laid_out else None)
        for i, found in enumerate(re.finditer(r"\S+", line.text))
    ]


_COLUMN_GAP = re.compile(r"\S {3,}\S")
_LAID_OUT_SHARE = 0.2  # of printed lines with a gap of three spaces or more between words


def is_laid_out(lines: Sequence[TextLine]) -> bool:
    """Text that keeps the printed columns (pdftotext -layout): many lines with wide gaps."""
    printed = [line.text for line in lines if line.text.strip()]
    wide = sum(bool(_COLUMN_GAP.search(text)) for text in printed)
    return bool(printed) and wide / len(printed) > _LAID_OUT_SHARE


def _read_block(lines: Sequence[TextLine], start: int, title_lines: int, laid_out: bool) -> tuple[Grid, int]:
    """The grid whose title is on ``title_lines`` lines from index ``start``; returns it and the
    index after it."""
    first = lines[start]
    title = "".join(line.text.strip() for line in lines[start : start + title_lines])
    grid = Grid(
        title=title,
        rows=[],
        aligned=False,
        table_no=find_table_no(title),
        line_start=first.number,
        page_start=first.page,
    )
    i = start + title_lines
    in_notes = False
    cells = 0
    while i < len(lines) and not is_title_line(lines[i].text):
        line = lines[i].text
        text = squash(line)
        if in_notes:
            if is_section_heading(text) or len(grid.notes) >= MAX_NOTE_LINES:
                break
            if text:
                grid.notes.append(line.strip())
        elif is_note_start(text):
            in_notes = True
            grid.notes.append(line.strip())
        elif is_part_heading(text) or "。" in text or (not grid.rows and is_section_heading(text)):
            break  # a part or section heading, or prose: the title was named in a contents list or sentence
        elif is_table_no(text) and grid.rows and _title_lines(lines, _next_printed(lines, i, 1)):
            break  # the next table's number, printed above its title (表2 / 收入决算表)
        elif is_label_line(line):
            grid.unit = grid.unit or find_unit(line)
            if is_table_no(text):
                grid.table_no = grid.table_no or text
        elif text and not _is_page_footer(lines, i):
            grid.rows.append(_tokens(lines[i], laid_out))
            grid.line_end, grid.page_end = lines[i].number, lines[i].page
            cells += len(grid.rows[-1])
            check_sheet(title, len(grid.rows), cells, what="table")
        i += 1
    grid.line_end = grid.line_end or first.number
    grid.page_end = grid.page_end or first.page
    return grid, i


def text_grids(lines: Sequence[TextLine], laid_out: bool = False) -> list[Grid]:
    """Unaligned grids of printed lines: each starts at a title line and holds the whitespace
    tokens of the lines below it until the next title; unit and number lines are metadata, lines
    from 注：/说明： on are notes."""
    grids: list[Grid] = []
    i = 0
    while i < len(lines):
        if i % 1000 == 999:
            check_time()
        if is_contents_heading(lines[i].text):
            i = _after_contents(lines, i + 1)
            continue
        title_lines = _title_lines(lines, i)
        if title_lines:
            grid, after = _read_block(lines, i, title_lines, laid_out)
            grid.laid_out = laid_out
            grid.table_no = grid.table_no or _table_no_above(lines, i)
            grids.append(grid)
            i = after
        else:
            i += 1
    return grids


_COVER_LINES = 40  # the cover and 目录 come first: a report title further down is a heading of its text
_CONTENTS_ENTRY = re.compile(r"(?:[.·…]{3,}|\s\d{1,3})\s*$")


def _is_contents_entry(text: str) -> bool:
    """A line of a table of contents: a numbered or part heading, a title, an entry with its page
    number or dotted leader, or a short wrapped piece of one; never figures, units or prose."""
    compact = squash(text)
    if not compact:
        return True
    if find_unit(text) or "。" in compact or "，" in compact or any(is_amount(t) and "." in t for t in text.split()):
        return False
    return bool(
        is_section_heading(compact)
        or is_part_heading(compact)
        or is_title_line(text)
        or is_numbered_entry(text)
        or _CONTENTS_ENTRY.search(text)
        or len(compact) <= 20
    )


def _after_contents(lines: Sequence[TextLine], i: int) -> int:
    """The index after a table of contents starting at ``i``: its entries never start a table. When
    it runs straight into a table, that table's title (the entry right before its unit line) is kept."""
    while i < len(lines) and _is_contents_entry(lines[i].text):
        i += 1
    before = _next_printed(lines, i, -1)
    if i < len(lines) and is_label_line(lines[i].text) and before is not None and is_title_line(lines[before].text):
        return before
    return i


def _next_printed(lines: Sequence[TextLine], i: int, step: int) -> int | None:
    """Index of the nearest non-blank line after (step 1) or before (step -1) index ``i``."""
    j = i + step
    while 0 <= j < len(lines) and not lines[j].text.strip():
        j += step
    return j if 0 <= j < len(lines) else None


def _title_lines(lines: Sequence[TextLine], i: int | None) -> int:
    """How many printed lines the title starting at ``i`` takes: 1, 2 when it wraps, 0 for no title."""
    if i is None:
        return 0
    if is_title_line(lines[i].text):
        return 1
    following = _next_printed(lines, i, 1)
    if (
        "决算" in lines[i].text
        and following == i + 1
        and not is_numbered_entry(lines[following].text)
        and is_title_line(lines[i].text + lines[following].text)
    ):
        return 2
    return 0


def _table_no_above(lines: Sequence[TextLine], i: int) -> str | None:
    """A table number printed on the line above a title (表1 above 收入支出决算总表)."""
    above = _next_printed(lines, i, -1)
    text = squash(lines[above].text) if above is not None else ""
    return text if is_table_no(text) else None


def read_text(path: Path) -> DocumentText:
    content = read_text_file(path)
    lines = numbered_lines(content)
    grids = text_grids(lines, laid_out=is_laid_out(lines))
    cover_department, cover_year = first_report_title(line.text for line in lines[:_COVER_LINES])
    first_title = grids[0].title if grids else content
    year = find_year(first_title) or cover_year or find_year(content)
    doc = document_text(path, "text", grids, content, year=year, cover_department=cover_department)
    doc.lines = lines
    return doc
