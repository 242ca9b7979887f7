-- The money unit of a stated figure: 元 where the report states its figures in 万元, 万 for 万元, or
-- no unit at all after 年初预算为 / 支出决算为 ….
with modal as (
    select document_id, mode(unit) as report_unit
    from raw.statements
    where unit_kind = 'money' and unit in ('万元', '元')
    group by document_id
)
select s.document_id, null as table_seq, 'narrative' as table_kind, s.subject as row_key,
       s.subject as row_label, s.measure as column_key, 0 as expected, 1 as actual, 0 as addends,
       s.page, s.line, 'narrative' as source,
       concat('【', coalesce(s.section, s.part), '】 ', s.value_text,
              case when s.unit = '' then ' printed without a unit'
                   when s.unit = '万' then '万 printed for 万元'
                   else concat(s.unit, ' printed where the report states ', m.report_unit) end,
              ': ', s.excerpt) as formula
from dq_statement s
left join modal m using (document_id)
where (s.measure in ('amount', 'final', 'budget', 'budget_initial', 'budget_full', 'change_amount')
       and s.unit_kind in ('money', '') and s.unit = '')
   or s.unit = '万'
   or (s.unit_kind = 'money' and s.unit <> m.report_unit and m.report_unit = '万元' and s.unit = '元')
