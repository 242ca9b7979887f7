"""`juesuan extract` starts fast: the CLI and the pipeline import no heavy library until a command
needs it (pandas, DuckDB, the PDF libraries, openpyxl, Great Expectations)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pandas", "duckdb", "numpy", "pdfplumber", "pdfminer", "pypdfium2", "openpyxl", "great_expectations")


def _imported_by(code: str) -> list[str]:
    probe = f"import sys, json; {code}; print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def test_the_cli_and_the_pipeline_import_no_heavy_library() -> None:
    assert _imported_by("import loaders.cli, loaders.pipeline") == []


def test_reading_a_markdown_document_needs_none_of_them() -> None:
    code = (
        "from pathlib import Path; from loaders.pipeline import extract_document; "
        "extract_document(Path('data/samples/shanghai-2024-putuo-finance-bureau.md'))"
    )
    assert _imported_by(code) == []
