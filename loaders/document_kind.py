"""What kind of report a document is: a final account (决算) or a budget (预算), and whose (部门 or 单位).

Decided from the table kinds recognised (``loaders/layouts/table_kinds.csv`` gives each its document
kind) and the words of the table titles (``loaders/layouts/document_levels.csv``), never from the
file name: a new province needs a data edit, not code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from loaders.layouts import document_levels, squash, table_doc_kind
from loaders.model import Table


def document_kind(tables: Iterable[Table]) -> str:
    """final or budget: what most of the document's tables are (final when it has none)."""
    kinds = Counter(table_doc_kind(t.table_kind) or "final" for t in tables)
    return kinds.most_common(1)[0][0] if kinds else "final"


def title_level(title: str) -> str | None:
    """department or unit, from the first pattern of document_levels.csv the title matches."""
    text = squash(title)
    return next((level for pattern, level in document_levels() if pattern.search(text)), None)


def document_level(titles: Iterable[str]) -> str | None:
    """department or unit: what most titles that say it say; None when none does."""
    levels = Counter(filter(None, map(title_level, titles)))
    return levels.most_common(1)[0][0] if levels else None
