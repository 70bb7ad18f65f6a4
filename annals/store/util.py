"""Small helpers the store's modules share: timestamps, document keys, chunks of query parameters, the SQL of
a sentence's text."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from annals.model import Document


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _content_hash(doc: Document) -> str:
    return doc.content_hash or "sha256:" + hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def _doc_key(conn: sqlite3.Connection, doc_id: str) -> int | None:
    """The integer key of a stored document (schema 8) from its public id; None when there is none."""
    row = conn.execute("SELECT key FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return row[0] if row else None

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


#: (schema 8) The text of the sentence ``s`` (a row of ``span_rows``) of the document ``{0}`` (a row of
#: ``documents``), as the view ``sentences`` gives it.  Queries join ``span_rows`` for it: a view that is itself
#: a join is not flattened on the right of a LEFT JOIN (SQLite would build the whole view for each query).
_SPAN_TEXT = "coalesce(s.text, substr({0}.text, s.char_start + 1, s.char_end - s.char_start))"
