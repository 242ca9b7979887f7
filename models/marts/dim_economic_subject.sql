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
        subjects.class_name,
        -- 公开08表: 人员经费 are 301 and 303, 公用经费 the other classes
        case when subjects.class_code in ('301', '303') then 'personnel' else 'public' end
            as cost_group,
        {{ subject_name_history_columns('subjects') }},
        coalesce(subjects.current_code, subjects.subject_code) as current_code,
        subjects.note,
        subjects.in_catalogue,
        subjects.in_documents

    from subjects

)

select * from final
