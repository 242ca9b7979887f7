"""Every phrase of ``loaders/layouts/observed_narrative_variants.csv`` (clauses of 情况说明 / 预算编制说明 and
part and section headings seen in real reports of provinces other than Shanghai and Zhejiang) is read
the way that file says: a clause into the statements it states (subject, measure, value, unit and its
comparison: up/down for a change, else the comparison word printed), a reason clause into its reason, a
heading into the part it starts or the section level it heads.

Rows marked ``reads`` must be read so; rows marked ``gap`` are phrasings the reader does not read yet
(expected to fail, listed so that whoever closes a gap sees it pass and marks it ``reads``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from loaders.layouts import LAYOUT_DIR
from loaders.narrative import read_narrative
from loaders.narrative.statements import Statement
from loaders.narrative.structure import read_rows
from tests.fixtures.narrative import report_document, text_lines
from tests.fixtures.variants import assert_well_formed, read_variants, variant_params

VARIANTS = LAYOUT_DIR / "observed_narrative_variants.csv"
COVERS = {"final": "示例局{year}年度部门决算", "budget": "示例局{year}年部门预算"}


@dataclass(frozen=True)
class Variant:
    kind: str  # statement | reason | part | section
    doc_kind: str  # final | budget
    phrase: str
    expected: str
    status: str
    seen_in: str
    years: str


def _cover(variant: Variant) -> str:
    """The cover of a report of the (last) year the phrase was seen in: a figure of another year is none of it."""
    return COVERS[variant.doc_kind].format(year=variant.years[-4:])


def _explained(variant: Variant, before: str = "") -> list[Statement]:
    """The statements of the phrase as a sentence of a report's 情况说明 (after ``before``), in a report
    of the (last) year it was seen in, as its metadata would say."""
    text = f"{_cover(variant)}\n第三部分 情况说明\n一、收入支出情况说明\n{before}{variant.phrase}"
    return read_narrative(replace(report_document(text), year=int(variant.years[-4:]))).statements


def _described(s: Statement) -> str:
    comparison = s.direction or s.comparison or "-"
    year = f" y{s.compared_year}" if s.compared_year else ""
    return f"{s.subject or '-'} {s.measure} {s.value_text} {s.unit} {comparison}{year}"


def _heading(text: str, level_of_section: bool) -> str:
    rows = read_rows(text_lines(text))
    headings = [row for row in rows if row.kind == "heading" and (row.level != 0) == level_of_section]
    if not headings:
        return ""
    return str(headings[0].level) if level_of_section else headings[0].part


def reading(variant: Variant) -> str:
    """What the narrative reader makes of one phrase, comparable with its ``expected`` column."""
    cover = _cover(variant)
    if variant.kind == "statement":
        return "; ".join(_described(s) for s in _explained(variant))
    if variant.kind == "reason":
        stated = _explained(variant, before="本年支出合计1.00万元。\n")  # a reason finishes the figure before it
        return next((s.reason for s in stated if s.reason), "")
    if variant.kind == "part":
        return _heading(f"{cover}\n{variant.phrase}\n示例局负责示例事务。", level_of_section=False)
    if variant.kind == "section":
        return _heading(f"{cover}\n第三部分 情况说明\n{variant.phrase}\n本年收入合计1.00万元。", level_of_section=True)
    raise ValueError(f"unknown kind '{variant.kind}' in {VARIANTS.name}")


@pytest.mark.parametrize("variant", variant_params(read_variants(VARIANTS, Variant)))
def test_observed_narrative_variant_is_read(variant: Variant) -> None:
    assert reading(variant) == variant.expected, f"{variant.phrase!r} ({variant.seen_in}, {variant.years})"


def test_narrative_variants_file_is_well_formed() -> None:
    variants = read_variants(VARIANTS, Variant)
    assert_well_formed(variants, key=lambda v: (v.kind, v.doc_kind, v.phrase))
    assert {v.kind for v in variants} <= {"statement", "reason", "part", "section"}
    assert {v.doc_kind for v in variants} <= set(COVERS)
