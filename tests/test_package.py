"""The wheel is a real package: it carries the dbt project and the notebooks, and an install of
it alone ingests, builds, checks, documents and exports outside a checkout.

To keep the test cheap, the fresh environment borrows the dependencies already installed in this
one (a .pth line to its site-packages, which does not bring this checkout's editable install)
and installs only the wheel.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLES

# What the wheel must carry besides the Python packages: the dbt project and the notebooks.
PROJECT_FILES = [
    "dbt_project.yml",
    "profiles.yml",
    "models/**/*.sql",
    "models/**/*.yml",
    "models/**/*.md",
    "seeds/*.csv",
    "seeds/*.yml",
    "macros/*.sql",
    "dbt_tests/*.sql",
    "analyses/*.sql",
    "notebooks/*.ipynb",
    "notebooks/*.py",
    "notebooks/*.sql",
]


def test_every_python_package_of_the_checkout_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    packages = {
        ".".join(init.parent.relative_to(REPO).parts)
        for top in ("loaders", "expectations")
        for init in (REPO / top).rglob("__init__.py")
    }
    assert packages <= set(config["packages"])
    assert config["package-data"]["juesuan_project"] == PROJECT_FILES


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out)]
    done = subprocess.run([*build, str(REPO)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    (found,) = out.glob("juesuan-*.whl")
    return found


def test_the_wheel_carries_the_dbt_project_and_the_notebooks(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"juesuan_project/{path.relative_to(REPO).as_posix()}"
        for pattern in PROJECT_FILES
        for path in REPO.glob(pattern)
        if path.is_file()
    }
    assert len(expected) > 60
    assert sorted(expected - names) == []
    # and every file of the Python packages, code and data (layouts, rules, SQL, suites)
    package_files = {
        path.relative_to(REPO).as_posix()
        for top in ("loaders", "expectations")
        for path in (REPO / top).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert "loaders/cli.py" in package_files and "expectations/rules.csv" in package_files
    assert sorted(package_files - names) == []


def _fresh_environment(root: Path, wheel: Path) -> Path:
    """A new venv holding only the wheel, borrowing this environment's installed dependencies."""
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)]
    done = subprocess.run(install, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return venv


def test_the_installed_wheel_runs_the_pipeline_outside_a_checkout(wheel: Path, tmp_path: Path) -> None:
    venv = _fresh_environment(tmp_path, wheel)
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "JUESUAN_DB", "VIRTUAL_ENV"}}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=work, env=env, capture_output=True, text=True, check=False)

    where = run(
        str(venv / "bin" / "python"),
        "-c",
        "import loaders, expectations; from loaders.dbt_runner import project_dir; "
        "print(loaders.__file__); print(expectations.__file__); print(project_dir())",
    )
    assert where.returncode == 0, where.stderr
    assert all(line.startswith(str(venv)) for line in where.stdout.splitlines()), where.stdout
    juesuan = str(venv / "bin" / "juesuan")
    db = "warehouse.duckdb"
    steps = [
        ([juesuan, "ingest", str(SAMPLES), "--db", db], {0}),
        ([juesuan, "build", "--db", db], {0}),
        ([juesuan, "check", "--db", db, "--reports", "reports"], {0, 1}),
        ([juesuan, "docs", "--db", db, "--out", "docs"], {0}),
        ([juesuan, "export", "--db", db, "--out", "export", "--select", "marts.dim_document"], {0}),
    ]
    for args, accepted in steps:
        done = run(*args)
        assert done.returncode in accepted, f"{args[1]}:\n{done.stdout}\n{done.stderr}"
    assert (work / "reports" / "dq_summary.md").is_file() and (work / "docs" / "index.html").is_file()
    assert list((work / "export" / "marts" / "dim_document").rglob("*.parquet"))
    # nothing was written into the installed package
    project = Path(where.stdout.splitlines()[2])
    assert not (project / "target").exists() and not (project / "logs").exists()
