-- 决算数大于/小于/等于预算数 (持平, 高于, 低于 …) against the 决算 and 预算 stated with it.
with pairs as (
    select f.*, b.value_wan as budget_wan, b.value_text as budget_text, f.value_wan - b.value_wan as diff,
           f.half_wan + b.half_wan as tolerance
    from dq_statement f
    join dq_statement b on b.document_id = f.document_id and b.row_seq = f.row_seq
     and b.subject is not distinct from f.subject
     and b.measure in ('budget', 'budget_initial', 'budget_full')
    where f.measure in ('final', 'amount') and f.comparison_sense is not null
      and f.value_wan is not null and b.value_wan is not null
)
select document_id, null as table_seq, 'narrative' as table_kind, subject as row_key,
       subject as row_label, 'comparison' as column_key, 1 as expected,
       case comparison_sense when 'greater' then diff > 0 when 'less' then diff < 0
            else abs(diff) <= tolerance + 1e-9 end::integer as actual,
       0 as addends, page, line, 'narrative' as source,
       concat('【', coalesce(section, part), '】 says 决算', comparison, '预算 but states 决算 ', value_text,
              ' and 预算 ', budget_text, ': ', excerpt) as formula
from pairs
