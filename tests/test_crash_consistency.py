"""kill -9 in the middle of a batch: no partial document survives, and running the batch again
loads exactly what is missing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from loaders.pipeline import ingest_paths

REPO = Path(__file__).resolve().parents[1]
SAMPLES = [
    REPO / "data" / "samples" / "shanghai-2024-putuo-finance-bureau.md",
    REPO / "data" / "samples" / "zhejiang-2024-shaoxing-yuecheng-big-data-center.md",
]
FACTS = {"shanghai": 195, "zhejiang": 585}
COPIES = 3  # of each sample: six documents

# The batch in a process of its own, writing two documents per transaction, that stops for good
# inside the second transaction (after the documents' rows are inserted, before their tables and
# facts) and says so.
_BATCH = """
import sys, time
from pathlib import Path
from loaders import raw_rows
from loaders.pipeline import ingest_paths

marker, docs, db = map(Path, sys.argv[1:4])
real = raw_rows.insert_arrow
calls = []

def documents_then_hang(con, tables):
    calls.append(1)
    if len(calls) == 2:
        real(con, {"documents": tables["documents"]})
        marker.write_text("inside the second transaction")
        time.sleep(600)
    return real(con, tables)

raw_rows.insert_arrow = documents_then_hang
ingest_paths([docs], db, batch_documents=2)
"""


def _copies(folder: Path) -> list[Path]:
    folder.mkdir()
    made = []
    for n in range(COPIES):
        for sample in SAMPLES:
            copy = folder / f"{sample.stem}-{n}.md"
            copy.write_text(sample.read_text(encoding="utf-8") + f"\n<!-- copy {n} -->\n", encoding="utf-8")
            made.append(copy)
    return made


def _state(db: Path) -> dict[str, object]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "documents": con.execute("select count(*) from raw.documents").fetchone()[0],
            "facts by document": dict(
                con.execute(
                    "select d.file_name, count(f.value) from raw.documents d "
                    "left join raw.facts f using (document_id) group by all"
                ).fetchall()
            ),
            "orphan tables": con.execute(
                "select count(*) from raw.tables t anti join raw.documents d using (document_id)"
            ).fetchone()[0],
            "orphan facts": con.execute(
                "select count(*) from raw.facts f anti join raw.documents d using (document_id)"
            ).fetchone()[0],
        }
    finally:
        con.close()


def _expected(names) -> dict[str, int]:
    return {name: FACTS[name.split("-")[0]] for name in names}


def test_kill_9_mid_batch_leaves_whole_documents_and_a_rerun_completes_it(tmp_path: Path) -> None:
    docs, db, marker = tmp_path / "docs", tmp_path / "w.duckdb", tmp_path / "marker"
    files = _copies(docs)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    batch = subprocess.Popen([sys.executable, "-c", _BATCH, str(marker), str(docs), str(db)], env=env)
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert batch.poll() is None, "the batch ended before it was killed"
        assert time.monotonic() < deadline, "the batch never reached its third document"
        time.sleep(0.05)
    batch.send_signal(signal.SIGKILL)
    assert batch.wait() == -signal.SIGKILL

    after_kill = _state(db)
    loaded = sorted(after_kill["facts by document"])
    assert after_kill["documents"] == 2 and after_kill["facts by document"] == _expected(loaded)
    assert after_kill["orphan tables"] == after_kill["orphan facts"] == 0

    rerun = ingest_paths([docs], db)
    assert sorted(Path(p).name for p in rerun.skipped) == loaded
    assert len(rerun.loaded) == len(files) - 2 and not rerun.rejected
    final = _state(db)
    assert final["facts by document"] == _expected(p.name for p in files)
    assert final["orphan tables"] == final["orphan facts"] == 0

    again = ingest_paths([docs], db)
    assert not again.loaded and len(again.skipped) == len(files)
    assert _state(db) == final


def test_a_reader_process_killed_mid_batch_costs_no_document(tmp_path: Path) -> None:
    """A worker reading documents dies (here: SIGKILL, as the out-of-memory killer sends): the pool
    it broke is replaced, the documents it had not returned are read again, and the batch loads whole."""
    import threading

    import psutil

    folder = tmp_path / "pdfs"
    folder.mkdir()
    pdf = REPO / "data" / "samples" / "shanghai-2024-putuo-finance-bureau.pdf"
    for n in range(12):
        (folder / f"{n}.pdf").write_bytes(pdf.read_bytes() + f"\n% copy {n}\n".encode())
    db = tmp_path / "w.duckdb"
    outcome: dict[str, object] = {}

    def ingest() -> None:
        try:
            outcome["summary"] = ingest_paths([folder], db, workers=2)
        except BaseException as err:  # what used to end the batch: BrokenProcessPool
            outcome["error"] = err

    batch = threading.Thread(target=ingest)
    batch.start()
    killed = None
    while batch.is_alive() and killed is None:
        workers = [p for p in psutil.Process().children(recursive=True) if p.ppid() != os.getpid()]
        busy = [p for p in workers if sum(p.cpu_times()[:2]) > 0.5]  # started, inside a document
        if busy:
            killed = busy[0].pid
            os.kill(killed, signal.SIGKILL)
        time.sleep(0.05)
    batch.join(timeout=300)
    assert killed is not None, "the batch ended before a worker could be killed"
    assert "error" not in outcome, outcome.get("error")
    summary = outcome["summary"]
    assert len(summary.loaded) == 12 and summary.rejected == []
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*), count(distinct document_id) from raw.facts").fetchone() == (12 * 195, 12)
