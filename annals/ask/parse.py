"""What a question asks, parsed: its predicate, the role of its wh-phrase, and what it gives.

A question is parsed with the pipeline's spaCy model (its tagger, parser and lemmatizer; no home-made
stemmer): its **predicate** (the lemma of its main verb, or the office noun of "who was the X of Y"),
the **role** its wh-phrase holds in that predicate's clause (agent, patient, recipient, time, place,
reason, number, holder of an office) and its **given words** (the lemmas of everything else it says),
with the subject, object and prepositional phrases it gives (:class:`Parsed`, :func:`parse_question`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from annals.ask.verbs import agent_nouns, asked_classes, known_verbs, verb_classes
from annals.ask.words import doc_of, parse_many

WH_TAGS = {"WDT", "WP", "WP$", "WRB"}
LIGHT_VERBS = {"be", "do", "have"}
PLACE_PREPS = {"in", "at", "near", "to", "into", "off", "from", "outside", "inside", "on", "onto", "towards",
               "toward"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "spring", "summer", "autumn", "winter", "fall"}
COPULAS = {"be", "become", "remain"}  # "Who became the X of Y?" asks for who held the office, like "was"
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}


@dataclass
class Parsed:
    role: str | None  # agent, patient, recipient, time, place, reason, number, holder, None
    predicate: str | None  # the lemma asked about
    office: bool = False  # the predicate is an office noun ("who was the doge of Venice")
    noun: str | None = None  # "which fortress": fortress; "how many ships": ship
    given: list[str] = field(default_factory=list)  # the lemmas of what the question gives
    yes_no: bool = False
    subject: set[str] = field(default_factory=set)  # the lemmas of the subject it gives (role not agent)
    object: set[str] = field(default_factory=set)  # the lemmas of the object it gives (role not patient)
    preps: dict[str, set[str]] = field(default_factory=dict)  # "to the army": {"to": {"army"}}
    event_noun: str | None = None  # "When was the meeting held?": meeting
    prep: str | None = None  # the preposition of an oblique wh-phrase: "with which document": with


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


_ADVERBS = {"when": "time", "where": "place", "why": "reason"}


def _adverbial_role(wh: str, noun: str | None, counting: bool) -> tuple[bool, str | None]:
    """What an adverbial wh-word asks for: "when" (or "in which year") the time, "where" the place, "why" the
    reason, "how many" a number, "how" alone no role; ``(False, None)`` for a wh-word that is an argument of
    the verb ("who", "which fortress"), whose role the parse tells."""
    if wh == "when" or noun in {"year", "date", "day", "month"}:
        return True, "time"
    if wh in _ADVERBS:
        return True, _ADVERBS[wh]
    if wh == "how":
        return True, "number" if counting else None
    return False, None


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
    adverbial, role = _adverbial_role(wh, noun, len(words) > 1 and words[1] in {"many", "much"})
    if not adverbial:
        if first in PLACE_PREPS - {"to"} and first != wh:
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
    adverbial, role = _adverbial_role(low, noun, wh.head.lower_ in {"many", "much"})
    if not adverbial:
        dep = phrase.dep_
        if predicate in COPULAS and low in {"who", "what"} and dep in {"nsubj", "attr"}:
            # "Who was the doge of Venice?": the office noun is the predicate, the answer holds it
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
    """Content lemmas; a name also as written (a surname the tagger takes for a plural noun
    loses its "s" in the lemma)."""
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
