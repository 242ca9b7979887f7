-- Across the budget tables of one document: 财务收支预算总表 类 lines and 支出总计 = 支出预算总表 类
-- rows and 合计; 收入总计 = 收入预算总表 合计; 财政拨款收支预算总表 一般公共预算 column = 一般公共预算
-- 支出功能分类预算表; 基本支出经济分类预算表 合计 = 一般公共预算支出功能分类预算表 合计行 基本支出.
select * from dq_cross(
    'budget_summary', 'budget_expenditure_by_function', '\d{3}', 'expenditure_grand_total',
    [{'a': 'amount', 'b': 'total'}])
union all
select * from dq_cross(
    'budget_summary', 'budget_income_by_function', '^$', 'income_grand_total',
    [{'a': 'amount', 'b': 'total'}])
union all
select * from dq_cross(
    'budget_fiscal_appropriation_summary', 'budget_gpb_expenditure_by_function', '\d{3}',
    'expenditure_grand_total', [{'a': 'gpb', 'b': 'total'}])
union all
select * from dq_cross(
    'budget_gpb_basic_expenditure_by_economic', 'budget_gpb_expenditure_by_function', '^$', 'total',
    [{'a': 'total', 'b': 'basic'}])
