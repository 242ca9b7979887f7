-- Figures keyed by a 功能分类 code, with the document they come from.
with

facts as (

    select * from {{ ref('stg_facts') }}
    where row_kind = 'function_subject'

),

documents as (

    select * from {{ ref('stg_documents') }}

),

final as (

    select
        facts.document_id,
        documents.region,
        documents.department,
        documents.year,
        facts.table_seq,
        facts.table_kind,
        facts.column_key,
        facts.row_key as subject_code,
        {{ subject_level('facts.row_key') }} as level,
        {{ parent_code('facts.row_key') }} as parent_code,
        left(facts.row_key, 3) as class_code,
        {{ section_code('facts.row_key') }} as section_code,
        facts.printed_name,
        facts.row_label,
        facts.amount_wan,
        facts.value_published,
        facts.unit_published,
        facts.source_ref

    from facts
    inner join documents on facts.document_id = documents.document_id

)

select * from final
