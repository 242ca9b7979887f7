-- 财政拨款“三公”经费: one row per document, item and column (budget, final).
with

facts as (

    select * from {{ ref('stg_facts') }}
    where table_kind = 'three_public_expenses'

),

documents as (

    select * from {{ ref('stg_documents') }}

),

items as (

    select key as item, name_zh, name_en
    from {{ ref('vocabulary') }}
    where vocabulary = 'row_key' and applies_to = 'three_public_expenses'

),

final as (

    select
        facts.document_id,
        documents.region,
        documents.department,
        documents.year,
        facts.table_seq,
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
        facts.amount_wan,
        facts.value_published,
        facts.unit_published,
        facts.source_ref

    from facts
    inner join documents on facts.document_id = documents.document_id
    left join items on items.item = facts.row_key

)

select * from final
