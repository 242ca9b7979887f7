"""Every phrase of ``loaders/layouts/observed_variants.csv`` (table titles, header and row labels, unit,
department and table-number lines, contents entries seen in real reports of other provinces and
years) is read the way that file says.

Rows marked ``reads`` must be read so; rows marked ``gap`` are variants the loaders do not read yet
(expected to fail, listed so that whoever closes a gap sees it pass and marks it ``reads``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from loaders.labels import lookup_row_key
from loaders.layouts import LAYOUT_DIR, UnknownHeaderError, match_table_kind, scan_header
from loaders.readers.meta import find_department, find_table_no, find_unit, is_title_line
from tests.fixtures.variants import assert_well_formed, read_variants, variant_params

VARIANTS = LAYOUT_DIR / "observed_variants.csv"


@dataclass(frozen=True)
class Variant:
    kind: str
    table_kind: str
    phrase: str
    expected: str
    status: str
    seen_in: str
    years: str


def _header_reading(phrase: str, table_kind: str) -> str:
    """The column key (or role, for 行次) a header names; '' for known words that name no column."""
    try:
        found = scan_header(phrase, table_kind)
    except UnknownHeaderError:
        return "<unknown>"
    if not found:
        return "<unknown>"
    values = [c.column_key or c.role for c in found if c.role != "ignore"]
    return values[-1] if values else ""


def reading(variant: Variant) -> str | None:
    """What the loaders make of one phrase, comparable with its ``expected`` column."""
    phrase, kind = variant.phrase, variant.table_kind
    if variant.kind == "title":
        return match_table_kind(phrase) or ""
    if variant.kind == "header":
        return _header_reading(phrase, kind)
    if variant.kind == "row":
        return lookup_row_key(phrase, kind) or ""
    if variant.kind == "unit":
        return find_unit(phrase) or ""
    if variant.kind == "department":
        return find_department(phrase) or ""
    if variant.kind == "table_no":
        return find_table_no(phrase) or ""
    if variant.kind == "contents":
        return "starts a table" if is_title_line(phrase) else ""
    raise ValueError(f"unknown kind '{variant.kind}' in {VARIANTS.name}")


@pytest.mark.parametrize("variant", variant_params(read_variants(VARIANTS, Variant)))
def test_observed_variant_is_read(variant: Variant) -> None:
    assert reading(variant) == variant.expected, f"{variant.phrase!r} ({variant.seen_in}, {variant.years})"


def test_variants_file_is_well_formed() -> None:
    assert_well_formed(read_variants(VARIANTS, Variant), key=lambda v: (v.kind, v.table_kind, v.phrase))
