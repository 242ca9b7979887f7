-- 财政拨款收入支出决算总表, income side: 本年收入合计 = Σ three appropriations; 年初结转和结余 = Σ its
-- three funds (when printed); 收入总计 = 本年收入合计 + 年初结转和结余.
select * from dq_row_sum(
    ['fiscal_appropriation_summary'], 'income_total',
    'gpb_appropriation|gov_fund_appropriation|state_capital_appropriation')
union all
select * from dq_row_sum(
    ['fiscal_appropriation_summary'], 'opening_balance',
    'opening_balance_gpb|opening_balance_gov_fund|opening_balance_state_capital')
where addends > 0
union all
select * from dq_row_sum(
    ['fiscal_appropriation_summary'], 'income_grand_total', 'income_total|opening_balance')
