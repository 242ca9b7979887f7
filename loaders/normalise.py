"""One normaliser for every reader: grids in, canonical facts out.

The table kind comes from the title words, columns from the header labels and rows from subject
codes and row labels, all looked up in the layout maps (``loaders/layouts/*.csv``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from loaders.layouts import (
    ColumnLabel,
    UnknownHeaderError,
    known_row_label,
    lookup_row_key,
    match_table_kind,
    normalise_label,
    scan_header,
    squash,
    table_shape,
)
from loaders.model import Cell, DocumentError, DocumentText, Fact, Grid, Normalised, RowError, Table, UnmappedRow

_AMOUNT = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[-−]?\.\d+$")
_PAREN_NEGATIVE = re.compile(r"^[（(]([\d,.]+)[)）]$")
_BLANK_MARKS = {"", "-", "—", "–", "/", "－", "——"}
_CODE_PART = re.compile(r"^\d{2,3}$")
_SUBJECT_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_CODE_AND_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})(?!\d)")
_EMPTY_NOTE = re.compile(r"无数据|没有.*(?:收入|支出|数据)|无.*(?:收入|支出)|空表")


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

    code_parts: list[Cell] = field(default_factory=list)
    name_parts: list[Cell] = field(default_factory=list)
    values: list[tuple[Column, Cell]] = field(default_factory=list)
    has_row_no: bool = False

    @property
    def code(self) -> str:
        return "".join(squash(c.text) for c in self.code_parts if not _is_code_subheader(c.text))

    @property
    def name(self) -> str:
        return "".join(re.sub(r"\s+", "", c.text) for c in self.name_parts)

    def cells(self) -> list[Cell]:
        return self.code_parts + self.name_parts + [c for _, c in self.values]


@dataclass(frozen=True)
class _Kept:
    """Printed cells of a row the normaliser could not key, and why."""

    cells: list[Cell]
    reason: str


def _is_code_subheader(text: str) -> bool:
    return squash(text) in {"类", "款", "项"}


# ---------------------------------------------------------------- values


def parse_amount(text: str) -> Decimal | None:
    """An exact Decimal from a printed amount ("2,209.05", "(1.00)"); None for a blank cell."""
    raw = squash(text).replace("−", "-")
    if raw in _BLANK_MARKS:
        return None
    negative = _PAREN_NEGATIVE.match(raw)
    if negative:
        raw = "-" + negative.group(1)
    if not _AMOUNT.match(raw):
        raise ValueError(f"'{text}' is not an amount")
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation as err:  # pragma: no cover - the regex admits only valid numbers
        raise ValueError(f"'{text}' is not an amount") from err


def is_amount(text: str) -> bool:
    try:
        return parse_amount(text) is not None
    except ValueError:
        return False


def plain_decimal_text(value: Decimal) -> str:
    """The value as published, without thousands separators ("2209.05")."""
    return format(value, "f")


# ---------------------------------------------------------------- header


def _is_body_row(cells: list[Cell], table_kind: str) -> bool:
    """A row that carries figures, a subject code or a known row label (not header text)."""
    texts = [squash(c.text) for c in cells if squash(c.text)]
    if not texts:
        return False
    if any(("." in t or "," in t) and is_amount(t) for t in texts):
        return True
    if all(t.isdigit() for t in texts) and not _is_column_numbering(texts):
        return True  # whole-number figures (元) of a row printed without a label (wide 三公 layout)
    if _SUBJECT_CODE.match(texts[0]):
        return True
    return any(known_row_label(t, table_kind) for t in texts[:2]) and not _is_header_text(texts, table_kind)


def _is_column_numbering(texts: list[str]) -> bool:
    """The 栏次 row: 1 2 3 … printed under the header."""
    numbers = [int(t) for t in texts]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _is_header_text(texts: list[str], table_kind: str) -> bool:
    """Every cell is a header label, a 栏次 number or blank: a (repeated) header row."""
    try:
        found = scan_header(" ".join(texts), table_kind)
    except UnknownHeaderError:
        return False
    return bool(found) and all(re.fullmatch(r"[\d类款项]*", t) or scan_header(t, table_kind) for t in texts)


def split_header(grid: Grid, table_kind: str) -> tuple[list[list[Cell]], list[list[Cell]]]:
    """Header rows (leading rows until the first row of figures, codes or row labels) and body rows."""
    width = max((len(r) for r in grid.rows), default=0)
    for i, row in enumerate(grid.rows):
        if _is_body_row(row, table_kind) or (
            grid.aligned and i > 0 and _labels_a_row(row, grid.rows[:i], width, table_kind)
        ):
            return grid.rows[:i], grid.rows[i:]
    return grid.rows, []


def _labels_a_row(row: list[Cell], header: list[list[Cell]], width: int, table_kind: str) -> bool:
    """A row label (合计) under a code or name header: a body row even when all its figures are blank,
    although the same word heads a value column elsewhere (合计 基本支出 项目支出)."""
    try:
        columns = aligned_columns(header, width, table_kind)
    except DocumentError:
        return False
    return any(
        column is not None and column.role in {"code", "name"} and known_row_label(cell.text, table_kind)
        for cell, column in zip(row, columns, strict=False)
        if squash(cell.text)
    )


def _header_paths(header: list[list[Cell]], width: int) -> list[list[str]]:
    """Per column, the header texts top-down; a blank (merged) cell inherits from its left
    neighbour only while no row above starts a new span at this column."""
    paths: list[list[str]] = [[] for _ in range(width)]
    span_starts = [False] * width
    for row in header:
        filled: list[str] = []
        for col in range(width):
            text = squash(row[col].text) if col < len(row) else ""
            if text:
                filled.append(text)
            elif col > 0 and not span_starts[col] and filled[col - 1]:
                filled.append(filled[col - 1])
            else:
                filled.append("")
        for col in range(width):
            if col < len(row) and squash(row[col].text):
                span_starts[col] = True
            if filled[col] and (not paths[col] or paths[col][-1] != filled[col]):
                paths[col].append(filled[col])
    return paths


def _three_public_row(path: list[str], table_kind: str) -> tuple[str, str]:
    """Key and label of the deepest header group of a wide 三公 table that names a row (合计, 公务接待费 …)."""
    for text in reversed(path):
        key = lookup_row_key(text, table_kind)
        if key:
            return key, text
    return "", ""


def aligned_columns(header: list[list[Cell]], width: int, table_kind: str) -> list[Column | None]:
    """The role of every column of an aligned grid; None for a column with no header at all."""
    columns: list[Column | None] = []
    for col, path in enumerate(_header_paths(header, width)):
        if not path:
            columns.append(None)
            continue
        try:
            found = [c for c in scan_header(" ".join(path), table_kind) if c.role != "ignore"]
        except UnknownHeaderError as err:
            raise DocumentError(f"column {col + 1}: {err}") from err
        if not found:
            columns.append(None)
            continue
        label = found[-1]
        wide = table_shape(table_kind) == "three_public"
        row_key, row_label = _three_public_row(path, table_kind) if wide else ("", "")
        columns.append(Column(label.role, label.column_key, row_key, row_label))
    return columns


def text_columns(header: list[list[Cell]], table_kind: str) -> list[Column]:
    """Column roles of a plain-text grid, in the printed order of the joined header text."""
    text = " ".join(c.text for row in header for c in row)
    try:
        found: list[ColumnLabel] = scan_header(text, table_kind)
    except UnknownHeaderError as err:
        raise DocumentError(str(err)) from err
    return [Column(c.role, c.column_key) for c in found if c.role != "ignore"]


# ---------------------------------------------------------------- rows


def _segments(cells_by_column: list[tuple[Column, list[Cell]]]) -> list[Segment]:
    """Split a row into sides: a code or name column after figures (or a row number) starts the next."""
    segments: list[Segment] = []
    current = Segment()
    for column, cells in cells_by_column:
        if column.role in {"code", "name"} and (current.values or current.has_row_no):
            segments.append(current)
            current = Segment()
        if not cells:
            continue
        if column.role == "code":
            current.code_parts.extend(cells)
        elif column.role == "name":
            current.name_parts.extend(cells)
        elif column.role == "row_no":
            current.has_row_no = True
        else:
            current.values.append((column, cells[0]))
    segments.append(current)
    return segments


def _segments_from_aligned(row: list[Cell], columns: list[Column | None]) -> list[Segment]:
    cells_by_column = []
    for cell, column in zip(row, columns, strict=False):
        if column is None:
            if squash(cell.text):
                raise RowError(f"{cell.ref or 'a cell'}: '{cell.text}' in a column with no header")
            continue
        cells_by_column.append((column, [cell]))
    return _segments(cells_by_column)


def _token_class(text: str, integers_are_amounts: bool) -> str:
    """One letter per token so a row can be matched against the header's roles with a regex."""
    raw = squash(text)
    if raw in _BLANK_MARKS:
        return "Z"
    if raw == "0":
        return "N"  # a zero printed without decimals; never a code or a row number
    if raw.isdigit():
        if integers_are_amounts and not _SUBJECT_CODE.match(raw):
            return "N"
        return {1: "a", 2: "a", 3: "c", 5: "e", 7: "g"}.get(len(raw), "d")
    if is_amount(raw):
        return "N"
    return "T"


_ROLE_PATTERNS = {"code": "(?:ca{0,2}|e|g)", "name": "T+", "row_no": "[ac]"}


def _row_pattern(columns: list[Column], integers_are_amounts: bool) -> re.Pattern[str]:
    """A regex over token classes: per side, an optional code, name and row number, then either
    all of the side's values or none (a side left blank, as the summary tables print)."""
    value = "[NZ" + ("acegd" if integers_are_amounts else "") + "]"
    parts: list[str] = []
    values: list[str] = []

    def close_values() -> None:
        if values:
            parts.append("(?:" + "".join(values) + ")?")
            values.clear()

    for i, column in enumerate(columns):
        if column.role == "value":
            values.append(f"(?P<v{i}>{value})")
        else:
            if column.role in {"code", "name"}:
                close_values()
            parts.append(f"(?P<{column.role}{i}>{_ROLE_PATTERNS[column.role]})?")
    close_values()
    return re.compile("^" + "".join(parts) + "$")


def _segments_from_tokens(
    tokens: list[Cell], columns: list[Column], pattern: re.Pattern[str], classes: str
) -> list[Segment] | None:
    match = pattern.match(classes)
    if not match:
        return None
    cells_by_column = []
    for i, column in enumerate(columns):
        start, end = match.span(f"{column.role if column.role != 'value' else 'v'}{i}")
        cells_by_column.append((column, tokens[start:end] if start >= 0 else []))
    return _segments(cells_by_column)


def _unreadable(tokens: list[Cell], columns: list[Column]) -> str:
    """Why tokens match no columns: a figure that is not an amount, else too many or too few figures."""
    garbled = [c.text for c in tokens if re.search(r"\d[^\d,.]|[^\d,.]\d", c.text) and not is_amount(c.text)]
    what = "".join(f"'{t}' is not an amount; " for t in garbled)
    return what + f"cannot read the row against the columns {[c.column_key or c.role for c in columns]}"


def _text_rows(body: list[list[Cell]], columns: list[Column], unit: str, kept: list[_Kept]) -> list[list[Segment]]:
    """Join printed lines into logical rows: a wrapped name or code continues on the next line
    until the tokens gathered match the header's columns. Lines that never do are ``kept`` unmapped."""
    integers_are_amounts = unit == "元"
    pattern = _row_pattern(columns, integers_are_amounts)
    has_row_no = any(c.role == "row_no" for c in columns)
    rows: list[list[Segment]] = []
    pending: list[Cell] = []
    unmatched = False  # pending holds figures that matched no columns: only a label's last part may follow
    for line in body:
        if not line:
            continue
        line_classes = "".join(_token_class(c.text, integers_are_amounts) for c in line)
        if unmatched and re.search(r"[NZ]", line_classes):
            kept.append(_Kept(pending, _unreadable(pending, columns)))
            pending, unmatched = [], False
        pending = pending + line
        classes = "".join(_token_class(c.text, integers_are_amounts) for c in pending)
        only_row_numbers = has_row_no and re.fullmatch(r"[ac]+", classes) is not None
        if "N" not in classes and "Z" not in classes and not only_row_numbers:
            continue  # a wrapped code or label: its figures are on a following line
        segments = _segments_from_tokens(pending, columns, pattern, classes)
        if segments is not None:
            rows.append(segments)
            pending, unmatched = [], False
        elif len({c.line for c in pending}) >= 4:
            kept.append(_Kept(pending, _unreadable(pending, columns)))
            pending, unmatched = [], False
        else:
            unmatched = True
    if pending and re.search(r"[NZ]", "".join(_token_class(c.text, False) for c in pending)):
        kept.append(_Kept(pending, "incomplete row: its figures do not fill the columns"))
    return rows


# ---------------------------------------------------------------- row keys


def _function_row_key(segment: Segment, table_kind: str) -> str | None:
    code, name = segment.code, segment.name
    if code and not code.isdigit():  # 合计 printed across the merged code cells
        code, name = "", code + name
    combined = _CODE_AND_NAME.match(name)
    if not code and combined:  # "2013704 信息安全事务" in one cell, or a code alone in the name column
        code = combined.group(1)
    if code:
        if not _SUBJECT_CODE.match(code):
            raise RowError(f"'{code}' is not a subject code")
        return code
    if not name:
        return None
    key = lookup_row_key(name, table_kind)
    if key is None:
        raise RowError(f"row '{name}' has no subject code and is not a known row label")
    return key


def _summary_row_key(segment: Segment, table_kind: str, seen: set[str]) -> str | None:
    if not segment.name:
        return None
    key = lookup_row_key(segment.name, table_kind, seen)
    if key is None:
        raise RowError(f"unknown row label '{segment.name}' (add it to loaders/layouts/row_labels.csv)")
    return key


def _unit_row_key(segment: Segment, table_kind: str) -> str | None:
    if not segment.name:
        return None
    return lookup_row_key(segment.name, table_kind) or normalise_label(segment.name)


def _row_key(segment: Segment, table_kind: str, seen: set[str]) -> str | None:
    shape = table_shape(table_kind)
    if shape == "summary":
        return _summary_row_key(segment, table_kind, seen)
    if shape == "unit":
        return _unit_row_key(segment, table_kind)
    if shape in {"function", "economic"}:
        return _function_row_key(segment, table_kind)
    if not segment.name:
        return None
    key = lookup_row_key(segment.name, table_kind)
    if key is None:
        raise RowError(f"unknown row label '{segment.name}' (add it to loaders/layouts/row_labels.csv)")
    return key


# ---------------------------------------------------------------- tables


def _source(cell: Cell) -> str:
    """Page, line and reader position of a cell, each once ("p8 r14 c6", "p3 L86 t3")."""
    ref_parts = cell.ref.split()
    where = []
    if cell.page is not None and f"p{cell.page}" not in ref_parts:
        where.append(f"p{cell.page}")
    if cell.line is not None and f"L{cell.line}" not in ref_parts:
        where.append(f"L{cell.line}")
    return " ".join([*where, *ref_parts])


def _segment_facts(
    segment: Segment, row_key: str | None, table_kind: str, seq: int, unit: str, facts: dict[tuple[str, str], Fact]
) -> list[Fact]:
    """The facts of one side of a row; RowError when a figure has no key or contradicts one printed before."""
    found: list[Fact] = []
    for column, cell in segment.values:
        value = parse_amount_in(cell)
        if value is None:
            continue
        key = column.row_key or row_key
        if not key:
            raise RowError(f"{_source(cell)}: figure '{cell.text}' has no row label or code")
        label = column.row_label or segment.name or segment.code or key
        fact = Fact(
            seq,
            table_kind,
            key,
            label,
            column.column_key,
            value,
            plain_decimal_text(value),
            unit,
            cell.page,
            cell.line,
            _source(cell),
        )
        previous = facts.get((key, column.column_key))
        if previous and previous.value != value:
            raise RowError(
                f"{_source(cell)}: row '{key}' column '{column.column_key}' printed twice "
                f"({previous.value_text} at {previous.source}, {fact.value_text})"
            )
        found.append(fact)
    return found


def _facts_of_rows(rows: list[list[Segment]], table_kind: str, seq: int, unit: str, kept: list[_Kept]) -> list[Fact]:
    """The facts of every row side; a side that cannot be keyed is ``kept`` whole, none of its figures loaded."""
    facts: dict[tuple[str, str], Fact] = {}
    seen_by_side: dict[int, set[str]] = {}
    for segments in rows:
        for side, segment in enumerate(segments):
            seen = seen_by_side.setdefault(side, set())
            try:
                wide_values = [(col, cell) for col, cell in segment.values if col.row_key]
                blank = all(parse_amount_in(cell) is None for _, cell in segment.values)
                if wide_values or (blank and table_shape(table_kind) != "summary"):
                    row_key = None  # nothing to key (summary lines still count: they order the 总计 lines)
                else:
                    row_key = _row_key(segment, table_kind, seen)
                new = _segment_facts(segment, row_key, table_kind, seq, unit, facts)
            except RowError as err:
                kept.append(_Kept(segment.cells(), str(err)))
                continue
            if row_key:
                seen.add(row_key)
            facts.update({(f.row_key, f.column_key): f for f in new})
    return list(facts.values())


def parse_amount_in(cell: Cell) -> Decimal | None:
    try:
        return parse_amount(cell.text)
    except ValueError as err:
        raise RowError(f"{_source(cell)}: {err}") from err


def _declared_empty(notes: list[str]) -> str | None:
    for note in notes:
        if _EMPTY_NOTE.search(squash(note)):
            return note.strip()
    return None


def _segment_rows(
    grid: Grid, body: list[list[Cell]], table_kind: str, unit: str, kept: list[_Kept]
) -> list[list[Segment]]:
    """Body rows split into sides by the header's columns; DocumentError when the header cannot be read."""
    header = grid.rows[: len(grid.rows) - len(body)]
    if not grid.aligned:
        text_cols = text_columns(header, table_kind)
        if not any(c.role == "value" for c in text_cols):
            raise DocumentError("no value column recognised in the header")
        return _text_rows(body, text_cols, unit, kept)
    width = max((len(r) for r in grid.rows), default=0)
    columns = aligned_columns(header, width, table_kind)
    if not any(c and c.role == "value" for c in columns):
        raise DocumentError("no value column recognised in the header")
    rows = []
    for row in body:
        texts = [squash(c.text) for c in row if squash(c.text)]
        if not texts or _is_header_text(texts, table_kind):
            continue
        try:
            rows.append(_segments_from_aligned(row, columns))
        except RowError as err:
            kept.append(_Kept(row, str(err)))
    return rows


def normalise_grid(grid: Grid, table_kind: str, seq: int, unit: str) -> tuple[Table, list[_Kept]]:
    """Facts of one recognised grid, and the rows kept unmapped (all of them when the header is unreadable)."""
    _, body = split_header(grid, table_kind)
    kept: list[_Kept] = []
    try:
        rows = _segment_rows(grid, body, table_kind, unit, kept)
    except DocumentError as err:
        rows, kept = [], [_Kept(row, f"table header not understood: {err}") for row in _printed_rows(grid, body)]
    facts = _facts_of_rows(rows, table_kind, seq, unit, kept)
    empty_note = _declared_empty(grid.notes)
    table = Table(
        seq=seq,
        table_kind=table_kind,
        table_no=grid.table_no,
        title=grid.title.strip(),
        unit=unit,
        is_empty=empty_note is not None and all(f.value == 0 for f in facts),
        empty_note=empty_note,
        page_start=grid.page_start,
        page_end=grid.page_end,
        line_start=grid.line_start,
        line_end=grid.line_end,
        facts=facts,
    )
    return table, kept


def _printed_rows(grid: Grid, body: list[list[Cell]]) -> list[list[Cell]]:
    """The rows of a table that could not be read, to keep verbatim: its body (all rows when none was told)."""
    return [r for r in body or grid.rows if any(squash(c.text) for c in r)]


def _printed_figures(cells: list[Cell]) -> tuple[str, ...]:
    """The figures of a printed row: its amounts, less the code cells that precede its label."""
    first_text = next((i for i, c in enumerate(cells) if not is_amount(c.text)), len(cells))
    codes = first_text if first_text < len(cells) else 0
    return tuple(c.text.strip() for c in cells[codes:] if is_amount(c.text))


def _unmapped(kept: _Kept, grid: Grid, table: Table | None) -> UnmappedRow:
    cells = [c for c in kept.cells if squash(c.text)]
    first = cells[0] if cells else Cell("", page=grid.page_start, line=grid.line_start)
    return UnmappedRow(
        table_seq=table.seq if table else None,
        table_kind=table.table_kind if table else None,
        table_no=grid.table_no,
        table_title=grid.title.strip(),
        page=first.page,
        line=first.line,
        source=_source(first),
        text=" ".join(re.sub(r"\s+", "", c.text) for c in cells),
        figures=_printed_figures(cells),
        reason=kept.reason,
    )


def _where(grid: Grid) -> str:
    """Page and/or line span of a grid, as the error messages name it."""
    parts = []
    if grid.page_start is not None:
        same = grid.page_end in (None, grid.page_start)
        parts.append(f"page {grid.page_start}" + ("" if same else f"-{grid.page_end}"))
    if grid.line_start is not None:
        parts.append(f"line {grid.line_start}")
    return ", ".join(parts) or "position unknown"


def looks_like_final_accounts_title(title: str) -> bool:
    text = squash(title)
    return "决算" in text and "表" in text


def normalise(doc: DocumentText, require_tables: bool = True) -> Normalised:
    """All recognised tables of a document with their facts, and every printed row the layout maps could
    not key, kept verbatim. DocumentError only when the document holds no recognised table at all, unless
    ``require_tables`` is off (a report whose narrative the pipeline recognised, tables published separately)."""
    result = Normalised(tables=[])
    unknown_titles: list[str] = []
    for grid in doc.grids:
        table_kind = match_table_kind(grid.title)
        if table_kind is None:
            if looks_like_final_accounts_title(grid.title) and grid.rows:
                reason = (
                    f"unknown table title '{grid.title.strip()}' (add its words to loaders/layouts/table_titles.csv)"
                )
                unknown_titles.append(f"{_where(grid)}: {reason}")
                result.unmapped += [_unmapped(_Kept(r, reason), grid, None) for r in _printed_rows(grid, [])]
            continue
        unit = grid.unit or doc.unit
        if unit is None:
            reason = f"table '{grid.title.strip()}' names no unit"
            result.unmapped += [_unmapped(_Kept(r, reason), grid, None) for r in _printed_rows(grid, [])]
            continue
        table, kept = normalise_grid(grid, table_kind, len(result.tables) + 1, unit)
        result.tables.append(table)
        result.unmapped += [_unmapped(k, grid, table) for k in kept]
    if not result.tables and require_tables:
        found = "; ".join(unknown_titles)
        raise DocumentError(f"{doc.path}: no 部门决算 table found" + (f" ({found})" if found else ""))
    return result
