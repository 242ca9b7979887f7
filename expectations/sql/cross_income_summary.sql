-- 收入支出决算总表 本年收入合计 = 收入决算表（分科目）合计 本年收入合计.
select * from dq_cross(
    'income_expenditure_summary', 'income_by_function', '', 'income_total',
    [{'a': 'amount', 'b': 'total'}])
