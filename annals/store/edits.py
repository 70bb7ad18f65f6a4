"""The store's side of corrections: the edit log's tables and the few writes a correction makes.

Part of the store (the only place that knows SQL): :class:`EditTables` is a base of
:class:`annals.store.Store`.  What a correction means, how its target is found again after a
re-extraction and how it is undone is :mod:`annals.edits`; here are only the rows.

Tables (schema step 5):

- ``edits``: the log, one row a correction: ``op`` (``entity.merge`` ...), ``target`` and ``args``
  (JSON; entities are named by canonical name and type, events by document, type, trigger and
  sentence, never only by a row id that a re-ingest changes), ``note``, ``author``, ``created_at``,
  ``undone_at`` (set by undo; an undone edit is kept in the log and no longer applied), ``state``
  (JSON: what undo needs, e.g. the canonical ids the entities had before).
- ``edit_stash``: what a correction took away from the extracted model (a deleted event or relation,
  an event's payload before a redate, a removed alias), so that undo puts it back exactly.  Rows go
  with their document (``ON DELETE CASCADE``): a re-ingested document brings its extraction back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any

from annals.knowledge import normalise_name
from annals.names.matching import last_word
from annals.store.payloads import _ENDS, _FIELD_COLUMNS, _FILTER_COLUMNS, _fact_insert, _Texts, fact_columns
from annals.store.util import _SPAN_TEXT, ALIAS_CORE, ALIASES, _doc_key, stored_forms

# IF NOT EXISTS: a store made by a development build numbered this step 4 and holds the tables already
SCHEMA_EDITS = """
CREATE TABLE IF NOT EXISTS edits (
    id            INTEGER PRIMARY KEY,
    op            TEXT NOT NULL,
    target        TEXT NOT NULL,
    args          TEXT NOT NULL DEFAULT '{}',
    note          TEXT,
    author        TEXT,
    created_at    TEXT NOT NULL,
    undone_at     TEXT,
    state         TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS edit_stash (
    edit          INTEGER NOT NULL REFERENCES edits(id) ON DELETE CASCADE,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    key           TEXT NOT NULL,
    row_id        INTEGER,
    payload       TEXT NOT NULL,
    PRIMARY KEY (edit, doc, kind, key)
);
"""


def _decoded(table: str, row: dict[str, Any], texts: _Texts) -> dict[str, Any]:
    """A fact row as :meth:`EditTables.fact_rows` gives it: its payload read back from its columns (its
    quotations as stored, ``"sentence": true``; ``texts``: what its document's facts point at)."""
    row["payload"] = payload = texts.read(table, row)
    for column in _FIELD_COLUMNS[table]:
        row.pop(column, None)
    for name, _local in _ENDS[table]:  # (a name stored by reference, schema 16: as the payload gives it)
        if row.get(name) == "" and isinstance(payload, dict) and isinstance(payload.get(name), str):
            row[name] = payload[name]
    return row


def _write_fact(conn: sqlite3.Connection, table: str, payload: Any, filters: dict[str, Any],
                head: dict[str, Any]) -> int:
    """Insert an event or relation: its payload, the columns queries filter on, ``head`` (doc, id)."""
    from annals.store.migrations import _KEYED  # (not at the top: migrations imports this module)

    context = _Texts(conn).context(head["doc"])
    head = dict(head, doc=_doc_key(conn, head["doc"]))  # (the rows table: the document's key, schema 8)
    sql, values = _fact_insert(table, fact_columns(table, payload, filters, context), head, into=_KEYED[table])
    return int(conn.execute(sql, values).lastrowid or 0)


class EditTables:
    """Rows of the edit log and the writes of corrections (a base of :class:`annals.store.Store`)."""

    # provided by Store
    _db: sqlite3.Connection
    _transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]
    _rows: Callable[..., list[dict[str, Any]]]
    _one: Callable[..., dict[str, Any] | None]
    _tidy_entities: Callable[[Iterable[int]], None]
    _replaying: bool = False

    # -- the log ------------------------------------------------------------------------------

    def edit_rows(self, active_only: bool = False) -> list[dict[str, Any]]:
        """The edit log, oldest first: ``{"id", "op", "target", "args", "note", "author", "created_at",
        "undone_at", "state"}`` with the JSON columns decoded."""
        sql = "SELECT * FROM edits" + (" WHERE undone_at IS NULL" if active_only else "") + " ORDER BY id"
        out = self._rows(sql)
        for r in out:
            for k in ("target", "args", "state"):
                r[k] = json.loads(r[k] or "{}")
        return out

    def edit_row(self, edit_id: int) -> dict[str, Any] | None:
        r = self._one("SELECT * FROM edits WHERE id = ?", (int(edit_id),))
        if r is not None:
            for k in ("target", "args", "state"):
                r[k] = json.loads(r[k] or "{}")
        return r

    def has_edit_log(self) -> bool:
        """Whether the store has the edit log's tables (a store made before them, opened read-only, has not)."""
        return self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'edits'").fetchone() \
            is not None

    def has_active_edits(self) -> bool:
        try:
            return self._db.execute("SELECT 1 FROM edits WHERE undone_at IS NULL LIMIT 1").fetchone() is not None
        except sqlite3.OperationalError:  # a store older than the edit log, opened read-only
            return False

    def add_edit_row(self, op: str, target: dict[str, Any], args: dict[str, Any], note: str | None,
                     author: str | None, created_at: str, state: dict[str, Any]) -> int:
        cur = self._db.execute(
            "INSERT INTO edits (op, target, args, note, author, created_at, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (op, json.dumps(target, ensure_ascii=False), json.dumps(args, ensure_ascii=False), note, author,
             created_at, json.dumps(state, ensure_ascii=False)))
        return int(cur.lastrowid or 0)

    def mark_edit_undone(self, edit_id: int, when: str) -> None:
        self._db.execute("UPDATE edits SET undone_at = ? WHERE id = ?", (when, int(edit_id)))

    # -- the stash ----------------------------------------------------------------------------

    def stash(self, edit_id: int, doc: str, kind: str, key: str, row_id: int | None, payload: Any) -> None:
        """Keep what a correction takes away (once per edit, document, kind and key)."""
        self._db.execute("INSERT OR IGNORE INTO edit_stash VALUES (?, ?, ?, ?, ?, ?)",
                         (int(edit_id), doc, kind, key, row_id, json.dumps(payload, ensure_ascii=False)))

    def stashed(self, edit_id: int, kind: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM edit_stash WHERE edit = ?" + (" AND kind = ?" if kind else "") + " ORDER BY rowid"
        out = self._rows(sql, (int(edit_id), kind) if kind else (int(edit_id),))
        for r in out:
            r["payload"] = json.loads(r["payload"])
        return out

    def drop_stash(self, edit_id: int) -> None:
        self._db.execute("DELETE FROM edit_stash WHERE edit = ?", (int(edit_id),))

    # -- entities -----------------------------------------------------------------------------

    def entity_by_name(self, name: str, type: str) -> int | None:
        """The canonical entity of this type called ``name``: by its canonical name, else by a name or
        alias some document gives it (the most mentioned first); None when there is none."""
        norm = normalise_name(name)
        row = self._db.execute("SELECT id FROM entities WHERE norm = ? AND type = ? "
                               "ORDER BY n_mentions DESC, id LIMIT 1", (norm, type)).fetchone()
        if row is None:
            row = self._db.execute(
                f"SELECT e.id FROM {ALIASES} JOIN entities e ON e.id = d.entity WHERE a.norm = ? AND e.type = ? "
                "ORDER BY e.n_mentions DESC, e.id LIMIT 1",
                (norm, type)).fetchone()
        return int(row[0]) if row is not None else None

    def entities_named(self, name: str, type: str | None) -> list[int]:
        """Every canonical entity of this type (of any, for None) that has ``name`` as its name or an alias."""
        norm = normalise_name(name)
        if type is None:
            return [r[0] for r in self._db.execute(
                f"SELECT id FROM entities WHERE norm = ? UNION SELECT d.entity FROM {ALIASES} WHERE a.norm = ? "
                "ORDER BY 1", (norm, norm))]
        return [r[0] for r in self._db.execute(
            f"SELECT id FROM entities WHERE norm = ? AND type = ? UNION SELECT e.id FROM {ALIASES} "
            "JOIN entities e ON e.id = d.entity WHERE a.norm = ? AND e.type = ? ORDER BY 1",
            (norm, type, norm, type))]

    def entity_row(self, entity_id: int) -> dict[str, Any] | None:
        return self._one("SELECT id, name, type, subtype, n_mentions FROM entities WHERE id = ?", (int(entity_id),))

    def doc_entity_rows(self, entity_id: int) -> list[dict[str, Any]]:
        """The document entities linked to a canonical entity: ``{"id", "doc", "local_id", "name", "type"}``."""
        return self._rows("SELECT id, doc, local_id, name, type FROM doc_entities WHERE entity = ? ORDER BY id",
                          (int(entity_id),))

    def doc_entity_ids(self, pairs: Iterable[tuple[str, str]]) -> set[int]:
        """The row ids of the document entities (document, local id) that still exist."""
        wanted = json.dumps([[d, local] for d, local in pairs])
        return {r[0] for r in self._db.execute(
            "SELECT de.id FROM json_each(?) w JOIN doc_entities de ON de.doc = json_extract(w.value, '$[0]') "
            "AND de.local_id = json_extract(w.value, '$[1]')", (wanted,))}

    def set_entity_name(self, entity_id: int, name: str) -> None:
        norm = normalise_name(name)
        self._db.execute("UPDATE entities SET name = ?, norm = ?, tail = ? WHERE id = ?",
                         (name, norm, last_word(norm), int(entity_id)))

    def set_entity_type(self, entity_id: int, type: str) -> None:
        """The canonical entity's type (new documents link to it by it: linking reads the type here)."""
        self._db.execute("UPDATE entities SET type = ? WHERE id = ?", (type, int(entity_id)))

    def relink(self, doc_entity_ids: Iterable[int], entity_id: int | None,
               name: str | None = None, type: str | None = None) -> int:
        """Link these document entities (with their aliases, titles and mentions) to ``entity_id``, or to
        a new canonical entity called ``name`` of ``type`` when it is None; returns the entity.  The
        entities they leave are tidied (deleted when nobody mentions them any more)."""
        ids = sorted(set(doc_entity_ids))
        marks = json.dumps(ids)
        with self._transaction() as conn:
            if entity_id is None:
                norm = normalise_name(name or "")
                entity_id = int(conn.execute("INSERT INTO entities (name, norm, tail, type) VALUES (?, ?, ?, ?)",
                                             (name, norm, last_word(norm), type)).lastrowid or 0)
            left = {r[0] for r in conn.execute(
                "SELECT DISTINCT entity FROM doc_entities WHERE id IN (SELECT value FROM json_each(?))", (marks,))}
            touched = sorted(left | {entity_id})
            conn.execute("UPDATE doc_entities SET entity = ? WHERE id IN (SELECT value FROM json_each(?))",
                         (entity_id, marks))
            # (a mention's, an alias's and a title's entity is its document entity's: they move with it)
            self._recount(touched)
            self._tidy_entities(left - {entity_id})
        return entity_id

    # -- mentions (a split of some mentions of an entity) --------------------------------------

    def mention_rows(self, doc: str, entity_id: int | None = None) -> list[dict[str, Any]]:
        """The mentions of a document (of one canonical entity only, when given), by offset: ``{"id", "doc",
        "doc_entity", "local_id", "entity", "type", "char_start", "char_end", "text", "sentence",
        "sentence_text", "sentence_start"}``."""
        sql = ("SELECT m.id, m.doc, m.doc_entity, de.local_id, m.entity, de.type, m.char_start, m.char_end, m.text,"
               f" m.sentence, {_SPAN_TEXT.format('sd')} AS sentence_text, s.char_start AS sentence_start"
               " FROM mentions m JOIN doc_entities de ON de.id = m.doc_entity JOIN documents sd ON sd.id = m.doc"
               " LEFT JOIN span_rows s ON s.doc = sd.key AND s.idx = m.sentence WHERE m.doc = ?")
        params: list[Any] = [doc]
        if entity_id is not None:
            sql += " AND m.entity = ?"
            params.append(int(entity_id))
        return self._rows(sql + " ORDER BY m.char_start, m.id", params)

    def mention_doc(self, mention_id: int) -> str | None:
        """The document of a mention (by its row id), or None."""
        row = self._db.execute("SELECT doc FROM mentions WHERE id = ?", (int(mention_id),)).fetchone()
        return None if row is None else str(row[0])

    def entity_mention_ids(self, entity_id: int) -> set[int]:
        return {r[0] for r in self._db.execute("SELECT id FROM mentions WHERE entity = ?", (int(entity_id),))}

    def split_mentions(self, mention_ids: Iterable[int], name: str, type: str, suffix: str) -> int:
        """Make these mentions a new canonical entity called ``name`` of ``type``; returns it.  A document
        entity all of whose mentions go moves whole (with its aliases and titles); one that keeps some
        gives the others to a document entity of their own in its document, with the local id
        ``<its local id><suffix>`` (a split undone folds it back: :meth:`unsplit_mentions`)."""
        ids = sorted(set(mention_ids))
        moving: list[int] = []
        with self._transaction() as conn:
            by_de: dict[int, list[int]] = {}
            for mid, de in conn.execute("SELECT id, doc_entity FROM mentions WHERE id IN "
                                        "(SELECT value FROM json_each(?))", (json.dumps(ids),)):
                by_de.setdefault(de, []).append(mid)
            for de, mids in sorted(by_de.items()):
                n = conn.execute("SELECT count(*) FROM mentions WHERE doc_entity = ?", (de,)).fetchone()[0]
                if n == len(mids):
                    moving.append(de)
                    continue
                row = self._one("SELECT * FROM doc_entities WHERE id = ?", (de,))
                assert row is not None
                local = f"{row['local_id']}{suffix}"
                old = conn.execute("SELECT id FROM doc_entities WHERE doc = ? AND local_id = ?",
                                   (row["doc"], local)).fetchone()
                if old is not None:
                    new = int(old[0])
                else:
                    new = int(conn.execute(
                        "INSERT INTO doc_entity_rows (doc, local_id, entity, name, type, subtype, place) "
                        "VALUES ((SELECT key FROM documents WHERE id = ?), ?, ?, ?, ?, ?, ?)",
                        (row["doc"], local, row["entity"], row["name"], row["type"], row["subtype"],
                         row.get("place"))).lastrowid or 0)
                # the name, weak: it links no other document to the split mentions
                norm = normalise_name(row["name"])
                conn.execute("INSERT OR IGNORE INTO entity_aliases (doc_entity, alias, kind, norm, core, tail, "
                             "weak) VALUES (?, ?, 'name', ?, ?, ?, 1)",
                             (new, row["name"], *stored_forms(norm, norm, last_word(norm))))
                conn.execute("UPDATE mention_rows SET doc_entity = ? WHERE id IN (SELECT value FROM json_each(?))",
                             (new, json.dumps(mids)))
                moving.append(new)
            return self.relink(moving, None, name=name, type=type)

    def unsplit_mentions(self, suffix: str) -> set[int]:
        """Give the mentions of the document entities a split made (local id ending in ``suffix``) back to
        the document entity they came from, and delete them; returns the canonical entities touched."""
        touched: set[int] = set()
        with self._transaction() as conn:
            made = self._rows("SELECT id, doc, local_id, entity FROM doc_entities WHERE substr(local_id, -?) = ?",
                              (len(suffix), suffix))
            for r in made:
                base = conn.execute("SELECT id, entity FROM doc_entities WHERE doc = ? AND local_id = ?",
                                    (r["doc"], r["local_id"][: -len(suffix)])).fetchone()
                touched.add(r["entity"])
                if base is None:
                    continue
                touched.add(base[1])
                conn.execute("UPDATE mention_rows SET doc_entity = ? WHERE doc_entity = ?", (base[0], r["id"]))
                conn.execute("DELETE FROM entity_aliases WHERE doc_entity = ?", (r["id"],))
                conn.execute("DELETE FROM entity_titles WHERE doc_entity = ?", (r["id"],))
                conn.execute("DELETE FROM doc_entities WHERE id = ?", (r["id"],))
            if touched:
                self._recount(sorted(touched))
                self._tidy_entities(touched)
        return touched

    def renumber_entity(self, entity_id: int, wanted: int) -> bool:
        """Give a canonical entity the id ``wanted`` when no entity has it (undo restores the ids people
        knew); False when it is taken."""
        conn = self._db
        if entity_id == wanted or conn.execute("SELECT 1 FROM entities WHERE id = ?", (wanted,)).fetchone():
            return False
        with self._transaction():
            conn.execute("INSERT INTO entities (id, name, norm, tail, type, subtype, n_mentions) SELECT ?, name, "
                         "norm, tail, type, subtype, n_mentions FROM entities WHERE id = ?", (wanted, entity_id))
            for table in ("doc_entity_rows", "entity_names", "entity_subtypes"):
                conn.execute(f"UPDATE {table} SET entity = ? WHERE entity = ?", (wanted, entity_id))
            conn.execute("DELETE FROM entities WHERE id = ?", (entity_id,))
        return True

    def _recount(self, entity_ids: list[int]) -> None:
        """The name and subtype counts and mention count of these canonical entities, from their rows
        (after rows moved between entities, which the triggers do not follow)."""
        conn = self._db
        ids = json.dumps(entity_ids)
        for table in ("entity_names", "entity_subtypes"):
            conn.execute(f"DELETE FROM {table} WHERE entity IN (SELECT value FROM json_each(?))", (ids,))
        conn.execute("INSERT INTO entity_names SELECT entity, name, count(*) FROM doc_entities WHERE entity IN "
                     "(SELECT value FROM json_each(?)) GROUP BY entity, name", (ids,))
        conn.execute("INSERT INTO entity_subtypes SELECT entity, subtype, count(*) FROM doc_entities WHERE entity "
                     "IN (SELECT value FROM json_each(?)) AND subtype IS NOT NULL GROUP BY entity, subtype", (ids,))
        conn.execute("UPDATE entities SET n_mentions = (SELECT count(*) FROM mentions m WHERE m.entity = "
                     "entities.id) WHERE id IN (SELECT value FROM json_each(?))", (ids,))

    # -- aliases ------------------------------------------------------------------------------

    def entity_has_alias(self, entity_id: int, form: str) -> bool:
        return self._db.execute(f"SELECT 1 FROM {ALIASES} WHERE d.entity = ? AND a.norm = ? LIMIT 1",
                                (int(entity_id), normalise_name(form))).fetchone() is not None

    def add_alias(self, entity_id: int, form: str) -> None:
        """A name a person gave the entity (kind ``curated``), held by its first document entity."""
        norm = normalise_name(form)
        with self._transaction() as conn:
            de = conn.execute("SELECT id FROM doc_entities WHERE entity = ? ORDER BY id LIMIT 1",
                              (int(entity_id),)).fetchone()
            if de is None:
                return
            conn.execute("INSERT OR IGNORE INTO entity_aliases (doc_entity, alias, kind, norm, core, tail, weak) "
                         "VALUES (?, ?, 'curated', ?, ?, ?, 0)",
                         (de[0], form, *stored_forms(norm, norm, last_word(norm))))

    def remove_alias(self, entity_id: int, form: str) -> list[dict[str, Any]]:
        """Delete the entity's aliases that read ``form``; returns them (with their document entity's
        document and local id) so that they can be put back."""
        with self._transaction() as conn:
            rows = self._rows(
                "SELECT a.id, a.alias, a.kind, a.norm, a.core, a.tail, a.weak, de.doc, de.local_id FROM "
                "entity_aliases a JOIN doc_entities de ON de.id = a.doc_entity WHERE de.entity = ? AND a.norm = ?",
                (int(entity_id), normalise_name(form)))
            conn.execute("DELETE FROM entity_aliases WHERE id IN (SELECT value FROM json_each(?))",
                         (json.dumps([r["id"] for r in rows]),))
        return rows

    def restore_alias(self, row: dict[str, Any]) -> None:
        """Put back an alias :meth:`remove_alias` took, on its document entity (when it still exists)."""
        with self._transaction() as conn:
            de = conn.execute("SELECT id, entity FROM doc_entities WHERE doc = ? AND local_id = ?",
                              (row["doc"], row["local_id"])).fetchone()
            if de is not None:
                conn.execute("INSERT OR IGNORE INTO entity_aliases (doc_entity, alias, kind, norm, core, tail, weak) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (de[0], row["alias"], row["kind"], row["norm"], row["core"], row["tail"], row["weak"]))

    # -- events and relations -----------------------------------------------------------------

    def fact_rows(self, table: str, doc: str, local_id: str | None = None) -> list[dict[str, Any]]:
        """The events (``table`` "events") or relations ("relations") of a document, with their sentence's
        text and start: ``{"id", "doc", "local_id"?, "sentence", "char_start", "char_end", "payload",
        "sentence_text", "sentence_start"}``, by offset; ``local_id`` picks one event."""
        assert table in ("events", "relations")
        sql = (f"SELECT f.*, {_SPAN_TEXT.format('sd')} AS sentence_text, s.char_start AS sentence_start FROM {table} f"
               " JOIN documents sd ON sd.id = f.doc LEFT JOIN span_rows s ON s.doc = sd.key AND s.idx = f.sentence"
               " WHERE f.doc = ?")
        params: list[Any] = [doc]
        if local_id is not None:
            sql += " AND (f.local_id = ? OR 'x' || f.id = ?)"
            params += [local_id, local_id]
        texts = _Texts(self._db)
        return [_decoded(table, r, texts) for r in self._rows(sql + " ORDER BY f.char_start, f.id", params)]

    def delete_fact(self, table: str, row_id: int) -> None:
        assert table in ("events", "relations")
        self._db.execute(f"DELETE FROM {table} WHERE id = ?", (int(row_id),))

    def restore_fact(self, table: str, row: dict[str, Any]) -> None:
        """Put back an event or relation row as :meth:`fact_rows` gave it (its id again when free)."""
        assert table in ("events", "relations")
        conn = self._db
        row_id = row.get("id")
        if row_id is not None and conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone():
            row_id = None
        _write_fact(conn, table, row["payload"], {c: row[c] for c in _FILTER_COLUMNS[table]},
                    {"id": row_id, "doc": row["doc"]})

    def set_event_time(self, row_id: int, payload: dict[str, Any]) -> None:
        """An event's payload with another time, and the columns queries filter on."""
        time = payload.get("time") or {}
        filters = self._one(f"SELECT doc, {', '.join(_FILTER_COLUMNS['events'])} FROM events WHERE id = ?",
                            (int(row_id),))
        if filters is None:
            return
        context = _Texts(self._db).context(filters.pop("doc"))
        filters |= {"time_value": time.get("value"), "earliest": time.get("earliest"), "latest": time.get("latest")}
        cols = fact_columns("events", payload, filters, context)
        names = ["time_value", "earliest", "latest"] + _FIELD_COLUMNS["events"]
        self._db.execute(f"UPDATE events SET {', '.join(c + ' = ?' for c in names)} WHERE id = ?",
                         (*(cols[c] for c in names), int(row_id)))

    def relation_rows_between(self, subjects: list[int], relation: str, objects: list[int],
                              doc: str | None = None) -> list[dict[str, Any]]:
        """Stored relations of this type whose subject is one of these canonical entities and whose object
        one of those (in ``doc`` only when given), as :meth:`fact_rows` gives them."""
        sql = (f"SELECT r.*, {_SPAN_TEXT.format('sd')} AS sentence_text, s.char_start AS sentence_start"
               " FROM relations r"
               " JOIN doc_entities ds ON ds.doc = r.doc"
               " AND ds.local_id = coalesce(r.subject_id, json_extract(r.extra, '$.subject_id'))"
               " JOIN doc_entities do ON do.doc = r.doc"
               " AND do.local_id = coalesce(r.object_id, json_extract(r.extra, '$.object_id'))"
               " JOIN documents sd ON sd.id = r.doc LEFT JOIN span_rows s ON s.doc = sd.key AND s.idx = r.sentence"
               " WHERE r.relation = ? AND ds.entity IN (SELECT value FROM json_each(?))"
               " AND do.entity IN (SELECT value FROM json_each(?))")
        params: list[Any] = [relation, json.dumps(subjects), json.dumps(objects)]
        if doc is not None:
            sql += " AND r.doc = ?"
            params.append(doc)
        texts = _Texts(self._db)
        return [_decoded("relations", r, texts)
                for r in self._rows(sql + " ORDER BY r.doc, r.char_start, r.id", params)]

    def curated_relations(self, edit_id: int) -> list[int]:
        """The relations a correction added (their payload's ``curated`` is the edit's id)."""
        return [r[0] for r in self._db.execute(
            "SELECT id FROM relations WHERE json_extract(extra, '$.curated') = ?", (int(edit_id),))]

    def add_relation_row(self, doc: str, payload: dict[str, Any], sentence: int | None, start: int | None,
                         end: int | None) -> int:
        filters = {"subject": payload.get("subject"), "relation": payload.get("relation"),
                   "object": payload.get("object"), "sentence": sentence, "char_start": start, "char_end": end}
        return _write_fact(self._db, "relations", payload, filters, {"doc": doc})

    def sentence_row(self, doc: str, index: int) -> dict[str, Any] | None:
        return self._one("SELECT idx, char_start, char_end, text FROM sentences WHERE doc = ? AND idx = ?",
                         (doc, int(index)))

    def first_mention_sentence(self, doc: str, entity_ids: list[int]) -> int | None:
        """The first sentence of ``doc`` that mentions all these canonical entities (else any of them)."""
        ids = json.dumps(entity_ids)
        row = self._db.execute(
            "SELECT sentence FROM mentions WHERE doc = ? AND entity IN (SELECT value FROM json_each(?)) AND sentence "
            "IS NOT NULL GROUP BY sentence ORDER BY count(DISTINCT entity) DESC, sentence LIMIT 1",
            (doc, ids)).fetchone()
        return None if row is None else int(row[0])

    # -- documents ----------------------------------------------------------------------------

    def document_meta(self, doc: str) -> dict[str, Any] | None:
        """``{"id", "path", "content_hash"}`` of a stored document, or None."""
        return self._one("SELECT id, path, content_hash FROM documents WHERE id = ?", (doc,))

    def document_with_hash(self, content_hash: str) -> str | None:
        """The id of a stored document with this content (the first by id), or None."""
        row = self._db.execute("SELECT id FROM documents WHERE content_hash = ? ORDER BY id LIMIT 1",
                               (content_hash,)).fetchone()
        return None if row is None else str(row[0])

    # -- identity across documents ------------------------------------------------------------

    def entity_document_spans(self, entity_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
        """For each canonical entity mentioned in several documents (or each of ``entity_ids``), and each of
        those documents, the dates said in the sentences that mention it: ``{"entity", "doc", "earliest",
        "latest"}`` (None when those sentences say no date); and the span of the whole document as
        ``doc_earliest``, ``doc_latest``."""
        multi = ("SELECT entity FROM doc_entities GROUP BY entity HAVING count(DISTINCT doc) > 1"
                 if entity_ids is None else "SELECT value AS entity FROM json_each(?)")
        return self._rows(
            f"WITH multi AS ({multi}),"
            " spans AS (SELECT doc, min(earliest) AS e, max(latest) AS l FROM timexes WHERE earliest IS NOT NULL"
            " AND earliest NOT LIKE '-%' AND latest NOT LIKE '-%' GROUP BY doc)"
            " SELECT de.entity, de.doc, (SELECT min(t.earliest) FROM mentions m JOIN timexes t ON t.doc = m.doc"
            " AND t.sentence = m.sentence WHERE m.doc_entity = de.id AND t.earliest NOT LIKE '-%') AS earliest,"
            " (SELECT max(t.latest) FROM mentions m JOIN timexes t ON t.doc = m.doc AND t.sentence = m.sentence"
            " WHERE m.doc_entity = de.id AND t.latest NOT LIKE '-%') AS latest,"
            " s.e AS doc_earliest, s.l AS doc_latest FROM doc_entities de JOIN multi USING (entity)"
            " LEFT JOIN spans s ON s.doc = de.doc ORDER BY de.entity, de.doc",
            () if entity_ids is None else (json.dumps(sorted(set(entity_ids))),))

    _YEAR_OF = "CAST(CASE WHEN {0} LIKE '-%' THEN '-' || substr({0}, 2, 4) ELSE substr({0}, 1, 4) END AS INTEGER)"

    def entity_years(self, entity_id: int, except_doc: str | None = None) -> tuple[int, int] | None:
        """The years the dates said in the sentences that mention a canonical entity span (of the
        documents other than ``except_doc``), or None when those sentences say no date."""
        sql = (f"SELECT min({self._YEAR_OF.format('t.earliest')}), max({self._YEAR_OF.format('t.latest')})"
               " FROM mentions m JOIN timexes t ON t.doc = m.doc AND t.sentence = m.sentence WHERE m.entity = ?"
               " AND t.type IN ('DATE', 'TIME') AND t.earliest IS NOT NULL AND t.latest IS NOT NULL")
        params: list[Any] = [int(entity_id)]
        if except_doc is not None:
            sql += " AND m.doc != ?"
            params.append(except_doc)
        row = self._db.execute(sql, params).fetchone()
        return None if row is None or row[0] is None or row[1] is None else (int(row[0]), int(row[1]))

    def sentence_years(self, doc: str) -> dict[int, tuple[int, int]]:
        """The years the dates of each sentence of a stored document span: ``{sentence: (first, last)}``."""
        out: dict[int, tuple[int, int]] = {}
        for sentence, lo, hi in self._db.execute(
                f"SELECT sentence, {self._YEAR_OF.format('earliest')}, {self._YEAR_OF.format('latest')} FROM timexes"
                " WHERE doc = ? AND sentence IS NOT NULL AND type IN ('DATE', 'TIME') AND earliest IS NOT NULL"
                " AND latest IS NOT NULL", (doc,)):
            old = out.get(sentence)
            out[sentence] = (lo, hi) if old is None else (min(old[0], lo), max(old[1], hi))
        return out

    def entity_forms(self, entity_id: int) -> list[str]:
        """A canonical entity's name and the names and aliases its documents give it that link (normalised:
        its lookup keys), the name first."""
        row = self._db.execute("SELECT name FROM entities WHERE id = ?", (int(entity_id),)).fetchone()
        forms = [r[0] for r in self._db.execute(f"SELECT DISTINCT a.norm FROM {ALIASES} WHERE d.entity = ? AND "
                                                "a.weak = 0 ORDER BY a.norm", (int(entity_id),))]
        return list(dict.fromkeys(([row[0]] if row else []) + forms))

    def in_document(self, entity_id: int, doc: str) -> bool:
        """Whether a document mentions the canonical entity."""
        return self._db.execute("SELECT 1 FROM doc_entities WHERE entity = ? AND doc = ? LIMIT 1",
                                (int(entity_id), doc)).fetchone() is not None

    #: The names and aliases linking goes by, of every canonical entity: ``(value, entity, type)``.
    _LINKING_NAMES = (f"SELECT a.norm AS value, d.entity, e.type FROM {ALIASES} JOIN entities e ON e.id = d.entity"
                      f" WHERE a.weak = 0 UNION SELECT {ALIAS_CORE.format('a')}, d.entity, e.type FROM {ALIASES}"
                      " JOIN entities e ON e.id = d.entity WHERE a.weak = 0")

    def linking_names(self) -> list[tuple[str, int, str]]:
        """``(value, entity, type)``: every name or alias of a canonical entity that linking goes by (a sharded
        store pairs them across its shards as :meth:`entities_sharing_names` does in one)."""
        return [(r[0], r[1], r[2]) for r in self._db.execute(self._LINKING_NAMES)]

    def entities_sharing_names(self) -> list[tuple[int, int, str]]:
        """Pairs of canonical entities of one type (``(a, b, type)``, a < b) that share a name or alias
        linking goes by (a full name, for people) and that no document mentions together."""
        return [(r[0], r[1], r[2]) for r in self._db.execute(
            f"WITH k AS MATERIALIZED ({self._LINKING_NAMES})"
            " SELECT DISTINCT k1.entity, k2.entity, k1.type FROM k k1 JOIN k k2"
            " ON k2.type = k1.type AND k2.value = k1.value AND k2.entity > k1.entity"
            " WHERE (k1.type != 'PERSON' OR instr(k1.value, ' ') > 0)"
            " AND NOT EXISTS (SELECT 1 FROM doc_entities d1 JOIN doc_entities d2 ON d2.doc = d1.doc"
            " WHERE d1.entity = k1.entity AND d2.entity = k2.entity) ORDER BY 1, 2")]

    # -- keeping corrections applied ----------------------------------------------------------

    def apply_edits(self, documents: Iterable[str] | None = None) -> None:
        """Apply the edit log again on top of what extraction produced (after an ingest, a removal or
        a linking again changed it); nothing to do, and quick, when there are no corrections.
        ``documents``: the documents just ingested, when only they were (see :func:`annals.edits.replay`)."""
        if self._replaying or getattr(self, "readonly", False) or not self.has_active_edits():
            return
        from annals.edits import replay

        self._replaying = True
        try:
            replay(self, None if documents is None else set(documents))  # type: ignore[arg-type]
        finally:
            self._replaying = False

