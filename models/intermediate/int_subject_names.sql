-- Per scheme and code: the names printed with their years, and the one printed most recently.
with

seen as (

    select * from {{ ref('int_subject_names_seen') }}

),

per_name as (

    select
        scheme,
        subject_code,
        printed_name,
        min(year) as first_year,
        max(year) as last_year,
        count(distinct document_id) as n_documents
    from seen
    group by all

),

per_code as (

    select
        scheme,
        subject_code,
        list(
            struct_pack(
                name := printed_name,
                first_year := first_year,
                last_year := last_year,
                n_documents := n_documents
            )
            order by first_year, printed_name
        ) as names_seen,
        arg_max(printed_name, [coalesce(last_year, 0), n_documents]) as latest_printed_name
    from per_name
    group by all

)

select * from per_code
