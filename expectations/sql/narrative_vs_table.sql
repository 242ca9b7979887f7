-- A figure the narrative states (收入总计, 基本支出, “三公”经费 决算数, a 类/款/项 …) against the table
-- line it restates, in 万元, within the rounding of both printed figures.
-- Only the figures a statement names are read (a semi join first: the facts are many, statements few).
with stated as (
    select distinct document_id, table_kind, row_key, column_key from dq_statement
    where value_wan is not null and measure in ('amount', 'final', 'budget', 'budget_initial', 'budget_full')
),
table_figure as (
    select f.document_id, f.table_kind, f.row_key, f.column_key, min(f.table_seq) as table_seq,
           arg_min(cast(f.value as double) * dq_wan_factor(r.unit), f.table_seq) as value_wan,
           arg_min(0.5 / power(10, length(split_part(r.value_text, '.', 2)))
                   * dq_wan_factor(r.unit), f.table_seq) as half_wan
    from (select * from dq_fact semi join stated using (document_id, table_kind, row_key, column_key)) f
    join raw.facts r using (document_id, table_seq, row_key, column_key)
    group by all
),
compared as (
    select s.*, t.table_seq, t.value_wan as table_wan,
           abs(s.value_wan - t.value_wan) <= s.half_wan + t.half_wan + 1e-9 as agrees
    from dq_statement s
    join table_figure t using (document_id, table_kind, row_key, column_key)
    where s.value_wan is not null
      and s.measure in ('amount', 'final', 'budget', 'budget_initial', 'budget_full')
)
select document_id, table_seq, table_kind, row_key, subject as row_label, column_key,
       cast(table_wan as decimal(20, 4)) as expected,
       cast(if(agrees, table_wan, value_wan) as decimal(20, 4)) as actual,
       0 as addends, page, line, 'narrative' as source,
       concat('【', coalesce(section, part), '】 states ', value_text, unit, ' (', measure,
              '), the table prints ', round(table_wan, 2), ' 万元: ', excerpt) as formula
from compared
