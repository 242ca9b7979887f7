"""`make bench`: ingest, re-ingest and check on a generated 1,000-document mixed corpus, each figure
beside its target (a 2-core machine; compare ratios within one run, the machine may be shared).

The corpus is made from the bundled samples (rendered by the project's own code from real published
figures, see data/samples/README.md): distinct copies (a trailing comment, so each has its own
content hash and is really read and written) of the markdown sets, the xlsx workbook and the ruled
PDFs, at least 10% PDFs. The PDFs embed their font as published PDFs do, so they are read the way
real PDFs are (pdfium, pdfplumber's table finder); the bench says so. The check at 10,000 documents
replicates the loaded documents in SQL.

    .venv/bin/python bench/bench_ingest.py [--documents 1000] [--check-documents 10000]
    .venv/bin/python bench/bench_ingest.py --check-only   # the check at 10,000 documents alone,
                                                         # replicated from the bundled samples
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from loaders.pipeline import collect_files, default_workers, ingest_paths

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
REAL_PDFS = Path(__file__).resolve().parents[2] / "shared" / "samples"  # ../shared, when beside the checkout
SHARES = {".md": 0.6, ".xlsx": 0.28, ".pdf": 0.12}  # of the corpus, by format
TARGETS = {
    "speedup": 1.7,  # default workers against one, same corpus
    "docs_per_s": 20.0,  # mixed corpus, default workers
    "reingest_s": 3.0,  # unchanged 1,000-document folder
    "check_s": 60.0,  # check over 10,000 documents
    "check_mib": 1024.0,
    "build_s": 60.0,
}


def distinct_copy(source: Path, target: Path, n: int) -> None:
    """A copy whose bytes differ (so its content hash does too) without changing any table."""
    shutil.copyfile(source, target)
    if source.suffix in {".md", ".markdown", ".tsv", ".txt"}:
        with target.open("a", encoding="utf-8") as f:
            f.write(f"\n<!-- bench copy {n} -->\n")
    elif source.suffix == ".pdf":
        with target.open("ab") as f:
            f.write(f"\n% bench copy {n}\n".encode())
    elif source.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(target)
        book.properties.title = f"bench copy {n}"
        book.save(target)


def make_corpus(folder: Path, documents: int, samples_dir: Path = SAMPLES) -> Counter:
    """`documents` distinct files in `folder`, mixed by SHARES over the bundled samples."""
    samples = collect_files([samples_dir])
    made: Counter = Counter()
    for suffix, share in SHARES.items():
        sources = [s for s in samples if s.suffix == suffix]
        for n in range(round(documents * share)):
            source = sources[n % len(sources)]
            distinct_copy(source, folder / f"{suffix[1:]}-{n:05d}{suffix}", n)
            made[suffix[1:]] += 1
    return made


def _ingest(files: list[Path], db: Path, workers: int) -> tuple[float, object]:
    started = time.perf_counter()
    summary = ingest_paths(files, db, workers=workers)
    return time.perf_counter() - started, summary


def _line(label: str, result: str, target: str, ok: bool | None) -> bool:
    verdict = "" if ok is None else ("ok" if ok else "MISSED")
    print(f"{label:52s} {result:>22s}   target {target:>12s}  {verdict}")
    return ok is not False


class _Stages:
    """Wall and CPU seconds per stage (CPU time of this process: steadier than wall time on a shared
    machine, where another process may hold the core)."""

    def __init__(self) -> None:
        self.wall: Counter = Counter()
        self.cpu: Counter = Counter()

    @contextlib.contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.wall[stage] += time.perf_counter() - wall
        self.cpu[stage] += time.process_time() - cpu


def stage_rates(files: list[Path], db: Path) -> None:
    """Documents per second per format and per stage, one process, and CPU milliseconds a document:
    read, normalise, the whole extraction (read, narrative, normalise, checks), and writing as
    ingest writes (the documents of a batch in one transaction) and, for comparison, one transaction
    per document."""
    import pyarrow as pa

    from loaders.batch_writer import write_documents
    from loaders.normalise import normalise
    from loaders.pipeline import extract_document, read_document
    from loaders.raw_rows import raw_schemas
    from loaders.warehouse import connect

    raw_schemas()  # once per process, and pyarrow's first conversion (it imports pandas): no document's cost
    pa.array([""])
    con, separate = connect(db), connect(db.with_suffix(".one-by-one.duckdb"))
    try:
        for fmt in ("md", "xlsx", "pdf"):
            sample = [f for f in files if f.suffix == f".{fmt}"][:10]
            clock = _Stages()
            loaded = []
            for path in sample:
                with clock("read"):
                    doc = read_document(path)
                with clock("normalise"):
                    normalise(doc)
                with clock("extract"):
                    loaded.append(extract_document(path))
            with clock("write"):
                write_documents(con, loaded)
            with clock("write one by one"):
                for one in loaded:
                    write_documents(separate, [one])
            rates = "  ".join(f"{stage} {len(sample) / seconds:6.1f}/s" for stage, seconds in clock.wall.items())
            total = len(sample) / (clock.wall["extract"] + clock.wall["write"])
            print(f"  {fmt:5s} {total:6.1f} docs/s   ({rates})")
            cpu = "  ".join(f"{stage} {seconds / len(sample) * 1000:6.1f}" for stage, seconds in clock.cpu.items())
            print(f"  {'':5s} CPU ms a document: {cpu}")
    finally:
        con.close()
        separate.close()


def pdfium_reads(pdfs: list[Path]) -> bool:
    """Whether pdfium reads every page of the bench's PDFs itself (their fonts embedded)."""
    from loaders.readers.pdfium_pages import read_pages

    return all(page.faithful for path in pdfs for page in read_pages(path))


def _facts(path: Path) -> list[tuple] | str:
    """A document's facts (or why it was rejected)."""
    from loaders.model import DocumentError
    from loaders.pipeline import extract_document

    try:
        loaded = extract_document(path)
    except DocumentError as err:
        return str(err)
    return sorted((f.table_kind, f.row_key, f.column_key, f.value_text, f.page) for t in loaded.tables for f in t.facts)


def pdf_pages(pdfs: list[Path]) -> bool:
    """Pages per second of the PDF reader (pdfium where faithful) against pdfplumber alone, on the
    real PDFs of ../shared, and whether every PDF gives the same facts both ways."""
    from loaders.readers import pdf

    def pdfplumber_only(path: Path) -> list:
        return pdf._read_with_pdfplumber(path, [], [])

    clock, pages, same = Counter(), 0, True
    for path in pdfs:
        for route, read in (("pdfium", pdf._read_pages), ("pdfplumber", pdfplumber_only)):
            started = time.perf_counter()
            read_pages = read(path)
            clock[route] += time.perf_counter() - started
        pages += len(read_pages)
        fast = _facts(path)
        original, pdf._read_pages = pdf._read_pages, pdfplumber_only
        try:
            same &= fast == _facts(path)
        finally:
            pdf._read_pages = original
    ok = _line(
        f"PDF pages/s, {len(pdfs)} real PDFs ({pages} pages)",
        f"{pages / clock['pdfium']:.1f} vs {pages / clock['pdfplumber']:.1f} (pdfplumber)",
        ">= 2x",
        clock["pdfplumber"] >= 2 * clock["pdfium"],
    )
    result = "identical" if same else "DIFFER"
    return ok & _line("PDF facts, pdfium route against pdfplumber", result, "identical", same)


def replicate(source: Path, target: Path, documents: int) -> None:
    """A warehouse of `documents` documents: the loaded ones copied in SQL under new ids, each copy
    another department (as in a real collection: one department-year's reports are a few documents,
    not thousands, and the check batches a department's documents together)."""
    import duckdb

    shutil.copyfile(source, target)
    con = duckdb.connect(str(target))
    try:
        base = con.execute("select count(*) from raw.documents").fetchone()[0]
        con.execute(
            "create temp table ids as select d.document_id as old_id, left(sha256(d.content_hash || i), 16) as new_id, "
            "sha256(d.content_hash || i) as new_hash, i from raw.documents d, range(1, ?) r(i)",
            [-(-documents // base)],
        )
        con.execute(
            "insert into raw.documents by name select d.* replace (ids.new_id as document_id, "
            "ids.new_hash as content_hash, d.path || '#' || i as path, "
            "d.department || ' 副本' || i as department) from raw.documents d "
            "join ids on ids.old_id = d.document_id"
        )
        per_document = con.execute(
            "select distinct table_name from duckdb_columns() where schema_name = 'raw' "
            "and column_name = 'document_id' and table_name <> 'documents'"
        ).fetchall()
        for (table,) in per_document:
            con.execute(
                f"insert into raw.{table} by name select t.* replace (ids.new_id as document_id) "
                f"from raw.{table} t join ids on ids.old_id = t.document_id"
            )
    finally:
        con.close()


# Runs a command as the only child of a fresh process, and prints its exit code and peak memory (KiB):
# this process's own children (the ingest's workers) do not count.
_MEASURE = (
    "import resource, subprocess, sys; "
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def _timed_command(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Seconds, peak memory (MiB) and exit code of a juesuan command in its own process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURE, *args], capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    code, peak = (int(n) for n in done.stdout.split())
    return seconds, peak / 1024, code


def dbt_node_seconds(db: Path) -> float:
    """Seconds dbt spent on seeds, models and tests in its last run on `db` (the rest of a build is
    dbt's start-up and parse, and the command's own)."""
    from loaders.dbt_runner import artefacts_dir

    results = json.loads((artefacts_dir(db) / "run_results.json").read_text(encoding="utf-8"))
    return results["elapsed_time"]


def raw_kb_per_document(source: Path, target: Path, fact_index: bool) -> float:
    """KB per document of the raw layer of `source` written afresh (checkpointed) into `target`,
    with or without the primary-key index raw.facts had before."""
    import duckdb

    from loaders.warehouse import WAREHOUSE_CONFIG, raw_ddl

    with duckdb.connect(str(target), config=WAREHOUSE_CONFIG) as con:
        con.execute(raw_ddl())
        if fact_index:
            con.execute("alter table raw.facts add primary key (document_id, table_seq, row_key, column_key)")
        con.execute(f"attach '{source}' as source (read_only)")
        for (table,) in con.execute(
            "select table_name from duckdb_tables() where database_name = 'source' and schema_name = 'raw'"
        ).fetchall():
            con.execute(f'insert into raw."{table}" by name select * from source.raw."{table}"')
        documents = con.execute("select count(*) from raw.documents").fetchone()[0]
        con.execute("detach source")
        con.execute("checkpoint")
    return target.stat().st_size / 1000 / documents


def raw_counts(db: Path) -> dict[str, int]:
    """Rows per raw table."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.execute("select table_name from duckdb_tables() where schema_name = 'raw' order by 1").fetchall()
        return {t: con.execute(f'select count(*) from raw."{t}"').fetchone()[0] for (t,) in tables}


def distributed_route(corpus: Path, tmp: Path, workers: int, direct: Path) -> bool:
    """`juesuan shard` on a local Dask cluster, then `juesuan ingest SHARDS`: time and the same rows."""
    try:
        from loaders.distributed import shard_paths
    except ImportError:
        return _line("distributed route (Dask)", "not installed", "same facts", False)
    shards, db = tmp / "shards", tmp / "sharded.duckdb"
    started = time.perf_counter()
    summary = shard_paths([corpus], str(shards), workers=workers)
    sharding = time.perf_counter() - started
    started = time.perf_counter()
    loaded = ingest_paths([], db, shards=[str(shards)])
    loading = time.perf_counter() - started
    documents = len(summary.sharded) + len(summary.rejected)
    ok = _line(
        f"distributed: shard on a local cluster ({workers} workers)",
        f"{sharding:.1f} s, {documents / sharding:.1f} docs/s",
        "",
        None,
    )
    ok &= _line("distributed: ingest of the shards", f"{loading:.1f} s, {documents / loading:.1f} docs/s", "", None)
    same = raw_counts(db) == raw_counts(direct)
    facts = raw_counts(db)["facts"]
    ok &= _line("distributed: rows of every raw table", f"{facts:,} facts, {loaded.tally()[:20]}…", "= direct", same)
    return ok


def check_at_scale(loaded: Path, big: Path, documents: int) -> bool:
    """`juesuan check` over `documents` documents replicated in SQL from the warehouse `loaded`."""
    replicate(loaded, big, documents)
    juesuan = str(Path(sys.executable).with_name("juesuan"))
    seconds, mib, code = _timed_command([juesuan, "check", "--db", str(big), "--reports", f"{big.parent}/reports"])
    ok = _line(
        f"check over {documents} documents",
        f"{seconds:.1f} s, exit {code}",
        f"<= {TARGETS['check_s']:g} s",
        seconds <= TARGETS["check_s"] and code in (0, 1),
    )
    return ok & _line(
        "check peak memory", f"{mib:.0f} MiB", f"<= {TARGETS['check_mib']:g} MiB", mib <= TARGETS["check_mib"]
    )


def check_only(samples: Path, documents: int) -> int:
    """The check target alone: the bundled samples ingested, then replicated to `documents`."""
    with tempfile.TemporaryDirectory() as tmp:
        loaded = Path(tmp) / "samples.duckdb"
        _ingest([samples], loaded, 1)
        return 0 if check_at_scale(loaded, Path(tmp) / "big.duckdb", documents) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--check-documents", type=int, default=10_000)
    parser.add_argument("--samples", type=Path, default=SAMPLES)
    parser.add_argument("--check-only", action="store_true", help="only the check over --check-documents")
    args = parser.parse_args()
    if args.check_only:
        return check_only(args.samples, args.check_documents)
    ok = True
    juesuan = str(Path(sys.executable).with_name("juesuan"))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        made = make_corpus(corpus, args.documents, args.samples)
        files = collect_files([corpus])
        workers = default_workers()
        print(
            f"corpus: {len(files)} documents ({', '.join(f'{n} {k}' for k, n in made.items())}); "
            f"default workers {workers}"
        )
        print("per format and stage, one process (extract = read + narrative + normalise + checks):")
        stage_rates(files, Path(tmp) / "stages.duckdb")
        pdfs = [f for f in files if f.suffix == ".pdf"][:2]
        _line("bench PDFs read by pdfium (font embedded)", "yes" if pdfium_reads(pdfs) else "NO", "", None)
        real_pdfs = sorted(REAL_PDFS.rglob("*.pdf")) if REAL_PDFS.is_dir() else []
        if real_pdfs:
            ok &= pdf_pages(real_pdfs)
        else:
            _line("PDF pages/s on real PDFs", f"none at {REAL_PDFS}", ">= 2x", None)

        t100, _ = _ingest(files[:: max(1, len(files) // 100)][:100], Path(tmp) / "w100.duckdb", workers)
        t1, s1 = _ingest(files, Path(tmp) / "w1.duckdb", 1)
        tn, sn = _ingest(files, Path(tmp) / "wn.duckdb", workers)
        same = (len(s1.loaded), len(s1.rejected), sum(n for _, n in s1.loaded)) == (
            len(sn.loaded),
            len(sn.rejected),
            sum(n for _, n in sn.loaded),
        )
        ok &= _line("ingest, --workers 1", f"{t1:.1f} s, {len(files) / t1:.1f} docs/s", "", None)
        ok &= _line(
            f"ingest, default workers ({workers})",
            f"{tn:.1f} s, {len(files) / tn:.1f} docs/s",
            f">= {TARGETS['docs_per_s']:g}/s",
            len(files) / tn >= TARGETS["docs_per_s"],
        )
        ok &= _line(
            "speed-up, default workers against one",
            f"{t1 / tn:.2f}x",
            f">= {TARGETS['speedup']}x",
            t1 / tn >= TARGETS["speedup"],
        )
        ok &= _line("same tally, facts and rejections", f"{sn.tally()}", "identical", same)
        ok &= _line("time(1000)/time(100), default workers", f"{tn / t100:.1f}", "~10 (linear)", None)
        tr, sr = _ingest([corpus], Path(tmp) / "wn.duckdb", workers)
        ok &= _line(
            "re-ingest of the unchanged folder",
            f"{tr:.2f} s, {len(sr.skipped)} skipped",
            f"<= {TARGETS['reingest_s']:g} s",
            tr <= TARGETS["reingest_s"] and not sr.loaded,
        )
        peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        ok &= _line("peak memory of ingest (any one process)", f"{peak / 1024:.0f} MiB", "", None)
        without = raw_kb_per_document(Path(tmp) / "wn.duckdb", Path(tmp) / "plain.duckdb", fact_index=False)
        indexed = raw_kb_per_document(Path(tmp) / "wn.duckdb", Path(tmp) / "indexed.duckdb", fact_index=True)
        ok &= _line("raw layer, KB per document", f"{without:.1f} KB", "< with index", without < indexed)
        ok &= _line("raw layer, KB per document, with the old fact index", f"{indexed:.1f} KB", "", None)
        ok &= distributed_route(corpus, Path(tmp), workers, Path(tmp) / "wn.duckdb")

        big = Path(tmp) / "w10k.duckdb"
        ok &= check_at_scale(Path(tmp) / "wn.duckdb", big, args.check_documents)
        env = {**os.environ, "JUESUAN_DB": str(big)}
        seconds, _, code = _timed_command([juesuan, "build", "--db", str(big)], env)
        ok &= _line(
            f"build over {args.check_documents} documents",
            f"{seconds:.1f} s, exit {code}",
            f"<= {TARGETS['build_s']:g} s",
            seconds <= TARGETS["build_s"] and code == 0,
        )
        if code == 0:  # dbt wrote its run results
            nodes = dbt_node_seconds(big)
            ok &= _line("  of which seeds, models and tests", f"{nodes:.1f} s", "", None)
            ok &= _line("  of which start-up and parse", f"{seconds - nodes:.1f} s", "", None)
    return 0 if ok else 1


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        raise SystemExit(main())
