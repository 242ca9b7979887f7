"""Layout knowledge read from the CSV maps in ``loaders/layouts/``: table kinds, titles, header labels,
row labels.

A new province or year that prints a table differently needs a row in these files, not new code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

LAYOUT_DIR = Path(__file__).with_name("layouts")

_YEAR = re.compile(r"(?:19|20)\d{2}年度?")
_QUOTES_AND_BRACKETS = str.maketrans(
    {**dict.fromkeys("“”\"'‘’「」『』"), "(": "（", ")": "）", ":": "：", "[": "（", "]": "）"}
)
_LETTER = re.compile(r"[\u4e00-\u9fffA-Za-z]")


@lru_cache(maxsize=1 << 16)
def squash(text: str) -> str:
    """Remove all whitespace and quotes, unify brackets: how labels and titles are compared.
    Cached: the same labels and cell texts come back in every table of a batch."""
    return "".join(text.split()).translate(_QUOTES_AND_BRACKETS)


def without_years(text: str) -> str:
    """The text without any year ("2024年预算数" → "预算数"): a year is no part of a label."""
    return _YEAR.sub("", text)


def read_layout(name: str) -> list[dict[str, str]]:
    with (LAYOUT_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def in_scope(scope: str, table_kind: str) -> bool:
    return scope == "*" or table_kind in scope.split("|")


@cache
def table_kinds() -> dict[str, tuple[str, str]]:
    """Table kind → (document kind final|budget, shape summary|function|unit|economic|three_public)."""
    return {r["table_kind"]: (r["doc_kind"], r["shape"]) for r in read_layout("table_kinds.csv")}


def table_shape(table_kind: str) -> str | None:
    """How a table kind's rows are keyed."""
    return table_kinds().get(table_kind, ("", None))[1]


def table_doc_kind(table_kind: str) -> str | None:
    """The kind of report a table kind is printed in: final (决算) or budget (预算)."""
    return table_kinds().get(table_kind, (None, ""))[0]


@cache
def document_levels() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Title words → whose report it is (department: 部门 with its units; unit: one 预算单位), in order."""
    return tuple((re.compile(r["pattern"]), r["level"]) for r in read_layout("document_levels.csv"))


@dataclass(frozen=True)
class TitleRule:
    table_kind: str
    pattern: re.Pattern[str]


@cache
def title_rules() -> tuple[TitleRule, ...]:
    return tuple(TitleRule(r["table_kind"], re.compile(r["pattern"])) for r in read_layout("table_titles.csv"))


@lru_cache(maxsize=1 << 14)
def match_table_kind(title: str) -> str | None:
    """The table kind whose title words match the longest part of ``title`` (None if none does)."""
    text = squash(title)
    best: tuple[int, str] | None = None
    for rule in title_rules():
        for found in rule.pattern.finditer(text):
            span = found.end() - found.start()
            if best is None or span > best[0]:
                best = (span, rule.table_kind)
    return best[1] if best else None


def looks_like_report_table_title(title: str) -> bool:
    """A title naming a 决算 or 预算 table: one the maps do not know is kept, not skipped."""
    text = squash(title)
    return ("决算" in text or "预算" in text) and "表" in text


@dataclass(frozen=True)
class ColumnLabel:
    label: str
    role: str  # value | code | name | row_no | ignore
    column_key: str


@cache
def column_labels(table_kind: str) -> tuple[ColumnLabel, ...]:
    """Header labels known for a table kind, longest first so that scans prefer the fullest label."""
    rows = [
        ColumnLabel(squash(r["label"]), r["role"], r["column_key"])
        for r in read_layout("column_labels.csv")
        if in_scope(r["scope"], table_kind)
    ]
    # A kind-specific label overrides a generic one with the same text.
    by_label: dict[str, ColumnLabel] = {}
    for r in rows:
        by_label[r.label] = r
    return tuple(sorted(by_label.values(), key=lambda c: -len(c.label)))


class UnknownHeaderError(ValueError):
    """Header text that no column label of the table kind explains."""


def scan_header(text: str, table_kind: str) -> list[ColumnLabel]:
    """The column labels found in header text, in printed order.

    Wrapped labels are joined first (all whitespace removed) and years dropped, then the text is read left to right
    taking the longest known label at each position. Digits (栏次 numbers) and punctuation are
    skipped; any other character left unexplained raises UnknownHeaderError.
    """
    found, leftover = _scan_header(without_years(squash(text)), table_kind)
    if leftover:
        raise UnknownHeaderError(leftover)
    return list(found)


@cache
def _labels_by_first_char(table_kind: str) -> dict[str, tuple[ColumnLabel, ...]]:
    """A kind's column labels grouped by their first character, longest first within each group."""
    groups: dict[str, list[ColumnLabel]] = {}
    for label in column_labels(table_kind):
        groups.setdefault(label.label[0], []).append(label)
    return {first: tuple(labels) for first, labels in groups.items()}


@lru_cache(maxsize=1 << 15)
def _scan_header(squashed: str, table_kind: str) -> tuple[tuple[ColumnLabel, ...], str]:
    """(labels found, why the text is not a header or ""): cached, as a batch's tables repeat their
    headers and the normaliser asks about every cell of a header row more than once."""
    labels = _labels_by_first_char(table_kind)
    found: list[ColumnLabel] = []
    unknown: list[str] = []
    i = 0
    while i < len(squashed):
        match = next((c for c in labels.get(squashed[i], ()) if squashed.startswith(c.label, i)), None)
        if match:
            found.append(match)
            i += len(match.label)
            continue
        if _LETTER.match(squashed[i]):
            unknown.append(squashed[i])
        elif unknown and unknown[-1] != " ":
            unknown.append(" ")
        i += 1
    leftover = "".join(unknown).strip()
    return tuple(found), f"unknown header label '{leftover}' in '{squashed}'" if leftover else ""
