"""`juesuan check` end to end on synthetic warehouses: exit codes, the dq tables, the summary,
offline Data Docs, and the committed GX suites."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from expectations.catalogue import load_rules
from expectations.docs import remote_assets
from expectations.run import run_checks
from expectations.suites import SUITES_DIR, read_suites, render, suite_documents
from loaders.pipeline import ingest_paths
from loaders.warehouse import connect
from tests.test_expectations_rules import balanced_figures, change, load_document


def _warehouse(path: Path, *documents: tuple[str, dict]) -> Path:
    con = connect(path)
    for name, figures in documents:
        load_document(con, figures, name=name)
    con.close()
    return path


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory) -> tuple[int, Path, Path]:
    base = tmp_path_factory.mktemp("clean")
    db = _warehouse(base / "w.duckdb", ("balanced.txt", balanced_figures()))
    return run_checks(db, base / "reports"), db, base / "reports"


@pytest.fixture(scope="module")
def broken_run(tmp_path_factory) -> tuple[int, Path, Path]:
    base = tmp_path_factory.mktemp("broken")
    broken = change(balanced_figures(), "expenditure_by_function", "2013704", "basic", "1.00")
    rounded = change(balanced_figures(), "gpb_basic_expenditure_by_economic", "30101", "amount", "0.01")
    db = _warehouse(base / "w.duckdb", ("broken.txt", broken), ("rounded.txt", rounded))
    return run_checks(db, base / "reports"), db, base / "reports"


def test_a_balanced_warehouse_exits_0_with_no_findings(clean_run):
    code, db, reports = clean_run
    assert code == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from dq.findings").fetchone() == (0,)
        checked = con.execute("select sum(checked), sum(errors) from dq.runs").fetchone()
    assert checked[0] > 150 and checked[1] == 0
    summary = (reports / "dq_summary.md").read_text(encoding="utf-8")
    assert "**no errors** (exit 0)" in summary
    assert "Every printed equation holds exactly." in summary


def test_a_changed_figure_exits_1_naming_document_table_row_and_column(broken_run):
    code, db, reports = broken_run
    assert code == 1
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select severity, document_path, table_no, row_key, column_key, expected, actual "
            "from dq.findings order by severity, row_key"
        ).fetchall()
    paths = {"/docs/broken.txt", "/docs/rounded.txt"}
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [
        ("error", "/docs/broken.txt", "公开05表", "20137", "basic"),
        ("error", "/docs/broken.txt", "公开05表", "2013704", "total"),
        ("rounding", "/docs/rounded.txt", "公开08表", "301", "amount"),
    ]
    assert {r[1] for r in rows} == paths
    summary = (reports / "dq_summary.md").read_text(encoding="utf-8")
    assert "**errors found** (exit 1)" in summary
    # The likely misprint is the one cell in both broken equations: 2013704 × basic.
    suspects = summary.split("Likely misprinted cells")[1]
    assert "| broken.txt | 公开05表 expenditure_by_function | 2013704 label 2013704 | basic | 1.00 |" in (suspects)


def test_findings_accumulate_run_counts(broken_run):
    _, db, _ = broken_run
    with duckdb.connect(str(db), read_only=True) as con:
        per_rule = dict(con.execute("select rule_id, errors from dq.runs").fetchall())
    assert set(per_rule) == {r.rule_id for r in load_rules()}
    assert per_rule["hierarchy_function"] == 1 and per_rule["row_total_expenditure"] == 1


def test_data_docs_are_readable_offline(broken_run):
    _, _, reports = broken_run
    pages = list((reports / "data_docs").rglob("*.html"))
    assert len(pages) == 1 + 2 * len({r.suite for r in load_rules()})  # index, suites, results
    for page in pages:
        assert remote_assets(page.read_text(encoding="utf-8")) == [], page
    index = (reports / "data_docs" / "index.html").read_text(encoding="utf-8")
    assert '科目层级 Subject hierarchy</a> <span class="failed">有错误 errors</span>' in index
    assert '基本支出 Basic expenditure</a> <span class="rounding">仅尾数误差 rounding only</span>' in index
    assert "<tr><td>hierarchy_function</td><td>136</td><td>0</td><td>0</td><td>1</td>" in index
    result = next((reports / "data_docs" / "validations" / "juesuan_hierarchy").rglob("*.html"))
    page = result.read_text(encoding="utf-8")
    assert "broken.txt · 公开05表 20137" in page
    # GX gets the findings as rows, and each rule's counts, made in DuckDB, in its expectations' text.
    assert "(136 equations checked: 135 exact, 0 rounding (尾数误差), 0 warnings, 1 errors)" in page


UNKNOWN_LINE = """\
# 示例市示例区示例局 2020 年度部门决算

## 2020 年度收入支出决算总表

单位：万元

项目\t决算数\t项目\t决算数
一、一般公共预算财政拨款收入\t5.00\t一、一般公共服务支出\t5.00
二、神秘收入\t1.00\t\t
本年收入合计\t5.00\t本年支出合计\t5.00
"""


def test_an_unmapped_row_loads_the_document_and_the_check_exits_1_naming_it(tmp_path):
    source = tmp_path / "kept.md"
    source.write_text(UNKNOWN_LINE, encoding="utf-8")
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([source], db)
    assert [n for _, n in summary.loaded] == [4] and summary.unmapped == {str(source): 1}
    assert run_checks(db, tmp_path / "reports") == 1
    with duckdb.connect(str(db), read_only=True) as con:
        [(page, line, message)] = con.execute(
            "select page, line, message from dq.findings where rule_id = 'unmapped_row'"
        ).fetchall()
    assert line == 9 and page is None  # markdown has lines, no pages
    assert "'二、神秘收入 1.00'" in message and "line 9" in message and "unknown row label '二、神秘收入'" in message
    assert "二、神秘收入" in (tmp_path / "reports" / "dq_summary.md").read_text(encoding="utf-8")


def test_an_empty_raw_layer_exits_2_saying_nothing_can_be_checked(tmp_path, capsys):
    # "no errors" about a warehouse holding nothing would tell a scheduled run that all is well
    connect(tmp_path / "empty.duckdb").close()
    assert run_checks(tmp_path / "empty.duckdb", tmp_path / "reports") == 2
    assert "holds no documents, so nothing can be checked" in capsys.readouterr().err
    assert not (tmp_path / "reports" / "dq_summary.md").exists()


def test_missing_warehouse_exits_2(tmp_path, capsys):
    assert run_checks(tmp_path / "absent.duckdb", tmp_path / "reports") == 2
    assert "no warehouse at" in capsys.readouterr().err


def test_warehouse_without_raw_layer_exits_2(tmp_path, capsys):
    db = tmp_path / "empty.duckdb"
    duckdb.connect(str(db)).close()
    assert run_checks(db, tmp_path / "reports") == 2
    assert "has no raw layer" in capsys.readouterr().err


def test_committed_suites_match_the_catalogue():
    expected = suite_documents(load_rules())
    assert sorted(p.name for p in SUITES_DIR.glob("*.json")) == sorted(expected)
    for name, document in expected.items():
        assert (SUITES_DIR / name).read_text(encoding="utf-8") == render(document), (
            "run `python -m expectations.suites`"
        )
    rules = [e["meta"]["rule_id"] for s in read_suites() for e in s["expectations"]]
    assert sorted(set(rules)) == sorted(r.rule_id for r in load_rules())


def test_loading_the_package_does_not_import_great_expectations():
    code = (
        "import sys, expectations.run, expectations.catalogue, expectations.report; "
        "assert 'great_expectations' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_rule_has_a_chinese_name_beside_its_english_one():
    assert [r.rule_id for r in load_rules() if not r.name_zh or not r.name] == []


def test_the_summary_names_rules_and_findings_in_chinese_and_english(broken_run):
    _, _, reports = broken_run
    summary = (reports / "dq_summary.md").read_text(encoding="utf-8")
    assert "| hierarchy_function | 136 | 0 | 0 | 1 | 功能分类层级 Function subject hierarchy |" in summary
    assert "印出 printed" in summary and "应为 expected" in summary and "差额 difference" in summary
    assert "有错误 **errors found** (exit 1)" in summary
    # the run is named by its time and its warehouse
    assert re.search(
        r"^# 数据质量检查 Data-quality check · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · w\.duckdb$", summary, re.M
    )


def test_data_docs_speak_of_findings_not_of_gx(broken_run):
    _, _, reports = broken_run
    index = (reports / "data_docs" / "index.html").read_text(encoding="utf-8")
    for jargon in ("Great Expectations", "expectation suite", "validation result", "Data asset", "__none__"):
        assert jargon not in index, jargon
    results = list((reports / "data_docs" / "validations").rglob("*.html"))
    assert results and all("w.duckdb" in str(path) and "__none__" not in str(path) for path in results)
    for path in results:
        page = path.read_text(encoding="utf-8")
        assert "Data asset: None" not in page and "% null" not in page and "__none__" not in page
        assert "w.duckdb" in page  # the run's name: its time and warehouse
