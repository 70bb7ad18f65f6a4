"""How the payload of an event or relation is stored: compacted (a quoted sentence that is its document's text
between two offsets is stored as ``true``, schema 6) and as columns (schema 7), and read back to the byte."""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Callable
from typing import Any

from annals.model import Sentence

#: Documents up to this many characters keep no text of their own for their sentences (the view reads it
#: from the document's); a longer document's sentences keep theirs, since SQLite reads a span of a text by
#: a pass over it, which for every sentence of a long text would cost its length squared.
SHORT_TEXT = 16_384


def _own_span(value: str, start: int, end: int, text: str | None) -> str | None:
    """What ``mention_rows.text`` or ``timex_rows.text`` holds (schema 10): None when ``value`` is the document's
    ``text`` between its offsets and the document is short (the views read it there), else ``value``."""
    if text is not None and len(text) <= SHORT_TEXT and "\x00" not in text and value == text[start:end]:
        return None
    return value


def _own_text(sentence: Sentence, text: str) -> str | None:
    """What ``sentence_spans.text`` holds for a sentence: None when its text is the document's between
    its offsets (the view ``sentences`` reads it there) and the document is short, else its own text."""
    if len(text) <= SHORT_TEXT and "\x00" not in text and sentence.text == text[sentence.start:sentence.end]:
        return None
    return sentence.text


# ---------------------------------------------------------------------------------------------
# Events and relations as columns (schema 7)
# ---------------------------------------------------------------------------------------------
#
# Each key an extractor writes is a column: text ("s"), integer ("i"), boolean ("b") or a JSON value
# ("j": a list, an object or null, stored as compact JSON).  Where a key is also a column that queries
# filter on (``type``, ``char_start``), it is stored once, there.  The keys a column does not hold
# (another key, a value of another kind) are kept in ``extra`` (a JSON object) and come after the
# others; a payload that does not come back from its columns exactly as it went in (keys in another
# order, a filtered-on column that differs from its key) is kept whole in ``extra`` (``whole`` = 1).
# What is read back is always the payload as stored before (:func:`compact_payload`'s form), to the byte.

#: table -> [(key, column, kind)]; kind "nest" is an object with keys of its own (:data:`_NESTED`).
_FACT_FIELDS: dict[str, list[tuple[str, str, str]]] = {
    "events": [("id", "local_id", "s"), ("trigger", "trigger_word", "s"), ("type", "type", "s"),
               ("description", "description", "s"), ("participants", "participants", "rows"),
               ("time", "time", "nest"), ("place", "place", "j"), ("negated", "negated", "b"),
               ("modality", "modality", "s"), ("order", "ord", "i"), ("source", "", "nest"),
               ("triggers", "triggers", "rows")],
    "relations": [("subject", "subject", "s"), ("subject_id", "subject_id", "s"), ("relation", "relation", "s"),
                  ("object", "object", "s"), ("object_id", "object_id", "s"), ("negated", "negated", "b"),
                  ("time", "time", "nest"), ("pattern", "pattern", "s"), ("trigger", "trigger_word", "s"),
                  ("source", "", "nest"), ("named_in", "named_in", "j")],
}
#: table -> key -> the keys of an object-valued key; its column (when it has one) holds the value as JSON
#: where the keys do not serve (null, an object with other keys or values).
_NESTED: dict[str, dict[str, list[tuple[str, str, str]]]] = {
    "events": {
        "source": [("start", "char_start", "i"), ("end", "char_end", "i"), ("sentence", "quoted", "b"),
                   ("sentence_index", "sentence", "i"), ("trigger_start", "trigger_start", "i"),
                   ("trigger_end", "trigger_end", "i")],
        "time": [("value", "time_value", "s"), ("mod", "time_mod", "j"), ("earliest", "earliest", "s"),
                 ("latest", "latest", "s"), ("basis", "time_basis", "s"), ("anchor", "time_anchor", "s"),
                 ("source_of_date", "time_source", "s"), ("text", "time_text", "s")],
    },
    "relations": {
        "source": [("start", "char_start", "i"), ("end", "char_end", "i"), ("sentence", "quoted", "b"),
                   ("sentence_index", "sentence", "i")],
        "time": [("value", "time_value", "s"), ("text", "time_text", "s"), ("mod", "time_mod", "j"),
                 ("earliest", "earliest", "s"), ("latest", "latest", "s"), ("start", "time_start", "i"),
                 ("end", "time_end", "i"), ("basis", "time_basis", "s")],
    },
}
#: The columns queries filter on (set from the payload on every write, whatever it holds).
_FILTER_COLUMNS = {
    "events": ("local_id", "type", "trigger_word", "time_value", "earliest", "latest", "sentence", "char_start",
               "char_end"),
    "relations": ("subject", "relation", "object", "sentence", "char_start", "char_end"),
}


def _all_fields(table: str) -> list[tuple[str, str, str]]:
    """Every (key, column, kind), nested keys and the JSON columns of kind "rows" (``<column>_json``) too."""
    return ([f for f in _FACT_FIELDS[table] if f[1]] + [f for fields in _NESTED[table].values() for f in fields]
            + [(k, f"{c}_json", "j") for k, c, kind in _FACT_FIELDS[table] if kind == "rows"])


#: table -> the column of a text -> the columns of its offsets in its document's text (schema 14, see
#: :class:`_Context`): the event's own ``<column>_start``/``_end``, or (a relation's date) the date's offsets.
_SPANS = {"events": {"description": ("description_start", "description_end"),
                     "time_text": ("time_text_start", "time_text_end")},
          "relations": {"time_text": ("time_start", "time_end")}}
#: The columns of offsets that schema 14 added (they hold nothing else).
_SPAN_COLUMNS = {"events": ["description_start", "description_end", "time_text_start", "time_text_end"],
                 "relations": []}
#: The columns that hold only payload keys (added by schema 7, and the offsets of schema 14).
_FIELD_COLUMNS = {
    table: list(dict.fromkeys(c for _, c, _k in _all_fields(table) if c not in _FILTER_COLUMNS[table]))
    + _SPAN_COLUMNS[table] + ["extra", "whole"]
    for table in _FACT_FIELDS
}
#: Every column a fact is read back from.
_FACT_COLUMNS = {table: list(_FILTER_COLUMNS[table]) + _FIELD_COLUMNS[table] for table in _FACT_FIELDS}
_KIND_SQL = {"s": "TEXT", "i": "INTEGER", "b": "INTEGER", "j": "TEXT", "nest": "TEXT", "rows": "TEXT"}
#: Kind "rows": a list of objects that all have these keys, in this order, stored as a JSON list of lists.
_ROWS = {"participants": ("entity", "name", "type", "role"), "triggers": ("trigger", "type")}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _fits(kind: str, value: Any) -> bool:
    if kind == "s":
        return isinstance(value, str)
    if kind == "i":
        return type(value) is int
    if kind == "b":
        return type(value) is bool
    if kind in _ROWS:
        keys = _ROWS[kind]
        return isinstance(value, list) and all(isinstance(v, dict) and tuple(v) == keys for v in value)
    return True


def _to_column(kind: str, value: Any) -> Any:
    if kind in _ROWS:
        return _dumps([list(v.values()) for v in value])
    return int(value) if kind == "b" else _dumps(value) if kind == "j" else value


def _fact_filters(table: str, payload: dict[str, Any], sentence: int | None) -> dict[str, Any]:
    """The filtered-on columns of an event or relation (``sentence``: its sentence's index)."""
    source = payload.get("source") if isinstance(payload.get("source"), dict) else {}
    cols = {"sentence": sentence, "char_start": source.get("start"), "char_end": source.get("end")}
    if table == "events":
        time = payload.get("time") if isinstance(payload.get("time"), dict) else {}
        cols |= {"local_id": payload.get("id"), "type": payload.get("type"), "trigger_word": payload.get("trigger"),
                 "time_value": time.get("value"), "earliest": time.get("earliest"), "latest": time.get("latest")}
    else:
        cols |= {"subject": payload.get("subject"), "relation": payload.get("relation"),
                 "object": payload.get("object")}
    return cols


# ---------------------------------------------------------------------------------------------
# What events and relations point at (schema 14)
# ---------------------------------------------------------------------------------------------
#
# An event's participants and place are entities of its document, whose names and types the store holds
# (``doc_entity_rows``); its triggers are nearly always its own trigger and type; the text of its date and its
# description are nearly always words of its sentence; a relation's date is the document's text between its
# offsets.  Given its document's :class:`_Context`, :func:`fact_columns` stores each of these by reference
# where the reference gives it exactly, and as before where it does not:
#
# - a participant ``{"entity", "name", "type", "role"}`` as ``[entity, role]`` (a row of ``participants``),
#   where its name and type are its document entity's; else ``[entity, name, type, role]``;
# - a place ``{"entity", "name"}`` as ``{"entity"}`` where its name is its document entity's (a place that is
#   ``{"entity"}`` alone is kept in ``extra``);
# - triggers that are ``[{"trigger": <its trigger>, "type": <its type>}]`` as ``""`` in ``triggers``;
# - an event's description or date text that is its document's text within the event's span, as NULL with its
#   offsets (``description_start``/``_end``, ``time_text_start``/``_end``); a relation's date text that is its
#   document's text between the date's ``start`` and ``end``, as NULL;
# - an event's modality "asserted" and the basis "explicit" of its date as NULL (:data:`_DEFAULTS`).
#
# :func:`fact_payload` reads them back given the context; without one it reads the columns as schemas 7 to 11
# wrote them (which is how step 14 reads the rows it converts).

#: table -> column -> the value its NULL stands for, beside other keys (schema 14): an event's modality, and the
#: basis of its date.  (A payload without the key is kept whole; a date that is only its basis, as JSON.)
_DEFAULTS: dict[str, dict[str, str]] = {"events": {"modality": "asserted", "time_basis": "explicit"},
                                        "relations": {}}
#: The columns :func:`_referred` may store by reference.
_REFERRED = {table: {"participants", "place", "triggers", *_SPANS[table], *_DEFAULTS[table]} for table in _SPANS}
#: What ``fact_payload`` reads a ``""`` of ``triggers`` as, until the event's trigger and type are read.
_OWN_TRIGGER = object()


class _Context:
    """What the events and relations of one stored document point at: its text and its entities (local id ->
    (name, type)), each given as a value or a function giving it (called once, when first needed)."""

    def __init__(self, text: str | Callable[[], str], entities: dict[str, tuple[str, str]]
                 | Callable[[], dict[str, tuple[str, str]]]):
        self._text = text
        self._entities = entities

    def text(self) -> str:
        if callable(self._text):
            self._text = self._text()
        return self._text

    def entity(self, local_id: Any) -> tuple[str, str] | None:
        """(name, type) of the document entity of this local id, or None."""
        if callable(self._entities):
            self._entities = self._entities()
        return self._entities.get(local_id) if isinstance(local_id, str) else None


def _entities_of(conn: sqlite3.Connection, doc: str | int) -> dict[str, tuple[str, str]]:
    """local id -> (name, type) of the entities of a stored document (``doc``: its id, or its integer key)."""
    where = "doc = ?" if isinstance(doc, int) else "doc = (SELECT key FROM documents WHERE id = ?)"
    return {r[0]: (r[1], r[2]) for r in conn.execute(
        f"SELECT local_id, name, type FROM doc_entity_rows WHERE {where}", (doc,))}


def _text_of(conn: sqlite3.Connection, doc: str) -> str:
    """The text of a stored document (``doc``: its id); "" when there is none."""
    row = conn.execute("SELECT text FROM documents WHERE id = ?", (doc,)).fetchone()
    return row[0] if row is not None else ""


def _bare_place(value: Any) -> bool:
    """Whether a place is what schema 14 stores by reference (``{"entity"}``; a payload's is kept in ``extra``)."""
    return isinstance(value, dict) and list(value) == ["entity"]


def _referred(table: str, column: str, kind: str, value: Any, obj: dict[str, Any], cols: dict[str, Any],
              filters: dict[str, Any], context: _Context) -> Any:
    """What ``column`` holds of ``value`` (a key of ``obj``; ``kind``: its column's): a reference where the
    reference gives it exactly (:class:`_Context`; the offsets of a text are set in ``cols``), else the value."""
    if column == "participants":
        return _dumps([[p["entity"], p["role"]] if _is_entity(p, context) else list(p.values()) for p in value])
    if column == "place":
        if isinstance(value, dict) and list(value) == ["entity", "name"] and _is_entity(value, context):
            return _dumps({"entity": value["entity"]})
    elif column == "triggers":
        if len(value) == 1 and all(type(v) is str for v in (*value[0].values(), obj.get("trigger"), obj.get("type"))) \
                and value[0]["trigger"] == obj["trigger"] and value[0]["type"] == obj["type"]:
            return ""
    elif column in _DEFAULTS[table]:
        if type(value) is str and value == _DEFAULTS[table][column]:
            return None
    elif column in _SPANS[table] and isinstance(value, str):
        start_col, end_col = _SPANS[table][column]
        text = context.text()
        if start_col in _SPAN_COLUMNS[table]:  # (the event's own offsets: the text within its span)
            start, end = filters.get("char_start"), filters.get("char_end")
            if type(start) is int and type(end) is int and 0 <= start <= end <= len(text):
                at = text.find(value, start, end)
                if at >= 0:
                    cols.update({start_col: at, end_col: at + len(value)})
                    return None
        else:  # (the offsets of the date it is the text of)
            start, end = obj.get("start"), obj.get("end")
            if type(start) is int and type(end) is int and 0 <= start <= end <= len(text) \
                    and text[start:end] == value:
                return None
    return _to_column(kind, value)


def _is_entity(ref: dict[str, Any], context: _Context) -> bool:
    """Whether the name (and type, where it has one) of an entity reference are its document entity's."""
    held = context.entity(ref["entity"])
    return held is not None and type(ref["name"]) is str and ref["name"] == held[0] and (
        "type" not in ref or (type(ref["type"]) is str and ref["type"] == held[1]))


def _read_rows(column: str, rows: list[list[Any]], context: _Context | None) -> list[dict[str, Any]]:
    """A value of kind "rows" from its column's rows (participants by reference read from the ``context``)."""
    out = []
    for v in rows:
        if len(v) == 2 and column == "participants" and context is not None:
            name, etype = context.entity(v[0]) or (None, None)
            v = [v[0], name, etype, v[1]]
        out.append(dict(zip(_ROWS[column], v, strict=True)))
    return out


def _read_place(place: Any, context: _Context | None) -> Any:
    if context is not None and _bare_place(place):
        return {"entity": place["entity"], "name": (context.entity(place["entity"]) or (None,))[0]}
    return place


def fact_columns(table: str, payload: dict[str, Any], filters: dict[str, Any],
                 context: _Context | None = None) -> dict[str, Any]:
    """The columns of an event (``table`` "events") or relation ("relations"): ``filters`` (the columns
    queries filter on, as :func:`_fact_filters` gives them) and the payload's keys (:func:`fact_payload`
    reads it back).  Given the ``context`` of its document, what the store holds elsewhere is stored by
    reference where it is exactly what the reference gives (schema 14, :class:`_Context`); without one, as
    schemas 7 to 11 stored it."""
    cols: dict[str, Any] = {c: None for c in _FIELD_COLUMNS[table]}
    cols.update(filters)
    rest: dict[str, Any] = {}
    spans = _SPANS[table]

    def put(fields: list[tuple[str, str, str]], obj: dict[str, Any], rest: dict[str, Any]) -> None:
        known = {key: (column, kind) for key, column, kind in fields}
        for key, value in obj.items():
            column, kind = known.get(key, (None, None))
            if kind == "nest":
                inner: dict[str, Any] = {}
                if isinstance(value, dict) and value:
                    put(_NESTED[table][key], value, inner)
                    if not inner and _read_order(table, _NESTED[table][key], cols, context) == list(value):
                        continue
                    for _k, sub, _kind in _NESTED[table][key]:  # (kept as one value below)
                        for c in (sub, *(s for s in spans.get(sub, ()) if s in _SPAN_COLUMNS[table])):
                            if c not in filters:
                                cols[c] = None
                if column:
                    cols[column] = _dumps(value)
                else:
                    rest[key] = value
            elif kind == "rows" and not _fits(column, value):  # (kept as JSON)
                cols[f"{column}_json"] = _dumps(value)
            elif column is None or not _fits(column if kind == "rows" else kind, value) or (
                    context is not None and column == "place" and _bare_place(value)):
                rest[key] = value
            elif column in filters:
                if filters[column] != value or type(filters[column]) is not type(value):
                    rest[key] = value
            else:
                as_kind = column if kind == "rows" else kind
                cols[column] = _referred(table, column, as_kind, value, obj, cols, filters, context) \
                    if context is not None and column in _REFERRED[table] else _to_column(as_kind, value)

    if isinstance(payload, dict):
        put(_FACT_FIELDS[table], payload, rest)
        cols["extra"] = _dumps(rest) if rest else None
        # (what fact_payload gives: each key's value as it went in, so only the keys' order can differ)
        order = _read_order(table, _FACT_FIELDS[table], cols, context)
        order += [k for k in rest if k not in order]
        if order == list(payload):
            return cols
    cols = {c: None for c in _FIELD_COLUMNS[table]} | filters
    cols.update(extra=_dumps(payload), whole=1)
    return cols


def _read_order(table: str, fields: list[tuple[str, str, str]], cols: dict[str, Any],
                context: _Context | None = None) -> list[str]:
    """The keys :func:`fact_payload` reads from these columns (with a context or without), in its order
    (``extra`` aside)."""
    keys = []
    defaults = _DEFAULTS[table] if context is not None else {}
    said = False  # (a default is read only beside another key)
    for key, column, kind in fields:
        if kind == "nest":
            if (column and cols[column] is not None) or _read_order(table, _NESTED[table][key], cols, context):
                keys.append(key)
                said = True
        elif cols[column] is not None or (kind == "rows" and cols[f"{column}_json"] is not None) or (
                context is not None and column in _SPANS[table]
                and all(cols[c] is not None for c in _SPANS[table][column])):
            keys.append(key)
            said = True
        elif column in defaults:
            keys.append(key)
    return keys if said else []


def fact_payload(table: str, row: Any, text: str | Callable[[], str] | None = None,
                 context: _Context | None = None) -> Any:
    """The payload of an event or relation from its columns (a mapping with every column of
    :data:`_FACT_COLUMNS`): as :func:`compact_payload` stores it, or, given the ``text`` of its document (or
    a function giving it, called only when a quotation must be put back), as extracted
    (:func:`expand_payload`).  ``context``: its document's (:class:`_Context`), to read what the row holds by
    reference (schema 14); without one, the row is read as schemas 7 to 13 wrote it."""

    def loads(stored: str) -> Any:
        value = json.loads(stored)
        return _expand(value, text) if text is not None and _MARKED.search(stored) else value

    if row["whole"]:
        return loads(row["extra"])
    spans = _SPANS[table] if context is not None else {}
    defaults = _DEFAULTS[table] if context is not None else {}

    def get(fields: list[tuple[str, str, str]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        by_default: dict[str, Any] = {}
        for key, column, kind in fields:
            if kind == "nest":
                if column and row[column] is not None:
                    out[key] = loads(row[column])
                else:
                    inner = get(_NESTED[table][key])
                    if inner:
                        if text is not None and inner.get("sentence") is _SPAN:
                            inner = _expand(inner, text)
                        out[key] = inner
                continue
            value = row[column]
            if value is None and kind == "rows" and row[f"{column}_json"] is not None:
                out[key] = loads(row[f"{column}_json"])
            elif value is None and column in spans:
                start, end = (row[c] for c in spans[column])
                if start is not None and end is not None:
                    assert context is not None
                    out[key] = context.text()[start:end]
            elif value is None and column in defaults:
                out[key] = by_default[key] = defaults[column]
            elif value is not None:
                if kind == "rows":
                    out[key] = _OWN_TRIGGER if value == "" and column == "triggers" and context is not None \
                        else _read_rows(column, loads(value), context)
                elif kind == "j":
                    out[key] = _read_place(loads(value), context) if column == "place" else loads(value)
                else:
                    out[key] = bool(value) if kind == "b" else value
        return out if len(out) > len(by_default) else {}  # (a default is read only beside another key)

    out = get(_FACT_FIELDS[table])
    if row["extra"] is not None:
        out.update(loads(row["extra"]))
    if out.get("triggers") is _OWN_TRIGGER:
        out["triggers"] = [{"trigger": out.get("trigger"), "type": out.get("type")}]
    return out


def _expand(payload: Any, text: str | Callable[[], str]) -> Any:
    """:func:`expand_payload` of a payload already read."""
    got: list[str] = []

    def doc_text() -> str:
        if not got:
            got.append(text() if callable(text) else text)
        return got[0]

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: (_span_text(value, doc_text()) if k == "sentence" and v is _SPAN
                        else walk(v) if isinstance(v, (dict, list)) else v) for k, v in value.items()}
        return [walk(v) if isinstance(v, (dict, list)) else v for v in value]

    return walk(payload) if isinstance(payload, (dict, list)) else payload


def _fact_select(alias: str, table: str) -> str:
    return ", ".join(f"{alias}.{c}" for c in _FACT_COLUMNS[table])


def _fact_insert(table: str, cols: dict[str, Any], extra: dict[str, Any],
                 into: str | None = None) -> tuple[str, tuple[Any, ...]]:
    """INSERT statement and values of a fact's columns plus ``extra`` ones (``doc``, ``id``), into ``table``
    or the table ``into`` (its rows table, :data:`_KEYED`, with ``doc`` the document's key)."""
    names = list(extra) + _FACT_COLUMNS[table]
    values = tuple(extra.values()) + tuple(cols[c] for c in _FACT_COLUMNS[table])
    return (f"INSERT INTO {into or table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", values)

# ---------------------------------------------------------------------------------------------
# Compact payloads of events and relations (schema 6)
# ---------------------------------------------------------------------------------------------

#: In a stored payload, ``"sentence": true`` beside ``"start"`` and ``"end"`` stands for the document's
#: text between those offsets: the text a citation quotes is stored once, in the document.
_SPAN = True
_MARKED = re.compile(r'"sentence":\s*true')


def _span_text(node: dict[str, Any], text: str) -> str | None:
    start, end = node.get("start"), node.get("end")
    if type(start) is not int or type(end) is not int or not 0 <= start <= end <= len(text):
        return None
    return text[start:end]


_JSON_SCALARS = frozenset({str, int, bool, type(None)})


def _json_scalar(value: Any) -> bool:
    """Whether JSON gives back this very value, of this very type (a finite float included)."""
    return type(value) in _JSON_SCALARS or type(value) is float and math.isfinite(value)


def _marked(payload: Any, text: str) -> tuple[Any, bool]:
    """The payload with each quoted sentence (``"sentence"`` beside ``"start"``/``"end"``) that is the document's
    ``text`` between those offsets as ``true``, in new dicts and lists (other values as they are), and whether it
    holds only what JSON gives back as it is (dicts with string keys, lists, strings, integers, finite floats,
    booleans, None)."""
    plain = True

    def walk(value: Any) -> Any:  # (called on dicts and lists only: most values are neither)
        nonlocal plain
        plain = plain and type(value) in (dict, list)
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                plain = plain and type(k) is str
                if k == "sentence" and isinstance(v, str) and v == _span_text(value, text):
                    out[k] = _SPAN
                elif isinstance(v, (dict, list)):
                    out[k] = walk(v)
                else:
                    plain = plain and _json_scalar(v)
                    out[k] = v
            return out
        items = []
        for v in value:
            if isinstance(v, (dict, list)):
                items.append(walk(v))
            else:
                plain = plain and _json_scalar(v)
                items.append(v)
        return items

    if isinstance(payload, (dict, list)):
        return walk(payload), plain
    return payload, _json_scalar(payload)


def compact_payload(payload: Any, text: str) -> str:
    """The JSON stored for an extracted event or relation: as extracted, except that a quoted sentence
    (``"sentence"`` beside ``"start"``/``"end"``, in ``source`` or ``named_in``) that is the document's
    ``text`` between those offsets is stored as ``true`` (:func:`expand_payload` puts it back).  Keys keep
    their order, so the payload read back is the one extracted, to the byte."""
    return _dumps(_marked(payload, text)[0])


def compact_value(payload: Any, text: str) -> Any:
    """``json.loads(compact_payload(payload, text))``, without writing the JSON and reading it back where the
    payload holds only what JSON gives back as it is, as extracted events and relations do; anything else goes
    through JSON, which decides what it becomes (a tuple a list, an integer key a string)."""
    value, plain = _marked(payload, text)
    return value if plain else json.loads(_dumps(value))


def expand_payload(stored: str, text: str | Callable[[], str]) -> Any:
    """The event or relation as extracted, from its stored JSON (:func:`compact_payload`) and the text of
    its document (or a function giving it, called only when a sentence must be put back)."""
    payload = json.loads(stored)
    if not _MARKED.search(stored):
        return payload
    doc_text = text() if callable(text) else text

    def walk(value: Any) -> Any:  # (called on dicts and lists only)
        if isinstance(value, dict):
            return {k: (_span_text(value, doc_text) if k == "sentence" and v is _SPAN
                        else walk(v) if isinstance(v, (dict, list)) else v) for k, v in value.items()}
        return [walk(v) if isinstance(v, (dict, list)) else v for v in value]

    return walk(payload) if isinstance(payload, (dict, list)) else payload


class _Texts:
    """The texts and entities of stored documents (:class:`_Context`), read once each and kept while rows of
    the same document follow (readers go by document), so that reading their facts back costs one read of
    each per document."""

    def __init__(self, conn: sqlite3.Connection, keep: int = 8):
        self._conn = conn
        self._keep = keep
        self._contexts: dict[str, _Context] = {}

    def get(self, doc: str) -> str:
        """The text of the document ``doc`` (its id); "" when no document has that id."""
        return self.context(doc).text()

    def context(self, doc: str) -> _Context:
        """What the facts of the document ``doc`` (its id) point at."""
        context = self._contexts.get(doc)
        if context is None:
            context = _Context(lambda: _text_of(self._conn, doc), lambda: _entities_of(self._conn, doc))
            if len(self._contexts) >= self._keep:
                self._contexts.pop(next(iter(self._contexts)))
            self._contexts[doc] = context
        return context

    def expand(self, table: str, row: Any) -> Any:
        """The event or relation of a row (with ``doc`` and the columns of :data:`_FACT_COLUMNS`), as extracted."""
        context = self.context(row["doc"])
        return fact_payload(table, row, context.text, context)

    def read(self, table: str, row: Any) -> Any:
        """The same, its quotations as stored (``"sentence": true``, :func:`compact_payload`)."""
        return fact_payload(table, row, context=self.context(row["doc"]))
