with

documents as (

    select * from {{ ref('stg_documents') }}

),

regions as (

    select * from {{ ref('regions') }}

),

tables as (

    select
        document_id,
        count(*) filter (where not is_repeat) as n_tables,
        count(*) filter (where is_empty and not is_repeat) as n_empty_tables,
        count(*) filter (where is_repeat) as n_repeated_tables
    from {{ ref('stg_tables') }}
    group by all

),

facts as (

    -- the figures the marts count: a table printed twice counts once
    select document_id, count(*) as n_facts
    from {{ ref('int_facts_documented') }}
    group by all

),

statements as (

    select document_id, count(*) as n_statements
    from {{ ref('stg_statements') }}
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
        coalesce(tables.n_repeated_tables, 0) as n_repeated_tables,
        coalesce(facts.n_facts, 0) as n_facts,
        coalesce(statements.n_statements, 0) as n_statements

    from documents
    left join regions on regions.region_name = documents.region
    left join tables using (document_id)
    left join facts using (document_id)
    left join statements using (document_id)

),

ranked as (

    select
        document_id,
        region,
        region_code,
        province,
        prefecture,
        department,
        year,
        doc_kind,
        doc_level,
        unit,
        format,
        path,
        file_name,
        n_tables,
        n_empty_tables,
        n_repeated_tables,
        n_facts,
        n_statements,
        -- one report (a department-year's final or budget) can be loaded from several files (a PDF
        -- and its spreadsheet): the primary one is what sums over departments and years should
        -- count, once; a file that prints a table twice is primary only when no other file has
        -- the report
        row_number() over (
            partition by region, department, year, doc_kind, doc_level
            order by n_repeated_tables > 0, n_facts desc,
                list_position(['pdf', 'xlsx', 'text', 'markdown'], format), document_id
        ) = 1 as is_primary,
        count(*) over (partition by region, department, year, doc_kind, doc_level)
            as n_documents_same_department_year,
        parser_version,
        ingested_at

    from joined

),

final as (

    select
        * exclude (parser_version, ingested_at),
        -- the 情况说明 counts once too, from the primary file when it states figures, else from
        -- the file that states the most (a spreadsheet of the tables beside the report's text)
        n_statements > 0 and row_number() over (
            partition by region, department, year, doc_kind, doc_level
            order by n_statements > 0 and is_primary desc, n_statements desc,
                list_position(['pdf', 'xlsx', 'text', 'markdown'], format), document_id
        ) = 1 as is_primary_narrative,
        parser_version,
        ingested_at

    from ranked

)

select * from final
