"""Markdown / TSV documents: the reader's grids, and facts end to end through the pipeline."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from loaders.pipeline import extract_document
from loaders.readers.markdown import read_markdown, split_row
from loaders.render.markdown import render_markdown
from loaders.render.templates import CLASSES_2017, build_document
from tests.fixtures.figures import DEPARTMENT, YEAR, expected_facts, fixture_tables

INCOME_TABLE = """\
# 示例市示例区示例局 2020 年度部门决算

## 2020 年度收入决算表（表 2）

单位：万元

项目\t\t本年收入合计\t财政拨款收入\t其他收入
功能分类科目编码\t科目名称\t\t\t
<b>合计</b>\t\t<b>1,244.56</b>\t1,234.56\t10.00
201\t一般公共服务<br>支出\t1,244.56\t1,234.56\t10.00

注：本表反映部门本年度取得的各项收入情况。
1 栏各行 = (2+3) 栏各行

## 第三部分 情况说明

本年收入合计 1244.56 万元。
"""


def write(tmp_path: Path, text: str, name: str = "doc.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def facts_of(path: Path) -> set[tuple[str, str, str, Decimal]]:
    loaded = extract_document(path)
    return {(f.table_kind, f.row_key, f.column_key, f.value) for t in loaded.tables for f in t.facts}


def test_heading_number_cells_notes_and_positions(tmp_path: Path) -> None:
    doc = read_markdown(write(tmp_path, INCOME_TABLE))
    assert (doc.department, doc.year, doc.unit, doc.region) == (DEPARTMENT, 2020, "万元", "示例市示例区")
    [grid] = doc.grids
    assert grid.title == "2020 年度收入决算表"
    assert grid.table_no == "表2"
    assert grid.unit == "万元"
    assert [c.text for c in grid.rows[0]] == ["项目", "", "本年收入合计", "财政拨款收入", "其他收入"]
    assert [c.text for c in grid.rows[2]] == ["合计", "", "1,244.56", "1,234.56", "10.00"]
    assert grid.rows[3][1].text == "一般公共服务\n支出"  # <br> kept as the printed line break
    assert (grid.rows[3][2].line, grid.rows[3][2].ref) == (10, "L10 c3")
    assert grid.notes == ["注：本表反映部门本年度取得的各项收入情况。", "1 栏各行 = (2+3) 栏各行"]
    assert (grid.line_start, grid.line_end) == (3, 13)  # prose after the notes is not the table's


def test_income_table_facts_with_lines(tmp_path: Path) -> None:
    loaded = extract_document(write(tmp_path, INCOME_TABLE))
    [table] = loaded.tables
    assert table.table_kind == "income_by_function" and table.table_no == "表2"
    by_key = {(f.row_key, f.column_key): f for f in table.facts}
    assert by_key[("201", "total")].value == Decimal("1244.56")
    assert by_key[("201", "total")].line == 10
    assert by_key[("201", "total")].row_label == "一般公共服务支出"
    assert by_key[("total", "other")].value_text == "10.00"
    assert len(table.facts) == 6


def test_pipe_table_rows() -> None:
    assert split_row("| 201 | 一般公共服务支出 | 1,000.00 |  |") == ["201", "一般公共服务支出", "1,000.00", ""]
    assert split_row("|---|---|") is None or split_row("|---|---|") == ["---", "---"]
    assert split_row("plain prose") is None


def test_pipe_tables_load_like_tab_separated(tmp_path: Path) -> None:
    doc = build_document(fixture_tables(), style="national", department=DEPARTMENT, year=YEAR)
    tabs = render_markdown(doc, tmp_path / "tabs.md")
    pipes = render_markdown(doc, tmp_path / "pipes.md", pipe=True)
    assert "|---|" in pipes.read_text(encoding="utf-8")
    assert facts_of(pipes) == facts_of(tabs) == expected_facts()


def test_national_nine_tables_fact_by_fact(tmp_path: Path) -> None:
    doc = build_document(fixture_tables(), style="national", department=DEPARTMENT, year=YEAR)
    path = render_markdown(doc, tmp_path / "national.md")
    text = path.read_text(encoding="utf-8")
    assert "## 2020 年度收入决算表（表 2）" in text
    assert "\t0.00" not in text  # the national layout prints zero as a blank cell
    loaded = extract_document(path)
    assert [t.table_no for t in loaded.tables] == [f"表{n}" for n in range(1, 10)]
    assert [t.table_kind for t in loaded.tables] == [
        "income_expenditure_summary",
        "income_by_function",
        "expenditure_by_function",
        "fiscal_appropriation_summary",
        "gpb_expenditure_by_function",
        "gpb_basic_expenditure_by_economic",
        "three_public_expenses",
        "gov_fund_by_function",
        "state_capital_by_function",
    ]
    assert (loaded.record.department, loaded.record.year, loaded.record.unit) == (DEPARTMENT, 2020, "万元")
    assert facts_of(path) == expected_facts()


def test_empty_tables_are_declared_empty(tmp_path: Path) -> None:
    doc = build_document(fixture_tables(), style="national", department=DEPARTMENT, year=YEAR)
    loaded = extract_document(render_markdown(doc, tmp_path / "national.md"))
    empty = {t.table_kind: t for t in loaded.tables if t.is_empty}
    assert set(empty) == {"gov_fund_by_function", "state_capital_by_function"}
    assert "本表无数据" in empty["gov_fund_by_function"].empty_note
    assert not empty["gov_fund_by_function"].facts


def test_table_split_across_pages_is_one_table(tmp_path: Path) -> None:
    doc = build_document(fixture_tables(), style="national", department=DEPARTMENT, year=YEAR)
    path = render_markdown(doc, tmp_path / "split.md", rows_per_page=4)
    text = path.read_text(encoding="utf-8")
    assert "## 2020 年度收入决算表（表 2）（续）" in text
    loaded = extract_document(path)
    assert len(loaded.tables) == 9
    income = next(t for t in loaded.tables if t.table_kind == "income_by_function")
    assert income.page_end > income.page_start
    assert facts_of(path) == expected_facts()


def test_continuation_after_page_marker_without_title(tmp_path: Path) -> None:
    text = INCOME_TABLE.replace(
        "201\t一般公共服务<br>支出", "<!-- page 4 -->\n208\t社会保障和就业支出\t1.00\t1.00\t\n201\t一般公共服务<br>支出"
    )
    [grid] = read_markdown(write(tmp_path, text)).grids
    assert [row[0].text for row in grid.rows[3:]] == ["208", "201"]
    assert (grid.page_start, grid.page_end) == (1, 4)


def test_wrapped_label_split_into_two_rows_is_joined(tmp_path: Path) -> None:
    text = INCOME_TABLE.replace(
        "201\t一般公共服务<br>支出\t1,244.56\t1,234.56\t10.00",
        "2080505\t机关事业单位基本养老保险缴\t1,244.56\t1,234.56\t10.00\n\t费支出\t\t\t",
    )
    [grid] = read_markdown(write(tmp_path, text)).grids
    assert [c.text for c in grid.rows[-1][:2]] == ["2080505", "机关事业单位基本养老保险缴\n费支出"]
    [table] = extract_document(tmp_path / "doc.md").tables
    assert {f.row_label for f in table.facts if f.row_key == "2080505"} == {"机关事业单位基本养老保险缴费支出"}


def test_title_line_with_unit_and_bold_title(tmp_path: Path) -> None:
    text = INCOME_TABLE.replace("## 2020 年度收入决算表（表 2）\n\n单位：万元", "**收入决算表（表2） 金额单位：元**")
    [grid] = read_markdown(write(tmp_path, text)).grids
    assert (grid.title, grid.table_no, grid.unit) == ("收入决算表", "表2", "元")


def test_zhejiang_layout_keeps_printed_zeros(tmp_path: Path) -> None:
    tables = fixture_tables()
    three_public = next(t for t in tables if t.table_kind == "three_public_expenses")
    zero = replace(
        three_public.facts[0],
        row_key="overseas",
        row_label="因公出国（境）费用",
        value=Decimal("0.00"),
        value_text="0.00",
    )
    three_public.facts.append(zero)
    doc = build_document(tables, style="zhejiang", department=DEPARTMENT, year=YEAR)
    path = render_markdown(doc, tmp_path / "zhejiang.md")
    assert "1．因公出国（境）费用\t0.00" in path.read_text(encoding="utf-8")
    loaded = extract_document(path)
    assert [t.table_no for t in loaded.tables] == [f"公开{n:02d}表" for n in range(1, 12)]
    assert facts_of(path) == expected_facts() | {
        ("three_public_expenses", "overseas", zero.column_key, Decimal("0.00"))
    }


def test_older_summary_with_24_class_lines(tmp_path: Path) -> None:
    doc = build_document(fixture_tables(), style="national", department=DEPARTMENT, year=YEAR, classes=CLASSES_2017)
    path = render_markdown(doc, tmp_path / "older.md")
    summary = doc.tables[0]
    class_lines = [row[2] for row in summary.body if re.match(r"[一二三四五六七八九十]+、", row[2])]
    assert len(class_lines) == 24
    assert "九、医疗卫生与计划生育支出" in class_lines
    assert not any("灾害防治" in line or "抗疫" in line for line in class_lines)
    assert facts_of(path) == expected_facts()


def test_heading_naming_no_table_is_ignored(tmp_path: Path) -> None:
    text = INCOME_TABLE + "\n## 项目支出绩效自评表\n\n项目名称\t年初预算数\n网站运营\t1.00\n"
    loaded = extract_document(write(tmp_path, text))
    assert [t.table_kind for t in loaded.tables] == ["income_by_function"]


def test_unknown_header_keeps_the_table_rows_unmapped(tmp_path: Path) -> None:
    path = write(tmp_path, INCOME_TABLE.replace("\t其他收入\n", "\t捐赠收入\n"), "bad-header.md")
    loaded = extract_document(path)
    assert [(t.table_kind, t.facts) for t in loaded.tables] == [("income_by_function", [])]
    rows = [(r.line, r.text) for r in loaded.unmapped]
    assert rows == [(9, "合计 1,244.56 1,234.56 10.00"), (10, "201 一般公共服务支出 1,244.56 1,234.56 10.00")]
    assert all("捐赠收入" in r.reason for r in loaded.unmapped)


def test_unknown_final_accounts_title_keeps_its_rows_without_a_table(tmp_path: Path) -> None:
    text = INCOME_TABLE + "\n## 2020 年度捐赠收支决算表\n\n项目\t金额\n捐赠\t1.00\n"
    loaded = extract_document(write(tmp_path, text))
    assert [t.table_kind for t in loaded.tables] == ["income_by_function"]
    assert [(r.line, r.table_kind, r.text) for r in loaded.unmapped] == [
        (21, None, "项目 金额"),
        (22, None, "捐赠 1.00"),
    ]
    assert "unknown table title '2020 年度捐赠收支决算表'" in loaded.unmapped[0].reason


HTML_TABLE = """\
## 2020 年度一般公共预算财政拨款支出决算表（表 5）

单位：万元

<table>
<tr><th colspan="2">项目</th><th rowspan="2">合计</th><th rowspan="2">基本支出</th><th rowspan="2">项目支出</th></tr>
<tr><th>功能分类科目编码</th><th>科目名称</th></tr>
<tr><td>201</td><td>一般公共服务<br/>支出</td><td><b>1,000.00</b></td><td>765.44</td><td>234.56</td></tr>
<tr><td>208</td><td>社会保障和就业支出</td><td>200.00</td><td>200.00</td><td></td></tr>
<tr><td></td><td>合计</td><td>1,200.00</td><td>965.44</td><td>234.56</td></tr>
</table>

注：本表反映部门本年度一般公共预算财政拨款支出情况。
"""


def test_html_table_with_merged_cells(tmp_path: Path) -> None:
    path = write(tmp_path, HTML_TABLE)
    [grid] = read_markdown(path).grids
    assert [c.text for c in grid.rows[0]] == ["项目", "", "合计", "基本支出", "项目支出"]
    assert [c.text for c in grid.rows[1]] == ["功能分类科目编码", "科目名称", "", "", ""]
    assert grid.rows[2][1].text == "一般公共服务\n支出"
    assert (grid.rows[2][2].ref, grid.notes) == ("L8 c3", ["注：本表反映部门本年度一般公共预算财政拨款支出情况。"])
    [table] = extract_document(path).tables
    values = {(f.row_key, f.column_key): f.value_text for f in table.facts}
    assert values == {
        ("201", "total"): "1000.00",
        ("201", "basic"): "765.44",
        ("201", "project"): "234.56",
        ("208", "total"): "200.00",
        ("208", "basic"): "200.00",
        ("total", "total"): "1200.00",
        ("total", "basic"): "965.44",
        ("total", "project"): "234.56",
    }


CONVERTER_ECONOMIC = """\
## 2024 年度一般公共预算财政拨款基本支出决算表（表 6）

单位：万元

| 经济分类科目编码 | 科目名称 | 决算数 | 经济分类科目编码 | 科目名称 | 决算数 |
|---|---|---|---|---|---|
| 301 | 工资福利支出 | 2,082.85 | 302 | 商品和服务支出 | 171.07 |
| 人员经费合计 | | 2,082.85 | 公用经费合计 | | |
| | | | | | 171.07 |
"""


def test_a_total_whose_figure_a_converter_put_on_a_row_of_its_own_keeps_its_label(tmp_path: Path) -> None:
    [table] = extract_document(write(tmp_path, CONVERTER_ECONOMIC)).tables
    values = {(f.row_key, f.value_text) for f in table.facts}
    assert ("public_total", "171.07") in values and ("personnel_total", "2082.85") in values


def test_a_total_whose_figure_a_converter_put_in_the_last_cell_keeps_its_label(tmp_path: Path) -> None:
    text = CONVERTER_ECONOMIC.replace(
        "| 人员经费合计 | | 2,082.85 | 公用经费合计 | | |\n| | | | | | 171.07 |",
        "| 人员经费合计 | | 2,082.85 | | | |\n| 公用经费合计 | | | | | 171.07 |",
    )
    loaded = extract_document(write(tmp_path, text))
    assert ("public_total", "171.07") in {(f.row_key, f.value_text) for f in loaded.tables[0].facts}
    assert loaded.unmapped == []
