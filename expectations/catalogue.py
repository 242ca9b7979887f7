"""The rule catalogue (rules.csv + one SQL file per rule) and the DuckDB side of a check run.

Each rule's query returns one residual row per equation it checks (document × table × row ×
column) with the printed figure (`actual`), what the equation says it should be (`expected`) and
the number of addends. `compute_checks` runs them one at a time on the raw layer and scores each
residual with its tolerance, difference and status: ok (exact), rounding (within tolerance: 尾数误差)
or the rule's severity. DuckDB does the counting (temporary table `dq_count`, per rule); only the
findings, the residuals that are not exact, are kept (temporary table `dq_check`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from loaders.narrative.store import NARRATIVE_DDL

PACKAGE_DIR = Path(__file__).parent
RULES_CSV = PACKAGE_DIR / "rules.csv"
SQL_DIR = PACKAGE_DIR / "sql"
VIEWS_SQL = SQL_DIR / "_views.sql"


@dataclass(frozen=True)
class Rule:
    rule_id: str
    suite: str
    axis: str  # row: across one row's columns; column: down one column's rows; table: other
    name: str
    name_zh: str  # the rule's name in Chinese, shown beside the English one
    description_zh: str
    description_en: str
    severity: str  # of a difference beyond the tolerance: error (fails the run) or warning
    tolerance_steps: int  # printed units (0.01 when figures carry 2 decimals) allowed per addend
    tolerance: str  # the same, in words
    tables: tuple[str, ...]

    @property
    def label(self) -> str:
        """中文 name with the English one beside it."""
        return f"{self.name_zh} {self.name}".strip()

    @property
    def sql_path(self) -> Path:
        return SQL_DIR / f"{self.rule_id}.sql"


SEVERITIES = ("error", "warning")


@cache
def load_rules() -> tuple[Rule, ...]:
    with RULES_CSV.open(encoding="utf-8", newline="") as f:
        rules = tuple(
            Rule(
                rule_id=r["rule_id"],
                suite=r["suite"],
                axis=r["axis"],
                name=r["name"],
                name_zh=r["name_zh"] or "",
                description_zh=r["description_zh"],
                description_en=r["description_en"],
                severity=r["severity"],
                tolerance_steps=int(r["tolerance_steps"]),
                tolerance=r["tolerance"],
                tables=tuple(t for t in r["tables"].split("|") if t),
            )
            for r in csv.DictReader(f)
        )
    unknown = [r.rule_id for r in rules if r.severity not in SEVERITIES]
    if unknown:
        raise ValueError(f"rules.csv: severity must be one of {SEVERITIES}: {unknown}")
    return rules


RUN_DDL = """
create or replace temp table dq_rule (
    rule_id varchar primary key, axis varchar not null, severity varchar not null,
    tolerance_steps integer not null
);
create or replace temp table dq_batch_count (
    rule_id varchar not null, checked bigint not null, exact bigint not null,
    rounding bigint not null, warnings bigint not null, errors bigint not null
);
create or replace temp table dq_check (
    rule_id varchar not null, status varchar not null, document_id varchar not null,
    document_path varchar, table_kind varchar, table_no varchar, table_seq integer,
    row_key varchar, row_label varchar, column_key varchar,
    expected decimal(20, 4) not null, actual decimal(20, 4) not null,
    difference decimal(20, 4) not null, tolerance decimal(20, 4) not null,
    page integer, line integer, source varchar, formula varchar, message varchar
);
"""

# Figures as printed: two decimals unless the value carries more.
FORMAT_MACRO = """
create or replace temp macro dq_fmt(x) as
    case when x = round(x, 2) then cast(cast(x as decimal(20, 2)) as varchar)
         else cast(x as varchar) end;
"""

# The printed precision of a document: 0.01 when most figures carry two decimals, 1 when they are
# integers (the mode, so that one oddly printed figure does not tighten every tolerance).
STEP_SQL = """
create or replace temp table dq_step as
select document_id,
       cast(1 / power(10, least(mode(length(split_part(value_text, '.', 2))), 4)) as decimal(20, 4))
           as step
from raw.facts
group by document_id
"""

# One rule's residuals, scored: the tolerance, the difference and the status (ok, rounding, or
# the rule's severity beyond the tolerance).
SCORE_SQL = """
create or replace temp table dq_scored as
with residual as (select * from ({rule_sql}\n) r),
scored as (
    select r.*, r.actual - r.expected as difference,
           cast(coalesce(s.step, 0.01) * ? * greatest(r.addends, 1) as decimal(20, 4)) as tolerance
    from residual r
    left join dq_step s using (document_id)
)
select *, case when difference = 0 then 'ok'
               when abs(difference) <= tolerance then 'rounding'
               else ? end as status
from scored
"""

COUNT_SQL = """
insert into dq_batch_count
select ?, count(*), count(*) filter (where status = 'ok'),
       count(*) filter (where status = 'rounding'), count(*) filter (where status = 'warning'),
       count(*) filter (where status = 'error')
from dq_scored
"""

FINDINGS_SQL = """
insert into dq_check
select ? as rule_id, r.status, r.document_id, d.path as document_path, r.table_kind, t.table_no,
       r.table_seq, r.row_key, r.row_label, r.column_key, r.expected, r.actual, r.difference,
       r.tolerance, r.page, r.line, r.source, r.formula,
       case when ? = 0 then concat_ws(' ', t.table_no, r.row_label, r.formula)
            else concat(coalesce(t.table_no, r.table_kind), ' ', r.row_key, ' ', r.row_label,
                        ' [', r.column_key, ']: 印出 printed ', dq_fmt(r.actual), '，应为 expected ',
                        dq_fmt(r.expected), ' = ', left(r.formula, 120),
                        if(length(r.formula) > 120, ' …', ''), '；差额 difference ',
                        dq_fmt(r.difference), '（容差 tolerance ', dq_fmt(r.tolerance), '）')
       end as message
from dq_scored r
left join raw.documents d using (document_id)
left join raw.tables t using (document_id, table_seq)
where r.status <> 'ok'
"""

# Per rule, the counts of all batches (in catalogue order; a rule that found nothing counts 0).
TOTAL_COUNT_SQL = """
create or replace temp table dq_count as
select k.rule_id, coalesce(sum(c.checked), 0)::bigint as checked,
       coalesce(sum(c.exact), 0)::bigint as exact, coalesce(sum(c.rounding), 0)::bigint as rounding,
       coalesce(sum(c.warnings), 0)::bigint as warnings, coalesce(sum(c.errors), 0)::bigint as errors
from dq_rule k left join dq_batch_count c using (rule_id)
group by k.rule_id
"""

# Documents in batches of about `?` facts; the documents of one department (all its years and
# kinds) stay in one batch, so a rule comparing them still sees them together.
BATCH_SQL = """
create or replace temp table dq_batch_of as
with sized as (
    select d.document_id, concat_ws('|', d.region, coalesce(d.department, d.document_id)) as family,
           coalesce(f.facts, 0) + 1 as size
    from raw.documents d
    left join (select document_id, count(*) as facts from raw.facts group by document_id) f
        using (document_id)
),
families as (
    select family, coalesce(sum(sum(size)) over (order by family rows between unbounded preceding
                                                  and 1 preceding), 0) // ? as batch
    from sized group by family
)
select document_id, batch from sized join families using (family)
"""

# Facts per batch: a batch's copy of the raw layer and its rules' working set stay in memory.
BATCH_FACTS = 500_000
BATCH_DB = "juesuan_check_batch"


def rule_sql(rule: Rule) -> str:
    return rule.sql_path.read_text(encoding="utf-8")


def _raw_tables(con: duckdb.DuckDBPyConnection, database: str) -> list[tuple[str, bool]]:
    """Every table of the raw layer, and whether it is per document (has a document_id column)."""
    return con.execute(
        """select t.table_name, bool_or(c.column_name = 'document_id')
           from duckdb_tables() t join duckdb_columns() c using (database_name, schema_name, table_name)
           where t.database_name = ? and t.schema_name = 'raw'
           group by t.table_name order by t.table_name""",
        [database],
    ).fetchall()


# The batch's facts in the order the rules read them: each rule asks for a few table kinds, and
# with the rows of one kind together a scan skips the row groups of every other kind.
BATCH_ORDER = {"facts": "table_kind, row_key"}


def _copy_batch(con: duckdb.DuckDBPyConnection, home: str, batch: int, tables: list[tuple[str, bool]]) -> None:
    """The raw layer of one batch of documents, as `raw.*` of the batch database."""
    for name, per_document in tables:
        if not per_document:
            continue  # copied once, whole
        order = f" order by {BATCH_ORDER[name]}" if name in BATCH_ORDER else ""
        con.execute(
            f'create or replace table {BATCH_DB}.raw."{name}" as select * from "{home}".raw."{name}" '
            f"where document_id in (select document_id from dq_batch_of where batch = ?){order}",
            [batch],
        )


def _check_batch(con: duckdb.DuckDBPyConnection, rules: tuple[Rule, ...]) -> None:
    con.execute(STEP_SQL)
    for rule in rules:
        # The query is our own file; the rule's id, tolerance and severity travel as parameters.
        con.execute(SCORE_SQL.format(rule_sql=rule_sql(rule)), [rule.tolerance_steps, rule.severity])
        con.execute(COUNT_SQL, [rule.rule_id])
        con.execute(FINDINGS_SQL, [rule.rule_id, rule.tolerance_steps])


def compute_checks(
    con: duckdb.DuckDBPyConnection, rules: tuple[Rule, ...] | None = None, batch_facts: int = BATCH_FACTS
) -> None:
    """Run every rule on the raw layer, one batch of documents at a time: per-rule counts into the
    temporary table `dq_count`, only the findings (residuals that are not exact) into `dq_check`.
    Memory depends on the batch size, not on the number of documents or of exact equations."""
    rules = load_rules() if rules is None else rules
    con.execute(NARRATIVE_DDL)  # a warehouse loaded before narratives were read has none: no findings
    home = con.execute("select current_database()").fetchone()[0]
    con.execute(VIEWS_SQL.read_text(encoding="utf-8"))  # views bind to the batch in use at query time
    con.execute(FORMAT_MACRO)
    con.execute(RUN_DDL)
    con.executemany(
        "insert into dq_rule values (?, ?, ?, ?)",
        [[r.rule_id, r.axis, r.severity, r.tolerance_steps] for r in rules],
    )
    con.execute(BATCH_SQL, [batch_facts])
    batches = [b for (b,) in con.execute("select distinct batch from dq_batch_of order by batch").fetchall()]
    tables = _raw_tables(con, home)
    con.execute(f"attach ':memory:' as {BATCH_DB}")
    try:
        con.execute(f"create schema {BATCH_DB}.raw")
        for name, per_document in tables:
            if not per_document:
                con.execute(f'create table {BATCH_DB}.raw."{name}" as select * from "{home}".raw."{name}"')
        con.execute(f"use {BATCH_DB}")
        for batch in batches or [0]:
            _copy_batch(con, home, batch, tables)
            _check_batch(con, rules)
    finally:
        con.execute(f'use "{home}"')
        con.execute(f"detach {BATCH_DB}")
    con.execute(TOTAL_COUNT_SQL)
    con.execute("drop table if exists dq_scored")
