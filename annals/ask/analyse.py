"""What a question asks for and which of the store's entities it names (:func:`analyse`).

The wh-word and what it asks for (a person, an organisation, a place, a work, an event, a date at a
precision: "in what year" wants a year, "on what date" a day), the question's names resolved through
the store's names and aliases, its content words and the dates it gives.  A capitalised name that the
store does not know makes the question unanswerable: annals never guesses about things its texts do not
mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from annals import knowledge
from annals.ask.words import _FUNCTION_WORDS, STOP, _lemmas_of, _words, word_lemma, word_lemmas
from annals.dates.timex import recognise
from annals.relations.registry import REGISTRY
from annals.store import Store

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
ANY_TYPE = frozenset({"PERSON", "ORG", "GPE", "LOC", "GROUP", "EVENT", "WORK"})  # a question of no known kind


def relation_verbs() -> dict[str, str]:
    """ "Who led/founded/arrested X?": the verbs a question uses for each relation type, read from the registry
    when a question is answered (a type registered later is asked about like the others)."""
    return {verb: r.name for r in REGISTRY.values() for verb in r.question_verbs}


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
    # the head of the noun phrase after "who was the": "the guild chairman who ..." -> chairman
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
    """True when the store has a name sharing this name's first and last words (stemmed): "Northern
    Kingdom" is a form of "Northern Kingdoms", "Danish Royal Guard" is no form of anything stored."""
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
