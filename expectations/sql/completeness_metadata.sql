-- Every document names its department, year and unit (万元 or 元). expected = 1, actual = 1 or 0.
select d.document_id, null as table_seq, null as table_kind, null as row_key,
       field.name as row_label, field.name as column_key, 1 as expected,
       case when field.present then 1 else 0 end as actual,
       0 as addends, null as page, null as line, d.path as source,
       'document metadata: ' || field.name as formula
from raw.documents d,
     lateral (values ('department', d.department is not null and d.department <> ''),
                     ('year', d.year is not null),
                     ('unit', d.unit in ('万元', '元'))) as field(name, present)
