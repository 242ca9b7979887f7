-- mart_budget_vs_final: a 年初预算 a final's 情况说明 states but could not store (its value_problem) is no
-- silent gap where it would be the budget (no budget document of the department-year is loaded): the
-- row of that subject says why (budget_problem), and no row saying why takes its budget from the 情况说明.
with

stated as (

    select * from {{ ref('mart_budget_execution_by_item') }}
    where budget_problem is not null and is_primary_document

),

rows_ as (

    select * from {{ ref('mart_budget_vs_final') }}

),

budgeted as (

    select distinct region, department, year from rows_ where budget_document_id is not null

),

unexplained as (

    select stated.region, stated.department, stated.year, stated.function_code as subject_key
    from stated
    anti join budgeted
        on budgeted.region = stated.region
        and budgeted.department = stated.department
        and budgeted.year = stated.year
    anti join rows_
        on rows_.region = stated.region
        and rows_.department = stated.department
        and rows_.year = stated.year
        and rows_.comparison = 'function'
        and rows_.subject_key = stated.function_code
        and rows_.budget_problem is not null

),

contradicted as (

    select region, department, year, subject_key
    from rows_
    where budget_problem is not null and budget_source = 'final_narrative'

)

select * from unexplained
union all
select * from contradicted
