-- 预算 against 决算: each department-year's budget beside its final accounts, by 功能分类 subject
-- (类/款/项), 基本支出 经济分类 subject and “三公”经费 item, with the execution rate 执行率 = 决算 / 预算.
-- One budget and one final report count per department-year: the primary file of the department's
-- report (部门) before a unit's (单位). A subject printed on one side only keeps its row, the other
-- side empty. The 三公 table of a final account prints its own 预算数 too: final_stated_budget_wan.
-- Where no budget document of the department-year is loaded, the budget is the 年初预算 the final
-- states itself: its 情况说明 by 类/款/项 (mart_budget_execution_by_item), else its own tables' 预算数 (the
-- 三公 table's; the 年初预算数 of a pre-2019 一般公共预算财政拨款支出决算表); budget_source says which, and
-- budget_problem why a 年初预算 the 情况说明 states is not the budget (its figure could not be stored).
with

measures as (

    select * from {{ ref('budget_final_measures') }}

),

documents as (

    select * from {{ ref('dim_document') }}

),

facts as (

    select * from {{ ref('int_facts_documented') }}

),

reports as (

    select
        *,
        row_number() over (
            partition by region, department, year, doc_kind
            order by doc_level = 'department' desc nulls last, n_facts desc, document_id
        ) = 1 as is_counted

    from documents
    where is_primary

),

-- which column of which table each side of a measure reads: the budget's figure, the final's
-- figure, and the 预算数 a final's own table prints beside it (the 三公 table)
measure_columns as (

    select 'budget' as doc_kind, comparison, fund, measure,
        budget_table_kind as table_kind, budget_column_key as column_key, 'amount' as role
    from measures
    union all
    select 'final', comparison, fund, measure, final_table_kind, final_column_key, 'amount'
    from measures
    union all
    select 'final', comparison, fund, measure, final_table_kind, final_budget_column_key, 'stated_budget'
    from measures

),

-- both sides in one pass over the facts: each counted report's figures of each measure
sides as (

    select
        reports.doc_kind,
        reports.region,
        reports.department,
        reports.year,
        measure_columns.comparison,
        measure_columns.fund,
        measure_columns.measure,
        facts.row_key as subject_key,
        any_value(facts.printed_name) as printed_name,
        sum(facts.amount_wan) filter (where measure_columns.role = 'amount') as amount_wan,
        sum(facts.amount_wan) filter (where measure_columns.role = 'stated_budget') as stated_budget_wan,
        any_value(facts.document_id) as document_id

    from facts
    inner join reports
        on facts.document_id = reports.document_id
        and reports.is_counted
    inner join measure_columns
        on measure_columns.doc_kind = reports.doc_kind
        and facts.table_kind = measure_columns.table_kind
        and facts.column_key = measure_columns.column_key
    group by all

),

budget_side as (

    select
        region, department, year, comparison, fund, measure, subject_key, printed_name,
        amount_wan as budget_wan,
        document_id as budget_document_id
    from sides
    where doc_kind = 'budget'

),

budgeted as (

    select distinct region, department, year from budget_side

),

-- 年初预算为X万元，支出决算为Y万元 of a 类/款/项 in a final's 情况说明 (any file of the report: the PDF may
-- carry the text that a converted copy lacks; the primary file's where both do), for a department-year
-- whose budget is not loaded; the section names the fund (一般公共预算 unless 政府性基金/国有资本经营).
stated_side as (

    select
        items.region,
        items.department,
        items.year,
        'function' as comparison,
        case
            when items.section like '%政府性基金%' then 'gov_fund'
            when items.section like '%国有资本%' then 'state_capital'
            else 'gpb'
        end as fund,
        'total' as measure,
        items.function_code as subject_key,
        any_value(items.canonical_name) as printed_name,
        arg_max(items.budget_wan, items.is_primary_document::integer) as budget_wan,
        arg_max(items.budget_problem, items.is_primary_document::integer) as budget_problem

    from {{ ref('mart_budget_execution_by_item') }} as items
    anti join budgeted
        on budgeted.region = items.region
        and budgeted.department = items.department
        and budgeted.year = items.year
    group by all

),

budgets as (

    select *, 'budget_document' as budget_source from budget_side
    union all by name
    select *, 'final_narrative' as budget_source from stated_side

),

final_side as (

    select
        region, department, year, comparison, fund, measure, subject_key, printed_name,
        amount_wan as final_wan,
        stated_budget_wan as final_stated_budget_wan,
        document_id as final_document_id
    from sides
    where doc_kind = 'final'

),

compared as (

    select
        coalesce(budgets.region, final_side.region) as region,
        coalesce(budgets.department, final_side.department) as department,
        coalesce(budgets.year, final_side.year) as year,
        coalesce(budgets.comparison, final_side.comparison) as comparison,
        coalesce(budgets.fund, final_side.fund) as fund,
        coalesce(budgets.subject_key, final_side.subject_key) as subject_key,
        coalesce(final_side.printed_name, budgets.printed_name) as subject_name,
        coalesce(budgets.measure, final_side.measure) as measure,
        budgets.budget_wan,
        budgets.budget_source,
        budgets.budget_problem,
        final_side.final_wan,
        final_side.final_stated_budget_wan,
        budgets.budget_document_id,
        final_side.final_document_id,
        budgeted.year is not null as has_budget_document

    from budgets
    full outer join final_side
        on budgets.region = final_side.region
        and budgets.department = final_side.department
        and budgets.year = final_side.year
        and budgets.comparison = final_side.comparison
        and budgets.fund = final_side.fund
        and budgets.measure = final_side.measure
        and budgets.subject_key = final_side.subject_key
    left join budgeted
        on budgeted.region = coalesce(budgets.region, final_side.region)
        and budgeted.department = coalesce(budgets.department, final_side.department)
        and budgeted.year = coalesce(budgets.year, final_side.year)

),

-- the budget of each row and where it came from: the budget document, the final's 情况说明, or (no
-- budget document loaded) the final's own table (the 三公 table's 预算数)
sourced as (

    select
        *,
        coalesce(budget_wan, if(has_budget_document, null, final_stated_budget_wan)) as chosen_budget_wan,
        case
            when budget_wan is not null then budget_source
            when not has_budget_document and final_stated_budget_wan is not null then 'final_table'
        end as chosen_budget_source

    from compared

),

final as (

    select
        sourced.region,
        regions.region_code,
        regions.province,
        sourced.department,
        sourced.year,
        sourced.comparison,
        sourced.fund,
        sourced.subject_key,
        case
            when sourced.comparison = 'three_public' then 'item'
            when sourced.subject_key = 'total' then '合计'
            else {{ subject_level('sourced.subject_key') }}
        end as level,
        case
            when sourced.comparison = 'three_public' or sourced.subject_key = 'total' then null
            when length(sourced.subject_key) = 3 then 'total'
            else {{ parent_code('sourced.subject_key') }}
        end as parent_key,
        sourced.subject_name,
        sourced.measure,
        cast(sourced.chosen_budget_wan as decimal(38, 8)) as budget_wan,
        sourced.chosen_budget_source as budget_source,
        sourced.budget_problem,
        cast(sourced.final_wan as decimal(38, 8)) as final_wan,
        cast(sourced.final_stated_budget_wan as decimal(38, 8)) as final_stated_budget_wan,
        cast(sourced.final_wan - sourced.chosen_budget_wan as decimal(38, 8)) as final_minus_budget_wan,
        cast(100 * sourced.final_wan / nullif(sourced.chosen_budget_wan, 0) as decimal(12, 2))
            as execution_pct,
        sourced.budget_document_id,
        sourced.final_document_id

    from sourced
    left join {{ ref('regions') }} as regions on regions.region_name = sourced.region

)

select * from final
