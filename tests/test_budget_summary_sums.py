"""A budget's 财政拨款收支总表 read from text that lost its blank cells: a 类 line printing 合计 and one fund
column ("三、卫生健康支出 1,097,073.43 1,097,073.43") leaves its second figure to 一般公共预算, 政府性基金预算
or 国有资本经营预算. The funds the 部门收支总表 shows income for are as likely as 一般公共预算
(``column_evidence.csv``); the summary's own sums down its columns (``row_sums.csv``: 支出总计 = Σ 类 lines +
结转下年, in every column) then place the figure, as they place a lone figure of the finals' summary.

The bundled Putuo budget sample (rendered from the real budget by make_samples.py) with its 卫生健康支出
funded by the 政府性基金 instead, and its 住房保障支出 left out (a 类 line alone on its text line is read on
the income side: a gap of the text reader, not of the sums), in Shanghai's budget layout. And a summary
side whose first line prints no label is keyed (it failed the document with a KeyError).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from loaders.model import Cell, Fact, Table
from loaders.pipeline import extract_document
from loaders.render.budget import build_budget_document
from loaders.render.pdf import render_pdf
from loaders.row_sums import side_keys
from loaders.text_rows import TextSide
from tests.conftest import SAMPLES
from tests.extractors import EXTRACTORS

SAMPLE = SAMPLES / "shanghai-2025-putuo-government-office-budget.md"
SUMMARY, FISCAL = "budget_summary", "budget_fiscal_appropriation_summary"
GRAND_TOTALS = {"expenditure_grand_total", "income_grand_total", "fiscal_appropriation"}


def _value(table: Table, row: str, column: str) -> Decimal:
    return next(f.value for f in table.facts if (f.row_key, f.column_key) == (row, column))


def _with_value(fact: Fact, value: Decimal, **changes: str) -> Fact:
    return replace(fact, value=value, value_text=format(value, "f"), **changes)


def _gov_funded(table: Table) -> Table:
    """A summary with 221 left out and 210 paid from the 政府性基金 (its totals adjusted alike)."""
    fund_column = "gpb" if table.table_kind == FISCAL else "amount"
    dropped, moved = _value(table, "221", fund_column), _value(table, "210", fund_column)
    facts = []
    for fact in (f for f in table.facts if f.row_key != "221"):
        value = fact.value
        if fact.row_key in GRAND_TOTALS and fact.column_key in {"total", "amount"}:
            value -= dropped
        if fact.row_key == "gpb_appropriation" or (fact.row_key, fact.column_key) == ("expenditure_grand_total", "gpb"):
            value -= dropped + moved
        column = "gov_fund" if (fact.row_key, fact.column_key) == ("210", "gpb") else fact.column_key
        facts.append(_with_value(fact, value, column_key=column))
    income = next(f for f in table.facts if f.row_key == "gpb_appropriation")
    facts.append(_with_value(income, moved, row_key="gov_fund_appropriation"))
    if table.table_kind == FISCAL:
        spent = next(f for f in table.facts if (f.row_key, f.column_key) == ("expenditure_grand_total", "gpb"))
        facts.append(_with_value(spent, moved, column_key="gov_fund"))
    return replace(table, facts=facts)


def _figures(tables: list[Table], kind: str) -> dict[tuple[str, str], Decimal]:
    return {(f.row_key, f.column_key): f.value for t in tables if t.table_kind == kind for f in t.facts}


@pytest.mark.parametrize("extractor", ["pdfium", "pdftotext-raw"])
def test_the_summary_sums_place_a_fund_figure_the_text_left_without_its_column(tmp_path: Path, extractor: str) -> None:
    sample = extract_document(SAMPLE)
    tables = [_gov_funded(t) if t.table_kind in {SUMMARY, FISCAL} else t for t in sample.tables]
    record = sample.record
    doc = build_budget_document(record.department, record.year, record.unit, tables)
    text = tmp_path / "budget.txt"
    text.write_text(EXTRACTORS[extractor](render_pdf(doc, tmp_path / "budget.pdf")), encoding="utf-8")
    loaded = extract_document(text)
    fiscal = _figures(loaded.tables, FISCAL)
    assert fiscal == _figures(tables, FISCAL)
    assert fiscal["210", "gov_fund"] == Decimal("1097073.43") and ("210", "gpb") not in fiscal
    assert fiscal["expenditure_grand_total", "gov_fund"] == Decimal("1097073.43")
    assert not [u for u in loaded.unmapped if u.table_kind == FISCAL]
    assert _figures(loaded.tables, SUMMARY)["gov_fund_appropriation", "amount"] == Decimal("1097073.43")


def test_a_side_whose_first_line_has_no_label_is_keyed_from_its_next() -> None:
    # PyMuPDF-style text of the Hubei set prints a 行次 alone before the first label of a side
    blank, income = TextSide(0, row_no=[Cell("1")]), TextSide(0, name=[Cell("本年收入合计")])
    keys = side_keys([[blank], [income]], "income_expenditure_summary")
    assert (keys[id(blank)], keys[id(income)]) == (None, "income_total")
