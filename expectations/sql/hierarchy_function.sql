-- Per column of each table by function: 合计 = Σ 类, 类 = Σ its 款, 款 = Σ its 项.
-- A row is checked when the table prints at least one row below it.
with fn as materialized (select * from dq_fn),
children as (
    select document_id, table_seq, parent_key as row_key, column_key,
           sum(value) as child_sum, count(*) as addends,
           array_to_string(list_sort(list(row_key)), ' + ') as formula
    from fn
    where parent_key is not null
    group by all
),
row_at as (
    select document_id, table_seq, row_key, any_value(table_kind) as table_kind,
           any_value(row_label) as row_label, min(page) as page, min(line) as line,
           min(source) as source
    from fn group by all
),
parents as (
    select * from row_at
    semi join (select distinct document_id, table_seq, row_key from children) c
        using (document_id, table_seq, row_key)
),
columns_ as (select distinct document_id, table_seq, column_key from fn)
select p.document_id, p.table_seq, p.table_kind, p.row_key, p.row_label, c.column_key,
       coalesce(ch.child_sum, 0) as expected, coalesce(f.value, 0) as actual,
       coalesce(ch.addends, 0) as addends,
       coalesce(f.page, p.page) as page, coalesce(f.line, p.line) as line,
       coalesce(f.source, p.source) as source,
       coalesce(ch.formula, 'no row below prints this column') as formula
from parents p
join columns_ c using (document_id, table_seq)
left join children ch using (document_id, table_seq, row_key, column_key)
left join fn f using (document_id, table_seq, row_key, column_key)
