-- 财务收支预算总表 and 财政拨款收支预算总表, income side: 财政拨款收入 = 一般公共预算 + 政府性基金 +
-- 国有资本经营 (when printed); 收入总计 = the top-level income lines (the three funds themselves
-- when no 财政拨款收入 line is printed), or 本年收入合计 + 上年结转 where a 本年收入合计 is printed.
with tables_ as (
    select document_id, table_seq,
           bool_or(row_key = 'fiscal_appropriation') as has_fiscal,
           bool_or(row_key = 'income_total') as has_income_total
    from dq_fact
    where table_kind in ('budget_summary', 'budget_fiscal_appropriation_summary')
    group by all
)
select s.* from dq_row_sum(
    ['budget_summary', 'budget_fiscal_appropriation_summary'], 'fiscal_appropriation',
    'gpb_appropriation|gov_fund_appropriation|state_capital_appropriation') s
join tables_ t using (document_id, table_seq)
where t.has_fiscal and s.column_key = 'amount'
union all
select s.* from dq_row_sum(
    ['budget_summary', 'budget_fiscal_appropriation_summary'], 'income_grand_total',
    'fiscal_appropriation|superior_subsidy|business|operating|affiliated_remittance|other'
    || '|subordinate_remittance|use_non_fiscal_balance|opening_balance') s
join tables_ t using (document_id, table_seq)
where t.has_fiscal and not t.has_income_total and s.column_key = 'amount'
union all
select s.* from dq_row_sum(
    ['budget_summary', 'budget_fiscal_appropriation_summary'], 'income_grand_total',
    'gpb_appropriation|gov_fund_appropriation|state_capital_appropriation|superior_subsidy|business'
    || '|operating|affiliated_remittance|other|subordinate_remittance|use_non_fiscal_balance'
    || '|opening_balance') s
join tables_ t using (document_id, table_seq)
where not t.has_fiscal and not t.has_income_total and s.column_key = 'amount'
union all
select s.* from dq_row_sum(
    ['budget_summary', 'budget_fiscal_appropriation_summary'], 'income_grand_total',
    'income_total|opening_balance') s
join tables_ t using (document_id, table_seq)
where t.has_income_total and s.column_key = 'amount'
