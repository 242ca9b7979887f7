-- Every name a document printed next to a subject code: one row per scheme, code, name and document.
with

facts as (

    select * from {{ ref('int_facts_documented') }}
    where row_kind in ('function_subject', 'economic_subject')

),

names as (

    select distinct
        case facts.row_kind
            when 'function_subject' then 'function'
            else 'economic'
        end as scheme,
        facts.row_key as subject_code,
        facts.printed_name,
        facts.document_id,
        facts.year

    from facts

)

select * from names
