"""Every reader gives the document's printed lines with page and line (what the narrative reader reads)."""

from __future__ import annotations

from pathlib import Path

from loaders.readers.markdown import read_markdown
from loaders.readers.pdf import read_pdf
from loaders.readers.text import read_text
from loaders.readers.xlsx import read_xlsx

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def test_text_pages_from_form_feeds_even_mid_line(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("封面\n目录\f第一部分 概况\n一、职能\n结束。\f第二部分 决算表\n", encoding="utf-8")
    lines = [(line.text, line.page, line.number) for line in read_text(path).lines]
    assert ("目录", 1, 2) in lines
    assert ("第一部分 概况", 2, 2) in lines
    assert ("结束。", 2, 4) in lines
    assert ("第二部分 决算表", 3, 4) in lines


def test_text_pages_from_pdftotext_page_starts(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(" 一、概况\n正文。\n 二、决算表\n", encoding="utf-8")
    assert [(line.page, line.number) for line in read_text(path).lines if line.text] == [(1, 1), (1, 2), (2, 3)]


def test_markdown_lines_keep_page_markers_and_rows(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    text = "<!-- page 1 -->\n# 情况说明\n本年收入合计 1.00 万元。\n<!-- page 2 -->\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    path.write_text(text, encoding="utf-8")
    lines = [(line.text, line.page, line.number) for line in read_markdown(path).lines]
    assert ("本年收入合计 1.00 万元。", 1, 3) in lines
    assert ("1\t2", 2, 7) in lines


def test_pdf_and_xlsx_lines() -> None:
    pdf = read_pdf(SAMPLES / "shanghai-2024-putuo-finance-bureau.pdf")
    assert pdf.lines and all(line.page >= 1 and line.number >= 1 for line in pdf.lines)
    assert any("收入支出决算总表" in line.text for line in pdf.lines)
    xlsx = read_xlsx(SAMPLES / "zhejiang-2024-shaoxing-yuecheng-big-data-center.xlsx")
    assert any("收入支出决算总表" in line.text for line in xlsx.lines)
