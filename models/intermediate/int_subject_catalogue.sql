-- The two classification seeds on one shape: one row per scheme, code and validity period.
with

function_crosswalk as (

    select
        'function' as scheme,
        subject_code,
        valid_from_year,
        valid_to_year,
        official_name,
        name_variants,
        predecessor_code,
        cast(null as varchar) as current_code,
        note
    from {{ ref('function_subject_crosswalk') }}

),

economic_subjects as (

    select
        'economic' as scheme,
        economic_code as subject_code,
        valid_from_year,
        valid_to_year,
        official_name,
        name_variants,
        cast(null as varchar) as predecessor_code,
        current_code,
        note
    from {{ ref('economic_subjects') }}

),

unioned as (

    select * from function_crosswalk
    union all
    select * from economic_subjects

),

final as (

    select
        scheme,
        subject_code,
        valid_from_year,
        valid_to_year,
        official_name,
        coalesce(string_split(nullif(name_variants, ''), '|'), []) as name_variants,
        predecessor_code,
        current_code,
        note,
        -- the period whose name is the code's canonical one: the current, else the last
        row_number() over (
            partition by scheme, subject_code
            order by coalesce(valid_to_year, 9999) desc
        ) = 1 as is_latest

    from unioned

)

select * from final
