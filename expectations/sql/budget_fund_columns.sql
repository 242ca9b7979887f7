-- 财政拨款收支预算总表, expenditure side, per row: 合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算.
select * from dq_column_sum(
    ['budget_fiscal_appropriation_summary', 'budget_fiscal_appropriation_expenditure'], 'total',
    'gpb|gov_fund|state_capital')
