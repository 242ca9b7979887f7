"""The notebooks: committed clean, and every one runs without error on a demo warehouse.

The module builds the warehouse once the way `make demo` does (ingest the bundled samples,
`juesuan build`, `juesuan check`) and executes each notebook against it in a fresh kernel.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import warnings
from pathlib import Path
from types import ModuleType

import duckdb
import matplotlib
import nbformat
import pytest
from matplotlib.figure import Figure

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = REPO / "notebooks"
# The charts each notebook draws on the demo warehouse (plus its second year).
CHARTS = {
    "01_district_comparison": {
        "function_structure_by_class",
        "function_by_section_heatmap",
        "basic_vs_project",
        "personnel_vs_public",
        "year_on_year_1",
    },
    "02_three_public_expenses": {"three_public_totals", "three_public_by_item"},
    "03_data_quality": {"dq_findings_by_rule"},
    "04_narrative": {"narrative_statements_by_topic", "narrative_stated_structure", "narrative_budget_execution"},
    "05_budget_vs_final": {"budget_vs_final_by_class", "budget_vs_final_three_public"},
}
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
INLINE_IMAGE = re.compile(r'<img [^>]*src="data:image/png;base64,')
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f\u201c\u201d]")


def _load(name: str, file: str) -> ModuleType:
    """Import a module of notebooks/ (not a package) by file, registered as ``name``."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, NOTEBOOK_DIR / file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


jc = _load("juesuan_charts", "juesuan_charts.py")  # the name execute.py imports it by
executor = _load("juesuan_notebooks_execute", "execute.py")


@pytest.fixture(scope="module")
def warehouse(demo_warehouse: Path) -> Path:
    return demo_warehouse


def test_there_are_the_four_analyses() -> None:
    assert {path.stem for path in NOTEBOOKS} == set(CHARTS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_has_no_outputs(path: Path) -> None:
    book = nbformat.read(path, as_version=4)
    dirty = [
        index
        for index, cell in enumerate(book.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert dirty == [], f"{path.name}: clear the outputs of cells {dirty} before committing"


@pytest.fixture(scope="module")
def executed(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[object, Path]]:
    """Every notebook run once on the demo warehouse: its outcome and its figures folder."""
    root = tmp_path_factory.mktemp("executed")
    runs = {}
    for path in NOTEBOOKS:
        (outcome,) = executor.run(warehouse, root / path.stem, [path])
        runs[path.stem] = (outcome, root / path.stem / "figures")
    return runs


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_the_demo_warehouse(path: Path, executed: dict[str, tuple[object, Path]]) -> None:
    outcome, figures = executed[path.stem]
    assert outcome.error is None, outcome.error
    charts = list(figures.glob("*.png"))
    assert {chart.stem for chart in charts} == CHARTS[path.stem]
    assert all(chart.stat().st_size > 10_000 for chart in charts)
    # Every chart drawn is both saved and shown inline, once.
    shown = INLINE_IMAGE.findall(outcome.html.read_text(encoding="utf-8"))
    assert len(shown) == len(charts)


def poison_uncounted_files(db: Path) -> None:
    """Give every mart a second copy of each row that comes from a file the warehouse does not
    count (a report's second file: `dim_document.is_primary`, or `is_primary_document` where a
    mart has it), with its amounts × 1000. A notebook that counts such a file then shows other
    figures; one that counts each report once shows the same."""
    with duckdb.connect(str(db)) as con:
        tables = con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' and table_type = 'BASE TABLE' and table_name <> 'dim_document'"
        ).fetchall()
        for (table,) in tables:
            columns = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'marts' and table_name = ? order by ordinal_position",
                [table],
            ).fetchall()
            names = {name for name, _ in columns}
            if "is_primary_document" in names:
                uncounted = "not is_primary_document"
            else:
                uncounted = " or ".join(
                    f"{name} not in (select document_id from marts.dim_document where is_primary)"
                    for name in sorted(names)
                    if name.endswith("document_id")
                )
            if not uncounted:
                continue  # not per document: a dimension of subjects
            values = ", ".join(f"{name} * 1000" if kind.startswith("DECIMAL") else name for name, kind in columns)
            con.execute(f"insert into marts.{table} select {values} from marts.{table} where {uncounted}")


def shown_text(book: nbformat.NotebookNode, db: Path) -> list[str]:
    """What a run of a notebook printed and displayed, as text (tables, lists, messages), with
    the warehouse's path written as <warehouse>."""
    shown = []
    for cell in book.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                shown.append(output.text)
            elif output.output_type in {"execute_result", "display_data"}:
                shown += [output.data[kind] for kind in ("text/plain", "text/html") if kind in output.data]
    return [text.replace(str(db.resolve()), "<warehouse>") for text in shown]


def test_every_notebook_counts_each_report_once(
    warehouse: Path, executed: dict[str, tuple[object, Path]], tmp_path: Path
) -> None:
    poisoned = tmp_path / "poisoned.duckdb"
    shutil.copy(warehouse, poisoned)
    poison_uncounted_files(poisoned)
    with duckdb.connect(str(poisoned), read_only=True) as con:
        (copies,) = con.execute("select count(*) from marts.dim_document where not is_primary").fetchone()
    assert copies >= 3, "the demo warehouse holds reports loaded from two files each"
    for outcome in executor.run(poisoned, tmp_path / "run", NOTEBOOKS):
        clean, _ = executed[outcome.notebook.stem]
        assert outcome.error is None, outcome.error
        same = shown_text(outcome.book, poisoned) == shown_text(clean.book, warehouse)
        assert same, f"{outcome.notebook.name} counts a report's second file"


def cookbook_queries() -> list[str]:
    lines = (NOTEBOOK_DIR / "cookbook.sql").read_text(encoding="utf-8").splitlines()
    code = "\n".join(line for line in lines if not line.lstrip().startswith("--"))
    return [query.strip() for query in code.split(";") if query.strip()]


def test_the_cookbook_has_six_queries_and_the_check_one() -> None:
    assert len(cookbook_queries()) == 7


@pytest.mark.parametrize("number", range(7), ids=lambda n: f"query{n + 1}")
def test_cookbook_query_answers_on_the_demo_warehouse(number: int, warehouse: Path) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(cookbook_queries()[number]).fetchall()
    finally:
        con.close()
    assert rows, "the query answers nothing on the demo warehouse"


# What identifies a line of a cookbook answer; amounts and shares are what it says of it.
REPORT_KEYS = ("province", "region", "department", "year", "doc_kind", "subject_code", "canonical_name", "item_name_zh")


@pytest.mark.parametrize("number", range(6), ids=lambda n: f"query{n + 1}")
def test_cookbook_query_counts_each_report_once(number: int, warehouse: Path) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        (files, reports) = con.execute(
            "select count(*), count(distinct (region, department, year)) from marts.dim_document"
        ).fetchone()
        answer = con.execute(cookbook_queries()[number])
        columns = [d[0] for d in answer.description]
        rows = answer.fetchall()
    finally:
        con.close()
    assert files > reports, "the demo warehouse holds reports loaded from two files each"
    keys = [i for i, name in enumerate(columns) if name in REPORT_KEYS]
    assert {"region", "department", "year"} <= {columns[i] for i in keys}
    lines = [tuple(row[i] for i in keys) for row in rows]
    assert len(lines) == len(set(lines)), "a report is counted twice"


def test_cjk_font_covers_every_chinese_character_the_notebooks_print() -> None:
    source = "".join(
        cell.source
        for path in NOTEBOOKS
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "code"
    )
    used = "".join(sorted(set(CJK.findall(source))))
    assert len(used) > 50
    assert jc.covers(jc.find_cjk_font(), used)


def test_a_missing_glyph_fails_the_chart_instead_of_drawing_a_box() -> None:
    with matplotlib.rc_context(), warnings.catch_warnings():
        jc.use_cjk_font()
        fig = Figure()
        fig.add_subplot().set_title("决算 \ue000")  # a private-use character no font has
        with pytest.raises(UserWarning, match="missing from font"):
            jc.finish(fig, "tofu")
        fig.axes[0].set_title("决算：人员经费与公用经费")
        jc.finish(fig, "fine")


def test_without_a_cjk_font_the_notebooks_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    # A Latin-only font named explicitly is not taken for a CJK one.
    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    monkeypatch.setenv("JUESUAN_CJK_FONT", str(dejavu))
    monkeypatch.setattr(jc, "packaged_font", lambda: None)
    monkeypatch.setattr(jc, "system_font", lambda: None)
    with pytest.raises(RuntimeError, match="No CJK font found"):
        jc.find_cjk_font()


def test_system_fonts_are_found_by_family_in_the_font_folders() -> None:
    found = jc.system_font(("No Such Family", "DejaVu Sans"))
    assert found is not None and found.name == "DejaVuSans.ttf"
    assert jc.system_font(("No Such Family",)) is None


def test_a_missing_mart_fails_loudly(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    duckdb.connect(str(db)).close()
    con = jc.connect(db)
    try:
        with pytest.raises(LookupError, match=r"marts\.mart_three_public_by_region_year"):
            jc.require(con, "marts.mart_three_public_by_region_year")
    finally:
        con.close()


def test_a_missing_warehouse_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="make demo"):
        jc.connect(tmp_path / "absent.duckdb")
