-- 收入预算总表, per row: 合计 = 财政拨款收入 + 事业收入 + 事业单位经营收入 + 其他收入 (+ 上级补助收入,
-- 附属单位上缴收入, 上年结转 where printed).
select * from dq_column_sum(
    ['budget_income_by_function'], 'total',
    'fiscal_appropriation|superior_subsidy|business|operating|affiliated_remittance|other|opening_balance')
