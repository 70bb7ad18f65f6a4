"""Schema 14, events and relations that point at what the store holds: a participant or place named as its
document entity is, triggers that are the event's own, a description or date text that is words of its
document are stored by reference; anything else keeps its own form; every payload reads back to the byte.  A
schema-11 store (written as the code of schema 11 wrote it: the schema-7 file of test_migration_v8 upgraded
by steps 8 to 11 alone) migrates in place and reads as before.  The documents are invented.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from eventdocs import make_doc
from test_migration_v6 import apply_steps, docs, reads, ref_and_old
from test_migration_v8 import write_v7

from annals.model import Document
from annals.store import SCHEMA_VERSION, Store, fact_columns, fact_payload
from annals.store.payloads import _FACT_COLUMNS, _Context

TEXT = ("The admiral Zheng He sailed from Nanjing in 1405 with the treasure fleet. "
        "The Yongle Emperor received the envoys of Malacca at Nanjing in 1411. "
        "After the emperor died in 1424, the court recalled the fleet and burned its charts.")
ENTITIES = [{"id": "e1", "name": "Zheng He", "type": "PERSON"}, {"id": "e2", "name": "Nanjing", "type": "GPE"},
            {"id": "e3", "name": "Yongle Emperor", "type": "PERSON"}, {"id": "e4", "name": "Malacca", "type": "GPE"}]
TYPES = {e["id"]: (e["name"], e["type"]) for e in ENTITIES}


def _event(doc: Document, sentence: int, trigger: str, etype: str, participants: list[tuple[str, str]],
           description: str | None, place: str | None = None, year: str | None = None) -> dict[str, Any]:
    """An event in the shape the extractor gives (its sentence cited whole)."""
    s = doc.sentences[sentence]
    at = s.start + s.text.index(trigger)
    time = None if year is None else {"value": year, "mod": None, "earliest": f"{year}-01-01",
                                      "latest": f"{year}-12-31", "basis": "explicit", "text": f"in {year}"}
    event = {"id": f"v{len(doc.events) + 1}", "trigger": trigger, "type": etype, "description": description,
             "participants": [{"entity": e, "name": TYPES[e][0], "type": TYPES[e][1], "role": role}
                              for e, role in participants],
             "time": time, "place": {"entity": place, "name": TYPES[place][0]} if place else None,
             "negated": False, "modality": "asserted", "order": len(doc.events),
             "source": {"start": s.start, "end": s.end, "sentence": s.text, "sentence_index": s.index,
                        "trigger_start": at, "trigger_end": at + len(trigger)},
             "triggers": [{"trigger": trigger, "type": etype}]}
    doc.events.append(event)
    return event


def _relation(doc: Document, sentence: int, subject: str, relation: str, obj: str, year: str) -> dict[str, Any]:
    s = doc.sentences[sentence]
    at = doc.text.index(f"in {year}")
    rel = {"subject": TYPES[subject][0], "subject_id": subject, "relation": relation, "object": TYPES[obj][0],
           "object_id": obj, "negated": False,
           "time": {"value": year, "text": f"in {year}", "mod": None, "earliest": f"{year}-01-01",
                    "latest": f"{year}-12-31", "start": at, "end": at + len(f"in {year}"), "basis": "explicit"},
           "pattern": "received:envoys", "trigger": "received",
           "source": {"start": s.start, "end": s.end, "sentence": s.text, "sentence_index": s.index}}
    doc.relations.append(rel)
    return rel


def fleet() -> Document:
    doc = make_doc("fleet", TEXT, ENTITIES)
    _event(doc, 0, "sailed", "MOVEMENT", [("e1", "agent")], "Zheng He sailed from Nanjing", place="e2", year="1405")
    _event(doc, 1, "received", "MEETING", [("e3", "agent"), ("e4", "partner")],
           "Yongle Emperor received Malacca envoys", place="e2", year="1411")
    _event(doc, 2, "recalled", "MOVEMENT", [], "the court recalled the fleet")
    _relation(doc, 1, "e3", "NEGOTIATED_WITH", "e4", "1411")
    return doc


def _rows(store: Store, table: str) -> list[dict[str, Any]]:
    return [dict(r) for r in store._db.execute(f"SELECT * FROM {table} ORDER BY id")]


def test_what_the_store_holds_is_stored_by_reference(tmp_path):
    doc = fleet()
    with Store(tmp_path / "s.db") as store:
        store.ingest(doc)
        sailed, received, recalled = _rows(store, "events")
        assert json.loads(sailed["participants"]) == [["e1", "agent"]]
        assert json.loads(received["participants"]) == [["e3", "agent"], ["e4", "partner"]]
        assert json.loads(sailed["place"]) == {"entity": "e2"}
        assert sailed["triggers"] == received["triggers"] == ""
        for row, event in ((sailed, doc.events[0]), (recalled, doc.events[2])):
            assert row["description"] is None
            assert TEXT[row["description_start"]:row["description_end"]] == event["description"]
        assert sailed["time_text"] is None and TEXT[sailed["time_text_start"]:sailed["time_text_end"]] == "in 1405"
        assert received["description"] == "Yongle Emperor received Malacca envoys"  # (not the document's words)
        assert sailed["modality"] is None and sailed["time_basis"] is None  # ("asserted", "explicit")
        (rel,) = _rows(store, "relations")
        assert rel["time_text"] is None and TEXT[rel["time_start"]:rel["time_end"]] == "in 1411"
        assert store.load_document("fleet").events == doc.events
        assert store.load_document("fleet").relations == doc.relations
        assert [{k: v for k, v in e.items() if k != "document"} for e in store.events()] == doc.events
        # queries that read the columns find the events of an entity by its participants and place
        nanjing = next(e["id"] for e in store.entities() if e["name"] == "Nanjing")
        assert {r["event"] for r in store.event_records(entity_ids=[nanjing])} == {"v1", "v2"}
        assert [p["name"] for p in store.event_records()[1]["participants"]] == ["Yongle Emperor", "Malacca"]


def _round_trip(table: str, payload: Any, filters: dict[str, Any], context: _Context) -> dict[str, Any]:
    cols = fact_columns(table, payload, filters, context)
    assert json.dumps(fact_payload(table, cols, context=context), ensure_ascii=False) \
        == json.dumps(payload, ensure_ascii=False)
    return cols


def _filters(table: str, fact: dict[str, Any]) -> dict[str, Any]:
    source = fact.get("source") or {}
    out = {"sentence": source.get("sentence_index"), "char_start": source.get("start"), "char_end": source.get("end")}
    if table == "events":
        time = fact.get("time") if isinstance(fact.get("time"), dict) else {}
        return out | {"local_id": fact.get("id"), "type": fact.get("type"), "trigger_word": fact.get("trigger"),
                      "time_value": time.get("value"), "earliest": time.get("earliest"), "latest": time.get("latest")}
    return out | {k: fact.get(k) for k in ("subject", "relation", "object")}


def test_what_the_store_does_not_hold_keeps_its_own_form():
    doc = fleet()
    context = _Context(TEXT, TYPES)
    sailed = doc.events[0]
    f = _filters("events", sailed)
    said = {**sailed["participants"][0], "name": "the admiral"}  # a name other than its document entity's
    retyped = {**sailed["participants"][0], "type": "GROUP"}
    unknown = {"entity": "e9", "name": "Wang Jinghong", "type": "PERSON", "role": "agent"}
    unlinked = {"entity": None, "name": "the eunuchs", "type": "GROUP", "role": "agent"}
    cols = _round_trip("events", {**sailed, "participants": [said, retyped, unknown, unlinked,
                                                             sailed["participants"][0]]}, f, context)
    assert json.loads(cols["participants"]) == [["e1", "the admiral", "PERSON", "agent"],
                                                ["e1", "Zheng He", "GROUP", "agent"],
                                                ["e9", "Wang Jinghong", "PERSON", "agent"],
                                                [None, "the eunuchs", "GROUP", "agent"], ["e1", "agent"]]
    # a place without a name (kept in extra, after the other keys: the payload whole), with another name
    cols = _round_trip("events", {**sailed, "place": {"entity": "e2"}}, f, context)
    assert cols["whole"] == 1 and cols["place"] is None
    cols = _round_trip("events", {k: v for k, v in sailed.items() if k != "place"} | {"place": {"entity": "e2"}},
                       f, context)
    assert cols["whole"] is None and json.loads(cols["extra"])["place"] == {"entity": "e2"}
    cols = _round_trip("events", {**sailed, "place": {"entity": "e2", "name": "Yingtian"}}, f, context)
    assert json.loads(cols["place"]) == {"entity": "e2", "name": "Yingtian"}
    # triggers other than the event's own: several, another type, another word
    for triggers in ([{"trigger": "sailed", "type": "MOVEMENT"}, {"trigger": "fleet", "type": "MOVEMENT"}],
                     [{"trigger": "sailed", "type": "VOYAGE"}], [{"trigger": "sail", "type": "MOVEMENT"}], []):
        cols = _round_trip("events", {**sailed, "triggers": triggers}, f, context)
        assert json.loads(cols["triggers"]) == [list(t.values()) for t in triggers]
    # a description or date text that is not words of the event's sentence
    for description in ("Zheng He sailed to Calicut", "the treasure fleet sailed"):
        cols = _round_trip("events", {**sailed, "description": description}, f, context)
        assert cols["description"] == description and cols["description_start"] is None
    dated = {**sailed, "time": {**sailed["time"], "text": "in 1424"}}  # (in the document, not in the sentence)
    cols = _round_trip("events", dated, f, context)
    assert cols["time_text"] == "in 1424" and cols["time_text_start"] is None
    # a modality or basis other than the usual, none (the payload whole; the date as JSON), a date of a basis only
    cols = _round_trip("events", {**sailed, "modality": "hoped", "time": {**sailed["time"], "basis": "anchored"}},
                       f, context)
    assert (cols["modality"], cols["time_basis"]) == ("hoped", "anchored")
    cols = _round_trip("events", {k: v for k, v in sailed.items() if k != "modality"}, f, context)
    assert cols["whole"] == 1
    for time in ({k: v for k, v in sailed["time"].items() if k != "basis"}, {"basis": "explicit"}):
        cols = _round_trip("events", {**sailed, "time": time}, {**f, "time_value": time.get("value")}, context)
        assert json.loads(cols["time"]) == time and cols["whole"] is None
    # a relation's date text other than the document's between its offsets, or none beside offsets
    rel = doc.relations[0]
    rf = _filters("relations", rel)
    cols = _round_trip("relations", {**rel, "time": {**rel["time"], "text": "1411"}}, rf, context)
    assert cols["time_text"] == "1411"
    bare = {k: v for k, v in rel["time"].items() if k != "text"}
    cols = _round_trip("relations", {**rel, "time": bare}, rf, context)
    assert json.loads(cols["time"]) == bare and cols["time_start"] is None


def test_any_payload_reads_back_to_the_byte_with_a_context():
    """Every event and relation of the invented document, each key dropped, moved last, emptied, made a list,
    and a new key put first: each reads back as it went in, stored by reference or not."""
    doc = fleet()
    context = _Context(TEXT, TYPES)
    for table, facts in (("events", doc.events), ("relations", doc.relations)):
        for fact in facts:
            variants = [fact, {"new": 1, **fact}]
            for key in fact:
                variants += [{k: v for k, v in fact.items() if k != key},
                             {**{k: v for k, v in fact.items() if k != key}, key: fact[key]},
                             {**fact, key: None}, {**fact, key: [fact[key]]}]
                if isinstance(fact[key], dict):
                    for sub in fact[key]:
                        variants += [{**fact, key: {k: v for k, v in fact[key].items() if k != sub}},
                                     {**fact, key: {**fact[key], sub: None}}]
            for variant in variants:
                _round_trip(table, json.loads(json.dumps(variant)), _filters(table, fact), context)


def test_without_a_context_the_columns_are_those_of_schema_11():
    doc = fleet()
    cols = fact_columns("events", doc.events[0], _filters("events", doc.events[0]))
    assert json.loads(cols["participants"]) == [["e1", "Zheng He", "PERSON", "agent"]]
    assert json.loads(cols["place"]) == {"entity": "e2", "name": "Nanjing"}
    assert json.loads(cols["triggers"]) == [["sailed", "MOVEMENT"]]
    assert cols["description"] == "Zheng He sailed from Nanjing" and cols["time_text"] == "in 1405"
    assert fact_payload("events", cols) == doc.events[0]


def write_v11(path: Path, ref: Store) -> None:
    write_v7(path, ref)
    apply_steps(path, [8, 9, 10, 11], "2026-01-04T00:00:00+00:00", foreign_keys=True)


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Path, Path]:
    return ref_and_old(tmp_path_factory.mktemp("v14"), [*docs(), fleet()], write_v11)


def test_a_schema_11_store_migrates_and_reads_as_before(pair):
    ref_path, old_path = pair
    conn = sqlite3.connect(old_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 11
    assert conn.execute("SELECT participants FROM events WHERE doc = 'fleet' AND local_id = 'v1'").fetchone()[0] \
        == '[["e1","Zheng He","PERSON","agent"]]'
    conn.close()
    with Store(ref_path, readonly=True) as ref, Store(old_path) as old:
        assert old.schema_version == SCHEMA_VERSION >= 14
        assert reads(old) == reads(ref)
        for doc in [*docs(), fleet()]:
            assert old.load_document(doc.id) == ref.load_document(doc.id)
            assert old.load_document(doc.id).events == doc.events
        # the rows are those a new store writes
        for table in ("events", "relations"):
            columns = ", ".join(_FACT_COLUMNS[table])
            sql = f"SELECT id, doc, {columns} FROM {table} ORDER BY id"
            assert [tuple(r) for r in old._db.execute(sql)] == [tuple(r) for r in ref._db.execute(sql)]
        assert old._db.execute("SELECT participants FROM events WHERE doc = 'fleet' AND local_id = 'v1'"
                               ).fetchone()[0] == '[["e1","agent"]]'
        assert old.check() == []


def test_corrections_write_by_reference_too(tmp_path):
    doc = fleet()
    with Store(tmp_path / "s.db") as store:
        store.ingest(doc)
        row = store.fact_rows("events", "fleet", "v1")[0]
        time = {**row["payload"]["time"], "value": "1406", "earliest": "1406-01-01", "latest": "1406-12-31"}
        store.set_event_time(row["id"], {**row["payload"], "time": time})
        stored = _rows(store, "events")[0]
        assert json.loads(stored["participants"]) == [["e1", "agent"]] and stored["triggers"] == ""
        assert stored["time_text"] is None and stored["time_value"] == "1406"
        assert store.load_document("fleet").events[0] == {**doc.events[0], "time": time}
        rel = store.fact_rows("relations", "fleet")[0]
        store.delete_fact("relations", rel["id"])
        store.restore_fact("relations", rel)
        (again,) = _rows(store, "relations")
        assert again["time_text"] is None
        assert store.load_document("fleet").relations == doc.relations


def test_check_finds_an_event_that_names_an_entity_its_document_does_not_hold(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.ingest(fleet())
        assert store.check() == []
        (row,) = store._db.execute("SELECT id FROM event_rows WHERE local_id = 'v1'").fetchall()
        with store._transaction() as conn:  # (a row damaged by hand: its participant and place name e9)
            conn.execute("UPDATE event_rows SET participants = '[[\"e9\",\"agent\"]]' WHERE id = ?", (row[0],))
        assert store.check() == [f"event {row[0]} names by reference an entity its document does not hold"]
        with store._transaction() as conn:
            conn.execute("UPDATE event_rows SET participants = '[]', place = '{\"entity\":\"e9\"}' WHERE id = ?",
                         (row[0],))
        assert store.check() == [f"event {row[0]} names by reference an entity its document does not hold"]
        # (read back, such a reference has no name: what the store does not hold is not made up)
        assert store.events()[0]["place"] == {"entity": "e9", "name": None}
