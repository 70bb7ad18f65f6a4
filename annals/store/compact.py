"""Compact payloads of events and relations (schema 6): a quoted sentence that is its document's text between
two offsets is stored as ``true`` beside them, and read back to the byte; and the JSON writer the store's
payloads use (:func:`_dumps`)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

#: The encoder of :func:`_dumps`, made once.
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _dumps(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``: its encoder made once (``dumps`` makes one a
    call), and a string or None written as the encoder writes them, without it."""
    if value is None:
        return "null"
    if type(value) is str:
        return encode_basestring(value)
    return _encode(value)


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


#: What :func:`_plain_dict` and :func:`_plain_list` give for what is not plain.
_NOT_PLAIN: Any = object()


def _plain_dict(value: dict[str, Any], text: str) -> Any:
    """:func:`_marked` of a dict when it is plain (its dicts and lists of those very types, its keys strings, its
    other values those JSON gives back as they are); :data:`_NOT_PLAIN` as soon as anything is not."""
    out = {}
    for k, v in value.items():
        if type(k) is not str:
            return _NOT_PLAIN
        t = type(v)
        if t is str:
            if k == "sentence" and v == _span_text(value, text):
                v = _SPAN
        elif t is dict or t is list:
            v = _PLAIN[t](v, text)
            if v is _NOT_PLAIN:
                return v
        elif not (t is int or t is bool or v is None or (t is float and math.isfinite(v))):
            return _NOT_PLAIN
        out[k] = v
    return out


def _plain_list(value: list[Any], text: str) -> Any:
    """:func:`_plain_dict` of a list."""
    out = []
    for v in value:
        t = type(v)
        if t is dict or t is list:
            v = _PLAIN[t](v, text)
            if v is _NOT_PLAIN:
                return v
        elif not (t is str or t is int or t is bool or v is None or (t is float and math.isfinite(v))):
            return _NOT_PLAIN
        out.append(v)
    return out


#: The plain form of a dict or of a list, by its type.
_PLAIN: dict[type, Any] = {dict: _plain_dict, list: _plain_list}


def compact_value(payload: Any, text: str) -> Any:
    """``json.loads(compact_payload(payload, text))``, without writing the JSON and reading it back where the
    payload holds only what JSON gives back as it is, as extracted events and relations do; anything else goes
    through JSON, which decides what it becomes (a tuple a list, an integer key a string)."""
    t = type(payload)
    value = _plain_dict(payload, text) if t is dict else _plain_list(payload, text) if t is list else _NOT_PLAIN
    if value is not _NOT_PLAIN:
        return value
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
