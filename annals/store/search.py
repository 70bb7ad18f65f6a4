"""Full-text search over the stored sentences (FTS5, external content: the view ``sentences``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any


class Searching:
    """Full-text search (a base of :class:`annals.store.Store`)."""

    # provided by Store (annals.store.core), as are the other mixins' methods this one calls
    _rows: Callable[..., list[dict[str, Any]]]

    def search_sentences(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over sentences, best first.

        ``query`` may use FTS5 syntax (``"Swedish army"``, ``Wallenstein AND Bohemia``); anything FTS5
        cannot parse is searched as plain words.  Each hit: ``{"document", "path", "title",
        "sentence", "start", "end", "text", "snippet", "rank"}`` (lower rank is better).
        """
        # NUL, other control characters and lone surrogates (a URL's %00, a broken escape) are no words
        query = "".join(ch for ch in query if ch.isprintable() or ch in " \t\n")
        if not query.strip():
            return []
        sql = ("SELECT s.doc AS document, d.path, d.title, s.idx AS sentence, s.char_start AS start,"
               " s.char_end AS \"end\", s.text, snippet(sentences_fts, 0, '[', ']', '…', 12) AS snippet,"
               " bm25(sentences_fts) AS rank FROM sentences_fts"
               " JOIN sentences s ON s.id = sentences_fts.rowid JOIN documents d ON d.id = s.doc"
               " WHERE sentences_fts MATCH ? ORDER BY rank, s.doc, s.idx LIMIT ?")
        try:
            return self._rows(sql, (query, int(limit)))
        except sqlite3.OperationalError:
            words = " ".join('"' + w.replace('"', '""') + '"' for w in query.split())
            try:
                return self._rows(sql, (words, int(limit)))
            except sqlite3.OperationalError:  # words FTS5 cannot read even quoted: nothing matches them
                return []
