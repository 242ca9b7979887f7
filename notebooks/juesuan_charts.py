"""Shared helpers for the notebooks: open the warehouse, select a CJK font, save charts.

Every notebook starts with ``con = jc.setup()`` and ends with ``con.close()``. Charts go
through :func:`finish`, which draws them once so that a missing glyph (a box instead of a
Chinese character) raises instead of passing silently.
"""

from __future__ import annotations

import os
import re
import textwrap
import warnings
from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata
from pathlib import Path

import duckdb
import matplotlib
import pandas as pd
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = REPO_ROOT / "warehouse" / "juesuan.duckdb"

# Characters every chart title uses; a font must cover all of them to count as CJK.
PROBE_TEXT = "决算大数据类款基本项目人员公用三公经费预算数据质量规则"

# Families that ship Simplified Chinese glyphs, in order of preference, when no font file
# is given: Noto/Source Han come from fonts-noto-cjk, WenQuanYi from fonts-wqy-*.
SYSTEM_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
)

REGULAR_STYLES = ("Regular", "Book")

# The mplfonts wheel ships Noto Sans CJK SC (SIL OFL); found without importing the package,
# whose import has side effects on matplotlib's configuration.
PACKAGED_FONT = ("mplfonts", "mplfonts/fonts/NotoSansCJKsc-Regular.otf")

INSTALL_HINT = (
    "No CJK font found, so Chinese labels would render as boxes. Install one of: "
    "`pip install mplfonts` (no root), `apt-get install fonts-noto-cjk`, "
    "`apt-get install fonts-wqy-microhei`; or point JUESUAN_CJK_FONT at a .otf/.ttf/.ttc file."
)

GLYPH_MISSING = r"Glyph \d+ .* missing from font"


def covers(font_path: Path, text: str = PROBE_TEXT) -> bool:
    """Whether the font's character map has a glyph for every character of ``text``."""
    font = TTFont(str(font_path), fontNumber=0, lazy=True)
    try:
        cmap = font.getBestCmap() or {}
    finally:
        font.close()
    return all(ord(ch) in cmap for ch in text)


def packaged_font() -> Path | None:
    """The CJK font file of the mplfonts wheel, if that wheel is installed."""
    dist_name, relative = PACKAGED_FONT
    try:
        path = Path(str(metadata.distribution(dist_name).locate_file(relative)))
    except metadata.PackageNotFoundError:
        return None
    return path if path.is_file() else None


def system_font(families: Sequence[str] = SYSTEM_CJK_FAMILIES) -> Path | None:
    """The first installed system font of one of ``families``.

    The font folders are scanned: matplotlib's cached font list misses a font installed after
    the cache was built (apt-get install fonts-noto-cjk on a machine that ran matplotlib before).
    """
    by_name: dict[str, Path] = {}
    for fname in sorted(font_manager.findSystemFonts()):
        try:
            face = font_manager.get_font(fname)
        except (OSError, RuntimeError):  # an unreadable font file is no candidate
            continue
        if face.style_name in REGULAR_STYLES:  # not the Bold or Light file of the family
            by_name.setdefault(face.family_name, Path(fname))
    return next((by_name[name] for name in families if name in by_name), None)


def candidate_fonts() -> Iterable[Path]:
    """Font files to try, most explicit first: env var, packaged font, system fonts."""
    explicit = os.environ.get("JUESUAN_CJK_FONT")
    if explicit:
        yield Path(explicit)
    for finder in (packaged_font, system_font):  # called in turn: the scan only when needed
        found = finder()
        if found is not None:
            yield found


def find_cjk_font() -> Path:
    """The font file to draw Chinese with; raises if none covers the probe characters."""
    for path in candidate_fonts():
        if path.is_file() and covers(path):
            return path
    raise RuntimeError(INSTALL_HINT)


def use_cjk_font() -> str:
    """Register the CJK font with matplotlib, select it, and make missing glyphs errors."""
    path = find_cjk_font()
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    # DejaVu Sans stays as the fallback for Latin text and symbols.
    matplotlib.rcParams["font.family"] = [family, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    warnings.filterwarnings("error", message=GLYPH_MISSING)
    return family


def warehouse_path() -> Path:
    """The warehouse file: $JUESUAN_DB, else warehouse/juesuan.duckdb in the repository."""
    configured = os.environ.get("JUESUAN_DB")
    return Path(configured) if configured else DEFAULT_DB


def connect(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only; a missing file is an error, not an empty warehouse."""
    path = path or warehouse_path()
    if not path.is_file():
        raise FileNotFoundError(f"warehouse not found: {path} (run `make demo` or set JUESUAN_DB)")
    return duckdb.connect(str(path), read_only=True)


def require(con: duckdb.DuckDBPyConnection, *relations: str) -> None:
    """Fail loudly when a relation the notebook reads (``schema.name``) has not been built."""
    present = {
        name
        for (name,) in con.execute("select table_schema || '.' || table_name from information_schema.tables").fetchall()
    }
    missing = [name for name in relations if name not in present]
    if missing:
        raise LookupError(f"missing in {warehouse_path()}: {', '.join(missing)} (run `juesuan build`)")


def setup() -> duckdb.DuckDBPyConnection:
    """Select the CJK font and open the warehouse; what every notebook does first."""
    family = use_cjk_font()
    con = connect()
    print(f"warehouse: {warehouse_path()}  font: {family}")
    return con


def figure_dir() -> Path | None:
    """Where charts are saved as PNG ($JUESUAN_FIGURES, set by execute.py), if anywhere."""
    configured = os.environ.get("JUESUAN_FIGURES")
    return Path(configured) if configured else None


def slug(name: str) -> str:
    """A file-name-safe version of a chart name (ASCII names are expected)."""
    return re.sub(r"[^0-9A-Za-z_-]+", "-", name).strip("-") or "chart"


def finish(fig: Figure, name: str) -> None:
    """Lay out and draw the chart (a missing glyph raises here), saving a PNG when asked."""
    if fig.get_layout_engine() is None:  # figures made with layout="constrained" keep it
        fig.tight_layout()
    fig.canvas.draw()
    target = figure_dir()
    if target is not None:
        target.mkdir(parents=True, exist_ok=True)
        fig.savefig(target / f"{slug(name)}.png", dpi=120)


def doc_label(region: str, department: str, year: int, detail: str = "", width: int = 16) -> str:
    """A chart label for one document: region, year (and ``detail``), then the department."""
    head = " ".join(str(part) for part in (region, year, detail) if part)
    return "\n".join([head, *textwrap.wrap(department, width)])


def label_documents(frame: pd.DataFrame) -> pd.Series:
    """doc_label for every row of a frame with region, department and year columns.

    A ``format`` column, when present, is added to the label: one department-year loaded from
    two files (a PDF and its markdown) is two documents and must not share a label.
    """
    formats = frame["format"] if "format" in frame else pd.Series("", index=frame.index)
    rows = zip(frame["region"], frame["department"], frame["year"], formats, strict=True)
    return pd.Series([doc_label(*row) for row in rows], index=frame.index)


# One document per department and year: the same report loaded from two files (the demo corpus
# holds each as xlsx or PDF and as markdown) would otherwise be counted twice.
# The warehouse picks one file per department and year (dim_document.is_primary): use its choice.
CHOSEN_DOCUMENTS_SQL = """
create or replace temp view chosen as
select * from marts.dim_document
where is_primary and doc_kind = 'final'
"""


def choose_documents(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Create the temp view ``chosen`` and return the documents it leaves out (duplicates)."""
    con.execute(CHOSEN_DOCUMENTS_SQL)
    return con.sql(
        """
        select d.region, d.department, d.year, d.format, d.file_name, c.file_name as kept
        from marts.dim_document d
        join chosen c using (region, department, year)
        where d.document_id <> c.document_id
        order by all
        """
    ).df()


def stacked_barh(
    ax: Axes,
    table: pd.DataFrame,
    percent: bool = False,
    colors: Mapping[str, object] | None = None,
    legend: bool = True,
) -> None:
    """One horizontal bar per row of ``table``, stacked by its columns, first row on top.

    With ``percent`` each segment of 4% or more is labelled with its share; ``colors`` fixes a
    colour per column, so that panels drawn side by side agree.
    """
    left = pd.Series(0.0, index=table.index)
    for column in table.columns:
        color = colors.get(column) if colors else None
        bars = ax.barh(table.index, table[column], left=left, label=str(column), color=color)
        if percent:
            labels = [f"{v:.0f}%" if v >= 4 else "" for v in table[column]]
            ax.bar_label(bars, labels=labels, label_type="center", fontsize=8)
        left = left + table[column]
    if not ax.yaxis_inverted():  # axes sharing y are inverted once, not once each
        ax.invert_yaxis()
    if legend:
        legend_below(ax)


def grouped_barh(ax: Axes, table: pd.DataFrame, colors: Sequence[str] | None = None) -> None:
    """One group of horizontal bars per row of ``table``, a bar per column, amounts printed.

    The first row is on top; the legend is the caller's (``legend_below`` or a figure legend).
    """
    table.plot.barh(ax=ax, width=0.8, color=colors, legend=False)
    for bars in ax.containers:
        ax.bar_label(bars, fmt="{:,.2f}", fontsize=8, padding=2)
    ax.invert_yaxis()
    ax.margins(x=0.15)  # room for the printed amounts
    ax.set_ylabel("")


def legend_below(ax: Axes, **options: object) -> None:
    """The legend under the x-axis label, where it cannot cover a bar or its label."""
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False, **options)
