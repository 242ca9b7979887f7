"""PDF pages read with pdfium (pypdfium2) in the shapes pdfplumber's table finder takes.

pdfplumber parses every page's content stream with pdfminer, in Python: most of a PDF's reading
time. pdfium, the C++ library pypdfium2 wraps (installed with pdfplumber), reads the same page
several times faster. This module gives a page's characters and ruling edges exactly as pdfplumber
measures them, so that the table finder and the word extraction give what they give on a
pdfplumber page (``table_finder``, ``pdf_words``: pdfplumber's own steps, or exact copies of them):

- a character spans its advance width across (pdfium's loose box), and its font size upwards
  from the font's descent below the baseline (pdfminer's box, in page coordinates, top-down);
- every path is split into subpaths and classified as pdfminer does (a line, an axis-aligned
  rectangle giving its four sides, else a curve giving one edge per segment), in the page's
  coordinates through the matrices of the form objects it sits in.

A page is left to pdfplumber (``PdfiumPage.faithful`` is False) when pdfium's reading could differ:
a rotated page or one whose media box does not start at the origin, and a text object pdfium
cannot measure (a font neither embedded nor installed, whose glyphs pdfium drops from its text),
and a character pdfium maps to no Unicode (U+0000: a glyph missing from its embedded font, which
pdfminer may still read through the font's ToUnicode map).

pdfium is called through ctypes for every object, path segment and character: those calls take
plain addresses (``_by_address``), a page's text is read at once, and what every character of a
text object shares (matrix, font size, descent) is read once per object.
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
UNMAPPED = "\x00"  # the character pdfium gives for a glyph it maps to no Unicode


def _by_address(function: Any) -> Any:
    """A pdfium function taking its handles and out-parameters as plain addresses and giving
    handles as addresses: ctypes then checks and converts no pointer type, a third of the cost of a
    call made for every object, path segment and character of a page."""

    def plain(kind: Any) -> Any:
        return ctypes.c_void_p if isinstance(kind, type) and issubclass(kind, ctypes._Pointer) else kind

    prototype = ctypes.CFUNCTYPE(plain(function.restype), *map(plain, function.argtypes))
    return prototype(ctypes.cast(function, ctypes.c_void_p).value)


_PAGE_OBJECTS = _by_address(pdfium_c.FPDFPage_CountObjects)
_PAGE_OBJECT = _by_address(pdfium_c.FPDFPage_GetObject)
_FORM_OBJECTS = _by_address(pdfium_c.FPDFFormObj_CountObjects)
_FORM_OBJECT = _by_address(pdfium_c.FPDFFormObj_GetObject)
_OBJECT_TYPE = _by_address(pdfium_c.FPDFPageObj_GetType)
_OBJECT_MATRIX = _by_address(pdfium_c.FPDFPageObj_GetMatrix)
_OBJECT_BOUNDS = _by_address(pdfium_c.FPDFPageObj_GetBounds)
_SEGMENTS = _by_address(pdfium_c.FPDFPath_CountSegments)
_SEGMENT = _by_address(pdfium_c.FPDFPath_GetPathSegment)
_SEGMENT_TYPE = _by_address(pdfium_c.FPDFPathSegment_GetType)
_SEGMENT_POINT = _by_address(pdfium_c.FPDFPathSegment_GetPoint)
_SEGMENT_CLOSES = _by_address(pdfium_c.FPDFPathSegment_GetClose)
_FONT = _by_address(pdfium_c.FPDFTextObj_GetFont)
_FONT_EMBEDDED = _by_address(pdfium_c.FPDFFont_GetIsEmbedded)
_FONT_DESCENT = _by_address(pdfium_c.FPDFFont_GetDescent)
_CHAR_OBJECT = _by_address(pdfium_c.FPDFText_GetTextObject)
_CHAR_BOX = _by_address(pdfium_c.FPDFText_GetLooseCharBox)
_CHAR_ORIGIN = _by_address(pdfium_c.FPDFText_GetCharOrigin)
_CHAR_MATRIX = _by_address(pdfium_c.FPDFText_GetMatrix)
_CHAR_FONT_SIZE = _by_address(pdfium_c.FPDFText_GetFontSize)


@dataclass
class PdfiumPage:
    """One page's characters and edges, with the attributes of a pdfplumber page the reader uses."""

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


def _matrix_of(obj: int) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not _OBJECT_MATRIX(obj, ctypes.addressof(m)):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


# ---------------------------------------------------------------- page objects


def _objects(holder: Any, count: Any, get: Any, ctm: Matrix) -> Iterator[tuple[int, int, Matrix]]:
    """(type, object address, matrix to page space) of every object, descending into form objects."""
    for i in range(count(holder)):
        obj = get(holder, i)
        kind = _OBJECT_TYPE(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            yield from _objects(obj, _FORM_OBJECTS, _FORM_OBJECT, _then(_matrix_of(obj), ctm))
        else:
            yield kind, obj, ctm


def _subpaths(path: int, ctm: Matrix) -> list[list[tuple[str, tuple[float, float]]]]:
    """A path's subpaths as pdfminer sees them: (operator m/l/c/h, end point) in page space."""
    x, y = ctypes.c_float(), ctypes.c_float()
    at_x, at_y = ctypes.addressof(x), ctypes.addressof(y)
    matrix = _then(_matrix_of(path), ctm)
    subpaths: list[list[tuple[str, tuple[float, float]]]] = []
    bezier = 0  # a curve is three points (two control points and its end): keep the end
    for i in range(_SEGMENTS(path)):
        segment = _SEGMENT(path, i)
        kind = _SEGMENT_TYPE(segment)
        _SEGMENT_POINT(segment, at_x, at_y)
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
        if _SEGMENT_CLOSES(segment):
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


_ADDED = frozenset(" \r\n")  # the characters pdfium adds between words and lines


class _Runs:
    """How the characters of each text object are measured (the same matrix and font size for all
    of them): upright, the font size on the page and the font's descent on the page below the
    baseline (negative), read once per text object and the descent once per font and size."""

    def __init__(self, textpage: int) -> None:
        self.textpage = textpage
        self.matrix, self.descent = pdfium_c.FS_MATRIX(), ctypes.c_float()
        self.at_matrix, self.at_descent = ctypes.addressof(self.matrix), ctypes.addressof(self.descent)
        self.known: dict[int, tuple[bool, float, float]] = {}
        self.descents: dict[tuple[int, float], float] = {}

    def of(self, index: int, text_object: int | None) -> tuple[bool, float, float]:
        run = self.known.get(text_object) if text_object else None
        if run is None:
            run = self._measured(index, text_object)
            if text_object:
                self.known[text_object] = run
        return run

    def _measured(self, index: int, text_object: int | None) -> tuple[bool, float, float]:
        m = self.matrix
        _CHAR_MATRIX(self.textpage, index, self.at_matrix)
        if not (m.a * m.d > 0 and m.b * m.c <= 0):
            return False, 0.0, 0.0
        font_size = _CHAR_FONT_SIZE(self.textpage, index)
        font = _FONT(text_object) or 0
        descent = self.descents.get((font, font_size))
        if descent is None:
            self.descent.value = 0.0
            _FONT_DESCENT(font, font_size, self.at_descent)
            descent = self.descents[(font, font_size)] = -abs(self.descent.value)
        return True, font_size * abs(m.d), descent * abs(m.d)


def _codes(textpage: Any, count: int) -> list[int]:
    """The UTF-16 code unit of every character of the text page, read at once."""
    buffer = (ctypes.c_ushort * (count + 1))()
    pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    return buffer[:count]


def _chars(textpage: Any, height: float) -> list[dict[str, Any]]:
    """Every character pdfium read (not the spaces and line ends it adds), in pdfplumber's shape."""
    chars: list[dict[str, Any]] = []
    box, ox, oy = pdfium_c.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    page = ctypes.cast(textpage, ctypes.c_void_p).value
    runs = _Runs(page)
    at_box, at_x, at_y = map(ctypes.addressof, (box, ox, oy))
    count = pdfium_c.FPDFText_CountChars(textpage)
    pending_high = ""
    for i, code in enumerate(_codes(textpage, count)):
        if chr(code) in _ADDED and pdfium_c.FPDFText_IsGenerated(textpage, i):
            continue
        if 0xD800 <= code < 0xDC00:  # the first half of a character beyond the BMP
            pending_high = chr(code)
            continue
        text = _joined(pending_high, chr(code))
        pending_high = ""
        upright, size, descent = runs.of(i, _CHAR_OBJECT(page, i))
        _CHAR_BOX(page, i, at_box)
        if upright:
            _CHAR_ORIGIN(page, i, at_x, at_y)
            bottom = height - (oy.value + descent)
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


def _unmeasured_text(obj: int) -> bool:
    """A text object pdfium could not measure: its glyphs are in no font it has, so its text page
    leaves them out (pdfminer reads them from the character codes and the font's widths)."""
    bounds = (ctypes.c_float * 4)()  # left, bottom, right, top
    at = ctypes.addressof(bounds)
    _OBJECT_BOUNDS(obj, at, at + 4, at + 8, at + 12)
    if bounds[2] - bounds[0] >= _UNMEASURED:
        return False
    return not _FONT_EMBEDDED(_FONT(obj))


# ---------------------------------------------------------------- pages


def _read(page: pdfium.PdfPage, number: int) -> PdfiumPage:
    left, bottom, right, top = page.get_mediabox()
    height = top - bottom
    result = PdfiumPage(number, right - left, height)
    if page.get_rotation() or left or bottom:
        result.faithful = False
        return result
    raw = page.raw
    for kind, obj, ctm in _objects(raw, _PAGE_OBJECTS, _PAGE_OBJECT, IDENTITY):
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
    result.faithful = not any(char["text"] == UNMAPPED for char in result.chars)
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
