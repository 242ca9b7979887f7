"""A two-sided header that text extraction takes apart so that two columns of one side get one key.

pdftotext -layout prints a wrapped 年初预 / 算数 above and below the line of 项目 行次 决算数, so read in
printed order the left side's 年初预算数 lands on the right side: (决算数) | (决算数, 年初预算数, 年初预算数).
Read so, every 年初预算数 of the right side went into one cell and its 决算数 beside it was lost. Laid-out
text is read again by where each label stands; a header that still gives one side a cell twice is refused
(its table's rows kept unmapped, saying why), the rest of the document loads. A placement never fills one
cell twice, so the sums that give figures to their sides cannot fail on such a header either.

Rendered by the project's own template (``template2017_budgets``) from the Putuo sample's figures.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from loaders.figure_sides import give_out
from loaders.model import Cell
from loaders.pipeline import LoadedDocument, extract_document
from loaders.placement import placements
from loaders.render import RenderDocument
from loaders.render.markdown import render_markdown
from loaders.render.pdf import render_pdf
from loaders.render.templates import build_document
from loaders.segments import Column
from loaders.text_rows import Doubt, SideSpec, TextSide
from tests.extractors import EXTRACTORS
from tests.test_budget_columns import STYLE, SUMMARY
from tests.test_summary_lone_figures import BUDGETED, _summary, _summary_budgets
from tests.test_unseen_layouts import PUTUO, source

ECONOMIC = "gpb_basic_expenditure_by_economic"


def _document() -> RenderDocument:
    loaded = source(PUTUO)
    tables = _summary_budgets(loaded.tables, BUDGETED)
    return build_document(tables, style=STYLE, department=loaded.record.department, year=loaded.record.year)


def _text(tmp_path: Path, extractor: str) -> str:
    """The extractor's text of the rendered PDF."""
    return EXTRACTORS[extractor](render_pdf(_document(), tmp_path / f"{extractor}.pdf"))


def _read_text(tmp_path: Path, text: str) -> LoadedDocument:
    path = tmp_path / "summary.txt"
    path.write_text(text, encoding="utf-8")
    return extract_document(path)


def test_a_laid_out_header_is_read_by_where_its_labels_stand(tmp_path: Path) -> None:
    expected = _summary(extract_document(render_markdown(_document(), tmp_path / "summary.md")))
    loaded = _read_text(tmp_path, _text(tmp_path, "pdftotext-layout"))
    assert loaded.unmapped == []
    assert _summary(loaded) == expected
    assert expected["201", "initial_budget"] == Decimal("2156.47")  # not the 决算数 2,106.66 beside it
    assert expected["201", "amount"] == Decimal("2106.66")


def test_a_header_giving_one_side_a_cell_twice_keeps_its_rows_unmapped_and_the_document(tmp_path: Path) -> None:
    text = _text(tmp_path, "pdfium").replace("\r\n", "\n")
    # the left side's wrapped 年初预 / 算数 printed after the right side's labels, as -layout prints them
    header = "项目 行次\n年初预\n算数\n决算数 项目 行次\n"
    assert header in text
    loaded = _read_text(tmp_path, text.replace(header, "项目 行次\n决算数 项目 行次\n年初预\n算数\n", 1))
    assert _summary(loaded) == {}
    kept = [u for u in loaded.unmapped if u.table_kind == SUMMARY]
    assert kept and {u.table_kind for u in loaded.unmapped} == {SUMMARY}
    assert all("two columns of one side the same cell (initial_budget)" in u.reason for u in kept)
    first = next(u for u in kept if u.text.startswith("一、财政拨款收入"))
    assert {"2,993.92", "2,940.05", "2,156.47", "2,106.66"} <= set(first.figures)
    assert sum(len(t.facts) for t in loaded.tables if t.table_kind != SUMMARY) > 100  # the other tables load


def test_a_placement_never_fills_one_cell_twice() -> None:
    twice = (Column("value", "amount"), Column("value", "amount"))
    assert placements([Cell("0.09"), Cell("1.20")], twice, ECONOMIC, {}) == []
    # figures below the labels of two sides, the second side's header misread with one cell twice: the
    # sums that give them out leave them to be kept unmapped instead of failing the document
    left, right = TextSide(0, name=[Cell("伙食补助费")]), TextSide(1, name=[Cell("手续费")])
    doubt = Doubt([Cell("0.09"), Cell("1.20")], [left, right])
    left.doubt = right.doubt = doubt
    specs = [SideSpec(True, True, False, twice[:1]), SideSpec(True, True, False, twice)]
    keys = {id(left): "30107", id(right): "30204"}
    assert give_out([doubt], [left, right], keys, {}, specs, ECONOMIC, {}) == {}
