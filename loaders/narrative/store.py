"""The narrative in the raw layer: ``raw.narratives`` (one row per document), ``raw.narrative_rows``
(cover and contents lines, headings, table header labels and sentences) and ``raw.statements``."""

from __future__ import annotations

from loaders.narrative.marks import first_mark
from loaders.narrative.reader import Narrative
from loaders.narrative.statements import Statement
from loaders.narrative.structure import Row
from loaders.narrative.vocabulary import words
from loaders.raw_rows import RawRows, amount, unstorable

NARRATIVE_DDL = """
create table if not exists raw.narratives (
    document_id     varchar primary key,
    parts           varchar,  -- the parts found, in order: overview|tables|explanation|glossary
    tables_elsewhere varchar,  -- the sentence saying the tables were published separately (详见附表)
    n_rows          integer not null,
    n_statements    integer not null
);
create table if not exists raw.narrative_rows (
    document_id varchar not null,
    row_seq     integer not null,  -- order in the document, from 1
    kind        varchar not null,  -- cover | contents | heading | label | sentence
    part        varchar not null,  -- cover | contents | overview | tables | explanation | glossary
    section     varchar,  -- the numbered section heading of the part (一、… or （一）…)
    subsection  varchar,  -- a deeper heading (1. …, （1）…)
    level       integer,  -- of a heading: 0 part, 1 一、, 2 （一）, 3 1., 4 （1）
    table_kind  varchar,  -- of a contents entry naming a table
    page        integer,
    line        integer,
    text        varchar not null,  -- as printed, without the extractor's spaces
    residue     varchar,  -- template residue found in the text (XX, 增加（减少）…) and what it is
    doubled     varchar,  -- doubled punctuation or a word written twice, and what it is
    primary key (document_id, row_seq)
);
create table if not exists raw.statements (
    document_id    varchar not null,
    statement_seq  integer not null,
    row_seq        integer not null,  -- the sentence (raw.narrative_rows)
    part           varchar not null,
    section        varchar,
    subsection     varchar,
    page           integer,
    line           integer,
    subject        varchar,  -- catalogue key (income_total, three_public_reception, …) or fn:<功能分类 code>
    function_code  varchar,  -- the 类/款/项 code a name path resolves to
    -- amount | final | budget | budget_initial | budget_full | completion_pct | change_amount | change_pct
    -- | share_pct | rate | count | score
    measure        varchar not null,
    value          decimal(20, 4),  -- null when the printed figure does not fit (value_problem says why)
    value_text     varchar not null,  -- as printed, thousands separators removed
    decimals       integer not null,  -- printed precision
    unit           varchar not null,  -- as printed: 万元, 元, %, 个 …; '' when none
    unit_kind      varchar not null,  -- money | rate | count | score | ''
    direction      varchar,  -- up | down, of a change
    comparison     varchar,  -- 大于 | 小于 | 等于 | 持平 … written with the figure
    comparison_sense varchar,  -- what the word claims: greater | less | equal
    reason         varchar,  -- the text after 主要原因
    table_kind     varchar,  -- the table line the figure restates, if any
    row_key        varchar,
    column_key     varchar,
    numerator_seq  integer,  -- a rate's operands: the statements it is computed from
    denominator_seq integer,
    sentence       varchar not null,
    compared_year  integer,  -- the year the figure is compared with (比2024年预算增加…)
    value_problem  varchar,  -- why value is null: the printed figure has more than 4 decimals or 16 digits
    primary key (document_id, statement_seq)
);
-- warehouses written before statements carried the year they compare with, or kept unstorable figures
alter table raw.statements add column if not exists compared_year integer;
alter table raw.statements add column if not exists value_problem varchar;
alter table raw.statements alter column value drop not null;
"""

_PROSE_PARTS = {"cover", "overview", "explanation"}
_ROW_COLUMNS = ["document_id", "row_seq", "kind", "part", "section", "subsection", "level", "table_kind"]
_ROW_COLUMNS += ["page", "line", "text", "residue", "doubled"]


def _marks(row: Row) -> list[str | None]:
    """Residue and doubled text of a row; a contents entry's dotted leaders are no residue, and
    doubled words are looked for in the report's prose only."""
    if row.kind == "contents":
        return [None, None]
    prose = row.kind == "heading" or row.part in _PROSE_PARTS  # table headers run words together
    return [first_mark(row.text, "residue"), first_mark(row.text, "doubled") if prose else None]


def _where(row: Row) -> list[object]:
    return [row.page, row.line, row.text, *_marks(row)]


def narrative_rows(document_id: str, narrative: Narrative) -> RawRows:
    """One document's rows of raw.narratives, raw.narrative_rows and raw.statements (written by
    loaders.raw_rows with the rest of the document, in its transaction)."""
    promised = {id(row): kind for row, kind in narrative.promised_tables()}
    rows = [
        dict(zip(_ROW_COLUMNS, values, strict=True))
        for values in (
            [document_id, i + 1, r.kind, r.part, r.section, r.subsection, r.level, promised.get(id(r)), *_where(r)]
            for i, r in enumerate(narrative.rows)
        )
    ]
    statements = [_statement_row(document_id, s) for s in narrative.statements]
    summary = {
        "document_id": document_id,
        "parts": "|".join(narrative.parts),
        "tables_elsewhere": narrative.tables_elsewhere,
        "n_rows": len(rows),
        "n_statements": len(statements),
    }
    return {"narratives": [summary], "narrative_rows": rows, "statements": statements}


def _statement_row(document_id: str, s: Statement) -> dict[str, object]:
    """A statement's row; a figure the warehouse cannot store exactly (1.234567%, a 17-digit amount)
    keeps its sentence and printed text, with no value and the reason (rule narrative_unstored_figure)."""
    problem = unstorable(s.value_text, s.value)
    return {
        "document_id": document_id,
        "statement_seq": s.seq,
        "row_seq": s.row + 1,
        "part": s.part,
        "section": s.section,
        "subsection": s.subsection,
        "page": s.page,
        "line": s.line,
        "subject": s.subject,
        "function_code": s.function_code,
        "measure": s.measure,
        "value": None if problem else amount(s.value_text),
        "value_text": s.value_text,
        "decimals": s.decimals,
        "unit": s.unit,
        "unit_kind": s.unit_kind,
        "direction": s.direction,
        "comparison": s.comparison,
        "comparison_sense": words("comparison").get(s.comparison) if s.comparison else None,
        "reason": s.reason,
        "table_kind": s.table_kind,
        "row_key": s.row_key,
        "column_key": s.column_key,
        "numerator_seq": s.numerator,
        "denominator_seq": s.denominator,
        "sentence": s.sentence,
        "compared_year": s.compared_year,
        "value_problem": problem,
    }
