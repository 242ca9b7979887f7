-- 预算 against 决算: each department-year's budget beside its final accounts, by 功能分类 subject
-- (类/款/项), 基本支出 经济分类 subject and “三公”经费 item, with the execution rate 执行率 = 决算 / 预算.
-- One budget and one final report count per department-year: the primary file of the department's
-- report (部门) before a unit's (单位). A subject printed on one side only keeps its row, the other
-- side empty. The 三公 table of a final account prints its own 预算数 too: final_stated_budget_wan.
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

budget_side as (

    select
        reports.region,
        reports.department,
        reports.year,
        measures.comparison,
        measures.fund,
        measures.measure,
        facts.row_key as subject_key,
        any_value(facts.printed_name) as printed_name,
        sum(facts.amount_wan) as budget_wan,
        any_value(facts.document_id) as budget_document_id

    from facts
    inner join measures
        on facts.table_kind = measures.budget_table_kind
        and facts.column_key = measures.budget_column_key
    inner join reports
        on facts.document_id = reports.document_id
        and reports.is_counted
        and reports.doc_kind = 'budget'
    group by all

),

final_side as (

    select
        reports.region,
        reports.department,
        reports.year,
        measures.comparison,
        measures.fund,
        measures.measure,
        facts.row_key as subject_key,
        any_value(facts.printed_name) as printed_name,
        sum(facts.amount_wan) filter (where facts.column_key = measures.final_column_key) as final_wan,
        sum(facts.amount_wan) filter (where facts.column_key = measures.final_budget_column_key)
            as final_stated_budget_wan,
        any_value(facts.document_id) as final_document_id

    from facts
    inner join measures
        on facts.table_kind = measures.final_table_kind
        and facts.column_key in (measures.final_column_key, measures.final_budget_column_key)
    inner join reports
        on facts.document_id = reports.document_id
        and reports.is_counted
        and reports.doc_kind = 'final'
    group by all

),

compared as (

    select
        coalesce(budget_side.region, final_side.region) as region,
        coalesce(budget_side.department, final_side.department) as department,
        coalesce(budget_side.year, final_side.year) as year,
        coalesce(budget_side.comparison, final_side.comparison) as comparison,
        coalesce(budget_side.fund, final_side.fund) as fund,
        coalesce(budget_side.subject_key, final_side.subject_key) as subject_key,
        coalesce(final_side.printed_name, budget_side.printed_name) as subject_name,
        coalesce(budget_side.measure, final_side.measure) as measure,
        budget_side.budget_wan,
        final_side.final_wan,
        final_side.final_stated_budget_wan,
        budget_side.budget_document_id,
        final_side.final_document_id

    from budget_side
    full outer join final_side
        on budget_side.region = final_side.region
        and budget_side.department = final_side.department
        and budget_side.year = final_side.year
        and budget_side.comparison = final_side.comparison
        and budget_side.fund = final_side.fund
        and budget_side.measure = final_side.measure
        and budget_side.subject_key = final_side.subject_key

),

final as (

    select
        compared.region,
        regions.region_code,
        regions.province,
        compared.department,
        compared.year,
        compared.comparison,
        compared.fund,
        compared.subject_key,
        case
            when compared.comparison = 'three_public' then 'item'
            when compared.subject_key = 'total' then '合计'
            else {{ subject_level('compared.subject_key') }}
        end as level,
        case
            when compared.comparison = 'three_public' or compared.subject_key = 'total' then null
            when length(compared.subject_key) = 3 then 'total'
            else {{ parent_code('compared.subject_key') }}
        end as parent_key,
        compared.subject_name,
        compared.measure,
        cast(compared.budget_wan as decimal(38, 8)) as budget_wan,
        cast(compared.final_wan as decimal(38, 8)) as final_wan,
        cast(compared.final_stated_budget_wan as decimal(38, 8)) as final_stated_budget_wan,
        cast(compared.final_wan - compared.budget_wan as decimal(38, 8)) as final_minus_budget_wan,
        cast(100 * compared.final_wan / nullif(compared.budget_wan, 0) as decimal(12, 2))
            as execution_pct,
        compared.budget_document_id,
        compared.final_document_id

    from compared
    left join {{ ref('regions') }} as regions on regions.region_name = compared.region

)

select * from final
