-- 收入支出决算总表: 本年支出合计 = Σ 类 lines; 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余.
select * from dq_row_sum(['income_expenditure_summary'], 'expenditure_total', '\d{3}')
union all
select * from dq_row_sum(
    ['income_expenditure_summary'], 'expenditure_grand_total',
    'expenditure_total|balance_distribution|closing_balance')
