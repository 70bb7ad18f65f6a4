"""Linking in memory (annals batch's link step) against the store's own linking: the same rules over two backends
must give the same canonical entities. The documents are generated from invented names (people who share surnames
across centuries, states under several forms of government, titles, initials, places), so that every rule the pass
applies (full names before surnames, surnames shared by several people, initials, people dated generations apart,
states told apart by their regime, one entity per document) is exercised many times; the store asks every person
of a surname, memory only those its indexes give (by_surname's narrowing), so the two also check each other."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from annals.model import Entity, Mention, Timex
from annals.store import Store
from annals.store.memory_linking import MemoryLinking, year_of

GIVEN = ["Aurelia", "Marcus", "Hugh", "Isabeau", "Tomas", "Wen", "Kofi", "Ragnhild", "Mei", "Hakon"]
SURNAMES = ["Varro", "Falkenrath", "Okonjo", "Lindqvist", "Castellan"]
TITLES = ["General", "Bishop", "Consul", "Duke"]
STATES = ["Veldria", "Ostmark", "Carthen"]
REGIMES = ["", "Kingdom of ", "Republic of ", "Soviet ", "Empire of "]
ORGS = ["Grain Guild", "Harbour Board", "League of Free Towns"]
PLACES = [None, {"geonames_id": 101, "name": "Veldria", "lat": 1.5, "lon": 2.5},
          {"geonames_id": 202, "name": "Ostmark", "lat": -3.0, "lon": 4.0}]


def _documents(seed: int, n_docs: int = 40) -> list[tuple[str, list[Timex], list[Entity]]]:
    rnd = random.Random(seed)
    docs = []
    for d in range(n_docs):
        century = rnd.choice([-1, 9, 14, 19])
        timexes = []
        for s in range(4):
            if rnd.random() < 0.7:
                year = century * 100 + rnd.randrange(100)
                iso = f"-{-year:04d}" if year < 0 else f"{year:04d}"
                timexes.append(Timex(text=str(year), start=0, end=4, value=iso, type="DATE",
                                     earliest=f"{iso}-01-01", latest=f"{iso}-12-31", sentence=s))
        ents: list[Entity] = []
        for k in range(rnd.randrange(3, 9)):
            kind = rnd.random()
            if kind < 0.55:
                surname = rnd.choice(SURNAMES)
                form = rnd.random()  # a bare surname, an initial ("M. Varro") or a full name
                given = rnd.choice(GIVEN)
                name = surname if form < 0.3 else f"{given[0]}. {surname}" if form < 0.45 else f"{given} {surname}"
                ent = Entity(id=f"e{k}", name=name, type="PERSON")
                if rnd.random() < 0.3:
                    ent.titles = [rnd.choice(TITLES)]
                    ent.aliases = [f"{ent.titles[0]} {surname}"]
            elif kind < 0.85:
                state = rnd.choice(STATES)
                ent = Entity(id=f"e{k}", name=rnd.choice(REGIMES) + state, type="GPE",
                             subtype=rnd.choice([None, "country", "state"]), place=rnd.choice(PLACES))
                if rnd.random() < 0.3:
                    ent.aliases = [state]
            else:
                ent = Entity(id=f"e{k}", name=rnd.choice(ORGS), type="ORG", subtype=rnd.choice([None, "guild"]))
            ent.mentions = [Mention(i * 10, i * 10 + 5, ent.name, rnd.randrange(5)) for i in range(rnd.randrange(1, 4))]
            ents.append(ent)
        docs.append((f"doc{d:03d}", timexes, ents))
    return docs


def _by_store(tmp: Path, docs: list[tuple[str, list[Timex], list[Entity]]], whole: bool) -> list[dict]:
    tmp.mkdir(parents=True, exist_ok=True)
    with Store(tmp / "scratch.db") as store:
        with store.bulk():
            for doc_id, timexes, _ents in docs:
                store.add_dated_document(doc_id, f"sha256:{doc_id}", timexes)
            affected = store.link_in_order([(doc_id, ents) for doc_id, _t, ents in docs], whole=whole)
            store._tidy_entities(affected)
        return store.canonical_rows()


def _in_memory(docs: list[tuple[str, list[Timex], list[Entity]]], whole: bool) -> list[dict]:
    linker = MemoryLinking()
    for doc_id, timexes, _ents in docs:
        linker.add_dated_document(doc_id, timexes)
    linker._tidy_entities(linker.link_in_order([(doc_id, ents) for doc_id, _t, ents in docs], whole=whole))
    return linker.canonical_rows()


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("whole", [True, False])
def test_memory_links_as_the_store_links(tmp_path: Path, seed: int, whole: bool) -> None:
    docs = _documents(seed)
    stored = _by_store(tmp_path, docs, whole)
    in_memory = _in_memory(docs, whole)
    assert in_memory == [dict(r) for r in stored]
    # the generated corpus exercises linking: entities merged across documents, and some kept apart
    n_members = sum(len(e["members"]) for e in stored)
    assert len(stored) < n_members
    assert len({(e["name"], e["type"]) for e in stored}) < len(stored) or len(stored) > 10


def test_people_of_one_surname_centuries_apart_stay_apart() -> None:
    linker = MemoryLinking()
    dated = []
    for doc_id, year in (("a", 1320), ("b", 1850), ("c", 1325)):
        linker.add_dated_document(doc_id, [Timex(text=str(year), start=0, end=4, value=str(year),
                                                 type="DATE", earliest=f"{year}-01-01", latest=f"{year}-12-31",
                                                 sentence=0)])
        dated.append((doc_id, [Entity(id="e0", name="Hugh Falkenrath", type="PERSON",
                                      mentions=[Mention(0, 15, "Hugh Falkenrath", 0)])]))
    linker._tidy_entities(linker.link_in_order(dated))
    members = sorted(sorted(d for d, _ in e["members"]) for e in linker.canonical_rows())
    assert members == [["a", "c"], ["b"]]


@pytest.mark.parametrize("value", ["1871-03-18", "-0044-03-15", "0800-01-01", "19XX", "", "-", "2024", "-12",
                                   " 123", "+123", "12-3"])
def test_year_of_reads_as_sqlite_reads(value: str) -> None:
    sql = Store._YEAR_OF.format("?")
    conn = sqlite3.connect(":memory:")
    try:
        expected = conn.execute(f"SELECT {sql}", [value] * sql.count("?")).fetchone()[0]
    finally:
        conn.close()
    assert year_of(value) == expected


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_store_narrowed_within_a_pass_links_as_asking_everyone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   seed: int) -> None:
    """The store's linking pass reads the forms of the people a surname finds once a pass (``_Narrowing``) and asks
    only those their full names or bare surnames make possible; asking every person found, as outside a pass, gives
    the same canonical entities (surnames by initials, titles, bare surnames, centuries apart)."""
    from annals.store.linking import Linking, LinkingRules

    docs = _documents(seed, n_docs=60)
    narrowed = _by_store(tmp_path / "a", docs, whole=True)
    monkeypatch.setattr(Linking, "link_in_order", LinkingRules.link_in_order)  # no _Narrowing: every person asked
    everyone = _by_store(tmp_path / "b", docs, whole=True)
    assert [dict(r) for r in narrowed] == [dict(r) for r in everyone]
    assert len(narrowed) < sum(len(e["members"]) for e in narrowed)  # people linked across documents


@pytest.mark.parametrize("seed", [1, 2])
def test_each_documents_first_storing_narrowed_links_as_asking_everyone(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       seed: int) -> None:
    """A document's first storing (outside a pass, as ``annals ingest`` stores one) narrows the people its surnames
    find with an index of its own: the same canonical entities as asking every person found."""
    from annals.model import Document
    from annals.store.linking import Linking, LinkingRules

    docs = _documents(seed, n_docs=60)

    def stored(folder: Path) -> list[dict]:
        folder.mkdir()
        with Store(folder / "s.db") as store, store.bulk():
            for doc_id, timexes, _ents in docs:
                store.add_dated_document(doc_id, f"sha256:{doc_id}", timexes)
            for doc_id, timexes, ents in docs:
                store._insert_entities(Document(id=doc_id, text="", entities=ents, timexes=timexes), doc_id)
            return [dict(r) for r in store.canonical_rows()]

    narrowed = stored(tmp_path / "a")
    monkeypatch.setattr(Linking, "_insert_entities", LinkingRules._insert_entities)
    assert narrowed == stored(tmp_path / "b")
