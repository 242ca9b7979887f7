"""PDF pages read with pdfium (pypdfium2) in the shapes pdfplumber's table finder takes.

pdfplumber parses every page's content stream with pdfminer, in Python: most of a PDF's reading
time. pdfium, the C++ library pypdfium2 wraps (installed with pdfplumber), reads the same page
several times faster. This module gives a page's characters and ruling edges exactly as pdfplumber
measures them, so that pdfplumber's own table finder and word extractor run on them unchanged:

- a character spans its advance width across (pdfium's loose box), and its font size upwards
  from the font's descent below the baseline (pdfminer's box, in page coordinates, top-down);
- every path is split into subpaths and classified as pdfminer does (a line, an axis-aligned
  rectangle giving its four sides, else a curve giving one edge per segment), in the page's
  coordinates through the matrices of the form objects it sits in.

A page is left to pdfplumber (``PdfiumPage.faithful`` is False) when pdfium's reading could differ:
a rotated page or one whose media box does not start at the origin, and a text object pdfium
cannot measure (a font neither embedded nor installed, whose glyphs pdfium drops from its text).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_UNMEASURED = 1e-3  # a text object narrower than this (in points) was not measured by pdfium


@dataclass
class PdfiumPage:
    """One page's characters and edges, with the methods of a pdfplumber page the reader uses."""

    page_number: int
    width: float
    height: float
    chars: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    images: list[Matrix] = field(default_factory=list)
    faithful: bool = True

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)

    def find_tables(self, table_settings: dict | None = None) -> list:
        from pdfplumber.table import TableFinder, TableSettings

        return TableFinder(self, TableSettings.resolve(table_settings)).tables  # type: ignore[arg-type]

    def extract_words(self, **kwargs: Any) -> list[dict[str, Any]]:
        from pdfplumber.utils import extract_words

        return extract_words(self.chars, **kwargs)


# ---------------------------------------------------------------- matrices


def _then(first: Matrix, second: Matrix) -> Matrix:
    """`first` applied, then `second` (PDF matrices act on row vectors)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = second
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _matrix_of(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


# ---------------------------------------------------------------- page objects


def _objects(holder: Any, count: Any, get: Any, ctm: Matrix) -> Iterator[tuple[int, Any, Matrix]]:
    """(type, object, matrix to page space) of every object, descending into form objects."""
    for i in range(count(holder)):
        obj = get(holder, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            yield from _objects(
                obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, _then(_matrix_of(obj), ctm)
            )
        else:
            yield kind, obj, ctm


def _subpaths(path: Any, ctm: Matrix) -> list[list[tuple[str, tuple[float, float]]]]:
    """A path's subpaths as pdfminer sees them: (operator m/l/c/h, end point) in page space."""
    x, y = ctypes.c_float(), ctypes.c_float()
    matrix = _then(_matrix_of(path), ctm)
    subpaths: list[list[tuple[str, tuple[float, float]]]] = []
    bezier = 0  # a curve is three points (two control points and its end): keep the end
    for i in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, i)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = _apply(matrix, x.value, y.value)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([("m", point)])
            bezier = 0
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier = (bezier + 1) % 3
            if bezier:
                continue
            subpaths[-1].append(("c", point))
        else:
            subpaths[-1].append(("l", point))
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            subpaths[-1].append(("h", subpaths[-1][0][1]))
    return subpaths


def _edge(kind: str, x0: float, top: float, x1: float, bottom: float, orientation: str | None) -> dict[str, Any]:
    return {
        "object_type": kind,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
    }


def _segment_edge(kind: str, a: tuple[float, float], b: tuple[float, float], orientation: str | None) -> dict:
    return _edge(kind, min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]), orientation)


def subpath_edges(subpath: list[tuple[str, tuple[float, float]]], height: float) -> list[dict[str, Any]]:
    """The edges pdfplumber makes of a subpath (pdfminer's LTLine, LTRect or LTCurve), top-down."""
    shape = "".join(op for op, _ in subpath)
    points = [(x, height - y) for _, (x, y) in subpath]
    if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
        shape, points = shape[:-2] + "h", points[:-2] + points[-1:]  # a redundant line closing the path
    if shape in {"ml", "mlh"}:
        a, b = points[0], points[1]
        return [_segment_edge("line", a, b, "h" if a[1] == b[1] else "v")]
    if shape in {"mlllh", "mllll"}:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = points
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if points[0] == last and square:
            left, right, top, bottom = min(x0, x2), max(x0, x2), min(y0, y2), max(y0, y2)
            return [
                _edge("rect_edge", left, top, right, top, "h"),
                _edge("rect_edge", left, bottom, right, bottom, "h"),
                _edge("rect_edge", left, top, left, bottom, "v"),
                _edge("rect_edge", right, top, right, bottom, "v"),
            ]
    return [
        _segment_edge("curve_edge", a, b, "v" if a[0] == b[0] else ("h" if a[1] == b[1] else None))
        for a, b in pairwise(points)
    ]


# ---------------------------------------------------------------- characters


class _Descents:
    """A font's descent at a size, as pdfminer measures a character's box from it (negative)."""

    def __init__(self, textpage: Any) -> None:
        self.textpage = textpage
        self._known: dict[tuple[int, float], float] = {}
        self._font_of: dict[int, Any] = {}  # text object → its font (a run of characters shares one)

    def of(self, index: int, size: float) -> float:
        obj = pdfium_c.FPDFText_GetTextObject(self.textpage, index)
        handle = ctypes.cast(obj, ctypes.c_void_p).value or 0
        font = self._font_of.get(handle)
        if font is None:
            font = self._font_of[handle] = pdfium_c.FPDFTextObj_GetFont(obj)
        key = (ctypes.cast(font, ctypes.c_void_p).value or 0, size)
        if key not in self._known:
            descent = ctypes.c_float()
            pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(size), descent)
            self._known[key] = -abs(descent.value)
        return self._known[key]


def _chars(textpage: Any, height: float) -> list[dict[str, Any]]:
    """Every character pdfium read (not the spaces and line ends it adds), in pdfplumber's shape."""
    chars: list[dict[str, Any]] = []
    descents = _Descents(textpage)
    box = pdfium_c.FS_RECTF()
    m = pdfium_c.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    # bound once: these run for every character of every page
    is_generated, unicode_of = pdfium_c.FPDFText_IsGenerated, pdfium_c.FPDFText_GetUnicode
    loose_box, matrix_of = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetMatrix
    font_size_of, origin_of = pdfium_c.FPDFText_GetFontSize, pdfium_c.FPDFText_GetCharOrigin
    count = pdfium_c.FPDFText_CountChars(textpage)
    pending_high = ""
    for i in range(count):
        if is_generated(textpage, i):
            continue
        code = unicode_of(textpage, i)
        if 0xD800 <= code < 0xDC00:  # the first half of a character beyond the BMP
            pending_high = chr(code)
            continue
        text = _joined(pending_high, chr(code))
        pending_high = ""
        loose_box(textpage, i, box)
        matrix_of(textpage, i, m)
        upright = m.a * m.d > 0 and m.b * m.c <= 0
        font_size = font_size_of(textpage, i)
        if upright:
            size = font_size * abs(m.d)
            origin_of(textpage, i, ox, oy)
            bottom = height - (oy.value + descents.of(i, font_size) * abs(m.d))
            top = bottom - size
        else:
            top, bottom = height - box.top, height - box.bottom
            size = box.right - box.left
        left, right = box.left, box.right
        chars.append(
            {
                "text": text,
                "x0": left,
                "x1": right,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "width": right - left,
                "height": bottom - top,
                "size": size,
                "upright": upright,
            }
        )
    return chars


def _joined(high: str, low: str) -> str:
    """A character beyond the BMP, which pdfium gives as two UTF-16 halves."""
    return (high + low).encode("utf-16", "surrogatepass").decode("utf-16") if high else low


def _unmeasured_text(obj: Any) -> bool:
    """A text object pdfium could not measure: its glyphs are in no font it has, so its text page
    leaves them out (pdfminer reads them from the character codes and the font's widths)."""
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    if right.value - left.value >= _UNMEASURED:
        return False
    return not pdfium_c.FPDFFont_GetIsEmbedded(pdfium_c.FPDFTextObj_GetFont(obj))


# ---------------------------------------------------------------- pages


def _read(page: pdfium.PdfPage, number: int) -> PdfiumPage:
    left, bottom, right, top = page.get_mediabox()
    height = top - bottom
    result = PdfiumPage(number, right - left, height)
    if page.get_rotation() or left or bottom:
        result.faithful = False
        return result
    raw = page.raw
    for kind, obj, ctm in _objects(raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, IDENTITY):
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            for subpath in _subpaths(obj, ctm):
                result.edges.extend(subpath_edges(subpath, height))
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            result.images.append(ctm)
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT and _unmeasured_text(obj):
            result.faithful = False
            return result
    textpage = page.get_textpage()
    try:
        result.chars = _chars(textpage.raw, height)
    finally:
        textpage.close()
    return result


def read_pages(path: Path, before_page: Callable[[int], None] = lambda pages: None) -> list[PdfiumPage]:
    """Every page of the PDF at `path`, calling `before_page(number of pages)` before each (a limit
    may stop the reading there); raises pdfium.PdfiumError for a file pdfium cannot open."""
    document = pdfium.PdfDocument(path)
    try:
        pages = []
        for index in range(len(document)):
            before_page(len(document))
            page = document[index]
            try:
                pages.append(_read(page, index + 1))
            finally:
                page.close()
        return pages
    finally:
        document.close()
