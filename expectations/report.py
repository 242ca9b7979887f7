"""The findings of a check run: the `dq` and `dq_runs` tables and the readable summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb

WORST_ERRORS = 20
WORST_ROUNDING = 10


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    checked_at: datetime
    db: Path

    @property
    def name(self) -> str:
        """The run as Data Docs and the summary name it: when it ran and on which warehouse."""
        return f"{self.checked_at:%Y-%m-%d %H:%M:%S} UTC · {self.db.name}"


# The findings live in the warehouse's `dq` schema, beside the dbt layers.
STORE_DQ = """
create or replace table dq.findings as
select ?::varchar as run_id, ?::timestamp as checked_at, rule_id, status as severity,
       document_id, document_path, table_kind, table_no, table_seq, row_key, row_label,
       column_key, expected, actual, difference, tolerance, page, line, source, message
from dq_check
where status <> 'ok'
order by status, abs(difference) desc, document_id, table_seq, row_key, column_key
"""

STORE_RUN = """
create table if not exists dq.runs (
    run_id varchar, checked_at timestamp, rule_id varchar,
    checked integer, exact integer, rounding integer, warnings integer, errors integer
)
"""

APPEND_RUN = """
insert into dq.runs
select ?::varchar, ?::timestamp, rule_id, checked, exact, rounding, warnings, errors
from dq_count
"""


def store_findings(con: duckdb.DuckDBPyConnection, run: RunInfo) -> None:
    """Replace `dq.findings` with this run's findings and append its counts to `dq.runs`, atomically."""
    con.execute("begin transaction")
    try:
        params = [run.run_id, run.checked_at]
        con.execute("create schema if not exists dq")
        con.execute(STORE_DQ, params)
        con.execute(STORE_RUN)
        con.execute(APPEND_RUN, params)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}" if value == round(value, 2) else str(value)


def _cell(text: object) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def count_errors(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("select coalesce(sum(errors), 0) from dq_count").fetchone()[0]


# A printed cell that breaks both an equation along its row and one down its column is the likely
# misprint: (row r, column c) where r's row equation involves c and c's column equation involves r.
# The participants of an equation are its target and the addends named in its formula.
SUSPECT_SQL = """
with failed as (
    select c.*, k.axis,
           list_filter(regexp_split_to_array(coalesce(c.formula, ''), ' [+−] '), lambda x: x <> '')
               as parts
    from dq_check c join dq_rule k using (rule_id)
    where c.status = 'error' and k.axis in ('row', 'column')
),
by_row as (
    select document_id, table_seq, row_key, list_append(parts, column_key) as columns_,
           rule_id
    from failed where axis = 'row'
),
by_column as (
    select document_id, table_seq, column_key, list_append(parts, row_key) as rows_,
           rule_id, row_key as target_row
    from failed where axis = 'column'
)
select distinct c.document_path, c.table_no, c.table_kind, r.row_key, f.row_label,
       k.column_key, f.value, f.page, f.line,
       r.rule_id || ' (row ' || r.row_key || '), ' || k.rule_id || ' (' || k.target_row || ')'
           as equations
from by_row r
join by_column k on k.document_id = r.document_id and k.table_seq = r.table_seq
    and list_contains(k.rows_, r.row_key) and list_contains(r.columns_, k.column_key)
join (select distinct document_id, table_seq, document_path, table_no, table_kind
      from dq_check) c on c.document_id = r.document_id and c.table_seq = r.table_seq
left join dq_fact f on f.document_id = r.document_id and f.table_seq = r.table_seq
    and f.row_key = r.row_key and f.column_key = k.column_key
order by c.document_path, c.table_no, r.row_key, k.column_key
"""


def render_summary(con: duckdb.DuckDBPyConnection, run: RunInfo, exit_code: int, rule_names: dict[str, str]) -> str:
    """Markdown: totals, counts by rule and severity, the worst findings with their cells."""
    documents, checked, exact, rounding, warnings, errors = con.execute(
        """select (select count(*) from raw.documents), coalesce(sum(checked), 0),
                  coalesce(sum(exact), 0), coalesce(sum(rounding), 0),
                  coalesce(sum(warnings), 0), coalesce(sum(errors), 0)
           from dq_count"""
    ).fetchone()
    verdict = "有错误 **errors found**" if exit_code else "无错误 **no errors**"
    lines = [
        f"# 数据质量检查 Data-quality check · {run.name}",
        "",
        f"- 检查时间 checked at: {run.checked_at:%Y-%m-%d %H:%M:%S} UTC",
        f"- 数据仓库 warehouse: `{run.db}`",
        f"- 编号 run id: {run.run_id}",
        f"- 文件 documents: {documents}; 核对的等式 equations checked: {checked}; 完全相等 exact: {exact}; "
        f"尾数误差 rounding (within tolerance): {rounding}; 警告 warnings: {warnings}; 错误 errors: {errors}",
        f"- 结果 result: {verdict} (exit {exit_code})",
        "",
        "## 各规则 By rule",
        "",
    ]
    by_rule = con.execute("select rule_id, checked, rounding, warnings, errors from dq_count").fetchall()
    counts = {r[0]: r[1:] for r in by_rule}
    lines += _table(
        ["规则 rule", "核对数 checked", "尾数误差 rounding", "警告 warning", "错误 error", "规则名称 name"],
        [[rule_id, *counts.get(rule_id, (0, 0, 0, 0)), name] for rule_id, name in rule_names.items()],
    )
    worst = con.execute(
        """(select * from dq_check where status in ('error', 'warning')
            order by status, abs(difference) desc, document_path, table_seq, row_key limit ?)
           union all
           (select * from dq_check where status = 'rounding'
            order by abs(difference) desc, document_path, table_seq, row_key limit ?)""",
        [WORST_ERRORS, WORST_ROUNDING],
    ).fetchall()
    columns = [d[0] for d in con.description]
    findings = [dict(zip(columns, row, strict=True)) for row in worst]
    lines += [
        "",
        f"## 最大的差额 Worst findings ({errors} 错误 errors, {warnings} 警告 warnings, {rounding} 尾数误差 rounding)",
        "",
    ]
    if not findings:
        # a warehouse without documents is not checked
        lines.append("每个印出的等式都完全成立。Every printed equation holds exactly.")
    else:
        lines += _table(
            [
                "严重程度 severity",
                "规则 rule",
                "文件 document",
                "表 table",
                "行 row",
                "栏 column",
                "应为 expected",
                "印出 actual",
                "差额 difference",
                "容差 tolerance",
                "页/行 page/line",
                "说明 detail",
            ],
            [_finding_row(f) for f in findings],
        )
    suspects = con.execute(SUSPECT_SQL).fetchall()
    if suspects:
        lines += [
            "",
            "## 可能印错的单元格 Likely misprinted cells (break both their row and their column equation)",
            "",
        ]
        lines += _table(
            ["文件 document", "表 table", "行 row", "栏 column", "印出 printed", "页/行 page/line", "等式 equations"],
            [
                [
                    Path(path or "").name,
                    _join(no, kind),
                    _join(row, label),
                    column,
                    _fmt(value),
                    _join(f"p{page}" if page is not None else None, f"line {line}" if line is not None else None),
                    equations,
                ]
                for path, no, kind, row, label, column, value, page, line, equations in suspects
            ],
        )
    return "\n".join(lines) + "\n"


def _join(*parts: str | None) -> str:
    return " ".join(dict.fromkeys(p for p in parts if p))


def _finding_row(f: dict) -> list[object]:
    where = _join(
        f"p{f['page']}" if f["page"] is not None else None,
        f"line {f['line']}" if f["line"] is not None else None,
    )
    return [
        f["status"],
        f["rule_id"],
        Path(f["document_path"] or f["document_id"]).name,
        _join(f["table_no"], f["table_kind"]),
        _join(f["row_key"], f["row_label"]),
        f["column_key"],
        _fmt(f["expected"]),
        _fmt(f["actual"]),
        _fmt(f["difference"]),
        _fmt(f["tolerance"]),
        where or f["source"],
        f["message"],
    ]
