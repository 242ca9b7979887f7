"""Statements: each figure a sentence states, with its subject, measure, comparison word and reason.

The measure comes from the words right before the figure (年初预算为, 支出决算为, 完成年初预算的,
增长, 占…) and its unit; the subject is the last one named before it in the sentence (the one
before 占 for a share), else the one the section last spoke of. A rate keeps the statements it is
computed from (``numerator``/``denominator``): a completion rate its 决算 and 年初预算, a growth rate
its change and current amount, a share its part and the whole (named after 占, else the figure the
sentence or section breaks down with 其中/包括/主要用于). A comparison word or reason written in
the next sentence (决算数小于预算数的主要原因：…) belongs to the figures before it. Figures listed
one after another (X万元、Y万元; X,Y万元) share the words leading to the first; listed after 各 or 分别
they are each of the subjects named before, in order (基本支出、项目支出分别为X万元、Y万元; 收、支总计各是
X,Y万元). A figure of a clause opening with another year than the report's (2016年项目支出X万元 in a
2017 report) is no statement of the report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from loaders.narrative.figures import Figure, figures
from loaders.narrative.structure import Row
from loaders.narrative.subjects import Mention, mentions, subject_keys, topics
from loaders.narrative.vocabulary import measure_rules, pattern, words

_STATED_PARTS = {"overview", "explanation"}  # a tables part holds table text, not statements
_AMOUNTS = {"amount", "final"}
_BUDGETS = {"budget", "budget_initial", "budget_full"}
_OPENING = 3  # characters of numbering before the subject a sentence opens with
_LOOKBACK = 12  # statements searched back for a rate's operands
_FUND_TABLES = (("政府性基金", "gov_fund_by_function"), ("国有资本", "state_capital_by_function"))
_SENTENCE_CUT = re.compile(r"[。！？]$")
_LIST_SEPARATORS = ",，、"
_SUBJECT_JOINS = ("、", "和", "及", "与")  # between subjects named as a list (基本支出、项目支出)


@dataclass
class Statement:
    seq: int
    row: int  # index of the sentence among the narrative rows
    part: str
    section: str | None
    subsection: str | None
    page: int
    line: int
    subject: str | None
    function_code: str | None
    measure: str
    value: Decimal
    value_text: str
    decimals: int
    unit: str
    unit_kind: str
    direction: str | None  # up | down for a change
    comparison: str | None
    reason: str | None
    sentence: str
    table_kind: str | None = None
    row_key: str | None = None
    column_key: str | None = None
    numerator: int | None = None  # seq of the statement a rate is computed from
    denominator: int | None = None
    compared_year: int | None = None  # the year the figure is compared with (比2024年预算增加…)


def _measure(lead: str, figure: Figure) -> str | None:
    """The measure of a figure; None for one the report states of no line of its own year: the gap to
    the budget (决算数大于预算数X万元, 比预算增加X万元, 差值为X万元) or last year's figure (较2024年的X万元),
    whose rows in ``narrative_measures.csv`` name no measure."""
    for rule in measure_rules():
        if figure.unit_kind in (rule.units, "") and rule.pattern.search(lead):
            return rule.measure or None
    defaults = {"money": "amount", "rate": "rate", "count": "count", "score": "score"}
    return defaults.get(figure.unit_kind)


def _direction(lead: str) -> str | None:
    """up or down by the direction word nearest the figure (减增加 left in a template: up; 增加（减少）:
    down)."""
    tail = lead[-4:]
    down = max(tail.rfind(word) for word in words("decrease"))
    up = max(tail.rfind(word) for word in words("increase"))
    if down == up:  # neither
        return None
    return "down" if down > up else "up"


def compared_year(lead: str, tail: str) -> int | None:
    """The year a figure is compared with: named in the words leading to it (比2024年预算增加X), else
    in those after it up to the next figure (X万元，与2024年预算持平). Patterns: ``narrative_words.csv``."""
    for text in (lead, tail):
        for year_pattern in words("compared_year"):
            found = re.search(year_pattern, text)
            if found:
                return int(found.group(1))
    return None


def _first_word(text: str, kind: str) -> tuple[str, int] | None:
    hits = [(text.find(word), word) for word in words(kind) if word in text]
    return (min(hits)[1], min(hits)[0]) if hits else None


def _reason(text: str) -> str | None:
    found = _first_word(text, "reason")
    if not found:
        return None
    word, at = found
    reason = text[at + len(word) :].lstrip("是为：:，, ")
    return _SENTENCE_CUT.sub("", reason) or None


def depths(text: str) -> list[int]:
    """How deep inside brackets each character of a squashed sentence is."""
    found, depth = [], 0
    for char in text:
        depth += char == "（"
        found.append(depth)
        depth = max(0, depth - (char == "）"))
    return found


def _subject(mentioned: list[Mention], figure: Figure, lead_start: int, measure: str, text: str, depth: list[int]):
    """(subject mention, base mention of a share) for a figure; mentions inside a bracketed aside
    (其中，一般公共预算…) name no subject for the figures after it. The base of a share is the last
    subject its 占 phrase names (占一般公共预算项目支出总额的: 项目支出)."""
    level = depth[figure.start]
    before = [m for m in mentioned if m.end <= figure.start and depth[m.start] <= level]
    base = None
    if measure == "share_pct":
        share_at = text.rfind("占", lead_start, figure.start)
        base = next((m for m in reversed(before) if m.start > share_at), None)
        before = [m for m in before if m.end <= share_at]
    else:  # the whole a share was of (占一般公共预算支出的X%) is no subject of the figures after it
        before = [m for m in before if not _SHARE_OF.search(text[: m.start])]
    about = topics(before)
    subject = about[-1] if about else None
    between = _ASIDE.sub("", text[subject.end : figure.start]) if subject else ""
    if any(word in between for word in words("whole")):
        # 支出X万元，主要用于以下方面：1.“一般公共服务”Y万元 — Y is a part of X, of a subject not named here
        return _UNNAMED, base
    return subject, base


_ASIDE = re.compile(r"（[^（）]*）")
_SHARE_OF = re.compile(r"占(?!用)[^，。；：,;]*$")  # an 占 earlier in the clause
_UNNAMED = Mention("", 0, 0, "")  # a figure whose subject the sentence does not name (and no other's)


def _continues_list(text: str, stated: list[Figure], at: int) -> bool:
    """Whether a figure is the next of a list (X万元、Y万元; X,Y万元): right after the one before and a separator."""
    if at == 0:
        return False
    before = stated[at - 1].end
    return stated[at].start == before + 1 and text[before] in _LIST_SEPARATORS


def _lists(text: str, stated: list[Figure]) -> list[tuple[int, int]]:
    """(place in its list, length of the list) of each figure; a figure standing alone is a list of one."""
    starts = [at for at in range(len(stated)) if not _continues_list(text, stated, at)]
    ends = [*starts[1:], len(stated)] if starts else []
    return [(at - start, end - start) for start, end in zip(starts, ends, strict=True) for at in range(start, end)]


def _subject_list(subject: Mention, mentioned: list[Mention], text: str) -> list[Mention]:
    """The subjects named as a list ending with ``subject`` (基本支出、项目支出), in order."""
    listed = [subject]
    for m in reversed([m for m in mentioned if m.end <= subject.start]):
        if text[m.end : listed[0].start] not in _SUBJECT_JOINS:
            break
        listed.insert(0, m)
    return listed


class _Reader:
    def __init__(self, year: int | None = None) -> None:
        self.year = year  # the report's year: a clause opening with another states no figure of it
        self.statements: list[Statement] = []
        self.section_key: tuple[str, str | None] | None = None
        self.carried: str | None = None  # the subject the section last spoke of
        self.carried_code: str | None = None
        self.whole: Statement | None = None  # the figure the section breaks down
        self.previous_row = 0  # the last sentence before this one (in its section) that stated a figure
        self.last_stated_row = 0

    def sentence(self, index: int, row: Row) -> list[Statement]:
        if (row.part, row.section) != self.section_key:
            self.section_key, self.carried, self.carried_code, self.whole = (row.part, row.section), None, None, None
            self.last_stated_row = index
        self.previous_row = self.last_stated_row
        text = row.squashed
        mentioned = mentions(text)
        comparison = _first_word(text, "comparison")
        reason = _reason(row.text)
        made: list[Statement] = []
        ends: list[int] = []  # where each statement's figure ends in the sentence
        m_start: dict[int, int] = {}  # statement seq → where its figure starts
        previous_end = 0
        depth = depths(text)
        stated = figures(text)
        listed = _lists(text, stated)
        lead, lead_start, measure = "", 0, None
        for at, figure in enumerate(stated):
            if not _continues_list(text, stated, at):  # the next of a list shares the words leading to the first
                lead = text[previous_end : figure.start]
                lead_start = previous_end
                named = next((m for m in mentioned if m.end == figure.start and m.start >= previous_end), None)
                measure = _measure(lead[: len(lead) - len(named.printed)] if named else lead, figure)
            tail = text[figure.end : stated[at + 1].start if at + 1 < len(stated) else len(text)]
            previous_end = figure.end
            if measure is None or self._of_another_year(text, figure.start):
                continue
            subject, base = _subject(mentioned, figure, lead_start, measure, text, depth)
            name = (subject.subject or None) if subject else self.carried
            code = subject.function_code if subject else self.carried_code
            place, length = listed[at]
            if length > 1 and pattern("distributive").search(lead):
                name, code = _each(subject, name, code, mentioned, text, place, length)
            page, line = row.where(figure.start)
            statement = Statement(
                seq=len(self.statements) + 1,
                row=index,
                part=row.part,
                section=row.section,
                subsection=row.subsection,
                page=page,
                line=line,
                subject=name,
                function_code=code,
                measure=measure,
                value=figure.value,
                value_text=figure.text.replace(",", ""),
                decimals=figure.decimals,
                unit=figure.unit,
                unit_kind=figure.unit_kind,
                direction=_direction(lead) if measure.startswith("change") else None,
                comparison=comparison[0] if comparison else None,
                reason=reason,
                sentence=row.text,
                compared_year=compared_year(lead, tail),
            )
            self._keys(statement)
            outside = [m for m in made if depth[m_start[m.seq]] <= depth[figure.start]]
            self._operands(statement, base, mentioned, outside)
            self.statements.append(statement)
            made.append(statement)
            ends.append(figure.end)
            m_start[statement.seq] = figure.start
            self.carried, self.carried_code = name, code
        opening = next(iter(topics(mentioned)), None)
        if not made and opening and (opening.function_code or opening.start <= _OPENING):
            # a sentence opening with its subject and stating no figure (1、…（类）…（款）…（项）。)
            self.carried, self.carried_code = opening.subject, opening.function_code
        self._note_whole(text, made, ends)
        if made:
            self.last_stated_row = index
        return made

    def _of_another_year(self, text: str, at: int) -> bool:
        found = pattern("clause_year").search(text[:at])
        return found is not None and self.year is not None and int(found.group(1)) != self.year

    def _keys(self, s: Statement) -> None:
        scope = f"{s.section or ''}{s.subsection or ''}"
        if any(word in scope for word in words("no_table_section")):
            return  # 绩效 sections state project funds, not the tables' lines
        if s.subject and s.subject.startswith("fn:") and s.function_code and s.measure in _AMOUNTS:
            kind = next((k for word, k in _FUND_TABLES if word in scope), "gpb_expenditure_by_function")
            s.table_kind, s.row_key, s.column_key = kind, s.function_code, "total"
            return
        keys = subject_keys(s.subject) if s.subject else None
        if keys is None or keys.table_kind is None:
            return
        column = keys.column_key if s.measure in _AMOUNTS else keys.budget_column if s.measure in _BUDGETS else None
        if column:
            s.table_kind, s.row_key, s.column_key = keys.table_kind, keys.row_key, column

    def _last(self, subject: str | None, measures: set[str], since_row: int) -> Statement | None:
        """The latest statement of a subject and measure printed in a sentence from ``since_row`` on."""
        for s in reversed(self.statements[-_LOOKBACK:]):
            if s.subject == subject and s.measure in measures and s.row >= since_row:
                return s
        return None

    def _current(self, subject: str | None) -> Statement | None:
        """The amount a change is stated against: the subject's, else (收入总计…支出总计…，各增加) the
        last amount of this sentence or the one before."""
        return self._last(subject, _AMOUNTS, self.previous_row) or self._last_amount(self.previous_row)

    def _last_amount(self, since_row: int) -> Statement | None:
        return next((s for s in reversed(self.statements) if s.measure in _AMOUNTS and s.row >= since_row), None)

    def _last_anywhere(self, subject: str, measures: set[str]) -> Statement | None:
        return next((s for s in reversed(self.statements) if s.subject == subject and s.measure in measures), None)

    def _operands(self, s: Statement, base: Mention | None, mentioned: list[Mention], made: list[Statement]) -> None:
        if s.measure == "completion_pct":  # 决算 and 年初预算 stated in the same sentence
            final, budget = self._last(s.subject, _AMOUNTS, s.row), self._last(s.subject, _BUDGETS, s.row)
        elif s.measure == "change_pct":  # the current amount may be in the sentence before (与上年相比，…)
            final = self._last(s.subject, {"change_amount"}, s.row)
            budget = self._current(s.subject)
        elif s.measure == "change_amount":  # the amount it changed: last year's report is checked on it
            final, budget = None, self._current(s.subject)
        elif s.measure == "share_pct":
            final = made[-1] if made and made[-1].unit_kind == "money" else None
            budget = self._whole_of(s, base, mentioned)
        else:
            return
        s.numerator = final.seq if final else None
        s.denominator = budget.seq if budget else None

    def _whole_of(self, s: Statement, base: Mention | None, mentioned: list[Mention]) -> Statement | None:
        if base is not None:
            return self._last_anywhere(base.subject, _AMOUNTS)
        about = topics(mentioned)
        first = about[0].subject if about else None
        if first and first != s.subject:
            found = self._last_anywhere(first, _AMOUNTS)
            if found:
                return found
        return self.whole

    def _note_whole(self, text: str, made: list[Statement], ends: list[int]) -> None:
        """A money figure followed by 其中/包括/主要用于 is what the next figures are parts of."""
        marker = _first_word(text, "whole")
        if not marker:
            return
        wholes = [s for s, end in zip(made, ends, strict=True) if end <= marker[1] and s.measure in _AMOUNTS]
        if wholes:
            self.whole = wholes[-1]


def _each(
    subject: Mention | None,
    name: str | None,
    code: str | None,
    mentioned: list[Mention],
    text: str,
    place: int,
    length: int,
) -> tuple[str | None, str | None]:
    """The subject of the figure at ``place`` of a list of ``length`` printed after 各/分别: the subject
    at that place among those named as a list (基本支出、项目支出分别为…), else among the parts the
    subject joins (收、支总计各是…); the subject itself where their number differs."""
    if subject is not None and subject.subject:
        named = _subject_list(subject, mentioned, text)
        if len(named) == length:
            return named[place].subject, named[place].function_code
    keys = subject_keys(name) if name else None
    if keys is not None and len(keys.parts) == length:
        return keys.parts[place], None
    return name, code


def read_statements(rows: Sequence[Row], year: int | None = None) -> list[Statement]:
    """The statements of a narrative's sentences; ``year`` is the report's, where known."""
    reader = _Reader(year)
    last_made: list[Statement] = []
    for index, row in enumerate(rows):
        if row.kind != "sentence" or row.part not in _STATED_PARTS:
            continue
        made = reader.sentence(index, row)
        if not made:
            _complete(last_made, row)
        last_made = made
    return reader.statements


def _complete(statements: list[Statement], row: Row) -> None:
    """A sentence stating no figure finishes the one before: its comparison word and reason."""
    comparison = _first_word(row.squashed, "comparison")
    reason = _reason(row.text)
    for s in statements:
        s.comparison = s.comparison or (comparison[0] if comparison else None)
        s.reason = s.reason or reason
