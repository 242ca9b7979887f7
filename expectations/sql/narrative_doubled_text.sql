-- Doubled punctuation (。。, ，。) or a word written twice (经费经费) in the report's prose.
select document_id, null as table_seq, 'narrative' as table_kind, kind as row_key, part as row_label,
       'text' as column_key, 0 as expected, 1 as actual, 0 as addends, page, line, 'narrative' as source,
       concat(doubled, ' — ', left(text, 60)) as formula
from dq_narrative_row
where doubled is not null
