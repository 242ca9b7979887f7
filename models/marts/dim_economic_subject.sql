with

subjects as (

    select * from {{ ref('int_subjects') }}
    where scheme = 'economic'

),

final as (

    select
        subjects.subject_code as economic_code,
        subjects.level,
        subjects.parent_code,
        subjects.class_code,
        subjects.canonical_name,
        classes.canonical_name as class_name,
        -- 公开08表: 人员经费 are 301 and 303, 公用经费 the other classes
        case when subjects.class_code in ('301', '303') then 'personnel' else 'public' end
            as cost_group,
        subjects.canonical_name_source,
        subjects.earlier_names,
        subjects.name_variants,
        subjects.names_seen,
        subjects.valid_from_year,
        subjects.valid_to_year,
        subjects.is_current,
        coalesce(subjects.current_code, subjects.subject_code) as current_code,
        subjects.note,
        subjects.in_catalogue,
        subjects.in_documents

    from subjects
    left join subjects as classes on classes.subject_code = subjects.class_code

)

select * from final
