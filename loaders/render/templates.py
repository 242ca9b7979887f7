"""Canonical facts → printed tables in the national 9-table layout or the Zhejiang 公开01–11表 layout.

Fixed row lists (the summary tables, the 三公 table) come from the layouts below; the rows of the
subject tables (功能分类, 经济分类, 分单位) are the rows the facts hold, in their printed order.
A figure the facts do not hold prints blank; a zero prints as 0.00 unless ``blank_zero``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from loaders.model import Table
from loaders.render import RenderDocument, RenderTable, Span, amount_text

# 支出功能分类 classes printed on the summary tables: the 2024 list, and the 24 lines of the
# older templates (before 灾害防治及应急管理支出 and 抗疫特别国债, with that era's names).
CLASSES_2024 = [
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("229", "其他支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("234", "抗疫特别国债安排的支出"),
]
CLASSES_2017 = [
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("210", "医疗卫生与计划生育支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "国土海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("229", "其他支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("233", "债务发行费用支出"),
]

_NUMERALS = "一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 24 → 二十四: the numbering of printed summary lines."""
    tens, ones = divmod(n, 10)
    prefix = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens - 1] + "十")
    return prefix + (_NUMERALS[ones - 1] if ones else "")


def numbered(items: list[str]) -> list[str]:
    return [f"{chinese_number(i)}、{label}" for i, label in enumerate(items, start=1)]


@dataclass
class Figures:
    """The facts of one table kind: values by (row, column) and rows in printed order."""

    values: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[str]:
        return list(self.labels)


def figures_by_kind(tables: list[Table]) -> dict[str, Figures]:
    found: dict[str, Figures] = {}
    for table in tables:
        figures = found.setdefault(table.table_kind, Figures())
        if table.empty_note:
            figures.notes.append(table.empty_note)
        for fact in table.facts:
            figures.values[(fact.row_key, fact.column_key)] = fact.value
            figures.labels.setdefault(fact.row_key, fact.row_label)
    return found


INCOME_LINES = [
    ("gpb_appropriation", "一般公共预算财政拨款收入"),
    ("gov_fund_appropriation", "政府性基金预算财政拨款收入"),
    ("state_capital_appropriation", "国有资本经营预算财政拨款收入"),
    ("superior_subsidy", "上级补助收入"),
    ("business", "事业收入"),
    ("operating", "经营收入"),
    ("affiliated_remittance", "附属单位上缴收入"),
    ("other", "其他收入"),
]
# Before the 2019 template: one 财政拨款收入 line, and 用事业基金弥补收支差额 for 使用非财政拨款结余.
INCOME_LINES_2017 = [("fiscal_appropriation", "财政拨款收入"), *INCOME_LINES[3:]]
APPROPRIATIONS = ("gpb_appropriation", "gov_fund_appropriation", "state_capital_appropriation")
USE_BALANCE_LABEL = "使用非财政拨款结余"
USE_BALANCE_LABEL_2017 = "用事业基金弥补收支差额"


@dataclass(frozen=True)
class Style:
    """How a province prints: its table list, numbering, zero cells and class list."""

    name: str
    classes: list[tuple[str, str]]
    blank_zero: bool
    income_lines: list[tuple[str, str]] = field(default_factory=lambda: INCOME_LINES)
    use_balance_label: str = USE_BALANCE_LABEL
    fiscal_total_label: str = "合计"
    zero_mark: str = ""
    thousands: bool = True

    def amount(self, figures: Figures, row: str, column: str) -> str:
        value = figures.values.get((row, column))
        return amount_text(value, thousands=self.thousands, blank_zero=self.blank_zero, zero_mark=self.zero_mark)


# ---------------------------------------------------------------- summary tables


def _side_rows(
    style: Style, figures: Figures, items: list[tuple[str, str]], columns: list[str], line_no: int | None
) -> list[list[str]]:
    """One side of a summary table: label, (line number), figures."""
    rows = []
    for offset, (key, label) in enumerate(items):
        cells = [label] if key or label else [""]
        if line_no is not None:
            cells.append(str(line_no + offset))
        cells += [style.amount(figures, key, c) if key else "" for c in columns]
        rows.append(cells)
    return rows


def two_sides(
    style: Style,
    figures: Figures,
    left: list[tuple[str, str]],
    right: list[tuple[str, str]],
    left_tail: list[tuple[str, str]],
    right_tail: list[tuple[str, str]],
    left_columns: list[str],
    right_columns: list[str],
) -> list[list[str]]:
    """Left and right items side by side, the totals lines of both sides aligned at the bottom."""
    height = max(len(left), len(right))
    left = left + [("", "")] * (height - len(left))
    right = right + [("", "")] * (height - len(right))
    line_numbers = style.name == "zhejiang"
    left_rows = _side_rows(style, figures, left + left_tail, left_columns, 1 if line_numbers else None)
    first_right = len(left) + len(left_tail) + 1
    right_rows = _side_rows(style, figures, right + right_tail, right_columns, first_right if line_numbers else None)
    width_left = 1 + line_numbers + len(left_columns)
    return [(lrow + [""] * (width_left - len(lrow))) + rrow for lrow, rrow in zip(left_rows, right_rows, strict=True)]


def _labels(figures: Figures, items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Printed labels of fixed lines: the document's own wording when its facts carry it."""
    return [(key, figures.labels.get(key, label)) for key, label in items]


def class_items(style: Style, figures: Figures) -> list[tuple[str, str]]:
    known = {code for code, _ in style.classes}
    extra = [r for r in figures.rows if r.isdigit() and len(r) == 3 and r not in known]
    if extra:
        raise ValueError(f"class lines {extra} are not on the {style.name} summary layout")
    names = numbered([name for _, name in style.classes])
    return [(code, name) for (code, _), name in zip(style.classes, names, strict=True)]


def _summary_header(
    style: Style, right_values: list[str], left_values: list[str] | None = None
) -> tuple[list[list[str]], list[Span]]:
    if style.name == "zhejiang":
        left_values = left_values or ["金额"]
        left = ["项目", "行次", *left_values]
        right = ["项目", "行次", *right_values]
        count = len(left_values) + len(right_values)
        numbers = ["栏次", "", *[str(i) for i in range(1, 1 + len(left_values))], "栏次", ""]
        numbers += [str(i) for i in range(1 + len(left_values), 1 + count)]
    else:
        left, right, numbers = ["项目", *(left_values or ["决算数"])], ["项目", *right_values], []
    top = ["收入"] + [""] * (len(left) - 1) + ["支出"] + [""] * (len(right) - 1)
    spans = [Span(0, 0, 0, len(left) - 1), Span(0, len(left), 0, len(left) + len(right) - 1)]
    return [top, left + right] + ([numbers] if numbers else []), spans


def income_expenditure_summary(style: Style, figures: Figures) -> tuple[list[list[str]], list[list[str]], list[Span]]:
    return _income_expenditure_summary(style, figures, {"amount": "金额" if style.name == "zhejiang" else "决算数"})


def income_expenditure_summary_with_budgets(style: Style, figures: Figures) -> Layout:
    """The older 收入支出决算总表: each side's 年初预算数 before its 决算数."""
    return _income_expenditure_summary(style, figures, {"initial_budget": "年初预算数", "amount": "决算数"})


def _income_expenditure_summary(style: Style, figures: Figures, columns: dict[str, str]) -> Layout:
    keys = [key for key, _ in style.income_lines]
    left = list(zip(keys, numbered([label for _, label in style.income_lines]), strict=True))
    left_tail = [
        ("income_total", "本年收入合计"),
        ("use_non_fiscal_balance", style.use_balance_label),
        ("opening_balance", "年初结转和结余"),
        ("income_grand_total", "总计"),
    ]
    right_tail = [
        ("expenditure_total", "本年支出合计"),
        ("balance_distribution", "结余分配"),
        ("closing_balance", "年末结转和结余"),
        ("expenditure_grand_total", "总计"),
    ]
    body = two_sides(
        style,
        figures,
        _labels(figures, left),
        class_items(style, figures),
        _labels(figures, left_tail),
        _labels(figures, right_tail),
        list(columns),
        list(columns),
    )
    header, spans = _summary_header(style, list(columns.values()), list(columns.values()))
    return header, body, spans


FISCAL_COLUMNS = ["total", "gpb", "gov_fund", "state_capital"]


def fiscal_appropriation_summary(style: Style, figures: Figures) -> tuple[list[list[str]], list[list[str]], list[Span]]:
    left = list(
        zip(
            ["gpb_appropriation", "gov_fund_appropriation", "state_capital_appropriation"],
            numbered(["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]),
            strict=True,
        )
    )
    opening = list(
        zip(
            ["opening_balance", "opening_balance_gpb", "opening_balance_gov_fund", "opening_balance_state_capital"],
            [
                "年初财政拨款结转和结余",
                *numbered(["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]),
            ],
            strict=True,
        )
    )
    left_tail = [("income_total", "本年收入合计"), *opening, ("income_grand_total", "总计")]
    right_tail = [
        ("expenditure_total", "本年支出合计"),
        ("closing_balance", "年末财政拨款结转和结余"),
        ("", ""),
        ("", ""),
        ("", ""),
        ("expenditure_grand_total", "总计"),
    ]
    body = two_sides(
        style,
        figures,
        _labels(figures, left),
        class_items(style, figures),
        _labels(figures, left_tail),
        _labels(figures, right_tail),
        ["amount"],
        FISCAL_COLUMNS,
    )
    header, spans = _summary_header(
        style,
        [style.fiscal_total_label, "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
    )
    if style.name != "zhejiang":
        header[1][1] = "决算数"
    return header, body, spans


# ---------------------------------------------------------------- subject and unit tables

INCOME_COLUMNS = [
    ("total", "本年收入合计"),
    ("fiscal_appropriation", "财政拨款收入"),
    ("superior_subsidy", "上级补助收入"),
    ("business", "事业收入"),
    ("operating", "经营收入"),
    ("affiliated_remittance", "附属单位上缴收入"),
    ("other", "其他收入"),
]
EXPENDITURE_COLUMNS = [
    ("total", "本年支出合计"),
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("remit_to_superior", "上缴上级支出"),
    ("operating", "经营支出"),
    ("subsidy_to_affiliated", "对附属单位补助支出"),
]
Layout = tuple[list[list[str]], list[list[str]], list[Span]]


def _rows_of(figures: Figures, total_first: bool = True) -> list[str]:
    """The printed rows: 合计 first (or last), then the subject or unit rows in printed order."""
    rows = [r for r in figures.rows if r != "total"]
    return ["total", *rows] if total_first else [*rows, "total"]


def subject_body(style: Style, figures: Figures, columns: list[str], *, total_first: bool = True) -> list[list[str]]:
    body = []
    for row in _rows_of(figures, total_first) or ["total"]:
        code, name = ("", "合计") if row == "total" else (row, figures.labels.get(row, row))
        body.append([code, name, *[style.amount(figures, row, c) for c in columns]])
    return body


def _column_numbers(style: Style, count: int, lead: int) -> list[list[str]]:
    """The 栏次 row of the Zhejiang layout."""
    if style.name != "zhejiang":
        return []
    return [["栏次", *[""] * (lead - 1), *[str(i) for i in range(1, count + 1)]]]


def by_function(columns: list[tuple[str, str]]) -> Callable[[Style, Figures], Layout]:
    """收入/支出决算表 by 功能分类: code and name under 项目, one column per figure."""

    def build(style: Style, figures: Figures) -> Layout:
        labels = [label for _, label in columns]
        header = [
            ["项目", "", *labels],
            [
                "支出功能分类科目编码" if style.name == "zhejiang" else "功能分类科目编码",
                "科目名称",
                *[""] * len(labels),
            ],
            *_column_numbers(style, len(labels), 2),
        ]
        spans = [Span(0, 0, 0, 1)] + [Span(0, 2 + i, 1, 2 + i) for i in range(len(labels))]
        body = subject_body(style, figures, [key for key, _ in columns])
        return header, body, spans

    return build


def by_unit(columns: list[tuple[str, str]]) -> Callable[[Style, Figures], Layout]:
    """收入/支出决算表（分单位）: one row per unit, 合计 first."""

    def build(style: Style, figures: Figures) -> Layout:
        labels = [label for _, label in columns]
        header = [["单位名称", *labels], *_column_numbers(style, len(labels), 1)]
        body = [
            [
                "合计" if row == "total" else figures.labels.get(row, row),
                *[style.amount(figures, row, key) for key, _ in columns],
            ]
            for row in _rows_of(figures)
        ]
        return header, body, []

    return build


def gpb_expenditure_by_function(style: Style, figures: Figures) -> Layout:
    columns = ["total", "basic", "project"]
    if style.name == "zhejiang":
        header = [
            ["项目", "", "本年支出", "", ""],
            ["支出功能分类科目编码", "科目名称", "小计", "基本支出", "项目支出"],
            *_column_numbers(style, 3, 2),
        ]
        return header, subject_body(style, figures, columns), [Span(0, 0, 0, 1), Span(0, 2, 0, 4)]
    header = [["项目", "", "合计", "基本支出", "项目支出"], ["功能分类科目编码", "科目名称", "", "", ""]]
    spans = [Span(0, 0, 0, 1), Span(0, 2, 1, 2), Span(0, 3, 1, 3), Span(0, 4, 1, 4)]
    return header, subject_body(style, figures, columns, total_first=False), spans


BUDGET_COLUMNS = ["initial_budget", "adjusted_budget", "total", "basic", "project"]


def gpb_expenditure_with_budgets(style: Style, figures: Figures) -> Layout:
    """The older 一般公共预算财政拨款支出决算表: 年初预算数 and 调整预算数 before the 决算数 (小计, 基本, 项目)."""
    top = ["项目", "", "年初预算数", "调整预算数", "决算数", "", ""]
    second = ["功能分类科目编码", "科目名称", "", "", "小计", "基本支出", "项目支出"]
    header = [top, second, *_column_numbers(style, len(BUDGET_COLUMNS), 2)]
    spans = [Span(0, 0, 0, 1), Span(0, 2, 1, 2), Span(0, 3, 1, 3), Span(0, 4, 0, 6)]
    return header, subject_body(style, figures, BUDGET_COLUMNS), spans


def fund_by_function(with_balances: bool) -> Callable[[Style, Figures], Layout]:
    """政府性基金 / 国有资本经营 tables: 年初结转和结余, 本年收入, 本年支出 (小计, 基本, 项目), 年末."""

    def build(style: Style, figures: Figures) -> Layout:
        subtotal = "小计" if style.name == "zhejiang" else "合计"
        if with_balances:
            columns = ["opening_balance", "income", "total", "basic", "project", "closing_balance"]
            top = ["项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"]
            second = ["功能分类科目编码", "科目名称", "", "", subtotal, "基本支出", "项目支出", ""]
            spans = [Span(0, 0, 0, 1), Span(0, 2, 1, 2), Span(0, 3, 1, 3), Span(0, 4, 0, 6), Span(0, 7, 1, 7)]
        else:
            columns = ["total", "basic", "project"]
            top = ["项目", "", "本年支出", "", ""]
            second = ["功能分类科目编码", "科目名称", subtotal, "基本支出", "项目支出"]
            spans = [Span(0, 0, 0, 1), Span(0, 2, 0, 4)]
        if style.name == "zhejiang":
            second[0] = "支出功能分类科目编码"
        header = [top, second, *_column_numbers(style, len(columns), 2)]
        return header, subject_body(style, figures, columns), spans

    return build


PERSONNEL_CLASSES = ("301", "303")


def gpb_basic_expenditure_by_economic(style: Style, figures: Figures) -> Layout:
    """人员经费 (301, 303) in the first column group, 公用经费 in the next one(s)."""
    groups = 3 if style.name == "zhejiang" else 2
    rows = [r for r in figures.rows if r not in ("personnel_total", "public_total")]
    personnel = [r for r in rows if r.startswith(PERSONNEL_CLASSES)]
    public = [r for r in rows if not r.startswith(PERSONNEL_CLASSES)]
    per_group = -(-len(public) // (groups - 1)) if public else 0
    columns = [personnel] + [public[i * per_group : (i + 1) * per_group] for i in range(groups - 1)]
    height = max(len(c) for c in columns)
    body = []
    for i in range(height):
        row: list[str] = []
        for column in columns:
            key = column[i] if i < len(column) else None
            row += [key, figures.labels.get(key, key), style.amount(figures, key, "amount")] if key else ["", "", ""]
        body.append(row)
    totals = [
        "",
        "人员经费合计",
        style.amount(figures, "personnel_total", "amount"),
        "",
        "公用经费合计",
        style.amount(figures, "public_total", "amount"),
    ]
    body.append(totals + [""] * (3 * groups - len(totals)))
    group_header = ["经济分类科目编码", "科目名称", "决算数"] * groups
    if style.name != "zhejiang":
        return [group_header], body, []
    top = ["人员经费", "", "", "公用经费", "", "", "", "", ""]
    return [top, group_header], body, [Span(0, 0, 0, 2), Span(0, 3, 0, 8)]


THREE_PUBLIC_ROWS = [
    ("total", "“三公”经费支出合计"),
    ("overseas", "1．因公出国（境）费用"),
    ("vehicle", "2．公务用车购置及运行维护费小计"),
    ("vehicle_purchase", "（1）公务用车购置费"),
    ("vehicle_operation", "（2）公务用车运行维护费"),
    ("reception", "3．公务接待费"),
]


def three_public_expenses(style: Style, figures: Figures) -> Layout:
    """Zhejiang prints one row per item; the national template one wide row of 12 figures."""
    if style.name == "zhejiang":
        body = [
            [label, style.amount(figures, key, "budget"), style.amount(figures, key, "final")]
            for key, label in THREE_PUBLIC_ROWS
        ]
        return [["项目", "预算数", "决算数"]], body, []
    groups = ["total", "overseas", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"]
    header = [
        ["财政拨款“三公”经费", *[""] * 11],
        ["合计", "", "因公出国（境）费", "", "公务用车购置及运行维护费", "", "", "", "", "", "公务接待费", ""],
        ["", "", "", "", "小计", "", "公务用车购置费", "", "公务用车运行维护费", "", "", ""],
        ["预算数", "决算数"] * 6,
    ]
    spans = [
        Span(0, 0, 0, 11),
        Span(1, 0, 2, 1),
        Span(1, 2, 2, 3),
        Span(1, 4, 1, 9),
        Span(2, 4, 2, 5),
        Span(2, 6, 2, 7),
        Span(2, 8, 2, 9),
        Span(1, 10, 2, 11),
    ]
    body = [[style.amount(figures, key, column) for key in groups for column in ("budget", "final")]]
    return header, body, spans


# ---------------------------------------------------------------- documents

Builder = Callable[[Style, Figures], Layout]

NATIONAL_TABLES: list[tuple[str, str, Builder]] = [
    ("income_expenditure_summary", "收入支出决算总表", income_expenditure_summary),
    ("income_by_function", "收入决算表", by_function(INCOME_COLUMNS)),
    ("expenditure_by_function", "支出决算表", by_function(EXPENDITURE_COLUMNS)),
    ("fiscal_appropriation_summary", "财政拨款收入支出决算总表", fiscal_appropriation_summary),
    ("gpb_expenditure_by_function", "一般公共预算财政拨款支出决算表", gpb_expenditure_by_function),
    ("gpb_basic_expenditure_by_economic", "一般公共预算财政拨款基本支出决算表", gpb_basic_expenditure_by_economic),
    ("three_public_expenses", "财政拨款“三公”经费支出决算表", three_public_expenses),
    ("gov_fund_by_function", "政府性基金预算财政拨款收入支出决算表", fund_by_function(True)),
    ("state_capital_by_function", "国有资本经营预算财政拨款收入支出决算表", fund_by_function(True)),
]
ZHEJIANG_TABLES: list[tuple[str, str, Builder]] = [
    ("income_expenditure_summary", "收入支出决算总表", income_expenditure_summary),
    ("income_by_unit", "收入决算表（分单位）", by_unit(INCOME_COLUMNS)),
    ("income_by_function", "收入决算表（分科目）", by_function(INCOME_COLUMNS)),
    ("expenditure_by_unit", "支出决算表（分单位）", by_unit(EXPENDITURE_COLUMNS)),
    ("expenditure_by_function", "支出决算表（分科目）", by_function(EXPENDITURE_COLUMNS)),
    ("fiscal_appropriation_summary", "财政拨款收入支出决算总表", fiscal_appropriation_summary),
    ("gpb_expenditure_by_function", "一般公共预算财政拨款支出决算表", gpb_expenditure_by_function),
    ("gpb_basic_expenditure_by_economic", "一般公共预算财政拨款基本支出决算明细表", gpb_basic_expenditure_by_economic),
    ("gov_fund_by_function", "政府性基金预算财政拨款收入支出决算表", fund_by_function(True)),
    ("state_capital_by_function", "国有资本经营预算财政拨款支出决算表", fund_by_function(False)),
    ("three_public_expenses", "财政拨款“三公”经费支出决算表", three_public_expenses),
]
# The 2016–2018 set: no 国有资本经营 table, the 三公 table under its 一般公共预算 title.
TABLES_2017: list[tuple[str, str, Builder]] = [
    *NATIONAL_TABLES[:6],
    ("three_public_expenses", "一般公共预算财政拨款“三公”经费支出决算表", three_public_expenses),
    NATIONAL_TABLES[7],
]

# Sets of the same era that print the year's budgets beside the final in the appropriation table.
TABLES_2017_BUDGETS: list[tuple[str, str, Builder]] = [
    ("income_expenditure_summary", "收入支出决算总表", income_expenditure_summary_with_budgets),
    *TABLES_2017[1:4],
    ("gpb_expenditure_by_function", "一般公共预算财政拨款支出决算表", gpb_expenditure_with_budgets),
    *TABLES_2017[5:],
]


@dataclass(frozen=True)
class Template:
    """A printed set as data: its tables, how their rows print (the family), the table number and the
    line under each title, and the summary lines of its era."""

    family: str  # zhejiang: 行次 and 栏次 columns, 三公 one row per item; national: neither, wide 三公
    tables: list[tuple[str, str, Builder]]
    numbering: str  # the printed table number, formatted with n
    metadata: str | None = None  # the line under each title ({department}, {unit}); None: the family's
    report: str = "部门决算"
    classes: list[tuple[str, str]] = field(default_factory=lambda: CLASSES_2024)
    income_lines: list[tuple[str, str]] = field(default_factory=lambda: INCOME_LINES)
    use_balance_label: str = USE_BALANCE_LABEL
    fiscal_total_label: str = "合计"
    zero_mark: str = ""  # how a zero prints where the family prints zeros blank: "" or "-"
    thousands: bool = True  # 2,209.05 or 2209.05


# 2016–2018: one 财政拨款收入 line, 用事业基金弥补收支差额, the classes of that era, 小计 over the funds.
TEMPLATE_2017 = Template(
    "zhejiang",
    TABLES_2017,
    "表{n}",
    metadata="部门：{department} 金额单位：{unit}",
    classes=CLASSES_2017,
    income_lines=INCOME_LINES_2017,
    use_balance_label=USE_BALANCE_LABEL_2017,
    fiscal_total_label="小计",
)
TEMPLATES: dict[str, Template] = {
    "national": Template("national", NATIONAL_TABLES, "表{n}"),
    "zhejiang": Template("zhejiang", ZHEJIANG_TABLES, "公开{n:02d}表"),
    # Hubei prints the national nine tables as 表1–表9 with 行次 and 栏次, under 部门 and 金额单位 lines.
    "hubei": Template("zhejiang", NATIONAL_TABLES, "表{n}", metadata="部门：{department} 金额单位：{unit}"),
    "template2017": TEMPLATE_2017,
    # The same era with 年初预算数 and 调整预算数 columns before the 决算数 of 一般公共预算财政拨款支出决算表.
    "template2017_budgets": replace(TEMPLATE_2017, tables=TABLES_2017_BUDGETS),
    # A county set printed from a spreadsheet: zero as "-", no thousands separators, an 编制单位 line.
    "county_plain": Template(
        "national",
        NATIONAL_TABLES,
        "表{n}",
        metadata="编制单位：{department} 金额单位：{unit}",
        zero_mark="-",
        thousands=False,
    ),
    # A unit's own report (单位决算, e.g. a hospital or school), its name on a 单位名称 line.
    "unit_report": Template(
        "national", NATIONAL_TABLES, "表{n}", metadata="单位名称：{department} 单位：{unit}", report="单位决算"
    ),
}
STYLES = {name: template.tables for name, template in TEMPLATES.items()}
_FUND_NAMES = {
    "gov_fund_by_function": "政府性基金预算财政拨款",
    "state_capital_by_function": "国有资本经营预算财政拨款",
    "budget_gov_fund_by_function": "政府性基金预算拨款",
    "budget_state_capital_by_function": "国有资本经营预算拨款",
}


def _notes(kind: str, figures: Figures) -> list[str]:
    """A 无数据 note for a fund table without figures (our wording, not the document's)."""
    if kind in _FUND_NAMES and not any(figures.values.values()):
        return [f"说明：本部门本年度没有{_FUND_NAMES[kind]}收入和支出，故本表无数据。"]
    return []


def _combine_appropriations(figures: dict[str, Figures]) -> None:
    """The one 财政拨款收入 line of the older summary: the three appropriations it later split into."""
    summary = figures.get("income_expenditure_summary", Figures())
    for column in ("initial_budget", "amount"):
        printed = [summary.values[(key, column)] for key in APPROPRIATIONS if (key, column) in summary.values]
        if printed:
            summary.values[("fiscal_appropriation", column)] = sum(printed, Decimal(0))


def build_document(
    tables: list[Table],
    *,
    style: str | Template,
    department: str,
    year: int,
    unit: str = "万元",
    classes: list[tuple[str, str]] | None = None,
    blank_zero: bool | None = None,
) -> RenderDocument:
    """A whole document in a template (one of ``TEMPLATES`` by name) from the normalised tables of a real one."""
    template = TEMPLATES[style] if isinstance(style, str) else style
    layout = Style(
        template.family,
        classes or template.classes,
        blank_zero if blank_zero is not None else template.family == "national",
        template.income_lines,
        template.use_balance_label,
        template.fiscal_total_label,
        template.zero_mark,
        template.thousands,
    )
    figures = figures_by_kind(tables)
    if any(key == "fiscal_appropriation" for key, _ in template.income_lines):
        _combine_appropriations(figures)
    rendered = []
    for n, (kind, name, build) in enumerate(template.tables, start=1):
        found = figures.get(kind, Figures())
        header, body, spans = build(layout, found)
        number = template.numbering.format(n=n)
        rendered.append(RenderTable(kind, f"{year} 年度{name}", header, body, spans, number, _notes(kind, found)))
    return RenderDocument(department, year, unit, rendered, template.family, template.metadata, template.report)
