"""Row labels resolved as a reader of many provinces' reports would, from the maps in ``loaders/layouts/``.

A printed label is normalised before lookup: its numbering (一、 （一） 1. ① 其中：), whitespace, quotes
and punctuation go, and full-width characters become half-width. When no label of the map matches,
the words that come and go between provinces and years (预算, 财政, a trailing 收入/支出) are dropped
from both sides and a single match is taken. On the two summary tables a row still unknown is keyed
by the national template's 行次 where the document prints them, or else by the template's row order
between the known rows around it (``template_rows.csv``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from loaders.layouts import in_scope, read_layout, squash, without_years

_NUMBERING = re.compile(
    r"^(?:其中[：:]?|第?[一二三四五六七八九十百]+[、.．]|\d+[．.、]|[（(][一二三四五六七八九十\d]+[)）][、.．]?|[①-⑳])+"
)
_PUNCTUATION = re.compile(r"[、，,。．.；;：:·•…\-—－_/／]")
_OPTIONAL_WORDS = re.compile(r"预算|财政")
_TRAILING_WORD = re.compile(r"(?:收入|支出)$")
_NEW_NUMBERING = re.compile(
    r"(?<=[\u4e00-\u9fff）)])(?<![一二三四五六七八九十])(?=[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])"
)
NUMBERED_START = re.compile(r"^(?:其中[：:]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")


@lru_cache(maxsize=1 << 15)  # every row label of every table is normalised, again and again
def normalise_label(text: str) -> str:
    """A printed row label without numbering, a year, whitespace, quotes and punctuation, in half-width form."""
    bare = _NUMBERING.sub("", without_years(squash(text)))  # circled numbers first: NFKC makes ① a plain 1
    bare = _NUMBERING.sub("", squash(unicodedata.normalize("NFKC", bare)))
    return _PUNCTUATION.sub("", bare)


@lru_cache(maxsize=1 << 15)
def loose_label(text: str) -> str:
    """The label without the words that come and go (预算, 财政, a trailing 收入/支出)."""
    return _TRAILING_WORD.sub("", _OPTIONAL_WORDS.sub("", normalise_label(text)))


@dataclass(frozen=True)
class RowLabel:
    label: str
    loose: str
    row_key: str
    after: str
    specific: bool


@cache
def row_labels(table_kind: str) -> tuple[RowLabel, ...]:
    return tuple(
        RowLabel(normalise_label(r["label"]), loose_label(r["label"]), r["row_key"], r["after"], r["scope"] != "*")
        for r in read_layout("row_labels.csv")
        if in_scope(r["scope"], table_kind)
    )


def _best(candidates: list[RowLabel]) -> str | None:
    """The key of the most specific candidate; None when equally specific candidates disagree."""
    if not candidates:
        return None
    rank = max((bool(r.after), r.specific) for r in candidates)
    keys = {r.row_key for r in candidates if (bool(r.after), r.specific) == rank}
    return keys.pop() if len(keys) == 1 else None


def lookup_row_key(label: str, table_kind: str, seen: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The row key of a printed label; ``seen`` holds keys read earlier on the same side of the table.

    Rules with an ``after`` condition (the 年初结转 sub-lines, the two 总计 lines) apply only once that
    key has been seen, and then win over unconditional rules. An exact (normalised) match wins over a
    loose one; a loose form shared by labels of different keys (其他收入, 其他支出) matches nothing.
    """
    usable = [r for r in row_labels(table_kind) if not r.after or r.after in seen]
    wanted = normalise_label(label)
    exact = [r for r in usable if r.label == wanted]
    if exact:
        return _best(exact)
    loose = loose_label(label)
    return _best([r for r in usable if r.loose == loose]) if loose else None


@lru_cache(maxsize=1 << 15)
def known_row_label(label: str, table_kind: str) -> bool:
    wanted = normalise_label(label)
    return bool(wanted) and any(r.label == wanted for r in row_labels(table_kind))


def split_numbered(text: str) -> list[str]:
    """Labels run together on one line, split where a new numbering starts (…拨款收入三、国防支出)."""
    parts = _NEW_NUMBERING.split(text)
    return [p for p in parts if p]


# ---------------------------------------------------------------- the national templates' rows


@dataclass(frozen=True)
class TemplateRow:
    template: str
    side: int  # 0 income (left), 1 expenditure (right)
    row_no: str  # the 行次 printed, "" when the template prints none
    row_key: str


@cache
def template_rows(table_kind: str) -> dict[tuple[str, int], tuple[TemplateRow, ...]]:
    """Per (template, side), the template's rows in printed order."""
    rows: dict[tuple[str, int], list[TemplateRow]] = {}
    for r in read_layout("template_rows.csv"):
        if r["table_kind"] == table_kind:
            row = TemplateRow(r["template"], int(r["side"]), r["row_no"], r["row_key"])
            rows.setdefault((row.template, row.side), []).append(row)
    return {k: tuple(v) for k, v in rows.items()}


@dataclass
class SideRow:
    """One side of a printed line of a summary table: its key (None when not resolved) and 行次."""

    key: str | None
    row_no: str = ""


def _keys_by_row_no(table_kind: str, side: int, rows: Sequence[SideRow]) -> dict[str, str]:
    """The 行次 → key map of the template whose 行次 agree with every resolved row (at least two)."""
    printed = [(r.row_no, r.key) for r in rows if r.row_no and r.key]
    for (_, template_side), template in template_rows(table_kind).items():
        by_no = {t.row_no: t.row_key for t in template if t.row_no}
        if template_side != side or not by_no:
            continue
        agree = sum(by_no.get(no) == key for no, key in printed)
        if agree >= 2 and agree == len(printed):
            return by_no
    return {}


def _key_between(table_kind: str, side: int, before: str | None, after: str | None, taken: set[str]) -> str | None:
    """The one template row between two known rows that the document has not printed yet."""
    found: set[str] = set()
    for (_, template_side), template in template_rows(table_kind).items():
        keys = [t.row_key for t in template]
        if template_side != side or (before and before not in keys) or (after and after not in keys):
            continue
        start = keys.index(before) + 1 if before else 0
        end = keys.index(after) if after else len(keys)
        between = [k for k in keys[start:end] if k not in taken]
        if len(between) == 1:
            found.add(between[0])
        elif between:
            return None
    return found.pop() if len(found) == 1 else None


def resolve_by_template(table_kind: str, side: int, rows: Sequence[SideRow]) -> list[str | None]:
    """Keys for the rows of one side of a summary table, the unresolved ones filled from the national
    templates: by their printed 行次 first, else by their place between the resolved rows around them."""
    keys = [r.key for r in rows]
    by_no = _keys_by_row_no(table_kind, side, rows)
    for i, row in enumerate(rows):
        if keys[i] is None and row.row_no in by_no and by_no[row.row_no] not in keys:
            keys[i] = by_no[row.row_no]
    for i in range(len(rows)):
        if keys[i] is not None:
            continue
        before = next((k for k in reversed(keys[:i]) if k), None)
        after = next((k for k in keys[i + 1 :] if k), None)
        keys[i] = _key_between(table_kind, side, before, after, {k for k in keys if k})
    return keys


def _template_sides(table_kind: str, keys: set[str]) -> set[int]:
    return {side for (_, side), rows in template_rows(table_kind).items() for t in rows if t.row_key in keys}


def _matching(table_kind: str, text: str) -> list[RowLabel]:
    """The map's rows a label may be: its exact or loose matches, else the labels it begins (wrapped)."""
    wanted, loose = normalise_label(text), loose_label(text)
    rows = row_labels(table_kind)
    found = [r for r in rows if r.label == wanted] or [r for r in rows if loose and r.loose == loose]
    return found or [r for r in rows if len(wanted) >= 2 and r.label.startswith(wanted)]


def label_side(table_kind: str, text: str, seen: Sequence[set[str]] = ()) -> int | None:
    """The side of a two-sided table the national templates print a label on. A label on both sides
    (总计) goes to the leftmost side whose line it can still be, given the keys ``seen`` per side.
    None when the templates do not tell."""
    sides = set()
    for row in _matching(table_kind, text):
        for side in _template_sides(table_kind, {row.row_key}):
            keys = seen[side] if side < len(seen) else set()
            if (not row.after or row.after in keys) and row.row_key not in keys:
                sides.add(side)
    return min(sides) if sides else None


def template_items(table_kind: str) -> tuple[str, ...]:
    """The row keys of a table the templates print as column groups (the wide 三公 table), in order."""
    for (_, side), rows in template_rows(table_kind).items():
        if side == 0:
            return tuple(t.row_key for t in rows)
    return ()
