-- Every name a subject code has had or been printed under, with the years it holds: the official
-- names of each period (the classification seeds) and the names documents printed, side by side.
with

catalogue as (

    select * from {{ ref('int_subject_catalogue') }}

),

printed as (

    select
        scheme,
        subject_code,
        printed_name as subject_name,
        min(year) as first_year_printed,
        max(year) as last_year_printed,
        count(distinct document_id) as n_documents
    from {{ ref('int_subject_names_seen') }}
    group by all

),

official as (

    select scheme, subject_code, official_name as subject_name, valid_from_year, valid_to_year
    from catalogue

),

variants as (

    select distinct scheme, subject_code, unnest(name_variants) as subject_name
    from catalogue

),

names as (

    select scheme, subject_code, subject_name from official
    union
    select scheme, subject_code, subject_name from variants
    union
    select scheme, subject_code, subject_name from printed

),

final as (

    select
        names.scheme,
        names.subject_code,
        {{ subject_level('names.subject_code') }} as level,
        names.subject_name,
        case
            when official.subject_name is not null then 'official'
            when variants.subject_name is not null then 'variant'
            else 'printed'
        end as name_kind,
        official.valid_from_year,
        official.valid_to_year,
        printed.first_year_printed,
        printed.last_year_printed,
        coalesce(printed.n_documents, 0) as n_documents

    from names
    left join official using (scheme, subject_code, subject_name)
    left join variants using (scheme, subject_code, subject_name)
    left join printed using (scheme, subject_code, subject_name)

)

select * from final
