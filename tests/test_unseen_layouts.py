"""Layouts no bundled sample is printed in, rendered by the project's own code from the real published
figures of ``data/samples`` (so these run without ../shared), in the formats users bring: ruled and
unruled PDF, the text extractors give of that PDF (pages separated by form feeds), converters' markdown
and xlsx. Every variant must give exactly the figures it was printed from.

- ``hubei``: the national nine tables as 表1–表9 with 行次 and 栏次 columns, 部门 and 金额单位 lines;
- ``template2017``: the 2016–2018 set: one 一、财政拨款收入 line, 用事业基金弥补收支差额, that era's class
  names (医疗卫生与计划生育支出 …), 小计 over the fund columns, no 国有资本经营 table;
- ``county_plain``: zero printed as "-", figures without thousands separators, an 编制单位 line;
- ``unit_report``: a unit's own 单位决算 in whole 元 (figures × 10 000), its name on a 单位名称 line.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from functools import cache
from pathlib import Path

import pypdfium2
import pytest

from loaders.model import Table
from loaders.pipeline import LoadedDocument, extract_document
from loaders.render import RenderDocument
from loaders.render.markdown import render_markdown
from loaders.render.pdf import render_pdf
from loaders.render.templates import APPROPRIATIONS, TEMPLATES, build_document
from loaders.render.xlsx import render_xlsx
from tests.conftest import SAMPLES
from tests.test_expectations_rules import balanced_figures, findings, load_document
from tests.test_expectations_rules import con as raw_layer  # noqa: F401 (fixture: an empty raw layer)

PUTUO = SAMPLES / "shanghai-2024-putuo-finance-bureau.md"
YUECHENG = SAMPLES / "zhejiang-2024-shaoxing-yuecheng-big-data-center.md"
YUAN_PER_WAN = Decimal(10000)

Fact = tuple[str, str, str, Decimal]


@cache
def source(path: Path) -> LoadedDocument:
    return extract_document(path)


def in_yuan(tables: list[Table]) -> list[Table]:
    """The same tables in 元: every figure times 10 000 (exact)."""
    return [
        replace(t, unit="元", facts=[replace(f, value=f.value * YUAN_PER_WAN, unit="元") for f in t.facts])
        for t in tables
    ]


def printed_facts(tables: list[Table], style: str) -> set[Fact]:
    """The non-zero figures a template prints from these tables (the older summary prints the three
    appropriations as one 财政拨款收入 line)."""
    kinds = {kind for kind, _, _ in TEMPLATES[style].tables}
    facts = {(f.table_kind, f.row_key, f.column_key, f.value) for t in tables for f in t.facts if t.table_kind in kinds}
    if any(key == "fiscal_appropriation" for key, _ in TEMPLATES[style].income_lines):
        merged = {f for f in facts if f[0] == "income_expenditure_summary" and f[1] in APPROPRIATIONS}
        totals: dict[str, Decimal] = {}
        for _, _, column, value in merged:
            totals[column] = totals.get(column, Decimal(0)) + value
        combined = {("income_expenditure_summary", "fiscal_appropriation", c, v) for c, v in totals.items()}
        facts = (facts - merged) | combined
    return {f for f in facts if f[3] != 0}


def nonzero_facts(loaded: LoadedDocument) -> set[Fact]:
    return {(f.table_kind, f.row_key, f.column_key, f.value) for t in loaded.tables for f in t.facts if f.value != 0}


# ---------------------------------------------------------------- formats


def pdf_text(pdf: Path, out: Path, page_text: Callable[[pypdfium2.PdfPage], str]) -> Path:
    """A PDF's text page by page, pages separated by form feeds, as extractors write it."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = [page_text(document[i]) for i in range(len(document))]
    finally:
        document.close()
    out.write_text("\f".join(pages), encoding="utf-8")
    return out


def pdfium_text(page: pypdfium2.PdfPage) -> str:
    return page.get_textpage().get_text_range()


def write_pdf(doc: RenderDocument, path: Path) -> Path:
    return render_pdf(doc, path.with_suffix(".pdf"))


def write_continued_pdf(doc: RenderDocument, path: Path) -> Path:
    """Tables run on over pages of at most eight rows, under a （续） title and the header again."""
    return render_pdf(doc, path.with_suffix(".pdf"), rows_per_page=8, repeat_header=True)


def write_unruled_pdf(doc: RenderDocument, path: Path) -> Path:
    return render_pdf(doc, path.with_suffix(".pdf"), rules="none")


def write_pdfium_text(doc: RenderDocument, path: Path) -> Path:
    return pdf_text(render_pdf(doc, path.with_suffix(".pdf")), path.with_suffix(".txt"), pdfium_text)


def write_pdftotext(layout: bool) -> Callable[[RenderDocument, Path], Path]:
    def write(doc: RenderDocument, path: Path) -> Path:
        if shutil.which("pdftotext") is None:
            pytest.skip("pdftotext (Debian poppler-utils) is not installed")
        pdf = render_pdf(doc, path.with_suffix(".pdf"))
        out = path.with_suffix(".txt")
        subprocess.run(["pdftotext", "-layout" if layout else "-raw", str(pdf), str(out)], check=True)
        return out

    return write


def write_markdown_pipes(doc: RenderDocument, path: Path) -> Path:
    return render_markdown(doc, path.with_suffix(".md"), pipe=True)


def write_markdown_tabs(doc: RenderDocument, path: Path) -> Path:
    return render_markdown(doc, path.with_suffix(".md"))


def write_xlsx(doc: RenderDocument, path: Path) -> Path:
    return render_xlsx(doc, path.with_suffix(".xlsx"))


WRITERS: dict[str, Callable[[RenderDocument, Path], Path]] = {
    "pdf-ruled": write_pdf,
    "pdf-unruled": write_unruled_pdf,
    "pdf-continued": write_continued_pdf,
    "text-pdfium": write_pdfium_text,
    "text-pdftotext-layout": write_pdftotext(layout=True),
    "text-pdftotext-raw": write_pdftotext(layout=False),
    "markdown-pipes": write_markdown_pipes,
    "markdown-tabs": write_markdown_tabs,
    "xlsx": write_xlsx,
}

# (template, source document, in 元?, formats)
VARIANTS = {
    "hubei": (PUTUO, False, ["pdf-ruled", "pdf-unruled", "text-pdfium", "text-pdftotext-layout", "markdown-pipes"]),
    "template2017": (PUTUO, False, ["pdf-ruled", "text-pdftotext-raw", "xlsx"]),
    "county_plain": (YUECHENG, False, ["pdf-continued", "markdown-tabs", "xlsx"]),
    "unit_report": (YUECHENG, True, ["pdf-ruled", "text-pdfium", "xlsx"]),
}
# What the text reader cannot do yet (issue 8): none of the variants above.
TEXT_GAPS: dict[tuple[str, str], str] = {}


def _cases() -> list[object]:
    cases = []
    for style, (_, _, formats) in VARIANTS.items():
        for fmt in formats:
            gap = TEXT_GAPS.get((style, fmt))
            marks = [pytest.mark.xfail(reason=f"not read yet: {gap}", strict=False)] if gap else []
            cases.append(pytest.param(style, fmt, id=f"{style}-{fmt}", marks=marks))
    return cases


def rendered(style: str) -> tuple[RenderDocument, set[Fact]]:
    path, yuan, _ = VARIANTS[style]
    loaded = source(path)
    tables = in_yuan(loaded.tables) if yuan else loaded.tables
    record = loaded.record
    doc = build_document(
        tables, style=style, department=record.department, year=record.year, unit="元" if yuan else record.unit
    )
    return doc, printed_facts(tables, style)


@pytest.fixture(scope="module")
def read_back(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], LoadedDocument]:
    """A template's document written in a format and read back, once per module."""
    done: dict[tuple[str, str], LoadedDocument] = {}

    def read(style: str, fmt: str) -> LoadedDocument:
        if (style, fmt) not in done:
            doc, _ = rendered(style)
            done[style, fmt] = extract_document(WRITERS[fmt](doc, tmp_path_factory.mktemp(style) / f"{style}-{fmt}"))
        return done[style, fmt]

    return read


@pytest.mark.parametrize(("style", "fmt"), _cases())
def test_unseen_layout_gives_the_printed_figures(style: str, fmt: str, read_back) -> None:
    _, expected = rendered(style)
    found = nonzero_facts(read_back(style, fmt))
    assert found == expected, f"missing {sorted(expected - found)[:6]}, extra {sorted(found - expected)[:6]}"


def test_a_hubei_pdf_names_table_numbers_and_pages(read_back) -> None:
    loaded = read_back("hubei", "pdf-ruled")
    assert [t.table_no for t in loaded.tables] == [f"表{n}" for n in range(1, 10)]
    assert loaded.record.department == "上海市普陀区财政局"
    summary = next(t for t in loaded.tables if t.table_kind == "income_expenditure_summary")
    figures = {(f.row_key, f.column_key): (f.value, f.page) for f in summary.facts}
    assert figures[("income_total", "amount")] == (Decimal("2946.25"), 2)  # page 1 is the cover
    assert figures[("expenditure_grand_total", "amount")] == (Decimal("2995.39"), 2)


def test_the_2017_template_prints_one_appropriation_line(read_back) -> None:
    loaded = read_back("template2017", "xlsx")
    summary = next(t for t in loaded.tables if t.table_kind == "income_expenditure_summary")
    lines = {f.row_key: (f.row_label, f.value) for f in summary.facts}
    assert lines["fiscal_appropriation"] == ("一、财政拨款收入", Decimal("2940.05"))
    assert "gpb_appropriation" not in lines
    assert {t.table_kind for t in loaded.tables} == {kind for kind, _, _ in TEMPLATES["template2017"].tables}


def test_summary_income_sums_the_one_appropriation_line_of_older_templates(request: pytest.FixtureRequest) -> None:
    con = request.getfixturevalue("raw_layer")
    figures = balanced_figures()
    summary = figures["income_expenditure_summary"]
    combined = sum(Decimal(summary.pop(key)["amount"]) for key in APPROPRIATIONS if key in summary)
    summary["fiscal_appropriation"] = {"amount": str(combined)}
    load_document(con, figures)
    assert findings(con, "summary_income") == []
    summary["fiscal_appropriation"] = {"amount": str(combined + 1)}
    load_document(con, figures, name="one-line-off.txt")
    assert [f[:4] for f in findings(con, "summary_income")] == [
        ("error", "income_expenditure_summary", "income_total", "amount")
    ]
