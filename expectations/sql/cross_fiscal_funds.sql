-- 财政拨款收入支出决算总表 fund columns = the fund's own table: 一般公共预算 column = 一般公共预算财政拨款
-- 支出决算表, 政府性基金 column = 政府性基金表, 国有资本经营 column = 国有资本经营表 (类 rows and 合计).
select * from dq_cross(
    'fiscal_appropriation_summary', 'gpb_expenditure_by_function', '\d{3}', 'expenditure_total',
    [{'a': 'gpb', 'b': 'total'}])
union all
select * from dq_cross(
    'fiscal_appropriation_summary', 'gov_fund_by_function', '\d{3}', 'expenditure_total',
    [{'a': 'gov_fund', 'b': 'total'}])
union all
select * from dq_cross(
    'fiscal_appropriation_summary', 'state_capital_by_function', '\d{3}', 'expenditure_total',
    [{'a': 'state_capital', 'b': 'total'}])
