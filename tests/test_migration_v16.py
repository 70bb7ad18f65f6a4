"""Schema 16: a relation's subject or object whose name is its document entity's is stored as "" and read back
from the document's entities, as the participants of events are (schema 14).  A schema-15 store (the file of
test_migration_v15 upgraded by step 15 alone) migrates in place and reads as before.  The documents are
invented."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_migration_v6 import apply_steps, docs, reads, ref_and_old
from test_migration_v14 import TEXT, fleet
from test_migration_v15 import write_v14

from annals.store import SCHEMA_VERSION, Store, fact_columns, fact_payload
from annals.store.payloads import _FACT_COLUMNS, _Context


def write_v15(path: Path, ref: Store) -> None:
    write_v14(path, ref)
    apply_steps(path, [15], "2026-01-06T00:00:00+00:00", foreign_keys=True)


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Path, Path]:
    return ref_and_old(tmp_path_factory.mktemp("v16"), [*docs(), fleet()], write_v15)


def _ends(db: sqlite3.Connection) -> list[tuple]:
    return [tuple(r) for r in db.execute("SELECT d.id, r.subject, r.object FROM relation_rows r "
                                         "JOIN documents d ON d.key = r.doc ORDER BY r.id")]


def test_a_schema_15_store_migrates_and_reads_as_before(pair):
    ref_path, old_path = pair
    conn = sqlite3.connect(old_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 15
    assert ("fleet", "Yongle Emperor", "Malacca") in _ends(conn)
    conn.close()
    with Store(ref_path, readonly=True) as ref, Store(old_path) as old:
        assert old.schema_version == SCHEMA_VERSION >= 16
        assert reads(old) == reads(ref)
        for doc in [*docs(), fleet()]:
            assert old.load_document(doc.id) == ref.load_document(doc.id)
            assert old.load_document(doc.id).relations == doc.relations
        assert ("fleet", "", "") in _ends(old._db)
        sql = f"SELECT id, doc, {', '.join(_FACT_COLUMNS['relations'])} FROM relations ORDER BY id"
        assert [tuple(r) for r in old._db.execute(sql)] == [tuple(r) for r in ref._db.execute(sql)]
        assert old.check() == []


def _relation(subject: str, obj: str) -> dict:
    return {"subject": subject, "subject_id": "e3", "relation": "NEGOTIATED_WITH", "object": obj, "object_id": "e4",
            "negated": False, "time": None, "pattern": "received:envoys", "trigger": "received",
            "source": {"start": 74, "end": 143, "sentence": True, "sentence_index": 1}}


@pytest.mark.parametrize("subject, obj, stored", [
    ("Yongle Emperor", "Malacca", ("", "")),  # both their document entities' names
    ("the emperor", "Malacca", ("the emperor", "")),  # a name of its own stays
    ("Yongle Emperor", "Zheng He", ("", "Zheng He")),  # another entity's name stays
])
def test_an_end_named_as_its_document_entity_is_stored_by_reference(subject, obj, stored):
    context = _Context(TEXT, {"e1": ("Zheng He", "PERSON"), "e3": ("Yongle Emperor", "PERSON"),
                              "e4": ("Malacca", "GPE")})
    rel = _relation(subject, obj)
    filters = {"subject": subject, "relation": "NEGOTIATED_WITH", "object": obj, "sentence": 1, "char_start": 74,
               "char_end": 143}
    cols = fact_columns("relations", rel, filters, context)
    assert (cols["subject"], cols["object"]) == stored and cols["whole"] is None
    assert fact_payload("relations", cols, context=context) == rel
    # without a context (as schemas before 16 wrote it) the names stay
    assert (fact_columns("relations", rel, filters)["subject"], fact_columns("relations", rel, filters)["object"]) \
        == (subject, obj)


def test_an_end_whose_name_is_empty_keeps_the_payload_whole():
    context = _Context(TEXT, {"e3": ("Yongle Emperor", "PERSON"), "e4": ("Malacca", "GPE")})
    rel = _relation("", "Malacca")
    filters = {"subject": "", "relation": "NEGOTIATED_WITH", "object": "Malacca", "sentence": 1, "char_start": 74,
               "char_end": 143}
    cols = fact_columns("relations", rel, filters, context)
    assert cols["whole"] == 1 and cols["subject"] == "" and cols["object"] == "Malacca"
    assert fact_payload("relations", cols, context=context) == rel


def test_corrections_keep_the_reference_and_check_finds_a_dangling_one(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.ingest(fleet())
        rel = store.fact_rows("relations", "fleet")[0]
        assert rel["subject"] == "Yongle Emperor"  # (as the payload says it, not as stored)
        store.delete_fact("relations", rel["id"])
        store.restore_fact("relations", rel)
        assert _ends(store._db) == [("fleet", "", "")]
        assert store.load_document("fleet").relations == fleet().relations
        assert store.check() == []
        with store._transaction() as conn:  # (a row damaged by hand: its subject names e9)
            conn.execute("UPDATE relation_rows SET subject_id = 'e9'")
        (row,) = store._db.execute("SELECT id FROM relation_rows").fetchall()
        assert store.check() == [f"relation {row[0]} names by reference an entity its document does not hold"]
