"""Row-label resolution: normalised and loose lookup, labels run together on one line, and the national
templates' 行次 and row order for the summary tables. One rule, one passing and one failing case."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loaders.labels import SideRow, lookup_row_key, loose_label, normalise_label, resolve_by_template, split_numbered
from tests.test_normalise import aligned, facts_of, text_grid, unmapped_of


@pytest.mark.parametrize(
    "printed",
    [
        "一、一般公共预算财政拨款收入",
        "（一）一般公共预算财政拨款收入",
        "1.一般公共预算财政拨款收入",
        "１．一般公共预算财政拨款收入",
        "① 一般公共预算财政拨款收入",
        "其中：一般公共预算财政拨款收入",
        "一般公共预算 财政拨款收入：",
    ],
)
def test_numbering_spaces_width_and_punctuation_do_not_matter(printed: str) -> None:
    assert normalise_label(printed) == "一般公共预算财政拨款收入"
    assert lookup_row_key(printed, "income_expenditure_summary") == "gpb_appropriation"


def test_words_that_come_and_go_are_dropped_only_when_no_label_matches_exactly() -> None:
    assert (
        loose_label("三、国有资本经营预算财政拨款收入") == loose_label("三、国有资本经营财政拨款") == "国有资本经营拨款"
    )
    assert lookup_row_key("三、国有资本经营财政拨款", "income_expenditure_summary") == "state_capital_appropriation"
    assert lookup_row_key("一般公共服务", "income_expenditure_summary") == "201"
    assert lookup_row_key("其他收入", "income_expenditure_summary") == "other"  # exact wins


def test_a_loose_form_shared_by_two_keys_matches_nothing() -> None:
    # 其他收入 and 其他支出 are both 其他 without their last word
    assert lookup_row_key("其他", "income_expenditure_summary") is None


def test_labels_run_together_are_split_at_their_numbering() -> None:
    assert split_numbered("三、国有资本经营预算财政拨款收入三、国防支出") == [
        "三、国有资本经营预算财政拨款收入",
        "三、国防支出",
    ]
    assert split_numbered("十九、住房保障支出") == ["十九、住房保障支出"]


SUMMARY_TEXT_HEADER = ["收入 支出", "项目 决算数 项目 决算数"]


def test_two_numbered_labels_on_one_text_line_are_two_sides() -> None:
    # blank cells vanish in extracted text: the left label stands right before the right one
    grid = text_grid(
        "收入支出决算总表",
        [
            *SUMMARY_TEXT_HEADER,
            "三、国有资本经营预算财政拨款收入 三、国防支出",
            "四、上级补助收入 四、公共安全支出 556.78",
            "八、其他收入 6.20 八、社会保障和就业支出 326.71",
        ],
    )
    assert facts_of(grid) == {
        ("204", "amount"): Decimal("556.78"),
        ("other", "amount"): Decimal("6.20"),
        ("208", "amount"): Decimal("326.71"),
    }


ZHEJIANG_HEADER = ["项 目 行次 金额 项 目 行次 金额", "栏 次 1 栏 次 2"]


def test_an_unknown_label_is_keyed_by_the_templates_row_number() -> None:
    grid = text_grid(
        "收入支出决算总表",
        [
            *ZHEJIANG_HEADER,
            "一、一般公共预算财政拨款收入 1 2,209.05 一、一般公共服务支出 32 2,147.90",
            "二、政府性基金预算财政拨款收入 2 0.00 二、外交支出 33 0.00",
            "五、事业性收入 5 3.00 五、教育支出 36 0.00",
            "本年收入合计 27 2,212.05 本年支出合计 58 2,147.90",
        ],
    )
    facts = facts_of(grid)
    assert facts[("business", "amount")] == Decimal("3.00")
    assert facts[("205", "amount")] == Decimal(0)


def test_a_row_number_that_disagrees_with_the_template_keys_nothing() -> None:
    rows = [SideRow("gpb_appropriation", "1"), SideRow(None, "5"), SideRow("income_total", "30")]
    assert resolve_by_template("income_expenditure_summary", 0, rows)[1] is None  # 30 is not 本年收入合计's 行次


def test_an_unknown_label_between_two_known_lines_takes_the_one_template_row_between_them() -> None:
    grid = aligned(
        "收入支出决算总表",
        [
            ["项目", "决算数", "项目", "决算数"],
            ["本年收入合计", "5.00", "本年支出合计", "5.00"],
            ["使用非财政拨款结余", "", "结余分配", ""],
            ["年初结转结余（含专项）", "1.00", "年末结转和结余", "1.00"],
            ["总计", "6.00", "总计", "6.00"],
        ],
    )
    assert facts_of(grid)[("opening_balance", "amount")] == Decimal("1.00")


def test_an_unknown_label_where_the_template_has_two_rows_stays_unmapped() -> None:
    grid = aligned(
        "收入支出决算总表",
        [
            ["项目", "决算数", "项目", "决算数"],
            ["一、一般公共预算财政拨款收入", "5.00", "一、一般公共服务支出", "5.00"],
            ["神秘收入", "1.00", "", ""],
            ["六、经营收入", "", "", ""],
        ],
    )
    [row] = unmapped_of(grid)
    assert row.text == "神秘收入 1.00" and "unknown row label" in row.reason
