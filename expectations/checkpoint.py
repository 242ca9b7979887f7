"""The Great Expectations side of a check run: validate the residual frame, build Data Docs.

GX 1.x is driven from Python (it has no CLI). Its SQL datasource over duckdb-engine returns empty
results, so DuckDB computes the residuals and GX validates them as a pandas dataframe batch, in an
ephemeral context whose only files are the Data Docs site. The frame holds the findings only (the
residuals that are not exact); how many equations each rule checked, and how many held exactly, is
counted in DuckDB and shown in each expectation's description, so memory does not grow with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import pandas as pd

from expectations.report import RunInfo
from expectations.suites import read_suites

CHECKPOINT_NAME = "juesuan_dq"
DOCS_SITE = "local"


class ValidationRunError(RuntimeError):
    """An expectation could not be evaluated: the run failed, whatever the data."""


@dataclass(frozen=True)
class RuleCounts:
    """How one rule's equations came out in this run (counted in DuckDB)."""

    checked: int
    exact: int
    rounding: int
    warnings: int
    errors: int

    def note(self) -> str:
        return (
            f"{self.checked} equations checked: {self.exact} exact, {self.rounding} rounding (尾数误差), "
            f"{self.warnings} warnings, {self.errors} errors"
        )


def with_counts(suite: dict, counts: dict[str, RuleCounts]) -> dict:
    """The suite with each expectation's description ending in its rule's counts in this run (the
    validation pages show the description)."""
    expectations = [
        {**e, "description": f"{e['description']} ({counts[e['meta']['rule_id']].note()})"}
        if e["meta"]["rule_id"] in counts
        else e
        for e in suite["expectations"]
    ]
    return {**suite, "expectations": expectations}


@dataclass(frozen=True)
class FailedExpectation:
    suite: str
    rule_id: str
    level: str  # error | rounding
    unexpected: int


def suite_findings(frame: pd.DataFrame, suite: dict) -> pd.DataFrame:
    """The findings of the suite's own rules: each suite is validated on its rows only, so GX's
    per-rule row conditions filter a few rows rather than every finding of the run."""
    rule_ids = {e["meta"]["rule_id"] for e in suite["expectations"]}
    return frame[frame["rule_id"].isin(rule_ids)]


def validate(
    frame: pd.DataFrame, counts: dict[str, RuleCounts], docs_dir: Path, run: RunInfo
) -> list[FailedExpectation]:
    """Run each suite's checkpoint over its findings in `frame` (columns rule_id, error, inexact),
    with each rule's `counts` in its expectations' descriptions; then write Data Docs once, the run
    named by its time and warehouse."""
    import great_expectations as gx  # ~7 s to import: only when a check runs
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.add_data_docs_site(
        site_name=DOCS_SITE,
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs_dir.resolve()),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    asset = context.data_sources.add_pandas("warehouse").add_dataframe_asset("dq_residuals")
    batch = asset.add_batch_definition_whole_dataframe("check_run")
    run_id = RunIdentifier(run_name=run.name, run_time=run.checked_at.replace(tzinfo=UTC))
    failed = []
    for suite in read_suites():
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(
                name=suite["name"],
                data=batch,
                suite=context.suites.add(gx.ExpectationSuite(**with_counts(suite, counts))),
            )
        )
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name=f"{CHECKPOINT_NAME}_{suite['name']}",
                validation_definitions=[definition],
                result_format={"result_format": "SUMMARY", "partial_unexpected_count": 20},
            )
        )
        result = checkpoint.run(batch_parameters={"dataframe": suite_findings(frame, suite)}, run_id=run_id)
        failed += _failed(result)
    # Once for the whole run: an UpdateDataDocsAction per suite would rebuild the index every time.
    context.build_data_docs(site_names=[DOCS_SITE])
    return failed


def _failed(result) -> list[FailedExpectation]:
    """The expectations of a checkpoint result that failed; an expectation that raised fails the run."""
    failed = []
    for suite_result in result.run_results.values():
        for outcome in suite_result.results:
            config = outcome.expectation_config
            if outcome.exception_info.get("raised_exception"):
                raise ValidationRunError(f"{config.meta['rule_id']}: {outcome.exception_info.get('exception_message')}")
            if not outcome.success:
                failed.append(
                    FailedExpectation(
                        suite=suite_result.suite_name,
                        rule_id=config.meta["rule_id"],
                        level=config.meta["level"],
                        unexpected=outcome.result.get("unexpected_count", 0),
                    )
                )
    return failed
