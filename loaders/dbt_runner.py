"""Run the dbt project (seeds, models, tests, docs) on one warehouse file, in-process.

dbt is imported here, lazily, so that loader code paths never pay for it.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _invoke(command: list[str], db: Path, target_dir: Path | None) -> int:
    """Run one dbt command against `db`; 0 when it succeeds, 1 otherwise."""
    from dbt.cli.main import dbtRunner

    # profiles.yml reads the warehouse path from JUESUAN_DB; dbt reads the rest from the env too.
    os.environ["JUESUAN_DB"] = str(db.resolve())
    os.environ.setdefault("DO_NOT_TRACK", "1")
    args = [*command, "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR)]
    if target_dir is not None:
        args += ["--target-path", str(target_dir)]
    result = dbtRunner().invoke(args)
    return 0 if result.success else 1


def run_dbt_build(db: Path, *, target_dir: Path | None = None) -> int:
    """`dbt build` (seeds, models and their tests) on the warehouse file `db`."""
    return _invoke(["build"], db, target_dir)


def run_dbt_docs(db: Path, *, target_dir: Path | None = None) -> int:
    """`dbt docs generate --static`: target/static_index.html opens offline from disk."""
    return _invoke(["docs", "generate", "--static"], db, target_dir)
