"""Answers from the stored model: relations ("Who led X?") and events ("When did X die?"), each
citing the sentence the fact came from; and the check that such an answer's own sentence does not give
the asked role to somebody else (:func:`_checked_model`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from annals.ask.analyse import relation_verbs
from annals.ask.clauses import POSSESSOR_CLASSES, clause_answers
from annals.ask.parse import predicate_words
from annals.ask.results import _date_answer, _empty, _listed, _source
from annals.ask.support import MIN_SUPPORT, _contradicts, _coverage, _merge, _share
from annals.ask.verbs import SUCCESSION, same_predicate, verb_classes
from annals.ask.words import _folded, _lemmas_of, _says, _words, may_say, word_lemma
from annals.ask.words import doc_of as _doc_of
from annals.store import Store

if TYPE_CHECKING:
    from annals.ask.analyse import Question
    from annals.ask.parse import Parsed


# event types too broad for a question's verb to stand for another verb of the type
_BROAD_TYPES = {"OCCURRENCE", "MOVEMENT"}


@lru_cache(maxsize=1)
def _event_types_of_stems() -> dict[str, str]:
    """The event type each verb and noun of the taxonomy names, by its stem ("killed" -> EXECUTION)."""
    from annals.events.lexicon import lexicon

    lex = lexicon()
    out: dict[str, str] = {}
    for word, etype in [*lex["verbs"].items(), *lex["nouns"].items()]:
        out.setdefault(word_lemma(word), etype)
    return out


def _from_events(a: Question, store: Store) -> dict[str, Any] | None:
    """ "When did X die?", "Where was X killed?", "Who arrested X?": the time, place or agents of X's stored
    event whose trigger is the question's verb, or whose type the question's verb names ("killed" for an
    event told as "stabbed to death")."""
    if not a.entities:
        return None
    wants = "date" if "DATE" in a.answer_types else "place" if a.wh == "where" else "agent" if a.wh == "who" \
        else "patient" if a.wh == "what" and a.noun is None else None
    if wants is None:
        return None
    keys = set(a.keywords)
    types_of = _event_types_of_stems()
    asked_types = {types_of[k] for k in keys if k in types_of} - _BROAD_TYPES
    qids = {e["id"] for e in a.entities}
    best = None
    def may_answer(etype: str | None, trigger_words: str) -> bool:  # the test below, on the stored words only
        return etype in asked_types or any(_says(a, k, _lemmas_of(trigger_words)) for k in keys)

    for ev in store.event_records(entity_ids=qids, keep=may_answer):
        triggers = _lemmas_of(" ".join([*(x["trigger"] for x in ev.get("triggers") or []), ev["trigger"]]))
        by_word = any(_says(a, k, triggers) for k in keys)
        if not by_word and ev["type"] not in asked_types:
            continue
        t = ev.get("time") or {}
        if wants == "date":
            if not t.get("value") or t.get("basis") not in {"explicit", "anchored", "curated"}:
                continue
            answer_text = _date_answer({"text": t.get("text") or t["value"], "value": t["value"]}, a.precision)
        elif wants == "place":
            place = ev.get("place") or {}
            if not place.get("name") or place.get("entity") in qids:
                continue
            answer_text = place["name"]
        elif wants == "patient":  # "What did X write?": what X's event was done to
            if not by_word or not any(p.get("entity") in qids and p.get("role") == "agent"
                                      for p in ev.get("participants") or []):
                continue
            done_to = [p["name"] for p in ev.get("participants") or [] if p.get("role") == "patient"
                       and p.get("entity") not in qids]
            if not done_to:
                # the model knows what X did and that what it was done to is no name it knows: no guessing
                return _empty(a.text, "what the event was done to is not a name annals knows", a)
            answer_text = _listed(done_to)
        else:
            agents = [p["name"] for p in ev.get("participants") or [] if p.get("role") == "agent"
                      and p.get("entity") not in qids and p.get("type") in {"PERSON", "ORG", "GROUP"}]
            if not agents:
                continue
            answer_text = _listed(agents)
        said = _lemmas_of(ev.get("sentence") or "")
        overlap = sum(_says(a, k, said) for k in keys)
        rank = (by_word, overlap)
        if best is None or rank > best[0]:
            best = (rank, ev, answer_text, by_word)
    if best is None:
        return None
    _, ev, answer_text, by_word = best
    t = ev.get("time") or {}
    refs = [*(ev.get("participants") or []), ev.get("place") or {}]
    out = {"q": a.text, "answer": answer_text, "confidence": 0.85, "via": f"event {ev['type']}",
           "linked": [p["entity"] for p in refs if p.get("entity")],
           "sources": [{"document": ev["document"], "title": ev.get("document_title"), "path": ev.get("path"),
                        "sentence": ev["sentence"], "start": ev["start"], "end": ev["end"],
                        "sentence_index": ev.get("sentence_index")}]}
    if wants == "date":
        out["date"] = {"text": t.get("text") or t["value"], "value": t["value"]}
    if not by_word:  # the question's verb is covered by the event's type, not by its words
        key = (ev["document"], ev.get("sentence_index"))
        fact = store.sentence_facts([key]).get(key)
        if fact is None or _contradicts(a, fact):
            return None
        linked = set(out["linked"])
        covered = _merge(_coverage(a, fact), {("name", i): 1.0 for i, g in enumerate(a.groups)
                                              if linked & {e["id"] for e in g}}, 1.0)
        covered = _merge(covered, {k: 1.0 for k in a.needed if types_of.get(k) == ev["type"]}, 1.0)
        out["support"] = _share(a, covered)
    return out


def _from_relations(a: Question, store: Store) -> dict[str, Any] | None:
    """ "Who led/founded/arrested X?": the subjects of X's stored relations of that kind."""
    if a.predicate is None or not a.entities or not ({"PERSON", "ORG"} & a.answer_types) or "DATE" in a.answer_types:
        return None
    if a.wh in {"whom", "whose"}:  # "To whom was X surrendered?" asks for the relation's object, not its subject
        return None
    relation = relation_verbs()[a.predicate]
    target = {e["id"] for e in a.entities}
    rows = [r for r in store.relation_records(type=relation, entity_ids=target, negated=False)
            if r.get("object_entity") in target and r.get("subject_type") in a.answer_types
            and r.get("subject_entity") not in target]
    if not rows:
        return None
    # the relations whose sentences hold what the question asks ("Who led X in 1921?" wants the
    # leader of 1921), best supported first, as many names as a short answer holds
    facts = store.sentence_facts([(r["document"], r["sentence_index"]) for r in rows])
    named = {("name", i): 1.0 for i, g in enumerate(a.groups) if target & {e["id"] for e in g}}
    named[word_lemma(a.predicate)] = 1.0  # the relation is what the verb asks ("led": headed, under, chaired ...)
    supported = []
    for order, r in enumerate(rows):
        f = facts.get((r["document"], r["sentence_index"])) or {"text": r["sentence"] or "", "mentions": [],
                                                                 "start": r["start"] or 0}
        support = 0.0 if _contradicts(a, f) else _share(a, _merge(_coverage(a, f), named, 1.0))
        if support > MIN_SUPPORT:
            supported.append((-support, order, r))
    if not supported:
        return None
    # "Who attacked X at Y?": the relations told in a sentence with all the question's names, where there are
    # (the relation itself names its object, where the sentence says "him")
    full = [x for x in supported if names_each(a, [facts.get((x[2]["document"], x[2]["sentence_index"]))
                                                  or {"text": x[2]["sentence"] or "", "mentions": []}],
                                               {x[2].get("object_entity")})]
    supported = full or supported
    supported.sort(key=lambda x: (x[0], x[1]))
    names: list[str] = []
    for _, _, r in supported:
        if r["subject"] not in names and len(" ".join([*names, r["subject"], "and"]).split()) <= 12:
            names.append(r["subject"])
    kept = [r for _, _, r in supported if r["subject"] in names]
    sources = list({(r["document"], r["sentence_index"]): {
        "document": r["document"], "title": r.get("document_title"), "path": r.get("path"),
        "sentence": r["sentence"], "start": r["start"], "end": r["end"], "sentence_index": r.get("sentence_index")}
        for r in kept}.values())
    answer_text = _listed(names)
    return {"q": a.text, "answer": answer_text, "sources": sources[:3], "confidence": 0.9,
            "via": relation, "linked": sorted(target), "support": -supported[0][0]}


def names_each(a: Question, facts: list[dict[str, Any]], linked: set[Any] | None = None) -> bool:
    """True when the sentences name each thing the question names: by a stored mention of it, or by all the
    words of its name as the question writes it (``linked``: entities the answer's fact names already)."""
    said = {m["entity"] for f in facts for m in f["mentions"]} | (linked or set())
    words = {w for f in facts for w in _words(_folded(f["text"]))}
    for i, group in enumerate(a.groups):
        if said & {e["id"] for e in group}:
            continue
        name = _words(_folded(a.names[i])) if i < len(a.names) else []
        if not name or not set(name) <= words:
            return False
    return True


_POSSESSOR_WORD = re.compile(r"['’]s\b|\b(?:whose|his|her|hers|its|their|my|our|your)\b", re.I)


def _may_have_clause(p: Parsed, text: str) -> bool:
    """Whether a sentence may hold a clause of the question's predicate (:func:`clause_answers` finds none
    where this is False): a word that may be a form of one of its words (its verb, the verbs of its class,
    its agent nouns, "under" for who led, a verb of succession for who succeeded), or a possessor where the
    predicate's class reads one ("X's book")."""
    words = predicate_words(p) | (SUCCESSION if p.predicate in SUCCESSION else set())
    owning = p.role in {"agent", "patient"} and bool(verb_classes().get(p.predicate or "", set()) & POSSESSOR_CLASSES)
    return may_say(words, text) or owning and bool(_POSSESSOR_WORD.search(text))


def _checked_model(a: Question, p: Parsed, result: dict[str, Any], store: Store) -> dict[str, Any] | None:
    """A model answer stands unless its own sentence has a clause of the question's predicate whose
    argument in the asked role is somebody else."""
    if p.predicate is None or p.role is None:
        return result
    src = (result.get("sources") or [{}])[0]
    if src.get("sentence_index") is None:
        return result
    key = (src["document"], src["sentence_index"])
    fact = store.sentence_facts([key]).get(key)
    if fact is None:
        return result
    if not _may_have_clause(p, fact["text"]):
        # no word of the sentence can be the question's predicate: no clause of it to check against
        return None if p.event_noun or str(result.get("via", "")).startswith("event") and p.role != "time" \
            else result
    if str(result.get("via", "")).startswith("event") and p.role != "time" and not any(
            same_predicate(p.predicate, t.lemma_.casefold()) for t in _doc_of(fact["text"])):
        # the event is of another kind than the question's verb ("routed" for "who commanded"): its
        # agent is not what the question asks
        return None
    if p.event_noun:
        # "When was the meeting held?": the model's date stands where the clause of the meeting says it,
        # not where it is the date of something else in that sentence ("followed by X later that night")
        said = [fact["text"][x.start:x.end] for x in clause_answers(p, fact) if x.text == "\0timex"]
        if not any(s and s in str(result.get("answer", "")) or str(result.get("answer", "")) in s for s in said):
            return None
    found = [x for x in clause_answers(p, fact) if x.text != "\0timex"]
    if not found and p.role == "agent":
        return _pronoun_checked(p, result, fact, key, store)
    if not found:
        return result
    said = _folded(result["answer"])
    top = max(x.match for x in found)
    found = [x for x in found if x.match >= top]  # the clauses of the question's own verb, where there are
    if any(_folded(x.text) in said or said in _folded(x.text) for x in found):
        return result
    return None


def _pronoun_checked(p: Parsed, result: dict[str, Any], fact: dict[str, Any], key: tuple[str, int],
                     store: Store) -> dict[str, Any] | None:
    """ "X defeated Y at Z. He built a castle.": the pronoun opening a sentence as the subject of the question's
    verb goes on with the subject of the sentence before, not with the last name said (Y).  Where that
    subject is a name the model's answer does not hold, the name answers instead, citing both sentences."""
    doc = _doc_of(fact["text"])
    first = next((t for t in doc if not t.is_punct), None)
    if first is None or first.lower_ not in {"he", "she"} or first.dep_ != "nsubj" or \
            not same_predicate(p.predicate or "", first.head.lemma_.casefold()) or key[1] == 0:
        return result
    before_key = (key[0], key[1] - 1)
    before = store.sentence_facts([before_key]).get(before_key)
    if before is None:
        return result
    root = next((t for t in _doc_of(before["text"]) if t.dep_ == "ROOT"), None)
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None) if root is not None else None
    if subj is None or subj.pos_ != "PROPN":
        return result
    base = before["start"]
    # ("he" says a person, whatever type the store gave the name)
    mention = next((m for m in before["mentions"] if m["start"] - base <= subj.idx < m["end"] - base), None)
    if mention is None:
        return result
    said = _folded(result["answer"])
    if _folded(mention["name"]) in said or said in _folded(mention["name"]):
        return result
    src = _source(before, before_key)
    return result | {"answer": mention["name"], "confidence": 0.7, "via": "event, its pronoun",
                     "sources": [*(result.get("sources") or [])[:1], src]}
