-- The six queries an analyst runs first on the warehouse (DuckDB SQL over the marts).
-- tests/test_notebooks.py runs each one against the demo warehouse, and the README quotes them.
-- Amounts are 万元. One report loaded from several files (a PDF and its markdown) is several
-- documents: each query counts the one the warehouse marks primary, so every report counts once.

-- 1. What is in the warehouse: one line per report (region, department, year, 决算 final or 预算
-- budget), with its number of files.
select province, region, department, year, doc_kind, format, n_tables, n_facts,
       n_documents_same_department_year as n_files, document_id
from marts.dim_document
where is_primary
order by province, region, department, year;

-- 2. 功能分类结构: spending by 类 and each 类's share of the report's total.
select region, department, year, subject_code, canonical_name, amount_wan,
       round(100 * amount_wan / sum(amount_wan) over (partition by document_id), 1) as share_pct
from marts.mart_function_by_region_year
where is_primary_document and table_kind = 'expenditure_by_function' and level = '类'
  and column_key = 'total'
order by region, department, year, amount_wan desc;

-- 3. 基本支出 vs 项目支出 per report.
select region, department, year,
       sum(amount_wan) filter (column_key = 'basic') as basic_wan,
       sum(amount_wan) filter (column_key = 'project') as project_wan,
       round(100 * project_wan / (basic_wan + project_wan), 1) as project_pct
from marts.mart_function_by_region_year
where is_primary_document and table_kind = 'expenditure_by_function' and level = '类'
group by all
order by all;

-- 4. 人员经费 (301 + 303) vs 公用经费 (the other 类) of the basic expenditure.
select e.region, e.department, e.year,
       sum(e.amount_wan) filter (e.level = '类' and e.cost_group = 'personnel') as personnel_wan,
       sum(e.amount_wan) filter (e.level = '类' and e.cost_group = 'public') as public_wan,
       round(100 * personnel_wan / (personnel_wan + public_wan), 1) as personnel_pct
from marts.fct_basic_expenditure_by_economic e
join marts.dim_document d on d.document_id = e.document_id and d.is_primary
group by all
order by all;

-- 5. “三公”经费: budget vs final and the execution rate (a blank cell is a zero).
select region, department, year, item_name_zh,
       coalesce(budget_wan, 0) as budget_wan,
       coalesce(final_wan, 0) as final_wan,
       round(100 * coalesce(final_wan, 0) / nullif(budget_wan, 0), 1) as execution_pct
from marts.mart_three_public_by_region_year
where is_primary_document and item = 'total'
order by all;

-- 6. 预算 against 决算: budget, final and the execution rate (执行率) by 类, one line per report's
-- subject; a department-year with only its budget or only its final accounts loaded shows one side.
-- budget_source: budget_document, or the 年初预算 a final states itself (final_narrative, final_table).
select region, department, year, subject_key as subject_code, subject_name,
       budget_wan, final_wan, execution_pct, budget_source
from marts.mart_budget_vs_final
where comparison = 'function' and fund = 'all' and measure = 'total' and level in ('类', '合计')
order by region, department, year, subject_code;

-- And after `juesuan check`: which files fail which checks, in the latest run (per file: a
-- finding in a file the warehouse does not count is still a finding).
select d.file_name, f.severity, f.rule_id, count(*) as findings
from dq.findings f
join marts.dim_document d using (document_id)
where f.run_id = (select run_id from dq.runs order by checked_at desc limit 1)
group by all
order by d.file_name, f.severity, findings desc, f.rule_id;
