"""A report's printed lines → its parts, contents list, numbered headings and sentences.

Parts are found by their headings (第三部分 …情况说明, or 三、…情况说明 where a report numbers its
parts 一、二、三、, or a heading line standing alone where it numbers none: 名词解释, 2025年部门预算编制说明),
named by the words of ``narrative_parts.csv``; each part kind starts once, so a 项目概况 inside an
appended evaluation starts no second 概况, except that the text resumes after the tables (a budget's
编制说明 before its tables, 其他相关情况说明 after them). An unnumbered heading of the part already
under way (机构设置 after 主要职能, a project's 经费情况说明) heads a section of it. A contents list
(目录) is read apart: its entries promise the tables the report should hold. Inside a part, a
numbered short line naming a heading word (情况, 说明, …) is a heading; the first heading level of a
part numbers its sections.
The other lines run together into sentences ending at 。; a sentence keeps the page and line where
each of its printed lines starts, so each figure in it is traced to where it was printed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from loaders.layouts import squash
from loaders.model import TextLine
from loaders.narrative.vocabulary import part_rules, words
from loaders.readers.meta import find_department, is_page_number, is_title_line

_PART_NUMBER = re.compile(r"^第[一二三四五六七八九十]+部分")
_NUMBERINGS = (
    re.compile(r"^[一二三四五六七八九十]+[、.．]"),
    re.compile(r"^（[一二三四五六七八九十]+）"),
    re.compile(r"^\d+[.．、](?!\d)"),
    re.compile(r"^（\d+）"),
)
_LEADERS = re.compile(r"[.．…·]{3,}.*$|[（(]?\d{1,3}[)）]?$")
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:万元|元|%|％)")
_SENTENCE_END = "。！？"
_SENTENCE_PIECES = re.compile(r"[^。！？]*[。！？]|[^。！？]+")
_MAX_HEADING = 45  # characters: a longer numbered line is a numbered paragraph, not a heading
_MAX_CONTENTS_LINES = 80
_MAX_LABEL = 12  # characters of a table's row label between its figures
_HEADING_BREAKS = re.compile(r"[，。；：、,;:！？]|\d+(?:\.\d+)?\s*(?:万元|元|%|％)")  # no heading holds these
_STANDS_AFTER = ("。", "：", ":", "！", "？")  # a line after one of these starts afresh


@dataclass
class Row:
    """A unit of the narrative: a cover line, contents entry, heading, label line or sentence."""

    kind: str  # cover | contents | heading | label | sentence
    part: str  # cover | contents | overview | tables | explanation | glossary | other
    text: str  # as printed, whitespace collapsed
    page: int
    line: int
    section: str | None = None
    subsection: str | None = None
    level: int | None = None  # of a heading: 0 part, 1 一、 2 （一） 3 1. 4 （1）
    matched: str = ""  # a sentence as matched: no whitespace or quotes, brackets unified (``squash``)
    starts: list[int] = field(default_factory=list)  # where each printed line of it begins in ``matched``
    origins: list[tuple[int, int]] = field(default_factory=list)  # (page, line) of each

    @property
    def squashed(self) -> str:
        return self.matched or squash(self.text)

    def where(self, index: int) -> tuple[int, int]:
        """(page, line) the character at ``index`` of ``squashed`` was printed on."""
        return self.origins[bisect_right(self.starts, index) - 1] if self.origins else (self.page, self.line)


def numbering_level(squashed: str) -> int | None:
    """0 for 第X部分, 1 for 一、, 2 for （一）, 3 for 1. 1、, 4 for （1）; None when not numbered (of
    squashed text)."""
    if _PART_NUMBER.match(squashed):
        return 0
    return next((level for level, pattern in enumerate(_NUMBERINGS, start=1) if pattern.match(squashed)), None)


def strip_numbering(squashed: str) -> str:
    for pattern in (_PART_NUMBER, *_NUMBERINGS):
        squashed = pattern.sub("", squashed, count=1)
    return squashed


def part_of(heading: str) -> str | None:
    """The part a heading names (概况, 决算表, 情况说明, 名词解释), from its last words."""
    text = _LEADERS.sub("", strip_numbering(heading))
    return next((part for part, pattern in part_rules() if pattern.search(text)), None)


def is_heading(squashed: str) -> bool:
    """A numbered short line with a heading word and no stated figure (of squashed text)."""
    if numbering_level(squashed) is None or len(squashed) > _MAX_HEADING or _FIGURE.search(squashed):
        return False
    body = strip_numbering(squashed).rstrip("。")
    return "。" not in body and any(word in body for word in words("heading"))


def _is_table_row(text: str) -> bool:
    """A line of a table printed inside the text (cells apart, figures, no sentence punctuation)."""
    if "\t" in text:
        return True
    tokens = text.split()
    figures = [i for i, t in enumerate(tokens) if re.fullmatch(r"[-\d,.%]+", t)]
    prose = any(len(t) > _MAX_LABEL for t in tokens)  # a wrapped sentence has a long run of words
    with_unit = any(i + 1 < len(tokens) and tokens[i + 1].startswith(("万元", "元", "%")) for i in figures)
    return len(figures) >= (3 if prose else 2) and not with_unit and not re.search(r"[，。；：、]", text)


def _printed(lines: Sequence[TextLine]) -> list[TextLine]:
    return [line for line in lines if line.text.strip() and not is_page_number(line.text)]


def _contents_span(squashed: Sequence[str], pages: Sequence[int]) -> tuple[int, int] | None:
    """Indexes [start, end) of the contents entries after a 目录 line: they end where the body
    repeats the first entry, else (a body whose headings differ from the contents) at the first
    sentence or the first unnumbered line on a new page."""
    start = next((i for i, text in enumerate(squashed) if text == "目录"), None)
    if start is None or start + 1 >= len(squashed):
        return None
    first = _LEADERS.sub("", squashed[start + 1])
    last = min(len(squashed), start + 1 + _MAX_CONTENTS_LINES)
    for end in range(start + 2, last):
        if first and squashed[end].startswith(first) and not _LEADERS.search(squashed[end]):
            return start + 1, end
    for end in range(start + 1, last):
        new_page = pages[end] != pages[end - 1]
        if "。" in squashed[end] or (new_page and numbering_level(squashed[end]) is None):
            return (start + 1, end) if end > start + 1 else None
    return None


def _may_start(part: str, current: str, seen: set[str]) -> bool:
    """A part starts once, but the text may resume after the tables."""
    return part not in seen or (current == "tables" and part != "tables")


def _part_heading(squashed: Sequence[str], i: int, numbered_parts: bool, builder: _Builder) -> tuple[str, int] | None:
    """The part a line (or a line wrapped onto the next) starts, and how many lines it takes."""
    text = squashed[i]
    level = numbering_level(text)
    if level != (0 if numbered_parts else 1) or _FIGURE.search(text):
        return None
    for taken in (1, 2):
        joined = "".join(squashed[i : i + taken])
        part = part_of(joined)
        if part and _may_start(part, builder.part, builder.seen) and len(joined) <= 2 * _MAX_HEADING:
            return part, taken
    return None


def _standalone_part(printed: Sequence[TextLine], squashed: Sequence[str], i: int) -> str | None:
    """The part an unnumbered heading names: a short line of its own (after a finished sentence or at
    the top of a page) with no punctuation or figure; a table's title starts the tables elsewhere."""
    text = squashed[i]
    if numbering_level(text) is not None or len(text) > _MAX_HEADING or _HEADING_BREAKS.search(text):
        return None
    top_of_page = i == 0 or printed[i - 1].page != printed[i].page
    if not (top_of_page or squashed[i - 1].endswith(_STANDS_AFTER)) or is_title_line(text):
        return None
    part = part_of(text)
    return part if part != "tables" else None


def read_rows(lines: Sequence[TextLine]) -> list[Row]:
    """The narrative rows of a document's printed lines."""
    printed = _printed(lines)
    squashed = [squash(line.text) for line in printed]
    contents = _contents_span(squashed, [line.page for line in printed])
    numbered_parts = any(numbering_level(text) == 0 for text in squashed)
    rows: list[Row] = []
    builder = _Builder(rows)
    i = 0
    while i < len(printed):
        line = printed[i]
        if contents and contents[0] <= i < contents[1]:
            rows.append(Row("contents", "contents", " ".join(line.text.split()), line.page, line.number))
            i += 1
            continue
        heading = _part_heading(squashed, i, numbered_parts, builder)
        if heading:
            part, taken = heading
            builder.start_part(part, printed[i : i + taken])
            i += taken
            continue
        standalone = _standalone_part(printed, squashed, i)
        if standalone and _may_start(standalone, builder.part, builder.seen):
            builder.start_part(standalone, [line])
            i += 1
            continue
        if standalone and standalone == builder.part:
            builder.heading([line], standalone=True)  # 机构设置 under 主要职能, a project's 经费情况说明
            i += 1
            continue
        if "tables" not in builder.seen and is_title_line(line.text):
            builder.enter("tables")  # a table's title with no part heading above it: the tables begin
        if builder.part == "cover" or find_department(line.text):
            builder.flush()  # a cover line or a table header's 部门：… line stands alone
            kind = "label" if find_department(line.text) else "cover"
            rows.append(Row(kind, builder.part, " ".join(line.text.split()), line.page, line.number))
        elif builder.part != "cover" and is_heading(squashed[i]):
            taken = 2 if _wrapped_tail(squashed, i) else 1
            builder.heading(printed[i : i + taken])
            i += taken
            continue
        elif not _is_table_row(line.text):
            builder.add(line)
        i += 1
    builder.flush()
    return rows


def _wrapped_tail(squashed: Sequence[str], i: int) -> bool:
    """The next line holds only the last character or two of a heading wrapped at the margin."""
    if squashed[i].endswith("。"):
        return False
    following = squashed[i + 1] if i + 1 < len(squashed) else ""
    return 0 < len(following) <= 2 and numbering_level(following) is None and not _FIGURE.search(following)


class _Builder:
    """Collects sentences of the current part and section."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.part = "cover"
        self.seen: set[str] = set()
        self.section_level: int | None = None
        self.section: str | None = None
        self.subsection: str | None = None
        self.matched: list[str] = []  # the sentence so far, line by line, as matched
        self.shown: list[str] = []  # … and as printed, without the extractor's spaces
        self.starts: list[int] = []
        self.origins: list[tuple[int, int]] = []
        self.length = 0  # characters matched so far

    def start_part(self, part: str, lines: Sequence[TextLine]) -> None:
        self.enter(part)
        text = " ".join(" ".join(line.text.split()) for line in lines)
        self.rows.append(Row("heading", part, text, lines[0].page, lines[0].number, level=0))

    def enter(self, part: str) -> None:
        self.flush()
        self.part, self.section_level, self.section, self.subsection = part, None, None, None
        self.seen.add(part)

    def heading(self, lines: Sequence[TextLine], standalone: bool = False) -> None:
        """A section heading; a ``standalone`` (unnumbered) one heads the numbered ones below it."""
        self.flush()
        text = "".join(" ".join(line.text.split()) for line in lines)
        level = numbering_level(squash(text))
        if standalone or self.section_level is None or (level is not None and level <= self.section_level):
            self.section_level = 0 if standalone else level
            self.section, self.subsection = text, None
        else:
            self.subsection = text
        self.rows.append(
            Row("heading", self.part, text, lines[0].page, lines[0].number, self.section, self.subsection, level)
        )

    def add(self, line: TextLine) -> None:
        for piece in _SENTENCE_PIECES.findall("".join(line.text.split())):
            matched = squash(piece)
            if matched:
                self.starts.append(self.length)
                self.origins.append((line.page, line.number))
                self.matched.append(matched)
                self.length += len(matched)
            self.shown.append(piece)
            if piece[-1] in _SENTENCE_END:
                self._emit()

    def flush(self) -> None:
        self._emit()

    def _emit(self) -> None:
        if self.matched:
            page, line = self.origins[0]
            self.rows.append(
                Row(
                    "sentence",
                    self.part,
                    "".join(self.shown),
                    page,
                    line,
                    self.section,
                    self.subsection,
                    matched="".join(self.matched),
                    starts=self.starts,
                    origins=self.origins,
                )
            )
        self.matched, self.shown, self.starts, self.origins, self.length = [], [], [], [], 0


def sentences(rows: Sequence[Row]) -> Iterator[Row]:
    return (row for row in rows if row.kind == "sentence")
