"""Run the dbt project (seeds, models, tests, docs) on one warehouse file, in-process.

dbt is imported here, lazily, so that loader code paths never pay for it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables for the duration of one dbt call, then restore them."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _invoke(command: list[str], db: Path, target_dir: Path | None) -> int:
    """Run one dbt command against `db`; 0 when it succeeds, 1 otherwise."""
    from dbt.cli.main import dbtRunner

    args = [*command, "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR)]
    if target_dir is not None:
        args += ["--target-path", str(target_dir), "--log-path", str(target_dir)]
    # profiles.yml reads the warehouse path from JUESUAN_DB.
    with _environment(JUESUAN_DB=str(db.resolve()), DO_NOT_TRACK="1"):
        try:
            result = dbtRunner().invoke(args)
        finally:
            _release_warehouse()
    return 0 if result.success else 1


def _release_warehouse() -> None:
    """Close the DuckDB database dbt-duckdb keeps open for the process after a run.

    Otherwise the file stays locked in this process (other connections fail with "different
    configuration") until exit; dbt-duckdb only drops it at exit.
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
    DuckDBConnectionManager.close_all_connections()


def run_dbt_build(db: Path, *, target_dir: Path | None = None) -> int:
    """`dbt build` (seeds, models and their tests) on the warehouse file `db`."""
    return _invoke(["build"], db, target_dir)


def run_dbt_docs(db: Path, *, target_dir: Path | None = None) -> int:
    """`dbt docs generate --static`: <target>/static_index.html opens offline from disk."""
    return _invoke(["docs", "generate", "--static"], db, target_dir)
