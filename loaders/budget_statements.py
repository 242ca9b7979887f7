"""A budget's statements restate the budget's own tables: the narrative reader keys a statement to the
final accounts' table it would restate (一般公共预算财政拨款支出决算表, “三公”经费支出决算表); in a budget the
same words restate the budget's table (一般公共预算支出功能分类预算表, “三公”经费预算表). The pairs are data
(``loaders/layouts/budget_statement_keys.csv``); a statement whose table the budget has no counterpart
of restates none, and so does a figure of last year's execution (2023年当年预算执行数为X万元: measure
``final``), which a budget states beside the year's own."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from loaders.layouts import read_layout
from loaders.narrative.statements import Statement

_THE_YEARS = {"amount", "budget"}  # what a budget states of its own year: 支出预算X万元, 预算数为X万元


@cache
def _budget_keys() -> dict[tuple[str, str], tuple[str, str]]:
    return {
        (r["final_table_kind"], r["final_column_key"]): (r["budget_table_kind"], r["budget_column_key"])
        for r in read_layout("budget_statement_keys.csv")
    }


def key_to_budget_tables(statements: Iterable[Statement]) -> None:
    """Point each statement of a budget at the budget table line it restates (in place)."""
    for s in statements:
        if s.table_kind is None:
            continue
        found = _budget_keys().get((s.table_kind, s.column_key or "")) if s.measure in _THE_YEARS else None
        if found:
            s.table_kind, s.column_key = found
        else:
            s.table_kind, s.row_key, s.column_key = None, None, None
