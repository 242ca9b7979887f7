"""Which value column a lone figure of a summary's side fills, when the text lost the blank beside it.

The pre-2019 收入支出决算总表 prints 年初预算数 and 决算数 on each side; a line whose 年初预算数 is blank
("其他收入 6.20") keeps one figure in extracted text, and either column could hold it. The summary's
own sums down its columns decide (``row_sums.csv``: 本年收入合计 = Σ 收入 lines, 收入总计 = 本年收入合计 +
结余 lines, 收入总计 = 支出总计; ``classes`` stands for every 类 line), as the 类/款/项 sums do on the
subject tables (``placement.settle_by_hierarchy``): every way of placing the undecided figures is tried
together (``loaders.sums``), a blank cell counting as zero, and a figure is placed only when every way
breaking fewest sums places it alike. Otherwise it is not guessed: its row is kept unmapped. A summary
kind gets this by its rows in ``row_sums.csv`` (a data edit); one without keeps the first of equally good
placements.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from loaders.labels import lookup_row_key
from loaders.placement import Placement, step_of
from loaders.sums import Search, Sum, Way, agreed, layout_sums
from loaders.text_rows import TextSide

_CLASSES = "classes"  # a part standing for every 类 line (a 3-digit code) of the table
_MAX_VISITS = 2_000  # placements tried before the undecided figures are all kept unmapped


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


def _cells(key: str | None, placement: Placement) -> dict[str, Decimal]:
    return placement.cells(key) if key else {}


def _column_sums(table_kind: str, keys: Sequence[str | None], columns: Sequence[str]) -> list[Sum]:
    """The summary's row sums, ``classes`` read as its 类 lines, in each value column."""
    classes = tuple(sorted({k for k in keys if k and k.isdigit() and len(k) == 3}))
    found = []
    for row_sum in layout_sums("row_sums.csv", table_kind):
        parts = tuple(p for part in row_sum.parts for p in (classes if part == _CLASSES else (part,)))
        found += Sum(row_sum.total, parts).per_column(columns)
    return found


def settle_by_row_sums(
    keys: Sequence[str | None], options: Sequence[Sequence[Placement]], table_kind: str
) -> list[Placement | None]:
    """One placement per side of a summary table (None: no placement, or undecided by the sums). A
    table with no sums in ``row_sums.csv`` keeps the first of equally good placements, as before."""
    if not layout_sums("row_sums.csv", table_kind):
        return [found[0] if found else None for found in options]
    settled: list[Placement | None] = [found[0] if len(found) == 1 else None for found in options]
    totals = {s.total for s in layout_sums("row_sums.csv", table_kind)}
    # the sides holding a total first: a sum's figures can then be seen to overshoot it early
    undecided = sorted((i for i, found in enumerate(options) if len(found) > 1), key=lambda i: keys[i] not in totals)
    if not undecided:
        return settled
    fixed: dict[str, Decimal] = {}
    for key, placement in zip(keys, settled, strict=True):
        if placement is not None:
            fixed.update(_cells(key, placement))
    ways = [[Way(_cells(keys[i], p), 0, (p,)) for p in options[i]] for i in undecided]
    columns = {cell.partition(".")[2] for cell in fixed} | {
        c.column_key for found in options for p in found for c in p.columns
    }
    step = step_of([v for found in options for p in found[:1] for v in p.values])
    best = Search(ways, _column_sums(table_kind, keys, sorted(columns)), fixed, step, _MAX_VISITS).best()
    for i, way in zip(undecided, agreed(ways, best), strict=True):
        if way is not None:
            settled[i] = way.reading[0]
    return settled
