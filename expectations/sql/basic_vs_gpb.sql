-- 人员经费合计 + 公用经费合计 (or, when those are not printed, Σ 经济分类 类) = the 基本支出 of the
-- 合计 row of 一般公共预算财政拨款支出决算表.
with basic as (
    select document_id,
           case when count(*) filter (where row_key in ('personnel_total', 'public_total')) > 0
                then coalesce(sum(value) filter (
                         where row_key in ('personnel_total', 'public_total')), 0)
                else coalesce(sum(value) filter (where regexp_full_match(row_key, '\d{3}')), 0)
           end as basic_sum,
           case when count(*) filter (where row_key in ('personnel_total', 'public_total')) > 0
                then 'personnel_total + public_total'
                else 'Σ 经济分类 类'
           end as formula,
           greatest(count(*) filter (where row_key in ('personnel_total', 'public_total')), 1)
               as addends,
           any_value(table_no) as table_no
    from dq_fact
    where table_kind = 'gpb_basic_expenditure_by_economic'
    group by document_id
),
gpb as (
    select t.document_id, t.table_seq, f.row_label, f.value, f.page, f.line, f.source
    from raw.tables t
    left join dq_fact f on f.document_id = t.document_id and f.table_seq = t.table_seq
        and f.row_key = 'total' and f.column_key = 'basic'
    where t.table_kind = 'gpb_expenditure_by_function'
)
select gpb.document_id, gpb.table_seq, 'gpb_expenditure_by_function' as table_kind,
       'total' as row_key, coalesce(gpb.row_label, '合计') as row_label, 'basic' as column_key,
       basic.basic_sum as expected, coalesce(gpb.value, 0) as actual, basic.addends,
       gpb.page, gpb.line, gpb.source,
       concat_ws(' ', basic.table_no, basic.formula) as formula
from gpb join basic using (document_id)
