-- mart_budget_vs_final: every budget figure names where it came from (and none is named without
-- one), and only a figure of a budget document carries that document's id.
with

rows_ as (

    select * from {{ ref('mart_budget_vs_final') }}

)

select *
from rows_
where (budget_wan is null) <> (budget_source is null)
   or (budget_source = 'budget_document') <> (budget_document_id is not null)
