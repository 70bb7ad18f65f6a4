"""Throughput of ``annals batch`` on Dask with 1 and 2 local workers, measured in one run, by phase.

    python bench/bench_batch.py [--docs 620] [--seed 1] [--workers 1 2] [--partition-size 25]

The corpus is bench/corpus.py's generated articles (~330 words each; 620 give over 200,000 words)
written as JSON Lines.  Each run builds a fresh store with :func:`annals.batch.run_batch` (LocalCluster,
one thread per worker process); the time includes starting the workers, loading spaCy in each,
writing the Parquet partitions and merging them into SQLite.  Prints words/sec per run, the scaling
ratio, the seconds of extraction (on the workers), resolution and loading (in the driver), the store's size
over its text and the peak resident memory of each worker, and writes bench/results/batch.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from corpus import articles  # noqa: E402

from annals.batch import run_batch  # noqa: E402

WIKIPEDIA_WORDS = 4.5e9


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=620)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--partition-size", type=int, default=25)
    ap.add_argument("--out", default=str(HERE / "results" / "batch.md"))
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="annals-bench-batch-"))
    try:
        src = tmp / "corpus.jsonl"
        words = 0
        with src.open("w", encoding="utf-8") as fh:
            for name, text in articles(args.docs, args.seed):
                words += len(text.split())
                fh.write(json.dumps({"id": name, "title": name, "text": text}) + "\n")
        print(f"{args.docs} articles, {words:,} words", flush=True)
        runs = []
        for n in args.workers:
            db = tmp / f"w{n}.db"
            report = run_batch(src, db, workers=n, partition_size=args.partition_size)
            assert not report.failures, report.failures[:3]
            rate = report.words / report.seconds
            size, text = store_size(db)
            runs.append({"workers": n, "report": report, "rate": rate, "size": size, "text": text,
                         "counts": store_counts(db)})
            print(f"workers={n}: {report.seconds:.1f} s, {rate:,.0f} words/s, extraction "
                  f"{report.extraction_seconds:.1f} worker-s, resolution {report.resolution_seconds:.1f} s, "
                  f"loading {report.loading_seconds:.1f} s, "
                  f"store {size / text:.1f} x its text, peak RSS per worker {report.worker_peak_rss_mb} MB", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    first = runs[0]
    extract_rate = words / first["report"].extraction_seconds  # per core: each worker is one process, one thread
    resolve_rate = words / max(first["report"].resolution_seconds, 1e-9)
    load_rate = words / max(first["report"].loading_seconds, 1e-9)
    merge_rate = words / max(first["report"].merge_seconds, 1e-9)
    same = all(r["counts"] == first["counts"] for r in runs)
    lines = [
        "# annals batch: words/sec on Dask, by phase",
        "",
        f"`python bench/bench_batch.py --docs {args.docs}`: {args.docs} generated articles (bench/corpus.py, "
        f"seed {args.seed}), {words:,} words as JSON Lines, partitions of {args.partition_size}; LocalCluster, one "
        f"thread per worker process. Machine: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. Seconds are wall time from start to a "
        "finished store (starting the workers and loading spaCy in each included). Extraction is the time the "
        "workers spent extracting, summed over them (worker-seconds); resolution (linking entities to canonical "
        "ones) and loading (reading the partitions, writing every other row, building the deferred indexes) run "
        "in the driver, one core.",
        "",
        "| workers | seconds | words/sec | scaling vs 1 worker | extraction (worker-s) | resolution (s) "
        "| loading (s) | store / text | peak RSS per worker (MB) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in runs:
        rep = r["report"]
        lines.append(f"| {r['workers']} | {rep.seconds:.1f} | {r['rate']:,.0f} | {r['rate'] / first['rate']:.2f} | "
                     f"{rep.extraction_seconds:.1f} | {rep.resolution_seconds:.1f} | {rep.loading_seconds:.1f} | "
                     f"{r['size'] / r['text']:.1f} | {', '.join(f'{v:.0f}' for v in rep.worker_peak_rss_mb)} |")
    lines += [
        "",
        f"Rates per core (1-worker run): extraction {extract_rate:,.0f} words/sec, resolution {resolve_rate:,.0f}, "
        f"loading {load_rate:,.0f} (resolution and loading together {merge_rate:,.0f} words/sec). "
        f"Stores of every run identical in counts and entity names: {'yes' if same else 'NO'} "
        f"({', '.join(f'{k} {v}' for k, v in first['counts'].items() if k != 'names')}).",
        "",
        "English Wikipedia (~4.5 billion words) on N machines of C cores, extraction spread over all the cores "
        "(efficiency 0.9 for Dask's scheduling) and resolution plus loading in one driver core, as today:",
    ]
    for n_machines, cores in ((10, 16), (50, 16)):
        hours_x = WIKIPEDIA_WORDS / (extract_rate * n_machines * cores * 0.9) / 3600
        hours_m = WIKIPEDIA_WORDS / merge_rate / 3600
        lines.append(f"- N={n_machines}, C={cores}: {hours_x:,.1f} hours of extraction + {hours_m:,.1f} hours of "
                     "resolution and loading")
    lines += [
        "",
        "Resolution and loading do not yet run on the cluster: their hours do not shrink with N.",
    ]
    text = "\n".join(lines) + "\n"
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)


def store_size(db: Path) -> tuple[int, int]:
    """Bytes of the store's pages in use (free pages not counted) and of its documents' text (UTF-8)."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        used = (conn.execute("PRAGMA page_count").fetchone()[0] - conn.execute("PRAGMA freelist_count")
                .fetchone()[0]) * page
        text = conn.execute("SELECT sum(length(CAST(text AS BLOB))) FROM documents").fetchone()[0] or 1
    finally:
        conn.close()
    return used, text


def store_counts(db: Path) -> dict[str, object]:
    """Rows of the main tables and the sorted entity names, to compare the stores of two runs."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        out: dict[str, object] = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                  for t in ("entities", "mentions", "events", "relations")}
        out["names"] = sorted(r[0] for r in conn.execute("SELECT name FROM entities"))
    finally:
        conn.close()
    return out


if __name__ == "__main__":
    main()
