"""Write a RenderDocument as an xlsx workbook: one sheet per table or all tables on one sheet,
a title row starting each table, merged header cells, figures as numbers or as text."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from loaders.render import RenderDocument, RenderTable, padded

_AMOUNT = re.compile(r"^-?\d{1,3}(?:,\d{3})*\.(\d+)$|^-?\d+\.(\d+)$")


def _value(text: str, numbers: bool) -> tuple[object, str | None]:
    """A cell value and its number format: a printed amount becomes a number shown with the
    same decimals and thousands separators when ``numbers``, else stays text."""
    found = _AMOUNT.match(text) if numbers else None
    if not found:
        return text or None, None
    decimals = len(found.group(1) or found.group(2))
    # openpyxl stores floats; the reader rounds back to the format's decimals, exactly.
    return float(Decimal(text.replace(",", ""))), "#,##0." + "0" * decimals


def write_table(sheet: Worksheet, doc: RenderDocument, table: RenderTable, first_row: int, numbers: bool) -> int:
    """Write one table from ``first_row``; return the next free row (one blank row after)."""
    width = table.width
    row = first_row
    sheet.cell(row, 1, table.title).font = Font(bold=True)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    row += 1
    if doc.style == "zhejiang" and table.table_no:
        sheet.cell(row, width, table.table_no)
        row += 1
    sheet.cell(row, 1, doc.metadata_line())
    row += 1
    header_top = row
    for cells in padded(table.header, width):
        for col, text in enumerate(cells, start=1):
            cell = sheet.cell(row, col, text or None)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        row += 1
    for span in table.spans:
        sheet.merge_cells(
            start_row=header_top + span.first_row,
            start_column=span.first_col + 1,
            end_row=header_top + span.last_row,
            end_column=span.last_col + 1,
        )
    for cells in padded(table.body, width):
        for col, text in enumerate(cells, start=1):
            value, number_format = _value(text, numbers)
            cell = sheet.cell(row, col, value)
            if number_format:
                cell.number_format = number_format
        row += 1
    for note in table.notes:
        sheet.cell(row, 1, note)
        row += 1
    return row + 1


def _sheet_name(table: RenderTable, n: int) -> str:
    return table.table_no or f"Sheet{n}"


def render_xlsx(
    doc: RenderDocument,
    path: Path,
    *,
    one_sheet: bool = False,
    numbers: bool = True,
    text_sheets: frozenset[str] = frozenset(),
) -> Path:
    """Write the workbook. ``numbers`` writes figures as numeric cells; a table whose number is
    in ``text_sheets`` keeps them as text with thousands separators (both occur in the wild)."""
    workbook = Workbook()
    first = workbook.active
    first.cell(1, 1, doc.title).font = Font(bold=True, size=16)  # the cover names the department
    if one_sheet:
        first.title = "部门决算"
        row = 3
        for table in doc.tables:
            row = write_table(first, doc, table, row, numbers)
    else:
        first.title = "封面"
        for n, table in enumerate(doc.tables, start=1):
            sheet = workbook.create_sheet(_sheet_name(table, n))
            write_table(sheet, doc, table, 1, numbers and table.table_no not in text_sheets)
    workbook.save(path)
    return path
