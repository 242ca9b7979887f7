-- 财务收支预算总表 of a unit (预算数 split into 人员经费, 公用经费, 项目支出), expenditure lines:
-- 预算数 = 人员经费 + 公用经费 + 项目支出.
select s.*
from dq_column_sum(['budget_summary'], 'amount', 'basic|personnel|public|project') s
where (regexp_full_match(s.row_key, '\d{3}') or s.row_key like 'expenditure%')
  and (s.document_id, s.table_seq) in (
      select (document_id, table_seq) from dq_fact
      where table_kind = 'budget_summary' and column_key in ('basic', 'personnel', 'public', 'project'))
