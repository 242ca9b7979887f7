-- One expenditure class (类) across regions and years, named by the one hierarchy:
-- 一般公共预算财政拨款支出 by class, total / basic / project side by side.
select
    region,
    province,
    department,
    year,
    subject_code,
    canonical_name,
    printed_name,
    sum(amount_wan) filter (where column_key = 'total') as total_wan,
    sum(amount_wan) filter (where column_key = 'basic') as basic_wan,
    sum(amount_wan) filter (where column_key = 'project') as project_wan
from {{ ref('mart_function_by_region_year') }}
where is_primary_document
    and table_kind = 'gpb_expenditure_by_function'
    and level = '类'
    and subject_code = '210'
group by all
order by year, region
