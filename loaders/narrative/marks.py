"""Marks an auditor looks for in any line of the narrative: template residue (XX, 增加（减少）, a
truncated 202 年) and doubled text (。。, 经费经费). The patterns are data (``narrative_words.csv``)."""

from __future__ import annotations

import re
from functools import cache

from loaders.narrative.vocabulary import words


@cache
def _patterns(kind: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), meaning) for pattern, meaning in words(kind).items())


def first_mark(text: str, kind: str) -> str | None:
    """'<printed text>: <what it is>' for the first pattern of a kind (residue, doubled) found."""
    for pattern, meaning in _patterns(kind):
        found = pattern.search(text)
        if found:
            return f"{found.group(0)}: {meaning}"
    return None
