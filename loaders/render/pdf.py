"""Write a RenderDocument as a ruled PDF the way the national template prints it.

A cover page names the department and year; every table starts a page with its title, the unit
line and the ruled table (merged header cells drawn as one cell, labels wrapped inside their
cell). A body longer than the page (or ``rows_per_page``) continues on the next page with no title
and no repeated header, as the national template does (or, asked, under a （续） title and the header
again); notes are printed under the table. ``rules`` draws every cell boxed (``grid``), only the
horizontal rules between rows (``horizontal``) or no rules at all (``none``), as documents exported
from a spreadsheet without borders print. Given a TrueType CJK font file (``font``), the text is set
in it and its glyphs are embedded, as published PDFs embed theirs (pdfium reads such a PDF itself);
else Chinese is set in reportlab's built-in CID font STSong-Light, not embedded, so no font file is
needed (the text layer is exact, pdfium cannot measure it and the reader falls back to pdfplumber).

``rasterize_pdf`` turns a PDF into an image-only copy: a stand-in for a scanned document.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from loaders.render import RenderDocument, RenderTable, Span, padded

FONT = "STSong-Light"
SIZE = 9.0
TITLE_SIZE = 15.0
LEADING = SIZE + 2.5
PAD = 3.0
MARGIN = 40.0
MIN_COLUMN = 34.0
MAX_COLUMN = 180.0
PORTRAIT_MAX_COLUMNS = 6
RULES = ("grid", "horizontal", "none")
_AMOUNT = re.compile(r"^-?(?:[\d,]*\.\d+|\d{1,3}(?:,\d{3})+)$")  # a printed figure, not a code


_EMBEDDED: ContextVar[Path | None] = ContextVar("embedded_font", default=None)  # while render_pdf runs


def _font() -> str:
    """The font the text is set in: the TrueType file render_pdf was given, else STSong-Light."""
    embedded = _EMBEDDED.get()
    return _truetype(embedded) if embedded else _cid_font()


@cache
def _cid_font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


@cache
def _truetype(path: Path) -> str:
    """A TrueType font (.ttf, or the first font of a .ttc collection) registered for embedding."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such font file")
    name = f"embedded-{path.stem}"
    pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


def _width(text: str, size: float = SIZE) -> float:
    return pdfmetrics.stringWidth(text, _font(), size)


def wrap(text: str, width: float, size: float = SIZE) -> list[str]:
    """Printed lines of a cell: explicit line breaks kept, long lines broken by character."""
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for char in part:
            if line and _width(line + char, size) > width:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
    return lines


@dataclass(frozen=True)
class _Region:
    """A header cell on the page: one grid cell or a merged span."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int
    text: str


def _header_regions(table: RenderTable, width: int) -> list[_Region]:
    header = padded(table.header, width)
    covered: dict[tuple[int, int], Span] = {}
    for span in table.spans:
        for r in range(span.first_row, span.last_row + 1):
            for c in range(span.first_col, span.last_col + 1):
                covered[(r, c)] = span
    regions = []
    for r, row in enumerate(header):
        for c, text in enumerate(row):
            span = covered.get((r, c))
            if span is None:
                regions.append(_Region(r, c, r, c, text))
            elif (span.first_row, span.first_col) == (r, c):
                regions.append(_Region(span.first_row, span.first_col, span.last_row, span.last_col, text))
    return regions


def _column_widths(table: RenderTable, width: int, available: float) -> list[float]:
    """Natural widths from the body and one-column header cells; when the page is too narrow the
    text columns give up room, never below the widest figure (a figure must not wrap)."""
    floor = [MIN_COLUMN] * width
    natural = [MIN_COLUMN] * width
    for row in padded(table.body, width):
        for c, text in enumerate(row):
            longest = max((_width(line) for line in text.split("\n")), default=0.0) + 2 * PAD + 1
            natural[c] = max(natural[c], min(MAX_COLUMN, longest))
            if _AMOUNT.match(text):
                floor[c] = max(floor[c], longest)
    for region in _header_regions(table, width):
        if region.first_col == region.last_col:
            # header labels wrap: give them room for about four characters a line
            natural[region.first_col] = max(natural[region.first_col], min(_width(region.text[:4]) + 2 * PAD, 60))
    natural = [max(n, f) for n, f in zip(natural, floor, strict=True)]
    spare = sum(natural) - sum(floor)
    if sum(natural) <= available or spare <= 0:
        return natural
    keep = max(0.0, available - sum(floor)) / spare
    return [f + (n - f) * keep for n, f in zip(natural, floor, strict=True)]


def _row_heights(regions: list[_Region], rows: int, edges: list[float]) -> list[float]:
    heights = [LEADING + 2 * PAD] * rows
    for region in sorted(regions, key=lambda g: g.last_row - g.first_row):
        lines = len(wrap(region.text, edges[region.last_col + 1] - edges[region.first_col] - 2 * PAD))
        need = lines * LEADING + 2 * PAD
        have = sum(heights[region.first_row : region.last_row + 1])
        if need > have:
            heights[region.last_row] += need - have
    return heights


class _Writer:
    """A canvas with a cursor that runs down the page and starts a new page when asked."""

    def __init__(self, path: Path, running_header: str | None = None, rules: str = "grid") -> None:
        if rules not in RULES:
            raise ValueError(f"rules must be one of {RULES}, not {rules!r}")
        self.canvas = Canvas(str(path), pagesize=A4, initialFontName=_font())
        self.rules = rules
        self.pagesize = A4
        self.y = 0.0
        self.page = 0
        self.running_header = running_header

    @property
    def page_width(self) -> float:
        return self.pagesize[0]

    def new_page(self, pagesize: tuple[float, float]) -> None:
        if self.page:
            self.canvas.showPage()
        self.page += 1
        self.pagesize = pagesize
        self.canvas.setPageSize(pagesize)
        self.y = pagesize[1] - MARGIN
        if self.running_header:  # printed on every page, with the page number at the foot
            self.canvas.setFont(_font(), SIZE)
            self.canvas.drawCentredString(pagesize[0] / 2, pagesize[1] - MARGIN / 2, self.running_header)
            self.canvas.drawCentredString(pagesize[0] / 2, MARGIN / 2, f"第 {self.page} 页")

    def room(self) -> float:
        return self.y - MARGIN

    def text(self, text: str, *, size: float = SIZE, align: str = "left", x: float = MARGIN) -> None:
        self.canvas.setFont(_font(), size)
        self.y -= size + 4
        if align == "center":
            self.canvas.drawCentredString(self.page_width / 2, self.y, text)
        elif align == "right":
            self.canvas.drawRightString(self.page_width - MARGIN, self.y, text)
        else:
            self.canvas.drawString(x, self.y, text)
        self.y -= 4

    def cell(self, x0: float, x1: float, top: float, height: float, text: str, align: str) -> None:
        if self.rules == "grid":
            self.canvas.rect(x0, top - height, x1 - x0, height, stroke=1, fill=0)
        elif self.rules == "horizontal":
            self.canvas.line(x0, top, x1, top)
            self.canvas.line(x0, top - height, x1, top - height)
        if not text:
            return
        lines = wrap(text, x1 - x0 - 2 * PAD)
        self.canvas.setFont(_font(), SIZE)
        first = top - (height - len(lines) * LEADING) / 2 - SIZE
        for i, line in enumerate(lines):
            y = first - i * LEADING
            if align == "right":
                self.canvas.drawRightString(x1 - PAD, y, line)
            elif align == "center":
                self.canvas.drawCentredString((x0 + x1) / 2, y, line)
            else:
                self.canvas.drawString(x0 + PAD, y, line)

    def save(self) -> None:
        self.canvas.save()


def printed_title(doc: RenderDocument, table: RenderTable) -> str:
    """The title line: the national template prints the table number in it, Zhejiang on its own line."""
    if doc.style != "zhejiang" and table.table_no:
        return f"{table.title}（{table.table_no[0]} {table.table_no[1:]}）"
    return table.title


def _draw_header(out: _Writer, table: RenderTable, width: int, edges: list[float]) -> None:
    regions = _header_regions(table, width)
    heights = _row_heights(regions, len(table.header), edges)
    tops = [out.y - sum(heights[:r]) for r in range(len(heights) + 1)]
    for g in regions:
        top = tops[g.first_row]
        out.cell(edges[g.first_col], edges[g.last_col + 1], top, top - tops[g.last_row + 1], g.text, "center")
    out.y = tops[-1]


def _row_height(row: list[str], edges: list[float]) -> float:
    lines = max(len(wrap(text, edges[c + 1] - edges[c] - 2 * PAD)) for c, text in enumerate(row))
    return lines * LEADING + 2 * PAD


def _draw_row(out: _Writer, row: list[str], edges: list[float]) -> None:
    height = _row_height(row, edges)
    for c, text in enumerate(row):
        out.cell(edges[c], edges[c + 1], out.y, height, text, "right" if _AMOUNT.match(text) else "left")
    out.y -= height


@dataclass(frozen=True)
class Pagination:
    """How a long table runs on: after ``rows_per_page`` body rows (or a full page), on a page with
    nothing above it (the national template) or under a （续） title and the header again."""

    rows_per_page: int | None = None
    repeat_header: bool = False


def _draw_title_block(out: _Writer, doc: RenderDocument, table: RenderTable, continued: bool) -> None:
    out.text(printed_title(doc, table) + ("（续）" if continued else ""), size=TITLE_SIZE, align="center")
    if doc.style == "zhejiang" and table.table_no:
        out.text(table.table_no, align="right")
    out.text(doc.metadata_line(), align="right")


def _draw_table(out: _Writer, doc: RenderDocument, table: RenderTable, pagination: Pagination) -> None:
    width = table.width
    pagesize = A4 if width <= PORTRAIT_MAX_COLUMNS else landscape(A4)
    out.new_page(pagesize)
    _draw_title_block(out, doc, table, continued=False)
    widths = _column_widths(table, width, pagesize[0] - 2 * MARGIN)
    left = (pagesize[0] - sum(widths)) / 2
    edges = [left + sum(widths[:c]) for c in range(width + 1)]
    _draw_header(out, table, width, edges)
    on_page = 0
    for row in padded(table.body, width):
        if out.room() < _row_height(row, edges) or on_page == pagination.rows_per_page:
            out.new_page(pagesize)
            if pagination.repeat_header:
                _draw_title_block(out, doc, table, continued=True)
                _draw_header(out, table, width, edges)
            on_page = 0
        _draw_row(out, row, edges)
        on_page += 1
    out.y -= 4
    for note in table.notes:
        for line in wrap(note, pagesize[0] - 2 * MARGIN):
            out.text(line)


def render_pdf(
    doc: RenderDocument,
    path: Path,
    *,
    rows_per_page: int | None = None,
    repeat_header: bool = False,
    running_header: bool = False,
    rules: str = "grid",
    font: Path | None = None,
) -> Path:
    """Write the whole document: a cover page, then each table from a new page; with
    ``running_header`` every page carries the document title on top and its number at the foot;
    with ``font`` (a TrueType CJK font file) the text is set in that font, embedded."""
    token = _EMBEDDED.set(font)
    try:
        return _render(doc, path, rows_per_page, repeat_header, running_header, rules)
    finally:
        _EMBEDDED.reset(token)


def _render(
    doc: RenderDocument, path: Path, rows_per_page: int | None, repeat_header: bool, running_header: bool, rules: str
) -> Path:
    out = _Writer(path, doc.title if running_header else None, rules)
    pagination = Pagination(rows_per_page, repeat_header)
    out.new_page(A4)
    out.y = A4[1] / 2
    out.text(doc.department, size=TITLE_SIZE + 5, align="center")
    out.text(f"{doc.year} 年度{doc.report}", size=TITLE_SIZE + 5, align="center")
    for table in doc.tables:
        _draw_table(out, doc, table, pagination)
    out.save()
    return path


def rasterize_pdf(source: Path, target: Path, *, dpi: int = 100) -> Path:
    """An image-only copy of a PDF (no text layer), like a scan of the printed pages."""
    import pypdfium2  # pdfplumber's own dependency; only fixtures need it

    pdf = pypdfium2.PdfDocument(str(source))
    try:
        images = [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in pdf]
    finally:
        pdf.close()
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return target
