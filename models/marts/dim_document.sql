with

documents as (

    select * from {{ ref('stg_documents') }}

),

regions as (

    select * from {{ ref('regions') }}

),

tables as (

    select document_id, count(*) as n_tables, count(*) filter (where is_empty) as n_empty_tables
    from {{ source('raw', 'tables') }}
    group by all

),

facts as (

    select document_id, count(*) as n_facts
    from {{ ref('stg_facts') }}
    group by all

),

final as (

    select
        documents.document_id,
        documents.region,
        regions.region_code,
        regions.province,
        regions.prefecture,
        documents.department,
        documents.year,
        documents.unit,
        documents.format,
        documents.path,
        documents.file_name,
        coalesce(tables.n_tables, 0) as n_tables,
        coalesce(tables.n_empty_tables, 0) as n_empty_tables,
        coalesce(facts.n_facts, 0) as n_facts,
        documents.parser_version,
        documents.ingested_at

    from documents
    left join regions on regions.region_name = documents.region
    left join tables using (document_id)
    left join facts using (document_id)

)

select * from final
