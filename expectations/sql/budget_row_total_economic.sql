-- 一般公共预算基本支出经济分类预算表, per row: 合计 = 人员经费 + 公用经费.
select s.*
from dq_column_sum(
    ['budget_gpb_basic_expenditure_by_economic', 'budget_operating_costs'], 'total', 'personnel|public') s
where (s.document_id, s.table_seq) in (
    select (document_id, table_seq) from dq_fact where column_key in ('personnel', 'public'))
