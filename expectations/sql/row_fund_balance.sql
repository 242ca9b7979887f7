-- 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出, per row of the fund tables that print them.
select document_id, table_seq, table_kind, row_key, any_value(row_label) as row_label,
       'closing_balance' as column_key,
       coalesce(sum(value) filter (where column_key in ('opening_balance', 'income')), 0)
           - coalesce(sum(value) filter (where column_key = 'total'), 0) as expected,
       coalesce(sum(value) filter (where column_key = 'closing_balance'), 0) as actual,
       count(*) filter (where column_key <> 'closing_balance') as addends,
       coalesce(any_value(page) filter (where column_key = 'closing_balance'), min(page)) as page,
       coalesce(any_value(line) filter (where column_key = 'closing_balance'), min(line)) as line,
       coalesce(any_value(source) filter (where column_key = 'closing_balance'), min(source))
           as source,
       'opening_balance + income − total' as formula
from dq_fact
where table_kind in ('gov_fund_by_function', 'state_capital_by_function')
  and column_key in ('opening_balance', 'income', 'total', 'closing_balance')
group by document_id, table_seq, table_kind, row_key
-- Tables printed without the balance columns have nothing to check.
having count(*) filter (where column_key in ('opening_balance', 'income', 'closing_balance')) > 0
