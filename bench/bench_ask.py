"""Latency of ``annals ask`` on a store of at least 1,000 documents, measured in process.

    python bench/bench_ask.py [--docs 1000] [--questions 200] [--db bench/results/ask.db]

The store is built once (ingest of bench/corpus.py's generated articles, reused when it exists).
Questions are generated from the corpus's own names (who led X, when was X founded, where ...) plus
questions about things the corpus never mentions; each is answered by :func:`annals.ask.answer` on
one open store, as the HTTP API will do.  Prints the median and the 95th percentile in milliseconds
and writes bench/results/ask.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from corpus import ORG_HEADS, ORG_MODS, PLACES, articles  # noqa: E402

from annals.api import ingest  # noqa: E402
from annals.ask import answer  # noqa: E402
from annals.store import Store  # noqa: E402


def build(db: Path, docs: int) -> None:
    folder = db.parent / "ask-corpus"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles(docs, seed=7):
        path = folder / name
        if not path.exists():
            path.write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    report = ingest([folder], db, progress=True)
    print(f"ingest: {report.counts()} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)


def questions(store: Store, n: int, rng: random.Random) -> list[str]:
    people = [e["name"] for e in store.entities(type="PERSON", limit=300)]
    orgs = [e["name"] for e in store.entities(type="ORG", limit=300)]
    forms = [
        lambda: f"Who led the {rng.choice(orgs)}?",
        lambda: f"When was the {rng.choice(orgs)} founded?",
        lambda: f"Who founded the {rng.choice(orgs)}?",
        lambda: f"Where did {rng.choice(people)} refuse to go?",
        lambda: f"Which organisation did {rng.choice(people)} arrest in {rng.choice(PLACES)}?",
        lambda: f"In what year did {rng.choice(people)} negotiate with the {rng.choice(orgs)}?",
        lambda: f"When did the {rng.choice(ORG_MODS)} {rng.choice(ORG_HEADS)} move its offices?",
        lambda: "Who commanded the Mongolian People's Army in 1921?",
        lambda: "When did the Boxer Rebellion end?",
    ]
    return [rng.choice(forms)() for _ in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--questions", type=int, default=200)
    ap.add_argument("--db", default=str(HERE / "results" / "ask.db"))
    args = ap.parse_args()
    db = Path(args.db)
    db.parent.mkdir(parents=True, exist_ok=True)
    with Store(db) as store:
        have = len(store.documents())
    if have < args.docs:
        build(db, args.docs)
    rng = random.Random(3)
    with Store(db, create=False, readonly=True) as store:
        n_docs = len(store.documents())
        stats = store.stats()
        qs = questions(store, args.questions, rng)
        answer(qs[0], store)  # warm the page cache
        times, answered = [], 0
        for q in qs:
            t0 = time.perf_counter()
            a = answer(q, store)
            times.append((time.perf_counter() - t0) * 1000)
            answered += bool(a["answer"])
    times.sort()
    median = statistics.median(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    lines = [
        f"store: {n_docs} documents, {stats.get('sentences', '?')} sentences, {stats.get('entities', '?')} entities",
        f"questions: {len(qs)} generated ({answered} answered, the rest about things the corpus never mentions "
        "or without support)",
        "",
        "| ask, in process | ms |",
        "| --- | --- |",
        f"| median | {median:.1f} |",
        f"| 95th percentile | {p95:.1f} |",
        f"| max | {times[-1]:.1f} |",
    ]
    report = "\n".join(lines)
    print(report)
    (HERE / "results" / "ask.md").write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
