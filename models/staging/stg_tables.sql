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
        line_end,
        -- a kind printed before in the document (the same table printed twice): kept, not counted
        table_seq > min(table_seq) over (partition by document_id, table_kind) as is_repeat

    from source

)

select * from renamed
