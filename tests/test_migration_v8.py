"""Schemas 8 and 9, integer document keys: a schema-7 store migrates in place and every read gives what it
gave, to the byte; the rows of mentions, dates, events, relations, sentences and document entities name their
document by its integer key, and the views of the old names give its public id again.  Schema 10: the text of a
mention or date is read from its document where it is the document's text between its offsets.

The schema-7 store is written as the code of schema 7 wrote it: the schema-6 file of test_migration_v7
upgraded by step 7 alone (released steps are never edited).  The documents are invented.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from eventdocs import make_doc
from test_migration_v6 import apply_steps, docs, legion, reads, ref_and_old
from test_migration_v7 import write_v6

from annals.store import SCHEMA_VERSION, Store
from annals.store.migrations import _KEYED
from annals.store.util import DAY_COLUMNS, day_text


def write_v7(path: Path, ref: Store) -> None:
    write_v6(path, ref)
    apply_steps(path, [7], "2026-01-03T00:00:00+00:00", foreign_keys=True, vacuum=True)


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Path, Path]:
    return ref_and_old(tmp_path_factory.mktemp("v8"), docs(), write_v7)


def _doc(rows: str) -> str:
    """The document key of a row of ``rows`` (a mention's is its document entity's since schema 15)."""
    if rows == "mention_rows":
        return f"(SELECT de.doc FROM doc_entity_rows de WHERE de.id = {rows}.doc_entity)"
    return f"{rows}.doc"


def _keys_only(store: Store) -> None:
    """Every rows table holds integer keys of stored documents, and no row of a document not stored."""
    db = store._db
    for rows in _KEYED.values():
        kinds = {r[0] for r in db.execute(f"SELECT DISTINCT typeof({_doc(rows)}) FROM {rows}")}
        assert kinds <= {"integer"}, (rows, kinds)
        assert db.execute(f"SELECT count(*) FROM {rows} WHERE {_doc(rows)} NOT IN (SELECT key FROM documents)"
                          ).fetchone()[0] == 0, rows


def test_a_schema_7_store_migrates_and_reads_as_before(pair):
    ref_path, old_path = pair
    conn = sqlite3.connect(old_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
    assert conn.execute("SELECT typeof(doc) FROM mentions LIMIT 1").fetchone()[0] == "text"
    conn.close()
    with Store(ref_path, readonly=True) as ref, Store(old_path) as old:
        assert old.schema_version == SCHEMA_VERSION >= 9
        assert reads(old) == reads(ref)
        assert old.check() == []
        _keys_only(old)
        for view, rows in _KEYED.items():
            kind = old._db.execute("SELECT type FROM sqlite_master WHERE name = ?", (view,)).fetchone()[0]
            assert kind == "view"
            assert old._db.execute(f"SELECT count(*) FROM {view}").fetchone()[0] \
                == old._db.execute(f"SELECT count(*) FROM {rows}").fetchone()[0]
        for ids in ([e["id"]] for e in reads(ref)["entities"]):
            assert old.event_records(entity_ids=ids) == ref.event_records(entity_ids=ids)
            assert old.relation_records(entity_ids=ids) == ref.relation_records(entity_ids=ids)
        assert old._db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_migrated_store_takes_new_documents_removals_and_corrections(pair, tmp_path):
    ref_path, old_path = pair
    copy = tmp_path / "old.db"
    copy.write_bytes(old_path.read_bytes())
    with Store(copy) as store, Store(ref_path, readonly=True) as ref:
        key = store._db.execute("SELECT key FROM documents WHERE id = 'legion'").fetchone()[0]
        assert store.remove_document("legion")
        for rows in _KEYED.values():  # every row of the document went with it
            assert store._db.execute(f"SELECT count(*) FROM {rows} WHERE {_doc(rows)} = ?", (key,)).fetchone()[0] == 0
        assert store.ingest(legion()) == "added"
        assert store.check() == []
        _keys_only(store)
        assert store.load_document("legion") == ref.load_document("legion")
        assert store.document("legion")["sentences"] == ref.document("legion")["sentences"]


def test_a_read_only_opening_of_a_schema_7_store_upgrades_it(pair, tmp_path):
    ref_path, old_path = pair
    copy = tmp_path / "old.db"
    copy.write_bytes(old_path.read_bytes())
    with Store(copy, readonly=True) as store, Store(ref_path, readonly=True) as ref:
        assert store.schema_version == SCHEMA_VERSION
        assert reads(store) == reads(ref)


def test_writes_through_the_views_reach_the_rows(tmp_path):
    """Code that writes the old tables by name (an insert, an update, a delete) writes the rows, with the
    document's key for its public id, and the triggers of the rows (counts, full-text index) follow."""
    with Store(tmp_path / "s.db") as store:
        store.ingest(legion())
        db = store._db
        key = db.execute("SELECT key FROM documents WHERE id = 'legion'").fetchone()[0]
        de = db.execute("SELECT id, entity FROM doc_entities WHERE doc = 'legion' AND local_id = 'e1'").fetchone()
        n = db.execute("SELECT n_mentions FROM entities WHERE id = ?", (de[1],)).fetchone()[0]
        db.execute("INSERT INTO mentions (doc, doc_entity, entity, char_start, char_end, text, sentence) "
                   "VALUES ('legion', ?, ?, 30, 35, 'Hanno', 0)", (de[0], de[1]))
        row = db.execute(f"SELECT id, {_doc('mention_rows')} FROM mention_rows ORDER BY id DESC LIMIT 1").fetchone()
        assert row[1] == key
        assert db.execute("SELECT doc FROM mentions WHERE id = ?", (row[0],)).fetchone()[0] == "legion"
        assert db.execute("SELECT n_mentions FROM entities WHERE id = ?", (de[1],)).fetchone()[0] == n + 1
        db.execute("UPDATE mentions SET title = 'general' WHERE id = ?", (row[0],))
        stored = db.execute(f"SELECT title, {_doc('mention_rows')} FROM mention_rows WHERE id = ?",
                            (row[0],)).fetchone()
        assert tuple(stored) == ("general", key)
        db.execute("DELETE FROM mentions WHERE id = ?", (row[0],))
        assert db.execute("SELECT count(*) FROM mention_rows WHERE id = ?", (row[0],)).fetchone()[0] == 0
        assert db.execute("SELECT n_mentions FROM entities WHERE id = ?", (de[1],)).fetchone()[0] == n
        db.execute("INSERT INTO doc_entities (doc, local_id, entity, name, type) VALUES ('legion', 'e99', ?, "
                   "'Hanno', 'PERSON')", (de[1],))
        assert db.execute("SELECT doc FROM doc_entity_rows WHERE local_id = 'e99'").fetchone()[0] == key
        assert db.execute("SELECT n FROM entity_names WHERE entity = ? AND name = 'Hanno'", (de[1],)).fetchone()[0] >= 2
        db.execute("DELETE FROM doc_entities WHERE local_id = 'e99'")
        # a sentence written through the view is in the full-text index
        db.execute("INSERT INTO sentences (doc, idx, char_start, char_end, text) "
                   "VALUES ('legion', 99, 0, 10, 'Xanthippus drilled the phalanx')")
        assert [r["document"] for r in store.search_sentences("Xanthippus")] == ["legion"]
        db.execute("DELETE FROM sentences WHERE idx = 99")
        assert store.search_sentences("Xanthippus") == []
        assert store.check() == []


def test_document_keys_are_unique_and_never_shared_by_two_stored_documents(tmp_path):
    with Store(tmp_path / "s.db") as store:
        for doc in docs():
            store.ingest(doc)
        db = store._db
        keys = [r[0] for r in db.execute("SELECT key FROM documents")]
        assert len(keys) == len(set(keys)) == len(docs()) and None not in keys
        store.remove_document("legion")
        store.ingest(legion())
        keys = [r[0] for r in db.execute("SELECT key FROM documents")]
        assert len(keys) == len(set(keys)) == len(docs())
        # a document row written without a key (by code that does not know of keys) is given the next one
        db.execute("INSERT INTO documents (id, format, encoding, content_hash, text, ingested_at, n_sentences) "
                   "VALUES ('plain', 'text', 'utf-8', 'sha256:0', 'A text.', '2026-01-01', 0)")
        assert db.execute("SELECT key FROM documents WHERE id = 'plain'").fetchone()[0] == max(keys) + 1


def test_every_row_of_a_fresh_store_is_read_as_before_through_the_views(tmp_path):
    """The views give each row with its columns in the order of the table they replace."""
    with Store(tmp_path / "s.db") as store:
        for doc in docs():
            store.ingest(doc)
        db = store._db
        texts = {d.id: d.text for d in docs()}
        for view, rows in _KEYED.items():
            shown = [r[1] for r in db.execute(f"PRAGMA table_info({view})")]
            stored = [r[1] for r in db.execute(f"PRAGMA table_info({rows})")]
            # (place_id: schema 11; a mention's document and entity are its document entity's, schema 15)
            derived = {"doc": "de.doc", "entity": "de.entity"} if rows == "mention_rows" else {}
            assert [c for c in shown if c not in derived] == [c for c in stored if c != "place_id"] and "doc" in shown
            picked = ", ".join(derived.get(c, f"r.{c}") for c in shown)
            joined = db.execute(f"SELECT {picked}, d.id FROM {rows} r LEFT JOIN doc_entity_rows de ON "
                                f"de.id = r.{'doc_entity' if derived else 'id'} JOIN documents d "
                                f"ON d.key = {derived.get('doc', 'r.doc')} ORDER BY r.id")
            through = db.execute(f"SELECT * FROM {view} ORDER BY id")
            for a, b in zip(joined, through, strict=True):
                expected = dict(zip(shown, a[:-1], strict=True)) | {"doc": a[-1]}
                expected |= {c: day_text(expected[c]) for c in DAY_COLUMNS if c in expected}  # (schema 17)
                if view in ("mentions", "timexes") and expected["text"] is None:  # (schema 10: the document's)
                    expected["text"] = texts[a[-1]][expected["char_start"]:expected["char_end"]]
                assert dict(b) == expected
        # what is read of a document is as before: its key is the store's own
        assert all("key" not in d for d in store.documents())
        assert "key" not in store.document("legion")


def _stored_texts(store: Store) -> dict[str, tuple[int, int]]:
    """Per document: (mentions and dates, those whose text is stored)."""
    return {r[0]: (r[1], r[2]) for r in store._db.execute(
        f"SELECT d.id, count(*), count(x.text) FROM (SELECT {_doc('mention_rows')} AS doc, text FROM mention_rows "
        "UNION ALL SELECT doc, text FROM timex_rows) x JOIN documents d ON d.key = x.doc GROUP BY d.id")}


def test_the_text_of_a_mention_or_date_is_read_from_its_document(pair, tmp_path):
    ref_path, old_path = pair
    copy = tmp_path / "old.db"
    copy.write_bytes(old_path.read_bytes())
    with Store(copy) as old, Store(ref_path, readonly=True) as ref:
        for store in (old, ref):
            counts = _stored_texts(store)
            # a short document's are read from its text; a long one's (chronicle) are kept
            assert counts["legion"][0] > 0 and counts["legion"][1] == 0
            assert counts["chronicle"][0] == counts["chronicle"][1] > 0
        assert old.mention_records() == ref.mention_records() and old.timexes() == ref.timexes()
        # a mention whose text is not its document's between its offsets keeps it
        de = old._db.execute("SELECT id, entity FROM doc_entities WHERE doc = 'legion' LIMIT 1").fetchone()
        old._db.execute("INSERT INTO mentions (doc, doc_entity, entity, char_start, char_end, text, sentence) "
                        "VALUES ('legion', ?, ?, 4, 10, 'Punic', 0)", tuple(de))
        assert old._db.execute("SELECT text FROM mentions ORDER BY id DESC LIMIT 1").fetchone()[0] == "Punic"
        # an update that leaves the text as it was keeps it unstored
        mid = old._db.execute("SELECT id FROM mention_rows WHERE text IS NULL LIMIT 1").fetchone()[0]
        old._db.execute("UPDATE mentions SET title = 'consul' WHERE id = ?", (mid,))
        assert old._db.execute("SELECT text FROM mention_rows WHERE id = ?", (mid,)).fetchone()[0] is None


def _placed() -> list:
    """Two invented documents naming the same town (one GeoNames place), and a third whose place of that id
    reads otherwise (another population): kept in its own row."""
    town = {"geonames_id": 7001, "lat": 41.1, "lon": 15.2, "country": "IT", "kind": "city", "population": 900}
    made = []
    for doc_id, pop in (("siege-a", 900), ("siege-b", 900), ("siege-c", 950)):
        doc = make_doc(doc_id, f"Fabius marched to Arpi in {doc_id[-1]} spring. Arpi opened its gates.",
                       [{"id": "e1", "name": "Fabius", "type": "PERSON"}, {"id": "e2", "name": "Arpi", "type": "GPE"}])
        doc.entities[1].place = {**town, "population": pop}
        made.append(doc)
    return made


def test_a_place_is_stored_once_and_read_as_it_was_given(tmp_path):
    with Store(tmp_path / "ref.db") as ref:
        for doc in _placed():
            ref.ingest(doc)
        write_v7(tmp_path / "old.db", ref)
        held = [json.loads(p[0]) for p in ref._db.execute("SELECT json FROM places")]
        assert held == [_placed()[0].entities[1].place]
        rows = ref._db.execute("SELECT place IS NULL, place_id FROM doc_entity_rows WHERE local_id = 'e2' ORDER BY id")
        assert [tuple(r) for r in rows] == [(1, 7001), (1, 7001), (0, None)]
        for doc in _placed():
            assert ref.load_document(doc.id).entities[1].place == doc.entities[1].place
    with Store(tmp_path / "old.db") as old, Store(tmp_path / "ref.db", readonly=True) as ref:
        assert reads(old) == reads(ref)
        assert old._db.execute("SELECT count(*) FROM places").fetchone()[0] == 1
        # a place changed through the view is the row's own from then on
        old._db.execute("UPDATE doc_entities SET place = NULL WHERE doc = 'siege-a' AND local_id = 'e2'")
        assert old.load_document("siege-a").entities[1].place is None
        assert old.load_document("siege-b").entities[1].place == _placed()[1].entities[1].place
