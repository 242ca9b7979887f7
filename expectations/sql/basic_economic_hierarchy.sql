-- 基本支出明细表: each 经济分类 类 (301) = Σ its 款 (30101 …), when the table prints its 款.
select document_id, table_seq, table_kind, left(row_key, 3) as row_key,
       coalesce(any_value(row_label) filter (where length(row_key) = 3), left(row_key, 3))
           as row_label,
       column_key,
       coalesce(sum(value) filter (where length(row_key) = 5), 0) as expected,
       coalesce(sum(value) filter (where length(row_key) = 3), 0) as actual,
       count(*) filter (where length(row_key) = 5) as addends,
       coalesce(any_value(page) filter (where length(row_key) = 3), min(page)) as page,
       coalesce(any_value(line) filter (where length(row_key) = 3), min(line)) as line,
       coalesce(any_value(source) filter (where length(row_key) = 3), min(source)) as source,
       array_to_string(list_sort(list(row_key) filter (where length(row_key) = 5)), ' + ') as formula
from dq_fact
where table_kind in ('gpb_basic_expenditure_by_economic', 'budget_gpb_basic_expenditure_by_economic',
                     'budget_operating_costs')
  and regexp_full_match(row_key, '\d{3}|\d{5}')
group by document_id, table_seq, table_kind, left(row_key, 3), column_key
having count(*) filter (where length(row_key) = 5) > 0
