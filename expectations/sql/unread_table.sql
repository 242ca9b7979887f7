-- Every table the document prints is read. A table whose title names a kind juesuan knows but does not
-- read yet (shape `unread` in loaders/layouts/table_kinds.csv) is not a failure of the maps: its rows are
-- kept verbatim in raw.unmapped_rows with its kind and no table_seq, and it is reported once, as a warning,
-- on its title's line.
-- expected = 1 (read); actual = 1 for each table read, 0 for each table not read yet.
select document_id, table_seq, table_kind, null as row_key, title as row_label, null as column_key,
       1 as expected, 1 as actual, 0 as addends, page_start as page, line_start as line, null as source,
       'read' as formula
from raw.tables
union all
select document_id, null as table_seq, table_kind, null as row_key, table_title as row_label,
       null as column_key, 1 as expected, 0 as actual, 0 as addends, page, line, source,
       concat('is a table juesuan knows (', table_kind, ') but does not read yet', ' (page ' || page || ')',
              ': its ', n_rows, ' row(s) are kept in raw.unmapped_rows') as formula
from (
    -- named where its title is printed (the line is unknown in a PDF: there, where its first row is)
    select document_id, table_kind, table_title, count(*) as n_rows, min(source) as source,
           if(min(title_line) is null, min(page), min(title_page)) as page, coalesce(min(title_line), min(line)) as line
    from raw.unmapped_rows
    where table_kind is not null and table_seq is null
    group by document_id, table_kind, table_no, table_title
)
