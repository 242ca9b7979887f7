"""`juesuan status`: what a warehouse holds, and which documents an older parser version read."""

from __future__ import annotations

from pathlib import Path

from loaders import PARSER_VERSION
from loaders.warehouse import WAREHOUSE_CONFIG


def describe_status(db: Path, limit: int | None = 20) -> str:
    """Rows per raw table, documents per format, and the documents loaded by an older parser
    version (the first `limit` of them; None: all)."""
    import duckdb

    with duckdb.connect(str(db), read_only=True, config=WAREHOUSE_CONFIG) as con:
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'raw' order by table_name"
            ).fetchall()
        ]
        if "documents" not in tables:
            return f"{db}: no raw layer (load documents with `juesuan ingest`)"
        counts = {name: con.execute(f'select count(*) from raw."{name}"').fetchone()[0] for name in tables}
        formats = con.execute("select format, count(*) from raw.documents group by all order by 2 desc, 1").fetchall()
        outdated = con.execute(
            "select parser_version, path, ingested_at from raw.documents where parser_version <> ? "
            "order by parser_version, path",
            [PARSER_VERSION],
        ).fetchall()
    by_format = ", ".join(f"{fmt} {n:,}" for fmt, n in formats)
    others = ", ".join(f"{name} {n:,}" for name, n in counts.items() if name != "documents")
    lines = [
        f"warehouse {db} ({db.stat().st_size / 2**20:,.1f} MiB), parser version {PARSER_VERSION}",
        f"documents {counts['documents']:,}" + (f" ({by_format})" if by_format else ""),
        f"rows: {others}",
        f"loaded by an older parser version: {len(outdated):,}"
        + (" (read them again with `juesuan ingest --reparse`)" if outdated else ""),
    ]
    shown = outdated if limit is None else outdated[:limit]
    lines += [f"  {version}  {path}  (loaded {at:%Y-%m-%d %H:%M})" for version, path, at in shown]
    if len(shown) < len(outdated):
        lines.append(f"  … and {len(outdated) - len(shown):,} more (--all lists them)")
    return "\n".join(lines)
