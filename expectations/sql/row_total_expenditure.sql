-- 本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出, per row.
select * from dq_column_sum(
    ['expenditure_by_function', 'expenditure_by_unit'], 'total',
    'basic|project|remit_to_superior|operating|subsidy_to_affiliated')
