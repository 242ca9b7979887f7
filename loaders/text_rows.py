"""Rows of a table printed as plain text, whatever extractor wrote it.

Extracted text loses the grid: blank cells vanish, the lines of a wrapped label straddle the line
holding its code and figures, some extractors print a label above its code or a row's figures on the
line below, others every cell on a line of its own. So a table body is read as one stream of tokens,
not line by line: a subject code or a numbered label (三、…) starts a side of a row, a label after
figures starts the next side, a 行次 follows its label, and figures belong to the side before them
(the first side of the row still without figures when a line of figures follows a line of labels).
Which value columns a side's figures fill is ``loaders.placement``'s decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from loaders.amounts import BLANK_MARKS, is_amount
from loaders.labels import NUMBERED_START, label_side, lookup_row_key, split_numbered
from loaders.layouts import squash
from loaders.model import Cell
from loaders.segments import Column

_SUBJECT_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_GARBLED_FIGURE = re.compile(r"^[-−]?\d[\dA-Za-z,，]*[.．]\d*[A-Za-z\d]*$")


def token_class(text: str, integers_are_amounts: bool) -> str:
    """One letter per token: a code (c 3 digits, a 1–2, e 5, g 7, d other digits), a figure N, a blank
    mark Z, a numbered label start L or other text T. In 元 tables integers other than codes are figures."""
    raw = squash(text)
    if raw in BLANK_MARKS:
        return "Z"
    if raw == "0":
        return "N"  # a zero printed without decimals; never a code or a row number
    if raw.isdigit():
        if integers_are_amounts and not _SUBJECT_CODE.match(raw):
            return "N"
        return {1: "a", 2: "a", 3: "c", 5: "e", 7: "g"}.get(len(raw), "d")
    if is_amount(raw) or _GARBLED_FIGURE.match(raw):
        return "N"  # a garbled figure (2l9.25) stays a figure: its row is kept unmapped, not misread
    return "L" if NUMBERED_START.match(raw) else "T"


@dataclass(frozen=True)
class SideSpec:
    """One side of the header: whether it has code, name and 行次 columns, and its value columns."""

    code: bool
    name: bool
    row_no: bool
    values: tuple[Column, ...]


def side_specs(columns: list[Column]) -> list[SideSpec]:
    """The header's columns split into sides: a code or name column after values starts the next side.
    Value labels read before the first code or name column are header words run together (项目 +
    支出功能分类 read as 项目支出), not a side."""
    first = next((i for i, c in enumerate(columns) if c.role in {"code", "name", "row_no"}), 0)
    sides: list[list[Column]] = [[]]
    for column in columns[first:]:
        if column.role in {"code", "name"} and any(c.role in {"value", "row_no"} for c in sides[-1]):
            sides.append([])
        sides[-1].append(column)
    return [
        SideSpec(
            code=any(c.role == "code" for c in side),
            name=any(c.role == "name" for c in side),
            row_no=any(c.role == "row_no" for c in side),
            values=tuple(c for c in side if c.role == "value"),
        )
        for side in sides
    ]


@dataclass
class TextSide:
    """The tokens of one side of a printed row, in reading order."""

    index: int
    code: list[Cell] = field(default_factory=list)
    name: list[Cell] = field(default_factory=list)
    row_no: list[Cell] = field(default_factory=list)
    values: list[Cell] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.code or self.name or self.row_no or self.values)

    @property
    def label(self) -> str:
        return "".join(squash(c.text) for c in self.name)


@dataclass
class _Reader:
    specs: list[SideSpec]
    table_kind: str
    integers_are_amounts: bool
    rows: list[list[TextSide]] = field(default_factory=list)

    @property
    def side(self) -> TextSide | None:
        return self.rows[-1][-1] if self.rows else None

    def start(self, first_text: str = "") -> TextSide:
        """A new side: the next of the current row, or the first of a new row; a label the templates
        place on one side goes there."""
        wanted = label_side(self.table_kind, first_text) if first_text else None
        current = self.side
        after = current.index + 1 if current else len(self.specs)
        index = wanted if wanted is not None and wanted < len(self.specs) else after % len(self.specs)
        if not self.rows or index < after or index == 0:
            self.rows.append([])
        side = TextSide(index)
        self.rows[-1].append(side)
        return side

    def spec(self, side: TextSide) -> SideSpec:
        return self.specs[side.index]

    def take(self, cell: Cell, cls: str, first_on_line: bool) -> None:
        side = self.side
        if cls in "NZ" or (cls in "acegd" and self._integer_is_figure(side, first_on_line)):
            self._figure(cell)
        elif cls in "cegd" or (cls == "a" and side is not None and side.code and not side.name and not side.values):
            self._code(cell, cls)
        elif cls == "a":
            self._row_no(cell)
        else:
            self._text(cell, cls)

    def _integer_is_figure(self, side: TextSide | None, first_on_line: bool) -> bool:
        """In 元 tables a whole number is a figure unless it stands where a code does (first on its line)."""
        return self.integers_are_amounts and side is not None and not first_on_line and (side.code or side.name)

    def _figure(self, cell: Cell) -> None:
        """A figure beside its label goes to that label's side; a figure on a line of its own to the
        row's first side still without figures (a line of labels, then a line of their figures)."""
        side = self.side
        if side is not None and side.name + side.code and (side.name + side.code)[-1].line != cell.line:
            lacking = [s for s in self.rows[-1] if not s.values and (s.code or s.name) and self.spec(s).values]
            side = lacking[0] if lacking else side
        if side is None or not self.spec(side).values:
            side = self.start()
        side.values.append(cell)

    def _code(self, cell: Cell, cls: str) -> None:
        """201 06 01 is one split code; a code joins the side of the label printed above it (unless
        that label is a row label of its own, 合计) and else starts a side."""
        side = self.side
        if side is not None and side.code and cls == "a" and not side.name and not side.values:
            side.code.append(cell)
            return
        if (
            side is None
            or side.code
            or side.row_no
            or not self.spec(side).code
            or lookup_row_key(side.label, self.table_kind) is not None
        ):
            side = self.start()
        side.code.append(cell)

    def _row_no(self, cell: Cell) -> None:
        side = self.side
        if side is None or side.row_no or side.values or not self.spec(side).row_no:
            side = self.start()
        side.row_no.append(cell)

    def _text(self, cell: Cell, cls: str) -> None:
        side = self.side
        if side is None or side.values or side.row_no or (cls == "L" and not side.empty):
            side = self.start(cell.text)
        side.name.append(cell)


def _tokens(line: list[Cell]) -> list[Cell]:
    """A line's tokens, labels run together without a space (…拨款收入三、国防支出) split at their numbering."""
    return [replace(cell, text=part) for cell in line for part in split_numbered(cell.text) or [cell.text]]


def text_sides(body: list[list[Cell]], columns: list[Column], table_kind: str, unit: str) -> list[list[TextSide]]:
    """The sides of every printed row of an unaligned table body (lines of whitespace tokens)."""
    reader = _Reader(side_specs(columns), table_kind, unit == "元")
    for line in body:
        for i, cell in enumerate(_tokens(line)):
            reader.take(cell, token_class(cell.text, reader.integers_are_amounts), i == 0)
    _join_label_tails(reader.rows, table_kind)
    return reader.rows


def _join_label_tails(rows: list[list[TextSide]], table_kind: str) -> None:
    """A label wrapped after its figures (…应急管理支 / 98.23 / 出): the lone tail joins the label when
    together they make a known one."""
    sides = [s for row in rows for s in row]
    for side, tail in pairwise(sides):
        lone = tail.name and not (tail.code or tail.values or tail.row_no)
        if not lone or not side.name or side.code or lookup_row_key(side.label, table_kind):
            continue
        if lookup_row_key(side.label + tail.label, table_kind):
            side.name.extend(tail.name)
            tail.name.clear()
