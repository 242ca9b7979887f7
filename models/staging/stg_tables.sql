with

source as (

    select * from {{ source('raw', 'tables') }}

),

renamed as (

    select
        document_id,
        table_seq,
        table_kind,
        table_no,
        title,
        unit as unit_published,
        is_empty,
        empty_note,
        page_start,
        page_end,
        line_start,
        line_end

    from source

)

select * from renamed
