"""``markdown``: a report a historian reads (CommonMark with tables and footnotes, as GitHub renders it).

Sections: a summary (documents, entities by type, events, relations, the period covered, the
filters); the timeline as a table (date, event, who and where, source); the people, then the
organisations, each with names, titles and relations (both directions, dated where the text dates
them); the other entities in a table; the gaps the texts have.  Every fact ends with a footnote
reference, and the footnotes at the end quote the sentence it comes from, with its document and
character offsets: one footnote per cited sentence, however often it is cited.  All text from the
documents is escaped (:func:`annals.export.common.md_text`), so none of it becomes markup or HTML.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from annals.dates.timex import sort_key
from annals.export.common import ENTITY_TYPE_NAMES, citation_key, human_value, md_text, relation_words
from annals.export.select import Selection, relation_end

_TYPE_ORDER = ("PERSON", "ORG", "GPE", "LOC", "GROUP", "EVENT", "WORK")
_PLURALS = {"PERSON": "people", "ORG": "organisations", "GPE": "states and cities", "LOC": "places",
            "GROUP": "groups", "EVENT": "named events", "WORK": "works"}


class _Footnotes:
    """Footnote labels, one per cited sentence, numbered in order of first use."""

    def __init__(self, sel: Selection):
        self.sel = sel
        self.notes: dict[tuple[Any, ...], tuple[int, str]] = {}

    def cite(self, row: dict[str, Any], sentence: Any) -> str:
        key = citation_key(row)
        if key not in self.notes:
            title = self.sel.document_title(row["document"])
            span = self.sel.sentences.get((row["document"], row.get("sentence_index"))) or row
            text = (f"\u201c{md_text(sentence)}\u201d \u2014 *{md_text(title)}*, "
                    f"characters {span.get('start')}\u2013{span.get('end')}")
            self.notes[key] = (len(self.notes) + 1, text)
        return f"[^{self.notes[key][0]}]"

    def definitions(self) -> list[str]:
        return [f"[^{n}]: {text}" for n, text in sorted(self.notes.values())]


def _mention_row(m: dict[str, Any]) -> dict[str, Any]:
    return {"document": m["document"], "sentence_index": m["sentence"], "start": m["start"], "end": m["end"]}


def _date_of(row: dict[str, Any], sel: Selection) -> str:
    if row.get("placement") == "narrative":
        before, after = row.get("between") or (None, None)
        anchor = sel.neighbours.get(before) if before in sel.neighbours else None
        if anchor:
            return f"undated, told after {human_value(anchor.get('value'), anchor.get('mod'))}"
        anchor = sel.neighbours.get(after)
        return f"undated, told before {human_value(anchor.get('value'), anchor.get('mod'))}" if anchor else "undated"
    if row.get("placement") == "unplaced" or not row.get("value"):
        return "undated"
    text = human_value(row["value"], row.get("mod"))
    if row.get("basis") in ("anchored", "narrative"):
        text += " (inferred)"
    return text


def _summary(sel: Selection) -> list[str]:
    counts = Counter(e["type"] for e in sel.entities)
    kinds = ", ".join(f"{counts[t]} {_PLURALS[t] if counts[t] != 1 else ENTITY_TYPE_NAMES[t]}"
                      for t in _TYPE_ORDER if counts[t])
    dated = [e for e in sel.events if e.get("earliest")]
    lines = ["## Summary", ""]
    filters = [f"{k} {md_text(v)}" for k, v in sel.filters.items() if v]
    lines.append(f"- Filters: {', '.join(filters) if filters else 'none (the whole store)'}")
    lines.append(f"- Documents: {len(sel.documents)}")
    for d in sel.documents:
        lines.append(f"  - *{md_text(d.get('title') or d['id'])}* ({md_text(d.get('path') or d['id'])})")
    lines.append(f"- Entities: {len(sel.entities)}" + (f" ({kinds})" if kinds else ""))
    lines.append(f"- Events: {len(sel.events)} ({len(dated)} dated)")
    lines.append(f"- Relations: {len(sel.relations)}")
    if dated:
        first = dated[0]  # timeline rows come in time order
        last = max(dated, key=lambda e: sort_key(e["latest"]))
        since, until = human_value(first["value"], first["mod"]), human_value(last["value"], last["mod"])
        lines.append(f"- Period: {md_text(since)}" + (f" to {md_text(until)}" if until != since else ""))
    return lines + [""]


def _timeline(sel: Selection, notes: _Footnotes) -> list[str]:
    lines = ["## Timeline", ""]
    if not sel.events:
        return lines + ["No events.", ""]
    lines += ["| Date | Event | Who and where | Source |", "| --- | --- | --- | --- |"]
    for e in sel.events:
        what = md_text(e["description"]) if e.get("description") else \
            f"{md_text(e.get('type') or 'EVENT')}: {'not ' if e['negated'] else ''}{md_text(e.get('trigger'))}"
        if e.get("modality") not in (None, "", "asserted"):
            what += f" ({md_text(e['modality'])})"
        place = (e.get("place") or {}).get("entity")
        who = [f"{md_text(p['name'])} ({md_text(p['role'])})" if p.get("role") else md_text(p["name"])
               for p in e["participants"] if p.get("name") and (place is None or p.get("entity") != place)]
        if e.get("place") and e["place"].get("name"):
            who.append(f"in {md_text(e['place']['name'])}")
        cite = notes.cite(e, e.get("sentence"))
        if e.get("conflict"):
            cite += " (another document dates this differently)"
        lines.append(f"| {md_text(_date_of(e, sel))} | {what} | {', '.join(who)} | {cite} |")
    return lines + [""]


def _relations_of(entity_id: Any, sel: Selection, notes: _Footnotes) -> list[str]:
    out = []
    for r in sel.relations:
        subject, obj = relation_end(r, "subject"), relation_end(r, "object")
        if entity_id not in (subject, obj):
            continue
        backwards = entity_id == obj and entity_id != subject
        other = r["subject"] if backwards else r["object"]
        words = relation_words(r["relation"], backwards=backwards, negated=r["negated"])
        when = f" ({md_text(human_value(r['value'], r.get('mod')))})" if r.get("value") else ""
        out.append(f"- {md_text(words)} **{md_text(other)}**{when}{notes.cite(r, r.get('sentence'))}")
    return out


def _entity_section(title: str, kind: str, sel: Selection, notes: _Footnotes,
                    first_mention: dict[Any, dict[str, Any]]) -> list[str]:
    group = [e for e in sel.entities if e["type"] == kind]
    lines = [f"## {title}", ""]
    if not group:
        return lines + [f"No {title.lower()}.", ""]
    for e in group:
        lines += [f"### {md_text(e['name'])}", ""]
        facts = []
        others = [a for a in e.get("aliases", []) if a != e["name"]]
        if others:
            facts.append("Also called " + ", ".join(md_text(a) for a in others) + ".")
        if e.get("titles"):
            facts.append("Titles: " + ", ".join(md_text(t) for t in e["titles"]) + ".")
        if e.get("subtype"):
            facts.insert(0, md_text(e["subtype"][:1].upper() + e["subtype"][1:]) + ".")
        mention = first_mention.get(e["id"])
        n, docs = e.get("n_mentions", 0), e.get("n_documents", 0)
        seen = f"Mentioned {'once' if n == 1 else f'{n} times'} in {docs} document{'s' if docs != 1 else ''}"
        facts.append(seen + (notes.cite(_mention_row(mention), mention.get("sentence_text")) if mention else "")
                     + ".")
        lines += [" ".join(facts), ""]
        related = _relations_of(e["id"], sel, notes)
        if related:
            lines += related + [""]
    return lines


def _others(sel: Selection, notes: _Footnotes, first_mention: dict[Any, dict[str, Any]]) -> list[str]:
    group = [e for e in sel.entities if e["type"] not in ("PERSON", "ORG")]
    lines = ["## Places, groups, named events and works", ""]
    if not group:
        return lines + ["None.", ""]
    lines += ["| Name | Type | Also called | Relations | First mention |", "| --- | --- | --- | --- | --- |"]
    for e in group:
        others = ", ".join(md_text(a) for a in e.get("aliases", []) if a != e["name"])
        related = "; ".join(r[2:] for r in _relations_of(e["id"], sel, notes))
        mention = first_mention.get(e["id"])
        cite = notes.cite(_mention_row(mention), mention.get("sentence_text")) if mention else ""
        kind = ENTITY_TYPE_NAMES.get(e["type"], e["type"]) + (f" ({md_text(e['subtype'])})" if e.get("subtype") else "")
        lines.append(f"| {md_text(e['name'])} | {kind} | {others} | {related} | {cite} |")
    return lines + [""]


def _gaps(sel: Selection, notes: _Footnotes) -> list[str]:
    if not sel.gaps:
        return []
    lines = ["## What the texts lost", ""]
    for g in sel.gaps:
        row = {"document": g["document"], "sentence_index": g["sentence"], "start": g["start"], "end": g["end"]}
        sentence = (sel.sentences.get((g["document"], g["sentence"])) or {}).get("text", g["text"])
        lines.append(f"- *{md_text(sel.document_title(g['document']))}*: {md_text(g['kind'].replace('_', ' '))} "
                     f"after \u201c{md_text(g['text'])}\u201d{notes.cite(row, sentence)}")
    return lines + [""]


def render(sel: Selection) -> str:
    """The Markdown text."""
    notes = _Footnotes(sel)
    first_mention: dict[Any, dict[str, Any]] = {}
    for m in sel.mentions:
        first_mention.setdefault(m["entity"], m)
    lines = ["# annals report", ""]
    lines += _summary(sel)
    lines += _timeline(sel, notes)
    lines += _entity_section("People", "PERSON", sel, notes, first_mention)
    lines += _entity_section("Organisations", "ORG", sel, notes, first_mention)
    lines += _others(sel, notes, first_mention)
    lines += _gaps(sel, notes)
    definitions = notes.definitions()
    if definitions:
        lines += ["## Sources", ""] + [d + "\n" for d in definitions]
    return "\n".join(lines).rstrip("\n") + "\n"
