with

source as (

    select * from {{ source('raw', 'documents') }}

),

renamed as (

    select
        document_id,
        region,
        department,
        year,
        doc_kind,
        doc_level,
        unit,
        format,
        path,
        file_name,
        content_hash,
        parser_version,
        ingested_at

    from source

)

select * from renamed
