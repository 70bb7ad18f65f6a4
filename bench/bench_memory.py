"""Peak memory (RSS) of ingesting a large text as ``annals ingest`` does, each case in a fresh process.

    python bench/bench_memory.py                   # files of 1, 5 and 50 MB, each ingested whole
    python bench/bench_memory.py --cases 1 5       # sizes in MB

The texts are bench/corpus.py's generated articles (seed 1) written one after another until the file has
SIZE megabytes, so a smaller file is the start of a larger one.  Each case runs in a new Python process
that loads the pipeline, reads the whole file (:func:`annals.read.read_path`), segments it (measured on
its own), then ingests it into a new store with :func:`annals.api.store_raw`, the function behind
``annals ingest``: a text longer than :data:`annals.extract.PART_CHARS` characters is extracted in parts
(:func:`annals.extract.extract_parts`), each part's records spilled to a temporary file, then stored in
one transaction.  RSS is sampled from /proc/self/status every 50 ms; the overall peak is ``ru_maxrss``.
What may grow with the file is its text and segmentation (held whole); extraction's working memory
must not.

Writes bench/results/memory.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

MB = 1_000_000


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Sampler(threading.Thread):
    """Samples RSS every 50 ms; ``stage(name)`` starts a new stage, ``peaks`` holds each stage's peak."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peaks: dict[str, float] = {}
        self.current = "start"
        self.running = True

    def stage(self, name: str) -> None:
        self.current = name
        self.peaks[name] = rss_mb()

    def run(self) -> None:
        while self.running:
            now = rss_mb()
            self.peaks[self.current] = max(self.peaks.get(self.current, 0.0), now)
            time.sleep(0.05)


def deep_mb(obj: object) -> float:
    """Memory of the Python objects reachable from ``obj`` (each object once), in MB."""
    seen: set[int] = set()
    stack, total = [obj], 0
    while stack:
        x = stack.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        total += sys.getsizeof(x)
        if isinstance(x, dict):
            stack += [*x.keys(), *x.values()]
        elif isinstance(x, list | tuple | set):
            stack += list(x)
        elif hasattr(x, "__dict__"):
            stack.append(vars(x))
    return total / 2**20


def write_corpus(path: Path, size_mb: float) -> int:
    """Write generated articles to ``path`` until it holds ``size_mb`` megabytes; return its words."""
    from corpus import articles

    target, written, words = int(size_mb * MB), 0, 0
    with path.open("w", encoding="utf-8") as f:
        for _, text in articles(10**9, seed=1):
            f.write(text + "\n")
            written += len(text.encode("utf-8")) + 1
            words += len(text.split())
            if written >= target:
                break
    return words


def child(path: Path) -> dict:
    """One case, in this (fresh) process; returns the figures."""
    sampler = Sampler()
    sampler.start()
    sampler.stage("load")
    from annals.api import store_raw
    from annals.extract import PART_CHARS, extract_text
    from annals.pipeline import load_pipeline
    from annals.read import read_path
    from annals.segment import segment
    from annals.store import Store

    load_pipeline()
    extract_text("General Ivan Orlov reached Kazan in May 1919.")
    loaded = rss_mb()

    sampler.stage("read")
    raw = read_path(path)
    sampler.stage("segment")
    seg = segment(raw.text)
    n_paragraphs = len(seg.paragraphs)
    del seg
    segmented = rss_mb()

    sampler.stage("ingest")
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "m.db") as store:
        started = time.perf_counter()
        status = store_raw(store, raw)
        ingest_s = time.perf_counter() - started
        max_rss_ingest = max_rss_mb()
        sampler.stage("check")  # annals check afterwards: not part of ingesting
        stats = store.stats()
        problems = store.check()
        db_mb = sum(f.stat().st_size for f in Path(tmp).iterdir()) / MB
    sampler.running = False
    sampler.join()
    return {
        "file_mb": path.stat().st_size / MB,
        "text_chars": len(raw.text),
        "text_mb": sys.getsizeof(raw.text) / 2**20,
        "words": len(raw.text.split()),
        "paragraphs": n_paragraphs,
        "part_chars": PART_CHARS,
        "status": status,
        "problems": problems,
        "stats": stats,
        "db_mb": db_mb,
        "ingest_s": ingest_s,
        "rss_loaded": loaded,
        "rss_segmented": segmented,
        "peak_read_segment": max(sampler.peaks.get("read", 0.0), sampler.peaks.get("segment", 0.0)),
        "peak_ingest": sampler.peaks.get("ingest", 0.0),
        "max_rss_ingest": max_rss_ingest,
        "peak_check": sampler.peaks.get("check", 0.0),
        "max_rss": max_rss_mb(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", nargs="+", default=["1", "5", "50"], help="file sizes in MB")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--out", default=str(HERE / "results" / "memory.md"))
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child))))
        return

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in args.cases:
            path = Path(tmp) / f"corpus-{case}mb.txt"
            write_corpus(path, float(case))
            print(f"case {case}: {path.stat().st_size / MB:.1f} MB ...", file=sys.stderr, flush=True)
            r = subprocess.run([sys.executable, __file__, "--child", str(path)],
                               capture_output=True, text=True, env=dict(os.environ, PYTHONHASHSEED="0"))
            path.unlink()
            if r.returncode != 0:
                sys.exit(f"case {case} failed:\n{r.stderr}")
            row = json.loads(r.stdout.strip().splitlines()[-1])
            row["case"] = case
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)

    report = render(rows, args.cases)
    print(report)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(report + "\n", encoding="utf-8")


def render(rows: list[dict], cases: list[str]) -> str:
    """The results as Markdown: a table, what its columns mean, and how memory grows with the file."""
    lines = [
        "# Peak memory of ingesting large texts",
        "",
        f"command: `python bench/bench_memory.py --cases {' '.join(cases)}`",
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        "each case in a fresh process; RSS in MB (1 MB = 2^20 bytes); file sizes in 10^6 bytes; "
        f"parts of at most {rows[0]['part_chars']:,} characters" if rows else "",
        "",
        "| file | words | ingest s | words/s | after loading | text | read+segment peak | ingest peak "
        "| ingest peak - loaded - text | store file (MB) | sentences | mentions | events | check | check peak |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        peak = max(r["peak_ingest"], r.get("max_rss_ingest", r["max_rss"]))
        working = peak - r["rss_loaded"] - r["text_mb"]
        st = r["stats"]
        lines.append(
            f"| {r['file_mb']:.1f} MB | {r['words']:,} | {r['ingest_s']:.0f} | {r['words'] / r['ingest_s']:,.0f} "
            f"| {r['rss_loaded']:.0f} | {r['text_mb']:.0f} | {r['peak_read_segment']:.0f} | {peak:.0f} "
            f"| {working:.0f} | {r['db_mb']:.0f} | {st['sentences']:,} | {st['mentions']:,} | {st['events']:,} "
            f"| {'ok' if not r['problems'] else len(r['problems'])} "
            f"| {max(r.get('peak_check', 0), r['max_rss']):.0f} |")
    lines += [
        "",
        "Columns: *after loading* is the process with spaCy and annals' pipeline loaded; *text* the file's "
        "text as one Python string; *read+segment peak* holds the text and its segmentation (paragraphs, "
        "sections); *ingest peak* is the highest RSS while extracting and storing (``ru_maxrss`` at its end "
        "included); *check peak* that of ``annals check`` afterwards, which reads the whole store; "
        "*ingest peak - loaded - text* is what ingesting needs beyond the pipeline and the text: spaCy's "
        "batches in flight (20,000 characters), one part's candidates and records, the segmentation, and "
        "SQLite's page cache.  *check* is ``annals check`` on the store afterwards.",
    ]
    if len(rows) >= 2:
        lo, hi = rows[0], rows[-1]

        def above(r: dict) -> float:
            return max(r["peak_ingest"], r.get("max_rss_ingest", r["max_rss"])) - r["rss_loaded"] - r["text_mb"]

        slope = (above(hi) - above(lo)) / ((hi["text_chars"] - lo["text_chars"]) / MB)
        lines += [
            "",
            f"Growth: from {lo['file_mb']:.0f} MB to {hi['file_mb']:.0f} MB, what ingesting needs beyond the "
            f"pipeline and the text changes by {slope:+.1f} MB for each million characters more "
            f"({above(lo):.0f} MB -> {above(hi):.0f} MB).",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
