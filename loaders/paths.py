"""File names as the warehouse stores and the terminal prints them, whatever bytes they hold.

On Linux a file name is bytes; Python decodes the bytes that are not UTF-8 to lone surrogates
(surrogateescape), which DuckDB and a UTF-8 terminal refuse. Such bytes are written as ``\\xNN``
(only bytes 0x80–0xFF are ever undecodable, so a readable name is stored unchanged) and read back
by ``path_of``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_ESCAPED_BYTE = re.compile(rb"\\x([89a-f][0-9a-f])")


def lossless_text(text: str) -> str:
    """Text safe to store and print: undecodable bytes of a file name as \\xNN, other lone
    surrogates (from a broken PDF font map) as \\udNNN."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def path_text(path: Path | str) -> str:
    """How a file's path is stored in the warehouse and printed."""
    return lossless_text(os.fsdecode(path))


def path_of(text: str) -> Path:
    """The file a stored path names: the inverse of ``path_text``."""
    return Path(os.fsdecode(_ESCAPED_BYTE.sub(lambda m: bytes.fromhex(m.group(1).decode()), text.encode("utf-8"))))
