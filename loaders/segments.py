"""What the normaliser reads a table row into: its columns' roles and the sides of a printed row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.layouts import squash
from loaders.model import Cell


@dataclass(frozen=True)
class Column:
    """What a grid column holds: a role and, for value columns, the canonical column key."""

    role: str  # code | name | row_no | value
    column_key: str = ""
    row_key: str = ""  # set when a wide layout names the row in the column header (三公 groups)
    row_label: str = ""


@dataclass
class Segment:
    """One side of a printed row: a code and/or name followed by its values."""

    side: int = 0  # 0 the left side of the header, 1 the next …
    code_parts: list[Cell] = field(default_factory=list)
    name_parts: list[Cell] = field(default_factory=list)
    values: list[tuple[Column, Cell]] = field(default_factory=list)
    row_no: str = ""  # the 行次 printed beside the label
    has_row_no: bool = False

    @property
    def code(self) -> str:
        parts = [squash(c.text) for c in self.code_parts if not is_code_subheader(c.text)]
        # A 款 or 项 cell printed as "2" lost its leading zero in a spreadsheet: it is 02.
        return "".join(p.zfill(2) if i and len(p) == 1 and p.isdigit() else p for i, p in enumerate(parts))

    @property
    def name(self) -> str:
        return "".join(re.sub(r"\s+", "", c.text) for c in self.name_parts)

    def cells(self) -> list[Cell]:
        return self.code_parts + self.name_parts + [c for _, c in self.values]


@dataclass(frozen=True)
class Kept:
    """Printed cells of a row the normaliser could not key, and why."""

    cells: list[Cell]
    reason: str


def is_code_subheader(text: str) -> bool:
    return squash(text) in {"类", "款", "项"}
