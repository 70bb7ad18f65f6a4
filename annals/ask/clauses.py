"""The argument of a sentence's clause that answers a parsed question (:func:`clause_answers`).

A candidate sentence answers only where one of its clauses has a predicate that matches the question's
(the same lemma, or a verb of the same class: "commanded" ~ "led", see :mod:`annals.ask.verbs`) and an
argument in the asked role (:mod:`annals.ask.roles`); the answer is what that argument stands for: the
stored mention there, the name a pronoun or a common noun stands for, else the phrase it heads
(:func:`_filler`).  A sentence that merely shares words is no support: :func:`clause_answers` returns
nothing.  :func:`aligned` and :func:`given_share` say how far the clause's subject, object and words are
those the question gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from annals.ask.parse import Parsed, noun_phrase
from annals.ask.roles import OBJECT_PRONOUNS, _clause, _governor, _holders, _other_arguments, _role_tokens, _subject
from annals.ask.verbs import act_nouns, agent_nouns, nominal_of, same_predicate, verb_classes
from annals.ask.words import doc_of


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
        # "X refused ..., and he signed an edict which made him regent": an object pronoun is not the subject
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
    if tok.pos_ == "NOUN" or tok.pos_ == "ADJ" and tok.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}:
        # (a noun the tagger takes for an adjective, "his general X", holds a noun's place in the clause)
        # "the aged emperor, X", "others, such as X", "one of the envoys, the abbot X": the name
        named = _named_for(tok)
        if named is not None:
            tok = named
        else:  # "the novel X", "the ship X": the name that follows its kind
            end = tok.idx + len(tok.text)
            m = next((m for m in fact["mentions"] if 0 < m["start"] - fact["start"] - end <= 1), None)
            if m is not None:
                return m["name"], m["start"] - fact["start"], m["end"] - fact["start"], m["entity"]
            # "Nelson's fleet", "X's flying column": the group said by whose it was, the owner named
            owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
            m = _mention_at(fact, owner.idx, owner.idx + len(owner.text)) if owner is not None else None
            if m is not None and m["start"] - fact["start"] < tok.idx:
                start, end = m["start"] - fact["start"], _name_span(tok)[1]
                return fact["text"][start:end], start, end, None
    start, end = _name_span(tok)
    m = _mention_at(fact, tok.idx, tok.idx + len(tok.text))
    if m is not None:
        return m["name"], m["start"] - fact["start"], m["end"] - fact["start"], m["entity"]
    if tok.lower_ in PRONOUNS or tok.pos_ == "PRON":
        return None
    text = fact["text"][start:end]
    text = re.sub(r"^(?:the|a|an|his|her|its|their)\s+", "", text, flags=re.I)
    return text, start, end, None


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


def _mentioned(fact: dict[str, Any], tok: Any) -> set[str]:
    """The words of the stored name at a token (what "he" or an alias stands for)."""
    m = _mention_at(fact, tok.idx, tok.idx + len(tok.text))
    return {w.casefold() for w in re.findall(r"\w+", m["name"])} if m else set()


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
            # "the squadrons, under Admiral X, entered ...", "the right wing under Marshal X": X led them
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
        if q.role == "time" and tok.pos_ == "NOUN" and lemma in act_nouns(q.predicate):
            out += _act_noun_times(fact, tok)  # "after his death in 1598": when he died
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


def _act_noun_times(fact: dict[str, Any], noun: Any) -> list[Found]:
    """ "When did X die?": the dates of the noun of the act in its own phrase ("after his death in 1598",
    "X's coronation on 2 December 1804"), with whose act it is as the clause's subject."""
    inside = {t.i for t in noun.subtree}
    after = max(inside) + 1
    if after + 1 < len(noun.doc) and noun.doc[after].lower_ in {"in", "on"}:
        # "after his death in 1598": the parser may hang the date on the verb; next to the noun it is the act's
        inside |= {t.i for t in noun.doc[after].subtree}
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    subject = None if owner is None or owner.pos_ == "PRON" else noun_phrase(owner) | _mentioned(fact, owner)
    out = []
    for tx in fact.get("timexes", []):
        s, e = tx["start"] - fact["start"], tx["end"] - fact["start"]
        toks = [t for t in noun.doc if s <= t.idx < e]
        if toks and all(t.i in inside for t in toks) and tx.get("value") and not tx["value"].startswith("XXXX"):
            out.append(Found("\0timex", s, e, None, 0.9, inside | ({owner.i} if owner is not None else set()),
                             subject, None))
    return out


def _event_noun_times(q: Parsed, fact: dict[str, Any], noun: Any) -> list[Found]:
    """The dates of the clause whose argument is the event noun ("On 5 May a meeting of the guilds
    heard ..."), not those of another argument's phrase ("followed by a synod later that month"), nor
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


def event_times(fact: dict[str, Any], entities: set[int]) -> list[Found]:
    """ "When was the Battle of X fought?": the dates said in the same clause as a mention of the event
    ("In the Battle of X on 2 December 1805 the army was routed"), or attached to its name."""
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
                continue  # "X was followed by a synod later that month": the synod's date
            if _governor(ttoks[0]).i == _governor(head).i or any(t.head.i == head.i or t.head.head.i == head.i
                                                             for t in ttoks):
                out.append(Found("\0timex", s, e, None, 0.8, {t.i for t in doc}))
    return out


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
