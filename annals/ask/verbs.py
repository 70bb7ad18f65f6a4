"""Which verbs say the same act: the classes of the event taxonomy and of the relation registry.

"commanded" ~ "led" (one class), "succeeded" only by verbs of succession; the nouns English makes of a
verb for its act ("negotiation") and for who does it ("founder"); the verbs known by their base form.
"""

from __future__ import annotations

from functools import cache

from annals.ask.words import doc_of, nlp


@cache
def verb_classes() -> dict[str, set[str]]:
    """Lemma -> the classes it belongs to: each event type of the taxonomy (its verbs) and each relation
    of the registry (its question verbs, lemmatized)."""
    from annals.events.lexicon import lexicon
    from annals.relations.registry import REGISTRY

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
    from annals.relations.registry import REGISTRY

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


# the nouns of an act that English does not make with a regular suffix (a part of the language's morphology,
# as the irregular agent nouns below): "his death in 1598" tells when he died
IRREGULAR_NOMINALS = {"die": "death", "bear": "birth", "marry": "marriage", "flee": "flight", "lose": "loss",
                      "invade": "invasion", "decide": "decision", "conclude": "conclusion", "crown": "coronation",
                      "elect": "election", "execute": "execution", "abdicate": "abdication", "arrive": "arrival",
                      "depart": "departure", "surrender": "surrender", "capture": "capture", "fall": "fall",
                      "assassinate": "assassination", "murder": "murder", "sell": "sale", "defend": "defence"}


def act_nouns(verb: str) -> set[str]:
    """The nouns that name the verb's own act: "death" of die, "invasion" of invade, "negotiation" of
    negotiate (the regular ones where the text has them, see :func:`nominal_of`)."""
    base = verb[:-1] if verb.endswith("e") else verb
    regular = {verb + "ment", base + "ation", verb + "ation", base + "al", verb + "ance", base + "ance"}
    if verb.endswith("ate") and len(base) > 4:
        regular.add(base + "ion")
    out = {IRREGULAR_NOMINALS[verb]} if verb in IRREGULAR_NOMINALS else set()
    return out | (regular if len(verb) > 3 else set())


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
