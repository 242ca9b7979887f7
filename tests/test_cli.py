"""The `juesuan` command line: extract prints facts, ingest loads and summarises, errors name the file."""

from __future__ import annotations

import csv
import io
import json
import re
from importlib import metadata
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from loaders.cli import app
from loaders.pipeline import FACT_COLUMNS, SUPPORTED_SUFFIXES
from tests.conftest import SAMPLES, SEED_002, shared_file

runner = CliRunner()
BUDGET_SAMPLE = SAMPLES / "shanghai-2025-putuo-government-office-budget.md"


def test_extract_csv_has_the_documented_header_and_plain_decimals() -> None:
    result = runner.invoke(app, ["extract", str(shared_file(SEED_002))])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == FACT_COLUMNS
    first = rows[0]
    assert (first["table_kind"], first["table_no"], first["row_key"], first["column_key"], first["value"]) == (
        "income_expenditure_summary",
        "公开01表",
        "gpb_appropriation",
        "amount",
        "2209.05",
    )
    assert all("," not in r["value"] for r in rows)


def test_extract_jsonl_and_metadata_flags() -> None:
    result = runner.invoke(app, ["extract", str(shared_file(SEED_002)), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(facts) == 585
    assert {f["unit"] for f in facts} == {"万元"}


def test_extract_of_a_document_without_tables_fails_naming_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "narrative.txt"
    empty.write_text("一、部门概况\n本部门负责……\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(empty)])
    assert result.exit_code == 1
    assert str(empty) in result.output and "no 部门决算 or 部门预算 table" in result.output


def test_extract_warns_of_each_unmapped_row_on_stderr(tmp_path: Path) -> None:
    doc = tmp_path / "kept.md"
    doc.write_text(
        "## 收入支出决算总表\n\n单位：万元\n\n项目\t决算数\n一、一般公共预算财政拨款收入\t5.00\n二、神秘收入\t1.00\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(doc)])
    assert result.exit_code == 0, result.output
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 1
    assert result.stderr.splitlines() == [
        f"warning: {doc}: line 7: table '收入支出决算总表' (income_expenditure_summary): unmapped row "
        "'二、神秘收入 1.00': unknown row label '二、神秘收入' (add it to loaders/layouts/row_labels.csv)"
    ]


def test_ingest_overrides_metadata_and_prints_a_summary(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    result = runner.invoke(
        app, ["ingest", str(shared_file(SEED_002)), "--db", str(db), "--region", "越城区", "--year", "2024"]
    )
    assert result.exit_code == 0, result.output
    assert f"loaded   {shared_file(SEED_002)}: 585 facts" in result.stdout
    tally = (
        "loaded 1, loaded with unmapped rows 0 (0 rows), rejected 0, "
        "skipped 0 (0 already loaded, 0 not a report format)"
    )
    assert result.stdout.splitlines()[-1] == tally

    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("select region, year from raw.documents").fetchall() == [("越城区", 2024)]
    finally:
        con.close()


def test_extract_names_the_region_department_year_and_document_kind_of_every_figure() -> None:
    result = runner.invoke(app, ["extract", str(shared_file(SEED_002)), "--year", "2024"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {(r["region"], r["department"], r["year"], r["doc_kind"], r["doc_level"]) for r in rows} == {
        ("绍兴市越城区", "绍兴市越城区大数据发展管理中心", "2024", "final", "")
    }


def test_extract_of_a_budget_says_it_is_a_department_budget() -> None:
    result = runner.invoke(app, ["extract", str(BUDGET_SAMPLE), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {(r["year"], r["doc_kind"], r["doc_level"]) for r in rows} == {(2025, "budget", "department")}


def test_version_is_the_installed_package_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"juesuan {metadata.version('juesuan')}"


COMMANDS = ["extract", "ingest", "build", "docs", "check", "export"]


def test_help_shows_placeholders_not_type_tags() -> None:
    pages = [runner.invoke(app, ["--help"]).stdout] + [runner.invoke(app, [c, "--help"]).stdout for c in COMMANDS]
    commands = pages[0]
    assert all(f"  {c} " in commands for c in COMMANDS)
    for page in pages:
        assert not re.search(r"\b(TEXT|PATH|INTEGER|BOOLEAN)\b|<(?:[a-z]\w*|Path)(?:\[\w+\])?>", page), page
    # each command's one-line help is whole, not cut off with "..."
    assert not [line for line in commands.splitlines() if line.startswith("  ") and line.endswith("...")]
    assert "--db FILE" in pages[3] and "--year YEAR" in pages[1]


def test_help_lists_every_file_type_ingest_reads() -> None:
    for page in (runner.invoke(app, ["--help"]).stdout, runner.invoke(app, ["ingest", "--help"]).stdout):
        flat = " ".join(page.split())
        assert all(suffix in flat for suffix in SUPPORTED_SUFFIXES), flat
