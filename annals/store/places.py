"""The GeoNames places of stored entities: a canonical entity's place from its document entities', the
places of an older store resolved on upgrade (schema 4), and each place stored once (schema 11)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from annals.model import Entity


def canonical_place(places: Iterable[str | None]) -> str | None:
    """The place (JSON) of a canonical entity, from its document entities' places (JSON or None): the
    GeoNames place most of them resolve to, the smallest GeoNames id among equals; None when none
    resolves.  A function of the set of documents, whatever the order they came in."""
    return _canonical_place_counted((text, 1) for text in places)


def _canonical_place_counted(places: Iterable[tuple[str | None, int]]) -> str | None:
    """:func:`canonical_place` of (place, how many times) pairs, in the order the places come first: each
    distinct place is read once, however many documents give it."""
    counts: dict[int, int] = {}
    by_id: dict[int, str] = {}
    for text, n in places:
        if not text:
            continue
        gid = json.loads(text).get("geonames_id")
        if isinstance(gid, int):
            counts[gid] = counts.get(gid, 0) + n
            by_id.setdefault(gid, text)
    if not counts:
        return None
    best = min(counts, key=lambda g: (-counts[g], g))
    return by_id[best]


def _locate_stored(conn: sqlite3.Connection, docs: Iterable[str] | None = None) -> None:
    """Resolve the stored GPEs and LOCs of each document (all, or ``docs``) against GeoNames, as
    extraction does (:func:`annals.geo.locate`, the document's other places as context), and set
    the document entities' and canonical entities' places."""
    from annals import geo

    if docs is None:
        docs = [r[0] for r in conn.execute("SELECT DISTINCT doc FROM doc_entities WHERE type IN ('GPE', 'LOC')")]
    touched: set[int] = set()
    for doc in docs:
        rows = conn.execute("SELECT id, local_id, name, type, subtype, entity FROM doc_entities WHERE doc = ? "
                            "AND type IN ('GPE', 'LOC') ORDER BY id", (doc,)).fetchall()
        ents = [Entity(id=r[1], name=r[2], type=r[3], subtype=r[4]) for r in rows]
        geo.locate(ents)
        conn.executemany("UPDATE doc_entities SET place = ? WHERE id = ?",
                         [(json.dumps(e.place) if e.place else None, r[0]) for r, e in zip(rows, ents, strict=True)])
        touched |= {r[5] for r in rows}
    for eid in sorted(touched):
        places = [r[0] for r in conn.execute("SELECT place FROM doc_entities WHERE entity = ?", (eid,))]
        conn.execute("UPDATE entities SET place = ? WHERE id = ?", (canonical_place(places), eid))


def _place_columns(conn: sqlite3.Connection, place: dict[str, Any] | None) -> tuple[str | None, int | None]:
    """(``place``, ``place_id``) of a document entity's row for its place (schema 11): the GeoNames id of a place
    ``places`` holds (made when missing), else the JSON."""
    if not place:
        return None, None
    text = json.dumps(place)
    gid = place.get("geonames_id")
    if type(gid) is not int:
        return text, None
    conn.execute("INSERT OR IGNORE INTO places (id, json) VALUES (?, ?)", (gid, text))
    held = conn.execute("SELECT json FROM places WHERE id = ?", (gid,)).fetchone()[0]
    return (None, gid) if held == text else (text, None)

