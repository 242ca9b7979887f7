"""Which side of a printed row a figure belongs to, when the extracted text does not say.

Some extractors print a two-sided row's labels on one line and its figures on the next, blank cells
gone: "伙食补助费 04 手续费" over "0.09" leaves the figure to either label (``text_rows.Doubt``). It is
given out as an auditor would, by the table's sums: every way of giving the figures in doubt to their
sides (in printed order) is tried, all doubts of the table together, and the ways breaking fewest of
the table's equations win — each printed parent code the sum of the printed codes below it (301 =
Σ 301xx, per column) and the printed totals of ``column_sums.csv`` (人员经费合计 = 301 + 303). A sum
holds within the rounding of its printed figures, half a printed unit each. A doubt is settled only
when every winning way gives its figures out alike; else they stay unmapped.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from loaders.layouts import in_scope, read_layout, table_shape
from loaders.placement import Placement, broken, placements, step_of
from loaders.segments import Column
from loaders.text_rows import Doubt, SideSpec, TextSide

_CODED_SHAPES = {"function", "economic"}  # tables whose rows are keyed by subject codes
_MAX_VISITS = 20_000  # ways tried before every doubt of the table is left unmapped


@dataclass(frozen=True)
class Sum:
    total: str  # a cell of the table: row.column
    parts: tuple[str, ...]  # "-" before a part subtracts it

    def cells(self) -> set[str]:
        return {self.total, *(p.lstrip("-") for p in self.parts)}

    def holds(self, amounts: Mapping[str, Decimal], half_unit: Decimal) -> bool:
        """Within the rounding of its printed figures (an absent cell is zero, and exact)."""
        parts = (-amounts.get(p[1:], 0) if p.startswith("-") else amounts.get(p, 0) for p in self.parts)
        residual = amounts.get(self.total, Decimal(0)) - sum(parts, Decimal(0))
        return abs(residual) <= half_unit * sum(cell in amounts for cell in self.cells())


@cache
def _printed_totals(table_kind: str) -> tuple[Sum, ...]:
    """The equations of ``column_sums.csv`` between rows of the table (cells named row.column)."""
    return tuple(
        Sum(r["total"], tuple(r["parts"].split("|")))
        for r in read_layout("column_sums.csv")
        if in_scope(r["scope"], table_kind) and "." in r["total"]
    )


def table_cell(key: str | None, column: Column) -> str:
    return f"{column.row_key or key}.{column.column_key}"


def filled_cells(key: str | None, placement: Placement) -> dict[str, Decimal]:
    """The table cells (row.column) a side's placement fills, with their amounts."""
    return {table_cell(key, c): a for c, a in zip(placement.columns, placement.amounts().values(), strict=True)}


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


@dataclass(frozen=True)
class _Way:
    """One way to give a doubt's figures to its sides: the cells it fills and the row sums it breaks."""

    placements: tuple[Placement, ...]  # one per side of the doubt
    cells: Mapping[str, Decimal]
    broken: int


def _ways(
    doubt: Doubt, keys: Mapping[int, str | None], specs: Sequence[SideSpec], table_kind: str, ranks: Mapping[str, int]
) -> list[_Way]:
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
                cells.update(filled_cells(keys[id(side)], placement))
            ways.append(_Way(chosen, cells, sum(broken(p, table_kind, step) for p in chosen)))
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
            settled.update(filled_cells(keys[id(side)], placement))
    printed = {key: specs[side.index] for side in sides if (key := keys[id(side)])}
    ways = [_ways(d, keys, specs, table_kind, ranks) for d in doubts]
    half_unit = step_of([v for side in sides for v in side.values] + [v for d in doubts for v in d.figures]) / 2
    best = _Search(ways, table_sums(printed, table_kind), settled, half_unit).best()
    given: dict[int, Placement] = {}
    for n, doubt in enumerate(doubts):
        agreed = {picked[n] for picked in best}
        if len(agreed) == 1:
            way = ways[n][agreed.pop()]
            given.update({id(side): p for side, p in zip(doubt.sides, way.placements, strict=True)})
    return given


class _Search:
    """Depth first over the doubts' ways: a sum is scored once the last doubt it depends on is given
    out, and a branch already worse than the best found is left."""

    def __init__(self, ways: list[list[_Way]], sums: list[Sum], settled: dict[str, Decimal], half_unit: Decimal):
        self.ways, self.amounts, self.half_unit = ways, settled, half_unit
        touched = [set().union(*(w.cells for w in options)) for options in ways]
        self.due: list[list[Sum]] = [[] for _ in ways]
        for found in sums:
            last = max((n for n, cells in enumerate(touched) if cells & found.cells()), default=None)
            if last is not None:
                self.due[last].append(found)
        self.found: list[tuple[int, ...]] = []
        self.least: int | None = None
        self.visits = 0

    def best(self) -> list[tuple[int, ...]]:
        """The ways (an index per doubt) that break fewest sums; none when there were too many to try."""
        self._visit(0, (), 0)
        return self.found if self.visits <= _MAX_VISITS else []

    def _visit(self, depth: int, picked: tuple[int, ...], score: int) -> None:
        self.visits += 1
        if self.visits > _MAX_VISITS or (self.least is not None and score > self.least):
            return
        if depth == len(self.ways):
            if self.least is None or score < self.least:
                self.least, self.found = score, []
            self.found.append(picked)
            return
        for n, way in enumerate(self.ways[depth]):
            before = {cell: self.amounts.get(cell) for cell in way.cells}
            self.amounts.update(way.cells)
            cost = way.broken + sum(not s.holds(self.amounts, self.half_unit) for s in self.due[depth])
            self._visit(depth + 1, (*picked, n), score + cost)
            for cell, amount in before.items():
                if amount is None:
                    del self.amounts[cell]
                else:
                    self.amounts[cell] = amount
