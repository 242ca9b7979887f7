"""Which value column a lone figure of a summary's side fills, when the text lost the blank beside it.

The pre-2019 收入支出决算总表 prints 年初预算数 and 决算数 on each side; a line whose 年初预算数 is blank
("其他收入 6.20") keeps one figure in extracted text, and either column could hold it. The summary's
own sums down its columns decide (``row_sums.csv``: 本年收入合计 = Σ 收入 lines, 收入总计 = 本年收入合计 +
结余 lines, 收入总计 = 支出总计; ``classes`` stands for every 类 line), as the 类/款/项 sums do on the
subject tables (``placement.settle_by_hierarchy``): every way of placing the undecided figures is tried
together, a blank cell counting as zero, and a figure is placed only when every way breaking fewest sums
places it alike. Otherwise it is not guessed: its row is kept unmapped. A summary kind gets this by its
rows in ``row_sums.csv`` (a data edit); one without keeps the first of equally good placements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from loaders.labels import lookup_row_key
from loaders.layouts import in_scope, read_layout
from loaders.placement import Placement, holds, step_of
from loaders.text_rows import TextSide

_CLASSES = "classes"  # a part standing for every 类 line (a 3-digit code) of the table
_MAX_VISITS = 2_000  # placements tried before the undecided figures are all kept unmapped


@dataclass(frozen=True)
class RowSum:
    total: str  # a row key; the sum holds in every value column
    parts: tuple[str, ...]


@cache
def row_sums(table_kind: str) -> tuple[RowSum, ...]:
    rows = [r for r in read_layout("row_sums.csv") if in_scope(r["scope"], table_kind)]
    return tuple(RowSum(r["total"], tuple(r["parts"].split("|"))) for r in rows)


def side_keys(rows: Sequence[Sequence[TextSide]], table_kind: str) -> dict[int, str | None]:
    """The row key of each side's label (by ``id``), read in printed order as the normaliser reads them
    (a 总计 is the income or the expenditure total by the 合计 above it on its side)."""
    seen: dict[int, set[str]] = {}
    keys: dict[int, str | None] = {}
    for row in rows:
        for side in row:
            before = seen.setdefault(side.index, set())  # a side's first label may be blank (行次 alone)
            key = lookup_row_key(side.label, table_kind, before) if side.label else None
            keys[id(side)] = key
            before.add(key or "")
    return keys


def _cells(key: str | None, placement: Placement) -> dict[tuple[str, str], Decimal]:
    if key is None:
        return {}
    return {(key, cell): amount for cell, amount in placement.amounts().items()}


def _with_classes(sums: Sequence[RowSum], keys: Sequence[str | None]) -> list[RowSum]:
    classes = tuple(sorted({k for k in keys if k and k.isdigit() and len(k) == 3}))
    expand = {_CLASSES: classes}
    return [RowSum(s.total, tuple(p for part in s.parts for p in expand.get(part, (part,)))) for s in sums]


Cells = dict[tuple[str, str], Decimal]


@dataclass(frozen=True)
class _ColumnSum:
    """A row sum in one value column: its total cell and its part cells."""

    total: tuple[str, str]
    parts: tuple[tuple[str, str], ...]

    def broken(self, amounts: Cells, step: Decimal) -> bool:
        """Whether the sum fails within rounding; one with no printed cell at all holds."""
        if self.total not in amounts and not any(p in amounts for p in self.parts):
            return False
        parts = [amounts.get(p, Decimal(0)) for p in self.parts]
        return not holds(amounts.get(self.total, Decimal(0)), parts, step)

    def surely_broken(self, amounts: Cells, step: Decimal) -> bool:
        """Its figures so far already exceed its total, when no figure still to come can take any off."""
        known = sum((amounts.get(p, Decimal(0)) for p in self.parts), Decimal(0))
        return known - amounts.get(self.total, Decimal(0)) > step * max(len(self.parts), 1)


def settle_by_row_sums(
    keys: Sequence[str | None], options: Sequence[Sequence[Placement]], table_kind: str
) -> list[Placement | None]:
    """One placement per side of a summary table (None: no placement, or undecided by the sums). A
    table with no sums in ``row_sums.csv`` keeps the first of equally good placements, as before."""
    if not row_sums(table_kind):
        return [found[0] if found else None for found in options]
    settled: list[Placement | None] = [found[0] if len(found) == 1 else None for found in options]
    totals = {s.total for s in row_sums(table_kind)}
    # the sides holding a total first: a sum's figures can then be seen to overshoot it early
    undecided = sorted((i for i, found in enumerate(options) if len(found) > 1), key=lambda i: keys[i] not in totals)
    if not undecided:
        return settled
    fixed: Cells = {}
    for key, placement in zip(keys, settled, strict=True):
        if placement is not None:
            fixed.update(_cells(key, placement))
    ways = [[_cells(keys[i], p) for p in options[i]] for i in undecided]
    columns = {column for _, column in fixed} | {column for way in ways for cells in way for _, column in cells}
    sums = [
        _ColumnSum((s.total, column), tuple((p, column) for p in s.parts))
        for s in _with_classes(row_sums(table_kind), keys)
        for column in sorted(columns)
    ]
    step = step_of([v for found in options for p in found[:1] for v in p.values])
    best = _Search(ways, sums, fixed, step).best()
    for at, i in enumerate(undecided):
        agreed = {way[at] for way in best}
        if len(agreed) == 1:
            settled[i] = options[i][agreed.pop()]
    return settled


class _Search:
    """Depth first over the undecided sides' placements, for the ways breaking fewest sums: a sum is
    scored once the last side it depends on is placed, or as soon as its figures overshoot its placed
    total (when the table prints no negative figure); a branch already worse than the best is left."""

    def __init__(self, ways: list[list[Cells]], sums: list[_ColumnSum], fixed: Cells, step: Decimal):
        self.ways, self.amounts, self.step = ways, dict(fixed), step
        depths = [set().union(*(cells.keys() for cells in options)) for options in ways]

        def last(cells: set[tuple[str, str]]) -> int | None:
            return max((n for n, touched in enumerate(depths) if touched & cells), default=None)

        self.due: list[list[_ColumnSum]] = [[] for _ in ways]
        self.early: list[list[_ColumnSum]] = [[] for _ in ways]  # sums whose total is placed by then
        signed = [*fixed.values(), *(a for options in ways for cells in options for a in cells.values())]
        overshoot = all(a >= 0 for a in signed)
        for found in sums:
            due = last({found.total, *found.parts})
            if due is None:
                continue  # every way alike
            self.due[due].append(found)
            total_at = last({found.total})
            if overshoot and (total_at is None or total_at < due):
                for depth in range(total_at or 0, due):
                    self.early[depth].append(found)
        self.found: list[tuple[int, ...]] = []
        self.least: int | None = None
        self.visits = 0

    def best(self) -> list[tuple[int, ...]]:
        """The ways (an index per undecided side) breaking fewest sums; none when too many to try."""
        self._visit(0, (), 0, frozenset())
        return self.found if self.visits <= _MAX_VISITS else []

    def _visit(self, depth: int, picked: tuple[int, ...], score: int, counted: frozenset[_ColumnSum]) -> None:
        self.visits += 1
        if self.visits > _MAX_VISITS or (self.least is not None and score > self.least):
            return
        if depth == len(self.ways):
            if self.least is None or score < self.least:
                self.least, self.found = score, []
            self.found.append(picked)
            return
        for n, cells in enumerate(self.ways[depth]):
            before = {cell: self.amounts.get(cell) for cell in cells}
            self.amounts.update(cells)
            cost = sum(s not in counted and s.broken(self.amounts, self.step) for s in self.due[depth])
            over = {s for s in self.early[depth] if s not in counted and s.surely_broken(self.amounts, self.step)}
            self._visit(depth + 1, (*picked, n), score + cost + len(over), counted | over)
            for cell, amount in before.items():
                if amount is None:
                    del self.amounts[cell]
                else:
                    self.amounts[cell] = amount
