"""The store's integrity check (``annals check``) and its row counts."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager

from annals.store.places import canonical_place

#: Tables :meth:`Store.stats` counts, in the order they are reported.
TABLES = (
    "documents", "sections", "paragraphs", "sentences", "entities", "entity_aliases",
    "entity_titles", "doc_entities", "mentions", "timexes", "gaps", "events", "relations",
)


class Checking:
    """Integrity check and counts (a base of :class:`annals.store.Store`)."""

    # provided by Store (annals.store.core), as are the other mixins' methods this one calls
    _db: sqlite3.Connection
    _transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def stats(self) -> dict[str, int]:
        """Row counts per table, in :data:`TABLES` order."""
        return {t: int(self._db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}

    def check_pages(self) -> list[str]:
        """The file's own integrity: its pages (``PRAGMA integrity_check``) and its foreign keys."""
        return self.check(scope="file")

    def check(self, whole: bool = True, scope: str = "store") -> list[str]:
        """Integrity problems, one sentence each; an empty list when the store is healthy.

        Damage is a finding, never an exception: a step that SQLite cannot even run on a damaged file
        (malformed pages, a truncated file) says so and the other steps still run.  ``whole`` False: this file
        is one shard of a sharded store (:mod:`annals.store.sharded`), which holds only some of the document
        entities of its canonical ones, so their places are not checked here.  ``scope`` "file": only the pages
        and the foreign keys (:meth:`check_pages`).
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
        if scope == "file":
            return problems
        step("the full-text index", self._check_fts)
        orphan_checks = [
            ("canonical entity {} is mentioned by no document",
             "SELECT id FROM entities WHERE id NOT IN (SELECT entity FROM doc_entities)"),
            # (a mention's document and canonical entity are its document entity's: schema 15 keeps no copies)
            # (an alias's and a title's canonical entity is its document entity's: schema 18 keeps no copy)
            ("canonical entity {} has a mention count that differs from its mentions",
             "SELECT id FROM entities e WHERE n_mentions != (SELECT count(*) FROM mentions m WHERE m.entity = e.id)"),
            ("canonical entity {} has name counts that differ from its document entities",
             "SELECT entity FROM (SELECT entity, name, n FROM entity_names EXCEPT "
             "SELECT entity, name, count(*) FROM doc_entities GROUP BY entity, name) UNION "
             "SELECT entity FROM (SELECT entity, name, count(*) FROM doc_entities GROUP BY entity, name EXCEPT "
             "SELECT entity, name, n FROM entity_names)"),
            ("document {} has a sentence count that differs from its sentences",
             "SELECT id FROM documents d WHERE n_sentences != "
             "(SELECT count(*) FROM sentences s WHERE s.doc = d.id)"),
            # (schema 14: a participant [entity, role] or a place {"entity"} takes its name from its document's)
            ("event {} names by reference an entity its document does not hold",
             "SELECT ev.id FROM event_rows ev, json_each(ev.participants) p WHERE json_array_length(p.value) = 2 "
             "AND NOT EXISTS (SELECT 1 FROM doc_entity_rows d WHERE d.doc = ev.doc "
             "AND d.local_id = json_extract(p.value, '$[0]')) "
             "UNION SELECT ev.id FROM event_rows ev WHERE json_type(ev.place) = 'object' "
             "AND (SELECT count(*) FROM json_each(ev.place)) = 1 AND NOT EXISTS (SELECT 1 FROM doc_entity_rows d "
             "WHERE d.doc = ev.doc AND d.local_id = json_extract(ev.place, '$.entity'))"),
            # (schema 16: a relation's subject or object "" takes its name from its document entity's)
            ("relation {} names by reference an entity its document does not hold",
             "SELECT r.id FROM relation_rows r WHERE coalesce(r.whole, 0) = 0 AND ((r.subject = '' AND NOT EXISTS "
             "(SELECT 1 FROM doc_entity_rows d WHERE d.doc = r.doc AND d.local_id = r.subject_id)) OR "
             "(r.object = '' AND NOT EXISTS (SELECT 1 FROM doc_entity_rows d WHERE d.doc = r.doc "
             "AND d.local_id = r.object_id)))"),
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

        if whole:
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
