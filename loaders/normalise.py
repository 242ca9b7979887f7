"""One normaliser for every reader: grids in, canonical facts out.

The table kind comes from the title words, columns from the header labels and rows from subject
codes and row labels, all looked up in the layout maps (``loaders/layouts/*.csv``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from types import MappingProxyType

from loaders.amounts import is_amount, parse_amount, plain_decimal_text
from loaders.figure_sides import give_out
from loaders.labels import (
    SideRow,
    known_row_label,
    lookup_row_key,
    normalise_label,
    resolve_by_template,
)
from loaders.layouts import (
    UnknownHeaderError,
    looks_like_report_table_title,
    match_table_kind,
    scan_header,
    squash,
    table_shape,
)
from loaders.model import Cell, DocumentError, DocumentText, Fact, Grid, Normalised, RowError, Table, UnmappedRow
from loaders.placement import Evidence, Placement, placements, ranks_for, settle_by_hierarchy, subject_key
from loaders.row_sums import settle_by_row_sums, side_keys
from loaders.segments import Column, Kept, Segment
from loaders.text_header import (
    header_words_after_figures,
    is_column_piece,
    is_header_line,
    shared_cells_problem,
    text_columns,
)
from loaders.text_rows import SideSpec, TextSide, side_specs, text_sides

_CODE_AND_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})(?!\d)")
_SUBJECT_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
UNREAD = "unread"  # the shape of a table kind juesuan recognises by its title but does not read (yet)
_EMPTY_NOTE = re.compile(r"无数据|没有.*(?:收入|支出|数据)|无.*(?:收入|支出)|空表")


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
    if any(is_column_piece(t, table_kind) for t in texts) and all(
        re.fullmatch(r"[\d类款项]*", t) or is_column_piece(t, table_kind) or _labels(t, table_kind) for t in texts
    ):
        return True  # a header whose wrapped labels came apart in extracted text
    try:
        found = scan_header(" ".join(texts), table_kind)
    except UnknownHeaderError:
        return False
    return bool(found) and all(re.fullmatch(r"[\d类款项]*", t) or scan_header(t, table_kind) for t in texts)


def _labels(text: str, table_kind: str) -> bool:
    try:
        return bool(scan_header(text, table_kind))
    except UnknownHeaderError:
        return False


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


# ---------------------------------------------------------------- rows


def _segments(cells_by_column: list[tuple[Column, list[Cell]]]) -> list[Segment]:
    """Split a row into sides: a code or name column after figures (or a row number) starts the next."""
    segments: list[Segment] = []
    current = Segment()
    for column, cells in cells_by_column:
        if column.role in {"code", "name"} and (current.values or current.has_row_no):
            segments.append(current)
            current = Segment(side=len(segments))
        if not cells:
            continue
        if column.role == "code":
            current.code_parts.extend(cells)
        elif column.role == "name":
            current.name_parts.extend(cells)
        elif column.role == "row_no":
            current.has_row_no = True
            current.row_no = squash(cells[0].text)
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


def _text_rows(
    body: list[list[Cell]], columns: list[Column], table_kind: str, unit: str, kept: list[Kept], evidence: Evidence
) -> list[list[Segment]]:
    """Printed rows of a plain-text table: their sides read from the token stream (``text_rows``), the
    figures of each side placed in its value columns (``placement``); a side with more figures than
    columns is kept unmapped."""
    specs = side_specs(columns)
    rows = text_sides(body, columns, table_kind, unit)
    ranks = ranks_for(table_kind, evidence)
    sides = [side for row in rows for side in row]
    for side in sides:  # laid-out text: a row's figures stand in their columns' order, whatever line
        if side.values and all(c.x is not None for c in side.values):
            side.values.sort(key=lambda c: c.x or 0)
    keys = {id(side): subject_key(side.code, side.label, table_kind) for side in sides}
    options = [(keys[id(side)], placements(side.values, specs[side.index].values, table_kind, ranks)) for side in sides]
    if table_shape(table_kind) == "summary":  # a lone figure beside a lost blank: the summary's sums place it
        summary_keys = side_keys(rows, table_kind)
        settled = settle_by_row_sums([summary_keys[id(s)] for s in sides], [found for _, found in options], table_kind)
    else:
        settled = settle_by_hierarchy(options, table_kind)
    chosen = dict(zip(map(id, sides), settled, strict=True))
    doubts = list({id(side.doubt): side.doubt for side in sides if side.doubt}.values())
    given = give_out(doubts, sides, keys, chosen, specs, table_kind, ranks)
    chosen.update(given)
    segments = []
    for row in rows:
        placed = [side for side in row if chosen[id(side)] and (not side.doubt or id(side) in given)]
        segments.append([_segment(side, chosen[id(side)]) for side in placed])
        for side in row:
            if chosen[id(side)] is None:
                kept.append(Kept(side.code + side.name + side.row_no + side.values, _unplaced(side, specs)))
    for doubt in doubts:
        if any(id(side) not in given for side in doubt.sides):
            labels = [c for side in doubt.sides for c in side.code + side.name + side.row_no]
            kept.append(Kept(labels + doubt.figures, f"{doubt.reason}; the table's sums do not tell whose"))
    return segments


def _keep_rows_whole(rows: list[list[TextSide]], reason: str, kept: list[Kept]) -> None:
    """Every printed row with figures kept whole (a row without any loses nothing): read under a header
    that is not understood, its figures would fill the wrong cells."""
    for row in rows:
        doubts = {id(side.doubt): side.doubt for side in row if side.doubt}
        cells = [c for side in row for c in side.code + side.name + side.row_no + side.values]
        cells += [c for doubt in doubts.values() for c in doubt.figures]
        if any(is_amount(c.text) for c in cells):
            kept.append(Kept(cells, reason))


def _unplaced(side: TextSide, specs: list[SideSpec]) -> str:
    """Why a side's figures fill no columns: too many of them, or too few with nothing to tell where."""
    values = specs[side.index].values
    if len(side.values) > len(values):
        return f"{len(side.values)} figures for {len(values)} value columns"
    columns = ", ".join(c.column_key for c in values)
    return (
        f"{len(side.values)} figure(s) for {len(values)} value columns ({columns}): the text lost the blank "
        "cells and the table's sums do not tell which the figures fill"
    )


def _segment(side: TextSide, placement: Placement) -> Segment:
    row_no = "".join(squash(c.text) for c in side.row_no)
    values = list(zip(placement.columns, placement.values, strict=True))
    return Segment(side.index, side.code, side.name, values, row_no, bool(row_no))


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


RowKey = str | RowError | None  # a key, why there is none, or nothing to key (a blank side)


def _keys_of_rows(rows: list[list[Segment]], table_kind: str) -> list[list[RowKey]]:
    """The key of every row side, in printed order; on the summary tables a label still unknown is
    keyed by the national templates (行次 or row order) where they tell."""
    keys: list[list[RowKey]] = []
    seen_by_side: dict[int, set[str]] = {}
    summary = table_shape(table_kind) == "summary"
    for segments in rows:
        row_keys: list[RowKey] = []
        for segment in segments:
            seen = seen_by_side.setdefault(segment.side, set())
            key = _side_key(segment, table_kind, seen, summary)
            if isinstance(key, str):
                seen.add(key)
            row_keys.append(key)
        keys.append(row_keys)
    if summary:
        _keys_from_template(rows, keys, table_kind)
    return keys


def _side_key(segment: Segment, table_kind: str, seen: set[str], summary: bool) -> RowKey:
    try:
        blank = all(parse_amount_in(cell) is None for _, cell in segment.values)
    except RowError as err:
        return err
    if any(col.row_key for col, _ in segment.values) or (blank and not summary):
        return None  # wide columns name their rows; a blank side has nothing to key
    try:
        # blank summary lines still count: they order the 总计 lines and the template rows
        return _row_key(segment, table_kind, seen)
    except RowError as err:
        return None if blank else err  # an unknown line without figures loses nothing


def _keys_from_template(rows: list[list[Segment]], keys: list[list[RowKey]], table_kind: str) -> None:
    """Summary lines whose label is unknown, keyed by their 行次 or place in the national template."""
    placed = [(i, j, segment) for i, row in enumerate(rows) for j, segment in enumerate(row) if segment.name]
    for side in {segment.side for _, _, segment in placed}:
        named = [(i, j, segment) for i, j, segment in placed if segment.side == side]
        known = [SideRow(k if isinstance(k := keys[i][j], str) else None, segment.row_no) for i, j, segment in named]
        for (i, j, _), found in zip(named, resolve_by_template(table_kind, side, known), strict=True):
            if found and isinstance(keys[i][j], RowError):
                keys[i][j] = found


def _facts_of_rows(rows: list[list[Segment]], table_kind: str, seq: int, unit: str, kept: list[Kept]) -> list[Fact]:
    """The facts of every row side; a side that cannot be keyed is ``kept`` whole, none of its figures loaded."""
    facts: dict[tuple[str, str], Fact] = {}
    for segments, row_keys in zip(rows, _keys_of_rows(rows, table_kind), strict=True):
        for segment, key in zip(segments, row_keys, strict=True):
            try:
                if isinstance(key, RowError):
                    raise key
                new = _segment_facts(segment, key, table_kind, seq, unit, facts)
            except RowError as err:
                kept.append(Kept(segment.cells(), str(err)))
                continue
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
    grid: Grid, body: list[list[Cell]], table_kind: str, unit: str, kept: list[Kept], evidence: Evidence
) -> list[list[Segment]]:
    """Body rows split into sides by the header's columns; DocumentError when the header cannot be read."""
    header = grid.rows[: len(grid.rows) - len(body)]
    if not grid.aligned:
        while header and _opens_body(header[-1], body, table_kind):
            header, body = header[:-1], [header[-1], *body]
        tail = header_words_after_figures(body[0], table_kind) if body else []
        if tail:
            header, body = [*header, tail], [body[0][: -len(tail)], *body[1:]]
        text_cols = text_columns(header, table_kind)
        if not any(c.role == "value" for c in text_cols):
            raise DocumentError("no value column recognised in the header")
        if grid.laid_out:
            body = _figures_with_the_row_below([r for r in body if not _is_header_line_of(r, table_kind)])
        if problem := shared_cells_problem(text_cols, header):
            rows = text_sides(body, text_cols, table_kind, unit)
            _keep_rows_whole(rows, f"table header not understood: {problem}", kept)
            return []
        return _text_rows(body, text_cols, table_kind, unit, kept, evidence)
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
            kept.append(Kept(row, str(err)))
    _give_orphan_figures_their_labels(rows)
    return rows


def _give_orphan_figures_their_labels(rows: list[list[Segment]]) -> None:
    """Converters sometimes put a figure in the last cell of its row, or on a row of its own, away
    from its label (公用经费合计 | | | 184.65): figures with no label, code or 行次 go to the nearest
    label before them, in the row or the row above, that has no figures and the same columns."""
    waiting: list[Segment] = []
    for row in rows:
        for segment in row:
            labelled = segment.has_row_no or any(squash(c.text) for c in segment.code_parts + segment.name_parts)
            figures = any(squash(cell.text) for _, cell in segment.values)
            if labelled and not figures:
                waiting.append(segment)
            elif not labelled and figures and not any(c.row_key for c, _ in segment.values):
                keys = {c.column_key for c, _ in segment.values}
                target = next((w for w in reversed(waiting) if keys <= _side_keys(w, row, rows)), None)
                if target is not None:
                    target.values, segment.values = segment.values, []
                    waiting.remove(target)
        waiting = [w for w in waiting if w in row]  # only the row above waits for a row of figures


def _side_keys(segment: Segment, row: list[Segment], rows: list[list[Segment]]) -> set[str]:
    """The value columns of a segment's side, as any printed segment of that side shows them."""
    return {c.column_key for r in rows for s in r if s.side == segment.side for c, _ in s.values} | {
        c.column_key for c, _ in segment.values
    }


def _is_header_line_of(line: list[Cell], table_kind: str) -> bool:
    texts = [squash(c.text) for c in line if squash(c.text)]
    if not texts or any(is_amount(t) for t in texts) or lookup_row_key("".join(texts), table_kind):
        return False  # figures, or a row label (合计) that is a header word too
    return _is_header_text(texts, table_kind)


def _figures_with_the_row_below(body: list[list[Cell]]) -> list[list[Cell]]:
    """Laid-out text (pdftotext -layout) prints a row's figures where they stand on the page, often on
    a line above the row's code or label (a wrapped cell centres the others): a line of figures only
    joins the next line that has a code or label, the figures after its words."""
    joined: list[list[Cell]] = []
    waiting: list[Cell] = []
    for line in body:
        if all(is_amount(c.text) and re.search(r"[.,]", c.text) for c in line):  # not codes: 301 01
            waiting += line
        else:
            joined.append(line + waiting)
            waiting = []
    return [*joined, waiting] if waiting else joined


def _opens_body(line: list[Cell], body: list[list[Cell]], table_kind: str) -> bool:
    """A text line split_header took for header that opens the body: a wrapped label above the first
    code (一般公共服务支 / 201 306.90 / 出), or a row label alone on its line above its figures (合计)."""
    if not is_header_line(line, table_kind):
        return True
    label = " ".join(c.text for c in line)
    first = body[0][0].text if body and body[0] else ""
    return lookup_row_key(label, table_kind) is not None and is_amount(first)


def normalise_grid(
    grid: Grid, table_kind: str, seq: int, unit: str, evidence: Evidence = MappingProxyType({})
) -> tuple[Table, list[Kept]]:
    """Facts of one recognised grid, and the rows kept unmapped (all of them when the header is unreadable)."""
    _, body = split_header(grid, table_kind)
    kept: list[Kept] = []
    try:
        rows = _segment_rows(grid, body, table_kind, unit, kept, evidence)
    except DocumentError as err:
        rows, kept = [], [Kept(row, f"table header not understood: {err}") for row in _printed_rows(grid, body)]
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
    """The figures of a printed row: its amounts, less the subject codes (301 01, 30201) before a label."""
    texts = [squash(c.text) for c in cells]
    codes: set[int] = set()
    for i, text in enumerate(texts):
        if not is_amount(text):  # a label: the code parts right before it are its code
            j = i - 1
            while j >= 0 and (_SUBJECT_CODE.match(texts[j]) or re.fullmatch(r"\d{2}", texts[j])):
                codes.add(j)
                j -= 1
    return tuple(c.text.strip() for i, c in enumerate(cells) if is_amount(c.text) and i not in codes)


def _unmapped(kept: Kept, grid: Grid, table: Table | None, unread_kind: str | None = None) -> UnmappedRow:
    cells = [c for c in kept.cells if squash(c.text)]
    first = cells[0] if cells else Cell("", page=grid.page_start, line=grid.line_start)
    return UnmappedRow(
        table_seq=table.seq if table else None,
        table_kind=table.table_kind if table else unread_kind,
        table_no=grid.table_no,
        table_title=grid.title.strip(),
        page=first.page,
        line=first.line,
        source=_source(first),
        text=" ".join(re.sub(r"\s+", "", c.text) for c in cells),
        figures=_printed_figures(cells),
        reason=kept.reason,
        title_page=grid.page_start,
        title_line=grid.line_start,
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


_UNIT_IN_HEADER = re.compile(r"（(万元|千元|元)）|单位：(万元|千元|元)")  # in squashed text


def header_unit(grid: Grid, table_kind: str) -> str | None:
    """The unit printed only inside the table's header (金额（万元）, 决算数(元)): the table's unit when no
    单位： line names one. Units that differ between header cells name none."""
    header, _ = split_header(grid, table_kind)
    texts = [squash(cell.text) for row in header for cell in row]
    units = {found.group(1) or found.group(2) for text in texts for found in _UNIT_IN_HEADER.finditer(text)}
    return units.pop() if len(units) == 1 else None


def normalise(doc: DocumentText, require_tables: bool = True) -> Normalised:
    """All recognised tables of a document with their facts, and every printed row the layout maps could
    not key, kept verbatim. DocumentError only when the document holds no recognised table at all, unless
    ``require_tables`` is off (a report whose narrative the pipeline recognised, tables published separately)."""
    result = Normalised(tables=[])
    evidence: dict[tuple[str, str, str], Decimal] = {}  # figures read so far: the tables bear each other out
    unknown_titles: list[str] = []
    for grid in (g for g in doc.grids if g.rows):  # a title without rows names a table, prints none
        table_kind = match_table_kind(grid.title)
        if table_kind is None:
            if looks_like_report_table_title(grid.title) and grid.rows:
                reason = (
                    f"unknown table title '{grid.title.strip()}' (add its words to loaders/layouts/table_titles.csv)"
                )
                unknown_titles.append(f"{_where(grid)}: {reason}")
                result.unmapped += [_unmapped(Kept(r, reason), grid, None) for r in _printed_rows(grid, [])]
            continue
        if table_shape(table_kind) == UNREAD:
            known = f"a table juesuan knows ({table_kind}) but does not read yet"
            unknown_titles.append(f"{_where(grid)}: '{grid.title.strip()}' is {known}")
            reason = f"{known}: its rows are kept as printed"
            result.unmapped += [_unmapped(Kept(r, reason), grid, None, table_kind) for r in _printed_rows(grid, [])]
            continue
        unit = grid.unit or header_unit(grid, table_kind) or doc.unit
        if unit is None:
            reason = f"table '{grid.title.strip()}' names no unit"
            result.unmapped += [_unmapped(Kept(r, reason), grid, None) for r in _printed_rows(grid, [])]
            continue
        table, kept = normalise_grid(grid, table_kind, len(result.tables) + 1, unit, evidence)
        evidence.update({(f.table_kind, f.row_key, f.column_key): f.value for f in table.facts})
        result.tables.append(table)
        result.unmapped += [_unmapped(k, grid, table) for k in kept]
    if not result.tables and require_tables:
        found = "; ".join(unknown_titles)
        raise DocumentError(f"{doc.path}: no 部门决算 or 部门预算 table found" + (f" ({found})" if found else ""))
    return result
