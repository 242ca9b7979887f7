"""A summary with two value columns per side — the pre-2019 收入支出决算总表, 年初预算数 and 决算数 — whose
年初预算数 is blank on some lines: extracted text (pdfium's) keeps the one figure of such a line and loses
the blank beside it. The summary's own sums down its columns (``loaders/row_sums.py``) place the figure;
where they cannot tell, the line is kept unmapped with the reason, never guessed into the first column.

Rendered by the project's own template (``template2017_budgets``) from the Putuo sample's figures, with
a 年初预算数 only on the lines its 情况说明 states one for (财政拨款, the 类 lines and their totals).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from loaders.model import Table
from loaders.pipeline import LoadedDocument, extract_document
from loaders.render.templates import build_document
from tests.fixtures.formats import write
from tests.test_budget_columns import STYLE, SUMMARY, SUMMARY_BUDGETS, with_budgets
from tests.test_unseen_layouts import PUTUO, source

# 其他收入, 年初结转和结余 and 年末结转和结余 have no 年初预算数: blank cells, and the totals leave them out.
BLANK = ("other", "opening_balance", "closing_balance")
BUDGETED = {key: value for key, value in SUMMARY_BUDGETS.items() if key not in BLANK} | {
    "income_total": "2993.92",
    "income_grand_total": "2993.92",
    "expenditure_grand_total": "2993.93",  # the 类 lines add to one cent more (the report's own rounding)
}


def _summary_budgets(tables: list[Table], budgets: dict[str, str]) -> list[Table]:
    """The tables with the budget columns, the summary's 年初预算数 as given (a line not given: blank)."""
    result = []
    for table in with_budgets(tables):
        if table.table_kind == SUMMARY:
            finals = [f for f in table.facts if f.column_key != "initial_budget"]
            lines = {f.row_key: f for f in finals}
            added = [
                replace(lines[key], column_key="initial_budget", value=Decimal(value), value_text=value)
                for key, value in budgets.items()
            ]
            table = replace(table, facts=[*added, *finals])
        result.append(table)
    return result


def _read(tmp_path: Path, fmt: str, budgets: dict[str, str]) -> LoadedDocument:
    loaded = source(PUTUO)
    record = loaded.record
    doc = build_document(
        _summary_budgets(loaded.tables, budgets),
        style=STYLE,
        department=record.department,
        year=record.year,
        unit=record.unit,
    )
    return extract_document(write(doc, tmp_path / "summary", fmt))


def _summary(loaded: LoadedDocument) -> dict[tuple[str, str], Decimal]:
    return {(f.row_key, f.column_key): f.value for t in loaded.tables if t.table_kind == SUMMARY for f in t.facts}


@pytest.mark.parametrize("fmt", ["text-pdfium", "markdown-tabs"])
def test_a_lone_figure_beside_a_blank_budget_goes_where_the_sums_put_it(tmp_path: Path, fmt: str) -> None:
    loaded = _read(tmp_path, fmt, BUDGETED)
    summary = _summary(loaded)
    assert loaded.unmapped == []
    for key in BLANK:  # the 决算数 column, not the first
        assert (key, "initial_budget") not in summary
    assert summary["other", "amount"] == Decimal("6.20")
    assert summary["opening_balance", "amount"] == Decimal("49.14")
    assert summary["closing_balance", "amount"] == Decimal("55.34")
    assert summary["income_grand_total", "initial_budget"] == Decimal("2993.92")
    assert summary["income_grand_total", "amount"] == Decimal("2995.39")


def test_a_lone_figure_the_sums_cannot_place_keeps_its_line_unmapped(tmp_path: Path) -> None:
    # 收入总计's 年初预算数 counts a 年初结转和结余 whose own 年初预算数 is blank: the 49.14 printed on that line is
    # wanted by the sums of both columns, so the text cannot say which cell it is
    contradictory = BUDGETED | {"income_grand_total": "3043.06"}
    loaded = _read(tmp_path, "text-pdfium", contradictory)
    summary = _summary(loaded)
    assert ("opening_balance", "initial_budget") not in summary and ("opening_balance", "amount") not in summary
    [kept] = loaded.unmapped
    assert (kept.table_kind, kept.figures[-1]) == (SUMMARY, "49.14") and kept.text.startswith("年初结转和结余")
    assert "1 figure(s) for 2 value columns (initial_budget, amount)" in kept.reason
    assert "sums do not tell" in kept.reason
    assert summary["other", "amount"] == Decimal("6.20")  # the other lone figures are still placed
    assert summary["closing_balance", "amount"] == Decimal("55.34")
