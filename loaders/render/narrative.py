"""A 情况说明 in our own wording from a report's table figures, for the sample corpus: every figure
it states is a table figure and every share or rate is computed here, so the narrative rules find
nothing in it. Written as markdown lines after the tables (no published narrative text is copied)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from loaders.labels import normalise_label
from loaders.model import Table

_CENT = Decimal("0.01")


def _figures(tables: list[Table]) -> dict[tuple[str, str, str], Decimal]:
    return {(f.table_kind, f.row_key, f.column_key): f.value for t in tables for f in t.facts if not t.is_empty}


def _class_names(tables: list[Table]) -> dict[str, str]:
    """The 类 names the 一般公共预算 table prints, without their list numbering."""
    return {
        f.row_key: normalise_label(f.row_label)
        for t in tables
        for f in t.facts
        if f.table_kind == "gpb_expenditure_by_function" and len(f.row_key) == 3 and f.row_key.isdigit()
    }


def _wan(value: Decimal) -> str:
    return f"{value.quantize(_CENT, rounding=ROUND_HALF_UP):,}万元"


def _pct(part: Decimal, whole: Decimal) -> str:
    return f"{(100 * part / whole).quantize(_CENT, rounding=ROUND_HALF_UP)}%"


def _parts(items: list[tuple[str, Decimal]], whole: Decimal) -> str:
    return "；".join(f"{name}{_wan(value)}，占{_pct(value, whole)}" for name, value in items if value)


def explanation_lines(tables: list[Table], department: str, year: int) -> list[str]:
    """Markdown lines of a 情况说明 part: totals, income and expenditure structure, the 一般公共预算
    classes, 基本支出 and 三公, each sentence only where the tables print the figures it needs."""
    f, class_names = _figures(tables), _class_names(tables)
    lines = [f"# 第三部分 {department}{year}年度部门决算情况说明", ""]

    def section(title: str, sentence: str | None) -> None:
        if sentence:
            lines.extend([f"## {title}", "", sentence, ""])

    income, spent = (
        f.get(("income_expenditure_summary", "income_grand_total", "amount")),
        f.get(("income_expenditure_summary", "expenditure_grand_total", "amount")),
    )
    section(
        "一、收入支出决算总体情况说明",
        f"{year}年度收入总计{_wan(income)}，支出总计{_wan(spent)}。" if income and spent else None,
    )
    income_total = f.get(("income_by_function", "total", "total"))
    appropriation = f.get(("income_by_function", "total", "fiscal_appropriation"), Decimal(0))
    other = f.get(("income_by_function", "total", "other"), Decimal(0))
    section(
        "二、收入决算情况说明",
        f"本年收入合计{_wan(income_total)}，其中："
        f"{_parts([('财政拨款收入', appropriation), ('其他收入', other)], income_total)}。"
        if income_total
        else None,
    )
    total = f.get(("expenditure_by_function", "total", "total"))
    basic = f.get(("expenditure_by_function", "total", "basic"), Decimal(0))
    project = f.get(("expenditure_by_function", "total", "project"), Decimal(0))
    section(
        "三、支出决算情况说明",
        f"本年支出合计{_wan(total)}，其中：{_parts([('基本支出', basic), ('项目支出', project)], total)}。"
        if total
        else None,
    )
    gpb = f.get(("gpb_expenditure_by_function", "total", "total"))
    classes = [
        (f"{class_names.get(code, code)}（类）", value)
        for (kind, code, column), value in sorted(f.items())
        if kind == "gpb_expenditure_by_function" and column == "total" and len(code) == 3 and code.isdigit()
    ]
    section(
        "四、一般公共预算财政拨款支出决算情况说明",
        f"一般公共预算财政拨款支出{_wan(gpb)}，主要用于以下方面：{_parts(classes, gpb)}。" if gpb else None,
    )
    personnel = f.get(("gpb_basic_expenditure_by_economic", "personnel_total", "amount"))
    public = f.get(("gpb_basic_expenditure_by_economic", "public_total", "amount"))
    section(
        "五、一般公共预算财政拨款基本支出决算情况说明",
        f"本年人员经费{_wan(personnel)}，公用经费{_wan(public)}。" if personnel is not None and public else None,
    )
    budget = f.get(("three_public_expenses", "total", "budget"))
    final = f.get(("three_public_expenses", "total", "final"), Decimal(0))
    section(
        "六、财政拨款“三公”经费支出决算情况说明",
        f"“三公”经费财政拨款支出预算为{_wan(budget)}，支出决算为{_wan(final)}，完成预算的{_pct(final, budget)}。"
        if budget
        else None,
    )
    return lines
