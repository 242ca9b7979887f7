-- Template residue left in the report: XX placeholders, both words of 增加（减少）, a truncated 202 年.
select document_id, null as table_seq, 'narrative' as table_kind, kind as row_key, part as row_label,
       'text' as column_key, 0 as expected, 1 as actual, 0 as addends, page, line, 'narrative' as source,
       concat(residue, ' — ', left(text, 60)) as formula
from dq_narrative_row
where residue is not null
