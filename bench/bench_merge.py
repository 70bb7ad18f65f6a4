"""Cost of storing documents in a store that already holds many: does it grow with the store?

    python bench/bench_merge.py [--docs 100] [--big bench/results/ask.db]

Extracts ``--docs`` generated articles (bench/corpus.py, seed 7, not in the big store) once, then stores
them with :meth:`annals.store.Store.ingest`, one transaction each, into a new store and into a copy of a
store that already holds many documents (by default the 1,000-document store bench/bench_ask.py builds;
a store of an older schema is upgraded first, outside the timing), and inside one ``Store.bulk()``
transaction as ``annals batch`` merges a partition.  Prints words/sec for each, and writes
bench/results/merge.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from corpus import articles  # noqa: E402

from annals.extract import extract_text  # noqa: E402
from annals.store import Store  # noqa: E402


def timed(db: Path, docs: list, bulk: bool = False) -> float:
    with Store(db) as store:  # opening (and any upgrade) is not timed
        before = store.stats()["documents"]
        t = time.perf_counter()
        if bulk:
            with store.bulk():
                for d in docs:
                    store.ingest(d)
        else:
            for d in docs:
                store.ingest(d)
        seconds = time.perf_counter() - t
        assert store.stats()["documents"] == before + len(docs)
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--big", default=str(HERE / "results" / "ask.db"))
    ap.add_argument("--out", default=str(HERE / "results" / "merge.md"))
    args = ap.parse_args()
    big = Path(args.big)
    if not big.exists():
        sys.exit(f"{big} does not exist: run python bench/bench_ask.py first, or give --big")
    docs = [extract_text(text, f"/bench/merge/{name}.txt") for name, text in articles(args.docs, seed=7)]
    words = sum(len(d.text.split()) for d in docs)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, source, bulk in (("new store", None, False), ("store of the big store's documents", big, False),
                                    ("new store, one bulk() transaction", None, True),
                                    ("store of the big store's documents, one bulk() transaction", big, True)):
            if bulk and not hasattr(Store, "bulk"):  # an annals from before bulk()
                continue
            db = Path(tmp) / f"{len(rows)}.db"
            held = 0
            if source is not None:
                shutil.copy(source, db)
                with Store(db) as s:
                    held = s.stats()["documents"]
            seconds = timed(db, docs, bulk)
            rows.append((label.replace("the big store's", f"{held:,}"), seconds, words / seconds))
            print(f"{rows[-1][0]}: {seconds:.2f} s, {words / seconds:,.0f} words/s", flush=True)
    lines = [
        "# Storing documents: new store against a full one",
        "",
        f"command: `python bench/bench_merge.py --docs {args.docs}`; {args.docs} generated articles, {words:,} "
        f"words, extracted once beforehand; machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "",
        "| into | seconds | words/sec |",
        "| --- | --- | --- |",
        *[f"| {label} | {s:.2f} | {r:,.0f} |" for label, s, r in rows],
    ]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
