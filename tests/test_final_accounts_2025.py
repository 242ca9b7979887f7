"""The two real 2025 sub-district 决算 (../shared, pdfplumber text with form feeds and a 目录) load with
every printed figure, on its page: tables over many pages, 类 beyond 201–221 (224), wrapped labels
around the line of their code and figures, blank cells gone from the text.

The keys in tests/keys/ hold figures only (never the documents' text). They were checked by hand
against the texts: every printed figure of each table body is in the key once, the blank cells of a
row placed as the table's equations and the other tables of the document say (三公 items as the
情况说明 states them, the 政府性基金 figures as 项目支出 as the 支出决算表 prints them), and the
equations hold but for the documents' own defects, which load as printed and the check reports.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from expectations.catalogue import compute_checks
from loaders.pipeline import LoadedDocument, extract_document
from loaders.warehouse import RAW_DDL, write_document
from tests.conftest import SHARED, shared_file
from tests.test_pdf_shanghai import KINDS_AND_PAGES

TEXTS = SHARED / "samples" / "final-accounts-2025-text"
KEYS = Path(__file__).parent / "keys"
DOCUMENTS = {
    "yichuan": ("shanghai-putuo-yichuan-subdistrict-2025-final-accounts.txt", "上海市普陀区人民政府宜川路街道办事处"),
    "shiquan": ("shanghai-putuo-shiquan-subdistrict-2025-final-accounts.txt", "上海市普陀区人民政府石泉路街道办事处"),
}

Key = tuple[str, str, str, Decimal, int]


def key(name: str) -> set[Key]:
    with (KEYS / f"shanghai-putuo-{name}-subdistrict-2025.csv").open(encoding="utf-8", newline="") as f:
        return {
            (r["table_kind"], r["row_key"], r["column_key"], Decimal(r["value"]), int(r["page"]))
            for r in csv.DictReader(f)
        }


@pytest.fixture(scope="module", params=sorted(DOCUMENTS))
def document(request: pytest.FixtureRequest) -> tuple[str, LoadedDocument]:
    name = request.param
    return name, extract_document(shared_file(TEXTS / DOCUMENTS[name][0]))


def test_every_printed_figure_loads_on_its_page_and_nothing_else(document) -> None:
    name, loaded = document
    found = {(f.table_kind, f.row_key, f.column_key, f.value, f.page) for t in loaded.tables for f in t.facts}
    expected = key(name)
    assert found == expected, f"missing {sorted(expected - found)[:8]}\nextra {sorted(found - expected)[:8]}"
    assert loaded.unmapped == []


def test_the_nine_tables_the_metadata_and_the_contents_list_left_alone(document) -> None:
    name, loaded = document
    assert [t.table_kind for t in loaded.tables] == [kind for kind, _, _ in KINDS_AND_PAGES]  # the national nine
    assert loaded.tables[0].page_start == 6  # the 目录 on pages 2–3 names every table and starts none
    record = loaded.record
    assert (record.department, record.region, record.year, record.unit) == (
        DOCUMENTS[name][1],
        "上海市普陀区",
        2025,
        "万元",
    )


# The documents' own defects: loaded as printed, reported by the check.
DEFECTS = {
    # 城乡社区支出 basic printed 1,066.51 in both expenditure tables where its rows give 10,661.51
    "shiquan": {
        ("row_total_expenditure", "expenditure_by_function", "212", "total"),
        ("row_total_expenditure", "expenditure_by_function", "21201", "total"),
        ("hierarchy_function", "gpb_expenditure_by_function", "21201", "basic"),
    },
    # 其他商品和服务支出 printed as the whole 302 class (1,844.57) in the basic-expenditure table
    "yichuan": {("basic_economic_hierarchy", "gpb_basic_expenditure_by_economic", "302", "amount")},
}


def test_the_documents_own_defects_load_as_printed_and_the_check_reports_them(document) -> None:
    name, loaded = document
    con = duckdb.connect(":memory:")
    con.execute(RAW_DDL)
    write_document(con, loaded.record, loaded.tables, loaded.unmapped)
    compute_checks(con)
    errors = set(
        con.execute("select rule_id, table_kind, row_key, column_key from dq_check where status = 'error'").fetchall()
    )
    con.close()
    assert DEFECTS[name] <= errors
