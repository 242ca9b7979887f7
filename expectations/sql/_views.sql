-- Shared views and macros the rule queries read; created as temporaries in the check connection.
-- Figures read from raw.*, so `juesuan check` works right after `juesuan ingest`.

-- Every published figure with its table's printed number; facts of declared-empty tables are ignored.
create or replace temp view dq_fact as
select f.document_id, f.table_seq, f.table_kind, t.table_no, f.row_key, f.row_label,
       f.column_key, f.value, f.page, f.line, f.source
from raw.facts f
join raw.tables t using (document_id, table_seq)
where not t.is_empty;

-- Function-classified rows (类 3 digits, 款 5, 项 7) with the row each one adds up into.
create or replace temp view dq_fn as
select *,
       case
           when regexp_full_match(row_key, '\d{3}') then 'total'
           when regexp_full_match(row_key, '\d{5}|\d{7}') then left(row_key, length(row_key) - 2)
       end as parent_key
from dq_fact
where table_kind in ('income_by_function', 'expenditure_by_function',
                     'gpb_expenditure_by_function', 'gov_fund_by_function',
                     'state_capital_by_function', 'budget_income_by_function',
                     'budget_expenditure_by_function', 'budget_fiscal_appropriation_expenditure',
                     'budget_gpb_expenditure_by_function', 'budget_gov_fund_by_function',
                     'budget_state_capital_by_function')
  and (row_key = 'total' or regexp_full_match(row_key, '\d{3}|\d{5}|\d{7}'));

-- Within one table, per column: the figure in row p_target against the sum of the rows whose key
-- matches p_addends (absent cells count as 0).
create or replace temp macro dq_row_sum(p_kinds, p_target, p_addends) as table
select document_id, table_seq, table_kind, p_target as row_key,
       coalesce(any_value(row_label) filter (where row_key = p_target), p_target) as row_label,
       column_key,
       coalesce(sum(value) filter (where row_key <> p_target), 0) as expected,
       coalesce(sum(value) filter (where row_key = p_target), 0) as actual,
       count(*) filter (where row_key <> p_target) as addends,
       coalesce(any_value(page) filter (where row_key = p_target), min(page)) as page,
       coalesce(any_value(line) filter (where row_key = p_target), min(line)) as line,
       coalesce(any_value(source) filter (where row_key = p_target), min(source)) as source,
       array_to_string(list_sort(list(row_key) filter (where row_key <> p_target)), ' + ') as formula
from dq_fact
where list_contains(p_kinds, table_kind)
  and (row_key = p_target or regexp_full_match(row_key, p_addends))
group by document_id, table_seq, table_kind, column_key;

-- Within one table, per row: the figure in column p_target against the sum of the columns whose
-- key matches p_addends.
create or replace temp macro dq_column_sum(p_kinds, p_target, p_addends) as table
select document_id, table_seq, table_kind, row_key, any_value(row_label) as row_label,
       p_target as column_key,
       coalesce(sum(value) filter (where column_key <> p_target), 0) as expected,
       coalesce(sum(value) filter (where column_key = p_target), 0) as actual,
       count(*) filter (where column_key <> p_target) as addends,
       coalesce(any_value(page) filter (where column_key = p_target), min(page)) as page,
       coalesce(any_value(line) filter (where column_key = p_target), min(line)) as line,
       coalesce(any_value(source) filter (where column_key = p_target), min(source)) as source,
       array_to_string(list_sort(list(column_key) filter (where column_key <> p_target)), ' + ')
           as formula
from dq_fact
where list_contains(p_kinds, table_kind)
  and (column_key = p_target or regexp_full_match(column_key, p_addends))
group by document_id, table_seq, table_kind, row_key;

-- Across two tables of one document: cells of table kind p_a (the checked side) against the same
-- rows of table kind p_b. Rows: keys matching p_rows, plus p_a's row p_a_total against p_b's 'total'.
-- p_columns pairs p_a's column a with p_b's column b. Only documents holding both tables.
create or replace temp macro dq_cross(p_a, p_b, p_rows, p_a_total, p_columns) as table
with cols as (select unnest(p_columns, recursive := true)),
pair as (
    select a.document_id, a.table_seq, b.table_no as b_no
    from (select document_id, min(table_seq) as table_seq from raw.tables
          where table_kind = p_a group by document_id) a
    join (select document_id, min(table_no) as table_no from raw.tables
          where table_kind = p_b group by document_id) b using (document_id)
),
a as (
    select f.*, cols.b as b_column from dq_fact f join cols on f.column_key = cols.a
    where f.table_kind = p_a and (regexp_full_match(f.row_key, p_rows) or f.row_key = p_a_total)
),
b as (
    select f.*, cols.a as a_column,
           case when f.row_key = 'total' then p_a_total else f.row_key end as a_row
    from dq_fact f join cols on f.column_key = cols.b
    where f.table_kind = p_b and (regexp_full_match(f.row_key, p_rows) or f.row_key = 'total')
)
select pair.document_id, pair.table_seq, p_a as table_kind,
       coalesce(a.row_key, b.a_row) as row_key, coalesce(a.row_label, b.row_label) as row_label,
       coalesce(a.column_key, b.a_column) as column_key,
       coalesce(b.value, 0) as expected, coalesce(a.value, 0) as actual, 1 as addends,
       coalesce(a.page, b.page) as page, coalesce(a.line, b.line) as line,
       coalesce(a.source, b.source) as source,
       concat_ws(' ', coalesce(pair.b_no, p_b), coalesce(b.row_key, 'total'),
                 coalesce(b.column_key, a.b_column)) as formula
from a
full join b on a.document_id = b.document_id and a.row_key = b.a_row
    and a.column_key = b.a_column
join pair on pair.document_id = coalesce(a.document_id, b.document_id);

-- Money in 万元: the factor of a printed unit (a unit the narrative leaves out has none).
create or replace temp macro dq_wan_factor(p_unit) as
    case p_unit when '万元' then 1.0 when '万' then 1.0 when '元' then 0.0001 when '千元' then 0.1
                when '亿元' then 10000.0 end;

-- Narrative statements (raw.statements) with their document's year and department, the value in
-- 万元 for money and half the printed unit (the rounding a printed figure carries: 0.005 for 1.23).
create or replace temp view dq_statement as
select s.*, d.year, d.department,
       cast(0.5 / power(10, s.decimals) as double) as half_unit,
       cast(s.value as double) * dq_wan_factor(s.unit) as value_wan,
       0.5 / power(10, s.decimals) * coalesce(dq_wan_factor(s.unit), 1.0) as half_wan,
       left(s.sentence, 60) || if(length(s.sentence) > 60, '…', '') as excerpt
from raw.statements s
join raw.documents d using (document_id);

-- Narrative rows (headings, sentences, contents entries, cover and table-header lines) with their
-- document's year and department, the text without spaces.
create or replace temp view dq_narrative_row as
select r.*, d.year, d.department, regexp_replace(r.text, '\s+', '', 'g') as squashed
from raw.narrative_rows r
join raw.documents d using (document_id);
