-- Severity warn: a published inconsistency is reported (here and by `juesuan check`), the build goes on.
{{ config(severity='warn') }}

-- 人员经费合计 equals the 301 and 303 class lines, 公用经费合计 the other class lines.
with

lines as (

    select * from {{ ref('fct_basic_expenditure_by_economic') }}

),

class_sums as (

    select document_id, table_seq, cost_group, sum(amount_wan) as classes_sum, count(*) as n_lines
    from lines
    where level = '类'
    group by all

),

totals as (

    select document_id, table_seq, cost_group, amount_wan as total_wan
    from lines
    where is_total_line

)

select totals.*, class_sums.classes_sum
from totals
inner join class_sums using (document_id, table_seq, cost_group)
where abs(totals.total_wan - class_sums.classes_sum) > 0.01 * class_sums.n_lines
