-- Per column of each table by function: 合计 = Σ 类, 类 = Σ its 款, 款 = Σ its 项.
-- A row is checked when the table prints at least one row below it.
with children as (
    select document_id, table_seq, parent_key as row_key, column_key,
           sum(value) as child_sum, count(*) as addends,
           string_agg(row_key, ' + ' order by row_key) as formula
    from dq_fn
    where parent_key is not null
    group by all
),
parents as (
    select distinct p.document_id, p.table_seq, p.table_kind, p.row_key
    from dq_fn p
    where exists (select 1 from dq_fn c
                  where c.document_id = p.document_id and c.table_seq = p.table_seq
                    and c.parent_key = p.row_key)
),
row_at as (
    select document_id, table_seq, row_key, any_value(row_label) as row_label,
           min(page) as page, min(line) as line, min(source) as source
    from dq_fn group by all
),
columns_ as (select distinct document_id, table_seq, column_key from dq_fn)
select p.document_id, p.table_seq, p.table_kind, p.row_key, r.row_label, c.column_key,
       coalesce(ch.child_sum, 0) as expected, coalesce(f.value, 0) as actual,
       coalesce(ch.addends, 0) as addends,
       coalesce(f.page, r.page) as page, coalesce(f.line, r.line) as line,
       coalesce(f.source, r.source) as source,
       coalesce(ch.formula, 'no row below prints this column') as formula
from parents p
join columns_ c using (document_id, table_seq)
join row_at r using (document_id, table_seq, row_key)
left join children ch using (document_id, table_seq, row_key, column_key)
left join dq_fn f using (document_id, table_seq, row_key, column_key)
