"""The narrative's word lists and patterns, read from ``loaders/layouts/narrative_*.csv``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from loaders.layouts import read_layout, squash


@dataclass(frozen=True)
class MeasureRule:
    measure: str  # "" for a figure that states nothing of the year (决算数大于预算数X万元, 较2024年的X万元)
    units: str  # the unit kind the measure takes: money or rate
    pattern: re.Pattern[str]  # matched at the end of the text leading to the figure


@dataclass(frozen=True)
class Subject:
    subject: str
    table_kind: str | None
    row_key: str | None
    column_key: str | None
    budget_column: str | None  # the table column holding the budget, where the table prints one
    parts: tuple[str, ...] = ()  # the subjects it joins (收、支总计: 收入总计, 支出总计), one per figure after 各


@cache
def part_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((r["part"], re.compile(r["pattern"])) for r in read_layout("narrative_parts.csv"))


@cache
def measure_rules() -> tuple[MeasureRule, ...]:
    return tuple(
        MeasureRule(r["measure"], r["units"], re.compile(r["pattern"])) for r in read_layout("narrative_measures.csv")
    )


@cache
def words(kind: str) -> dict[str, str]:
    """The words of one kind (unit, comparison, reason, …) with their meaning, longest first."""
    found = {r["word"]: r["meaning"] for r in read_layout("narrative_words.csv") if r["kind"] == kind}
    return dict(sorted(found.items(), key=lambda item: -len(item[0])))


@cache
def subject_words() -> dict[str, Subject]:
    """Every printed (squashed) wording of a subject → the subject and its table keys."""
    found: dict[str, Subject] = {}
    for r in read_layout("narrative_subjects.csv"):
        subject = Subject(
            r["subject"],
            r["table_kind"] or None,
            r["row_key"] or None,
            r["column_key"] or None,
            r["budget_column"] or None,
            tuple(part for part in r["parts"].split("|") if part),
        )
        for word in r["words"].split("|"):
            found[squash(word.removeprefix("^"))] = subject
    return found


@cache
def opening_words() -> frozenset[str]:
    """Wordings marked ^ in ``narrative_subjects.csv`` (收入, 支出): a subject only where a sentence opens
    with them (本单位收入为X, 支出预算X), never inside a longer name (工资福利支出, 预算收入)."""
    listed = (word for r in read_layout("narrative_subjects.csv") for word in r["words"].split("|"))
    return frozenset(squash(word[1:]) for word in listed if word.startswith("^"))


@cache
def pattern(kind: str) -> re.Pattern[str]:
    """The one pattern of a kind of ``narrative_words.csv`` (clause_opening, sentence_opening, clause_year,
    distributive)."""
    return re.compile(next(iter(words(kind))))


@cache
def subject_by_name() -> dict[str, Subject]:
    return {s.subject: s for s in subject_words().values()}
