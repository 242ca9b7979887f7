-- The department named on the cover, in part headings (第一部分 XX局概况, 第二部分 XX局2024年度部门决算表),
-- on table headers (部门：…) and opening a sentence (XX局2024年度收入支出总计…) is the document's
-- department, not another body or government level.
with named as (
    select *,
           case when kind = 'label'
                then regexp_extract(squashed, '(?:部门(?:名称)?|编制单位|预算单位)[：:](.+?)(?:(?:金额)?单位[：:]|$)', 1)
                when kind = 'cover' or (kind = 'heading' and level = 0)
                then regexp_extract(squashed,
                        '^(?:第[一二三四五六七八九十]+部分)?(\p{Han}[\p{Han}（）()]{3,}?)(?:20\d{2}年度?)?(?:部门|单位)?(?:决算|预算|概况)', 1)
                -- a sentence opening with a body's name and the year: 上海市普陀区XX局2024年度收入支出总计…
                when kind = 'sentence'
                then regexp_extract(squashed,
                        '^(\p{Han}{2,}?(?:省|市|区|县)\p{Han}*?(?:局|委员会|办公室|办事处|中心|委|院|所|站|队))20\d{2}年度?', 1)
           end as printed_name,
           regexp_replace(department, '[（(](?:汇总|本级|合并)[)）]$', '') as own_name
    from dq_narrative_row
    where department is not null
),
compared as (
    select *, regexp_replace(printed_name, '[（(](?:汇总|本级|合并)[)）]$', '') as bare_name
    from named
    where coalesce(printed_name, '') <> '' and printed_name not like '%年度%'
)
select document_id, null as table_seq, 'narrative' as table_kind, kind as row_key, part as row_label,
       'department' as column_key, 0 as expected, 1 as actual, 0 as addends, page, line,
       'narrative' as source,
       concat('names ', bare_name, ' in a report of ', own_name, ': ', left(text, 60)) as formula
from compared
where position(bare_name in own_name) = 0 and position(own_name in bare_name) = 0
