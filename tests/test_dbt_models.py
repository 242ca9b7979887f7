"""dbt models on a small synthetic raw layer: one hierarchy across years, provinces and units.

Four documents: a 2018 Zhejiang one printing 210 as 医疗卫生与计划生育支出 in 万元, a 2024 Shanghai
one printing 卫生健康支出 in 元 (and 20604 under two names), and two 2024 ones printing 20805 under
its old and its new name (the Zhejiang one also a code no seed lists and a sum that does not add
up). One `dbt build` (and one `dbt docs generate`) serves the whole module.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from loaders.dbt_runner import run_dbt_build, run_dbt_docs
from loaders.model import Fact, Table
from loaders.warehouse import DocumentRecord, connect, write_document

# (row_key, row_label, {column_key: value as printed})
Lines = list[tuple[str, str, dict[str, str]]]


def _table(seq: int, kind: str, unit: str, lines: Lines) -> Table:
    facts = [
        Fact(seq, kind, key, label, column, Decimal(text), text, unit, 1, None, f"p1 {key}")
        for key, label, values in lines
        for column, text in values.items()
    ]
    return Table(seq, kind, None, kind, unit, False, None, 1, 1, None, None, facts)


def _record(name: str, region: str, department: str, year: int, unit: str) -> DocumentRecord:
    digest = hashlib.sha256(name.encode()).hexdigest()
    return DocumentRecord(digest, f"{name}.txt", "text", region, department, year, unit)


ZJ_2018 = _record("zj2018", "绍兴市越城区", "绍兴市越城区卫生和计划生育局", 2018, "万元")
SH_2024 = _record("sh2024", "上海市普陀区", "上海市普陀区科学技术委员会", 2024, "元")
ZJ_2024 = _record("zj2024", "绍兴市越城区", "绍兴市越城区统计局", 2024, "万元")

ZJ_2018_TABLES = [
    _table(
        1,
        "income_expenditure_summary",
        "万元",
        [
            ("210", "九、医疗卫生与计划生育支出", {"amount": "60.00"}),
            ("208", "八、社会保障和就业支出", {"amount": "40.00"}),
            ("income_total", "本年收入合计", {"amount": "100.00"}),
        ],
    ),
    _table(
        2,
        "gpb_expenditure_by_function",
        "万元",
        [
            ("total", "合计", {"total": "100.00", "basic": "80.00", "project": "20.00"}),
            ("210", "医疗卫生与计划生育支出", {"total": "60.00", "basic": "40.00", "project": "20.00"}),
            ("21011", "行政事业单位医疗", {"total": "60.00", "basic": "40.00", "project": "20.00"}),
            ("2101101", "行政单位医疗", {"total": "60.00", "basic": "40.00", "project": "20.00"}),
            ("208", "社会保障和就业支出", {"total": "40.00", "basic": "40.00", "project": "0.00"}),
            ("20805", "行政事业单位离退休", {"total": "40.00", "basic": "40.00", "project": "0.00"}),
            ("2080505", "机关事业单位基本养老保险缴费支出", {"total": "40.00", "basic": "40.00", "project": "0.00"}),
        ],
    ),
    _table(
        3,
        "gpb_basic_expenditure_by_economic",
        "万元",
        [
            ("301", "工资福利支出", {"amount": "70.00"}),
            ("30101", "基本工资", {"amount": "50.00"}),
            ("30104", "其他社会保障缴费", {"amount": "20.00"}),
            ("302", "商品和服务支出", {"amount": "10.00"}),
            ("30201", "办公费", {"amount": "10.00"}),
            ("personnel_total", "人员经费合计", {"amount": "70.00"}),
            ("public_total", "公用经费合计", {"amount": "10.00"}),
        ],
    ),
    _table(
        4,
        "three_public_expenses",
        "万元",
        [
            ("total", "“三公”经费支出合计", {"budget": "3.00", "final": "2.50"}),
            ("overseas", "1．因公出国（境）费用", {"budget": "1.00", "final": "1.00"}),
            ("vehicle", "2．公务用车购置及运行维护费", {"budget": "1.50", "final": "1.00"}),
            ("vehicle_purchase", "（1）公务用车购置费", {"budget": "0.00", "final": "0.00"}),
            ("vehicle_operation", "（2）公务用车运行维护费", {"budget": "1.50", "final": "1.00"}),
            ("reception", "3．公务接待费", {"budget": "0.50", "final": "0.50"}),
        ],
    ),
]

SH_2024_TABLES = [
    _table(
        1,
        "gpb_expenditure_by_function",
        "元",
        [
            ("total", "合计", {"total": "809900.00", "basic": "609900.00", "project": "200000.00"}),
            ("206", "科学技术支出", {"total": "200000.00", "basic": "0.00", "project": "200000.00"}),
            ("20604", "技术研究与开发", {"total": "200000.00", "basic": "0.00", "project": "200000.00"}),
            ("2060499", "其他技术研究与开发支出", {"total": "200000.00", "basic": "0.00", "project": "200000.00"}),
            ("210", "卫生健康支出", {"total": "609900.00", "basic": "609900.00", "project": "0.00"}),
            ("21011", "行政事业单位医疗", {"total": "609900.00", "basic": "609900.00", "project": "0.00"}),
            ("2101101", "行政单位医疗", {"total": "609900.00", "basic": "609900.00", "project": "0.00"}),
        ],
    ),
    # the same report prints 20604 short in another table
    _table(
        2,
        "expenditure_by_function",
        "元",
        [
            ("206", "科学技术支出", {"total": "200000.00", "basic": "0.00", "project": "200000.00"}),
            ("20604", "技术与开发", {"total": "200000.00", "basic": "0.00", "project": "200000.00"}),
        ],
    ),
]

ZJ_2024_TABLES = [
    _table(
        1,
        "gpb_expenditure_by_function",
        "万元",
        [
            # printed inconsistently (12.50 against 12.00 below): reported, not fatal
            ("208", "社会保障和就业支出", {"total": "12.50"}),
            ("20805", "行政事业单位离退休", {"total": "12.00"}),
            ("2080505", "机关事业单位基本养老保险缴费支出", {"total": "12.00"}),
            ("213", "农林水支出", {"total": "5.00"}),
            ("21301", "农业农村", {"total": "5.00"}),
            # a real 项 the crosswalk does not list: it must still resolve, under its printed name
            ("2130153", "耕地建设与利用", {"total": "5.00"}),
        ],
    ),
]

# a 2024 Shanghai document printing 20805 under its current name
SH_2024_B = _record("sh2024b", "上海市普陀区", "上海市普陀区财政局", 2024, "万元")
SH_2024_B_TABLES = [
    _table(
        1,
        "gpb_expenditure_by_function",
        "万元",
        [
            ("208", "社会保障和就业支出", {"total": "326.72"}),
            ("20805", "行政事业单位养老支出", {"total": "326.72"}),
            ("2080501", "行政单位离退休", {"total": "84.65"}),
            ("2080505", "机关事业单位基本养老保险缴费支出", {"total": "160.75"}),
            ("2080506", "机关事业单位职业年金缴费支出", {"total": "80.38"}),
            ("2080599", "其他行政事业单位养老支出", {"total": "0.94"}),
        ],
    ),
]


# 上海市普陀区审计局 2024, loaded twice: from a clean file, and from a PDF that prints its one table
# twice after a contents line read as an empty table of the same kind (the PDF would be primary,
# as a PDF and with more figures, if the repeat counted)
AUDIT_LINES: Lines = [
    ("201", "一般公共服务支出", {"total": "50.00"}),
    ("20108", "审计事务", {"total": "50.00"}),
    ("2010801", "行政运行", {"total": "50.00"}),
]
SH_AUDIT = _record("sh-audit", "上海市普陀区", "上海市普陀区审计局", 2024, "万元")
SH_AUDIT_TWICE = replace(_record("sh-audit-twice", "上海市普陀区", "上海市普陀区审计局", 2024, "万元"), format="pdf")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """The synthetic warehouse after `dbt build` and `dbt docs generate`:
    (db, dbt target dir, status of each test the build ran by test name)."""
    root = tmp_path_factory.mktemp("dbt_models")
    db, target = root / "juesuan.duckdb", root / "target"
    con = connect(db)
    for record, tables in [
        (ZJ_2018, ZJ_2018_TABLES),
        (SH_2024, SH_2024_TABLES),
        (ZJ_2024, ZJ_2024_TABLES),
        (SH_2024_B, SH_2024_B_TABLES),
        (SH_AUDIT, [_table(1, "gpb_expenditure_by_function", "万元", AUDIT_LINES)]),
        (
            SH_AUDIT_TWICE,
            [_table(1, "gpb_expenditure_by_function", "万元", [])]  # a contents line, read as a title
            + [_table(n, "gpb_expenditure_by_function", "万元", AUDIT_LINES) for n in (2, 3)],
        ),
    ]:
        write_document(con, record, tables)
    con.close()
    assert run_dbt_build(db, target_dir=target) == 0
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    # by test name (a unit test's is the last part of its id); exposures build nothing
    statuses = {
        r["unique_id"].split(".")[-1 if r["unique_id"].startswith("unit_test.") else 2]: r["status"]
        for r in results
        if not r["unique_id"].startswith("exposure.")
    }
    assert run_dbt_docs(db, target_dir=target) == 0
    return db, target, statuses


@pytest.fixture(scope="module")
def warehouse(built: tuple[Path, Path, dict[str, str]]) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(built[0]), read_only=True)
    yield con
    con.close()


def test_one_class_compares_across_years_and_provinces_through_the_mart(warehouse):
    rows = warehouse.execute(
        """
        select year, province, region_code, canonical_name, printed_name, amount_wan
        from marts.mart_function_by_region_year
        where subject_code = '210' and table_kind = 'gpb_expenditure_by_function'
            and column_key = 'total'
        order by year
        """
    ).fetchall()
    assert rows == [
        (2018, "浙江省", "330602", "卫生健康支出", "医疗卫生与计划生育支出", Decimal("60")),
        # published as 609900.00 元: converted to 万元 and still exact
        (2024, "上海市", "310107", "卫生健康支出", "卫生健康支出", Decimal("60.99")),
    ]


def test_210_keeps_its_earlier_name(warehouse):
    canonical, earlier, seen = warehouse.execute(
        """
        select canonical_name, earlier_names, list_transform(names_seen, lambda n: [n.name, n.first_year::varchar])
        from marts.dim_function_subject where subject_code = '210'
        """
    ).fetchone()
    assert canonical == "卫生健康支出"
    assert earlier == ["医疗卫生与计划生育支出"]
    assert seen == [["医疗卫生与计划生育支出", "2018"], ["卫生健康支出", "2024"]]


def test_every_fact_code_resolves_with_its_level_and_parent_chain(warehouse):
    unresolved = warehouse.execute(
        """
        select f.subject_code from marts.fct_function_amounts f
        left join marts.dim_function_subject d using (subject_code)
        where d.level is distinct from f.level or d.parent_code is distinct from f.parent_code
        """
    ).fetchall()
    assert unresolved == []
    chain = warehouse.execute(
        """
        select d.level, d.parent_code, p.level, p.parent_code, d.in_crosswalk, d.canonical_name,
            d.canonical_name_source, d.class_name
        from marts.dim_function_subject d join marts.dim_function_subject p on p.subject_code = d.parent_code
        where d.subject_code = '2130153'
        """
    ).fetchone()
    assert chain == ("项", "21301", "款", "213", False, "耕地建设与利用", "printed", "农林水支出")


def test_two_printed_names_of_20604_map_to_one_code(warehouse):
    printed = warehouse.execute(
        "select distinct printed_name from marts.fct_function_amounts where subject_code = '20604' order by 1"
    ).fetchall()
    assert printed == [("技术与开发",), ("技术研究与开发",)]
    assert warehouse.execute(
        "select count(*), any_value(canonical_name) from marts.dim_function_subject where subject_code = '20604'"
    ).fetchone() == (1, "技术研究与开发")


def test_name_conflicts_are_listed_not_merged(warehouse):
    rows = warehouse.execute(
        """
        select subject_code, year, printed_names, n_documents, within_one_document, all_names_known
        from marts.mart_subject_name_conflicts order by subject_code
        """
    ).fetchall()
    assert rows == [
        ("20604", 2024, ["技术与开发", "技术研究与开发"], 1, True, True),
        ("20805", 2024, ["行政事业单位养老支出", "行政事业单位离退休"], 2, False, True),
    ]


def test_amounts_are_decimal_in_wan_whatever_the_unit(warehouse):
    types = dict(
        warehouse.execute(
            "select table_name, data_type from information_schema.columns "
            "where column_name = 'amount_wan' and table_schema = 'marts'"
        ).fetchall()
    )
    assert types and all(t.startswith("DECIMAL") for t in types.values()), types
    total = warehouse.execute(
        "select sum(amount_wan) from marts.fct_function_amounts "
        "where department = '上海市普陀区科学技术委员会' and column_key = 'total' and level = '类' "
        "and table_kind = 'gpb_expenditure_by_function'"
    ).fetchone()[0]
    assert total == Decimal("80.99")


def test_pre_2018_economic_code_maps_to_current_and_totals_are_flagged(warehouse):
    assert warehouse.execute(
        "select current_code, cost_group, valid_to_year from marts.dim_economic_subject where economic_code = '30104'"
    ).fetchone() == ("30112", "personnel", 2017)
    lines = warehouse.execute(
        """
        select row_key, is_total_line, level, cost_group, amount_wan
        from marts.fct_basic_expenditure_by_economic
        where is_total_line or level = '类' order by row_key
        """
    ).fetchall()
    assert lines == [
        ("301", False, "类", "personnel", Decimal("70")),
        ("302", False, "类", "public", Decimal("10")),
        ("personnel_total", True, None, "personnel", Decimal("70")),
        ("public_total", True, None, "public", Decimal("10")),
    ]


def test_three_public_mart_has_budget_and_final_side_by_side(warehouse):
    rows = warehouse.execute(
        """
        select item, item_name_zh, budget_wan, final_wan from marts.mart_three_public_by_region_year
        where item in ('total', 'vehicle') order by item
        """
    ).fetchall()
    assert rows == [
        ("total", "“三公”经费支出合计", Decimal("3"), Decimal("2.5")),
        ("vehicle", "公务用车购置及运行维护费", Decimal("1.5"), Decimal("1")),
    ]


def test_summary_class_lines_are_named_by_the_classes_seed(warehouse):
    rows = warehouse.execute(
        "select row_key, line_kind, line_name_zh, printed_name from marts.fct_summary_lines order by row_key"
    ).fetchall()
    assert rows == [
        ("208", "class", "社会保障和就业支出", "社会保障和就业支出"),
        ("210", "class", "卫生健康支出", "医疗卫生与计划生育支出"),
        ("income_total", "named", "本年收入合计", "本年收入合计"),
    ]


def _bilingual(text: str | None) -> bool:
    return bool(text) and re.search(r"[\u4e00-\u9fff]", text) and re.search(r"[A-Za-z]{3}", text)


def test_docs_generate_offline_and_everything_is_described_in_chinese_and_english(built):
    target = built[1]
    assert (target / "static_index.html").stat().st_size > 0
    catalog = json.loads((target / "catalog.json").read_text(encoding="utf-8"))
    assert "model.juesuan.mart_function_by_region_year" in catalog["nodes"]
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    nodes = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "seed") and node["package_name"] == "juesuan"
    ]
    assert len(nodes) >= 20
    undescribed = [node["name"] for node in nodes if not _bilingual(node["description"])]
    undescribed += [
        f"{node['name']}.{column}"
        for node in nodes
        for column, spec in node["columns"].items()
        if not _bilingual(spec["description"])
    ]
    # a column the SQL selects but the yml does not describe
    for node in nodes:
        selected = catalog["nodes"][node["unique_id"]]["columns"]
        undescribed += [f"{node['name']}.{c}" for c in selected if c not in node["columns"]]
    assert undescribed == []


def test_a_broken_printed_sum_warns_without_failing_the_build(built):
    statuses = built[2]
    hierarchy = [name for name in statuses if name.startswith("sums_to_parent_fct_function")]
    assert [statuses[name] for name in hierarchy] == ["warn"]
    assert statuses["assert_function_facts_match_dim_hierarchy"] == "pass"
    assert set(statuses.values()) <= {"pass", "warn", "success"}


def test_a_table_printed_twice_counts_once_and_its_file_is_not_primary(warehouse):
    documents = warehouse.execute(
        "select format, n_tables, n_repeated_tables, n_facts, is_primary from marts.dim_document "
        "where department = '上海市普陀区审计局' order by format"
    ).fetchall()
    assert documents == [("pdf", 1, 2, 3, False), ("text", 1, 0, 3, True)]
    totals = warehouse.execute(
        "select d.format, sum(f.amount_wan) from marts.fct_function_amounts f join marts.dim_document d "
        "using (document_id) where d.department = '上海市普陀区审计局' and f.subject_code = '201' group by all "
        "order by 1"
    ).fetchall()
    assert totals == [("pdf", Decimal("50")), ("text", Decimal("50"))]


def _manifest(built) -> dict:
    return json.loads((built[1] / "manifest.json").read_text(encoding="utf-8"))


def test_each_layer_has_its_own_schema_and_main_stays_empty(warehouse):
    schemas = dict(
        warehouse.execute(
            "select table_schema, list(table_name order by table_name) from information_schema.tables group by all"
        ).fetchall()
    )
    assert "main" not in schemas
    assert {"raw", "reference", "staging", "intermediate", "marts"} <= set(schemas)
    assert "dim_document" in schemas["marts"] and "stg_facts" in schemas["staging"]
    assert "int_subjects" in schemas["intermediate"] and "regions" in schemas["reference"]


def test_every_mart_has_an_enforced_contract_with_every_column_typed(built):
    marts = [n for n in _manifest(built)["nodes"].values() if n["resource_type"] == "model" and n["schema"] == "marts"]
    assert len(marts) >= 11
    assert [m["name"] for m in marts if not m["contract"]["enforced"]] == []
    untyped = [f"{m['name']}.{c}" for m in marts for c, spec in m["columns"].items() if not spec.get("data_type")]
    assert untyped == []


def test_every_notebook_is_an_exposure_with_the_marts_it_reads(built):
    exposures = {Path(e["url"]).name: e for e in _manifest(built)["exposures"].values()}
    notebooks = {p.name: p for p in (Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb")}
    assert set(exposures) == set(notebooks)
    for name, exposure in exposures.items():
        assert exposure["type"] == "notebook" and _bilingual(exposure["description"])
        read = set(re.findall(r"marts\.(\w+)", notebooks[name].read_text(encoding="utf-8")))
        if "jc.choose_documents(" in notebooks[name].read_text(encoding="utf-8"):
            read.add("dim_document")  # the documents it compares come from dim_document
        assert {f"model.juesuan.{m}" for m in read} <= set(exposure["depends_on"]["nodes"]), name


def test_the_subject_code_macros_have_passing_unit_tests(built):
    unit_tests = _manifest(built)["unit_tests"].values()
    tested = {u["model"] for u in unit_tests}
    assert {"fct_function_amounts", "stg_facts"} <= tested
    statuses = built[2]
    assert statuses["subject_code_macros_place_codes_in_the_hierarchy"] == "pass"
    assert statuses["printed_names_and_amounts_are_normalised"] == "pass"


def test_the_docs_home_page_is_the_project_overview_in_chinese_and_english(built):
    overview = _manifest(built)["docs"]["doc.juesuan.__overview__"]["block_contents"]
    assert "决算仓" in overview and "## English" in overview and "is_primary_document" in overview
    assert "doc.juesuan.__overview__" in (built[1] / "static_index.html").read_text(encoding="utf-8")


def test_subject_dims_carry_the_years_of_their_canonical_name(warehouse):
    rows = warehouse.execute(
        "select subject_code, valid_from_year, valid_to_year, is_current from marts.dim_function_subject "
        "where subject_code in ('210', '20137') order by subject_code"
    ).fetchall()
    assert rows == [("20137", 2019, None, True), ("210", 2019, None, True)]


def test_the_name_history_lists_official_names_with_years_and_printed_names(warehouse):
    rows = warehouse.execute(
        """select subject_name, name_kind, valid_from_year, valid_to_year, first_year_printed,
                  last_year_printed, n_documents
           from marts.mart_subject_name_history
           where scheme = 'function' and subject_code = '210' order by valid_from_year nulls first, subject_name"""
    ).fetchall()
    assert ("医疗卫生与计划生育支出", "official", 2014, 2018, 2018, 2018, 1) in rows
    assert ("卫生健康支出", "official", 2019, None, 2024, 2024, 1) in rows
