-- 一般公共预算基本支出经济分类预算表, per column: 合计 = Σ 经济分类 类 (301, 302, 303 …).
select * from dq_row_sum(
    ['budget_gpb_basic_expenditure_by_economic', 'budget_operating_costs'], 'total', '\d{3}')
