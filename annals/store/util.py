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


# -- days as integers (schema 17) ---------------------------------------------------------------------------
#
# The interval of a date, event or relation (``earliest``, ``latest``) is an ISO day, "1867-09-01": ten bytes of
# text.  One of four digits, two and two is stored as the integer 18670901 (four bytes), which orders as the text
# does; any other (a year BCE, "-0044-03-15", a year after 9999) stays text.  The views give the text back, and
# writes through them store the integer: SQL readers see the day as before.

#: SQL: the day the stored value ``{0}`` says, as text.
DAY_TEXT = "CASE WHEN typeof({0}) = 'integer' THEN printf('%04d-%02d-%02d', {0} / 10000, {0} / 100 % 100, {0} % 100) " \
           "ELSE {0} END"
#: SQL: what is stored for the day ``{0}`` (text or NULL).
DAY_STORED = "CASE WHEN {0} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(substr({0}, 1, 4) || " \
             "substr({0}, 6, 2) || substr({0}, 9, 2) AS INTEGER) ELSE {0} END"
#: The columns that hold days so (of the tables of events, relations and dates).
DAY_COLUMNS = ("earliest", "latest")


def day_stored(value: Any) -> Any:
    """What is stored for a day (:data:`DAY_STORED`, in Python)."""
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-" \
            and (digits := value[:4] + value[5:7] + value[8:]).isascii() and digits.isdigit():
        return int(digits)
    return value


def day_text(value: Any) -> Any:
    """The day a stored value says (:data:`DAY_TEXT`, in Python)."""
    return f"{value // 10000:04d}-{value // 100 % 100:02d}-{value % 100:02d}" if type(value) is int else value


# -- the forms of an alias (schema 13) --------------------------------------------------------------------
#
# Linking finds an alias by three forms: ``norm`` (the alias normalised), ``core`` (the norm without the entity's
# titles) and ``tail`` (the last word of the core, a person's surname).  Most aliases have no title and many are
# one word, so a core that is the norm and a tail that is the core are stored as "" and left out of the core and
# tail indexes (partial indexes); :data:`ALIAS_CORE` and :data:`ALIAS_TAIL` read the forms back, and
# :func:`alias_form_in` finds aliases by one of them through the indexes.  A form stored whole where it could be
# "" (a store's older rows) is found and read the same.

#: SQL: the aliases ``a`` with the document entity ``d`` each belongs to, whose ``entity`` is the alias's canonical
#: entity (schema 18: an alias keeps no copy of it).
ALIASES = "entity_aliases a JOIN doc_entity_rows d ON d.id = a.doc_entity"
#: SQL: the core and the tail of the alias ``{0}`` (a row of ``entity_aliases``).
ALIAS_CORE = "coalesce(nullif({0}.core, ''), {0}.norm)"
ALIAS_TAIL = "coalesce(nullif({0}.tail, ''), nullif({0}.core, ''), {0}.norm)"


def stored_forms(norm: str, core: str, tail: str) -> tuple[str, str, str]:
    """The ``norm``, ``core`` and ``tail`` columns of an alias whose forms are these."""
    return norm, "" if core == norm else core, "" if tail == core else tail


def read_forms(norm: str, core: str, tail: str) -> tuple[str, str, str]:
    """The ``norm``, ``core`` and ``tail`` an alias's stored columns give (:data:`ALIAS_CORE`, :data:`ALIAS_TAIL`,
    in Python)."""
    return norm, core or norm, tail or core or norm


def alias_form_in(form: str, alias: str, marks: str) -> tuple[str, int]:
    """SQL that is true when the ``form`` ("norm", "core" or "tail"; "name": the norm or the core) of the alias
    ``alias`` is one of the values ``marks`` stands for, each branch by an index, and how many times the values
    must be given."""
    a = alias
    norm = f"{a}.norm IN ({marks})"
    core = f"({a}.core IN ({marks}) AND {a}.core != '')"
    if form == "norm":
        return norm, 1
    if form == "name":  # (a core stored as "" is the norm: found by it)
        return f"({norm} OR {core})", 2
    if form == "core":
        return f"({core} OR ({a}.core = '' AND {norm}))", 2
    if form == "tail":
        return (f"(({a}.tail IN ({marks}) AND {a}.tail != '') OR ({a}.tail = '' AND {core}) "
                f"OR ({a}.tail = '' AND {a}.core = '' AND {norm}))"), 3
    raise ValueError(form)
