"""fact_columns and compact_value, made faster (lookups made once, fast paths for plain payloads), give exactly
what the plain code they replace gave, kept here as the reference: the same columns, of the same types, in the
same order, for payloads of the shape the extractor writes and for odd ones (keys missing, added or moved,
values of other types, participants with other keys, tuples); and every payload reads back as it went in, key
order included, with a document's context and without.  The texts and names are invented."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annals.store import compact, payloads
from annals.store.compact import _marked, compact_value
from annals.store.payloads import (
    _DEFAULTS,
    _FACT_COLUMNS,
    _FACT_FIELDS,
    _FIELD_COLUMNS,
    _FILTER_COLUMNS,
    _NESTED,
    _REFERRED,
    _ROWS,
    _SPAN_COLUMNS,
    _SPANS,
    _bare_place,
    _Context,
    _fact_filters,
    _fact_insert,
    _is_entity,
    fact_columns,
    fact_payload,
)

TEXT = ("Gustavus Adolphus landed in Pomerania in 1630 with the Swedish army. "
        "Tilly stormed Magdeburg in May 1631, and the city burned. "
        "In the Roman republic the consul Marius reformed the legions after 107 BC.")
ENTITIES = {"e1": ("Gustavus Adolphus", "PERSON"), "e2": ("Pomerania", "GPE"), "e3": ("Swedish army", "ORG"),
            "e4": ("Tilly", "PERSON"), "e5": ("Magdeburg", "GPE"), "e6": ("Marius", "PERSON")}
SENTENCES = [(0, 68), (69, 126), (127, 202)]


# ---------------------------------------------------------------------------------------------
# The reference: fact_columns and compact_value as they were written before they were made faster
# ---------------------------------------------------------------------------------------------

def _ref_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _ref_fits(kind: str, value: Any) -> bool:
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


def _ref_to_column(kind: str, value: Any) -> Any:
    if kind in _ROWS:
        return _ref_dumps([list(v.values()) for v in value])
    return int(value) if kind == "b" else _ref_dumps(value) if kind == "j" else value


def _ref_referred(table: str, column: str, kind: str, value: Any, obj: dict[str, Any], cols: dict[str, Any],
                  filters: dict[str, Any], context: _Context) -> Any:
    if column == "participants":
        return _ref_dumps([[p["entity"], p["role"]] if _is_entity(p, context) else list(p.values()) for p in value])
    if column == "place":
        if isinstance(value, dict) and list(value) == ["entity", "name"] and _is_entity(value, context):
            return _ref_dumps({"entity": value["entity"]})
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
        if start_col in _SPAN_COLUMNS[table]:
            start, end = filters.get("char_start"), filters.get("char_end")
            if type(start) is int and type(end) is int and 0 <= start <= end <= len(text):
                at = text.find(value, start, end)
                if at >= 0:
                    cols.update({start_col: at, end_col: at + len(value)})
                    return None
        else:
            start, end = obj.get("start"), obj.get("end")
            if type(start) is int and type(end) is int and 0 <= start <= end <= len(text) \
                    and text[start:end] == value:
                return None
    return _ref_to_column(kind, value)


def _ref_read_order(table: str, fields: list[tuple[str, str, str]], cols: dict[str, Any],
                    context: _Context | None = None) -> list[str]:
    keys = []
    defaults = _DEFAULTS[table] if context is not None else {}
    said = False
    for key, column, kind in fields:
        if kind == "nest":
            if (column and cols[column] is not None) or _ref_read_order(table, _NESTED[table][key], cols, context):
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


def _ref_fact_columns(table: str, payload: dict[str, Any], filters: dict[str, Any],
                      context: _Context | None = None) -> dict[str, Any]:
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
                    if not inner and _ref_read_order(table, _NESTED[table][key], cols, context) == list(value):
                        continue
                    for _k, sub, _kind in _NESTED[table][key]:
                        for c in (sub, *(s for s in spans.get(sub, ()) if s in _SPAN_COLUMNS[table])):
                            if c not in filters:
                                cols[c] = None
                if column:
                    cols[column] = _ref_dumps(value)
                else:
                    rest[key] = value
            elif kind == "rows" and not _ref_fits(column, value):
                cols[f"{column}_json"] = _ref_dumps(value)
            elif column is None or not _ref_fits(column if kind == "rows" else kind, value) or (
                    context is not None and column == "place" and _bare_place(value)):
                rest[key] = value
            elif column in filters:
                if filters[column] != value or type(filters[column]) is not type(value):
                    rest[key] = value
            else:
                as_kind = column if kind == "rows" else kind
                cols[column] = _ref_referred(table, column, as_kind, value, obj, cols, filters, context) \
                    if context is not None and column in _REFERRED[table] else _ref_to_column(as_kind, value)

    if isinstance(payload, dict):
        put(_FACT_FIELDS[table], payload, rest)
        cols["extra"] = _ref_dumps(rest) if rest else None
        order = _ref_read_order(table, _FACT_FIELDS[table], cols, context)
        order += [k for k in rest if k not in order]
        # (schema 16: a relation's subject and object that are their document entities' names are stored as "";
        # a name that is "" itself keeps the payload whole)
        ends = {"subject": "subject_id", "object": "object_id"} if table == "relations" and context else {}
        if order == list(payload) and all(cols[name] != "" for name in ends):
            for name, local in ends.items():
                held = context.entity(cols[local]) if type(cols[name]) is str else None
                if held is not None and held[0] == cols[name]:
                    cols[name] = ""
            return cols
    cols = {c: None for c in _FIELD_COLUMNS[table]} | filters
    cols.update(extra=_ref_dumps(payload), whole=1)
    return cols


def _ref_fact_insert(table: str, cols: dict[str, Any], extra: dict[str, Any],
                     into: str | None = None) -> tuple[str, tuple[Any, ...]]:
    names = list(extra) + _FACT_COLUMNS[table]

    def stored(column: str, value: Any) -> Any:  # (schema 17: a rows table holds an ISO day as an integer)
        day = into is not None and column in ("earliest", "latest") and isinstance(value, str)
        return int(value.replace("-", "")) if day and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) else value

    values = tuple(extra.values()) + tuple(stored(c, cols[c]) for c in _FACT_COLUMNS[table])
    return (f"INSERT INTO {into or table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", values)


def _ref_compact_value(payload: Any, text: str) -> Any:
    """compact_value as it was: the quotations marked (``_marked``, the walk compact_payload still makes), then
    through JSON and back unless the value is plain JSON."""
    value, plain = _marked(payload, text)
    return value if plain else json.loads(_ref_dumps(value))


# ---------------------------------------------------------------------------------------------
# Payloads: the extractor's shape, and that shape changed in every way a key or value can be
# ---------------------------------------------------------------------------------------------

ids = st.sampled_from([*ENTITIES, "e99"])
names = st.sampled_from([n for n, _t in ENTITIES.values()] + ["the Swedes", ""])
types = st.sampled_from(["PERSON", "GPE", "ORG", "GROUP"])
odd = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-3, 300), st.floats(allow_nan=True, allow_infinity=True),
              st.text(max_size=6), st.sampled_from(["asserted", "explicit", "Magdeburg", "in 1630", "stormed"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=3), inner, max_size=3),
                            st.tuples(inner, inner)), max_leaves=6)


@st.composite
def _words(draw: st.DrawFn, sentence: int) -> str:
    """Words of a sentence of TEXT (or, now and then, words it does not hold)."""
    start, end = SENTENCES[sentence]
    a = draw(st.integers(start, end))
    b = draw(st.integers(a, end))
    return TEXT[a:b] if draw(st.integers(0, 5)) else "words of no sentence"


@st.composite
def _source(draw: st.DrawFn, sentence: int, event: bool) -> dict[str, Any]:
    start, end = SENTENCES[sentence]
    quoted = draw(st.sampled_from([TEXT[start:end], "another sentence", True]))
    source = {"start": start, "end": end, "sentence": quoted, "sentence_index": sentence}
    if event:
        source |= {"trigger_start": start + draw(st.integers(0, 9)), "trigger_end": start + draw(st.integers(10, 19))}
    return source


@st.composite
def _time(draw: st.DrawFn, sentence: int, event: bool) -> dict[str, Any] | None:
    if not draw(st.integers(0, 3)):
        return None
    year = draw(st.sampled_from(["1630", "1631", "-0106"]))
    mod = draw(st.sampled_from([None, "START", "END", "APPROX"]))
    text = draw(_words(sentence))
    if event:
        time: dict[str, Any] = {"value": year, "mod": mod, "earliest": f"{year}-01-01", "latest": f"{year}-12-31",
                                "basis": draw(st.sampled_from(["explicit", "inferred"])), "text": text}
        if draw(st.booleans()):
            time["anchor"] = draw(st.sampled_from(["v1", "sentence"]))
        return time
    at = TEXT.find(text) if text else -1
    start = at if at >= 0 and draw(st.integers(0, 4)) else draw(st.integers(0, 40))
    return {"value": year, "text": text, "mod": mod, "earliest": f"{year}-01-01", "latest": f"{year}-12-31",
            "start": start, "end": start + len(text)}


@st.composite
def _participant(draw: st.DrawFn) -> dict[str, Any]:
    entity = draw(ids)
    name, etype = ENTITIES.get(entity, ("Nobody", "PERSON"))
    if not draw(st.integers(0, 3)):
        name = draw(names)
    if not draw(st.integers(0, 3)):
        etype = draw(types)
    return {"entity": entity, "name": name, "type": etype, "role": draw(st.sampled_from(["agent", "patient"]))}


@st.composite
def event_payload(draw: st.DrawFn) -> dict[str, Any]:
    sentence = draw(st.integers(0, 2))
    trigger, etype = draw(st.sampled_from([("landed", "MOVEMENT"), ("stormed", "ATTACK"), ("reformed", "REFORM")]))
    place = draw(st.one_of(st.none(), _participant().map(lambda p: {"entity": p["entity"], "name": p["name"]}),
                           ids.map(lambda e: {"entity": e})))  # (the last is what a place by reference reads as)
    event = {"id": f"v{draw(st.integers(1, 9))}", "trigger": trigger, "type": etype,
             "description": draw(st.one_of(st.none(), _words(sentence))),
             "participants": draw(st.lists(_participant(), max_size=3)), "time": draw(_time(sentence, True)),
             "place": place, "negated": draw(st.booleans()),
             "modality": draw(st.sampled_from(["asserted", "hedged", "negated"])),
             "order": draw(st.integers(0, 20)), "source": draw(_source(sentence, True))}
    if draw(st.integers(0, 2)):
        event["triggers"] = [{"trigger": trigger, "type": etype}] if draw(st.integers(0, 3)) else \
            [{"trigger": trigger, "type": etype}, {"trigger": "burned", "type": "DESTRUCTION"}]
    return event


@st.composite
def relation_payload(draw: st.DrawFn) -> dict[str, Any]:
    sentence = draw(st.integers(0, 2))
    subject, obj = draw(_participant()), draw(_participant())
    relation = {"subject": subject["name"], "subject_id": subject["entity"],
                "relation": draw(st.sampled_from(["LEADER_OF", "OPPOSED", "LOCATED_IN"])),
                "object": obj["name"], "object_id": obj["entity"], "negated": draw(st.booleans()),
                "time": draw(_time(sentence, False)), "pattern": draw(st.sampled_from(["lead:active", "x"])),
                "trigger": draw(st.sampled_from(["led", "fought"])), "source": draw(_source(sentence, False))}
    if not draw(st.integers(0, 4)):
        relation["named_in"] = draw(_source(sentence, False))
    return relation


@st.composite
def _changed(draw: st.DrawFn, value: dict[str, Any]) -> dict[str, Any]:
    """``value`` with a few of its keys removed, added, moved, or given values of another shape."""
    out = dict(value)
    for _ in range(draw(st.integers(0, 3))):
        change = draw(st.sampled_from(["drop", "add", "move", "odd", "inner"]))
        keys = list(out)
        if change == "add":
            out[draw(st.sampled_from(["score", "note", "sentence", "order", "start"]))] = draw(odd)
        elif not keys:
            continue
        elif change == "drop":
            del out[draw(st.sampled_from(keys))]
        elif change == "move":
            key = draw(st.sampled_from(keys))
            out[key] = out.pop(key)
        elif change == "odd":
            out[draw(st.sampled_from(keys))] = draw(odd)
        else:
            key = draw(st.sampled_from(keys))
            inner = out[key]
            if isinstance(inner, dict):
                out[key] = draw(_changed(inner))
            elif isinstance(inner, list) and inner and isinstance(inner[0], dict):
                out[key] = [draw(_changed(inner[0])), *inner[1:]]
            elif isinstance(inner, list):
                out[key] = tuple(inner)
    return out


def _context() -> _Context:
    return _Context(TEXT, dict(ENTITIES))


def _same_as_reference(table: str, payload: dict[str, Any], sentence: Any) -> None:
    stored = compact_value(payload, TEXT)
    want_stored = _ref_compact_value(payload, TEXT)
    assert repr(stored) == repr(want_stored)
    filters = _fact_filters(table, stored, sentence)
    for context, ref_context in ((None, None), (_context(), _context())):
        got = fact_columns(table, stored, filters, context)
        want = _ref_fact_columns(table, stored, filters, ref_context)
        assert list(got) == list(want)
        assert [(type(v), v) for v in got.values()] == [(type(v), v) for v in want.values()]
        assert _fact_insert(table, got, {"doc": 1}, into="event_rows") == \
            _ref_fact_insert(table, want, {"doc": 1}, into="event_rows")
        back = fact_payload(table, got, context=context)
        assert json.dumps(back) == json.dumps(stored)  # (key order included; a NaN written as NaN)


@settings(max_examples=400, deadline=None)
@given(event_payload(), st.data())
def test_events_store_as_the_reference_and_read_back(event: dict[str, Any], data: st.DataObject) -> None:
    changed = data.draw(_changed(event))
    sentence = data.draw(st.sampled_from([event["source"]["sentence_index"], None, 7]))
    _same_as_reference("events", event, event["source"]["sentence_index"])
    _same_as_reference("events", changed, sentence)


@settings(max_examples=300, deadline=None)
@given(relation_payload(), st.data())
def test_relations_store_as_the_reference_and_read_back(relation: dict[str, Any], data: st.DataObject) -> None:
    changed = data.draw(_changed(relation))
    _same_as_reference("relations", relation, relation["source"]["sentence_index"])
    _same_as_reference("relations", changed, data.draw(st.sampled_from([None, 0, 2, "1"])))


@settings(max_examples=200, deadline=None)
@given(st.one_of(odd, st.dictionaries(st.sampled_from(["id", "source", "time", "sentence", "start", "end"]), odd)))
def test_odd_payloads_compact_and_store_as_the_reference(payload: Any) -> None:
    assert repr(compact_value(payload, TEXT)) == repr(_ref_compact_value(payload, TEXT))
    for table in ("events", "relations"):
        filters = _fact_filters(table, payload, 0) if isinstance(payload, dict) else \
            dict.fromkeys(_FILTER_COLUMNS[table])
        for context in (None, _context()):
            got = fact_columns(table, payload, filters, context)
            want = _ref_fact_columns(table, payload, filters, context)
            assert repr(list(got.items())) == repr(list(want.items()))


def test_an_event_of_the_extractors_shape_is_stored_by_reference_and_reads_back() -> None:
    start, end = SENTENCES[1]
    event = {"id": "v2", "trigger": "stormed", "type": "ATTACK", "description": "Tilly stormed Magdeburg",
             "participants": [{"entity": "e4", "name": "Tilly", "type": "PERSON", "role": "agent"},
                              {"entity": "e5", "name": "Magdeburg", "type": "GPE", "role": "patient"}],
             "time": {"value": "1631-05", "mod": None, "earliest": "1631-05-01", "latest": "1631-05-31",
                      "basis": "explicit", "text": "in May 1631"},
             "place": {"entity": "e5", "name": "Magdeburg"}, "negated": False, "modality": "asserted", "order": 1,
             "source": {"start": start, "end": end, "sentence": TEXT[start:end], "sentence_index": 1,
                        "trigger_start": start + 6, "trigger_end": start + 13},
             "triggers": [{"trigger": "stormed", "type": "ATTACK"}]}
    stored = compact_value(event, TEXT)
    assert stored["source"]["sentence"] is True and stored["participants"] is not event["participants"]
    cols = fact_columns("events", stored, _fact_filters("events", stored, 1), _context())
    assert cols["whole"] is None and cols["extra"] is None and cols["triggers"] == ""
    assert cols["participants"] == '[["e4","agent"],["e5","patient"]]' and cols["place"] == '{"entity":"e5"}'
    assert cols["description"] is None and TEXT[cols["description_start"]:cols["description_end"]] == \
        "Tilly stormed Magdeburg"
    assert cols["modality"] is None and cols["time_basis"] is None and cols["time_text"] is None
    assert json.dumps(fact_payload("events", cols, context=_context())) == json.dumps(stored)
    _same_as_reference("events", event, 1)
    moved = {k: event[k] for k in reversed(event)}  # (keys in another order: kept whole)
    assert fact_columns("events", compact_value(moved, TEXT), _fact_filters("events", moved, 1))["whole"] == 1
    _same_as_reference("events", moved, 1)


def test_a_key_whose_column_an_object_valued_key_reads_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """fact_columns takes an object-valued key it stored key by key as read back (``split``) without reading its
    columns again, which holds only while no other key sets them: a table where one does is refused."""
    payloads._check_split()
    fields = {**_FACT_FIELDS, "events": [*_FACT_FIELDS["events"], ("first_year", "earliest", "s")]}
    monkeypatch.setattr(payloads, "_FACT_FIELDS", fields)
    with pytest.raises(AssertionError, match="time"):
        payloads._check_split()


@settings(max_examples=200, deadline=None)
@given(odd)
def test_the_json_of_a_column_is_what_json_dumps_writes(value: Any) -> None:
    assert compact._dumps(value) == _ref_dumps(value)
