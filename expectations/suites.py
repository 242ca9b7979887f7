"""The Great Expectations suites of the rule catalogue, kept as JSON files in `suites/`.

Each rule is two expectations on the residual frame of a check run, restricted to its own rows:
the column `error` is null (critical: no difference beyond the tolerance) and the column `inexact`
is null (warning: the printed equation holds exactly). Both columns hold the finding's location
text when not null, so Data Docs list the cells that broke.

After editing rules.csv, regenerate with `python -m expectations.suites` (a test checks the files
are current). This module does not import great_expectations: the files are plain JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from expectations.catalogue import PACKAGE_DIR, Rule, load_rules

SUITES_DIR = PACKAGE_DIR / "suites"

LEVELS = (
    # (residual column, GX severity, finding level, what the expectation asserts)
    ("error", "critical", "error", "差额不超出容差 no difference beyond the tolerance"),
    ("inexact", "warning", "rounding", "完全相等 holds exactly (no rounding difference)"),
)


def _expectation(rule: Rule, column: str, severity: str, level: str, claim: str) -> dict:
    return {
        "type": "expect_column_values_to_be_null",
        "kwargs": {
            "column": column,
            "row_condition": {
                "type": "comparison",
                "column": {"name": "rule_id"},
                "operator": "==",
                "parameter": rule.rule_id,
            },
        },
        "meta": {"rule_id": rule.rule_id, "level": level, "tolerance": rule.tolerance},
        "description": f"{rule.label} ({rule.rule_id}) — {rule.description_zh}: {claim}",
        "severity": severity,
    }


def suite_document(name: str, rules: Iterable[Rule]) -> dict:
    return {
        "name": f"juesuan_{name}",
        "expectations": [_expectation(rule, *level) for rule in rules for level in LEVELS],
        "meta": {"generated_by": "python -m expectations.suites, from expectations/rules.csv"},
    }


def suite_documents(rules: tuple[Rule, ...]) -> dict[str, dict]:
    """File name → suite, one suite per rule family, in catalogue order."""
    families = dict.fromkeys(rule.suite for rule in rules)
    return {f"{family}.json": suite_document(family, [r for r in rules if r.suite == family]) for family in families}


def render(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_suites(directory: Path = SUITES_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, document in suite_documents(load_rules()).items():
        path = directory / file_name
        path.write_text(render(document), encoding="utf-8")
        written.append(path)
    return written


def read_suites(directory: Path = SUITES_DIR) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))]


if __name__ == "__main__":
    for path in write_suites():
        print(path)
