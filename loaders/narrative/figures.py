"""The figures a sentence states: value as printed, its unit and where it sits in the sentence.

A number is a figure unless the words after it make it a date, a table or list number or a
threshold (2024年, 公开01表, 1、, 100万元以上); those words are data (``narrative_words.csv``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from loaders.narrative.vocabulary import words

_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])")


@dataclass(frozen=True)
class Figure:
    value: Decimal
    text: str  # as printed, thousands separators kept
    unit: str  # as printed: 万元, 元, %, 个 …; "" when none follows
    unit_kind: str  # money | rate | count | score | "" (none)
    start: int  # index of the number in the squashed sentence
    end: int  # index after the unit

    @property
    def decimals(self) -> int:
        return len(self.text.split(".")[1]) if "." in self.text else 0


def _unit_at(text: str, at: int) -> tuple[str, str]:
    for unit, kind in words("unit").items():
        if text.startswith(unit, at):
            return unit, kind
    return "", ""


def _not_a_figure(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    if before.isascii() and before.isalpha():
        return True
    return any(text.startswith(word, end) for word in words("not_a_figure_after"))


def figures(text: str) -> list[Figure]:
    """The figures of a squashed sentence, in order."""
    found: list[Figure] = []
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        unit, kind = _unit_at(text, end)
        if text[start - 1 : start] == "第" or (not unit and _not_a_figure(text, start, end)):
            continue  # 第3项 counts, 2024年 dates
        if unit and any(text.startswith(word, end + len(unit)) for word in ("以上", "以下", "（含）")):
            continue  # a threshold: 单价100万元以上
        printed = match.group(1)
        found.append(Figure(Decimal(printed.replace(",", "")), printed, unit, kind, start, end + len(unit)))
    return found
