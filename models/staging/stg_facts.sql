with

source as (

    select * from {{ source('raw', 'facts') }}

),

classified as (

    select
        *,
        case
            -- a full 功能分类 code on the by-function tables, a 类 line on the summaries
            when table_kind in (
                    'income_by_function', 'expenditure_by_function', 'gpb_expenditure_by_function',
                    'gov_fund_by_function', 'state_capital_by_function',
                    'budget_income_by_function', 'budget_expenditure_by_function',
                    'budget_fiscal_appropriation_expenditure', 'budget_gpb_expenditure_by_function',
                    'budget_gov_fund_by_function', 'budget_state_capital_by_function'
                )
                and regexp_full_match(row_key, '[0-9]{3}([0-9]{2}){0,2}')
                then 'function_subject'
            when table_kind in (
                    'income_expenditure_summary', 'fiscal_appropriation_summary',
                    'budget_summary', 'budget_fiscal_appropriation_summary'
                )
                and regexp_full_match(row_key, '[0-9]{3}')
                then 'function_subject'
            when table_kind in (
                    'gpb_basic_expenditure_by_economic', 'operating_costs',
                    'budget_gpb_basic_expenditure_by_economic', 'budget_operating_costs'
                )
                and regexp_full_match(row_key, '[0-9]{3}([0-9]{2})?')
                then 'economic_subject'
            when table_kind in ('income_by_unit', 'expenditure_by_unit') and row_key <> 'total'
                then 'unit'
            -- a project or procurement item, keyed by its printed name
            when table_kind in (
                    'project_income_expenditure', 'budget_government_procurement', 'budget_project_expenditure'
                )
                and row_key <> 'total'
                then 'item'
            else 'named'
        end as row_kind

    from source

),

-- each printed label normalised once: labels repeat across tables and documents, and the
-- regular expressions cost more than a join (a few thousand labels against millions of figures)
labels as (

    select row_label, {{ normalise_name('row_label') }} as printed_name
    from (select distinct row_label from source)

),

renamed as (

    select
        document_id,
        table_seq,
        table_kind,
        row_key,
        row_kind,
        row_label,
        labels.printed_name,
        column_key,
        value as value_published,
        value_text,
        unit as unit_published,
        {{ to_wan('value', 'unit') }} as amount_wan,
        page,
        line,
        source as source_ref

    from classified
    left join labels using (row_label)

)

select * from renamed
