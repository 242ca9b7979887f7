"""Ingest throughput and memory on copies of the bundled sample corpus.

Targets (2-core CI-sized machine): a text/markdown/xlsx document in under 0.5 s on average, a PDF in
under 5 s, `juesuan check` over the whole batch in under 2 minutes, and peak memory under 1 GiB.
Each copy gets a distinct content hash (a trailing comment line) so that every one is really
parsed and written.

    .venv/bin/python bench/bench_ingest.py [--copies 20] [--samples data/samples]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import resource
import shutil
import tempfile
import time
from pathlib import Path

from loaders.pipeline import collect_files, ingest_paths

TARGET_SECONDS = {"pdf": 5.0}
DEFAULT_TARGET_SECONDS = 0.5
TARGET_PEAK_MIB = 1024
TARGET_CHECK_SECONDS = 120.0


def _distinct_copy(source: Path, target: Path, n: int) -> None:
    """A copy whose bytes differ (so its content hash does too) without changing any table."""
    shutil.copyfile(source, target)
    if source.suffix in {".txt", ".md", ".markdown", ".tsv"}:
        with target.open("a", encoding="utf-8") as f:
            f.write(f"\n<!-- bench copy {n} -->\n" if source.suffix != ".txt" else f"\nbench copy {n}\n")
    elif source.suffix == ".pdf":
        with target.open("ab") as f:
            f.write(f"\n% bench copy {n}\n".encode())
    elif source.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(target)
        book.properties.title = f"bench copy {n}"
        book.save(target)


def _bench_check(db: Path, reports: Path, documents: int) -> bool:
    """`juesuan check` over the whole batch: every rule on every document."""
    from expectations.run import run_checks

    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # the findings summary is not what is measured
        code = run_checks(db, reports)
    seconds = time.perf_counter() - started
    ok = code in (0, 1) and seconds <= TARGET_CHECK_SECONDS
    print(
        f"check of {documents} documents: {seconds:.1f} s (target {TARGET_CHECK_SECONDS} s), exit {code}  "
        f"{'ok' if ok else 'MISSED'}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--samples", type=Path, default=Path("data/samples"))
    args = parser.parse_args()
    samples = collect_files([args.samples])
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for sample in samples:
            folder = Path(tmp) / sample.name
            folder.mkdir()
            for n in range(args.copies):
                _distinct_copy(sample, folder / f"{n:04d}{sample.suffix}", n)
            started = time.perf_counter()
            summary = ingest_paths([folder], Path(tmp) / "bench.duckdb")
            seconds = (time.perf_counter() - started) / args.copies
            facts = sum(n for _, n in summary.loaded)
            kind = sample.suffix.lstrip(".")
            target = TARGET_SECONDS.get(kind, DEFAULT_TARGET_SECONDS)
            ok = seconds <= target and not summary.rejected and len(summary.loaded) == args.copies
            failed |= not ok
            print(
                f"{sample.name:60s} {args.copies} copies  {seconds:6.3f} s/doc (target {target} s)  "
                f"{facts / args.copies:6.0f} facts/doc  {'ok' if ok else 'MISSED'}"
            )
        failed |= not _bench_check(Path(tmp) / "bench.duckdb", Path(tmp) / "reports", len(samples) * args.copies)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak_mib:.0f} MiB (target {TARGET_PEAK_MIB} MiB)")
    failed |= peak_mib > TARGET_PEAK_MIB
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
