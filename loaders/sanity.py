"""Sanity checks on a normalised document before it is written: what would load silently wrong.

Each check raises DocumentError naming the file, the table and the cell, so the document is
rejected whole and the batch goes on.
"""

from __future__ import annotations

from decimal import Decimal

from loaders.model import DocumentError, Fact, Table

# raw.facts.value is DECIMAL(20, 4): 16 digits before the point, 4 after.
AMOUNT_DIGITS, AMOUNT_DECIMALS = 20, 4
_LARGEST = Decimal(10) ** (AMOUNT_DIGITS - AMOUNT_DECIMALS)
_STEP = Decimal(1).scaleb(-AMOUNT_DECIMALS)


def amount_problem(value: Decimal) -> str | None:
    """Why a figure cannot be stored exactly, or None when it can."""
    if abs(value) >= _LARGEST:
        return f"has more than {AMOUNT_DIGITS - AMOUNT_DECIMALS} digits before the point"
    if value != value.quantize(_STEP):
        return f"has more than {AMOUNT_DECIMALS} decimals and would be rounded"
    return None


def _where(table: Table, fact: Fact) -> str:
    return f"table '{table.title}' ({table.table_kind}): {fact.source}"


def check_amounts(path: str, tables: list[Table]) -> None:
    """Every figure fits DECIMAL(20, 4) exactly: a figure the warehouse would reject or round is an error."""
    for table in tables:
        for fact in table.facts:
            problem = amount_problem(fact.value)
            if problem:
                raise DocumentError(
                    f"{path}: {_where(table, fact)}: figure '{fact.value_text}' {problem} "
                    f"(the warehouse stores DECIMAL({AMOUNT_DIGITS}, {AMOUNT_DECIMALS}))"
                )
