"""The figures a sentence states: value as printed, its unit and where it sits in the sentence.

A number is a figure unless the words after it make it a date, a table or list number or a
threshold (2024年, 公开01表, 1、, 100万元以上); those words are data (``narrative_words.csv``).
Numbers listed before one unit share it (各是4125.49,4143.91万元: two amounts in 万元).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from loaders.narrative.vocabulary import words

# a number not inside another; after a comma it is the next of a list (4125.49,4143.91万元), since a
# number printed with thousands separators is matched whole by the first alternative
_NUMBER = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])")
_LIST_SEPARATORS = ",，、"


@dataclass(frozen=True)
class Figure:
    value: Decimal
    text: str  # as printed, thousands separators kept
    unit: str  # as printed: 万元, 元, %, 个 …; "" when none follows
    unit_kind: str  # money | rate | count | score | "" (none)
    start: int  # index of the number in the squashed sentence
    end: int  # index after the unit (after the number where it shares the unit printed after the next)

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


def _shared_unit(text: str, numbers: list[re.Match[str]]) -> tuple[str, str]:
    """The unit printed after the last of numbers listed one after another with a separator between them
    (4125.49,4143.91万元; 1267.86、2570.97万元); none where the list breaks before a unit."""
    for here, following in pairwise(numbers):
        if following.start() != here.end() + 1 or text[here.end()] not in _LIST_SEPARATORS:
            return "", ""
        unit = _unit_at(text, following.end())
        if unit[0]:
            return unit
    return "", ""


def figures(text: str) -> list[Figure]:
    """The figures of a squashed sentence, in order."""
    found: list[Figure] = []
    numbers = list(_NUMBER.finditer(text))
    for at, match in enumerate(numbers):
        start, end = match.span()
        unit, kind = _unit_at(text, end)
        printed_unit = unit
        if not unit:
            unit, kind = _shared_unit(text, numbers[at:])
        if text[start - 1 : start] == "第" or (not unit and _not_a_figure(text, start, end)):
            continue  # 第3项 counts, 2024年 dates
        if printed_unit and any(text.startswith(word, end + len(unit)) for word in ("以上", "以下", "（含）")):
            continue  # a threshold: 单价100万元以上
        printed = match.group(1)
        found.append(Figure(Decimal(printed.replace(",", "")), printed, unit, kind, start, end + len(printed_unit)))
    return found
