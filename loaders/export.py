"""`juesuan export`: the marts and the raw layer as Parquet, CSV or Excel files.

- Parquet: one folder per relation, `<out>/<schema>/<name>/year=…/province=…/data_0.parquet`
  (hive partitions; a relation without year or province is partitioned by what it has, or not
  at all). Amounts stay DECIMAL.
- CSV: `<out>/<schema>/<name>.csv`, UTF-8 with a byte-order mark so that Excel reads the Chinese.
- xlsx: `<out>/<schema>.xlsx`, one sheet per relation, headers in Chinese (from the column
  descriptions dbt stores in the warehouse), the column name and English description in each
  header's note, and a contents sheet.

CSV and xlsx cells that a spreadsheet would run as a formula are escaped (`loaders.escaping`).
The warehouse is opened read-only.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from loaders.escaping import escape_cell

FORMATS = ("parquet", "csv", "xlsx")
SCHEMAS = ("marts", "raw")  # what is exported, in this order
PARTITION_COLUMNS = ("year", "province")
EXCEL_MAX_ROWS = 1_048_575  # one row of the sheet is the header
FETCH_ROWS = 10_000


class ExportError(RuntimeError):
    """The export cannot run: no warehouse, an unknown relation, a sheet too long for Excel."""


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    comment: str | None

    @property
    def is_nested(self) -> bool:
        return self.data_type.endswith("]") or self.data_type.startswith(("STRUCT", "MAP", "UNION"))


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    comment: str | None
    columns: tuple[Column, ...]

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    def has(self, column: str) -> bool:
        return any(c.name == column for c in self.columns)


@dataclass(frozen=True)
class Exported:
    relation: str
    rows: int
    path: Path


def open_warehouse(db: Path) -> duckdb.DuckDBPyConnection:
    if not db.is_file():
        raise ExportError(f"no warehouse at {db}: load documents with `juesuan ingest`, then `juesuan build`")
    return duckdb.connect(str(db), read_only=True)


def relations(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    """Every table and view of the exported schemas, with its columns and their descriptions."""
    tables = con.execute(
        """select schema_name, table_name, comment from duckdb_tables() where database_name = current_database()
           union all
           select schema_name, view_name, comment from duckdb_views()
           where database_name = current_database() and not internal"""
    ).fetchall()
    columns: dict[tuple[str, str], list[Column]] = {}
    for schema, table, name, data_type, comment in con.execute(
        """select schema_name, table_name, column_name, data_type, comment from duckdb_columns()
           where database_name = current_database() order by schema_name, table_name, column_index"""
    ).fetchall():
        columns.setdefault((schema, table), []).append(Column(name, data_type, comment))
    found = [
        Relation(schema, name, comment, tuple(columns.get((schema, name), ())))
        for schema, name, comment in tables
        if schema in SCHEMAS
    ]
    return sorted(found, key=lambda r: (SCHEMAS.index(r.schema), r.name))


def select_relations(available: Sequence[Relation], names: Iterable[str]) -> list[Relation]:
    """The relations `names` ask for (`dim_document`, `marts.dim_document`, `raw.facts`, or a
    whole schema: `marts`, `raw`); all of them when no name is given."""
    wanted = [n for name in names for n in re.split(r"[\s,]+", name) if n]
    if not wanted:
        return list(available)
    chosen: list[Relation] = []
    for name in wanted:
        matches = [r for r in available if name in (r.qualified, r.name, r.schema)]
        if not matches:
            known = ", ".join(r.qualified for r in available) or "nothing: run `juesuan build`"
            raise ExportError(f"no relation '{name}' in the warehouse (it has {known})")
        chosen += [r for r in matches if r not in chosen]
    return chosen


def export(db: Path, out: Path, fmt: str = "parquet", select: Iterable[str] = ()) -> list[Exported]:
    """Write the selected relations of warehouse `db` to `out` in format `fmt`."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}' (one of {', '.join(FORMATS)})")
    con = open_warehouse(db)
    try:
        chosen = select_relations(relations(con), select)
        out.mkdir(parents=True, exist_ok=True)
        if fmt == "parquet":
            return [write_parquet(con, r, out) for r in chosen]
        if fmt == "csv":
            return [write_csv(con, r, out) for r in chosen]
        return write_xlsx(con, chosen, out)
    finally:
        con.close()


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def partition_query(con: duckdb.DuckDBPyConnection, relation: Relation) -> tuple[str, list[str]]:
    """The relation's rows with the partition columns it lacks taken from its document, and the
    partition columns it then has."""
    missing = [c for c in PARTITION_COLUMNS if not relation.has(c)]
    can_join = relation.has("document_id") and missing and _exists(con, "marts", "dim_document")
    if not can_join:
        return f"select * from {relation.schema}.{_ident(relation.name)}", [
            c for c in PARTITION_COLUMNS if relation.has(c)
        ]
    added = ", ".join(f"d.{c}" for c in missing)
    query = (
        f"select r.*, {added} from {relation.schema}.{_ident(relation.name)} r "
        "left join marts.dim_document d using (document_id)"
    )
    return query, list(PARTITION_COLUMNS)


def _exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return (
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [schema, name]
        ).fetchone()[0]
        > 0
    )


def _count(con: duckdb.DuckDBPyConnection, relation: Relation) -> int:
    return con.execute(f"select count(*) from {relation.schema}.{_ident(relation.name)}").fetchone()[0]


def write_parquet(con: duckdb.DuckDBPyConnection, relation: Relation, out: Path) -> Exported:
    target = out / relation.schema / relation.name
    query, partitions = partition_query(con, relation)
    options = "format parquet, overwrite true"
    if partitions:
        options += f", partition_by ({', '.join(partitions)})"
    target.parent.mkdir(parents=True, exist_ok=True)
    path_literal = str(target if partitions else target / "data_0.parquet").replace("'", "''")
    if not partitions:
        target.mkdir(parents=True, exist_ok=True)
    con.execute(f"copy ({query}) to '{path_literal}' ({options})")
    return Exported(relation.qualified, _count(con, relation), target)


def _flat_query(relation: Relation) -> str:
    """The relation with lists and structs as JSON text, for CSV and spreadsheet cells."""
    columns = ", ".join(
        f"to_json({_ident(c.name)})::varchar as {_ident(c.name)}" if c.is_nested else _ident(c.name)
        for c in relation.columns
    )
    return f"select {columns} from {relation.schema}.{_ident(relation.name)}"


def _rows(con: duckdb.DuckDBPyConnection, relation: Relation) -> Iterable[list[object]]:
    result = con.execute(_flat_query(relation))
    while batch := result.fetchmany(FETCH_ROWS):
        for row in batch:
            yield [escape_cell(v) for v in row]


def write_csv(con: duckdb.DuckDBPyConnection, relation: Relation, out: Path) -> Exported:
    target = out / relation.schema / f"{relation.name}.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    with target.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([c.name for c in relation.columns])
        for row in _rows(con, relation):
            writer.writerow(row)
            rows += 1
    return Exported(relation.qualified, rows, target)


def header_zh(column: Column) -> str:
    """A column's Chinese header: the first phrase of the Chinese half of its description
    ('地区。/ Region.' → 地区), else its name."""
    if not column.comment:
        return column.name
    chinese = column.comment.split(" / ")[0].split("/ ")[0].strip()
    phrase = re.split(r"[。：:，,；;（(]", chinese, maxsplit=1)[0].strip()
    return phrase if phrase and re.search(r"[\u3400-\u9fff]", phrase) else column.name


def english_of(comment: str | None) -> str:
    if not comment:
        return ""
    return comment.split("/ ", 1)[1].strip() if "/ " in comment else comment


def sheet_names(names: Sequence[str]) -> list[str]:
    """Excel sheet names (31 characters at most, unique) for relation names."""
    taken: list[str] = []
    for name in names:
        sheet = name[:31]
        n = 2
        while sheet in taken:
            suffix = f"~{n}"
            sheet = name[: 31 - len(suffix)] + suffix
            n += 1
        taken.append(sheet)
    return taken


def write_xlsx(con: duckdb.DuckDBPyConnection, chosen: Sequence[Relation], out: Path) -> list[Exported]:
    """One workbook per schema, one sheet per relation, Chinese headers, and a contents sheet."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    done: list[Exported] = []
    for schema in SCHEMAS:
        members = [r for r in chosen if r.schema == schema]
        if not members:
            continue
        too_long = [(r.qualified, n) for r in members if (n := _count(con, r)) > EXCEL_MAX_ROWS]
        if too_long:
            raise ExportError(
                f"{', '.join(f'{name} ({n} rows)' for name, n in too_long)}: more rows than an Excel sheet "
                "holds; export it as parquet or csv (--format parquet)"
            )
        target = out / f"{schema}.xlsx"
        book = Workbook(write_only=True)
        contents = book.create_sheet("目录 contents")
        contents.append(["工作表 sheet", "表 relation", "行数 rows", "说明 description"])
        for relation, sheet_name in zip(members, sheet_names([r.name for r in members]), strict=True):
            sheet = book.create_sheet(sheet_name)
            header = []
            for column in relation.columns:
                cell = WriteOnlyCell(sheet, value=header_zh(column))
                cell.font = Font(bold=True)
                note = f"{column.name}\n{english_of(column.comment)}".strip()
                cell.comment = Comment(note, "juesuan")
                header.append(cell)
            sheet.append(header)
            rows = 0
            for row in _rows(con, relation):
                sheet.append(row)
                rows += 1
            contents.append([sheet_name, relation.qualified, rows, relation.comment or ""])
            done.append(Exported(relation.qualified, rows, target))
        book.save(target)
    return done
