-- Every subject code of both schemes that the seeds list or a document printed, with its
-- parent chain, canonical name, earlier names, variants and the names seen in documents.
with

catalogue as (

    select * from {{ ref('int_subject_catalogue') }}

),

names as (

    select * from {{ ref('int_subject_names') }}

),

printed_codes as (

    select scheme, subject_code from names

),

-- a printed code brings its whole parent chain, listed or not
codes as (

    select scheme, subject_code from catalogue
    union
    select scheme, subject_code from printed_codes
    union
    select scheme, left(subject_code, 3) from printed_codes
    union
    select scheme, left(subject_code, 5) from printed_codes where length(subject_code) = 7

),

latest as (

    select * from catalogue where is_latest

),

history as (

    select
        scheme,
        subject_code,
        list(official_name order by valid_from_year nulls first)
            filter (where not is_latest) as earlier_names,
        list_sort(list_distinct(flatten(list(name_variants)))) as name_variants
    from catalogue
    group by all

),

resolved as (

    select
        codes.scheme,
        codes.subject_code,
        {{ subject_level('codes.subject_code') }} as level,
        {{ parent_code('codes.subject_code') }} as parent_code,
        left(codes.subject_code, 3) as class_code,
        {{ section_code('codes.subject_code') }} as section_code,
        coalesce(latest.official_name, names.latest_printed_name) as canonical_name,
        case when latest.subject_code is not null then 'catalogue' else 'printed' end
            as canonical_name_source,
        latest.valid_from_year,
        latest.valid_to_year,
        latest.subject_code is not null and latest.valid_to_year is null as is_current,
        latest.predecessor_code,
        latest.current_code,
        latest.note,
        coalesce(history.earlier_names, []) as earlier_names,
        coalesce(history.name_variants, []) as name_variants,
        coalesce(names.names_seen, []) as names_seen,
        latest.subject_code is not null as in_catalogue,
        names.subject_code is not null as in_documents

    from codes
    left join latest using (scheme, subject_code)
    left join history using (scheme, subject_code)
    left join names using (scheme, subject_code)

),

-- the canonical names of the code's class and section, for the dims to show beside its own
final as (

    select
        resolved.*,
        classes.canonical_name as class_name,
        sections.canonical_name as section_name

    from resolved
    left join resolved as classes
        on classes.scheme = resolved.scheme and classes.subject_code = resolved.class_code
    left join resolved as sections
        on sections.scheme = resolved.scheme and sections.subject_code = resolved.section_code

)

select * from final
