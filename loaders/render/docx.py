"""Write a RenderDocument as a Word document: a heading per table, the unit line, a table with merged
header cells, the notes after it (the .docx some departments publish)."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from loaders.render import RenderDocument, padded


def render_docx(doc: RenderDocument, path: Path) -> Path:
    document = Document()
    document.add_heading(doc.title, level=1)
    for table in doc.tables:
        number = f"（{table.table_no}）" if table.table_no else ""
        document.add_heading(f"{table.title}{number}", level=2)
        document.add_paragraph(doc.metadata_line())
        rows = padded(table.header + table.body, table.width)
        grid = document.add_table(rows=len(rows), cols=table.width)
        for row, cells in zip(grid.rows, rows, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):  # grid.cell(r, c) walks the whole table
                cell.text = text
        for span in table.spans:
            text = rows[span.first_row][span.first_col]
            merged = grid.cell(span.first_row, span.first_col).merge(grid.cell(span.last_row, span.last_col))
            merged.text = text
        for note in table.notes:
            document.add_paragraph(note)
    document.save(str(path))
    return path
