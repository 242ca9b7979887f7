"""The narrative of the real reports under ../shared: every figure their 情况说明 states is a statement
with its subject and measure, the real defects an auditor finds are caught on their page and line,
and nothing else is raised. Seed 000 (tables published separately, 详见附表) loads narrative-only."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from expectations.catalogue import compute_checks, load_rules
from loaders.narrative import read_narrative
from loaders.pipeline import extract_document, ingest_paths, read_document
from loaders.warehouse import DocumentRecord, connect, content_hash, write_document
from tests.conftest import SEED_002, SHANGHAI_PDF, SHARED, shared_file

SEED_000 = SHARED / "seeds" / "000_739db4b06ef69331.txt"
TEXTS_2025 = SHARED / "samples" / "final-accounts-2025-text"
YICHUAN = TEXTS_2025 / "shanghai-putuo-yichuan-subdistrict-2025-final-accounts.txt"
SHIQUAN = TEXTS_2025 / "shanghai-putuo-shiquan-subdistrict-2025-final-accounts.txt"
EXPECTED = Path(__file__).parent / "data" / "narrative"


def _stated(path: Path) -> list[tuple[str, ...]]:
    """(page, line, subject, measure, value, unit) of the 情况说明's figures, 绩效 sections aside."""
    narrative = read_narrative(read_document(path))
    return [
        (str(s.page), str(s.line), s.subject or "", s.measure, s.value_text, s.unit)
        for s in narrative.statements
        if s.part == "explanation" and "绩效" not in f"{s.section or ''}{s.subsection or ''}"
    ]


def _listed(name: str) -> list[tuple[str, ...]]:
    with (EXPECTED / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return [tuple(row.values()) for row in csv.DictReader(f)]


@pytest.mark.parametrize(
    ("name", "path"),
    [("seed-000", SEED_000), ("seed-002", SEED_002), ("putuo-finance-bureau-2024", SHANGHAI_PDF)],
)
def test_every_figure_of_the_explanation_is_a_statement(name: str, path: Path) -> None:
    assert _stated(shared_file(path)) == _listed(name)


def test_statements_carry_subject_code_measure_and_reason() -> None:
    narrative = read_narrative(read_document(shared_file(SEED_000)))
    by_line = {(s.line, s.measure): s for s in narrative.statements}
    item = by_line[(89, "completion_pct")]  # …网信事务（款）事业运行（项）。…完成年初预算的 101.85%
    assert (item.subject, item.function_code, str(item.value), item.comparison) == (
        "fn:2013750",
        "2013750",
        "101.85",
        "大于",
    )
    assert item.reason == "进驻人员变动"
    growth = by_line[(57, "change_pct")]
    assert (growth.direction, str(growth.value), growth.unit) == ("up", "24.10", "%")
    sections = [row.text for row in narrative.rows if row.kind == "heading" and row.part == "explanation"]
    assert "(一) 收入支出决算总体情况说明" in sections and "（十一）政府采购支出说明" in sections


def test_seed_000_loads_as_a_narrative_only_report(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([shared_file(SEED_000)], db)
    assert summary.rejected == [] and summary.loaded == [(str(SEED_000), 0)]
    con = connect(db)
    assert con.execute("select department, year, unit from raw.documents").fetchone() == (
        "绍兴市越城区综合信息指挥中心",
        2021,
        "万元",
    )
    assert con.execute("select parts, tables_elsewhere from raw.narratives").fetchone() == (
        "overview|tables|explanation|glossary",
        "详见附表。",
    )
    assert con.execute("select count(*) from raw.statements").fetchone()[0] == 249
    compute_checks(con, tuple(r for r in load_rules() if r.suite == "completeness"))
    found = con.execute("select rule_id, status from dq_check where status <> 'ok'").fetchall()
    assert found == [("completeness_tables_elsewhere", "warning")]  # published separately, not missing
    con.close()


def _narrative_only(con, path: Path) -> None:
    """A report whose tables the loaders cannot read yet: its narrative alone is checked."""
    doc = read_document(path)
    narrative = read_narrative(doc)
    department, year = narrative.report_title()
    record = DocumentRecord(content_hash(path), str(path), doc.format, None, department, year, narrative.money_unit)
    write_document(con, record, [], narrative=narrative)


# The defects an auditor finds in these reports' narrative: (file, rule, page, line).
REAL_DEFECTS = {
    # 收入支出总计 stated as 0.3 万元; the table prints 2,961.68
    ("shanghai-putuo-finance-bureau-2024-final-accounts.pdf", "narrative_vs_table", 21, 14),
    # 一般公共服务支出 2,106.66 of 2,940.05 is 71.65%, printed 71.73%
    ("shanghai-putuo-finance-bureau-2024-final-accounts.pdf", "narrative_rate_recomputed", 21, 25),
    # 机关运行经费 比上年增加（减少）… 增长（下降）: template residue
    ("000_739db4b06ef69331.txt", "narrative_template_residue", 1, 165),
    # 发现的问题及原因：一是……；二是……。 / 下一步改进措施：一是……
    ("000_739db4b06ef69331.txt", "narrative_template_residue", 2, 228),
    # 共涉及资金 1233.52 万元，占一般公共预算项目支出总额的 100% (项目支出 is 1,109.04)
    ("000_739db4b06ef69331.txt", "narrative_rate_recomputed", 1, 181),
    # 因公出国（境）费用 增加 5.69 万元，增长 100% from nothing in 2023
    ("002_79da5c65fa76b1ff.txt", "narrative_rate_zero_base", 23, 868),
    # 部分经费经费实际执行时追加
    ("002_79da5c65fa76b1ff.txt", "narrative_doubled_text", 21, 752),
    # 全年预算数为 77.5 万元，执行数为 74.93 万元，完成预算的 100% (96.68%)
    ("002_79da5c65fa76b1ff.txt", "narrative_rate_recomputed", 28, 1174),
    # 城乡社区支出 占 76.23 (no %)
    (YICHUAN.name, "narrative_percent_sign", 28, 597),
    # 一般公共预算财政拨款支出减少 929.49 万元，下降 4.35% (4.40% of 21,147.70)
    (YICHUAN.name, "narrative_rate_recomputed", 28, 588),
    # 公务用车 减少 3.59 万元，下降 15.31% (15.51% of 23.15)
    (YICHUAN.name, "narrative_rate_recomputed", 36, 761),
    # 公务接待费 增加 0.3 万元，增长 100% from nothing in 2024
    (YICHUAN.name, "narrative_rate_zero_base", 36, 762),
    # 支出决算为 4.19。 (no unit)
    (YICHUAN.name, "narrative_unit", 29, 626),
    # 国内公务接待支出 0.3 万。
    (YICHUAN.name, "narrative_unit", 36, 776),
    # 年初预算为 274.82 万元，支出决算为 245.53 万元，完成年初预算的 93.57% (89.34%)
    (SHIQUAN.name, "narrative_rate_recomputed", 33, 674),
    # 教育支出 16.24 of 19,044.27 is 0.0853%, printed 0.08% (cut, not rounded)
    (SHIQUAN.name, "narrative_rate_recomputed", 28, 576),
    # “三公”经费…比 2024 年度减增加 21.90 万元: both directions written
    (SHIQUAN.name, "narrative_template_residue", 39, 809),
    # 年初预算为 0 元 in a report in 万元
    (SHIQUAN.name, "narrative_unit", 33, 689),
    # 年初预算为 0，… (no unit)
    (SHIQUAN.name, "narrative_unit", 35, 722),
    # 国内公务接待支出 0 万
    (SHIQUAN.name, "narrative_unit", 40, 828),
}


def test_the_real_defects_are_caught_on_their_page_and_nothing_else(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    for path in (SEED_000, SEED_002, SHANGHAI_PDF):
        loaded = extract_document(shared_file(path))
        write_document(con, loaded.record, loaded.tables, loaded.unmapped, narrative=loaded.narrative)
    for path in (YICHUAN, SHIQUAN):
        _narrative_only(con, shared_file(path))
    compute_checks(con, tuple(r for r in load_rules() if r.suite == "narrative"))
    found = con.execute(
        "select regexp_extract(document_path, '[^/]*$'), rule_id, page, line from dq_check where status <> 'ok'"
    ).fetchall()
    assert set(found) == REAL_DEFECTS
    con.close()
