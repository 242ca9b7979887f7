"""Which value columns the figures of a text row fill, when the extractor dropped the blank cells.

A printed line "201 一般公共服务支出 2,112.86 2,106.66 6.20" under seven value columns says nothing
of where its three figures stand. They are placed as an auditor would place them: the placement
must keep the table's own equations (``column_sums.csv``: a row total is the sum of its parts, the
三公 total the sum of its items) and, on the subject tables, the 类/款/项 sums down every column; of
the placements left, the one filling the columns most commonly filled (``column_commonness.csv``, as
the document's other tables bear it out: ``column_evidence.csv``) and then the one closest to
reading order wins. A figure read from another line than its row's
others may stand anywhere among them, so every interleaving of the lines keeps its place in line.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from loaders import sums
from loaders.amounts import parse_amount
from loaders.labels import lookup_row_key
from loaders.layouts import in_scope, read_layout, squash, table_shape
from loaders.model import Cell
from loaders.segments import Column

_MAX_ORDERS = 24  # interleavings of a row's lines tried before reading order alone is kept
_MAX_COMBINATIONS = 20000  # placements of one 类/款 group tried together


@cache
def rarity(table_kind: str) -> dict[str, int]:
    """How seldom a value column holds a figure (0 most often), per cell id."""
    return {r["cell"]: int(r["rank"]) for r in read_layout("column_commonness.csv") if in_scope(r["scope"], table_kind)}


Evidence = Mapping[tuple[str, str, str], Decimal]  # figures of the document's tables read so far


@cache
def _evidence_rules(table_kind: str) -> tuple[tuple[str, tuple[str, str, str]], ...]:
    return tuple(
        (r["cell"], (r["evidence_kind"], r["evidence_row"], r["evidence_column"]))
        for r in read_layout("column_evidence.csv")
        if in_scope(r["scope"], table_kind)
    )


def ranks_for(table_kind: str, evidence: Evidence) -> dict[str, int]:
    """How seldom each column holds a figure, as the document's other tables tell it
    (``column_evidence.csv``): a 三公 item the basic-expenditure table shows spending on is as common as
    any, one it shows nothing for one step rarer than usual."""
    ranks = dict(rarity(table_kind))
    printed = {kind for kind, _, _ in evidence}
    for cell, source in _evidence_rules(table_kind):
        if source[0] in printed:
            ranks[cell] = 0 if evidence.get(source) else ranks.get(cell, 0) + 1
    return ranks


def cell_id(column: Column) -> str:
    return f"{column.row_key}.{column.column_key}" if column.row_key else column.column_key


@dataclass(frozen=True)
class Placement:
    columns: tuple[Column, ...]
    values: tuple[Cell, ...]  # values[i] stands in columns[i]

    def amounts(self) -> dict[str, Decimal]:
        return {cell_id(c): _amount(v) for c, v in zip(self.columns, self.values, strict=True)}

    def cells(self, row_key: str | None) -> dict[str, Decimal]:
        """The table cells (row.column) it fills on a row keyed ``row_key``, with their amounts."""
        return {
            f"{c.row_key or row_key}.{c.column_key}": _amount(v) for c, v in zip(self.columns, self.values, strict=True)
        }


def _amount(cell: Cell) -> Decimal:
    """The figure's amount; a blank or garbled one counts as zero here (its row is kept unmapped later)."""
    try:
        return parse_amount(cell.text) or Decimal(0)
    except ValueError:
        return Decimal(0)


def step_of(values: Sequence[Cell]) -> Decimal:
    """One printed unit: 0.01 for figures with two decimals."""
    decimals = max((len(squash(v.text).partition(".")[2]) for v in values), default=0)
    return Decimal(1).scaleb(-decimals)


def broken(placement: Placement, table_kind: str, step: Decimal) -> int:
    """How many of the table's row equations (``column_sums.csv``) the placement breaks."""
    return sums.broken(sums.layout_sums("column_sums.csv", table_kind), placement.amounts(), step)


def _orders(values: Sequence[Cell]) -> list[tuple[Cell, ...]]:
    """The values in reading order first, then the other interleavings that keep each line's order."""
    lines: dict[int | None, list[Cell]] = {}
    for value in values:
        lines.setdefault(value.line, []).append(value)
    merges = _merges(tuple(tuple(line) for line in lines.values()))
    return [tuple(values), *itertools.islice((m for m in merges if m != tuple(values)), _MAX_ORDERS - 1)]


def _merges(groups: tuple[tuple[Cell, ...], ...]) -> Iterator[tuple[Cell, ...]]:
    if not any(groups):
        yield ()
        return
    for i, group in enumerate(groups):
        if group:
            rest = (*groups[:i], group[1:], *groups[i + 1 :])
            for tail in _merges(rest):
                yield (group[0], *tail)


def placements(
    values: Sequence[Cell], columns: Sequence[Column], table_kind: str, ranks: Mapping[str, int]
) -> list[Placement]:
    """The best ways to place the figures in the columns: breaking fewest equations, then filling the
    commonest columns, then closest to reading order; every way so good is returned, for the column
    sums to decide between them."""
    if not values:
        return [Placement((), ())]
    if len(values) > len(columns):
        return []
    step = step_of(values)
    scored = []
    for n, order in enumerate(_orders(values)):
        for chosen in itertools.combinations(columns, len(values)):
            if len({cell_id(c) for c in chosen}) < len(chosen):
                continue  # two columns a misread header gave one cell: a cell is never filled twice
            placement = Placement(chosen, order)
            score = (broken(placement, table_kind, step), sum(ranks.get(cell_id(c), 0) for c in chosen), n)
            scored.append((score, placement))
    if not scored:
        return []
    scored.sort(key=lambda item: item[0])
    least = scored[0][0]
    return [p for score, p in scored if score == least]  # ties only: the 类/款/项 sums decide them


# ---------------------------------------------------------------- 类/款/项 sums down the columns


def subject_key(code: Sequence[Cell], label: str, table_kind: str) -> str | None:
    digits = "".join(squash(c.text) for c in code)
    if re.fullmatch(r"\d{3}(?:\d{2}){0,2}", digits):
        return digits
    return lookup_row_key(label, table_kind) if label else None


def _parent(key: str) -> str | None:
    if key == "total":
        return None
    return "total" if len(key) == 3 else key[:-2]


def settle_by_hierarchy(rows: list[tuple[str | None, list[Placement]]], table_kind: str) -> list[Placement | None]:
    """One placement per row of a subject table. Each parent with its children keeps only the
    placements found in the combinations whose sums hold in the most columns; this runs over all
    groups until nothing changes (a choice made for a 款 settles its 项, and the other way round);
    then each row takes its first placement left."""
    chosen: list[list[Placement]] = [list(p) for _, p in rows]
    if table_shape(table_kind) != "function":
        return [options[0] if options else None for options in chosen]
    by_key = {key: i for i, (key, _) in enumerate(rows) if key}
    groups: dict[int, list[int]] = {}
    for i, (key, _) in enumerate(rows):
        parent = _parent(key) if key else None
        if parent in by_key:
            groups.setdefault(by_key[parent], []).append(i)
    changed = True
    while changed:
        changed = any([_settle_group(chosen, parent, children) for parent, children in groups.items()])
    return [options[0] if options else None for options in chosen]


def _settle_group(chosen: list[list[Placement]], parent: int, children: list[int]) -> bool:
    """Keep each member's placements that appear in a best combination of the group (sums holding in
    the most columns: a misprinted column breaks whatever the placement, the others still tell);
    whether anything was dropped."""
    members = [parent, *children]
    if all(len(chosen[i]) <= 1 for i in members) or any(not chosen[i] for i in members):
        return False
    if math.prod(len(chosen[i]) for i in members) > _MAX_COMBINATIONS:
        return False
    scored = [(c, _columns_holding(c[0], c[1:])) for c in itertools.product(*(chosen[i] for i in members))]
    best = max(score for _, score in scored)
    kept = [c for c, score in scored if score == best]
    changed = False
    for n, i in enumerate(members):
        options = [p for p in chosen[i] if any(c[n] is p for c in kept)]
        changed |= len(options) < len(chosen[i])
        chosen[i] = options
    return changed


def _columns_holding(parent: Placement, children: Sequence[Placement]) -> int:
    """In how many columns the parent's figure is the sum of its children's."""
    amounts = parent.amounts()
    below = [c.amounts() for c in children]
    step = step_of([*parent.values, *(v for c in children for v in c.values)])
    columns = set(amounts).union(*below)
    return sum(
        sums.within_rounding(
            amounts.get(col, Decimal(0)) - sum((b.get(col, Decimal(0)) for b in below), Decimal(0)),
            sum(col in cells for cells in (amounts, *below)),
            step,
        )
        for col in columns
    )
