-- The contents list (目录) promises only tables the report holds: an entry naming a table kind the
-- document has no table of (by unit or by function counts as the same table). A table juesuan knows but
-- does not read yet (its rows in raw.unmapped_rows with its kind, no table_seq) is held all the same.
select r.document_id, null as table_seq, r.table_kind, 'contents' as row_key, r.text as row_label,
       'table' as column_key, 1 as expected, 0 as actual, 0 as addends, r.page, r.line,
       'narrative' as source, concat('the contents list names ', r.text, ', which the report does not hold')
           as formula
from dq_narrative_row r
where r.kind = 'contents' and r.table_kind is not null
  and exists (select 1 from raw.tables t where t.document_id = r.document_id)
  and not exists (
      select 1 from raw.tables t
      where t.document_id = r.document_id
        and regexp_replace(t.table_kind, '_by_(unit|function)$', '')
            = regexp_replace(r.table_kind, '_by_(unit|function)$', ''))
  and not exists (
      select 1 from raw.unmapped_rows u
      where u.document_id = r.document_id and u.table_kind = r.table_kind and u.table_seq is null)
