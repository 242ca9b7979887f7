-- Every function code in the facts resolves in dim_function_subject with the same level,
-- parent and class.
select
    facts.document_id,
    facts.table_kind,
    facts.subject_code,
    facts.level as fact_level,
    dim.level as dim_level,
    facts.parent_code as fact_parent,
    dim.parent_code as dim_parent
from {{ ref('fct_function_amounts') }} as facts
left join {{ ref('dim_function_subject') }} as dim using (subject_code)
where dim.subject_code is null
    or dim.level is distinct from facts.level
    or dim.parent_code is distinct from facts.parent_code
    or dim.class_code is distinct from facts.class_code
