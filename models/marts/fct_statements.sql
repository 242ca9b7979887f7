-- Every figure the narrative (情况说明, a budget's 编制说明) states, with its document's region, department,
-- year and kind (final or budget):
-- subject, measure, value, unit, comparison word and reason, traced to its page and line.
-- `is_primary_document` marks the file whose narrative counts for its report
-- (`dim_document.is_primary_narrative`): a report loaded from a PDF and its spreadsheet states
-- its figures once.
with

statements as (

    select * from {{ ref('stg_statements') }}

),

documents as (

    select * from {{ ref('dim_document') }}

),

final as (

    select
        {{ by_region_year_columns('documents', 'is_primary_narrative') }},
        documents.doc_kind,
        statements.statement_seq,
        statements.part,
        statements.section,
        statements.subsection,
        statements.page,
        statements.line,
        statements.topic,
        statements.subject,
        statements.function_code,
        statements.measure,
        statements.value_published,
        statements.value_problem,
        statements.unit_published,
        statements.amount_wan,
        statements.direction,
        statements.comparison,
        statements.reason,
        statements.table_kind,
        statements.row_key,
        statements.column_key,
        statements.sentence

    from statements
    inner join documents on documents.document_id = statements.document_id

)

select * from final
