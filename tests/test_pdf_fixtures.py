"""PDFs written by our own renderer at test time: a table split over pages, a declared-empty table,
titles the loader must skip or reject, an unknown header, a scanned (image-only) PDF."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from loaders.model import DocumentError
from loaders.pipeline import extract_document
from loaders.readers.pdf import read_pdf, table_title
from loaders.render import RenderDocument, RenderTable, Span
from loaders.render.pdf import rasterize_pdf, render_pdf

DEPARTMENT = "上海市长宁区示例局"
# 一般公共预算财政拨款支出决算表 rows: code, name, 合计, 基本支出, 项目支出
GPB_ROWS = [
    ("201", "一般公共服务支出", "2,106.66", "1,503.52", "603.14"),
    ("20106", "财政事务", "2,106.66", "1,503.52", "603.14"),
    ("2010601", "行政运行", "1,511.89", "1,503.52", "8.37"),
    ("2010602", "一般行政管理事务", "10.00", "", "10.00"),
    ("2010607", "信息化建设", "135.25", "", "135.25"),
    ("2010608", "财政委托业务支出", "449.52", "", "449.52"),
    ("208", "社会保障和就业支出", "326.72", "326.72", ""),
    ("20805", "行政事业单位养老支出", "326.72", "326.72", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "160.75", "160.75", ""),
    ("", "合计", "2,433.38", "1,830.24", "603.14"),
]


def gpb_table(title: str = "2024 年度一般公共预算财政拨款支出决算表", project: str = "项目支出") -> RenderTable:
    header = [["项目", "", "合计", "基本支出", project], ["功能分类科目编码", "科目名称", "", "", ""]]
    spans = [Span(0, 0, 0, 1), Span(0, 2, 1, 2), Span(0, 3, 1, 3), Span(0, 4, 1, 4)]
    return RenderTable("gpb_expenditure_by_function", title, header, [list(r) for r in GPB_ROWS], spans, "表5")


def gpb_facts() -> set[tuple[str, str, Decimal]]:
    facts = set()
    for code, _, *values in GPB_ROWS:
        for column, text in zip(("total", "basic", "project"), values, strict=True):
            if text:
                facts.add((code or "total", column, Decimal(text.replace(",", ""))))
    return facts


def empty_fund_table() -> RenderTable:
    header = [
        ["项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
        ["功能分类科目编码", "科目名称", "", "", "合计", "基本支出", "项目支出", ""],
    ]
    spans = [Span(0, 0, 0, 1), Span(0, 2, 1, 2), Span(0, 3, 1, 3), Span(0, 4, 0, 6), Span(0, 7, 1, 7)]
    body = [["", "合计", "", "", "", "", "", ""], [""] * 8]
    note = f"注：{DEPARTMENT}无政府性基金预算财政拨款支出，故本表无数据。"
    return RenderTable(
        "gov_fund_by_function", "2024 年度政府性基金预算财政拨款收入支出决算表", header, body, spans, "表8", [note]
    )


def write(tmp_path: Path, *tables: RenderTable, style: str = "national", **pagination: object) -> Path:
    doc = RenderDocument(DEPARTMENT, 2024, "万元", list(tables), style)
    return render_pdf(doc, tmp_path / "fixture.pdf", **pagination)


def facts_of(path: Path) -> dict[str, set[tuple[str, str, Decimal]]]:
    found: dict[str, set[tuple[str, str, Decimal]]] = {}
    for table in extract_document(path).tables:
        found.setdefault(table.table_kind, set()).update(
            (f.row_key, f.column_key, f.value) for f in table.facts if f.value
        )
    return found


def test_rendered_text_reads_back_with_pdfplumber(tmp_path: Path) -> None:
    path = write(tmp_path, gpb_table())
    with pdfplumber.open(path) as pdf:
        assert DEPARTMENT in pdf.pages[0].extract_text()
        text = pdf.pages[1].extract_text()
    assert "2024 年度一般公共预算财政拨款支出决算表（表 5）" in text
    assert "单位：万元" in text and "机关事业单位基本养老保险缴费支出" in text


def test_a_table_split_over_three_pages_is_one_grid_and_loads_whole(tmp_path: Path) -> None:
    path = write(tmp_path, gpb_table(), rows_per_page=4)
    doc = read_pdf(path)
    assert (doc.department, doc.year, doc.unit, doc.region) == (DEPARTMENT, 2024, "万元", "上海市长宁区")
    [grid] = doc.grids
    assert (grid.title, grid.table_no, grid.unit) == ("2024 年度一般公共预算财政拨款支出决算表（表 5）", "表5", "万元")
    assert (grid.page_start, grid.page_end, len(grid.rows)) == (2, 4, 2 + len(GPB_ROWS))
    assert [c.text for c in grid.rows[6]] == ["2010607", "信息化建设", "135.25", "", "135.25"]
    assert grid.rows[6][0].ref == "p3 r1 c1"  # the second page starts with a body row: no repeated header
    assert facts_of(path) == {"gpb_expenditure_by_function": gpb_facts()}


def test_a_continued_title_with_the_header_again_continues_the_table(tmp_path: Path) -> None:
    path = write(tmp_path, gpb_table(), rows_per_page=4, repeat_header=True)
    with pdfplumber.open(path) as pdf:
        assert "支出决算表（表 5）（续）" in pdf.pages[2].extract_text()
    [grid] = read_pdf(path).grids
    assert (grid.page_start, grid.page_end, len(grid.rows)) == (2, 4, 3 * 2 + len(GPB_ROWS))
    assert facts_of(path) == {"gpb_expenditure_by_function": gpb_facts()}


def test_running_headers_and_page_numbers_are_not_titles(tmp_path: Path) -> None:
    path = write(tmp_path, gpb_table(), empty_fund_table(), rows_per_page=4, running_header=True)
    with pdfplumber.open(path) as pdf:
        assert pdf.pages[2].extract_text().splitlines()[0] == f"{DEPARTMENT} 2024 年度部门决算"
    doc = read_pdf(path)
    assert [(g.title, g.page_start, g.page_end) for g in doc.grids] == [
        ("2024 年度一般公共预算财政拨款支出决算表（表 5）", 2, 4),
        ("2024 年度政府性基金预算财政拨款收入支出决算表（表 8）", 5, 5),
    ]
    assert doc.department == DEPARTMENT
    assert facts_of(path) == {"gpb_expenditure_by_function": gpb_facts(), "gov_fund_by_function": set()}


def test_a_title_printed_inside_the_rulings_is_the_title_not_a_row(tmp_path: Path) -> None:
    table = gpb_table()
    title = "2024 年度一般公共预算财政拨款支出决算表"
    boxed = RenderTable(
        table.kind,
        "",
        [[title, "", "", "", ""], *table.header],
        table.body,
        [Span(0, 0, 0, 4), *(Span(g.first_row + 1, g.first_col, g.last_row + 1, g.last_col) for g in table.spans)],
    )
    path = write(tmp_path, boxed)
    [grid] = read_pdf(path).grids
    assert (grid.title, grid.unit, len(grid.rows)) == (title, "万元", 2 + len(GPB_ROWS))
    assert grid.rows[0][0].ref == "p2 r2 c1"
    assert facts_of(path) == {"gpb_expenditure_by_function": gpb_facts()}


def test_a_title_at_the_foot_of_a_page_names_the_table_on_the_next(tmp_path: Path) -> None:
    fund = empty_fund_table()
    first = gpb_table()
    first.notes = [fund.title]  # printed under the first table, at the foot of its page
    fund.title, fund.table_no = "", None
    path = write(tmp_path, first, fund)
    doc = read_pdf(path)
    assert [(g.title, g.page_start, g.notes) for g in doc.grids] == [
        ("2024 年度一般公共预算财政拨款支出决算表（表 5）", 2, []),
        ("2024 年度政府性基金预算财政拨款收入支出决算表", 3, [fund.notes[0]]),
    ]


def test_a_declared_empty_table_loads_as_empty_with_its_note(tmp_path: Path) -> None:
    path = write(tmp_path, gpb_table(), empty_fund_table())
    tables = extract_document(path).tables
    assert [(t.table_kind, t.is_empty, len(t.facts)) for t in tables] == [
        ("gpb_expenditure_by_function", False, len(gpb_facts())),
        ("gov_fund_by_function", True, 0),
    ]
    assert tables[1].empty_note == f"注：{DEPARTMENT}无政府性基金预算财政拨款支出，故本表无数据。"


def test_a_table_that_is_not_a_final_accounts_table_is_skipped(tmp_path: Path) -> None:
    units = RenderTable(
        "", "纳入本部门决算编制范围的单位包括：", [["序号", "单位名称", "备注"]], [["1", f"{DEPARTMENT}（本级）", ""]]
    )
    path = write(tmp_path, units, gpb_table())
    assert read_pdf(path).grids[0].title == "纳入本部门决算编制范围的单位包括："
    assert facts_of(path) == {"gpb_expenditure_by_function": gpb_facts()}


def test_an_unknown_final_accounts_title_keeps_its_rows_unmapped(tmp_path: Path) -> None:
    path = write(tmp_path, gpb_table(), gpb_table(title="2024 年度部门整体支出绩效决算表"))
    loaded = extract_document(path)
    assert [t.table_kind for t in loaded.tables] == ["gpb_expenditure_by_function"]
    kept = loaded.unmapped
    assert {(r.table_kind, r.page, r.table_title) for r in kept} == {
        (None, 3, "2024 年度部门整体支出绩效决算表（表 5）")
    }
    assert "201 一般公共服务支出 2,106.66 1,503.52 603.14" in [r.text for r in kept]
    assert "unknown table title '2024 年度部门整体支出绩效决算表" in kept[0].reason


def test_an_unknown_header_label_keeps_the_rows_unmapped(tmp_path: Path) -> None:
    path = write(tmp_path, gpb_table(project="调剂支出"))
    loaded = extract_document(path)
    assert [(t.table_kind, t.facts) for t in loaded.tables] == [("gpb_expenditure_by_function", [])]
    first = loaded.unmapped[0]
    assert (first.page, first.source) == (2, first.source) and first.source.startswith("p2 ")
    assert any(r.text == "2010601 行政运行 1,511.89 1,503.52 8.37" for r in loaded.unmapped)
    assert all("header" in r.reason for r in loaded.unmapped)


def test_a_continuation_with_another_column_count_is_rejected(tmp_path: Path) -> None:
    untitled = RenderTable("", "", [["项目", "金额"]], [["行政运行", "8.37"]])
    path = write(tmp_path, gpb_table(), untitled)
    with pytest.raises(DocumentError, match=r"page 3: a table continuing .* has 2 columns, not 5"):
        read_pdf(path)


def test_zhejiang_title_block_gives_table_number_and_department(tmp_path: Path) -> None:
    path = write(tmp_path, gpb_table(title="一般公共预算财政拨款支出决算表"), style="zhejiang")
    doc = read_pdf(path)
    assert (doc.grids[0].title, doc.grids[0].table_no, doc.grids[0].unit) == (
        "一般公共预算财政拨款支出决算表",
        "表5",
        "万元",
    )
    assert doc.department == DEPARTMENT  # from the 部门：…（汇总） line


def test_a_scanned_pdf_without_text_is_rejected(tmp_path: Path) -> None:
    scanned = rasterize_pdf(write(tmp_path, gpb_table()), tmp_path / "scanned.pdf", dpi=50)
    with pdfplumber.open(scanned) as pdf:
        assert [(len(p.chars), len(p.images)) for p in pdf.pages] == [(0, 1), (0, 1)]
    with pytest.raises(DocumentError, match=r"scanned\.pdf: has no text layer \(scanned\?\)"):
        extract_document(scanned)


def test_tables_scanned_behind_a_text_cover_are_named_in_the_rejection(tmp_path: Path) -> None:
    import pypdfium2

    text = write(tmp_path, gpb_table())
    scanned = rasterize_pdf(text, tmp_path / "scanned.pdf", dpi=50)
    sources = [pypdfium2.PdfDocument(str(text)), pypdfium2.PdfDocument(str(scanned))]
    mixed = pypdfium2.PdfDocument.new()
    mixed.import_pages(sources[0], [0])  # the cover keeps its text
    mixed.import_pages(sources[1], [1])
    mixed.save(str(tmp_path / "mixed.pdf"))
    for pdf in [mixed, *sources]:
        pdf.close()
    with pytest.raises(
        DocumentError, match=r"mixed\.pdf: no 决算 table in its text, and page\(s\) 2 have no text layer"
    ):
        read_pdf(tmp_path / "mixed.pdf")


def test_a_file_that_is_not_a_pdf_is_rejected_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_text("not a pdf", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"broken\.pdf: not a readable PDF"):
        read_pdf(path)


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        (["第二部分 上海市XX局2024年度部门决算表", "收入支出决算总表", "单位：万元"], "收入支出决算总表"),
        (
            ["一般公共预算财政拨款基本支出决算", "（明细）表", "公开08表", "部门：XX局 单位：元"],
            "一般公共预算财政拨款基本支出决算（明细）表",
        ),
        (["支出决算表（续）", "- 3 -"], "支出决算表（续）"),
        (["纳入本部门决算编制范围的单位包括："], "纳入本部门决算编制范围的单位包括："),
        (["单位：万元", "“ ”", "5"], None),
    ],
)
def test_table_title_picks_the_nearest_line_naming_a_table(lines: list[str], title: str | None) -> None:
    assert table_title(lines) == title
