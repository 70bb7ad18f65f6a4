"""Settle each event of a document: its participants as entities, and its time with the basis for it.

The time of an event, in this order:

* ``explicit``: a date expression of its own clause (see :mod:`annals.events.component`);
* ``anchored``: the time of the clause it is subordinate to or that is subordinate to it ("when the
  Germans lost the battle of X", "after the coup"), or of a named event in its clause whose date the
  text gives ("the Omsk coup of 18 November 1918") or that annals knows (``data/events.json``): the
  end of it for "lost", "won", "ended", "after", the start for "began", "outbreak", "before", else
  the named event's own span at its own precision;
* ``narrative``: for a main-clause happening with no time of its own, the month (or coarser) of the
  last time stated earlier in the same section, as the reader would assume;
* none: the event stays undated, placed later by its position in the text.

Every time says its ``basis``, so a reader can tell what the text states from what annals inferred.
A date that opens a state rather than a happening ("who had led them since 1857", "who led the party
until 1988", "promised an assembly for 1890") dates nothing; "by 1919 it had collapsed" is 1919 with
mod BEFORE.  Each event carries a ``description`` (:func:`describe`).
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from annals import knowledge
from annals.dates.timex import interval, sort_key
from annals.events.candidates import EventCandidate
from annals.events.lexicon import lexicon
from annals.model import Document, Entity, Sentence, Timex
from annals.names.link import EntityIndex


def _time(value: str, mod: str | None, basis: str, anchor: str | None = None) -> dict[str, Any] | None:
    try:
        earliest, latest = interval(value, mod)
    except (ValueError, KeyError):
        return None
    out: dict[str, Any] = {"value": value, "mod": mod, "earliest": earliest, "latest": latest, "basis": basis}
    if anchor:
        out["anchor"] = anchor
    return out


def _usable(t: Timex) -> bool:
    """A date a timeline can place: a calendar value, a decade or a century (``194X``), not ``XXXX-03``."""
    return bool(t.value) and not t.value.startswith("XXXX") and t.earliest is not None


def _coarsen(value: str) -> str:
    """A narrative time is never finer than the month it was read from."""
    return value[:7] if len(value) > 7 and value[4] == "-" and value[5:7].isdigit() else value


def _span_value(start: str, end: str | None) -> str:
    """The value that covers a known event's span at its own precision."""
    if not end or end == start:
        return start
    if start[:7] == end[:7]:
        return start[:7]
    if start[:4] == end[:4]:
        return start[:4]
    return start[:7] if len(start) >= 7 else start


class _Anchors:
    """Times of named events: from the text (a date inside the name) or from background knowledge."""

    def __init__(self, doc: Document, index: EntityIndex):
        self.doc, self.index = doc, index
        self.lex = lexicon()

    def time_of(self, ent: Entity, trigger_lemma: str, trigger_text: str) -> dict[str, Any] | None:
        for m in ent.mentions:
            for t in self.doc.timexes:
                if m.start <= t.start and t.end <= m.end and _usable(t):
                    return _time(t.value, None, "anchored", ent.name)
        known = None
        for form in [ent.name, *ent.aliases]:
            known = knowledge.lookup(form)
            if known is not None and known.type == "EVENT" and known.start:
                break
            known = None
        if known is None:
            return None
        words = {trigger_lemma, trigger_text.lower()}
        if words & self.lex["end_words"] and known.end:
            value = _span_value(known.end[:7], None) if len(known.end) >= 7 else known.end
        elif words & self.lex["start_words"]:
            value = known.start[:7] if len(known.start) >= 7 else known.start
        elif known.end and known.end[:4] != known.start[:4]:
            return None  # "during a war of several years" says too little to date the event
        else:
            value = _span_value(known.start, known.end)
        out = _time(value, None, "anchored", ent.name)
        if out is not None:
            out["source_of_date"] = known.source
        return out


_RANGE_START = re.compile(r"(?i)\b(?:from|between)\s+(?:the\s+)?$")
_RANGE_JOIN = re.compile(r"(?i)^\s*(?:to|until|till|through|and|-|–|—)\s*(?:the\s+)?$")


def _as_period(time: dict[str, Any], t: Timex, others: list[Timex], text: str) -> None:
    """ "from 18 March to 28 May 1871", "between 1618 and 1648": the time of a happening that lasts is a
    period; it keeps its start as ``value`` and gains ``until`` (the end's value), its ``latest`` being the
    last day of the end.  A bare "1618-1648" range needs no "from"."""
    for end in others:
        if end.start <= t.end or not _usable(end) or not _RANGE_JOIN.match(text[t.end:end.start]):
            continue
        joined = text[t.end:end.start].strip()
        if joined.lower() in {"to", "until", "till", "through", "and"} \
                and not _RANGE_START.search(text, max(0, t.start - 14), t.start):
            continue  # "in 1618 and 1620": two dates, not a period
        if not end.latest or not time.get("earliest") or sort_key(end.latest) <= sort_key(time["earliest"]):
            continue
        time["until"] = end.value
        time["latest"] = end.latest
        time["text"] = text[t.start:end.end]
        return


def _inside_a_name(t: Timex, index: EntityIndex) -> bool:
    """A date that is part of a name ("Kronstadt 1921", "the July 20th plot") is not the time of a clause."""
    ent = index.entity_at(t.start, t.end)
    if ent is None:
        return False
    return any(m.start <= t.start and t.end <= m.end for m in ent.mentions)


def _has_actor(c: EventCandidate, index: EntityIndex) -> bool:
    for a, b, role in c.arguments:
        if role in {"agent", "patient"} and any(e.type in {"PERSON", "ORG", "GROUP", "GPE"}
                                                 for e in index.entities_in(a, b)):
            return True
    return False


def _merge_same_clause_time(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events of one sentence that share one time are one happening on the timeline ("stormed the
    trenches, broke through and captured ..."): keep the first, with every trigger and participant."""
    out: list[dict[str, Any]] = []
    by_key: dict[tuple[int, str], dict[str, Any]] = {}
    for e in events:
        t = e.get("time")
        key = (e["source"].get("sentence_index"), t["value"]) if t else None
        if key is None or key[0] is None:
            out.append(e)
            continue
        first = by_key.get(key)
        if first is None:
            by_key[key] = e
            e["triggers"] = [{"trigger": e["trigger"], "type": e["type"]}]
            out.append(e)
            continue
        first["triggers"].append({"trigger": e["trigger"], "type": e["type"]})
        have = {p["entity"] for p in first["participants"]}
        first["participants"] += [p for p in e["participants"] if p["entity"] not in have]
        if first["place"] is None:
            first["place"] = e["place"]
    for n, e in enumerate(out):
        e["id"] = f"v{n + 1}"
        e["order"] = n
    return out


def _participants(c: EventCandidate, index: EntityIndex) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The entities an event involves, each once with its role, and its place (the first place argument)."""
    participants: list[dict[str, Any]] = []
    place = None
    seen: set[str] = set()
    own = index.entity_at(c.trigger_start, c.trigger_end)
    found: list[tuple[Entity, str]] = [(own, "event")] if own is not None and own.type == "EVENT" else []
    for a, b, role in c.arguments:
        ents = index.entities_in(a, b)
        if len(ents) > 1 and not _COORDINATION.search(index.doc.text, a, b):
            # "the October Revolution Krasnov led ...": names the parser ran together (no "and", "of" or
            # comma between them); the last is the head
            ents = [ents[-1]]
        if not ents:
            ent = _continued(c, a, b, index) or index.resolve(a, b)
            ents = [ent] if ent is not None else []
        found += [(e, role) for e in ents]
    for ent, role in found:
        if ent.id in seen:
            continue
        seen.add(ent.id)
        is_place = ent.type in {"GPE", "LOC"}
        if role == "place" and is_place and place is None:
            place = {"entity": ent.id, "name": ent.name}
        participants.append({"entity": ent.id, "name": ent.name, "type": ent.type,
                             "role": role if role != "place" or is_place else "participant"})
    return participants, place


_COORDINATION = re.compile(r",|;|\band\b|\bor\b|\bof\b|\bamong\b|\bincluding\b|\bas well as\b|\bwith\b|\(")
_BY = re.compile(r"\b[Bb]y\s+(?:the\s+)?$")
_SINCE = re.compile(r"(?i)since\b")
_UNTIL = re.compile(r"(?i)\b(?:until|till|up\s+to)\s+$")
_FOR = re.compile(r"(?i)\b(?:for|scheduled\s+for|set\s+for)\s+$")  # "promised an assembly for 1890": a plan
_OFFSET = re.compile(r"(?i)\b(?:later|earlier|after|before|afterwards|previously)\b")  # "three weeks earlier"


_PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "who", "which",
                       "himself", "herself", "itself", "themselves",
                       "that", "this", "these", "those", "we", "i", "you"})
_PERSONAL = frozenset({"he", "she", "it", "they", "him", "her", "them", "we", "i", "you"})
DESCRIPTION_WORDS = 12


_HEAD_END = re.compile(r"^(?:$|['’]s?\b|,|;|\s+(?:and|or)\b)")


def _canonical(a: int, b: int, index: EntityIndex) -> str:
    """The text at [a, b) with each name said in its entity's canonical form: a name that ends the phrase
    stands for it alone ("the Carthaginian general Hannibal": "Hannibal Barca"), one said in part becomes
    whole where it heads its words ("Zeng's forces": "Zeng Guofan's forces"); other text as written."""
    text = index.doc.text
    inside = [(s, e, ent) for s, e, ent, _ in index.spans[bisect.bisect_left(index.starts, a):]
              if s < b and e <= b]
    inside = [x for x in inside if x[0] < b]
    tail = text[inside[-1][1]:b].strip(" ,;:") if inside else None
    last = inside[-1] if inside and tail == "" else None
    if last is not None and last[2].type in _NAMED_TYPES and (len(inside) == 1 or last[2].type == "PERSON"):
        s, e, ent = last
        before = text[a:s].replace(",", " , ").split()
        # not "the walls of Rome", nor "Carthage and Rome"; "the Macedonian king Philip V" is Philip V
        if not any(w.lower() in _PREPOSITIONS or w.lower() in {"and", "or", ","} for w in before):
            # "the religious visionary Hong Xiuquan", "his brother Hasdrubal": the name alone; "the Alps"
            # keeps its "the"
            the = before[0] if len(before) == 1 and before[0].lower() == "the" else \
                text[s:s + 3] if not before and text[s:s + 4].lower() == "the " else ""
            return f"{the} {ent.name}".strip() if not ent.name.lower().startswith("the ") else ent.name
    out, at = [], a
    for s, e, ent in inside:
        if s < at:
            continue
        out.append(text[at:s])
        said = text[s:e]
        whole = ent.name if ent.type in _NAMED_TYPES and _HEAD_END.match(text[e:b]) else said
        if said.casefold().startswith("the ") and not whole.casefold().startswith("the "):
            whole = f"{said[:3]} {whole}"
        out.append(whole if said.casefold() in whole.casefold() or said.casefold().startswith("the ") else said)
        at = e
    out.append(text[at:b])
    return "".join(out)


_RELATIVE = re.compile(r",?\s+(?:who|whom|whose|which)\b")
_NAMED_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "GROUP", "EVENT", "WORK"})
_PREPOSITIONS = frozenset({"of", "at", "in", "on", "by", "to", "from", "with", "for", "against", "over", "under",
                           "into", "near", "across", "towards", "toward", "between", "among", "during", "after",
                           "before", "without", "through"})


def _continued(c: EventCandidate, a: int, b: int, index: EntityIndex) -> Entity | None:
    """The person a subject "he" or "she" at [a, b) continues (the subject of the sentence before, see
    :func:`annals.events.syntax.continued_subject`), when that names one."""
    hint = c.continues.get((a, b))
    ents = index.entities_in(*hint) if hint is not None else []
    return ents[-1] if ents and ents[-1].type == "PERSON" else None


def _said(a: int, b: int, index: EntityIndex, limit: int = 6, c: EventCandidate | None = None) -> str:
    """A phrase of the text as a description part, names in their canonical form: a pronoun or relative
    word as the entity it stands for (``c``'s hint first), at most ``limit`` words."""
    raw = index.doc.text[a:b]
    if raw.lower().startswith("by "):  # the agent of a passive, said with its "by"
        a += 3
        raw = raw[3:]
    if raw.strip().lower() in _PRONOUNS:
        ent = (_continued(c, a, b, index) if c is not None else None) or index.resolve(a, b)
        return ent.name if ent is not None else raw.strip() if raw.strip().lower() in _PERSONAL else ""
    relative = _RELATIVE.search(raw)
    if relative is not None and relative.start() > 0:  # "Sergei Ivanov who said ...": the name, not its clause
        b = a + relative.start()
    text = " ".join(_canonical(a, b, index).split())
    text = re.sub(r"\s*\([^)]*(?:\)|$)", "", text).strip()  # an aside in parentheses, closed or cut off
    words = text.split()
    if len(words) > limit:
        cut_name = words[limit][:1].isupper() and words[limit - 1][:1].isupper()
        words = words[:limit]
        while cut_name and words and words[-1][:1].isupper():  # not half a name ("in the Peter")
            words.pop()
        while words and words[-1].lower() in {"the", "a", "an", "of", "and", "in", "at", "to", "by", "on", "for"}:
            words.pop()
    return " ".join(words).strip(",;: ")


def describe(c: EventCandidate, index: EntityIndex) -> str:
    """A short description of a happening built from its parts: agent + verb (past tense, with particle
    and negation) + patient + its key prepositional phrase ("Hannibal invaded Italy", "the phalanx was
    beaten by Flamininus at Cynoscephalae"); a nominal event is its own phrase ("the siege of Rhodes").  At
    most :data:`DESCRIPTION_WORDS` words, names in their canonical form (the entity's name, not "he" or
    "the general Hannibal")."""
    if c.noun_phrase is not None or not c.verb_text:
        a, b = c.noun_phrase or (c.trigger_start, c.trigger_end)
        return _said(a, b, index, DESCRIPTION_WORDS)

    def joined(role: str) -> str:
        spans = [(a, b) for a, b, r in c.arguments if r == role]
        if not spans:
            return ""
        first = spans[0]
        # "the Swedish king Gustavus Adolphus", read as a title and its apposition: the name
        named = next((x for x in spans[1:] if 0 <= x[0] - first[1] <= 2
                      and not index.doc.text[first[1]:x[0]].strip()
                      and index.entities_in(*x) and not index.entities_in(*first)), None)
        if named is not None:
            first = (first[0], named[1])
        # a second one only when the text coordinates them ("Villa and Zapata"), not an apposition
        second = next((x for x in spans[1:] if 0 <= x[0] - first[1] <= 6
                       and index.doc.text[first[1]:x[0]].strip() in {"and", ", and", "&"}), None)
        parts = [p for p in (_said(*first, index, c=c), _said(*second, index, c=c) if second else "") if p]
        return " and ".join(dict.fromkeys(parts))

    agent, patient = joined("agent"), joined("patient")
    if c.doer is not None and not (patient if c.passive else agent) and not (c.passive and c.modified):
        # "X was captured, wrote a confession and was executed": X wrote it, X was executed
        if c.passive:
            patient = _said(*c.doer, index)
        else:
            agent = _said(*c.doer, index)
    if patient and patient == agent:
        patient = ""  # "Grey fell and Peel succeeded him": "him" is not Peel, whom the pronoun was read as
    if not patient and c.passive and c.modified is not None:
        patient = _said(*c.modified, index)  # "a league founded by X": the league was founded by X
    phrase = ""
    if c.phrase is not None:
        said = _said(c.phrase[1], c.phrase[2], index, 6)
        phrase = f"{c.phrase[0]} {said}" if said else ""
    if c.passive:
        parts = [patient, c.verb_text, f"by {agent}" if agent else "", phrase]
    else:
        parts = [agent, c.verb_text, patient, phrase]
    words = " ".join(p for p in parts if p).split()
    if len(words) > DESCRIPTION_WORDS and phrase:
        words = " ".join(p for p in parts[:3] if p).split()
    return " ".join(words[:DESCRIPTION_WORDS])


_COMMEMORATES = re.compile(r"(?i)\b(?:anniversary|memory|commemoration|centenary|centennial)\s+of\s+(?:the\s+)?$")


def _mention_in(ent: Entity, a: int, b: int) -> int:
    """Where ``ent`` is first named inside [a, b)."""
    return next((m.start for m in ent.mentions if a <= m.start < b), a)


def link_events(doc: Document, candidates: list[EventCandidate], index: EntityIndex) -> list[dict[str, Any]]:
    """The document's events as contract dicts (``annals extract --json``), in text order."""
    anchors = _Anchors(doc, index)
    times: list[dict[str, Any] | None] = [None] * len(candidates)
    for i, c in enumerate(candidates):
        if c.descriptive and not c.perfect:
            continue  # it describes, it does not narrate: no place on the timeline
        # a date the text gives outright before one read from the narrative ("The following year, on
        # May 14, 1878, ..."), else in the order said
        for ti in sorted(c.timexes, key=lambda k: (doc.timexes[k].relative, bool(_OFFSET.search(doc.timexes[k].text)))):
            t = doc.timexes[ti]
            if not _usable(t) or _inside_a_name(t, index):
                continue
            if t.start > c.trigger_start and (_SINCE.match(t.text) or not c.negated
                                              and _UNTIL.search(doc.text, max(0, t.start - 8), t.start)
                                              or _FOR.search(doc.text, max(0, t.start - 16), t.start)):
                continue  # "who had led them since 1857", "who led the party until 1988": a state, not a happening
            if c.perfect and ti not in c.own_timexes:
                continue  # "... and in 1918 it numbered": a date of another clause is not when it happened
            mod = "BEFORE" if c.perfect and _BY.search(doc.text, max(0, t.start - 12), t.start) else t.mod
            times[i] = _time(t.value, mod, "explicit")  # "by 1919 it had collapsed": in 1919 or before
            if times[i] is not None:
                times[i]["text"] = t.text
                _as_period(times[i], t, [doc.timexes[k] for k in c.timexes], doc.text)
                break
    # anchors: subordinate temporal clauses, then named events in the clause
    for i, c in enumerate(candidates):
        if times[i] is not None or c.descriptive:
            continue
        if c.governor is not None and times[c.governor] is not None:
            g = times[c.governor]
            mod = {"after": "AFTER", "before": "BEFORE", "once": "AFTER", "since": "AFTER", "until": "BEFORE"}.get(
                c.marker or "")
            times[i] = _time(g["value"], mod, "anchored", candidates[c.governor].trigger)
            continue
        for a, b in c.anchor_spans:
            for ent in index.entities_in(a, b):
                if ent.type == "EVENT" and not _COMMEMORATES.search(doc.text, max(a, _mention_in(ent, a, b) - 30),
                                                                     _mention_in(ent, a, b)):
                    times[i] = anchors.time_of(ent, c.lemma, c.trigger)
                    if times[i] is not None:
                        break
            if times[i] is not None:
                break
    # a subordinate clause takes the time of the clause it modifies when it has none of its own
    for i, c in enumerate(candidates):
        if c.governor is not None and times[c.governor] is None and times[i] is not None \
                and not candidates[c.governor].descriptive:
            times[c.governor] = dict(times[i], basis="anchored", anchor=c.trigger)
    # narrative: a main-clause happening with an actor, right after a sentence that states a time
    last: dict[str, Any] | None = None
    last_sentence, last_paragraph = -2, -1
    # a sentence that gives a date of its own is not read in the previous sentence's time: its other
    # clauses are either dated by it or left undated ("X proclaimed the plan ... on 23 April, and the
    # army went over": the parser may give the date to one clause only)
    dated_sentences = {(doc.sentence_at(c.trigger_start) or Sentence(-1, 0, 0, 0, 0, "")).index
                       for i, c in enumerate(candidates) if times[i] is not None and times[i]["basis"] == "explicit"}
    for i, c in enumerate(candidates):
        s = doc.sentence_at(c.trigger_start)
        if s is None or times[i] is None and s.index in dated_sentences:
            continue
        if times[i] is not None:
            if times[i]["basis"] == "explicit":
                last, last_sentence, last_paragraph = times[i], s.index, s.paragraph
            continue
        same_paragraph = last_sentence >= 0 and last_paragraph == s.paragraph
        if last is not None and same_paragraph and s.index - last_sentence == 1 and c.main_clause \
                and not c.nominal and not c.descriptive and c.modality == "asserted" and not c.negated \
                and _has_actor(c, index):
            times[i] = _time(_coarsen(last["value"]), None, "narrative", last.get("text"))

    events = []
    for i, c in enumerate(candidates):
        participants, place = _participants(c, index)
        s = doc.sentence_at(c.trigger_start)
        events.append({
            "id": f"v{i + 1}",
            "trigger": c.trigger,
            "type": c.type,
            "description": describe(c, index),
            "participants": participants,
            "time": times[i],
            "place": place,
            "negated": c.negated,
            "modality": c.modality,
            "order": i,
            "source": {"start": s.start if s else c.sentence_start, "end": s.end if s else c.sentence_end,
                       "sentence": s.text if s else doc.text[c.sentence_start:c.sentence_end],
                       "sentence_index": s.index if s else None,
                       "trigger_start": c.trigger_start, "trigger_end": c.trigger_end},
        })
    events.sort(key=lambda e: e["source"]["trigger_start"])
    for e in events:
        # a time with nobody and nothing named in the clause tells a reader little: keep the event undated
        if e["time"] is not None and not e["participants"] and e["time"]["basis"] != "explicit":
            e["time"] = None
    return _merge_same_clause_time(events)
