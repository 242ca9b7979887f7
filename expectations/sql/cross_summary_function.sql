-- 收入支出决算总表 类 lines and 本年支出合计 = 支出决算表（分科目）类 rows and 合计 (本年支出合计 column).
select * from dq_cross(
    'income_expenditure_summary', 'expenditure_by_function', '\d{3}', 'expenditure_total',
    [{'a': 'amount', 'b': 'total'}])
