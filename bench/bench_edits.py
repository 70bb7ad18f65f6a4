"""Corrections on a large store: 1,000 corrections on a store of 1,000 documents, and what they cost
the reads (issue 16: ``ask``, ``show`` and the timeline must stay within 20% of their speed without).

    python bench/bench_edits.py [--docs 1000] [--edits 1000] [--db bench/results/ask.db]

The store is bench/bench_ask.py's (built with its ``build()`` when missing), copied so that the
corrections do not change it.  Measured, without and with the corrections, on the same inputs:
``annals.api.show`` of 50 names, ``annals.api.timeline`` (whole, and for 10 entities), ``annals.api.ask``
of 100 generated questions; then the time to make each correction and the time to re-ingest one
changed document (the log is applied again after it).  Corrections are materialised in the store's
tables, so reads do no extra work; the cost is on writes.  Reads are timed call by call in turns on
a copy without corrections and the corrected copy (the machine is shared).  Writes bench/results/edits.md.
"""

from __future__ import annotations

import argparse
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_ask import build, questions  # noqa: E402

from annals import api, edits  # noqa: E402
from annals.store import Store  # noqa: E402


def timed(fn, *args, **kwargs) -> float:  # noqa: ANN001
    t0 = time.perf_counter()
    fn(*args, **kwargs)
    return (time.perf_counter() - t0) * 1000


def reads(plain: Path, edited: Path, names: list[str], qs: list[str]) -> dict[str, tuple[float, float]]:
    """Median over the inputs of the best of three calls, on the store without and with corrections, call
    by call in turns (the machine is shared: a load that comes and goes falls on both alike)."""
    out: dict[str, tuple[float, float]] = {}
    cases = {
        "show": [(api.show, (n,), {}) for n in names],
        "timeline (whole)": [(api.timeline, (), {})] * 3,
        "timeline (one entity)": [(api.timeline, (), {"entity": n}) for n in names[:10]],
        "ask": [(api.ask, ([q],), {}) for q in qs],
    }
    for db in (plain, edited):
        api.timeline(db)  # warm the page cache
    for name, calls in cases.items():
        a, b = [], []
        for fn, args, kwargs in calls:
            x, y = [], []
            for _ in range(3):  # each input three times on each store, in turns: the best of each
                x.append(timed(fn, plain, *args, **kwargs))
                y.append(timed(fn, edited, *args, **kwargs))
            a.append(min(x))
            b.append(min(y))
        out[name] = (statistics.median(a), statistics.median(b))
    return out


def correct(db: Path, n: int, rng: random.Random) -> tuple[list[float], dict[str, int]]:
    """``n`` corrections of every kind, each timed: 30% renames, 30% aliases, 10% retypes, 10% merges,
    10% event deletions, 10% redates."""
    times: list[float] = []
    kinds: dict[str, int] = {}
    with Store(db) as store:
        people = [e["id"] for e in store.entities(type="PERSON")]
        others = [e["id"] for e in store.entities() if e["type"] != "PERSON"]
        events = [r["key"] for r in store.event_records()]
        rng.shuffle(people)
        rng.shuffle(others)
        rng.shuffle(events)
        plan = (["rename"] * 3 + ["alias"] * 3 + ["retype", "merge", "delete", "redate"]) * (n // 10 + 1)
        for i, kind in enumerate(plan[:n]):
            t0 = time.perf_counter()
            try:
                if kind == "rename":
                    eid = others.pop()
                    edits.rename(store, eid, f"{store.entity_row(eid)['name']} (as corrected)")
                elif kind == "alias":
                    edits.alias(store, "add", others.pop(), f"Curated Name {i}")
                elif kind == "retype":
                    eid = others.pop()
                    edits.retype(store, eid, "GROUP" if store.entity_row(eid)["type"] != "GROUP" else "ORG")
                elif kind == "merge":
                    edits.merge(store, people.pop(), people.pop())
                elif kind == "delete":
                    edits.event_delete(store, events.pop())
                else:
                    edits.event_redate(store, events.pop(), str(1800 + i % 150))
            except Exception as exc:  # an event merged away meanwhile, say: counted, not timed
                kinds["refused: " + type(exc).__name__] = kinds.get("refused: " + type(exc).__name__, 0) + 1
                continue
            times.append((time.perf_counter() - t0) * 1000)
            kinds[kind] = kinds.get(kind, 0) + 1
    return times, kinds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=1000)
    ap.add_argument("--db", default=str(HERE / "results" / "ask.db"))
    args = ap.parse_args()
    source = Path(args.db)
    source.parent.mkdir(parents=True, exist_ok=True)
    with Store(source) as store:
        have = len(store.documents())
    if have < args.docs:
        build(source, args.docs)
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        db, plain = Path(tmp) / "edits.db", Path(tmp) / "plain.db"
        shutil.copy(source, db)
        shutil.copy(source, plain)
        with Store(db) as store:
            names = [e["name"] for e in rng.sample(store.entities(limit=400), 50)]
            qs = questions(store, 100, rng)
            n_docs, n_entities = len(store.documents()), len(store.entities())
            one = store.documents()[0]["path"]
        t_plain = timed(api.ingest, [Path(one)], db)
        make, kinds = correct(db, args.edits, rng)
        timings = reads(plain, db, names, qs)
        # one changed document re-ingested: extraction, linking again, and (with) the whole log applied again
        text = Path(one).read_text(encoding="utf-8")
        Path(one).write_text(text + "\nThe council met again in 1901.\n", encoding="utf-8")
        try:
            t_reingest_plain = timed(api.ingest, [Path(one)], plain)
            t_reingest = timed(api.ingest, [Path(one)], db)
        finally:
            Path(one).write_text(text, encoding="utf-8")
        with Store(db) as store:
            t_replay = timed(store.apply_edits)
            n_active = len(store.edit_rows(active_only=True))
        problems = api.check(db)
    lines = [
        f"store: {n_docs} documents, {n_entities} entities; {n_active} corrections made ({kinds})",
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}",
        "",
        "| read (ms: median over inputs of the best of 3, the two stores in turns) | without corrections | with "
        "| change |",
        "| --- | --- | --- | --- |",
        *[f"| {k} | {a:.1f} | {b:.1f} | {100 * (b - a) / a:+.0f}% |" for k, (a, b) in timings.items()],
        "",
        "ask: the same questions on both; the corrected store renamed 300 organisations and merged 200 people, "
        "so some questions name what it now calls otherwise (the old name is still an alias) and take "
        "another path.",
        "",
        "| write | ms |",
        "| --- | --- |",
        f"| make one correction (median) | {statistics.median(make):.1f} |",
        f"| make one correction (95th percentile) | {sorted(make)[int(0.95 * (len(make) - 1))]:.1f} |",
        f"| apply the whole log again | {t_replay:.0f} |",
        f"| ingest an unchanged document (nothing to do) | {t_plain:.0f} |",
        f"| re-ingest one changed document, without corrections | {t_reingest_plain:.0f} |",
        f"| re-ingest one changed document, log applied again | {t_reingest:.0f} |",
        "",
        f"check after: {'ok' if not problems else f'{len(problems)} problems: ' + '; '.join(problems[:3])}",
    ]
    report = "\n".join(lines)
    print(report)
    (HERE / "results" / "edits.md").write_text(
        "# Corrections on a store of 1,000 documents (bench/bench_edits.py)\n\n" + report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
