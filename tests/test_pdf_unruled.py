"""PDFs whose tables print without grid lines (only horizontal rules, or none): pdfplumber finds no
table, so the reader reads the page's printed lines with the text reader's block logic and aligns
them by word x-positions. Each document is rendered by our own code from the bundled samples and
the test figures, ruled and unruled, and must give the same facts both ways."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from loaders.model import Table
from loaders.pipeline import extract_document
from loaders.readers.pdf import read_pdf
from loaders.readers.text import TextLine, text_grids
from loaders.render import RenderDocument
from loaders.render.pdf import render_pdf
from loaders.render.templates import build_document
from tests.conftest import REPO
from tests.fixtures.figures import DEPARTMENT, YEAR, expected_facts, fixture_tables

SAMPLES = REPO / "data" / "samples"
ZHEJIANG = SAMPLES / "zhejiang-2024-shaoxing-yuecheng-big-data-center.xlsx"  # zero printed as 0.00
SHANGHAI = SAMPLES / "shanghai-2024-putuo-finance-bureau.md"  # zero printed blank
UNRULED = ("horizontal", "none")

Key = tuple[str, str, str, Decimal]


def facts(tables: list[Table]) -> set[Key]:
    return {(t.table_kind, f.row_key, f.column_key, f.value) for t in tables for f in t.facts if f.value}


def sample_document(path: Path, style: str) -> RenderDocument:
    loaded = extract_document(path)
    record = loaded.record
    return build_document(loaded.tables, style=style, department=record.department, year=record.year, unit=record.unit)


@pytest.fixture(scope="module")
def zhejiang() -> RenderDocument:
    return sample_document(ZHEJIANG, "zhejiang")


@pytest.fixture(scope="module")
def shanghai() -> RenderDocument:
    return sample_document(SHANGHAI, "national")


@pytest.fixture(scope="module")
def zhejiang_ruled(zhejiang: RenderDocument, tmp_path_factory: pytest.TempPathFactory) -> set[Key]:
    return facts(extract_document(render_pdf(zhejiang, tmp_path_factory.mktemp("ruled") / "zj.pdf")).tables)


def table_count(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return sum(len(page.find_tables()) for page in pdf.pages)


@pytest.mark.parametrize("rules", UNRULED)
def test_zhejiang_set_without_rulings_gives_the_ruled_facts(
    rules: str, zhejiang: RenderDocument, zhejiang_ruled: set[Key], tmp_path: Path
) -> None:
    path = render_pdf(zhejiang, tmp_path / f"{rules}.pdf", rules=rules)
    assert table_count(path) == 0  # pdfplumber finds no table: every figure comes from the fallback
    loaded = extract_document(path)
    assert len(zhejiang_ruled) == 180
    assert facts(loaded.tables) == zhejiang_ruled
    assert [t.table_no for t in loaded.tables] == [f"公开{n:02d}表" for n in range(1, 12)]
    assert (loaded.record.department, loaded.record.year, loaded.record.unit) == (
        "绍兴市越城区大数据发展管理中心",
        2024,
        "万元",
    )


@pytest.mark.parametrize("rules", UNRULED)
def test_shanghai_set_with_blank_cells_gives_the_ruled_facts(
    rules: str, shanghai: RenderDocument, tmp_path: Path
) -> None:
    ruled = facts(extract_document(render_pdf(shanghai, tmp_path / "grid.pdf")).tables)
    path = render_pdf(shanghai, tmp_path / f"{rules}.pdf", rules=rules)
    assert table_count(path) == 0
    tables = extract_document(path).tables
    assert len(ruled) == 195
    assert facts(tables) == ruled
    empty = {t.table_kind for t in tables if t.is_empty}
    assert empty == {"gov_fund_by_function", "state_capital_by_function"}  # declared empty, notes kept


@pytest.mark.parametrize("repeat_header", [False, True])
def test_test_figures_split_over_pages_without_rulings(repeat_header: bool, tmp_path: Path) -> None:
    doc = build_document(fixture_tables(), style="zhejiang", department=DEPARTMENT, year=YEAR, unit="万元")
    path = render_pdf(doc, tmp_path / "split.pdf", rules="none", rows_per_page=4, repeat_header=repeat_header)
    loaded = extract_document(path)
    assert facts(loaded.tables) == expected_facts()
    gpb = next(t for t in loaded.tables if t.table_kind == "gpb_expenditure_by_function")
    assert gpb.page_end > gpb.page_start  # one table over pages, with or without （续） and its header


def test_unruled_cells_keep_page_line_and_column(zhejiang: RenderDocument, tmp_path: Path) -> None:
    path = render_pdf(zhejiang, tmp_path / "none.pdf", rules="none")
    grid = next(g for g in read_pdf(path).grids if g.table_no == "公开03表")
    assert grid.aligned
    row = next(r for r in grid.rows if r[0].text == "2080505")
    assert [c.text for c in row[:3]] == ["2080505", "机关事业单位基本养老保险缴费支出", "13.63"]
    assert (row[2].page, row[2].ref) == (grid.page_start, "c3")
    assert row[2].line is not None and row[2].line > grid.line_start
    fact = next(
        f
        for t in extract_document(path).tables
        for f in t.facts
        if t.table_kind == "income_by_function" and (f.row_key, f.column_key) == ("2080505", "total")
    )
    assert fact.row_label == "机关事业单位基本养老保险缴费支出"
    assert fact.source == f"p{row[2].page} L{row[2].line} c3"


def test_a_contents_list_naming_tables_starts_no_table() -> None:
    lines = [
        "目 录",
        "一、收入支出决算总表",
        "二、收入决算表 ........ 7",
        "第三部分 情况说明",
        "一、收入支出决算总体情况说明",
    ]
    assert text_grids([TextLine(text, 1, n) for n, text in enumerate(lines, start=1)]) == []


def test_a_contents_list_running_straight_into_a_table_keeps_its_title() -> None:
    lines = ["目录", "一、收入支出决算总表", "二、收入决算表", "收入决算表", "单位：万元", "项目 金额", "合计 5.00"]
    [grid] = text_grids([TextLine(text, 1, n) for n, text in enumerate(lines, start=1)])
    assert (grid.title, grid.line_start, grid.unit) == ("收入决算表", 4, "万元")


def test_prose_after_a_table_ends_it() -> None:
    lines = ["收入决算表", "单位：万元", "项目 金额", "合计 5.00", "2024年收入5.00万元，比上年增加。", "1 2.00"]
    [grid] = text_grids([TextLine(text, 1, n) for n, text in enumerate(lines, start=1)])
    assert [[c.text for c in row] for row in grid.rows] == [["项目", "金额"], ["合计", "5.00"]]
    assert (grid.unit, grid.line_end) == ("万元", 4)


def _word(text: str, x0: float, x1: float, top: float) -> dict:
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 9.0}


def test_a_zero_mark_set_left_in_its_cell_stays_in_the_column_of_its_cell() -> None:
    # as a spreadsheet prints a text "-": left in its cell, where the figures stand right
    from loaders.readers.pdf import _column_of, _column_ranges

    header = [_word("项目", 10, 30, 0), _word("合计", 100, 120, 0), _word("基本支出", 150, 186, 0)]
    figures = [_word("行政运行", 10, 46, 12), _word("2147.90", 95, 123, 12), _word("12.00", 158, 186, 12)]
    marks = [_word("外交支出", 10, 46, 24), _word("-", 88, 91, 24), _word("—", 140, 146, 24)]
    columns = _column_ranges([header, figures, marks])
    assert columns == [(10, 46), (95, 123), (150, 186)]
    assert [_column_of(word, columns) for word in marks] == [0, 1, 2]
    assert _column_of(_word("注", 60, 70, 36), columns) is None  # any other word over no column stays unplaced
