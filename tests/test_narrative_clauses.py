"""Sentences of our own wording for how a clause names its subjects and figures: a bare 收入/支出 opening
a sentence is the year's income/expenditure, a 类 name opening a clause without （类） is that 类 (its 款
and 项 joined by dashes resolved too), a fund's name before a subject qualifies it, the whole of a share
is no subject of the figures after it, figures listed after 各/分别 are each of the subjects named
before, numbers listed before one unit share it, and last year's figure (a clause opening with another
year than the report's, 比上年累计支出X万元) is no statement of the report. Each rule with the misreads it
must not make."""

from __future__ import annotations

from loaders.narrative import read_narrative
from loaders.narrative.figures import figures
from tests.fixtures.narrative import report_document


def _stated(sentence: str, year: int = 2023) -> list[tuple[str, str, str]]:
    text = f"示例局{year}年度部门决算\n第三部分 情况说明\n一、收入支出决算情况说明\n{sentence}"
    return [(s.subject or "-", s.measure, s.value_text) for s in read_narrative(report_document(text)).statements]


def test_a_bare_income_or_expenditure_opening_a_sentence_is_the_years() -> None:
    assert _stated("本单位收入为1687.45万元。") == [("income_total", "amount", "1687.45")]
    assert _stated("支出预算842.79万元，比上年增加62.15万元。") == [
        ("expenditure_total", "budget", "842.79"),
        ("expenditure_total", "change_amount", "62.15"),
    ]


def test_income_or_expenditure_inside_a_name_or_after_a_subject_is_no_subject() -> None:
    assert _stated("工资福利支出预算100.00万元。") == [("-", "budget", "100.00")]
    assert _stated("其他收入10.00万元，事业收入5.00万元。") == [
        ("other_income", "amount", "10.00"),
        ("business_income", "amount", "5.00"),
    ]
    # 支出决算为 after the subject's 年初预算 is the subject's final figure, not the year's expenditure
    assert _stated("公务接待费年初预算为2.00万元，支出决算为1.50万元。") == [
        ("three_public_reception", "budget_initial", "2.00"),
        ("three_public_reception", "final", "1.50"),
    ]


def test_a_class_named_without_its_marker_opening_a_clause_is_that_class() -> None:
    assert _stated("1.教育支出1595.95万元；2.卫生健康支出20.00万元。") == [
        ("fn:205", "amount", "1595.95"),
        ("fn:210", "amount", "20.00"),
    ]
    assert _stated("（一）文化旅游体育与传媒支出类科目850088.3元。") == [("fn:207", "amount", "850088.3")]


def test_a_dashed_class_path_resolves_to_its_item() -> None:
    sentence = "1.一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行科目1,202.95万元。"
    assert _stated(sentence) == [("fn:2010301", "amount", "1202.95")]


def test_a_class_name_inside_a_clause_or_shared_with_an_economic_class_is_no_class() -> None:
    assert _stated("主要用于教育支出100.00万元。") == [("-", "amount", "100.00")]
    assert _stated("1.其他支出5.00万元。") == [("-", "amount", "5.00")]  # also an economic class (399)


def test_figures_listed_after_each_are_each_of_the_subjects_named_before() -> None:
    assert _stated("基本支出、项目支出分别为100.00万元、50.00万元。") == [
        ("basic_expenditure", "amount", "100.00"),
        ("project_expenditure", "amount", "50.00"),
    ]
    assert _stated("收、支总计各是4125.49,4143.91万元。") == [
        ("income_grand_total", "amount", "4125.49"),
        ("expenditure_grand_total", "amount", "4143.91"),
    ]


def test_a_list_without_each_keeps_one_subject() -> None:
    assert _stated("收入支出总计各增加49.56万元。") == [("income_expenditure_grand_total", "change_amount", "49.56")]
    assert _stated("项目支出为100.00万元、50.00万元。") == [
        ("project_expenditure", "amount", "100.00"),
        ("project_expenditure", "amount", "50.00"),
    ]


def test_numbers_listed_before_one_unit_share_it() -> None:
    stated = figures("各减少1267.86,2570.97万元，各下降23.51%、38.28%")
    assert [(f.text, f.unit) for f in stated] == [
        ("1267.86", "万元"),
        ("2570.97", "万元"),
        ("23.51", "%"),
        ("38.28", "%"),
    ]
    assert [(f.text, f.unit) for f in figures("收入1,234.56万元")] == [("1,234.56", "万元")]
    assert figures("2023年、2024年") == []


def test_a_clause_opening_with_another_year_states_no_figure_of_the_report() -> None:
    sentence = "2016年项目支出398万元，2017年项目支出2626万元。"
    assert _stated(sentence, year=2017) == [("project_expenditure", "amount", "2626")]
    assert _stated("2023年当年预算执行数为60.13万元，2024年预算安排25.77万元。", year=2024) == [
        ("-", "amount", "25.77")
    ]
    # a date opening the clause (2024年12月31日, 2024年末) is no other year's figure
    assert _stated("2024年末共有车辆3辆。", year=2025) == [("vehicles", "count", "3")]


def test_last_years_figure_after_the_comparison_is_no_statement() -> None:
    assert _stated("三公经费支出431万元，比上年累计支出433万元减少2万元。") == [
        ("three_public_total", "amount", "431"),
        ("three_public_total", "change_amount", "2"),
    ]
    assert _stated("三公经费预算总额为1238万元，较2022年年初预算的1278万元减少40万元。") == [
        ("three_public_total", "amount", "1238"),
        ("three_public_total", "change_amount", "40"),
    ]


def test_a_funds_name_before_a_subject_qualifies_it() -> None:
    assert _stated("2023年一般公共预算“三公”经费支出预算为14.01万元。") == [("three_public_total", "budget", "14.01")]
    assert _stated("一般公共预算财政拨款收入3859.16万元。") == [("gpb_appropriation", "amount", "3859.16")]


def test_the_whole_of_a_share_is_no_subject_of_the_figures_after_it() -> None:
    assert _stated("基本支出881.30万元，占一般公共预算支出的96.74%，同比减少166.27万元。") == [
        ("basic_expenditure", "amount", "881.30"),
        ("basic_expenditure", "share_pct", "96.74"),
        ("basic_expenditure", "change_amount", "166.27"),
    ]
