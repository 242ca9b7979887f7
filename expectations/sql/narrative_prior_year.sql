-- 与上年相比 增加/减少 X: when last year's report of the same department is loaded, the stated change
-- against the difference of the two years' table figures (in 万元, within the printed rounding).
with changes as (
    select c.*, cur.table_kind as cur_table, cur.row_key as cur_row, cur.column_key as cur_column,
           if(c.direction = 'down', -c.value_wan, c.value_wan) as stated_change
    from dq_statement c
    join dq_statement cur on cur.document_id = c.document_id and cur.statement_seq = c.denominator_seq
    where c.measure = 'change_amount' and cur.table_kind is not null and c.value_wan is not null
),
-- Only the lines a stated change names are read (a semi join first: the facts are many, changes few).
figure as (
    select f.document_id, d.department, d.year, f.table_kind, f.row_key, f.column_key,
           min(cast(f.value as double) * dq_wan_factor(r.unit)) as value_wan
    from (select * from dq_fact f
          semi join (select distinct cur_table, cur_row, cur_column from changes) c
              on c.cur_table = f.table_kind and c.cur_row = f.row_key and c.cur_column = f.column_key) f
    join raw.facts r using (document_id, table_seq, row_key, column_key)
    join raw.documents d on d.document_id = f.document_id
    group by all
),
compared as (
    select c.*, now_.value_wan - before.value_wan as table_change
    from changes c
    join figure now_ on now_.document_id = c.document_id and now_.table_kind = c.cur_table
     and now_.row_key = c.cur_row and now_.column_key = c.cur_column
    join figure before on before.department = c.department and before.year = c.year - 1
     and before.table_kind = c.cur_table and before.row_key = c.cur_row and before.column_key = c.cur_column
)
select document_id, null as table_seq, cur_table as table_kind, cur_row as row_key, subject as row_label,
       'change' as column_key, cast(table_change as decimal(20, 4)) as expected,
       cast(if(abs(stated_change - table_change) <= half_wan + 0.01 + 1e-9, table_change, stated_change)
            as decimal(20, 4)) as actual,
       0 as addends, page, line, 'narrative' as source,
       concat('【', coalesce(section, part), '】 states a change of ', round(stated_change, 2),
              ' 万元 against last year; the two reports'' tables differ by ', round(table_change, 2), ': ', excerpt)
           as formula
from compared
