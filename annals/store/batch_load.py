"""Bulk loading for ``annals batch``: the keys that block a corpus for resolution, the canonical rows, and
loading a resolved partition store into this one (:mod:`annals.batch_resolve`, :mod:`annals.batch`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from annals.model import Entity
from annals.store.util import ALIAS_CORE, ALIAS_TAIL


class BatchLoading:
    """What ``annals batch`` reads and loads (a base of :class:`annals.store.Store`)."""

    # provided by Store (annals.store.core), as are the other mixins' methods this one calls
    _db: sqlite3.Connection
    _transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]
    _require_writable: Callable[[], None]
    _conn: sqlite3.Connection | None

    def entities_as_stored(self, doc_id: str) -> list[Entity]:
        """A document's entities as stored (what :meth:`resolve_entities` links again), in order."""
        return self._stored_entities(doc_id)

    def without_foreign_keys(self) -> None:
        """No foreign-key checks in this file: a private one, a batch partition or scratch store
        (:mod:`annals.batch_resolve`), whose rows are written by the store's own code, in order."""
        assert self._conn is not None
        self._conn.execute("PRAGMA foreign_keys = OFF")

    def without_checks(self) -> None:
        """No foreign-key checks and no triggers in this file (a partition's): they keep the counts and keys of
        canonical entities and the full-text index, which a partition store never uses (only its document rows are
        copied out)."""
        self.without_foreign_keys()
        conn = self._conn
        assert conn is not None
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')

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
                f"SELECT a.doc_entity, d.type, a.norm, {ALIAS_CORE.format('a')}, {ALIAS_TAIL.format('a')} FROM "
                "entity_aliases a JOIN doc_entities d "
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
