-- Every national table kind of a final account (决算) is present (a table declared empty, 本表无数据, counts) and a table not
-- declared empty prints figures. expected = 1 (present with figures), actual = 1 or 0.
with kinds(table_kind, name_zh) as (
    values ('income_expenditure_summary', '收入支出决算总表'),
           ('income_by_function', '收入决算表'),
           ('expenditure_by_function', '支出决算表'),
           ('fiscal_appropriation_summary', '财政拨款收入支出决算总表'),
           ('gpb_expenditure_by_function', '一般公共预算财政拨款支出决算表'),
           ('gpb_basic_expenditure_by_economic', '一般公共预算财政拨款基本支出决算表'),
           ('gov_fund_by_function', '政府性基金预算财政拨款收入支出决算表'),
           ('state_capital_by_function', '国有资本经营预算财政拨款支出决算表'),
           ('three_public_expenses', '财政拨款“三公”经费支出决算表')
),
found as (
    select t.document_id, t.table_kind, min(t.table_seq) as table_seq,
           bool_or(t.is_empty) as declared_empty,
           count(f.value) as figures, min(t.page_start) as page, min(t.line_start) as line
    from raw.tables t
    left join raw.facts f using (document_id, table_seq)
    group by t.document_id, t.table_kind
)
select d.document_id, found.table_seq, k.table_kind, null as row_key, k.name_zh as row_label,
       null as column_key, 1 as expected,
       case when found.declared_empty or found.figures > 0 then 1 else 0 end as actual,
       0 as addends, found.page, found.line, null as source,
       case when found.table_kind is null then 'table not found and not declared empty'
            else 'table prints no figures and is not declared empty' end as formula
from raw.documents d
cross join kinds k
left join found on found.document_id = d.document_id and found.table_kind = k.table_kind
-- a report saying its tables were published separately is completeness_tables_elsewhere's
where d.doc_kind = 'final'
  and not exists (
    select 1 from raw.narratives n
    where n.document_id = d.document_id and n.tables_elsewhere is not null
      and not exists (select 1 from raw.tables t where t.document_id = d.document_id)
)
