{#- Column groups the marts share, so that each is written once and every mart lists them alike.
    `relation` is the CTE or relation the columns are read from. -#}

{#- What a fact mart leads with: the document and table a figure comes from
    (`int_facts_documented`). -#}
{% macro figure_origin_columns(relation) -%}
    {{ relation }}.document_id,
    {{ relation }}.region,
    {{ relation }}.department,
    {{ relation }}.year,
    {{ relation }}.table_seq
{%- endmacro %}

{#- What a fact mart ends with: the amount in 万元, as published, and where it was read. -#}
{% macro figure_amount_columns(relation) -%}
    {{ relation }}.amount_wan,
    {{ relation }}.value_published,
    {{ relation }}.unit_published,
    {{ relation }}.source_ref
{%- endmacro %}

{#- What a `mart_*_by_region_year` model leads with (`dim_document`): where and when the figures
    were published, and whether the document is the one to count when summing over departments
    or years (`is_primary` names that column where `relation` calls it otherwise, as a mart built
    on `fct_statements` does). -#}
{% macro by_region_year_columns(relation, is_primary='is_primary') -%}
    {{ relation }}.region,
    {{ relation }}.region_code,
    {{ relation }}.province,
    {{ relation }}.department,
    {{ relation }}.year,
    {{ relation }}.document_id,
    {{ relation }}.{{ is_primary }} as is_primary_document
{%- endmacro %}

{#- What a subject dim says of a code's name (`int_subjects`): where the canonical name comes
    from, the names it had and was printed under, and the years the canonical one holds. -#}
{% macro subject_name_history_columns(relation) -%}
    {{ relation }}.canonical_name_source,
    {{ relation }}.earlier_names,
    {{ relation }}.name_variants,
    {{ relation }}.names_seen,
    {{ relation }}.valid_from_year,
    {{ relation }}.valid_to_year,
    {{ relation }}.is_current
{%- endmacro %}
