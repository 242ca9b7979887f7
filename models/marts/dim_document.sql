with

documents as (

    select * from {{ ref('stg_documents') }}

),

regions as (

    select * from {{ ref('regions') }}

),

tables as (

    select document_id, count(*) as n_tables, count(*) filter (where is_empty) as n_empty_tables
    from {{ ref('stg_tables') }}
    group by all

),

facts as (

    select document_id, count(*) as n_facts
    from {{ ref('stg_facts') }}
    group by all

),

joined as (

    select
        documents.*,
        regions.region_code,
        regions.province,
        regions.prefecture,
        coalesce(tables.n_tables, 0) as n_tables,
        coalesce(tables.n_empty_tables, 0) as n_empty_tables,
        coalesce(facts.n_facts, 0) as n_facts

    from documents
    left join regions on regions.region_name = documents.region
    left join tables using (document_id)
    left join facts using (document_id)

),

final as (

    select
        document_id,
        region,
        region_code,
        province,
        prefecture,
        department,
        year,
        unit,
        format,
        path,
        file_name,
        n_tables,
        n_empty_tables,
        n_facts,
        -- one department-year can be loaded from several files (a PDF and its spreadsheet):
        -- the primary one is what sums over departments and years should count, once
        row_number() over (
            partition by region, department, year
            order by n_facts desc, list_position(['pdf', 'xlsx', 'text', 'markdown'], format),
                document_id
        ) = 1 as is_primary,
        count(*) over (partition by region, department, year) as n_documents_same_department_year,
        parser_version,
        ingested_at

    from joined

)

select * from final
