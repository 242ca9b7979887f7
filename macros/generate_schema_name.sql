{#- Models, seeds and stored test failures go to the schema their folder names, exactly:
    `marts.dim_document`, not dbt's default `main_marts` (target schema + custom schema). -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
