with

source as (

    select * from {{ source('raw', 'tables') }}

),

figures as (

    select document_id, table_seq, count(*) as n_figures
    from {{ source('raw', 'facts') }}
    group by all

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
        -- a kind printed twice in the document: the marts count the table with the most figures
        -- (the first printed of them on a tie); the others are repeats, kept but not counted
        table_seq <> first_value(table_seq) over (
            partition by document_id, table_kind
            order by coalesce(figures.n_figures, 0) desc, table_seq
        ) as is_repeat

    from source
    left join figures using (document_id, table_seq)

)

select * from renamed
