"""A question answered: :func:`ask` (a store's path, many questions) and :func:`answer` (one
question, an open store).

The model's answer first where its sentence agrees, else the answer of a clause, else the answer of the
sentence sharing most words, the surest of them; a name the store gives to several people is asked of
each (:func:`_answer_ambiguous`).  Below :data:`MIN_CONFIDENCE` no answer is given.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annals import knowledge
from annals.ask.analyse import _noun_types, analyse
from annals.ask.from_clauses import _from_clauses, _predicate_said
from annals.ask.model import _checked_model, _from_events, _from_relations, names_each
from annals.ask.parse import parse_question, predicate_words
from annals.ask.results import _cite_anchor, _date_answer, _empty, _source
from annals.ask.retrieve import _context, _ranked
from annals.ask.roles import _holders
from annals.ask.support import MIN_SUPPORT, _about_answer, _contradicts, _coverage, _merge, _model_support, _share
from annals.ask.verbs import asked_classes
from annals.ask.words import _says, _words, may_say, word_lemma
from annals.ask.words import doc_of as _doc_of
from annals.relations.registry import REGISTRY
from annals.store import Store, open_store

if TYPE_CHECKING:
    from annals.ask.analyse import Question


MIN_CONFIDENCE = 0.25  # below it, no answer: calibrated on the development documents (bench/ask_calibration.py)
STRONG = 0.6  # a clause answer this sure goes before the model's
FALLBACK = 0.5  # an answer found by shared words alone, not by a clause of the question's predicate


def answer(question: str, store: Store, min_confidence: float | None = None) -> dict[str, Any]:
    """Answer one question from an open store (see :mod:`annals.ask`); an answer less sure than
    ``min_confidence`` (default :data:`MIN_CONFIDENCE`, calibrated by bench/ask_calibration.py) is withheld."""
    out = _answer_any(question, store) | {"q": question}
    floor = MIN_CONFIDENCE if min_confidence is None else min_confidence
    if out["answer"] and float(out.get("confidence") or 0.0) < floor:
        low = _empty(question, f"the best answer ({out['answer']!r}, confidence {out['confidence']}) is below "
                               f"the threshold {floor}")
        low["withheld"] = {"answer": out["answer"], "confidence": out["confidence"]}
        return low
    return out


def ask(db: str | Path, questions: list[str], min_confidence: float | None = None) -> list[dict[str, Any]]:
    """Answer questions from the store ``db``, in order, each ``{"q", "answer", "sources", "confidence"}``;
    an answer less sure than ``min_confidence`` (default :data:`MIN_CONFIDENCE`) is withheld."""
    with open_store(db, create=False, readonly=True) as store:
        return [answer(q, store, min_confidence) for q in questions]


def _answer_any(question: str, store: Store) -> dict[str, Any]:
    # a lone surrogate (from a mis-decoded query) cannot be tokenised: it is a character that says nothing
    a = analyse(question.encode("utf-8", "replace").decode("utf-8"), store)
    if a.unknown:
        return _empty(question, f"the store knows nothing named {a.unknown[0]!r}", a)
    for group in a.groups:
        people = [e for e in group if e["type"] == "PERSON"]
        if len({e["name"] for e in people}) > 1:
            return _answer_ambiguous(a, group, people, store)
    return _answer(a, store)


def _answer(a: Question, store: Store) -> dict[str, Any]:
    """The answer to an analysed question: from the model, else from the best supported sentence."""
    question = a.text
    qids = {e["id"] for e in a.entities}
    by_model = _from_relations(a, store)
    partial = False  # the model's sentence leaves out a name the question gives
    if by_model is not None and by_model["answer"] and not _names_all(a, by_model, store):
        # "Who attacked X at Y?": a relation of X told where Y is not named says nothing of what happened
        # at Y; the event told with all the question's names answers instead, else the model's answer
        # goes after a clause that names them all
        by_event = _from_events(a, store)
        if by_event is not None and by_event["answer"] and _names_all(a, by_event, store):
            by_model = by_event
        else:
            partial = True
    by_model = by_model or _from_events(a, store)
    if by_model is not None and not by_model["answer"]:
        return by_model  # the model rules an answer out
    by_model_ok = False
    if by_model is not None:
        support = by_model.get("support") or _model_support(a, by_model, store)
        if support > MIN_SUPPORT:
            by_model.pop("linked", None)
            date = by_model.pop("date", None)
            if date and by_model["sources"]:
                _cite_anchor(store, by_model["sources"], date)
            by_model = by_model | {"support": round(support, 3)}
            by_model_ok = True
    p = parse_question(a.text)
    if by_model is not None and by_model_ok:
        by_model = _checked_model(a, p, by_model, store)
        by_model_ok = by_model is not None
        if by_model_ok and not partial and float(by_model.get("confidence") or 0.0) >= STRONG:
            return by_model  # the model's answer, its sentence agreeing
    ranked = _ranked(a, store)
    if ranked is None:
        return by_model if by_model is not None and by_model_ok else \
            _empty(question, "no sentence shares the question's words", a)
    facts, stems, scored, best_possible, top = ranked
    by_clause = _from_clauses(a, p, store, facts, scored, best_possible)
    if by_clause is not None and by_clause["confidence"] >= STRONG:
        return by_clause
    if partial and by_model_ok and by_clause is not None and by_clause["confidence"] >= MIN_CONFIDENCE \
            and _names_all(a, by_clause, store):
        return by_clause
    if partial and by_model_ok and by_model is not None and float(by_model.get("confidence") or 0.0) >= STRONG:
        return by_model  # no clause with all the question's names: the model's answer, as before
    # the surest of: the clause answer, the model's answer, the answer of the sentence sharing most words
    found = [r for r in (by_clause, by_model if by_model_ok else None) if r is not None]
    # where the text has the question's predicate and none of its clauses has the asked argument, a
    # sentence that only shares words with the question is weak support: the threshold decides
    said = p.predicate is not None and p.role is not None and _predicate_said(p, facts, scored)
    context = _context(store, [key for _, key, _ in top], facts)
    about: dict[int, dict[tuple[str, int], dict[str, Any]]] = {}  # the sentences about each answer tried
    for score, key, hits in top:
        f = facts[key]
        if a.role and not _says(a, a.role, stems[key]):
            continue  # "Who was the foreman of the jury?": a sentence without a foreman names none
        picked = _pick(a, f, hits, qids)
        if not picked:
            continue
        text, span, answer_entity = picked
        if p.office and p.predicate and may_say({p.predicate}, f["text"]) and _office_unnamed(p.predicate, f["text"]):
            continue  # "Who was the emperor?": "the emperor appointed X" does not say who the emperor was
        if _contradicts(a, f):
            continue
        covered = _coverage(a, f, stems[key])
        for near in context.get(key, []):  # what "it" or "this" stands for, in the sentence next to it
            covered = _merge(covered, _coverage(a, near), 0.9)
        sources = [_source(f, key)]
        if _share(a, covered) <= MIN_SUPPORT and answer_entity is not None:
            # "Which legate of Syria was recalled?": one sentence says who was recalled, another that
            # he was the legate of Syria
            if answer_entity not in about:
                keys = store.sentences_mentioning([answer_entity], limit=100)
                about[answer_entity] = store.sentence_facts(keys)
            more = _about_answer(a, about[answer_entity], key, covered)
            if more is not None:
                covered, extra_key, extra = more
                sources.append(_source(extra, extra_key))
        support = _share(a, covered)
        if support <= MIN_SUPPORT:
            continue
        if "DATE" in a.answer_types:
            timex = next((t for t in f["timexes"] if [t["start"], t["end"]] == span), None)
            if timex:
                _cite_anchor(store, sources, timex)
        weak = 1.0
        if p.noun and not _noun_types(p.noun) and not _called(p.noun, f, span):
            # "Which demand ...?" with a noun of no known kind: a name the sentence does not call so ("the X
            # Demand", "the only survivor, X") is a guess from shared words
            weak *= 0.5
        if p.role == "agent" and p.predicate and asked_classes(p.predicate) & set(REGISTRY):
            # "Who commanded X?": a sentence with no verb of commanding only shares words with it
            verbs = predicate_words(p)
            if not may_say(verbs, f["text"]) or \
                    not any(t.lemma_.casefold() in verbs and t.pos_ == "VERB" for t in _doc_of(f["text"])):
                weak *= 0.5  # (the cheap filter first: most sentences need no parse)
        found.append({"q": question, "answer": text, "sources": sources,
                      "confidence": round(FALLBACK * (0.5 if said else 1.0) * min(1.0, score / best_possible)
                                          * support * weak, 3),
                      "support": round(support, 3), "span": span, "via": "words"})
        break
    if found:
        return max(found, key=lambda r: float(r.get("confidence") or 0.0))
    return _empty(question, "no sentence holds an answer of the expected kind", a)


def _answer_ambiguous(a: Question, group: list[dict[str, Any]], people: list[dict[str, Any]],
                      store: Store) -> dict[str, Any]:
    """A name the store gives to several people ("Gracchus"): the question is asked of each.  When one of
    them is clearly better supported, that one answers; else the answer lists the candidates, each cited."""
    others = [e for e in a.entities if e not in group]
    results = []
    asks_only_the_name = not a.needed
    for person in people:
        one = replace(a, entities=[*others, person], groups=[[person] if g is group else g for g in a.groups])
        if asks_only_the_name:  # "Who was Gracchus?": each of them is an answer
            keys = store.sentences_mentioning([person["id"]], limit=1)
            r = {"answer": person["name"], "sources": [_source(f, k) for k, f in store.sentence_facts(keys).items()]}
        else:
            r = _answer(one, store)
        if r["answer"]:
            results.append((float(r.get("confidence") or 0.0), person, r))
    if not results:
        return _empty(a.text, "no answer for any of the people of that name", a)
    best = max(s for s, _, _ in results)
    top = [(p, r) for s, p, r in results if s >= best - 1e-9]
    if len(top) == 1:
        return top[0][1]
    names = list(dict.fromkeys(p["name"] for p, _ in top))[:4]
    answer_text = ", ".join(names[:-1]) + " or " + names[-1]
    sources = [r["sources"][0] for _, r in top if r["sources"]]
    return {"q": a.text, "answer": answer_text, "sources": sources, "confidence": 0.5, "ambiguous": True,
            "candidates": [{"name": p["name"], "answer": r["answer"], "sources": r["sources"]} for p, r in top]}


def _office_unnamed(office: str, text: str) -> bool:
    """True when each time the sentence says the office it is an unnamed argument of a clause ("the emperor
    appointed X", "they petitioned the king"): no name holds it there, as a title, an apposition or a
    predicate ("Emperor Y", "the king, Y", "Y was king")."""
    toks = [t for t in _doc_of(text) if t.lemma_.casefold() == office and t.pos_ in {"NOUN", "PROPN"}]
    return bool(toks) and all(
        t.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"} and not _holders(t)
        and any(c.dep_ in {"det", "poss"} for c in t.children) for t in toks)


def _names_all(a: Question, result: dict[str, Any], store: Store) -> bool:
    """True when the sentences an answer cites name, together, each thing the question names."""
    keys = [(src["document"], src["sentence_index"]) for src in result.get("sources") or []
            if src.get("sentence_index") is not None]
    if not keys or not a.groups:
        return True
    return names_each(a, list(store.sentence_facts(keys).values()))


def _called(noun: str, fact: dict[str, Any], span: list[int]) -> bool:
    """True when the answer at ``span`` is called ``noun`` in its sentence: in its name, or among the six words
    before it ("the only survivor, the sergeant X")."""
    start = span[0] - fact["start"]
    near = _words(fact["text"][max(0, start - 60) : start])[-6:] + _words(fact["text"][start : span[1] - fact["start"]])
    return word_lemma(noun) in {word_lemma(w) for w in near}


def _pick(a: Question, fact: dict[str, Any], hits: list[str], qids: set[int]
          ) -> tuple[str, list[int], int | None] | None:
    """The answer in one sentence: the candidate of the expected type nearest to what the question matched."""
    text = fact["text"]
    anchors = [m["start"] - fact["start"] for m in fact["mentions"] if m["entity"] in qids]
    low = text.casefold()
    for h in hits:
        for mm in re.finditer(re.escape(h), knowledge.ascii_fold(low)):
            anchors.append(mm.start())
    if "DATE" in a.answer_types:
        cands = [(t["start"] - fact["start"], _date_answer(t, a.precision), [t["start"], t["end"]], None)
                 for t in fact["timexes"] if t.get("value") and not t["value"].startswith("XXXX")]
    elif "NUMBER" in a.answer_types:
        # a number attached to the noun asked about ("how many ships": "200 ships"), never a date's digits
        dates = [(t["start"] - fact["start"], t["end"] - fact["start"]) for t in fact["timexes"]]
        m = re.search(r"\bhow (?:many|much)\s+([\w'-]+)", a.text.casefold())
        counted = word_lemma(m.group(1)) if m else None
        cands = [(mm.start(), mm.group(0), [fact["start"] + mm.start(), fact["start"] + mm.end()], None)
                 for mm in re.finditer(r"\b\d[\d,.]*\b", text)
                 if not any(x <= mm.start() < y for x, y in dates)
                 and (counted is None or counted in {word_lemma(w) for w in _words(text[mm.end():mm.end() + 40])[:4]})]
    else:
        noun = word_lemma(a.noun) if a.noun else None
        asked = {word_lemma(w) for w in _words(a.text)}
        cands = [(m["start"] - fact["start"], m["name"], [m["start"], m["end"]], m["entity"])
                 for m in fact["mentions"]
                 if m["entity"] not in qids and not {word_lemma(w) for w in _words(m["name"])} <= asked
                 and (m["type"] in a.answer_types or noun and word_lemma(m["name"].split()[-1]) == noun)]
    if not cands:
        return None
    if not anchors:
        anchors = [0]

    # "who" asks for a person first: an organisation answers only where it is clearly nearer
    people = {m["entity"] for m in fact["mentions"] if m["type"] == "PERSON"} if a.wh == "who" else set()

    def closeness(c: tuple[int, str, list[int], int | None]) -> float:
        near = sum(1.0 / (1.0 + abs(c[0] - x) / 15.0) for x in anchors)
        return near * 1.5 if c[3] in people else near

    _, answer_text, span, entity = max(cands, key=closeness)
    return answer_text, span, entity
