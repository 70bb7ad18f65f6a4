"""``jsonld``: the selection as JSON-LD with schema.org types, for linked-data stores and publishing.

One ``@graph`` under an inline ``@context`` (nothing is fetched to read it; ``@vocab`` is
``https://schema.org/``), node ids relative to the file (``#entity-12``):

* entities: ``Person``, ``Organization``, ``Place`` (GPE and LOC), ``Event`` (named events),
  ``CreativeWork`` (works), ``Thing`` (groups: nationalities and collectives have no schema.org
  class) with ``name``, ``alternateName`` (the other names), ``honorificPrefix`` (a person's titles
  and ranks), ``description`` (the subtype) and ``subjectOf``: the sentences that mention them; a
  place the gazetteer resolved has ``sameAs`` its GeoNames URI and, where GeoNames gives a point,
  ``geo`` (``GeoCoordinates``: ``latitude``, ``longitude``);
* relations, twice: as a direct property of the subject (schema.org's where one fits: ``memberOf``,
  ``parentOrganization``, ``containedInPlace``, ``location``, ``founder`` of the object; else
  ``annals:LEADER_OF`` ... under ``urn:annals:vocab:``), and as an ``rdf:Statement`` that carries
  the relation's name, date and ``citation``;
* events (not the negated ones): ``Event`` with ``name``, ``startDate``/``endDate`` (ISO 8601 at the
  text's precision; BCE counted astronomically, 44 BC is ``-0043``), ``location``, participants by
  role (``organizer`` for agents, ``attendee`` for participants, ``about`` for patients,
  ``superEvent`` for a named event), ``description`` (the date in words) and ``citation``;
* sources: each cited sentence is a ``Quotation`` (``text``, ``isPartOf`` its document), each
  document a ``CreativeWork`` with ``name`` and ``identifier``.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from annals.export.common import date_parts, human_value, interval_parts, iso_astronomical
from annals.export.select import Selection, relation_end, relation_interval

CONTEXT = {
    "@vocab": "https://schema.org/",
    "schema": "https://schema.org/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "annals": "urn:annals:vocab:",
}

TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "EVENT": "Event",
         "WORK": "CreativeWork", "GROUP": "Thing"}
_PLACES = ("GPE", "LOC")

_ROLES = {"agent": "organizer", "participant": "attendee", "patient": "about", "place": "location",
          "event": "superEvent"}


def _id(kind: str, key: Any) -> str:
    return f"#{kind}-" + quote(str(key), safe="-._~:")


def _ref(kind: str, key: Any) -> dict[str, str]:
    return {"@id": _id(kind, key)}


def node_id(node: Any) -> str:
    """The JSON-LD id of a graph node (a canonical entity id, or ``text:<name>``)."""
    return _id("entity", node)


def _property(relation: str | None, subject_type: str | None, object_type: str | None) -> tuple[str, bool]:
    """The property that states a relation, and whether it points from the object to the subject."""
    if relation == "MEMBER_OF":
        return "memberOf", False
    if relation == "PART_OF":
        return ("containedInPlace" if subject_type in _PLACES else "parentOrganization"), False
    if relation == "LOCATED_IN":
        return ("containedInPlace" if subject_type in _PLACES else "location"), False
    if relation == "FOUNDED" and object_type == "ORG":
        return "founder", True
    return f"annals:{relation or 'RELATED_TO'}", False


def _dates(value: str | None, earliest: str | None, latest: str | None, mod: str | None) -> dict[str, str]:
    """``startDate``/``endDate`` as ISO 8601 at the precision the text gives."""
    parts = date_parts(value)
    if parts is not None and not mod:
        return {"startDate": iso_astronomical(value or "")}
    if not (earliest and latest):
        return {}
    start, end = interval_parts(earliest, latest)

    def iso(p: dict[str, int]) -> str:
        y = p["year"]
        text = (f"-{-y:04d}" if y < 0 else f"{y:04d}")
        text += f"-{p['month']:02d}" if "month" in p else ""
        text += f"-{p['day']:02d}" if "day" in p else ""
        return iso_astronomical(text)

    out = {"startDate": iso(start)}
    if end is not None:
        out["endDate"] = iso(end)
    return out


def _add(node: dict[str, Any], key: str, value: Any) -> None:
    if key in node:
        existing = node[key] if isinstance(node[key], list) else [node[key]]
        if value not in existing:
            existing.append(value)
        node[key] = existing
    else:
        node[key] = [value]


def model(sel: Selection) -> dict[str, Any]:
    """The JSON-LD document as a dict."""
    graph: list[dict[str, Any]] = []
    sources: dict[tuple[str, Any], dict[str, Any]] = {}

    def source(doc: str, index: Any, text: Any, start: Any, end: Any) -> dict[str, str]:
        key = (doc, index if index is not None else f"{start}-{end}")
        if key not in sources:
            sources[key] = {"@id": _id("source", f"{doc}-{key[1]}"), "@type": "Quotation", "text": text or "",
                            "isPartOf": _ref("document", doc)}
            if index is not None:
                sources[key]["position"] = index
        return {"@id": sources[key]["@id"]}

    entities: dict[Any, dict[str, Any]] = {}
    for n in sel.graph_nodes():
        node: dict[str, Any] = {"@id": node_id(n["id"]), "@type": TYPES.get(n.get("type") or "", "Thing"),
                                "name": n["name"]}
        others = [a for a in n.get("aliases", []) if a != n["name"]]
        if others:
            node["alternateName"] = others
        if n.get("type") == "PERSON" and n.get("titles"):
            node["honorificPrefix"] = n["titles"]
        if n.get("subtype"):
            node["description"] = n["subtype"]
        place = n.get("place") if n.get("type") in _PLACES else None
        if place and place.get("geonames_id") is not None:
            node["sameAs"] = f"https://sws.geonames.org/{int(place['geonames_id'])}/"
            if place.get("lat") is not None and place.get("lon") is not None:
                node["geo"] = {"@type": "GeoCoordinates", "latitude": place["lat"], "longitude": place["lon"]}
        entities[n["id"]] = node
    for m in sel.mentions:
        if m["entity"] in entities:
            _add(entities[m["entity"]], "subjectOf",
                 source(m["document"], m["sentence"], m.get("sentence_text"), m["start"], m["end"]))
    graph.extend(entities.values())

    for r in sel.graph_edges():
        subject, obj = relation_end(r, "subject"), relation_end(r, "object")
        prop, backwards = _property(r["relation"], r.get("subject_type"), r.get("object_type"))
        holder, target = (obj, subject) if backwards else (subject, obj)
        _add(entities[holder], prop, {"@id": node_id(target)})
        statement: dict[str, Any] = {
            "@id": _id("relation", r["id"]), "@type": "rdf:Statement",
            "rdf:subject": {"@id": node_id(holder)},
            "rdf:predicate": {"@id": prop if ":" in prop else f"schema:{prop}"},
            "rdf:object": {"@id": node_id(target)}, "name": r["relation"],
            "citation": source(r["document"], r.get("sentence_index"), r.get("sentence"), r.get("start"), r.get("end")),
        }
        span = relation_interval(r)
        statement |= _dates(r.get("value"), *(span or (None, None)), r.get("mod"))
        if r.get("value"):
            statement["description"] = human_value(r["value"], r.get("mod"))
        graph.append(statement)

    for e in sel.events:
        if e["negated"]:
            continue
        node = {"@id": _id("event", e["id"]), "@type": "Event",
                "name": e.get("description") or f"{e['type'] or 'EVENT'}: {e['trigger'] or ''}".strip()}
        node |= _dates(e["value"], e["earliest"], e["latest"], e["mod"])
        if e["value"]:
            node["description"] = human_value(e["value"], e["mod"])
        for p in e["participants"]:
            if p.get("entity") is not None and p["entity"] in entities:
                prop = _ROLES.get(p.get("role") or "", "about")
                _add(node, prop, {"@id": node_id(p["entity"])})
        place = e["place"]
        if place and place.get("entity") in entities:
            _add(node, "location", {"@id": node_id(place["entity"])})
        node["citation"] = source(e["document"], e.get("sentence_index"), e.get("sentence"), e.get("start"),
                                  e.get("end"))
        graph.append(node)

    graph.extend(sources.values())
    for d in sel.documents:
        graph.append({"@id": _id("document", d["id"]), "@type": "CreativeWork",
                      "name": d.get("title") or d.get("path") or d["id"], "identifier": d["id"]})
    return {"@context": CONTEXT, "@graph": graph}


def render(sel: Selection) -> str:
    """The JSON-LD text."""
    return json.dumps(model(sel), ensure_ascii=False, indent=1) + "\n"
