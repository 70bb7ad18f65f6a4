"""Schema 6, the compact store: a schema-5 store migrates in place and every read gives what it gave.

The schema-5 store is written here as the code of schema 5 wrote it: the migration steps 1-5 (released
steps are never edited) and the same rows, with each sentence's text in ``sentences`` and each event's and
relation's payload as extracted (its sentence text included).  The documents are invented.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from eventdocs import add_event, add_relation, ancient, make_doc, vlasov_a, vlasov_b

from annals.model import Document
from annals.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    SHORT_TEXT,
    Store,
    compact_payload,
    expand_payload,
)
from annals.store.migrations import _split_sql
from annals.store.payloads import _ENDS, _FACT_COLUMNS, _FILTER_COLUMNS, _Texts
from annals.store.util import ALIAS_CORE, ALIAS_TAIL

V5_TABLES = ("documents", "sections", "paragraphs", "entities", "doc_entities", "entity_aliases", "entity_titles",
             "mentions", "timexes", "gaps", "events", "relations", "entity_names",
             "entity_subtypes", "edits", "edit_stash")


def _cited(doc: Document, sentence: int) -> None:
    """Make the events and relations of a sentence cite the whole sentence (as the extractors do)."""
    s = doc.sentences[sentence]
    for fact in doc.events + doc.relations:
        if fact["source"]["sentence_index"] == sentence:
            fact["source"].update(start=s.start, end=s.end)


def legion() -> Document:
    text = ("The Carthaginian senate sent Hanno to Sicily in 241 BC. Hanno negotiated with Lutatius Catulus. "
            "Later, the mercenaries of Carthage revolted against Hanno.")
    doc = make_doc("legion", text, [
        {"id": "e1", "name": "Hanno", "type": "PERSON"},
        {"id": "e2", "name": "Lutatius Catulus", "type": "PERSON"},
        {"id": "e3", "name": "Carthage", "type": "GPE", "aliases": ["Carthaginian"]},
        {"id": "e4", "name": "Sicily", "type": "LOC"},
    ])
    add_event(doc, "v1", "sent", 0, "MOVEMENT", [("e1", "agent")], place="e4")
    add_event(doc, "v2", "negotiated", 1, "NEGOTIATION", [("e1", "agent"), ("e2", "partner")])
    add_event(doc, "v3", "revolted", 2, "REVOLT", [("e1", "target")])
    add_relation(doc, "e1", "NEGOTIATED_WITH", "e2", "negotiated", 1)
    doc.relations[-1]["named_in"] = [{"entity": "e1", "start": doc.sentences[0].start,
                                      "end": doc.sentences[0].end, "sentence": doc.sentences[0].text}]
    for i in range(len(doc.sentences)):
        _cited(doc, i)
    # a sentence whose text is not the document's between its offsets (kept as it is)
    doc.sentences[2].text = doc.sentences[2].text.replace("Later, ", "Later ")
    return doc


def chronicle() -> Document:
    """A document longer than SHORT_TEXT characters."""
    towns = ["Nineveh", "Babylon", "Susa", "Ecbatana", "Sardis", "Miletus", "Tyre", "Sidon"]
    text = " ".join(f"In year {i} of the chronicle the governor of {towns[i % 8]} sent grain to {towns[(i + 3) % 8]}."
                    for i in range(300))
    assert len(text) > SHORT_TEXT
    return make_doc("chronicle", text, [{"id": f"e{k}", "name": t, "type": "GPE"} for k, t in enumerate(towns, 1)])


def docs() -> list[Document]:
    return [vlasov_a(), vlasov_b(), ancient(), legion(), chronicle()]


def ref_and_old(tmp: Path, documents: list[Any], write_old: Callable[[Path, Store], None]) -> tuple[Path, Path]:
    """A store of the current schema holding ``documents`` (``ref.db``) and the same rows written in an older file
    by ``write_old`` (``old.db``)."""
    with Store(tmp / "ref.db") as ref:
        for doc in documents:
            assert ref.ingest(doc) == "added"
        write_old(tmp / "old.db", ref)
    return tmp / "ref.db", tmp / "old.db"


def apply_steps(path: Path, versions: list[int], applied_at: str, foreign_keys: bool = False,
                vacuum: bool = False) -> None:
    """Apply these released migration steps to an older file, each in its own transaction, as a store of that
    time did (``foreign_keys``: with foreign keys on; ``vacuum``: the file vacuumed after)."""
    conn = sqlite3.connect(path, isolation_level=None)
    if foreign_keys:
        conn.execute("PRAGMA foreign_keys = ON")
    for version in versions:
        conn.execute("BEGIN")
        step = dict(MIGRATIONS)[version]
        if isinstance(step, str):  # (a step of SQL, as the store runs one)
            for statement in _split_sql(step):
                conn.execute(statement)
        else:
            step(conn)
        conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, applied_at))
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    if vacuum:
        conn.execute("VACUUM")
    conn.close()


def write_v5(path: Path, ref: Store, version: int = 5) -> None:
    """The rows of ``ref`` (the current schema) in a schema-5 file, as schema 5 stored them (or in a file of an
    older ``version``, from 2 on: the tables of that schema, their columns then)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    for step_version, step in MIGRATIONS:
        if step_version > version:
            break
        if callable(step):
            step(conn)
        else:
            for statement in _split_sql(step):
                conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (?, '2026-01-01T00:00:00+00:00')", (step_version,))
    triggers = [r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'")]
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    src = ref._db
    texts = {r[0]: r[1] for r in src.execute("SELECT id, text FROM documents")}
    stored = _Texts(src)  # (what the rows of the current schema point at)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in (t for t in V5_TABLES if t in tables):
        if table in ("events", "relations"):  # (schema 7 holds their payloads as columns)
            columns = ", ".join(_FACT_COLUMNS[table])
            rows = []
            for r in src.execute(f"SELECT id, doc, {columns} FROM {table} ORDER BY id"):
                payload = stored.read(table, r)
                # (a name stored by reference since schema 16, "", was the name itself before)
                ends = {name: payload[name] for name, _local in _ENDS[table] if r[name] == ""}
                rows.append((r["id"], r["doc"], *(ends.get(c, r[c]) for c in _FILTER_COLUMNS[table]),
                             json.dumps(expand_payload(json.dumps(payload, ensure_ascii=False), texts[r["doc"]]),
                                        ensure_ascii=False)))
        else:  # (the columns of schema 5: a later schema adds some, e.g. the documents' key of schema 8)
            names = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            if table == "entity_aliases":  # (before schema 13 every alias held its core and tail whole)
                forms = {"core": ALIAS_CORE.format(table), "tail": ALIAS_TAIL.format(table)}
                names = [forms.get(n, n) for n in names]
            source = table
            if table in ("entity_aliases", "entity_titles"):  # (their entity is their document entity's since 18)
                source = (f"(SELECT x.*, d.entity FROM {table} x JOIN doc_entity_rows d ON d.id = x.doc_entity) "
                          f"AS {table}")
            rows = [tuple(r) for r in src.execute(f"SELECT {', '.join(names)} FROM {source}")]
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    if "entity_keys" in tables:  # (schemas 3-11: each strong alias's keys, which triggers kept, built here)
        conn.execute(
            "INSERT INTO entity_keys SELECT k.kind, e.type, k.value, k.entity, count(*) FROM ("
            " SELECT 'norm' AS kind, norm AS value, entity FROM entity_aliases WHERE weak = 0"
            " UNION ALL SELECT 'core', core, entity FROM entity_aliases WHERE weak = 0"
            " UNION ALL SELECT 'tail', tail, entity FROM entity_aliases WHERE weak = 0"
            ") k JOIN entities e ON e.id = k.entity GROUP BY k.kind, e.type, k.value, k.entity")
    conn.executemany("INSERT INTO sentences (id, doc, idx, section, paragraph, char_start, char_end, text) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     [tuple(r) for r in src.execute("SELECT id, doc, idx, section, paragraph, char_start, "
                                                    "char_end, text FROM sentences")])
    conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')")
    for sql in triggers:
        conn.execute(sql)
    conn.execute(f"PRAGMA user_version = {int(version)}")
    conn.execute("COMMIT")
    conn.close()


def reads(store: Store) -> dict[str, Any]:
    """Everything the commands read from a store."""
    out: dict[str, Any] = {
        "documents": store.documents(), "entities": store.entities(), "timexes": store.timexes(),
        "gaps": store.gaps(), "events": store.events(), "relations": store.relations(),
        "event_records": store.event_records(), "relation_records": store.relation_records(),
        "mentions": store.mention_records(), "titles": store.entity_titles(), "stats": store.stats(),
        "search": [store.search_sentences(q) for q in ("Hanno", "Vlasov AND army", '"Lutatius Catulus"')],
        "types": [store.types_in_use("event"), store.types_in_use("relation")],
    }
    out["details"] = [store.entity_detail(e["id"]) for e in out["entities"]]
    out["document"] = [store.document(d["id"]) for d in out["documents"]]
    keys = [(d["id"], i) for d in out["documents"] for i in range(d["n_sentences"])]
    out["facts"] = sorted((k, v) for k, v in store.sentence_facts(keys).items())
    return out


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Path, Path]:
    return ref_and_old(tmp_path_factory.mktemp("v6"), docs(), write_v5)


def test_a_schema_5_store_migrates_and_reads_as_before(pair):
    ref_path, old_path = pair
    conn = sqlite3.connect(old_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
    assert "sentence" in conn.execute("SELECT payload FROM events WHERE doc = 'legion'").fetchone()[0]
    conn.close()
    with Store(ref_path, readonly=True) as ref, Store(old_path) as old:
        assert old.schema_version == SCHEMA_VERSION
        assert reads(old) == reads(ref)
        assert old.check() == []
        # the text of a sentence is stored once, in its document (except where it differs from it)
        own = old._db.execute("SELECT doc, idx, text FROM sentence_spans WHERE text IS NOT NULL AND doc != "
                              "'chronicle'").fetchall()
        assert [tuple(r) for r in own] == [("legion", 2, "Later the mercenaries of Carthage revolted against Hanno.")]
        # (a long document keeps its sentences' text: reading spans of a long text would cost its length squared)
        assert old._db.execute("SELECT count(*) = count(text) FROM sentence_spans WHERE doc = 'chronicle'"
                               ).fetchone()[0] == 1
        payloads = [json.dumps(_Texts(old._db).read("events", r)) for r in old._db.execute(
            f"SELECT doc, {', '.join(_FACT_COLUMNS['events'])} FROM events WHERE doc = 'legion'")]
        assert payloads and all("Hanno" not in p.split('"source"')[1] for p in payloads)


def test_the_migrated_store_takes_new_documents_and_removals(pair, tmp_path):
    ref_path, old_path = pair
    copy = tmp_path / "old.db"
    copy.write_bytes(old_path.read_bytes())
    with Store(copy) as store:
        assert store.remove_document("legion")
        assert store.ingest(legion()) == "added"
        assert store.check() == []
        with Store(ref_path, readonly=True) as ref:
            assert store.load_document("legion").relations == ref.load_document("legion").relations
        assert [h["document"] for h in store.search_sentences("mercenaries")] == ["legion"]


def test_a_read_only_opening_of_a_schema_5_store_upgrades_it(pair, tmp_path):
    ref_path, old_path = pair
    copy = tmp_path / "old.db"
    copy.write_bytes(old_path.read_bytes())
    with Store(copy, readonly=True) as store, Store(ref_path, readonly=True) as ref:
        assert store.schema_version == SCHEMA_VERSION
        assert store.relation_records() == ref.relation_records()


def test_payloads_round_trip_to_the_byte():
    doc = legion()
    for fact in doc.events + doc.relations:
        stored = compact_payload(fact, doc.text)
        assert json.dumps(expand_payload(stored, doc.text), ensure_ascii=False) == json.dumps(fact, ensure_ascii=False)
    cited = [compact_payload(f, doc.text) for f in doc.events]
    assert all('"sentence":true' in p for p in cited)
    # a quotation that is not the text between its offsets is kept
    odd = {"source": {"start": 0, "end": 5, "sentence": "Not the text"}}
    assert expand_payload(compact_payload(odd, doc.text), doc.text) == odd
    assert expand_payload(compact_payload(odd, ""), "") == odd


def test_fresh_store_keeps_sentence_text_once(tmp_path):
    with Store(tmp_path / "s.db") as store:
        doc = legion()
        store.ingest(doc)
        stored = store._db.execute("SELECT count(*), count(text) FROM sentence_spans").fetchone()
        assert tuple(stored) == (3, 1)
        assert [s.text for s in store.load_document("legion").sentences] == [s.text for s in doc.sentences]
        assert [h["text"] for h in store.search_sentences("Lutatius")] == [doc.sentences[1].text]
        store.remove_document("legion")
        assert store.check() == [] and store.search_sentences("Hanno") == []


def test_a_long_document_keeps_the_text_of_its_sentences(tmp_path):
    with Store(tmp_path / "s.db") as store:
        doc = chronicle()
        store.ingest(doc)
        stored = store._db.execute("SELECT count(*), count(text) FROM sentence_spans").fetchone()
        assert tuple(stored) == (300, 300)
        assert [s.text for s in store.load_document("chronicle").sentences] == [s.text for s in doc.sentences]
        assert len(store.search_sentences("Ecbatana", limit=500)) == sum("Ecbatana" in s.text for s in doc.sentences)
        store.remove_document("chronicle")
        assert store.check() == [] and store.search_sentences("Ecbatana") == []
