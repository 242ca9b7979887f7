"""Write a 部门预算 in Shanghai's nine-table budget layout from canonical facts, so that tests and the
sample corpus hold budgets rendered by the project's own code from published figures.

The layout is the one Shanghai's districts print (财务收支预算总表 … “三公”经费和机关运行经费预算表):
unnumbered titles "2025年部门…预算表", an 编制部门 line, 类/款/项 code cells, one figure column per
measure, and one wide row for the 三公 items and 机关运行经费. Facts of one table kind are printed in
their reading order; a table without facts is printed empty under a note.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from loaders.model import Table
from loaders.render import RenderDocument, RenderTable, Span, amount_text
from loaders.render.templates import CLASSES_2024, Figures, chinese_number, figures_by_kind

INCOME_LINES = [
    ("fiscal_appropriation", "一、财政拨款收入"),
    ("gpb_appropriation", "1. 一般公共预算资金"),
    ("gov_fund_appropriation", "2. 政府性基金"),
    ("state_capital_appropriation", "3. 国有资本经营预算"),
    ("business", "二、事业收入"),
    ("operating", "三、事业单位经营收入"),
    ("other", "四、其他收入"),
]
FISCAL_INCOME_LINES = [
    ("gpb_appropriation", "一、一般公共预算资金"),
    ("gov_fund_appropriation", "二、政府性基金"),
    ("state_capital_appropriation", "三、国有资本经营预算"),
]
INCOME_COLUMNS = [
    ("total", "合计"),
    ("fiscal_appropriation", "财政拨款收入"),
    ("business", "事业收入"),
    ("operating", "事业单位经营收入"),
    ("other", "其他收入"),
]
EXPENDITURE_COLUMNS = [("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")]
FISCAL_COLUMNS = [
    ("total", "合计"),
    ("gpb", "一般公共预算"),
    ("gov_fund", "政府性基金预算"),
    ("state_capital", "国有资本经营预算"),
]
ECONOMIC_COLUMNS = [("total", "合计"), ("personnel", "人员经费"), ("public", "公用经费")]
THREE_PUBLIC_ITEMS = [
    "total",
    "overseas",
    "reception",
    "vehicle",
    "vehicle_purchase",
    "vehicle_operation",
    "operating_costs",
]


def _amount(figures: Figures, row: str, column: str) -> str:
    return amount_text(figures.values.get((row, column)))


def _classes(figures: Figures) -> list[tuple[str, str]]:
    """The 类 lines of a summary's expenditure side under their current names, numbered 一、二、…"""
    names = dict(CLASSES_2024)
    codes = [r for r in figures.rows if r.isdigit() and len(r) == 3]
    return [(code, f"{chinese_number(i)}、{names.get(code, code)}") for i, code in enumerate(codes, start=1)]


def _two_sides(figures: Figures, left: list[tuple[str, str]], right_columns: list[str]) -> list[list[str]]:
    """Every income line on the left, 类 lines on the right, 收入总计 / 支出总计 as the last row."""
    right = _classes(figures)
    body = []
    for i in range(max(len(left), len(right))):
        lkey, llabel = left[i] if i < len(left) else ("", "")
        rkey, rlabel = right[i] if i < len(right) else ("", "")
        body.append(
            [
                llabel,
                _amount(figures, lkey, "amount") if lkey else "",
                rlabel,
                *[_amount(figures, rkey, c) if rkey else "" for c in right_columns],
            ]
        )
    body.append(
        [
            "收入总计",
            _amount(figures, "income_grand_total", "amount"),
            "支出总计",
            *[_amount(figures, "expenditure_grand_total", c) for c in right_columns],
        ]
    )
    return body


def budget_summary(figures: Figures) -> tuple[list[list[str]], list[list[str]], list[Span]]:
    header = [["本年收入", "", "本年支出", ""], ["项目", "预算数", "项目", "预算数"]]
    return header, _two_sides(figures, INCOME_LINES, ["amount"]), [Span(0, 0, 0, 1), Span(0, 2, 0, 3)]


def fiscal_summary(figures: Figures) -> tuple[list[list[str]], list[list[str]], list[Span]]:
    header = [
        ["财政拨款收入", "", "财政拨款支出", "", "", "", ""],
        ["项目", "预算数", "项目", *[label for _, label in FISCAL_COLUMNS]],
    ]
    body = _two_sides(figures, FISCAL_INCOME_LINES, [key for key, _ in FISCAL_COLUMNS])
    return header, body, [Span(0, 0, 0, 1), Span(0, 2, 0, 6)]


def _code_cells(code: str, parts: int) -> list[str]:
    """类/款/项 cells of a code: 2010301 → 201, 03, 01."""
    return [code[:3], code[3:5], code[5:7]][:parts]


def by_subject(group: str, columns: list[tuple[str, str]], parts: int, code_label: str, name_label: str):
    """A table by 功能分类 (parts 3: 类 款 项) or 经济分类 (parts 2: 类 款) subject, 合计 last."""

    def build(figures: Figures) -> tuple[list[list[str]], list[list[str]], list[Span]]:
        labels = [label for _, label in columns]
        header = [
            ["项目", *[""] * parts, group, *[""] * (len(labels) - 1)],
            [code_label, *[""] * (parts - 1), name_label, *labels],
            [*"类款项"[:parts], "", *[""] * len(labels)],
        ]
        rows = [r for r in figures.rows if r != "total"]
        body = [
            [*_code_cells(r, parts), figures.labels.get(r, r), *[_amount(figures, r, c) for c, _ in columns]]
            for r in rows
        ]
        body.append(["合计", *[""] * parts, *[_amount(figures, "total", c) for c, _ in columns]])
        spans = [Span(0, 0, 0, parts), Span(0, parts + 1, 0, parts + len(labels)), Span(1, 0, 1, parts - 1)]
        return header, body, spans

    return build


def three_public(figures: Figures) -> tuple[list[list[str]], list[list[str]], list[Span]]:
    header = [
        ["“三公”经费预算数", "", "", "", "", "", "机关运行经费预算数"],
        ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "", "", ""],
        ["", "", "", "小计", "购置费", "运行费", ""],
    ]
    body = [[_amount(figures, item, "amount") for item in THREE_PUBLIC_ITEMS]]
    spans = [Span(0, 0, 0, 5), Span(0, 6, 2, 6), Span(1, 3, 1, 5), Span(1, 0, 2, 0), Span(1, 1, 2, 1), Span(1, 2, 2, 2)]
    return header, body, spans


_FUNCTION = ("功能分类科目编码", "功能分类科目名称")
TABLES = [
    ("budget_summary", "财务收支预算总表", budget_summary),
    ("budget_income_by_function", "收入预算总表", by_subject("收入预算", INCOME_COLUMNS, 3, *_FUNCTION)),
    ("budget_expenditure_by_function", "支出预算总表", by_subject("支出预算", EXPENDITURE_COLUMNS, 3, *_FUNCTION)),
    ("budget_fiscal_appropriation_summary", "财政拨款收支预算总表", fiscal_summary),
    (
        "budget_gpb_expenditure_by_function",
        "一般公共预算支出功能分类预算表",
        by_subject("一般公共预算支出", EXPENDITURE_COLUMNS, 3, *_FUNCTION),
    ),
    (
        "budget_gov_fund_by_function",
        "政府性基金预算支出功能分类预算表",
        by_subject("政府性基金预算支出", EXPENDITURE_COLUMNS, 3, *_FUNCTION),
    ),
    (
        "budget_state_capital_by_function",
        "国有资本经营预算支出功能分类预算表",
        by_subject("国有资本经营预算支出", EXPENDITURE_COLUMNS, 3, *_FUNCTION),
    ),
    (
        "budget_gpb_basic_expenditure_by_economic",
        "一般公共预算基本支出部门预算经济分类预算表",
        by_subject("一般公共预算基本支出", ECONOMIC_COLUMNS, 2, "部门预算经济分类科目编码", "经济分类科目名称"),
    ),
    ("budget_three_public", "“三公”经费和机关运行经费预算表", three_public),
]


def _in_unit(tables: list[Table], unit: str) -> list[Table]:
    """Facts printed in 万元 (the 三公 table of a budget in 元) restated in the document's unit."""
    factor = {("万元", "元"): Decimal(10000), ("元", "万元"): Decimal("0.0001")}
    for table in tables:
        for i, fact in enumerate(table.facts):
            if fact.unit != unit:
                value = (fact.value * factor[(fact.unit, unit)]).normalize()
                table.facts[i] = replace(fact, value=value, value_text=format(value, "f"), unit=unit)
    return tables


def _empty_note(name: str, level: str, year: int) -> str:
    """Our wording of the note under an empty table (a fund table names its fund)."""
    fund = next((f for f in ("政府性基金", "国有资本经营") if name.startswith(f)), None)
    if fund:
        return f"注：本{level}{year}年无{fund}预算财政拨款安排的预算，本表无数据。"
    return "注：本表无数据。"


def build_budget_document(
    department: str, year: int, unit: str, tables: list[Table], level: str = "部门"
) -> RenderDocument:
    """Shanghai's nine budget tables of a department (level 部门) or a unit (单位) in one unit."""
    figures = figures_by_kind(_in_unit(tables, unit))
    rendered = []
    for kind, name, build in TABLES:
        table_figures = figures.get(kind, Figures())
        header, body, spans = build(table_figures)
        empty = not table_figures.values
        notes = [_empty_note(name, level, year)] if empty else []
        rendered.append(RenderTable(kind, f"{year}年{level}{name}", header, body, spans, notes=notes))
    return RenderDocument(
        department, year, unit, rendered, metadata=f"编制{level}：{{department}} 单位：{{unit}}", report=f"{level}预算"
    )
