-- A share, completion or growth rate printed without its % sign (占 76.23;).
select document_id, null as table_seq, 'narrative' as table_kind, subject as row_key,
       subject as row_label, measure as column_key, 0 as expected, 1 as actual, 0 as addends,
       page, line, 'narrative' as source,
       concat('【', coalesce(section, part), '】 ', value_text, ' printed without %: ', excerpt) as formula
from dq_statement
where measure in ('share_pct', 'completion_pct', 'change_pct') and unit = ''
