"""Shared test helpers: where ../shared is, and a skip when it is absent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_002 = SHARED / "seeds" / "002_79da5c65fa76b1ff.txt"
SHANGHAI_PDF = SHARED / "samples" / "shanghai-putuo-finance-bureau-2024-final-accounts.pdf"
SAMPLES = REPO / "data" / "samples"
SECOND_YEAR_SOURCE = SAMPLES / "zhejiang-2024-shaoxing-yuecheng-big-data-center.md"
JUESUAN = Path(sys.executable).with_name("juesuan")


def shared_file(path: Path) -> Path:
    """The path of a ../shared document, or a skip saying why the test cannot run."""
    if not path.is_file():
        pytest.skip(f"{path} is absent: ../shared (the seed documents) is not beside this checkout")
    return path


def query(db: Path, sql: str) -> list[tuple]:
    """The rows of one query on a warehouse file, opened read-only for it."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def juesuan(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run the installed `juesuan` command; its output is captured."""
    return subprocess.run([str(JUESUAN), *args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ingest → build → check into a temporary warehouse, as `make demo` does; shared read-only.

    The samples hold one year; a copy loaded as 2023 (one more byte, so a new document) gives
    the notebooks' year-on-year section something to draw.
    """
    root = tmp_path_factory.mktemp("demo")
    db = root / "juesuan.duckdb"
    earlier = root / "earlier-year.md"
    earlier.write_text(SECOND_YEAR_SOURCE.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    steps = [
        (("ingest", str(SAMPLES), "--db", str(db)), {0}),
        (("ingest", str(earlier), "--db", str(db), "--year", "2023"), {0}),
        (("build", "--db", str(db)), {0}),
        # 1 means the check ran and found errors in the documents, which the notebooks show.
        (("check", "--db", str(db), "--reports", str(root / "reports")), {0, 1}),
    ]
    for args, accepted in steps:
        done = juesuan(*args)
        assert done.returncode in accepted, f"juesuan {args[0]}:\n{done.stdout}\n{done.stderr}"
    with duckdb.connect(str(db), read_only=True) as con:
        (documents,) = con.execute("select count(*) from marts.dim_document").fetchone()
    assert documents >= 3, f"expected the samples' documents and the 2023 copy, found {documents}"
    return db
