-- mart_budget_vs_final: on each side, a subject's total = basic + project (function and fund tables),
-- to within one printed unit per addend (0.02 万元); both sides are printed figures, so a failure is
-- the document's inconsistency or a misread, reported at severity warn. A budget the final's 情况说明
-- states has its total only (年初预算 by 类/款/项), so its side is not compared.
{{ config(severity='warn') }}
with

sides as (

    select
        region, department, year, fund, subject_key,
        sum(budget_wan) filter (where measure = 'total' and budget_source = 'budget_document') as budget_total,
        sum(budget_wan) filter (where measure in ('basic', 'project')) as budget_parts,
        sum(final_wan) filter (where measure = 'total') as final_total,
        sum(final_wan) filter (where measure in ('basic', 'project')) as final_parts
    from {{ ref('mart_budget_vs_final') }}
    where comparison = 'function'
    group by all

)

select *
from sides
where abs(coalesce(budget_total, 0) - coalesce(budget_parts, 0)) > 0.02
   or abs(coalesce(final_total, 0) - coalesce(final_parts, 0)) > 0.02
