-- The 合计 row of the by-unit tables = the 合计 row of the by-function tables, column by column.
select * from dq_cross(
    'income_by_unit', 'income_by_function', '', 'total',
    [{'a': 'total', 'b': 'total'}, {'a': 'fiscal_appropriation', 'b': 'fiscal_appropriation'},
     {'a': 'superior_subsidy', 'b': 'superior_subsidy'}, {'a': 'business', 'b': 'business'},
     {'a': 'operating', 'b': 'operating'},
     {'a': 'affiliated_remittance', 'b': 'affiliated_remittance'}, {'a': 'other', 'b': 'other'}])
union all
select * from dq_cross(
    'expenditure_by_unit', 'expenditure_by_function', '', 'total',
    [{'a': 'total', 'b': 'total'}, {'a': 'basic', 'b': 'basic'},
     {'a': 'project', 'b': 'project'}, {'a': 'remit_to_superior', 'b': 'remit_to_superior'},
     {'a': 'operating', 'b': 'operating'},
     {'a': 'subsidy_to_affiliated', 'b': 'subsidy_to_affiliated'}])
