"""Subjects named in a sentence: the catalogue's wordings (收入总计, 公务接待费, …) and 功能分类
name paths (一般公共服务支出（类）网信事务（款）事业运行（项）) resolved to a code through the seeds'
crosswalk, whatever year's name the report prints. Where a clause opens, a 类 name may stand without
its （类） (1.教育支出X万元, 文化旅游体育与传媒支出类科目X元); where a sentence opens, a bare 收入 or 支出
names the year's income or expenditure (本单位收入为X万元)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from loaders.layouts import squash
from loaders.narrative.vocabulary import Subject, opening_words, pattern, subject_by_name, subject_words, words

_NAME = r"[^，。；：、%\d,;]+?"  # a name holds no separator (ASCII ones included: 2.75%;教育支出（类）)
_PATH = re.compile(rf"(?P<cls>{_NAME})（类）(?:(?P<kuan>{_NAME})（款）(?:(?P<xiang>{_NAME})（项）)?)?")
_LEADING = re.compile(r"^[^\u4e00-\u9fff]+")
_DASH = "[-－—]"
_DASHED_NAME = r"[^，。；：、%\d,;\-－—]+?"


@dataclass(frozen=True)
class Mention:
    subject: str  # catalogue key, or fn:<code> for a 功能分类 subject, fn:? when unresolved
    start: int
    end: int
    printed: str
    function_code: str | None = None


def _seeds() -> Path:
    """The dbt project's seeds: the checkout's, or the copy an installed wheel carries."""
    from loaders.dbt_runner import project_dir

    return project_dir() / "seeds"


@cache
def _function_names() -> dict[str, tuple[tuple[str, str], ...]]:
    """Squashed name → (code, parent code) of every 功能分类 code the seeds name, any year."""
    names: dict[str, set[tuple[str, str]]] = {}

    def add(name: str, code: str) -> None:
        for form in {squash(name), squash(name).removesuffix("支出")}:
            if form:
                names.setdefault(form, set()).add((code, code[:-2] if len(code) > 3 else ""))

    crosswalk = _seeds() / "function_subject_crosswalk.csv"
    classes = _seeds() / "function_classes.csv"
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
    taken = [(m.start, m.end) for m in found]
    for match in _bare_classes().finditer(text):
        if _opens("clause_opening", text, match.start()) and not _overlaps(match, taken):
            code = resolve_function_path(match.group("cls"), match.group("kuan"), match.group("xiang"))
            found.append(Mention(f"fn:{code or '?'}", match.start(), match.end(), match.group(0), code))
    return sorted(found, key=lambda m: m.start)


@cache
def _bare_classes() -> re.Pattern[str]:
    """Every 类 name of the seeds ending in 支出, except a name an economic class (其他支出) or a subject
    of the catalogue (国有资本经营预算支出) also bears; then its 款 and 项 joined by dashes (一般公共服务支出-
    政府办公厅（室）及相关机构事务-行政运行科目) and the words 类, 科目 or 类科目."""
    with (_seeds() / "economic_subjects.csv").open(encoding="utf-8", newline="") as f:
        taken = {squash(row["official_name"]) for row in csv.DictReader(f)} | set(subject_words())
    names = [
        name
        for name, codes in _function_names().items()
        if name.endswith("支出") and name not in taken and any(len(code) == 3 for code, _ in codes)
    ]
    alternation = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    path = rf"(?:{_DASH}(?P<kuan>{_DASHED_NAME})(?:{_DASH}(?P<xiang>{_DASHED_NAME}))?(?=科目|\d))?"
    return re.compile(rf"(?P<cls>{alternation}){path}(?:类科目|科目|类)?(?!（)")


def _opens(kind: str, text: str, at: int) -> bool:
    """Whether a clause (``clause_opening``) or the sentence (``sentence_opening``) opens at ``at``, after
    its numbering and words like 本单位 or 2025年."""
    return pattern(kind).search(text[:at]) is not None


def _overlaps(match: re.Match[str], taken: list[tuple[int, int]]) -> bool:
    return any(start < match.end() and match.start() < end for start, end in taken)


def catalogue_mentions(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Leftmost-longest matches of the catalogue's wordings outside the spans already taken; a wording
    marked as opening a sentence (收入) only where it does."""
    found: list[Mention] = []
    for match in _wordings().finditer(text):
        word = match.group(0)
        if _overlaps(match, taken) or (word in opening_words() and not _opens("sentence_opening", text, match.start())):
            continue
        found.append(Mention(subject_words()[word].subject, match.start(), match.end(), word))
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
    qualifies it (“三公”经费一般公共预算财政拨款支出 is about 三公), so the first one counts, unless the
    first names only the fund it is paid from (一般公共预算“三公”经费 is about 三公: ``qualifier`` words)."""
    found: list[Mention] = []
    for i, m in enumerate(named):
        if i == 0 or named[i - 1].end != m.start:
            found.append(m)
        elif found and found[-1] is named[i - 1] and named[i - 1].printed in words("qualifier"):
            found[-1] = m
    return found


def subject_keys(subject: str) -> Subject | None:
    return subject_by_name().get(subject)
