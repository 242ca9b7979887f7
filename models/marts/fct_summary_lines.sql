-- The lines of the two summary tables (收入支出决算总表, 财政拨款收入支出决算总表).
with

facts as (

    select * from {{ ref('int_facts_documented') }}
    where table_kind in ('income_expenditure_summary', 'fiscal_appropriation_summary')

),

line_names as (

    select key as row_key, string_split(applies_to, '|') as table_kinds, name_zh, name_en
    from {{ ref('vocabulary') }}
    where vocabulary = 'row_key'

),

classes as (

    select class_code, name_zh, name_en from {{ ref('function_classes') }}

),

final as (

    select
        {{ figure_origin_columns('facts') }},
        facts.table_kind,
        facts.row_key,
        case facts.row_kind when 'function_subject' then 'class' else 'named' end as line_kind,
        coalesce(line_names.name_zh, classes.name_zh) as line_name_zh,
        coalesce(line_names.name_en, classes.name_en) as line_name_en,
        facts.printed_name,
        facts.column_key,
        {{ figure_amount_columns('facts') }}

    from facts
    left join line_names
        on line_names.row_key = facts.row_key
        and list_contains(line_names.table_kinds, facts.table_kind)
    left join classes on classes.class_code = facts.row_key

)

select * from final
