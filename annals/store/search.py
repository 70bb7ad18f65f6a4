"""Full-text search over the stored sentences (FTS5, external content: the view ``sentences``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from annals.store.util import _encodable


class Searching:
    """Full-text search (a base of :class:`annals.store.Store`)."""

    # provided by Store (annals.store.core), as are the other mixins' methods this one calls
    _rows: Callable[..., list[dict[str, Any]]]
    _db: sqlite3.Connection

    def search_sentences(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over sentences, best first.

        ``query`` may use FTS5 syntax (``"Swedish army"``, ``Wallenstein AND Bohemia``); anything FTS5
        cannot parse is searched as plain words.  Each hit: ``{"document", "path", "title",
        "sentence", "start", "end", "text", "snippet", "rank"}`` (lower rank is better).
        """
        return self._hit_rows(*self._search(query, limit))

    def _hit_rows(self, hits: list[tuple[int, str, int, float]], query: str) -> list[dict[str, Any]]:
        """:meth:`search_sentences`' records of the hits ``(id, document, index, rank)`` of the FTS5 ``query``
        :meth:`_search` gives (those this store holds), in their order."""
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
            row = rows.get(sid)
            if row is not None:
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
