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
        classes.canonical_name as class_name,
        sections.canonical_name as section_name,
        subjects.canonical_name_source,
        subjects.earlier_names,
        subjects.name_variants,
        subjects.names_seen,
        subjects.valid_from_year,
        subjects.valid_to_year,
        subjects.is_current,
        subjects.predecessor_code,
        subjects.note,
        subjects.in_catalogue as in_crosswalk,
        subjects.in_documents

    from subjects
    left join subjects as classes on classes.subject_code = subjects.class_code
    left join subjects as sections on sections.subject_code = subjects.section_code

)

select * from final
