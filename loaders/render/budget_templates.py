"""Canonical budget facts → a 部门预算 printed in the national template, for fixtures made from the real
budgets' figures: 部门收支总表, 部门收入总表, 部门支出总表, 财政拨款收支总表, 一般公共预算支出表,
一般公共预算基本支出表, 一般公共预算“三公”经费支出表, 政府性基金预算支出表, 国有资本经营预算支出表.

``BUDGET_WITH_PRIOR`` prints the 一般公共预算支出表 as many provinces do: 上年预算数, 本年预算数 (合计,
基本支出, 项目支出), 增减额 and 增减率 (%); ``with_prior_year`` puts last year's budget beside this year's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from loaders.model import Fact, Table
from loaders.render import Span
from loaders.render.templates import (
    Figures,
    Layout,
    Style,
    Template,
    class_items,
    numbered,
    subject_body,
    two_sides,
)

CENT = Decimal("0.01")
WAN_PER_YUAN = Decimal("0.0001")
GPB_KIND = "budget_gpb_expenditure_by_function"

INCOME_LINES = [
    ("gpb_appropriation", "一般公共预算拨款收入"),
    ("gov_fund_appropriation", "政府性基金预算拨款收入"),
    ("state_capital_appropriation", "国有资本经营预算拨款收入"),
    ("business", "事业收入"),
    ("operating", "事业单位经营收入"),
    ("other", "其他收入"),
]
INCOME_TAIL = [("income_total", "本年收入合计"), ("opening_balance", "上年结转"), ("income_grand_total", "收入总计")]
EXPENDITURE_TAIL = [
    ("expenditure_total", "本年支出合计"),
    ("closing_balance", "结转下年"),
    ("expenditure_grand_total", "支出总计"),
]
THREE_PUBLIC_LINES = [
    ("total", "合计"),
    ("overseas", "1.因公出国（境）费"),
    ("vehicle", "2.公务用车购置及运行费"),
    ("vehicle_purchase", "（1）公务用车购置费"),
    ("vehicle_operation", "（2）公务用车运行费"),
    ("reception", "3.公务接待费"),
]


def _numbered_lines(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(zip([key for key, _ in lines], numbered([label for _, label in lines]), strict=True))


def _sides_header(right: list[str]) -> tuple[list[list[str]], list[Span]]:
    top = ["收入", "", "支出", *[""] * (len(right) - 1)]
    return [top, ["项目", "预算数", "项目", *right]], [Span(0, 0, 0, 1), Span(0, 2, 0, 2 + len(right) - 1)]


def summary(style: Style, figures: Figures) -> Layout:
    body = two_sides(
        style,
        figures,
        _numbered_lines(INCOME_LINES),
        class_items(style, figures),
        INCOME_TAIL,
        EXPENDITURE_TAIL,
        ["amount"],
        ["amount"],
    )
    header, spans = _sides_header(["预算数"])
    return header, body, spans


def fiscal_summary(style: Style, figures: Figures) -> Layout:
    body = two_sides(
        style,
        figures,
        _numbered_lines(INCOME_LINES[:3]),
        class_items(style, figures),
        [("opening_balance", "上年结转"), ("income_grand_total", "收入总计")],
        [("closing_balance", "结转下年"), ("expenditure_grand_total", "支出总计")],
        ["amount"],
        ["total", "gpb", "gov_fund", "state_capital"],
    )
    header, spans = _sides_header(["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"])
    return header, body, spans


Builder = Callable[[Style, Figures], Layout]


def by_subject(columns: list[tuple[str, str]], code_label: str = "功能分类科目编码") -> Builder:
    """One row per subject code (合计 first): code, name, one column per figure."""

    def build(style: Style, figures: Figures) -> Layout:
        header = [[code_label, "科目名称", *[label for _, label in columns]]]
        return header, subject_body(style, figures, [key for key, _ in columns]), []

    return build


def gpb_with_prior(style: Style, figures: Figures) -> Layout:
    """上年预算数 | 本年预算数 (合计 基本支出 项目支出) | 增减额 | 增减率（%）."""
    header = [
        ["功能分类科目编码", "科目名称", "上年预算数", "本年预算数", "", "", "增减额", "增减率（%）"],
        ["", "", "", "合计", "基本支出", "项目支出", "", ""],
    ]
    spans = [Span(0, 0, 1, 0), Span(0, 1, 1, 1), Span(0, 2, 1, 2), Span(0, 3, 0, 5), Span(0, 6, 1, 6), Span(0, 7, 1, 7)]
    columns = ["prior_budget", "total", "basic", "project", "change", "change_pct"]
    return header, subject_body(style, figures, columns), spans


def three_public(style: Style, figures: Figures) -> Layout:
    body = [[label, style.amount(figures, key, "amount")] for key, label in THREE_PUBLIC_LINES]
    return [["项目", "预算数"]], body, []


INCOME_COLUMNS = [
    ("total", "合计"),
    ("fiscal_appropriation", "财政拨款收入"),
    ("business", "事业收入"),
    ("operating", "事业单位经营收入"),
    ("other", "其他收入"),
]
SPLIT_COLUMNS = [("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")]
ECONOMIC = [("total", "合计"), ("personnel", "人员经费"), ("public", "公用经费")]
ECONOMIC_CODE = "经济分类科目编码"


def _tables(gpb_builder: Builder) -> list[tuple[str, str, Builder]]:
    return [
        ("budget_summary", "部门收支总表", summary),
        ("budget_income_by_function", "部门收入总表", by_subject(INCOME_COLUMNS)),
        ("budget_expenditure_by_function", "部门支出总表", by_subject(SPLIT_COLUMNS)),
        ("budget_fiscal_appropriation_summary", "财政拨款收支总表", fiscal_summary),
        (GPB_KIND, "一般公共预算支出表", gpb_builder),
        ("budget_gpb_basic_expenditure_by_economic", "一般公共预算基本支出表", by_subject(ECONOMIC, ECONOMIC_CODE)),
        ("budget_three_public", "一般公共预算“三公”经费支出表", three_public),
        ("budget_gov_fund_by_function", "政府性基金预算支出表", by_subject(SPLIT_COLUMNS)),
        ("budget_state_capital_by_function", "国有资本经营预算支出表", by_subject(SPLIT_COLUMNS)),
    ]


BUDGET_NATIONAL = Template("national", _tables(by_subject(SPLIT_COLUMNS)), "表{n}", report="部门预算")
BUDGET_WITH_PRIOR = Template("national", _tables(gpb_with_prior), "表{n}", report="部门预算")


def in_wan(tables: list[Table]) -> list[Table]:
    """Tables printed in 元 restated in 万元 to two decimals (half up), as a 万元 budget prints them."""

    def wan(fact: Fact, unit: str) -> Fact:
        value = (fact.value * WAN_PER_YUAN).quantize(CENT, ROUND_HALF_UP) if unit == "元" else fact.value
        return replace(fact, value=value, unit="万元")

    return [replace(t, unit="万元", facts=[wan(f, t.unit) for f in t.facts]) for t in tables]


def with_prior_year(current: list[Table], prior: list[Table]) -> list[Table]:
    """This year's tables with last year's 一般公共预算支出 total beside each subject: 上年预算数, 增减额 and
    增减率 (to two decimals; none where last year's budget was nil)."""
    before = {f.row_key: f for t in prior if t.table_kind == GPB_KIND for f in t.facts if f.column_key == "total"}
    out = []
    for table in current:
        if table.table_kind != GPB_KIND:
            out.append(table)
            continue
        now = {f.row_key: f for f in table.facts if f.column_key == "total"}
        extra = []
        for key in now.keys() | before.keys():
            was = before[key].value if key in before else Decimal(0)
            change = (now[key].value if key in now else Decimal(0)) - was
            template = now.get(key) or before[key]
            extra.append(replace(template, column_key="prior_budget", value=was))
            extra.append(replace(template, column_key="change", value=change))
            if was:
                pct = (change / was * 100).quantize(CENT, ROUND_HALF_UP)
                extra.append(replace(template, column_key="change_pct", value=pct))
        out.append(replace(table, facts=table.facts + extra))
    return out
