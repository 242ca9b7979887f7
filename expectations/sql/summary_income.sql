-- 收入支出决算总表: 本年收入合计 = Σ 收入 lines (财政拨款收入 one line before 2019, three after); 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余.
select * from dq_row_sum(
    ['income_expenditure_summary'], 'income_total',
    'fiscal_appropriation|gpb_appropriation|gov_fund_appropriation|state_capital_appropriation|superior_subsidy'
    || '|business|operating|affiliated_remittance|other')
union all
select * from dq_row_sum(
    ['income_expenditure_summary'], 'income_grand_total',
    'income_total|use_non_fiscal_balance|opening_balance')
