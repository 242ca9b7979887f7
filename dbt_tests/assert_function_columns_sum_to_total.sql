-- Severity warn: a published inconsistency is reported (here and by `juesuan check`), the build goes on.
{{ config(severity='warn') }}

-- Arithmetic identity of the by-function tables: on every line the total column equals the sum
-- of its component columns, to within one printed unit (0.01 万元) per part.
with

components (table_kind, column_key) as (

    values
        ('income_by_function', 'fiscal_appropriation'),
        ('income_by_function', 'superior_subsidy'),
        ('income_by_function', 'business'),
        ('income_by_function', 'operating'),
        ('income_by_function', 'affiliated_remittance'),
        ('income_by_function', 'other'),
        ('expenditure_by_function', 'basic'),
        ('expenditure_by_function', 'project'),
        ('expenditure_by_function', 'remit_to_superior'),
        ('expenditure_by_function', 'operating'),
        ('expenditure_by_function', 'subsidy_to_affiliated'),
        ('gpb_expenditure_by_function', 'basic'),
        ('gpb_expenditure_by_function', 'project'),
        ('gov_fund_by_function', 'basic'),
        ('gov_fund_by_function', 'project'),
        ('state_capital_by_function', 'basic'),
        ('state_capital_by_function', 'project')

),

amounts as (

    select * from {{ ref('fct_function_amounts') }}

),

parts as (

    select
        amounts.document_id, amounts.table_seq, amounts.subject_code,
        sum(amounts.amount_wan) as parts_sum, count(*) as n_parts
    from amounts
    inner join components using (table_kind, column_key)
    group by all

),

totals as (

    select document_id, table_seq, subject_code, amount_wan as total_wan
    from amounts
    where column_key = 'total'

)

select totals.*, parts.parts_sum, parts.n_parts
from totals
inner join parts using (document_id, table_seq, subject_code)
where abs(totals.total_wan - parts.parts_sum) > 0.01 * parts.n_parts
