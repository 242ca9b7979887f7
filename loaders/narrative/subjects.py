"""Subjects named in a sentence: the catalogue's wordings (收入总计, 公务接待费, …) and 功能分类
name paths (一般公共服务支出（类）网信事务（款）事业运行（项）) resolved to a code through the seeds'
crosswalk, whatever year's name the report prints."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from loaders.layouts import squash
from loaders.narrative.vocabulary import Subject, subject_by_name, subject_words

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
_NAME = r"[^，。；：、%\d]+?"
_PATH = re.compile(rf"(?P<cls>{_NAME})（类）(?:(?P<kuan>{_NAME})（款）(?:(?P<xiang>{_NAME})（项）)?)?")
_LEADING = re.compile(r"^[^\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Mention:
    subject: str  # catalogue key, or fn:<code> for a 功能分类 subject, fn:? when unresolved
    start: int
    end: int
    printed: str
    function_code: str | None = None


@cache
def _function_names() -> dict[str, tuple[tuple[str, str], ...]]:
    """Squashed name → (code, parent code) of every 功能分类 code the seeds name, any year."""
    names: dict[str, set[tuple[str, str]]] = {}

    def add(name: str, code: str) -> None:
        for form in {squash(name), squash(name).removesuffix("支出")}:
            if form:
                names.setdefault(form, set()).add((code, code[:-2] if len(code) > 3 else ""))

    crosswalk = SEEDS / "function_subject_crosswalk.csv"
    classes = SEEDS / "function_classes.csv"
    if crosswalk.is_file():
        with crosswalk.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for name in [row["official_name"], *row["name_variants"].split("|")]:
                    if name:
                        add(name, row["subject_code"])
    if classes.is_file():
        with classes.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                add(row["name_zh"], row["class_code"])
    return {name: tuple(sorted(codes)) for name, codes in names.items()}


def _code(name: str, parent: str, digits: int) -> str | None:
    """The code of a printed name under its parent: the name as the seeds spell it, else the one
    name there that starts with it (国有资本经营（类） for 国有资本经营预算支出)."""
    names = _function_names()
    for form in (name, name.removesuffix("支出")):
        for code, code_parent in names.get(form, ()):
            if len(code) == digits and code_parent == parent:
                return code
    starting = {
        code
        for known, codes in names.items()
        if known.startswith(name)
        for code, code_parent in codes
        if len(code) == digits and code_parent == parent
    }
    return starting.pop() if len(starting) == 1 else None


def resolve_function_path(cls: str, kuan: str | None, xiang: str | None) -> str | None:
    """The 类, 款 or 项 code of a printed name path; None when a name is not in the seeds."""
    code = _code(_LEADING.sub("", cls), "", 3)
    for name in (kuan, xiang):
        if code is None or name is None:
            break
        code = _code(name, code, len(code) + 2)
    return code


def function_mentions(text: str) -> list[Mention]:
    found = []
    for match in _PATH.finditer(text):
        code = resolve_function_path(match.group("cls"), match.group("kuan"), match.group("xiang"))
        found.append(Mention(f"fn:{code or '?'}", match.start(), match.end(), match.group(0), code))
    return found


def catalogue_mentions(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Leftmost-longest matches of the catalogue's wordings outside the spans already taken."""
    found: list[Mention] = []
    for match in _wordings().finditer(text):
        if not any(start < match.end() and match.start() < end for start, end in taken):
            found.append(Mention(subject_words()[match.group(0)].subject, match.start(), match.end(), match.group(0)))
    return found


@cache
def _wordings() -> re.Pattern[str]:
    """One alternation of every wording, longest first: the leftmost match is the longest there."""
    return re.compile("|".join(re.escape(w) for w in sorted(subject_words(), key=len, reverse=True)))


def mentions(text: str) -> list[Mention]:
    """Every subject named in a squashed sentence, in order."""
    functions = function_mentions(text)
    return sorted(functions + catalogue_mentions(text, [(m.start, m.end) for m in functions]), key=lambda m: m.start)


def topics(named: list[Mention]) -> list[Mention]:
    """The mentions that name what a figure is about: a subject written right after another
    qualifies it (“三公”经费一般公共预算财政拨款支出 is about 三公), so the first one counts."""
    return [m for i, m in enumerate(named) if i == 0 or named[i - 1].end != m.start]


def subject_keys(subject: str) -> Subject | None:
    return subject_by_name().get(subject)
