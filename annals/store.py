"""The SQLite store: the only place in annals that knows SQL.

``annals ingest`` writes each extracted :class:`~annals.model.Document` here; every query the CLI,
the HTTP API and ``ask`` need is a method of :class:`Store` and returns plain dicts (or model
objects), never rows.

How the store behaves
---------------------
- **Concurrency.** The database runs in WAL mode with ``busy_timeout`` set, so readers never wait
  for a writer and two ingest processes into one file take turns instead of failing.  Each document
  is written in one ``BEGIN IMMEDIATE`` transaction.
- **Identity.** A document is identified by its path when it has one, else by its id.  Re-ingesting
  the same content (same ``content_hash``) writes nothing; changed content replaces the old
  extraction.  When a new document's id is already taken by a different document, the store keeps
  both and gives the newcomer a suffixed id (``doc-2``); look it up by path.
- **Canonical entities.** Every document keeps its own entity records (``doc_entities``, with the
  document's local ids such as ``e3``) and mentions.  Each is linked to a store-wide canonical entity
  of the same type that shares a name or alias with it (see :func:`normalise_name`).  For PERSON a
  bare surname is weak evidence: it links only where exactly one candidate fits, and two different
  full names that share a surname stay apart.  Aliases and titles keep the document they came from,
  so removing a document removes exactly what only it supported.
- **Text stored once.** A document's text is stored in ``documents`` only.  ``sentence_spans`` holds each
  sentence's offsets, and the view ``sentences`` gives its text (the document's text between them); the
  quotations in event and relation payloads are stored as ``"sentence": true`` (:func:`compact_payload`)
  and put back when read (schema 6).
- **Events and relations as columns** (schema 7): each key an extractor writes has its column, stored once
  where queries filter on it too; what no column holds is kept in ``extra`` (:func:`fact_columns`), and the
  payload read back is the one extracted, to the byte (:func:`fact_payload`).
- **Integer document keys** (schema 8): the rows of mentions, dates, events, relations and sentences name
  their document by its integer ``documents.key``, not its public id; views of the old names
  (:data:`_KEYED`) give the public id, so every query reads them as before.
- **Full-text search.** ``sentences_fts`` is an FTS5 table with *external content* (``content=
  'sentences'``, the view): the text is not copied into the index, and triggers on ``sentence_spans``
  keep the index in step.  External content was chosen over a contentless table because snippets
  and the FTS5 ``integrity-check`` (used by :meth:`Store.check`) need the text.
- **Schema versions.** ``PRAGMA user_version`` holds the schema version and ``schema_migrations``
  logs when each step ran.  :data:`MIGRATIONS` lists the steps in order; each runs in its own
  transaction, so an older store is upgraded in place without loss.  A store newer than this code
  is refused (E011).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annals.errors import E010, E011, E012, E013, E043, EnvironmentFailure, StoreError, environment_failure
from annals.model import Document, Entity, Gap, Mention, Paragraph, Section, Sentence, Timex
from annals.store_edits import _SPAN_TEXT, SCHEMA_EDITS, EditTables

BUSY_TIMEOUT_MS = 30_000

# ---------------------------------------------------------------------------------------------
# Schema.  Steps are never edited once released: a change is a new step at the end.
# ---------------------------------------------------------------------------------------------

_SCHEMA_V1 = """
CREATE TABLE documents (
    id            TEXT PRIMARY KEY,
    path          TEXT UNIQUE,
    title         TEXT,
    format        TEXT NOT NULL,
    encoding      TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    text          TEXT NOT NULL,
    ingested_at   TEXT NOT NULL,
    n_sentences   INTEGER NOT NULL,
    artefacts     TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE sections (
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    title         TEXT,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    heading_start INTEGER,
    heading_end   INTEGER,
    PRIMARY KEY (doc, idx)
);

CREATE TABLE paragraphs (
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    section       INTEGER,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    PRIMARY KEY (doc, idx)
);

CREATE TABLE sentences (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    section       INTEGER,
    paragraph     INTEGER,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    text          TEXT NOT NULL,
    UNIQUE (doc, idx)
);

-- Store-wide canonical entities.  norm/tail: normalised name and its last word, for lookup.
CREATE TABLE entities (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    norm          TEXT NOT NULL,
    tail          TEXT NOT NULL,
    type          TEXT NOT NULL,
    subtype       TEXT
);
CREATE INDEX entities_norm ON entities(norm, type);
CREATE INDEX entities_tail ON entities(tail, type);

-- One row per entity per document, with the document's local id ("e3").
CREATE TABLE doc_entities (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    local_id      TEXT NOT NULL,
    entity        INTEGER NOT NULL REFERENCES entities(id),
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    subtype       TEXT,
    UNIQUE (doc, local_id)
);
CREATE INDEX doc_entities_entity ON doc_entities(entity);

-- kind: 'alias' (from Entity.aliases) or 'name' (Entity.name, when not also an alias).
-- norm: normalised alias; core: norm without the entity's titles; tail: last word of core.
-- weak: 1 for a descriptive alias ("the company", "the general") that links nothing across documents.
CREATE TABLE entity_aliases (
    id            INTEGER PRIMARY KEY,
    entity        INTEGER NOT NULL REFERENCES entities(id),
    doc_entity    INTEGER NOT NULL REFERENCES doc_entities(id) ON DELETE CASCADE,
    alias         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    norm          TEXT NOT NULL,
    core          TEXT NOT NULL,
    tail          TEXT NOT NULL,
    weak          INTEGER NOT NULL DEFAULT 0,
    UNIQUE (doc_entity, alias)
);
CREATE INDEX entity_aliases_entity ON entity_aliases(entity);
CREATE INDEX entity_aliases_norm ON entity_aliases(norm);
CREATE INDEX entity_aliases_core ON entity_aliases(core);
CREATE INDEX entity_aliases_tail ON entity_aliases(tail);

CREATE TABLE entity_titles (
    id            INTEGER PRIMARY KEY,
    entity        INTEGER NOT NULL REFERENCES entities(id),
    doc_entity    INTEGER NOT NULL REFERENCES doc_entities(id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    UNIQUE (doc_entity, title)
);
CREATE INDEX entity_titles_entity ON entity_titles(entity);

CREATE TABLE mentions (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    doc_entity    INTEGER NOT NULL REFERENCES doc_entities(id) ON DELETE CASCADE,
    entity        INTEGER NOT NULL REFERENCES entities(id),
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    text          TEXT NOT NULL,
    title         TEXT,
    sentence      INTEGER
);
CREATE INDEX mentions_entity ON mentions(entity);
CREATE INDEX mentions_doc_entity ON mentions(doc_entity);
CREATE INDEX mentions_doc_sentence ON mentions(doc, sentence);

-- TEXT columns throughout so TIMEX3 values ("-0044", "192X", "1944-Q4") round-trip exactly.
CREATE TABLE timexes (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text          TEXT NOT NULL,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    value         TEXT NOT NULL,
    mod           TEXT,
    earliest      TEXT,
    latest        TEXT,
    type          TEXT NOT NULL,
    relative      INTEGER NOT NULL,
    anchor        TEXT,
    calendar      TEXT,
    sentence      INTEGER
);
CREATE INDEX timexes_doc ON timexes(doc, char_start);
CREATE INDEX timexes_earliest ON timexes(earliest);

CREATE TABLE gaps (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    text          TEXT NOT NULL,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    sentence      INTEGER
);
CREATE INDEX gaps_doc ON gaps(doc, char_start);
"""

_SCHEMA_V2 = """
-- Events and relations: the JSON payload as extracted, plus the columns queries filter on.
CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    local_id      TEXT,
    type          TEXT,
    trigger_word  TEXT,
    time_value    TEXT,
    earliest      TEXT,
    latest        TEXT,
    sentence      INTEGER,
    char_start    INTEGER,
    char_end      INTEGER,
    payload       TEXT NOT NULL
);
CREATE INDEX events_doc ON events(doc, char_start);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_earliest ON events(earliest);

CREATE TABLE relations (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    subject       TEXT,
    relation      TEXT,
    object        TEXT,
    sentence      INTEGER,
    char_start    INTEGER,
    char_end      INTEGER,
    payload       TEXT NOT NULL
);
CREATE INDEX relations_doc ON relations(doc, char_start);
CREATE INDEX relations_relation ON relations(relation);
CREATE INDEX relations_subject ON relations(subject);
CREATE INDEX relations_object ON relations(object);

-- Full-text index over sentences (external content: the text lives in sentences only).
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='sentences', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER sentences_fts_update AFTER UPDATE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
-- Index the sentences a version-1 store already holds.
INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild');
"""

# Version 3: what linking and tidying a canonical entity read, kept up to date by triggers, so that the
# cost of storing a document does not grow with how many documents already mention its entities.
_SCHEMA_V3 = """
-- The distinct strong (non-weak) keys of each canonical entity's aliases: kind 'norm', 'core' or 'tail';
-- n counts the alias rows that give the key.
CREATE TABLE entity_keys (
    kind          TEXT NOT NULL,
    type          TEXT NOT NULL,
    value         TEXT NOT NULL,
    entity        INTEGER NOT NULL REFERENCES entities(id),
    n             INTEGER NOT NULL,
    PRIMARY KEY (kind, type, value, entity)
) WITHOUT ROWID;
CREATE INDEX entity_keys_entity ON entity_keys(entity);

-- How many documents call each canonical entity by each name, and give it each subtype.
CREATE TABLE entity_names (
    entity        INTEGER NOT NULL REFERENCES entities(id),
    name          TEXT NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (entity, name)
) WITHOUT ROWID;
CREATE TABLE entity_subtypes (
    entity        INTEGER NOT NULL REFERENCES entities(id),
    subtype       TEXT NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (entity, subtype)
) WITHOUT ROWID;
ALTER TABLE entities ADD COLUMN n_mentions INTEGER NOT NULL DEFAULT 0;

INSERT INTO entity_keys
    SELECT k.kind, e.type, k.value, k.entity, count(*) FROM (
        SELECT 'norm' AS kind, norm AS value, entity FROM entity_aliases WHERE weak = 0
        UNION ALL SELECT 'core', core, entity FROM entity_aliases WHERE weak = 0
        UNION ALL SELECT 'tail', tail, entity FROM entity_aliases WHERE weak = 0
    ) k JOIN entities e ON e.id = k.entity
    GROUP BY k.kind, e.type, k.value, k.entity;
INSERT INTO entity_names SELECT entity, name, count(*) FROM doc_entities GROUP BY entity, name;
INSERT INTO entity_subtypes SELECT entity, subtype, count(*) FROM doc_entities
    WHERE subtype IS NOT NULL GROUP BY entity, subtype;
UPDATE entities SET n_mentions = (SELECT count(*) FROM mentions m WHERE m.entity = entities.id);

CREATE TRIGGER entity_aliases_keys_insert AFTER INSERT ON entity_aliases WHEN new.weak = 0 BEGIN
    INSERT INTO entity_keys SELECT 'norm', type, new.norm, new.entity, 1 FROM entities WHERE id = new.entity
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO entity_keys SELECT 'core', type, new.core, new.entity, 1 FROM entities WHERE id = new.entity
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO entity_keys SELECT 'tail', type, new.tail, new.entity, 1 FROM entities WHERE id = new.entity
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER entity_aliases_keys_delete AFTER DELETE ON entity_aliases WHEN old.weak = 0 BEGIN
    UPDATE entity_keys SET n = n - 1 WHERE entity = old.entity
        AND ((kind = 'norm' AND value = old.norm) OR (kind = 'core' AND value = old.core)
             OR (kind = 'tail' AND value = old.tail));
    DELETE FROM entity_keys WHERE entity = old.entity AND n <= 0;
END;
CREATE TRIGGER doc_entities_names_insert AFTER INSERT ON doc_entities BEGIN
    INSERT INTO entity_names VALUES (new.entity, new.name, 1) ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO entity_subtypes SELECT new.entity, new.subtype, 1 WHERE new.subtype IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER doc_entities_names_delete AFTER DELETE ON doc_entities BEGIN
    UPDATE entity_names SET n = n - 1 WHERE entity = old.entity AND name = old.name;
    DELETE FROM entity_names WHERE entity = old.entity AND name = old.name AND n <= 0;
    UPDATE entity_subtypes SET n = n - 1 WHERE entity = old.entity AND subtype = old.subtype;
    DELETE FROM entity_subtypes WHERE entity = old.entity AND subtype = old.subtype AND n <= 0;
END;
CREATE TRIGGER mentions_count_insert AFTER INSERT ON mentions BEGIN
    UPDATE entities SET n_mentions = n_mentions + 1 WHERE id = new.entity;
END;
CREATE TRIGGER mentions_count_delete AFTER DELETE ON mentions BEGIN
    UPDATE entities SET n_mentions = n_mentions - 1 WHERE id = old.entity;
END;
"""

Migration = str | Callable[[sqlite3.Connection], None]


def canonical_place(places: Iterable[str | None]) -> str | None:
    """The place (JSON) of a canonical entity, from its document entities' places (JSON or None): the
    GeoNames place most of them resolve to, the smallest GeoNames id among equals; None when none
    resolves.  A function of the set of documents, whatever the order they came in."""
    return _canonical_place_counted((text, 1) for text in places)


def _canonical_place_counted(places: Iterable[tuple[str | None, int]]) -> str | None:
    """:func:`canonical_place` of (place, how many times) pairs, in the order the places come first: each
    distinct place is read once, however many documents give it."""
    counts: dict[int, int] = {}
    by_id: dict[int, str] = {}
    for text, n in places:
        if not text:
            continue
        gid = json.loads(text).get("geonames_id")
        if isinstance(gid, int):
            counts[gid] = counts.get(gid, 0) + n
            by_id.setdefault(gid, text)
    if not counts:
        return None
    best = min(counts, key=lambda g: (-counts[g], g))
    return by_id[best]


def _locate_stored(conn: sqlite3.Connection, docs: Iterable[str] | None = None) -> None:
    """Resolve the stored GPEs and LOCs of each document (all, or ``docs``) against GeoNames, as
    extraction does (:func:`annals.geo.locate`, the document's other places as context), and set
    the document entities' and canonical entities' places."""
    from annals import geo

    if docs is None:
        docs = [r[0] for r in conn.execute("SELECT DISTINCT doc FROM doc_entities WHERE type IN ('GPE', 'LOC')")]
    touched: set[int] = set()
    for doc in docs:
        rows = conn.execute("SELECT id, local_id, name, type, subtype, entity FROM doc_entities WHERE doc = ? "
                            "AND type IN ('GPE', 'LOC') ORDER BY id", (doc,)).fetchall()
        ents = [Entity(id=r[1], name=r[2], type=r[3], subtype=r[4]) for r in rows]
        geo.locate(ents)
        conn.executemany("UPDATE doc_entities SET place = ? WHERE id = ?",
                         [(json.dumps(e.place) if e.place else None, r[0]) for r, e in zip(rows, ents, strict=True)])
        touched |= {r[5] for r in rows}
    for eid in sorted(touched):
        places = [r[0] for r in conn.execute("SELECT place FROM doc_entities WHERE entity = ?", (eid,))]
        conn.execute("UPDATE entities SET place = ? WHERE id = ?", (canonical_place(places), eid))


def _schema_v4(conn: sqlite3.Connection) -> None:
    """Version 4: the GeoNames place (``{"geonames_id", "lat", "lon", "country", "kind", "population"}``,
    JSON) of each document entity, and the canonical entity's (:func:`canonical_place`).  The places of
    a store made before are resolved now, as extraction would have."""
    conn.execute("ALTER TABLE doc_entities ADD COLUMN place TEXT")
    conn.execute("ALTER TABLE entities ADD COLUMN place TEXT")
    _locate_stored(conn)

# Version 6: a compact store (issue 17).  The text of a sentence is the document's text between its offsets,
# so it is not stored again: ``sentence_spans`` holds the offsets (and the text only where it is not that
# span, or where the document is longer than SHORT_TEXT characters: reading a span costs a pass over the
# text), and ``sentences`` is a view that gives the text as before, so every reader reads it unchanged.  The
# full-text index keeps its external content, now the view.  Indexes no query uses are dropped.
_SCHEMA_V6 = """
CREATE TABLE sentence_spans (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    section       INTEGER,
    paragraph     INTEGER,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    text          TEXT,  -- NULL: the document's text from char_start to char_end (nearly always)
    UNIQUE (doc, idx)
);
-- (the texts that are their document's are set to NULL afterwards, by _schema_v6)
INSERT INTO sentence_spans SELECT id, doc, idx, section, paragraph, char_start, char_end, text
    FROM sentences ORDER BY id;
DROP TRIGGER sentences_fts_insert;
DROP TRIGGER sentences_fts_delete;
DROP TRIGGER sentences_fts_update;
DROP TABLE sentences_fts;
DROP TABLE sentences;
CREATE VIEW sentences AS SELECT s.id, s.doc, s.idx, s.section, s.paragraph, s.char_start, s.char_end,
    coalesce(s.text, (SELECT substr(d.text, s.char_start + 1, s.char_end - s.char_start) FROM documents d
                      WHERE d.id = s.doc)) AS text
    FROM sentence_spans s;
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='sentences', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
-- The row of a sentence is written and deleted while the row (and text) of its document is there.
CREATE TRIGGER IF NOT EXISTS sentences_fts_insert AFTER INSERT ON sentence_spans BEGIN
    INSERT INTO sentences_fts(rowid, text) SELECT new.id, text FROM sentences WHERE id = new.id;
END;
CREATE TRIGGER IF NOT EXISTS sentences_fts_delete AFTER DELETE ON sentence_spans BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) SELECT 'delete', old.id,
        coalesce(old.text, (SELECT substr(d.text, old.char_start + 1, old.char_end - old.char_start)
                            FROM documents d WHERE d.id = old.doc));
END;
-- Writing through the view, as before the view was one.
CREATE TRIGGER sentences_insert INSTEAD OF INSERT ON sentences BEGIN
    INSERT INTO sentence_spans (id, doc, idx, section, paragraph, char_start, char_end, text)
    VALUES (new.id, new.doc, new.idx, new.section, new.paragraph, new.char_start, new.char_end, new.text);
END;
CREATE TRIGGER sentences_delete INSTEAD OF DELETE ON sentences BEGIN
    DELETE FROM sentence_spans WHERE id = old.id;
END;
INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild');

DROP INDEX events_type;
DROP INDEX events_earliest;
DROP INDEX relations_subject;
DROP INDEX relations_object;
DROP INDEX timexes_earliest;
"""

#: The triggers that keep the full-text index in step (schema 8: on ``span_rows``; :meth:`Store.bulk_load` drops
#: them while it loads and makes them again).
_FTS_TRIGGERS = """
CREATE TRIGGER IF NOT EXISTS sentences_fts_insert AFTER INSERT ON span_rows BEGIN
    INSERT INTO sentences_fts(rowid, text) SELECT new.id, text FROM sentences WHERE id = new.id;
END;
CREATE TRIGGER IF NOT EXISTS sentences_fts_delete AFTER DELETE ON span_rows BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) SELECT 'delete', old.id,
        coalesce(old.text, (SELECT substr(d.text, old.char_start + 1, old.char_end - old.char_start)
                            FROM documents d WHERE d.key = old.doc));
END;
"""

#: The indexes only reads use (not linking entities, nor storing a document): a bulk load builds them at
#: the end.  (Deleting a replaced document's rows uses some; a bulk load into an empty store replaces few.)
_READ_INDEXES = {  # (schema 8: on the rows tables, see _KEYED)
    "events_doc": "CREATE INDEX IF NOT EXISTS events_doc ON event_rows(doc, char_start)",
    "relations_doc": "CREATE INDEX IF NOT EXISTS relations_doc ON relation_rows(doc, char_start)",
    "relations_relation": "CREATE INDEX IF NOT EXISTS relations_relation ON relation_rows(relation)",
    "timexes_doc": "CREATE INDEX IF NOT EXISTS timexes_doc ON timex_rows(doc, char_start)",
    "gaps_doc": "CREATE INDEX IF NOT EXISTS gaps_doc ON gaps(doc, char_start)",
    "mentions_doc_sentence": "CREATE INDEX IF NOT EXISTS mentions_doc_sentence ON mention_rows(doc, sentence)",
    "mentions_entity": "CREATE INDEX IF NOT EXISTS mentions_entity ON mention_rows(entity)",
}


def _schema_v6(conn: sqlite3.Connection) -> None:
    """Version 6 (see :data:`_SCHEMA_V6`), and the payloads of events and relations without the text of
    their sentences (:func:`compact_payload`)."""
    for statement in _split_sql(_SCHEMA_V6):
        conn.execute(statement)
    for doc, text in conn.execute("SELECT id, text FROM documents").fetchall():
        rows = conn.execute("SELECT id, idx, char_start, char_end, text FROM sentence_spans WHERE doc = ?",
                            (doc,)).fetchall()
        shared = [r[0] for r in rows if _own_text(Sentence(r[1], None, None, r[2], r[3], r[4]), text) is None]
        conn.executemany("UPDATE sentence_spans SET text = NULL WHERE id = ?", [(i,) for i in shared])
    for table in ("events", "relations"):
        texts = _Texts(conn)
        rows = conn.execute(f"SELECT id, doc, payload FROM {table} ORDER BY doc, id").fetchall()
        conn.executemany(f"UPDATE {table} SET payload = ? WHERE id = ?",
                         [(compact_payload(json.loads(r[2]), texts.get(r[1])), r[0]) for r in rows])


# ---------------------------------------------------------------------------------------------
# Events and relations as columns (schema 7)
# ---------------------------------------------------------------------------------------------
#
# Each key an extractor writes is a column: text ("s"), integer ("i"), boolean ("b") or a JSON value
# ("j": a list, an object or null, stored as compact JSON).  Where a key is also a column that queries
# filter on (``type``, ``char_start``), it is stored once, there.  The keys a column does not hold
# (another key, a value of another kind) are kept in ``extra`` (a JSON object) and come after the
# others; a payload that does not come back from its columns exactly as it went in (keys in another
# order, a filtered-on column that differs from its key) is kept whole in ``extra`` (``whole`` = 1).
# What is read back is always the payload as stored before (:func:`compact_payload`'s form), to the byte.

#: table -> [(key, column, kind)]; kind "nest" is an object with keys of its own (:data:`_NESTED`).
_FACT_FIELDS: dict[str, list[tuple[str, str, str]]] = {
    "events": [("id", "local_id", "s"), ("trigger", "trigger_word", "s"), ("type", "type", "s"),
               ("description", "description", "s"), ("participants", "participants", "rows"),
               ("time", "time", "nest"), ("place", "place", "j"), ("negated", "negated", "b"),
               ("modality", "modality", "s"), ("order", "ord", "i"), ("source", "", "nest"),
               ("triggers", "triggers", "rows")],
    "relations": [("subject", "subject", "s"), ("subject_id", "subject_id", "s"), ("relation", "relation", "s"),
                  ("object", "object", "s"), ("object_id", "object_id", "s"), ("negated", "negated", "b"),
                  ("time", "time", "nest"), ("pattern", "pattern", "s"), ("trigger", "trigger_word", "s"),
                  ("source", "", "nest"), ("named_in", "named_in", "j")],
}
#: table -> key -> the keys of an object-valued key; its column (when it has one) holds the value as JSON
#: where the keys do not serve (null, an object with other keys or values).
_NESTED: dict[str, dict[str, list[tuple[str, str, str]]]] = {
    "events": {
        "source": [("start", "char_start", "i"), ("end", "char_end", "i"), ("sentence", "quoted", "b"),
                   ("sentence_index", "sentence", "i"), ("trigger_start", "trigger_start", "i"),
                   ("trigger_end", "trigger_end", "i")],
        "time": [("value", "time_value", "s"), ("mod", "time_mod", "j"), ("earliest", "earliest", "s"),
                 ("latest", "latest", "s"), ("basis", "time_basis", "s"), ("anchor", "time_anchor", "s"),
                 ("source_of_date", "time_source", "s"), ("text", "time_text", "s")],
    },
    "relations": {
        "source": [("start", "char_start", "i"), ("end", "char_end", "i"), ("sentence", "quoted", "b"),
                   ("sentence_index", "sentence", "i")],
        "time": [("value", "time_value", "s"), ("text", "time_text", "s"), ("mod", "time_mod", "j"),
                 ("earliest", "earliest", "s"), ("latest", "latest", "s"), ("start", "time_start", "i"),
                 ("end", "time_end", "i"), ("basis", "time_basis", "s")],
    },
}
#: The columns queries filter on (set from the payload on every write, whatever it holds).
_FILTER_COLUMNS = {
    "events": ("local_id", "type", "trigger_word", "time_value", "earliest", "latest", "sentence", "char_start",
               "char_end"),
    "relations": ("subject", "relation", "object", "sentence", "char_start", "char_end"),
}


def _all_fields(table: str) -> list[tuple[str, str, str]]:
    """Every (key, column, kind), nested keys and the JSON columns of kind "rows" (``<column>_json``) too."""
    return ([f for f in _FACT_FIELDS[table] if f[1]] + [f for fields in _NESTED[table].values() for f in fields]
            + [(k, f"{c}_json", "j") for k, c, kind in _FACT_FIELDS[table] if kind == "rows"])


#: The columns that hold only payload keys (added by schema 7).
_FIELD_COLUMNS = {
    table: list(dict.fromkeys(c for _, c, _k in _all_fields(table) if c not in _FILTER_COLUMNS[table]))
    + ["extra", "whole"]
    for table in _FACT_FIELDS
}
#: Every column a fact is read back from.
_FACT_COLUMNS = {table: list(_FILTER_COLUMNS[table]) + _FIELD_COLUMNS[table] for table in _FACT_FIELDS}
_KIND_SQL = {"s": "TEXT", "i": "INTEGER", "b": "INTEGER", "j": "TEXT", "nest": "TEXT", "rows": "TEXT"}
#: Kind "rows": a list of objects that all have these keys, in this order, stored as a JSON list of lists.
_ROWS = {"participants": ("entity", "name", "type", "role"), "triggers": ("trigger", "type")}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _fits(kind: str, value: Any) -> bool:
    if kind == "s":
        return isinstance(value, str)
    if kind == "i":
        return type(value) is int
    if kind == "b":
        return type(value) is bool
    if kind in _ROWS:
        keys = _ROWS[kind]
        return isinstance(value, list) and all(isinstance(v, dict) and tuple(v) == keys for v in value)
    return True


def _to_column(kind: str, value: Any) -> Any:
    if kind in _ROWS:
        return _dumps([list(v.values()) for v in value])
    return int(value) if kind == "b" else _dumps(value) if kind == "j" else value


def _fact_filters(table: str, payload: dict[str, Any], sentence: int | None) -> dict[str, Any]:
    """The filtered-on columns of an event or relation (``sentence``: its sentence's index)."""
    source = payload.get("source") if isinstance(payload.get("source"), dict) else {}
    cols = {"sentence": sentence, "char_start": source.get("start"), "char_end": source.get("end")}
    if table == "events":
        time = payload.get("time") if isinstance(payload.get("time"), dict) else {}
        cols |= {"local_id": payload.get("id"), "type": payload.get("type"), "trigger_word": payload.get("trigger"),
                 "time_value": time.get("value"), "earliest": time.get("earliest"), "latest": time.get("latest")}
    else:
        cols |= {"subject": payload.get("subject"), "relation": payload.get("relation"),
                 "object": payload.get("object")}
    return cols


def fact_columns(table: str, payload: dict[str, Any], filters: dict[str, Any]) -> dict[str, Any]:
    """The columns of an event (``table`` "events") or relation ("relations"): ``filters`` (the columns
    queries filter on, as :func:`_fact_filters` gives them) and the payload's keys (:func:`fact_payload`
    reads it back)."""
    cols: dict[str, Any] = {c: None for c in _FIELD_COLUMNS[table]}
    cols.update(filters)
    rest: dict[str, Any] = {}

    def put(fields: list[tuple[str, str, str]], obj: dict[str, Any], rest: dict[str, Any]) -> None:
        known = {key: (column, kind) for key, column, kind in fields}
        for key, value in obj.items():
            column, kind = known.get(key, (None, None))
            if kind == "nest":
                inner: dict[str, Any] = {}
                if isinstance(value, dict) and value:
                    put(_NESTED[table][key], value, inner)
                    if not inner and _read_order(table, _NESTED[table][key], cols) == list(value):
                        continue
                    for _k, sub, _kind in _NESTED[table][key]:  # (kept as one value below)
                        if sub not in filters:
                            cols[sub] = None
                if column:
                    cols[column] = _dumps(value)
                else:
                    rest[key] = value
            elif kind == "rows" and not _fits(column, value):  # (kept as JSON)
                cols[f"{column}_json"] = _dumps(value)
            elif column is None or not _fits(column if kind == "rows" else kind, value):
                rest[key] = value
            elif column in filters:
                if filters[column] != value or type(filters[column]) is not type(value):
                    rest[key] = value
            else:
                cols[column] = _to_column(column if kind == "rows" else kind, value)

    if isinstance(payload, dict):
        put(_FACT_FIELDS[table], payload, rest)
        cols["extra"] = _dumps(rest) if rest else None
        # (what fact_payload gives: each key's value as it went in, so only the keys' order can differ)
        order = _read_order(table, _FACT_FIELDS[table], cols)
        order += [k for k in rest if k not in order]
        if order == list(payload):
            return cols
    cols = {c: None for c in _FIELD_COLUMNS[table]} | filters
    cols.update(extra=_dumps(payload), whole=1)
    return cols


def _read_order(table: str, fields: list[tuple[str, str, str]], cols: dict[str, Any]) -> list[str]:
    """The keys :func:`fact_payload` reads from these columns, in its order (``extra`` aside)."""
    keys = []
    for key, column, kind in fields:
        if kind == "nest":
            if (column and cols[column] is not None) or _read_order(table, _NESTED[table][key], cols):
                keys.append(key)
        elif cols[column] is not None or (kind == "rows" and cols[f"{column}_json"] is not None):
            keys.append(key)
    return keys


def fact_payload(table: str, row: Any, text: str | Callable[[], str] | None = None) -> Any:
    """The payload of an event or relation from its columns (a mapping with every column of
    :data:`_FACT_COLUMNS`): as :func:`compact_payload` stores it, or, given the ``text`` of its document (or
    a function giving it, called only when a quotation must be put back), as extracted
    (:func:`expand_payload`)."""

    def loads(stored: str) -> Any:
        value = json.loads(stored)
        return _expand(value, text) if text is not None and _MARKED.search(stored) else value

    if row["whole"]:
        return loads(row["extra"])

    def get(fields: list[tuple[str, str, str]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, column, kind in fields:
            if kind == "nest":
                if column and row[column] is not None:
                    out[key] = loads(row[column])
                else:
                    inner = get(_NESTED[table][key])
                    if inner:
                        if text is not None and inner.get("sentence") is _SPAN:
                            inner = _expand(inner, text)
                        out[key] = inner
                continue
            value = row[column]
            if value is None and kind == "rows" and row[f"{column}_json"] is not None:
                out[key] = loads(row[f"{column}_json"])
            elif value is not None:
                if kind == "rows":
                    out[key] = [dict(zip(_ROWS[column], v, strict=True)) for v in loads(value)]
                else:
                    out[key] = bool(value) if kind == "b" else loads(value) if kind == "j" else value
        return out

    out = get(_FACT_FIELDS[table])
    if row["extra"] is not None:
        out.update(loads(row["extra"]))
    return out


def _expand(payload: Any, text: str | Callable[[], str]) -> Any:
    """:func:`expand_payload` of a payload already read."""
    got: list[str] = []

    def doc_text() -> str:
        if not got:
            got.append(text() if callable(text) else text)
        return got[0]

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: (_span_text(value, doc_text()) if k == "sentence" and v is _SPAN
                        else walk(v) if isinstance(v, (dict, list)) else v) for k, v in value.items()}
        return [walk(v) if isinstance(v, (dict, list)) else v for v in value]

    return walk(payload) if isinstance(payload, (dict, list)) else payload


def _fact_select(alias: str, table: str) -> str:
    return ", ".join(f"{alias}.{c}" for c in _FACT_COLUMNS[table])


def _fact_insert(table: str, cols: dict[str, Any], extra: dict[str, Any],
                 into: str | None = None) -> tuple[str, tuple[Any, ...]]:
    """INSERT statement and values of a fact's columns plus ``extra`` ones (``doc``, ``id``), into ``table``
    or the table ``into`` (its rows table, :data:`_KEYED`, with ``doc`` the document's key)."""
    names = list(extra) + _FACT_COLUMNS[table]
    values = tuple(extra.values()) + tuple(cols[c] for c in _FACT_COLUMNS[table])
    return (f"INSERT INTO {into or table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", values)


def _doc_key(conn: sqlite3.Connection, doc_id: str) -> int | None:
    """The integer key of a stored document (schema 8) from its public id; None when there is none."""
    row = conn.execute("SELECT key FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return row[0] if row else None


def _schema_v7(conn: sqlite3.Connection) -> None:
    """Version 7: the payloads of events and relations as columns (:func:`fact_columns`)."""
    for table in ("events", "relations"):
        kinds = {c: k for _, c, k in _all_fields(table)}
        for column in _FIELD_COLUMNS[table]:
            sql_type = "TEXT" if column == "extra" else "INTEGER" if column == "whole" else _KIND_SQL[kinds[column]]
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}")
        rows = conn.execute(f"SELECT id, payload, {', '.join(_FILTER_COLUMNS[table])} FROM {table}").fetchall()
        sets = ", ".join(f"{c} = ?" for c in _FIELD_COLUMNS[table])
        updates = []
        for r in rows:
            filters = dict(zip(_FILTER_COLUMNS[table], r[2:], strict=True))
            cols = fact_columns(table, json.loads(r[1]), filters)
            updates.append(tuple(cols[c] for c in _FIELD_COLUMNS[table]) + (r[0],))
        conn.executemany(f"UPDATE {table} SET {sets} WHERE id = ?", updates)
        conn.execute(f"ALTER TABLE {table} DROP COLUMN payload")


# ---------------------------------------------------------------------------------------------
# Integer document keys (schema 8)
# ---------------------------------------------------------------------------------------------
#
# The public id of a document ("article-00012-3f9a2c1e") was written in every row of its mentions, dates,
# events, relations and sentences, and in the index of each: about a fifth of a store.  Those rows are now
# kept in ``<name>_rows`` tables whose ``doc`` is the document's integer ``key``; a view of the old name
# gives ``doc`` as the public id again (a join on ``documents.key``), so every query reads as before, and
# writes through the view are turned into writes of the rows (``INSTEAD OF`` triggers).  The store's own
# writes of a document go to the rows directly.

#: view -> the table of its rows (the views keep the names and columns of the tables they replace); schema 8
#: made the first five, schema 9 the document entities'.
_KEYED = {"mentions": "mention_rows", "timexes": "timex_rows", "events": "event_rows",
          "relations": "relation_rows", "sentence_spans": "span_rows", "doc_entities": "doc_entity_rows"}

#: The indexes of the rows tables (of the same names as those of the tables before; the read indexes are
#: also in :data:`_READ_INDEXES`).
_KEYED_INDEXES = [
    "CREATE INDEX IF NOT EXISTS mentions_entity ON mention_rows(entity)",
    "CREATE INDEX IF NOT EXISTS mentions_doc_entity ON mention_rows(doc_entity)",
    "CREATE INDEX IF NOT EXISTS mentions_doc_sentence ON mention_rows(doc, sentence)",
    "CREATE INDEX IF NOT EXISTS timexes_doc ON timex_rows(doc, char_start)",
    "CREATE INDEX IF NOT EXISTS events_doc ON event_rows(doc, char_start)",
    "CREATE INDEX IF NOT EXISTS relations_doc ON relation_rows(doc, char_start)",
    "CREATE INDEX IF NOT EXISTS relations_relation ON relation_rows(relation)",
    "CREATE UNIQUE INDEX IF NOT EXISTS span_rows_doc ON span_rows(doc, idx)",
]

_SCHEMA_V8_DOCUMENTS = """
ALTER TABLE documents ADD COLUMN key INTEGER;
UPDATE documents SET key = rowid;
CREATE UNIQUE INDEX documents_key ON documents(key);
-- (the store gives each new document its key; a row written without one gets the next)
CREATE TRIGGER documents_key AFTER INSERT ON documents WHEN new.key IS NULL BEGIN
    UPDATE documents SET key = (SELECT coalesce(max(key), 0) + 1 FROM documents) WHERE rowid = new.rowid;
END;
"""

_SCHEMA_V8_SENTENCES = """
CREATE VIEW sentences AS SELECT s.id, d.id AS doc, s.idx, s.section, s.paragraph, s.char_start, s.char_end,
    coalesce(s.text, substr(d.text, s.char_start + 1, s.char_end - s.char_start)) AS text
    FROM span_rows s JOIN documents d ON d.key = s.doc;
CREATE TRIGGER sentences_insert INSTEAD OF INSERT ON sentences BEGIN
    INSERT INTO span_rows (id, doc, idx, section, paragraph, char_start, char_end, text)
    VALUES (new.id, (SELECT key FROM documents WHERE id = new.doc), new.idx, new.section, new.paragraph,
            new.char_start, new.char_end, new.text);
END;
CREATE TRIGGER sentences_delete INSTEAD OF DELETE ON sentences BEGIN
    DELETE FROM span_rows WHERE id = old.id;
END;
"""

#: The triggers of the tables whose rows moved (made again on the rows tables).
_SCHEMA_V8_TRIGGERS = """
CREATE TRIGGER mentions_count_insert AFTER INSERT ON mention_rows BEGIN
    UPDATE entities SET n_mentions = n_mentions + 1 WHERE id = new.entity;
END;
CREATE TRIGGER mentions_count_delete AFTER DELETE ON mention_rows BEGIN
    UPDATE entities SET n_mentions = n_mentions - 1 WHERE id = old.entity;
END;
"""


def _keyed_sql(conn: sqlite3.Connection, view: str,
               derived: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """The statements that make the rows table of ``view`` (from the table of that name as it is now), and
    those that make the view and its triggers afterwards.  ``derived``: column -> the expression the view
    gives it by (of ``r``, the row, and ``d``, its document), the row's own value left as it is by an update
    that does not change what the view gives."""
    derived = derived or {}
    rows = _KEYED[view]
    info = conn.execute(f"PRAGMA table_info({view})").fetchall()
    fks = {r[3]: r for r in conn.execute(f"PRAGMA foreign_key_list({view})")}
    columns = [r[1] for r in info]
    decls = []
    for _cid, name, sql_type, notnull, default, pk in info:
        if pk:
            decls.append(f"{name} INTEGER PRIMARY KEY")
            continue
        decl = f"{name} {sql_type}".strip()
        if name == "doc":
            decl = "doc INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE"
        else:
            decl += " NOT NULL" if notnull else ""
            decl += f" DEFAULT {default}" if default is not None else ""
            if name in fks:
                fk = fks[name]
                decl += f" REFERENCES {fk[2]}({fk[4]})" + (f" ON DELETE {fk[6]}" if fk[6] != "NO ACTION" else "")
        decls.append(decl)
    listed = ", ".join(columns)
    picked = ", ".join("d.key" if c == "doc" else f"t.{c}" for c in columns)
    make = [f"CREATE TABLE {rows} ({', '.join(decls)})",
            f"INSERT INTO {rows} ({listed}) SELECT {picked} FROM {view} t JOIN documents d ON d.id = t.doc "
            "ORDER BY t.id"]
    shown = ", ".join("d.id AS doc" if c == "doc" else f"{derived[c]} AS {c}" if c in derived else f"r.{c}"
                      for c in columns)
    key = "(SELECT key FROM documents WHERE id = new.doc)"
    values = ", ".join(key if c == "doc" else f"new.{c}" for c in columns)
    sets = ", ".join(f"{c} = {key}" if c == "doc" else f"{c} = CASE WHEN new.{c} IS old.{c} THEN {c} ELSE new.{c} END"
                     if c in derived else f"{c} = new.{c}" for c in columns)
    after = [f"CREATE VIEW {view} AS SELECT {shown} FROM {rows} r JOIN documents d ON d.key = r.doc",
             f"CREATE TRIGGER {view}_insert INSTEAD OF INSERT ON {view} BEGIN "
             f"INSERT INTO {rows} ({listed}) VALUES ({values}); END",
             f"CREATE TRIGGER {view}_update INSTEAD OF UPDATE ON {view} BEGIN "
             f"UPDATE {rows} SET {sets} WHERE id = old.id; END",
             f"CREATE TRIGGER {view}_delete INSTEAD OF DELETE ON {view} BEGIN "
             f"DELETE FROM {rows} WHERE id = old.id; END"]
    return make, after


def _schema_v8(conn: sqlite3.Connection) -> None:
    """Version 8: integer document keys in the rows of mentions, dates, events, relations and sentences
    (see :data:`_KEYED`).  The rows keep their ids, so the full-text index stays as it is."""
    for statement in _split_sql(_SCHEMA_V8_DOCUMENTS):
        conn.execute(statement)
    for name in ("sentences_fts_insert", "sentences_fts_delete", "mentions_count_insert", "mentions_count_delete"):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    conn.execute("DROP VIEW sentences")  # (and its triggers)
    later: list[str] = []
    for view in ("mentions", "timexes", "events", "relations", "sentence_spans"):
        make, after = _keyed_sql(conn, view)
        for statement in make:
            conn.execute(statement)
        conn.execute(f"DROP TABLE {view}")  # (a leaf: no row of another table refers to its rows)
        later += after
    for statement in later + _KEYED_INDEXES + _split_sql(_SCHEMA_V8_SENTENCES) + _split_sql(_FTS_TRIGGERS) \
            + _split_sql(_SCHEMA_V8_TRIGGERS):
        conn.execute(statement)


def _schema_v9(conn: sqlite3.Connection) -> None:
    """Version 9: integer document keys in the rows of the document entities too (``doc_entity_rows``, the
    view ``doc_entities``).  The tables whose rows refer to a document entity (mentions, aliases, titles)
    are made again to refer to its row; views and triggers are set aside meanwhile and made again (those
    that were on ``doc_entities``, on its rows)."""
    saved = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') "
                         "ORDER BY type = 'trigger', rowid").fetchall()
    for kind, name, _sql in reversed(saved):
        conn.execute(f"DROP {kind.upper()} IF EXISTS {name}")
    make, after = _keyed_sql(conn, "doc_entities")
    for statement in make:
        conn.execute(statement)
    for table in ("mention_rows", "entity_aliases", "entity_titles"):
        created = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                               (table,)).fetchone()[0]
        indexes = [r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                                              "AND sql IS NOT NULL ORDER BY rowid", (table,))]
        head, body = created.split("(", 1)
        assert "REFERENCES doc_entities(id)" in body, table
        conn.execute(f"CREATE TABLE {table}_new (" + body.replace("REFERENCES doc_entities(id)",
                                                                   "REFERENCES doc_entity_rows(id)"))
        conn.execute(f"INSERT INTO {table}_new SELECT * FROM {table} ORDER BY id")
        conn.execute(f"DROP TABLE {table}")
        conn.execute(f"ALTER TABLE {table}_new RENAME TO {table}")
        for statement in indexes:
            conn.execute(statement)
    conn.execute("DROP TABLE doc_entities")  # (nothing refers to its rows now)
    conn.execute("CREATE INDEX doc_entities_entity ON doc_entity_rows(entity)")
    conn.execute("CREATE UNIQUE INDEX doc_entity_rows_doc ON doc_entity_rows(doc, local_id)")
    views = [sql for kind, _name, sql in saved if kind == "view"]
    triggers = [re.sub(r"\bON doc_entities\b", "ON doc_entity_rows", sql) for kind, _name, sql in saved
                if kind == "trigger"]
    for statement in views + after + triggers:
        conn.execute(statement)


#: The text of a mention or a date where it is not stored (NULL): its document's between its offsets.
_TEXT_OF_SPAN = "coalesce(r.text, substr(d.text, r.char_start + 1, r.char_end - r.char_start))"


def _schema_v10(conn: sqlite3.Connection) -> None:
    """Version 10: the text of a mention or date is stored only where it is not its document's text between
    its offsets, or where the document is longer than :data:`SHORT_TEXT` (as the text of sentences, schema 6);
    the views ``mentions`` and ``timexes`` read it from the document."""
    for view in ("mentions", "timexes"):
        rows = _KEYED[view]
        _make, after = _keyed_sql(conn, view, {"text": _TEXT_OF_SPAN})
        conn.execute(f"DROP VIEW {view}")  # (and its triggers)
        created = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (rows,)).fetchone()[0]
        kept = [r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND "
                                           "tbl_name = ? AND sql IS NOT NULL ORDER BY type, rowid", (rows,))]
        assert created.count("text TEXT NOT NULL") == 1, created
        body = created.split("(", 1)[1].replace("text TEXT NOT NULL", "text TEXT")
        conn.execute(f"CREATE TABLE {rows}_new (" + body)
        conn.execute(f"INSERT INTO {rows}_new SELECT * FROM {rows} ORDER BY id")
        conn.execute(f"DROP TABLE {rows}")
        conn.execute(f"ALTER TABLE {rows}_new RENAME TO {rows}")
        conn.execute(f"UPDATE {rows} SET text = NULL WHERE text = (SELECT substr(d.text, {rows}.char_start + 1, "
                     f"{rows}.char_end - {rows}.char_start) FROM documents d WHERE d.key = {rows}.doc "
                     f"AND length(d.text) <= {SHORT_TEXT} AND instr(d.text, char(0)) = 0)")
        for statement in kept + after:
            conn.execute(statement)


#: The place of a document entity: its own JSON, or the one of ``places`` it shares with others (schema 11).
_PLACE_OF_ROW = "coalesce(r.place, (SELECT p.json FROM places p WHERE p.id = r.place_id))"


def _schema_v11(conn: sqlite3.Connection) -> None:
    """Version 11: the GeoNames places of document entities stored once each (``places``, by GeoNames id), the
    rows of the document entities pointing at them (``place_id``); the view ``doc_entities`` gives the JSON as
    before.  (A corpus names a few hundred places in tens of thousands of entities.)  A place whose JSON is not
    the one ``places`` holds for its id stays in the row."""
    _make, after = _keyed_sql(conn, "doc_entities", {"place": _PLACE_OF_ROW})
    conn.execute("DROP VIEW doc_entities")  # (and its triggers)
    conn.execute("CREATE TABLE places (id INTEGER PRIMARY KEY, json TEXT NOT NULL)")
    conn.execute("ALTER TABLE doc_entity_rows ADD COLUMN place_id INTEGER")
    gid = "json_extract(place, '$.geonames_id')"
    conn.execute(f"INSERT OR IGNORE INTO places (id, json) SELECT {gid}, place FROM doc_entity_rows "
                 f"WHERE json_valid(place) AND typeof({gid}) = 'integer' ORDER BY id")
    conn.execute(f"UPDATE doc_entity_rows SET place_id = {gid}, place = NULL WHERE json_valid(place) "
                 f"AND typeof({gid}) = 'integer' AND place = (SELECT json FROM places WHERE id = {gid})")
    for statement in after:
        if "INSTEAD OF UPDATE" in statement:  # (a place changed through the view is the row's own from then on)
            statement = statement.replace(" WHERE id = old.id",
                                          ", place_id = CASE WHEN new.place IS old.place THEN place_id END"
                                          " WHERE id = old.id")
        conn.execute(statement)


def _place_columns(conn: sqlite3.Connection, place: dict[str, Any] | None) -> tuple[str | None, int | None]:
    """(``place``, ``place_id``) of a document entity's row for its place (schema 11): the GeoNames id of a place
    ``places`` holds (made when missing), else the JSON."""
    if not place:
        return None, None
    text = json.dumps(place)
    gid = place.get("geonames_id")
    if type(gid) is not int:
        return text, None
    conn.execute("INSERT OR IGNORE INTO places (id, json) VALUES (?, ?)", (gid, text))
    held = conn.execute("SELECT json FROM places WHERE id = ?", (gid,)).fetchone()[0]
    return (None, gid) if held == text else (text, None)


#: (version, step) in order; a step is SQL or a function of the connection, run in a transaction.
MIGRATIONS: list[tuple[int, Migration]] = [
    (1, _SCHEMA_V1),
    (2, _SCHEMA_V2),
    (3, _SCHEMA_V3),
    (4, _schema_v4),
    # 5, not 4: step 4 is the place coordinates of the map work, merged on main meanwhile
    (5, SCHEMA_EDITS),  # the edit log of corrections (annals.store_edits)
    (6, _schema_v6),  # a compact store: no sentence text stored twice
    (7, _schema_v7),  # events and relations as columns
    (8, _schema_v8),  # integer document keys in the rows of mentions, dates, events, relations, sentences
    (9, _schema_v9),  # and in those of the document entities
    (10, _schema_v10),  # the text of mentions and dates read from their document's
    (11, _schema_v11),  # each GeoNames place of document entities stored once
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

#: Tables :meth:`Store.stats` counts, in the order they are reported.
TABLES = (
    "documents", "sections", "paragraphs", "sentences", "entities", "entity_aliases",
    "entity_titles", "doc_entities", "mentions", "timexes", "gaps", "events", "relations",
)

# What entity_keys must hold: (kind, value, entity, n) from the strong aliases.
_KEYS_OF_ALIASES = (
    "SELECT kind, value, entity, count(*) FROM (SELECT 'norm' AS kind, norm AS value, entity FROM entity_aliases "
    "WHERE weak = 0 UNION ALL SELECT 'core', core, entity FROM entity_aliases WHERE weak = 0 "
    "UNION ALL SELECT 'tail', tail, entity FROM entity_aliases WHERE weak = 0) GROUP BY kind, value, entity"
)

_QUOTES = "\"'“”‘’«»„"


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------


def normalise_name(text: str) -> str:
    """The lookup key of a name: NFKC, casefolded, quotes trimmed, spaces collapsed, no leading "the"."""
    s = unicodedata.normalize("NFKC", text).casefold()
    s = " ".join(s.split()).strip(_QUOTES + " ")
    if s.startswith("the "):
        s = s[4:]
    return s


def _strip_titles(norm: str, titles: Iterable[str]) -> str:
    """``norm`` without the entity's leading titles: "general a vlasov" -> "a vlasov"."""
    keys = sorted({normalise_name(t) for t in titles if t and t.strip()}, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for key in keys:
            if key and norm.startswith(key + " "):
                norm = norm[len(key) + 1 :]
                changed = True
    return norm


def is_descriptive(alias: str, name: str) -> bool:
    """Whether an alias only describes ("the company", "the Committee", "the old general") rather
    than names: all lower case, or "the" and one word.  The entity's own name never is."""
    if normalise_name(alias) == normalise_name(name):
        return False
    lowered_only = any(c.islower() for c in alias) and not any(c.isupper() for c in alias)
    the_one_word = alias.strip().casefold().startswith("the ") and not _is_full(normalise_name(alias))
    return lowered_only or the_one_word


def _tail(norm: str) -> str:
    return norm.rsplit(" ", 1)[-1] if norm else ""


def _token_agrees(a: str, b: str) -> bool:
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def names_agree(a: str, b: str) -> bool:
    """Whether two normalised full personal names can be the same person.

    Same last word, first words equal or one an initial of the other, and middle words (where both
    have them) agreeing the same way: "pyotr krasnov" ~ "pyotr n. krasnov", but not ~ "nikolai krasnov".
    """
    ta = [t for t in (w.strip(".") for w in a.split()) if t]
    tb = [t for t in (w.strip(".") for w in b.split()) if t]
    if len(ta) < 2 or len(tb) < 2 or ta[-1] != tb[-1] or not _token_agrees(ta[0], tb[0]):
        return False
    return all(_token_agrees(x, y) for x, y in zip(ta[1:-1], tb[1:-1], strict=False))


def _sentence_years(doc: Document) -> dict[int, tuple[int, int]]:
    """The years the dates of each sentence of an extracted document span (as :meth:`Store.sentence_years`)."""
    from annals.identity import _year

    out: dict[int, tuple[int, int]] = {}
    for t in doc.timexes:
        lo, hi = _year(t.earliest), _year(t.latest)
        if t.sentence is None or lo is None or hi is None or t.type not in ("DATE", "TIME"):
            continue
        old = out.get(t.sentence)
        out[t.sentence] = (lo, hi) if old is None else (min(old[0], lo), max(old[1], hi))
    return out


def _is_full(norm: str) -> bool:
    return " " in norm


def _split_sql(script: str) -> list[str]:
    """Split a script into statements (trigger bodies kept whole) so they run in our transaction.

    ``executescript`` would commit first, which is why migrations do not use it.
    """
    out, buf = [], ""
    for part in script.split(";"):
        buf += part + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n;"):
                out.append(buf.strip())
            buf = ""
    return out


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _content_hash(doc: Document) -> str:
    return doc.content_hash or "sha256:" + hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------------------------


class Store(EditTables):
    """An annals store in one SQLite file.

    ``create``: make the file when missing (else E013).  ``readonly``: open it for reading only
    (the file must exist).  Use as a context manager or call :meth:`close`.
    """

    def __init__(self, path: str | Path, create: bool = True, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        #: opened with SQLite's ``immutable``: a read-only store in a place where not even its WAL index
        #: can be written (a read-only folder or file system); no locks, so nobody may write it meanwhile.
        self.immutable = False
        self._conn: sqlite3.Connection | None = None
        self._born: dict[int, int] | None = None  # while linking again: the order entities came in
        #: document entities that shared names with a document replaced or removed since (row ids):
        #: resolve_entities links them again
        self.unsettled: set[int] = set()
        #: seconds spent linking stored entities to canonical ones and tidying those (the batch report
        #: tells resolution from loading with it)
        self.resolution_seconds = 0.0
        if self.path.is_dir():
            raise StoreError(E010, f"{self.path} is a directory, not a store",
                             "give the path of a store file, e.g. annals.db")
        if not self.path.exists() and (readonly or not create):
            raise StoreError(E013, f"no store at {self.path}",
                             "run annals ingest first, or check the --db path")
        if not readonly:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise environment_failure(exc, self.path.parent) or exc from exc
        try:
            self._open()
        except EnvironmentFailure as exc:
            if not readonly or exc.code == E043:
                raise
            self.immutable = True  # a read-only place: read the file as it is
            self._open()

    def _open(self) -> None:
        self._conn = self._connect()
        try:
            self._prepare()
            if not self.readonly:
                self._probe_writable()
        except BaseException:
            self.close()
            raise

    # -- opening --------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            if self.readonly:
                uri = self.path.resolve().as_uri() + ("?immutable=1" if self.immutable else "?mode=ro")
                conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                       isolation_level=None)
            else:
                conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(E010, f"cannot open store {self.path}: {exc}",
                             "check that the path is a readable SQLite file") from exc
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _prepare(self) -> None:
        conn = self._db
        try:
            # One read transaction, so another process that is creating the store right now is
            # seen either before or after its step, never half-way.
            conn.execute("BEGIN")
            try:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            finally:
                if conn.in_transaction:  # (an error may have ended it; its own message is the one to tell)
                    conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc) and not _has_sqlite_header(self.path) \
                    and not _looks_like_damaged_sqlite(self.path):
                raise StoreError(E010, f"{self.path} is not a SQLite database ({exc})",
                                 "give the path of an annals store, or a new file name to create one"
                                 ) from exc
            failure = environment_failure(exc, self.path)
            if failure is not None:
                raise failure from exc
            raise StoreError(E010, f"cannot read store {self.path}: {exc}",
                             "check the permissions of the file and of its folder") from exc
        if version > SCHEMA_VERSION:
            raise StoreError(E011, f"store {self.path} has schema version {version}, newer than this "
                             f"annals understands ({SCHEMA_VERSION})",
                             "upgrade annals, or use a store made by this version")
        if version == 0 and tables - {"schema_migrations"}:
            raise StoreError(E010, f"{self.path} is a SQLite database but not an annals store",
                             "give the path of an annals store, or a new file name to create one")
        if self.readonly:
            if version == 0:
                raise StoreError(E013, f"{self.path} holds no annals store yet", "run annals ingest first")
            if version < SCHEMA_VERSION:
                self._upgrade_for_reader()
            return
        self._use_wal()
        if version < SCHEMA_VERSION:
            self._migrate()
        if "bulk_load" in tables:  # a bulk load that did not finish
            self._finish_bulk_load()

    def _use_wal(self) -> None:
        """Switch the file to WAL (persistent).  Switching does not wait on the busy handler, so
        when another process holds the fresh file we retry until the busy timeout."""
        conn = self._db
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                mode = conn.execute("PRAGMA journal_mode").fetchone()[0].lower()
                if mode != "wal":
                    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower()
                if mode == "wal":
                    return
                problem = f"journal mode stays {mode!r}"
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    failure = environment_failure(exc, self.path)
                    if failure is not None:
                        raise failure from exc
                    raise StoreError(E010, f"cannot use {self.path} as a store: {exc}",
                                     "check that the file and its folder are writable") from exc
                problem = str(exc)
            if time.monotonic() > deadline:
                raise StoreError(E010, f"cannot use {self.path} as a store: {problem}",
                                 "check that no other program holds the file")
            time.sleep(0.02)

    def _probe_writable(self) -> None:
        """Fail now, before anything is extracted, when the store cannot be written (a read-only file:
        SQLite then opens it read-only without a word, and the first write would fail)."""
        conn = self._db
        try:
            conn.execute("BEGIN IMMEDIATE")  # (succeeds on a read-only file; the first page written does not)
            try:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                conn.execute(f"PRAGMA user_version = {version}")  # dirties page 1, rolled back below
            finally:
                conn.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                return  # another process is writing: the store is writable, our writes will wait their turn
            failure = environment_failure(exc, self.path)
            if failure is not None:
                raise failure from exc
            raise

    def _upgrade_for_reader(self) -> None:
        """An older store opened read-only: upgrade it through a short-lived writable connection."""
        try:
            with Store(self.path, create=False):
                pass
        except (sqlite3.Error, StoreError) as exc:
            raise StoreError(E011, f"store {self.path} has an older schema and cannot be upgraded "
                             f"read-only ({exc})",
                             "open it once for writing, e.g. with annals ingest") from exc

    def _migrate(self) -> None:
        """Apply every step newer than the store's version, each in its own transaction."""
        conn = self._db
        compacted = False
        for version, step in MIGRATIONS:
            with self._transaction():
                current = conn.execute("PRAGMA user_version").fetchone()[0]
                if current >= version:  # another process got here first
                    continue
                compacted |= version in (6, 8, 9, 10, 11) and current > 0
                conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                             "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
                if callable(step):
                    step(conn)
                else:
                    for statement in _split_sql(step):
                        conn.execute(statement)
                conn.execute("INSERT OR REPLACE INTO schema_migrations VALUES (?, ?)", (version, _now()))
                conn.execute(f"PRAGMA user_version = {int(version)}")
        if compacted:  # give the file back the pages freed (text stored twice, public ids; once; best effort)
            try:
                conn.execute("VACUUM")
            except sqlite3.OperationalError:
                pass

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise ValueError(f"store {self.path} is closed")
        return self._conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._db
        if conn.in_transaction:  # within bulk(): a savepoint, so that a failure undoes only this step
            conn.execute("SAVEPOINT step")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK TO step")
                conn.execute("RELEASE step")
                raise
            conn.execute("RELEASE step")
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            # A failed COMMIT (busy, disk full) can leave the transaction open: end it, or every later
            # write on this connection would fail with "cannot start a transaction within a transaction".
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextmanager
    def bulk(self) -> Iterator[Store]:
        """Many ingests committed together: each document is still stored whole or not at all (a
        savepoint), but the store's file is synced once, not once a document.  For merging a batch
        partition, which a rerun merges again after a crash."""
        self._require_writable()
        with self._transaction():
            yield self

    @contextmanager
    def bulk_load(self) -> Iterator[bool]:
        """A load of many documents into an empty store (``annals batch``): the indexes that only reads
        use (:data:`_READ_INDEXES`) and the full-text index are built once, at the end, instead of row by
        row; linking entities keeps its indexes.  Yields whether it defers them (only into an empty store:
        a store that already holds documents is written as usual).  A load that dies half-way is finished
        when the store is next opened for writing (the table ``bulk_load`` says one is under way)."""
        self._require_writable()
        conn = self._db
        with self._transaction():
            empty = conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None
            if empty:
                conn.execute("CREATE TABLE IF NOT EXISTS bulk_load (started_at TEXT NOT NULL)")
                conn.execute("INSERT INTO bulk_load VALUES (?)", (_now(),))
                for name in _READ_INDEXES:
                    conn.execute(f"DROP INDEX IF EXISTS {name}")
                conn.execute("DROP TRIGGER IF EXISTS sentences_fts_insert")
                conn.execute("DROP TRIGGER IF EXISTS sentences_fts_delete")
        try:
            yield empty
        finally:
            if empty and self._conn is not None:  # (closed meanwhile: the next opening finishes it)
                self._finish_bulk_load()

    def _finish_bulk_load(self) -> None:
        """Build what :meth:`bulk_load` left for the end: the read indexes, the full-text index and its
        triggers (sorted builds: one pass over each table)."""
        conn = self._db
        with self._transaction():
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'bulk_load'").fetchone() is None:
                return
            for sql in _READ_INDEXES.values():
                conn.execute(sql)
            for sql in _split_sql(_FTS_TRIGGERS):
                conn.execute(sql)
            conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')")
            conn.execute("DROP TABLE bulk_load")

    def _require_writable(self) -> None:
        if self.readonly:
            raise PermissionError(f"store {self.path} was opened read-only")

    @property
    def schema_version(self) -> int:
        """The schema version of the open store (:data:`SCHEMA_VERSION` once opened for writing)."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        """Close the connection; safe to call twice."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}, readonly={self.readonly})"

    # -- small helpers ------------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self._db.execute(sql, _encodable(params))]

    def _one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        row = self._db.execute(sql, _encodable(params)).fetchone()
        return dict(row) if row is not None else None

    def _resolve(self, doc_id_or_path: str | Path) -> str | None:
        """The id of the document with this id, or else this path."""
        key = str(doc_id_or_path)
        row = self._db.execute("SELECT id FROM documents WHERE id = ?", (key,)).fetchone()
        if row is None:
            row = self._db.execute("SELECT id FROM documents WHERE path = ?", (key,)).fetchone()
        return row[0] if row is not None else None

    # -- writing ------------------------------------------------------------------------------

    def ingest(self, doc: Document, force: bool = False) -> str:
        """Store one document in one transaction; return "added", "unchanged" or "replaced".

        A document with the same path (or, without a path, the same id) and the same content hash
        is left as it is and nothing is written, unless ``force``; one with other content replaces
        the stored extraction.
        """
        return self.ingest_parts(doc, [doc], force)

    def ingest_parts(self, head: Document, parts: Iterable[Document], force: bool = False) -> str:
        """Store one long document, given as its head and its parts (see
        :func:`annals.extract.extract_parts`), in one transaction, holding one part at a time.

        The same entity in several parts is linked to one canonical entity as across documents.  Hand
        in parts already extracted (e.g. read back from a spill file): the write lock is held while
        ``parts`` is iterated.  Returns "added", "unchanged" or "replaced", as :meth:`ingest` does.
        """
        self._require_writable()
        content_hash = _content_hash(head)
        with self._transaction() as conn:
            old = self._stored(conn, head)
            if old is not None and old["content_hash"] == content_hash and not force:
                return "unchanged"
            affected: set[int] = set()
            if old is not None:  # what shared names with the old text may be linked otherwise without it
                self.unsettled |= self._sharing(old["id"])
                affected = self._delete_rows(old["id"])
            doc_id = self._free_id(head.id)
            self._insert_document(head, doc_id, content_hash)
            sentences = 0
            for part in parts:
                affected |= self._insert_facts(part, doc_id, head.text)
                sentences += len(part.sentences)
            self._insert_gaps(head, doc_id)
            conn.execute("UPDATE documents SET n_sentences = ? WHERE id = ?", (sentences, doc_id))
            t = time.perf_counter()
            self._tidy_entities(affected)
            self.resolution_seconds += time.perf_counter() - t
        return "replaced" if old is not None else "added"

    @staticmethod
    def _stored(conn: sqlite3.Connection, doc: Document) -> sqlite3.Row | None:
        """The stored row (id, content_hash) of the document ``doc`` would replace, or None."""
        if doc.path is not None:
            return conn.execute("SELECT id, content_hash FROM documents WHERE path = ?", (doc.path,)).fetchone()
        return conn.execute("SELECT id, content_hash FROM documents WHERE id = ? AND path IS NULL",
                            (doc.id,)).fetchone()

    def stored_hash(self, doc_id_or_path: str | Path) -> str | None:
        """The content hash stored for a document (by id or path), or None; lets a caller skip
        extracting a file whose content is already stored."""
        doc_id = self._resolve(doc_id_or_path)
        if doc_id is None:
            return None
        return self._db.execute("SELECT content_hash FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]

    def remove_document(self, doc_id_or_path: str | Path) -> bool:
        """Delete a document and every fact only it supported; False when there is no such document.

        Canonical entities that no other document mentions go with it; the others stay, with the
        aliases and titles this document gave them taken away, and the documents that shared names
        with it are linked again (:meth:`resolve_entities`): a merge it made possible is undone.
        """
        self._require_writable()
        with self._transaction():
            doc_id = self._resolve(doc_id_or_path)
            if doc_id is None:
                return False
            self.unsettled |= self._sharing(doc_id)
            self._tidy_entities(self._delete_rows(doc_id))
            self.resolve_entities(())  # (which applies the edit log again)
        return True

    def document_id_of(self, doc_id_or_path: str | Path) -> str | None:
        """The id of the stored document with this id or path; None when there is none."""
        return self._resolve(doc_id_or_path)

    # -- identity that does not depend on the order of ingests -----------------------------------

    def resolve_entities(self, doc_ids: Iterable[str], force: bool = False,
                         prefer: dict[tuple[str, str], int] | None = None) -> int:
        """Link the entities of these documents again, with every stored entity that shares a name key
        with them (a surname for people, a name or alias for the rest; of the same type;
        transitively), as if that group had been stored in the order of its documents' content
        hashes.  The entities that shared names with a document replaced or removed since
        (:attr:`unsettled`) are linked again too.

        Linking one document at a time depends on what came before: "Orlov" alone links to the one
        Orlov known so far, or to nobody if "Ivan Orlov" and "Anna Orlov" are both known.  Doing it
        again over the group, in an order given by the texts themselves, makes the entities a
        function of the set of documents, whatever the order or grouping of the ingests (issue 13).
        Entities outside the group cannot change its links (linking only looks at shared keys of the
        same type), so the cost is that of the group, not of the store.  A canonical entity takes its
        id again when its first member comes back.  Returns the number of document entities linked
        again (0 when nothing is shared).  One transaction.  The corrections of the edit log are applied
        again afterwards (:meth:`apply_edits`).

        ``force``: link the group again even when it is one document's (undoing a correction does);
        ``prefer``: the canonical id a (document, local id) takes again, over the one it has now.
        """
        self._require_writable()
        doc_ids = sorted(set(doc_ids))
        ingested = doc_ids or None  # the corrections bound to other documents hold (none when a removal or undo)
        with self._transaction() as conn:
            start, unsettled = set(self.unsettled), bool(self.unsettled)
            for chunk in _chunks(doc_ids):
                marks = ", ".join("?" * len(chunk))
                start |= {r[0] for r in conn.execute(f"SELECT id FROM doc_entities WHERE doc IN ({marks})", chunk)}
            self.unsettled = set()
            group = self._linked_group(start)
            rows = []
            for chunk in _chunks(sorted(group)):
                marks = ", ".join("?" * len(chunk))
                rows += conn.execute("SELECT de.id, de.doc, de.local_id, de.entity, d.content_hash FROM doc_entities "
                                     f"de JOIN documents d ON d.id = de.doc WHERE de.id IN ({marks})", chunk).fetchall()
            if not rows or (len({r["doc"] for r in rows}) < 2 and not unsettled and not force):
                self.apply_edits(ingested)
                return 0  # one document's entities, sharing nothing with another's: linked as they are
            docs = sorted({(r["content_hash"], r["doc"]) for r in rows})
            members: dict[str, list[int]] = {}
            for r in sorted(rows, key=lambda r: r["id"]):
                members.setdefault(r["doc"], []).append(r["id"])
            entities = {d: self._stored_entities(d, members[d]) for _, d in docs}
            previous = {(r["doc"], r["local_id"]): r["entity"] for r in rows} | {
                k: v for k, v in (prefer or {}).items() if k in {(r["doc"], r["local_id"]) for r in rows}}
            affected = {r["entity"] for r in rows}
            for chunk in _chunks(sorted(group)):
                marks = ", ".join("?" * len(chunk))
                for table in ("mention_rows", "entity_titles", "entity_aliases"):
                    conn.execute(f"DELETE FROM {table} WHERE doc_entity IN ({marks})", chunk)
                conn.execute(f"DELETE FROM doc_entity_rows WHERE id IN ({marks})", chunk)
            # The group's canonical entities are now vacant: nothing may link to them by what they were
            # (that would keep the old order); one takes its id again when its first member comes back.
            conn.executemany("UPDATE entities SET norm = '', tail = '' WHERE id = ? AND NOT EXISTS "
                             "(SELECT 1 FROM doc_entities WHERE entity = ?)", [(e, e) for e in affected])
            affected |= self.link_in_order([(d, entities[d]) for _, d in docs], previous=previous)
            self._tidy_entities(affected)
            self.apply_edits(ingested)
        return len(group)

    def _keys_of(self, doc_entity_ids: set[int]) -> tuple[set[str], set[tuple[str, str]]]:
        """The keys linking may go through: the tails of people's names, the (type, name) of the rest."""
        tails: set[str] = set()
        names: set[tuple[str, str]] = set()
        for chunk in _chunks(sorted(doc_entity_ids)):
            marks = ", ".join("?" * len(chunk))
            for r in self._db.execute(
                    "SELECT d.type, a.norm, a.core, a.tail FROM entity_aliases a JOIN doc_entities d ON d.id = "
                    f"a.doc_entity WHERE a.weak = 0 AND d.id IN ({marks})", chunk):
                if r[0] == "PERSON":
                    tails.add(r[3])
                else:
                    names.update({(r[0], r[1]), (r[0], r[2])})
        return tails, names

    def _linked_group(self, doc_entity_ids: set[int]) -> set[int]:
        """These document entities and every stored one that shares a linking key with them, transitively."""
        group = set(doc_entity_ids)
        new = set(group)
        seen_tails: set[str] = set()
        seen_names: set[tuple[str, str]] = set()
        while new:
            tails, names = self._keys_of(new)
            tails, names = tails - seen_tails, names - seen_names
            seen_tails |= tails
            seen_names |= names
            found: set[int] = set()
            for chunk in _chunks(sorted(tails)):
                marks = ", ".join("?" * len(chunk))
                found |= {r[0] for r in self._db.execute(
                    "SELECT DISTINCT a.doc_entity FROM entity_aliases a JOIN doc_entities d ON d.id = a.doc_entity "
                    f"WHERE a.weak = 0 AND d.type = 'PERSON' AND a.tail IN ({marks})", chunk)}
            by_type: dict[str, list[str]] = {}
            for etype, value in names:
                by_type.setdefault(etype, []).append(value)
            for etype, values in by_type.items():
                for chunk in _chunks(sorted(set(values))):
                    marks = ", ".join("?" * len(chunk))
                    found |= {r[0] for r in self._db.execute(
                        "SELECT DISTINCT a.doc_entity FROM entity_aliases a JOIN doc_entities d ON d.id = "
                        f"a.doc_entity WHERE a.weak = 0 AND d.type = ? AND (a.norm IN ({marks}) OR a.core IN "
                        f"({marks}))", (etype, *chunk, *chunk))}
            new = found - group
            group |= new
        existing: set[int] = set()
        for chunk in _chunks(sorted(group)):
            marks = ", ".join("?" * len(chunk))
            existing |= {r[0] for r in self._db.execute(f"SELECT id FROM doc_entities WHERE id IN ({marks})", chunk)}
        return existing

    def _sharing(self, doc_id: str) -> set[int]:
        """The document entities of other documents that share a linking key with this document's."""
        own = {r[0] for r in self._db.execute("SELECT id FROM doc_entities WHERE doc = ?", (doc_id,))}
        return self._linked_group(own) - own

    def _stored_entities(self, doc_id: str, only: Iterable[int] | None = None) -> list[Entity]:
        """A document's entities as extracted (local ids, names, aliases, titles, mentions), in order;
        ``only``: just the document entities with these row ids."""
        q = self._db.execute
        wanted = None if only is None else set(only)
        out = []
        for r in q("SELECT * FROM doc_entities WHERE doc = ? ORDER BY id", (doc_id,)).fetchall():
            if wanted is not None and r["id"] not in wanted:
                continue
            ent = Entity(id=r["local_id"], name=r["name"], type=r["type"], subtype=r["subtype"],
                         place=json.loads(r["place"]) if r["place"] else None)
            ent.aliases = [a[0] for a in q("SELECT alias FROM entity_aliases WHERE doc_entity = ? AND "
                                           "kind = 'alias' ORDER BY id", (r["id"],))]
            ent.titles = [t[0] for t in q("SELECT title FROM entity_titles WHERE doc_entity = ? ORDER BY id",
                                          (r["id"],))]
            ent.mentions = [Mention(m["char_start"], m["char_end"], m["text"], m["sentence"], m["title"])
                            for m in q("SELECT * FROM mentions WHERE doc_entity = ? ORDER BY id", (r["id"],))]
            out.append(ent)
        return out

    def _free_id(self, wanted: str) -> str:
        candidate, n = wanted, 2
        while self._db.execute("SELECT 1 FROM documents WHERE id = ?", (candidate,)).fetchone():
            candidate, n = f"{wanted}-{n}", n + 1
        return candidate

    def _delete_rows(self, doc_id: str) -> set[int]:
        """Delete one document's rows (children first); return the canonical entities it touched."""
        conn = self._db
        affected = {r[0] for r in conn.execute("SELECT DISTINCT entity FROM doc_entities WHERE doc = ?",
                                               (doc_id,))}
        key = _doc_key(conn, doc_id)
        conn.execute("DELETE FROM mention_rows WHERE doc = ?", (key,))
        for table in ("entity_titles", "entity_aliases"):
            conn.execute(f"DELETE FROM {table} WHERE doc_entity IN "
                         "(SELECT id FROM doc_entities WHERE doc = ?)", (doc_id,))
        for table in ("doc_entity_rows", "timex_rows", "event_rows", "relation_rows", "span_rows"):
            conn.execute(f"DELETE FROM {table} WHERE doc = ?", (key,))
        for table in ("gaps", "paragraphs", "sections"):
            conn.execute(f"DELETE FROM {table} WHERE doc = ?", (doc_id,))
        conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        return affected

    def _insert_document(self, doc: Document, doc_id: str, content_hash: str) -> None:
        """The document's row, sections and paragraphs."""
        conn = self._db
        conn.execute(
            "INSERT INTO documents (id, path, title, format, encoding, content_hash, text, ingested_at,"
            " n_sentences, artefacts, key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " (SELECT coalesce(max(key), 0) + 1 FROM documents))",
            (doc_id, doc.path, doc.title, doc.format, doc.encoding, content_hash, doc.text, _now(),
             len(doc.sentences), json.dumps([list(a) for a in doc.artefacts])),
        )
        conn.executemany(
            "INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, s.index, s.title, s.start, s.end, s.heading_start, s.heading_end)
             for s in doc.sections],
        )
        conn.executemany(
            "INSERT INTO paragraphs VALUES (?, ?, ?, ?, ?)",
            [(doc_id, p.index, p.section, p.start, p.end) for p in doc.paragraphs],
        )

    def _insert_facts(self, doc: Document, doc_id: str, text: str) -> set[int]:
        """The sentences, entities (linked to canonical ones, which are returned), dates, events and
        relations of a document or of one part of it; ``text``: the whole document's."""
        conn = self._db
        key = _doc_key(conn, doc_id)
        conn.executemany(
            "INSERT INTO span_rows (doc, idx, section, paragraph, char_start, char_end, text)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(key, s.index, s.section, s.paragraph, s.start, s.end, _own_text(s, text)) for s in doc.sentences],
        )
        t = time.perf_counter()
        linked = self._insert_entities(doc, doc_id)
        self.resolution_seconds += time.perf_counter() - t
        conn.executemany(
            "INSERT INTO timex_rows (doc, text, char_start, char_end, value, mod, earliest, latest, type,"
            " relative, anchor, calendar, sentence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(key, _own_span(t.text, t.start, t.end, text), t.start, t.end, t.value, t.mod, t.earliest, t.latest,
              t.type, int(bool(t.relative)), t.anchor, t.calendar, t.sentence) for t in doc.timexes],
        )
        for table, facts in (("events", doc.events), ("relations", doc.relations)):
            rows = [self._fact_row(table, doc, key, f, text) for f in facts]
            if rows:
                conn.executemany(rows[0][0], [r[1] for r in rows])
        return linked

    def _insert_gaps(self, doc: Document, doc_id: str) -> None:
        self._db.executemany(
            "INSERT INTO gaps (doc, kind, text, char_start, char_end, sentence) VALUES (?, ?, ?, ?, ?, ?)",
            [(doc_id, g.kind, g.text, g.start, g.end, g.sentence) for g in doc.gaps],
        )

    @staticmethod
    def _source_columns(doc: Document, payload: dict[str, Any]) -> tuple[int | None, int | None, int | None]:
        source = payload.get("source") or {}
        start, end = source.get("start"), source.get("end")
        sentence = source.get("sentence_index")
        if sentence is None and isinstance(start, int):
            found = doc.sentence_at(start)
            sentence = found.index if found is not None else None
        return sentence, start, end

    def _fact_row(self, table: str, doc: Document, key: int | None, fact: dict[str, Any],
                  text: str) -> tuple[str, tuple[Any, ...]]:
        """INSERT statement and values of an event (``table`` "events") or relation ("relations") of the
        document of this ``key``."""
        sentence, _start, _end = self._source_columns(doc, fact)
        stored = json.loads(compact_payload(fact, text))
        return _fact_insert(table, fact_columns(table, stored, _fact_filters(table, fact, sentence)), {"doc": key},
                            into=_KEYED[table])

    # -- canonical entities -------------------------------------------------------------------

    def _insert_entities(self, doc: Document, doc_id: str, whole: bool = False,
                         previous: dict[tuple[str, str], int] | None = None) -> set[int]:
        """Store the document's entities, each linked to a canonical entity; return those linked.

        ``whole``: ``doc`` holds the entities of all the parts of a long document (see
        :meth:`resolve_entities`): entities of the same name and type, from different parts, are one.
        ``previous``: the canonical entity each (document, local id) had before, whose id a new one
        takes again when it is free, so that linking again keeps the ids people know.
        """
        conn = self._db
        claimed: set[int] = set()  # one canonical entity per document: the extractor kept them apart
        by_name: dict[tuple[str, str], int] = {}

        def has_full_name(e: Entity) -> bool:
            return _is_full(normalise_name(e.name))

        # what the dates of its sentences say, for linking that respects time (:meth:`_unseparated`)
        self._dating = (doc_id, self.sentence_years(doc_id) if not doc.timexes else _sentence_years(doc))
        # Decide the links with full names first, so a bare surname later in the same document
        # finds them taken; then store the records in the document's own order.
        order = sorted(range(len(doc.entities)), key=lambda i: (not has_full_name(doc.entities[i]), i))
        linked: dict[int, tuple[int, list[tuple[str, str, str, bool]]]] = {}
        for i in order:
            ent = doc.entities[i]
            titles = list(dict.fromkeys([*ent.titles, *(m.title for m in ent.mentions if m.title)]))
            forms = list(dict.fromkeys([*ent.aliases, ent.name]))
            keys = [(a, normalise_name(a)) for a in forms]
            cores = [(a, n, _strip_titles(n, titles) or n, is_descriptive(a, ent.name)) for a, n in keys]
            same = by_name.get((ent.type, normalise_name(ent.name))) if whole else None
            entity_id = same or self._match(ent, [(n, c) for _, n, c, weak in cores if not weak], claimed)
            if entity_id is None:
                norm = normalise_name(ent.name)
                old = (previous or {}).get((doc_id, ent.id))
                if old is not None and old not in (self._born or {}) and conn.execute(
                        "SELECT NOT EXISTS (SELECT 1 FROM doc_entities WHERE entity = ?) AND EXISTS "
                        "(SELECT 1 FROM entities WHERE id = ?)", (old, old)).fetchone()[0]:
                    conn.execute("UPDATE entities SET name = ?, norm = ?, tail = ?, type = ?, subtype = ? "
                                 "WHERE id = ?", (ent.name, norm, _tail(norm), ent.type, ent.subtype, old))
                    entity_id = old
                elif old is not None and self._born is not None and old not in self._born and conn.execute(
                        "SELECT NOT EXISTS (SELECT 1 FROM entities WHERE id = ?)", (old,)).fetchone()[0]:
                    # an id a correction took away (a merge), given back by its undo
                    conn.execute("INSERT INTO entities (id, name, norm, tail, type, subtype) VALUES (?, ?, ?, ?, ?, ?)",
                                 (old, ent.name, norm, _tail(norm), ent.type, ent.subtype))
                    entity_id = old
                else:
                    entity_id = conn.execute(
                        "INSERT INTO entities (name, norm, tail, type, subtype) VALUES (?, ?, ?, ?, ?)",
                        (ent.name, norm, _tail(norm), ent.type, ent.subtype),
                    ).lastrowid
            assert entity_id is not None
            if self._born is not None:
                self._born.setdefault(entity_id, len(self._born))
            claimed.add(entity_id)
            by_name.setdefault((ent.type, normalise_name(ent.name)), entity_id)
            linked[i] = (entity_id, cores)
        # the document's text, when short: a mention that says it between its offsets is not stored again
        full = (conn.execute(f"SELECT CASE WHEN length(text) <= {SHORT_TEXT} THEN text END FROM documents WHERE id = ?",
                             (doc_id,)).fetchone() or [None])[0]
        for i, ent in enumerate(doc.entities):
            entity_id, cores = linked[i]
            de = conn.execute(
                "INSERT INTO doc_entity_rows (doc, local_id, entity, name, type, subtype, place, place_id)"
                " VALUES ((SELECT key FROM documents WHERE id = ?), ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, ent.id, entity_id, ent.name, ent.type, ent.subtype, *_place_columns(conn, ent.place)),
            ).lastrowid
            alias_set = set(ent.aliases)
            conn.executemany(
                "INSERT OR IGNORE INTO entity_aliases (entity, doc_entity, alias, kind, norm, core, tail,"
                " weak) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(entity_id, de, a, "alias" if a in alias_set else "name", n, c, _tail(c), int(weak))
                 for a, n, c, weak in cores if n],
            )
            conn.executemany(
                "INSERT OR IGNORE INTO entity_titles (entity, doc_entity, title) VALUES (?, ?, ?)",
                [(entity_id, de, t) for t in ent.titles],
            )
            conn.executemany(
                "INSERT INTO mention_rows (doc, doc_entity, entity, char_start, char_end, text, title, sentence)"
                " VALUES ((SELECT key FROM documents WHERE id = ?), ?, ?, ?, ?, ?, ?, ?)",
                [(doc_id, de, entity_id, m.start, m.end, _own_span(m.text, m.start, m.end, full), m.title, m.sentence)
                 for m in ent.mentions],
            )
        return claimed

    def _candidates(self, etype: str, column: str, values: Iterable[str]) -> set[int]:
        """Canonical entities of ``etype`` whose alias ``column`` (norm/core/tail) or name is in values."""
        vals = sorted({v for v in values if v})
        if not vals:
            return set()
        marks = ", ".join("?" * len(vals))
        own = "tail" if column == "tail" else "norm"
        sql = (f"SELECT entity FROM entity_keys WHERE kind = ? AND type = ? AND value IN ({marks}) "
               f"UNION SELECT id FROM entities WHERE type = ? AND {own} IN ({marks})")
        return {r[0] for r in self._db.execute(sql, (column, etype, *vals, etype, *vals))}

    def _forms(self, entity_id: int) -> set[str]:
        rows = self._db.execute("SELECT value FROM entity_keys WHERE entity = ? AND kind = 'core' "
                                "UNION SELECT norm FROM entities WHERE id = ?", (entity_id, entity_id))
        return {r[0] for r in rows}

    def _best(self, ids: Iterable[int]) -> int | None:
        ids = list(ids)
        if not ids:
            return None

        def weight(eid: int) -> tuple[int, int]:
            n = self._db.execute("SELECT n_mentions FROM entities WHERE id = ?", (eid,)).fetchone()[0]
            if self._born is not None:  # linking again: the earlier made in this pass, not the older id
                return (n, -self._born.get(eid, 10**12 + eid))
            return (n, -eid)

        return max(ids, key=weight)

    def _match(self, ent: Entity, keys: list[tuple[str, str]], claimed: set[int]) -> int | None:
        """The canonical entity this document entity is, or None for a new one.

        ``keys``: (normalised form, form without titles) of each name and alias that may link.
        """
        if ent.type != "PERSON":
            norms = {n for n, _ in keys} | {c for _, c in keys}
            found = (self._candidates(ent.type, "norm", norms) | self._candidates(ent.type, "core", norms))
            return self._best(self._unseparated(ent, found - claimed))
        full = {c for _, c in keys if _is_full(c)}
        tails = {_tail(c) for _, c in keys}
        strong = self._unseparated(ent, self._candidates("PERSON", "core", full) - claimed) if full else set()
        if strong:
            return self._best(strong)
        weak = sorted(self._unseparated(ent, self._candidates("PERSON", "tail", tails) - claimed))
        forms = {eid: self._forms(eid) for eid in weak}
        if full:
            agree = [eid for eid in weak
                     if any(names_agree(a, b) for a in full for b in forms[eid] if _is_full(b))]
            if agree:
                return self._best(agree)
            if len(weak) == 1 and not any(_is_full(b) for b in forms[weak[0]]):
                return weak[0]
            return None
        if len(weak) == 1:
            return weak[0]
        # A bare surname among several people: only the one known by nothing but that surname.
        bare = [eid for eid in weak if not any(_is_full(b) for b in forms[eid]) and forms[eid] & tails]
        return bare[0] if len(bare) == 1 else None

    def _unseparated(self, ent: Entity, candidates: set[int]) -> set[int]:
        """The candidates nothing in the texts separates from ``ent`` (:func:`annals.identity.separated`:
        people of one name dated more than a generation apart, a state under two forms of government);
        candidates its own document mentions are the extractor's call and stay."""
        from annals.identity import STATE_TYPES, regime_marks, separated

        if not candidates or (ent.type != "PERSON" and ent.type not in STATE_TYPES):
            return candidates
        doc_id, years = getattr(self, "_dating", None) or ("", {})
        spans = [years[m.sentence] for m in ent.mentions if m.sentence in years]
        period = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None
        names = [ent.name, *ent.aliases]
        if period is None and not (ent.type in STATE_TYPES and regime_marks(names)):
            return candidates  # no date, no form of government: nothing to separate it by
        kept = set()
        for eid in candidates:
            forms = self.entity_forms(eid) if ent.type in STATE_TYPES else []
            if ent.type in STATE_TYPES and not regime_marks(names) and not regime_marks(forms):
                kept.add(eid)  # (a state's dates alone do not separate it: France is France in 1500 and 1900)
            elif self.in_document(eid, doc_id) or not separated(ent.type, names, period, forms, self._years(eid)):
                kept.add(eid)
        return kept

    def _years(self, entity_id: int) -> tuple[int, int] | None:
        """:meth:`entity_years` of a candidate, remembered for one linking again (where mentions are only
        added: an entity with as many mentions as before has the same ones)."""
        memo = getattr(self, "_years_memo", None)
        if memo is None:
            return self.entity_years(entity_id)
        n = self._db.execute("SELECT n_mentions FROM entities WHERE id = ?", (entity_id,)).fetchone()
        key = (entity_id, n[0] if n else -1)
        if key not in memo:
            memo[key] = self.entity_years(entity_id)
        return memo[key]

    def _tidy_entities(self, entity_ids: Iterable[int]) -> None:
        """Delete canonical entities nobody mentions; refresh the name and subtype of the rest.

        The canonical name is the full (several-word) form most documents use, then the longest.
        """
        conn = self._db
        for eid in sorted(set(entity_ids)):
            names = conn.execute("SELECT name, n FROM entity_names WHERE entity = ?", (eid,)).fetchall()
            if not names:
                conn.execute("DELETE FROM entity_titles WHERE entity = ?", (eid,))
                conn.execute("DELETE FROM entity_aliases WHERE entity = ?", (eid,))
                conn.execute("DELETE FROM entities WHERE id = ?", (eid,))
                continue
            name = max(names, key=lambda r: (_is_full(normalise_name(r["name"])), r["n"],
                                             len(r["name"]), r["name"]))["name"]
            subtype_row = conn.execute(
                "SELECT subtype FROM entity_subtypes WHERE entity = ? ORDER BY n DESC, subtype LIMIT 1", (eid,)
            ).fetchone()
            norm = normalise_name(name)
            place = _canonical_place_counted(conn.execute(
                "SELECT place, count(*) FROM doc_entities WHERE entity = ? AND place IS NOT NULL GROUP BY place "
                "ORDER BY min(id)", (eid,)).fetchall())
            conn.execute("UPDATE entities SET name = ?, norm = ?, tail = ?, subtype = ?, place = ? WHERE id = ?",
                         (name, norm, _tail(norm), subtype_row[0] if subtype_row else None, place, eid))

    # -- queries: entities --------------------------------------------------------------------

    _ENTITY_SUMMARY = (
        "SELECT e.id, e.name, e.type, e.subtype, e.place,"
        " e.n_mentions AS n_mentions,"
        " (SELECT count(DISTINCT d.doc) FROM doc_entities d WHERE d.entity = e.id) AS n_documents"
        " FROM entities e"
    )
    # the same in two steps, for a query that keeps few of many rows: the rows first, then their documents
    _ENTITY_CORE = "SELECT e.id, e.name, e.type, e.subtype, e.place, e.n_mentions AS n_mentions FROM entities e"
    _WITH_DOCUMENTS = ("SELECT r.*,"
                       " (SELECT count(DISTINCT d.doc) FROM doc_entities d WHERE d.entity = r.id) AS n_documents")

    def _with_aliases(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        by_id: dict[int, list[str]] = {}
        ids = [r["id"] for r in rows]
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            for r in self._db.execute(
                f"SELECT entity, alias FROM entity_aliases WHERE entity IN ({marks}) "
                "GROUP BY entity, alias ORDER BY entity, count(*) DESC, alias", chunk
            ):
                by_id.setdefault(r[0], []).append(r[1])
        for row in rows:
            aliases = by_id.get(row["id"], [])
            row["aliases"] = [row["name"]] + [a for a in aliases if a != row["name"]]
            if "place" in row:
                row["place"] = json.loads(row["place"]) if row["place"] else None
        return rows

    def entities(self, type: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Canonical entities, most mentioned first.

        Each: ``{"id", "name", "type", "subtype", "place", "aliases", "n_mentions", "n_documents"}``;
        ``aliases`` starts with the name; ``place``: the GeoNames place of a GPE or LOC that the gazetteer
        resolved (``{"geonames_id", "lat", "lon", "country", "kind", "population"}``; ``lat``/``lon`` None
        for a country or US state, which GeoNames' package gives no point), else None.
        """
        sql = self._ENTITY_SUMMARY
        params: list[Any] = []
        if type is not None:
            sql += " WHERE e.type = ?"
            params.append(type)
        sql += " ORDER BY n_mentions DESC, e.name, e.id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return self._with_aliases(self._rows(sql, params))

    def find_entities(self, name: str, type: str | None = None, limit: int = 20,
                      exact: bool = False) -> list[dict[str, Any]]:
        """Entities whose name or an alias matches ``name``, most mentioned first.

        Exact normalised matches when there are any (titles ignored: "General Vlasov" finds
        "Vlasov"), else names starting with it, else names containing it.  Each result is an
        :meth:`entities` dict plus ``"match"``: "exact", "prefix" or "substring"; ``exact`` tries only the
        first (quicker when a caller wants nothing else).
        """
        key = normalise_name(name)
        if not key:
            return []
        # names starting with the key: a range of the index ("abc" <= norm < "abc\U0010ffff"); names holding
        # it: instr over the casefolded names (as LIKE would, without its pattern matching)
        upper = key + "\U0010ffff"
        tries = [
            ("exact", "a.norm = ? OR a.core = ?", "e.norm = ?", (key, key), (key,)),
            ("prefix", "a.norm >= ? AND a.norm < ?", "e.norm >= ? AND e.norm < ?", (key, upper), (key, upper)),
            ("substring", "instr(a.norm, ?) > 0", "instr(e.norm, ?) > 0", (key,), (key,)),
        ]
        for match, alias_cond, name_cond, alias_params, name_params in tries[:1] if exact else tries:
            sql = (f"{self._ENTITY_CORE} WHERE (e.id IN (SELECT a.entity FROM entity_aliases a "
                   f"WHERE {alias_cond}) OR {name_cond})")
            params: list[Any] = [*alias_params, *name_params]
            if type is not None:
                sql += " AND e.type = ?"
                params.append(type)
            sql += " ORDER BY n_mentions DESC, e.name, e.id LIMIT ?"
            params.append(int(limit))
            rows = self._rows(f"{self._WITH_DOCUMENTS} FROM ({sql}) r ORDER BY n_mentions DESC, name, id", params)
            if rows:
                for r in rows:
                    r["match"] = match
                return self._with_aliases(rows)
        return []

    def entity_detail(self, entity_id: int) -> dict[str, Any]:
        """Everything about one canonical entity; StoreError E012 when there is none.

        ``{"id", "name", "type", "subtype", "place", "aliases", "titles", "n_mentions", "n_documents",
        "documents": [{"document", "path", "title", "local_id", "name"}],
        "mentions": [{"document", "path", "document_title", "sentence", "sentence_text", "start",
        "end", "text", "title"}]}``, mentions ordered by document then offset.
        """
        rows = self._rows(f"{self._ENTITY_SUMMARY} WHERE e.id = ?", (entity_id,))
        if not rows:
            raise StoreError(E012, f"no entity {entity_id} in the store {self.path}",
                             "list entities with annals entities, or look one up by name with annals show NAME")
        out = self._with_aliases(rows)[0]
        out["titles"] = [r[0] for r in self._db.execute(
            "SELECT title FROM (SELECT title FROM entity_titles WHERE entity = ? UNION ALL "
            "SELECT title FROM mentions WHERE entity = ? AND title IS NOT NULL) "
            "GROUP BY title ORDER BY count(*) DESC, title", (entity_id, entity_id))]
        out["documents"] = self._rows(
            "SELECT d.doc AS document, doc.path, doc.title, d.local_id, d.name FROM doc_entities d "
            "JOIN documents doc ON doc.id = d.doc WHERE d.entity = ? ORDER BY d.doc", (entity_id,))
        out["mentions"] = self._rows(
            "SELECT m.doc AS document, doc.path, doc.title AS document_title, m.sentence,"
            f" {_SPAN_TEXT.format('doc')} AS sentence_text, m.char_start AS start, m.char_end AS \"end\", m.text,"
            " m.title FROM mentions m JOIN documents doc ON doc.id = m.doc"
            " LEFT JOIN span_rows s ON s.doc = doc.key AND s.idx = m.sentence"
            " WHERE m.entity = ? ORDER BY m.doc, m.char_start", (entity_id,))
        return out

    def entity_titles(self, entity_ids: Iterable[int] | None = None) -> dict[int, list[str]]:
        """The titles and ranks said with each canonical entity (all, or those of ``entity_ids``),
        most frequent first, as :meth:`entity_detail` gives them: ``{entity id: [title, ...]}``."""
        sql = ("SELECT entity, title FROM (SELECT entity, title FROM entity_titles UNION ALL"
               " SELECT entity, title FROM mentions WHERE title IS NOT NULL)")
        params: list[Any] = []
        if entity_ids is not None:
            sql += " WHERE entity IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(sorted(set(entity_ids))))
        out: dict[int, list[str]] = {}
        for r in self._db.execute(sql + " GROUP BY entity, title ORDER BY entity, count(*) DESC, title", params):
            out.setdefault(r[0], []).append(r[1])
        return out

    def mention_records(self, entity_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
        """Mentions of canonical entities (all, or those of ``entity_ids``), by document then offset.

        Each: ``{"id", "entity", "document", "path", "document_title", "sentence", "sentence_text",
        "sentence_start", "sentence_end", "start", "end", "text", "title"}``; ``entity`` is the
        canonical id, ``id`` the mention's own, ``sentence`` the sentence index in its document.
        """
        sql = ("SELECT m.id, m.entity, m.doc AS document, d.path, d.title AS document_title, m.sentence,"
               f" {_SPAN_TEXT.format('d')} AS sentence_text, s.char_start AS sentence_start,"
               " s.char_end AS sentence_end, m.char_start AS start, m.char_end AS \"end\", m.text, m.title"
               " FROM mentions m JOIN documents d ON d.id = m.doc"
               " LEFT JOIN span_rows s ON s.doc = d.key AND s.idx = m.sentence")
        params: list[Any] = []
        if entity_ids is not None:
            sql += " WHERE m.entity IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(sorted(set(entity_ids))))
        return self._rows(sql + " ORDER BY m.doc, m.char_start, m.id", params)

    # -- queries: documents and facts ---------------------------------------------------------

    def documents(self) -> list[dict[str, Any]]:
        """Every stored document: ``{"id", "path", "title", "format", "encoding", "content_hash",
        "ingested_at", "n_sentences", "n_entities", "n_timexes", "n_gaps", "n_events", "n_relations"}``, by id."""
        return self._rows(
            "SELECT d.id, d.path, d.title, d.format, d.encoding, d.content_hash, d.ingested_at,"
            " d.n_sentences,"
            " (SELECT count(*) FROM doc_entities x WHERE x.doc = d.id) AS n_entities,"
            " (SELECT count(*) FROM timexes x WHERE x.doc = d.id) AS n_timexes,"
            " (SELECT count(*) FROM gaps x WHERE x.doc = d.id) AS n_gaps,"
            " (SELECT count(*) FROM events x WHERE x.doc = d.id) AS n_events,"
            " (SELECT count(*) FROM relations x WHERE x.doc = d.id) AS n_relations"
            " FROM documents d ORDER BY d.id")

    def document(self, doc_id_or_path: str | Path) -> dict[str, Any] | None:
        """One document by id or path, or None: its metadata and ``text``, ``sections``,
        ``sentences`` (``{"index", "section", "paragraph", "start", "end", "text"}``), ``entities``
        (local records: ``{"id", "entity", "name", "type", "subtype", "aliases", "titles",
        "mentions"}``, ``entity`` being the canonical id), ``timexes``, ``gaps``, ``events`` and
        ``relations``."""
        doc_id = self._resolve(doc_id_or_path)
        if doc_id is None:
            return None
        out = self._one("SELECT id, path, title, format, encoding, content_hash, ingested_at, n_sentences,"
                        " text FROM documents WHERE id = ?", (doc_id,))
        assert out is not None
        loaded = self.load_document(doc_id)
        assert loaded is not None
        out["sections"] = [asdict(s) for s in loaded.sections]
        out["sentences"] = [{"index": s.index, "section": s.section, "paragraph": s.paragraph,
                             "start": s.start, "end": s.end, "text": s.text} for s in loaded.sentences]
        links = dict(self._db.execute("SELECT local_id, entity FROM doc_entities WHERE doc = ?", (doc_id,))
                     .fetchall())
        out["entities"] = [{**e.to_json(), "entity": links.get(e.id)} for e in loaded.entities]
        out["timexes"] = [t.to_json() for t in loaded.timexes]
        out["gaps"] = [g.to_json() for g in loaded.gaps]
        out["events"] = loaded.events
        out["relations"] = loaded.relations
        return out

    def load_document(self, doc_id_or_path: str | Path) -> Document | None:
        """Rebuild the stored :class:`~annals.model.Document` (local entity ids as extracted), or None."""
        doc_id = self._resolve(doc_id_or_path)
        if doc_id is None:
            return None
        meta = self._one("SELECT * FROM documents WHERE id = ?", (doc_id,))
        assert meta is not None
        q = self._db.execute
        doc = Document(id=meta["id"], text=meta["text"], path=meta["path"], title=meta["title"],
                       format=meta["format"], encoding=meta["encoding"], content_hash=meta["content_hash"],
                       artefacts=[(a, b) for a, b in json.loads(meta["artefacts"] or "[]")])
        doc.sections = [Section(r["idx"], r["title"], r["char_start"], r["char_end"], r["heading_start"],
                                r["heading_end"])
                        for r in q("SELECT * FROM sections WHERE doc = ? ORDER BY idx", (doc_id,))]
        doc.paragraphs = [Paragraph(r["idx"], r["section"], r["char_start"], r["char_end"])
                          for r in q("SELECT * FROM paragraphs WHERE doc = ? ORDER BY idx", (doc_id,))]
        doc.sentences = [Sentence(r["idx"], r["paragraph"], r["section"], r["char_start"], r["char_end"],
                                  r["text"])
                         for r in q("SELECT * FROM sentences WHERE doc = ? ORDER BY idx", (doc_id,))]
        doc.entities = self._stored_entities(doc_id)
        doc.timexes = [Timex(text=r["text"], start=r["char_start"], end=r["char_end"], value=r["value"],
                             mod=r["mod"], earliest=r["earliest"], latest=r["latest"], type=r["type"],
                             relative=bool(r["relative"]), anchor=r["anchor"], calendar=r["calendar"],
                             sentence=r["sentence"])
                       for r in q("SELECT * FROM timexes WHERE doc = ? ORDER BY id", (doc_id,))]
        doc.gaps = [Gap(r["kind"], r["text"], r["char_start"], r["char_end"], r["sentence"])
                    for r in q("SELECT * FROM gaps WHERE doc = ? ORDER BY id", (doc_id,))]
        doc.events, doc.relations = (
            [fact_payload(table, r, doc.text)
             for r in q(f"SELECT {_fact_select('f', table)} FROM {table} f WHERE doc = ? ORDER BY id", (doc_id,))]
            for table in ("events", "relations"))
        return doc

    def timexes(self, doc: str | Path | None = None) -> list[dict[str, Any]]:
        """Every date expression (of one document when ``doc`` is given), by document then offset.

        Each: ``{"document", "path", "text", "start", "end", "value", "mod", "earliest", "latest",
        "type", "relative", "anchor", "calendar", "sentence", "sentence_text"}``.
        """
        sql = ("SELECT t.doc AS document, d.path, t.text, t.char_start AS start, t.char_end AS \"end\","
               " t.value, t.mod, t.earliest, t.latest, t.type, t.relative, t.anchor, t.calendar,"
               f" t.sentence, {_SPAN_TEXT.format('d')} AS sentence_text FROM timexes t"
               " JOIN documents d ON d.id = t.doc LEFT JOIN span_rows s ON s.doc = d.key AND s.idx = t.sentence")
        params: list[Any] = []
        if doc is not None:
            doc_id = self._resolve(doc)
            if doc_id is None:
                return []
            sql += " WHERE t.doc = ?"
            params.append(doc_id)
        rows = self._rows(sql + " ORDER BY t.doc, t.char_start, t.id", params)
        for r in rows:
            r["relative"] = bool(r["relative"])
        return rows

    def gaps(self, doc: str | Path | None = None) -> list[dict[str, Any]]:
        """Every gap: ``{"document", "path", "kind", "text", "start", "end", "sentence",
        "sentence_text"}`` by document then offset."""
        sql = ("SELECT g.doc AS document, d.path, g.kind, g.text, g.char_start AS start,"
               f" g.char_end AS \"end\", g.sentence, {_SPAN_TEXT.format('d')} AS sentence_text FROM gaps g"
               " JOIN documents d ON d.id = g.doc"
               " LEFT JOIN span_rows s ON s.doc = d.key AND s.idx = g.sentence")
        params: list[Any] = []
        if doc is not None:
            doc_id = self._resolve(doc)
            if doc_id is None:
                return []
            sql += " WHERE g.doc = ?"
            params.append(doc_id)
        return self._rows(sql + " ORDER BY g.doc, g.char_start, g.id", params)

    def _payloads(self, table: str, doc: str | Path | None) -> list[dict[str, Any]]:
        sql = f"SELECT f.doc, {_fact_select('f', table)} FROM {table} f"
        params: list[Any] = []
        if doc is not None:
            doc_id = self._resolve(doc)
            if doc_id is None:
                return []
            sql += " WHERE doc = ?"
            params.append(doc_id)
        rows = self._db.execute(sql + " ORDER BY doc, char_start, id", params)
        texts = _Texts(self._db)
        return [{**texts.expand(table, r), "document": r["doc"]} for r in rows]

    def events(self, doc: str | Path | None = None) -> list[dict[str, Any]]:
        """Stored events as extracted, each with ``"document"`` added, by document then offset."""
        return self._payloads("events", doc)

    def relations(self, doc: str | Path | None = None) -> list[dict[str, Any]]:
        """Stored relations as extracted, each with ``"document"`` added, by document then offset."""
        return self._payloads("relations", doc)

    # -- queries: events and relations with canonical entities --------------------------------

    # Events (or relations) that name one of a JSON list of canonical entities, found from
    # doc_entities (indexed by entity) so only the documents that mention them are read.
    _EVENTS_NAMING = (
        "SELECT ev.id FROM doc_entities de JOIN events ev ON ev.doc = de.doc,"
        " json_each(coalesce(ev.participants, ev.participants_json, json_extract(ev.extra, '$.participants'))) p"
        " WHERE de.entity IN (SELECT value FROM json_each(?))"
        " AND coalesce(json_extract(p.value, '$[0]'), json_extract(p.value, '$.entity')) = de.local_id"
        " UNION SELECT ev.id FROM doc_entities de JOIN events ev ON ev.doc = de.doc"
        " WHERE de.entity IN (SELECT value FROM json_each(?))"
        " AND coalesce(json_extract(ev.place, '$.entity'), json_extract(ev.extra, '$.place.entity')) = de.local_id"
    )
    _RELATIONS_NAMING = (
        "SELECT r.id FROM doc_entities de JOIN relations r ON r.doc = de.doc"
        " WHERE de.entity IN (SELECT value FROM json_each(?))"
        " AND coalesce(r.subject_id, json_extract(r.extra, '$.subject_id')) = de.local_id"
        " UNION SELECT r.id FROM doc_entities de JOIN relations r ON r.doc = de.doc"
        " WHERE de.entity IN (SELECT value FROM json_each(?))"
        " AND coalesce(r.object_id, json_extract(r.extra, '$.object_id')) = de.local_id"
    )

    def _entity_links(self, docs: Iterable[str]) -> dict[tuple[str, str], dict[str, Any]]:
        """(document, local id) -> ``{"entity", "name", "type"}`` of the canonical entity."""
        rows = self._db.execute(
            "SELECT de.doc, de.local_id, e.id, e.name, e.type FROM doc_entities de"
            " JOIN entities e ON e.id = de.entity WHERE de.doc IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(docs))),))
        return {(r[0], r[1]): {"entity": r[2], "name": r[3], "type": r[4]} for r in rows}

    @staticmethod
    def _canonical_ref(ref: Any, doc: str, links: dict[tuple[str, str], dict[str, Any]]) -> dict[str, Any]:
        """An extracted entity reference (``{"entity": "e3", "name", ...}``) with its canonical
        entity: ``{"entity": id | None, "name": canonical name (else as extracted), "type", "text",
        "local"}`` plus the reference's other keys (``role``)."""
        ref = ref if isinstance(ref, dict) else {"name": str(ref)}
        local = ref.get("entity")
        link = links.get((doc, local)) if isinstance(local, str) else None
        out = {k: v for k, v in ref.items() if k not in ("entity", "name")}
        out.update({"entity": link["entity"] if link else None,
                    "name": link["name"] if link else ref.get("name"),
                    "type": link["type"] if link else None,
                    "text": ref.get("name"), "local": local})
        return out

    def types_in_use(self, kind: str) -> list[str]:
        """The event types (``kind`` "event") or relation types ("relation") the store holds, sorted."""
        sql = "SELECT DISTINCT type FROM events" if kind == "event" else "SELECT DISTINCT relation FROM relations"
        return sorted(r[0] for r in self._db.execute(sql).fetchall() if r[0])

    def event_records(
        self,
        documents: Iterable[str] | None = None,
        type: str | None = None,
        entity_ids: Iterable[int] | None = None,
        keep: Callable[[str | None, str], bool] | None = None,
    ) -> list[dict[str, Any]]:
        """Stored events with their participants and place resolved to canonical entities.

        Filters combine: ``documents`` (ids), ``type`` (event type), ``entity_ids`` (canonical
        entities of which one must be a participant or the place).  Each record, by document then
        offset: ``{"key": "doc:v3", "document", "event", "path", "document_title", "type", "trigger",
        "description", "time", "participants": [{"entity", "name", "type", "role", "text", "local"}], "place",
        "negated", "modality", "order", "start", "end", "sentence_index", "sentence"}``; ``entity``
        is the canonical id (None when the extractor linked no entity), ``local`` the document's own;
        ``description`` says each participant by its canonical name (:func:`canonical_description`).
        ``keep``, a quick test of an event's type and trigger words (its trigger and the words of its
        triggers' record, as one text), leaves out the events it refuses before they are read in full.
        """
        sql = ("SELECT ev.id AS rowid, ev.doc, ev.local_id, ev.sentence, ev.char_start, ev.char_end,"
               f" {_fact_select('ev', 'events')}, d.path, d.title, {_SPAN_TEXT.format('d')} AS sentence_text"
               " FROM events ev JOIN documents d ON d.id = ev.doc"
               " LEFT JOIN span_rows s ON s.doc = d.key AND s.idx = ev.sentence")
        conds: list[str] = []
        params: list[Any] = []
        if documents is not None:
            conds.append("ev.doc IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(sorted(set(documents))))
        if type is not None:
            conds.append("ev.type = ?")
            params.append(type)
        if entity_ids is not None:
            ids = json.dumps(sorted(set(entity_ids)))
            conds.append(f"ev.id IN ({self._EVENTS_NAMING})")
            params += [ids, ids]
        if conds:
            sql += " WHERE " + " AND ".join(conds)
        rows = self._db.execute(sql + " ORDER BY ev.doc, ev.char_start, ev.id", params).fetchall()
        if keep is not None:
            rows = [r for r in rows if keep(r["type"], " ".join(
                filter(None, (r["trigger_word"], r["triggers"], r["triggers_json"]))))]
        links = self._entity_links({r["doc"] for r in rows})
        texts = _Texts(self._db)
        out = []
        for r in rows:
            e = texts.expand("events", r)
            doc = r["doc"]
            local = r["local_id"] or f"x{r['rowid']}"
            source = e.get("source") or {}
            participants = [self._canonical_ref(p, doc, links) for p in e.get("participants") or []]
            out.append({
                "key": f"{doc}:{local}",
                "document": doc,
                "event": r["local_id"],
                "path": r["path"],
                "document_title": r["title"],
                "type": e.get("type"),
                "trigger": e.get("trigger"),
                "time": e.get("time") or None,
                "description": canonical_description(e.get("description"), participants),
                "participants": participants,
                "place": self._canonical_ref(e["place"], doc, links) if e.get("place") else None,
                "negated": bool(e.get("negated")),
                "modality": e.get("modality"),
                "order": e.get("order"),
                "start": r["char_start"],
                "end": r["char_end"],
                "sentence_index": r["sentence"],
                "sentence": r["sentence_text"] or source.get("sentence"),
            })
        return out

    def relation_records(
        self,
        type: str | None = None,
        entity_ids: Iterable[int] | None = None,
        negated: bool | None = None,
    ) -> list[dict[str, Any]]:
        """Stored relations with subject and object resolved to canonical entities.

        Filters combine: ``type`` (relation name), ``entity_ids`` (canonical entities of which one
        must be the subject or the object), ``negated`` (True or False to keep only those).  Each,
        by document then offset: ``{"document", "path", "document_title", "relation", "subject",
        "subject_entity", "subject_type", "subject_text", "object", "object_entity", "object_type",
        "object_text", "negated", "value", "mod", "earliest", "latest", "basis", "sentence_index",
        "sentence", "start", "end"}``; ``subject``/``object`` are canonical names (as extracted when
        not linked), ``*_entity`` canonical ids or None.
        """
        sql = (f"SELECT r.id AS rowid, r.doc, {_fact_select('r', 'relations')}, d.path,"
               f" d.title, {_SPAN_TEXT.format('d')} AS sentence_text FROM relations r"
               " JOIN documents d ON d.id = r.doc LEFT JOIN span_rows s ON s.doc = d.key AND s.idx = r.sentence")
        conds: list[str] = []
        params: list[Any] = []
        if type is not None:
            conds.append("r.relation = ?")
            params.append(type)
        if entity_ids is not None:
            ids = json.dumps(sorted(set(entity_ids)))
            conds.append(f"r.id IN ({self._RELATIONS_NAMING})")
            params += [ids, ids]
        if conds:
            sql += " WHERE " + " AND ".join(conds)
        rows = self._db.execute(sql + " ORDER BY r.doc, r.char_start, r.id", params).fetchall()
        links = self._entity_links({r["doc"] for r in rows})
        texts = _Texts(self._db)
        out = []
        for r in rows:
            rel = texts.expand("relations", r)
            if negated is not None and bool(rel.get("negated")) != negated:
                continue
            doc = r["doc"]
            ends = {side: self._canonical_ref({"entity": rel.get(f"{side}_id"), "name": rel.get(side)}, doc, links)
                    for side in ("subject", "object")}
            time = rel.get("time") or {}
            source = rel.get("source") or {}
            row: dict[str, Any] = {"document": doc, "path": r["path"], "document_title": r["title"],
                                   "relation": rel.get("relation")}
            for side, ref in ends.items():
                row |= {side: ref["name"], f"{side}_entity": ref["entity"], f"{side}_type": ref["type"],
                        f"{side}_text": ref["text"]}
            row |= {"negated": bool(rel.get("negated")), "value": time.get("value"), "mod": time.get("mod"),
                    "earliest": time.get("earliest"), "latest": time.get("latest"), "basis": time.get("basis"),
                    "sentence_index": r["sentence"], "sentence": r["sentence_text"] or source.get("sentence"),
                    "start": r["char_start"], "end": r["char_end"]}
            out.append(row)
        return out

    def sentence_facts(self, sentences: Iterable[tuple[str, int]]) -> dict[tuple[str, int], dict[str, Any]]:
        """What each (document, sentence index) says: its text, the entities mentioned in it and its dates.

        ``{(doc, idx): {"text", "start", "end", "title", "path", "mentions": [{"entity", "name", "type",
        "text", "start", "end"}], "timexes": [{"text", "value", "mod", "start", "end"}]}}``; ``entity`` is
        the canonical id, ``name`` the canonical name.
        """
        keys = list(dict.fromkeys(sentences))
        out: dict[tuple[str, int], dict[str, Any]] = {}
        if not keys:
            return out
        wanted = json.dumps([[d, i] for d, i in keys])
        pick = "SELECT json_extract(value, '$[0]') AS doc, json_extract(value, '$[1]') AS idx FROM json_each(?)"
        # rows read as tuples: this runs for hundreds of sentences a question
        db = self._db
        for doc, idx, text, start, end, title, path in db.execute(
                "SELECT s.doc, s.idx, s.text, s.char_start, s.char_end, d.title, d.path"
                f" FROM ({pick}) w JOIN sentences s ON s.doc = w.doc AND s.idx = w.idx"
                " JOIN documents d ON d.id = s.doc", (wanted,)):
            out[(doc, idx)] = {"text": text, "start": start, "end": end, "title": title, "path": path,
                               "mentions": [], "timexes": []}
        for doc, idx, entity, name, etype, text, start, end in db.execute(
                "SELECT m.doc, m.sentence, m.entity, e.name, e.type, m.text, m.char_start, m.char_end"
                f" FROM ({pick}) w JOIN mentions m ON m.doc = w.doc AND m.sentence = w.idx"
                " JOIN entities e ON e.id = m.entity ORDER BY m.char_start", (wanted,)):
            fact = out.get((doc, idx))
            if fact is not None:
                fact["mentions"].append({"entity": entity, "name": name, "type": etype, "text": text,
                                         "start": start, "end": end})
        for doc, idx, text, value, mod, start, end in db.execute(
                "SELECT t.doc, t.sentence, t.text, t.value, t.mod, t.char_start, t.char_end"
                f" FROM ({pick}) w JOIN timexes t ON t.doc = w.doc AND t.sentence = w.idx"
                " ORDER BY t.char_start", (wanted,)):
            fact = out.get((doc, idx))
            if fact is not None:
                fact["timexes"].append({"text": text, "value": value, "mod": mod, "start": start, "end": end})
        return out

    def sentences_mentioning(self, entity_ids: Iterable[int], limit: int = 200) -> list[tuple[str, int]]:
        """(document, sentence index) of sentences that mention any of these canonical entities."""
        ids = json.dumps(sorted(set(entity_ids)))
        return [(r["doc"], r["sentence"]) for r in self._rows(
            "SELECT DISTINCT doc, sentence FROM mentions WHERE entity IN (SELECT value FROM json_each(?))"
            " ORDER BY doc, sentence LIMIT ?", (ids, int(limit)))]

    def search_sentences(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over sentences, best first.

        ``query`` may use FTS5 syntax (``"Don Cossacks"``, ``Vlasov AND army``); anything FTS5
        cannot parse is searched as plain words.  Each hit: ``{"document", "path", "title",
        "sentence", "start", "end", "text", "snippet", "rank"}`` (lower rank is better).
        """
        hits, query = self._search(query, limit)
        if not hits:
            return []
        ids = [h[0] for h in hits]
        marks = ", ".join("?" * len(ids))
        rows = {r["id"]: r for r in self._rows(
            "SELECT s.id, s.doc AS document, d.path, d.title, s.idx AS sentence, s.char_start AS start,"
            f" s.char_end AS \"end\", s.text FROM sentences s JOIN documents d ON d.id = s.doc WHERE s.id IN ({marks})",
            ids)}
        snippets = dict(self._db.execute(
            "SELECT rowid, snippet(sentences_fts, 0, '[', ']', '…', 12) FROM sentences_fts"
            f" WHERE sentences_fts MATCH ? AND rowid IN ({marks})", _encodable([query, *ids])).fetchall())
        out = []
        for sid, _doc, _idx, rank in hits:
            row = rows[sid]
            del row["id"]
            out.append(row | {"snippet": snippets.get(sid), "rank": rank})
        return out

    def search_sentence_keys(self, query: str, limit: int = 20) -> list[tuple[str, int]]:
        """The (document, sentence index) of :meth:`search_sentences`' hits, in its order, without their text:
        the quick form for a caller that reads the sentences another way."""
        return [(doc, idx) for _sid, doc, idx, _rank in self._search(query, limit)[0]]

    def _search(self, query: str, limit: int) -> tuple[list[tuple[int, str, int, float]], str]:
        """The best ``limit`` sentences (id, document, index, rank) for a full-text query, and the query as
        FTS5 read it (as given, else its words quoted)."""
        # NUL, other control characters and lone surrogates (a URL's %00, a broken escape) are no words
        query = "".join(ch for ch in query if ch.isprintable() or ch in " \t\n")
        if not query.strip():
            return [], query
        # only the sort keys go through the sort of every match; text and snippets are read for the few kept
        sql = ("SELECT s.id, s.doc, s.idx, bm25(sentences_fts) AS rank FROM sentences_fts"
               " JOIN sentences s ON s.id = sentences_fts.rowid"
               " WHERE sentences_fts MATCH ? ORDER BY rank, s.doc, s.idx LIMIT ?")
        try:
            return [tuple(r) for r in self._db.execute(sql, _encodable((query, int(limit))))], query
        except sqlite3.OperationalError:
            words = " ".join('"' + w.replace('"', '""') + '"' for w in query.split())
            try:
                return [tuple(r) for r in self._db.execute(sql, _encodable((words, int(limit))))], words
            except sqlite3.OperationalError:  # words FTS5 cannot read even quoted: nothing matches them
                return [], words

    # -- upkeep -------------------------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        """Row counts per table, in :data:`TABLES` order."""
        return {t: int(self._db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}

    def check(self) -> list[str]:
        """Integrity problems, one sentence each; an empty list when the store is healthy.

        Damage is a finding, never an exception: a step that SQLite cannot even run on a damaged file
        (malformed pages, a truncated file) says so and the other steps still run.
        """
        q = self._db.execute
        problems: list[str] = []

        def step(what: str, run: Callable[[], list[str]]) -> None:
            try:
                problems.extend(run())
            except sqlite3.DatabaseError as exc:
                problems.append(f"{what} could not be checked, the file is damaged: {exc}")

        def integrity() -> list[str]:
            result = [r[0] for r in q("PRAGMA integrity_check")]
            return [] if result == ["ok"] else [f"integrity_check: {r}" for r in result]

        step("the file's pages", integrity)
        step("foreign keys", lambda: [f"foreign key: row {r[1]} of {r[0]} points to a missing {r[2]}"
                                      for r in q("PRAGMA foreign_key_check")])
        step("the full-text index", self._check_fts)
        orphan_checks = [
            ("canonical entity {} is mentioned by no document",
             "SELECT id FROM entities WHERE id NOT IN (SELECT entity FROM doc_entities)"),
            ("mention {} is linked to another canonical entity than its document entity",
             "SELECT m.id FROM mentions m JOIN doc_entities d ON d.id = m.doc_entity "
             "WHERE m.entity != d.entity OR m.doc != d.doc"),
            ("alias {} is linked to another canonical entity than its document entity",
             "SELECT a.id FROM entity_aliases a JOIN doc_entities d ON d.id = a.doc_entity "
             "WHERE a.entity != d.entity"),
            ("title {} is linked to another canonical entity than its document entity",
             "SELECT t.id FROM entity_titles t JOIN doc_entities d ON d.id = t.doc_entity "
             "WHERE t.entity != d.entity"),
            ("canonical entity {} has a mention count that differs from its mentions",
             "SELECT id FROM entities e WHERE n_mentions != (SELECT count(*) FROM mentions m WHERE m.entity = e.id)"),
            ("canonical entity {} has name counts that differ from its document entities",
             "SELECT entity FROM (SELECT entity, name, n FROM entity_names EXCEPT "
             "SELECT entity, name, count(*) FROM doc_entities GROUP BY entity, name) UNION "
             "SELECT entity FROM (SELECT entity, name, count(*) FROM doc_entities GROUP BY entity, name EXCEPT "
             "SELECT entity, name, n FROM entity_names)"),
            ("canonical entity {} has lookup keys that differ from its aliases",
             f"SELECT entity FROM (SELECT kind, value, entity, n FROM entity_keys EXCEPT {_KEYS_OF_ALIASES}) "
             f"UNION SELECT entity FROM ({_KEYS_OF_ALIASES} EXCEPT SELECT kind, value, entity, n FROM entity_keys)"),
            ("document {} has a sentence count that differs from its sentences",
             "SELECT id FROM documents d WHERE n_sentences != "
             "(SELECT count(*) FROM sentences s WHERE s.doc = d.id)"),
        ]
        for message, sql in orphan_checks:
            step("the links and counts of entities and documents",
                 lambda m=message, s=sql: [m.format(r[0]) for r in q(s)])

        def places() -> list[str]:
            located: dict[int, list[str]] = {}
            for entity, place in q("SELECT entity, place FROM doc_entities WHERE place IS NOT NULL"):
                located.setdefault(entity, []).append(place)
            return [f"canonical entity {eid} has another place than its document entities give it"
                    for eid, place in q("SELECT id, place FROM entities")
                    if place != canonical_place(located.get(eid, []))]

        step("the places of entities", places)
        return problems

    def _check_fts(self) -> list[str]:
        problem = ("full-text index is out of step with sentences "
                   "(re-ingest, or run the FTS5 'rebuild' command)")
        if not self.readonly:
            try:
                with self._transaction() as conn:
                    conn.execute("INSERT INTO sentences_fts(sentences_fts, rank) "
                                 "VALUES ('integrity-check', 1)")
                return []
            except sqlite3.DatabaseError as exc:
                if "readonly" not in str(exc):  # a file SQLite opened read-only: compare rows as below
                    return [problem]
        # Read-only: FTS5's own check writes, so compare the indexed rows with the sentences.
        q = self._db.execute
        missing = q("SELECT count(*) FROM sentences WHERE id NOT IN (SELECT id FROM sentences_fts_docsize)")
        extra = q("SELECT count(*) FROM sentences_fts_docsize WHERE id NOT IN (SELECT id FROM sentences)")
        mismatch = missing.fetchone()[0] + extra.fetchone()[0]
        return [problem] if mismatch else []

    # -- bulk loading of resolved batch partitions (annals batch, annals/batch_resolve.py) ------------

    def link_in_order(self, docs: list[tuple[str, list[Entity]]], whole: bool = True,
                      previous: dict[tuple[str, str], int] | None = None) -> set[int]:
        """Store and link the entities of stored documents, document after document in the order given (the
        order of their content hashes, for :meth:`resolve_entities`), as one linking pass: ``docs`` holds each
        document's id and its entities as stored (:meth:`_stored_entities`).  Returns the canonical entities
        touched; they are not tidied (:meth:`_tidy_entities`).  ``whole`` and ``previous``: as
        :meth:`_insert_entities` takes them."""
        affected: set[int] = set()
        self._born, self._years_memo = {}, {}
        try:
            for d, ents in docs:
                affected |= self._insert_entities(Document(id=d, text="", entities=ents), d, whole=whole,
                                                  previous=previous)
        finally:
            self._born, self._years_memo = None, None
        return affected

    def add_dated_document(self, doc_id: str, content_hash: str, timexes: list[Timex]) -> None:
        """A document row with its dates only (no text, no entities): what linking reads of a document that
        :meth:`link_in_order` then links (a scratch store's, in ``annals batch``)."""
        self._require_writable()
        with self._transaction():
            doc = Document(id=doc_id, text="", content_hash=content_hash, timexes=timexes)
            self._insert_document(doc, doc_id, content_hash)
            self._insert_facts(doc, doc_id, "")

    def entities_as_stored(self, doc_id: str) -> list[Entity]:
        """A document's entities as stored (what :meth:`resolve_entities` links again), in order."""
        return self._stored_entities(doc_id)

    def rows_changed(self) -> int:
        """Rows inserted, changed or deleted through this connection since it was opened (triggers' included)."""
        return int(self._db.total_changes)

    def holds_documents(self) -> bool:
        """Whether any document is stored."""
        return self._db.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is not None

    def next_entity_id(self) -> int:
        """The id after the largest canonical entity id."""
        return int(self._db.execute("SELECT coalesce(max(id), 0) + 1 FROM entities").fetchone()[0])

    def documents_under(self, prefix: str) -> list[tuple[str, str]]:
        """``(id, path)`` of the stored documents whose path starts with ``prefix`` (the pages of one dump)."""
        return [(r[0], r[1]) for r in self._db.execute(
            "SELECT id, path FROM documents WHERE substr(path, 1, ?) = ? ORDER BY id", (len(prefix), prefix))]

    def blocking_keys(self) -> list[tuple[str, str, str, list[str]]]:
        """For every document entity: ``(doc, local_id, type, keys)``, the keys linking goes through, as
        :meth:`_keys_of` and :meth:`_linked_group` read them (the tail of each strong alias for people; the
        type with each strong alias's norm and core for the rest).  Two document entities that share no key,
        directly or through others, are never linked, so these keys block the corpus for resolution."""
        out: dict[int, tuple[str, str, str, list[str]]] = {}
        for r in self._db.execute("SELECT id, doc, local_id, type FROM doc_entities ORDER BY id"):
            out[r[0]] = (r[1], r[2], r[3], [])
        for de, etype, norm, core, tail in self._db.execute(
                "SELECT a.doc_entity, d.type, a.norm, a.core, a.tail FROM entity_aliases a JOIN doc_entities d "
                "ON d.id = a.doc_entity WHERE a.weak = 0 ORDER BY a.id"):
            keys = out[de][3]
            if etype == "PERSON":
                keys.append("PERSON\x00tail\x00" + tail)
            else:
                keys.extend((f"{etype}\x00\x00{norm}", f"{etype}\x00\x00{core}"))
        return [(d, lid, t, list(dict.fromkeys(k))) for d, lid, t, k in out.values()]

    def canonical_rows(self) -> list[dict[str, Any]]:
        """Every canonical entity (``id name norm tail type subtype place``) and the document entities linked
        to it (``members``: ``(doc, local_id)`` in the order they were stored)."""
        ents = {r["id"]: dict(r) | {"members": []} for r in self._db.execute(
            "SELECT id, name, norm, tail, type, subtype, place FROM entities ORDER BY id")}
        for r in self._db.execute("SELECT doc, local_id, entity FROM doc_entities ORDER BY id"):
            ents[r[2]]["members"].append((r[0], r[1]))
        return [e for e in ents.values() if e["members"]]

    def load_partition(self, path: str | Path, entities: list[tuple[Any, ...]],
                       links: list[tuple[str, str, int]]) -> None:
        """Copy every document of another store file (a batch partition, written with the same schema) into
        this one, its document entities linked to the canonical entities given: ``entities`` the rows
        ``(id, name, norm, tail, type, subtype, place)`` to add first, ``links`` ``(doc, local_id, entity)``
        for each document entity.  Rows keep their columns; the keys of document entities are moved past
        this store's, every other row id is given anew.  One ``INSERT ... SELECT`` a table (in SQLite, in the
        partition's order); the triggers keep the counts and keys of canonical entities.  One transaction of
        its own (SQLite attaches a file only outside one: not to be called within :meth:`bulk`)."""
        self._require_writable()
        conn = self._db
        conn.execute("ATTACH DATABASE ? AS part", (str(path),))
        try:
            with self._transaction():
                conn.executemany("INSERT INTO entities (id, name, norm, tail, type, subtype, place) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)", entities)
                conn.execute("CREATE TEMP TABLE IF NOT EXISTS batch_links (doc TEXT NOT NULL, local_id TEXT NOT "
                             "NULL, entity INTEGER NOT NULL, PRIMARY KEY (doc, local_id)) WITHOUT ROWID")
                conn.execute("DELETE FROM temp.batch_links")
                conn.executemany("INSERT INTO temp.batch_links VALUES (?, ?, ?)", links)
                offset = conn.execute("SELECT coalesce(max(id), 0) FROM main.doc_entities").fetchone()[0]

                def columns(table: str) -> list[str]:
                    return [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]

                for table in ("documents", "sections", "paragraphs", "sentence_spans", "timexes", "gaps",
                              "events", "relations"):
                    # a document's integer key (schema 8) is this store's to give
                    cols = [c for c in columns(table) if (c != "id" or table == "documents") and c != "key"]
                    names = ", ".join(cols)
                    conn.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM part.{table} ORDER BY rowid")
                cols = columns("doc_entities")
                exprs = ["x.id + :off" if c == "id" else "l.entity" if c == "entity" else f"x.{c}" for c in cols]
                conn.execute(f"INSERT INTO main.doc_entities ({', '.join(cols)}) SELECT {', '.join(exprs)} FROM "
                             "part.doc_entities x JOIN temp.batch_links l ON l.doc = x.doc AND l.local_id = x.local_id "
                             "ORDER BY x.id", {"off": offset})
                for table in ("entity_aliases", "entity_titles", "mentions"):
                    cols = [c for c in columns(table) if c != "id"]
                    exprs = ["x.doc_entity + :off" if c == "doc_entity" else "l.entity" if c == "entity" else f"x.{c}"
                             for c in cols]
                    conn.execute(f"INSERT INTO main.{table} ({', '.join(cols)}) SELECT {', '.join(exprs)} FROM "
                                 f"part.{table} x JOIN part.doc_entities d ON d.id = x.doc_entity JOIN "
                                 "temp.batch_links l ON l.doc = d.doc AND l.local_id = d.local_id ORDER BY x.id",
                                 {"off": offset})
                conn.execute("DELETE FROM temp.batch_links")
        finally:
            conn.execute("DETACH DATABASE part")


#: Documents up to this many characters keep no text of their own for their sentences (the view reads it
#: from the document's); a longer document's sentences keep theirs, since SQLite reads a span of a text by
#: a pass over it, which for every sentence of a long text would cost its length squared.
SHORT_TEXT = 16_384


def _own_span(value: str, start: int, end: int, text: str | None) -> str | None:
    """What ``mention_rows.text`` or ``timex_rows.text`` holds (schema 10): None when ``value`` is the document's
    ``text`` between its offsets and the document is short (the views read it there), else ``value``."""
    if text is not None and len(text) <= SHORT_TEXT and "\x00" not in text and value == text[start:end]:
        return None
    return value


def _own_text(sentence: Sentence, text: str) -> str | None:
    """What ``sentence_spans.text`` holds for a sentence: None when its text is the document's between
    its offsets (the view ``sentences`` reads it there) and the document is short, else its own text."""
    if len(text) <= SHORT_TEXT and "\x00" not in text and sentence.text == text[sentence.start:sentence.end]:
        return None
    return sentence.text


def _chunks(values: list[Any], size: int = 400) -> Iterator[list[Any]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _encodable(params: Sequence[Any]) -> Sequence[Any]:
    """Query parameters SQLite can take: a lone surrogate (a broken escape in a URL or a file name
    decoded by Python) becomes U+FFFD instead of failing the query with UnicodeEncodeError."""
    if not any(isinstance(p, str) and not p.isascii() for p in params):
        return params
    return [p.encode("utf-16", "surrogatepass").decode("utf-16", "replace") if isinstance(p, str) else p
            for p in params]


def _has_sqlite_header(path: Path) -> bool:
    """Whether the file starts as every SQLite database does (then "not a database" means damaged)."""
    try:
        with path.open("rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _looks_like_damaged_sqlite(path: Path) -> bool:
    """A file whose first page is not SQLite's but whose other pages are laid out as a SQLite
    database's (whole pages of a power-of-two size, most starting as b-tree or free pages do): a store
    whose header page was overwritten, not some other file."""
    try:
        size = path.stat().st_size
        if size < 8192 or size % 4096:
            return False
        with path.open("rb") as f:
            firsts = []
            for page in range(1, min(size // 4096, 200)):
                f.seek(page * 4096)
                firsts.append(f.read(1)[0])
    except OSError:
        return False
    return sum(b in (0x00, 0x02, 0x05, 0x0A, 0x0D) for b in firsts) >= 0.8 * len(firsts)


def open_store(path: str | Path, create: bool = True, readonly: bool = False) -> Store:
    """Open (or create) the store at ``path``; see :class:`Store`."""
    return Store(path, create=create, readonly=readonly)


def canonical_description(description: str | None, participants: list[dict[str, Any]]) -> str | None:
    """An event's description with each participant's name as the document gave it replaced by the
    store's canonical name for that entity (another document may know it by a fuller name)."""
    if not description:
        return description
    for p in sorted(participants, key=lambda p: -len(p.get("text") or "")):
        said, name = p.get("text"), p.get("name")
        if said and name and said != name and name not in description:
            description = re.sub(rf"(?<![\w-]){re.escape(said)}(?![\w-])", lambda _m, n=name: n, description)
    return description


# ---------------------------------------------------------------------------------------------
# Compact payloads of events and relations (schema 6)
# ---------------------------------------------------------------------------------------------

#: In a stored payload, ``"sentence": true`` beside ``"start"`` and ``"end"`` stands for the document's
#: text between those offsets: the text a citation quotes is stored once, in the document.
_SPAN = True
_MARKED = re.compile(r'"sentence":\s*true')


def _span_text(node: dict[str, Any], text: str) -> str | None:
    start, end = node.get("start"), node.get("end")
    if type(start) is not int or type(end) is not int or not 0 <= start <= end <= len(text):
        return None
    return text[start:end]


def compact_payload(payload: Any, text: str) -> str:
    """The JSON stored for an extracted event or relation: as extracted, except that a quoted sentence
    (``"sentence"`` beside ``"start"``/``"end"``, in ``source`` or ``named_in``) that is the document's
    ``text`` between those offsets is stored as ``true`` (:func:`expand_payload` puts it back).  Keys keep
    their order, so the payload read back is the one extracted, to the byte."""

    def walk(value: Any) -> Any:  # (called on dicts and lists only: most values are neither)
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                if k == "sentence" and isinstance(v, str) and v == _span_text(value, text):
                    out[k] = _SPAN
                else:
                    out[k] = walk(v) if isinstance(v, (dict, list)) else v
            return out
        return [walk(v) if isinstance(v, (dict, list)) else v for v in value]

    return json.dumps(walk(payload) if isinstance(payload, (dict, list)) else payload, ensure_ascii=False,
                      separators=(",", ":"))


def expand_payload(stored: str, text: str | Callable[[], str]) -> Any:
    """The event or relation as extracted, from its stored JSON (:func:`compact_payload`) and the text of
    its document (or a function giving it, called only when a sentence must be put back)."""
    payload = json.loads(stored)
    if not _MARKED.search(stored):
        return payload
    doc_text = text() if callable(text) else text

    def walk(value: Any) -> Any:  # (called on dicts and lists only)
        if isinstance(value, dict):
            return {k: (_span_text(value, doc_text) if k == "sentence" and v is _SPAN
                        else walk(v) if isinstance(v, (dict, list)) else v) for k, v in value.items()}
        return [walk(v) if isinstance(v, (dict, list)) else v for v in value]

    return walk(payload) if isinstance(payload, (dict, list)) else payload


class _Texts:
    """The texts of stored documents, read once each and kept while rows of the same document follow
    (readers go by document), so that putting sentences back costs one read per document."""

    def __init__(self, conn: sqlite3.Connection, keep: int = 8):
        self._conn = conn
        self._keep = keep
        self._texts: dict[str, str] = {}

    def get(self, doc: str) -> str:
        text = self._texts.get(doc)
        if text is None:
            row = self._conn.execute("SELECT text FROM documents WHERE id = ?", (doc,)).fetchone()
            text = row[0] if row is not None else ""
            if len(self._texts) >= self._keep:
                self._texts.pop(next(iter(self._texts)))
            self._texts[doc] = text
        return text

    def expand(self, table: str, row: Any) -> Any:
        """The event or relation of a row (with ``doc`` and the columns of :data:`_FACT_COLUMNS`)."""
        return fact_payload(table, row, lambda: self.get(row["doc"]))

