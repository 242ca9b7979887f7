"""A budget in a layout the maps do not know yet loads: what cannot be keyed is kept, not rejected.

The budget is the fictional one of tests/test_budget_vs_final.py, rendered in Shanghai's nine-table
layout as markdown, with a table and a row the maps have never seen.
"""

from __future__ import annotations

from pathlib import Path

from loaders.pipeline import extract_document
from loaders.render import RenderTable
from loaders.render.budget import build_budget_document
from loaders.render.markdown import render_markdown
from tests.fixtures.figures import DEPARTMENT, YEAR
from tests.test_budget_vs_final import _budget_tables


def _rendered(tmp_path: Path, extra: RenderTable | None = None, row: list[str] | None = None) -> Path:
    doc = build_budget_document(DEPARTMENT, YEAR, "元", _budget_tables())
    if row:
        expenditure = next(t for t in doc.tables if t.kind == "budget_expenditure_by_function")
        expenditure.body.insert(0, row)
    if extra:
        doc.tables.append(extra)
    return render_markdown(doc, tmp_path / "budget.md")


def test_an_unknown_budget_table_is_kept_and_the_document_loads(tmp_path: Path) -> None:
    extra = RenderTable("unknown", f"{YEAR}年部门新增资产配置预算表", [["项目", "预算数"]], [["某某事项", "1,000.00"]])
    loaded = extract_document(_rendered(tmp_path, extra=extra))
    assert loaded.record.doc_kind == "budget" and len(loaded.tables) == 9
    assert [(k.table_kind, k.text, k.figures) for k in loaded.unmapped] == [
        (None, "项目 预算数", ()),
        (None, "某某事项 1,000.00", ("1,000.00",)),
    ]
    assert all("unknown table title '2020年部门新增资产配置预算表'" in k.reason for k in loaded.unmapped)


def test_an_unknown_row_of_a_budget_table_is_kept(tmp_path: Path) -> None:
    loaded = extract_document(_rendered(tmp_path, row=["", "", "", "神秘支出", "5.00", "5.00", ""]))
    [kept] = loaded.unmapped
    assert kept.table_kind == "budget_expenditure_by_function" and "神秘支出" in kept.text
    facts = sum(len(t.facts) for t in loaded.tables)
    assert facts == sum(len(t.facts) for t in extract_document(_rendered(tmp_path)).tables)
