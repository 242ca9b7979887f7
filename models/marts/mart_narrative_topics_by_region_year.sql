-- What only the narrative tells, by region, department and year: 三公 details (团组, 人次, 车辆,
-- 接待批次), 机关运行经费, 政府采购 (total, goods/works/services, small firms) and 国有资产 (vehicles,
-- equipment), and the 绩效 counts.
with

statements as (

    select * from {{ ref('fct_statements') }}
    where topic in ('three_public', 'office_operation', 'procurement', 'state_assets', 'performance')
        and doc_kind = 'final'  -- what a year's final accounts tell; a budget's plans are fct_statements'

),

final as (

    select
        {{ by_region_year_columns('statements', 'is_primary_document') }},
        topic,
        subject,
        measure,
        value_published,
        unit_published,
        amount_wan,
        direction,
        comparison,
        reason,
        page,
        line,
        statement_seq

    from statements

)

select * from final
