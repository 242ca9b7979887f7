"""Layouts no bundled sample is printed in, rendered by the project's own code from the real published
figures of ``data/samples`` (so these run without ../shared), in every format the loaders read
(tests/fixtures/formats.py: ruled, unruled and continued PDF, each extractor's text of the PDF, markdown
with tabs, pipes or a converter's HTML tables, xlsx, xls, docx, html). Every style in every format must
give exactly the figures it was printed from.

- ``hubei``: the national nine tables as 表1–表9 with 行次 and 栏次 columns, 部门 and 金额单位 lines;
- ``template2017``: the 2016–2018 set: one 一、财政拨款收入 line, 用事业基金弥补收支差额, that era's class
  names (医疗卫生与计划生育支出 …), 小计 over the fund columns, no 国有资本经营 table;
- ``county_plain``: zero printed as "-", figures without thousands separators, an 编制单位 line;
- ``unit_report``: a unit's own 单位决算 in whole 元 (figures × 10 000), its name on a 单位名称 line.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from loaders.model import Table
from loaders.pipeline import LoadedDocument, extract_document
from loaders.render import RenderDocument
from loaders.render.templates import APPROPRIATIONS, TEMPLATES, build_document
from tests.conftest import SAMPLES
from tests.fixtures.formats import ReadBack, style_cases
from tests.test_expectations_rules import balanced_figures, findings, load_document
from tests.test_expectations_rules import con as raw_layer  # noqa: F401 (fixture: an empty raw layer)

PUTUO = SAMPLES / "shanghai-2024-putuo-finance-bureau.md"
YUECHENG = SAMPLES / "zhejiang-2024-shaoxing-yuecheng-big-data-center.md"
YUAN_PER_WAN = Decimal(10000)

Fact = tuple[str, str, str, Decimal]


@cache
def source(path: Path) -> LoadedDocument:
    return extract_document(path)


def in_yuan(tables: list[Table]) -> list[Table]:
    """The same tables in 元: every figure times 10 000 (exact)."""
    return [
        replace(t, unit="元", facts=[replace(f, value=f.value * YUAN_PER_WAN, unit="元") for f in t.facts])
        for t in tables
    ]


def printed_facts(tables: list[Table], style: str) -> set[Fact]:
    """The non-zero figures a template prints from these tables (the older summary prints the three
    appropriations as one 财政拨款收入 line)."""
    kinds = {kind for kind, _, _ in TEMPLATES[style].tables}
    facts = {(f.table_kind, f.row_key, f.column_key, f.value) for t in tables for f in t.facts if t.table_kind in kinds}
    if any(key == "fiscal_appropriation" for key, _ in TEMPLATES[style].income_lines):
        merged = {f for f in facts if f[0] == "income_expenditure_summary" and f[1] in APPROPRIATIONS}
        totals: dict[str, Decimal] = {}
        for _, _, column, value in merged:
            totals[column] = totals.get(column, Decimal(0)) + value
        combined = {("income_expenditure_summary", "fiscal_appropriation", c, v) for c, v in totals.items()}
        facts = (facts - merged) | combined
    return {f for f in facts if f[3] != 0}


def nonzero_facts(loaded: LoadedDocument) -> set[Fact]:
    return {(f.table_kind, f.row_key, f.column_key, f.value) for t in loaded.tables for f in t.facts if f.value != 0}


# (template, source document, in 元?)
VARIANTS = {
    "hubei": (PUTUO, False),
    "template2017": (PUTUO, False),
    "county_plain": (YUECHENG, False),
    "unit_report": (YUECHENG, True),
}
# What the loaders cannot read yet (issue 8), by (style, format).
TEXT_GAPS: dict[tuple[str, str], str] = {}


@cache
def rendered(style: str) -> tuple[RenderDocument, set[Fact]]:
    path, yuan = VARIANTS[style]
    loaded = source(path)
    tables = in_yuan(loaded.tables) if yuan else loaded.tables
    record = loaded.record
    doc = build_document(
        tables, style=style, department=record.department, year=record.year, unit="元" if yuan else record.unit
    )
    return doc, printed_facts(tables, style)


@pytest.fixture(scope="module")
def read_back(tmp_path_factory: pytest.TempPathFactory) -> ReadBack:
    """Each style's document written in a format and read back, once per module."""
    return ReadBack(lambda style: rendered(style)[0], tmp_path_factory)


@pytest.mark.parametrize(("style", "fmt"), style_cases(VARIANTS, TEXT_GAPS))
def test_unseen_layout_gives_the_printed_figures(style: str, fmt: str, read_back) -> None:
    _, expected = rendered(style)
    found = nonzero_facts(read_back(style, fmt))
    assert found == expected, f"missing {sorted(expected - found)[:6]}, extra {sorted(found - expected)[:6]}"


def test_a_hubei_pdf_names_table_numbers_and_pages(read_back) -> None:
    loaded = read_back("hubei", "pdf-ruled")
    assert [t.table_no for t in loaded.tables] == [f"表{n}" for n in range(1, 10)]
    assert loaded.record.department == "上海市普陀区财政局"
    summary = next(t for t in loaded.tables if t.table_kind == "income_expenditure_summary")
    figures = {(f.row_key, f.column_key): (f.value, f.page) for f in summary.facts}
    assert figures[("income_total", "amount")] == (Decimal("2946.25"), 2)  # page 1 is the cover
    assert figures[("expenditure_grand_total", "amount")] == (Decimal("2995.39"), 2)


def test_the_2017_template_prints_one_appropriation_line(read_back) -> None:
    loaded = read_back("template2017", "xlsx")
    summary = next(t for t in loaded.tables if t.table_kind == "income_expenditure_summary")
    lines = {f.row_key: (f.row_label, f.value) for f in summary.facts}
    assert lines["fiscal_appropriation"] == ("一、财政拨款收入", Decimal("2940.05"))
    assert "gpb_appropriation" not in lines
    assert {t.table_kind for t in loaded.tables} == {kind for kind, _, _ in TEMPLATES["template2017"].tables}


def test_summary_income_sums_the_one_appropriation_line_of_older_templates(request: pytest.FixtureRequest) -> None:
    con = request.getfixturevalue("raw_layer")
    figures = balanced_figures()
    summary = figures["income_expenditure_summary"]
    combined = sum(Decimal(summary.pop(key)["amount"]) for key in APPROPRIATIONS if key in summary)
    summary["fiscal_appropriation"] = {"amount": str(combined)}
    load_document(con, figures)
    assert findings(con, "summary_income") == []
    summary["fiscal_appropriation"] = {"amount": str(combined + 1)}
    load_document(con, figures, name="one-line-off.txt")
    assert [f[:4] for f in findings(con, "summary_income")] == [
        ("error", "income_expenditure_summary", "income_total", "amount")
    ]
