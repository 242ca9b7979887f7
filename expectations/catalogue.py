"""The rule catalogue (rules.csv + one SQL file per rule) and the DuckDB side of a check run.

Each rule's query returns one residual row per equation it checks (document × table × row ×
column) with the printed figure (`actual`), what the equation says it should be (`expected`) and
the number of addends. `compute_checks` runs them all on the raw layer into the temporary table
`dq_check`, which adds the tolerance, the difference and the status: ok (exact), rounding (within
tolerance: 尾数误差) or error.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

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
    description_zh: str
    description_en: str
    severity: str  # of a difference beyond the tolerance: error (fails the run) or warning
    tolerance_steps: int  # printed units (0.01 when figures carry 2 decimals) allowed per addend
    tolerance: str  # the same, in words
    tables: tuple[str, ...]

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


RESIDUAL_DDL = """
create or replace temp table dq_residual (
    rule_id varchar not null, document_id varchar not null, table_seq integer,
    table_kind varchar, row_key varchar, row_label varchar, column_key varchar,
    expected decimal(20, 4) not null, actual decimal(20, 4) not null, addends integer not null,
    page integer, line integer, source varchar, formula varchar
);
create or replace temp table dq_rule (
    rule_id varchar primary key, axis varchar not null, severity varchar not null,
    tolerance_steps integer not null
);
"""

# Figures as printed: two decimals unless the value carries more.
FORMAT_MACRO = """
create or replace temp macro dq_fmt(x) as
    case when x = round(x, 2) then cast(cast(x as decimal(20, 2)) as varchar)
         else cast(x as varchar) end;
"""

CHECK_SQL = """
create or replace temp table dq_check as
with scored as (
    select r.*, d.path as document_path, t.table_no,
           r.actual - r.expected as difference,
           cast(coalesce(s.step, 0.01) * k.tolerance_steps * greatest(r.addends, 1)
                as decimal(20, 4)) as tolerance,
           k.tolerance_steps, k.severity
    from dq_residual r
    join dq_rule k using (rule_id)
    left join raw.documents d using (document_id)
    left join raw.tables t using (document_id, table_seq)
    left join dq_step s using (document_id)
)
select rule_id,
       case when difference = 0 then 'ok'
            when abs(difference) <= tolerance then 'rounding'
            else severity end as status,
       document_id, document_path, table_kind, table_no, table_seq, row_key, row_label,
       column_key, expected, actual, difference, tolerance, page, line, source, formula,
       case when tolerance_steps = 0 then concat_ws(' ', table_no, row_label, formula)
            else concat(coalesce(table_no, table_kind), ' ', row_key, ' ', row_label,
                        ' [', column_key, ']: printed ', dq_fmt(actual), ', expected ',
                        dq_fmt(expected), ' = ', left(formula, 120),
                        if(length(formula) > 120, ' …', ''), '; difference ',
                        dq_fmt(difference), ' (tolerance ', dq_fmt(tolerance), ')')
       end as message
from scored
"""


def rule_sql(rule: Rule) -> str:
    return rule.sql_path.read_text(encoding="utf-8")


def compute_checks(con: duckdb.DuckDBPyConnection, rules: tuple[Rule, ...] | None = None) -> None:
    """Fill the temporary table `dq_check` with every rule's residuals, scored."""
    rules = load_rules() if rules is None else rules
    con.execute(VIEWS_SQL.read_text(encoding="utf-8"))
    con.execute(FORMAT_MACRO)
    con.execute(RESIDUAL_DDL)
    con.executemany(
        "insert into dq_rule values (?, ?, ?, ?)",
        [[r.rule_id, r.axis, r.severity, r.tolerance_steps] for r in rules],
    )
    for rule in rules:
        # The rule id is a catalogue key, passed as a parameter; the query is our own file.
        con.execute(
            f"insert into dq_residual by name select ? as rule_id, r.* from (\n{rule_sql(rule)}\n) r",
            [rule.rule_id],
        )
    con.execute(CHECK_SQL)
