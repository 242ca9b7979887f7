-- A share, completion or growth rate recomputed from the figures it is stated with: the printed
-- rate must fall within what the rounded figures allow (each figure ± half its printed unit, the
-- rate ± half its own). A zero or negative base is narrative_rate_zero_base's; a rate stored without
-- a value (printed with more decimals than the warehouse keeps) is narrative_unstored_figure's.
with rates as (
    select r.*, n.value_wan as num, n.half_wan as num_half, d.value_wan as den, d.half_wan as den_half
    from dq_statement r
    join dq_statement n on n.document_id = r.document_id and n.statement_seq = r.numerator_seq
    join dq_statement d on d.document_id = r.document_id and d.statement_seq = r.denominator_seq
    where r.measure in ('completion_pct', 'share_pct', 'change_pct') and r.unit in ('%', '％')
      and r.value is not null and n.value_wan is not null and d.value_wan is not null
),
based as (
    select *,
           case when measure <> 'change_pct' then den
                when direction = 'down' then den + num else den - num end as base,
           case when measure <> 'change_pct' then den - den_half
                when direction = 'down' then den - den_half + num - num_half
                else den - den_half - num - num_half end as base_lo,
           case when measure <> 'change_pct' then den + den_half
                when direction = 'down' then den + den_half + num + num_half
                else den + den_half - num + num_half end as base_hi
    from rates
),
bounded as (
    select *, 100 * greatest(num - num_half, 0) / base_hi as rate_lo, 100 * (num + num_half) / base_lo as rate_hi,
           100 * num / base as recomputed
    from based
    where base_lo > 0
)
select document_id, null as table_seq, 'narrative' as table_kind, subject as row_key,
       subject as row_label, measure as column_key,
       cast(if(cast(value as double) + half_unit >= rate_lo and cast(value as double) - half_unit <= rate_hi,
               value, round(recomputed, decimals)) as decimal(20, 4)) as expected,
       value as actual, 0 as addends, page, line, 'narrative' as source,
       concat('【', coalesce(section, part), '】 ', value_text, '% stated; ', round(num, 4), ' / ',
              round(base, 4), ' gives ', round(recomputed, 2), '%: ', excerpt) as formula
from bounded
