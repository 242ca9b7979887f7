-- Each table kind is printed once in a document. When a kind is printed more than once — the same
-- table again, with the same figures or with others, or a contents line read as an empty table —
-- all are loaded, but the marts count one: the table with the most figures (the first printed of
-- them on a tie; stg_tables.is_repeat marks the others). One residual per table: expected = 1,
-- actual = 1 for the counted table, 0 for each other one, whose message names the counted table and
-- says whether their figures differ.
with figures as (
    select document_id, table_seq, count(*) as n_figures from raw.facts group by all
),
tables as (
    select t.*,
           first_value(t.table_seq) over (partition by t.document_id, t.table_kind
                                          order by coalesce(f.n_figures, 0) desc, t.table_seq)
               as counted_seq
    from raw.tables t
    left join figures f using (document_id, table_seq)
),
cells as (
    select t.document_id, t.table_seq, f.row_key, f.column_key,
           max(f.value) filter (where f.table_seq = t.table_seq) as repeat_value,
           max(f.value) filter (where f.table_seq = t.counted_seq) as counted_value
    from tables t
    join raw.facts f on f.document_id = t.document_id and f.table_seq in (t.table_seq, t.counted_seq)
    where t.table_seq <> t.counted_seq
    group by all
),
compared as (
    select document_id, table_seq,
           count(*) filter (where repeat_value is distinct from counted_value) as differing
    from cells
    group by all
)
select t.document_id, t.table_seq, t.table_kind, null as row_key, t.title as row_label,
       null as column_key, 1 as expected, if(t.table_seq = t.counted_seq, 1, 0) as actual,
       0 as addends, t.page_start as page, t.line_start as line, null as source,
       if(t.table_seq = t.counted_seq, 'printed once or counted',
          concat('printed again: table ', t.table_seq, ' and table ', t.counted_seq, ' are both ',
                 t.table_kind, ', ',
                 if(coalesce(c.differing, 0) = 0, 'with the same figures',
                    concat(c.differing, ' figure(s) differing')),
                 '; the marts count table ', t.counted_seq, ' only')) as formula
from tables t
left join compared c using (document_id, table_seq)
