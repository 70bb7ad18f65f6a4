"""Writing documents: ingest (one transaction a document), replacing and removing one, and the rows of its
sentences, dates, gaps, events and relations (its entities are linked by :mod:`annals.store.linking`)."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from annals.model import Document, Timex
from annals.store.compact import compact_value
from annals.store.migrations import _KEYED
from annals.store.payloads import (
    _Context,
    _entities_of,
    _fact_filters,
    _fact_insert,
    _own_span,
    _own_text,
    fact_columns,
)
from annals.store.util import _content_hash, _doc_key, _now, day_stored


class Writing:
    """Storing and removing documents (a base of :class:`annals.store.Store`)."""

    # provided by Store (annals.store.core), as are the other mixins' methods this one calls
    _db: sqlite3.Connection
    _transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]
    _resolve: Callable[[str | Path], str | None]
    _require_writable: Callable[[], None]

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
        for table in ("mention_rows", "entity_titles", "entity_aliases"):
            conn.execute(f"DELETE FROM {table} WHERE doc_entity IN (SELECT id FROM doc_entity_rows WHERE doc = ?)",
                         (key,))
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
            [(key, _own_span(t.text, t.start, t.end, text), t.start, t.end, t.value, t.mod, day_stored(t.earliest),
              day_stored(t.latest), t.type, int(bool(t.relative)), t.anchor, t.calendar, t.sentence)
             for t in doc.timexes],
        )
        # (what its events and relations point at: the text, and the entities as stored just now)
        context = _Context(text, lambda: _entities_of(conn, key) if key is not None else {})
        for table, facts in (("events", doc.events), ("relations", doc.relations)):
            rows = [self._fact_row(table, doc, key, f, text, context) for f in facts]
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
                  text: str, context: _Context) -> tuple[str, tuple[Any, ...]]:
        """INSERT statement and values of an event (``table`` "events") or relation ("relations") of the
        document of this ``key`` (``context``: what its facts point at)."""
        sentence, _start, _end = self._source_columns(doc, fact)
        stored = compact_value(fact, text)
        return _fact_insert(table, fact_columns(table, stored, _fact_filters(table, fact, sentence), context),
                            {"doc": key}, into=_KEYED[table])

    def add_dated_document(self, doc_id: str, content_hash: str, timexes: list[Timex]) -> None:
        """A document row with its dates only (no text, no entities): what linking reads of a document that
        :meth:`link_in_order` then links (a linking pass in a store of its own: the store's side of what
        :class:`~annals.store.memory_linking.MemoryLinking` does in memory, which tests compare)."""
        self._require_writable()
        with self._transaction():
            doc = Document(id=doc_id, text="", content_hash=content_hash, timexes=timexes)
            self._insert_document(doc, doc_id, content_hash)
            self._insert_facts(doc, doc_id, "")
