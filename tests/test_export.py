"""`juesuan export`: the marts and the raw layer as Parquet (by year and province), CSV and xlsx."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from loaders.escaping import escape_cell
from loaders.export import header_zh, sheet_names
from loaders.model import Table
from loaders.warehouse import DocumentRecord, connect, write_document
from tests.conftest import REPO, juesuan


@pytest.fixture(scope="module")
def parquet(demo_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "parquet"
    done = juesuan("export", "--db", str(demo_warehouse), "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def _marts_total(db: Path) -> Decimal:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select sum(amount_wan) from marts.mart_function_by_region_year").fetchone()[0]


def test_parquet_has_every_mart_and_raw_table_partitioned_by_year_and_province(parquet: Path, demo_warehouse) -> None:
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        expected = {
            f"{s}/{t}"
            for s, t in con.execute(
                "select table_schema, table_name from information_schema.tables where table_schema in ('marts', 'raw')"
            ).fetchall()
        }
    written = {f"{p.parent.name}/{p.name}" for p in parquet.glob("*/*") if p.is_dir()}
    assert written == expected
    partitions = {p.relative_to(parquet).parts[2:4] for p in parquet.glob("marts/mart_function_by_region_year/*/*")}
    assert ("year=2023", "province=浙江省") in {tuple(_decode(x) for x in part) for part in partitions}
    # the raw facts carry their document's year and province too
    assert list(parquet.glob("raw/facts/year=2024/province=*/*.parquet"))


def _decode(part: str) -> str:
    from urllib.parse import unquote

    return unquote(part)


def test_parquet_reads_back_exact_with_duckdb_and_pandas(parquet: Path, demo_warehouse: Path) -> None:
    folder = parquet / "marts" / "mart_function_by_region_year"
    total, kind = duckdb.sql(
        f"select sum(amount_wan), any_value(typeof(amount_wan)) "
        f"from read_parquet('{folder}/**/*.parquet', hive_partitioning = true)"
    ).fetchall()[0]
    assert kind.startswith("DECIMAL") and total == _marts_total(demo_warehouse)
    frame = pd.read_parquet(folder)
    assert sum(frame["amount_wan"]) == _marts_total(demo_warehouse)
    assert {"浙江省", "上海市"} <= set(frame["province"].astype(str))


def _readme_block(language: str, marker: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)
    (block,) = [b for b in blocks if marker in b]
    return block


def test_the_readme_examples_read_the_exported_parquet(parquet: Path, tmp_path: Path) -> None:
    # the README's Python example runs as written, from a folder holding its `export/`
    (tmp_path / "export").symlink_to(parquet)
    code = _readme_block("python", "read_parquet")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "浙江省" in done.stdout
    # the R example names the same folder (R is not installed here: its text is checked)
    assert 'open_dataset("export/marts/mart_function_by_region_year")' in _readme_block("r", "open_dataset")


def test_csv_has_a_header_the_rows_and_lists_as_json(demo_warehouse: Path, tmp_path: Path) -> None:
    # several names after one --select, as dbt takes them
    selection = ("--select", "dim_function_subject", "raw.facts")
    done = juesuan("export", "--db", str(demo_warehouse), "--out", str(tmp_path), "--format", "csv", *selection)
    assert done.returncode == 0, done.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.csv")) == [
        "marts/dim_function_subject.csv",
        "raw/facts.csv",
    ]
    raw = (tmp_path / "raw" / "facts.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a byte-order mark: Excel reads the Chinese as UTF-8
    with (tmp_path / "marts" / "dim_function_subject.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        (n,) = con.execute("select count(*) from marts.dim_function_subject").fetchone()
    assert len(rows) == n
    row_210 = next(r for r in rows if r["subject_code"] == "210")
    assert row_210["earlier_names"] == '["医疗卫生与计划生育支出"]'


def test_xlsx_has_one_sheet_per_mart_with_chinese_headers(demo_warehouse: Path, tmp_path: Path) -> None:
    done = juesuan("export", "--db", str(demo_warehouse), "--out", str(tmp_path), "--format=xlsx", "--select=marts")
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(tmp_path / "marts.xlsx")
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        marts = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
    assert book.sheetnames == ["目录 contents", *sheet_names(marts)]
    sheet = book["dim_document"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["文件编号", "地区", "六位行政区划代码"]
    assert sheet["A1"].comment.text.startswith("document_id")
    contents = [[c.value for c in row] for row in book["目录 contents"].iter_rows(min_row=2)]
    assert [row[1] for row in contents] == [f"marts.{m}" for m in marts]
    assert all(row[2] == book[row[0]].max_row - 1 for row in contents)


def test_a_chinese_header_is_the_first_phrase_of_the_description() -> None:
    from loaders.export import Column

    assert header_zh(Column("region", "VARCHAR", "地区。/ Region.")) == "地区"
    assert header_zh(Column("year", "INTEGER", "决算年度，四位数字。/ Fiscal year.")) == "决算年度"
    assert header_zh(Column("x", "VARCHAR", "only English")) == "x"
    assert header_zh(Column("x", "VARCHAR", None)) == "x"
    assert sheet_names(["a" * 40, "a" * 40]) == ["a" * 31, "a" * 29 + "~2"]


def test_text_a_spreadsheet_would_run_is_escaped_and_numbers_are_not() -> None:
    assert escape_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert escape_cell("@SUM(A1)") == "'@SUM(A1)" and escape_cell("+1+2") == "'+1+2"
    assert escape_cell("-3.50") == "-3.50" and escape_cell(Decimal("-3.5")) == Decimal("-3.5")
    assert escape_cell("财政局") == "财政局" and escape_cell(None) is None


def test_a_formula_in_a_document_name_is_written_as_text(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    con = connect(db)
    record = DocumentRecord("ab" * 32, "/docs/=cmd.txt", "text", "某区", "=1+2", 2024, "万元")
    write_document(
        con, record, [Table(1, "three_public_expenses", None, "“三公”经费", "万元", True, None, 1, 1, None, None, [])]
    )
    con.close()
    for fmt in ("csv", "xlsx"):
        out = tmp_path / fmt
        done = juesuan("export", "--db", str(db), "--out", str(out), "--format", fmt, "--select", "raw.documents")
        assert done.returncode == 0, done.stderr
    with (tmp_path / "csv" / "raw" / "documents.csv").open(encoding="utf-8-sig", newline="") as f:
        (row,) = list(csv.DictReader(f))
    assert row["department"] == "'=1+2" and row["file_name"] == "'=cmd.txt"
    sheet = openpyxl.load_workbook(tmp_path / "xlsx" / "raw.xlsx")["documents"]
    assert [c.value for c in sheet[2]][6] == "'=1+2"


def test_unknown_names_and_a_missing_warehouse_are_clear_errors(demo_warehouse: Path, tmp_path: Path) -> None:
    done = juesuan("export", "--db", str(demo_warehouse), "--out", str(tmp_path), "--select", "no_such_mart")
    assert done.returncode == 2 and "no relation 'no_such_mart'" in done.stderr and "marts.dim_document" in done.stderr
    absent = tmp_path / "absent.duckdb"
    done = juesuan("export", "--db", str(absent), "--out", str(tmp_path / "out"))
    assert done.returncode == 2 and "no warehouse at" in done.stderr and not absent.exists()
