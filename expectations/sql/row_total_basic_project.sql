-- 合计（小计）= 基本支出 + 项目支出, per row of the appropriation tables by function.
select * from dq_column_sum(
    ['gpb_expenditure_by_function', 'gov_fund_by_function', 'state_capital_by_function'], 'total',
    'basic|project')
