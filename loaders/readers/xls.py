"""Excel 97–2003 workbooks (.xls), as government sites still publish them, read with xlrd: each sheet's
rows go through the same table finding as an xlsx workbook's (``loaders.readers.xlsx.sheet_grids``).
Numbers become exact decimal text with the decimals of their cell format; merged cells keep their
value in the top-left cell. Cells are referenced as ``Sheet1!C7``.
"""

from __future__ import annotations

from pathlib import Path

from loaders.layouts import squash
from loaders.limits import check_sheet, check_time, current_limits, over_limit
from loaders.model import DocumentError, DocumentText, Grid
from loaders.readers.meta import document_text, find_year, first_report_title
from loaders.readers.xlsx import SheetRow, cell_text, sheet_grids


def _column_name(col: int) -> str:
    name = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _sheet_rows(book, sheet) -> list[SheetRow]:  # xlrd Book and Sheet
    import xlrd

    check_sheet(sheet.name, sheet.nrows, sheet.nrows * sheet.ncols)
    rows: list[SheetRow] = []
    for r in range(sheet.nrows):
        if r % 1000 == 999:
            check_time()
        cells, values = [], []
        for c in range(sheet.ncols):
            cell = sheet.cell(r, c)
            number_format = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
            value = cell.value if cell.ctype not in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) else None
            cells.append((cell_text(value, number_format), f"{sheet.name}!{_column_name(c)}{r + 1}"))
            values.append(value)
        if any(squash(text) for text, _ in cells):
            rows.append(SheetRow(r + 1, cells, values))
    return rows


def read_xls(path: Path) -> DocumentText:
    import xlrd  # imported here: only xls files pay for it

    # xlrd holds a whole sheet in memory: the workbook, stored unzipped, is held to the unzipped limit
    limit = current_limits().unzipped_mb
    if path.stat().st_size > limit * 2**20:
        raise over_limit("unzipped_mb", limit, f"the workbook holds {path.stat().st_size / 2**20:,.0f} MB")
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception as err:  # xlrd raises many types for a broken file
        raise DocumentError(f"{path}: not a readable xls workbook: {err}") from err
    grids: list[Grid] = []
    texts: list[str] = []
    for index in range(book.nsheets):  # one sheet in memory at a time
        sheet = book.sheet_by_index(index)
        rows = _sheet_rows(book, sheet)
        book.unload_sheet(index)
        grids.extend(sheet_grids(sheet.name, rows))
        texts.extend(text for row in rows for text in row.filled() if not text.replace(".", "").isdigit())
    content = "\n".join(texts)
    cover_department, cover_year = first_report_title(texts)
    year = find_year(" ".join(g.title for g in grids)) or cover_year or find_year(content)
    return document_text(path, "xls", grids, content, year=year, cover_department=cover_department)
