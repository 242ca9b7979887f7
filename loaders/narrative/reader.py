"""A document's narrative: its rows (cover, contents, headings, sentences) and statements."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from loaders.layouts import match_table_kind
from loaders.model import DocumentText
from loaders.narrative.statements import Statement, read_statements
from loaders.narrative.structure import Row, read_rows
from loaders.narrative.vocabulary import words
from loaders.readers.meta import first_report_title


@dataclass
class Narrative:
    rows: list[Row]
    statements: list[Statement]

    @property
    def parts(self) -> list[str]:
        return [row.part for row in self.rows if row.kind == "heading" and row.level == 0]

    @property
    def tables_elsewhere(self) -> str | None:
        """The sentence saying the tables were published separately (详见附表), if the report says so."""
        return next(
            (
                row.text
                for row in self.rows
                if row.kind == "sentence"
                and row.part in ("tables", "cover", "overview")
                and any(word in row.squashed for word in words("tables_elsewhere"))
            ),
            None,
        )

    @property
    def is_report(self) -> bool:
        """A recognisable report narrative: a 情况说明 part that states figures."""
        return "explanation" in self.parts and bool(self.statements)

    def report_title(self) -> tuple[str | None, int | None]:
        """Department and year of the report's cover or part headings (XX局2024年度部门决算)."""
        cover = [
            row.text for row in self.rows if row.kind in ("cover", "heading") and row.part in ("cover", "overview")
        ]
        return first_report_title(["".join(cover[:4]), *cover])

    @property
    def money_unit(self) -> str | None:
        """The unit most of the stated amounts carry (万元 or 元)."""
        units = Counter(s.unit for s in self.statements if s.unit_kind == "money" and s.unit in ("万元", "元"))
        return units.most_common(1)[0][0] if units else None

    def promised_tables(self) -> list[tuple[Row, str]]:
        """Contents entries naming a table, with the table kind each names."""
        found = []
        for row in self.rows:
            kind = match_table_kind(row.text) if row.kind == "contents" else None
            if kind:
                found.append((row, kind))
        return found


def read_narrative(doc: DocumentText) -> Narrative:
    narrative = Narrative(read_rows(doc.lines), [])
    narrative.statements = read_statements(narrative.rows, doc.year or narrative.report_title()[1])
    return narrative
