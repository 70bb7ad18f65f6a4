"""How linking scales within one block: documents whose people all share one surname.

    python bench/linking_skew.py [--docs 500 1000 2000 4000]

A person named by a surname may be any person of that surname known so far: linking once asked every one of
them (whether the dates separate them, then whether the full names agree), so a surname shared by thousands of
people cost about the square of their number, in one bucket of ``annals batch``.  It now asks only those its answer
depends on (:func:`annals.names.matching.by_surname`), through the indexes the batch's linking in memory keeps
(:class:`annals.store.memory_linking.MemoryLinking`, the pass this measures).  The names are invented: 400 given
names and one surname; each document has four people (30% of them by the bare surname) in a sentence dated between
1500 and 2000.  ``--store``: the same through a store's linking: the pass ``annals ingest`` ends with
(:meth:`annals.store.Store.link_in_order`), and each document stored in turn as ``annals ingest`` first stores
one; both read the forms of the people a surname finds once (a pass, a document).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from annals.model import Entity, Mention, Timex
from annals.store.memory_linking import MemoryLinking

GIVEN = [f"Given{i}" for i in range(400)]
SURNAME = "Smith"


def documents(n: int, seed: int = 1) -> list[tuple[str, list[Timex], list[Entity]]]:
    """``n`` documents of four people of one surname each, every document dated to one year."""
    rnd = random.Random(seed)
    out = []
    for d in range(n):
        year = rnd.randrange(1500, 2000)
        dates = [Timex(text=str(year), start=0, end=4, value=str(year), earliest=f"{year}-01-01",
                       latest=f"{year}-12-31", sentence=0)]
        people = []
        for k in range(4):
            name = SURNAME if rnd.random() < 0.3 else f"{rnd.choice(GIVEN)} {SURNAME}"
            people.append(Entity(id=f"e{k}", name=name, type="PERSON", mentions=[Mention(0, len(name), name, 0)]))
        out.append((f"d{d:06d}", dates, people))
    return out


def link(n: int, seed: int = 1) -> tuple[int, int, float]:
    """(document entities, canonical entities, CPU seconds) of one linking pass over ``documents(n)``."""
    docs = documents(n, seed)
    linker = MemoryLinking()
    for doc_id, dates, _people in docs:
        linker.add_dated_document(doc_id, dates)
    start = time.process_time()
    linker._tidy_entities(linker.link_in_order([(doc_id, people) for doc_id, _d, people in docs]))
    spent = time.process_time() - start
    return sum(len(p) for _d, _t, p in docs), len(linker.canonical_rows()), spent


def link_in_store(n: int, seed: int = 1) -> tuple[int, int, float, float]:
    """:func:`link` through a store's linking, in scratch stores: ``(people, canonical people, CPU s of a linking
    pass over every document, the one ``annals ingest`` ends with, CPU s of storing each document in turn, as
    ``annals ingest`` first stores one)``."""
    from annals.model import Document
    from annals.store import Store

    docs = documents(n, seed)
    spent = []
    with tempfile.TemporaryDirectory(prefix="annals-skew-") as tmp:
        for name in ("pass", "each"):
            with Store(Path(tmp) / f"{name}.db") as store, store.bulk():
                for doc_id, dates, _people in docs:
                    store.add_dated_document(doc_id, f"sha256:{doc_id}", dates)
                start = time.process_time()
                if name == "pass":
                    store._tidy_entities(store.link_in_order([(doc_id, people) for doc_id, _d, people in docs]))
                    canonical = len(store.canonical_rows())
                else:
                    for doc_id, dates, people in docs:
                        store._insert_entities(Document(id=doc_id, text="", entities=people, timexes=dates), doc_id)
                spent.append(time.process_time() - start)
    return sum(len(p) for _d, _t, p in docs), canonical, spent[0], spent[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[500, 1000, 2000, 4000])
    parser.add_argument("--store", action="store_true", help="the store's linking pass, not the batch's in memory")
    args = parser.parse_args()
    if args.store:
        print("| documents | people | canonical people | CPU s, the pass | CPU s, each document stored in turn |")
        print("| --- | --- | --- | --- | --- |")
        for n in args.docs:
            people, canonical, spent, each = link_in_store(n)
            print(f"| {n:,} | {people:,} | {canonical:,} | {spent:.2f} | {each:.2f} |")
        return
    print("| documents | people | canonical people | CPU s | ms per person |")
    print("| --- | --- | --- | --- | --- |")
    for n in args.docs:
        people, canonical, spent = link(n)
        print(f"| {n:,} | {people:,} | {canonical:,} | {spent:.2f} | {1000 * spent / people:.2f} |")


if __name__ == "__main__":
    main()
