"""Metadata, table-number, title and note lines every reader recognises in the text around tables,
and the document record they make: each rule lives here once."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from pathlib import Path

from loaders.layouts import looks_like_report_table_title, match_table_kind, squash
from loaders.model import DocumentError, DocumentText, Grid

_UNIT = re.compile(r"(?:金额)?单位[：:]\s*(万元|千元|元)")
_DEPARTMENT = re.compile(
    r"(?:部门(?:名称)?|编制单位|预算单位|单位名称)[：:]\s*(\S+?)\s*(?:(?:金额)?单位[：:]|$)", re.MULTILINE
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_TABLE_NO = re.compile(r"(公开\s*\d+\s*表|附表\s*\d+(?:-\d+)?|表\s*\d+(?:-\d+)?)")
_TABLE_NO_ONLY = re.compile(r"^(?:公开\d+表|附表\d+(?:-\d+)?|表\d+(?:-\d+)?)$")
_LIST_NUMBER = re.compile(r"^(?:\d{1,2}[.．、]|（\d{1,2}）|表\d+(?:-\d+)?：)")  # in squashed text
_SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
MAX_NOTE_LINES = 8  # notes run at most this many lines: what follows is the report's text
_NOTE_START = re.compile(r"^(?:(?:注|说明|备注)\s*\d*\s*[：:.．、]|注\d)")
_REGION = re.compile(
    r"^((?:[\u4e00-\u9fff]{2,}?(?:省|自治区))?(?:[\u4e00-\u9fff]{2,}?(?:市|自治州|地区|盟))?"
    r"(?:[\u4e00-\u9fff]{1,}?(?:区|县|旗))?)"
)
_AGGREGATE = re.compile(r"[（(\[【](?:汇总|本级|合并|单户表|汇总表)[)）\]】]$")
_PARTY = re.compile(r"^(?:中国共产党|中共|共青团|中国共产主义青年团)")
_CONTINUED = re.compile(r"\s*(?:[（(]\s*续(?:表)?\s*[)）]|续表)\s*")
_PAGE_NUMBER = re.compile(r"^(?:第\d+页(?:共\d+页)?|共\d+页第\d+页|[-—－]*\d{1,3}[-—－]*|\d+/\d+)$")
_NAME = r"[\u4e00-\u9fffA-Za-z（）]{2,}?"
_REPORT_TITLE = re.compile(
    rf"(?:第[一二三四五六七八九十]+部分)?(?P<department>{_NAME})(?P<year>(?:19|20)\d{{2}})年度?部门决算"
    rf"|(?P<year_first>(?:19|20)\d{{2}})年度?(?P<department_after>{_NAME})部门决算"
    rf"|(?P<department_set_apart>{_NAME})年度部门决算表?(?P<year_after>(?:19|20)\d{{2}})"
)


def find_unit(text: str) -> str | None:
    """The money unit printed as 单位：万元 / 金额单位：元."""
    found = _UNIT.search(text)
    return found.group(1) if found else None


def find_department(text: str) -> str | None:
    """The department named on a 部门：… line, without the (汇总) marker."""
    found = _DEPARTMENT.search(text)
    return _AGGREGATE.sub("", found.group(1)) if found else None


def find_report_title(text: str) -> tuple[str | None, int | None]:
    """Department and year of a report title: 上海市XX局2024年度部门决算 or 2024年度XX局部门决算.

    For covers and section headings that name no 部门：… line; whitespace is ignored, so a year
    printed on its own line between the name and 年度部门决算 (or, set in another font, after it)
    still counts.
    """
    found = _REPORT_TITLE.search(squash(text))
    if not found:
        return None, None
    department = found.group("department") or found.group("department_after") or found.group("department_set_apart")
    year = found.group("year") or found.group("year_first") or found.group("year_after")
    return _AGGREGATE.sub("", department), int(year)


def find_year(text: str) -> int | None:
    found = _YEAR.search(text)
    return int(found.group(1)) if found else None


def find_table_no(text: str) -> str | None:
    """A printed table number (公开01表, 表1, 表 2) with spaces removed."""
    found = _TABLE_NO.search(text)
    return squash(found.group(1)) if found else None


def is_table_no(text: str) -> bool:
    """A line or cell holding only a printed table number (公开01表, 表 2, 附表1-2)."""
    return bool(_TABLE_NO_ONLY.match(squash(text)))


def is_label_line(text: str) -> bool:
    """A table-number, unit or department line printed between a title and its header."""
    return bool(is_table_no(text) or find_unit(text) or find_department(text))


def is_note_start(text: str) -> bool:
    """The first line of a table's notes: 注：, 注1., 说明：, 备注：."""
    return bool(_NOTE_START.match(squash(text)))


def is_section_heading(text: str) -> bool:
    """一、… : a numbered heading of the report's text (ends a table's notes)."""
    return bool(_SECTION_HEADING.match(squash(text)))


def is_contents_heading(text: str) -> bool:
    """目录 (目 录, 目录：): a table of contents starts, whose entries name tables without printing them."""
    return squash(text).rstrip("：:") == "目录"


def is_part_heading(text: str) -> bool:
    """第三部分 … : a part of the report, never inside a table."""
    return bool(_PART_HEADING.match(squash(text)))


def is_numbered_entry(text: str) -> bool:
    """A numbered list entry naming a table (1. 收入支出决算总表, 表 1:收入支出决算总表): how contents and
    lists name tables. A printed table carries its number apart (表1 on a line of its own, （表2） after)."""
    return bool(_LIST_NUMBER.match(squash(text)))


def _title_form(line: str) -> str | None:
    """A short line ending in …表 without its table number and qualifier: the form of a title (not a
    sentence that mentions a table, nor a numbered entry of a list)."""
    text = squash(line)
    if not text or len(text) > 60 or re.search(r"[。，；]", text) or is_numbered_entry(text):
        return None
    text = re.sub(r"[（(]?(公开\d+表|表\d+(-\d+)?)[)）]?$", "", text)
    text = re.sub(r"（[^（）]{1,8}）$", "", text)  # a qualifier such as （分单位）
    return text if text.endswith("表") else None


def is_title_line(line: str) -> bool:
    """A short line naming a 决算 or 预算 table the maps know."""
    text = _title_form(line)
    return text is not None and match_table_kind(text) is not None


def is_report_table_title(line: str) -> bool:
    """A short line naming a 决算 or 预算 table, known to the maps or not (an unknown one is kept, not skipped)."""
    text = _title_form(line)
    return text is not None and (looks_like_report_table_title(text) or match_table_kind(text) is not None)


def strip_continued(title: str) -> tuple[str, bool]:
    """A title without its 续/（续表） marker, and whether it had one: the table runs on from a page before."""
    bare = _CONTINUED.sub("", title)
    return bare, bare != title


def is_page_number(line: str) -> bool:
    """A printed page number: 5, - 5 -, 第5页, 第5页共20页, 5/20."""
    return bool(_PAGE_NUMBER.match(squash(line)))


def region_of(department: str | None) -> str | None:
    """The administrative region a department's name starts with (绍兴市越城区…, 上海市普陀区…), also for
    party and mass organisations (中共上海市普陀区委社会工作部, 共青团…区委员会 → 上海市普陀区)."""
    if not department:
        return None
    found = _REGION.match(_PARTY.sub("", squash(department)))
    return found.group(1) or None if found else None


def first_report_title(texts: Iterable[str], window: int = 3) -> tuple[str | None, int | None]:
    """Department and year of the first cover title or heading among the texts; a cover title printed
    over several lines (上海市普陀区人民政府 / 宜川路街道办事处 / 2025 年度部门决算) is read whole."""
    lines = [t for t in texts if t.strip()]
    for i in range(len(lines)):
        for size in range(1, window + 1):
            department, year = find_report_title("".join(lines[i : i + size]))
            if department:
                return department, year
    return None, None


_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_text_file(path: Path) -> str:
    """A text file in UTF-8 (with or without BOM) or GB18030, as Chinese tools save them, or in
    UTF-16/UTF-32 with a byte-order mark (Windows "Unicode" text)."""
    data = path.read_bytes()
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    for candidate in (encoding,) if encoding else ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n")  # universal newlines, as open() reads
    raise DocumentError(f"{path}: not UTF-8, GB18030, or UTF-16/32 text with a byte-order mark")


def document_text(
    path: Path, format: str, grids: list[Grid], content: str, *, year: int | None, cover_department: str | None = None
) -> DocumentText:
    """The document record: department from a 部门：… line (else the cover), unit and region."""
    department = find_department(content) or cover_department
    return DocumentText(
        path=str(path),
        format=format,
        grids=grids,
        department=department,
        year=year,
        unit=find_unit(content),
        region=region_of(department),
    )
