-- The report year where the report names it: a cover line, heading or contents entry naming
-- another year's 决算/预算, 截至YYYY年12月31日 with another year, 与YYYY年度相比 / 比YYYY年 with a year
-- other than the one before the report's, and a 情况说明 sentence opening with another year (YYYY年度…).
with named as (
    select *,
           regexp_extract(squashed, '(20\d{2})年度?(?:部门|单位)?(?:决算|预算)', 1) as title_year,
           regexp_extract(squashed, '截至(20\d{2})年(?:度)?12月31日', 1) as closing_year,
           regexp_extract(squashed, '(?:与|比)(20\d{2})年度?(?:相比|同期|减少|增加|下降|增长|持平)', 1)
               as compared_year,
           -- a 情况说明 sentence opening with the year its figures are of (2024年度收入总计…)
           if(kind = 'sentence' and part = 'explanation',
              regexp_extract(squashed, '^(?:\p{Han}{2,}?(?:局|委员会|办公室|办事处|中心|委|院|所|站|队))?(20\d{2})年度', 1),
              '') as opening_year
    from dq_narrative_row
    where year is not null
),
claims as (
    select *, year as expected_year, title_year as stated, 'a heading names' as what
    from named where kind in ('cover', 'heading', 'contents') and title_year <> ''
    union all
    select *, year, closing_year, 'a closing date names' from named where closing_year <> ''
    union all
    select *, year - 1, compared_year, 'a comparison with last year names' from named where compared_year <> ''
    union all
    select *, year, opening_year, 'a sentence of the report''s figures names' from named where opening_year <> ''
)
select document_id, null as table_seq, 'narrative' as table_kind, kind as row_key, part as row_label,
       'year' as column_key, expected_year as expected, cast(stated as integer) as actual, 0 as addends,
       page, line, 'narrative' as source,
       concat(what, ' ', stated, ' in the ', year, ' report (', expected_year, ' expected): ', left(text, 60))
           as formula
from claims
