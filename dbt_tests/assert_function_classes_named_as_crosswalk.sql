-- The 26 summary-table classes carry the crosswalk's current name.
select classes.class_code, classes.name_zh, dim.canonical_name
from {{ ref('function_classes') }} as classes
left join {{ ref('dim_function_subject') }} as dim on dim.subject_code = classes.class_code
where dim.canonical_name is distinct from classes.name_zh
    or not dim.is_current
