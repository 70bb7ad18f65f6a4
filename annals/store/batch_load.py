"""Bulk loading for ``annals batch``: the keys that block a corpus for resolution, the canonical rows, and
loading a resolved partition store into this one (:mod:`annals.batch_resolve`, :mod:`annals.batch`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from annals.model import Entity
from annals.store.migrations import _READ_INDEXES
from annals.store.util import ALIAS_CORE, ALIAS_TAIL

#: The tables whose rows have integer ids a batch partition's copy gives anew (:meth:`BatchLoading.load_partition`).
ROW_ID_TABLES = ("gaps", "span_rows", "timex_rows", "event_rows", "relation_rows", "doc_entity_rows",
                 "entity_aliases", "entity_titles", "mention_rows")


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

    def as_partition_file(self) -> None:
        """Make this (empty) file a batch partition's: :meth:`without_checks`, and without the indexes only reads use
        (:data:`~annals.store.migrations._READ_INDEXES`: a partition's rows are copied out, never read by them)."""
        self.without_checks()
        conn = self._conn
        assert conn is not None
        for name in _READ_INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS {name}")

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
                       links: list[tuple[str, str, int]], ids_after: dict[str, int] | None = None) -> None:
        """Copy every document of another store file (a batch partition, written with the same schema) into
        this one, its document entities linked to the canonical entities given: ``entities`` the rows
        ``(id, name, norm, tail, type, subtype, place)`` to add first, ``links`` ``(doc, local_id, entity)``
        for each document entity.  Rows keep their columns as stored (a text read from the document's stays
        so, a place stays a reference); documents' keys are this store's, the ids of document entities are moved
        past this store's, every other row id is given anew.  One ``INSERT ... SELECT`` a table (in SQLite, in
        the partition's order); the triggers keep the counts of canonical entities.  One transaction of
        its own (SQLite attaches a file only outside one: not to be called within :meth:`bulk`).

        ``ids_after`` (a shard of a sharded store, :mod:`annals.store.sharded`): for each table of
        :data:`ROW_ID_TABLES`, the largest row id any shard loaded before has given; the rows copied here take the
        ids after it (after this file's own largest, when that is larger), and it is raised to the largest given
        here.  The shards loaded in turn so number every row as one store loading the same partitions would."""
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

                def columns(table: str) -> list[str]:
                    return [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]

                def after(table: str) -> int:
                    """The largest row id of ``table`` here, or the one ``ids_after`` gives when larger."""
                    own = conn.execute(f"SELECT coalesce(max(id), 0) FROM main.{table}").fetchone()[0]
                    return max(own, (ids_after or {}).get(table, 0))

                def copy(table: str, exprs: dict[str, str], joins: str = "", params: dict[str, Any] | None = None
                         ) -> None:
                    """Every row of the partition's ``table`` (``x``) into this store's, in the partition's order: each
                    column as stored there (a text read from the document's stays NULL, a place a reference to
                    ``places``), but those of ``exprs``; a new row id unless ``exprs`` gives one (the next ones
                    after :func:`after`, given ``ids_after``)."""
                    if ids_after is not None and table in ROW_ID_TABLES and "id" not in exprs:
                        exprs = exprs | {"id": f"{after(table)} + row_number() OVER (ORDER BY x.rowid)"}
                    cols = [c for c in columns(table) if c != "id" or "id" in exprs]
                    select = ", ".join(exprs.get(c, f"x.{c}") for c in cols)
                    conn.execute(f"INSERT INTO main.{table} ({', '.join(cols)}) SELECT {select} FROM part.{table} x "
                                 f"{joins} ORDER BY x.rowid", params or {})

                # a document's integer key is this store's to give: the next ones, in the partition's order, given
                # here (the trigger that gives one updates the row after, and updating a key that rows refer to makes
                # SQLite look for them in tables whose indexes a bulk load builds only at its end)
                base = conn.execute("SELECT coalesce(max(key), 0) FROM main.documents").fetchone()[0]
                copy("documents", {"id": "x.id", "key": ":base + row_number() OVER (ORDER BY x.rowid)"},
                     params={"base": base})
                for table in ("sections", "paragraphs", "gaps"):
                    copy(table, {})
                # the rows that name their document by its key (schema 8): the partition's keys mapped to this store's
                conn.execute("CREATE TEMP TABLE IF NOT EXISTS batch_keys (part INTEGER PRIMARY KEY, main INTEGER NOT "
                             "NULL)")
                conn.execute("DELETE FROM temp.batch_keys")
                conn.execute("INSERT INTO temp.batch_keys SELECT p.key, m.key FROM part.documents p "
                             "JOIN main.documents m ON m.id = p.id")
                keyed = "JOIN temp.batch_keys k ON k.part = x.doc"
                for table in ("span_rows", "timex_rows", "event_rows", "relation_rows"):
                    copy(table, {"doc": "k.main"}, keyed)
                conn.execute("INSERT OR IGNORE INTO main.places SELECT * FROM part.places ORDER BY id")
                offset = after("doc_entity_rows")
                # document entities keep their row ids moved past this store's, linked to the canonical entities given
                linked = ("JOIN part.documents pd ON pd.key = {0}.doc JOIN temp.batch_links l ON l.doc = pd.id "
                          "AND l.local_id = {0}.local_id")
                copy("doc_entity_rows", {"id": "x.id + :off", "doc": "k.main", "entity": "l.entity"},
                     f"{keyed} {linked.format('x')}", {"off": offset})
                for table in ("entity_aliases", "entity_titles", "mention_rows"):  # (their entity is their document
                    copy(table, {"doc_entity": "x.doc_entity + :off"}, params={"off": offset})  # entity's, schema 18)
                conn.execute("DELETE FROM temp.batch_links")
                if ids_after is not None:
                    ids_after.update({t: after(t) for t in ROW_ID_TABLES})
        finally:
            conn.execute("DETACH DATABASE part")

    def ids_used(self) -> dict[str, int]:
        """How far the row ids of each table of :data:`ROW_ID_TABLES` reach when this store (a batch partition) is
        loaded by :meth:`load_partition`: the number of its rows, which take the ids after those before them, or
        for document entities, which keep theirs moved past those before, the largest."""
        return {t: int(self._db.execute(f"SELECT coalesce({'max(id)' if t == 'doc_entity_rows' else 'count(*)'}, 0) "
                                        f"FROM {t}").fetchone()[0]) for t in ROW_ID_TABLES}

    def adopt_shards(self, shards: list[Path]) -> None:
        """Make this empty store the main file of a sharded store (:mod:`annals.store.sharded`) whose shard files
        (written by :meth:`load_partition`, in one folder beside this file) are ``shards``: every canonical entity,
        from the shards' copies, with its counts summed over the shards (mentions, names, subtypes), and the table
        ``shards`` naming the files, written last (until it is, the file is an empty store)."""
        from annals.store.sharded import SHARDS_TABLE

        self._require_writable()
        conn = self._db
        for path in shards:
            conn.execute("ATTACH DATABASE ? AS shard", (str(path),))
            try:
                with self._transaction():
                    conn.execute("INSERT OR IGNORE INTO main.entities (id, name, norm, tail, type, subtype, place) "
                                 "SELECT id, name, norm, tail, type, subtype, place FROM shard.entities ORDER BY id")
                    conn.execute("UPDATE main.entities SET n_mentions = entities.n_mentions + x.n_mentions "
                                 "FROM shard.entities x WHERE x.id = entities.id")
                    for table, column in (("entity_names", "name"), ("entity_subtypes", "subtype")):
                        conn.execute(f"INSERT INTO main.{table} SELECT entity, {column}, n FROM shard.{table} "
                                     f"WHERE true ON CONFLICT DO UPDATE SET n = n + excluded.n")
            finally:
                conn.execute("DETACH DATABASE shard")
        with self._transaction():
            conn.execute(SHARDS_TABLE)
            conn.executemany("INSERT INTO shards (path) VALUES (?)", [(f"{p.parent.name}/{p.name}",) for p in shards])
