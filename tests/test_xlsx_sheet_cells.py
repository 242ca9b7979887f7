"""The xlsx reader's sheet parser (lxml) gives every cell exactly as openpyxl's own sheet parser does:
row and column numbers, values of every cell type, style ids."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet._reader import WorkSheetParser

from loaders.readers.xlsx import sheet_cells

SAMPLE = (
    Path(__file__).resolve().parents[1] / "data" / "samples" / "zhejiang-2024-shaoxing-yuecheng-big-data-center.xlsx"
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED = ["部门：示例局", "合计", "x"]
DATE_STYLE, DURATION_STYLE = 3, 4

# Every kind of cell a sheet part holds, and the odd shapes writers leave: numbers as integers,
# decimals and exponents; shared, inline (plain, in runs, with a phonetic guide), formula-result and
# error strings; booleans; ISO dates and date-styled serials (and one beyond the calendar); a formula
# whose saved value is read, one without; cells and rows without references; a row repeated, one out
# of order, a row number written as a decimal; an element that is no cell; a comment.
ROWS = """
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" s="2"><v>2209.05</v></c><c r="D1"><v>1200</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>单位：万元</t></is></c>
  <c t="inlineStr" s="1"><is><r><rPr/><t>附属单位</t></r><r><t>上缴收入</t></r>
    <rPh sb="0" eb="1"><t>fu</t></rPh></is></c>
  <c r="E2"><v>1.5E3</v></c><c r="F2"><v>-3e-2</v></c></row>
<row r="4"><c r="B4" t="b"><v>1</v></c><c r="C4" t="b"><v>0</v></c><c r="D4" t="str"><v>total</v></c>
  <c r="E4" t="e"><v>#DIV/0!</v></c><c r="F4" t="d"><v>2024-03-01T00:00:00</v></c><!-- a comment --></row>
<row r="5"><c r="A5" s="3"><v>45000</v></c><c r="B5" s="4"><v>0.5</v></c><c r="C5" s="3"><v>99999999</v></c>
  <c r="D5"><f>SUM(A1:A4)</f><v>12.25</v></c><c r="E5"><f>B5</f></c><c r="F5" t="s"><v>2</v></c></row>
<row><c><v>7</v></c><c t="inlineStr"><is><t/></is></c><c r="G6"><v></v></c><extLst/></row>
<row r="6"><c r="A6"><v>8</v></c></row>
<row r="3"><c r="A3"><v>9</v></c></row>
<row r="8.0"><c r="AB8" s="2"><v>0.30000000000000004</v></c></row>
<row r="9"/>
"""


def _sheet(rows: str) -> bytes:
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
    return f"{head}<sheetData>{rows}</sheetData></worksheet>".encode()


def _book() -> Workbook:
    book = Workbook()
    book._date_formats, book._timedelta_formats = {DATE_STYLE, DURATION_STYLE}, {DURATION_STYLE}
    return book


def _openpyxl_rows(part: bytes, shared: list[str], book: Workbook) -> list[tuple[int, list[tuple]]]:
    parser = WorkSheetParser(
        io.BytesIO(part),
        shared,
        data_only=True,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )
    return [(n, [(c["column"], c["value"], c["style_id"]) for c in cells]) for n, cells in parser.parse()]


def test_every_kind_of_cell_reads_as_openpyxl_reads_it() -> None:
    book, part = _book(), _sheet(ROWS)
    with pytest.warns(UserWarning, match="outside the limits for dates"):  # openpyxl warns of C5
        expected = _openpyxl_rows(part, SHARED, book)
    found = list(sheet_cells(io.BytesIO(part), SHARED, book))
    assert found == expected
    assert [n for n, _ in found] == [1, 2, 4, 5, 6, 6, 3, 8, 9]
    assert found[1][1][1] == (2, "附属单位上缴收入", 1)  # the runs' text, the phonetic guide left out
    assert found[3][1][2][1] == "#VALUE!"


def test_every_sheet_of_the_sample_reads_as_openpyxl_reads_it() -> None:
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(SAMPLE, read_only=True, data_only=True)
    reader.read()
    with zipfile.ZipFile(SAMPLE) as archive:
        for sheet in reader.wb.worksheets:
            part = archive.read(sheet._worksheet_path)
            expected = _openpyxl_rows(part, reader.shared_strings, reader.wb)
            assert list(sheet_cells(io.BytesIO(part), reader.shared_strings, reader.wb)) == expected, sheet.title
