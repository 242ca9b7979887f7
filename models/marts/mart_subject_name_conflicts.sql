-- A code printed under two or more different names in one year: listed, never merged away.
with

seen as (

    select * from {{ ref('int_subject_names_seen') }}

),

subjects as (

    select * from {{ ref('int_subjects') }}

),

catalogue_names as (

    select scheme, subject_code, official_name as known_name
    from {{ ref('int_subject_catalogue') }}
    union
    select scheme, subject_code, unnest(name_variants)
    from {{ ref('int_subject_catalogue') }}

),

-- documents that print more than one name for the code themselves (e.g. 20604 in one report)
within_document as (

    select scheme, subject_code, year, document_id
    from seen
    group by all
    having count(distinct printed_name) > 1

),

-- the code-years printed under more than one name, found before their lists are built (a code-year
-- of a large collection has thousands of documents, and most have one name)
conflicting as (

    select scheme, subject_code, year
    from seen
    group by all
    having count(distinct printed_name) > 1

),

conflicts as (

    select
        seen.scheme,
        seen.subject_code,
        seen.year,
        count(distinct seen.printed_name) as n_names,
        list(distinct seen.printed_name order by seen.printed_name) as printed_names,
        count(distinct seen.document_id) as n_documents,
        list(distinct seen.document_id order by seen.document_id) as document_ids,
        -- names the seeds do not know, as official name or variant
        list(distinct seen.printed_name order by seen.printed_name)
            filter (where catalogue_names.known_name is null) as unknown_names
    from seen
    inner join conflicting
        on conflicting.scheme = seen.scheme
        and conflicting.subject_code = seen.subject_code
        and conflicting.year is not distinct from seen.year
    left join catalogue_names
        on catalogue_names.scheme = seen.scheme
        and catalogue_names.subject_code = seen.subject_code
        and catalogue_names.known_name = seen.printed_name
    group by all

),

final as (

    select
        conflicts.scheme,
        conflicts.subject_code,
        conflicts.year,
        subjects.level,
        subjects.canonical_name,
        conflicts.n_names,
        conflicts.printed_names,
        conflicts.n_documents,
        conflicts.document_ids,
        exists (
            select 1 from within_document
            where within_document.scheme = conflicts.scheme
                and within_document.subject_code = conflicts.subject_code
                and within_document.year = conflicts.year
        ) as within_one_document,
        coalesce(conflicts.unknown_names, []) as unknown_names,
        conflicts.unknown_names is null as all_names_known

    from conflicts
    inner join subjects using (scheme, subject_code)

)

select * from final
