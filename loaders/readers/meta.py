"""Metadata and table-number lines every reader recognises in the text around tables."""

from __future__ import annotations

import re

from loaders.layouts import squash

_UNIT = re.compile(r"(?:金额)?单位[：:]\s*(万元|千元|元)")
_DEPARTMENT = re.compile(
    r"(?:部门(?:名称)?|编制单位|预算单位)[：:]\s*(\S+?)\s*(?:(?:金额)?单位[：:]|$)", re.MULTILINE
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_TABLE_NO = re.compile(r"(公开\s*\d+\s*表|附表\s*\d+(?:-\d+)?|表\s*\d+(?:-\d+)?)")
_REGION = re.compile(
    r"^((?:[\u4e00-\u9fff]{2,}?(?:省|自治区))?(?:[\u4e00-\u9fff]{2,}?(?:市|自治州|地区|盟))?"
    r"(?:[\u4e00-\u9fff]{1,}?(?:区|县|旗))?)"
)
_AGGREGATE = re.compile(r"[（(](?:汇总|本级|合并)[)）]$")


def find_unit(text: str) -> str | None:
    """The money unit printed as 单位：万元 / 金额单位：元."""
    found = _UNIT.search(text)
    return found.group(1) if found else None


def find_department(text: str) -> str | None:
    """The department named on a 部门：… line, without the (汇总) marker."""
    found = _DEPARTMENT.search(text)
    return _AGGREGATE.sub("", found.group(1)) if found else None


def find_year(text: str) -> int | None:
    found = _YEAR.search(text)
    return int(found.group(1)) if found else None


def find_table_no(text: str) -> str | None:
    """A printed table number (公开01表, 表1, 表 2) with spaces removed."""
    found = _TABLE_NO.search(text)
    return squash(found.group(1)) if found else None


def region_of(department: str | None) -> str | None:
    """The administrative region a department's name starts with (绍兴市越城区…, 上海市普陀区…)."""
    if not department:
        return None
    found = _REGION.match(department)
    return found.group(1) or None if found else None
