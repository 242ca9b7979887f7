"""Shared test helpers: where ../shared is, and a skip when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_002 = SHARED / "seeds" / "002_79da5c65fa76b1ff.txt"
SHANGHAI_PDF = SHARED / "samples" / "shanghai-putuo-finance-bureau-2024-final-accounts.pdf"


def shared_file(path: Path) -> Path:
    """The path of a ../shared document, or a skip saying why the test cannot run."""
    if not path.is_file():
        pytest.skip(f"{path} is absent: ../shared (the seed documents) is not beside this checkout")
    return path
