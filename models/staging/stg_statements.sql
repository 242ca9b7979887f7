-- Every figure the narrative states, renamed, with its amount in 万元 and the topic its subject
-- belongs to (the table totals, a 功能分类 subject, 三公, 机关运行经费, 政府采购, 国有资产, 绩效).
with

source as (

    select * from {{ source('raw', 'statements') }}

),

renamed as (

    select
        document_id,
        statement_seq,
        row_seq,
        part,
        section,
        subsection,
        page,
        line,
        subject,
        case
            when subject like 'fn:%' then 'function_subject'
            when subject like 'three_public%' or subject like 'reception%' then 'three_public'
            when subject = 'office_operation' then 'office_operation'
            when subject like 'procurement%' then 'procurement'
            when subject like 'vehicles%' or subject like 'equipment%' then 'state_assets'
            when subject like 'performance%' then 'performance'
            when subject is null then 'unknown'
            else 'totals'
        end as topic,
        function_code,
        measure,
        value as value_published,
        value_problem,
        value_text,
        decimals,
        unit as unit_published,
        unit_kind,
        {{ to_wan('value', 'unit') }} as amount_wan,
        direction,
        comparison,
        comparison_sense,
        reason,
        table_kind,
        row_key,
        column_key,
        numerator_seq,
        denominator_seq,
        sentence

    from source

)

select * from renamed
