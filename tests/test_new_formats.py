"""Formats government sites publish beside PDF: .xls (xlrd), tables in .docx (python-docx) and .html
pages. Each fixture is the real Shanghai sample's figures rendered by the project's own code; each
loads back with exactly those figures, its metadata and its cell references. A folder ingest names
every file it leaves out, and why."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from loaders.pipeline import extract_document, ingest_paths
from loaders.render.docx import render_docx
from loaders.render.html import render_html
from loaders.render.templates import build_document
from loaders.render.xls import render_xls
from tests.conftest import SAMPLES

PUTUO = SAMPLES / "shanghai-2024-putuo-finance-bureau.md"
RENDERERS = {"xls": render_xls, "docx": render_docx, "html": render_html}


def _facts(path: Path) -> set[tuple[str, str, str, Decimal]]:
    loaded = extract_document(path)
    return {(f.table_kind, f.row_key, f.column_key, f.value) for t in loaded.tables for f in t.facts if f.value}


@pytest.fixture(scope="module")
def source():
    return extract_document(PUTUO)


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_a_rendered_report_loads_back_with_its_figures(fmt: str, source, tmp_path: Path) -> None:
    record = source.record
    doc = build_document(source.tables, style="national", department=record.department, year=record.year, unit="万元")
    path = RENDERERS[fmt](doc, tmp_path / f"putuo.{fmt}")
    expected = {(f.table_kind, f.row_key, f.column_key, f.value) for t in source.tables for f in t.facts if f.value}
    found = _facts(path)
    assert found == expected, f"missing {sorted(expected - found)[:6]}\nextra {sorted(found - expected)[:6]}"
    loaded = extract_document(path)
    assert (loaded.record.format, loaded.record.department, loaded.record.year, loaded.record.region) == (
        fmt,
        "上海市普陀区财政局",
        2024,
        "上海市普陀区",
    )
    assert loaded.unmapped == []


def test_xls_cells_are_referenced_by_sheet_and_coordinate(source, tmp_path: Path) -> None:
    doc = build_document(source.tables, style="national", department="上海市普陀区财政局", year=2024, unit="万元")
    loaded = extract_document(render_xls(doc, tmp_path / "putuo.xls"))
    fact = next(f for t in loaded.tables for f in t.facts if (f.row_key, f.column_key) == ("2010601", "project"))
    assert fact.value_text == "8.37" and fact.source.startswith("L") and "表" in fact.source


def test_a_folder_ingest_lists_every_file_it_leaves_out_and_why(source, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    doc = build_document(source.tables, style="national", department="上海市普陀区财政局", year=2024, unit="万元")
    render_html(doc, folder / "putuo.html")
    (folder / "scan.doc").write_bytes(b"old word file")
    (folder / "README.txt").write_text("about these files", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"")
    summary = ingest_paths([folder], tmp_path / "w.duckdb")
    assert [p for p, _ in summary.loaded] == [str(folder / "putuo.html")]
    assert sorted(summary.not_read) == [
        (str(folder / ".DS_Store"), "hidden file"),
        (str(folder / "README.txt"), "the folder's README"),
        (str(folder / "scan.doc"), "unsupported file type '.doc'"),
    ]
    lines = summary.describe().splitlines()
    assert f"  skipped  {folder / 'scan.doc'}: unsupported file type '.doc'" in lines
    assert lines[-1].endswith("skipped 3 (0 already loaded, 3 not a report format)")
