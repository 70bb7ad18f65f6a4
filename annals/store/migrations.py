"""The schema's steps: :data:`MIGRATIONS` lists them in order, each SQL (the ``schema_v*.sql`` files of this
package) or a function of the connection, run in its own transaction by :meth:`annals.store.Store._migrate`.
A step is never edited once released: a change is a new step at the end."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from importlib import resources

from annals.model import Sentence
from annals.store.compact import compact_payload
from annals.store.edits import SCHEMA_EDITS
from annals.store.payloads import (
    _FACT_COLUMNS,
    _FIELD_COLUMNS,
    _FILTER_COLUMNS,
    _KIND_SQL,
    _SPAN_COLUMNS,
    SHORT_TEXT,
    _all_fields,
    _own_text,
    _Texts,
    fact_columns,
    fact_payload,
)
from annals.store.places import _locate_stored
from annals.store.util import DAY_COLUMNS, DAY_STORED, DAY_TEXT


def _step_sql(name: str) -> str:
    """The SQL of a released step, as written (a file of this package)."""
    return resources.files("annals.store").joinpath(name).read_text(encoding="utf-8")


_SCHEMA_V1 = _step_sql("schema_v1.sql")
_SCHEMA_V2 = _step_sql("schema_v2.sql")
# Version 3: what linking and tidying a canonical entity read, kept up to date by triggers, so that the
# cost of storing a document does not grow with how many documents already mention its entities.
_SCHEMA_V3 = _step_sql("schema_v3.sql")

Migration = str | Callable[[sqlite3.Connection], None]


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
    # (a mention is found by its document entity since schema 15: mentions_doc_entity, a linking index)
}
#: The indexes linking entities reads (not those that keep rows unique): a bulk load into an empty store, which
#: links nothing while it runs (its rows come linked, ``annals batch``), builds them at the end too, from the SQL
#: the store holds for them.
_LINKING_INDEXES = ("entity_aliases_norm", "entity_aliases_core", "entity_aliases_tail", "doc_entities_entity",
                    "mentions_doc_entity")  # (schema 18: the aliases and titles of an entity by its document entities)


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

def _schema_v7(conn: sqlite3.Connection) -> None:
    """Version 7: the payloads of events and relations as columns (:func:`fact_columns`, without a context:
    as schema 7 stored them)."""
    for table in ("events", "relations"):
        kinds = {c: k for _, c, k in _all_fields(table)}
        field_columns = [c for c in _FIELD_COLUMNS[table] if c not in _SPAN_COLUMNS[table]]  # (14 added those)
        for column in field_columns:
            sql_type = "TEXT" if column == "extra" else "INTEGER" if column == "whole" else _KIND_SQL[kinds[column]]
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}")
        rows = conn.execute(f"SELECT id, payload, {', '.join(_FILTER_COLUMNS[table])} FROM {table}").fetchall()
        sets = ", ".join(f"{c} = ?" for c in field_columns)
        updates = []
        for r in rows:
            filters = dict(zip(_FILTER_COLUMNS[table], r[2:], strict=True))
            cols = fact_columns(table, json.loads(r[1]), filters)
            updates.append(tuple(cols[c] for c in field_columns) + (r[0],))
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
    return make, _keyed_view_sql(view, columns, derived)


def _keyed_view_sql(view: str, columns: list[str], derived: dict[str, str],
                    stored: dict[str, str] | None = None) -> list[str]:
    """The statements that make the view ``view`` of its rows table (of these ``columns``) and its triggers
    (see :func:`_keyed_sql`); ``stored``: column -> what a write through the view stores for its value (SQL of
    ``{0}``, the value), for a column ``derived`` gives back (schema 17's days)."""
    stored = stored or {}
    rows = _KEYED[view]
    listed = ", ".join(columns)
    shown = ", ".join("d.id AS doc" if c == "doc" else f"{derived[c]} AS {c}" if c in derived else f"r.{c}"
                      for c in columns)
    key = "(SELECT key FROM documents WHERE id = new.doc)"
    new = {c: stored[c].format(f"new.{c}") if c in stored else f"new.{c}" for c in columns}
    values = ", ".join(key if c == "doc" else new[c] for c in columns)
    sets = ", ".join(f"{c} = {key}" if c == "doc" else f"{c} = CASE WHEN new.{c} IS old.{c} THEN {c} ELSE {new[c]} END"
                     if c in derived else f"{c} = new.{c}" for c in columns)
    after = [f"CREATE VIEW {view} AS SELECT {shown} FROM {rows} r JOIN documents d ON d.key = r.doc",
             f"CREATE TRIGGER {view}_insert INSTEAD OF INSERT ON {view} BEGIN "
             f"INSERT INTO {rows} ({listed}) VALUES ({values}); END",
             f"CREATE TRIGGER {view}_update INSTEAD OF UPDATE ON {view} BEGIN "
             f"UPDATE {rows} SET {sets} WHERE id = old.id; END",
             f"CREATE TRIGGER {view}_delete INSTEAD OF DELETE ON {view} BEGIN "
             f"DELETE FROM {rows} WHERE id = old.id; END"]
    return after


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


def _rebuild(conn: sqlite3.Connection, table: str, edit: Callable[[str], str], dropped: str | None = None) -> None:
    """Make ``table`` again from its own CREATE statement as ``edit`` changes it (the text after its first "("),
    with its rows in the order of their ids (the columns the new table has) and its indexes and triggers made
    again, but an index on ``dropped`` alone (a column the new table no longer has).  SQLite changes no column's
    type or constraints in place."""
    created = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
    kept = [r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND "
                                       "tbl_name = ? AND sql IS NOT NULL ORDER BY type, rowid", (table,))]
    conn.execute(f"CREATE TABLE {table}_new (" + edit(created.split("(", 1)[1]))
    listed = ", ".join(r[1] for r in conn.execute(f"PRAGMA table_info({table}_new)"))
    conn.execute(f"INSERT INTO {table}_new ({listed}) SELECT {listed} FROM {table} ORDER BY id")
    conn.execute(f"DROP TABLE {table}")  # (and its indexes and triggers; no other row refers to its rows)
    conn.execute(f"ALTER TABLE {table}_new RENAME TO {table}")
    for statement in kept:
        if dropped is None or f"ON {table}({dropped})" not in statement:
            conn.execute(statement)


def _replaced(*changes: tuple[str, str]) -> Callable[[str], str]:
    """An ``edit`` of :func:`_rebuild` that puts, for each ``(old, new)``, ``new`` for the one ``old`` of a table's
    columns."""
    def edit(body: str) -> str:
        for old, new in changes:
            assert body.count(old) == 1, (old, body)
            body = body.replace(old, new)
        return body
    return edit


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
    for table in ("mention_rows", "entity_aliases", "entity_titles"):  # (their triggers are set aside above)
        _rebuild(conn, table, _replaced(("REFERENCES doc_entities(id)", "REFERENCES doc_entity_rows(id)")))
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
        _rebuild(conn, rows, _replaced(("text TEXT NOT NULL", "text TEXT")))
        conn.execute(f"UPDATE {rows} SET text = NULL WHERE text = (SELECT substr(d.text, {rows}.char_start + 1, "
                     f"{rows}.char_end - {rows}.char_start) FROM documents d WHERE d.key = {rows}.doc "
                     f"AND length(d.text) <= {SHORT_TEXT} AND instr(d.text, char(0)) = 0)")
        for statement in after:
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


# Version 12: no second copy of the aliases' linking keys.  ``entity_keys`` (schema 3) held each strong alias's
# norm, core and tail with its entity's type, kept by triggers; entity_aliases holds and indexes the same three,
# so linking reads them there, with the entity's type from ``entities`` (the same rows: ``set_entity_type``
# rewrote the keys of an entity whose type changed).  A store's largest cross-document table, and three
# upserts on every alias written, go.
_SCHEMA_V12 = """
DROP TRIGGER entity_aliases_keys_insert;
DROP TRIGGER entity_aliases_keys_delete;
DROP TABLE entity_keys;
"""


# Version 13: an alias's core stored as "" where it is its norm, its tail as "" where it is its core, and the
# core and tail indexes holding only the others (annals.store.util: ALIAS_CORE, alias_form_in).  In an UPDATE
# every expression reads the row as it was.
_SCHEMA_V13 = """
UPDATE entity_aliases SET core = CASE WHEN core = norm THEN '' ELSE core END,
    tail = CASE WHEN tail = core THEN '' ELSE tail END
    WHERE core = norm OR tail = core;
DROP INDEX entity_aliases_core;
DROP INDEX entity_aliases_tail;
CREATE INDEX entity_aliases_core ON entity_aliases(core) WHERE core != '';
CREATE INDEX entity_aliases_tail ON entity_aliases(tail) WHERE tail != '';
"""


def _schema_v14(conn: sqlite3.Connection) -> None:
    """Version 14: events and relations point at what the store holds (see :class:`payloads._Context`): an
    event's participants and place at its document's entities, its triggers at its own trigger and type, the
    text of its date and its description at its document's text (offsets in four new columns of
    ``event_rows``), a relation's date text at its document's text.  The rows are read as schema 11 wrote
    them (:func:`fact_payload` without a context) and written again by reference where it holds."""
    conn.execute("DROP VIEW events")  # (and its triggers)
    for column in _SPAN_COLUMNS["events"]:
        conn.execute(f"ALTER TABLE event_rows ADD COLUMN {column} INTEGER")
    columns = [r[1] for r in conn.execute("PRAGMA table_info(event_rows)")]
    for statement in _keyed_view_sql("events", columns, {}):
        conn.execute(statement)
    for table in ("events", "relations"):
        texts = _Texts(conn)
        sets = ", ".join(f"{c} = ?" for c in _FIELD_COLUMNS[table])
        updates = []
        for r in conn.execute(f"SELECT f.id, f.doc, {', '.join(f'f.{c}' for c in _FACT_COLUMNS[table])} "
                              f"FROM {table} f ORDER BY f.doc, f.id").fetchall():
            row = dict(zip(["id", "doc", *_FACT_COLUMNS[table]], r, strict=True))
            filters = {c: row[c] for c in _FILTER_COLUMNS[table]}
            cols = fact_columns(table, fact_payload(table, row), filters, texts.context(row["doc"]))
            updates.append(tuple(cols[c] for c in _FIELD_COLUMNS[table]) + (row["id"],))
        conn.executemany(f"UPDATE {_KEYED[table]} SET {sets} WHERE id = ?", updates)


# Version 15: a mention names its document entity only.  ``mention_rows`` held the mention's document and canonical
# entity too, copies of its document entity's (``doc_entity_rows.doc`` and ``.entity``), each with an index of its
# own: more than a third of the table with its indexes.  The view ``mentions`` gives both from the document entity
# (so a mention always goes with it: a document entity linked elsewhere takes its mentions along), and a write
# through the view that names a document or entity other than its document entity's is refused.  The mentions
# of a document or of a canonical entity are read through the document entities' indexes (doc_entity_rows_doc,
# doc_entities_entity) and then mentions_doc_entity, which holds each mention's sentence too (the mentions of a
# sentence: its document's entities, then a seek each).
_SCHEMA_V15_VIEW = """
CREATE VIEW mentions AS SELECT r.id, d.id AS doc, r.doc_entity, de.entity, r.char_start, r.char_end,
    coalesce(r.text, substr(d.text, r.char_start + 1, r.char_end - r.char_start)) AS text, r.title, r.sentence
    FROM mention_rows r JOIN doc_entity_rows de ON de.id = r.doc_entity JOIN documents d ON d.key = de.doc;
CREATE TRIGGER mentions_insert INSTEAD OF INSERT ON mentions BEGIN
    SELECT RAISE(ABORT, 'a mention''s document and entity are those of its document entity') WHERE
        (new.entity IS NOT NULL AND new.entity IS NOT (SELECT entity FROM doc_entity_rows WHERE id = new.doc_entity))
        OR (new.doc IS NOT NULL AND new.doc IS NOT (SELECT d.id FROM doc_entity_rows de JOIN documents d
                                                    ON d.key = de.doc WHERE de.id = new.doc_entity));
    INSERT INTO mention_rows (id, doc_entity, char_start, char_end, text, title, sentence)
    VALUES (new.id, new.doc_entity, new.char_start, new.char_end, new.text, new.title, new.sentence);
END;
CREATE TRIGGER mentions_update INSTEAD OF UPDATE ON mentions BEGIN
    SELECT RAISE(ABORT, 'a mention''s document and entity are those of its document entity') WHERE
        (new.entity IS NOT old.entity AND new.entity IS NOT (SELECT entity FROM doc_entity_rows
                                                            WHERE id = new.doc_entity))
        OR (new.doc IS NOT old.doc AND new.doc IS NOT (SELECT d.id FROM doc_entity_rows de JOIN documents d
                                                        ON d.key = de.doc WHERE de.id = new.doc_entity));
    UPDATE mention_rows SET id = new.id, doc_entity = new.doc_entity, char_start = new.char_start,
        char_end = new.char_end, text = CASE WHEN new.text IS old.text THEN text ELSE new.text END,
        title = new.title, sentence = new.sentence WHERE id = old.id;
END;
CREATE TRIGGER mentions_delete INSTEAD OF DELETE ON mentions BEGIN
    DELETE FROM mention_rows WHERE id = old.id;
END;
CREATE TRIGGER mentions_count_insert AFTER INSERT ON mention_rows BEGIN
    UPDATE entities SET n_mentions = n_mentions + 1
        WHERE id = (SELECT entity FROM doc_entity_rows WHERE id = new.doc_entity);
END;
CREATE TRIGGER mentions_count_delete AFTER DELETE ON mention_rows BEGIN
    UPDATE entities SET n_mentions = n_mentions - 1
        WHERE id = (SELECT entity FROM doc_entity_rows WHERE id = old.doc_entity);
END;
"""


def _schema_v15(conn: sqlite3.Connection) -> None:
    """Version 15: ``mention_rows`` without the copies of its document entity's document and entity (see
    :data:`_SCHEMA_V15_VIEW`).  A mention whose copies differed from its document entity's (``annals check``
    reported it) takes its document entity's."""
    conn.execute("DROP VIEW mentions")  # (and its triggers)
    for name in ("mentions_count_insert", "mentions_count_delete"):
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("CREATE TABLE mention_rows_new (id INTEGER PRIMARY KEY, doc_entity INTEGER NOT NULL REFERENCES "
                 "doc_entity_rows(id) ON DELETE CASCADE, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, "
                 "text TEXT, title TEXT, sentence INTEGER)")
    conn.execute("INSERT INTO mention_rows_new SELECT id, doc_entity, char_start, char_end, text, title, sentence "
                 "FROM mention_rows ORDER BY id")
    conn.execute("DROP TABLE mention_rows")  # (and its indexes)
    conn.execute("ALTER TABLE mention_rows_new RENAME TO mention_rows")
    conn.execute("CREATE INDEX mentions_doc_entity ON mention_rows(doc_entity, sentence)")
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'shards'").fetchone() is None:
        # (a sharded store's main file holds no mention: its counts are its shards', summed)
        conn.execute("UPDATE entities SET n_mentions = (SELECT count(*) FROM mention_rows m JOIN doc_entity_rows de "
                     "ON de.id = m.doc_entity WHERE de.entity = entities.id)")
    for statement in _split_sql(_SCHEMA_V15_VIEW):
        conn.execute(statement)


# Version 16: a relation's subject or object whose name is its document entity's (by subject_id, object_id) is
# stored as "" (payloads._ENDS); read back from the document's entities as the participants of events are.  A
# row kept whole keeps its names.  (Rows made by step 14 in the same migration already hold "": left as they are;
# the extractor gives no relation an empty name.)
_SCHEMA_V16 = """
UPDATE relation_rows SET subject = '' WHERE coalesce(whole, 0) = 0 AND typeof(subject_id) = 'text'
    AND subject != '' AND subject = (SELECT d.name FROM doc_entity_rows d WHERE d.doc = relation_rows.doc
                                     AND d.local_id = relation_rows.subject_id);
UPDATE relation_rows SET object = '' WHERE coalesce(whole, 0) = 0 AND typeof(object_id) = 'text'
    AND object != '' AND object = (SELECT d.name FROM doc_entity_rows d WHERE d.doc = relation_rows.doc
                                   AND d.local_id = relation_rows.object_id);
"""


def _schema_v17(conn: sqlite3.Connection) -> None:
    """Version 17: the days of the intervals of dates, events and relations (``earliest``, ``latest``) stored as
    integers where they are ISO days of years 0-9999 (:data:`~annals.store.util.DAY_STORED`); the views give
    the text back (:data:`~annals.store.util.DAY_TEXT`) and store what is written through them so.  The views
    ``timexes`` and ``events`` and ``relations`` are made again, with their triggers."""
    derived = {"timexes": {"text": _TEXT_OF_SPAN}, "events": {}, "relations": {}}
    for view, rows in (("timexes", "timex_rows"), ("events", "event_rows"), ("relations", "relation_rows")):
        conn.execute(f"DROP VIEW {view}")  # (and its triggers)
        # the days' columns without a type: a column of TEXT would store the integer as text again
        _rebuild(conn, rows, _replaced(*((f"{column} TEXT", column) for column in DAY_COLUMNS)))
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({rows})")]
        days = {c: DAY_TEXT.format(f"r.{c}") for c in DAY_COLUMNS}
        for statement in _keyed_view_sql(view, columns, derived[view] | days,
                                         dict.fromkeys(DAY_COLUMNS, DAY_STORED)):
            conn.execute(statement)
        sets = ", ".join(f"{c} = {DAY_STORED.format(c)}" for c in DAY_COLUMNS)
        conn.execute(f"UPDATE {rows} SET {sets} WHERE " + " OR ".join(f"typeof({c}) = 'text'" for c in DAY_COLUMNS))


def _schema_v18(conn: sqlite3.Connection) -> None:
    """Version 18: an alias and a title name their document entity only, as a mention does since schema 15: the
    copy of its canonical entity (``entity``) and the index of it go; readers join ``doc_entity_rows`` (by
    ``doc_entities_entity``).  An alias or title whose copy differed from its document entity's (``annals
    check`` reported it) is its document entity's from now on."""
    for table in ("entity_aliases", "entity_titles"):
        _rebuild(conn, table, _replaced(("    entity        INTEGER NOT NULL REFERENCES entities(id),\n", "")),
                 dropped="entity")


#: (version, step) in order; a step is SQL or a function of the connection, run in a transaction.
MIGRATIONS: list[tuple[int, Migration]] = [
    (1, _SCHEMA_V1),
    (2, _SCHEMA_V2),
    (3, _SCHEMA_V3),
    (4, _schema_v4),
    # 5, not 4: step 4 is the place coordinates of the map work, merged on main meanwhile
    (5, SCHEMA_EDITS),  # the edit log of corrections (annals.store.edits)
    (6, _schema_v6),  # a compact store: no sentence text stored twice
    (7, _schema_v7),  # events and relations as columns
    (8, _schema_v8),  # integer document keys in the rows of mentions, dates, events, relations, sentences
    (9, _schema_v9),  # and in those of the document entities
    (10, _schema_v10),  # the text of mentions and dates read from their document's
    (11, _schema_v11),  # each GeoNames place of document entities stored once
    (12, _SCHEMA_V12),  # the linking keys read from the aliases
    (13, _SCHEMA_V13),  # an alias's core and tail stored only where they are not its norm and core
    (14, _schema_v14),  # events and relations point at the entities and text the store holds
    (15, _schema_v15),  # a mention names its document entity only
    (16, _SCHEMA_V16),  # a relation's subject and object named by their document entities
    (17, _schema_v17),  # the days of intervals as integers
    (18, _schema_v18),  # an alias and a title name their document entity only
]
SCHEMA_VERSION = MIGRATIONS[-1][0]
#: The steps that free many pages of an existing store: the file is vacuumed after them, to give them back.
COMPACTING = frozenset({6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18})


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
