"""Mutation suite: each class of bad input, made from the bundled samples at test time, is rejected
naming the file and the cell (or loaded and flagged), and the rest of the batch is loaded.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import duckdb
import pytest

from expectations.catalogue import compute_checks, load_rules
from loaders import batch_writer, pipeline
from loaders.limits import LimitExceeded, Limits
from loaders.model import DocumentError
from loaders.paths import path_of, path_text
from loaders.pipeline import extract_document, ingest_paths
from tests.conftest import SAMPLES, query
from tests.fixtures.hostile import long_docx, long_sheet, shared_strings_bomb

SHANGHAI_MD = SAMPLES / "shanghai-2024-putuo-finance-bureau.md"
SHANGHAI_PDF = SAMPLES / "shanghai-2024-putuo-finance-bureau.pdf"
ZHEJIANG_MD = SAMPLES / "zhejiang-2024-shaoxing-yuecheng-big-data-center.md"
ZHEJIANG_XLSX = SAMPLES / "zhejiang-2024-shaoxing-yuecheng-big-data-center.xlsx"
SHANGHAI_FACTS = 195
# 表2 收入决算表, line 53: 2010601 行政运行, 本年收入合计 in column 3
ROW_2010601 = "2010601\t行政运行\t1,511.90\t1,511.89"


def _mutant(tmp_path: Path, name: str, old: str, new: str, source: Path = SHANGHAI_MD) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text, f"the sample no longer prints {old!r}"
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _batch_goes_on(tmp_path: Path, bad: Path) -> str:
    """Ingest the mutant between two good documents: both load, the mutant is rejected; its reason."""
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([ZHEJIANG_MD, bad, SHANGHAI_MD], db)
    assert [p for p, _ in summary.loaded] == [str(ZHEJIANG_MD), str(SHANGHAI_MD)]
    [(path, reason)] = query(db, "select path, reason from raw.rejected_documents")
    assert path == path_text(bad) and [(path, reason)] == summary.rejected
    assert query(db, "select count(*) from raw.documents") == [(2,)]
    return reason


# ---------------------------------------------------------------- amounts


def test_a_figure_beyond_decimal_20_4_is_rejected_naming_its_cell(tmp_path: Path) -> None:
    bad = _mutant(tmp_path, "huge.md", ROW_2010601, "2010601\t行政运行\t12,345,678,901,234,567.00\t1,511.89")
    reason = _batch_goes_on(tmp_path, bad)
    assert "L53 c3" in reason and "12345678901234567.00" in reason and "16 digits before the point" in reason
    assert "收入决算表" in reason


def test_a_figure_with_more_decimals_than_stored_is_rejected_not_rounded(tmp_path: Path) -> None:
    bad = _mutant(tmp_path, "decimals.md", ROW_2010601, "2010601\t行政运行\t1,511.90001\t1,511.89")
    reason = _batch_goes_on(tmp_path, bad)
    assert "L53 c3" in reason and "1511.90001" in reason and "more than 4 decimals" in reason


def test_trailing_zeros_beyond_four_decimals_lose_nothing_and_load(tmp_path: Path) -> None:
    good = _mutant(tmp_path, "zeros.md", ROW_2010601, "2010601\t行政运行\t1,511.900000\t1,511.89")
    [income] = [t for t in extract_document(good).tables if t.table_kind == "income_by_function"]
    assert [str(f.value) for f in income.facts if (f.row_key, f.column_key) == ("2010601", "total")] == ["1511.900000"]


# ---------------------------------------------------------------- containment


def test_a_crash_inside_the_normaliser_rejects_that_document_only(tmp_path: Path, monkeypatch) -> None:
    real = pipeline.normalise

    def crash_on_one(doc, **options):
        if doc.path.endswith("crash.md"):
            raise IndexError("list index out of range")
        return real(doc, **options)

    monkeypatch.setattr(pipeline, "normalise", crash_on_one)
    bad = tmp_path / "crash.md"
    bad.write_bytes(SHANGHAI_MD.read_bytes() + b"\n")
    reason = _batch_goes_on(tmp_path, bad)
    assert reason == f"{bad}: normalising failed: IndexError: list index out of range"


def test_a_failing_write_is_rolled_back_and_recorded(tmp_path: Path, monkeypatch) -> None:
    real = batch_writer.write_documents

    def fail_after_the_first_insert(con, documents, **options):
        if any(d.record.path.endswith("unwritable.md") for d in documents):
            con.execute("begin transaction")
            con.execute("insert into raw.documents select * from raw.documents where false")
            con.execute("rollback")
            raise duckdb.ConversionException("Could not convert string to DECIMAL(20,4)")
        return real(con, documents, **options)

    monkeypatch.setattr(batch_writer, "write_documents", fail_after_the_first_insert)
    bad = tmp_path / "unwritable.md"
    bad.write_bytes(SHANGHAI_MD.read_bytes() + b"\n")
    reason = _batch_goes_on(tmp_path, bad)
    assert reason.startswith(f"{bad}: writing failed: ConversionException")


def test_a_document_that_fails_inside_a_batch_write_is_rejected_alone(tmp_path: Path, monkeypatch) -> None:
    """Documents are written in batches, one transaction each: a document whose rows the warehouse
    refuses (here a fact whose page is text, which no integer column stores) fails its batch;
    the batch is written again a document at a time and only that document is rejected."""
    import dataclasses

    real = pipeline.normalise

    def unwritable_in_one(doc, **options):
        normalised = real(doc, **options)
        if not doc.path.endswith("unwritable.md"):
            return normalised
        first = normalised.tables[0]
        fact = dataclasses.replace(first.facts[0], page="p3")
        table = dataclasses.replace(first, facts=[fact, *first.facts[1:]])
        return dataclasses.replace(normalised, tables=[table, *normalised.tables[1:]])

    monkeypatch.setattr(pipeline, "normalise", unwritable_in_one)
    bad = tmp_path / "unwritable.md"
    bad.write_bytes(SHANGHAI_MD.read_bytes() + b"\n")
    reason = _batch_goes_on(tmp_path, bad)  # the three documents go in one batch
    assert reason.startswith(f"{bad}: writing failed: ArrowInvalid")
    db = tmp_path / "w.duckdb"
    assert query(db, "select count(*) from raw.facts") == [(SHANGHAI_FACTS + 585,)]
    assert query(
        db, "select count(*) from raw.tables where document_id not in (select document_id from raw.documents)"
    ) == [(0,)]


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx", ".md"])
def test_a_truncated_file_is_rejected_naming_it(tmp_path: Path, suffix: str) -> None:
    source = next(SAMPLES.glob(f"*{suffix}"))
    bad = tmp_path / f"truncated{suffix}"
    data = source.read_bytes()
    bad.write_bytes(data[: len(data) // 3] if suffix != ".md" else b"\xff\xfe\x00garbage")
    reason = _batch_goes_on(tmp_path, bad)
    assert reason.startswith(str(bad))


def test_a_file_that_cannot_be_opened_is_rejected(tmp_path: Path, monkeypatch) -> None:
    real = pipeline.content_hash

    def refuse_one(path: Path) -> str:
        if path.name == "locked.md":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(pipeline, "content_hash", refuse_one)
    bad = tmp_path / "locked.md"
    bad.write_bytes(SHANGHAI_MD.read_bytes())
    assert _batch_goes_on(tmp_path, bad).startswith(f"{bad}: reading failed: PermissionError")


# ---------------------------------------------------------------- file names


def test_a_file_name_that_is_not_utf8_is_loaded_and_stored_losslessly(tmp_path: Path) -> None:
    name = os.fsdecode(b"\xb2\xc6\xd5\xfe-gbk-name.md")  # 财政 in GBK: not UTF-8
    odd = tmp_path / name
    odd.write_bytes(SHANGHAI_MD.read_bytes())
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([odd], db)
    assert [n for _, n in summary.loaded] == [SHANGHAI_FACTS]
    [(stored, file_name)] = query(db, "select path, file_name from raw.documents")
    assert stored.endswith("\\xb2\\xc6\\xd5\\xfe-gbk-name.md") and file_name == "\\xb2\\xc6\\xd5\\xfe-gbk-name.md"
    assert path_of(stored) == odd and path_of(stored).read_bytes() == SHANGHAI_MD.read_bytes()


def test_a_rejected_document_with_such_a_name_is_recorded(tmp_path: Path) -> None:
    odd = tmp_path / os.fsdecode(b"\xff.md")
    odd.write_text("没有表格\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    ingest_paths([odd], db)
    [(path, reason)] = query(db, "select path, reason from raw.rejected_documents")
    assert path.endswith("/\\xff.md") and reason.startswith(path) and path_of(path) == odd


def test_readable_names_are_stored_as_they_are() -> None:
    assert path_text(Path("/数据/报告 2024.pdf")) == "/数据/报告 2024.pdf"
    assert path_of("/数据/报告 2024.pdf") == Path("/数据/报告 2024.pdf")


def test_extract_of_a_missing_file_names_it() -> None:
    with pytest.raises(DocumentError, match="no such file"):
        extract_document(Path("/nowhere/report.md"))


# ---------------------------------------------------------------- structure

# 表3 支出决算表: its header row and a body row (line 82)
EXPENDITURE_HEADER = "项目\t\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出"
ROW_2010601_EXPENDITURE = "2010601\t行政运行\t1,511.89\t1,503.52\t8.37\t\t\t"


def test_a_header_label_missing_is_rejected_not_shifted(tmp_path: Path) -> None:
    bad = _mutant(tmp_path, "header.md", EXPENDITURE_HEADER, EXPENDITURE_HEADER.replace("基本支出\t", ""))
    reason = _batch_goes_on(tmp_path, bad)
    assert "支出决算表" in reason and "column 8 has no header label of its own" in reason
    assert "a header label is missing or a body row is wider than the header" in reason


def test_a_body_row_wider_than_its_header_is_rejected(tmp_path: Path) -> None:
    bad = _mutant(tmp_path, "wide.md", ROW_2010601_EXPENDITURE, ROW_2010601_EXPENDITURE + "\t99.00")
    reason = _batch_goes_on(tmp_path, bad)
    assert "column 9 has no header label of its own" in reason and "its first figure: p4 L82 c9 '99.00'" in reason


# ---------------------------------------------------------------- resource limits


def _over(path: Path, limits: Limits) -> str:
    with pytest.raises(LimitExceeded) as err:
        extract_document(path, limits=limits)
    message = str(err.value)
    assert message.startswith(f"{path}: over the ")
    return message


def test_a_pdf_over_the_page_limit_is_rejected_naming_the_limit() -> None:
    message = _over(SHANGHAI_PDF, Limits(pages=3))
    assert "over the pages limit of 3 (it has 11 pages; raise it with --limit pages=N)" in message


def test_a_sheet_over_the_row_limit_is_rejected_while_it_is_read(tmp_path: Path) -> None:
    message = _over(long_sheet(tmp_path / "long.xlsx", 500), Limits(sheet_rows=200))
    assert "over the sheet_rows limit of 200 (sheet '支出决算表' has more rows" in message


def test_a_sheet_over_the_cell_limit_is_rejected() -> None:
    assert "over the sheet_cells limit of 100" in _over(ZHEJIANG_XLSX, Limits(sheet_cells=100))


def test_a_shared_strings_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    bomb = shared_strings_bomb(tmp_path / "bomb.xlsx", inflated_mb=8)
    assert bomb.stat().st_size < 100_000
    assert "over the unzipped_mb limit of 4 (its parts unzip to 8 MB" in _over(bomb, Limits(unzipped_mb=4))


def test_a_file_over_the_size_limit_is_not_read() -> None:
    assert "over the file_mb limit of 0.001 (the file has" in _over(SHANGHAI_MD, Limits(file_mb=0.001))


def test_a_document_over_the_time_limit_is_rejected() -> None:
    assert "over the seconds limit of 0.01" in _over(SHANGHAI_PDF, Limits(seconds=0.01))


def test_a_library_that_swallows_the_clock_still_gives_the_time_limit(monkeypatch) -> None:
    import contextlib
    import time

    def swallowing(doc):
        with contextlib.suppress(LimitExceeded):  # the clock's error arrives in the sleep, and the
            time.sleep(5)  # library carries on, to fail on something else
        raise ValueError("a library's own error")

    monkeypatch.setattr(pipeline, "read_narrative", swallowing)
    assert "over the seconds limit of 0.2" in _over(SHANGHAI_MD, Limits(seconds=0.2))


def test_limits_are_rejected_in_the_batch_and_the_defaults_pass_the_samples(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([ZHEJIANG_XLSX, SHANGHAI_PDF], db, limits=Limits(pages=3))
    assert [p for p, _ in summary.loaded] == [str(ZHEJIANG_XLSX)]
    assert "pages limit" in summary.rejected[0][1]
    assert [p for p, _ in ingest_paths([SHANGHAI_PDF], db).loaded] == [str(SHANGHAI_PDF)]


def test_limits_are_configured_by_name_and_environment() -> None:
    limits = Limits.from_env({"JUESUAN_LIMIT_PAGES": "5000"}).with_settings(["seconds=30", "sheet-rows=10"])
    assert (limits.pages, limits.seconds, limits.sheet_rows) == (5000, 30.0, 10)
    with pytest.raises(ValueError, match="unknown limit 'rows'"):
        Limits().with_settings(["rows=1"])
    with pytest.raises(ValueError, match="must be positive"):
        Limits().with_settings(["pages=0"])


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_unicode_text_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    text = SHANGHAI_MD.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / f"{encoding}.md"
    bom = {"utf-16-be": "\ufeff", "utf-32-be": "\ufeff"}.get(encoding, "")
    path.write_bytes((bom + text).encode(encoding))
    assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff", b"\x00\x00")
    facts = sum(len(t.facts) for t in extract_document(path).tables)
    assert facts == SHANGHAI_FACTS


def test_a_lone_surrogate_from_a_broken_font_map_is_stored_losslessly(tmp_path: Path, monkeypatch) -> None:
    """A glyph a PDF's font map cannot name comes out of the extractor as a lone surrogate, which no UTF-8
    column stores: the label and the narrative line keep it as its escape (\\ud835, as paths.lossless_text
    does for file names) and the document loads whole."""
    import dataclasses

    real = pipeline.read_document
    broken = {"行政运行": "行政\ud835运行", "收入总计": "收入\udc8f总计"}

    def mend(text: str) -> str:
        for printed, glyphs in broken.items():
            text = text.replace(printed, glyphs)
        return text

    def broken_font_map(path: Path):
        doc = real(path)
        for grid in doc.grids:
            grid.rows = [[dataclasses.replace(cell, text=mend(cell.text)) for cell in row] for row in grid.rows]
        doc.lines = [dataclasses.replace(line, text=mend(line.text)) for line in doc.lines]
        return doc

    monkeypatch.setattr(pipeline, "read_document", broken_font_map)
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([SHANGHAI_MD], db)
    assert (len(summary.loaded), summary.rejected) == (1, [])
    assert query(db, "select count(*) from raw.facts") == [(SHANGHAI_FACTS,)]
    labels = query(db, "select distinct row_label from raw.facts where row_key = '2010601'")
    assert labels == [("行政\\ud835运行",)]
    [(sentence,)] = query(db, "select text from raw.narrative_rows where text like '2024年度收入%总计%'")
    assert sentence.startswith("2024年度收入\\x8f总计")  # a surrogate-escaped byte, as in a file name
    for fmt in ("csv", "jsonl"):  # `juesuan extract` prints it the same way
        out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
        pipeline.write_facts(extract_document(SHANGHAI_MD), out, fmt)
        out.seek(0)
        assert "行政\\ud835运行" in out.read().replace("\\\\", "\\")


def test_an_encrypted_pdf_is_named_as_such(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    locked = tmp_path / "locked.pdf"
    canvas = Canvas(str(locked), encrypt=StandardEncryption("secret"))
    canvas.drawString(100, 700, "2024年度收入支出决算总表")
    canvas.save()
    reason = _batch_goes_on(tmp_path, locked)
    assert (
        reason == f"{locked}: the PDF is encrypted (password-protected): save a copy without the password and load that"
    )


def test_a_header_label_missing_in_a_workbook_is_rejected(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(ZHEJIANG_XLSX)
    assert workbook["公开05表"]["D4"].value == "基本支出"
    workbook["公开05表"]["D4"].value = None
    bad = tmp_path / "header.xlsx"
    workbook.save(bad)
    reason = _batch_goes_on(tmp_path, bad)
    assert "支出决算表（分科目）" in reason and "column 4 has no header label of its own" in reason
    assert "'total'); its first figure: L7 公开05表!D7 '280.40'" in reason


def _block(title: str) -> str:
    """The lines of one table of the Shanghai sample, from its title to the next page marker."""
    lines = SHANGHAI_MD.read_text(encoding="utf-8").split("\n")
    start = lines.index(title)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("<!-- page"))
    return "\n".join(lines[start:end])


@pytest.mark.parametrize(
    ("change", "says"),
    [(("", ""), "with the same figures"), (("1,511.89\t1,503.52", "1,611.89\t1,603.52"), "2 figure(s) differing")],
)
def test_a_table_printed_twice_loads_counted_once_and_is_an_error_finding(
    tmp_path: Path, change: tuple[str, str], says: str
) -> None:
    again = _block("## 2024 年度支出决算表（表 3）").replace(*change, 1)
    twice = tmp_path / "twice.md"
    twice.write_text(SHANGHAI_MD.read_text(encoding="utf-8") + f"\n<!-- page 11 -->\n\n{again}\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    assert [n for _, n in ingest_paths([twice], db).loaded] == [SHANGHAI_FACTS + 44]
    [rule] = [r for r in load_rules() if r.rule_id == "duplicate_table"]
    with duckdb.connect(str(db)) as con:
        compute_checks(con, (rule,))
        found = con.execute("select status, table_kind, message from dq_check where status <> 'ok'").fetchall()
    [(status, kind, message)] = found
    assert (status, kind) == ("error", "expenditure_by_function")
    assert f"printed again: table 10 and table 3 are both expenditure_by_function, {says}" in message


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Shanghai sample written as .xls and .docx by the project's renderers."""
    from loaders.render.docx import render_docx
    from loaders.render.html import render_html
    from loaders.render.templates import build_document
    from loaders.render.xls import render_xls

    source = extract_document(SHANGHAI_MD)
    doc = build_document(source.tables, style="national", department="上海市普陀区财政局", year=2024, unit="万元")
    folder = tmp_path_factory.mktemp("rendered")
    return {
        "xls": render_xls(doc, folder / "putuo.xls"),
        "docx": render_docx(doc, folder / "putuo.docx"),
        "html": render_html(doc, folder / "putuo.html"),
    }


def test_an_xls_sheet_over_the_row_limit_is_rejected(rendered: dict[str, Path]) -> None:
    assert "over the sheet_rows limit of 10 (sheet '" in _over(rendered["xls"], Limits(sheet_rows=10))


def test_a_docx_table_is_counted_before_the_document_is_built(tmp_path: Path) -> None:
    """A 2,000-row table in a docx of a few kB: refused while its XML streams by, before python-docx
    would hold the whole document (tens of MB of XML take a gigabyte)."""
    long = long_docx(tmp_path / "long.docx", 2_000)
    assert long.stat().st_size < 100_000
    assert "over the sheet_rows limit of 1000 (docx table 'table 1' has more rows" in _over(
        long, Limits(sheet_rows=1_000)
    )


@pytest.mark.parametrize("fmt", ["xls", "docx", "html"])
def test_a_broken_file_of_the_new_formats_is_rejected_naming_it(
    rendered: dict[str, Path], tmp_path: Path, fmt: str
) -> None:
    data = rendered[fmt].read_bytes()
    bad = tmp_path / f"broken.{fmt}"
    bad.write_bytes(data[: len(data) // 2] if fmt != "html" else b"\xff\xfe\x00\xd8<table>" + data[:200])
    assert _batch_goes_on(tmp_path, bad).startswith(str(bad))


@pytest.mark.parametrize(("fmt", "found"), [("xls", "the workbook holds"), ("docx", "its parts unzip to")])
def test_an_xls_or_docx_over_the_unzipped_limit_is_rejected(rendered: dict[str, Path], fmt: str, found: str) -> None:
    assert f"over the unzipped_mb limit of 0.001 ({found}" in _over(rendered[fmt], Limits(unzipped_mb=0.001))


@pytest.mark.parametrize(
    ("printed", "problem"),
    [("12,345,678,901,234,567.00万元", "16 digits before the point"), ("79.49123%", "more than 4 decimals")],
)
def test_a_stated_figure_beyond_decimal_20_4_keeps_its_document_and_sentence(
    tmp_path: Path, printed: str, problem: str
) -> None:
    """A figure of the 情况说明 the warehouse cannot store exactly costs neither the document nor its
    sentence: the statement keeps the printed text, no value and the reason, and is reported."""
    stated = "基本支出2,336.91万元，占79.49%"
    text = SHANGHAI_MD.read_text(encoding="utf-8")
    assert stated in text
    mutant = tmp_path / "stated.md"
    figure = "2,336.91万元" if "万元" in printed else "79.49%"
    mutant.write_text(text.replace(stated, stated.replace(figure, printed), 1), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([mutant], db)
    assert (len(summary.loaded), summary.rejected) == (1, [])
    assert query(db, "select count(*) from raw.facts") == [(SHANGHAI_FACTS,)]
    [(value_text, value, why, sentence)] = query(
        db, "select value_text, value, value_problem, sentence from raw.statements where value is null"
    )
    assert (value_text, value) == (printed.rstrip("万元%").replace(",", ""), None)
    assert problem in why and printed in sentence
    with duckdb.connect(str(db)) as con:
        compute_checks(con, tuple(r for r in load_rules() if r.rule_id == "narrative_unstored_figure"))
        assert con.execute("select rule_id, status from dq_check").fetchall() == [
            ("narrative_unstored_figure", "warning")
        ]


# ---------------------------------------------------------------- outputs

HYPERLINK = '=HYPERLINK("http://example.com/x","行政运行")'


def test_a_formula_printed_in_a_document_stays_text_in_extract_and_export(tmp_path: Path) -> None:
    import csv
    import io

    import openpyxl

    from tests.conftest import juesuan

    name = "=HYPERLINK(1).md"  # run from its folder, the document column starts with '=' too
    _mutant(tmp_path, name, ROW_2010601, ROW_2010601.replace("行政运行", HYPERLINK))
    done = juesuan("extract", name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {r["document"] for r in rows} == {"'" + name}
    assert {r["row_label"] for r in rows if r["row_key"] == "2010601" and r["table_kind"] == "income_by_function"} == {
        "'" + HYPERLINK
    }
    assert all(not str(v).startswith(("=", "+", "@")) for r in rows for v in r.values())
    db = tmp_path / "w.duckdb"
    assert juesuan("ingest", name, "--db", str(db), cwd=tmp_path).returncode == 0
    for fmt in ("csv", "xlsx"):
        done = juesuan(
            "export", "--db", str(db), "--out", str(tmp_path / fmt), "--format", fmt, "--select", "raw.facts"
        )
        assert done.returncode == 0, done.stderr
    with (tmp_path / "csv" / "raw" / "facts.csv").open(encoding="utf-8-sig", newline="") as f:
        labels = {r["row_label"] for r in csv.DictReader(f)}
    sheet = openpyxl.load_workbook(tmp_path / "xlsx" / "raw.xlsx", read_only=True)["facts"]
    cells = {c for row in sheet.iter_rows(min_row=2, values_only=True) for c in row if isinstance(c, str)}
    for found in (labels, cells):
        assert "'" + HYPERLINK in found and HYPERLINK not in found


# ---------------------------------------------------------------- budgets

BUDGET_MD = SAMPLES / "shanghai-2025-putuo-government-office-budget.md"
BUDGET_HEADER = "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出"
BUDGET_ROW = "201\t03\t01\t行政运行\t12,029,501.84\t11,919,501.84\t110,000.00"


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        (BUDGET_ROW, BUDGET_ROW.replace("12,029,501.84", "123,456,789,012,345,678.00"), "16 digits before the point"),
        (BUDGET_ROW, BUDGET_ROW.replace("12,029,501.84", "12,029,501.84001"), "more than 4 decimals"),
        (BUDGET_HEADER, BUDGET_HEADER.replace("基本支出\t", ""), "has no header label of its own"),
    ],
)
def test_a_budget_is_held_to_the_same_checks(tmp_path: Path, old: str, new: str, says: str) -> None:
    bad = _mutant(tmp_path, "budget.md", old, new, source=BUDGET_MD)
    reason = _batch_goes_on(tmp_path, bad)
    assert "table '2025年部门支出预算总表' (budget_" in reason and says in reason
