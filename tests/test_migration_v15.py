"""Schema 15: a mention names its document entity only; its document and canonical entity are its document
entity's, read through the view ``mentions``.  A schema-14 store (the schema-11 file of test_migration_v14
upgraded by steps 12 to 14 alone) migrates in place and reads as before; writes through the view that would
make a mention disagree with its document entity are refused; moving a document entity moves its mentions.
The documents are invented."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_migration_v6 import apply_steps, docs, reads, ref_and_old
from test_migration_v14 import fleet, write_v11

from annals.store import SCHEMA_VERSION, Store


def write_v14(path: Path, ref: Store) -> None:
    write_v11(path, ref)
    apply_steps(path, [12, 13, 14], "2026-01-05T00:00:00+00:00", foreign_keys=True)


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Path, Path]:
    return ref_and_old(tmp_path_factory.mktemp("v15"), [*docs(), fleet()], write_v14)


def _indexes(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = "
                                     "'mention_rows' AND sql IS NOT NULL")}


def test_a_schema_14_store_migrates_and_reads_as_before(pair):
    ref_path, old_path = pair
    conn = sqlite3.connect(old_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 14
    assert {"doc", "entity"} <= {r[1] for r in conn.execute("PRAGMA table_info(mention_rows)")}
    assert _indexes(conn) == {"mentions_entity", "mentions_doc_entity", "mentions_doc_sentence"}
    conn.close()
    with Store(ref_path, readonly=True) as ref, Store(old_path) as old:
        assert old.schema_version == SCHEMA_VERSION >= 15
        assert reads(old) == reads(ref)
        for doc in [*docs(), fleet()]:
            assert old.load_document(doc.id) == ref.load_document(doc.id)
        columns = [r[1] for r in old._db.execute("PRAGMA table_info(mention_rows)")]
        assert columns == ["id", "doc_entity", "char_start", "char_end", "text", "title", "sentence"]
        assert _indexes(old._db) == {"mentions_doc_entity"}
        sql = "SELECT * FROM mentions ORDER BY id"
        assert [tuple(r) for r in old._db.execute(sql)] == [tuple(r) for r in ref._db.execute(sql)]
        assert old.check() == []


def test_a_mention_follows_its_document_entity(tmp_path):
    with Store(tmp_path / "s.db") as store:
        for doc in docs():
            store.ingest(doc)
        db = store._db
        de, entity = db.execute("SELECT id, entity FROM doc_entities ORDER BY id LIMIT 1").fetchone()
        mentions = {r[0] for r in db.execute("SELECT id FROM mentions WHERE doc_entity = ?", (de,))}
        assert mentions and {r[0] for r in db.execute("SELECT entity FROM mentions WHERE doc_entity = ?", (de,))} \
            == {entity}
        moved = store.relink([de], None, name="Someone Else", type="PERSON")
        assert moved != entity
        assert {r[0] for r in db.execute("SELECT id FROM mentions WHERE entity = ?", (moved,))} == mentions
        assert db.execute("SELECT n_mentions FROM entities WHERE id = ?", (moved,)).fetchone()[0] == len(mentions)
        assert store.check() == []


def test_a_write_that_makes_a_mention_disagree_with_its_document_entity_is_refused(tmp_path):
    with Store(tmp_path / "s.db") as store:
        for doc in docs():
            store.ingest(doc)
        db = store._db
        (de, entity, doc), (other_de, other, other_doc) = db.execute(
            "SELECT id, entity, doc FROM doc_entities d WHERE entity != (SELECT entity FROM doc_entities "
            "ORDER BY id LIMIT 1) OR id = (SELECT min(id) FROM doc_entities) ORDER BY doc != (SELECT doc FROM "
            "doc_entities ORDER BY id LIMIT 1), id LIMIT 2").fetchall()
        assert entity != other
        before = [tuple(r) for r in db.execute("SELECT * FROM mention_rows ORDER BY id")]
        mid = db.execute("SELECT id FROM mentions WHERE doc_entity = ? LIMIT 1", (de,)).fetchone()[0]
        refused = [
            ("INSERT INTO mentions (doc, doc_entity, entity, char_start, char_end, sentence) VALUES (?, ?, ?, 0, 3, 0)",
             (doc, de, other)),
            ("UPDATE mentions SET entity = ? WHERE id = ?", (other, mid)),
            ("UPDATE mentions SET doc = ? WHERE id = ?", ("no-such-document", mid)),
        ]
        for sql, params in refused:
            with pytest.raises(sqlite3.IntegrityError, match="those of its document entity"):
                db.execute(sql, params)
        assert [tuple(r) for r in db.execute("SELECT * FROM mention_rows ORDER BY id")] == before
        # naming them as the document entity does (or not at all) is a write like any other
        db.execute("INSERT INTO mentions (doc, doc_entity, entity, char_start, char_end, sentence) "
                   "VALUES (?, ?, ?, 0, 3, 0)", (doc, de, entity))
        db.execute("INSERT INTO mentions (doc_entity, char_start, char_end, sentence) VALUES (?, 0, 3, 0)", (de,))
        # moving a mention to another document entity is a move of its entity (and of its document)
        db.execute("UPDATE mentions SET doc_entity = ? WHERE id = ?", (other_de, mid))
        assert tuple(db.execute("SELECT doc, entity FROM mentions WHERE id = ?", (mid,)).fetchone()) \
            == (other_doc, other)
