"""``json``: the whole model of a store (or of the selection), in the shape of the extraction contract.

The top-level keys of ``annals extract --json`` (``entities``, ``timexes``, ``events``,
``relations``, ``gaps``, see ``../shared/eval/README.md``) with every item's contract keys, for many
documents at once: each item says its ``document``, entities are the store's canonical ones (ids are
canonical ids, mentions carry their document), events and relations refer to them by those ids.
Added: ``annals`` (what was exported, with the filters), ``documents`` and ``sentences`` (every
sentence a fact or mention cites, with its offsets), so that the file stands on its own.
"""

from __future__ import annotations

import json
from typing import Any

from annals.export.select import Selection

FORMAT_VERSION = 1


def _time(row: dict[str, Any]) -> dict[str, Any] | None:
    if not any(row.get(k) for k in ("value", "earliest", "latest")):
        return None
    return {k: row.get(k) for k in ("value", "until", "mod", "earliest", "latest", "basis", "anchor") if k in row}


def _source(row: dict[str, Any], sentence: str | None) -> dict[str, Any]:
    return {"start": row.get("start"), "end": row.get("end"), "sentence": sentence,
            "sentence_index": row.get("sentence_index")}


def model(sel: Selection) -> dict[str, Any]:
    """The export as a JSON-ready dict."""
    mentions: dict[Any, list[dict[str, Any]]] = {}
    for m in sel.mentions:
        item = {"document": m["document"], "start": m["start"], "end": m["end"], "text": m["text"],
                "sentence": m["sentence"]}
        if m.get("title"):
            item["title"] = m["title"]
        mentions.setdefault(m["entity"], []).append(item)
    entities = [{"id": e["id"], "name": e["name"], "type": e["type"], "subtype": e.get("subtype"),
                 "aliases": e["aliases"], "titles": e.get("titles", []), "mentions": mentions.get(e["id"], [])}
                | ({"place": dict(e["place"])} if e.get("place") else {})  # as the extraction contract has it
                for e in sel.entities]
    events = []
    for r in sel.events:
        events.append({
            "id": r["id"], "document": r["document"], "event": r["event"], "trigger": r["trigger"],
            "type": r["type"], "description": r.get("description"),
            "participants": [{k: p.get(k) for k in ("entity", "name", "role", "type")} for p in r["participants"]],
            "place": ({k: r["place"].get(k) for k in ("entity", "name", "type")} if r["place"] else None),
            "time": _time(r), "negated": r["negated"], "modality": r["modality"],
            "placement": r["placement"], "between": r["between"], "conflict": r["conflict"],
            "source": _source(r, r.get("sentence")),
        })
    relations = []
    for r in sel.relations:
        relations.append({
            "id": r["id"], "document": r["document"],
            "subject": r["subject"], "subject_id": r["subject_entity"], "subject_type": r["subject_type"],
            "relation": r["relation"],
            "object": r["object"], "object_id": r["object_entity"], "object_type": r["object_type"],
            "negated": r["negated"], "time": _time(r), "source": _source(r, r.get("sentence")),
        })
    timexes = [{k: t.get(k) for k in ("document", "text", "value", "mod", "start", "end", "earliest", "latest",
                                       "type", "relative", "anchor", "calendar", "sentence")} for t in sel.timexes]
    gaps = [{k: g.get(k) for k in ("document", "kind", "text", "start", "end", "sentence")} for g in sel.gaps]
    documents = [{k: d.get(k) for k in ("id", "path", "title", "format", "encoding", "content_hash")}
                 | {"sentences": d.get("n_sentences")} for d in sel.documents]
    sentences = [{"document": doc, "index": idx, **s} for (doc, idx), s in sorted(sel.sentences.items())]
    return {
        "annals": {"export": "json", "version": FORMAT_VERSION, "filters": sel.filters, "counts": sel.counts()},
        "documents": documents,
        "entities": entities,
        "timexes": timexes,
        "events": events,
        "relations": relations,
        "gaps": gaps,
        "sentences": sentences,
        "edits": sel.edits,  # the corrections applied on top of what was extracted (annals edits)
    }


def render(sel: Selection) -> str:
    """The JSON text (UTF-8 characters kept as they are, one key per line)."""
    return json.dumps(model(sel), ensure_ascii=False, indent=1) + "\n"
