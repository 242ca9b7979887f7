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

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from loaders.labels import lookup_row_key
from loaders.layouts import in_scope, read_layout
from loaders.placement import Placement, holds, step_of
from loaders.text_rows import TextSide

_CLASSES = "classes"  # a part standing for every 类 line (a 3-digit code) of the table
_MAX_WAYS = 20_000  # ways tried before the undecided figures are all kept unmapped


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
            key = lookup_row_key(side.label, table_kind, seen.setdefault(side.index, set())) if side.label else None
            keys[id(side)] = key
            seen[side.index].add(key or "")
    return keys


def _cells(key: str | None, placement: Placement) -> dict[tuple[str, str], Decimal]:
    if key is None:
        return {}
    return {(key, cell): amount for cell, amount in placement.amounts().items()}


def _broken(sums: Sequence[RowSum], amounts: dict[tuple[str, str], Decimal], step: Decimal) -> int:
    columns = {column for _, column in amounts}
    broken = 0
    for found in sums:
        for column in columns:
            cells = [(found.total, column), *((p, column) for p in found.parts)]
            if any(cell in amounts for cell in cells):
                parts = [amounts.get((p, column), Decimal(0)) for p in found.parts]
                broken += not holds(amounts.get((found.total, column), Decimal(0)), parts, step)
    return broken


def _with_classes(sums: Sequence[RowSum], keys: Sequence[str | None]) -> list[RowSum]:
    classes = tuple(sorted({k for k in keys if k and k.isdigit() and len(k) == 3}))
    expand = {_CLASSES: classes}
    return [RowSum(s.total, tuple(p for part in s.parts for p in expand.get(part, (part,)))) for s in sums]


def settle_by_row_sums(
    keys: Sequence[str | None], options: Sequence[Sequence[Placement]], table_kind: str
) -> list[Placement | None]:
    """One placement per side of a summary table (None: no placement, or undecided by the sums). A
    table with no sums in ``row_sums.csv`` keeps the first of equally good placements, as before."""
    if not row_sums(table_kind):
        return [found[0] if found else None for found in options]
    settled: list[Placement | None] = [found[0] if len(found) == 1 else None for found in options]
    undecided = [i for i, found in enumerate(options) if len(found) > 1]
    sums = _with_classes(row_sums(table_kind), keys)
    if not undecided or math.prod(len(options[i]) for i in undecided) > _MAX_WAYS:
        return settled
    fixed: dict[tuple[str, str], Decimal] = {}
    for key, placement in zip(keys, settled, strict=True):
        if placement is not None:
            fixed.update(_cells(key, placement))
    step = step_of([v for found in options for p in found[:1] for v in p.values])
    scored = []
    for way in itertools.product(*(range(len(options[i])) for i in undecided)):
        amounts = dict(fixed)
        for i, n in zip(undecided, way, strict=True):
            amounts.update(_cells(keys[i], options[i][n]))
        scored.append((_broken(sums, amounts, step), way))
    least = min(score for score, _ in scored)
    best = [way for score, way in scored if score == least]
    for at, i in enumerate(undecided):
        agreed = {way[at] for way in best}
        if len(agreed) == 1:
            settled[i] = options[i][agreed.pop()]
    return settled
