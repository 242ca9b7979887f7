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
_ARABIC_NUMBERING = re.compile(r"^(?:\d{1,2}[.．、]|[（(]\d{1,2}[)）])$")  # 1. 2、 （3） before a label
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


@dataclass(eq=False)
class TextSide:
    """The tokens of one side of a printed row, in reading order."""

    index: int
    code: list[Cell] = field(default_factory=list)
    name: list[Cell] = field(default_factory=list)
    row_no: list[Cell] = field(default_factory=list)
    values: list[Cell] = field(default_factory=list)
    doubt: Doubt | None = field(default=None, repr=False)  # figures below its label that may be another side's

    @property
    def empty(self) -> bool:
        return not (self.code or self.name or self.row_no or self.values)

    @property
    def label(self) -> str:
        return "".join(squash(c.text) for c in self.name)


@dataclass(eq=False)
class Doubt:
    """Figures printed on a line below the labels of more sides than there are figures (伙食补助费 04 手续费
    over 0.09): the text keeps their order, not which side each stands under. ``loaders.figure_sides``
    gives them out by the table's sums, or keeps them unmapped."""

    figures: list[Cell]
    sides: list[TextSide]

    @property
    def reason(self) -> str:
        return f"{len(self.figures)} figure(s) printed below the labels of {len(self.sides)} sides"


@dataclass
class _Reader:
    specs: list[SideSpec]
    table_kind: str
    integers_are_amounts: bool
    rows: list[list[TextSide]] = field(default_factory=list)
    seen: list[set[str]] = field(default_factory=list)  # keys of the labels read so far, per side
    last: Cell | None = None  # the token read last
    line_start: bool = False  # the token read now opens its line: a side it starts opens a row
    before_label: bool = False  # a label follows the token read now on its line
    line_has_code: bool = False  # the line read now holds a subject code
    unnamed: list[TextSide] = field(default_factory=list)  # sides a line of names below their codes fills

    def __post_init__(self) -> None:
        self.seen = [set() for _ in self.specs]

    @property
    def side(self) -> TextSide | None:
        return self.rows[-1][-1] if self.rows else None

    def start(self, first_text: str = "") -> TextSide:
        """A new side: the next of the current row, or, opening a line, the first of a new row; a label
        the templates place on one side goes there."""
        current = self.side
        if current is not None and current.label:
            key = lookup_row_key(current.label, self.table_kind, self.seen[current.index])
            self.seen[current.index].add(key or "")
        wanted = label_side(self.table_kind, first_text, self.seen) if first_text else None
        after = current.index + 1 if current and not self.line_start else len(self.specs)
        index = wanted if wanted is not None and wanted < len(self.specs) else after % len(self.specs)
        if not self.rows or index < after or index == 0:
            self.rows.append([])
        side = TextSide(index)
        self.rows[-1].append(side)
        return side

    def spec(self, side: TextSide) -> SideSpec:
        return self.specs[side.index]

    def begin_line(self) -> None:
        """Some extractors print a two-sided row line by line: both codes, then both names (with the
        款 parts), then both figures. Sides with a code and nothing else wait for this line's names."""
        row = self.rows[-1] if self.rows else []
        # laid-out text prints a row's figures beside its codes and the names below them
        self.unnamed = [s for s in row if s.code and not s.name and (not s.values or s.code[0].x is not None)]

    def take(self, cell: Cell, cls: str, first_on_line: bool, before_label: bool = False) -> None:
        """Read one token; ``before_label``: a label follows it on its line (a code, not a figure)."""
        self.line_start = first_on_line
        self.before_label = before_label
        if not self._below_its_side(cell, cls) and not self._fill(cell, cls):
            self.unnamed = []
            self._take(cell, cls, first_on_line)
        self.last = cell

    def _below_its_side(self, cell: Cell, cls: str) -> bool:
        """Laid-out text: a 款 part or a label on a line below the row's codes goes to the side it
        stands under (301 13 302 / 住房公积金 12 / 用: the 12 and the 用 are the right side's)."""
        if cell.x is None or cls not in "aT" or not self.rows or self.line_has_code:
            return False
        if cls == "T" and (len(self.rows[-1]) < 2 or lookup_row_key(cell.text, self.table_kind)):
            return False  # a label of its own (合计) starts its row
        side = self._side_at(cell.x)
        if side is None or not side.code:
            return False
        if cls == "a":
            if len(side.code) != 1:
                return False
            side.code.append(cell)
        else:
            side.name.append(cell)
        return True

    def _fill(self, cell: Cell, cls: str) -> bool:
        """A token of a line of names goes to the next side waiting for its name: a 款 part to its code,
        a label to its name (a label after another one, to the next side), a figure to the side named
        last. False when no side waits."""
        if not self.unnamed or cls not in "aTLNZ":
            return False
        target = self.unnamed[0]
        named_last = bool(target.name) and target.name[-1] is self.last
        if cls in "NZ":
            if not named_last or not self.spec(target).values:
                return False
            target.values.append(cell)
            self.unnamed.pop(0)
            return True
        if target.name and not (cls == "T" and named_last):
            self.unnamed.pop(0)
            return self._fill(cell, cls)
        (target.code if cls == "a" else target.name).append(cell)
        return True

    def _take(self, cell: Cell, cls: str, first_on_line: bool) -> None:
        side = self.side
        if cls in "Na" and side is not None and self.code_part(cell, side):
            side.code.append(cell)
        elif cls in "NZ" or (cls in "acegd" and self._integer_is_figure(side, cls, first_on_line)):
            self._figure(cell)
        elif cls in "cegd" or (cls == "a" and self._continues_code(side)):
            self._code(cell, cls)
        elif cls == "a" and (split := self._split_class()) is not None:
            split.code.append(cell)
        elif cls == "a":
            self._row_no(cell)
        else:
            self._text(cell, cls)

    def code_part(self, cell: Cell, side: TextSide) -> bool:
        """In a 元 table, two digits right after a 类 (or its 款) are the next part of a split code (201 03
        01), not a figure: a figure never stands between a code and its name."""
        text = squash(cell.text)
        return (
            len(text) == 2
            and text.isdigit()
            and self._continues_code(side)
            and len(side.code) < 3
            and len(squash(side.code[0].text)) == 3
        )

    def _continues_code(self, side: TextSide | None) -> bool:
        """A 款 or 项 part right after the 类 of a split code (201 06 01, or one part per line)."""
        return side is not None and bool(side.code) and side.code[-1] is self.last

    def _split_class(self) -> TextSide | None:
        """The side of the current row whose code is a 类 the table printed before: each code is printed
        once, so this one is the first part of a split code, and a lone 款 part is its (301 13 302 /
        住房公积金 12: the 12 makes 30212)."""
        row = self.rows[-1] if self.rows else []
        waiting = [s for s in row if len(s.code) == 1 and len(squash(s.code[0].text)) == 3]
        if not waiting:
            return None
        printed = {squash(s.code[0].text)[:3] for r in self.rows[:-1] for s in r if s.code}
        return next((s for s in waiting if squash(s.code[0].text) in printed), None)

    def _integer_is_figure(self, side: TextSide | None, cls: str, first_on_line: bool) -> bool:
        """In 元 tables a whole number is a figure unless it stands where a code does: first on its line,
        or a code before its name."""
        code_of_next = cls in "ceg" and self.before_label  # 30201 办公费: the next group's code and name
        return (
            self.integers_are_amounts
            and side is not None
            and not first_on_line
            and not code_of_next
            and bool(side.code or side.name)
        )

    def _figure(self, cell: Cell) -> None:
        """A figure goes to the side before it (a new side when that side takes no figures); in
        laid-out text, to the side of its row whose words start left of it, nearest."""
        side = self._side_at(cell.x) if cell.x is not None else self.side
        if side is None or not self.spec(side).values:
            side = self.start()
        side.values.append(cell)

    def _side_at(self, x: int) -> TextSide | None:
        row = self.rows[-1] if self.rows else []
        placed = [s for s in row if self.spec(s).values and (s.code or s.name) and (s.code + s.name)[0].x is not None]
        placed = [s for s in placed if min(c.x or 0 for c in s.code + s.name) <= x] or placed
        left = [s for s in placed if min(c.x or 0 for c in s.code + s.name) <= x]
        return max(left, key=lambda s: min(c.x or 0 for c in s.code + s.name)) if left else self.side

    def _lacking(self) -> list[TextSide]:
        """The sides of the current row with a label and value columns but no figure yet."""
        row = self.rows[-1] if self.rows else []
        return [s for s in row if not s.values and (s.code or s.name) and self.spec(s).values]

    def figures_below_labels(self, figures: list[Cell]) -> bool:
        """Figures opening a line below labels that still lack theirs (a line of labels, then a line of
        their figures): one each to those sides, the last of them taking the rest. Fewer figures than
        sides leave them all in doubt (``Doubt``), more lines of figures joining it. False when no label
        waits for figures."""
        lacking = self._lacking()
        if not lacking:
            return False
        doubt = next((s.doubt for s in lacking if s.doubt), None)
        waiting = [*(doubt.figures if doubt else []), *figures]
        if len(waiting) < len(lacking):  # which label's figure is it? The text does not say.
            doubt = doubt or Doubt([], lacking)
            doubt.figures = waiting
            for side in lacking:
                side.doubt = doubt
            return True
        for i, cell in enumerate(waiting):
            lacking[min(i, len(lacking) - 1)].values.append(cell)
        for side in lacking:
            side.doubt = None
        return True

    def tails_and_figures(self, tokens: list[Cell], classes: list[str]) -> bool:
        """A line of a coded table below its row's codes and labels holding only figures and the tails
        of wrapped labels (费 160.75, 187.19 用): the tails continue the label read last, the figures are
        the labels' that lack theirs (in doubt when fewer than they). False for any other line."""
        row = self.rows[-1] if self.rows else []
        tails = [cell for cell, cls in zip(tokens, classes, strict=True) if cls == "T"]
        figures = [cell for cell, cls in zip(tokens, classes, strict=True) if cls in "NZ"]
        coded = any(self.spec(s).code for s in row) and all(s.name and (s.code or not self.spec(s).code) for s in row)
        if not coded or not figures or not self._lacking() or len(tails) + len(figures) < len(tokens):
            return False
        if any(lookup_row_key(cell.text, self.table_kind) for cell in tails):
            return False  # a row label of its own (合计)
        row[-1].name.extend(tails)
        self.last = tokens[-1]
        return self.figures_below_labels(figures)

    def _code(self, cell: Cell, cls: str) -> None:
        """201 06 01 is one split code; a code joins the side of the label printed above it (unless
        that label is a row label of its own, 合计) and else starts a side."""
        side = self.side
        if cls == "a" and self._continues_code(side):
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
        """A label after figures, after a 行次 or numbered (三、…) starts a side; so does a known label
        after a known one (…安排的支出 本年收入合计, blank cells between them gone); else it continues."""
        side = self.side
        if (
            side is None
            or side.values
            or side.row_no
            or (cls == "L" and not side.empty)
            or (side.name and self._starts_label(side.label, cell.text))
        ):
            side = self.start(cell.text)
        side.name.append(cell)

    def _starts_label(self, label: str, text: str) -> bool:
        """A known label of its own (合计, 本年收入合计) after a label it does not continue."""
        known = lookup_row_key(text, self.table_kind) is not None
        return known and (
            lookup_row_key(label, self.table_kind) is not None or lookup_row_key(label + text, self.table_kind) is None
        )


def _tokens(line: list[Cell]) -> list[Cell]:
    """A line's tokens, labels run together without a space (…拨款收入三、国防支出) split at their numbering,
    a numbering printed apart from its label (1. 一般公共预算资金) joined to it: it is no figure."""
    tokens = [replace(cell, text=part) for cell in line for part in split_numbered(cell.text) or [cell.text]]
    joined: list[Cell] = []
    for cell in tokens:
        if joined and _ARABIC_NUMBERING.match(squash(joined[-1].text)) and token_class(cell.text, False) in "TL":
            joined[-1] = replace(joined[-1], text=joined[-1].text + cell.text)
        else:
            joined.append(cell)
    return joined


def text_sides(body: list[list[Cell]], columns: list[Column], table_kind: str, unit: str) -> list[list[TextSide]]:
    """The sides of every printed row of an unaligned table body (lines of whitespace tokens)."""
    reader = _Reader(side_specs(columns), table_kind, unit == "元")
    for line in body:
        reader.begin_line()
        tokens = _tokens(line)
        classes = [token_class(cell.text, reader.integers_are_amounts) for cell in tokens]
        if tokens and reader.side is not None and reader.code_part(tokens[0], reader.side):
            classes[0] = "a"  # a code part on a line of its own (201 / 03 / 01, one cell per line)
        reader.line_has_code = any(cls in "ceg" for cls in classes)
        if not reader.line_has_code and reader.tails_and_figures(tokens, classes):
            continue
        lead = next((i for i, cls in enumerate(classes) if cls not in "NZ"), len(classes))
        if lead and reader.figures_below_labels(tokens[:lead]):
            tokens, classes = tokens[lead:], classes[lead:]
        for i, (cell, cls) in enumerate(zip(tokens, classes, strict=True)):
            reader.take(cell, cls, i == 0, i + 1 < len(classes) and classes[i + 1] in "TL")
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
