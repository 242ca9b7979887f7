-- 基本支出明细表: 公用经费合计 = every other 经济分类 类 (302, 307, 309, 310, 312, 399 …),
-- when the total is printed.
select r.* from dq_row_sum(
    ['gpb_basic_expenditure_by_economic'], 'public_total', '302|30[4-9]|3[1-9]\d') r
where exists (select 1 from dq_fact f
              where f.document_id = r.document_id and f.table_seq = r.table_seq
                and f.row_key = 'public_total')
