"""Write a RenderDocument as markdown the way PDF-to-markdown tools do: ``##`` titles, one
tab-separated (or pipe-table) line per printed row, merged cells blank, notes after the table; or, as
converters that keep merged cells write it, each table as an HTML ``<table>`` with colspan/rowspan."""

from __future__ import annotations

from pathlib import Path

from loaders.render import RenderDocument, RenderTable, padded
from loaders.render.html import table_html


def _title(doc: RenderDocument, table: RenderTable, continued: bool = False) -> list[str]:
    suffix = "（续）" if continued else ""
    if doc.style == "zhejiang":
        lines = [f"## {table.title}{suffix}"]
        return [*lines, "", table.table_no] if table.table_no and not continued else lines
    number = f"（{table.table_no[0]} {table.table_no[1:]}）" if table.table_no else ""
    return [f"## {table.title}{number}{suffix}"]


def _row(cells: list[str], pipe: bool) -> str:
    texts = [c.replace("\n", "<br>") for c in cells]
    if pipe:
        return "| " + " | ".join(t.replace("|", "\\|") for t in texts) + " |"
    return "\t".join(texts)


def _block(rows: list[list[str]], width: int, pipe: bool, with_separator: bool) -> list[str]:
    lines = [_row(r, pipe) for r in padded(rows, width)]
    if pipe and with_separator:
        lines.insert(1, "|" + "---|" * width)
    return lines


def render_table(
    doc: RenderDocument,
    table: RenderTable,
    *,
    pipe: bool = False,
    html: bool = False,
    rows_per_page: int | None = None,
    first_page: int = 1,
) -> tuple[list[str], int]:
    """The lines of one table and the page it ends on; a body longer than ``rows_per_page``
    continues after a page marker under a repeated (续) title and header, as printed."""
    width = table.width
    lines = [*_title(doc, table), "", doc.metadata_line(), ""]
    notes = [line for note in table.notes for line in (note, "")]
    if html:
        return [*lines, table_html(table), "", *notes], first_page
    page = first_page
    chunks = (
        [table.body]
        if not rows_per_page
        else [table.body[i : i + rows_per_page] for i in range(0, len(table.body), rows_per_page)] or [[]]
    )
    for i, chunk in enumerate(chunks):
        if i:
            page += 1
            lines += ["", f"<!-- page {page} -->", "", *_title(doc, table, continued=True), ""]
        lines += _block(table.header + chunk, width, pipe, with_separator=True)
    return [*lines, "", *notes], page


def render_markdown(
    doc: RenderDocument, path: Path, *, pipe: bool = False, html: bool = False, rows_per_page: int | None = None
) -> Path:
    """Write the whole document: cover title, then each table on its own page (``html``: tables as
    HTML, the whole table on one page)."""
    lines = [f"# {doc.title}", ""]
    page = 1
    for table in doc.tables:
        page += 1
        lines += [f"<!-- page {page} -->", ""]
        table_lines, page = render_table(doc, table, pipe=pipe, html=html, rows_per_page=rows_per_page, first_page=page)
        lines += table_lines
    path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
    return path
