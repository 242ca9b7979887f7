"""Figures of extracted text whose blank cells vanished, placed in their columns by the table's own
equations, its 类/款/项 sums and which columns are commonly filled. One rule, one case each."""

from __future__ import annotations

from decimal import Decimal

from tests.test_normalise import facts_of, normalised, text_grid, unmapped_of

INCOME_HEADER = "科目编码 科目名称 本年收入合计 财政拨款收入 上级补助收入 事业收入 经营收入 附属单位上缴收入 其他收入"
GPB_HEADER = "科目编码 科目名称 合计 基本支出 项目支出"


def test_the_row_total_and_the_commonest_columns_place_three_figures_of_seven() -> None:
    grid = text_grid("收入决算表", [INCOME_HEADER, "2010601 行政运行 1,511.90 1,511.89 0.01"])
    assert facts_of(grid) == {
        ("2010601", "total"): Decimal("1511.90"),
        ("2010601", "fiscal_appropriation"): Decimal("1511.89"),
        ("2010601", "other"): Decimal("0.01"),
    }


def test_the_column_sums_of_a_class_place_a_figure_in_basic_or_project() -> None:
    grid = text_grid(
        "一般公共预算财政拨款支出决算表",
        [
            GPB_HEADER,
            "20106 财政事务 2,106.66 1,503.52 603.14",
            "2010601 行政运行 1,511.89 1,503.52 8.37",
            "2010602 一般行政管理事务 10.00 10.00",
            "2010607 信息化建设 135.25 135.25",
            "2010608 财政委托业务支出 449.52 449.52",
        ],
    )
    facts = facts_of(grid)
    assert {k for k in facts if k[0] in {"2010602", "2010607", "2010608"}} == {
        ("2010602", "total"),
        ("2010602", "project"),
        ("2010607", "total"),
        ("2010607", "project"),
        ("2010608", "total"),
        ("2010608", "project"),
    }


def test_figures_printed_on_two_lines_are_placed_whatever_their_reading_order() -> None:
    # the label's line holds 基本支出 and 项目支出; 合计 follows with the code on the line below
    grid = text_grid("一般公共预算财政拨款支出决算表", [GPB_HEADER, "一般公共服务支出 1,503.52 603.14", "201 2,106.66"])
    assert facts_of(grid) == {
        ("201", "total"): Decimal("2106.66"),
        ("201", "basic"): Decimal("1503.52"),
        ("201", "project"): Decimal("603.14"),
    }


def test_a_wide_three_public_row_is_placed_by_its_sums_and_the_commonest_items() -> None:
    header = [
        "财政拨款“三公”经费",
        "合计 因公出国（境）费 公务用车购置及运行费 小计 公务接待费 公务用车购置费 公务用车运行费",
        "预算数 决算数 " * 6,
    ]
    grid = text_grid("财政拨款“三公”经费支出决算表", [*header, "31.47 19.86 30.67 19.56 30.67 19.56 0.80 0.30"])
    assert facts_of(grid) == {
        ("total", "budget"): Decimal("31.47"),
        ("total", "final"): Decimal("19.86"),
        ("vehicle", "budget"): Decimal("30.67"),
        ("vehicle", "final"): Decimal("19.56"),
        ("vehicle_operation", "budget"): Decimal("30.67"),
        ("vehicle_operation", "final"): Decimal("19.56"),
        ("reception", "budget"): Decimal("0.80"),
        ("reception", "final"): Decimal("0.30"),
    }


def test_the_fund_columns_of_the_fiscal_summary_fill_from_the_general_budget() -> None:
    header = ["项目 决算数 项目 合计 一般公共预算财政拨款 政府性基金预算财政拨款 国有资本经营预算财政拨款"]
    rows = ["一、一般公共预算财政拨款 20,218.21 十九、住房保障支出 1,181.78 1,076.78 105.00"]
    facts = facts_of(text_grid("财政拨款收入支出决算总表", [*header, *rows]))
    assert facts == {
        ("gpb_appropriation", "amount"): Decimal("20218.21"),
        ("221", "total"): Decimal("1181.78"),
        ("221", "gpb"): Decimal("1076.78"),
        ("221", "gov_fund"): Decimal("105.00"),
    }


# ---------------------------------------------------------------- the side of a figure in doubt

ECONOMIC_TITLE = "一般公共预算财政拨款基本支出决算表"
ECONOMIC_HEADER = ["经济分类科目编码 科目名称 决算数 经济分类科目编码 科目名称 决算数"]


def _economic(rows: list[str]) -> list[str]:
    """A two-sided 经济分类 table as pdfplumber prints it: codes, then names, then figures, by line."""
    return [*ECONOMIC_HEADER, *rows, "人员经费合计 110.00 公用经费合计 21.21"]


def test_a_lone_figure_below_two_labels_goes_to_the_side_its_class_sum_needs() -> None:
    rows = [
        "301 302",
        "工资福利支出 110.00 商品和服务支出 21.21",
        "301 01 302",
        "基本工资 01 办公费",
        "100.00 20.00",
        "301 02 302",
        "津贴补贴 02 印刷费",
        "1.21",  # the 302 class needs it: 20.00 + 1.21 = 21.21
        "301 03 302",
        "奖金 03 咨询费",
        "10.00",  # the 301 class needs it: 100.00 + 10.00 = 110.00
    ]
    facts = facts_of(text_grid(ECONOMIC_TITLE, _economic(rows)))
    assert facts == {
        ("301", "amount"): Decimal("110.00"),
        ("302", "amount"): Decimal("21.21"),
        ("30101", "amount"): Decimal("100.00"),
        ("30201", "amount"): Decimal("20.00"),
        ("30202", "amount"): Decimal("1.21"),
        ("30103", "amount"): Decimal("10.00"),
        ("personnel_total", "amount"): Decimal("110.00"),
        ("public_total", "amount"): Decimal("21.21"),
    }


def test_a_lone_figure_the_sums_cannot_place_is_kept_with_both_labels() -> None:
    rows = ["301 01 302", "基本工资 01 办公费", "12.00"]  # no class rows printed: nothing tells
    grid = text_grid(ECONOMIC_TITLE, [*ECONOMIC_HEADER, *rows])
    assert facts_of(grid) == {}
    [row] = unmapped_of(grid)
    assert (row.text, row.figures, row.line) == ("301 01 基本工资 302 01 办公费 12.00", ("12.00",), 11)
    assert "1 figure(s) printed below the labels of 2 sides; the table's sums do not tell whose" in row.reason


def test_a_class_code_printed_again_waits_for_its_kuan_part_on_the_next_line() -> None:
    # 302 was printed before (302 11), so the 302 beside 301 13 is the first part of a split code: 302 12
    rows = [
        "301 302",
        "工资福利支出 188.80 商品和服务支出 1.20",
        "301 12 302",
        "其他社会保障缴费 11 差旅费",
        "1.61 1.20",
        "301 13 302 因 公 出 国 （ 境 ） 费",
        "住房公积金 12",
        "187.19 用",
        "人员经费合计 188.80 公用经费合计 1.20",
    ]
    table = normalised(text_grid(ECONOMIC_TITLE, [*ECONOMIC_HEADER, *rows])).tables[0]
    assert {(f.row_key, f.value) for f in table.facts} == {
        ("301", Decimal("188.80")),
        ("302", Decimal("1.20")),
        ("30112", Decimal("1.61")),
        ("30211", Decimal("1.20")),
        ("30113", Decimal("187.19")),  # the 301 class needs it
        ("personnel_total", Decimal("188.80")),
        ("public_total", Decimal("1.20")),
    }
