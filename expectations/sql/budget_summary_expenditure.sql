-- 财务收支预算总表 and 财政拨款收支预算总表, expenditure side, per column: 支出总计 = Σ 类 + 结转下年
-- (or 本年支出合计 + 结转下年 where a 本年支出合计 is printed, which then = Σ 类).
with tables_ as (
    select document_id, table_seq, bool_or(row_key = 'expenditure_total') as has_total
    from dq_fact
    where table_kind in ('budget_summary', 'budget_fiscal_appropriation_summary')
    group by all
)
select s.* from dq_row_sum(
    ['budget_summary', 'budget_fiscal_appropriation_summary'], 'expenditure_grand_total',
    '\d{3}|closing_balance') s
join tables_ t using (document_id, table_seq)
where not t.has_total
union all
select s.* from dq_row_sum(
    ['budget_summary', 'budget_fiscal_appropriation_summary'], 'expenditure_grand_total',
    'expenditure_total|closing_balance') s
join tables_ t using (document_id, table_seq)
where t.has_total
union all
select s.* from dq_row_sum(
    ['budget_summary', 'budget_fiscal_appropriation_summary'], 'expenditure_total', '\d{3}') s
join tables_ t using (document_id, table_seq)
where t.has_total
