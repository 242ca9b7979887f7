-- The lines of the two summary tables (收入支出决算总表, 财政拨款收入支出决算总表).
with

facts as (

    select * from {{ ref('stg_facts') }}
    where table_kind in ('income_expenditure_summary', 'fiscal_appropriation_summary')

),

documents as (

    select * from {{ ref('stg_documents') }}

),

line_names as (

    select key as row_key, string_split(applies_to, '|') as table_kinds, name_zh, name_en
    from {{ ref('vocabulary') }}
    where vocabulary = 'row_key'

),

classes as (

    select class_code, name_zh, name_en from {{ ref('function_classes') }}

),

final as (

    select
        facts.document_id,
        documents.region,
        documents.department,
        documents.year,
        facts.table_seq,
        facts.table_kind,
        facts.row_key,
        case facts.row_kind when 'function_subject' then 'class' else 'named' end as line_kind,
        coalesce(line_names.name_zh, classes.name_zh) as line_name_zh,
        coalesce(line_names.name_en, classes.name_en) as line_name_en,
        facts.printed_name,
        facts.column_key,
        facts.amount_wan,
        facts.value_published,
        facts.unit_published,
        facts.source_ref

    from facts
    inner join documents on facts.document_id = documents.document_id
    left join line_names
        on line_names.row_key = facts.row_key
        and list_contains(line_names.table_kinds, facts.table_kind)
    left join classes on classes.class_code = facts.row_key

)

select * from final
