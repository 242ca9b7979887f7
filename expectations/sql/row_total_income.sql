-- 本年收入合计 = 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入 + 附属单位上缴收入 + 其他收入, per row.
select * from dq_column_sum(
    ['income_by_function', 'income_by_unit'], 'total',
    'fiscal_appropriation|superior_subsidy|business|operating|affiliated_remittance|other')
