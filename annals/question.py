"""What a question asks, parsed, and the argument of a sentence's clause that answers it.

A question is parsed with the pipeline's spaCy model (its tagger, parser and lemmatizer; no home-made
stemmer): its **predicate** (the lemma of its main verb, or the office noun of "who was the X of Y"),
the **role** its wh-phrase holds in that predicate's clause (agent, patient, recipient, time, place,
reason, number, holder of an office) and its **given words** (the lemmas of everything else it says).

A candidate sentence answers only where one of its clauses has a predicate that matches the question's
(the same lemma, or a verb of the same class of the event taxonomy or the relation registry:
"commanded" ~ "led") and an argument in the asked role: the agent of an active verb, of a passive one
("commanded by X"), of a participle ("the fleet, commanded by X"), of a relative clause ("X, who
negotiated ..."); the holder of an office by apposition ("X, the bey of Y" / "the bey of Y, X"), by
predication ("X was/became the bey of Y") or by a title ("Bey X"); the time and place attached to that
clause; the number on the noun counted; the reason clause ("because ...", "in protest against ...",
"to ..."). A sentence that merely shares words is no support: :func:`clause_answers` returns nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import Any

from annals import knowledge

WH_TAGS = {"WDT", "WP", "WP$", "WRB"}
LIGHT_VERBS = {"be", "do", "have"}
REASON_MARKS = {"because", "since", "as"}
PLACE_PREPS = {"in", "at", "near", "to", "into", "off", "from", "outside", "inside", "on", "onto", "towards",
               "toward"}
CLAUSE_DEPS = {"relcl", "ccomp", "advcl", "conj", "parataxis", "acl", "xcomp", "csubj"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "spring", "summer", "autumn", "winter", "fall"}
COPULAS = {"be", "become", "remain"}  # "Who became the X of Y?" asks for who held the office, like "was"
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}


@cache
def nlp():  # noqa: ANN201 - spaCy's Language
    """The pipeline's spaCy model (tagger, parser, lemmatizer), without annals' extraction components."""
    import spacy

    from annals.pipeline import MODEL

    return spacy.load(MODEL, exclude=["ner"])


def parse_many(texts: list[str]) -> None:
    """Parse in one batch the texts not parsed yet (the parses are kept)."""
    todo = [t for t in dict.fromkeys(texts) if t not in _parsed]
    if len(_parsed) + len(todo) > 20000:
        _parsed.clear()
    for t, doc in zip(todo, nlp().pipe(todo), strict=True):
        _parsed[t] = doc


_parsed: dict[str, Any] = {}


def doc_of(text: str):  # noqa: ANN201
    doc = _parsed.get(text)
    if doc is None:
        parse_many([text])
        doc = _parsed[text]
    return doc


@lru_cache(maxsize=65536)
def word_lemma(word: str) -> str:
    """The form question and sentence words are compared in, chosen among the lemmas the pipeline's own
    lemmatizer gives the word as a verb and as a noun (its exceptions and its rules, kept where the result is
    a word of its index; no stemmer of ours): an irregular form's lemma ("led" -> "lead", "men" -> "man",
    "was" -> "be"), else a lemma both readings share ("hopes" -> "hope"), else the verb's ("founded" ->
    "found"), else the noun's ("democracies" -> "democracy"), else the word; case, diacritics and a
    possessive "'s" aside."""
    w = re.sub(r"['\u2019]s$", "", knowledge.ascii_fold(word.casefold()).strip("'\u2019"))
    return _readings(w)[0] if w.isalpha() else w


@lru_cache(maxsize=65536)
def word_lemmas(word: str) -> frozenset[str]:
    """Every reading of the word the lemmatizer knows ("found" -> find, found; "fell" -> fall, fell), the
    first of them :func:`word_lemma`'s: a question's word and a sentence's word say the same when their
    readings meet."""
    w = re.sub(r"['\u2019]s$", "", knowledge.ascii_fold(word.casefold()).strip("'\u2019"))
    return frozenset(_readings(w) if w.isalpha() else (w,))


@lru_cache(maxsize=65536)
def _readings(w: str) -> tuple[str, ...]:
    verb, verb_exc = _known_lemmas(w, "verb")
    noun, noun_exc = _known_lemmas(w, "noun")
    common = [f for f in verb if f in noun]
    first = next(iter(verb_exc + noun_exc + common + verb + noun), w)
    # the other readings: the exceptions' other lemmas, and the word itself where it is a verb of its own
    # ("found" a city, besides the past of "find"; "fell" a tree)
    others = verb_exc + noun_exc + ([w] if w in _lemma_index("verb") else [])
    return tuple(dict.fromkeys([first, *others]))


def _known_lemmas(word: str, pos: str) -> tuple[list[str], list[str]]:
    """The lemmas other than the word itself that the lemmatizer gives it as ``pos`` and knows (from its
    index of words), and those of them its exception table lists."""
    from spacy.tokens import Doc

    lemmatizer = nlp().get_pipe("lemmatizer")
    exceptions = [f for f in (lemmatizer.lookups.get_table("lemma_exc").get(pos) or {}).get(word, ()) if f != word]
    forms = lemmatizer.rule_lemmatize(Doc(nlp().vocab, words=[word], pos=[pos.upper()])[0])
    return [f for f in forms if f != word and (f in _lemma_index(pos) or f in exceptions)], exceptions


@cache
def _lemma_index(pos: str) -> frozenset[str]:
    """The lemmatizer's index of the words of one part of speech."""
    return frozenset(nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index").get(pos) or ())


@cache
def verb_classes() -> dict[str, set[str]]:
    """Lemma -> the classes it belongs to: each event type of the taxonomy (its verbs) and each relation
    of the registry (its question verbs, lemmatized)."""
    from annals.components.events import lexicon
    from annals.relation_types import REGISTRY

    out: dict[str, set[str]] = {}
    lex = lexicon()
    for word, etype in lex["verbs"].items():
        if etype not in {"OCCURRENCE", "MOVEMENT"}:
            out.setdefault(word, set()).add(etype)
    for r in REGISTRY.values():
        for v in r.question_verbs:
            lemma = doc_of(f"They {v} it.")[1].lemma_.casefold()
            out.setdefault(lemma, set()).add(r.name)
    return out


SUCCESSION = frozenset({"succeed", "precede", "replace", "supersede", "follow"})


def same_predicate(asked: str, said: str) -> float:
    """1 for the same lemma, 0.7 for verbs of one class ("command" ~ "lead"), else 0."""
    if asked == said:
        return 1.0
    if asked in SUCCESSION or said in SUCCESSION:
        # who came after whom: only a verb of succession says it, not one of its class ("led", "appointed")
        return 0.7 if asked in SUCCESSION and said in SUCCESSION else 0.0
    return 0.7 if asked_classes(asked) & verb_classes().get(said, set()) else 0.0


@cache
def asked_classes(verb: str) -> frozenset[str]:
    """The classes a question's verb asks by: the relations of the registry it is a question verb of,
    where it is one ("commanded the troops" asks who led them, not who ordered something), else its
    event types."""
    from annals.relation_types import REGISTRY

    classes = verb_classes().get(verb, set())
    relations = classes & set(REGISTRY)
    return frozenset(relations or classes)


def nominal_of(noun: str, verb: str) -> bool:
    """True when English makes the noun of the verb's act with a suffix: encourage -> encouragement,
    negotiate -> negotiation, approve -> approval, assist -> assistance, lead -> leadership."""
    base = verb[:-1] if verb.endswith("e") else verb
    forms = {verb + "ment", base + "ation", verb + "ation", base + "al", verb + "al", verb + "ance", base + "ance",
             verb + "ership", base + "ion" if verb.endswith("ate") and len(base) > 4 else ""}
    return len(verb) > 3 and noun in forms - {""}


IRREGULAR_AGENTS = {"succeed": "successor", "precede": "predecessor", "write": "author", "rule": "ruler",
                    "govern": "governor", "invent": "inventor", "conquer": "conqueror"}


def agent_nouns(verb: str) -> set[str]:
    """The nouns English makes of a verb for who does it: command -> commander, found -> founder,
    lead -> leader, negotiate -> negotiator, succeed -> successor."""
    out = {verb + "er", verb + "r", verb + "or", (verb[:-1] + "or") if verb.endswith("e") else verb + "or"}
    if verb in IRREGULAR_AGENTS:
        out.add(IRREGULAR_AGENTS[verb])
    return out


@cache
def known_verbs() -> set[str]:
    """Verbs by their base form: those of the event taxonomy and the relation registry, and the verbs of
    the lemmatizer's table of irregular forms."""
    lookups = nlp().get_pipe("lemmatizer").lookups
    table = lookups.get_table("lemma_exc")
    index = set(lookups.get_table("lemma_index").get("verb") or ())  # the lemmatizer's list of verbs
    return set(verb_classes()) | index | {lemma for lemmas in (table.get("verb") or {}).values() for lemma in lemmas}


@cache
def irregular_forms() -> dict[str, set[str]]:
    """Lemma -> its irregular forms, from the pipeline lemmatizer's exception table ("lay": "laid")."""
    out: dict[str, set[str]] = {}
    table = nlp().get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    for pos in ("verb", "noun"):
        for form, lemmas in (table.get(pos) or {}).items():
            for lemma in lemmas:
                out.setdefault(lemma, set()).add(form)
    return out


def may_say(lemmas: set[str], text: str) -> bool:
    """A cheap filter before parsing: whether the text has a word that may be a form of one of the
    lemmas (the lemma's own irregular forms, or a word that begins like it: "organis" of "organised")."""
    words = set(re.findall(r"[a-z]+", text.casefold()))
    for lemma in lemmas:
        if words & irregular_forms().get(lemma, set()):
            return True
        prefix = lemma[:-1] if len(lemma) > 3 and lemma[-1] in "ey" else lemma
        if any(w.startswith(prefix) for w in words):
            return True
    return False


def predicate_words(q: Parsed) -> set[str]:
    """The lemmas a sentence may say the question's predicate with: itself, the verbs of its classes,
    its agent nouns."""
    if q.predicate is None:
        return set()
    if q.event_noun:
        return {q.event_noun}
    if q.office:
        return {q.predicate}
    classes = asked_classes(q.predicate)
    out = {q.predicate} | {w for w, c in verb_classes().items() if c & classes}
    if q.role == "agent" and "LEADER_OF" in classes:
        out.add("under")  # "the column under X"
    return out | (agent_nouns(q.predicate) if q.role == "agent" else set())


@dataclass
class Parsed:
    role: str | None  # agent, patient, recipient, time, place, reason, number, holder, None
    predicate: str | None  # the lemma asked about
    office: bool = False  # the predicate is an office noun ("who was the bey of the Mani")
    noun: str | None = None  # "which fortress": fortress; "how many ships": ship
    given: list[str] = field(default_factory=list)  # the lemmas of what the question gives
    yes_no: bool = False
    subject: set[str] = field(default_factory=set)  # the lemmas of the subject it gives (role not agent)
    object: set[str] = field(default_factory=set)  # the lemmas of the object it gives (role not patient)
    preps: dict[str, set[str]] = field(default_factory=dict)  # "to the army": {"to": {"army"}}
    event_noun: str | None = None  # "When was the meeting held?": meeting
    prep: str | None = None  # the preposition of an oblique wh-phrase: "with which document": with


DO_SUPPORT = re.compile(r"^(?P<wh>.*?\b(?:who|whom|whose|what|which|when|where|why|how)\b.*?)\s+(?:did|does|do)\s+"
                        r"(?P<rest>.+?)\s*\??$", re.I)


AUX_INVERSION = re.compile(r"^(?P<wh>(?:in|at|on|from|to|with|by|for|under|during)\s+(?:which|what|whose)\b.*?|"
                           r"(?:when|where|why)\b.*?)\s+(?P<aux>was|were|is|are|had|has)\s+(?P<rest>.+?)\s*\??$",
                           re.I)


def parse_question(text: str) -> Parsed:
    m = DO_SUPPORT.match(text.strip())
    if m:
        return _parse_do_support(m.group("wh"), m.group("rest"))
    out = _parse_plain(text)
    m = AUX_INVERSION.match(text.strip())
    be = m is not None and m.group("aux").casefold() in {"was", "were", "is", "are"}
    prepositional = m is not None and m.group("wh").split()[0].casefold() not in {"when", "where", "why"}
    if (out.predicate is None or out.role is None or be and prepositional) and not out.yes_no and m:
        # "In which house were the prisoners held?": the parser may take the wh-phrase for the subject;
        # the rest, which ends with the participle ("the prisoners held"), read as a statement gives the
        # predicate, the wh-phrase the role; after "was" or "were" it is passive: the subject is the object
        last = [t for t in doc_of(m.group("rest")) if not t.is_punct][-1:]
        if last and last[0].tag_ in {"VBN", "VBD"}:
            again = _parse_do_support(m.group("wh"), m.group("rest"))
            if again.predicate is not None:
                if be:
                    again.object, again.subject = again.object | again.subject, set()
                return again
    return out


def _parse_do_support(wh_part: str, rest: str) -> Parsed:
    """ "Which fortress did X surrender to Y?": the rest ("X surrender to Y") parsed as a statement gives
    the predicate and what is given; the wh-phrase before "did" gives the role."""
    words = wh_part.casefold().split()
    asks_noun = words[-1] not in {"who", "whom", "what", "which", "when", "where", "why", "how"} and len(words) > 1
    parse_many([rest + ".", wh_part] if asks_noun else [rest + "."])  # one batch: the parser's cost is per batch
    doc = doc_of(rest + ".")
    root = next((t for t in doc if t.dep_ == "ROOT"), doc[0])
    if root.pos_ != "VERB":
        # the base form after "did" read as a noun ("did the garrison surrender"): a word that English
        # uses as a verb, put after a modal ("the garrison would surrender") so that the parser reads it so
        # the verb follows its subject: the first such word right after a noun or a pronoun
        verb = next((t for t in doc if t.i > 0 and (t.lower_ in known_verbs() or t.tag_ == "VB")
                     and t.pos_ in {"NOUN", "VERB"} and doc[t.i - 1].pos_ in {"NOUN", "PROPN", "PRON"}), None)
        if verb is not None:
            doc = doc_of(f"{doc[:verb.i].text} would {doc[verb.i:].text}")
            root = doc[verb.i + 1]
    noun = None
    if asks_noun:
        noun = doc_of(wh_part)[-1].lemma_.casefold()
    first, wh = words[0], next(w for w in words if w in {"who", "whom", "whose", "what", "which", "when", "where",
                                                          "why", "how"})
    if wh == "when" or noun in {"year", "date", "day", "month"}:
        role = "time"
    elif wh == "where":
        role = "place"
    elif wh == "why":
        role = "reason"
    elif wh == "how" and len(words) > 1 and words[1] in {"many", "much"}:
        role = "number"
    elif wh == "how":
        role = None
    elif first in PLACE_PREPS - {"to"} and first != wh:
        role = "place"
    elif first in {"to", "for"} and first != wh:
        role = "recipient"
    elif first == "by" and first != wh:
        role = "agent"
    elif first != wh and first not in {"whose"}:
        role = "oblique"
    else:
        role = "patient"
    predicate = root.lemma_.casefold()
    if predicate in LIGHT_VERBS:
        predicate = None
    out = Parsed(role, predicate, False, noun, _given(doc, {root.i}, root))
    if role == "oblique" and first.isalpha():
        out.prep = first  # "With which document ...": with
    _arguments(out, root, set())
    _event_noun(out, root)
    _held_act(out, root)
    return out


def _parse_plain(text: str) -> Parsed:
    doc = doc_of(text)
    wh = next((t for t in doc if t.tag_ in WH_TAGS), None)
    if wh is None:
        root = next((t for t in doc if t.dep_ == "ROOT"), None)
        return Parsed(None, root.lemma_.casefold() if root is not None else None, yes_no=True,
                      given=_given(doc, set(), root))
    low = wh.lower_
    phrase = wh
    noun = None
    if wh.dep_ in {"det", "attr"} and wh.head.pos_ in {"NOUN", "PROPN"} and wh.head.i > wh.i:
        phrase = wh.head  # "which fortress"
        noun = phrase.lemma_.casefold()
    elif low == "how" and wh.head.lower_ in {"many", "much"}:
        counted = wh.head.head
        noun = counted.lemma_.casefold() if counted.pos_ in {"NOUN", "PROPN"} else None
        phrase = counted if noun else wh.head
    elif low == "whose" and wh.head.pos_ in {"NOUN", "PROPN"}:
        phrase = wh.head
    # the clause the wh-phrase belongs to
    head = phrase.head if phrase.dep_ != "ROOT" else phrase
    if phrase.dep_ == "pobj":
        head = phrase.head.head  # "to whom did X pass": the verb of the preposition
    while head.pos_ == "AUX" and head.dep_ != "ROOT":
        head = head.head
    skip = {t.i for t in phrase.subtree} | {wh.i}
    role: str | None = None
    predicate = head.lemma_.casefold()
    office = False
    if low == "when" or noun in {"year", "date", "day", "month"}:
        role = "time"
    elif low == "where":
        role = "place"
    elif low == "why":
        role = "reason"
    elif low == "how" and (wh.head.lower_ in {"many", "much"}):
        role = "number"
    elif low == "how":
        role = None
    else:
        dep = phrase.dep_
        if predicate in COPULAS and low in {"who", "what"} and dep in {"nsubj", "attr"}:
            # "Who was the bey of the Mani?": the office noun is the predicate, the answer holds it
            attr = next((c for c in head.children if c.dep_ in {"attr", "nsubj"} and c.i not in skip
                         and c.pos_ in {"NOUN", "PROPN"}), None)
            if attr is not None and attr.pos_ == "NOUN":
                predicate, role, office = attr.lemma_.casefold(), "holder", True
                skip.add(attr.i)
        elif dep in {"nsubj", "csubj"}:
            role = "agent"
        elif dep == "nsubjpass":
            # "Who was given command of X?": the passive of a verb that keeps its object asks for
            # whom it was given to ("command of X was given to Y")
            kept = any(c.dep_ in {"dobj", "dative"} for c in head.children)
            role = "recipient" if kept else "patient"
        elif dep in {"dobj", "oprd"}:
            role = "patient"
        elif dep == "pobj":
            prep = phrase.head.lower_
            role = "agent" if prep == "by" else "recipient" if prep in {"to", "for"} else \
                "place" if prep in PLACE_PREPS | {"into"} and noun not in {"year", "date", "day"} else "oblique"
        elif dep == "poss":  # "whose army tried": the owner of the subject
            role = "owner"
        elif dep == "attr":
            role = "patient"
        if role in {"patient", "agent"} and head.lemma_ in COPULAS:
            role = None
    if predicate in LIGHT_VERBS and not office:
        predicate = None
    given = _given(doc, skip | {head.i}, head)
    out = Parsed(role, predicate, office, noun, given)
    if not office:
        _arguments(out, head, skip)
        _event_noun(out, head)
        _held_act(out, head)
    return out


HOLDING = {"hold", "have", "take", "assume", "exercise", "retain"}  # "held command of X": commanded X


def _held_act(out: Parsed, verb: Any) -> None:
    """ "Who held command of the army?" asks who commanded it: the act the held noun names is the
    predicate, and what its "of" phrase names is the object."""
    if out.role != "agent" or verb.lemma_.casefold() not in HOLDING:
        return
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
    if obj is None or obj.lemma_.casefold() not in verb_classes():
        return
    out.predicate = obj.lemma_.casefold()
    of = next((x for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for x in c.children
               if x.dep_ == "pobj"), None)
    out.object = noun_phrase(of) if of is not None else set()


HAPPENING = {"hold", "happen", "occur"}  # verbs that only say an event took place: "the meeting was held"


def _event_noun(out: Parsed, verb: Any) -> None:
    """ "When was the meeting held?", "When did the incident take place?": the time asked is that of the
    event the noun names, wherever the text says it (the noun is the predicate)."""
    lemma = verb.lemma_.casefold()
    light = lemma in HAPPENING or lemma == "take" and any(c.lower_ == "place" and c.dep_ == "dobj"
                                                          for c in verb.children)
    if out.role != "time" or not light:
        return
    # its subject; the parser may hang it on the auxiliary ("When was the council ... held?")
    subj = next((t for t in verb.doc if t.dep_ in {"nsubj", "nsubjpass"} and t.pos_ == "NOUN"
                 and (t.head.i == verb.i or t.head.pos_ == "AUX" or t.head.i == verb.head.i)), None)
    if subj is not None:
        out.event_noun = subj.lemma_.casefold()
        out.object = noun_phrase(subj)
        out.subject = set()


def _lemmas(tokens: Any) -> set[str]:
    """Content lemmas; a name also as written ("Calles", whose lemma the lemmatizer makes "calle")."""
    return {w for t in tokens if t.pos_ in {"NOUN", "PROPN", "ADJ", "NUM"} and not t.is_stop
            for w in ((t.lemma_.casefold(), t.lower_) if t.pos_ == "PROPN" or t.text[:1].isupper()
                      else (t.lemma_.casefold(),))}


def _arguments(out: Parsed, verb: Any, skip: set[int]) -> None:
    """The subject and the object the question gives to its predicate (those it does not ask for)."""
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children) or \
        verb.tag_ == "VBN" and any(c.lemma_ == "be" and c.dep_ in {"aux", "auxpass"} for c in verb.children)
    for c in verb.children:
        if c.i in skip:
            continue
        if c.dep_ == "nsubj" and not passive:
            if out.role != "agent":
                out.subject |= noun_phrase(c)
        elif c.dep_ == "agent":
            obj = next((x for x in c.children if x.dep_ == "pobj"), None)
            if obj is not None and out.role != "agent":
                out.subject |= noun_phrase(obj)
        elif c.dep_ in {"dobj", "nsubjpass"} or (c.dep_ == "nsubj" and passive):
            if out.role != "patient":
                out.object |= noun_phrase(c)
        elif c.dep_ in {"prep", "dative"} and c.lower_ in {"to", "from", "against", "with", "into"}:
            obj = next((x for x in c.children if x.dep_ == "pobj"), None)
            if obj is not None and obj.i not in skip:
                out.preps.setdefault(c.lower_, set()).update(noun_phrase(obj))


NP_DEPS = {"compound", "amod", "nmod", "poss", "nummod", "flat", "conj"}  # "women and children": both


def noun_phrase(tok: Any) -> set[str]:
    """The content lemmas of a token's own noun phrase: its modifiers and its "of" phrase, not the
    clauses, appositions and other prepositions attached to it."""
    keep = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in NP_DEPS:
                keep.append(c)
                stack.append(c)
            elif c.dep_ == "prep" and c.lower_ == "of":
                for x in c.children:
                    if x.dep_ == "pobj":
                        keep.append(x)
                        stack.append(x)
    return _lemmas(keep)


def _given(doc: Any, skip: set[int], head: Any) -> list[str]:
    out = []
    for t in doc:
        if t.i in skip or t.pos_ not in CONTENT_POS or t.is_stop or t.lemma_.casefold() in LIGHT_VERBS:
            continue
        if t.like_num or t.lower_ in MONTHS:
            continue
        out.append(t.lemma_.casefold())
    return out


@dataclass
class Found:
    text: str
    start: int  # offset in the sentence
    end: int
    entity: int | None
    match: float  # how far the clause's predicate matches the question's
    clause: set[int]  # token indexes of the clause
    subject: set[str] | None = None  # the lemmas of the clause's own subject (agent), None if it has none
    object: set[str] | None = None  # the lemmas of the clause's own object (patient)
    preps: dict[str, set[str]] = field(default_factory=dict)  # its "to X", "from X", "against X"


def _mention_at(fact: dict[str, Any], start: int, end: int) -> dict[str, Any] | None:
    base = fact["start"]
    best = None
    for m in fact["mentions"]:
        s, e = m["start"] - base, m["end"] - base
        if s < end and e > start and (best is None or (e - s) > (best["end"] - best["start"])):
            best = m
    return best


def _name_span(tok: Any) -> tuple[int, int]:
    """The words of a name or noun phrase headed by tok: its compounds, flat names, amods, 'of' names."""
    keep = {tok.i}
    for c in tok.children:
        if c.dep_ in {"compound", "amod", "nummod", "nmod", "flat"} and c.i < tok.i or \
                c.dep_ in {"compound", "flat"}:
            keep |= {x.i for x in c.subtree}
        if c.dep_ == "prep" and c.lower_ == "of" and c.i > tok.i:
            obj = next((x for x in c.children if x.dep_ == "pobj"), None)
            if obj is not None and (tok.pos_ == "PROPN" or obj.pos_ == "PROPN"):
                keep |= {x.i for x in c.subtree if x.dep_ not in {"appos", "relcl", "punct", "acl"}}
    lo, hi = min(keep), max(keep)
    doc = tok.doc
    while hi + 1 < len(doc) and doc[hi + 1].pos_ == "PROPN" and doc[hi + 1].head.i in range(lo, hi + 2):
        hi += 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


PRONOUNS = {"he", "she", "they", "it", "him", "her", "them", "who", "which", "that", "whom"}


def _filler(fact: dict[str, Any], tok: Any) -> tuple[str, int, int, int | None] | None:
    """The answer a token stands for: the stored mention at it, else the phrase it heads."""
    if tok.lower_ in {"who", "which", "that"} and tok.head.dep_ == "relcl":
        tok = tok.head.head  # "X, who negotiated": X
    if tok.lower_ in OBJECT_PRONOUNS and tok.dep_ in {"dobj", "dative", "nsubj", "pobj"}:
        # "X refused ..., and he issued a decree which named him governor": an object pronoun is not the subject
        # of its own clause but of a clause above it (the subject, not the object, of that clause)
        tok = _subject_above(tok) or tok
        if tok.lower_ in {"him", "her"}:  # "Y elected X its president, and the congress made him ...": the person
            m = _person_before(fact, tok)  # named last before it outside its own clause's subject
            if m is not None:
                return m["name"], m["start"] - fact["start"], m["end"] - fact["start"], m["entity"]
    if tok.lower_ in {"he", "she", "they"} and tok.dep_ == "nsubj":
        # "X refused ..., and he proclaimed ...": the subject of the clause it is joined to
        v = tok.head
        while v.dep_ == "conj" and v.head.pos_ in {"VERB", "AUX"}:
            v = v.head
            first = next((c for c in v.children if c.dep_ == "nsubj"), None)
            if first is not None and first.pos_ == "PROPN":
                tok = first
                break
    if tok.pos_ == "NOUN":
        # "the aged emperor, X", "others, such as X", "one of the survivors, the captain X": the name
        named = _named_for(tok)
        if named is not None:
            tok = named
        else:  # "the novel X", "the ship X": the name that follows its kind
            end = tok.idx + len(tok.text)
            m = next((m for m in fact["mentions"] if 0 < m["start"] - fact["start"] - end <= 1), None)
            if m is not None:
                return m["name"], m["start"] - fact["start"], m["end"] - fact["start"], m["entity"]
    start, end = _name_span(tok)
    m = _mention_at(fact, tok.idx, tok.idx + len(tok.text))
    if m is not None:
        return m["name"], m["start"] - fact["start"], m["end"] - fact["start"], m["entity"]
    if tok.lower_ in PRONOUNS or tok.pos_ == "PRON":
        return None
    text = fact["text"][start:end]
    text = re.sub(r"^(?:the|a|an|his|her|its|their)\s+", "", text, flags=re.I)
    return text, start, end, None


OBJECT_PRONOUNS = {"him": "he", "her": "she", "them": "they"}


def _subject_above(tok: Any) -> Any | None:
    """The subject an object pronoun stands for: that of the nearest clause above the pronoun's own, when it is a
    name or the same pronoun in the subject's case ("he ... named him")."""
    node = _governor(tok)
    for _ in range(8):
        if node.head.i == node.i:  # the root
            return None
        node = node.head
        if node.pos_ not in {"VERB", "AUX"}:
            continue
        subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        if subj.pos_ == "PROPN" or subj.lower_ == OBJECT_PRONOUNS[tok.lower_]:
            return subj
        return None
    return None


def _person_before(fact: dict[str, Any], tok: Any) -> dict[str, Any] | None:
    """The last person the sentence names before the pronoun ``tok``, not in the subject of its own clause."""
    subj = _subject(_governor(tok))
    inside = {x.idx for x in subj.subtree} if subj is not None else set()
    base = fact["start"]
    before = [m for m in fact["mentions"] if m.get("type") == "PERSON" and m["end"] - base <= tok.idx and
              m["start"] - base not in inside]
    return max(before, key=lambda m: m["start"]) if before else None


def _named_for(tok: Any) -> Any | None:
    """The name a common noun stands for in its own phrase: its apposition, its "such as" example, the
    name it is a title of ("her son X"), or that of its "of" phrase's apposition."""
    for c in tok.children:
        if c.dep_ == "acl" and c.lemma_.casefold() in {"call", "name", "know", "style", "dub"}:
            # "a house called X", "a fortress named X", "a league known as X"
            for x in c.children:
                if x.dep_ in {"oprd", "attr", "dobj"} and x.pos_ == "PROPN":
                    return x
                if x.dep_ == "prep" and x.lower_ == "as":
                    named = next((y for y in x.children if y.dep_ == "pobj" and y.pos_ == "PROPN"), None)
                    if named is not None:
                        return named
        if c.dep_ == "appos":
            if c.pos_ == "PROPN":
                return c
            inner = _named_for(c) if c.pos_ == "NOUN" else None
            if inner is not None:
                return inner
        if c.dep_ == "prep" and c.lower_ == "as" and any(x.lower_ == "such" for x in c.children):
            obj = next((x for x in c.children if x.dep_ == "pobj" and x.pos_ == "PROPN"), None)
            if obj is not None:
                return obj
        if c.dep_ == "prep" and c.lower_ == "of" and tok.lower_ in {"one", "some", "two", "three"}:
            obj = next((x for x in c.children if x.dep_ == "pobj"), None)
            if obj is not None:
                inner = _named_for(obj)
                if inner is not None:
                    return inner
    return None


def _conjoined(tok: Any) -> list[Any]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in {"PROPN", "NOUN"}:
            out += _conjoined(c)
    return out


def _subject(verb: Any) -> Any | None:
    v = verb
    for _ in range(4):
        s = next((c for c in v.children if c.dep_ in {"nsubj"}), None)
        if s is not None and s.lower_ in {"who", "which", "that"} and v.dep_ == "relcl":
            return v.head  # "the army, which then occupied X": the army
        if s is not None:
            return s
        if v.dep_ == "relcl" and v.head.pos_ in {"NOUN", "PROPN"}:
            return v.head
        if v.dep_ in {"conj", "xcomp", "advcl"} and v.head.pos_ in {"VERB", "AUX"}:
            v = v.head
            continue
        return None
    return None


def _clause(verb: Any) -> set[int]:
    """The tokens of the verb's own clause: its subtree less the clauses embedded in it."""
    out = {verb.i}
    stack = [c for c in verb.children]
    while stack:
        t = stack.pop()
        if t.dep_ in CLAUSE_DEPS and t.pos_ in {"VERB", "AUX"}:
            continue
        out.add(t.i)
        stack.extend(t.children)
    subj = _subject(verb)
    if subj is not None:
        out |= {t.i for t in subj.subtree}
    if verb.dep_ in {"acl", "relcl"}:  # "the squadron, commanded by X": the squadron is of the clause
        inner = {t.i for t in verb.subtree}
        out |= {t.i for t in verb.head.subtree if t.i not in inner}
    return out


def clause_answers(q: Parsed, fact: dict[str, Any]) -> list[Found]:
    """The arguments in the asked role of the sentence's clauses whose predicate matches the question's."""
    if q.predicate is None or q.role is None:
        return []
    doc = doc_of(fact["text"])
    out: list[Found] = []
    for tok in doc:
        lemma = tok.lemma_.casefold()
        if q.event_noun:
            if lemma == q.event_noun and tok.pos_ == "NOUN":
                out += _event_noun_times(q, fact, tok)
            continue
        if q.office:
            if lemma != q.predicate or tok.pos_ not in {"NOUN", "PROPN"}:
                continue
            for holder in _holders(tok):
                f = _filler(fact, holder)
                if f:
                    out.append(Found(*f, 1.0, {x.i for x in tok.subtree} | {holder.i}))
            continue
        if q.role == "agent" and tok.pos_ == "NOUN" and lemma in agent_nouns(q.predicate):
            # "who commanded X": "Y, the commander of X"; "who succeeded X": "his successor, Y"
            for holder in _holders(tok):
                f = _filler(fact, holder)
                if f:
                    out.append(Found(*f, 0.9, {x.i for x in tok.subtree} | {holder.i}))
            continue
        if q.role == "agent" and tok.lower_ == "under" and tok.dep_ == "prep" and \
                "LEADER_OF" in verb_classes().get(q.predicate, set()):
            # "the squadrons, under Admiral X, entered ...", "the front under Marshal X": X led them
            led = tok.head if tok.head.pos_ in {"NOUN", "PROPN"} else _subject(tok.head)
            for x in tok.children:
                if x.dep_ == "pobj" and x.pos_ == "PROPN" and led is not None:
                    f = _filler(fact, x)
                    if f:
                        out.append(Found(*f, 0.85, {t.i for t in led.subtree}, None,
                                         noun_phrase(led) | _mentioned(fact, led)))
            continue
        if tok.dep_ == "poss" and q.role in {"agent", "patient"} and \
                verb_classes().get(q.predicate, set()) & POSSESSOR_CLASSES:
            out += _possessor(q, fact, tok)
            continue
        match = same_predicate(q.predicate, lemma)
        if not match and tok.pos_ == "NOUN" and q.role == "agent" and nominal_of(lemma, q.predicate):
            match = 0.9  # "with the encouragement of X" says that X encouraged
        if not match or tok.pos_ not in {"VERB", "NOUN"}:
            continue
        if tok.pos_ == "NOUN":
            out += _noun_predicate(q, fact, tok, match)
            continue
        clause = _clause(tok)
        dates = [(t["start"] - fact["start"], t["end"] - fact["start"]) for t in fact.get("timexes", [])]
        own = {}
        for role in ("agent", "patient"):
            toks = [] if role == q.role else _role_tokens(Parsed(role, q.predicate), tok, fact)
            own[role] = set().union(*(noun_phrase(x) | _mentioned(fact, x) for x in toks)) if toks else None
        preps: dict[str, set[str]] = {}
        for c in tok.children:
            if c.dep_ in {"prep", "dative"} and c.lower_ in {"to", "from", "against", "with", "into"}:
                for x in c.children:
                    if x.dep_ == "pobj":
                        preps.setdefault(c.lower_, set()).update(noun_phrase(x) | _mentioned(fact, x))
        for arg in _role_tokens(q, tok, fact):
            if isinstance(arg, tuple):
                out.append(Found(arg[0], arg[1], arg[2], None, match, clause, own["agent"], own["patient"], preps))
                continue
            if any(s <= arg.idx < e for s, e in dates):
                continue  # a date is no agent, object or place
            f = _filler(fact, arg)
            if f:
                out.append(Found(*f, match, clause, own["agent"], own["patient"], preps))
    return out


# the classes of verbs whose agent English gives as the possessor of what they make or lead: "X's book"
# is the book X wrote, "X, whose army ..." the army X led
POSSESSOR_CLASSES = {"PUBLICATION", "LEADER_OF"}


def _possessor(q: Parsed, fact: dict[str, Any], poss: Any) -> list[Found]:
    """ "Who wrote W?": "X's W", "X, whose W ..."; "Which N did X command?": "X's N Y"."""
    owned = poss.head
    if owned.pos_ not in {"NOUN", "PROPN"}:
        return []
    said = noun_phrase(owned) | _mentioned(fact, owned) | \
        {w for t in owned.subtree if t.pos_ not in {"VERB", "AUX"} for w in (t.lemma_.casefold(), t.lower_)}
    after = owned.idx + len(owned.text)  # "his pamphlet The X": the name that follows its kind
    named = next((m for m in fact["mentions"] if 0 < m["start"] - fact["start"] - after <= 1), None)
    if named is not None:
        said |= {w.casefold() for w in re.findall(r"\w+", named["name"])}
    owner = poss
    if poss.lower_ == "whose":  # "X, whose W ...": X
        verb = owned.head
        while verb.dep_ not in {"relcl", "ROOT"} and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ != "relcl":
            return []
        owner = verb.head
    clause = {t.i for t in owned.subtree} | {owner.i}
    if q.role == "agent":
        given = q.object or set(q.given)
        if not given or not given <= said or owner.pos_ != "PROPN":  # all that names the work, no other
            return []
        f = _filler(fact, owner)
        return [Found(*f, 0.8, clause)] if f else []
    if not q.subject or not (noun_phrase(owner) | _mentioned(fact, owner)) & q.subject:
        return []
    if q.noun and q.noun not in {owned.lemma_.casefold(), owned.lower_}:
        return []
    f = _filler(fact, owned)
    return [Found(*f, 0.8, clause)] if f else []


def _other_arguments(verb: Any, tok: Any) -> set[int]:
    """The tokens of the verb's agent, object or attribute phrases that do not hold tok: what is said of
    another thing than tok ("followed by a congress later that month")."""
    if verb.lemma_.casefold() in {"follow", "precede"}:
        # "X was followed by Y later that month": the date is that of Y, the event told after
        return {t.i for t in verb.doc if t.i not in {x.i for x in tok.subtree}}
    return {t.i for c in verb.children if c.dep_ in {"agent", "dobj", "attr"} and tok.i not in
            {x.i for x in c.subtree} for t in c.subtree}


def _event_noun_times(q: Parsed, fact: dict[str, Any], noun: Any) -> list[Found]:
    """The dates of the clause whose argument is the event noun ("On 5 May a meeting of the guilds
    heard ..."), not those of another argument's phrase ("followed by a congress later that month"), nor
    of a noun that points back to an event told before ("This incident ...")."""
    if any(c.dep_ == "det" and c.lower_ in {"this", "that", "these", "those", "such"} for c in noun.children):
        return []
    verb = noun
    while verb.pos_ not in {"VERB", "AUX"} and verb.dep_ != "ROOT":
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return []
    other = _other_arguments(verb, noun)
    said = noun_phrase(noun) | _mentioned(fact, noun)
    out = []
    for start, end in [(x[1], x[2]) for x in _role_tokens(replace(q, role="time"), verb, fact)]:
        toks = [t for t in verb.doc if start <= t.idx < end]
        if toks and not any(t.i in other for t in toks):
            out.append(Found("\0timex", start, end, None, 1.0, _clause(verb), None, said))
    return out


def _mentioned(fact: dict[str, Any], tok: Any) -> set[str]:
    """The words of the stored name at a token (what "he" or an alias stands for)."""
    m = _mention_at(fact, tok.idx, tok.idx + len(tok.text))
    return {w.casefold() for w in re.findall(r"\w+", m["name"])} if m else set()


def aligned(q: Parsed, found: Found, named: set[str]) -> float:
    """How far the clause's own subject and object are those the question gives: 1 where they agree or
    the clause leaves them out, down to 0.25 where the clause's subject or object is something else."""
    score = 1.0
    pairs = [(q.subject, found.subject), (q.object, found.object)]
    pairs += [(words, found.preps.get(prep)) for prep, words in q.preps.items()]
    for asked, said in pairs:
        if not asked or not said:
            continue  # the clause does not name it ("he", left out): nothing to disagree
        common = len(asked & said)
        if said - asked and asked - said:
            score *= 0.1  # each says what the other does not: another army, another fleet
            continue
        share = max(common / len(asked), 0.75) if common else 0.0  # "the letter" of "the letter of invitation"
        score *= 0.25 + 0.75 * share
    return score


def _noun_predicate(q: Parsed, fact: dict[str, Any], tok: Any, match: float) -> list[Found]:
    """ "under the command of X" for "who commanded": the 'of' of the noun is its agent."""
    if q.role != "agent":
        return []
    out = []
    # "under the command of X", "with the encouragement of X", "at the request of X": X acts; "given
    # command of X", "the defence of X": X is what is acted on
    acting = tok.dep_ == "pobj" and tok.head.lower_ in {"under", "with", "by", "at", "on", "upon"}
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of" and acting:
            obj = next((x for x in c.children if x.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ == "NOUN":
                obj = _named_for(obj)  # "of the general X": X
            if obj is not None and obj.pos_ == "PROPN":
                f = _filler(fact, obj)
                if f:
                    out.append(Found(*f, match * 0.9, {x.i for x in tok.head.subtree}))
        if c.dep_ == "poss" and c.pos_ == "PROPN":
            f = _filler(fact, c)
            if f:
                out.append(Found(*f, match * 0.9, {x.i for x in tok.head.subtree}))
    return out


def _holders(office: Any) -> list[Any]:
    """Who holds the office a noun names in the sentence."""
    out = []
    if office.dep_ == "appos" and office.head.pos_ == "PROPN":
        out.append(office.head)  # "X, the bey of Y"
    for c in office.children:
        if c.dep_ == "appos" and c.pos_ == "PROPN":
            out.append(c)  # "the bey of Y, X"
        if c.dep_ == "prep" and c.lower_ in {"as", "of"}:  # "his successor as first secretary, X"
            out += [y for x in c.children if x.dep_ == "pobj" for y in x.children
                    if y.dep_ == "appos" and y.pos_ == "PROPN"]
    if office.dep_ == "nsubj" and office.head.lemma_ == "be":  # "its capital was X"
        out += [c for c in office.head.children if c.dep_ in {"attr", "acomp"} and c.pos_ == "PROPN"]
    if office.dep_ in {"attr", "oprd"}:
        subj = _subject(office.head)
        if subj is not None:
            out.append(subj)  # "X was the bey of Y"
    if office.dep_ == "compound" and office.head.pos_ == "PROPN":
        out.append(office.head)  # "Bey X"
    if office.dep_ == "pobj" and office.head.lower_ == "as" and office.head.head.pos_ == "VERB":
        v = office.head.head  # "X served as bey", "they chose X as bey"
        obj = next((c for c in v.children if c.dep_ == "dobj"), None)
        out.append(obj if obj is not None else _subject(v))
    return [t for t in out if t is not None]


def _role_tokens(q: Parsed, verb: Any, fact: dict[str, Any]) -> list[Any]:
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children) or \
        (verb.tag_ == "VBN" and (verb.dep_ == "acl" or any(c.dep_ == "agent" for c in verb.children)))
    kids = list(verb.children)
    if q.role == "agent":
        if passive:
            by = [x for c in kids if c.dep_ == "agent" for x in c.children if x.dep_ == "pobj"]
            return [t for b in by for t in _conjoined(b)]
        s = _subject(verb)
        return _conjoined(s) if s is not None else []
    if q.role == "patient":
        if passive:
            s = next((c for c in kids if c.dep_ == "nsubjpass"), None)
            if s is None and verb.dep_ == "acl":
                s = verb.head
            return _conjoined(s) if s is not None else []
        objs = [c for c in kids if c.dep_ in {"dobj", "attr", "oprd", "ccomp"} and
                (c.pos_ in {"NOUN", "PROPN"} or c.lower_ in OBJECT_PRONOUNS and c.dep_ == "dobj")]
        if any(c.dep_ == "dobj" for c in objs):
            objs = [c for c in objs if c.dep_ != "oprd"]  # "named him governor": him, not what he was named
        return [t for o in objs for t in _conjoined(o)]
    if q.role == "recipient":
        out = [x for c in kids if c.dep_ in {"prep", "dative"} and c.lower_ in {"to", "for"}
               for x in c.children if x.dep_ == "pobj"]
        out += [c for c in kids if c.dep_ == "dative" and c.pos_ in {"PROPN", "NOUN"}]
        out += [x for c in kids if c.dep_ == "prep" and c.lower_ == "as" for x in c.children if x.dep_ == "pobj"]
        return out
    if q.role == "place":
        out = [x for c in kids if c.dep_ == "prep" and c.lower_ in PLACE_PREPS
               for x in c.children if x.dep_ == "pobj" and x.pos_ in {"PROPN", "NOUN"}
               and (x.pos_ == "PROPN" or any(y.pos_ == "PROPN" for y in x.subtree))]
        # "at the German headquarters in X", "in a last stand at X": the place named inside the place
        inner = {x.i: [y for c in x.children if c.dep_ == "prep" and c.lower_ in {"in", "at", "near", "on"}
                       for y in c.children if y.dep_ == "pobj" and y.pos_ == "PROPN"] for x in out}
        return [x for x in out if x.pos_ == "PROPN" or not inner[x.i]] + [y for x in out for y in inner[x.i]]
    if q.role == "owner":
        s = _subject(verb)
        return [c for c in s.children if c.dep_ in {"poss", "nmod"}] if s is not None else []
    if q.role == "oblique":
        if q.prep:
            # the phrase of the question's preposition, on the verb or, where the parser hangs it there,
            # on the verb's object ("announced its existence with X")
            objs = [c for c in kids if c.dep_ == "dobj"]
            return [x for h in [verb, *objs] for c in h.children if c.dep_ == "prep" and c.lower_ == q.prep
                    for x in c.children if x.dep_ == "pobj"]
        return [x for c in kids if c.dep_ == "prep" for x in c.children if x.dep_ == "pobj"]
    if q.role == "reason":
        out = []
        for c in kids:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in REASON_MARKS for m in c.children):
                out.append(_span_of(fact, c))
            elif c.dep_ in {"advcl", "xcomp"} and any(m.dep_ == "aux" and m.lower_ == "to" for m in c.children) \
                    and c.i > verb.i:
                out.append(_span_of(fact, c))
            elif c.dep_ == "prep" and c.lower_ in {"because", "in"}:
                pobj = next((x for x in c.subtree if x.dep_ == "pobj"), None)
                if c.lower_ == "because" or pobj is not None and pobj.lemma_ in {"protest", "response", "retaliation",
                                                                                 "revenge", "support"}:
                    out.append(_span_of(fact, c))
        return out
    if q.role == "number":
        out = []
        for t in doc_tokens(verb):
            if t.like_num and t.dep_ in {"nummod", "quantmod"} and (q.noun is None or t.head.lemma_ == q.noun):
                # the whole number: "several hundred thousand", "about 2,000", "over 40"
                parts = [x for x in t.subtree if x.i <= t.i]
                s = parts[0].idx
                out.append((verb.doc.text[s:t.idx + len(t.text)], s, t.idx + len(t.text)))
        return out
    if q.role == "time":
        clause = _clause(verb)
        out = []
        for tx in fact.get("timexes", []):
            s, e = tx["start"] - fact["start"], tx["end"] - fact["start"]
            toks = [t for t in verb.doc if s <= t.idx < e]
            if not toks or not any(t.i in clause for t in toks) or not tx.get("value") \
                    or tx["value"].startswith("XXXX"):
                continue
            if any(m["start"] - fact["start"] < s and m["end"] - fact["start"] >= e for m in fact["mentions"]):
                continue  # "the Constitution of 1917": a date in a name
            out.append(("\0timex", s, e))
        return out
    return []


def doc_tokens(verb: Any) -> list[Any]:
    return [verb.doc[i] for i in sorted(_clause(verb))]


def _span_of(fact: dict[str, Any], tok: Any) -> tuple[str, int, int]:
    toks = list(tok.subtree)
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    words = fact["text"][s:e].split()
    text = " ".join(words[:12])
    return text, s, e


def given_share(q: Parsed, fact: dict[str, Any], found: Found, named: set[str] | None = None,
                names: set[str] | None = None, before: set[str] | None = None) -> float:
    """The share of the question's given words that the clause (else the sentence, at half weight) says;
    ``before``: the words of the sentence before, that a pronoun of the clause stands for (0.8 each)."""
    if not q.given:
        return 1.0
    doc = doc_of(fact["text"])
    in_clause = {doc[i].lemma_.casefold() for i in found.clause} | {doc[i].lower_ for i in found.clause}
    in_sentence = {t.lemma_.casefold() for t in doc} | {t.lower_ for t in doc}
    got = 0.0
    for g in q.given:
        if names and g in names:  # a name counts where the sentence names the same one, not a namesake
            got += 1.0 if named and g in named else 0.8 if before and g in before else 0.0
            continue
        got += 1.0 if g in in_clause or named and g in named else 0.8 if before and g in before else \
            0.6 if g in in_sentence else 0.0
    return got / len(q.given)


def _governor(tok: Any) -> Any:
    """The verb whose clause a token belongs to (the root where none)."""
    t = tok
    while t.dep_ != "ROOT" and t.pos_ not in {"VERB", "AUX"}:
        t = t.head
    return t


def event_times(fact: dict[str, Any], entities: set[int]) -> list[Found]:
    """ "When was the Battle of X fought?": the dates said in the same clause as a mention of the event
    ("In the Battle of X on 20 October 1827 the fleet was sunk"), or attached to its name."""
    doc = doc_of(fact["text"])
    base = fact["start"]
    out = []
    for m in fact["mentions"]:
        if m["entity"] not in entities:
            continue
        toks = [t for t in doc if m["start"] - base <= t.idx < m["end"] - base]
        if not toks:
            continue
        head = next((t for t in toks if not (m["start"] - base <= t.head.idx < m["end"] - base) or t.head.i == t.i),
                    toks[0])
        for tx in fact.get("timexes", []):
            s, e = tx["start"] - base, tx["end"] - base
            if not tx.get("value") or tx["value"].startswith("XXXX") or m["start"] - base <= s < m["end"] - base:
                continue
            ttoks = [t for t in doc if s <= t.idx < e]
            if not ttoks:
                continue
            if ttoks[0].i in _other_arguments(_governor(head), head):
                continue  # "X was followed by a congress later that month": the congress's date
            if _governor(ttoks[0]) is _governor(head) or any(t.head.i == head.i or t.head.head.i == head.i
                                                             for t in ttoks):
                out.append(Found("\0timex", s, e, None, 0.8, {t.i for t in doc}))
    return out
