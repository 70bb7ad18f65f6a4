"""Tests of the SQLite store on small hand-made documents (no spaCy needed)."""

from __future__ import annotations

import hashlib
import multiprocessing
import re
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from annals.errors import E010, E011, E012, E013, StoreError
from annals.knowledge import normalise_name
from annals.model import Document, Entity, Gap, Mention, Paragraph, Section, Sentence, Timex
from annals.names.matching import is_descriptive, names_agree
from annals.store import MIGRATIONS, SCHEMA_VERSION, Store, open_store

# ------------------------------------------------------------------------------------------------
# Building documents by hand
# ------------------------------------------------------------------------------------------------


def make_doc(
    doc_id: str,
    text: str,
    entities: Sequence[dict[str, Any]] = (),
    *,
    path: str | None = None,
    timexes: Sequence[tuple[str, str, dict[str, Any]]] = (),
    gaps: Sequence[tuple[str, str]] = (),
    title: str | None = None,
) -> Document:
    """A Document with one section, one paragraph, sentences split at . ! ?, and mentions found by
    searching the text for each entity's name and aliases (longest first)."""
    doc = Document(id=doc_id, text=text, path=path, title=title or doc_id,
                   content_hash=hashlib.sha256(text.encode()).hexdigest())
    doc.sections = [Section(0, None, 0, len(text))]
    doc.paragraphs = [Paragraph(0, 0, 0, len(text))]
    for i, m in enumerate(re.finditer(r"[^.!?\s][^.!?]*(?:[.!?]|$)", text)):
        doc.sentences.append(Sentence(i, 0, 0, m.start(), m.end(), m.group()))

    def sentence_of(offset: int) -> int:
        found = doc.sentence_at(offset)
        assert found is not None, offset
        return found.index

    for n, spec in enumerate(entities, 1):
        ent = Entity(id=spec.get("id", f"e{n}"), name=spec["name"], type=spec.get("type", "PERSON"),
                     subtype=spec.get("subtype"), aliases=list(spec.get("aliases", [])),
                     titles=list(spec.get("titles", [])))
        taken: set[int] = set()
        for form in sorted({ent.name, *ent.aliases}, key=len, reverse=True):
            for m in re.finditer(r"\b" + re.escape(form) + r"\b", text):
                if taken.isdisjoint(range(m.start(), m.end())):
                    taken.update(range(m.start(), m.end()))
                    ent.mentions.append(Mention(m.start(), m.end(), form, sentence_of(m.start())))
        ent.mentions.sort(key=lambda mm: mm.start)
        doc.entities.append(ent)
    for surface, value, extra in timexes:
        start = text.index(surface)
        doc.timexes.append(Timex(text=surface, start=start, end=start + len(surface), value=value,
                                 sentence=sentence_of(start), **extra))
    for kind, surface in gaps:
        start = text.index(surface)
        doc.gaps.append(Gap(kind, surface, start, start + len(surface), sentence_of(start)))
    return doc


TEXT_A = (
    "Ivan Petrov founded the Northern Railway Company in 1921. "
    "Petrov ran the company for a decade. "
    "The railway crossed the Amber Plain. These were:"
)
TEXT_B = (
    "The NRC hired Anna Sokolova as its engineer. "
    "Sokolova built the bridge at Lindenfeld in the summer of 1923."
)
TEXT_C = "Nikolai Petrov, a cousin, wrote about Lindenfeld in 1930."


def doc_a(**kw: Any) -> Document:
    return make_doc(
        "a", TEXT_A,
        [
            {"name": "Ivan Petrov", "aliases": ["Petrov"], "subtype": "businessman"},
            {"name": "Northern Railway Company", "type": "ORG", "aliases": ["the company"]},
            {"name": "Amber Plain", "type": "LOC"},
        ],
        path="/texts/a.txt",
        timexes=[("1921", "1921", {"earliest": "1921-01-01", "latest": "1921-12-31"})],
        gaps=[("dangling_list", "These were:")],
        **kw,
    )


def doc_b() -> Document:
    return make_doc(
        "b", TEXT_B,
        [
            {"name": "NRC", "type": "ORG"},
            {"name": "Anna Sokolova", "aliases": ["Sokolova"], "titles": ["engineer"]},
            {"name": "Lindenfeld", "type": "GPE"},
        ],
        path="/texts/b.txt",
        timexes=[("summer of 1923", "1923-SU", {"earliest": "1923-06-01", "latest": "1923-08-31"})],
    )


def doc_c() -> Document:
    return make_doc("c", TEXT_C, [{"name": "Nikolai Petrov"}, {"name": "Lindenfeld", "type": "GPE"}],
                    path="/texts/c.txt", timexes=[("1930", "1930", {})])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "annals.db") as s:
        yield s


def by_name(store: Store) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in store.entities()}


# ------------------------------------------------------------------------------------------------
# Ingest, identity, replace, remove
# ------------------------------------------------------------------------------------------------


def test_ingest_adds_document_and_every_fact(store: Store) -> None:
    assert store.schema_version == SCHEMA_VERSION
    assert store.ingest(doc_a()) == "added"
    stats = store.stats()
    assert stats["documents"] == 1 and stats["sentences"] == 4 and stats["entities"] == 3
    assert stats["mentions"] == 5 and stats["timexes"] == 1 and stats["gaps"] == 1
    [listed] = store.documents()
    assert listed["id"] == "a" and listed["path"] == "/texts/a.txt" and listed["n_sentences"] == 4
    assert listed["n_entities"] == 3 and listed["ingested_at"]
    full = store.document("/texts/a.txt")
    assert full is not None and full["text"] == TEXT_A
    assert [s["text"] for s in full["sentences"]][1] == "Petrov ran the company for a decade."
    assert {e["id"] for e in full["entities"]} == {"e1", "e2", "e3"}
    assert all(isinstance(e["entity"], int) for e in full["entities"])
    assert full["gaps"][0]["kind"] == "dangling_list"
    assert store.gaps()[0]["sentence_text"] == "These were:"
    assert store.check() == []


def test_load_document_round_trips_the_contract(store: Store) -> None:
    doc = doc_a()
    doc.events = [{"id": "v1", "trigger": "founded", "type": "FOUNDING",
                   "time": {"value": "1921", "earliest": "1921-01-01", "latest": "1921-12-31"},
                   "source": {"start": 0, "end": 57, "sentence": TEXT_A[:57]}}]
    doc.relations = [{"subject": "Ivan Petrov", "relation": "FOUNDER_OF",
                      "object": "Northern Railway Company", "source": {"start": 0, "end": 57}}]
    doc.artefacts = [(3, 5)]
    store.ingest(doc)
    loaded = store.load_document("a")
    assert loaded is not None
    assert loaded.to_contract() == doc.to_contract()
    assert loaded.sentences == doc.sentences and loaded.paragraphs == doc.paragraphs
    assert loaded.artefacts == doc.artefacts
    assert store.events()[0]["document"] == "a" and store.relations("a")[0]["relation"] == "FOUNDER_OF"
    assert store.load_document("nope") is None and store.document("nope") is None


def test_load_document_keeps_the_entity_order(store: Store) -> None:
    doc = make_doc("o", "Petrov wrote. Later Ivan Petrov signed.",
                   [{"name": "Petrov"}, {"name": "Ivan Petrov"}])
    store.ingest(doc)
    loaded = store.load_document("o")
    assert loaded is not None and [e.id for e in loaded.entities] == ["e1", "e2"]
    assert loaded.to_contract() == doc.to_contract()


def test_timex_values_round_trip_exactly(store: Store) -> None:
    text = "Rome fell apart in 44 BC. Songs spread in the 1920s. Winter came in late 1944. Then May 9, 1945."
    values: list[tuple[str, str, dict[str, Any]]] = [
        ("44 BC", "-0044", {"earliest": "-0044-01-01", "latest": "-0044-12-31"}),
        ("1920s", "192X", {"earliest": "1920-01-01", "latest": "1929-12-31"}),
        ("late 1944", "1944-Q4", {"mod": "END", "earliest": "1944-10-01", "latest": "1944-12-31"}),
        ("May 9, 1945", "1945-05-09", {"relative": True, "anchor": "1944-Q4", "calendar": "julian"}),
    ]
    store.ingest(make_doc("t", text, timexes=values))
    rows = store.timexes()
    assert [r["value"] for r in rows] == ["-0044", "192X", "1944-Q4", "1945-05-09"]
    assert [r["earliest"] for r in rows[:3]] == ["-0044-01-01", "1920-01-01", "1944-10-01"]
    assert rows[2]["mod"] == "END" and rows[3]["relative"] is True and rows[0]["relative"] is False
    assert rows[3]["anchor"] == "1944-Q4" and rows[3]["calendar"] == "julian"
    assert rows[0]["sentence_text"] == "Rome fell apart in 44 BC."
    assert all(isinstance(r["value"], str) for r in rows)


def test_timexes_are_ordered_by_document_then_offset(store: Store) -> None:
    store.ingest(doc_c())
    store.ingest(doc_b())
    store.ingest(doc_a())
    assert [(r["document"], r["value"]) for r in store.timexes()] == [
        ("a", "1921"), ("b", "1923-SU"), ("c", "1930")]
    assert [r["value"] for r in store.timexes("/texts/b.txt")] == ["1923-SU"]


def test_unchanged_reingest_is_a_no_op(store: Store) -> None:
    store.ingest(doc_a())
    before_stats, before_docs, before_ents = store.stats(), store.documents(), store.entities()
    changes = store._db.total_changes
    time.sleep(0.01)  # ingested_at has millisecond resolution
    assert store.stored_hash("/texts/a.txt") == doc_a().content_hash and store.stored_hash("zz") is None
    assert store.ingest(doc_a()) == "unchanged"
    assert store._db.total_changes == changes
    assert store.stats() == before_stats
    assert store.documents() == before_docs
    assert store.entities() == before_ents


def test_changed_content_replaces_the_old_extraction(store: Store) -> None:
    store.ingest(doc_a())
    store.ingest(doc_b())
    petrov_id = by_name(store)["Ivan Petrov"]["id"]
    text = "Ivan Petrov sold his shares in 1929. Petrov left for the coast."
    new = make_doc("a", text, [{"name": "Ivan Petrov", "aliases": ["Petrov"]}], path="/texts/a.txt",
                   timexes=[("1929", "1929", {})])
    assert store.ingest(new) == "replaced"
    assert len(store.documents()) == 2
    names = by_name(store)
    assert "Amber Plain" not in names
    assert names["Ivan Petrov"]["id"] == petrov_id  # same name, same canonical id
    assert names["Ivan Petrov"]["n_mentions"] == 2
    assert "Northern Railway Company" not in names and names["NRC"]["n_documents"] == 1
    assert [r["value"] for r in store.timexes("a")] == ["1929"]
    assert store.search_sentences("Amber") == []
    assert [h["text"] for h in store.search_sentences("shares")] == ["Ivan Petrov sold his shares in 1929."]
    assert store.gaps() == []
    assert store.check() == []


def test_force_reingests_unchanged_content(store: Store) -> None:
    store.ingest(doc_a())
    assert store.ingest(doc_a(), force=True) == "replaced"
    assert store.stats()["documents"] == 1 and store.check() == []


def test_document_without_path_is_identified_by_id(store: Store) -> None:
    assert store.ingest(make_doc("x", "A short note.")) == "added"
    assert store.ingest(make_doc("x", "A short note.")) == "unchanged"
    assert store.ingest(make_doc("x", "A longer note now.")) == "replaced"
    assert [d["id"] for d in store.documents()] == ["x"]


def test_same_id_from_another_path_is_kept_apart(store: Store) -> None:
    store.ingest(make_doc("notes", "First file.", path="/one/notes.txt"))
    assert store.ingest(make_doc("notes", "Second file.", path="/two/notes.txt")) == "added"
    assert [(d["id"], d["path"]) for d in store.documents()] == [
        ("notes", "/one/notes.txt"), ("notes-2", "/two/notes.txt")]
    second = store.document("/two/notes.txt")
    assert second is not None and second["text"] == "Second file."


def test_remove_keeps_entities_other_documents_mention(store: Store) -> None:
    store.ingest(doc_a())
    store.ingest(doc_b())
    store.ingest(doc_c())
    before = by_name(store)
    assert before["Lindenfeld"]["n_documents"] == 2
    assert store.remove_document("/texts/b.txt") is True
    after = by_name(store)
    assert "Anna Sokolova" not in after  # only b mentioned her
    assert after["Lindenfeld"]["id"] == before["Lindenfeld"]["id"]
    assert after["Lindenfeld"]["n_documents"] == 1
    # b said "NRC": the alias goes with it, the company stays (a still names it).
    assert after["Northern Railway Company"]["aliases"] == ["Northern Railway Company", "the company"]
    assert store.find_entities("NRC") == []
    assert store.search_sentences("bridge") == []
    assert store.remove_document("b") is False
    assert store.check() == []
    for doc_id in ("a", "c"):
        assert store.remove_document(doc_id)
    assert all(n == 0 for n in store.stats().values())
    assert store.check() == []


# ------------------------------------------------------------------------------------------------
# Canonical entities across documents
# ------------------------------------------------------------------------------------------------


def test_entities_merge_across_documents_by_alias(store: Store) -> None:
    store.ingest(doc_a())  # Northern Railway Company, alias "the company"
    store.ingest(make_doc("d", "The Northern Railway Company, or NRC, went bankrupt.",
                          [{"name": "Northern Railway Company", "type": "ORG", "aliases": ["NRC"]}]))
    store.ingest(make_doc("e", "Later the NRC bought engines.", [{"name": "NRC", "type": "ORG"}]))
    [org] = store.entities(type="ORG")
    assert org["name"] == "Northern Railway Company"  # the full form, not the acronym
    assert org["n_documents"] == 3 and org["n_mentions"] == 5
    assert set(org["aliases"]) == {"Northern Railway Company", "the company", "NRC"}
    # per-document records and their mentions are kept
    d = store.document("d")
    assert d is not None
    assert d["entities"][0]["aliases"] == ["NRC"] and d["entities"][0]["entity"] == org["id"]
    assert store.find_entities("the nrc")[0]["id"] == org["id"]


def test_person_merges_through_full_name_and_agreeing_forms(store: Store) -> None:
    store.ingest(doc_a())
    store.ingest(make_doc("f", "General Ivan S. Petrov inspected the line.",
                          [{"name": "Ivan S. Petrov", "aliases": ["General Ivan S. Petrov"],
                            "titles": ["General"]}]))
    store.ingest(make_doc("g", "The engineer Anna Sokolova retired.", [{"name": "Anna Sokolova"}]))
    store.ingest(doc_b())
    people = store.entities(type="PERSON")
    assert len(people) == 2
    petrov = by_name(store)["Ivan S. Petrov"]  # one document each: the longer full form names it
    assert petrov["n_documents"] == 2
    assert {"Ivan Petrov", "Petrov", "Ivan S. Petrov", "General Ivan S. Petrov"} <= set(petrov["aliases"])
    detail = store.entity_detail(petrov["id"])
    assert "General" in detail["titles"]
    sokolova = by_name(store)["Anna Sokolova"]
    assert sokolova["n_documents"] == 2 and sokolova["subtype"] is None


def test_people_sharing_a_surname_stay_apart(store: Store) -> None:
    store.ingest(doc_a())  # Ivan Petrov, alias "Petrov"
    store.ingest(doc_c())  # Nikolai Petrov
    people = {e["name"] for e in store.entities(type="PERSON")}
    assert people == {"Ivan Petrov", "Nikolai Petrov"}
    # A bare surname with two candidates links to neither.
    store.ingest(make_doc("h", "Petrov was mentioned once.", [{"name": "Petrov"}]))
    assert {e["name"] for e in store.entities(type="PERSON")} == {"Ivan Petrov", "Nikolai Petrov", "Petrov"}
    assert by_name(store)["Ivan Petrov"]["n_documents"] == 1
    # Another bare "Petrov" goes with the bare one, not with either full name.
    store.ingest(make_doc("i", "Petrov was mentioned twice.", [{"name": "Petrov"}]))
    assert by_name(store)["Petrov"]["n_documents"] == 2
    assert store.check() == []


def test_bare_surname_links_to_the_only_candidate(store: Store) -> None:
    store.ingest(doc_b())
    store.ingest(make_doc("j", "Sokolova wrote a memoir.", [{"name": "Sokolova"}]))
    [person] = store.entities(type="PERSON")
    assert person["name"] == "Anna Sokolova" and person["n_documents"] == 2


def test_descriptive_aliases_link_nothing_across_documents(store: Store) -> None:
    store.ingest(doc_a())  # Northern Railway Company, alias "the company"
    store.ingest(make_doc("m", "Bell Mills grew. The company paid well.",
                          [{"name": "Bell Mills", "type": "ORG", "aliases": ["the company"]}]))
    store.ingest(make_doc("n", "Company of Nine was a choir.", [{"name": "Company", "type": "ORG"}]))
    assert len(store.entities(type="ORG")) == 3
    assert is_descriptive("the company", "Bell Mills") and is_descriptive("the Committee", "Red Committee")
    assert not is_descriptive("NRC", "Northern Railway Company")
    assert not is_descriptive("the Hague", "The Hague") and not is_descriptive("the Don Army", "Don Army")


def test_person_never_merges_with_another_type(store: Store) -> None:
    store.ingest(make_doc("k", "Victoria Lane sang.", [{"name": "Victoria Lane"}]))
    store.ingest(make_doc("l", "Victoria Lane is a street.", [{"name": "Victoria Lane", "type": "LOC"}]))
    assert sorted(e["type"] for e in store.entities()) == ["LOC", "PERSON"]


def test_find_entities_falls_back_to_prefix_then_substring(store: Store) -> None:
    store.ingest(doc_a())
    store.ingest(doc_b())
    assert [e["name"] for e in store.find_entities("petrov")] == ["Ivan Petrov"]
    assert store.find_entities("PETROV")[0]["match"] == "exact"
    prefix = store.find_entities("North")
    assert [e["name"] for e in prefix] == ["Northern Railway Company"] and prefix[0]["match"] == "prefix"
    sub = store.find_entities("railway")
    assert sub[0]["name"] == "Northern Railway Company" and sub[0]["match"] == "substring"
    assert store.find_entities("zzz") == [] and store.find_entities("  ") == []
    assert store.find_entities("100%") == []


def test_entity_detail_gives_mentions_with_their_sentences(store: Store) -> None:
    store.ingest(doc_a())
    petrov = by_name(store)["Ivan Petrov"]
    detail = store.entity_detail(petrov["id"])
    assert detail["type"] == "PERSON" and detail["subtype"] == "businessman"
    assert detail["aliases"] == ["Ivan Petrov", "Petrov"]
    assert [(m["text"], m["sentence"]) for m in detail["mentions"]] == [("Ivan Petrov", 0), ("Petrov", 1)]
    first = detail["mentions"][0]
    assert first["sentence_text"].startswith("Ivan Petrov founded")
    assert (first["document"], first["path"], first["document_title"]) == ("a", "/texts/a.txt", "a")
    assert TEXT_A[first["start"]:first["end"]] == "Ivan Petrov"
    assert detail["documents"] == [{"document": "a", "path": "/texts/a.txt", "title": "a",
                                    "local_id": "e1", "name": "Ivan Petrov"}]
    with pytest.raises(StoreError) as err:
        store.entity_detail(9999)
    assert err.value.code == E012


def test_entities_lists_counts_and_limits(store: Store) -> None:
    store.ingest(doc_a())
    store.ingest(doc_c())
    everything = store.entities()
    assert everything[0]["name"] == "Ivan Petrov" and everything[0]["n_mentions"] == 2
    assert set(everything[0]) == {"id", "name", "type", "subtype", "place", "aliases", "n_mentions", "n_documents"}
    assert len(store.entities(limit=2)) == 2
    assert [e["name"] for e in store.entities(type="GPE")] == ["Lindenfeld"]


# ------------------------------------------------------------------------------------------------
# Full-text search and integrity
# ------------------------------------------------------------------------------------------------


def test_search_finds_sentences_and_stays_in_sync(store: Store) -> None:
    store.ingest(doc_a())
    store.ingest(doc_b())
    hits = store.search_sentences("bridge")
    assert [(h["document"], h["sentence"]) for h in hits] == [("b", 1)]
    assert hits[0]["text"] == "Sokolova built the bridge at Lindenfeld in the summer of 1923."
    assert "[bridge]" in hits[0]["snippet"]
    assert store.search_sentences("railways")  # porter stemming: railways ~ railway
    assert store.search_sentences('"Northern Railway"')[0]["document"] == "a"
    assert isinstance(store.search_sentences('Petrov\'s "unclosed ('), list)  # not FTS syntax: no error
    assert store.search_sentences("") == []
    assert len(store.search_sentences("the", limit=2)) == 2
    store.remove_document("a")
    assert store.search_sentences("decade") == []
    assert store.check() == []


def test_check_reports_an_out_of_sync_index(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as s:
        s.ingest(doc_a())
        s._db.execute("DROP TRIGGER sentences_fts_insert")
        s._db.execute("INSERT INTO sentences (doc, idx, char_start, char_end, text) "
                      "VALUES ('a', 99, 0, 1, 'stray words')")
        s._db.execute("UPDATE documents SET n_sentences = 5")
        assert any("full-text" in p for p in s.check())
    with Store(path, readonly=True) as r:
        assert any("full-text" in p for p in r.check())


@pytest.mark.parametrize(("tamper", "says"), [
    ("UPDATE entities SET n_mentions = n_mentions + 1", "mention count"),
    ("UPDATE entity_names SET n = n + 1", "name counts"),
    ("DELETE FROM entity_names", "name counts"),
])
def test_check_reports_counts_out_of_step(store: Store, tamper: str, says: str) -> None:
    store.ingest(doc_a())
    assert store.check() == []
    store._db.execute(tamper)
    assert any(says in p for p in store.check())


def test_counts_follow_ingest_replace_and_remove(store: Store) -> None:
    store.ingest(doc_a())
    store.ingest(doc_b())
    changed = doc_a()
    changed.content_hash = "changed"
    changed.entities = changed.entities[:1]
    assert store.ingest(changed) == "replaced"
    assert store.check() == []
    n = store._db.execute("SELECT sum(n_mentions) FROM entities").fetchone()[0]
    assert n == store.stats()["mentions"]
    store.remove_document("b")
    assert store.check() == []
    store.remove_document("a")
    assert store.check() == []
    for table in ("entities", "entity_aliases", "entity_names", "entity_subtypes"):
        assert store._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


def test_bulk_commits_together_and_a_failing_document_undoes_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    broken = doc_b()
    broken.events = [{"id": "v1", "source": {"start": object()}}]  # cannot be stored
    with Store(path) as s:
        with s.bulk():
            assert s.ingest(doc_a()) == "added"
            with pytest.raises(Exception):  # noqa: B017, PT011
                s.ingest(broken)
            with Store(path, readonly=True) as other:  # nothing is visible before the commit
                assert other.stats()["documents"] == 0
        assert [d["id"] for d in s.documents()] == ["a"]
        assert s.check() == []
    with Store(path) as s, pytest.raises(RuntimeError), s.bulk():
        s.ingest(doc_b())
        raise RuntimeError("the merge stops half-way")
    with Store(path) as s:
        assert [d["id"] for d in s.documents()] == ["a"] and s.check() == []


def test_check_reports_orphan_entities(store: Store) -> None:
    store.ingest(doc_a())
    store._db.execute("INSERT INTO entities (name, norm, tail, type) "
                      "VALUES ('Ghost', 'ghost', 'ghost', 'PERSON')")
    assert any("mentioned by no document" in p for p in store.check())


# ------------------------------------------------------------------------------------------------
# Opening: errors, versions, migrations
# ------------------------------------------------------------------------------------------------


def test_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("just some notes, not a database\n" * 100)
    with pytest.raises(StoreError) as err:
        Store(path)
    assert err.value.code == E010 and err.value.hint
    assert path.read_text().startswith("just some notes")  # left untouched


def test_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE accounts (id INTEGER)")
    conn.close()
    with pytest.raises(StoreError) as err:
        Store(path)
    assert err.value.code == E010


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    for readonly in (False, True):
        with pytest.raises(StoreError) as err:
            Store(path, readonly=readonly)
        assert err.value.code == E011


def test_missing_store_is_refused_when_not_creating(tmp_path: Path) -> None:
    for kwargs in ({"create": False}, {"readonly": True}):
        with pytest.raises(StoreError) as err:
            open_store(tmp_path / "absent.db", **kwargs)
        assert err.value.code == E013 and "ingest" in (err.value.hint or "")
    assert not (tmp_path / "absent.db").exists()


def test_readonly_store_reads_but_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    with Store(path) as s:
        s.ingest(doc_a())
    with Store(path, readonly=True) as r:
        assert [d["id"] for d in r.documents()] == ["a"] and r.check() == []
        with pytest.raises(PermissionError):
            r.ingest(doc_b())


def _make_version_1_store(path: Path) -> None:
    """A store as version 1 of the schema left it, written without the Store class."""
    [(version, step)] = [m for m in MIGRATIONS if m[0] == 1]
    assert isinstance(step, str)
    conn = sqlite3.connect(path)
    conn.executescript(step)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO documents (id, path, title, format, encoding, content_hash, text, ingested_at,"
                 " n_sentences) VALUES ('old', '/old.txt', 'Old', 'text', 'utf-8', 'h1',"
                 " 'Marta Kell crossed the pass.', '2020-01-01T00:00:00+00:00', 1)")
    conn.execute("INSERT INTO sentences (doc, idx, section, paragraph, char_start, char_end, text)"
                 " VALUES ('old', 0, 0, 0, 0, 28, 'Marta Kell crossed the pass.')")
    conn.execute("INSERT INTO entities (id, name, norm, tail, type) VALUES (1, 'Marta Kell', 'marta kell',"
                 " 'kell', 'PERSON')")
    conn.execute("INSERT INTO doc_entities (id, doc, local_id, entity, name, type) VALUES"
                 " (1, 'old', 'e1', 1, 'Marta Kell', 'PERSON')")
    conn.execute("INSERT INTO entity_aliases (entity, doc_entity, alias, kind, norm, core, tail) VALUES"
                 " (1, 1, 'Marta Kell', 'name', 'marta kell', 'marta kell', 'kell')")
    conn.execute("INSERT INTO mentions (doc, doc_entity, entity, char_start, char_end, text, sentence)"
                 " VALUES ('old', 1, 1, 0, 10, 'Marta Kell', 0)")
    conn.execute("INSERT INTO timexes (doc, text, char_start, char_end, value, type, relative)"
                 " VALUES ('old', 'x', 0, 1, '-0044', 'DATE', 0)")
    conn.commit()
    conn.close()


def test_migration_from_version_1_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    _make_version_1_store(path)
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert [d["id"] for d in s.documents()] == ["old"]
        assert s.entities()[0]["name"] == "Marta Kell" and s.entities()[0]["n_mentions"] == 1
        assert s.timexes()[0]["value"] == "-0044"
        assert s.search_sentences("pass")[0]["document"] == "old"  # the new index covers old rows
        assert s.check() == []
        applied = [r[0] for r in s._db.execute("SELECT version FROM schema_migrations ORDER BY version")]
        assert applied == [v for v, _ in MIGRATIONS if v > 1]
        # and the upgraded store takes new documents, linking to old entities
        s.ingest(make_doc("new", "Marta Kell came back.", [{"name": "Marta Kell"}]))
        assert s.entities()[0]["n_documents"] == 2


def test_reader_opening_an_old_store_upgrades_it(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    _make_version_1_store(path)
    with Store(path, readonly=True) as r:
        assert r.schema_version == SCHEMA_VERSION
        assert r.search_sentences("Marta")


def test_migration_steps_run_in_order_each_in_a_transaction(tmp_path: Path, monkeypatch: Any) -> None:
    path = tmp_path / "m.db"
    with Store(path) as s:
        s.ingest(doc_a())

    def rename_titles(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE documents SET title = upper(title)")

    broken = [*MIGRATIONS, (SCHEMA_VERSION + 1, "CREATE TABLE extra (x); SELECT no_such_function();")]
    monkeypatch.setattr("annals.store.core.MIGRATIONS", broken)
    monkeypatch.setattr("annals.store.core.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(sqlite3.OperationalError):
        Store(path)
    with sqlite3.connect(path) as conn:  # rolled back: no half-made step, version unchanged
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").fetchone()[0] == 0
    conn.close()

    monkeypatch.setattr("annals.store.core.MIGRATIONS", [*MIGRATIONS, (SCHEMA_VERSION + 1, rename_titles)])
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION + 1
        assert [d["title"] for d in s.documents()] == ["A"]


# ------------------------------------------------------------------------------------------------
# Concurrency
# ------------------------------------------------------------------------------------------------


def test_reader_reads_while_a_writer_holds_a_transaction(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    writer = Store(path)
    writer.ingest(doc_a())
    reader = Store(path, readonly=True)
    try:
        writer._db.execute("BEGIN IMMEDIATE")
        writer._db.execute("UPDATE documents SET title = 'being rewritten'")
        started = time.monotonic()
        assert [d["title"] for d in reader.documents()] == ["a"]  # the last committed state
        assert reader.search_sentences("decade")
        assert time.monotonic() - started < 1.0  # no waiting on the writer's lock
        writer._db.execute("COMMIT")
        assert [d["title"] for d in reader.documents()] == ["being rewritten"]
    finally:
        reader.close()
        writer.close()


def _ingest_in_process(path: str, which: str, results: Any) -> None:
    docs = {"a": doc_a, "b": doc_b, "c": doc_c}
    with Store(path) as s:
        results.put((which, s.ingest(docs[which]())))


def test_two_processes_ingest_into_one_store_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")  # not created yet: both processes race to create it
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    procs = [ctx.Process(target=_ingest_in_process, args=(path, which, results)) for which in "ac"]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(10)
    assert [proc.exitcode for proc in procs] == [0, 0]
    assert sorted(results.get(timeout=1) for _ in procs) == [("a", "added"), ("c", "added")]
    with Store(path) as s:
        assert {d["id"] for d in s.documents()} == {"a", "c"}
        assert {e["name"] for e in s.entities(type="PERSON")} == {"Ivan Petrov", "Nikolai Petrov"}
        assert s.check() == []


# ------------------------------------------------------------------------------------------------
# Name helpers
# ------------------------------------------------------------------------------------------------


def test_normalise_name() -> None:
    assert normalise_name("  The   Northern\tRailway ") == "northern railway"
    assert normalise_name("ＮＲＣ") == "nrc"  # NFKC folds full-width letters
    assert normalise_name("“Petrov”") == "petrov"
    assert normalise_name("Theodor") == "theodor"


def test_names_agree() -> None:
    assert names_agree("ivan petrov", "ivan s. petrov")
    assert names_agree("i. petrov", "ivan petrov")
    assert not names_agree("ivan petrov", "nikolai petrov")
    assert not names_agree("ivan s. petrov", "ivan t. petrov")
    assert not names_agree("petrov", "ivan petrov")


# -- linking again writes only what changes (issue 17 item 4) ---------------------------------------------


def _relink_store(db: Path, docs: list[Document], changed: Document, in_place: bool,
                  audit: bool = False) -> tuple[int, list[tuple[int, str]], dict, dict]:
    """Store ``docs``, then ``changed`` in place of its namesake: (rows written by linking again, the writes
    to document entities as (document key, local id) when ``audit``, the links before and after linking again)."""
    with Store(db) as s:
        s.in_place = in_place
        for doc in docs:
            s.ingest(doc)
        s.resolve_entities(d.id for d in docs)
        s.ingest(changed)
        before = {(r["doc"], r["local_id"]): r["entity"] for r in s._rows(
            "SELECT doc, local_id, entity FROM doc_entity_rows")}
        if audit:  # every row of a document entity the linking writes, by (document, local id)
            s._db.execute("CREATE TEMP TABLE written (doc INTEGER, local_id TEXT)")
            for table in ("doc_entity_rows", "entity_aliases", "entity_titles", "mention_rows"):
                for op, row in (("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")):
                    de = f"{row}.id" if table == "doc_entity_rows" else f"{row}.doc_entity"
                    s._db.execute(
                        f"CREATE TEMP TRIGGER audit_{table}_{op} AFTER {op} ON main.{table} BEGIN INSERT INTO "
                        f"written SELECT doc, local_id FROM main.doc_entity_rows WHERE id = {de}; END")
        start = s.rows_changed()
        s.resolve_entities([changed.id])
        rows = s.rows_changed() - start
        written = []
        if audit:
            written = [(r[0], r[1]) for r in s._db.execute("SELECT doc, local_id FROM written")]
            rows -= len(written)  # (the audit's own rows)
            s._db.execute("DROP TABLE written")
        after = {(r["doc"], r["local_id"]): r["entity"] for r in s._rows(
            "SELECT doc, local_id, entity FROM doc_entity_rows")}
        assert s.check() == []
    return rows, written, before, after


def _store_rows(db: Path) -> dict[str, list]:
    """Every row linking writes, with the canonical entities' ids and the document entities named by
    (document, local id): what must not depend on how a store was linked again."""
    with Store(db, readonly=True) as s:
        de = "(SELECT doc || '/' || local_id FROM doc_entity_rows WHERE id = t.doc_entity)"
        return {
            "entities": [tuple(r) for r in s._rows("SELECT * FROM entities ORDER BY id")],
            "doc_entities": sorted(tuple(r) for r in s._rows(
                "SELECT doc, local_id, entity, name, type, subtype, place, place_id FROM doc_entity_rows")),
            **{t: sorted(tuple(r) for r in s._rows(f"SELECT {de}, {cols} FROM {t} t")) for t, cols in (
                ("entity_aliases", "alias, kind, norm, core, tail, weak"),
                ("entity_titles", "title"),
                ("mention_rows", "char_start, char_end, text, title, sentence"))},
            **{t: sorted(tuple(r) for r in s._rows(f"SELECT * FROM {t}"))
               for t in ("entity_names", "entity_subtypes", "places")},
        }


def test_writing_the_differences_writes_every_child_row_that_changed(tmp_path: Path) -> None:
    """relink.write_differences against a scratch copy whose rows of one document entity differ from the store's
    in a title, an alias and a mention's offsets (each alone, the entity the same): each is written."""
    from annals.store.relink import link_keys, scratch_copy, write_differences

    doc = make_doc("tilly", "General Tilly stormed Magdeburg in 1631. Tilly burned the town.",
                   [{"id": "e1", "name": "Tilly", "aliases": ["Tilly"], "titles": ["general"]}])
    with Store(tmp_path / "s.db") as store:
        store.ingest(doc)
        conn = store._db
        (de,) = [r[0] for r in conn.execute("SELECT id FROM doc_entity_rows")]
        for change, read in (("UPDATE entity_titles SET title = 'count'", "SELECT title FROM entity_titles"),
                             ("UPDATE entity_aliases SET alias = 'Tserclaes'", "SELECT alias FROM entity_aliases"),
                             ("UPDATE mention_rows SET char_end = 12 WHERE char_start = 8",
                              "SELECT char_end FROM mention_rows ORDER BY id")):
            scratch, ents = scratch_copy(conn, {de}, link_keys(doc.entities))
            scratch.execute(change)
            want = [tuple(r) for r in scratch.execute(read)]
            with store._transaction():
                write_differences(conn, scratch, {de}, ents)
            scratch.close()
            assert [tuple(r) for r in conn.execute(read)] == want, change
        assert [tuple(r) for r in conn.execute("SELECT id FROM doc_entity_rows")] == [(de,)]


def test_linking_again_writes_only_what_changes(tmp_path: Path) -> None:
    import sys
    from itertools import islice

    from annals.extract import extract_text

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from corpus import articles

    pages = list(islice(articles(620, seed=1), 16))  # generated pages sharing surnames, towns and groups
    docs = [extract_text(text, name) for name, text in pages]
    name, text = pages[8]  # changed as bench/bench_batch.py's rerun changes a page
    changed = extract_text(text + "\n\nIn 1921 the archive of the committee was moved to Prague.\n", name)
    apart, written, before, after = _relink_store(tmp_path / "apart.db", docs, changed, False, audit=True)
    whole, _, _, whole_after = _relink_store(tmp_path / "whole.db", docs, changed, True)
    # the same store as linking again in place, which rewrote every document entity sharing a name
    assert _store_rows(tmp_path / "apart.db") == _store_rows(tmp_path / "whole.db")
    assert after == whole_after
    with Store(tmp_path / "fresh.db") as s:  # and the same entities as storing the new set afresh
        for doc in [changed if d.id == changed.id else d for d in docs]:
            s.ingest(doc)
        s.resolve_entities(d.id for d in docs)
    assert _store_rows(tmp_path / "fresh.db")["entities"] == _store_rows(tmp_path / "apart.db")["entities"]
    # written: only the document entities whose link the linking again changed (the changed document's
    # were stored by its ingest), where the pass in place rewrote every one that shares a name
    moved = {k for k in after if before.get(k) != after[k]}
    assert set(written) == moved
    with Store(tmp_path / "apart.db", readonly=True) as s:
        key = s._rows("SELECT key FROM documents WHERE id = ?", (changed.id,))[0]["key"]
    assert any(k[0] != key for k in moved)  # (links of other pages do change here: 53 rows against 3,680)
    assert 0 < apart < whole / 3
