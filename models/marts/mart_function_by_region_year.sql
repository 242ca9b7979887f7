-- 类 and 款 amounts by region, department, year and measure, named by the one hierarchy.
with

amounts as (

    select * from {{ ref('fct_function_amounts') }}
    where level in ('类', '款')

),

documents as (

    select * from {{ ref('dim_document') }}

),

subjects as (

    select * from {{ ref('dim_function_subject') }}

),

final as (

    select
        {{ by_region_year_columns('documents') }},
        amounts.table_kind,
        amounts.column_key,
        amounts.level,
        amounts.subject_code,
        amounts.class_code,
        subjects.canonical_name,
        subjects.class_name,
        amounts.printed_name,
        amounts.amount_wan

    from amounts
    inner join documents on documents.document_id = amounts.document_id
    inner join subjects on subjects.subject_code = amounts.subject_code

)

select * from final
