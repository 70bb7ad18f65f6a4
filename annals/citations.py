"""Citations that name every participant.

A relation or an event cites the sentence it was read from.  Where a pronoun ("he", "they") or a
description ("the committee") stands for a participant, that sentence does not name it: the reader who
opens the citation could not check who is meant.  :func:`cite_participants` widens such a citation back to
the sentence that last named the participant (at most :data:`WINDOW` sentences before), so the cited text
names everyone the record speaks of.  A relation whose participant is named only further back (the article's
subject, called "this movement" pages later) keeps its sentence and gets ``named_in``: the sentence where that
participant is first named.  An event's participant named nowhere that close was a guess, and is left out.
"""

from __future__ import annotations

import bisect
from typing import Any

from annals.model import Document

WINDOW = 8  # sentences before the record's own that a citation may reach back over


def cite_participants(doc: Document) -> None:
    """Widen or prune ``doc.relations`` and ``doc.events`` so each cites text naming each participant."""
    mentions = {e.id: sorted((m.start, m.end) for m in e.mentions) for e in doc.entities}
    starts = [s.start for s in doc.sentences]

    def sentence_start(offset: int) -> int:
        i = bisect.bisect_right(starts, offset) - 1
        return doc.sentences[i].start if i >= 0 else 0

    def reach(source: dict[str, Any], ident: str | None) -> int | None:
        """Where the citation must start for ``ident`` to be named in it; None when it cannot be."""
        if not ident:
            return source["start"]
        spans = mentions.get(ident, [])
        if any(source["start"] <= a and b <= source["end"] for a, b in spans):
            return source["start"]
        before = [a for a, b in spans if b <= source["start"]]
        first_allowed = bisect.bisect_right(starts, source["start"]) - 1 - WINDOW
        if not before or first_allowed > 0 and before[-1] < starts[first_allowed]:
            return None
        return sentence_start(before[-1])

    def named_in(ident: str) -> dict[str, Any]:
        """The sentence of the participant's first mention: its citation when it is named far from the record."""
        a = mentions[ident][0][0]
        i = max(bisect.bisect_right(starts, a) - 1, 0)
        s = doc.sentences[i]
        return {"entity": ident, "start": s.start, "end": s.end, "sentence": s.text}

    def widen(source: dict[str, Any], start: int) -> None:
        if start < source["start"]:
            source["start"] = start
            source["sentence"] = doc.text[start : source["end"]]

    kept = []
    for r in doc.relations:
        source = r.get("source")
        if not source:
            continue
        points = [reach(source, r.get("subject_id")), reach(source, r.get("object_id"))]
        if None not in points:
            widen(source, min(points))
        else:  # named too far back to widen the citation over: say where it is named
            ids = (r.get("subject_id"), r.get("object_id"))
            r["named_in"] = [named_in(i) for i, p in zip(ids, points, strict=True)
                             if p is None and i in mentions and mentions[i]]
        kept.append(r)
    doc.relations = kept
    for v in doc.events:
        source = v.get("source")
        if not source:
            continue
        named = []
        for p in v.get("participants", []):
            start = reach(source, p.get("entity"))
            if start is not None:
                widen(source, start)
                named.append(p)
        v["participants"] = named
