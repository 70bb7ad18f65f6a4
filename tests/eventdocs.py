"""Hand-built documents with events and relations in the extraction contract's shape.

The event and relation extractors are not needed: tests of the timeline, the relation queries and
the graph ingest these documents with :meth:`annals.store.Store.ingest`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annals.model import Document, Entity, Mention, Paragraph, Section, Sentence
from annals.store import Store


def time(value: str, earliest: str | None = None, latest: str | None = None, basis: str = "explicit",
         mod: str | None = None, **extra: Any) -> dict[str, Any]:
    """An event's time; the interval is left out when not given (the timeline computes it)."""
    return {"value": value, "mod": mod, "earliest": earliest, "latest": latest, "basis": basis, **extra}


def make_doc(doc_id: str, text: str, entities: Sequence[dict[str, Any]]) -> Document:
    """A document with one section and paragraph, sentences split at . ! ?, and each entity's
    mentions found by searching for its name and aliases (longest first).  Entity specs:
    ``{"id": "e3", "name": ..., "type": "PERSON", "aliases": [...]}``."""
    doc = Document(id=doc_id, text=text, path=f"/corpus/{doc_id}.txt", title=doc_id,
                   content_hash=hashlib.sha256(text.encode()).hexdigest())
    doc.sections = [Section(0, None, 0, len(text))]
    doc.paragraphs = [Paragraph(0, 0, 0, len(text))]
    for i, m in enumerate(re.finditer(r"[^.!?\s][^.!?]*(?:[.!?]|$)", text)):
        doc.sentences.append(Sentence(i, 0, 0, m.start(), m.end(), m.group()))
    for spec in entities:
        ent = Entity(id=spec["id"], name=spec["name"], type=spec.get("type", "PERSON"),
                     aliases=list(dict.fromkeys([spec["name"], *spec.get("aliases", [])])))
        taken: set[int] = set()
        for form in sorted(set(ent.aliases), key=len, reverse=True):
            for m in re.finditer(r"\b" + re.escape(form) + r"\b", text):
                if taken.isdisjoint(range(m.start(), m.end())):
                    taken.update(range(m.start(), m.end()))
                    found = doc.sentence_at(m.start())
                    assert found is not None
                    ent.mentions.append(Mention(m.start(), m.end(), form, found.index))
        ent.mentions.sort(key=lambda mm: mm.start)
        doc.entities.append(ent)
    return doc


def _names(doc: Document) -> dict[str, str]:
    return {e.id: e.name for e in doc.entities}


def _source(doc: Document, word: str, sentence: int) -> dict[str, Any]:
    s = doc.sentences[sentence]
    start = s.start + s.text.index(word)
    return {"start": start, "end": start + len(word), "sentence": s.text, "sentence_index": s.index}


def add_event(doc: Document, event_id: str, trigger: str, sentence: int, type: str,
              participants: Sequence[tuple[str, str]] = (), time: dict[str, Any] | None = None,
              place: str | None = None, negated: bool = False, modality: str = "asserted") -> dict[str, Any]:
    """Append an event; ``participants``: (local entity id, role); ``order`` is its position."""
    names = _names(doc)
    event = {
        "id": event_id, "trigger": trigger, "type": type,
        "participants": [{"entity": e, "name": names.get(e, e), "role": role} for e, role in participants],
        "time": time, "place": {"entity": place, "name": names[place]} if place else None,
        "negated": negated, "modality": modality, "order": len(doc.events) + 1,
        "source": _source(doc, trigger, sentence),
    }
    doc.events.append(event)
    return event


def add_relation(doc: Document, subject: str, relation: str, obj: str, word: str, sentence: int,
                 negated: bool = False, time: dict[str, Any] | None = None) -> dict[str, Any]:
    """Append a relation between two local entity ids, cited at ``word`` in sentence ``sentence``."""
    names = _names(doc)
    rel = {"subject": names.get(subject, subject), "subject_id": subject if subject in names else None,
           "relation": relation, "object": names.get(obj, obj), "object_id": obj if obj in names else None,
           "negated": negated, "time": time, "source": _source(doc, word, sentence)}
    doc.relations.append(rel)
    return rel


# ---------------------------------------------------------------------------------------------
# A small corpus: two accounts of Vlasov that disagree on a date, and one in antiquity
# ---------------------------------------------------------------------------------------------

TEXT_A = (
    "Andrey Vlasov was captured in July 1942. "
    "Vlasov founded the Committee for the Liberation of the Peoples of Russia in Prague in November 1944. "
    "Afterwards Vlasov met Heinrich Himmler. "
    "The Russian Liberation Army fought in Prague in May 1945."
)

TEXT_B = (
    "General Vlasov founded the KONR in December 1944. "
    "The NTS supported Vlasov. "
    "Vlasov was not a member of the NTS."
)

TEXT_C = "Julius Caesar crossed the Rubicon in 49 BC. Caesar was assassinated on 15 March 44 BC."


def vlasov_a() -> Document:
    doc = make_doc("vlasov-a", TEXT_A, [
        {"id": "e1", "name": "Andrey Vlasov", "aliases": ["Vlasov"]},
        {"id": "e2", "name": "Committee for the Liberation of the Peoples of Russia", "type": "ORG",
         "aliases": ["KONR"]},
        {"id": "e3", "name": "Prague", "type": "GPE"},
        {"id": "e4", "name": "Heinrich Himmler", "aliases": ["Himmler"]},
        {"id": "e5", "name": "Russian Liberation Army", "type": "ORG", "aliases": ["ROA"]},
    ])
    add_event(doc, "v1", "captured", 0, "CAPTURE", [("e1", "patient")],
              time("1942-07", "1942-07-01", "1942-07-31"))
    add_event(doc, "v2", "founded", 1, "FOUNDING", [("e1", "agent"), ("e2", "patient")],
              time("1944-11", "1944-11-01", "1944-11-30"), place="e3")
    add_event(doc, "v3", "met", 2, "MEETING", [("e1", "agent"), ("e4", "participant")])
    add_event(doc, "v4", "fought", 3, "BATTLE", [("e5", "agent")], time("1945-05", "1945-05-01", "1945-05-31"),
              place="e3")
    add_relation(doc, "e1", "LEADER_OF", "e2", "founded", 1)
    add_relation(doc, "e1", "LEADER_OF", "e5", "Russian Liberation Army", 3)
    add_relation(doc, "e1", "MET", "e4", "met", 2)
    return doc


def vlasov_b() -> Document:
    doc = make_doc("vlasov-b", TEXT_B, [
        {"id": "e7", "name": "Andrey Vlasov", "aliases": ["Vlasov"]},
        {"id": "e2", "name": "KONR", "type": "ORG",
         "aliases": ["Committee for the Liberation of the Peoples of Russia"]},
        {"id": "e3", "name": "National Alliance of Russian Solidarists", "type": "ORG", "aliases": ["NTS"]},
    ])
    add_event(doc, "v1", "founded", 0, "FOUNDING", [("e7", "agent"), ("e2", "patient")],
              time("1944-12", "1944-12-01", "1944-12-31"))
    add_relation(doc, "e3", "SUPPORTED", "e7", "supported", 1)
    add_relation(doc, "e7", "MEMBER_OF", "e3", "member", 2, negated=True)
    return doc


def ancient() -> Document:
    doc = make_doc("ancient", TEXT_C, [{"id": "e1", "name": "Julius Caesar", "aliases": ["Caesar"]},
                                       {"id": "e2", "name": "Rubicon", "type": "LOC"}])
    add_event(doc, "v1", "crossed", 0, "CROSSING", [("e1", "agent"), ("e2", "place")],
              time("-0049", "-0049-01-01", "-0049-12-31"))
    add_event(doc, "v2", "assassinated", 1, "DEATH", [("e1", "patient")], time("-0044-03-15"))
    return doc


def build_store(path: Path) -> Path:
    """A store holding the three documents; returns its path."""
    with Store(path) as store:
        for doc in (vlasov_a(), vlasov_b(), ancient()):
            assert store.ingest(doc) == "added"
    return path
