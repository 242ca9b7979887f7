"""Two tables juesuan used to recognise without reading, read now in the shapes they are printed in
(loaders/layouts/table_kinds.csv): 机关运行经费支出决算表 (operating_costs) as 经济分类 rows × a 决算数
column, like the budget's 机关运行经费预算表; 项目收入支出决算表 (project_income_expenditure) as one row
per project, keyed by its name, × 年初结转和结余 本年收入 本年支出 年末结转和结余, whose printed equation
(年末 = 年初 + 收入 − 支出, loaders/layouts/column_sums.csv) places a figure whose blank neighbours the
extracted text lost. Rendered in every format the loaders read (tests/fixtures/formats.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loaders.pipeline import extract_document
from loaders.render import RenderDocument, RenderTable
from tests.fixtures.formats import FORMATS, Renderings

OPERATING_COSTS = RenderTable(
    "operating_costs",
    "2020 年度机关运行经费支出决算表",
    [["经济分类科目编码", "科目名称", "决算数"]],
    [
        ["", "合计", "12.50"],
        ["302", "商品和服务支出", "11.00"],
        ["30201", "办公费", "8.00"],
        ["30211", "差旅费", "3.00"],
        ["310", "资本性支出", "1.50"],
        ["31002", "办公设备购置", "1.50"],
    ],
    table_no="表10",
)
PROJECTS = RenderTable(
    "project_income_expenditure",
    "2020 年度项目收入支出决算表",
    [["项目名称", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"]],
    [
        ["合计", "1.00", "5.00", "5.50", "0.50"],
        ["网站运营", "1.00", "3.00", "3.50", "0.50"],
        ["数据中心维护", "", "2.00", "2.00", ""],
    ],
    table_no="表11",
)
EXPECTED = {
    ("operating_costs", "total", "amount", Decimal("12.50")),
    ("operating_costs", "302", "amount", Decimal("11.00")),
    ("operating_costs", "30201", "amount", Decimal("8.00")),
    ("operating_costs", "30211", "amount", Decimal("3.00")),
    ("operating_costs", "310", "amount", Decimal("1.50")),
    ("operating_costs", "31002", "amount", Decimal("1.50")),
    ("project_income_expenditure", "total", "opening_balance", Decimal("1.00")),
    ("project_income_expenditure", "total", "income", Decimal("5.00")),
    ("project_income_expenditure", "total", "total", Decimal("5.50")),
    ("project_income_expenditure", "total", "closing_balance", Decimal("0.50")),
    ("project_income_expenditure", "网站运营", "opening_balance", Decimal("1.00")),
    ("project_income_expenditure", "网站运营", "income", Decimal("3.00")),
    ("project_income_expenditure", "网站运营", "total", Decimal("3.50")),
    ("project_income_expenditure", "网站运营", "closing_balance", Decimal("0.50")),
    ("project_income_expenditure", "数据中心维护", "income", Decimal("2.00")),
    ("project_income_expenditure", "数据中心维护", "total", Decimal("2.00")),
}


@pytest.fixture(scope="module")
def renderings(tmp_path_factory: pytest.TempPathFactory) -> Renderings:
    doc = RenderDocument("示例市示例区示例局", 2020, "万元", [OPERATING_COSTS, PROJECTS])
    return Renderings(doc, tmp_path_factory.mktemp("read-now"), "report")


@pytest.mark.parametrize("fmt", FORMATS)
def test_operating_costs_and_project_tables_give_their_figures(fmt: str, renderings: Renderings) -> None:
    loaded = extract_document(renderings.path(fmt))
    found = {(f.table_kind, f.row_key, f.column_key, f.value) for t in loaded.tables for f in t.facts if f.value}
    assert found == EXPECTED, f"missing {sorted(EXPECTED - found)}, extra {sorted(found - EXPECTED)}"
    assert loaded.unmapped == []
    assert loaded.record.doc_kind == "final"


def test_a_projects_row_is_keyed_by_its_printed_name_and_its_label_kept(renderings: Renderings) -> None:
    loaded = extract_document(renderings.path("markdown-tabs"))
    projects = next(t for t in loaded.tables if t.table_kind == "project_income_expenditure")
    assert {(f.row_key, f.row_label) for f in projects.facts} == {
        ("total", "合计"),
        ("网站运营", "网站运营"),
        ("数据中心维护", "数据中心维护"),
    }
