-- A report whose tables were published separately (二、部门决算公开表 详见附表): its narrative is
-- checked on its own, and its tables are not reported missing.
select n.document_id, null as table_seq, null as table_kind, null as row_key,
       '部门决算公开表' as row_label, null as column_key, 1 as expected, 0 as actual, 0 as addends,
       min(r.page) as page, min(r.line) as line, null as source,
       concat('tables published separately (', n.tables_elsewhere, '): narrative checked on its own') as formula
from raw.narratives n
left join raw.narrative_rows r on r.document_id = n.document_id and r.text = n.tables_elsewhere
where n.tables_elsewhere is not null
  and not exists (select 1 from raw.tables t where t.document_id = n.document_id)
group by all
