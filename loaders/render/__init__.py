"""Renderers write a 部门决算 document from canonical tables, so that tests and the bundled sample
corpus are produced by the project's own code from real published figures.

Every renderer (markdown, xlsx, pdf) takes the same shape: a ``RenderDocument`` holding
``RenderTable``s, each a title, header rows (with merged spans) and body rows of printed text.
``loaders.render.templates`` builds that shape from normalised facts in a province's layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Span:
    """A merged header cell: rows and columns counted from 0 within the header, inclusive."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int


@dataclass
class RenderTable:
    """One table as printed: the text of the merged region sits in its top-left cell."""

    kind: str
    title: str  # as printed, with the year: "2024 年度收入支出决算总表"
    header: list[list[str]]
    body: list[list[str]]
    spans: list[Span] = field(default_factory=list)
    table_no: str | None = None  # "表1", "公开01表"
    notes: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max(len(r) for r in self.header + self.body)


@dataclass
class RenderDocument:
    """A department's report: the cover title, metadata printed above each table, the tables."""

    department: str
    year: int
    unit: str
    tables: list[RenderTable]
    style: str = "national"  # national: 表1–表9, number in the title; zhejiang: 公开01表 line
    metadata: str | None = None  # the line under each title ({department}, {unit}); None: the style's
    report: str = "部门决算"  # or 单位决算

    @property
    def title(self) -> str:
        return f"{self.department} {self.year} 年度{self.report}"

    def metadata_line(self) -> str:
        """The line under a table title: 部门 and unit (Zhejiang) or the unit alone (national)."""
        if self.metadata:
            return self.metadata.format(department=self.department, unit=self.unit)
        if self.style == "zhejiang":
            return f"部门：{self.department}（汇总） 单位：{self.unit}"
        return f"单位：{self.unit}"


def amount_text(
    value: Decimal | str | None, *, thousands: bool = True, blank_zero: bool = False, zero_mark: str = ""
) -> str:
    """A figure as printed: "2,209.05"; blank for a missing figure (and for zero if asked, or the
    template's mark for zero such as "-")."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    if blank_zero and number == 0:
        return zero_mark
    return f"{number:,f}" if thousands else format(number, "f")


def padded(rows: list[list[str]], width: int) -> list[list[str]]:
    """Rows filled with blank cells up to ``width`` columns."""
    return [row + [""] * (width - len(row)) for row in rows]
