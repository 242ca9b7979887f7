-- A completion or growth rate from a zero base: 完成年初预算的95.89% when the 年初预算 is 0, 增长100%
-- from nothing last year. No rate can be computed; the report should say so in words.
with rates as (
    select r.*, n.value_wan as num, d.value_wan as den,
           case when r.measure = 'completion_pct' then d.value_wan
                when r.direction = 'down' then d.value_wan + n.value_wan
                else d.value_wan - n.value_wan end as base
    from dq_statement r
    join dq_statement n on n.document_id = r.document_id and n.statement_seq = r.numerator_seq
    join dq_statement d on d.document_id = r.document_id and d.statement_seq = r.denominator_seq
    where r.measure in ('completion_pct', 'change_pct')
)
select document_id, null as table_seq, 'narrative' as table_kind, subject as row_key,
       subject as row_label, measure as column_key, 0 as expected, 1 as actual, 0 as addends,
       page, line, 'narrative' as source,
       concat('【', coalesce(section, part), '】 ', value_text, unit, ' stated against a base of 0 (',
              if(measure = 'completion_pct', '预算 0', 'last year 0'), '): ', excerpt) as formula
from rates
where abs(base) < 1e-9 and (abs(num) > 1e-9 or value <> 0)
