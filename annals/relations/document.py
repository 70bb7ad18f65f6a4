"""Relations of a whole document: the candidates of each paragraph, resolved to entities.

The ``annals_relations`` component (:mod:`annals.relations.component`) finds relations as phrases
("the committee", "him", "the government of France").  :func:`link_relations` turns them into
records between entities of the document:

* a phrase is the entity of the mention on its head word, else the entity it names by alias, else the
  entity a definite description points back to ("the committee"), else what it stands for (its owner,
  apposition or parenthesis, its listed members);
* a pronoun is the nearest compatible entity before it (a person for "he", a group, organisation or
  country for "they"), preferring the subjects the component suggested and never the other argument;
* each relation keeps the entity types the registry (:mod:`annals.relations.registry`) allows for it (a place
  for LOCATED_IN, a person or body for LEADER_OF ...), never links an entity to itself, and is recorded
  once per sentence, citing that sentence (also when a pronoun stands for a participant);
* an adjective names the place it is made from when the document names it ("the Spartan king": Sparta);
* the time is the date expression of the relation's clause, when it has one.

An organisation whose name begins with another organisation's name ("Wafd Party Central Committee", "Wafd Party")
is recorded as part of it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from annals import knowledge, pronouns
from annals.model import Document, Entity, Timex
from annals.names.link import COREF_WINDOW, PRONOUN_WINDOW, EntityIndex
from annals.relations import registry as relation_types
from annals.relations.candidates import Arg, RelationCandidate
from annals.relations.lexicon import lexicon

ACTORS = relation_types.ACTORS
TYPES = relation_types.TYPES
PRONOUN_TYPES = pronouns.TYPES
# nouns for the members of an organisation, made from its head noun: legion -> legionnaires,
# mission -> missionaries, union -> unionists, corps -> corpsmen
MEMBER_SUFFIXES = ("naires", "naries", "aries", "ists", "men")
NATIONS = frozenset({"nationality", "ethnic group"})
PLURAL_PRONOUNS = pronouns.PLURAL
POSSESSIVES = pronouns.POSSESSIVE
PLACES_NOT_ACTORS = frozenset({"city", "town", "village", "district", "fortress", "port"})
# titles a definite description may name its holder by ("the king", "the pope"); a monarch's also by a
# regnal number ("the king" after "Charles X")
MONARCH_WORDS = frozenset({"king", "queen", "emperor", "empress", "tsar", "czar", "tsarina", "kaiser", "sultan",
                           "shah", "emir", "khan", "caliph", "pharaoh", "monarch"})
ROLE_WORDS = MONARCH_WORDS | frozenset({"prince", "princess", "duke", "duchess", "archduke", "elector", "regent",
                                        "shogun", "viceroy", "president", "chancellor", "dictator", "patriarch",
                                        "pope"})
STYLE = re.compile(r", (?:the )?([A-Za-z]+) of ")
REGNAL = re.compile(r"\b[IVX]{1,5}(?: of(?: the)? [A-Z][\w-]*(?: [A-Z][\w-]*)*)?$")  # "Y IV", "Y II of Z"
# nouns for a kind of thing, and the (type, subtype) of the entities a definite one may stand for ("the city")
_CITY = {("GPE", "city"), ("GPE", "city-state"), ("GPE", "town")}
_STATE = {("GPE", "country"), ("GPE", "historical state"), ("GPE", "city-state"), ("GPE", "domain"), ("GPE", "state")}
_REGION = {("GPE", "region"), ("LOC", "region"), ("GPE", "province"), ("LOC", "province")}
CLASS_NOUNS: dict[str, set[tuple[str, str | None]]] = {
    "city": _CITY, "town": _CITY, "capital": _CITY, "port": _CITY,
    "country": _STATE, "kingdom": _STATE, "state": _STATE, "realm": _STATE, "empire": _STATE,
    "republic": _STATE, "principality": _STATE, "duchy": _STATE, "domain": _STATE | {("GPE", "domain")},
    "province": _REGION, "region": _REGION, "territory": _REGION,
    "island": {("LOC", "island"), ("GPE", "island")}, "river": {("LOC", "river")},
    "party": {("ORG", "political party")},
}


@cache
def _adjective_groups() -> dict[str, str]:
    """Nationality and allegiance adjectives -> the name of their group ("German" -> "Germans")."""
    out: dict[str, str] = {}
    for entry in knowledge._load("groups.json").get("entries", []):
        if entry.get("adjective"):
            out.setdefault(entry["adjective"].casefold(), entry["name"])
    return out


class _Resolver:
    """Turns the component's phrases into entities of one document."""

    def __init__(self, doc: Document, index: EntityIndex, candidates: list[RelationCandidate] | None = None):
        self.doc = doc
        self.index = index
        # "Y, the emperor of X", "named him First Chief": who the component found holding an office, by the
        # office's last word, in the order of the text
        self.offices: dict[str, list[RelationCandidate]] = {}
        self._in_office_holder = False
        for c in candidates or []:
            if c.pattern.startswith("office:") and c.relation in {"LEADER_OF", "MEMBER_OF"} and \
                    c.subject.kind in {"np", "pronoun"} and not c.subject.definite:
                self.offices.setdefault(c.pattern[7:].split()[-1], []).append(c)
        self.topic = self._topic()
        self.places = [e for e in doc.entities if e.type == "GPE"]
        self.org_heads: dict[str, list[tuple[int, Entity]]] = {}
        for start, _end, ent, _sentence in index.spans:
            if ent.type != "ORG":
                continue
            for form in {ent.name, *ent.aliases}:
                words = re.findall(r"[\w'’-]+", form)
                if len(words) > 1:
                    self.org_heads.setdefault(words[knowledge.head_index(words)].casefold(), []).append((start, ent))

    def _topic(self) -> Entity | None:
        """The entity the document is about: the one named first, in its first sentence."""
        first = min(((m.start, e) for e in self.doc.entities for m in e.mentions if m.sentence == 0),
                    default=None, key=lambda x: x[0])
        return first[1] if first else None

    def _head_words(self, ent: Entity) -> set[str]:
        out = set()
        for form in {ent.name, *ent.aliases}:
            words = re.findall(r"[\w'’-]+", form)
            if words:
                out.add(words[knowledge.head_index(words)].casefold())
        return out

    def description(self, arg: Arg, avoid: tuple[Entity, ...] | list[Entity] = ()) -> Entity | None:
        """A definite description: the recent entity with that head noun ("the committee"), the document's
        topic when it has that head ("the movement" in an article on a movement), or the organisation whose
        members the noun names ("the legionnaires" of a Legion, "the missionaries" of a Mission)."""
        word = self.doc.text[arg.head_start : arg.head_end].casefold()
        ent = self.role_holder(word, arg.start, avoid)
        if ent is not None:
            return ent
        ent = self.office_holder(word, arg.start, avoid)
        if ent is not None:
            return ent
        ent = self.index.describe(arg.text, arg.start)
        if ent is not None and self._modifiers_fit(arg, ent):
            return ent
        ent = self.words_of_name(arg, avoid)
        if ent is not None:
            return ent
        if self.topic is not None and (word in self._head_words(self.topic) or word.endswith("s") and word[:-1]
                                       in self._head_words(self.topic)) and self._modifiers_fit(arg, self.topic):
            return self.topic
        for suffix in MEMBER_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                best = None
                for start, ent in self.org_heads.get(word[: -len(suffix)], []):
                    if start < arg.start:
                        best = ent
                if best is not None:
                    return best
        return None

    def _modifiers_fit(self, arg: Arg, ent: Entity) -> bool:
        """"the French government" is not the "Provisional Government of the Algerian Republic" named before it:
        an adjective of a country or place before the head of a description ("French", "Spartan") must be a
        word of the entity's name or an alias ("Rokossovsky's front" may be any front of his)."""
        before = self.doc.text[arg.start : arg.head_start]
        caps = [w.casefold() for w in re.findall(r"([\w-]+)(?![\w'’-])", before) if w[:1].isupper() and (
            w.casefold() in knowledge.countries_of_adjectives() or self.adjective_place(w) is not None)]
        if not caps:
            return True
        have = {w.casefold() for form in (ent.name, *ent.aliases) for w in re.findall(r"[\w'’-]+", form)}
        return all(w in have for w in caps)

    def words_of_name(self, arg: Arg, avoid: tuple[Entity, ...] | list[Entity] = ()) -> Entity | None:
        """"the exile government" for the "Polish government-in-exile" named before: a description of two or
        more words, each a word of the name (hyphens split), stands for the entity named last before it."""
        words = [w.casefold() for w in re.findall(r"[\w'’]+", arg.text)]
        words = [w for w in words if w not in {"the", "this", "that", "these", "those", "its", "his", "her", "their"}]
        if len(words) < 2:
            return None
        for ent in self.index.named_before(arg.start, COREF_WINDOW):
            if ent in avoid:
                continue
            for form in (ent.name, *ent.aliases):
                have = {w.casefold() for w in re.findall(r"[\w'’]+", form)}
                if all(w in have for w in words):
                    return ent
        return None

    def kind_before(self, word: str, offset: int, avoid: tuple[Entity, ...] | list[Entity] = ()) -> Entity | None:
        """"the city", "the kingdom", "that domain", "the party": a noun for a kind of thing stands for the thing
        of that kind named last before it (within COREF_WINDOW sentences), by the entity's type and subtype; a
        body ("the party") outlives the window: with none nearby, the last one named before."""
        kinds = CLASS_NOUNS.get(word)
        if kinds is None:
            return None
        window = COREF_WINDOW if any(t != "ORG" for t, _ in kinds) else len(self.doc.text)
        for ent in self.index.named_before(offset, window):
            if ent not in avoid and (ent.type, ent.subtype) in kinds:
                return ent
        return None

    def role_holder(self, word: str, offset: int, avoid: tuple[Entity, ...] | list[Entity] = ()) -> Entity | None:
        """ "the king", "the pope", "the prince": the person named last before ``offset`` (within
        COREF_WINDOW sentences) who holds that title: by a title written before the name ("Pope Y"), a
        name that says it ("Y, Prince of Z"), or, for a monarch's title, a regnal number ("Y IV")."""
        if word not in ROLE_WORDS:
            return None
        numbered: list[Entity] = []
        for ent in self.index.named_before(offset, COREF_WINDOW):
            if ent.type != "PERSON" or ent in avoid:
                continue
            if any(t.casefold() == word for t in ent.titles) or \
                    any(word in re.findall(r"[\w-]+", f.casefold()) for f in (ent.name, *ent.aliases)) or \
                    self.styled(ent, word, offset):
                return ent
            if word in MONARCH_WORDS and ent not in numbered and (ent.subtype == "monarch" or any(
                    REGNAL.search(f) for f in (ent.name, *ent.aliases))):
                numbered.append(ent)
        # no one named nearby says the title: of the monarchs named nearby, the one the story has named most
        # so far ("the king" in a story of his reign, after a queen of another land was named last)
        return max(numbered, key=lambda e: (sum(m.start < offset for m in e.mentions), -numbered.index(e)),
                   default=None)

    def office_holder(self, word: str, offset: int, avoid: tuple[Entity, ...] | list[Entity] = ()) -> Entity | None:
        """ "the emperor", "the First Chief": the person the text made or called the holder of that office last
        before ``offset`` ("Y, the Mughal emperor", "named Y First Chief"): for an office that leads (one holder
        at a time) anywhere before, for one of many ("the general") within COREF_WINDOW sentences."""
        here = self.doc.sentence_at(offset)
        for c in reversed(self.offices.get(word, [])):
            if c.trigger_start >= offset:
                continue
            there = self.doc.sentence_at(c.trigger_start)
            if c.relation != "LEADER_OF" and here is not None and there is not None and \
                    there.index < here.index - COREF_WINDOW:
                continue  # one of many ("the general") is the one named lately; the head of a body, anywhere before
            if self._in_office_holder:
                return None
            self._in_office_holder = True
            try:
                ent = next(iter(self.resolve(c.subject, [])), None)
            finally:
                self._in_office_holder = False
            if ent is not None and ent.type == "PERSON" and ent not in avoid:
                return ent
        return None

    def styled(self, ent: Entity, word: str, offset: int) -> bool:
        """ "Y, Prince of Z" or "Y, the king of Z" written after a mention of ``ent`` before ``offset``."""
        text = self.doc.text
        for m in ent.mentions:
            if m.start < offset:
                after = STYLE.match(text, m.end, min(len(text), m.end + 40))
                if after is not None and after.group(1).casefold() == word:
                    return True
        return False

    def entity(self, arg: Arg, avoid: tuple[Entity, ...] | list[Entity] = ()) -> Entity | None:
        """The entity a phrase names by itself (mention, alias or definite description), or None."""
        if arg.kind == "word":  # a bodies' modifier (tier 2: "the Finnish government") names a country,
            #                      a people noun's (tier 4: "Czech soldiers") a people
            return self.word(arg.text, country_first=arg.tier <= 2)
        if arg.kind == "modifier":  # "Bolshevik leader": a party or movement, not a nationality or a country
            ent = self.word(arg.text)
            return ent if ent is not None and ent.type != "GPE" and ent.subtype not in NATIONS else None
        ent = self.index.entity_at(arg.head_start, arg.head_end)
        if ent is not None:
            return ent
        ent = self.index.by_name.get(knowledge.name_key(arg.text))
        if ent is not None:
            return ent
        if arg.definite:
            return self.description(arg, avoid)
        return self.part_of_name(arg, avoid)

    def part_of_name(self, arg: Arg, avoid: tuple[Entity, ...] | list[Entity] = ()) -> Entity | None:
        """"Ito" for the "Ito Hirobumi" named before: a single capitalised word the name finder did not take
        for a name here stands for the one person of the document, named before it, whose name has that word."""
        word = arg.text.strip()
        if arg.kind != "np" or not word[:1].isupper() or not word.isalpha() or len(word) < 3:
            return None
        low = word.casefold()
        people = [e for e in self.doc.entities if e.type == "PERSON" and any(
            low in {w.casefold() for w in form.split()} for form in (e.name, *e.aliases))]
        if len(people) != 1 or people[0] in avoid or not any(m.start < arg.start for m in people[0].mentions):
            return None
        return people[0]

    def word(self, text: str, country_first: bool = False) -> Entity | None:
        key = knowledge.name_key(text)
        country = knowledge.countries_of_adjectives().get(text.casefold()) if country_first else None
        if country:  # "the Finnish government", "German troops": the country, when the text names it
            ent = self.index.by_name.get(knowledge.name_key(country))
            if ent is not None and ent.type == "GPE":
                return ent
        if country_first:
            ent = self.adjective_place(text)
            if ent is not None:
                return ent
        for form in (key, key + "s", key + "es", _adjective_groups().get(key, "")):
            ent = self.index.by_name.get(knowledge.name_key(form)) if form else None
            if ent is not None:
                return ent
        return None

    def adjective_place(self, text: str) -> Entity | None:
        """ "Spartan" -> Sparta, "Corinthian" -> Corinth: the place of the document whose name the adjective
        is made from (the name, less at most its last letter, begins the adjective)."""
        low = text.casefold()
        if len(low) < 5 or not text[:1].isupper():
            return None
        for ent in self.places:
            name = ent.name.casefold()
            stem = name[:-1] if len(name) > 4 else name
            if len(stem) >= 4 and low.startswith(stem) and len(low) - len(stem) <= 4:
                return ent
        return None

    def resolve(self, arg: Arg, avoid: list[Entity], depth: int = 0) -> list[Entity]:
        """Every entity the phrase stands for (several when it stands for a list)."""
        if arg.kind == "pronoun":
            ent = self.pronoun(arg, avoid)
            return [ent] if ent is not None else []
        ent = self.entity(arg, avoid)
        if ent is not None:
            return [ent]
        out: list[Entity] = []
        if depth < 3:
            for tier in sorted({a.tier for a in arg.alts}):
                for alt in arg.alts:
                    if alt.tier != tier:
                        continue
                    for e in self.resolve(alt, avoid, depth + 1):
                        if e not in out:
                            out.append(e)
                if out:
                    break
        if not out and arg.definite and arg.kind == "np":  # "the city", "that domain": the last one named
            word = self.doc.text[arg.head_start : arg.head_end]
            ent = self.kind_before(word, arg.start, avoid) if word.islower() else None  # "the Old Town": a name
            out = [ent] if ent is not None and self._modifiers_fit(arg, ent) else []
        return out

    def pronoun(self, arg: Arg, avoid: list[Entity]) -> Entity | None:
        types = PRONOUN_TYPES.get(arg.text.casefold(), {"PERSON", "ORG", "GROUP", "GPE"})
        for k, alt in enumerate(arg.alts):
            for e in self.resolve(alt, avoid, 1):
                if e.type in types and e not in avoid:
                    return e
                if k == 0 and e.type in types and arg.text.casefold() in POSSESSIVES:
                    # "X mutinied against its officers", "X sent troops to protect its citizens": a possessive is
                    # first its own clause's subject, the other side of the relation; nothing else is looked for
                    return None
        plural = arg.text.casefold() in PLURAL_PRONOUNS
        fallback = None
        for ent in self.index.named_before(arg.start, PRONOUN_WINDOW):
            if ent.type in types and ent not in avoid:
                if not plural or _looks_plural(ent):
                    return ent
                fallback = fallback or ent
        return fallback


def _looks_plural(ent: Entity) -> bool:
    """ "Allies", "Bolsheviks", "White Guards": a name that "they" can stand for before a singular one."""
    last = ent.name.split()[-1] if ent.name.split() else ""
    return ent.type == "GROUP" or last.endswith("s") and not last.endswith("ss")


def _in_brackets(text: str, start: int, offset: int) -> bool:
    """True when ``offset`` is inside parentheses opened after ``start``."""
    part = text[start:offset]
    return part.count("(") > part.count(")")


# What may stand before a date that opens a sentence ("In", "Early in", "On", "By the end of").
OPENING_TIME = re.compile(r"\s*(?:(?:early|late|later|then|only)\s+)?(?:(?:in|on|by|during|after|from|until|"
                          r"at\s+the\s+(?:end|start|beginning)\s+of|by\s+the\s+end\s+of)\s+)?(?:the\s+)?",
                          re.IGNORECASE)


def _clause_time(doc: Document, c: RelationCandidate, sentence: int,
                 by_sentence: dict[int | None, list[Timex]]) -> dict[str, Any] | None:
    """The date expression of the candidate's clause nearest its trigger, as a small dict.

    ``by_sentence``: the document's timexes grouped by sentence (scanning all of them for every relation
    of a long document would be quadratic)."""
    best: Timex | None = None
    for t in by_sentence.get(sentence, []):
        if not (c.clause_start <= t.start and t.end <= c.clause_end):
            continue
        if _in_brackets(doc.text, c.clause_start, t.start) and not _in_brackets(doc.text, c.clause_start,
                                                                                  c.trigger_start):
            continue  # "Prince Y (1905-1977)": the dates of a life, not of the relation
        if best is None or abs(t.start - c.trigger_start) < abs(best.start - c.trigger_start):
            best = t
    if best is None:
        # a date that opens the sentence dates each of its coordinated clauses: "In May 1794 X left Y and
        # joined Z" (the second clause's span does not reach back to it)
        sent = doc.sentences[sentence] if 0 <= sentence < len(doc.sentences) else None
        for t in by_sentence.get(sentence, []):
            if sent is not None and t.end <= c.clause_start and OPENING_TIME.fullmatch(doc.text[sent.start : t.start]):
                best = t
                break
    if best is None:
        return None
    return {"value": best.value, "text": best.text, "mod": best.mod, "earliest": best.earliest,
            "latest": best.latest, "start": best.start, "end": best.end}


# places by size: a place is not inside a smaller kind of place ("Spain, Madrid" is no chain)
PLACE_RANK = {"continent": 6, "ocean": 6, "country": 5, "historical state": 5, "sea": 5, "region": 4,
              "territory": 4, "mountain range": 4, "gulf": 4, "peninsula": 4, "island": 3, "lake": 3, "river": 3,
              "strait": 3, "city": 2, "fortress": 1, "camp": 1, "building": 1, "prison": 1, "site": 1, "square": 1}
ASSAULTS_ON_PLACES = ("besiege", "siege", "storm", "bombard", "bombardment", "sack", "blockade", "occupy", "destroy",
                      "annihilate", "raze", "wipe out",
                      "occupation", "capture", "conquer", "conquest", "raid", "shell", "overrun")
RAISING = ("raise", "muster")  # founding verbs said only of forces
# defending or restoring a town or a fort holds ground; it does not side with a party (a country defended is one
# supported)
DEFENCES_OF_PLACES = ("defend", "guard", "garrison", "fortify", "safeguard", "restore", "reinstate")
HELD_GROUND = {"city", "fortress", "camp", "building", "prison", "site", "square", "mountain range", "river", "strait",
               "peninsula"}
TAKING_TRIGGERS = ("capture", "seize", "execute", "hang", "behead", "kidnap", "abduct")


def _types_fit(relation: str, subject: Entity, obj: Entity, pattern: str) -> bool:
    subject_types, object_types = TYPES.get(relation, (frozenset(), frozenset()))
    if subject.type not in subject_types or obj.type not in object_types:
        return False
    if relation == "ARRESTED" and pattern.startswith(TAKING_TRIGGERS) and obj.type != "PERSON":
        return False  # a captured town is no arrest
    if relation == "LOCATED_IN" and pattern.startswith("office:") and subject.type in {"PERSON", "GROUP"}:
        return False  # "the capital of X" or "the fort of X" is said of a place, never of a person
    if pattern.startswith(("pass to", "devolve")) and subject.type != "PERSON":
        return False  # "Alsace passed to France": a cession, not a ruler
    if pattern == "possessor_part" and (subject.type != "ORG" or obj.type != "ORG"):
        return False  # "Russia's army" is no part of a body
    if pattern == "possessor" and (subject.type != "PERSON" or obj.type == "GROUP" and obj.subtype in NATIONS
                                   or obj.type == "GPE" and obj.subtype is None):
        # "Sweden's navy": whose it is, not who leads it; "his Germans" are no party he leads; "Y's Hellenica"
        # (a book the document could not type further) is no country
        return False
    if pattern in {"send to:passive", "dispatch to:passive"} and subject.type in {"GPE", "LOC", "EVENT"}:
        return False  # people and forces are sent somewhere, places and happenings are not
    if pattern == "body_at_place" and subject.type not in {"ORG", "EVENT"}:
        return False  # "at A in B": B is a body that met at A, never a place around it
    if pattern in {"place_object_in", "place_set_off"} and subject.type not in {"GPE", "LOC"}:
        return False  # "defeated the army in Thrace": where it was beaten, not where it belongs
    if pattern.startswith("place_") and PLACE_RANK.get(subject.subtype or "", 0) > \
            PLACE_RANK.get(obj.subtype or "", 9):
        return False  # "talks with the Republic in Warsaw": where the talks were, not where the state is
    if pattern.startswith(RAISING) and (relation == "FOUNDED" and obj.type not in {"ORG", "GROUP"} or
                                        relation == "LOCATED_IN" and subject.type not in {"ORG", "GROUP"}):
        return False  # "raised an army": a force is raised; "raised taxes", "was raised in Vienna" found nothing
    if relation == "SUPPORTED" and obj.type in {"GPE", "LOC"} and obj.subtype in HELD_GROUND and \
            pattern.startswith(DEFENCES_OF_PLACES):
        return False  # "troops assembled to defend the city": ground held, not a party supported
    if relation == "OPPOSED" and obj.type in {"GPE", "LOC"} and pattern.startswith(ASSAULTS_ON_PLACES):
        return False  # "stormed the town": a place assaulted, not a party opposed
    if relation == "OPPOSED" and obj.type == "GPE" and obj.subtype in PLACES_NOT_ACTORS and \
            pattern.startswith(("attack", "assault", "invade", "invasion", "march", "against")):
        return False
    return True


def link_relations(doc: Document, candidates: list[RelationCandidate], index: EntityIndex) -> list[dict[str, Any]]:
    """Relation records between the document's entities, each with its source sentence.

    Each record is ``{"subject", "subject_id", "relation", "object", "object_id", "negated", "time",
    "pattern", "trigger", "source": {"start", "end", "sentence", "sentence_index"}}``; see the module
    docstring for how phrases are resolved.
    """
    resolver = _Resolver(doc, index, candidates)
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str, int]] = set()
    by_sentence: dict[int | None, list[Timex]] = {}
    for t in doc.timexes:
        by_sentence.setdefault(t.sentence, []).append(t)
    co_subjects: dict[int, list[Arg]] = {}  # the subjects of each trigger
    for c in candidates:
        if c.subject.kind != "pronoun" and c.subject not in co_subjects.setdefault(c.trigger_start, []):
            co_subjects[c.trigger_start].append(c.subject)
    for c in candidates:
        sentence = doc.sentence_at(c.trigger_start) or doc.sentence_at(c.sentence_start)
        if sentence is None:
            continue
        if c.subject.kind == "pronoun" and c.object.kind != "pronoun":
            objects = resolver.resolve(c.object, [])
            subjects = resolver.resolve(c.subject, objects)
        else:
            subjects = resolver.resolve(c.subject, [])
            avoid = list(subjects)
            if c.object.kind == "pronoun" and not c.object.text.casefold().endswith(("self", "selves")):
                # "A, B and C joined forces against it": not one of its own clause's subjects
                for other in co_subjects.get(c.trigger_start, []):
                    avoid += [e for e in resolver.resolve(other, []) if e not in avoid]
            objects = resolver.resolve(c.object, avoid)
        for s in subjects:
            for o in objects:
                if s is o:
                    continue
                relation = c.relation
                if relation == "MEMBER_OF" and s.type == "ORG" and o.type in {"ORG", "GROUP"}:
                    relation = "PART_OF"
                if relation == "MEMBER_OF" and o.type in {"PERSON", "GPE"} and c.pattern.startswith(("join", "rejoin")):
                    relation = "SUPPORTED"  # "Y joined Garibaldi", "he was joined by Y", "Y joined France": a side
                if relation == "LEADER_OF" and o.type == "GPE" and c.pattern.startswith("office:") and \
                        c.pattern[7:] in lexicon()["military_heads"]:
                    relation = "MEMBER_OF"  # "Y, Sparta's commander": one of its officers, not its ruler
                if not _types_fit(relation, s, o, c.pattern):
                    continue
                key = (s.id, relation, o.id, sentence.index)
                if key in seen:
                    continue
                seen.add(key)
                out.append({
                    "subject": s.name, "subject_id": s.id, "relation": relation, "object": o.name,
                    "object_id": o.id, "negated": c.negated, "time": _clause_time(doc, c, sentence.index, by_sentence),
                    "pattern": c.pattern, "trigger": doc.text[c.trigger_start : c.trigger_end],
                    "source": {"start": sentence.start, "end": sentence.end, "sentence": sentence.text,
                               "sentence_index": sentence.index},
                })
    out += _name_prefix_parts(doc, seen)
    out += _name_of_parts(doc, seen)
    return out


def _name_of_parts(doc: Document, seen: set[tuple[str, str, str, int]]) -> list[dict[str, Any]]:
    """"Central Committee of the Wafd Party", "Presidium of the Supreme Soviet": an organisation named as a
    body "of" another organisation of the document is part of it."""
    orgs = [e for e in doc.entities if e.type == "ORG"]
    by_form = {knowledge.name_key(f): e for e in orgs for f in [e.name, *e.aliases] if len(f) >= 3}
    out = []
    for part in orgs:
        if not part.mentions:
            continue
        for form in [part.name, *part.aliases]:
            m = re.match(r"^(.+?) of (?:the )?(.+)$", form)
            if m is None:
                continue
            words = re.findall(r"[\w'’-]+", m.group(1))
            whole = by_form.get(knowledge.name_key(m.group(2)))
            if whole is None or whole is part or not _org_head(words):
                continue
            mention = next((x for x in part.mentions if x.text == form), part.mentions[0])
            if _add_part(out, doc, part, whole, mention, "name_of", seen):
                break
    return out


def _name_prefix_parts(doc: Document, seen: set[tuple[str, str, str, int]]) -> list[dict[str, Any]]:
    """"Wafd Party Central Committee" and "Wafd Party": an organisation named after another is part of it."""
    orgs = [e for e in doc.entities if e.type == "ORG"]
    out: list[dict[str, Any]] = []
    for whole in orgs:
        forms = {f for f in [whole.name, *whole.aliases] if len(f) >= 3 and any(ch.isupper() for ch in f)}
        for part in orgs:
            if part is whole or not part.mentions:
                continue
            for f in forms:
                if not part.name.startswith(f + " "):
                    continue
                if not _org_head(re.findall(r"[\w'’-]+", part.name[len(f) + 1 :])):
                    continue
                if _add_part(out, doc, part, whole, part.mentions[0], "name_prefix", seen):
                    break
    return out


def _org_head(words: list[str]) -> bool:
    """The head word of a name's words is an organisation's head noun ("committee", "party")."""
    return bool(words) and knowledge.heads().get(words[knowledge.head_index(words)].casefold(), ("",))[0] == "ORG"


def _add_part(out: list[dict[str, Any]], doc: Document, part: Entity, whole: Entity, mention: Any, pattern: str,
              seen: set[tuple[str, str, str, int]]) -> bool:
    """Add PART_OF ``part`` ``whole`` cited by the sentence of ``mention`` to ``out`` (unless that sentence has it
    already); False when the mention is in no sentence."""
    sentence = doc.sentence_at(mention.start)
    if sentence is None:
        return False
    record = _part_record(part, whole, mention, sentence, pattern, seen)
    if record is not None:
        out.append(record)
    return True


def _part_record(part: Entity, whole: Entity, mention: Any, sentence: Any, pattern: str,
                 seen: set[tuple[str, str, str, int]]) -> dict[str, Any] | None:
    """PART_OF ``part`` ``whole``, cited by the sentence of ``mention``; None when that sentence has it already."""
    key = (part.id, "PART_OF", whole.id, sentence.index)
    if key in seen:
        return None
    seen.add(key)
    return {
        "subject": part.name, "subject_id": part.id, "relation": "PART_OF", "object": whole.name,
        "object_id": whole.id, "negated": False, "time": None, "pattern": pattern, "trigger": mention.text,
        "source": {"start": sentence.start, "end": sentence.end, "sentence": sentence.text,
                   "sentence_index": sentence.index},
    }
