"""Markdown / tab-separated text as PDF-to-markdown tools write it.

A table starts at a title (a ``#`` heading, a bold line or a plain short line naming a 决算 table,
the printed number often inside it: ``## 2020 年度收入决算表（表 2）``). Its rows are the
lines holding TABs (one cell per tab-separated field) or pipe-table lines (``| a | b |``); blank
cells stay blank; HTML ``<table>``s (colspan/rowspan) are read too. Lines after the rows that
start with 注/说明, declare 无数据 or give a 栏 formula are the table's notes. A page marker
(``<!-- page 5 -->``, a form feed, ``---``) or a repeated title continues the table; any other
heading or prose ends it. Cells are referenced as ``L123 c4``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

from loaders.amounts import is_amount
from loaders.labels import known_row_label
from loaders.layouts import looks_like_report_table_title, match_table_kind, squash, table_shape
from loaders.limits import check_sheet, check_time
from loaders.model import Cell, DocumentText, Grid, TextLine
from loaders.readers.meta import (
    document_text,
    find_table_no,
    find_unit,
    find_year,
    first_report_title,
    is_label_line,
    is_note_start,
    is_table_no,
    is_title_line,
    read_text_file,
    strip_continued,
)

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*(.*?)\s*#*\s*$")
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
_BREAK_TAG = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MARKUP = re.compile(r"<|&|\*\*|__|\\\|")  # what clean_cell removes: tags, entities, emphasis, escaped pipes
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_PAGE_MARKER = re.compile(
    r"^\s*(?:<!--\s*page(?:\s*break)?\s*:?\s*(\d*)\s*-->|\f+|(?:-{3,}|\*{3,}|_{3,})"
    r"|<div[^>]*page-break[^>]*>\s*(?:</div>)?|第\s*(\d+)\s*页(?:\s*共\s*\d+\s*页)?"
    r"|[-—－]\s*(\d+)\s*[-—－])\s*$",
    re.IGNORECASE,
)
_NOTE_BODY = re.compile(r"无数据|栏.*[=＝]|[=＝].*栏")
_TABLE_NO_IN_TITLE = re.compile(r"[（(]?\s*(?:公开\s*\d+\s*表|附表\s*\d+(?:-\d+)?|表\s*\d+(?:-\d+)?)\s*[)）]?")
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_TRAILING_META = re.compile(r"\s*(?:部门(?:名称)?|编制单位|(?:金额)?单位)[：:].*$")


def clean_cell(text: str) -> str:
    """Cell text without HTML tags, entities and markdown emphasis; <br> becomes a line break."""
    if not _MARKUP.search(text):  # most cells: plain text, only its lines to trim
        return "\n".join(part.strip() for part in text.split("\n")).strip()
    text = _BREAK_TAG.sub("\n", text)
    text = _TAG.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = html.unescape(text).replace("\\|", "|")
    return "\n".join(part.strip() for part in text.split("\n")).strip()


def split_row(line: str) -> list[str] | None:
    """The cells of a tab-separated or pipe-table line; None for a line that is not a table row."""
    if "\t" in line:
        return [clean_cell(c) for c in line.rstrip("\r\n").split("\t")]
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
        return [clean_cell(c) for c in re.split(r"(?<!\\)\|", inner)]
    return None


@dataclass
class _Line:
    number: int
    page: int | None
    text: str  # cleaned text of a non-row line
    cells: list[str] | None  # the cells of a table row
    heading: bool = False
    page_marker: bool = False


@dataclass
class _Builder:
    """The grid being read and whether it may still take rows."""

    grid: Grid
    kind: str
    open: bool = True
    in_notes: bool = False
    gap: bool = False  # a blank line since the last note: only a new note line continues them
    width: int = 0  # the widest row so far: every row is padded to it, rows × width held to sheet_cells


def _page_of(match: re.Match[str], current: int) -> int:
    number = next((g for g in match.groups() if g), None)
    return int(number) if number else current + 1


class _HtmlTable(HTMLParser):
    """Rows of an HTML ``<table>`` as some converters write them: one cell per column, the text of
    a ``colspan``/``rowspan`` cell in its top-left position and blanks in the rest."""

    def __init__(self, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.rows: list[tuple[int, list[str]]] = []
        self._row: list[str] | None = None
        self._row_line = first_line
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._covered: dict[int, int] = {}  # column → rows a rowspan above still covers
        self._cells = 0  # held to the sheet_cells limit before a colspan can fill the memory

    def _skip_covered(self) -> None:
        while self._row is not None and self._covered.get(len(self._row), 0) > 0:
            self._covered[len(self._row)] -= 1
            self._row.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._row, self._row_line = [], self.first_line + self.getpos()[0] - 1
        elif tag in {"td", "th"} and self._row is not None:
            values = dict(attrs)
            self._span = (int(values.get("colspan") or 1), int(values.get("rowspan") or 1))
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._row is not None and self._cell is not None:
            self._skip_covered()
            columns, rows = self._span
            self._cells += columns
            check_sheet(f"<table> at line {self.first_line}", len(self.rows) + 1, self._cells, what="table")
            for offset in range(columns):
                if rows > 1:
                    self._covered[len(self._row) + offset] = rows - 1
            self._row.append(clean_cell("".join(self._cell)))
            self._row.extend("" for _ in range(columns - 1))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._skip_covered()  # columns a rowspan covers at the end of the row
            self.rows.append((self._row_line, self._row))
            self._row = None


def _html_table_end(raw_lines: list[str], start: int) -> int:
    """Index of the line closing the ``<table>`` opened on line index ``start``."""
    for i in range(start, len(raw_lines)):
        if _TABLE_CLOSE.search(raw_lines[i]):
            return i
    return len(raw_lines) - 1


def _classify(raw_lines: list[str]) -> list[_Line]:
    has_markers = any(_PAGE_MARKER.match(line) for line in raw_lines)
    page = 1 if has_markers else None
    lines: list[_Line] = []
    index = 0
    while index < len(raw_lines):
        raw, number = raw_lines[index], index + 1
        index += 1
        if number % 1000 == 0:
            check_time()
        marker = _PAGE_MARKER.match(raw)
        if marker and "|" not in raw:
            page = _page_of(marker, page or 1)
            lines.append(_Line(number, page, "", None, page_marker=True))
            continue
        if _TABLE_OPEN.search(raw):
            end = _html_table_end(raw_lines, index - 1)
            table = _HtmlTable(number)
            table.feed("\n".join(raw_lines[index - 1 : end + 1]))
            lines += [_Line(line, page, "", cells) for line, cells in table.rows]
            index = end + 1
            continue
        if _PIPE_SEPARATOR.match(raw) and "|" in raw:
            continue
        cells = split_row(raw)
        heading = _HEADING.match(raw)
        text = clean_cell(heading.group(1) if heading else raw) if cells is None else ""
        lines.append(_Line(number, page, text, cells, heading=bool(heading)))
    return lines


def _title_text(line: _Line) -> str | None:
    """The title a line or a one-cell row names, if it names a 决算 table."""
    if line.cells is not None:
        filled = [c for c in line.cells if c]
        if len(filled) != 1:
            return None
        text = filled[0]
    else:
        text = line.text
    candidate = _TRAILING_META.sub("", strip_continued(text)[0].replace("\n", ""))
    if is_title_line(candidate) or (line.heading and looks_like_report_table_title(candidate)):
        # a heading naming an unknown 决算 table still starts one: the normaliser rejects it
        return text.replace("\n", "")
    return None


def _bare_title(title: str) -> str:
    """The title without its printed number and 续 marker: how a repeated title is recognised."""
    return squash(strip_continued(_TABLE_NO_IN_TITLE.sub("", _TRAILING_META.sub("", title)))[0])


def _continues(builder: _Builder | None, title: str) -> bool:
    """A repeated (or 续) title of the table still open continues it on a new page."""
    if builder is None or not builder.open or builder.in_notes or not builder.grid.rows:
        return False
    if match_table_kind(title) != builder.kind:
        return False
    number = find_table_no(title)
    same_number = number is None or builder.grid.table_no in (None, number)
    return same_number and (_bare_title(title) == _bare_title(builder.grid.title) or strip_continued(title)[1])


def _is_note(text: str) -> bool:
    compact = squash(text)
    return is_note_start(compact) or bool(_NOTE_BODY.search(compact))


def _wrapped_label(builder: _Builder, cells: list[str]) -> int | None:
    """The column of a row that only continues the label above it (a converter split a wrapped
    cell into two rows: "机关事业单位基本养老保险缴" / "费支出"), else None."""
    grid = builder.grid
    filled = [(i, c) for i, c in enumerate(cells) if squash(c)]
    if len(filled) != 1 or table_shape(builder.kind) == "unit" or not grid.rows:
        return None
    if not any(is_amount(c.text) for row in grid.rows for c in row):
        return None  # still in the header, whose wrapped labels the normaliser joins
    col, text = filled[0]
    previous = grid.rows[-1]
    if col >= len(previous) or not squash(previous[col].text):
        return None
    if is_amount(text) or squash(text).isdigit() or known_row_label(text, builder.kind):
        return None
    return col


def _add_row(builder: _Builder, line: _Line) -> None:
    cells = line.cells or []
    if not any(squash(c) for c in cells):
        return
    grid = builder.grid
    col = _wrapped_label(builder, cells)
    if col is not None:
        above = grid.rows[-1][col]
        grid.rows[-1][col] = replace(above, text=f"{above.text}\n{cells[col]}")
    else:
        grid.rows.append(
            [
                Cell(text, page=line.page, line=line.number, ref=f"L{line.number} c{n}")
                for n, text in enumerate(cells, start=1)
            ]
        )
    grid.line_end = line.number
    grid.page_end = line.page
    builder.width = max(builder.width, len(cells))
    check_sheet(grid.title, len(grid.rows), len(grid.rows) * builder.width, what="table")


def _pad(grid: Grid, width: int) -> None:
    """One cell per column: rows a tool wrote with fewer trailing fields get blank cells."""
    for row in grid.rows:
        last = row[-1]
        row.extend(
            Cell("", page=last.page, line=last.line, ref=f"L{last.line} c{col}")
            for col in range(len(row) + 1, width + 1)
        )


def _start(text: str, line: _Line) -> _Builder:
    title = _TRAILING_META.sub("", text)
    number = find_table_no(title)
    clean_title = _TABLE_NO_IN_TITLE.sub("", title).strip() if number else title.strip()
    grid = Grid(
        title=clean_title or title,
        rows=[],
        aligned=True,
        table_no=number,
        unit=find_unit(text),
        page_start=line.page,
        page_end=line.page,
        line_start=line.number,
        line_end=line.number,
    )
    return _Builder(grid, match_table_kind(title) or "")


def _metadata(builder: _Builder, text: str) -> bool:
    """Table number, unit and department lines between a title and its header."""
    grid = builder.grid
    if is_table_no(text):
        grid.table_no = grid.table_no or squash(text)
    elif is_label_line(text):
        grid.unit = grid.unit or find_unit(text)
    else:
        return False
    return True


def _note(builder: _Builder, text: str, line: _Line) -> None:
    builder.in_notes = True
    builder.gap = False
    builder.grid.notes.append(text)
    builder.grid.line_end = line.number


def _take_row(builder: _Builder, line: _Line) -> None:
    filled = [c for c in line.cells or [] if squash(c)]
    joined = " ".join(filled)
    if not builder.grid.rows and _metadata(builder, joined):
        return
    if len(filled) == 1 and (_is_note(joined) or (builder.in_notes and not builder.gap)):
        _note(builder, joined, line)
    elif builder.in_notes:
        builder.open = False
    else:
        _add_row(builder, line)


def _take_text(builder: _Builder, line: _Line) -> None:
    if not builder.grid.rows and _metadata(builder, line.text):
        return
    if _is_note(line.text) or (builder.in_notes and not builder.gap):
        _note(builder, line.text, line)
    else:
        builder.open = False  # prose after a table ends it


def _read_grids(lines: list[_Line]) -> list[Grid]:
    grids: list[Grid] = []
    builder: _Builder | None = None
    for line in lines:
        if line.page_marker:
            continue
        title = _title_text(line)
        if title is not None:
            if not _continues(builder, title):
                builder = _start(title, line)
                grids.append(builder.grid)
            continue
        if builder is None or not builder.open:
            continue
        if line.heading:
            builder.open = False  # a heading that names no table ends the one before it
        elif line.cells is not None:
            _take_row(builder, line)
        elif not line.text:
            builder.gap = builder.in_notes
        else:
            _take_text(builder, line)
    for grid in grids:
        _pad(grid, max((len(r) for r in grid.rows), default=0))
    return [g for g in grids if g.rows]


def read_markdown(path: Path) -> DocumentText:
    return read_markdown_text(path, read_text_file(path), "markdown")


def read_markdown_text(path: Path, content: str, format: str) -> DocumentText:
    """The document record of markdown-like text (converter markdown, or HTML or docx laid out so)."""
    lines = _classify(content.split("\n"))
    grids = _read_grids(lines)
    cover_department, cover_year = first_report_title(line.text for line in lines if line.text)
    titles = " ".join(g.title for g in grids)
    year = find_year(titles) or cover_year or find_year(content)
    doc = document_text(path, format, grids, content, year=year, cover_department=cover_department)
    doc.lines = [
        TextLine(line.text if line.cells is None else "\t".join(line.cells), line.page or 1, line.number)
        for line in lines
        if not line.page_marker
    ]
    return doc
