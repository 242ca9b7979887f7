"""Hostile inputs within bounded memory: each is read by `juesuan extract` logic in a process of its
own under the default resource limits, and must be rejected (naming the limit) or loaded, with a
peak resident memory under 512 MiB.

- a sheet of 200,000 rows (over the sheet_rows limit: refused while streaming);
- a sheet just within the limits (19,990 rows): loaded;
- a 0.4 MB workbook whose shared strings unzip to 432 MB (over unzipped_mb: refused before
  anything is inflated);
- the 200,000-row table as markdown (over sheet_rows: refused while the table is built);
- a 0.1 MB docx holding a 100,000-row table, 26 MB of XML within unzipped_mb (over sheet_rows:
  refused while its XML streams, before python-docx would hold it).

    .venv/bin/python bench/bench_limits.py [--rows 200000] [--bomb-mb 432]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fixtures.hostile import long_docx, long_markdown, long_sheet, shared_strings_bomb  # noqa: E402

TARGET_PEAK_MIB = 512

# Run in a child process so that its peak memory is its own.
_CHILD = """
import json, resource, sys, time
from pathlib import Path
from loaders.model import DocumentError
from loaders.pipeline import extract_document
start = time.perf_counter()
try:
    loaded = extract_document(Path(sys.argv[1]))
    outcome = f"loaded: {sum(len(t.facts) for t in loaded.tables)} facts"
except DocumentError as err:
    outcome = f"rejected: {err}"
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - start, "peak_mib": peak}))
"""


def measure(path: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, check=True, cwd=REPO
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--bomb-mb", type=int, default=432)
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        cases = {
            f"sheet of {args.rows:,} rows": lambda: long_sheet(Path(tmp) / "long.xlsx", args.rows),
            "sheet of 19,990 rows": lambda: long_sheet(Path(tmp) / "within.xlsx", 19_990),
            f"shared strings unzipping to {args.bomb_mb} MB": lambda: shared_strings_bomb(
                Path(tmp) / "bomb.xlsx", args.bomb_mb
            ),
            f"markdown table of {args.rows:,} rows": lambda: long_markdown(Path(tmp) / "long.md", args.rows),
            "docx table of 100,000 rows": lambda: long_docx(Path(tmp) / "long.docx", 100_000),
        }
        for name, make in cases.items():
            start = time.perf_counter()
            path = make()
            made = time.perf_counter() - start
            found = measure(path)
            ok = found["peak_mib"] < TARGET_PEAK_MIB
            failed |= not ok
            print(
                f"{name}: {path.stat().st_size / 2**20:.1f} MB file (made in {made:.0f} s); "
                f"{found['outcome'][:160]}; {found['seconds']:.1f} s; peak {found['peak_mib']:.0f} MiB "
                f"(target < {TARGET_PEAK_MIB}) {'ok' if ok else 'OVER'}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
