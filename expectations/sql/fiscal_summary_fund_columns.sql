-- 财政拨款收入支出决算总表, expenditure side, per row: 合计 = 一般公共预算 + 政府性基金 + 国有资本经营.
select * from dq_column_sum(['fiscal_appropriation_summary'], 'total', 'gpb|gov_fund|state_capital')
