-- “三公”经费 by region, department and year: budget and final side by side.
with

expenses as (

    select * from {{ ref('fct_three_public_expenses') }}

),

documents as (

    select * from {{ ref('dim_document') }}

),

pivoted as (

    select
        document_id,
        item,
        any_value(item_name_zh) as item_name_zh,
        any_value(item_name_en) as item_name_en,
        any_value(amount_wan) filter (where column_key = 'budget') as budget_wan,
        any_value(amount_wan) filter (where column_key = 'final') as final_wan
    from expenses
    group by all

),

final as (

    select
        {{ by_region_year_columns('documents') }},
        pivoted.item,
        pivoted.item_name_zh,
        pivoted.item_name_en,
        pivoted.budget_wan,
        pivoted.final_wan,
        pivoted.final_wan - pivoted.budget_wan as final_minus_budget_wan

    from pivoted
    inner join documents on documents.document_id = pivoted.document_id

)

select * from final
