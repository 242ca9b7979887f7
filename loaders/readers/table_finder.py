"""Ruled tables found exactly as pdfplumber's table finder finds them, without its slow step.

pdfplumber finds a page's cells from the intersections of its ruling lines: for every intersection,
the nearest one below and the nearest one to the right joined to it by a ruling line, whose
bottom-right corner is an intersection joined to both. It asks "joined by a line?" by building
the sets of the lines through both points and intersecting them, again for every pair it tries:
most of a ruled page's table finding. Here each line is numbered once and every intersection
holds the lines through it as a bit mask, so the same question is one ``&``; the points below and
to the right are looked up by column and row instead of filtered from every later point. Edges,
intersections, the grouping of cells into tables and the tables themselves are pdfplumber's own.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby, islice
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections

from loaders.readers.pdf_words import clustered

if TYPE_CHECKING:
    from pdfplumber.page import Page

    from loaders.readers.pdfium_pages import PdfiumPage

_MIN_EDGE = 1  # pdfplumber's edge_min_length_prefilter: shorter edges are no ruling
_SNAP = 3  # pdfplumber's snap tolerance: edges closer than this across are one line
_JOIN = 3  # pdfplumber's join tolerance: edges on one line closer than this are one
_MIN_LINE = 3  # pdfplumber's edge_min_length: shorter ruling lines are left out
Point = tuple[float, float]
Box = tuple[float, float, float, float]


class _Finder(TableFinder):
    """pdfplumber's finder with its default settings, its edges made by `ruling_lines` and its cells
    found by `smallest_cells`."""

    def __init__(self, page: Page | PdfiumPage) -> None:
        self.page = page  # type: ignore[assignment]
        self.settings = TableSettings()
        self.edges = ruling_lines(page.edges)
        self.intersections = edges_to_intersections(
            self.edges, self.settings.intersection_x_tolerance, self.settings.intersection_y_tolerance
        )
        self.cells = smallest_cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]  # type: ignore[arg-type]


def find_tables(page: Page | PdfiumPage) -> list[Table]:
    """The ruled tables of a page, the same as pdfplumber's ``page.find_tables()``; a page with no
    ruling lines has none."""
    if not page.edges:
        return []
    return _Finder(page).tables


def ruling_lines(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ruling lines pdfplumber's finder makes of a page's edges with its default settings
    (``TableFinder.get_edges``), with the same positions to the last bit: horizontal and vertical
    edges of at least 1 pt, each snapped to the mean position of the edges within 3 pt of it, those
    on one line joined where less than 3 pt apart, then those shorter than 3 pt left out.
    pdfplumber copies every edge for each step, through general helpers: a fifth of a page's
    reading time, here one copy of each edge's position."""
    vertical = _snapped([e for e in edges if e["orientation"] == "v" and e["height"] >= _MIN_EDGE], "x0", ("x1",))
    horizontal = _snapped(
        [e for e in edges if e["orientation"] == "h" and e["width"] >= _MIN_EDGE], "top", ("bottom", "doctop")
    )
    lines: list[dict[str, Any]] = []
    for (orientation, _), group in groupby(sorted(vertical + horizontal, key=_line_of), key=_line_of):
        start, end, length = ("x0", "x1", "width") if orientation == "h" else ("top", "bottom", "height")
        lines.extend(_joined(list(group), start, end, length))
    return [line for line in lines if line["height" if line["orientation"] == "v" else "width"] >= _MIN_LINE]


def _snapped(edges: list[dict[str, Any]], position: str, also: tuple[str, ...]) -> list[dict[str, Any]]:
    """Edges moved across to the mean position of their cluster (pdfplumber's ``snap_objects``)."""
    snapped = []
    for cluster in clustered(edges, itemgetter(position), _SNAP):
        mean = sum(e[position] for e in cluster) / len(cluster)
        for edge in cluster:
            shift = mean - edge[position]
            moved = {key: edge[key] + shift for key in (position, *also) if key in edge}
            snapped.append({**edge, **moved})
    return snapped


def _line_of(edge: dict[str, Any]) -> tuple[str, float]:
    return ("h", edge["top"]) if edge["orientation"] == "h" else ("v", edge["x0"])


def _joined(edges: list[dict[str, Any]], start: str, end: str, length: str) -> list[dict[str, Any]]:
    """Edges on one line joined where they overlap or are less than 3 pt apart (pdfplumber's
    ``join_edge_group``, which measures a lengthened vertical edge by what it gained)."""
    joined = [(edges := sorted(edges, key=itemgetter(start)))[0]]
    for edge in edges[1:]:
        last = joined[-1]
        if edge[start] > last[end] + _JOIN:
            joined.append(edge)
        elif edge[end] > last[end]:
            grown = edge[end] - last[start] if start == "x0" else last[length] + (edge[end] - last[end])
            joined[-1] = {**last, end: edge[end], length: grown}
    return joined


def smallest_cells(intersections: dict[Point, dict[str, list[dict[str, Any]]]]) -> list[Box]:
    """The cells pdfplumber's ``intersections_to_cells`` returns, in its order."""
    number: dict[Box, int] = {}

    def lines_through(edges: list[dict[str, Any]]) -> int:
        mask = 0
        for edge in edges:
            mask |= 1 << number.setdefault((edge["x0"], edge["top"], edge["x1"], edge["bottom"]), len(number))
        return mask

    points = sorted(intersections)
    vertical = {point: lines_through(intersections[point]["v"]) for point in points}
    horizontal = {point: lines_through(intersections[point]["h"]) for point in points}
    columns: dict[float, list[Point]] = {}  # each top-down (points are sorted by x, then y)
    rows: dict[float, list[Point]] = {}  # each left to right
    for point in points:
        columns.setdefault(point[0], []).append(point)
        rows.setdefault(point[1], []).append(point)
    places = {point: i for line in columns.values() for i, point in enumerate(line)}
    across = {point: i for line in rows.values() for i, point in enumerate(line)}
    cells: list[Box] = []
    for point in points:
        below = islice(columns[point[0]], places[point] + 1, None)
        right = rows[point[1]][across[point] + 1 :]
        found = _smallest_cell(point, below, right, vertical, horizontal)
        if found:
            cells.append(found)
    return cells


def _smallest_cell(
    point: Point, below: Iterable[Point], right: list[Point], vertical: dict[Point, int], horizontal: dict[Point, int]
) -> Box | None:
    """The cell whose top-left corner is `point`: the nearest point below and the nearest to the
    right joined to it, whose bottom-right corner is joined to both (pdfplumber's order of trying)."""
    for down in below:
        if not vertical[point] & vertical[down]:
            continue
        for side in right:
            if not horizontal[point] & horizontal[side]:
                continue
            corner = (side[0], down[1])
            if corner in vertical and vertical[corner] & vertical[side] and horizontal[corner] & horizontal[down]:
                return (point[0], point[1], corner[0], corner[1])
    return None
