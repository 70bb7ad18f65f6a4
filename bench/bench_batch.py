"""Throughput of ``annals batch`` on Dask with 1 and 2 local workers, measured in one run.

    python bench/bench_batch.py [--docs 620] [--seed 1] [--workers 1 2] [--partition-size 25]

The corpus is bench/corpus.py's generated articles (~330 words each; 620 give over 200,000 words)
written as JSON Lines.  Each run builds a fresh store with :func:`annals.batch.run_batch` (LocalCluster,
one thread per worker process); the time includes starting the workers, loading spaCy in each,
writing the Parquet partitions and merging them into SQLite.  Prints words/sec per run, the scaling
ratio and the peak resident memory of each worker, and writes bench/results/batch.md.
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
            report = run_batch(src, tmp / f"w{n}.db", workers=n, partition_size=args.partition_size)
            assert not report.failures, report.failures[:3]
            rate = report.words / report.seconds
            runs.append((n, report.seconds, rate, report.worker_peak_rss_mb, report.merge_seconds))
            print(f"workers={n}: {report.seconds:.1f} s, {rate:,.0f} words/s, peak RSS per worker "
                  f"{report.worker_peak_rss_mb} MB, SQLite merge {report.merge_seconds:.1f} s", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    base = runs[0][2] / runs[0][0]  # per-worker rate with the fewest workers
    lines = [
        "# annals batch: words/sec on Dask",
        "",
        f"`python bench/bench_batch.py --docs {args.docs}`: {args.docs} generated articles (bench/corpus.py, "
        f"seed {args.seed}), {words:,} words as JSON Lines, partitions of {args.partition_size}; LocalCluster, one "
        f"thread per worker process. Machine: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. Times include starting the workers, "
        "loading spaCy in each, Parquet and the SQLite merge.",
        "",
        "| workers | seconds | words/sec | scaling vs 1 worker | peak RSS per worker (MB) | SQLite merge (s) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for n, secs, rate, rss, merge in runs:
        lines.append(f"| {n} | {secs:.1f} | {rate:,.0f} | {rate / runs[0][2]:.2f} | "
                     f"{', '.join(f'{v:.0f}' for v in rss)} | {merge:.1f} |")
    merge_rate = words / max(runs[0][4], 1e-9)
    lines += [
        "",
        f"Per-core rate: {base:,.0f} words/sec. English Wikipedia (~4.5 billion words) on N machines of C cores: "
        f"hours = 4.5e9 / ({base:,.0f} x N x C x efficiency) / 3600.",
    ]
    for n_machines, cores in ((10, 16), (50, 16)):
        hours = WIKIPEDIA_WORDS / (base * n_machines * cores * 0.9) / 3600
        lines.append(f"- N={n_machines}, C={cores}, efficiency 0.9: {hours:,.1f} hours of extraction")
    lines += [
        "",
        f"The merge into one SQLite store is serial (in the driver): {merge_rate:,.0f} words/sec here, so one store "
        f"of the whole of Wikipedia needs at least 4.5e9 / {merge_rate:,.0f} / 3600 = "
        f"{WIKIPEDIA_WORDS / merge_rate / 3600:,.1f} hours of merging whatever the cluster.",
    ]
    text = "\n".join(lines) + "\n"
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
