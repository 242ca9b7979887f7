-- Every printed row is keyed. A row the loader could not key (label, code or figures not understood)
-- is kept verbatim in raw.unmapped_rows and is an error until the layout maps learn it.
-- expected = 1 (keyed); actual = 1 for each keyed row of the facts, 0 for each unmapped row. Rows of a
-- table juesuan knows but does not read yet (a kind and no table_seq) are rule unread_table's.
select document_id, table_seq, table_kind, row_key, any_value(row_label) as row_label,
       null as column_key, 1 as expected, 1 as actual, 0 as addends,
       min(page) as page, min(line) as line, min(source) as source, 'keyed' as formula
from dq_fact
group by document_id, table_seq, table_kind, row_key
union all
select document_id, table_seq, table_kind, null as row_key, '''' || text || '''' as row_label,
       null as column_key, 1 as expected, 0 as actual, 0 as addends, page, line, source,
       concat('unmapped row of ''', table_title, '''', ' on page ' || page, ', line ' || line,
              ' (', source, '): ', reason) as formula
from raw.unmapped_rows
where table_seq is not null or table_kind is null
