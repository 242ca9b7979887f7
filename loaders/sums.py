"""A total and the parts it is printed as the sum of, and the ways of reading a table that break fewest.

The layout files name a table's sums: ``column_sums.csv`` across its rows (合计 = 基本支出 + 项目支出; a cell
of a wide table is row.column), ``row_sums.csv`` down the columns of a summary (本年收入合计 = Σ 收入 lines, in
every value column); the 类/款/项 codes add up by themselves. A sum holds within the rounding of its
printed figures, half a printed unit each; an absent cell counts as zero (a blank, exact), and "-" before a
part subtracts it (年末结转 = 年初结转 + 收入 − 支出). Where extracted text leaves figures in doubt, ``Search``
tries every way of reading them, all doubts of a table together, for those breaking fewest sums.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from loaders.layouts import in_scope, read_layout

Amounts = Mapping[str, Decimal]  # figures by cell: a column key, or row.column


def within_rounding(residual: Decimal, printed: int, step: Decimal) -> bool:
    """A difference the rounding of so many printed figures explains: half a printed unit (``step``) each."""
    return abs(residual) <= step / 2 * printed


@dataclass(frozen=True)
class Sum:
    total: str  # a cell
    parts: tuple[str, ...]  # cells; "-" before a part subtracts it

    def cells(self) -> set[str]:
        return {self.total, *(p.lstrip("-") for p in self.parts)}

    def _parts(self, amounts: Amounts) -> list[Decimal]:
        return [
            -amounts.get(p[1:], Decimal(0)) if p.startswith("-") else amounts.get(p, Decimal(0)) for p in self.parts
        ]

    def residual(self, amounts: Amounts) -> Decimal:
        return amounts.get(self.total, Decimal(0)) - sum(self._parts(amounts), Decimal(0))

    def holds(self, amounts: Amounts, step: Decimal) -> bool:
        return within_rounding(self.residual(amounts), len(self.cells() & amounts.keys()), step)

    def overshoots(self, amounts: Amounts, step: Decimal) -> bool:
        """Its parts so far exceed its total by more than the rounding of all its cells could explain:
        broken, if no part still to come can take any off."""
        return -self.residual(amounts) > step / 2 * len(self.cells())

    def per_column(self, columns: Sequence[str]) -> list[Sum]:
        """A sum of rows (``row_sums.csv``) as one sum of cells in each value column."""
        return [Sum(f"{self.total}.{c}", tuple(f"{p}.{c}" for p in self.parts)) for c in columns]


@cache
def layout_sums(layout: str, table_kind: str) -> tuple[Sum, ...]:
    """The sums a layout file names for a table kind."""
    return tuple(
        Sum(r["total"], tuple(r["parts"].split("|"))) for r in read_layout(layout) if in_scope(r["scope"], table_kind)
    )


def broken(sums: Sequence[Sum], amounts: Amounts, step: Decimal) -> int:
    """How many of the sums with a printed cell fail."""
    return sum(not s.holds(amounts, step) for s in sums if not s.cells().isdisjoint(amounts))


@dataclass(frozen=True)
class Way:
    """One way to read a doubt: the cells it fills, the sums it breaks by itself (its rows' own) and
    the caller's reading of it (the placements of its sides)."""

    cells: Amounts
    cost: int
    reading: tuple[object, ...]


class Search:
    """Depth first over the doubts' ways: a sum is scored once the last doubt it depends on is read, or
    as soon as its parts overshoot its total read already (when no figure is negative and no part
    subtracted); a branch already worse than the best found is left."""

    def __init__(self, ways: Sequence[Sequence[Way]], sums: Sequence[Sum], fixed: Amounts, step: Decimal, visits: int):
        self.ways, self.amounts, self.step, self.budget = ways, dict(fixed), step, visits
        touched = [set().union(*(w.cells.keys() for w in options)) for options in ways]

        def last(cells: set[str]) -> int | None:
            return max((n for n, found in enumerate(touched) if not found.isdisjoint(cells)), default=None)

        self.due: list[list[Sum]] = [[] for _ in ways]
        self.early: list[list[Sum]] = [[] for _ in ways]  # sums whose total is read by then
        figures = [*fixed.values(), *(a for options in ways for w in options for a in w.cells.values())]
        positive = all(a >= 0 for a in figures)
        for found in sums:
            due = last(found.cells())
            if due is None:
                continue  # no doubt touches it: every way alike
            self.due[due].append(found)
            read_at = last({found.total})
            if positive and not any(p.startswith("-") for p in found.parts):
                for depth in range(read_at or 0, due):
                    self.early[depth].append(found)
        self.found: list[tuple[int, ...]] = []
        self.least: int | None = None
        self.visits = 0

    def best(self) -> list[tuple[int, ...]]:
        """The ways (an index per doubt) that break fewest sums; none when there were too many to try."""
        self._visit(0, (), 0, frozenset())
        return self.found if self.visits <= self.budget else []

    def _visit(self, depth: int, picked: tuple[int, ...], score: int, counted: frozenset[Sum]) -> None:
        self.visits += 1
        if self.visits > self.budget or (self.least is not None and score > self.least):
            return
        if depth == len(self.ways):
            if self.least is None or score < self.least:
                self.least, self.found = score, []
            self.found.append(picked)
            return
        for n, way in enumerate(self.ways[depth]):
            before = {cell: self.amounts.get(cell) for cell in way.cells}
            self.amounts.update(way.cells)
            cost = way.cost + sum(s not in counted and not s.holds(self.amounts, self.step) for s in self.due[depth])
            over = {s for s in self.early[depth] if s not in counted and s.overshoots(self.amounts, self.step)}
            self._visit(depth + 1, (*picked, n), score + cost + len(over), counted | over)
            for cell, amount in before.items():
                if amount is None:
                    del self.amounts[cell]
                else:
                    self.amounts[cell] = amount


def agreed(ways: Sequence[Sequence[Way]], best: Sequence[tuple[int, ...]]) -> list[Way | None]:
    """Per doubt, the way every best reading takes (None where they differ, or none was found)."""
    result: list[Way | None] = []
    for n, options in enumerate(ways):
        picked = {found[n] for found in best}
        result.append(options[picked.pop()] if len(picked) == 1 else None)
    return result
