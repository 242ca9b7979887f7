"""The one evaluator of "a total is the sum of its parts" (``loaders.sums``) that the row equations of
``column_sums.csv``, the summary sums of ``row_sums.csv`` and the 类/款/项 codes share."""

from __future__ import annotations

import itertools
from decimal import Decimal

from loaders.sums import Search, Sum, Way, agreed, broken, layout_sums

CENT = Decimal("0.01")


def _amounts(**cells: str) -> dict[str, Decimal]:
    """Cells by name, a row.column cell written row__column."""
    return {cell.replace("__", "."): Decimal(value) for cell, value in cells.items()}


def test_a_sum_holds_within_a_printed_unit_per_part_a_blank_counting_as_zero() -> None:
    total = Sum("total", ("basic", "project"))
    assert total.holds(_amounts(total="10.01", basic="7.50", project="2.50"), CENT)
    assert not total.holds(_amounts(total="10.03", basic="7.50", project="2.50"), CENT)
    assert total.holds(_amounts(total="7.50", basic="7.50"), CENT)  # a blank 项目支出
    closing = Sum("closing_balance", ("opening_balance", "income", "-total"))  # "-" subtracts
    assert closing.holds(_amounts(closing_balance="5.00", opening_balance="3.00", income="12.00", total="10.00"), CENT)


def test_only_the_sums_with_a_printed_cell_count() -> None:
    sums = layout_sums("column_sums.csv", "gpb_expenditure_by_function")
    assert Sum("total", ("basic", "project")) in sums
    assert broken(sums, _amounts(total="10.00", basic="7.50"), CENT) == 1
    assert broken(sums, {}, CENT) == 0


def test_a_row_sum_holds_in_every_value_column() -> None:
    assert Sum("income_total", ("business", "other")).per_column(["initial_budget", "amount"]) == [
        Sum("income_total.initial_budget", ("business.initial_budget", "other.initial_budget")),
        Sum("income_total.amount", ("business.amount", "other.amount")),
    ]


def test_the_search_finds_every_reading_breaking_fewest_sums_as_trying_them_all_would() -> None:
    # 支出总计 = Σ 类 lines in the fund columns; each 类 line's second figure is 一般公共预算 or 政府性基金
    sums = Sum("g", ("a", "b", "c")).per_column(["gpb", "gov_fund"])
    fixed = _amounts(g__gpb="30.00", g__gov_fund="5.00")
    figures = {"a": "10.00", "b": "5.00", "c": "20.00"}
    ways = [
        [Way({f"{row}.{fund}": Decimal(v)}, 0, (fund,)) for fund in ("gpb", "gov_fund")] for row, v in figures.items()
    ]
    best = Search(ways, sums, fixed, CENT, 2_000).best()
    every = [
        picked
        for picked in itertools.product(range(2), repeat=3)
        if not broken(
            sums, fixed | {c: a for n, w in zip(picked, ways, strict=True) for c, a in w[n].cells.items()}, CENT
        )
    ]
    assert best == every == [(0, 1, 0)]
    assert [way.reading for way in agreed(ways, best)] == [("gpb",), ("gov_fund",), ("gpb",)]


def test_a_search_with_too_many_readings_to_try_decides_nothing() -> None:
    ways = [[Way({f"{n}.x": Decimal(1)}, 0, ()), Way({f"{n}.y": Decimal(1)}, 0, ())] for n in range(12)]
    sums = [Sum("t.x", tuple(f"{n}.x" for n in range(12)))]
    assert Search(ways, sums, _amounts(t__x="6"), Decimal(1), 100).best() == []
    assert agreed(ways, []) == [None] * 12
