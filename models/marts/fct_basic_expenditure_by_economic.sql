-- 一般公共预算财政拨款基本支出 by economic subject, with the 人员经费/公用经费 total lines flagged.
with

facts as (

    select * from {{ ref('int_facts_documented') }}
    where table_kind = 'gpb_basic_expenditure_by_economic'

),

subjects as (

    select * from {{ ref('dim_economic_subject') }}

),

final as (

    select
        {{ figure_origin_columns('facts') }},
        facts.row_key,
        facts.row_kind = 'named' as is_total_line,
        case when facts.row_kind = 'economic_subject' then facts.row_key end as economic_code,
        subjects.level,
        subjects.parent_code,
        subjects.class_code,
        subjects.current_code,
        coalesce(subjects.canonical_name, facts.printed_name) as economic_name,
        facts.printed_name,
        case
            when facts.row_key = 'personnel_total' then 'personnel'
            when facts.row_key = 'public_total' then 'public'
            else subjects.cost_group
        end as cost_group,
        facts.column_key,
        {{ figure_amount_columns('facts') }}

    from facts
    left join subjects
        on facts.row_kind = 'economic_subject' and subjects.economic_code = facts.row_key

)

select * from final
