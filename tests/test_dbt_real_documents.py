"""dbt build on real documents: the Zhejiang 2024 set and the Shanghai 普陀区财政局 2024 PDF from
../shared, plus the bundled sample corpus. One build serves the whole module."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

import duckdb
import pytest

from loaders.dbt_runner import run_dbt_build
from loaders.pipeline import ingest_paths
from tests.conftest import REPO, SEED_002, SHANGHAI_PDF, shared_file

SAMPLES = REPO / "data" / "samples"
FUNCTION_TABLES = (
    "income_by_function",
    "expenditure_by_function",
    "gpb_expenditure_by_function",
    "gov_fund_by_function",
    "state_capital_by_function",
)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    documents = [shared_file(SEED_002), shared_file(SHANGHAI_PDF)]
    root = tmp_path_factory.mktemp("dbt_real")
    db = root / "juesuan.duckdb"
    summary = ingest_paths([*documents, SAMPLES], db)
    rejected_shared = [path for path, _ in summary.rejected if "shared" in path]
    assert rejected_shared == []
    assert run_dbt_build(db, target_dir=root / "target") == 0
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def test_every_raw_function_code_resolves_with_level_and_parent(warehouse):
    codes = warehouse.execute(
        f"""
        select distinct row_key from raw.facts
        where regexp_full_match(row_key, '[0-9]{{3}}([0-9]{{2}}){{0,2}}')
            and table_kind in {FUNCTION_TABLES}
        """
    ).fetchall()
    assert len(codes) >= 25  # 17 in the Zhejiang set, 8 more in the Shanghai one
    dim = {
        code: (level, parent)
        for code, level, parent in warehouse.execute(
            "select subject_code, level, parent_code from marts.dim_function_subject"
        ).fetchall()
    }
    levels = {3: "类", 5: "款", 7: "项"}
    for (code,) in codes:
        parent = code[:-2] if len(code) > 3 else None
        assert dim.get(code) == (levels[len(code)], parent), code
        assert parent is None or parent in dim, code


def test_every_raw_economic_code_resolves(warehouse):
    missing = warehouse.execute(
        """
        select distinct f.row_key from raw.facts f
        left join marts.dim_economic_subject d on d.economic_code = f.row_key
        where f.table_kind = 'gpb_basic_expenditure_by_economic'
            and regexp_full_match(f.row_key, '[0-9]{3}([0-9]{2})?') and d.level is null
        """
    ).fetchall()
    assert missing == []


def test_210_is_health_with_its_earlier_name(warehouse):
    canonical, earlier, printed = warehouse.execute(
        "select canonical_name, earlier_names, list_transform(names_seen, lambda n: n.name) "
        "from marts.dim_function_subject where subject_code = '210'"
    ).fetchone()
    assert canonical == "卫生健康支出"
    assert "医疗卫生与计划生育支出" in earlier
    assert "卫生健康支出" in printed


def test_20604_variant_is_known_to_the_hierarchy(warehouse):
    assert warehouse.execute(
        "select canonical_name, name_variants from marts.dim_function_subject where subject_code = '20604'"
    ).fetchone() == ("技术研究与开发", ["技术与开发"])


def _normalised(label: str) -> str:
    squashed = re.sub(r"\s+", "", label).replace("(", "（").replace(")", "）")
    return re.sub(r"^([一二三四五六七八九十]+、|[0-9]+[．.、]|（[0-9一二三四五六七八九十]+）)", "", squashed)


def test_name_conflict_model_lists_the_conflicts_in_the_documents(warehouse):
    names: dict[tuple[str, str, int], set[str]] = defaultdict(set)
    for code, label, year in warehouse.execute(
        """
        select f.row_key, f.row_label, d.year from raw.facts f join raw.documents d using (document_id)
        where regexp_full_match(f.row_key, '[0-9]{3}([0-9]{2}){0,2}')
            and f.table_kind not in ('income_by_unit', 'expenditure_by_unit')
        """
    ).fetchall():
        names[code, year].add(_normalised(label))
    expected = {key: sorted(found) for key, found in names.items() if len(found) > 1}
    listed = {
        (code, year): printed
        for code, year, printed in warehouse.execute(
            "select subject_code, year, printed_names from marts.mart_subject_name_conflicts"
        ).fetchall()
    }
    assert listed == expected


def test_general_public_services_compare_across_zhejiang_and_shanghai(warehouse):
    rows = warehouse.execute(
        """
        select m.region, m.region_code, m.province, m.year, m.canonical_name, m.amount_wan
        from marts.mart_function_by_region_year m join marts.dim_document d using (document_id)
        where m.subject_code = '201' and m.table_kind = 'gpb_expenditure_by_function'
            and m.column_key = 'total' and d.file_name in (?, ?)
        order by m.region_code
        """,
        [SEED_002.name, SHANGHAI_PDF.name],
    ).fetchall()
    assert rows == [
        ("上海市普陀区", "310107", "上海市", 2024, "一般公共服务支出", Decimal("2106.66")),
        ("绍兴市越城区", "330602", "浙江省", 2024, "一般公共服务支出", Decimal("2147.90")),
    ]


def test_every_statement_of_the_narratives_reaches_fct_statements(warehouse):
    raw = warehouse.execute("select count(*) from raw.statements").fetchone()[0]
    assert raw > 250  # seed 002 and the 普陀区财政局 PDF state 188 and 100 figures
    assert warehouse.execute("select count(*) from marts.fct_statements").fetchone()[0] == raw


def test_budget_execution_by_item_of_the_putuo_report(warehouse):
    rows = warehouse.execute(
        """
        select level, budget_wan, final_wan, completion_pct, comparison, reason
        from marts.mart_budget_execution_by_item
        where department = '上海市普陀区财政局' and function_code = '2010607'
        """
    ).fetchall()
    # 3、一般公共服务支出（类）财政事务（款）信息化建设（项）: 年初预算 135.90, 决算 135.25
    reason = "因产业政策扶持资金管理系统项目进度，调减相关经费"
    assert rows == [("项", Decimal("135.9"), Decimal("135.25"), Decimal("99.52"), "小于", reason)]


def test_narrative_topics_of_the_zhejiang_report(warehouse):
    rows = warehouse.execute(
        """
        select subject, measure, unit_published, value_published
        from marts.mart_narrative_topics_by_region_year
        where department = '绍兴市越城区大数据发展管理中心' and topic in ('three_public', 'procurement')
        """
    ).fetchall()
    assert ("three_public_overseas", "count", "个", Decimal("1")) in rows  # 因公出国(境)团组 1个
    assert ("three_public_overseas", "count", "人次", Decimal("1")) in rows
    assert ("procurement_total", "amount", "万元", Decimal("1914.45")) in rows
    assert ("procurement_sme", "share_pct", "%", Decimal("31.30")) in rows
