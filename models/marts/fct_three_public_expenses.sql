-- 财政拨款“三公”经费: one row per document, item and column (budget, final).
with

facts as (

    select * from {{ ref('int_facts_documented') }}
    where table_kind = 'three_public_expenses'

),

items as (

    select key as item, name_zh, name_en
    from {{ ref('vocabulary') }}
    where vocabulary = 'row_key' and applies_to = 'three_public_expenses'

),

final as (

    select
        {{ figure_origin_columns('facts') }},
        facts.row_key as item,
        items.name_zh as item_name_zh,
        items.name_en as item_name_en,
        -- the item the line is part of: 合计 = 出国 + 公务用车 + 接待; 公务用车 = 购置 + 运行
        case
            when facts.row_key in ('overseas', 'vehicle', 'reception') then 'total'
            when facts.row_key in ('vehicle_purchase', 'vehicle_operation') then 'vehicle'
        end as parent_item,
        facts.printed_name,
        facts.column_key,
        {{ figure_amount_columns('facts') }}

    from facts
    left join items on items.item = facts.row_key

)

select * from final
