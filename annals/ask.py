"""Questions answered from the store, each answer with the sentence that says so.

:func:`ask` is what the CLI, the Python API and the HTTP API call.  It works in three steps:

1. **Analysis** (:func:`analyse`): the wh-word and what it asks for (a person, an organisation, a
   place, a work, an event, a date at a precision: "in what year" wants a year, "on what date" a
   day), the question's names resolved through the store's names and aliases, its content words.
   A capitalised name that the store does not know makes the question unanswerable: annals never
   guesses about things its texts do not mention.
   A name that the store gives to several people (two Krasnovs) is asked of each of them: the best
   supported answers; where none is better, the answer lists them, each cited, with ``"ambiguous": true``.
2. **Model first**: for "who led / founded / arrested ... X" the stored relations of X answer
   directly, citing the relation's sentence; for "when did X die" the time of X's stored event; the
   model's answer stands where the clauses of its sentence that have the question's verb agree.
3. **Clauses** (:mod:`annals.question`): candidate sentences come from FTS5 and from the sentences
   that mention the question's entities, ranked by the question's words they share (rarer words weigh
   more) and its entities; the best are parsed, and the answer is the argument in the asked role of a
   clause whose predicate matches the question's and whose own subject and object agree with it.
   Sources that give different values are all listed (``"answers"``).
4. **Shared words**, last: the entity or date of the expected type nearest to what matched in the
   best sentence, a weak answer (confidence at most 0.5, halved where the text has the question's
   predicate without the asked argument).  Below :data:`MIN_CONFIDENCE` (``--min-confidence``),
   calibrated by ``bench/ask_calibration.py``, no answer is given.

**Support**: an answer is given only where its sentences hold more than half of what the question
says (its content words, less the noun of "which city" and words like "take place", and its names).
A sentence's neighbour counts for what a pronoun stands for ("Its capital was ..."), and a second
sentence about the answer's entity for what describes it ("Kuzmin, commissar of the Baltic Fleet").
This is what keeps "Which city did the Romanian army occupy in 1919?" from being answered with a
city some other army occupied in another year.

The answer is a short phrase; where nothing supports one, ``answer`` is ``""`` and ``sources`` is
empty.  ``confidence`` and ``support`` are in [0, 1].
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from annals import knowledge
from annals.question import (
    POSSESSOR_CLASSES,
    SUCCESSION,
    Found,
    Parsed,
    aligned,
    asked_classes,
    clause_answers,
    event_times,
    given_share,
    irregular_forms,
    may_say,
    parse_many,
    parse_question,
    predicate_words,
    same_predicate,
    verb_classes,
    word_lemma,
    word_lemmas,
)
from annals.question import doc_of as _doc_of
from annals.relation_types import REGISTRY
from annals.store import Store
from annals.timex import recognise

STOP = set("""a an the of in on at to for by with from and or but is was were are be been being did do does
had has have who whom whose what which when where why how many much that this these those its it his her their
they he she them there than then as into onto about after before during while until since also not no any all
same other another such own whether if per via than most more least""".split())
WH = ("how many", "how much", "how old", "in what year", "in which year", "on what date", "on which date",
      "on which day", "what year", "what date", "by what year", "in what month", "whose", "whom", "who", "when",
      "where", "which", "what")
PERSON_WORDS = {"person", "man", "woman", "leader", "officer", "general", "commander", "chairman", "ataman",
                "admiral", "metropolitan", "commissar", "president", "minister", "author", "writer", "founder"}
TYPE_WORDS = {
    "organization": {"ORG"}, "organisation": {"ORG"}, "government": {"ORG"}, "party": {"ORG"},
    "committee": {"ORG"}, "army": {"ORG"}, "unit": {"ORG"}, "units": {"ORG"}, "agency": {"ORG"},
    "group": {"ORG", "GROUP"}, "battleships": {"ORG"}, "battleship": {"ORG"}, "ship": {"ORG"}, "ships": {"ORG"},
    "city": {"GPE"}, "town": {"GPE"}, "country": {"GPE"}, "state": {"GPE"}, "province": {"GPE"},
    "democracy": {"GPE"}, "nation": {"GPE", "GROUP"}, "capital": {"GPE"},
    "island": {"LOC", "GPE"}, "camp": {"LOC", "GPE"}, "concentration": {"LOC", "GPE"}, "river": {"LOC"},
    "region": {"LOC", "GPE"}, "place": {"LOC", "GPE"}, "square": {"LOC"}, "sea": {"LOC"},
    "book": {"WORK"}, "document": {"WORK"}, "pamphlet": {"WORK"}, "manifesto": {"WORK"}, "treaty": {"WORK"},
    "newspaper": {"WORK"}, "policy": {"WORK"}, "law": {"WORK"}, "work": {"WORK"}, "resolution": {"WORK"},
    "conference": {"EVENT"}, "battle": {"EVENT"}, "war": {"EVENT"}, "revolution": {"EVENT"}, "event": {"EVENT"},
    "incident": {"EVENT"}, "congress": {"EVENT"}, "nationality": {"GROUP"}, "people": {"GROUP"},
}


def relation_verbs() -> dict[str, str]:
    """ "Who led/founded/arrested X?": the verbs a question uses for each relation type, read from the registry
    when a question is answered (a type registered later is asked about like the others)."""
    return {verb: r.name for r in REGISTRY.values() for verb in r.question_verbs}


MIN_CONFIDENCE = 0.25  # below it, no answer: calibrated on the development documents (bench/ask_calibration.py)
STRONG = 0.6  # a clause answer this sure goes before the model's
ANY_TYPE = frozenset({"PERSON", "ORG", "GPE", "LOC", "GROUP", "EVENT", "WORK"})  # a question of no known kind
FALLBACK = 0.5  # an answer found by shared words alone, not by a clause of the question's predicate
CLAUSE_TOP = 8  # the best ranked sentences whose clauses are read
MIN_SUPPORT = 0.5  # a cited sentence must hold more than this share of the question's words and names
PRONOUNS = {"it", "its", "he", "his", "she", "her", "they", "their", "this", "these", "such"}
PERSONAL_PRONOUNS = {"he", "him", "his", "she", "her", "they", "them", "their"}
DEMONSTRATIVES = {"this", "these", "such"}  # "This incident ..." may look back over a few sentences


@dataclass
class Question:
    text: str
    wh: str
    answer_types: set[str]
    precision: str | None = None  # "year", "month", "day" for date questions
    entities: list[dict[str, Any]] = field(default_factory=list)  # canonical entities named in the question
    groups: list[list[dict[str, Any]]] = field(default_factory=list)  # the entities of each name, one list a name
    names: list[str] = field(default_factory=list)  # each of those names as the question writes it
    unknown: list[str] = field(default_factory=list)  # names the store does not know
    keywords: list[str] = field(default_factory=list)  # the lemmas of the question's words (word_lemma)
    readings: dict[str, frozenset[str]] = field(default_factory=dict)  # each keyword's readings (word_lemmas)
    needed: list[str] = field(default_factory=list)  # the keywords a supporting sentence must hold
    dates: list[str] = field(default_factory=list)  # TIMEX3 values of the dates the question gives
    predicate: str | None = None
    noun: str | None = None  # "which general": general
    role: str | None = None  # "Who was the foreman of ...": the role the answer must hold in the cited sentence


_WORD = re.compile(r"[\w’'-]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=8192)
def _lemmas_of(text: str) -> frozenset[str]:
    """Every reading of every word of a text (see :func:`annals.question.word_lemmas`)."""
    return frozenset().union(*(word_lemmas(w) for w in _words(text)))


def _says(a: Question, keyword: str, lemmas: frozenset[str]) -> bool:
    """Whether a text of these lemmas says one of the question's words: one of its readings is there."""
    return not a.readings.get(keyword, frozenset((keyword,))).isdisjoint(lemmas)


def _function_words() -> set[str]:
    """English function words (the pipeline language's stop words, "under", "during", "against"), and ours."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return {w.casefold() for w in STOP_WORDS} | STOP | {"which"}


_FUNCTION_WORDS = _function_words()


def _name_spans(question: str) -> list[str]:
    """Capitalised runs of the question (names), not counting its first word unless it is a name."""
    words = _words(question)
    runs: list[list[str]] = []
    cur: list[str] = []
    for i, w in enumerate(words):
        joiner = w.lower() in {"of", "the", "for", "de", "von"} and cur
        # the first word is capitalised as the question's first word: a function word there is no name
        if (w[:1].isupper() or w[:1].isdigit() and cur or joiner) and not (i == 0 and w.lower() in _FUNCTION_WORDS):
            cur.append(w)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    out = []
    for r in runs:
        while r and r[-1].lower() in {"of", "the", "for"}:
            r.pop()
        if r:
            out.append(" ".join(r))
    return out


def _called(noun: str, fact: dict[str, Any], span: list[int]) -> bool:
    """True when the answer at ``span`` is called ``noun`` in its sentence: in its name, or among the six words
    before it ("the only survivor, the sergeant X")."""
    start = span[0] - fact["start"]
    near = _words(fact["text"][max(0, start - 60) : start])[-6:] + _words(fact["text"][start : span[1] - fact["start"]])
    return word_lemma(noun) in {word_lemma(w) for w in near}


def _noun_types(noun: str) -> set[str]:
    """The entity types a kind noun asks for ("general": PERSON, "fortress": LOC), none for a noun of no known
    kind ("demand")."""
    if noun in PERSON_WORDS or noun in knowledge.titles():
        return {"PERSON"}
    for n in (noun, noun.rstrip("s")):
        if n in TYPE_WORDS:
            return set(TYPE_WORDS[n])
    if noun in knowledge.heads():
        return {knowledge.heads()[noun][0]}
    return set()


def analyse(question: str, store: Store) -> Question:
    """What the question asks for, which known entities it names, and its content words."""
    q = question.strip()
    low = q.casefold()
    wh = next((w for w in WH if re.search(rf"\b{re.escape(w)}\b", low)), "what")
    types: set[str] = set()
    precision = None
    if wh in {"who", "whom", "whose"}:
        types = {"PERSON", "ORG", "GROUP"} if wh != "who" else {"PERSON", "ORG"}
    elif wh in {"when", "what date", "on what date", "on which date", "on which day", "what year", "in what year",
                "in which year", "by what year", "in what month"}:
        types = {"DATE"}
        precision = "year" if "year" in wh else "day" if ("date" in wh or "day" in wh) else "month" \
            if "month" in wh else None
    elif wh == "where":
        types = {"GPE", "LOC"}
    elif wh in {"how many", "how much", "how old"}:
        types = {"NUMBER"}
    m = re.search(r"\b(?:which|what)\s+((?:[\w’'-]+\s+){0,3}?)([\w’'-]+)(?=\s+(?:did|was|were|is|are|had|has|do|"
                  r"does|of|in|on|at|to|that|who|whose|gave|held|named|carried|commanded|adopted|refused|entered|"
                  r"led|founded|\w+ed)\b)", low)
    if wh in {"which", "what"} and m:
        types = _noun_types(m.group(2))
    if not types:
        types = set(ANY_TYPE)
    out = Question(q, wh, types, precision)
    name_words: set[str] = set()
    said = recognise(q)
    date_words = {w.casefold() for t in said for w in _words(t.text)}
    for name in _name_spans(q):
        name = re.sub(r"['’]s$", "", name)
        if recognise(name) or {w.casefold() for w in _words(name)} <= date_words:
            continue  # "August 1918", "March" of "on 2 March" are dates, not names
        found, piece = _resolve_name(name, store)
        if found:
            group = [f for f in found if f["id"] not in {e["id"] for e in out.entities}]
            out.entities += group
            if group:
                out.groups.append(group)
                out.names.append(piece)
            # the words of the name that the known part leaves out ("Mongolian" of "Mongolian People's
            # Army" when only a "People's Army" is known) are still what the question asks about; a
            # person's other names and titles are not
            name_words |= {w.casefold() for w in _words(piece)} | {"of", "the", "for", "de", "von"}
            if all(f["type"] == "PERSON" for f in found):
                name_words |= {w.casefold() for w in _words(name)}
            name_words |= {w.casefold() for w in _words(name) if w.casefold() in knowledge.titles()}
        elif _is_proper_name(name) and not _store_knows_words(name, store) and not _text_writes(name, store):
            out.unknown.append(name)
    asking = set(wh.split())  # "year" of "in what year" is what is asked, not a word to find
    asked_words = [w for w in _words(q) if w.casefold() not in STOP and w.casefold() not in name_words
                   and w.casefold() not in asking and len(w) > 2]
    out.keywords = [word_lemma(w) for w in asked_words]
    out.readings = {word_lemma(w): word_lemmas(w) for w in asked_words}
    out.noun = m.group(2) if wh in {"which", "what"} and m else None
    # the head of the noun phrase after "who was the": "the NTS chairman who ..." -> chairman
    role = re.match(r"who\s+(?:was|were|is|are|became)\s+the\s+((?:[\w'-]+\s+){0,3}?[\w'-]+)"
                    r"(?=\s+(?:of|who|that|which|when|in|at|to|for|on|during)\b|\s*\?|$)", low)
    if role and role.group(1).split()[-1] not in STOP:
        out.role = word_lemma(role.group(1).split()[-1])
        out.readings.setdefault(out.role, word_lemmas(role.group(1).split()[-1]))
    # what a sentence must say: not the noun of "which city" (the answer is the city), nor the words
    # that only say that something happened ("take place", "happen", "occur")
    light = {word_lemma(out.noun)} if out.noun else set()
    light |= {word_lemma(w) for w in ("happen", "occur")}
    if re.search(r"\b(?:take|takes|took|taken|taking)\s+place\b", low):
        light |= {word_lemma("take"), word_lemma("place")}
    # a date of the question is needed as a date: "in 1919" is met by "In February 1919", "on 5 March"
    # by a 5 March of any year, not by the word "March" alone
    out.dates = [t.value for t in said if t.value]
    if out.dates:
        light |= {word_lemma(w) for w in date_words}
    out.needed = [k for k in dict.fromkeys(out.keywords) if k not in light]
    verbs = relation_verbs()
    for w in _words(low):
        if w in verbs:
            out.predicate = w
            break
    return out


def _is_proper_name(name: str) -> bool:
    """False for capitalised words that are no names: adjectives of nationality or allegiance ("Soviet",
    "Allied"), titles ("General"), ordinary words."""
    words = [w for w in name.split() if w.casefold() not in STOP]
    if not words:
        return False
    adjectives = knowledge.demonym_adjectives() | knowledge.regime_adjectives()
    rest = [w for w in words if w.casefold() not in adjectives and w.casefold() not in knowledge.titles()
            and not w.endswith("ed") and w.casefold() not in {"white", "red", "western", "eastern", "northern",
                                                              "southern"} and not _nationality_word(w)]
    return bool(rest)


def _nationality_word(word: str) -> bool:
    """A people ("Americans", "Poles") or an adjective made from a known country or region ("Mongolian"
    of Mongolia, "Siberian" of Siberia): words about a people, not names the store must know."""
    known = knowledge.lookup(word)
    if known is not None and known.type == "GROUP" and known.subtype in {"nationality", "ethnic group"}:
        return True
    if len(word) > 4 and word.endswith("n"):
        place = knowledge.lookup(word[:-1])
        return place is not None and place.type in {"GPE", "LOC"}
    return False


def _store_knows_words(name: str, store: Store) -> bool:
    """True when the store has a name sharing this name's first and last words (stemmed): "Western
    Democracy" is a form of "Western Democracies", "Mongolian People's Party" is no form of anything stored."""
    words = [w for w in name.split() if w.casefold() not in STOP and len(w.strip(".")) > 1]  # not initials
    if not words:
        return False
    first, last = word_lemmas(words[0]), word_lemmas(words[-1])
    hits = store.find_entities(words[-1], limit=20) + store.find_entities(words[0], limit=20)
    for hit in hits:
        for alias in [hit["name"], *hit.get("aliases", [])]:
            lemmas = _lemmas_of(alias)
            if first & lemmas and last & lemmas:
                return True
    return False


def _text_writes(name: str, store: Store) -> bool:
    """True when a sentence of the store writes the name as the question does, capitals and all ("Hessian
    troops", "the Lower Town"): the text speaks of it though extraction made no entity of it."""
    words = _words(name)
    if not words:
        return False
    pattern = re.compile(r"\b" + r"\W+".join(re.escape(w) for w in words) + r"\b")
    hits = store.search_sentences(" ".join(f'"{w}"' for w in words), limit=10)
    return any(pattern.search(h.get("text") or "") for h in hits)


def _resolve_name(name: str, store: Store) -> tuple[list[dict[str, Any]], str]:
    """Entities a name of the question names, and the part of the name that names them: the whole name,
    else its longest known part."""
    words = name.split()
    for n in range(len(words), 0, -1):
        for i in range(0, len(words) - n + 1):
            piece = " ".join(words[i : i + n])
            if n == 1 and (piece.casefold() in STOP or len(piece) < 3):
                continue
            found = store.find_entities(piece, limit=5, exact=True)
            if found:
                return found[:3], piece
    # A surname alone ("Miloradovich", "General Miloradovich") names the people whose full name ends
    # with it, though the text never used it alone.
    rest = [w for w in words if w.casefold() not in knowledge.titles() and len(w) > 1]  # not initials
    if len(rest) == 1 and len(rest[0]) > 2 and rest[0].casefold() not in STOP:
        key = knowledge.ascii_fold(rest[0].casefold())
        people = [f for f in store.find_entities(rest[0], type="PERSON", limit=20)
                  if any(knowledge.ascii_fold(alias.casefold()).split()[-1:] == [key]
                         for alias in [f["name"], *f.get("aliases", [])])]
        return people[:3], rest[0]
    return [], name


def _empty(q: str, why: str, analysis: Question | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"q": q, "answer": "", "sources": [], "confidence": 0.0, "why": why}
    if analysis is not None:
        out["expected"] = sorted(analysis.answer_types)
    return out


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _date_answer(timex: dict[str, Any], precision: str | None) -> str:
    """The date as the text gives it; a relative one ("two days later", "on 18 March" of a year said
    before) as the date it stands for, at the precision of its value."""
    value = timex.get("value") or ""
    if precision == "year" and re.match(r"^-?\d{4}", value):
        return value[:4] if not value.startswith("-") else value[:5]
    if value[:4] not in timex["text"] or timex["text"] == value:
        m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", value)
        if m and not m.group(2):
            return m.group(1)
        if m:
            month = MONTHS[int(m.group(2)) - 1]
            return f"{int(m.group(3))} {month} {m.group(1)}" if m.group(3) else f"{month} {m.group(1)}"
    return timex["text"]


def _source(fact: dict[str, Any], key: tuple[str, int]) -> dict[str, Any]:
    return {"document": key[0], "title": fact.get("title"), "path": fact.get("path"), "sentence": fact["text"],
            "start": fact["start"], "end": fact["end"], "sentence_index": key[1]}


def answer(question: str, store: Store, min_confidence: float | None = None) -> dict[str, Any]:
    """Answer one question from an open store (see the module docstring); an answer less sure than
    ``min_confidence`` (default :data:`MIN_CONFIDENCE`, calibrated by bench/ask_calibration.py) is withheld."""
    out = _answer_any(question, store) | {"q": question}
    floor = MIN_CONFIDENCE if min_confidence is None else min_confidence
    if out["answer"] and float(out.get("confidence") or 0.0) < floor:
        low = _empty(question, f"the best answer ({out['answer']!r}, confidence {out['confidence']}) is below "
                               f"the threshold {floor}")
        low["withheld"] = {"answer": out["answer"], "confidence": out["confidence"]}
        return low
    return out


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
    by_model = _from_relations(a, store) or _from_events(a, store)
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
        if by_model_ok and float(by_model.get("confidence") or 0.0) >= STRONG:
            return by_model  # the model's answer, its sentence agreeing
    ranked = _ranked(a, store)
    if ranked is None:
        return by_model if by_model is not None and by_model_ok else \
            _empty(question, "no sentence shares the question's words", a)
    facts, stems, scored, best_possible, top = ranked
    by_clause = _from_clauses(a, p, store, facts, scored, best_possible)
    if by_clause is not None and by_clause["confidence"] >= STRONG:
        return by_clause
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
        if _contradicts(a, f):
            continue
        covered = _coverage(a, f, stems[key])
        for near in context.get(key, []):  # what "it" or "this" stands for, in the sentence next to it
            covered = _merge(covered, _coverage(a, near), 0.9)
        sources = [_source(f, key)]
        if _share(a, covered) <= MIN_SUPPORT and answer_entity is not None:
            # "Which commissar of the Baltic Fleet was detained?": one sentence says who was detained,
            # another that he was the commissar of the Baltic Fleet
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


def _ranked(a: Question, store: Store):  # noqa: ANN202
    """Candidate sentences (full-text hits and the sentences that mention the question's entities), each
    scored by the question's words it shares (rarer words weigh more) and the question's names it gives."""
    qids = {e["id"] for e in a.entities}
    # candidate sentences: full-text hits and the sentences that mention the question's entities
    fts_query = " OR ".join(_fts_terms(a))
    cands: list[tuple[str, int]] = []
    if fts_query:
        cands += store.search_sentence_keys(fts_query, limit=60)
    if qids:
        cands += store.sentences_mentioning(qids, limit=300)
    if not cands:
        return None
    facts = store.sentence_facts(cands)
    # the sentences before those that open with a pronoun: what "it" or "his" stands for
    wanted = [(d, i - 1) for (d, i), f in facts.items() if i > 0 and _pronoun_in(f)]
    before = store.sentence_facts(wanted) if a.groups else {}
    # rarer question words weigh more (inverse frequency among the candidates)
    stems = {key: _lemmas_of(f["text"]) for key, f in facts.items()}
    n = len(facts)
    weight = {k: math.log(1 + n / (1 + sum(_says(a, k, s) for s in stems.values()))) for k in set(a.keywords)}
    scored = []
    entity_weight = max(weight.values(), default=1.0)
    people = any(e["type"] == "PERSON" for group in a.groups for e in group)
    for key, f in facts.items():
        hits = [k for k in set(a.keywords) if _says(a, k, stems[key])]
        ents = _groups_named(a, f, before.get((key[0], key[1] - 1)))
        score = sum(weight[k] for k in hits) + entity_weight * ents
        if a.groups and not ents:
            # a sentence that names none of the question's names is less likely about them, unless a pronoun in it
            # may stand for the person asked about ("fishermen stopped him")
            score *= 0.85 if people and _has_personal_pronoun(f["text"]) else 0.7
        scored.append((score, key, hits))
    scored.sort(key=lambda x: (-x[0], x[1]))
    best_possible = sum(weight.values()) + entity_weight * len(a.groups) or 1.0
    top = [(score, key, hits) for score, key, hits in scored[:8] if score >= 0.2 * best_possible and score > 0]
    return facts, stems, scored, best_possible, top


def _cite_anchor(store: Store, sources: list[dict[str, Any]], date: dict[str, Any]) -> None:
    """A date the sentence gives relative to another ("two days later", "on the same day"): cite also the
    sentence before it that gives a date in figures, from which it is reckoned."""
    value, text = date.get("value") or "", date.get("text") or ""
    first = sources[0]
    if not re.match(r"^\d{4}", value) or value[:4] in text or first.get("sentence_index") is None:
        return
    doc, idx = first["document"], first["sentence_index"]
    before = store.sentence_facts([(doc, i) for i in range(idx - 1, max(idx - 7, -1), -1)])
    for i in range(idx - 1, max(idx - 7, -1), -1):
        f = before.get((doc, i))
        if f and any(re.search(r"\d", t["text"]) for t in f["timexes"]):
            sources.append(_source(f, (doc, i)))
            return


def _fts_terms(a: Question) -> list[str]:
    """Full-text terms for the question's words: each word as asked (the index stems it its own way),
    its regular past form and its irregular forms from the lemmatizer's exceptions ("shoot": "shot"), and its
    lemma as a prefix."""
    irregular = irregular_forms()
    terms: list[str] = []
    for w in _words(a.text):
        low = knowledge.ascii_fold(w.casefold()).strip("'’")
        stem = word_lemma(w)
        if stem not in a.keywords or len(low) < 3:
            continue
        forms = {low, *irregular.get(low, ()), *irregular.get(stem, ())}
        if low.isalpha():
            forms.add(low + "d" if low.endswith("e") else low + "ed")
        terms += [f'"{f}"' for f in sorted(forms)] + ([f'"{stem}"*'] if len(stem) > 2 else [])
    return list(dict.fromkeys(terms))


def _opens_with_pronoun(fact: dict[str, Any], words: set[str] = PRONOUNS) -> bool:
    return _first_word(fact["text"]) in words


@lru_cache(maxsize=8192)
def _first_word(text: str) -> str:
    m = _WORD.search(text)
    return m.group(0).casefold() if m else ""


def _groups_named(a: Question, fact: dict[str, Any], previous: dict[str, Any] | None = None) -> float:
    """How many of the question's names the sentence speaks of (see :func:`_named`); a name that only
    a pronoun of the sentence stands for, named in the sentence before, counts 0.9 (0.8 for a pronoun inside it)."""
    named = _named(a, fact)
    before = _named(a, previous) if previous and _pronoun_in(fact) else set()
    # "He ..." opening the sentence stands for the name before more surely than a pronoun inside it
    return len(named) + (0.9 if _opens_with_pronoun(fact) else 0.8) * len(before - named)


def _pronoun_in(fact: dict[str, Any]) -> bool:
    """The sentence opens with a pronoun, or has a personal one inside ("Fishermen stopped him at X")."""
    return _opens_with_pronoun(fact) or _has_personal_pronoun(fact["text"])


@lru_cache(maxsize=4096)
def _has_personal_pronoun(text: str) -> bool:
    """A sentence's words (read once however often ranking asks) hold a personal pronoun."""
    return bool(PERSONAL_PRONOUNS & {w.casefold() for w in _words(text)})


def _named(a: Question, fact: dict[str, Any]) -> set[int]:
    """The question's names (their indexes) the sentence names: by a mention linked to one of the name's
    entities, or by the name as the question writes it unless what the text says there is linked to
    somebody else ("Krasnov" of another Krasnov).  A name counts once, whichever of its entities is meant."""
    mentioned = {m["entity"] for m in fact["mentions"]}
    text = _folded(fact["text"])
    names = a.names or [""] * len(a.groups)
    return {i for i, (group, name) in enumerate(zip(a.groups, names, strict=False))
            if mentioned & {e["id"] for e in group} or name and _written_in(name, text, fact, {e["id"] for e in group})}


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    return knowledge.ascii_fold(text.casefold())


def _written_in(name: str, text: str, fact: dict[str, Any], ids: set[int]) -> bool:
    """True when the sentence writes the question's name and nothing linked there is somebody else."""
    pattern, lemmas = _name_pattern(name)
    if pattern is None:
        return False
    for mm in pattern.finditer(text):
        start, end = fact["start"] + mm.start(), fact["start"] + mm.end()
        others = [m for m in fact["mentions"] if m["start"] < end and m["end"] > start and m["entity"] not in ids]
        if all({word_lemma(w) for w in _words(m["name"])} <= lemmas for m in others):
            return True
    return False


@lru_cache(maxsize=1024)
def _name_pattern(name: str) -> tuple[re.Pattern[str] | None, frozenset[str]]:
    """The pattern of a question's name as a folded text writes it (titles aside), and its words' lemmas."""
    words = [w for w in _words(_folded(name)) if w not in knowledge.titles()]
    if not words:
        return None, frozenset()
    return (re.compile(r"\b" + r"\s+".join(re.escape(w) for w in words) + r"\b"),
            frozenset(word_lemma(w) for w in words))


def _coverage(a: Question, fact: dict[str, Any], lemmas: frozenset[str] | None = None) -> dict[Any, float]:
    """What of the question the sentence holds: its needed words (by lemma) and its names (indexes), each 1."""
    if lemmas is None:
        lemmas = _lemmas_of(fact["text"])
    return {**{w: 1.0 for w in a.needed if _says(a, w, lemmas)}, **{("name", i): 1.0 for i in _named(a, fact)},
            **{("date", i): cover for i, v in enumerate(a.dates)
               if (cover := max((_date_cover(v, t.get("value") or "") for t in fact.get("timexes", [])),
                                default=0.0))}}


def _date_cover(asked: str, said: str) -> float:
    """How far a date of the text meets a date of the question: 1 when it agrees and is as precise,
    0.5 when it agrees but is coarser ("March 1921" for "on 5 March"), else 0."""
    if not _dates_agree(asked, said):
        return 0.0
    return 1.0 if len(said.split("-")) >= len(asked.split("-")) else 0.5


def _contradicts(a: Question, fact: dict[str, Any]) -> bool:
    """True when the sentence gives dates and none of them can be a date the question gives: "Who
    demanded surrender on 9 March?" is not answered by a sentence about 5 March."""
    values = [t.get("value") for t in fact.get("timexes", []) if t.get("value")]
    return bool(values) and any(not any(_dates_agree(v, x) for x in values) for v in a.dates)


def _date_before(a: Question, store: Store, key: tuple[str, int], reach: int = 3) -> float:
    """How far the nearest dated sentence of the few before a sentence meets the question's dates."""
    doc, idx = key
    before = store.sentence_facts([(doc, i) for i in range(max(0, idx - reach), idx)])
    for i in range(idx - 1, max(-1, idx - reach - 1), -1):
        values = [t.get("value") or "" for t in before.get((doc, i), {}).get("timexes", [])]
        if values:
            return max((_date_cover(v, x) for v in a.dates for x in values), default=0.0)
    return 0.0


def _dates_agree(asked: str, said: str) -> bool:
    """True when a date of the text can be the date the question gives: their TIMEX3 values agree on
    every part both state ("XXXX-03-05" and "1921-03-05"; "1919" and "1919-02"; "194X" and "1944")."""
    if not said:
        return False
    for p, q in zip(asked.split("-"), said.split("-"), strict=False):
        if len(p) != len(q) or not re.fullmatch(r"[\dX]+", p) or not re.fullmatch(r"[\dX]+", q):
            continue  # a season, a quarter, a week: no finer check
        if any(x != y and "X" not in (x, y) for x, y in zip(p, q, strict=True)):
            return False
    return True


def _merge(covered: dict[Any, float], more: dict[Any, float], factor: float) -> dict[Any, float]:
    out = dict(covered)
    for item, v in more.items():
        out[item] = max(out.get(item, 0.0), v * factor)
    return out


def _share(a: Question, covered: dict[Any, float]) -> float:
    """The share of the question's content (needed words, names and dates) covered."""
    total = len(a.needed) + len(a.groups) + len(a.dates)
    return sum(covered.values()) / total if total else 1.0


def _context(store: Store, keys: list[tuple[str, int]], facts: dict[tuple[str, int], dict[str, Any]]
             ) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """For each sentence, its neighbours that speak of the same thing: the sentence before when it opens
    with a pronoun ("Its capital was ..."), the sentence after when that one does ("He ..."), and one of
    the next three that opens with a demonstrative ("This incident ...") looking back over the story."""
    near = store.sentence_facts([(d, i + k) for d, i in keys for k in (-1, 1, 2, 3) if i + k >= 0])
    out: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for d, i in keys:
        before = near.get((d, i - 1))
        found = [before] if before and _opens_with_pronoun(facts[(d, i)]) else []
        for k in (1, 2, 3):
            after = near.get((d, i + k))
            if after and _opens_with_pronoun(after, PRONOUNS if k == 1 else DEMONSTRATIVES):
                found.append(after)
        out[(d, i)] = found
    return out


def _about_answer(a: Question, facts: dict[tuple[str, int], dict[str, Any]], key: tuple[str, int],
                  covered: dict[Any, float]) -> tuple[dict[Any, float], tuple[str, int], dict[str, Any]] | None:
    """Of the sentences about the answer's entity, the one that adds most of what the question asks (a
    description of it: "Nikolai Kuzmin, commissar of the Baltic Fleet"), with what both then cover."""
    best = None
    for k, f in facts.items():
        if k == key:
            continue
        merged = _merge(covered, _coverage(a, f), 0.9)
        gain = sum(merged.values()) - sum(covered.values())
        if gain > 0 and (best is None or gain > best[0]):
            best = (gain, merged, k, f)
    return None if best is None else (best[1], best[2], best[3])


def _model_support(a: Question, result: dict[str, Any], store: Store) -> float:
    """The support of a model answer: that of the best of its cited sentences."""
    keys = [(s["document"], s["sentence_index"]) for s in result.get("sources", [])
            if s.get("sentence_index") is not None]
    facts = store.sentence_facts(keys)
    linked = set(result.get("linked") or ())  # the entities the model ties to the answer ("The movement")
    named = {("name", i): 1.0 for i, g in enumerate(a.groups) if linked & {e["id"] for e in g}}
    return max((_share(a, _merge(_coverage(a, f), named, 1.0)) for f in facts.values() if not _contradicts(a, f)),
               default=0.0)


def _answer_ambiguous(a: Question, group: list[dict[str, Any]], people: list[dict[str, Any]],
                      store: Store) -> dict[str, Any]:
    """A name the store gives to several people ("Krasnov"): the question is asked of each.  When one of
    them is clearly better supported, that one answers; else the answer lists the candidates, each cited."""
    others = [e for e in a.entities if e not in group]
    results = []
    asks_only_the_name = not a.needed
    for person in people:
        one = replace(a, entities=[*others, person], groups=[[person] if g is group else g for g in a.groups])
        if asks_only_the_name:  # "Who was Krasnov?": each of them is an answer
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


def _listed(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# event types too broad for a question's verb to stand for another verb of the type
_BROAD_TYPES = {"OCCURRENCE", "MOVEMENT"}


@lru_cache(maxsize=1)
def _event_types_of_stems() -> dict[str, str]:
    """The event type each verb and noun of the taxonomy names, by its stem ("killed" -> EXECUTION)."""
    from annals.components.events import lexicon

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


def ask(db: str | Path, questions: list[str], min_confidence: float | None = None) -> list[dict[str, Any]]:
    """Answer questions from the store ``db``, in order, each ``{"q", "answer", "sources", "confidence"}``;
    an answer less sure than ``min_confidence`` (default :data:`MIN_CONFIDENCE`) is withheld."""
    with Store(db, create=False, readonly=True) as store:
        return [answer(q, store, min_confidence) for q in questions]


def _from_clauses(a: Question, p: Parsed, store: Store, facts: dict[tuple[str, int], dict[str, Any]],
                  scored: list[tuple[float, tuple[str, int], list[str]]], best_possible: float
                  ) -> dict[str, Any] | None:
    """The best answer that fills the asked role of a clause whose predicate matches the question's."""
    if p.predicate is None or p.role is None:
        return None
    # only sentences with a word that may be the predicate (or its agent noun) are parsed
    lemmas = predicate_words(p)
    floor = 0.3 * scored[0][0] if scored else 0.0  # sentences sharing little with the question are not read
    events = {e["id"] for e in a.entities if e["type"] == "EVENT"} if p.role == "time" else set()
    owning = p.role in {"agent", "patient"} and bool(verb_classes().get(p.predicate, set()) & POSSESSOR_CLASSES)
    keys = [key for score, key, _ in scored[:CLAUSE_TOP] if score > 0 and score >= floor
            and (may_say(lemmas, facts[key]["text"]) or events & {m["entity"] for m in facts[key]["mentions"]}
                 or owning and _POSSESSIVE.search(facts[key]["text"]))]
    # the sentence after one of the best: "A delegation went to X. ... Y arrested them.": its clause may
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
    # what a pronoun stands for ("Its capital was X", "Y arrested them"): the sentence before
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
                # "Which colonel went over?": the parse of a long sentence may give the clause the wrong
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
                # "Y arrested them": what the sentence before says counts for the pronoun, a little less
                back = set(_lemmas_of(previous["text"])) | \
                    {w.casefold() for i in _named(a, previous) for w in _words(a.names[i])}
            share = given_share(p, f, found, named, names, back)
            if back:  # "their comrades": the subject or object may be what the sentence before names
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
    """True when the clause's subject or object (not the answer) is a pronoun: "Y arrested them"."""
    doc = _doc_of(fact["text"])
    for i in found.clause:
        t = doc[i]
        if t.pos_ == "PRON" and t.lower_ in {"he", "she", "they", "them", "him", "it", "her"} and \
                t.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"} and not found.start <= t.idx < found.end:
            return True
        if t.lower_ in {"his", "her", "its", "their"} and t.dep_ == "poss" and \
                t.head.dep_ in {"nsubj", "nsubjpass", "dobj"} and not found.start <= t.idx < found.end:
            return True  # "their comrades rose": whose comrades, the sentence before says
        if t.lower_ in {"this", "these"} and t.dep_ == "det" and \
                t.head.dep_ in {"nsubj", "nsubjpass", "dobj"} and not found.start <= t.idx < found.end:
            return True  # "this movement, led by X": which movement, the sentence before says
    return False


_APPOSED = re.compile(r"^\s*,\s+(?:[\w'’-]+\s+){0,4}$")  # "X, then joint foreign ", "N, the captain "


def _described_by(fact: dict[str, Any], noun: str, found: Found, qids: set[int]) -> dict[str, Any] | None:
    """The one name of the sentence that the noun describes, as a title or by apposition ("Colonel X",
    "X, the ruler of Y", "one of the survivors, the captain X"), not the question's own and not the
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
            before = e <= ms and _APPOSED.match(fact["text"][e:ms])  # "survivors, the captain X"
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
            continue  # "Zapata" and "Emiliano Zapata" agree; "2 January" and "12 January" do not
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
    if not found:
        return result
    said = _folded(result["answer"])
    top = max(x.match for x in found)
    found = [x for x in found if x.match >= top]  # the clauses of the question's own verb, where there are
    if any(_folded(x.text) in said or said in _folded(x.text) for x in found):
        return result
    return None
