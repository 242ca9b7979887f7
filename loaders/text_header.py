"""The header of a table printed as plain text.

Extracted text takes a wrapped header cell apart, and its pieces interleave with the neighbouring
cells' (附属单位 / 本年收入合计 … 其他收入 / 上缴收入, or 一般公共 政府性基 国有资本 / 预算财政 金预算财
经营预算 / 拨款 政拨款 财政拨款). The header is read as joined text when that explains every word;
else each token is read alone and the pieces no label explains are put back together, in printed
order, into the labels they spell. A one-sided table's value columns then follow the national
template's order (``template_columns.csv``), since their printed order is lost with the wrapping.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import cache, lru_cache

from loaders.amounts import is_amount
from loaders.labels import template_items
from loaders.layouts import (
    ColumnLabel,
    UnknownHeaderError,
    column_labels,
    read_layout,
    scan_header,
    squash,
    table_shape,
)
from loaders.model import Cell, DocumentError
from loaders.segments import Column
from loaders.text_rows import side_specs


@dataclass(frozen=True)
class _Piece:
    position: int
    text: str


def _spell(label: str, pieces: list[_Piece], used: set[int], start: int, spelled: str = "") -> list[int] | None:
    """Indexes of unused pieces, in printed order from ``start``, that spell ``label``. An extractor
    sometimes drops a wrapped cell's last character (项目支 / 出): a last character no piece gives is
    let go once three are spelled."""
    if not label:
        return []
    for i in range(start, len(pieces)):
        if i not in used and label.startswith(pieces[i].text):
            rest = _spell(label[len(pieces[i].text) :], pieces, used | {i}, i + 1, spelled + pieces[i].text)
            if rest is not None:
                return [i, *rest]
    return [] if len(label) == 1 and len(spelled) >= 3 else None


def _reassembled(tokens: list[str], table_kind: str) -> list[tuple[tuple[int, ...], ColumnLabel]]:
    """Labels of a header whose wrapped cells came apart, each with the tokens it was read from: whole
    labels where tokens hold them, the rest spelled from the leftover pieces, in printed order (where
    each label's last piece ends its cell); UnknownHeaderError for pieces that spell nothing known."""
    found: list[tuple[tuple[int, ...], ColumnLabel]] = []
    pieces: list[_Piece] = []
    for position, token in enumerate(tokens):
        try:
            found += [((position,), label) for label in scan_header(token, table_kind)]
        except UnknownHeaderError:
            pieces.append(_Piece(position, squash(token)))
    used: set[int] = set()
    for label in column_labels(table_kind):  # longest first
        while (spelled := _spell(label.label, pieces, used, 0)) and (
            len(spelled) > 1 or _lost_tail(label, pieces, spelled)
        ):
            used |= set(spelled)
            found.append((tuple(pieces[i].position for i in spelled), label))
    known = [label.label for label in column_labels(table_kind)]
    unexplained = [p.text for i, p in enumerate(pieces) if i not in used and not any(p.text in k for k in known)]
    if unexplained:
        raise UnknownHeaderError(f"unknown header label '{' '.join(unexplained)}' in '{' '.join(tokens)}'")
    return sorted(found, key=lambda item: item[0][-1])


def _lost_tail(label: ColumnLabel, pieces: list[_Piece], spelled: list[int]) -> bool:
    return len(pieces[spelled[0]].text) == len(label.label) - 1


def is_column_piece(text: str, table_kind: str) -> bool:
    """Header text a wrapped column label came apart into (功能分 / 类科目 / 编码): part of a known label."""
    piece = squash(text)
    return len(piece) >= 2 and _in_a_label(piece, table_kind)


@lru_cache(maxsize=1 << 15)
def _in_a_label(piece: str, table_kind: str) -> bool:
    """Cached: every cell of every table is asked about, and the cells of a batch repeat."""
    return any(piece in label.label for label in column_labels(table_kind))


@cache
def template_columns(table_kind: str) -> tuple[tuple[str, ...], ...]:
    """Per side, the value columns of a table in the national template's printed order."""
    sides: dict[int, list[str]] = {}
    for r in read_layout("template_columns.csv"):
        if r["table_kind"] == table_kind:
            sides.setdefault(int(r["side"]), []).append(r["column_key"])
    return tuple(tuple(sides[side]) for side in sorted(sides))


def _by_shape(columns: list[Column], table_kind: str) -> list[Column]:
    """The header's columns laid out as the table's shape prints them, side by side: each side's code,
    name and 行次 columns, then its value columns (named by the header) in the template's order. An
    economic table printing one figure per side (决算数 | 决算数) has as many sides (code, name, figure) as
    the header names that figure; one naming several figures (合计 人员经费 公用经费) is one side."""
    values = [c for c in columns if c.role == "value"]
    labels = [Column(role) for role in ("code", "name", "row_no") if any(c.role == role for c in columns)]
    shape = table_shape(table_kind)
    named = {c.column_key for c in values}
    if shape == "economic" and len(named) == 1:
        return [column for value in values for column in (*labels, value)]
    if shape == "function" and {"amount", "total"} <= named:
        named.remove("amount")  # 本年预算数 heads its 合计 / 基本支出 / 项目支出: the figures stand under those
    template = template_columns(table_kind)
    if shape not in {"function", "unit", "summary", "economic"} or not template or not named <= set().union(*template):
        return columns
    if shape == "summary":
        labels = [c for c in labels if c.role != "code"]
    return [
        column for side in template for column in (*labels, *(Column("value", key) for key in side if key in named))
    ]


def text_columns(header: list[list[Cell]], table_kind: str) -> list[Column]:
    """Column roles of a plain-text grid: code, name and 行次 columns, then the value columns. A header
    read so that two columns of one side share a key was taken apart wrongly (laid-out text wraps
    年初预 / 算数 above and below the line of 决算数): laid-out text is read again by where each label
    stands (``shared_cells_problem`` tells of a header that still does)."""
    cells = [c for row in header for c in row]
    try:
        columns = _columns(_labels_read(cells, table_kind), table_kind)
    except UnknownHeaderError as err:
        raise DocumentError(str(err)) from err
    if shared_cells(columns) and all(c.x is not None for c in cells):
        with contextlib.suppress(UnknownHeaderError):  # its pieces spell nothing alone: the first reading stands
            columns = _columns(_labels_read(cells, table_kind, by_place=True), table_kind)
    return columns


def shared_cells_problem(columns: list[Column], header: list[list[Cell]]) -> str | None:
    """Why a header giving two columns of one side the same cell cannot be read (read so, a figure
    would fill a cell another already filled and the one beside it would be lost); None if none does."""
    if shared := shared_cells(columns):
        return (
            f"the header gives two columns of one side the same cell ({', '.join(shared)}) in "
            f"'{' '.join(c.text for row in header for c in row)}': the extractor took its wrapped labels apart"
        )
    return None


def _labels_read(cells: list[Cell], table_kind: str, by_place: bool = False) -> list[ColumnLabel]:
    """The header's labels in printed order, or (``by_place``, laid-out text) in the order of the
    character column each label starts at."""
    tokens = [c.text for c in cells]
    if not by_place:
        try:
            return scan_header(" ".join(tokens), table_kind)
        except UnknownHeaderError:
            pass
    found = _reassembled(tokens, table_kind)
    if by_place:
        found.sort(key=lambda item: min(cells[i].x or 0 for i in item[0]))
    return [label for _, label in found]


def _columns(found: list[ColumnLabel], table_kind: str) -> list[Column]:
    columns = _by_shape([Column(c.role, c.column_key) for c in found if c.role != "ignore"], table_kind)
    return _wide_items(columns, table_kind)


def _wide_items(columns: list[Column], table_kind: str) -> list[Column]:
    """A wide 三公 header read as text lists its 预算数/决算数 pairs without showing which item heads
    which: the national template's order of items (合计, 因公出国（境）费, 公务用车 …) does."""
    items = template_items(table_kind)
    values = [c for c in columns if c.role == "value"]
    if any(c.role == "name" for c in columns) or not items or len(values) != 2 * len(items):
        return columns
    keyed = iter(Column("value", c.column_key, items[i // 2], items[i // 2]) for i, c in enumerate(values))
    return [next(keyed) if c.role == "value" else c for c in columns]


def shared_cells(columns: list[Column]) -> list[str]:
    """The cells (row.column) that two value columns of one side of the header would both fill."""
    shared = []
    for side in side_specs(columns):
        cells = [f"{c.row_key}.{c.column_key}" if c.row_key else c.column_key for c in side.values]
        shared += sorted({cell for cell in cells if cells.count(cell) > 1})
    return shared


def is_header_line(line: list[Cell], table_kind: str) -> bool:
    """A line of header text: a token that is a column label or a piece of one (not a wrapped row label
    above the first code, 一般公共服务支 / 201 306.90 / 出)."""
    known = [label.label for label in column_labels(table_kind)]
    return any(any(squash(c.text) in k for k in known) or _labels_in(c.text, table_kind) for c in line)


def _labels_in(text: str, table_kind: str) -> bool:
    try:
        return bool(scan_header(text, table_kind))
    except UnknownHeaderError:
        return False


def header_words_after_figures(row: list[Cell], table_kind: str) -> list[Cell]:
    """Header words an extractor printed on the first body line, after its figures (the 合计 row
    beside the sub-header 合计 基本支出 项目支出 of a merged header cell): none when there are none."""
    last_figure = max((i for i, c in enumerate(row) if is_amount(c.text)), default=None)
    if last_figure is None:
        return []
    tail = row[last_figure + 1 :]
    try:
        labels = scan_header(" ".join(c.text for c in tail), table_kind)
    except UnknownHeaderError:
        return []
    return tail if tail and len(labels) == len(tail) else []
