"""Tests of the store's event and relation queries on hand-built documents (no extraction)."""

from __future__ import annotations

from pathlib import Path

import pytest
from eventdocs import add_relation, build_store, make_doc, vlasov_a

from annals.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("events") / "events.db")


@pytest.fixture
def store(db) -> Store:
    with Store(db, readonly=True) as s:
        yield s


def canonical(store: Store, name: str) -> int:
    found = [f for f in store.find_entities(name) if f["match"] == "exact"]
    assert len(found) == 1, found
    return found[0]["id"]


def test_event_records_resolve_local_ids_to_canonical_entities(store):
    vlasov = canonical(store, "Vlasov")
    records = {r["key"]: r for r in store.event_records()}
    a, b = records["vlasov-a:v2"], records["vlasov-b:v1"]
    # e1 in one document and e7 in the other are the same canonical person
    assert a["participants"][0]["local"] == "e1" and b["participants"][0]["local"] == "e7"
    assert a["participants"][0]["entity"] == b["participants"][0]["entity"] == vlasov
    assert a["participants"][0]["name"] == "Andrey Vlasov" and a["participants"][0]["role"] == "agent"
    # the KONR of document b is named by its canonical name
    assert b["participants"][1]["name"] == "Committee for the Liberation of the Peoples of Russia"
    assert a["place"]["name"] == "Prague" and a["place"]["type"] == "GPE"
    assert a["sentence"].startswith("Vlasov founded") and a["sentence_index"] == 1
    assert a["document_title"] == "vlasov-a" and a["path"] == "/corpus/vlasov-a.txt"
    assert a["time"]["value"] == "1944-11" and a["order"] == 2


def test_event_records_are_by_document_then_offset(store):
    keys = [r["key"] for r in store.event_records()]
    assert keys == ["ancient:v1", "ancient:v2", "vlasov-a:v1", "vlasov-a:v2", "vlasov-a:v3", "vlasov-a:v4",
                    "vlasov-b:v1"]


def test_event_records_filter_by_entity_as_participant_or_place(store):
    vlasov, prague = canonical(store, "Andrey Vlasov"), canonical(store, "Prague")
    assert [r["key"] for r in store.event_records(entity_ids=[vlasov])] == [
        "vlasov-a:v1", "vlasov-a:v2", "vlasov-a:v3", "vlasov-b:v1"]
    assert [r["key"] for r in store.event_records(entity_ids=[prague])] == ["vlasov-a:v2", "vlasov-a:v4"]
    assert store.event_records(entity_ids=[]) == []


def test_event_records_filter_by_type_and_document(store):
    vlasov = canonical(store, "Vlasov")
    assert [r["key"] for r in store.event_records(type="FOUNDING")] == ["vlasov-a:v2", "vlasov-b:v1"]
    assert [r["key"] for r in store.event_records(documents=["ancient"])] == ["ancient:v1", "ancient:v2"]
    assert [r["key"] for r in store.event_records(documents=["vlasov-b"], type="FOUNDING",
                                                  entity_ids=[vlasov])] == ["vlasov-b:v1"]
    assert store.event_records(type="NO_SUCH_TYPE") == []


def test_relation_records_give_canonical_names_sources_and_filters(store):
    nts, vlasov = canonical(store, "NTS"), canonical(store, "Vlasov")
    rows = store.relation_records(entity_ids=[nts])
    assert [(r["subject"], r["relation"], r["object"], r["negated"]) for r in rows] == [
        ("National Alliance of Russian Solidarists", "SUPPORTED", "Andrey Vlasov", False),
        ("Andrey Vlasov", "MEMBER_OF", "National Alliance of Russian Solidarists", True),
    ]
    assert rows[0]["subject_entity"] == nts and rows[0]["object_entity"] == vlasov
    assert rows[0]["sentence"] == "The NTS supported Vlasov." and rows[0]["document"] == "vlasov-b"
    assert [r["relation"] for r in store.relation_records(entity_ids=[nts], negated=False)] == ["SUPPORTED"]
    leader = store.relation_records(type="LEADER_OF")
    assert [r["object"] for r in leader] == ["Committee for the Liberation of the Peoples of Russia",
                                             "Russian Liberation Army"]
    assert len(store.relation_records()) == 5


def test_relation_with_an_unlinked_end_keeps_the_extracted_name(tmp_path):
    doc = make_doc("x", "Ivan Petrov joined the Whites.", [{"id": "e1", "name": "Ivan Petrov"}])
    add_relation(doc, "e1", "MEMBER_OF", "the Whites", "joined", 0)
    with Store(tmp_path / "s.db") as store:
        store.ingest(doc)
        (row,) = store.relation_records()
    assert row["subject"] == "Ivan Petrov" and row["subject_entity"] is not None
    assert row["object"] == "the Whites" and row["object_entity"] is None and row["object_type"] is None


def test_removing_a_document_removes_its_events_and_relations(db, tmp_path):
    path = build_store(tmp_path / "copy.db")
    with Store(path) as store:
        assert store.remove_document("vlasov-b")
        assert [r["document"] for r in store.event_records(type="FOUNDING")] == ["vlasov-a"]
        assert all(r["document"] == "vlasov-a" for r in store.relation_records())


def test_reingesting_a_changed_document_replaces_its_events(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.ingest(vlasov_a())
        changed = vlasov_a()
        changed.text += " "
        changed.content_hash = "changed"
        changed.events = changed.events[:1]
        assert store.ingest(changed) == "replaced"
        assert [r["key"] for r in store.event_records()] == ["vlasov-a:v1"]



def test_an_extracted_event_keeps_its_description_through_the_store(tmp_path):
    from annals.extract import extract_text

    doc = extract_text("In 1683 the Ottoman army laid siege to Vienna. On 12 September 1683 Jan Sobieski "
                       "defeated the Ottomans at Kahlenberg.", path=str(tmp_path / "vienna.txt"))
    said = {e["trigger"]: e["description"] for e in doc.events}
    assert said["defeated"] == "Jan Sobieski defeated the Ottomans at Kahlenberg"
    with Store(tmp_path / "vienna.db") as s:
        s.ingest(doc)
        stored = {e["trigger"]: e["description"] for e in s.events()}
    assert stored == said


def test_a_description_says_each_participant_by_the_store_s_canonical_name():
    from annals.store import canonical_description

    parts = [{"text": "Drake", "name": "Francis Drake"}, {"text": "the Armada", "name": "the Armada"}]
    assert canonical_description("Drake chased the Armada", parts) == "Francis Drake chased the Armada"
    assert canonical_description("Drakeford met Drake", parts) == "Drakeford met Francis Drake"  # whole words only
    assert canonical_description(None, parts) is None
