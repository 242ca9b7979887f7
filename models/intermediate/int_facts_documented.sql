-- Every published figure with the region, department and year of its document: the one place
-- facts meet documents, for the fact marts and the names printed by year.
with

facts as (

    select * from {{ ref('stg_facts') }}

),

documents as (

    select * from {{ ref('stg_documents') }}

),

joined as (

    select
        facts.*,
        documents.region,
        documents.department,
        documents.year

    from facts
    inner join documents on facts.document_id = documents.document_id

)

select * from joined
