-- Each table kind is printed once in a document. A table of a kind printed before in it — again
-- with the same figures, or with others — is loaded but left out of the marts (they count the
-- first one only). One residual per table: expected = 1 (the first of its kind), actual = 0 for a
-- repeat, whose message says whether its figures differ from the first one's.
with tables as (
    select *, min(table_seq) over (partition by document_id, table_kind) as first_seq
    from raw.tables
),
cells as (
    select t.document_id, t.table_seq, f.row_key, f.column_key,
           max(f.value) filter (where f.table_seq = t.table_seq) as repeat_value,
           max(f.value) filter (where f.table_seq = t.first_seq) as first_value
    from tables t
    join raw.facts f on f.document_id = t.document_id and f.table_seq in (t.table_seq, t.first_seq)
    where t.table_seq > t.first_seq
    group by all
),
compared as (
    select document_id, table_seq,
           count(*) filter (where repeat_value is distinct from first_value) as differing
    from cells
    group by all
)
select t.document_id, t.table_seq, t.table_kind, null as row_key, t.title as row_label,
       null as column_key, 1 as expected, if(t.table_seq = t.first_seq, 1, 0) as actual,
       0 as addends, t.page_start as page, t.line_start as line, null as source,
       if(t.table_seq = t.first_seq, 'printed once',
          concat('printed again (table ', t.table_seq, ' repeats table ', t.first_seq, ') ',
                 if(coalesce(c.differing, 0) = 0, 'with the same figures',
                    concat('with ', c.differing, ' figure(s) differing')),
                 '; the marts count the first one only')) as formula
from tables t
left join compared c using (document_id, table_seq)
