"""Characters joined into words and lines exactly as pdfplumber joins them, faster.

pdfplumber's word extractor is general (any text direction, settings, extra attributes) and builds
its objects through general helpers: with pdfium reading the characters, it took as long as the
reading itself. These functions do what it does with its default settings for upright text: the
characters grouped into lines by their tops (3 pt apart), each line read left to right and cut
into words at a blank, where a character starts left of the one before or more than 3 pt after
its end, or sits more than 3 pt higher or lower. Rotated characters are left to pdfplumber.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

_TOLERANCE = 3  # pdfplumber's default x and y tolerance, in points
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}  # as pdfplumber expands

Char = dict[str, Any]


def page_words(chars: list[Char]) -> list[dict[str, Any]]:
    """The words of a page's characters as pdfplumber's ``extract_words(chars)`` gives them."""
    if not all(c["upright"] for c in chars):
        from pdfplumber.utils import extract_words

        return extract_words(chars)
    return [_word(word) for word in _words(chars)]


def cell_text(chars: list[Char]) -> str:
    """The text of characters (in the page's order) as pdfplumber's ``extract_text(chars)`` gives it:
    words joined by blanks, lines by line breaks."""
    if not all(c["upright"] for c in chars):
        from pdfplumber.utils import extract_text

        return extract_text(chars)
    words = [(_text(word), min(c["top"] for c in word)) for word in _words(chars)]
    return "\n".join(" ".join(text for text, _ in line) for line in clustered(words, _word_top))


def clustered(items: list, value: Callable[[Any], float], tolerance: float = _TOLERANCE) -> list[list]:
    """Items grouped as pdfplumber's ``cluster_objects`` groups them: the distinct values sorted and
    cut where one is more than the tolerance after the one before; groups in the order of their
    values, each holding its items in their own order."""
    values = sorted({value(item) for item in items})
    if not values:
        return []
    if values[-1] - values[0] <= tolerance:
        return [list(items)]
    group_of = {values[0]: 0}
    group = 0
    for before, after in pairwise(values):
        group += after > before + tolerance
        group_of[after] = group
    groups: list[list] = [[] for _ in range(group + 1)]
    for item in items:
        groups[group_of[value(item)]].append(item)
    return groups


def _words(chars: list[Char]) -> list[list[Char]]:
    """Upright characters cut into words, line by line top-down, each line left to right."""
    words: list[list[Char]] = []
    for line in clustered(chars, _char_top):
        word: list[Char] = []
        for char in sorted(line, key=_left):
            if char["text"].isspace():
                if word:
                    words.append(word)
                word = []
                continue
            if word:
                last = word[-1]
                if (
                    char["x0"] < last["x0"]
                    or char["x0"] > last["x1"] + _TOLERANCE
                    or abs(char["top"] - last["top"]) > _TOLERANCE
                ):
                    words.append(word)
                    word = []
            word.append(char)
        if word:
            words.append(word)
    return words


def _text(word: list[Char]) -> str:
    return "".join(_LIGATURES.get(c["text"], c["text"] or "") for c in word)


def _word(word: list[Char]) -> dict[str, Any]:
    """A word as pdfplumber's ``merge_chars`` makes it."""
    x0, top = min(c["x0"] for c in word), min(c["top"] for c in word)
    x1, bottom = max(c["x1"] for c in word), max(c["bottom"] for c in word)
    first = word[0]
    return {
        "text": _text(word),
        "x0": x0,
        "x1": x1,
        "top": top,
        "doctop": top + (first["doctop"] - first["top"]),
        "bottom": bottom,
        "upright": first["upright"],
        "height": bottom - top,
        "width": x1 - x0,
        "direction": "ltr",
    }


def _left(char: Char) -> float:
    return char["x0"]


def _char_top(char: Char) -> float:
    return char["top"]


def _word_top(word: tuple[str, float]) -> float:
    return word[1]
