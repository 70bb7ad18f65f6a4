"""A store of one file against a sharded one (``annals batch --shards``): loading, size and reads, measured apart.

    python bench/bench_shards.py [--docs 620] [--seed 1] [--workers 1 2] [--shards 2 4] [--partition-size 25]

The corpus is bench/corpus.py's generated articles as JSON Lines, extracted once; every run after reuses its
Parquet partitions (nothing extracted again), so a run is resolution and loading alone.  For each worker count:
one file (the driver copies every partition store into the store), then each shard count (the workers build the
shards, the driver writes the canonical entities).  Reported: wall seconds of loading, the CPU seconds of loading
on the workers and in the driver (the part that does not spread over a cluster), the size against the text, and
the median milliseconds of the reads a reader makes (entities, one entity, its timeline, a search, a question) on
each store, which a sharded store answers by asking every shard.  Every store's reads are checked to be the
same as the one file's.  Writes bench/results/shards.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_batch import load, write_jsonl  # noqa: E402
from corpus import articles  # noqa: E402

from annals import api  # noqa: E402
from annals.batch import run_batch, work_dir  # noqa: E402
from annals.store.sharded import shard_paths  # noqa: E402


def size_of(db: Path) -> int:
    """Bytes of the store's files: the main file and its shards."""
    return db.stat().st_size + sum(p.stat().st_size for p in shard_paths(db) or [])


def text_bytes(db: Path) -> int:
    """Bytes of the documents' text (UTF-8) in a store of one file."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT sum(length(CAST(text AS BLOB))) FROM documents").fetchone()[0] or 1
    finally:
        conn.close()


def reads(db: Path, person: str, word: str) -> dict[str, object]:
    """What a reader asks, each read's answer (to compare the stores) and its median milliseconds over 5 runs."""
    asks = {
        "entities": lambda: api.entities(db, limit=50),
        "show": lambda: api.show(db, person),
        "timeline of one": lambda: api.timeline(db, entity=person),
        "search": lambda: [(h["document"], h["sentence"]) for h in api.search(db, word, limit=20)],
        "ask": lambda: [a["answer"] for a in api.ask(db, [f"Who was {person}?"])],
    }
    out: dict[str, object] = {}
    for name, read in asks.items():
        times = []
        for _ in range(5):
            t = time.perf_counter()
            answer = read()
            times.append((time.perf_counter() - t) * 1000)
        out[name] = {"ms": statistics.median(times), "answer": json.dumps(answer, default=str).replace(str(db), "DB")}
    # the best 20 hits depend on full-text ranks, which are each shard's: every hit is compared instead
    out["search"]["answer"] = json.dumps(sorted((h["document"], h["sentence"]) for h in api.search(db, word, 10**6)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=620)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--shards", type=int, nargs="+", default=[2, 4])
    ap.add_argument("--partition-size", type=int, default=25)
    ap.add_argument("--out", default=str(HERE / "results" / "shards.md"))
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="annals-bench-shards-"))
    runs = []
    try:
        src = tmp / "corpus.jsonl"
        texts = list(articles(args.docs, args.seed))
        words = sum(len(t.split()) for _, t in texts)
        write_jsonl(src, texts)
        first = tmp / "first.db"
        run_batch(src, first, workers=max(args.workers), partition_size=args.partition_size)
        person = next(e["name"] for e in api.entities(first, type="PERSON") if e["documents"] > 1)
        text = text_bytes(first)
        print(f"{args.docs} articles, {words:,} words, extracted once", flush=True)
        for n in args.workers:
            for shards in [None, *args.shards]:
                db = tmp / f"w{n}-s{shards or 0}" / "store.db"
                db.parent.mkdir()
                shutil.copytree(work_dir(first), work_dir(db))
                la = load()
                report = run_batch(src, db, workers=n, partition_size=args.partition_size, shards=shards)
                assert report.skipped_partitions == report.partitions and not report.failures
                cpu = report.cpu.get("loading", {})
                run = {"workers": n, "shards": shards, "load": la, "loading_s": report.loading_seconds,
                       "workers_cpu": cpu.get("workers", 0.0), "driver_cpu": cpu.get("driver", 0.0),
                       "size": size_of(db), "reads": reads(db, person, "army")}
                runs.append(run)
                print(json.dumps({k: v for k, v in run.items() if k != "reads"}), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    base = runs[0]["reads"]
    for run in runs:
        differ = [k for k in base if run["reads"][k]["answer"] != base[k]["answer"]]
        assert not differ, (run["workers"], run["shards"], differ, [run["reads"][k]["answer"][:300] for k in differ],
                            [base[k]["answer"][:300] for k in differ])
    out = render(args, words, text, runs)
    Path(args.out).write_text(out, encoding="utf-8")
    print(out)


def render(args, words: int, text: int, runs: list[dict]) -> str:  # noqa: ANN001
    names = list(runs[0]["reads"])
    lines = [
        "# annals batch: one store file or a sharded store",
        "",
        f"`python bench/bench_shards.py --docs {args.docs}`: {args.docs} generated articles (bench/corpus.py, seed "
        f"{args.seed}), {words:,} words, partitions of {args.partition_size}, extracted once and reused by every run "
        f"(so each run is resolution and loading). Machine: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. CPU seconds are the loading phase's: the worker "
        "tasks' threads (partition stores, and for a sharded store the shards) and the driver's thread (for one "
        "file, copying every partition store into it; for shards, the canonical entities). Reads: median of 5, "
        "through `annals.api` (what the CLI and the HTTP server call), the same answers on every store (checked).",
        "",
        "| workers | shards | load | loading wall s | loading CPU s, workers | loading CPU s, driver | driver words "
        "per CPU-second | store / text | " + " | ".join(f"{n} ms" for n in names) + " |",
        "| --- " * (8 + len(names)) + "|",
    ]
    for r in runs:
        rate = words / r["driver_cpu"] if r["driver_cpu"] else float("inf")
        lines.append(
            f"| {r['workers']} | {r['shards'] or 'one file'} | {r['load']:.1f} | {r['loading_s']:.2f} | "
            f"{r['workers_cpu']:.2f} | {r['driver_cpu']:.2f} | {rate:,.0f} | {r['size'] / text:.1f} | "
            + " | ".join(f"{r['reads'][n]['ms']:.1f}" for n in names) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
