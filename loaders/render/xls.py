"""Write a RenderDocument as an Excel 97–2003 workbook (.xls): one sheet per table, a title row,
merged header cells, figures as numbers shown with their printed decimals."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import xlwt

from loaders.render import RenderDocument, padded

_AMOUNT = re.compile(r"^-?[\d,]*\.(\d+)$")


def render_xls(doc: RenderDocument, path: Path) -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    cover = book.add_sheet("封面")
    cover.write(0, 0, doc.title)
    for n, table in enumerate(doc.tables, start=1):
        sheet = book.add_sheet(table.table_no or f"Sheet{n}")
        sheet.write(0, 0, table.title)
        sheet.write(1, 0, doc.metadata_line())
        top = 2
        for r, cells in enumerate(padded(table.header, table.width)):
            for c, text in enumerate(cells):
                if not any(s.first_row <= r <= s.last_row and s.first_col <= c <= s.last_col for s in table.spans):
                    sheet.write(top + r, c, text)
        for s in table.spans:
            text = table.header[s.first_row][s.first_col] if s.first_col < len(table.header[s.first_row]) else ""
            sheet.write_merge(top + s.first_row, top + s.last_row, s.first_col, s.last_col, text)
        body_top = top + len(table.header)
        for r, cells in enumerate(padded(table.body, table.width)):
            for c, text in enumerate(cells):
                found = _AMOUNT.match(text)
                if found:
                    style = xlwt.easyxf(num_format_str="#,##0." + "0" * len(found.group(1)))
                    sheet.write(body_top + r, c, float(Decimal(text.replace(",", ""))), style)
                else:
                    sheet.write(body_top + r, c, text)
        for i, note in enumerate(table.notes):
            sheet.write(body_top + len(table.body) + i, 0, note)
    book.save(str(path))
    return path
