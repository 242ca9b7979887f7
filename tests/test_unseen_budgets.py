"""Budgets in layouts the real ones are not printed in, rendered by the project's own code from the
figures of the real Putuo budgets in ../shared (skipped without it):

- the national template's nine tables (部门收支总表 … 国有资本经营预算支出表) in 万元 — the real budget
  is printed in 元, so each figure is restated to two decimals as a 万元 budget prints it;
- the same with the 一般公共预算支出表 printed against the year before (上年预算数, 本年预算数, 增减额,
  增减率), last year's figures taken from the same department's budget of that year.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from loaders.layouts import table_shape
from loaders.model import Table
from loaders.pipeline import extract_document
from loaders.render.budget_templates import BUDGET_NATIONAL, BUDGET_WITH_PRIOR, in_wan, with_prior_year
from loaders.render.markdown import render_markdown
from loaders.render.pdf import render_pdf
from loaders.render.templates import Template, build_document
from loaders.render.xlsx import render_xlsx
from tests.conftest import SHARED, shared_file

BUDGETS = SHARED / "samples" / "budgets"
WANLI_2025 = BUDGETS / "shanghai-putuo-wanli-subdistrict-2025-budget-department.pdf"
WANLI_2024 = BUDGETS / "shanghai-putuo-wanli-subdistrict-2024-budget-department.pdf"
# Lines of the Shanghai budget the national template has no place for: its 财政拨款收入 line over the
# 一般公共预算资金 line, and the 机关运行经费 printed beside the 三公 items.
NOT_IN_NATIONAL = {("budget_summary", "fiscal_appropriation"), ("budget_three_public", "operating_costs")}

Fact = tuple[str, str, str, Decimal]

pytestmark = pytest.mark.skipif(
    table_shape("budget_summary") is None, reason="the budget table kinds (issue 10) are not in the layout maps yet"
)


@cache
def tables_of(path: Path) -> tuple[Table, ...]:
    return tuple(extract_document(shared_file(path)).tables)


def printed(tables: list[Table], template: Template) -> set[Fact]:
    kinds = {kind for kind, _, _ in template.tables}
    return {
        (f.table_kind, f.row_key, f.column_key, f.value)
        for t in tables
        if t.table_kind in kinds
        for f in t.facts
        if f.value != 0 and (f.table_kind, f.row_key) not in NOT_IN_NATIONAL
    }


def loaded(path: Path) -> set[Fact]:
    return {
        (f.table_kind, f.row_key, f.column_key, f.value)
        for t in extract_document(path).tables
        for f in t.facts
        if f.value != 0
    }


WRITERS = {
    "pdf": lambda doc, path: render_pdf(doc, path.with_suffix(".pdf")),
    "markdown": lambda doc, path: render_markdown(doc, path.with_suffix(".md")),
    "xlsx": lambda doc, path: render_xlsx(doc, path.with_suffix(".xlsx")),
}


def _document(template: Template):
    tables = in_wan(list(tables_of(WANLI_2025)))
    if template is BUDGET_WITH_PRIOR:
        tables = with_prior_year(tables, in_wan(list(tables_of(WANLI_2024))))
    doc = build_document(
        tables, style=template, department="上海市普陀区人民政府万里街道办事处", year=2025, unit="万元"
    )
    return doc, printed(tables, template)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_a_national_template_budget_in_wan_gives_its_figures(fmt: str, tmp_path: Path) -> None:
    doc, expected = _document(BUDGET_NATIONAL)
    found = loaded(WRITERS[fmt](doc, tmp_path / "budget"))
    assert found == expected, f"missing {sorted(expected - found)[:6]}, extra {sorted(found - expected)[:6]}"


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_a_budget_against_the_year_before_gives_its_figures(fmt: str, tmp_path: Path) -> None:
    doc, expected = _document(BUDGET_WITH_PRIOR)
    found = loaded(WRITERS[fmt](doc, tmp_path / "budget-prior"))
    assert found == expected, f"missing {sorted(expected - found)[:6]}, extra {sorted(found - expected)[:6]}"
