"""One line for a failure the command did not foresee, in words an analyst can act on.

A file the system refuses is named with the reason (`/srv/out: Not a directory`), and a --db that
is not a DuckDB file is called that, rather than shown as Python's or DuckDB's exception class.
"""

from __future__ import annotations

import re

from loaders.paths import lossless_text, path_text

_NOT_A_DATABASE = re.compile(r'The file "(?P<file>[^"]+)" exists, but it is not a valid DuckDB database file')


def describe_failure(err: BaseException) -> str:
    """What went wrong and with which file; the exception class only when nothing plainer says it."""
    if isinstance(err, OSError) and err.filename is not None:
        target = path_text(err.filename)
        if err.filename2 is not None:
            target += f" → {path_text(err.filename2)}"
        if isinstance(err, FileExistsError):  # mkdir met a file where a folder was to be
            return f"{target}: a file is in the way (a folder was needed)"
        return f"{target}: {err.strerror or err}"
    found = _NOT_A_DATABASE.search(str(err))
    if found:
        return f"{found['file']} is not a DuckDB warehouse file (name a warehouse, or a new file, with --db)"
    return lossless_text(f"{type(err).__name__}: {err}")
