-- Every published figure with the region, department and year of its document: the one place
-- facts meet documents, for the fact marts and the names printed by year. A table printed again
-- in its document (stg_tables.is_repeat) is left out, so that no figure is counted twice.
with

facts as (

    select * from {{ ref('stg_facts') }}

),

counted_tables as (

    select document_id, table_seq from {{ ref('stg_tables') }} where not is_repeat

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
    inner join counted_tables using (document_id, table_seq)
    inner join documents on facts.document_id = documents.document_id

)

select * from joined
