"""Plain-text layouts beyond the Zhejiang seed: numbers above titles, titles wrapped over two lines."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from loaders.pipeline import extract_document
from loaders.readers.meta import region_of
from loaders.readers.text import numbered_lines

HUBEI_STYLE = """\
二、部门决算公开表
表1
2019年度收入支出决算总表
部门：示例县示例局 单位：万元
项目 行次 金额 项目 行次 金额
一、一般公共预算财政拨款收入 1 10.00 一、一般公共服务支出 9 10.00
本年收入合计 2 10.00 本年支出合计 10 10.00
总计 3 10.00 总计 11 10.00
表2
2019年度一般公共预算财政拨款基本支出决算明
细表
单位：万元
科目编码 科目名称 决算数
301 工资福利支出 8.00
30101 基本工资 8.00
302 商品和服务支出 2.00
30201 办公费 2.00
人员经费合计 8.00
公用经费合计 2.00
"""


def _load(tmp_path: Path, text: str):
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return extract_document(path)


def test_table_number_printed_above_the_title_belongs_to_that_table(tmp_path: Path) -> None:
    loaded = _load(tmp_path, HUBEI_STYLE)
    assert [(t.table_kind, t.table_no) for t in loaded.tables] == [
        ("income_expenditure_summary", "表1"),
        ("gpb_basic_expenditure_by_economic", "表2"),
    ]


def test_a_title_wrapped_over_two_lines_is_one_title(tmp_path: Path) -> None:
    basic = _load(tmp_path, HUBEI_STYLE).tables[1]
    assert basic.title == "2019年度一般公共预算财政拨款基本支出决算明细表"
    assert {(f.row_key, f.value) for f in basic.facts} == {
        ("301", Decimal("8.00")),
        ("30101", Decimal("8.00")),
        ("302", Decimal("2.00")),
        ("30201", Decimal("2.00")),
        ("personnel_total", Decimal("8.00")),
        ("public_total", Decimal("2.00")),
    }


def test_a_sentence_naming_a_table_starts_no_table(tmp_path: Path) -> None:
    prose = HUBEI_STYLE.replace("二、部门决算公开表", "详见2019年度收入支出决算总表。")
    assert len(_load(tmp_path, prose).tables) == 2


@pytest.mark.parametrize("entry", ["表 1:收入支出决算总表", "1. 收入支出决算总表", "（1）收入支出决算总表"])
def test_a_numbered_entry_listing_the_tables_starts_no_table(tmp_path: Path, entry: str) -> None:
    listing = f"二、部门决算公开表\n{entry}\n2. 一般公共预算财政拨款基本支出决算明细表\n（附后）\n"
    loaded = _load(tmp_path, HUBEI_STYLE.replace("二、部门决算公开表\n", listing))
    assert [(t.table_kind, t.table_no, t.page_start) for t in loaded.tables] == [
        ("income_expenditure_summary", "表1", 1),
        ("gpb_basic_expenditure_by_economic", "表2", 1),
    ]
    assert loaded.unmapped == []


def test_a_form_feed_is_a_page_break_even_inside_a_line() -> None:
    lines = numbered_lines("封面\n\f目录\n一、主要职能 21.60\f2013899 4.19\r\n")
    assert [(line.text, line.page, line.number) for line in lines] == [
        ("封面", 1, 1),
        ("目录", 2, 2),
        ("一、主要职能 21.60", 2, 3),
        ("2013899 4.19", 3, 3),  # pdfplumber joins a page's last line with the next page's first
        ("", 3, 4),
    ]


def test_facts_of_a_paged_text_are_traced_to_their_page(tmp_path: Path) -> None:
    paged = HUBEI_STYLE.replace("表2\n", "\f表2\n")
    basic = _load(tmp_path, paged).tables[1]
    assert {f.page for f in basic.facts} == {2} and basic.page_start == 2


def test_a_cover_title_over_several_lines_names_department_region_and_year(tmp_path: Path) -> None:
    cover = "上海市普陀区人民政府\n宜川路街道办事处\n2025 年度部门决算\f"
    loaded = _load(tmp_path, cover + HUBEI_STYLE.replace("部门：示例县示例局 ", ""))
    record = loaded.record
    assert (record.department, record.region, record.year) == (
        "上海市普陀区人民政府宜川路街道办事处",
        "上海市普陀区",
        2019,
    )


@pytest.mark.parametrize(
    ("department", "region"),
    [
        ("中共上海市普陀区委社会工作部", "上海市普陀区"),
        ("上海市普陀区人民政府宜川路街道办事处", "上海市普陀区"),
        ("共青团上海市普陀区委员会", "上海市普陀区"),
        ("绍兴市越城区大数据发展管理中心", "绍兴市越城区"),
    ],
)
def test_region_of_party_and_sub_district_departments(department: str, region: str) -> None:
    assert region_of(department) == region
