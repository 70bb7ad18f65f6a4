"""How the payload of an event or relation is stored: as columns (schema 7) that point at what the store holds
(schema 14), its quotations compacted (:mod:`annals.store.compact`, schema 6), and read back to the byte."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from annals.model import Sentence
from annals.store.compact import _MARKED, _SPAN, _dumps, _expand
from annals.store.util import DAY_COLUMNS, day_stored

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
# - an event's modality "asserted" and the basis "explicit" of its date as NULL (:data:`_DEFAULTS`);
# - (schema 16) a relation's subject or object whose name is its document entity's (by ``subject_id`` or
#   ``object_id``) as "" (:data:`_ENDS`).
#
# :func:`fact_payload` reads them back given the context; without one it reads the columns as schemas 7 to 11
# wrote them (which is how step 14 reads the rows it converts).

#: table -> (the column of a name, the column of the local id it is the name of) (schema 16): a relation's subject
#: and object, stored as "" where the name is its document entity's (a name that is "" itself keeps the payload
#: whole); these are columns queries may filter on, so the reference is set once the payload's columns are made.
_ENDS: dict[str, tuple[tuple[str, str], ...]] = {"events": (),
                                                 "relations": (("subject", "subject_id"), ("object", "object_id"))}
#: table -> column -> the value its NULL stands for, beside other keys (schema 14): an event's modality, and the
#: basis of its date.  (A payload without the key is kept whole; a date that is only its basis, as JSON.)
_DEFAULTS: dict[str, dict[str, str]] = {"events": {"modality": "asserted", "time_basis": "explicit"},
                                        "relations": {}}
#: The columns that may be stored by reference (:func:`_referrer`).
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


# (What :func:`_referrer` gives, one for each column that may be stored by reference.)
def _refer_participants(table: str, value: Any, obj: dict[str, Any], cols: dict[str, Any],
                        filters: dict[str, Any], context: _Context) -> Any:
    return _dumps([[p["entity"], p["role"]] if _is_entity(p, context) else list(p.values()) for p in value])


def _refer_place(table: str, value: Any, obj: dict[str, Any], cols: dict[str, Any], filters: dict[str, Any],
                 context: _Context) -> Any:
    if isinstance(value, dict) and list(value) == ["entity", "name"] and _is_entity(value, context):
        return _dumps({"entity": value["entity"]})
    return _dumps(value)


def _refer_triggers(table: str, value: Any, obj: dict[str, Any], cols: dict[str, Any], filters: dict[str, Any],
                    context: _Context) -> Any:
    if len(value) == 1 and all(type(v) is str for v in (*value[0].values(), obj.get("trigger"), obj.get("type"))) \
            and value[0]["trigger"] == obj["trigger"] and value[0]["type"] == obj["type"]:
        return ""
    return _to_column("triggers", value)


def _refer_default(column: str, kind: str) -> Callable[..., Any]:
    def refer(table: str, value: Any, obj: dict[str, Any], cols: dict[str, Any], filters: dict[str, Any],
              context: _Context) -> Any:
        if type(value) is str and value == _DEFAULTS[table][column]:
            return None
        return _to_column(kind, value)
    return refer


def _refer_span(column: str, kind: str) -> Callable[..., Any]:
    def refer(table: str, value: Any, obj: dict[str, Any], cols: dict[str, Any], filters: dict[str, Any],
              context: _Context) -> Any:
        if isinstance(value, str):
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
    return refer


def _referrer(table: str, column: str, kind: str) -> Callable[..., Any] | None:
    """What ``column`` holds of a value (of ``kind``) given a context: a function of (table, value, the object that
    holds it, the columns, the filtered-on columns, the context) that gives a reference where the reference gives
    the value exactly (:class:`_Context`; the offsets of a text are set in the columns), else the value; None for
    a column stored as it is."""
    if column not in _REFERRED[table]:
        return None
    if column == "participants":
        return _refer_participants
    if column == "place":
        return _refer_place
    if column == "triggers":
        return _refer_triggers
    if column in _DEFAULTS[table]:
        return _refer_default(column, kind)
    if column in _SPANS[table]:
        return _refer_span(column, kind)
    return None


def _plan(table: str, fields: list[tuple[str, str, str]], context: bool) -> tuple[tuple[Any, ...], ...]:
    """What :func:`_order` needs of these fields (with a context or without), made once: per key (key, the plan of
    its keys or None, column, the column of its JSON or "", the columns of its offsets or (), whether its NULL
    stands for a default)."""
    out = []
    for key, column, kind in fields:
        if kind == "nest":
            out.append((key, _plan(table, _NESTED[table][key], context), column, "", (), False))
        else:
            out.append((key, None, column, f"{column}_json" if kind == "rows" else "",
                        _SPANS[table].get(column, ()) if context else (), context and column in _DEFAULTS[table]))
    return tuple(out)


def _rows_column(value: list[dict[str, Any]]) -> str:
    return _dumps([list(v.values()) for v in value])


#: What a value of a kind becomes in its column (:func:`_to_column`; None: the value itself).
_CONVERT: dict[str, Callable[[Any], Any] | None] = {"s": None, "i": None, "b": int, "j": _dumps}
#: What a value of a kind must be to go in its column: a string (of type str or another), of type int, of type
#: bool; None: anything.
_FIT: dict[str, type | None] = {"s": str, "i": int, "b": bool, "j": None}


def _fields(table: str, fields: list[tuple[str, str, str]]) -> dict[str, tuple[Any, ...]]:
    """What :func:`fact_columns` does with each key of these ``fields``, made once: key -> (column, what its value
    must be (:data:`_FIT`), the keys of each of its objects (kind "rows", else ()), the column of its JSON (kind
    "rows"), what its value becomes in its column (:data:`_CONVERT`), what stores it by reference given a context
    (:func:`_referrer`), whether it is the place; and for kind "nest" (else None): its keys' (this, nested), the
    plans of their :func:`_order` (without, with a context) and the columns set to None where it is kept as one
    value)."""
    spans = _SPANS[table]
    out: dict[str, tuple[Any, ...]] = {}
    for key, column, kind in fields:
        if kind == "nest":
            inner = _NESTED[table][key]
            cleared = tuple(c for _k, sub, _kind in inner
                            for c in (sub, *(s for s in spans.get(sub, ()) if s in _SPAN_COLUMNS[table])))
            out[key] = (column, None, (), "", None, None, False,
                        _fields(table, inner), (_plan(table, inner, False), _plan(table, inner, True)), cleared)
        elif kind == "rows":
            out[key] = (column, None, _ROWS[column], f"{column}_json", _rows_column,
                        _referrer(table, column, column), column == "place", None, None, ())
        else:
            out[key] = (column, _FIT[kind], (), "", _CONVERT[kind], _referrer(table, column, kind),
                        column == "place", None, None, ())
    return out


#: table -> key -> what :func:`fact_columns` does with it (:func:`_fields`); the plans of :func:`_order` (without,
#: with a context).
_KNOWN = {table: _fields(table, _FACT_FIELDS[table]) for table in _FACT_FIELDS}
_PLANS = {table: (_plan(table, _FACT_FIELDS[table], False), _plan(table, _FACT_FIELDS[table], True))
          for table in _FACT_FIELDS}
#: table -> the columns of a fact's payload, all None (the start of its row).
_EMPTY = {table: dict.fromkeys(_FIELD_COLUMNS[table]) for table in _FACT_FIELDS}


def _written(table: str, key: str, column: str, kind: str) -> set[str]:
    """The columns :func:`_put` may set for a key of a fact (its nested keys' too)."""
    if kind == "nest":
        return {column, *(c for k, col, kd in _NESTED[table][key] for c in _written(table, k, col, kd))} - {""}
    return {column, f"{column}_json", *_SPANS[table].get(column, ())}


def _check_split() -> None:
    """What makes ``split`` of :func:`_put` hold until :func:`_order` reads it: the columns an object-valued key's keys
    are read from are set by no other key."""
    for table, fields in _FACT_FIELDS.items():
        for key, column, kind in fields:
            if kind == "nest":
                others = set().union(*(_written(table, k, c, kd) for k, c, kd in fields if k != key))
                if _written(table, key, column, kind) & others:
                    raise AssertionError(f"{table}: the columns of {key} are set by other keys too")


_check_split()


def _put(table: str, known: dict[str, tuple[Any, ...]], obj: dict[str, Any], rest: dict[str, Any],
         cols: dict[str, Any], filters: dict[str, Any], context: _Context | None, split: set[str]) -> None:
    """Set the columns of the keys of ``obj`` in ``cols``; a key no column holds goes in ``rest``; the object-valued
    keys whose keys are in columns of their own (so that :func:`_order` of them is not empty) go in ``split``."""
    with_context = context is not None
    for key, value in obj.items():
        field = known.get(key)
        if field is None:
            rest[key] = value
            continue
        column, fit, row_keys, json_column, convert, referred, is_place, nested, plans, cleared = field
        if nested is not None:
            if isinstance(value, dict) and value:
                inner: dict[str, Any] = {}
                _put(table, nested, value, inner, cols, filters, context, split)
                if not inner and _order(plans[with_context], cols) == list(value):
                    split.add(key)
                    continue
                for c in cleared:  # (kept as one value below)
                    if c not in filters:
                        cols[c] = None
            if column:
                cols[column] = _dumps(value)
            else:
                rest[key] = value
            continue
        if row_keys:
            if not (isinstance(value, list) and all(isinstance(v, dict) and tuple(v) == row_keys for v in value)):
                cols[json_column] = _dumps(value)  # (kept as JSON)
                continue
        elif fit is not None and not (isinstance(value, str) if fit is str else type(value) is fit):
            rest[key] = value
            continue
        if is_place and with_context and _bare_place(value):
            rest[key] = value
        elif column in filters:
            if filters[column] != value or type(filters[column]) is not type(value):
                rest[key] = value
        elif with_context and referred is not None:
            cols[column] = referred(table, value, obj, cols, filters, context)
        else:
            cols[column] = value if convert is None else convert(value)


def _order(plan: tuple[tuple[Any, ...], ...], cols: dict[str, Any], split: set[str] | frozenset[str] = frozenset()
           ) -> list[str]:
    """The keys :func:`fact_payload` reads from these columns (with a context or without, as the :func:`_plan`
    was made), in its order (``extra`` aside); ``split``: object-valued keys known to be read (:func:`_put`)."""
    keys = []
    said = False  # (a default is read only beside another key)
    for key, nested, column, json_column, spans, default in plan:
        if nested is not None:
            if (column and cols[column] is not None) or key in split or _order(nested, cols):
                keys.append(key)
                said = True
        elif cols[column] is not None or (json_column and cols[json_column] is not None) or (
                spans and cols[spans[0]] is not None and cols[spans[1]] is not None):
            keys.append(key)
            said = True
        elif default:
            keys.append(key)
    return keys if said else []


def fact_columns(table: str, payload: dict[str, Any], filters: dict[str, Any],
                 context: _Context | None = None) -> dict[str, Any]:
    """The columns of an event (``table`` "events") or relation ("relations"): ``filters`` (the columns
    queries filter on, as :func:`_fact_filters` gives them) and the payload's keys (:func:`fact_payload`
    reads it back).  Given the ``context`` of its document, what the store holds elsewhere is stored by
    reference where it is exactly what the reference gives (schema 14, :class:`_Context`); without one, as
    schemas 7 to 11 stored it."""
    cols = _EMPTY[table].copy()
    cols.update(filters)
    if isinstance(payload, dict):
        rest: dict[str, Any] = {}
        split: set[str] = set()
        _put(table, _KNOWN[table], payload, rest, cols, filters, context, split)
        cols["extra"] = _dumps(rest) if rest else None
        # (what fact_payload gives: each key's value as it went in, so only the keys' order can differ)
        order = _order(_PLANS[table][context is not None], cols, split)
        if rest:
            order += [k for k in rest if k not in order]
        if order == list(payload) and (context is None or _refer_ends(table, cols, context)):
            return cols
    cols = _EMPTY[table].copy()
    cols.update(filters)
    cols.update(extra=_dumps(payload), whole=1)
    return cols


def _refer_ends(table: str, cols: dict[str, Any], context: _Context) -> bool:
    """Store the names of a fact's ends that are their document entities' as "" in ``cols`` (:data:`_ENDS`);
    False when an end's name is "" itself (it could not be told from a reference: the payload is kept whole)."""
    for name, local in _ENDS[table]:
        value = cols[name]
        if value == "":
            return False
        held = context.entity(cols[local]) if type(value) is str else None
        if held is not None and held[0] == value:
            cols[name] = ""
    return True


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
    ends = dict(_ENDS[table]) if context is not None else {}

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
            elif value == "" and column in ends:
                assert context is not None
                out[key] = (context.entity(row[ends[column]]) or (None,))[0]
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


def _fact_select(alias: str, table: str) -> str:
    return ", ".join(f"{alias}.{c}" for c in _FACT_COLUMNS[table])


def _fact_insert(table: str, cols: dict[str, Any], extra: dict[str, Any],
                 into: str | None = None) -> tuple[str, tuple[Any, ...]]:
    """INSERT statement and values of a fact's columns plus ``extra`` ones (``doc``, ``id``), into ``table``
    or the table ``into`` (its rows table, :data:`_KEYED`, with ``doc`` the document's key, and its days as
    stored there, schema 17: :func:`~annals.store.util.day_stored`; the view stores them so itself)."""
    shape = (table, tuple(extra), into)
    sql = _INSERTS.get(shape)
    if sql is None:
        names = list(extra) + _FACT_COLUMNS[table]
        sql = _INSERTS[shape] = \
            f"INSERT INTO {into or table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    values = _FACT_VALUES[table](cols)
    if into is not None:
        stored = list(values)
        for i in _DAY_AT[table]:
            stored[i] = day_stored(stored[i])
        values = tuple(stored)
    return sql, tuple(extra.values()) + values


#: (table, the names of the extra columns, into) -> the INSERT statement of :func:`_fact_insert`.
_INSERTS: dict[tuple[str, tuple[str, ...], str | None], str] = {}
#: table -> the values of :data:`_FACT_COLUMNS` in a fact's columns, as a tuple.
_FACT_VALUES = {table: itemgetter(*columns) for table, columns in _FACT_COLUMNS.items()}
#: table -> the positions in :data:`_FACT_COLUMNS` of the columns of days (schema 17).
_DAY_AT = {table: tuple(i for i, c in enumerate(columns) if c in DAY_COLUMNS) for table, columns in
           _FACT_COLUMNS.items()}

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
