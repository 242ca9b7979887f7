"""Excel workbooks (.xlsx): one sheet per table, or several tables on one sheet.

A row holding a single text that names a 决算 table starts a table; a sheet without such a row is
one table when its sheet name names one. Table-number, 部门 and 单位 rows between the title and the
header are metadata; single-text rows after the figures starting with 注/说明 are notes. Merged
cells keep their value in the top-left cell and leave the others blank, as the normaliser expects.
Numeric cells become exact decimal text rounded to the decimals of their number format.

The workbook is read once, streaming: openpyxl reads its shared strings, sheet list and styles,
and each sheet part is parsed once by lxml into the cells openpyxl's own sheet parser would give
(``sheet_cells``; without read-only mode's extra pass over each sheet for its stored dimensions),
within the resource limits: its parts' unzipped size is checked before anything is inflated, and
each sheet's rows and cells while they are read.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING

from loaders.layouts import match_table_kind, squash
from loaders.limits import check_sheet, check_time, check_unzipped
from loaders.model import Cell, DocumentError, DocumentText, Grid, TextLine
from loaders.readers.meta import (
    document_text,
    find_table_no,
    find_unit,
    find_year,
    first_report_title,
    is_label_line,
    is_note_start,
    is_report_table_title,
    is_table_no,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.reader.excel import ExcelReader

_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ParsedCell = tuple[int, object, int]  # column, value, style id

_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]')


@lru_cache(maxsize=256)
def format_decimals(number_format: str) -> int | None:
    """Decimals a number format shows for positive numbers ('#,##0.00' → 2); None for General."""
    section = _QUOTED.sub("", number_format.split(";")[0])
    if "general" in section.lower() or not re.search(r"[0#?]", section):
        return None
    point = re.search(r"\.([0#?]+)", section)
    return len(point.group(1)) if point else 0


def _zero_shown_blank(number_format: str) -> bool:
    sections = number_format.split(";")
    return len(sections) >= 3 and not _QUOTED.sub("", sections[2]).strip()


_SIGNIFICANT = 15  # digits a spreadsheet keeps and shows of a number


def number_text(value: float | int | Decimal, number_format: str) -> str:
    """A numeric cell as exact decimal text: the float's shortest repr rounded to the format's
    decimals (so 2209.05 stays 2209.05, never 2209.0499999…), and to the 15 significant digits
    a spreadsheet shows (a sum saved as 0.30000000000000004 is 0.3); no thousands separators."""
    if value == 0 and _zero_shown_blank(number_format):
        return ""
    exact = Decimal(repr(float(f"{value:.{_SIGNIFICANT}g}"))) if isinstance(value, float) else Decimal(value)
    decimals = format_decimals(number_format)
    if decimals is not None:
        exact = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    elif exact == exact.to_integral_value():
        exact = exact.quantize(Decimal(1))
    return format(exact, "f")


def cell_text(value: object, number_format: str = "General") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float | Decimal):
        return number_text(value, number_format)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return "\n".join(part.strip() for part in str(value).strip().splitlines())


@dataclass
class SheetRow:
    number: int
    cells: list[tuple[str, str]]  # (text, coordinate) per column, from column A
    values: list[object]  # the cells' values as stored

    def filled(self) -> list[str]:
        return [text for text, _ in self.cells if squash(text)]

    def single_text(self) -> str | None:
        filled = self.filled()
        return filled[0] if len(filled) == 1 else None


def _sheet_rows(workbook: ExcelReader, title: str, part: str) -> list[SheetRow]:
    """The rows with text of a sheet, streamed (as openpyxl's read-only sheets read them, without
    their first pass for the stored dimensions, which can be stale); a sheet over the row or cell
    limit is refused while it is read, before it can fill the memory."""
    from openpyxl.utils import get_column_letter

    formats = _NumberFormats(workbook.wb)
    rows: list[SheetRow] = []
    cells = number = 0
    with workbook.archive.open(part) as source:
        for index, parsed in sheet_cells(source, workbook.shared_strings, workbook.wb):
            if index <= number:
                continue  # a row repeated or out of order: dropped, as openpyxl's read-only sheets do
            if index // 1000 > number // 1000:
                check_time()
            number = index
            width = parsed[-1][0] if parsed else 0  # as wide as its last cell, as openpyxl reads it
            cells += width
            check_sheet(title, number, cells)
            values: list[object] = [None] * width
            texts = [""] * width
            for column, value, style_id in parsed:
                if column <= width and value is not None:
                    values[column - 1], texts[column - 1] = value, cell_text(value, formats[style_id])
            if any(squash(text) for text in texts):
                refs = [f"{title}!{get_column_letter(col)}{number}" for col in range(1, width + 1)]
                rows.append(SheetRow(number, list(zip(texts, refs, strict=True)), values))
    return rows


_ROW, _VALUE, _INLINE = (f"{_SHEET_NS}{tag}" for tag in ("row", "v", "is"))


def sheet_cells(source: IO[bytes], shared_strings: list[str], book: Workbook) -> Iterator[tuple[int, list[ParsedCell]]]:
    """Each row of a sheet part as (row number, [(column, value, style id)]), exactly as openpyxl's
    sheet parser gives them with data_only (a formula's saved value; dates by their cell style),
    read by lxml's iterparse: openpyxl's parser builds every element through Python callbacks
    (xml.etree's pull parser) and was most of an xlsx document's reading time."""
    from lxml import etree
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    def parsed_cell(cell, column: int) -> ParsedCell:  # openpyxl's WorkSheetParser.parse_cell
        data_type = cell.get("t", "n")
        coordinate = cell.get("r")
        style_id = cell.get("s", 0)
        if style_id:
            style_id = int(style_id)
        column = coordinate_to_tuple(coordinate)[1] if coordinate else column + 1
        value: object = None if data_type == "inlineStr" else (cell.findtext(_VALUE) or None)
        if value is None:
            inline = cell.find(_INLINE) if data_type == "inlineStr" else None
            return column, (None if inline is None else _inline_text(inline)), style_id
        if data_type == "n":
            value = float(value) if "." in value or "E" in value or "e" in value else int(value)
            if style_id in book._date_formats:
                try:
                    value = from_excel(value, book.epoch, timedelta=style_id in book._timedelta_formats)
                except (OverflowError, ValueError):
                    value = "#VALUE!"  # a date serial beyond the calendar: openpyxl's error value
        elif data_type == "s":
            value = shared_strings[int(value)]
        elif data_type == "b":
            value = bool(int(value))
        elif data_type == "d":
            value = from_ISO8601(value)
        return column, value, style_id

    number = 0
    for _, row in etree.iterparse(source, events=("end",), tag=_ROW, remove_comments=True, remove_pis=True):
        found = row.get("r")
        number = _row_number(found) if found is not None else number + 1
        cells: list[ParsedCell] = []
        for cell in row:  # as openpyxl: every child element of a row is a cell
            cells.append(parsed_cell(cell, cells[-1][0] if cells else 0))
        row.clear()
        while row.getprevious() is not None:  # the rows read so far: memory stays bounded
            del row.getparent()[0]
        yield number, cells


def _row_number(found: str) -> int:
    """A row's r attribute, as openpyxl reads it (12, or 12.0)."""
    try:
        return int(found)
    except ValueError:
        number = float(found)
        if not number.is_integer():
            raise ValueError(f"{found} is not a valid row number") from None
        return int(number)


def _inline_text(inline) -> str:
    """An inline string's text without formatting: its <t>, then each run's <t> (openpyxl's
    Text.content; phonetic runs left out)."""
    plain, runs = None, []
    for child in inline:
        name = _localname(child)
        if name == "t":
            plain = child.text
        elif name == "r":
            text = None
            for part in child:
                if _localname(part) == "t":
                    text = part.text
            runs.append(text)
    return "".join(text for text in (plain, *runs) if text is not None)


def _localname(element) -> str:
    return element.tag.rpartition("}")[2]


class _NumberFormats(dict[int, str]):
    """A workbook's number format per cell style, as openpyxl's read-only cells give it, each looked
    up once (a style no cell uses is never looked up)."""

    def __init__(self, book: Workbook) -> None:
        super().__init__()
        self.book = book

    def __missing__(self, style_id: int) -> str:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

        format_id = self.book._cell_styles[style_id].numFmtId
        if format_id < BUILTIN_FORMATS_MAX_SIZE:
            found = BUILTIN_FORMATS.get(format_id, "General")
        else:
            found = self.book._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE] or "General"
        self[style_id] = found
        return found


def _title_of(row: SheetRow) -> str | None:
    """The title a row names: one text naming a 决算 or 预算 table (known to the maps or not), beside at
    most table-number, 部门 and 单位 cells (``收入支出决算总表 … 公开01表`` on one row)."""
    texts = [t.replace("\n", "") for t in row.filled()]
    titles = [t for t in texts if "表" in t and is_report_table_title(t)]  # a title names a …表
    if len(titles) != 1 or not all(t in titles or is_label_line(t) for t in texts):
        return None
    return titles[0]


def _is_metadata(grid: Grid, row: SheetRow) -> bool:
    """Table-number, 部门 and 单位 rows before the header (or beside the title); records them."""
    texts = row.filled()
    if not any(is_label_line(t) for t in texts):
        return False
    for text in texts:
        if is_table_no(text):
            grid.table_no = grid.table_no or squash(text)
        grid.unit = grid.unit or find_unit(text)
    return True


def _new_grid(title: str, row_number: int | None) -> Grid:
    return Grid(
        title=title,
        rows=[],
        aligned=True,
        table_no=find_table_no(title),
        unit=find_unit(title),
        line_start=row_number,
        line_end=row_number,
    )


def _cells(row: SheetRow) -> list[Cell]:
    return [Cell(text, line=row.number, ref=ref) for text, ref in row.cells]


def _trim_columns(grid: Grid) -> None:
    """Drop the blank columns left and right of a table: one cell per printed column."""
    used = [i for row in grid.rows for i, c in enumerate(row) if squash(c.text)]
    if not used:
        return
    first, last = min(used), max(used)
    grid.rows = [row[first : last + 1] for row in grid.rows]
    width = last - first + 1
    for row in grid.rows:
        row.extend(Cell("", line=row[-1].line, ref=row[-1].ref) for _ in range(width - len(row)))


def sheet_grids(name: str, rows: list[SheetRow]) -> list[Grid]:
    """The tables of one sheet, cell references prefixed with the sheet name."""
    grids: list[Grid] = []
    grid: Grid | None = None
    in_notes = False
    sheet_title = name if match_table_kind(name) else None
    sheet_no = squash(name) if is_table_no(name) else None
    for row in rows:
        title = _title_of(row)
        if title is not None:
            grid, in_notes = _new_grid(title, row.number), False
            _is_metadata(grid, row)
            grids.append(grid)
            continue
        if grid is None:
            if sheet_title is None:
                continue  # a cover or narrative sheet: no table named
            grid = _new_grid(sheet_title, row.number)
            grids.append(grid)
        single = row.single_text()
        if not grid.rows and _is_metadata(grid, row):
            continue
        if single and (in_notes or is_note_start(single) or "无数据" in squash(single)):
            in_notes = True
            grid.notes.append(single)
        elif not in_notes:
            grid.rows.append(_cells(row))
        grid.line_end = row.number
    for found in grids:
        found.table_no = found.table_no or sheet_no  # a sheet named 表3 numbers its table
        _trim_columns(found)
    return [g for g in grids if g.rows]


_FORMULA_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")  # <f>, <f t="shared" …/>, <x:f>


def _uncached_formula(archive: zipfile.ZipFile, part: str) -> tuple[str, str] | None:
    """The first cell of a sheet part holding a formula without a saved value: (cell, formula).
    A sheet with no formula element at all (most published workbooks) is not parsed again."""
    from xml.etree.ElementTree import iterparse

    with archive.open(part) as source:
        if not _FORMULA_ELEMENT.search(source.read()):
            return None
    with archive.open(part) as source:
        for _, element in iterparse(source):
            if element.tag == f"{_SHEET_NS}c":
                formula = element.find(f"{_SHEET_NS}f")
                if formula is not None and not element.findtext(f"{_SHEET_NS}v"):
                    return element.get("r", "?"), f"={formula.text or ''}"
            if element.tag == f"{_SHEET_NS}row":
                element.clear()
    return None


def _check_cached_formulas(path: Path, sheets: dict[str, str]) -> None:
    """A formula saved without its computed value would read as a blank (zero) cell: refuse it.

    Workbooks written by scripts often hold formulas no spreadsheet program has computed yet.
    The sheets' XML is scanned, streaming, for such cells (the values were read once already).
    """
    with zipfile.ZipFile(path) as archive:
        for title, part in sheets.items():
            found = _uncached_formula(archive, part)
            if found:
                cell, formula = found
                raise DocumentError(
                    f"{path}: {title}!{cell}: formula {formula} has no saved value "
                    "(open and save the workbook in a spreadsheet program first)"
                )


def _open_workbook(path: Path) -> tuple[ExcelReader, list[tuple[str, str]]]:
    """openpyxl's reader of a workbook's shared strings, sheet list and styles, and each worksheet's
    (title, part) in order. Its sheets are not opened (``load_workbook`` parses each once more for
    its dimensions before it is read), nor are properties, theme and defined names (unused)."""
    from openpyxl.reader.excel import ExcelReader  # imported here: only xlsx files pay for it
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(path, read_only=True, data_only=True)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = [
            (sheet.name, rel.target)
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        ]
    except BaseException:
        reader.archive.close()
        raise
    return reader, sheets


def read_xlsx(path: Path) -> DocumentText:
    check_unzipped(path)
    try:
        workbook, sheets = _open_workbook(path)
    except Exception as err:  # openpyxl raises many types for a broken file
        raise DocumentError(f"{path}: not a readable xlsx workbook: {err}") from err
    grids: list[Grid] = []
    texts: list[str] = []
    lines: list[TextLine] = []
    try:
        for sheet_no, (title, part) in enumerate(sheets, start=1):
            rows = _sheet_rows(workbook, title, part)
            grids.extend(sheet_grids(title, rows))
            texts.extend(value for row in rows for value in row.values if isinstance(value, str))
            lines.extend(TextLine("\t".join(row.filled()), sheet_no, row.number) for row in rows)
    finally:
        workbook.archive.close()
    _check_cached_formulas(path, dict(sheets))
    content = "\n".join(texts)
    cover_department, cover_year = first_report_title(texts)
    year = find_year(" ".join(g.title for g in grids)) or cover_year or find_year(content)
    doc = document_text(path, "xlsx", grids, content, year=year, cover_department=cover_department)
    doc.lines = lines
    return doc
