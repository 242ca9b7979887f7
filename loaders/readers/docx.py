"""Word documents (.docx): the tables of the report with the paragraphs around them, in document
order, read as the markdown reader reads converter output (titles, unit lines, notes).

Each table row becomes one tab-separated line; a merged cell keeps its text in its first (top-left)
grid position and leaves the positions it covers blank, as the normaliser expects. Paragraphs in a
heading style become ``#`` headings, the others plain lines.
"""

from __future__ import annotations

from pathlib import Path

from loaders.limits import check_docx_tables, check_sheet, check_time, check_unzipped
from loaders.model import DocumentError, DocumentText
from loaders.readers.markdown import read_markdown_text


def _table_lines(table, number: int) -> list[str]:  # a docx.table.Table, the document's number-th
    lines: list[str] = []
    above: list[object] = []
    spanned = 0  # grid cells so far: python-docx repeats a merged cell once per column it spans
    for n, row in enumerate(table.rows, start=1):
        spanned += sum(tc.grid_span for tc in row._tr.tc_lst)
        check_sheet(f"table {number}", n, spanned, what="docx table")
        if n % 1000 == 0:
            check_time()
        cells = row.cells
        texts = []
        for col, cell in enumerate(cells):
            merged_left = col > 0 and cells[col - 1]._tc is cell._tc
            merged_above = col < len(above) and above[col] is cell._tc
            texts.append("" if merged_left or merged_above else _cell_text(cell.text))
        above = [cell._tc for cell in cells]
        lines.append("\t".join(texts))
    return lines


def _cell_text(text: str) -> str:
    return "<br>".join(part.strip() for part in text.replace("\t", " ").splitlines())


def docx_lines(path: Path) -> str:
    """The document's body as lines: paragraphs and each table's rows, in order."""
    from docx import Document  # imported here: only docx files pay for it
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_unzipped(path)
    check_docx_tables(path)
    try:
        document = Document(str(path))
    except Exception as err:  # python-docx raises many types for a broken file
        raise DocumentError(f"{path}: not a readable docx document: {err}") from err
    lines: list[str] = []
    tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            lines += ["", *_table_lines(block, tables), ""]
        elif isinstance(block, Paragraph) and block.text.strip():
            heading = (block.style.name or "").lower().startswith(("heading", "title"))
            lines.append(("## " if heading else "") + block.text.strip())
    return "\n".join(lines)


def read_docx(path: Path) -> DocumentText:
    return read_markdown_text(path, docx_lines(path), "docx")
