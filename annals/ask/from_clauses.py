"""Answers from the clauses of the best ranked sentences (:func:`_from_clauses`).

The best ranked sentences with a word that may be the question's predicate are parsed; the answer is
the argument in the asked role of a clause whose predicate matches the question's and whose own subject
and object agree with it (:mod:`annals.ask.clauses`), weighed by the question's words the clause holds,
its dates and how far the answer is of the kind asked (:func:`_fits`).  Sources that give different
values are all listed (:func:`_disagreeing`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from annals.ask.analyse import ANY_TYPE
from annals.ask.clauses import POSSESSOR_CLASSES, aligned, clause_answers, event_times, given_share
from annals.ask.parse import predicate_words
from annals.ask.results import _cite_anchor, _date_answer, _source
from annals.ask.retrieve import _named, _opens_with_pronoun
from annals.ask.support import _contradicts, _date_before, _date_cover
from annals.ask.verbs import act_nouns, same_predicate, verb_classes
from annals.ask.words import STOP, _folded, _lemmas_of, _words, may_say, parse_many, word_lemma
from annals.ask.words import doc_of as _doc_of
from annals.store import Store

if TYPE_CHECKING:
    from annals.ask.analyse import Question
    from annals.ask.clauses import Found
    from annals.ask.parse import Parsed


CLAUSE_TOP = 8  # the best ranked sentences whose clauses are read


def _from_clauses(a: Question, p: Parsed, store: Store, facts: dict[tuple[str, int], dict[str, Any]],
                  scored: list[tuple[float, tuple[str, int], list[str]]], best_possible: float
                  ) -> dict[str, Any] | None:
    """The best answer that fills the asked role of a clause whose predicate matches the question's."""
    if p.predicate is None or p.role is None:
        return None
    # only sentences with a word that may be the predicate (or its agent noun) are parsed
    lemmas = predicate_words(p)
    if p.role == "time" and not p.event_noun:
        lemmas = lemmas | act_nouns(p.predicate)  # "after his death in 1598" for "when did he die"
    floor = 0.3 * scored[0][0] if scored else 0.0  # sentences sharing little with the question are not read
    events = {e["id"] for e in a.entities if e["type"] == "EVENT"} if p.role == "time" else set()
    owning = p.role in {"agent", "patient"} and bool(verb_classes().get(p.predicate, set()) & POSSESSOR_CLASSES)
    keys = [key for score, key, _ in scored[:CLAUSE_TOP] if score > 0 and score >= floor
            and (may_say(lemmas, facts[key]["text"]) or events & {m["entity"] for m in facts[key]["mentions"]}
                 or owning and _POSSESSIVE.search(facts[key]["text"]))]
    # the sentence after one of the best: "An embassy went to X. ... Y imprisoned them.": its clause may
    # have the question's predicate, with a pronoun for what the sentence before says
    facts = dict(facts)
    lead = [key for score, key, _ in scored[:3] if score > 0 and score >= floor]
    nxt = store.sentence_facts([(d, i + 1) for d, i in lead])
    for k, f in nxt.items():
        if k not in keys and _BACK.search(f["text"]) and may_say(lemmas, f["text"]):
            facts.setdefault(k, f)
            keys.append(k)
    parse_many([facts[k]["text"] for k in keys])
    qids = {e["id"] for e in a.entities}
    naming_docs = {d for d, _ in store.sentences_mentioning(qids, limit=1000)} if qids else set()
    asked = {w.casefold() for w in _words(a.text)}
    names = {w.casefold() for n in a.names for w in _words(n)}
    best = None
    items: list[tuple[Any, ...]] = []
    dated_before: dict[tuple[str, int], float] = {}  # per sentence: the story's date just before it
    # what a pronoun stands for ("Its capital was X", "Y imprisoned them"): the sentence before
    before = store.sentence_facts([(d, i - 1) for d, i in keys if i > 0 and _BACK.search(facts[(d, i)]["text"])])
    for rank, key in enumerate(keys):
        f = facts[key]
        if _contradicts(a, f):
            continue
        named = {w.casefold() for i in _named(a, f) for w in _words(a.names[i])} if a.names else set()
        previous = before.get((key[0], key[1] - 1))
        opens = _opens_with_pronoun(f)
        if previous is not None and opens:
            named |= {w.casefold() for i in _named(a, previous) for w in _words(a.names[i])}
        events = {e["id"] for e in a.entities if e["type"] == "EVENT"}
        extra = event_times(f, events) if p.role == "time" and events else []
        founds = [*clause_answers(p, f), *extra]
        if any(x.match >= 1.0 for x in founds):
            # the sentence has the question's own verb: a verb of its class there tells another event
            # ("A and B concluded an alliance, brokered by C": C brokered it, not A)
            founds = [x for x in founds if x.match >= 0.8]
        for found in founds:
            if found.entity is not None and found.entity in qids:
                continue
            date = None
            if found.text == "\0timex":
                date = next((t for t in f["timexes"] if t["start"] - f["start"] == found.start), None)
                if date is None:
                    continue
                text = _date_answer(date, a.precision)
            else:
                text = found.text
                own = {w.casefold() for w in _words(text)} - STOP
                if (not own - asked or len(own & asked) * 2 > len(own)) and p.noun and found.entity is None \
                        and a.wh in {"which", "what"}:
                    # "X, then minister of Y, who declined": the relative clause hangs on the description;
                    # the name it describes is the answer
                    described = _described_by(f, p.noun, found, qids)
                    if described is not None and found.start <= described["end"] - f["start"] + 40:
                        found = replace(found, text=described["name"], start=described["start"] - f["start"],
                                        end=described["end"] - f["start"], entity=described["entity"])
                        text = described["name"]
                        own = {w.casefold() for w in _words(text)} - STOP
                if not own - asked or len(own & asked) * 2 > len(own):
                    continue  # what the question gives is not its answer
            words = text.split()
            if not words:
                continue
            text = " ".join(words[:12])
            fit = _fits(a, p, f, found)
            if fit < 1.0 and p.noun and found.entity is None:
                # "the local branch of the X Party" for "which party": the name inside that fits
                inner = next((m for m in f["mentions"] if found.start <= m["start"] - f["start"] < found.end
                              and m["entity"] not in qids and (m["type"] in a.answer_types
                                                               and len(a.answer_types) < len(ANY_TYPE)
                                                               or word_lemma(m["name"].split()[-1])
                                                               == word_lemma(p.noun))),
                             None)
                if inner is not None:
                    found = replace(found, text=inner["name"], start=inner["start"] - f["start"],
                                    end=inner["end"] - f["start"], entity=inner["entity"])
                    text = inner["name"]
                    fit = _fits(a, p, f, found)
            if fit < 1.0 and p.noun and a.wh in {"which", "what"} and found.text != "\0timex":
                # "Which tribune deserted?": the parse of a long sentence may give the clause the wrong
                # subject; the one name the sentence describes by the asked noun ("Colonel X", "X, the
                # ruler of Y") next to the clause's verb answers instead, a little less surely
                described = _described_by(f, p.noun, found, qids)
                if described is not None:
                    found = replace(found, text=described["name"], start=described["start"] - f["start"],
                                    end=described["end"] - f["start"], entity=described["entity"])
                    text = described["name"]
                    fit = 0.8
            if not fit:
                continue
            back = None
            if previous is not None and _pronoun_argument(f, found):
                # "Y imprisoned them": what the sentence before says counts for the pronoun, a little less
                back = set(_lemmas_of(previous["text"])) | \
                    {w.casefold() for i in _named(a, previous) for w in _words(a.names[i])}
            share = given_share(p, f, found, named, names, back)
            if back:  # "their allies": the subject or object may be what the sentence before names
                said = back & (p.subject | p.object)
                found = replace(found, subject=None if found.subject is None else found.subject | said,
                                object=None if found.object is None else found.object | said)
            dates = 1.0
            if a.dates:
                cover = max((_date_cover(v, t.get("value") or "") for v in a.dates for t in f["timexes"]),
                            default=0.0)
                if not cover and not f["timexes"]:
                    # the sentence gives no date: the question's date must be that of the story told
                    # just before ("In 1919 ... Later the army crossed ..."), else nothing places it there
                    if key not in dated_before:
                        dated_before[key] = _date_before(a, store, key)
                    cover = 0.5 * dated_before[key]
                dates = 0.5 + 0.5 * cover if cover else 0.2
            conf = found.match * (0.1 + 0.9 * share) * fit * dates * aligned(p, found, named)
            if a.groups and key[0] not in naming_docs:
                conf *= 0.5  # the question names things this document never names: it tells of another
            item = (round(conf, 3), -rank, text, found, key, date)
            items.append(item)
            if best is None or item[:2] > best[:2]:
                best = item
    if best is None:
        return None
    conf, _, text, found, key, date = best
    f = facts[key]
    sources = [_source(f, key)]
    if p.noun and found.entity is not None and word_lemma(p.noun) not in {word_lemma(w) for w in _words(f["text"])}:
        # "Which fitter from Tomsk was sentenced?": another sentence says that the answer is a fitter
        about = store.sentence_facts(store.sentences_mentioning([found.entity], limit=100))
        more = next(((k, x) for k, x in about.items() if k != key
                     and word_lemma(p.noun) in {word_lemma(w) for w in _words(x["text"])}), None)
        if more is not None:
            sources.append(_source(more[1], more[0]))
    if date is not None:
        _cite_anchor(store, sources, date)
    out = {"q": a.text, "answer": text, "sources": sources, "confidence": conf, "via": f"clause {p.role}",
           "span": [f["start"] + found.start, f["start"] + found.end]}
    others = _disagreeing(a, items, best, facts)
    if others:
        out["answers"] = [{"answer": text, "sources": sources[:1], "confidence": conf}, *others]
    return out


_POSSESSIVE = re.compile(r"['’]s\b|\bwhose\b|\b(?:his|her|their)\b", re.I)  # "X's book", "X, whose army"
_BACK = re.compile(r"\b(?:he|she|they|them|him|it|his|her|its|their|this|these)\b", re.I)  # words that look back


def _pronoun_argument(fact: dict[str, Any], found: Found) -> bool:
    """True when the clause's subject or object (not the answer) is a pronoun: "Y imprisoned them"."""
    doc = _doc_of(fact["text"])
    for i in found.clause:
        t = doc[i]
        if t.pos_ == "PRON" and t.lower_ in {"he", "she", "they", "them", "him", "it", "her"} and \
                t.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"} and not found.start <= t.idx < found.end:
            return True
        if t.lower_ in {"his", "her", "its", "their"} and t.dep_ == "poss" and \
                t.head.dep_ in {"nsubj", "nsubjpass", "dobj"} and not found.start <= t.idx < found.end:
            return True  # "their allies rose": whose allies, the sentence before says
        if t.lower_ in {"this", "these"} and t.dep_ == "det" and \
                t.head.dep_ in {"nsubj", "nsubjpass", "dobj"} and not found.start <= t.idx < found.end:
            return True  # "this league, led by X": which league, the sentence before says
    return False


_APPOSED = re.compile(r"^\s*,\s+(?:[\w'’-]+\s+){0,4}$")  # "X, then acting war ", "N, the abbot "


def _described_by(fact: dict[str, Any], noun: str, found: Found, qids: set[int]) -> dict[str, Any] | None:
    """The one name of the sentence that the noun describes, as a title or by apposition ("Colonel X",
    "X, the ruler of Y", "one of the envoys, the abbot X"), not the question's own and not the
    answer already found; None when there is none or more than one."""
    doc = _doc_of(fact["text"])
    base = fact["start"]
    named = []
    for t in doc:
        if t.lemma_.casefold() != noun and t.lower_ != noun:
            continue
        s, e = t.idx, t.idx + len(t.text)
        for m in fact["mentions"]:
            ms, me = m["start"] - base, m["end"] - base
            if m["entity"] in qids or m["type"] not in {"PERSON", "ORG", "GROUP"}:
                continue
            title = ms <= s and e <= me or 0 <= ms - e <= 1  # "Colonel X"
            after = me <= s and _APPOSED.match(fact["text"][me:s])  # "X, the ruler"
            before = e <= ms and _APPOSED.match(fact["text"][e:ms])  # "envoys, the abbot X"
            if title or after or before:
                named.append(m)
    ids = {m["entity"] for m in named}
    if len(ids) != 1 or found.entity in ids:
        return None
    return named[0]


def _disagreeing(a: Question, items: list[tuple[Any, ...]], best: tuple[Any, ...],
                 facts: dict[tuple[str, int], dict[str, Any]]) -> list[dict[str, Any]]:
    """Other sentences that answer the same question about as surely with another value (two documents,
    or one, giving different dates): each with its citation."""
    conf, _, text, _, key, _ = best
    out: list[dict[str, Any]] = []
    seen = [set(_words(_folded(text)))]
    for c, _, t, _, k, _ in sorted(items, key=lambda x: (-x[0], -x[1])):
        words = set(_words(_folded(t)))
        if k == key or c < max(0.5, 0.85 * conf):
            continue
        if any(words <= w or w <= words for w in seen):
            continue  # "Sulla" and "Lucius Cornelius Sulla" agree; "2 January" and "12 January" do not
        seen.append(words)
        out.append({"answer": t, "sources": [_source(facts[k], k)], "confidence": c})
        if len(out) == 2:
            break
    return out


def _fits(a: Question, p: Parsed, fact: dict[str, Any], found: Found) -> float:
    """How far the answer is of the kind asked: 1 where its type or head word is, less where unknown."""
    if found.text == "\0timex" or p.role in {"reason", "number", "time"}:
        return 1.0
    mention = next((m for m in fact["mentions"] if m["entity"] == found.entity), None) \
        if found.entity is not None else None
    etype = mention["type"] if mention else None
    head = ""
    if found.text:  # the head of the answer's phrase in the sentence: "branch" of "the local branch of the X"
        doc = _doc_of(fact["text"])
        inside = [t for t in doc if found.start <= t.idx < found.end]
        roots = [t for t in inside if not found.start <= t.head.idx < found.end or t.head.i == t.i]
        head = roots[0].lemma_.casefold() if roots else ""
    # a common noun with no name ("groups", "one", "the measures") is a weak answer to who or which
    common = etype is None and not any(w[:1].isupper() for w in found.text.split())
    if p.noun and a.wh in {"which", "what"} and p.role not in {"place"}:
        if head == p.noun:
            return 1.0
        if etype in a.answer_types and len(a.answer_types) < len(ANY_TYPE):
            return 1.0
        return 0.3 if common else 0.5 if etype is None else 0.4
    if a.wh in {"who", "whom", "whose"} or p.role == "holder":
        return 1.0 if etype in {"PERSON", "ORG", "GROUP"} else 0.3 if common else 0.6 if etype is None else 0.4
    if p.role == "place":
        return 1.0 if etype in {"GPE", "LOC"} else 0.7 if etype is None else 0.5
    return 0.9 if etype is not None else 0.7


def _predicate_said(p: Parsed, facts: dict[tuple[str, int], dict[str, Any]],
                    scored: list[tuple[float, tuple[str, int], list[str]]]) -> bool:
    """True when one of the best ranked sentences has a word of the question's predicate."""
    lemmas = predicate_words(p)
    for score, key, _ in scored[:CLAUSE_TOP]:
        if score <= 0:
            break
        if not may_say(lemmas, facts[key]["text"]):
            continue
        doc = _doc_of(facts[key]["text"])
        if any(same_predicate(p.predicate or "", t.lemma_.casefold()) == 1.0 for t in doc):
            return True
    return False
