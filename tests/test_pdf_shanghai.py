"""The Shanghai PDF (上海市普陀区财政局 2024 年度部门决算, national 9-table template): every non-zero
figure of every table, read fact by fact from the printed PDF, and nothing extra.

The expectation below was written by reading the PDF's pages 6–20, not by running the loader.
The same figures rendered by our own PDF writer must load back identically (no ../shared needed).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from loaders.cli import app
from loaders.model import DocumentText, Fact, Table
from loaders.normalise import normalise
from loaders.pipeline import extract_document
from loaders.readers.pdf import read_pdf
from tests.conftest import SHANGHAI_PDF, shared_file

FactKey = tuple[str, str, str, Decimal]

# fmt: off
# 收入支出决算总表 (pp. 6–7), column 决算数
SUMMARY = {
    "gpb_appropriation": "2940.05", "other": "6.20", "income_total": "2946.25",
    "opening_balance": "49.14", "income_grand_total": "2995.39",
    "201": "2106.66", "208": "326.71", "210": "60.99", "221": "445.69",
    "expenditure_total": "2940.05", "closing_balance": "55.34", "expenditure_grand_total": "2995.39",
}
# 收入决算表 (pp. 8–9): 本年收入合计, 财政拨款收入, 其他收入 (the other columns are blank)
INCOME_BY_FUNCTION = {
    "total": ("2946.25", "2940.05", "6.20"),
    "201": ("2112.86", "2106.66", "6.20"),
    "20106": ("2112.86", "2106.66", "6.20"),
    "2010601": ("1511.90", "1511.89", "0.01"),
    "2010602": ("16.19", "10.00", "6.19"),
    "2010607": ("135.25", "135.25", None),
    "2010608": ("449.52", "449.52", None),
    "208": ("326.72", "326.72", None),
    "20805": ("326.72", "326.72", None),
    "2080501": ("84.65", "84.65", None),
    "2080505": ("160.75", "160.75", None),
    "2080506": ("80.38", "80.38", None),
    "2080599": ("0.94", "0.94", None),
    "210": ("60.99", "60.99", None),
    "21011": ("60.99", "60.99", None),
    "2101101": ("60.99", "60.99", None),
    "221": ("445.69", "445.69", None),
    "22102": ("445.69", "445.69", None),
    "2210201": ("187.19", "187.19", None),
    "2210203": ("258.50", "258.50", None),
}
# 支出决算表 (pp. 10–11) and 一般公共预算财政拨款支出决算表 (p. 15) print the same figures:
# 合计, 基本支出, 项目支出
EXPENDITURE_BY_FUNCTION = {
    "total": ("2940.05", "2336.91", "603.14"),
    "201": ("2106.66", "1503.52", "603.14"),
    "20106": ("2106.66", "1503.52", "603.14"),
    "2010601": ("1511.89", "1503.52", "8.37"),
    "2010602": ("10.00", None, "10.00"),
    "2010607": ("135.25", None, "135.25"),
    "2010608": ("449.52", None, "449.52"),
    "208": ("326.72", "326.72", None),
    "20805": ("326.72", "326.72", None),
    "2080501": ("84.65", "84.65", None),
    "2080505": ("160.75", "160.75", None),
    "2080506": ("80.38", "80.38", None),
    "2080599": ("0.94", "0.94", None),
    "210": ("60.99", "60.99", None),
    "21011": ("60.99", "60.99", None),
    "2101101": ("60.99", "60.99", None),
    "221": ("445.69", "445.69", None),
    "22102": ("445.69", "445.69", None),
    "2210201": ("187.19", "187.19", None),
    "2210203": ("258.50", "258.50", None),
}
# 财政拨款收入支出决算总表 (pp. 12–14): income side 决算数; expenditure side 合计 and
# 一般公共预算财政拨款 (the 政府性基金 and 国有资本经营 columns are blank)
FISCAL_INCOME = {
    "gpb_appropriation": "2940.05", "income_total": "2940.05", "opening_balance": "21.63",
    "opening_balance_gpb": "21.63", "income_grand_total": "2961.68",
}
FISCAL_EXPENDITURE = {
    "201": "2106.66", "208": "326.71", "210": "60.99", "221": "445.69",
    "expenditure_total": "2940.05", "closing_balance": "21.63", "expenditure_grand_total": "2961.68",
}
# 一般公共预算财政拨款基本支出决算表 (pp. 16–17), column 决算数
BASIC_BY_ECONOMIC = {
    "301": "2082.85", "30101": "262.33", "30102": "1238.58", "30108": "160.75", "30109": "80.38",
    "30110": "60.99", "30112": "1.61", "30113": "187.19", "30199": "91.03",
    "303": "69.41", "30302": "69.10", "30309": "0.31",
    "302": "171.07", "30201": "21.21", "30202": "7.61", "30204": "0.09", "30207": "4.88",
    "30211": "1.20", "30213": "2.83", "30216": "4.05", "30226": "2.01", "30228": "24.42",
    "30229": "42.77", "30239": "48.49", "30299": "11.53",
    "310": "13.58", "31002": "13.58",
    "personnel_total": "2152.26", "public_total": "184.65",
}
# 财政拨款“三公”经费支出决算表 (p. 18), wide layout: 预算数 0.95 under 合计 and 公务接待费, 决算数 blank
THREE_PUBLIC = {("total", "budget"): "0.95", ("reception", "budget"): "0.95"}
# 政府性基金 (p. 19) and 国有资本经营 (p. 20): empty, 注：…故本表无数据。

# The names printed beside the codes, for rendering the figures as a document of our own.
SUBJECT_NAMES = {
    "201": "一般公共服务支出", "20106": "财政事务", "2010601": "行政运行", "2010602": "一般行政管理事务",
    "2010607": "信息化建设", "2010608": "财政委托业务支出", "208": "社会保障和就业支出",
    "20805": "行政事业单位养老支出", "2080501": "行政单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出", "2080506": "机关事业单位职业年金缴费支出",
    "2080599": "其他行政事业单位养老支出", "210": "卫生健康支出", "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗", "221": "住房保障支出", "22102": "住房改革支出", "2210201": "住房公积金",
    "2210203": "购房补贴",
    "301": "工资福利支出", "30101": "基本工资", "30102": "津贴补贴", "30108": "机关事业单位基本养老保险缴费",
    "30109": "职业年金缴费", "30110": "职工基本医疗保险缴费", "30112": "其他社会保障缴费",
    "30113": "住房公积金", "30199": "其他工资福利支出", "303": "对个人和家庭的补助", "30302": "退休费",
    "30309": "奖励金", "302": "商品和服务支出", "30201": "办公费", "30202": "印刷费", "30204": "手续费",
    "30207": "邮电费", "30211": "差旅费", "30213": "维修（护）费", "30216": "培训费", "30226": "劳务费",
    "30228": "工会经费", "30229": "福利费", "30239": "其他交通费用", "30299": "其他商品和服务支出",
    "310": "资本性支出", "31002": "办公设备购置",
}
# The labels printed for the rows without a subject code, per table kind.
ROW_LABELS = {
    "income_expenditure_summary": {
        "gpb_appropriation": "一般公共预算财政拨款收入", "other": "其他收入", "income_total": "本年收入合计",
        "opening_balance": "年初结转和结余", "income_grand_total": "总计", "expenditure_total": "本年支出合计",
        "closing_balance": "年末结转和结余", "expenditure_grand_total": "总计",
    },
    "fiscal_appropriation_summary": {
        "gpb_appropriation": "一般公共预算财政拨款", "income_total": "本年收入合计",
        "opening_balance": "年初财政拨款结转和结余", "opening_balance_gpb": "一般公共预算财政拨款",
        "income_grand_total": "总计", "expenditure_total": "本年支出合计",
        "closing_balance": "年末财政拨款结转和结余", "expenditure_grand_total": "总计",
    },
    "gpb_basic_expenditure_by_economic": {"personnel_total": "人员经费合计", "public_total": "公用经费合计"},
    "three_public_expenses": {"total": "合计", "reception": "公务接待费"},
}
# fmt: on

KINDS_AND_PAGES = [
    ("income_expenditure_summary", 6, 7),
    ("income_by_function", 8, 9),
    ("expenditure_by_function", 10, 11),
    ("fiscal_appropriation_summary", 12, 14),  # page 14 holds only the ruled bottom of the table
    ("gpb_expenditure_by_function", 15, 15),
    ("gpb_basic_expenditure_by_economic", 16, 17),
    ("three_public_expenses", 18, 18),
    ("gov_fund_by_function", 19, 19),
    ("state_capital_by_function", 20, 20),
]


def _triples(kind: str, rows: dict[str, tuple[str | None, ...]], columns: tuple[str, ...]) -> set[FactKey]:
    return {
        (kind, row, column, Decimal(value))
        for row, values in rows.items()
        for column, value in zip(columns, values, strict=True)
        if value is not None
    }


def expected_facts() -> set[FactKey]:
    expenditure = ("total", "basic", "project")
    facts = {("income_expenditure_summary", row, "amount", Decimal(v)) for row, v in SUMMARY.items()}
    facts |= _triples("income_by_function", INCOME_BY_FUNCTION, ("total", "fiscal_appropriation", "other"))
    facts |= _triples("expenditure_by_function", EXPENDITURE_BY_FUNCTION, expenditure)
    facts |= _triples("gpb_expenditure_by_function", EXPENDITURE_BY_FUNCTION, expenditure)
    facts |= {("fiscal_appropriation_summary", row, "amount", Decimal(v)) for row, v in FISCAL_INCOME.items()}
    facts |= {
        ("fiscal_appropriation_summary", row, column, Decimal(v))
        for row, v in FISCAL_EXPENDITURE.items()
        for column in ("total", "gpb")
    }
    facts |= {("gpb_basic_expenditure_by_economic", row, "amount", Decimal(v)) for row, v in BASIC_BY_ECONOMIC.items()}
    facts |= {("three_public_expenses", row, column, Decimal(v)) for (row, column), v in THREE_PUBLIC.items()}
    return facts


def _label(kind: str, row: str) -> str:
    return SUBJECT_NAMES.get(row) or ROW_LABELS.get(kind, {}).get(row) or "合计"


def expected_tables() -> list[Table]:
    """The expectation as normalised tables (the renderers' input), in the printed order."""
    by_kind: dict[str, list[FactKey]] = {}
    for fact in sorted(expected_facts()):
        by_kind.setdefault(fact[0], []).append(fact)
    tables = []
    for seq, (kind, _, _) in enumerate(KINDS_AND_PAGES, start=1):
        facts = [
            Fact(seq, kind, row, _label(kind, row), column, value, format(value, "f"), "万元", None, None, "expected")
            for _, row, column, value in by_kind.get(kind, [])
        ]
        tables.append(Table(seq, kind, None, kind, "万元", not facts, None, None, None, None, None, facts))
    return tables


def _diff(found: set[FactKey], expected: set[FactKey]) -> str:
    return f"missing {sorted(expected - found)}\nextra {sorted(found - expected)}"


@pytest.fixture(scope="module")
def cli_facts() -> set[FactKey]:
    result = CliRunner().invoke(app, ["extract", str(shared_file(SHANGHAI_PDF))])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    found = {(r["table_kind"], r["row_key"], r["column_key"], Decimal(r["value"])) for r in rows}
    assert len(found) == len(rows), "a fact printed twice"
    return {f for f in found if f[3] != 0}


def test_expectation_covers_the_nine_tables() -> None:
    facts = expected_facts()
    assert len(facts) == 195
    assert {f[0] for f in facts} == {kind for kind, _, _ in KINDS_AND_PAGES} - {
        "gov_fund_by_function",
        "state_capital_by_function",
    }


def test_extract_prints_every_nonzero_figure_and_nothing_else(cli_facts: set[FactKey]) -> None:
    expected = expected_facts()
    assert cli_facts == expected, _diff(cli_facts, expected)


@pytest.fixture(scope="module")
def shanghai() -> DocumentText:
    return read_pdf(shared_file(SHANGHAI_PDF))


def test_tables_metadata_page_spans_and_declared_empty_tables(shanghai: DocumentText) -> None:
    assert (shanghai.format, shanghai.department, shanghai.year, shanghai.unit, shanghai.region) == (
        "pdf",
        "上海市普陀区财政局",
        2024,
        "万元",
        "上海市普陀区",
    )
    tables = normalise(shanghai).tables
    assert [(t.table_kind, t.page_start, t.page_end) for t in tables] == KINDS_AND_PAGES
    assert tables[6].title == "财政拨款“三公”经费支出决算表"
    empty = [(t.table_kind, t.empty_note) for t in tables if t.is_empty]
    assert empty == [
        ("gov_fund_by_function", "注：上海市普陀区财政局无政府性基金预算财政拨款支出，故本表无数据。"),
        ("state_capital_by_function", "注：上海市普陀区财政局无国有资本经营预算财政拨款支出，故本表无数据。"),
    ]
    # every figure is traced to the page and cell it was printed in
    pension = next(f for f in tables[1].facts if (f.row_key, f.column_key) == ("2080505", "fiscal_appropriation"))
    assert (pension.page, pension.value_text) == (8, "160.75")
    assert "r14 c6" in pension.source


def test_reader_keeps_blank_cells_split_codes_and_wrapped_labels(shanghai: DocumentText) -> None:
    income = next(g for g in shanghai.grids if g.title == "收入决算表")
    assert (income.unit, income.page_start, income.page_end) == ("万元", 8, 9)
    row = [c.text for c in income.rows[13]]
    assert row == ["208", "05", "05", "机关事业单位基本养老保险\n缴费支出", "160.75", "160.75", "", "", "", "", ""]
    assert (income.rows[13][3].page, income.rows[13][3].ref) == (8, "p8 r14 c4")
    # the page-9 part has no title above it and is appended to the same grid
    assert [c.text for c in income.rows[-1]][:5] == ["221", "02", "03", "购房补贴", "258.50"]
    assert income.rows[-1][0].page == 9
    # the unit table of 第一部分 keeps its own (non-决算) title, for the normaliser to skip
    assert shanghai.grids[0].title == "围的单位包括："


def test_our_rendering_of_the_expected_figures_loads_back_identically(tmp_path: Path) -> None:
    from loaders.render.pdf import render_pdf
    from loaders.render.templates import build_document

    doc = build_document(expected_tables(), style="national", department="上海市普陀区财政局", year=2024)
    path = render_pdf(doc, tmp_path / "shanghai-putuo-2024.pdf")
    loaded = extract_document(path)
    found = {(f.table_kind, f.row_key, f.column_key, f.value) for t in loaded.tables for f in t.facts if f.value}
    assert found == expected_facts(), _diff(found, expected_facts())
    assert (loaded.record.department, loaded.record.year, loaded.record.region) == (
        "上海市普陀区财政局",
        2024,
        "上海市普陀区",
    )
    assert [t.table_no for t in loaded.tables] == [f"表{n}" for n in range(1, 10)]
