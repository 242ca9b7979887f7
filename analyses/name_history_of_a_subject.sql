-- Every name a subject code has had: official names by period, variants, and what documents printed.
select
    subject_code,
    level,
    canonical_name,
    earlier_names,
    name_variants,
    unnest(names_seen, recursive := true),
    in_crosswalk
from {{ ref('dim_function_subject') }}
where subject_code in ('210', '20805', '20604')
order by subject_code
