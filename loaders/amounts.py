"""Printed amounts: exact Decimals from the figures as published."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from loaders.layouts import squash

_AMOUNT = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[-−]?\.\d+$")
_PAREN_NEGATIVE = re.compile(r"^[（(]([\d,.]+)[)）]$")
BLANK_MARKS = frozenset({"", "-", "—", "–", "/", "－", "——"})


def parse_amount(text: str) -> Decimal | None:
    """An exact Decimal from a printed amount ("2,209.05", "(1.00)"); None for a blank cell."""
    raw = squash(text).replace("−", "-")
    if raw in BLANK_MARKS:
        return None
    negative = _PAREN_NEGATIVE.match(raw)
    if negative:
        raw = "-" + negative.group(1)
    if not _AMOUNT.match(raw):
        raise ValueError(f"'{text}' is not an amount")
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation as err:  # pragma: no cover - the regex admits only valid numbers
        raise ValueError(f"'{text}' is not an amount") from err


def is_amount(text: str) -> bool:
    try:
        return parse_amount(text) is not None
    except ValueError:
        return False


def plain_decimal_text(value: Decimal) -> str:
    """The value as published, without thousands separators ("2209.05")."""
    return format(value, "f")
