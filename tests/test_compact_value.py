"""compact_value gives what writing a payload as compact JSON and reading it back gives (the store writes an
event's or relation's columns from it), for any payload: the plain ones without the JSON, the others through it."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from annals.store.compact import compact_payload, compact_value

TEXT = "In 1410 the Teutonic Order lost the battle near Grunwald. The grand master fell."

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=8), st.sampled_from(["In 1410 the Teutonic Order lost the battle near Grunwald."]))
keys = st.one_of(st.sampled_from(["sentence", "start", "end", "source", "text", "id"]), st.text(max_size=4),
                 st.integers(), st.booleans())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4), st.tuples(inner, inner)), max_leaves=20)


def _same(payload: object) -> None:
    assert repr(compact_value(payload, TEXT)) == repr(json.loads(compact_payload(payload, TEXT)))


@settings(max_examples=300, deadline=None)
@given(values)
def test_any_payload_reads_as_its_json_would(payload: object) -> None:
    _same(payload)


def test_a_quoted_sentence_becomes_its_marker_and_plain_values_stay_themselves() -> None:
    event = {"id": "v1", "type": "DEFEAT", "order": 3, "negated": False, "score": 0.5, "place": None,
             "source": {"start": 0, "end": 57, "sentence": TEXT[:57], "sentence_index": 0},
             "participants": [{"entity": "e1", "name": "Teutonic Order", "type": "ORG", "role": "agent"}]}
    got = compact_value(event, TEXT)
    assert got["source"]["sentence"] is True and got["participants"] == event["participants"]
    assert got is not event and got["participants"][0] is not event["participants"][0]  # a copy, as JSON gives
    _same(event)
    for odd in ({"span": (0, 57)}, {1: "a"}, {"x": float("inf")}, {"x": [float("nan")]}):
        _same(odd)
