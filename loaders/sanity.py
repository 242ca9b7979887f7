"""Sanity checks before a document is loaded: what would otherwise load silently wrong.

Each check raises DocumentError naming the file, the table and the cell, so the document is
rejected whole and the batch goes on.

- Columns (on the grids a reader found, before they are normalised): a value column with no
  header label of its own (a 栏次 number is not a label), whose header would only repeat the
  label of the column to its left, is a header narrower than its body (a label lost: every figure
  right of it would shift one column) or a body row wider than its header.
- Amounts (on the normalised facts): every figure of a table fits the warehouse's DECIMAL(20, 4)
  exactly — a cell the warehouse would round is a table defect the analyst must see. (A figure the
  narrative states that does not fit is kept with its text and no value: raw.statements.value_problem.)
"""

from __future__ import annotations

from loaders.layouts import match_table_kind, squash
from loaders.model import Cell, DocumentError, DocumentText, Grid, Table
from loaders.normalise import _source, _where, aligned_columns, split_header
from loaders.raw_rows import unstorable


def check_amounts(path: str, tables: list[Table]) -> None:
    """Every figure fits DECIMAL(20, 4) exactly: a figure the warehouse would reject or round is an error."""
    for table in tables:
        for fact in table.facts:
            problem = unstorable(fact.value_text, fact.value)
            if problem:
                raise DocumentError(f"{path}: table '{table.title}' ({table.table_kind}): {fact.source}: {problem}")


def _unlabelled_column(grid: Grid, table_kind: str) -> str | None:
    """Why a value column of an aligned grid cannot be told from its left neighbour, or None."""
    header, body = split_header(grid, table_kind)
    width = max((len(row) for row in grid.rows), default=0)
    try:
        columns = aligned_columns(header, width, table_kind)
    except DocumentError:
        return None  # an unknown header label: the normaliser reports it
    for col in range(1, width):
        column, left = columns[col], columns[col - 1]
        if column is None or left is None or column.role != "value":
            continue
        if any(_is_label(_cell(row, col).text) for row in header):
            continue  # a label of its own (under a merged group label, it may repeat the group's)
        if (column.column_key, column.row_key) != (left.column_key, left.row_key):
            continue
        figures = [_cell(row, col) for row in body if squash(_cell(row, col).text)]
        first = f"; its first figure: {_source(figures[0])} '{figures[0].text}'" if figures else ""
        return (
            f"column {col + 1} has no header label of its own (its header would repeat column {col}'s "
            f"'{column.column_key}'){first}: a header label is missing or a body row is wider than the "
            "header, and figures would land in the wrong column"
        )
    return None


def _is_label(text: str) -> bool:
    """Header text that names a column: not blank, not a 栏次 number (1 2 3 … under the labels)."""
    return not squash(text).isdigit() and bool(squash(text))


def _cell(row: list[Cell], col: int) -> Cell:
    return row[col] if col < len(row) else Cell("")


def check_columns(doc: DocumentText) -> None:
    """Every value column of every recognised aligned grid has a header of its own."""
    for grid in doc.grids:
        table_kind = match_table_kind(grid.title)
        if table_kind is None or not grid.aligned:
            continue
        problem = _unlabelled_column(grid, table_kind)
        if problem:
            raise DocumentError(f"{doc.path}: {_where(grid)}: table '{grid.title.strip()}' ({table_kind}): {problem}")
