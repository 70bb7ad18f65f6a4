"""Schema 18: an alias and a title name their document entity only (as a mention does since schema 15); their
canonical entity is their document entity's, so they move with it.  A schema-17 store (the file of
test_migration_v17 upgraded by step 17 alone) migrates in place and reads as before.  The documents are
invented."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_migration_v6 import apply_steps, docs, reads, ref_and_old
from test_migration_v14 import fleet
from test_migration_v17 import write_v16

from annals.store import SCHEMA_VERSION, Store


def write_v17(path: Path, ref: Store) -> None:
    write_v16(path, ref)
    apply_steps(path, [17], "2026-01-08T00:00:00+00:00", foreign_keys=True)


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Path, Path]:
    return ref_and_old(tmp_path_factory.mktemp("v18"), [*docs(), fleet()], write_v17)


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]


def test_a_schema_17_store_migrates_and_reads_as_before(pair):
    ref_path, old_path = pair
    conn = sqlite3.connect(old_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 17
    assert "entity" in _columns(conn, "entity_aliases") and "entity" in _columns(conn, "entity_titles")
    conn.close()
    with Store(ref_path, readonly=True) as ref, Store(old_path) as old:
        assert old.schema_version == SCHEMA_VERSION >= 18
        assert reads(old) == reads(ref)
        for doc in [*docs(), fleet()]:
            assert old.load_document(doc.id) == ref.load_document(doc.id)
        for table in ("entity_aliases", "entity_titles"):
            assert "entity" not in _columns(old._db, table)
            sql = f"SELECT * FROM {table} ORDER BY id"
            assert [tuple(r) for r in old._db.execute(sql)] == [tuple(r) for r in ref._db.execute(sql)]
        indexes = {r[0] for r in old._db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert not indexes & {"entity_aliases_entity", "entity_titles_entity"}
        assert old.check() == []


def test_aliases_and_titles_move_with_their_document_entity(tmp_path):
    with Store(tmp_path / "s.db") as store:
        for doc in docs():
            store.ingest(doc)
        db = store._db
        de, entity = db.execute("SELECT d.id, d.entity FROM doc_entities d WHERE EXISTS (SELECT 1 FROM "
                                "entity_aliases a WHERE a.doc_entity = d.id) ORDER BY d.id LIMIT 1").fetchone()
        aliases = {r[0] for r in db.execute("SELECT alias FROM entity_aliases WHERE doc_entity = ?", (de,))}
        moved = store.relink([de], None, name="Someone Else", type="PERSON")
        assert aliases <= set(store.entity_detail(moved)["aliases"])
        assert all(store.entity_has_alias(moved, a) for a in aliases)
        assert store.check() == []
