-- Figures keyed by a 功能分类 code, with the document they come from.
with

facts as (

    select * from {{ ref('int_facts_documented') }}
    where row_kind = 'function_subject'

),

final as (

    select
        {{ figure_origin_columns('facts') }},
        facts.table_kind,
        facts.column_key,
        facts.row_key as subject_code,
        {{ subject_level('facts.row_key') }} as level,
        {{ parent_code('facts.row_key') }} as parent_code,
        left(facts.row_key, 3) as class_code,
        {{ section_code('facts.row_key') }} as section_code,
        facts.printed_name,
        facts.row_label,
        {{ figure_amount_columns('facts') }}

    from facts

)

select * from final
