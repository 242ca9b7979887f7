-- 类/款/项 年初预算 against 决算 as the 情况说明 states them (一般公共预算财政拨款支出决算具体情况):
-- one row per item of a section, the completion rate printed and recomputed, and the reason given.
with

statements as (

    select * from {{ ref('fct_statements') }}
    -- a final's 情况说明; a budget's 编制说明 states next year's money, not its execution
    where topic = 'function_subject' and function_code is not null and doc_kind = 'final'

),

subjects as (

    select * from {{ ref('dim_function_subject') }}

),

items as (

    select
        {{ by_region_year_columns('statements', 'is_primary_document') }},
        section,
        function_code,
        arg_min(page, statement_seq) as page,
        arg_min(line, statement_seq) as line,
        any_value(amount_wan) filter (where measure in ('budget_initial', 'budget', 'budget_full'))
            as budget_wan,
        -- a stated budget whose figure could not be stored (value_problem): kept, saying why
        any_value(value_problem) filter (where measure in ('budget_initial', 'budget', 'budget_full'))
            as budget_problem,
        coalesce(
            any_value(amount_wan) filter (where measure = 'final'),
            any_value(amount_wan) filter (where measure = 'amount')
        ) as final_wan,
        any_value(value_published) filter (where measure = 'completion_pct') as completion_pct_stated,
        any_value(comparison) filter (where comparison is not null) as comparison,
        any_value(reason) filter (where reason is not null) as reason

    from statements
    group by all

),

final as (

    select
        {{ by_region_year_columns('items', 'is_primary_document') }},
        items.section,
        items.function_code,
        subjects.level,
        subjects.canonical_name,
        items.budget_wan,
        items.budget_problem,
        items.final_wan,
        cast(items.final_wan - items.budget_wan as decimal(28, 8)) as final_minus_budget_wan,
        -- no rate from a zero budget: the report states 年初预算 0, a completion rate means nothing
        cast(
            case when items.budget_wan > 0 then round(100 * items.final_wan / items.budget_wan, 2) end
            as decimal(12, 2)
        ) as completion_pct,
        items.completion_pct_stated,
        items.comparison,
        items.reason,
        items.page,
        items.line

    from items
    left join subjects on subjects.subject_code = items.function_code
    -- an item whose budget the narrative states; a 类 named only in the structure section is not one
    where items.budget_wan is not null or items.budget_problem is not null

)

select * from final
