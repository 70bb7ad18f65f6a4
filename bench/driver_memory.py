"""How much memory the driver of ``annals batch`` takes for resolution and loading, per million words.

    python bench/driver_memory.py [--docs 300 900] [--partition-size 25 100] [--workers 2]

Starts a Dask scheduler and workers as processes of their own (so that the driver's process holds only what
the batch keeps: with a LocalCluster the scheduler would run in it too), puts bench/corpus.py's generated
articles into a new store for each size and partition size, and reads the peak of the memory Python allocates
in the driver while entities are resolved and partitions loaded (``tracemalloc``, started when that phase
starts).  The slope between two corpus sizes is what grows with the corpus; a projection to English Wikipedia
(4.5 billion words) follows from it.  Writes bench/results/driver_memory.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_batch import write_jsonl  # noqa: E402
from corpus import articles  # noqa: E402

import annals.batch as batch  # noqa: E402

WIKIPEDIA_WORDS = 4.5e9


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_cluster(workers: int) -> tuple[str, list[subprocess.Popen]]:
    """A scheduler and ``workers`` single-threaded worker processes, on this machine, as separate processes."""
    dask = str(Path(sys.executable).with_name("dask"))
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              **quiet)]
    time.sleep(3)
    procs.append(subprocess.Popen([dask, "worker", address, "--nworkers", str(workers), "--nthreads", "1",
                                   "--no-dashboard"], **quiet))
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(workers, timeout=120)
    return address, procs


def measure(address: str, tmp: Path, docs: int, partition_size: int) -> dict[str, float]:
    """Peak bytes the driver allocates in resolution and loading, for ``docs`` articles."""
    src = tmp / f"c{docs}.jsonl"
    texts = list(articles(docs, 1))
    write_jsonl(src, texts)
    seen: dict[str, float] = {}
    inner = batch._bulk_resolve_and_load

    def traced(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        tracemalloc.start()
        try:
            return inner(*args, **kwargs)
        finally:
            seen["peak"] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()

    batch._bulk_resolve_and_load = traced
    try:
        report = batch.run_batch(src, tmp / f"s{docs}-{partition_size}.db", scheduler=address,
                                 partition_size=partition_size)
    finally:
        batch._bulk_resolve_and_load = inner
    assert not report.failures
    return {"docs": docs, "partition_size": partition_size, "words": report.words, "peak": seen["peak"],
            "partitions": report.partitions}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, nargs=2, default=[300, 900])
    ap.add_argument("--partition-size", type=int, nargs="+", default=[25, 100])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", default=str(HERE / "results" / "driver_memory.md"))
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="annals-bench-driver-"))
    address, procs = start_cluster(args.workers)
    rows = []
    try:
        for size in args.partition_size:
            small, large = (measure(address, tmp, n, size) for n in args.docs)
            slope = (large["peak"] - small["peak"]) / (large["words"] - small["words"])  # bytes per word
            rows.append({"partition_size": size, "small": small, "large": large, "mb_per_million": slope})
            print(json.dumps(rows[-1]), flush=True)
    finally:
        for p in reversed(procs):
            p.terminate()
            p.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    lines = [
        "# annals batch: the driver's memory in resolution and loading",
        "",
        f"`python bench/driver_memory.py --docs {args.docs[0]} {args.docs[1]}`: bench/corpus.py's articles (seed 1), "
        f"{args.workers} worker processes and the scheduler in processes of their own; the peak of what Python "
        "allocates in the driver from the start of resolution to the end of loading (tracemalloc). Machine: "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}.",
        "",
        "| partitions of | docs | words | partitions | peak MB | docs | words | partitions | peak MB | "
        "MB per million words (slope) | English Wikipedia, GB |",
        "| --- " * 11 + "|",
    ]
    for r in rows:
        s, g = r["small"], r["large"]
        cells = [r["partition_size"]] + [x for d in (s, g) for x in (d["docs"], f"{d['words']:,}", d["partitions"],
                                                                         f"{d['peak'] / 1e6:.2f}")]
        cells += [f"{r['mb_per_million']:.1f}", f"{r['mb_per_million'] * WIKIPEDIA_WORDS / 1e9:.0f}"]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    text = "\n".join(lines) + "\n"
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
