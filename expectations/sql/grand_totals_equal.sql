-- Both summary tables: 收入总计 = 支出总计 (the expenditure side's 合计 column in the fiscal summary).
select document_id, table_seq, table_kind, 'expenditure_grand_total' as row_key,
       coalesce(any_value(row_label) filter (where row_key = 'expenditure_grand_total'), '总计')
           as row_label,
       coalesce(any_value(column_key) filter (where row_key = 'expenditure_grand_total'), 'amount')
           as column_key,
       coalesce(sum(value) filter (where row_key = 'income_grand_total'), 0) as expected,
       coalesce(sum(value) filter (where row_key = 'expenditure_grand_total'), 0) as actual,
       1 as addends,
       coalesce(any_value(page) filter (where row_key = 'expenditure_grand_total'), min(page))
           as page,
       coalesce(any_value(line) filter (where row_key = 'expenditure_grand_total'), min(line))
           as line,
       coalesce(any_value(source) filter (where row_key = 'expenditure_grand_total'), min(source))
           as source,
       'income_grand_total' as formula
from dq_fact
where table_kind in ('income_expenditure_summary', 'fiscal_appropriation_summary', 'budget_summary',
                     'budget_fiscal_appropriation_summary')
  and ((row_key = 'income_grand_total' and column_key = 'amount')
       or (row_key = 'expenditure_grand_total' and column_key in ('amount', 'total')))
group by document_id, table_seq, table_kind
