"""``csv``: four tables in a folder, for Gephi's spreadsheet import, Palladio and any spreadsheet.

* ``nodes.csv``: ``Id, Label, Type`` (what Gephi's node import reads), then ``Subtype, Aliases, Titles,
  Mentions, Documents, Start, End``; Start/End is the span of the dated facts that name the entity;
  ``GeoNames, Latitude, Longitude`` for a place the gazetteer resolved (Gephi's GeoLayout reads them).
* ``edges.csv``: ``Source, Target, Type, Label`` (Gephi's edge import: Type is ``Directed``, Label the
  relation), then ``Id, Relation, Date, Start, End`` and the citation.  Negated relations are no edges.
* ``events.csv``: one row per event in time order: ``Id, Label, Type, Trigger, Date, Mod, Start, End,
  Basis, Placement, Participants, Place, Negated, Modality`` and the citation.
* ``mentions.csv``: every mention of an exported entity with its sentence.

``Date`` is the TIMEX3 value as the text gives it (``1944-11``); ``Start``/``End`` are the first and
last day it can mean as ``YYYY-MM-DD`` (the form Palladio reads; BCE as ``-0044-03-15``, 44 BC).
Every table that holds a fact ends with its citation: ``Document, DocumentTitle, Sentence (index),
SentenceText, CharStart, CharEnd``.  Lists inside a cell are joined with ``; ``.  Text cells that a
spreadsheet would evaluate (``=``, ``+``, ``-``, ``@`` first) start with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from annals.export.common import csv_text, one_line
from annals.export.select import Selection, relation_end, relation_interval

CITATION = ["Document", "DocumentTitle", "Sentence", "SentenceText", "CharStart", "CharEnd"]
NODES = ["Id", "Label", "Type", "Subtype", "Aliases", "Titles", "Mentions", "Documents", "Start", "End", "GeoNames",
         "Latitude", "Longitude"]
EDGES = ["Source", "Target", "Type", "Label", "Id", "Relation", "Date", "Start", "End", *CITATION]
EVENTS = ["Id", "Label", "Type", "Trigger", "Date", "Until", "Mod", "Start", "End", "Basis", "Placement",
          "Participants", "Place", "Negated", "Modality", *CITATION]
MENTIONS = ["Id", "Entity", "Label", "EntityType", "Text", "Title", *CITATION]


def _table(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return buf.getvalue()


def _join(values: Iterable[Any]) -> str:
    return "; ".join(one_line(v) for v in values if v is not None and str(v) != "")


def _citation(sel: Selection, row: dict[str, Any], sentence_index: Any, sentence: Any) -> dict[str, Any]:
    return {"Document": row["document"], "DocumentTitle": csv_text(sel.document_title(row["document"])),
            "Sentence": sentence_index, "SentenceText": csv_text(sentence), "CharStart": row.get("start"),
            "CharEnd": row.get("end")}


def _bool(value: Any) -> str:
    return "true" if value else "false"


def nodes(sel: Selection) -> list[dict[str, Any]]:
    """The rows of nodes.csv."""
    return [{"Id": n["id"], "Label": csv_text(n["name"]), "Type": n.get("type") or "",
             "Subtype": csv_text(n.get("subtype")), "Aliases": csv_text(_join(n.get("aliases", []))),
             "Titles": csv_text(_join(n.get("titles", []))), "Mentions": n.get("n_mentions", 0),
             "Documents": n.get("n_documents", 0), "Start": n.get("earliest"), "End": n.get("latest"),
             **_geo(n.get("place"))}
            for n in sel.graph_nodes()]


def _geo(place: dict[str, Any] | None) -> dict[str, Any]:
    """A resolved place's GeoNames id and point (empty for a country, which GeoNames' package gives none)."""
    place = place or {}
    return {"GeoNames": place.get("geonames_id"), "Latitude": place.get("lat"), "Longitude": place.get("lon")}


def edges(sel: Selection) -> list[dict[str, Any]]:
    """The rows of edges.csv."""
    out = []
    for r in sel.graph_edges():
        span = relation_interval(r)
        out.append({"Source": relation_end(r, "subject"), "Target": relation_end(r, "object"), "Type": "Directed",
                    "Label": r["relation"], "Id": r["id"], "Relation": r["relation"], "Date": r.get("value"),
                    "Start": span[0] if span else None, "End": span[1] if span else None,
                    **_citation(sel, r, r.get("sentence_index"), r.get("sentence"))})
    return out


def event_label(row: dict[str, Any]) -> str:
    """A short name for an event: its description ("Archidamus invaded Attica"), else its type and trigger
    and who took part ("FOUNDING: founded (Union of ...)")."""
    if row.get("description"):
        return str(row["description"])
    who = [p["name"] for p in row.get("participants") or [] if p.get("name")]
    label = f"{row.get('type') or 'EVENT'}: {'not ' if row.get('negated') else ''}{row.get('trigger') or ''}"
    return f"{label} ({', '.join(who)})" if who else label


def events(sel: Selection) -> list[dict[str, Any]]:
    """The rows of events.csv."""
    out = []
    for r in sel.events:
        who = [f"{p['name']} ({p['role']})" if p.get("role") else p.get("name") for p in r["participants"]]
        out.append({"Id": r["id"], "Label": csv_text(event_label(r)), "Type": r["type"],
                    "Trigger": csv_text(r["trigger"]), "Date": r["value"], "Until": r.get("until"), "Mod": r["mod"],
                    "Start": r["earliest"], "End": r["latest"], "Basis": r["basis"], "Placement": r["placement"],
                    "Participants": csv_text(_join(who)), "Place": csv_text((r["place"] or {}).get("name")),
                    "Negated": _bool(r["negated"]), "Modality": r["modality"],
                    **_citation(sel, r, r.get("sentence_index"), r.get("sentence"))})
    return out


def mentions(sel: Selection) -> list[dict[str, Any]]:
    """The rows of mentions.csv."""
    out = []
    for m in sel.mentions:
        entity = sel.entity(m["entity"]) or {}
        out.append({"Id": m["id"], "Entity": m["entity"], "Label": csv_text(entity.get("name")),
                    "EntityType": entity.get("type"), "Text": csv_text(m["text"]), "Title": csv_text(m.get("title")),
                    **_citation(sel, m, m.get("sentence"), m.get("sentence_text"))})
    return out


def render(sel: Selection) -> dict[str, str]:
    """The four files: name -> CSV text (RFC 4180: quoted where needed, CRLF line ends)."""
    return {"nodes.csv": _table(NODES, nodes(sel)), "edges.csv": _table(EDGES, edges(sel)),
            "events.csv": _table(EVENTS, events(sel)), "mentions.csv": _table(MENTIONS, mentions(sel))}
