"""The notebooks: committed clean, and every one runs without error on a demo warehouse.

The module builds the warehouse once the way `make demo` does (ingest the bundled samples,
`juesuan build`, `juesuan check`) and executes each notebook against it in a fresh kernel.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
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
SAMPLES = REPO / "data" / "samples"
SECOND_YEAR_SOURCE = SAMPLES / "zhejiang-2024-shaoxing-yuecheng-big-data-center.md"
JUESUAN = Path(sys.executable).with_name("juesuan")
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


def _juesuan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(JUESUAN), *args], cwd=REPO, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ingest → build → check into a temporary warehouse, as `make demo` does."""
    root = tmp_path_factory.mktemp("demo")
    db = root / "juesuan.duckdb"
    # The samples hold one year; a copy loaded as 2023 (one more byte, so a new document) makes
    # the year-on-year section draw too.
    earlier = root / "earlier-year.md"
    earlier.write_text(SECOND_YEAR_SOURCE.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    steps = [
        (("ingest", str(SAMPLES), "--db", str(db)), {0}),
        (("ingest", str(earlier), "--db", str(db), "--year", "2023"), {0}),
        (("build", "--db", str(db)), {0}),
        # 1 means the check ran and found errors in the documents, which the notebook shows.
        (("check", "--db", str(db), "--reports", str(root / "reports")), {0, 1}),
    ]
    for args, accepted in steps:
        done = _juesuan(*args)
        assert done.returncode in accepted, f"juesuan {args[0]}:\n{done.stdout}\n{done.stderr}"
    con = duckdb.connect(str(db), read_only=True)
    try:
        (documents,) = con.execute("select count(*) from dim_document").fetchone()
    finally:
        con.close()
    assert documents >= 3, f"expected the samples' documents and the 2023 copy, found {documents}"
    return db


def test_there_are_the_three_analyses() -> None:
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_the_demo_warehouse(path: Path, warehouse: Path, tmp_path: Path) -> None:
    (outcome,) = executor.run(warehouse, tmp_path, [path])
    assert outcome.error is None, outcome.error
    charts = list((tmp_path / "figures").glob("*.png"))
    assert {chart.stem for chart in charts} == CHARTS[path.stem]
    assert all(chart.stat().st_size > 10_000 for chart in charts)
    # Every chart drawn is both saved and shown inline, once.
    shown = INLINE_IMAGE.findall(outcome.html.read_text(encoding="utf-8"))
    assert len(shown) == len(charts)


def cookbook_queries() -> list[str]:
    lines = (NOTEBOOK_DIR / "cookbook.sql").read_text(encoding="utf-8").splitlines()
    code = "\n".join(line for line in lines if not line.lstrip().startswith("--"))
    return [query.strip() for query in code.split(";") if query.strip()]


def test_the_cookbook_has_five_queries_and_the_check_one() -> None:
    assert len(cookbook_queries()) == 6


@pytest.mark.parametrize("number", range(6), ids=lambda n: f"query{n + 1}")
def test_cookbook_query_answers_on_the_demo_warehouse(number: int, warehouse: Path) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(cookbook_queries()[number]).fetchall()
    finally:
        con.close()
    assert rows, "the query answers nothing on the demo warehouse"


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
        with pytest.raises(LookupError, match="mart_three_public_by_region_year"):
            jc.require(con, "mart_three_public_by_region_year")
    finally:
        con.close()


def test_a_missing_warehouse_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="make demo"):
        jc.connect(tmp_path / "absent.duckdb")
