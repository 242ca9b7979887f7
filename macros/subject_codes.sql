{#- Helpers for the 政府收支分类 code strings: 3 digits a 类, 5 a 款, 7 a 项 (function) -#}

{% macro subject_level(code) -%}
    case length({{ code }}) when 3 then '类' when 5 then '款' when 7 then '项' end
{%- endmacro %}

{% macro parent_code(code) -%}
    case when length({{ code }}) > 3 then left({{ code }}, length({{ code }}) - 2) end
{%- endmacro %}

{% macro section_code(code) -%}
    case when length({{ code }}) >= 5 then left({{ code }}, 5) end
{%- endmacro %}

{#- A printed subject name reduced to what identifies it: no whitespace (PDF line breaks),
    full-width brackets, no list numbering such as 九、 or 1． or （2）. -#}
{% macro normalise_name(label) -%}
    regexp_replace(
        replace(replace(regexp_replace({{ label }}, '\s+', '', 'g'), '(', '（'), ')', '）'),
        '^([一二三四五六七八九十]+、|[0-9]+[．.、]|（[0-9一二三四五六七八九十]+）)',
        ''
    )
{%- endmacro %}

{#- Published figures in 万元 whatever the unit (元, 千元, 万元, 亿元): 元 times 0.0001 keeps DECIMAL (a division
    would give DOUBLE); scale 8 holds any raw DECIMAL(20,4) 元 value exactly. -#}
{% macro to_wan(value, unit) -%}
    cast(
        case {{ unit }}
            when '万元' then {{ value }}
            when '元' then {{ value }} * 0.0001
            when '千元' then {{ value }} * 0.1
            when '亿元' then {{ value }} * 10000
        end
        as decimal(28, 8)
    )
{%- endmacro %}
