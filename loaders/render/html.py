"""Write a RenderDocument as an HTML page, as government sites publish reports: a heading per table,
the unit line, a ``<table>`` with merged header cells (colspan/rowspan), the notes after it."""

from __future__ import annotations

import html
from pathlib import Path

from loaders.render import RenderDocument, RenderTable, Span, padded


def _cell(text: str, tag: str, span: Span | None) -> str:
    size = ""
    if span:
        rows, cols = span.last_row - span.first_row + 1, span.last_col - span.first_col + 1
        size = (f' rowspan="{rows}"' if rows > 1 else "") + (f' colspan="{cols}"' if cols > 1 else "")
    return f"<{tag}{size}>{html.escape(text).replace(chr(10), '<br>')}</{tag}>"


def table_html(table: RenderTable) -> str:
    """The table's rows; a merged header cell once, in its top-left position, spanning the rest."""
    width = table.width
    starts = {(s.first_row, s.first_col): s for s in table.spans}
    covered = {
        (r, c)
        for s in table.spans
        for r in range(s.first_row, s.last_row + 1)
        for c in range(s.first_col, s.last_col + 1)
        if (r, c) != (s.first_row, s.first_col)
    }
    rows = []
    for r, cells in enumerate(padded(table.header, width)):
        row = "".join(_cell(t, "th", starts.get((r, c))) for c, t in enumerate(cells) if (r, c) not in covered)
        rows.append(f"<tr>{row}</tr>")
    rows += ["<tr>" + "".join(_cell(t, "td", None) for t in cells) + "</tr>" for cells in padded(table.body, width)]
    return '<table border="1">\n' + "\n".join(rows) + "\n</table>"


def render_html(doc: RenderDocument, path: Path) -> Path:
    parts = [f'<html><head><meta charset="utf-8"><title>{doc.title}</title></head><body>', f"<h1>{doc.title}</h1>"]
    for table in doc.tables:
        number = f"（{table.table_no}）" if table.table_no else ""
        parts += [f"<h2>{html.escape(table.title)}{number}</h2>", f"<p>{html.escape(doc.metadata_line())}</p>"]
        parts += [table_html(table), *(f"<p>{html.escape(note)}</p>" for note in table.notes)]
    path.write_text("\n".join([*parts, "</body></html>"]) + "\n", encoding="utf-8")
    return path
