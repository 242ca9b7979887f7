with

subjects as (

    select * from {{ ref('int_subjects') }}
    where scheme = 'function'

),

final as (

    select
        subjects.subject_code,
        subjects.level,
        subjects.parent_code,
        subjects.class_code,
        subjects.section_code,
        subjects.canonical_name,
        subjects.class_name,
        subjects.section_name,
        {{ subject_name_history_columns('subjects') }},
        subjects.predecessor_code,
        subjects.note,
        subjects.in_catalogue as in_crosswalk,
        subjects.in_documents

    from subjects

)

select * from final
