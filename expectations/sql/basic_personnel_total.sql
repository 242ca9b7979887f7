-- 基本支出明细表: 人员经费合计 = 301 工资福利支出 + 303 对个人和家庭的补助 (when the total is printed).
select r.* from dq_row_sum(['gpb_basic_expenditure_by_economic'], 'personnel_total', '301|303') r
where exists (select 1 from dq_fact f
              where f.document_id = r.document_id and f.table_seq = r.table_seq
                and f.row_key = 'personnel_total')
