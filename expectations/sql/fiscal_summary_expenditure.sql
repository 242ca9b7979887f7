-- 财政拨款收入支出决算总表, expenditure side, per fund column: 本年支出合计 = Σ 类 lines;
-- 支出总计 = 本年支出合计 + 年末财政拨款结转和结余.
select * from dq_row_sum(['fiscal_appropriation_summary'], 'expenditure_total', '\d{3}')
union all
select * from dq_row_sum(
    ['fiscal_appropriation_summary'], 'expenditure_grand_total', 'expenditure_total|closing_balance')
