"""Latency of the HTTP API on a store of 1,000 documents, measured in process (FastAPI's TestClient).

    python bench/bench_api.py [--docs 1000] [--db bench/results/ask.db] [--entities 100] [--questions 200]

The store is bench/bench_ask.py's (built with its ``build()`` when missing).  Each request goes through
the whole application: routing, validation, the :mod:`annals.api` function, JSON.  Measured:

* timeline: the first page of the whole timeline, first request (the timeline is built) and then again
  (the server keeps it while the store does not change, :mod:`annals.web.cache`); one year, for
  years the server has not been asked about;
* entity: the page of entities the server has not been asked about, picked at random, and the most
  mentioned one;
* ask: bench_ask.py's generated questions;
* document and search, for comparison.

Prints the median and the 95th percentile in milliseconds and writes bench/results/api.md.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_ask import build, questions  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from annals.store import Store  # noqa: E402
from annals.web import cache, create_app  # noqa: E402


def timed(client: TestClient, url: str, params: dict | None = None) -> float:
    t0 = time.perf_counter()
    r = client.get(url, params=params)
    elapsed = (time.perf_counter() - t0) * 1000
    if r.status_code != 200:
        raise SystemExit(f"{url} {params}: {r.status_code} {r.text[:200]}")
    return elapsed


def summary(name: str, times: list[float]) -> str:
    times = sorted(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    return f"| {name} | {len(times)} | {statistics.median(times):.1f} | {p95:.1f} | {times[-1]:.1f} |"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--db", default=str(HERE / "results" / "ask.db"))
    ap.add_argument("--entities", type=int, default=100)
    ap.add_argument("--questions", type=int, default=200)
    ap.add_argument("--years", type=int, default=20)
    args = ap.parse_args()
    db = Path(args.db)
    db.parent.mkdir(parents=True, exist_ok=True)
    with Store(db) as store:
        have = len(store.documents())
    if have < args.docs:
        build(db, args.docs)
    rng = random.Random(5)
    with Store(db, create=False, readonly=True) as store:
        stats = store.stats()
        n_docs = len(store.documents())
        entities = store.entities()
        qs = questions(store, args.questions, random.Random(3))
        docs = [d["id"] for d in store.documents()]
    client = TestClient(create_app(db))
    cache.clear()
    rows: list[str] = []

    first = timed(client, "/api/timeline", {"limit": 100})
    again = [timed(client, "/api/timeline", {"limit": 100, "offset": 100 * i}) for i in range(30)]
    total = client.get("/api/timeline", params={"limit": 1}).json()["total"]
    rows.append(summary("timeline, first page, first request (built)", [first]))
    rows.append(summary("timeline, pages after the first request (kept)", again))
    years = rng.sample(range(1850, 1950), args.years)
    rows.append(summary("timeline of one year, first request", [
        timed(client, "/api/timeline", {"from": str(y), "to": str(y), "limit": 100}) for y in years]))

    picked = rng.sample(entities, min(args.entities, len(entities)))
    rows.append(summary("entity page, first request", [timed(client, f"/api/entities/{e['id']}") for e in picked]))
    top = entities[0]
    cache.clear()
    rows.append(summary(f"entity page of the most mentioned ({top['n_mentions']} mentions), first request",
                        [timed(client, f"/api/entities/{top['id']}")]))

    timed(client, "/api/ask", {"q": qs[0]})  # warm the page cache
    rows.append(summary("ask", [timed(client, "/api/ask", {"q": q}) for q in qs]))
    rows.append(summary("document (text and annotations)", [timed(client, f"/api/documents/{d}")
                                                             for d in rng.sample(docs, 50)]))
    words = [e["name"].split()[-1] for e in rng.sample(entities, 50)]
    rows.append(summary("search", [timed(client, "/api/search", {"q": w}) for w in words]))

    lines = [
        f"store: {n_docs} documents, {stats.get('sentences', '?')} sentences, {stats.get('entities', '?')} entities, "
        f"{total} timeline events",
        f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        "in process (TestClient), one request at a time",
        "",
        "| route | requests | median ms | 95th percentile ms | max ms |",
        "| --- | --- | --- | --- | --- |",
        *rows,
    ]
    report = "\n".join(lines)
    print(report)
    (HERE / "results" / "api.md").write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
