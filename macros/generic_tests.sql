{#- Generic tests (no dbt packages: the hub is out of reach offline). -#}

{#- No two rows share the values of `combination_of_columns`. -#}
{% test unique_combination(model, combination_of_columns) %}
    select {{ combination_of_columns | join(', ') }}, count(*) as n_rows
    from {{ model }}
    group by all
    having count(*) > 1
{% endtest %}

{#- The column holds a key of one vocabulary of seeds/vocabulary.csv. -#}
{% test in_vocabulary(model, column_name, vocabulary) %}
    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} is not null
      and {{ column_name }} not in (
          select key from {{ ref('vocabulary') }} where vocabulary = '{{ vocabulary }}'
      )
{% endtest %}

{#- A column_key is declared in the vocabulary for the row's table_kind. -#}
{% test column_key_in_vocabulary(model, column_name, table_kind_column='table_kind') %}
    with declared as (
        select key as column_key, unnest(string_split(applies_to, '|')) as table_kind
        from {{ ref('vocabulary') }}
        where vocabulary = 'column_key'
    )
    select m.{{ table_kind_column }}, m.{{ column_name }}
    from {{ model }} as m
    anti join declared as d
        on d.table_kind = m.{{ table_kind_column }} and d.column_key = m.{{ column_name }}
{% endtest %}

{#- Arithmetic identity: within each group, a parent line equals the sum of its child lines,
    to within one printed unit (0.01 万元) per child, the tolerance `juesuan check` uses too:
    published figures are rounded one by one (尾数误差). Declared at severity warn: a published
    inconsistency is the document's, reported here and by `juesuan check`, and must not stop
    the warehouse from building. -#}
{% test sums_to_parent(model, column_name, key_column, parent_column, group_by, tolerance_per_child=0.01) %}
    with lines as (
        select {{ group_by | join(', ') }}, {{ key_column }} as line_key,
            {{ parent_column }} as parent_key, {{ column_name }} as amount
        from {{ model }}
    ),
    children as (
        select {{ group_by | join(', ') }}, parent_key, sum(amount) as children_sum,
            count(*) as n_children
        from lines
        where parent_key is not null
        group by all
    )
    select p.*, c.children_sum, c.n_children
    from lines as p
    join children as c
        on c.parent_key = p.line_key
        {% for col in group_by %} and c.{{ col }} = p.{{ col }}{% endfor %}
    where abs(p.amount - c.children_sum) > {{ tolerance_per_child }} * c.n_children
{% endtest %}
