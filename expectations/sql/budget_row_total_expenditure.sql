-- 支出预算总表 and the 功能分类 预算表 of each fund, per row: 合计 = 基本支出 + 项目支出 (tables that
-- print those two columns).
select s.*
from dq_column_sum(
    ['budget_expenditure_by_function', 'budget_fiscal_appropriation_expenditure',
     'budget_gpb_expenditure_by_function', 'budget_gov_fund_by_function',
     'budget_state_capital_by_function'], 'total', 'basic|project') s
where (s.document_id, s.table_seq) in (
    select (document_id, table_seq) from dq_fact where column_key in ('basic', 'project'))
