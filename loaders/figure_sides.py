"""Which side of a printed row a figure belongs to, when the extracted text does not say.

Some extractors print a two-sided row's labels on one line and its figures on the next, blank cells
gone: "伙食补助费 04 手续费" over "0.09" leaves the figure to either label (``text_rows.Doubt``). It is
given out as an auditor would, by the table's sums: every way of giving the figures in doubt to their
sides (in printed order) is tried, all doubts of the table together, and the ways breaking fewest of
the table's equations win (``loaders.sums``) — each printed parent code the sum of the printed codes
below it (301 = Σ 301xx, per column) and the printed totals of ``column_sums.csv`` (人员经费合计 = 301 +
303). A doubt is settled only when every winning way gives its figures out alike; else they stay unmapped.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

from loaders.layouts import table_shape
from loaders.placement import Placement, broken, placements, step_of
from loaders.sums import Search, Sum, Way, agreed, layout_sums
from loaders.text_rows import Doubt, SideSpec, TextSide

_CODED_SHAPES = {"function", "economic"}  # tables whose rows are keyed by subject codes
_MAX_VISITS = 20_000  # ways tried before every doubt of the table is left unmapped


def _printed_totals(table_kind: str) -> tuple[Sum, ...]:
    """The equations of ``column_sums.csv`` between rows of the table (cells named row.column)."""
    return tuple(s for s in layout_sums("column_sums.csv", table_kind) if "." in s.total)


def _parent_code(key: str) -> str | None:
    return key[:-2] if key.isdigit() and len(key) in (5, 7) else None


def table_sums(printed: Mapping[str, SideSpec], table_kind: str) -> list[Sum]:
    """The sums of a table whose rows ``printed`` names (row key → its side's columns): each parent code
    against its children, per value column, and the printed totals whose total row is printed."""
    children: dict[str, list[str]] = {}
    for key in printed:
        parent = _parent_code(key)
        if parent in printed:
            children.setdefault(parent, []).append(key)
    by_code = [
        Sum(f"{parent}.{column.column_key}", tuple(f"{child}.{column.column_key}" for child in below))
        for parent, below in children.items()
        for column in printed[parent].values
    ]
    return by_code + [s for s in _printed_totals(table_kind) if s.total.partition(".")[0] in printed]


def _splits(count: int, room: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Every way to share ``count`` figures out, in order, among sides with so many value columns each."""
    if not room:
        if count == 0:
            yield ()
        return
    for here in range(min(count, room[0]) + 1):
        for rest in _splits(count - here, room[1:]):
            yield (here, *rest)


def _ways(
    doubt: Doubt, keys: Mapping[int, str | None], specs: Sequence[SideSpec], table_kind: str, ranks: Mapping[str, int]
) -> list[Way]:
    step = step_of(doubt.figures)
    ways = []
    for split in _splits(len(doubt.figures), [len(specs[s.index].values) for s in doubt.sides]):
        starts = itertools.accumulate(split, initial=0)
        per_side = [
            placements(doubt.figures[start : start + n], specs[side.index].values, table_kind, ranks)
            for side, start, n in zip(doubt.sides, starts, split, strict=False)
        ]
        for chosen in itertools.product(*per_side):
            cells: dict[str, Decimal] = {}
            for side, placement in zip(doubt.sides, chosen, strict=True):
                cells.update(placement.cells(keys[id(side)]))
            ways.append(Way(cells, sum(broken(p, table_kind, step) for p in chosen), chosen))
    return ways


def give_out(
    doubts: Sequence[Doubt],
    sides: Sequence[TextSide],
    keys: Mapping[int, str | None],
    chosen: Mapping[int, Placement | None],
    specs: Sequence[SideSpec],
    table_kind: str,
    ranks: Mapping[str, int],
) -> dict[int, Placement]:
    """Placements for the sides of the doubts the table's sums settle, by ``id`` of the side (the sides
    of a doubt left open are absent). ``keys`` and ``chosen`` give every side's row key and the
    placement of the figures it holds itself."""
    if not doubts or table_shape(table_kind) not in _CODED_SHAPES:
        return {}
    in_doubt = {id(s) for d in doubts for s in d.sides}
    settled: dict[str, Decimal] = {}
    for side in sides:
        if (placement := chosen.get(id(side))) and id(side) not in in_doubt:
            settled.update(placement.cells(keys[id(side)]))
    printed = {key: specs[side.index] for side in sides if (key := keys[id(side)])}
    ways = [_ways(d, keys, specs, table_kind, ranks) for d in doubts]
    step = step_of([v for side in sides for v in side.values] + [v for d in doubts for v in d.figures])
    best = Search(ways, table_sums(printed, table_kind), settled, step, _MAX_VISITS).best()
    given: dict[int, Placement] = {}
    for doubt, way in zip(doubts, agreed(ways, best), strict=True):
        if way is not None:
            given.update({id(side): p for side, p in zip(doubt.sides, way.reading, strict=True)})
    return given
