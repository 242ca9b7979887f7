-- The five queries an analyst runs first on the warehouse (DuckDB SQL over the marts).
-- tests/test_notebooks.py runs each one against the demo warehouse, and the README quotes them.
-- Amounts are 万元. One report loaded from two files is two documents, so compare per document_id.

-- 1. What is in the warehouse: documents by province, region, department and year.
select province, region, department, year, format, n_tables, n_facts, document_id
from dim_document
order by province, region, department, year, format;

-- 2. 功能分类结构: spending by 类 and each 类's share of the document's total.
select region, department, year, document_id, subject_code, canonical_name, amount_wan,
       round(100 * amount_wan / sum(amount_wan) over (partition by document_id), 1) as share_pct
from mart_function_by_region_year
where table_kind = 'expenditure_by_function' and level = '类' and column_key = 'total'
order by region, department, year, document_id, amount_wan desc;

-- 3. 基本支出 vs 项目支出 per document.
select region, department, year, document_id,
       sum(amount_wan) filter (column_key = 'basic') as basic_wan,
       sum(amount_wan) filter (column_key = 'project') as project_wan,
       round(100 * project_wan / (basic_wan + project_wan), 1) as project_pct
from mart_function_by_region_year
where table_kind = 'expenditure_by_function' and level = '类'
group by all
order by all;

-- 4. 人员经费 (301 + 303) vs 公用经费 (the other 类) of the basic expenditure.
select region, department, year, document_id,
       sum(amount_wan) filter (level = '类' and cost_group = 'personnel') as personnel_wan,
       sum(amount_wan) filter (level = '类' and cost_group = 'public') as public_wan,
       round(100 * personnel_wan / (personnel_wan + public_wan), 1) as personnel_pct
from fct_basic_expenditure_by_economic
group by all
order by all;

-- 5. “三公”经费: budget vs final and the execution rate (a blank cell is a zero).
select region, department, year, document_id, item_name_zh,
       coalesce(budget_wan, 0) as budget_wan,
       coalesce(final_wan, 0) as final_wan,
       round(100 * coalesce(final_wan, 0) / nullif(budget_wan, 0), 1) as execution_pct
from mart_three_public_by_region_year
where item = 'total'
order by all;

-- And after `juesuan check`: which documents fail which checks, in the latest run.
select d.file_name, f.severity, f.rule_id, count(*) as findings
from dq f
join dim_document d using (document_id)
where f.run_id = (select run_id from dq_runs order by checked_at desc limit 1)
group by all
order by d.file_name, f.severity, findings desc, f.rule_id;
