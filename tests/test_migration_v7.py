"""Schema 7, events and relations as columns: a schema-6 store migrates in place and every read gives what
it gave; any payload (other keys, other kinds, another order) reads back to the byte.

The schema-6 store is written as the code of schema 6 wrote it: the schema-5 file of test_migration_v6 (steps
1-5 and the payloads as extracted) upgraded by step 6 alone.  The documents are invented.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from test_migration_v6 import apply_steps, docs, legion, reads, ref_and_old, write_v5

from annals.store import SCHEMA_VERSION, Store, fact_columns, fact_payload


def write_v6(path: Path, ref: Store) -> None:
    write_v5(path, ref)
    apply_steps(path, [6], "2026-01-02T00:00:00+00:00")


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Path, Path]:
    return ref_and_old(tmp_path_factory.mktemp("v7"), docs(), write_v6)


def test_a_schema_6_store_migrates_and_reads_as_before(pair):
    ref_path, old_path = pair
    conn = sqlite3.connect(old_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 6
    assert '"sentence":true' in conn.execute("SELECT payload FROM events WHERE doc = 'legion'").fetchone()[0]
    conn.close()
    with Store(ref_path, readonly=True) as ref, Store(old_path) as old:
        assert old.schema_version == SCHEMA_VERSION >= 7
        assert reads(old) == reads(ref)
        assert old.check() == []
        for table in ("events", "relations"):
            columns = [r[1] for r in old._db.execute(f"PRAGMA table_info({table})")]
            assert "payload" not in columns
            # nothing kept whole
            assert tuple(old._db.execute(f"SELECT count(*), count(whole) FROM {table}"
                                         ).fetchone())[1:] == (0,)
        for ids in ([e["id"]] for e in reads(ref)["entities"]):
            assert old.event_records(entity_ids=ids) == ref.event_records(entity_ids=ids)
            assert old.relation_records(entity_ids=ids) == ref.relation_records(entity_ids=ids)


def test_the_migrated_store_takes_new_documents_and_removals(pair, tmp_path):
    ref_path, old_path = pair
    copy = tmp_path / "old.db"
    copy.write_bytes(old_path.read_bytes())
    with Store(copy) as store, Store(ref_path, readonly=True) as ref:
        assert store.remove_document("legion")
        assert store.ingest(legion()) == "added"
        assert store.check() == []
        assert store.load_document("legion").events == ref.load_document("legion").events
        assert store.load_document("legion").relations == ref.load_document("legion").relations


FILTERS = {"local_id": "v1", "type": "BATTLE", "trigger_word": "fought", "time_value": None, "earliest": None,
           "latest": None, "sentence": 0, "char_start": 0, "char_end": 40}


def _round_trip(table: str, payload, filters) -> dict:
    cols = fact_columns(table, payload, filters)
    assert json.dumps(fact_payload(table, cols), ensure_ascii=False) == json.dumps(payload, ensure_ascii=False)
    return cols


def test_any_payload_reads_back_to_the_byte():
    source = {"start": 0, "end": 40, "sentence": True, "sentence_index": 0, "trigger_start": 10, "trigger_end": 16}
    usual = {"id": "v1", "trigger": "fought", "type": "BATTLE", "description": "the legions fought at Zama",
             "participants": [{"entity": "e1", "name": "Scipio", "type": "PERSON", "role": "agent"}], "time": None,
             "place": {"entity": "e2", "name": "Zama"}, "negated": False, "modality": "asserted", "order": 0,
             "source": source}
    cols = _round_trip("events", usual, FILTERS)
    assert cols["whole"] is None and cols["extra"] is None and cols["description"] == usual["description"]
    # participants that all have the usual keys, in the usual order, are stored as rows of values
    assert json.loads(cols["participants"]) == [["e1", "Scipio", "PERSON", "agent"]]
    for odd in ([{"entity": "e1", "role": "agent", "name": "Scipio", "type": "PERSON"}],
                [{"entity": "e1", "name": "Scipio", "type": "PERSON", "role": "agent", "text": "he"}], "Scipio"):
        cols = _round_trip("events", {**usual, "participants": odd}, FILTERS)
        assert cols["participants"] is None and cols["whole"] is None and json.loads(cols["participants_json"]) == odd
    # a key no column holds comes after the others, in extra
    cols = _round_trip("events", {**usual, "curated": 3}, FILTERS)
    assert cols["whole"] is None and json.loads(cols["extra"]) == {"curated": 3}
    # a value of another kind than its column's (kept whole: it comes before other keys)
    cols = _round_trip("events", {**usual, "negated": None, "order": "first"}, FILTERS)
    assert cols["whole"] == 1
    # keys in another order, a key that differs from the column filtered on, a quotation kept as text,
    # no source, not an object at all: kept whole
    reordered = {"type": "BATTLE", **usual}
    for odd in (reordered, {**usual, "type": "SIEGE"}, {**usual, "source": {**source, "sentence": "Other text"}},
                {k: v for k, v in usual.items() if k != "source"}, ["a", "list"], {}):
        assert _round_trip("events", odd, FILTERS)["whole"] in (1, None)
    assert _round_trip("events", reordered, FILTERS)["whole"] == 1
    # a date: its keys in columns (value, earliest and latest those queries filter on); in another order,
    # or with another key, the date alone is kept as JSON
    dated = {**usual, "time": {"value": "-0202", "mod": None, "earliest": "-0202-01-01", "latest": "-0202-12-31",
                               "basis": "explicit", "text": "202 BC"}}
    filters = {**FILTERS, "time_value": "-0202", "earliest": "-0202-01-01", "latest": "-0202-12-31"}
    cols = _round_trip("events", dated, filters)
    assert cols["whole"] is None and cols["time"] is None and cols["time_text"] == "202 BC"
    for time in ({"text": "202 BC", **dated["time"]}, {**dated["time"], "era": "BC"}, {"value": None}):
        cols = _round_trip("events", {**usual, "time": time}, {**filters, "time_value": time.get("value")})
        assert cols["whole"] is None and json.loads(cols["time"]) == time and cols["time_text"] is None
    rel = {"subject": "Pompey", "subject_id": "e1", "relation": "OPPOSED", "object": "Caesar", "object_id": "e2",
           "negated": True, "time": {"value": "-0049"}, "pattern": "against", "trigger": "fought",
           "source": {"start": 0, "end": 40, "sentence": True, "sentence_index": 0},
           "named_in": [{"entity": "e1", "start": 0, "end": 5, "sentence": True}]}
    rel_filters = {"subject": "Pompey", "relation": "OPPOSED", "object": "Caesar", "sentence": 0, "char_start": 0,
                   "char_end": 40}
    cols = _round_trip("relations", rel, rel_filters)
    assert cols["whole"] is None and cols["extra"] is None and cols["negated"] == 1


def test_an_event_kept_whole_is_still_found_by_its_entities(tmp_path):
    doc = legion()
    doc.events[0] = {"type": doc.events[0]["type"], **doc.events[0]}  # another key order: kept whole
    with Store(tmp_path / "s.db") as store:
        store.ingest(doc)
        assert store._db.execute("SELECT count(*) FROM events WHERE whole = 1").fetchone()[0] == 1
        assert store.load_document("legion").events == doc.events
        hanno = next(e["id"] for e in store.entities() if e["name"] == "Hanno")
        found = {r["event"] for r in store.event_records(entity_ids=[hanno])}
        assert doc.events[0]["id"] in found and len(found) == 3


def test_payloads_changed_in_any_way_read_back_to_the_byte():
    """Every event and relation of the invented documents, each key dropped, moved last, emptied, made a
    list, and a new key put first: each reads back as it went in."""
    for doc in docs():
        for table, facts in (("events", doc.events), ("relations", doc.relations)):
            for fact in facts:
                filters = {c: None for c in FILTERS} if table == "events" else {c: None for c in (
                    "subject", "relation", "object", "sentence", "char_start", "char_end")}
                source = fact.get("source") or {}
                filters |= {"sentence": source.get("sentence_index"), "char_start": source.get("start"),
                            "char_end": source.get("end")}
                if table == "events":
                    time = fact.get("time") or {}
                    filters |= {"local_id": fact.get("id"), "type": fact.get("type"),
                                "trigger_word": fact.get("trigger"), "time_value": time.get("value"),
                                "earliest": time.get("earliest"), "latest": time.get("latest")}
                else:
                    filters |= {k: fact.get(k) for k in ("subject", "relation", "object")}
                variants = [fact, {"new": 1, **fact}]
                for key in fact:
                    variants += [{k: v for k, v in fact.items() if k != key},
                                 {**{k: v for k, v in fact.items() if k != key}, key: fact[key]},
                                 {**fact, key: None}, {**fact, key: [fact[key]]}]
                for variant in variants:
                    _round_trip(table, json.loads(json.dumps(variant)), filters)
