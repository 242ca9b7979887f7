"""The canonical shapes every reader and the normaliser agree on."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


class DocumentError(ValueError):
    """A document that cannot be loaded whole; the message names file, table and page/line."""


class RowError(DocumentError):
    """One printed row the layout maps cannot key: the row is kept verbatim, the document still loads."""


@dataclass(frozen=True)
class Cell:
    """One cell (or, for plain text, one token) with where it was read."""

    text: str
    page: int | None = None
    line: int | None = None
    ref: str = ""  # reader-specific position: "r5c3" in a PDF table, "Sheet1!E7" in xlsx
    x: int | None = None  # the character column of a token of laid-out text (pdftotext -layout)


@dataclass
class Grid:
    """A table as a reader found it: title, printed number and its rows of cells.

    ``aligned`` grids (PDF, markdown, xlsx) keep one cell per column, blank cells as "".
    Plain-text grids are not aligned: each row is the whitespace tokens of one printed line,
    and the normaliser assigns tokens to columns from the header labels.
    """

    title: str
    rows: list[list[Cell]]
    aligned: bool
    table_no: str | None = None
    unit: str | None = None
    notes: list[str] = field(default_factory=list)
    page_start: int | None = None
    page_end: int | None = None
    line_start: int | None = None
    line_end: int | None = None
    laid_out: bool = False  # plain text that keeps the printed columns (tokens carry their x)


@dataclass(frozen=True)
class TextLine:
    """One printed line of text with where it was printed (``number`` counts from 1: the line of the
    file for plain text and markdown, the line of the page for a PDF, the row of the sheet for xlsx)."""

    text: str
    page: int
    number: int


@dataclass
class DocumentText:
    """All grids of one document plus the metadata lines found around them.

    ``lines`` is the whole document as printed lines with page and line (form feeds or printed page
    starts are pages for text; a PDF's page text outside its ruled tables; markdown lines, table rows
    as tab-joined cells; xlsx rows as tab-joined cells, the sheet as page): what the narrative reader reads.
    """

    path: str
    format: str
    grids: list[Grid]
    department: str | None = None
    year: int | None = None
    unit: str | None = None
    region: str | None = None
    lines: list[TextLine] = field(default_factory=list)


@dataclass(frozen=True)
class Fact:
    """One published figure on the canonical keys, traced to its source."""

    table_seq: int
    table_kind: str
    row_key: str
    row_label: str
    column_key: str
    value: Decimal
    value_text: str
    unit: str
    page: int | None
    line: int | None
    source: str


@dataclass(frozen=True)
class UnmappedRow:
    """A printed row kept as printed because its label, code or figures could not be resolved.

    ``table_seq`` and ``table_kind`` are None when the table itself was not recognised; a row of a table
    whose kind the maps know but do not read (shape ``unread`` in table_kinds.csv) has its kind and no seq.
    """

    table_seq: int | None
    table_kind: str | None
    table_no: str | None
    table_title: str
    page: int | None
    line: int | None
    source: str
    text: str
    figures: tuple[str, ...]
    reason: str
    title_page: int | None = None  # where the table's title is printed (the line is known in text,
    title_line: int | None = None  # markdown and spreadsheets; a PDF's title has its page only)

    @property
    def in_unread_table(self) -> bool:
        """A row of a table juesuan recognises but does not read yet (not a row the maps failed to key)."""
        return self.table_kind is not None and self.table_seq is None


@dataclass
class Table:
    """One recognised table of a document, with its facts."""

    seq: int
    table_kind: str
    table_no: str | None
    title: str
    unit: str
    is_empty: bool
    empty_note: str | None
    page_start: int | None
    page_end: int | None
    line_start: int | None
    line_end: int | None
    facts: list[Fact]


@dataclass
class Normalised:
    """What the normaliser made of a document: its tables with their facts, and the rows it kept unmapped."""

    tables: list[Table]
    unmapped: list[UnmappedRow] = field(default_factory=list)
