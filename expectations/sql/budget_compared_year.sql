-- A budget compares with the budget of the year before: a 2025 budget's 比2024年预算增加… / 与2024年预算
-- 持平. A sentence comparing with another year (比2023年预算…) is an error on its page and line; the
-- year each figure is compared with is raw.statements.compared_year.
with compared as (
    select s.document_id, s.row_seq, s.compared_year, d.year,
           arg_min(s.page, s.statement_seq) as page, arg_min(s.line, s.statement_seq) as line,
           arg_min(s.excerpt, s.statement_seq) as excerpt
    from dq_statement s
    join raw.documents d using (document_id)
    where d.doc_kind = 'budget' and s.compared_year is not null and d.year is not null
    group by all
)
select document_id, null as table_seq, 'narrative' as table_kind, 'compared_year' as row_key,
       'compared_year' as row_label, 'year' as column_key, year - 1 as expected, compared_year as actual,
       0 as addends, page, line, 'narrative' as source,
       concat('the ', year, ' budget compares with ', compared_year, ' (', year - 1, ' expected): ', excerpt)
           as formula
from compared
