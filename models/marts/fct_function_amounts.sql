with

facts as (

    select * from {{ ref('int_function_subject_facts') }}

),

final as (

    select
        document_id,
        region,
        department,
        year,
        table_seq,
        table_kind,
        column_key,
        subject_code,
        level,
        parent_code,
        class_code,
        section_code,
        printed_name,
        row_label,
        amount_wan,
        value_published,
        unit_published,
        source_ref

    from facts

)

select * from final
