"""Tables juesuan recognises by their title but does not read yet (shape ``unread`` in
loaders/layouts/table_kinds.csv, with the reason): a title that contains a read title (财政拨款支出决算明细表
holds 支出决算表) is never read as that table; its rows are kept as printed and the table is reported."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from expectations.catalogue import compute_checks, load_rules
from loaders.layouts import match_table_kind, read_layout, table_shape
from loaders.model import DocumentError
from loaders.pipeline import extract_document, ingest_paths


@pytest.mark.parametrize(
    ("title", "kind", "shape"),
    [
        ("项目收入支出决算表", "project_income_expenditure", "unit"),
        ("2021年度呼和浩特市第一中学项目收入支出决算表", "project_income_expenditure", "unit"),
        ("机关运行经费支出决算表", "operating_costs", "economic"),
        ("一般公共预算财政拨款机关运行经费支出决算表", "operating_costs", "economic"),
        ("一般公共预算财政拨款项目支出决算表", "gpb_project_expenditure", "unread"),
        ("财政拨款支出决算明细表", "fiscal_appropriation_expenditure_detail", "unread"),
    ],
)
def test_a_title_holding_a_read_title_is_its_own_kind(title: str, kind: str, shape: str) -> None:
    assert match_table_kind(title) == kind
    assert table_shape(kind) == shape


def test_every_kind_left_unread_says_why() -> None:
    kinds = read_layout("table_kinds.csv")
    assert all(bool(k["why_unread"]) == (k["shape"] == "unread") for k in kinds)


@pytest.mark.parametrize(
    ("title", "kind"),
    [  # the titles they contain are still read as before
        ("收入支出决算表", "income_expenditure_summary"),
        ("支出决算表", "expenditure_by_function"),
        ("一般公共预算财政拨款支出决算表", "gpb_expenditure_by_function"),
        ("财政拨款收入支出决算总表", "fiscal_appropriation_summary"),
        # the budgets' own tables of the same names stay budget tables
        ("机关运行经费支出预算表", "budget_operating_costs"),
        ("一般公共预算机关运行经费支出预算表", "budget_operating_costs"),
        ("一般公共预算财政拨款项目支出预算表", "budget_project_expenditure"),
    ],
)
def test_the_read_titles_inside_them_keep_their_kind(title: str, kind: str) -> None:
    assert match_table_kind(title) == kind


SUMMARY = """\
# 示例市示例区示例局 2020 年度部门决算

## 收入支出决算总表

单位：万元

项目\t决算数\t项目\t决算数
一、一般公共预算财政拨款收入\t12.00\t一、一般公共服务支出\t12.00
本年收入合计\t12.00\t本年支出合计\t12.00
"""
DETAIL = """
## 财政拨款支出决算明细表

单位：万元

项目\t决算数
合计\t12.00
办公费\t10.00
印刷费\t2.00
"""
PROJECTS = """
## 一般公共预算财政拨款项目支出决算表

单位：万元

项目名称\t本年收入\t本年支出
网站运营\t5.00\t5.00
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unread_table_loads_no_facts_and_keeps_its_rows_with_its_kind(tmp_path: Path) -> None:
    loaded = extract_document(_write(tmp_path, SUMMARY + DETAIL + PROJECTS))
    assert [t.table_kind for t in loaded.tables] == ["income_expenditure_summary"]
    assert {(f.row_key, f.value) for f in loaded.tables[0].facts} >= {("gpb_appropriation", 12), ("201", 12)}
    kept = [(r.table_kind, r.table_seq, r.text, r.figures) for r in loaded.unmapped]
    assert kept == [
        ("fiscal_appropriation_expenditure_detail", None, "项目 决算数", ()),
        ("fiscal_appropriation_expenditure_detail", None, "合计 12.00", ("12.00",)),
        ("fiscal_appropriation_expenditure_detail", None, "办公费 10.00", ("10.00",)),
        ("fiscal_appropriation_expenditure_detail", None, "印刷费 2.00", ("2.00",)),
        ("gpb_project_expenditure", None, "项目名称 本年收入 本年支出", ()),
        ("gpb_project_expenditure", None, "网站运营 5.00 5.00", ("5.00", "5.00")),
    ]
    assert all(r.in_unread_table and "does not read yet" in r.reason for r in loaded.unmapped)


def test_a_document_of_unread_tables_only_is_rejected_naming_them(tmp_path: Path) -> None:
    with pytest.raises(
        DocumentError,
        match=r"'财政拨款支出决算明细表' is a table juesuan knows \(fiscal_appropriation_expenditure_detail\)",
    ):
        extract_document(_write(tmp_path, "# 示例局 2020 年度部门决算\n" + DETAIL))


def test_ingest_lists_the_unread_tables_and_check_warns_once_per_table_on_its_title_line(tmp_path: Path) -> None:
    source = _write(tmp_path, SUMMARY + DETAIL + PROJECTS)
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([source], db)
    assert summary.unmapped == {}  # nothing the maps failed to key
    assert summary.unread == {
        str(source): [
            "table '财政拨款支出决算明细表' (fiscal_appropriation_expenditure_detail, line 11) is known but not "
            "read yet: 4 row(s) kept in raw.unmapped_rows",
            "table '一般公共预算财政拨款项目支出决算表' (gpb_project_expenditure, line 20) is known but not read "
            "yet: 2 row(s) kept in raw.unmapped_rows",
        ]
    }
    assert "(fiscal_appropriation_expenditure_detail, line 11) is known but not read yet" in summary.describe()
    rules = tuple(r for r in load_rules() if r.rule_id in ("unread_table", "unmapped_row"))
    with duckdb.connect(str(db)) as con:
        compute_checks(con, rules)
        found = con.execute("select rule_id, status, table_kind, line from dq_check order by table_kind").fetchall()
    assert found == [  # the lines of the titles (## 财政拨款支出决算明细表), not of the tables' first rows
        ("unread_table", "warning", "fiscal_appropriation_expenditure_detail", 11),
        ("unread_table", "warning", "gpb_project_expenditure", 20),
    ]
