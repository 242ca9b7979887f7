"""Run the dbt project (seeds, models, tests, docs) on one warehouse file, in-process.

dbt is imported here, lazily, so that loader code paths never pay for it. The project is the
checkout's root when juesuan runs from a checkout, else the copy the wheel carries
(`juesuan_project/`). dbt's artefacts go to `target/<warehouse>-<hash>/` under the working
directory, never into the project: one folder per warehouse file keeps each file's partial parse.
A parse depends on the file only through the database name dbt gives it (the file's stem), so a
file built for the first time starts from the last parse of any file of its name
(`target/partial_parse/<stem>.msgpack`) instead of parsing the whole project again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
PACKAGED_PROJECT = "juesuan_project"  # the folder the wheel installs the dbt project in


class WarehouseError(RuntimeError):
    """The warehouse cannot be built: no file, or no raw layer in it."""


def project_dir() -> Path:
    """The dbt project: the checkout's root, else the copy installed with the package."""
    for candidate in (PACKAGE_ROOT, PACKAGE_ROOT / PACKAGED_PROJECT):
        if (candidate / "dbt_project.yml").is_file():
            return candidate
    raise WarehouseError(f"the dbt project is missing: no dbt_project.yml in {PACKAGE_ROOT} or its {PACKAGED_PROJECT}/")


def artefacts_dir(db: Path, root: Path = Path("target")) -> Path:
    """dbt's target and log folder for one warehouse file: target/<file stem>-<8 hex of its path>."""
    resolved = db.resolve()
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:8]
    return root / f"{resolved.stem}-{digest}"


def shared_parse(db: Path, target: Path) -> Path:
    """The last parse of any warehouse file named like `db`, kept beside the per-file folders."""
    return target.parent / "partial_parse" / f"{db.resolve().stem}.msgpack"


def _keep_parse(parse: Path, shared: Path) -> None:
    """Publish a run's parse for other files of its name (atomically: builds may run side by side)."""
    shared.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=shared.parent, suffix=".tmp", delete=False) as copy:
        staged = Path(copy.name)
    shutil.copyfile(parse, staged)
    os.replace(staged, shared)


@contextmanager
def _parse_independent_of_path() -> Iterator[None]:
    """dbt parses the whole project again whenever a profile field changes, the warehouse's path
    included; the parse does not depend on the path (only on the database name, its stem, which
    stays in dbt's check), so the path is left out of the fields dbt compares."""
    from dbt.adapters.duckdb.credentials import DuckDBCredentials

    keys = DuckDBCredentials._connection_keys
    DuckDBCredentials._connection_keys = lambda self: tuple(k for k in keys(self) if k != "path")
    try:
        yield
    finally:
        DuckDBCredentials._connection_keys = keys


def require_warehouse(db: Path) -> None:
    """A clear error instead of dbt creating an empty file (or failing on a missing raw layer)."""
    if not db.is_file():
        raise WarehouseError(f"no warehouse at {db}: load documents first with `juesuan ingest FILES --db {db}`")
    import duckdb  # here: the narrative reader finds the seeds through project_dir without it

    with duckdb.connect(str(db), read_only=True) as con:
        (found,) = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'raw' and table_name in ('documents', 'tables', 'facts')"
        ).fetchone()
    if found < 3:
        raise WarehouseError(f"{db} has no raw layer (raw.documents/tables/facts): run `juesuan ingest` first")


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


def invoke(
    command: Sequence[str],
    db: Path,
    target_dir: Path | None = None,
    *,
    callbacks: Sequence[Callable[[Any], None]] = (),
) -> Any:
    """Run one dbt command against `db` with dbt's console log off; return the dbtRunnerResult.

    The full log goes to <target_dir>/dbt.log, without colour codes.
    """
    from dbt.cli.main import dbtRunner

    require_warehouse(db)
    project = project_dir()
    target = target_dir if target_dir is not None else artefacts_dir(db)
    own_parse, shared = target / "partial_parse.msgpack", shared_parse(db, target)
    args = [
        *command,
        "--project-dir",
        str(project),
        "--profiles-dir",
        str(project),
        "--target-path",
        str(target.resolve()),
        "--log-path",
        str(target.resolve()),
        "--log-level",
        "none",
        "--log-level-file",
        "debug",
        "--no-use-colors",
        "--no-use-colors-file",
    ]
    if not own_parse.is_file() and shared.is_file():
        args += ["--partial-parse-file-path", str(shared.resolve())]
    # profiles.yml reads the warehouse path from JUESUAN_DB.
    with _environment(JUESUAN_DB=str(db.resolve()), DO_NOT_TRACK="1"), _parse_independent_of_path():
        try:
            result = dbtRunner(callbacks=list(callbacks)).invoke(args)
        finally:
            _release_warehouse()
    if own_parse.is_file():
        _keep_parse(own_parse, shared)
    return result


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


def build_warehouse(
    db: Path, dbt_args: Sequence[str] = (), *, target_dir: Path | None = None, console: Any = None
) -> int:
    """`dbt build` on `db` with one progress line and a summary; 0 when all passed (warnings allowed)."""
    from rich.console import Console

    from loaders.build_report import BuildProgress, render, summarise

    console = console or Console(highlight=False, soft_wrap=True)
    target = target_dir if target_dir is not None else artefacts_dir(db)
    started = time.monotonic()
    with BuildProgress(console) as progress:
        result = invoke(["build", *dbt_args], db, target, callbacks=[progress])
    summary = summarise(result, time.monotonic() - started)
    render(summary, console, db, target)
    return 1 if summary.failed or not result.success else 0


def run_dbt_build(db: Path, dbt_args: Sequence[str] = (), *, target_dir: Path | None = None) -> int:
    """`dbt build` (seeds, models and their tests) on the warehouse file `db`; 0 when it succeeds."""
    return 0 if invoke(["build", *dbt_args], db, target_dir).success else 1


def run_dbt_docs(db: Path, *, target_dir: Path | None = None) -> int:
    """`dbt docs generate --static`: <target>/static_index.html opens offline from disk."""
    return 0 if invoke(["docs", "generate", "--static"], db, target_dir).success else 1
