-- A figure the narrative states that the warehouse cannot store exactly (a rate printed with five
-- decimals, an amount beyond 16 digits): its statement is kept with the sentence and the printed text
-- and no value (raw.statements.value_problem says why), so the rules that compare figures pass it by
-- and this one tells the analyst.
select document_id, null as table_seq, 'narrative' as table_kind, subject as row_key,
       subject as row_label, measure as column_key, 0 as expected, 1 as actual, 0 as addends,
       page, line, 'narrative' as source,
       concat('【', coalesce(section, part), '】 ', value_text, unit,
              ' does not fit DECIMAL(20, 4) (more than 4 decimals or 16 digits): kept as printed, no value stored: ',
              excerpt) as formula
from dq_statement
where value is null
