"""Text-layer PDFs: ruled tables read cell by cell with pdfplumber.

pdfplumber's table finder follows the printed rulings, so every cell comes back (blank ones as "")
and a label wrapped inside its cell stays one cell ("机关事业单位基本养老保险缴\\n费支出"); plain text
extraction would lose both. A table's title is the text printed above it on its page; a table with
no title above it (the national template repeats no header on the next page), or under a 续 or
repeated title, continues the previous table. A title printed inside the rulings (a first row
holding only the title or unit) or at the foot of the page before still names its table; page
numbers and running headers are not titles. Lines from 注：/说明： on, right below a table, are its
notes. Cells are referenced as ``p8 r5 c3`` (page, row of that page's table, column).

Tables printed without rulings (only horizontal rules, or none) give pdfplumber no table: on pages
where it finds none, and below a title under the last ruled table of a page, the printed lines are
read by the text reader's block logic (``text_grids``), a cell wrapped over several lines kept in
its row, and aligned by the words' x-positions where the columns can be told apart (``p8 L12 c3``:
page, printed line of the page, column); else the normaliser reads their tokens unaligned.

Pages are read by pdfium (``pdfium_pages``: characters and ruling edges as pdfminer measures them,
several times faster); a page pdfium cannot read faithfully is read by pdfplumber itself. Tables,
cells and words are found as pdfplumber finds them (``table_finder``, ``table_cells``,
``pdf_words``: the same results, without its slowest steps).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from loaders.amounts import BLANK_MARKS, is_amount
from loaders.layouts import match_table_kind, squash
from loaders.limits import check_time, current_limits, over_limit
from loaders.model import Cell, DocumentError, DocumentText, Grid
from loaders.normalise import split_header
from loaders.readers.meta import (
    MAX_NOTE_LINES,
    document_text,
    find_report_title,
    find_table_no,
    find_unit,
    find_year,
    is_label_line,
    is_note_start,
    is_page_number,
    is_part_heading,
    is_section_heading,
    is_title_line,
    strip_continued,
)
from loaders.readers.pdf_words import page_words
from loaders.readers.pdfium_pages import UNMAPPED, PdfiumPage, read_pages
from loaders.readers.table_cells import table_cells
from loaders.readers.table_finder import find_tables
from loaders.readers.text import TextLine, text_grids

if TYPE_CHECKING:
    from pdfplumber.page import Page

_LIST_NUMBER = re.compile(  # 一、 1. 2．2025年… （3）: never a figure such as 1.00
    r"^\s*(?:[一二三四五六七八九十]+、|\d{1,2}\s*(?:．|\.(?!\d)|\.(?=\d{4}年))|[（(][一二三四五六七八九十\d]{1,2}[)）])"
)
_LETTER = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_RUNNING_PAGES = 3  # a line printed on this many pages is a running header or footer
_MAX_TITLE_LINES = 3  # a long title may wrap over two or three printed lines
_SAME_LINE = 0.5  # words overlapping this share of their height sit on one printed line
_WORD_GAP = 1.0  # points between two words that are printed with a space between them
_ROW_GAP = 0.5  # lines closer than this share of their height are one table row (a wrapped cell)


@dataclass(frozen=True)
class _Line:
    """A printed line of text outside the tables, with its vertical extent and its words."""

    text: str
    top: float
    bottom: float
    words: tuple[dict, ...] = ()


@dataclass(frozen=True)
class _PageTable:
    top: float
    bottom: float
    rows: list[list[str]]


@dataclass(frozen=True)
class _Page:
    number: int
    height: float
    lines: list[_Line]  # top-down
    tables: list[_PageTable]  # top-down
    has_text: bool
    has_image: bool
    unmapped: int = 0  # characters whose font maps them to no Unicode


# ---------------------------------------------------------------- one page


def _inside(word: dict, bbox: tuple[float, float, float, float]) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _same_line(word: dict, top: float, bottom: float) -> bool:
    overlap = min(bottom, word["bottom"]) - max(top, word["top"])
    height = min(bottom - top, word["bottom"] - word["top"])
    return height > 0 and overlap >= _SAME_LINE * height


def _join_words(words: list[dict]) -> str:
    words = sorted(words, key=lambda w: w["x0"])
    text = words[0]["text"]
    for before, word in pairwise(words):
        text += (" " if word["x0"] - before["x1"] > _WORD_GAP else "") + word["text"]
    return text


def text_lines(words: list[dict]) -> list[_Line]:
    """Words grouped into printed lines by vertical overlap, so a quote mark or a year set in
    another font (a little lower: “三公”, 2024) stays on the line it is printed on."""
    groups: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        group = groups[-1] if groups else None
        if group and _same_line(word, group[0]["top"], group[0]["bottom"]):
            group.append(word)
        else:
            groups.append([word])
    return [_Line(_join_words(g), min(w["top"] for w in g), max(w["bottom"] for w in g), _touching(g)) for g in groups]


def _touching(words: list[dict]) -> tuple[dict, ...]:
    """A line's words with the ones printed with no space between them joined (pdfplumber splits a
    word whose characters interleave with a wrapped line beside it)."""
    joined: list[dict] = []
    for word in sorted(words, key=lambda w: w["x0"]):
        last = joined[-1] if joined else None
        if last and word["x0"] - last["x1"] <= _WORD_GAP:
            joined[-1] = {
                "text": last["text"] + word["text"],
                "x0": last["x0"],
                "x1": word["x1"],
                "top": min(last["top"], word["top"]),
                "bottom": max(last["bottom"], word["bottom"]),
            }
        else:
            joined.append(word)
    return tuple(joined)


def _read_page(page: Page | PdfiumPage) -> _Page:
    found = sorted(((t.bbox, t) for t in find_tables(page)), key=lambda found: found[0][1])
    tables = [
        _PageTable(box[1], box[3], [["" if c is None else c for c in row] for row in table_cells(t, page.chars)])
        for box, t in found
    ]
    words = [w for w in page_words(page.chars) if not any(_inside(w, box) for box, _ in found)]
    unmapped = sum(map(_is_unmapped, page.chars))
    return _Page(
        page.page_number, float(page.height), text_lines(words), tables, bool(page.chars), bool(page.images), unmapped
    )


def _is_unmapped(char: dict) -> bool:
    """A character whose font maps it to no Unicode: U+0000 (pdfium, or a ToUnicode map to nothing)
    or pdfminer's ``(cid:N)``."""
    text = char["text"]
    return text == UNMAPPED or text.startswith("(cid:")


def _read_pages(path: Path) -> list[_Page]:
    """Every page, within the page and time limits: read with pdfium where it reads the page as
    pdfplumber would (several times faster), else with pdfplumber; a file pdfium cannot open is
    left to pdfplumber to explain."""
    import pypdfium2

    try:
        fast = read_pages(path, before_page=_within_limits)
    except pypdfium2.PdfiumError:
        fast = []
    slow = [page.page_number for page in fast if not page.faithful]
    if fast and not slow:
        return [_read_page(page) for page in fast]
    return _read_with_pdfplumber(path, fast, slow)


def _within_limits(pages: int) -> None:
    limit = current_limits().pages
    if pages > limit:
        raise over_limit("pages", limit, f"it has {pages} pages")
    check_time()


def _read_with_pdfplumber(path: Path, fast: list[PdfiumPage], slow: list[int]) -> list[_Page]:
    """The pages pdfium could not read faithfully (all of them when it could not open the file)."""
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(path, pages=slow or None) as pdf:
            read = {}
            for page in pdf.pages:
                _within_limits(len(fast) or len(pdf.pages))
                read[page.page_number] = _read_page(page)
    except PdfminerException as err:
        raise DocumentError(f"{path}: {_unreadable(err)}") from err
    return [read.get(page.page_number) or _read_page(page) for page in fast] if fast else list(read.values())


def _unreadable(err: Exception) -> str:
    """Why pdfminer could not open a PDF, in words: encryption is named as such."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = err.args[0] if err.args else err
    if isinstance(cause, PDFPasswordIncorrect):
        return "the PDF is encrypted (password-protected): save a copy without the password and load that"
    if isinstance(cause, PDFEncryptionError):
        return f"the PDF is encrypted in a way that cannot be read ({cause or type(cause).__name__})"
    return f"not a readable PDF ({type(cause).__name__}: {cause})"


# ---------------------------------------------------------------- titles and notes


def _names_table(text: str) -> bool:
    return is_title_line(strip_continued(text)[0])


def running_lines(pages: list[list[str]]) -> frozenset[str]:
    """Lines printed on several pages (running headers and footers) that name no table."""
    counts = Counter(text for page in pages for text in {squash(line) for line in page})
    return frozenset(t for t, n in counts.items() if n >= _RUNNING_PAGES and not _names_table(t))


def _is_meta(text: str, running: frozenset[str]) -> bool:
    """Unit, department and table-number lines, page numbers, running headers, stray marks: not a title."""
    return not _LETTER.search(text) or is_page_number(text) or squash(text) in running or is_label_line(text)


def _title_rows(rows: list[list[str]]) -> int:
    """How many first rows of a ruled table hold only its title, unit or number (printed inside the rulings)."""
    count = blank = 0
    for row in rows:
        filled = [c for c in row if c.strip()]
        if not filled:
            blank += 1  # a blank row above the title counts with it, once a title follows
            continue
        if not all(_names_table(c) or is_label_line(c) for c in filled):
            break
        count, blank = count + blank + 1, 0
    return count


def table_title(lines: list[str], running: frozenset[str] = frozenset()) -> str | None:
    """The title among the lines printed above a table (top-down), None if there is none.

    The nearest line naming a 决算 table wins, then a title wrapped over several lines; else the
    nearest line, which the normaliser reports or skips as a table of another kind.
    """
    candidates = [line for line in lines if _names_table(line) or not _is_meta(line, running)]
    if not candidates:
        return None
    nearest = candidates[-_MAX_TITLE_LINES:][::-1]
    for text in nearest:
        if _names_table(text):
            return text
    for count in range(2, len(nearest) + 1):
        joined = "".join(reversed(nearest[:count]))
        if _names_table(joined):
            return joined
    return nearest[0]


def _runs_on(grid: Grid, title: str) -> bool:
    """A 续 title, or the same title again, continues the table before it on a new page."""
    bare, continued = strip_continued(title)
    kind = match_table_kind(bare)
    return (
        kind is not None and kind == match_table_kind(grid.title) and (continued or squash(bare) == squash(grid.title))
    )


def _notes(lines: list[_Line]) -> list[str]:
    """Lines from the first 注：/说明： line below a table until a heading or the next title."""
    start = next((i for i, line in enumerate(lines) if is_note_start(line.text)), None)
    if start is None:
        return []
    notes: list[str] = []
    for line in lines[start:]:
        heading = is_part_heading(line.text) or is_section_heading(line.text)
        if notes and (heading or _names_table(line.text)):
            break
        notes.append(line.text)
        if len(notes) == MAX_NOTE_LINES:
            break
    return notes


def _between(lines: list[_Line], top: float, bottom: float) -> list[_Line]:
    return [line for line in lines if top <= (line.top + line.bottom) / 2 <= bottom]


# ---------------------------------------------------------------- grids


def _cells(rows: list[list[str]], page: int, first_row: int) -> list[list[Cell]]:
    return [
        [Cell(text, page=page, ref=f"p{page} r{r} c{c}") for c, text in enumerate(row, start=1)]
        for r, row in enumerate(rows, start=first_row)
    ]


def _continue(grid: Grid, rows: list[list[Cell]], page: int, path: Path) -> None:
    width = len(grid.rows[0]) if grid.rows else len(rows[0])
    if len(rows[0]) < width and all(_label_and_figures(row, len(rows[0])) for row in rows):
        rows = [_widened(row, width) for row in rows]
    if len(rows[0]) != width:
        raise DocumentError(
            f"{path}: page {page}: a table continuing '{grid.title}' has {len(rows[0])} columns, not {width}"
        )
    grid.rows.extend(rows)
    grid.page_end = page


def _label_and_figures(row: list[Cell], width: int) -> bool:
    """A row of ``width`` cells: a label, then only figures (or blanks)."""
    label, *figures = row
    return (
        len(row) == width
        and not is_amount(label.text)
        and all(is_amount(c.text) or not c.text.strip() for c in figures)
    )


def _widened(row: list[Cell], width: int) -> list[Cell]:
    """A continued row narrower than its table (a lone 合计 row on a new page, its code and name
    cells merged into one): its label in the first column, its figures under the last ones."""
    blanks = [Cell("", page=row[0].page, ref=row[0].ref) for _ in range(width - len(row))]
    return [row[0], *blanks, *row[1:]]


def _tail_title(page: _Page, running: frozenset[str]) -> str | None:
    """A table title printed at the foot of a page, below its last table: its table is on the next page."""
    top = page.tables[-1].bottom if page.tables else 0.0
    title = table_title([line.text for line in _between(page.lines, top, page.height)], running)
    return title if title and _names_table(title) else None


def _grids(pages: list[_Page], path: Path) -> list[Grid]:
    grids: list[Grid] = []
    running = running_lines([[line.text for line in page.lines] for page in pages])
    pending: str | None = None  # a title still waiting for its table (page foot, or a ruled title box)
    unruled: list[_Row] = []  # rows of pages without rulings, read when a ruled table comes
    for page in pages:
        if page.tables and unruled:
            pending = None if _add_unruled(grids, unruled) else pending
            unruled = []
        for i, table in enumerate(page.tables):
            above_top = page.tables[i - 1].bottom if i else 0.0
            below_bottom = page.tables[i + 1].top if i + 1 < len(page.tables) else page.height
            inner = _title_rows(table.rows)
            above = _between(page.lines, above_top, table.top) + [
                _Line(" ".join(c for c in row if c.strip()), table.top, table.top) for row in table.rows[:inner]
            ]
            title = table_title([line.text for line in above], running) or pending
            pending = None
            rows = _cells(table.rows[inner:], page.number, inner + 1)
            if not rows:
                pending = title
                continue
            if grids and (title is None or _runs_on(grids[-1], title)):
                grid = grids[-1]
                _continue(grid, rows, page.number, path)
            else:
                labels = [line.text for line in above if is_label_line(line.text)]
                grid = Grid(
                    title=title or "",
                    rows=rows,
                    aligned=True,
                    table_no=next(filter(None, map(find_table_no, [title or "", *labels])), None),
                    unit=find_unit("\n".join(labels)),
                    page_start=page.number,
                    page_end=page.number,
                )
                grids.append(grid)
            grid.notes.extend(_notes(_between(page.lines, table.bottom, below_bottom)))
        pending = _tail_title(page, running) or pending
        unruled += _unruled_rows(page, running)
    _add_unruled(grids, unruled)
    return grids


# ---------------------------------------------------------------- tables without rulings


def _table_rows(lines: list[_Line]) -> list[list[_Line]]:
    """Printed lines grouped into table rows: a cell wrapped over several lines (its neighbours
    centred beside it) prints its lines closer together than one row is to the next. A line that
    starts with list numbering (一、 1. （2）: a contents entry, a heading) starts a row of its own."""
    rows: list[list[_Line]] = []
    for line in lines:
        row = rows[-1] if rows else None
        height = min([line.bottom - line.top, *(other.bottom - other.top for other in row or [])])
        close = row and line.top - max(other.bottom for other in row) < _ROW_GAP * height
        if close and not _LIST_NUMBER.match(line.text):
            row.append(line)
        else:
            rows.append([line])
    return rows


def _row_text(row: list[_Line]) -> str:
    """A table row's words column by column (words overlapping across make one column), each column
    top-down, so a wrapped label reads whole before the figures beside it; a label over several
    columns (a merged header cell) reads before them."""
    words = [(n, w) for n, line in enumerate(row) for w in line.words]
    spanning = [(n, w) for n, w in words if _spans_columns(w, [w for _, w in words])]
    columns: list[list[tuple[int, dict]]] = []
    for n, word in sorted((nw for nw in words if nw not in spanning), key=lambda nw: nw[1]["x0"]):
        if columns and word["x0"] <= max(w["x1"] for _, w in columns[-1]):
            columns[-1].append((n, word))
        else:
            columns.append([(n, word)])

    def start(column: list[tuple[int, dict]]) -> tuple[float, int]:
        x0 = min(w["x0"] for _, w in column)
        if column[0] not in spanning:
            return x0, 1
        return min([x0, *(w["x0"] for _, w in words if _overlaps(w, (x0, column[0][1]["x1"])))]), 0

    parts = []
    for column in sorted(columns + [[nw] for nw in spanning], key=start):
        for n in sorted({n for n, _ in column}):
            parts.append(_join_words([w for m, w in column if m == n]))
    return " ".join(parts)


@dataclass(frozen=True)
class _Row:
    """A table row printed without rulings: its numbered text for the text reader, and its lines."""

    line: TextLine
    printed: tuple[_Line, ...]


def _unruled_rows(page: _Page, running: frozenset[str]) -> list[_Row]:
    """The rows of a page that may hold a table without rulings: the whole page when no ruled table
    was found on it, else the rows from a title below its last ruled table (running headers and
    page numbers at the top or foot left out). Numbered by the page's printed lines."""
    top = page.tables[-1].bottom if page.tables else 0.0
    lines = [line for line in page.lines if line.top >= top]
    if page.tables:
        start = next((i for i, line in enumerate(lines) if _names_table(line.text)), len(lines))
        lines = lines[start:]
    edges = {id(page.lines[0]), id(page.lines[-1])} if page.lines else set()
    lines = [line for line in lines if id(line) not in edges or not _is_running(line.text, running)]
    number = {id(line): n for n, line in enumerate(page.lines, start=1)}
    return [_Row(TextLine(_row_text(row), page.number, number[id(row[0])]), tuple(row)) for row in _table_rows(lines)]


def _is_running(text: str, running: frozenset[str]) -> bool:
    """A page number, or a running header or footer (a table row repeated on several pages has figures)."""
    return is_page_number(text) or (squash(text) in running and not any(map(_is_figure, text.split())))


def _is_figure(text: str) -> bool:
    return is_amount(text) and bool(re.search(r"[.,]", text))


def _merged(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Overlapping x-ranges joined, left to right."""
    merged: list[tuple[float, float]] = []
    for x0, x1 in sorted(spans):
        if merged and x0 <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], x1))
        else:
            merged.append((x0, x1))
    return merged


def _column_ranges(rows: list[list[dict]]) -> list[tuple[float, float]] | None:
    """Column x-ranges of a table printed without rulings, from where its words stand.

    The words of every row make the columns, except a header label over two figure columns or over
    two labels apart (a merged cell). A header printed beside a figure column but not above it (figures set right, the
    label centred) joins the figure column to its right that has no header of its own. A zero mark
    ("-") makes a row a body row but no column: where it stands in its cell tells none. None when
    there are no figures, or one column would take two figures of a printed line.
    """
    body = [words for words in rows if any(_is_figure(w["text"]) or _is_zero_mark(w) for w in words)]
    figures = _merged([(w["x0"], w["x1"]) for words in body for w in words if not _is_zero_mark(w)])
    if not any(_is_figure(w["text"]) for words in body for w in words):
        return None  # a declared-empty table: nothing tells merged header cells from columns
    header = [w for row in rows if row not in body for w in row]
    spanning = [w for w in header if sum(_overlaps(w, c) for c in figures) > 1 or _spans_columns(w, header)]
    header = [w for w in header if w not in spanning]
    columns = _merged(figures + [(w["x0"], w["x1"]) for w in header])
    headed = [any(_overlaps(w, column) for w in header) for column in columns]
    placed = [any(_overlaps(column, figure) for figure in figures) for column in columns]
    for i in range(len(columns) - 2, -1, -1):
        if headed[i] and not placed[i] and placed[i + 1] and not headed[i + 1]:
            columns[i : i + 2] = [(columns[i][0], columns[i + 1][1])]
    for words in body:
        taken = [(_column_of(w, columns), round(w["top"])) for w in words if _is_figure(w["text"])]
        if len(taken) != len(set(taken)):
            return None
    return columns


def _spans_columns(word: dict, header: list[dict]) -> bool:
    """A header label over two labels that stand apart below it: a merged header cell."""
    below = [w for w in header if w["top"] > word["bottom"] - 1 and len(w["text"]) > 1]
    under = [w for w in below if _overlaps(w, (word["x0"], word["x1"]))]
    return any(not _overlaps(a, (b["x0"], b["x1"])) for a in under for b in under)


def _overlaps(a: dict | tuple[float, float], b: tuple[float, float]) -> bool:
    x0, x1 = (a["x0"], a["x1"]) if isinstance(a, dict) else a
    return x0 <= b[1] and x1 >= b[0]


def _column_of(word: dict, columns: list[tuple[float, float]]) -> int | None:
    """The first column a word overlaps: a label centred over several columns heads the leftmost.
    A zero mark over none (set left in its cell, the figures right) is in the first column right of it."""
    found = next((i for i, column in enumerate(columns) if _overlaps(word, column)), None)
    if found is None and _is_zero_mark(word):
        return next((i for i, (x0, _) in enumerate(columns) if x0 >= word["x1"]), None)
    return found


def _is_zero_mark(word: dict) -> bool:
    """A "-" or "—" printed for a zero (or nothing): where it stands in its cell tells no column."""
    return squash(word["text"]) in BLANK_MARKS - {""}


def _aligned(grid: Grid, printed: dict[tuple[int, int], tuple[_Line, ...]]) -> Grid:
    """The grid with one cell per column found from its words' x-positions, blank cells kept;
    unchanged (unaligned) when its columns cannot be told apart."""
    rows = [printed[(row[0].page or 0, row[0].line or 0)] for row in grid.rows]
    columns = _column_ranges([[w for line in row for w in line.words] for row in rows])
    if columns is None:
        return grid
    aligned = []
    for cells, row in zip(grid.rows, rows, strict=True):
        texts: list[list[str]] = [[] for _ in columns]
        for line in row:
            by_column: dict[int, list[dict]] = {}
            for word in line.words:
                by_column.setdefault(_column_of(word, columns) or 0, []).append(word)
            for col, words in by_column.items():
                texts[col].append(_join_words(words))
        page, number = cells[0].page, cells[0].line
        aligned.append([Cell("\n".join(t), page=page, line=number, ref=f"c{c}") for c, t in enumerate(texts, start=1)])
    return replace(grid, rows=aligned, aligned=True)


def _add_unruled(grids: list[Grid], rows: list[_Row]) -> bool:
    """Grids of the rows gathered from pages without rulings, found by the text reader's block logic
    and aligned by x-position where the columns allow; a 续 or repeated title continues the table
    before it. Whether the last title found its table there."""
    found = False
    blocks: list[Grid] = []
    for grid in text_grids([row.line for row in rows]):
        found = bool(grid.rows)
        if not found:
            continue  # a title whose ruled table is on the next page
        if blocks and _runs_on(blocks[-1], grid.title):
            kind = match_table_kind(grid.title) or ""
            blocks[-1].rows.extend(split_header(grid, kind)[1])
            blocks[-1].notes.extend(grid.notes)
            blocks[-1].page_end, blocks[-1].line_end = grid.page_end, grid.line_end
        else:
            blocks.append(grid)
    printed = {(row.line.page, row.line.number): row.printed for row in rows}
    grids.extend(_aligned(grid, printed) for grid in blocks)
    return found


def _check_mapped(pages: list[_Page], path: Path) -> None:
    """Text whose font maps its glyphs to no Unicode (neither pdfium nor pdfminer can tell which
    characters they are) cannot be read: a figure could lose a digit. Said as such, naming the pages,
    before the tables it garbles are read."""
    unmapped = [page for page in pages if page.unmapped]
    if unmapped:
        count = sum(page.unmapped for page in unmapped)
        raise DocumentError(
            f"{path}: page {', '.join(str(page.number) for page in unmapped)}: the text has no Unicode mapping "
            f"({count} characters whose font maps them to no character); the page needs OCR to be read"
        )


def read_pdf(path: Path) -> DocumentText:
    """The ruled tables of a text-layer PDF as aligned grids, with the document's metadata."""
    pages = _read_pages(path)
    if not any(page.has_text for page in pages):
        raise DocumentError(f"{path}: has no text layer (scanned?); only PDFs with selectable text can be read")
    _check_mapped(pages, path)
    grids = _grids(pages, path)
    scanned = [str(page.number) for page in pages if page.has_image and not page.has_text]
    if scanned and not any(match_table_kind(grid.title) for grid in grids):
        raise DocumentError(
            f"{path}: no 决算 table in its text, and page(s) {', '.join(scanned)} have no text layer (scanned?)"
        )
    text = "\n".join(line.text for page in pages for line in page.lines)
    title_department, title_year = find_report_title(text)
    year = title_year or find_year(" ".join(g.title for g in grids)) or find_year(text)
    doc = document_text(path, "pdf", grids, text, year=year, cover_department=title_department)
    doc.lines = [TextLine(line.text, page.number, n) for page in pages for n, line in enumerate(page.lines, start=1)]
    return doc
