"""Text written for spreadsheets (CSV, xlsx) that a spreadsheet must not run as a formula.

A cell beginning with = + - @ (or a tab or carriage return) is taken for a formula by Excel,
LibreOffice and Google Sheets — a published label or a file name can start that way, by accident
or not (CSV injection). Such a text is written with a leading apostrophe, which spreadsheets show
as text; a plain number such as -3.50 is left as it is.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def escape_cell(value: object) -> object:
    """`value` unchanged unless it is a text a spreadsheet would evaluate; then quoted with '."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value
