"""The ``annals_relations`` pipeline component: typed relations between the things a sentence names.

The component reads the dependency parse of each sentence and records, as
:class:`RelationCandidate` records on ``doc._.relation_candidates`` (character offsets relative to the
Doc), who stands in which relation to whom.  Arguments are phrases (:class:`Arg`), not entities: the
document-level step (:mod:`annals.relations`) resolves them once every name of the document is known.

The patterns are general constructions of English, with their words in ``data/relation_words.json``:

* a relation verb with its subject and object, in either voice, also as a participle on a noun
  ("X, led by Y", "a committee headed by Y", "Z, a government formed by X"); a verb coordinated with
  another or under "refused to" / "began" shares its subject; "refused to submit to Y" is REFUSED, and
  "not"/"never"/"failed to" negate;
* office nouns said of a person: "Y, chairman of X", "Y became/emerged as the head of X", "Y, the X's
  chief of staff", "Y, a clerk on X" (leading offices give LEADER_OF, others MEMBER_OF); a titled name with
  "of" ("Metropolitan Y of the Church Z"); a leading title without "of" ("chairman Y") points at the
  organisation named nearest before it;
* "the Corps of General Y": an organisation "of" a person is led by that person;
* event and role nouns: "a rising against X" (OPPOSED, its subject from the copula or the clause),
  "an arrest campaign by X", "received the blessing of X", "support amidst X", "talks/an armistice
  with X", "under the command of Y", "was given command of X", "entered Y's service";
* "anti-X" on a noun naming E: E is opposed by what the noun names;
* places: "the Corps in Serbia", "X stands on A in B", "Y, the main base of X", "Y, the capital of X",
  "X stayed in Y", "who were in Y", "founded in Y", "In Y they protected the Committee" (an organisation
  acted upon in a named place);
* parts: "X as part of Y", "X, part of Y", "X became part of Y", "X was incorporated into Y";
* "Denikin's Volunteer Army" (LEADER_OF), "the Bolshevik leader Lenin", "X led the Committee against Y"
  (both oppose Y), "X and Y signed the treaty" / "negotiations between X and Y" (NEGOTIATED_WITH),
  "X was captured by Y" for persons (ARRESTED), "Kuzmin was detained" with no agent (the authority the
  sentence before named, resolved later).

A list that the parser cut short ("such as A, B, and C had ...", C alone as subject) gets its names
back.  Pronouns carry hints (the subjects of the clauses above them and of the sentence before).

Coordinated arguments ("A, B and C submitted") each get the relation, as do the names listed under a
general noun ("groups such as A, B and C"), under "along with", and in a parenthesis that explains a
common noun ("the secret police (the OGPU and the NKVD)").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from annals import knowledge

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
APPOINTING_VERBS = {"elect", "appoint", "name", "make", "choose", "proclaim", "crown", "declare", "nominate",
                    "install"}
SUBORDINATE_DEPS = {"advcl", "prep", "pcomp", "npadvmod", "pobj"}  # clauses and phrases that can come before their head
PRONOUNS = {"he", "him", "his", "himself", "she", "her", "hers", "herself", "they", "them", "their", "theirs",
            "themselves", "it", "its", "itself"}
PERSONAL_POSSESSIVES = {"his", "her", "my", "your", "our"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom", "whose"}
DEFINITE = {"the", "this", "that", "these", "those", "its", "his", "her", "their", "our"}
NEGATIONS = {"not", "n't", "never", "no"}
NP_LEFT_DEPS = {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "predet", "advmod"}
CLAUSE_DEPS = {"relcl", "acl", "ccomp", "advcl", "xcomp", "csubj", "parataxis"}


@cache
def words() -> dict[str, Any]:
    """The relation vocabulary of ``data/relation_words.json``, with its lists turned into sets."""
    with resources.files("annals").joinpath("data", "relation_words.json").open(encoding="utf-8") as f:
        data = json.load(f)
    out: dict[str, Any] = {}
    for key, value in data.items():
        out[key] = set(value) if isinstance(value, list) else value
    verbs: dict[str, dict[str | None, str]] = {}
    for spec, relation in data["verbs"].items():
        parts = spec.split()
        verb, prep = (" ".join(parts[:2]), " ".join(parts[2:]) or None) if parts[0] in {"set", "rise", "go"} \
            and len(parts) > 1 and parts[1] in {"up", "over"} else (parts[0], " ".join(parts[1:]) or None)
        verbs.setdefault(verb, {})[prep] = relation
    out["verb_table"] = verbs
    nouns: dict[str, str] = {}
    for relation, spec in data["nouns"].items():
        for w in spec["words"]:
            nouns.setdefault(w, relation)
    out["noun_table"] = nouns
    out["noun_preps"] = {relation: set(spec["preps"]) for relation, spec in data["nouns"].items()}
    return out


@cache
def _known_lemmas() -> frozenset[str]:
    """Every verb and noun the patterns look for by lemma (for guessing lemmas without a lemmatizer)."""
    w = words()
    out = set(w["verb_table"]) | set(w["noun_table"])
    for key in ("receiving_verbs", "refusing_verbs", "failing_verbs", "command_taking_verbs", "becoming_verbs",
                "part_verbs", "sending_verbs", "place_verbs_agentless"):
        out |= set(w[key])
    return frozenset(out) | {"be", "help", "assist", "aid", "enable", "promise", "seem", "appear", "prove"}


def lemma(tok: Token) -> str:
    """The token's lemma, lowercased; guessed from its form when the pipeline has no lemmatizer."""
    if tok.lemma_:
        return tok.lemma_.lower()
    w = tok.lower_
    irregular = words()["irregular"]
    if w in irregular:
        return irregular[w]
    known = _known_lemmas()
    if w in known or not tok.tag_.startswith("V"):
        return w
    for cut, add in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""),
                     ("s", ""), ("d", "")):
        if w.endswith(cut) and len(w) - len(cut) >= 2:
            stem = w[: -len(cut)] + add
            if stem in known:
                return stem
            if add == "" and len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in known:  # submitted
                return stem[:-1]
    return w


@dataclass
class Arg:
    """A phrase that should name an entity, as character offsets into the Doc.

    ``kind`` is ``"np"`` (a noun phrase: a name, or a description like "the committee"), ``"pronoun"``,
    ``"word"`` (a bare word to look up by name: "Bolshevik" in "anti-Bolshevik"), ``"nearest_org"``
    (the organisation named nearest before the phrase) or ``"context"`` (the first of ``alts`` that
    names an organisation).  ``alts`` are what the phrase stands for when it names nothing itself:
    "the government of X" stands for X, "the police (the OGPU and NKVD)" for both.
    """

    start: int
    end: int
    head_start: int
    head_end: int
    text: str
    kind: str = "np"
    definite: bool = False
    alts: list[Arg] = field(default_factory=list)
    tier: int = 0  # alternatives of a lower tier are tried first; a later tier only when those name nothing

    def shifted(self, by: int) -> Arg:
        """The same argument with every offset moved by ``by``."""
        return Arg(self.start + by, self.end + by, self.head_start + by, self.head_end + by, self.text, self.kind,
                   self.definite, [a.shifted(by) for a in self.alts], self.tier)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}
        if self.alts:
            out["alts"] = [a.to_json() for a in self.alts]
        return out


@dataclass
class RelationCandidate:
    """One relation the parse supports, before its arguments are resolved to entities."""

    relation: str
    subject: Arg
    object: Arg
    pattern: str
    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_end: int
    clause_start: int
    clause_end: int
    negated: bool = False

    def shifted(self, by: int) -> RelationCandidate:
        """The same candidate with every offset moved by ``by`` (into document offsets)."""
        return RelationCandidate(
            self.relation, self.subject.shifted(by), self.object.shifted(by), self.pattern,
            self.sentence_start + by, self.sentence_end + by, self.trigger_start + by, self.trigger_end + by,
            self.clause_start + by, self.clause_end + by, self.negated,
        )


# -- small helpers over the parse -----------------------------------------------------------------


def _named_only(arg: Arg, below: int = 1) -> Arg:
    """The argument without the owners it may stand for from tier ``below`` on (keeps appositions)."""
    return Arg(arg.start, arg.end, arg.head_start, arg.head_end, arg.text, arg.kind, arg.definite,
               [a for a in arg.alts if a.tier < below], arg.tier)


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _preps(tok: Token, *words_: str) -> list[Token]:
    """Objects of the prepositions ``words_`` under ``tok`` ("with X" -> X), coordination not expanded."""
    out = []
    for p in tok.children:
        if p.dep_ in {"prep", "agent", "dative"} and p.lower_ in words_:
            out += [c for c in p.children if c.dep_ in {"pobj", "pcomp"}]
            if p.lower_ in {"along", "together"}:  # "along with X"
                for w in p.children:
                    if w.lower_ == "with":
                        out += [c for c in w.children if c.dep_ == "pobj"]
    return out


def _is_passive(verb: Token) -> bool:
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        return True
    # a participle hung on a noun, or set off as a clause with its agent ("the Legion crossed, led by Gajda")
    return verb.tag_ == "VBN" and (verb.dep_ in {"acl", "amod"}
                                   or verb.dep_ == "advcl" and any(c.dep_ == "agent" for c in verb.children))


def _negated(verb: Token) -> bool:
    """The verb is negated ("did not support", "never joined", "failed to join")."""
    if any(c.dep_ == "neg" or c.lower_ in {"never"} for c in verb.children):
        return True
    head = verb
    # "did not want to join", "forbade them to join", "failed to support": a negated or negating verb above
    while head.dep_ == "xcomp" and head.head.i != head.i:
        head = head.head
        if any(c.dep_ == "neg" for c in head.children) or lemma(head) in words()["failing_verbs"]:
            return True
    return False


def _expletive(tok: Token) -> bool:
    """ "it" in "it would be better to ...", "it seemed that ...": a placeholder, not a pronoun."""
    return tok.lower_ == "it" and lemma(tok.head) in {"be", "seem", "appear", "become", "remain", "prove"} and \
        any(c.dep_ in {"xcomp", "ccomp", "csubj"} for c in tok.head.children)


def _list_members(x: Token) -> list[Token]:
    """The names of a list that starts at ``x`` ("such as A, B and C"); the parser often takes the second
    listed name for an apposition of the first."""
    out: list[Token] = []
    for y in _conjuncts(x):
        out.append(y)
        for a in y.children:
            if a.dep_ == "appos" and a.pos_ == "PROPN":
                out += _conjuncts(a)
    return out


def _conjuncts(tok: Token) -> list[Token]:
    """``tok`` and everything coordinated with it ("A, B and C", "A as well as B")."""
    out = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ == "conj" and c not in out and c.pos_ not in {"VERB", "AUX"}:
                out.append(c)
                stack.append(c)
    out.sort(key=lambda t: t.i)
    return out


def _clause_span(tok: Token) -> tuple[int, int]:
    """Character range of the clause a trigger belongs to: the subtree of its finite verb (a participle
    takes the time of the clause it hangs on: "X, led by Y, crossed the river in 1919"); a noun in an
    apposition keeps to the apposition ("Y, the founder of X, died in 1950" does not date the founding)."""
    verb = tok
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        if verb.dep_ == "appos":  # "Y, the founder of X, died in 1950": the apposition says no time of its own
            return verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge.text)
        verb = verb.head
    for _ in range(4):
        if verb.dep_ not in {"acl", "amod"} or verb.tag_ not in {"VBN", "VBG"} or verb.head.i == verb.i:
            break
        up = verb.head
        while up.pos_ not in {"VERB", "AUX"} and up.head.i != up.i:
            up = up.head
        if up.pos_ not in {"VERB", "AUX"}:
            break
        verb = up
    left, right = verb.left_edge, verb.right_edge
    return left.idx, right.idx + len(right.text)


def _governing_verb(tok: Token) -> tuple[Token | None, str]:
    """The verb a noun is an argument of, and how: "dobj", "attr", "subj", "pobj:<prep>" ..."""
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    if t.dep_ in {"dobj", "attr", "oprd", "dative"} and t.head.pos_ in {"VERB", "AUX"}:
        return t.head, t.dep_
    if t.dep_ == "acomp" and t.head.pos_ in {"VERB", "AUX"}:  # "was an armed rising against", parsed as acomp
        return t.head, "attr"
    if t.dep_ in SUBJECT_DEPS and t.head.pos_ in {"VERB", "AUX"}:
        return t.head, "subj"
    if t.dep_ == "pobj" and t.head.dep_ in {"prep", "agent"}:
        p = t.head
        if p.head.pos_ in {"VERB", "AUX"}:
            return p.head, f"pobj:{p.lower_}"
        if p.head.pos_ in {"NOUN", "PROPN"} and p.head.dep_ in {"dobj", "attr"} and p.head.head.pos_ in {"VERB", "AUX"}:
            return p.head.head, f"deep:{p.lower_}"
    return None, ""


class RelationFinder:
    """Finds relation candidates in a Doc; see the module docstring for the patterns."""

    def __init__(self, nlp: Language | None = None):
        self.w = words()
        self.titles = knowledge.titles()
        self.adjectives = {e.casefold() for e in knowledge.demonym_adjectives()}

    # -- the component ------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        self.doc = doc
        self.names = sorted(getattr(doc._, "names", None) or [], key=lambda n: n.start)
        self.name_at: dict[int, Any] = {}
        for n in self.names:
            span = doc.char_span(n.start, n.end, alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.name_at.setdefault(t.i, n)
        out: list[RelationCandidate] = []
        previous: Span | None = None
        for sent in doc.sents:
            self.sent = sent
            self.previous = previous
            self.found: list[RelationCandidate] = []
            for tok in sent:
                self.token_patterns(tok)
            out += self.found
            previous = sent
        doc._.relation_candidates = out
        return doc

    def token_patterns(self, tok: Token) -> None:
        low = tok.lower_
        if tok.pos_ in {"VERB", "AUX"} or tok.tag_.startswith("VB"):
            self.verb_relation(tok)
            self.place_verb(tok)
            self.clause_place(tok)
            self.acting_against(tok)
        if tok.pos_ in {"NOUN", "PROPN", "ADJ", "VERB"} or tok.tag_ in {"NN", "NNS", "NNP", "NNPS", "VBG"}:
            rel = self.w["noun_table"].get(low) or self.w["noun_table"].get(lemma(tok))
            # a named treaty is still a treaty: "signed the Treaty of Tartu with Soviet Russia"
            if rel and (tok.text[:1].islower() or tok.i not in self.name_at and tok.dep_ != "compound"
                        or rel == "NEGOTIATED_WITH"):
                self.nominal_relation(tok, rel)
            if low in self.w["command_nouns"]:
                self.command_noun(tok)
            if low in self.w["service_nouns"]:
                self.service_noun(tok)
            if self.office_words(tok):
                self.office_noun(tok)
            if low in self.w["part_nouns"] and tok.text.islower():
                self.part_noun(tok)
            if low in self.w["place_nouns"] or low in self.w["inverse_place_nouns"]:
                self.place_noun(tok)
            if tok.pos_ in {"NOUN", "PROPN"}:
                self.of_person(tok)
                self.in_place(tok)
                self.owned_unit(tok)
        if tok.i in self.name_at and self.name_at[tok.i].type == "PERSON" or \
                tok.ent_type_ == "PERSON" and tok.i not in self.name_at:
            self.titled_person(tok)
        if low.startswith("anti") and (low == "anti" or low.startswith("anti-")):
            self.anti(tok)

    # -- building arguments ---------------------------------------------------------------
    def add(self, relation: str, subjects: Iterable[Arg], objects: Iterable[Arg], pattern: str, trigger: Token,
            negated: bool = False) -> None:
        objects = list(objects)
        clause = _clause_span(trigger)
        for s in subjects:
            for o in objects:
                self.found.append(RelationCandidate(
                    relation, s, o, pattern, self.sent.start_char, self.sent.end_char, trigger.idx,
                    trigger.idx + len(trigger.text), clause[0], clause[1], negated))

    def expand(self, tok: Token) -> list[Token]:
        """The tokens an argument stands for: each conjunct, the names listed under a general noun, the
        antecedent of a relative pronoun."""
        if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
            tok = tok.head.head
            if tok.dep_ == "appos":  # "A and B, anarchists who ..."
                tok = tok.head
            while tok.dep_ == "conj":
                tok = tok.head
        out: list[Token] = []
        for m in _conjuncts(tok):
            listed = [x for p in m.children if p.dep_ == "prep" and p.lower_ in self.w["list_preps"]
                      and (p.lower_ != "as" or any(c.lower_ == "such" for c in p.children))
                      and (p.lower_ != "among" or m.pos_ == "PRON")
                      for x in p.children if x.dep_ == "pobj"]
            if listed and m.pos_ not in {"PROPN"} and m.i not in self.name_at:
                for x in listed:
                    out += _list_members(x)
                continue
            out.append(m)
        return out

    def args(self, tok: Token | None) -> list[Arg]:
        """Arguments for the phrase headed by ``tok`` (coordination and lists expanded)."""
        if tok is None:
            return []
        return [self.arg(m) for m in self.list_mates(tok) + self.expand(tok)]

    def list_mates(self, tok: Token) -> list[Token]:
        """"such as A, B, and C had shown ...": the small parser often cuts the last name of a list off and
        makes it the subject alone; the names listed before ", and C" belong with it."""
        doc = self.doc
        if tok.dep_ not in SUBJECT_DEPS or tok.i not in self.name_at:
            return []
        k = self.name_at[tok.i]
        first = tok.i
        while first > 0 and self.name_at.get(first - 1) is k:
            first -= 1
        if first > 0 and doc[first - 1].lower_ in {"the", "a", "an"}:
            first -= 1
        if first < 3 or doc[first - 1].lower_ not in {"and", "or"} or doc[first - 2].text != "," or \
                doc[first - 1].head.i == tok.i:
            return []
        head = doc[first - 3]
        for _ in range(8):  # climb from the name before ", and" to the list it belongs to
            if head.dep_ == "pobj" and head.head.lower_ in self.w["list_preps"]:
                return [m for m in _list_members(head) if m.i < first]
            if head.dep_ not in {"conj", "pobj", "prep", "appos", "compound"} or head.head.i == head.i:
                return []
            head = head.head
        return []

    def arg(self, tok: Token, proxy: bool = True, hints: bool = True, tier: int = 0) -> Arg:
        """One argument: the noun phrase headed by ``tok``, with what it may stand for."""
        doc = self.doc
        name = self.name_at.get(tok.i)
        if tok.lower_ in PRONOUNS and tok.pos_ == "PRON" or tok.tag_ in {"PRP", "PRP$"} and tok.lower_ in PRONOUNS:
            a = Arg(tok.idx, tok.idx + len(tok.text), tok.idx, tok.idx + len(tok.text), tok.text, "pronoun", tier=tier)
            if hints:
                a.alts = self.pronoun_hints(tok)
            return a
        if name is not None:
            return Arg(name.start, name.end, tok.idx, tok.idx + len(tok.text), name.text, tier=tier)
        left = tok.i
        for c in tok.children:
            if c.i < tok.i and c.dep_ in NP_LEFT_DEPS:
                left = min(left, c.left_edge.i)
        while left < tok.i and doc[left].is_punct:
            left += 1
        span = doc[left : tok.i + 1]
        # "the government of X", "the units that ..." introduce something new; "this movement, led by Y"
        # and "the committee" point back
        restricted = span[0].lower_ == "the" and any(
            c.dep_ in {"prep", "relcl", "acl"} and (c.dep_ != "prep" or c.lower_ == "of")
            and not (c.left_edge.i > 0 and doc[c.left_edge.i - 1].text == ",") for c in tok.children)
        a = Arg(span.start_char, span.end_char, tok.idx, tok.idx + len(tok.text), span.text,
                definite=span[0].lower_ in DEFINITE and not restricted and tok.pos_ != "PRON", tier=tier)
        if proxy and tok.pos_ in {"NOUN", "PROPN", "PRON", "ADJ", "NUM"}:
            a.alts = self.stand_ins(tok, hints)
        return a

    def stand_ins(self, tok: Token, hints: bool = True) -> list[Arg]:
        """What a common noun may stand for, best first: its apposition or parenthesis, or the noun it is
        in apposition to (tier 0); for proxy nouns ("the government of X", "X's forces", "delegations
        sent by X") their owner (tier 1); a capitalised modifier ("German troops", tier 2).  Nouns for people
        ("X's officers", "thousands of X") stand for their owner at tier 3: "X's officers arrested Y" says
        something of X, "X's officers led Y" does not make X a leader."""
        out: list[Arg] = []
        for c in tok.children:
            if c.dep_ == "appos":
                out += [self.arg(x, proxy=False, hints=hints) for x in _conjuncts(c)]
        if tok.dep_ == "appos":
            out.append(self.arg(tok.head, proxy=False, hints=hints))
        body = tok.lower_ in self.w["proxy_nouns"] or lemma(tok) in self.w["proxy_nouns"]
        people = tok.lower_ in self.w["people_nouns"]
        if body or people:
            tier = 1 if body else 3
            for c in tok.children:
                if c.dep_ == "poss":
                    out.append(self.arg(c, proxy=False, hints=hints, tier=tier))
            for x in _preps(tok, "of", "by"):
                out += [self.arg(y, proxy=False, hints=hints, tier=tier) for y in self.expand(x)]
            for c in tok.children:  # "delegations sent by X" (not "authorities led by X": that is a relation)
                if c.dep_ == "acl" and c.tag_ == "VBN" and lemma(c) not in self.w["verb_table"]:
                    for x in _preps(c, "by"):
                        out += [self.arg(y, proxy=False, hints=hints, tier=tier) for y in self.expand(x)]
            for c in tok.children:  # "German troops", "Soviet authorities", "Red leaders"
                if c.dep_ in {"amod", "compound"} and c.text[:1].isupper():
                    out.append(Arg(c.idx, c.idx + len(c.text), c.idx, c.idx + len(c.text), c.text, "word",
                                   tier=tier + 1))
        return out

    def pronoun_hints(self, tok: Token) -> list[Arg]:
        """Likely antecedents of a pronoun, best first: for a possessive or reflexive, the subject of its
        own clause; the subjects of the clauses above it ("X fled to Y, where they founded Z"); then the
        subjects of the sentence before."""
        hints: list[Arg] = []
        verb = tok.head
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        own = tok.dep_ == "poss" or tok.lower_ in {"themselves", "himself", "herself", "itself"}
        seen = 0
        below: Token | None = None  # the clause climbed from
        while seen < 4:
            if own or verb.i != tok.head.i or tok.dep_ not in SUBJECT_DEPS:
                # a clause above may name the antecedent after the pronoun only when the pronoun's clause is
                # a subordinate one put first ("After his release, Orlov ..."), never in a clause that follows
                ahead_ok = below is None or below.dep_ in SUBORDINATE_DEPS and below.i < verb.i
                for s in self.subject_tokens(verb):
                    if s.i != tok.i and s.lower_ not in PRONOUNS and s.lower_ not in RELATIVE_PRONOUNS \
                            and not s.left_edge.i <= tok.i <= s.right_edge.i \
                            and (s.i < tok.i or ahead_ok):  # not "its leaders" for "its"
                        hints += [self.arg(m, hints=False) for m in self.expand(s)]
            own = True
            if verb.head.i == verb.i:
                break
            nxt = verb.head
            while nxt.pos_ not in {"VERB", "AUX"} and nxt.head.i != nxt.i:
                nxt = nxt.head
            if nxt.i == verb.i:
                break
            below, verb = verb, nxt
            seen += 1
        if self.previous is not None:  # the subjects of the sentence before, its main subject first
            subjects = sorted((t for t in self.previous if t.dep_ in SUBJECT_DEPS and t.lower_ not in PRONOUNS
                               and t.lower_ not in RELATIVE_PRONOUNS),
                              key=lambda t: (t.head.i != self.previous.root.i, t.i))
            for s in subjects:
                hints += [self.arg(m, hints=False) for m in self.expand(s)]
        return hints

    # -- subjects and objects of verbs ------------------------------------------------------
    def subject_tokens(self, verb: Token, depth: int = 0) -> list[Token]:
        """The grammatical subject of a verb, climbing through coordination and control verbs."""
        subs = _children(verb, *SUBJECT_DEPS)
        if subs or depth > 4:
            return [s for s in subs if not _expletive(s)]
        if verb.dep_ == "conj" and verb.head.i != verb.i:
            return self.subject_tokens(verb.head, depth + 1)
        if verb.dep_ == "xcomp" and verb.head.pos_ in {"VERB", "AUX"}:
            objs = _children(verb.head, "dobj")
            return objs if objs and lemma(verb.head) not in {"promise"} else self.subject_tokens(verb.head, depth + 1)
        if verb.dep_ in {"advcl", "pcomp", "acomp"}:
            head = verb.head
            while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
                head = head.head
            if head.i != verb.i and head.pos_ in {"VERB", "AUX"}:
                return self.subject_tokens(head, depth + 1)
        if verb.dep_ == "relcl":
            return [verb.head]
        if verb.dep_ == "acl" and verb.tag_ == "VBG":
            return [verb.head]
        return []

    def logical_subjects(self, verb: Token) -> list[Arg]:
        """Who does what the verb says: the active subject, or the agent of a passive."""
        if _is_passive(verb):
            agents = _preps(verb, "by")
            return [a for x in agents for a in self.args(x)]
        return [a for s in self.subject_tokens(verb) for a in self.args(s)]

    def passive_patients(self, verb: Token) -> list[Arg]:
        """What a passive verb is done to: its subject, or the noun a participle modifies."""
        if verb.dep_ in {"acl", "amod"} and verb.tag_ == "VBN":
            return self.args(self.name_before_comma(verb) or verb.head)
        subjects = self.subject_tokens(verb)
        if not subjects and verb.dep_ == "advcl" and verb.tag_ == "VBN":  # "there were A and B, led by Z"
            named = self.name_before_comma(verb)
            return self.args(named) if named is not None else []
        return [a for s in subjects for a in self.args(s)]

    def name_before_comma(self, verb: Token) -> Token | None:
        """ "A in X and B in Y, led by Z": the parser often hangs a participle set off by a comma on the first
        noun of a list; a reader takes the organisation named last before the comma."""
        comma = verb.i - 1
        if comma < 1 or self.doc[comma].text != "," or verb.head.i >= comma - 1:
            return None
        for j in range(comma - 1, verb.head.i, -1):
            name = self.name_at.get(j)
            if name is not None and name.type in {"ORG", "GROUP"}:
                return self.doc[j]
            if self.doc[j].text in {";", ":", "(", ")"}:
                return None
        return None

    def direct_objects(self, verb: Token) -> list[Arg]:
        out = []
        for o in _children(verb, "dobj", "obj"):
            if o.lower_ in {"themselves", "himself", "herself", "itself"}:
                continue
            out += self.args(o)
        if out:
            # "arrested strike leaders along with many Mensheviks"
            for x in _preps(verb, "along", "together"):
                out += self.args(x)
        elif lemma(verb) in {"help", "assist", "aid", "enable"}:
            # "to help the Legion leave Russia": the one helped is the subject of what follows
            out = [a for c in _children(verb, "ccomp", "xcomp") for s in _children(c, "nsubj") for a in self.args(s)]
        return out

    # -- verbs ------------------------------------------------------------------------------
    def verb_relation(self, verb: Token) -> None:
        lem = lemma(verb)
        if any(c.dep_ == "prt" for c in verb.children):
            prt = next(c for c in verb.children if c.dep_ == "prt")
            lem2 = f"{lem} {prt.lower_}"
            if lem2 in self.w["verb_table"]:
                lem = lem2
        table = self.w["verb_table"].get(lem)
        if not table:
            return
        if lem == "be":
            return  # copula "X was in Y" is a place relation, found by place_verb
        if lem in {"form", "make"} and any(c.lower_ in self.w["part_nouns"] for c in _children(verb, "dobj")):
            return  # "formed part of", handled by part_noun
        passive = _is_passive(verb)
        negated = _negated(verb)
        refused = self.refusing(verb)
        for prep, relation in table.items():
            if relation == "LOCATED_IN":
                continue
            if prep is None:
                if lem == "enter" and any(c.lower_ in self.w["service_nouns"] for c in _children(verb, "dobj")):
                    continue
                if passive:
                    subs, objs = self.logical_subjects(verb), self.passive_patients(verb)
                else:
                    subs, objs = self.logical_subjects(verb), self.direct_objects(verb)
                pattern = f"{lem}:{'passive' if passive else 'active'}"
            else:
                objs = [a for p in prep.split() for x in _preps(verb, p) for a in self.args(x)]
                if not objs:
                    continue
                if passive and not _preps(verb, "by"):
                    subs = self.passive_patients(verb)  # "was opposed to", "is located in"
                else:
                    subs = self.logical_subjects(verb)
                pattern = f"{lem} {prep}"
            if relation == "NEGOTIATED_WITH" and not objs:
                objs = self.negotiation_partner(verb)
            if relation == "NEGOTIATED_WITH" and prep is None and not self.negotiation_partner(verb):
                # "negotiated a surrender" alone names no partner; "A and B negotiated" does
                subs_tokens = [s for t in self.subject_tokens(verb) for s in self.expand(t)]
                if len(subs_tokens) > 1:
                    self.mutual(relation, subs_tokens, "negotiate:mutual", verb, negated)
                continue
            if relation == "NEGOTIATED_WITH" and prep is None:
                objs = self.negotiation_partner(verb)
            if relation == "ARRESTED" and passive and not subs and objs:
                subs = [self.context_agent(verb)]
                pattern += ":context"
            if not subs or not objs:
                continue
            if relation == "MEMBER_OF":  # "its members joined X": the members, not their organisation, joined
                subs = [_named_only(a) for a in subs]
            elif relation in {"LEADER_OF", "FOUNDED"}:  # "his officers led X" does not make him the leader
                subs = [_named_only(a, 3) for a in subs]
            if refused and relation in self.w["refused_relations"]:
                if relation == "SUBMITTED_TO":
                    self.add("REFUSED", subs, objs, f"refuse:{pattern}", verb, False)
                    continue
                negated = True
            self.add(relation, subs, objs, pattern, verb, negated)
            if lem in self.w["place_verbs_agentless"] and relation == "FOUNDED":
                self.founded_in(verb, subs if not passive else objs, objs)

    def acting_against(self, verb: Token) -> None:
        """"X marched against Y", "X led the Committee against Y": whoever acts against Y opposes Y (and
        so do the forces X leads or sends against Y)."""
        targets = [a for x in _preps(verb, "against") for a in self.args(x)]
        if not targets or "OPPOSED" in (self.w["verb_table"].get(lemma(verb)) or {}).values():
            return
        negated = _negated(verb)
        actors = self.passive_patients(verb) if _is_passive(verb) and not _preps(verb, "by") else \
            self.logical_subjects(verb)
        self.add("OPPOSED", actors, targets, "against", verb, negated)
        if lemma(verb) in self.w["sending_verbs"] and not _is_passive(verb):
            self.add("OPPOSED", self.direct_objects(verb), targets, "against", verb, negated)

    def context_agent(self, verb: Token) -> Arg:
        """Who did what an agentless passive says ("Kuzmin was detained"): the authority the narrative
        was just speaking of, among the main arguments of the sentence before (resolved later)."""
        roots = [self.previous.root] if self.previous is not None else []
        if verb.i != self.sent.root.i:
            roots.insert(0, self.sent.root)
        alts: list[Arg] = []
        for root in roots:
            for c in root.children:
                if c.dep_ in SUBJECT_DEPS | {"dobj", "attr"} and c.i != verb.i and verb not in c.subtree:
                    alts += [self.arg(m, hints=False) for m in self.expand(c)]
        return Arg(verb.idx, verb.idx + len(verb.text), verb.idx, verb.idx + len(verb.text), verb.text, "context",
                   alts=alts)

    def clause_place(self, verb: Token) -> None:
        """"In Samara the legionnaires protected the Committee", "was handed over at X to the local
        Council": an organisation acted upon in a named place is there."""
        places = [x for x in _preps(verb, "in", "at") if x.i in self.name_at
                  and self.name_at[x.i].type in {"GPE", "LOC"}]
        if not places or lemma(verb) in {"be"}:
            return
        patients = [o for o in _children(verb, "dobj") if o.i in self.name_at]
        patients += [x for x in _preps(verb, "to") if x.i not in self.name_at or
                     self.name_at[x.i].type not in {"GPE", "LOC"}]
        if _is_passive(verb):
            patients += [s for s in _children(verb, "nsubjpass")]
        if patients:
            self.add("LOCATED_IN", [a for p in patients for a in self.args(p)],
                     [a for x in places for a in self.args(x)], "clause_place", verb, _negated(verb))

    def mutual(self, relation: str, parties: list[Token], pattern: str, trigger: Token, negated: bool) -> None:
        """A relation between each pair of coordinated parties ("X and Y negotiated")."""
        for i, a in enumerate(parties):
            for b in parties[i + 1 :]:
                self.add(relation, [self.arg(a)], [self.arg(b)], pattern, trigger, negated)

    def refusing(self, verb: Token) -> bool:
        """``verb`` is the complement of "refuse", "decline", "reject" ("refused to submit to Y")."""
        t = verb
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        return t.dep_ == "xcomp" and lemma(t.head) in self.w["refusing_verbs"]

    def negotiation_partner(self, verb: Token) -> list[Arg]:
        """"Delegations sent by X to Y began negotiating": Y, the addressee of the subject's mission."""
        for s in self.subject_tokens(verb):
            for c in s.children:
                if c.dep_ == "acl":
                    return [a for x in _preps(c, "to") for a in self.args(x)]
        return []

    def founded_in(self, verb: Token, _subs: list[Arg], founded: list[Arg]) -> None:
        """"Z was founded in PLACE": Z is located there."""
        places = [a for x in _preps(verb, *self.w["place_preps"]) for a in self.args(x)]
        if places:
            self.add("LOCATED_IN", founded, places, "founded_in", verb)

    def place_verb(self, verb: Token) -> None:
        """"X stands on A in B", "X stayed in Y", "who were in Y": X is there (and A is in B)."""
        lem = lemma(verb)
        table = self.w["verb_table"].get(lem) or {}
        preps = [p for p, r in table.items() if r == "LOCATED_IN" and p]
        if lem in self.w["place_verbs_agentless"] and lem not in {"base"}:
            subs = self.passive_patients(verb) if _is_passive(verb) else []
            places = [a for x in _preps(verb, *self.w["place_preps"]) for a in self.args(x)]
            if subs and places and not any(c.dep_ == "agent" for c in verb.children):
                self.add("LOCATED_IN", subs, places, f"{lem}_in", verb)
            return
        if not preps:
            return
        if lem == "be" and _children(verb, "attr", "acomp"):
            return
        if _is_passive(verb) or lem == "be":
            subs = [a for s in self.subject_tokens(verb) for a in self.args(s)]
        else:
            subs = self.logical_subjects(verb)
        found: list[Token] = []
        for p in preps:
            for x in _preps(verb, p):
                places = self.args(x)
                self.add("LOCATED_IN", subs, places, f"{lem} {p}", verb, _negated(verb))
                self.place_chain(x, verb, subs)
                found.append(x)
        found.sort(key=lambda t: t.i)
        for inner, outer in zip(found, found[1:], strict=False):  # "stands on A in B": A is in B
            if outer.head.lower_ == "in":
                self.add("LOCATED_IN", self.args(inner), self.args(outer), "place_chain", verb)

    def place_chain(self, place: Token, trigger: Token, outer: list[Arg]) -> None:
        """"on A in B": A is in B, and so is whatever is on A."""
        for y in _preps(place, *self.w["place_preps"]):
            inner = self.args(y)
            self.add("LOCATED_IN", self.args(place), inner, "place_chain", trigger)
            self.add("LOCATED_IN", outer, inner, "place_chain", trigger)
            self.place_chain(y, trigger, outer)

    # -- nouns ------------------------------------------------------------------------------
    def clause_subjects(self, noun: Token) -> tuple[list[Arg], Token | None, str]:
        """The subject of the clause a noun is an argument of ("X was a rising against Y" -> X), the
        verb, and how the noun hangs on it."""
        verb, how = _governing_verb(noun)
        if verb is None:
            # "X swore allegiance to Y" parsed with the verb as a modifier of the noun
            for c in noun.children:
                if c.dep_ in {"amod", "compound"} and c.tag_.startswith("VB") and c.i < noun.i:
                    return [a for s in _children(c, "nsubj") for a in self.args(s)], c, "dobj"
            return [], None, how
        if how == "subj":
            return [], verb, how
        if _is_passive(verb) and how == "pobj:by":
            return [], verb, how
        if _is_passive(verb) and how in {"dobj"}:  # "Y was given command of X"
            return [a for s in self.subject_tokens(verb) for a in self.args(s)], verb, how
        return self.logical_subjects(verb), verb, how

    def nominal_relation(self, noun: Token, relation: str) -> None:
        """Event and role nouns: "a rising against X", "an arrest campaign by X", "the blessing of X",
        "talks with X", "allegiance to X"."""
        trigger = noun
        if noun.dep_ == "compound" and noun.head.pos_ == "NOUN":  # "arrest campaign"
            noun = noun.head
        preps = self.w["noun_preps"][relation]
        owner = [a for c in noun.children if c.dep_ == "poss" for a in self.args(c)]
        by = [a for x in _preps(noun, "by") for a in self.args(x)]
        clause_subs, verb, how = self.clause_subjects(noun)
        targets: list[Arg] = []
        for x in self.preps_in(noun, preps, verb):
            targets += self.args(x)
        negated = verb is not None and _negated(verb)
        if relation == "OPPOSED":
            # "X was a rising against Y", "X waged war against Y", "X took part in the revolt against Y";
            # not "before the attack on Y, X decided ...": a noun in an adverbial phrase has its own agent
            if how in {"attr", "dobj", "oprd", "pobj:in"}:
                agents = clause_subs or owner or by
            else:
                agents = owner or by
            if targets and agents:
                self.add(relation, agents, targets, f"{lemma(trigger)} against", trigger, negated)
        elif relation == "ARRESTED":
            agents = by or owner
            if not targets and verb is not None and how.startswith("pobj"):
                # "X's approach led to an arrest campaign by Y": X is who was arrested
                targets = self.logical_subjects(verb)
            if agents and targets:
                self.add(relation, agents, targets, f"{lemma(trigger)} by", trigger, negated)
        elif relation == "SUPPORTED":
            agent_preps = self.w["support_agent_preps"]
            agents = owner + [a for x in _preps(noun, *agent_preps) for a in self.args(x)]
            # "the blessing of X as well as the Y": a name coordinated with the noun is another giver
            agents += [a for c in noun.children if c.dep_ == "conj" and c.i in self.name_at for a in self.args(c)]
            receiving = verb is not None and lemma(verb) in self.w["receiving_verbs"]
            if receiving:
                agents += [a for x in _preps(verb, *(agent_preps - {"of", "by"})) for a in self.args(x)]
            with_support = noun.dep_ == "pobj" and noun.head.lower_ in {"with", "under", "thanks"}
            if not targets and (receiving and how in {"dobj", "deep:of"} or with_support):
                targets = clause_subs if not with_support else self.logical_subjects(verb) if verb else []
            if agents and targets:
                self.add(relation, agents, targets, f"{lemma(trigger)} of", trigger, negated)
        elif relation == "NEGOTIATED_WITH":
            between = [t for x in _preps(noun, "between") for t in self.expand(x)]
            if len(between) > 1:  # "negotiations between X and Y"
                self.mutual(relation, between, f"{lemma(trigger)} between", trigger, negated)
                return
            if not targets and verb is not None and how == "dobj":  # "X and Y signed the treaty"
                subjects = [t for s in self.subject_tokens(verb) for t in self.expand(s)]
                if len(subjects) > 1:
                    self.mutual(relation, subjects, f"{lemma(trigger)}:mutual", trigger, negated)
                return
            if not targets:
                return
            if owner:
                parties = owner
            elif how == "subj" and verb is not None:
                parties = self.direct_objects(verb)  # "an agreement with X permitted the corps to ..."
            else:
                parties = clause_subs
            if not parties and noun.dep_ == "pobj" and verb is not None:
                parties = self.logical_subjects(verb)
            self.add(relation, parties, targets, f"{lemma(trigger)} with", trigger, negated)
        elif relation == "SUBMITTED_TO":
            if targets and clause_subs:
                self.add(relation, clause_subs, targets, f"{lemma(trigger)} to", trigger, negated)

    def preps_in(self, noun: Token, preps: set[str], verb: Token | None) -> list[Token]:
        """Objects of ``preps`` on the noun, inside its phrase (not crossing clauses), or on its verb."""
        out = []
        stack = [noun]
        while stack:
            t = stack.pop()
            out += _preps(t, *preps)
            for c in t.children:
                if c.dep_ in CLAUSE_DEPS and c.dep_ != "acl" or c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}:
                    continue
                if c.dep_ in {"prep", "pobj", "acl", "compound", "amod", "appos", "conj"} and c.i > noun.i:
                    stack.append(c)
        if not out and verb is not None:
            out = _preps(verb, *preps)
        seen: list[Token] = []
        for t in out:
            if t not in seen and t.i != noun.i:
                seen.append(t)
        return seen

    def command_noun(self, noun: Token) -> None:
        """"under the command of Y" (Y leads the clause's subject), "Y was given / took command of X"."""
        owners = [c for c in noun.children if c.dep_ == "poss"] + _preps(noun, "of")
        if noun.dep_ == "pobj" and noun.head.lower_ == "under" and owners:
            verb = noun.head.head
            while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
                verb = verb.head
            led = self.passive_patients(verb) if _is_passive(verb) else self.logical_subjects(verb)
            self.add("LEADER_OF", [a for o in owners for a in self.args(o)], led, "under_command_of", noun,
                     _negated(verb))
            return
        verb, how = _governing_verb(noun)
        if verb is None or lemma(verb) not in self.w["command_taking_verbs"]:
            return
        # "took command of X": the parser may hang "of X" on the verb
        of = _preps(noun, "of") or (_preps(verb, "of") if how == "dobj" else [])
        if not of:
            return
        if how == "dobj" and _is_passive(verb):
            holders = [a for s in self.subject_tokens(verb) for a in self.args(s)]
        elif how == "dobj" and _children(verb, "dative"):
            holders = [a for d in _children(verb, "dative") for a in self.args(d)]
        elif how == "dobj":
            holders = self.logical_subjects(verb)
        else:
            return
        led = [a for x in of for a in self.args(x)]
        self.add("LEADER_OF", holders, led, f"{lemma(verb)}_command_of", noun, _negated(verb))

    def service_noun(self, noun: Token) -> None:
        """"entered Y's service", "entered the service of Y": submission to Y."""
        verb, how = _governing_verb(noun)
        if verb is None or how != "dobj" or lemma(verb) not in {"enter", "join", "take"}:
            return
        masters = [a for c in noun.children if c.dep_ == "poss" for a in self.args(c)]
        masters += [a for x in _preps(noun, "of") for a in self.args(x)]
        if masters:
            self.add("SUBMITTED_TO", self.logical_subjects(verb), masters, "enter_service", noun, _negated(verb))

    def office_words(self, tok: Token) -> str | None:
        """"LEADER_OF" or "MEMBER_OF" (or "FOUNDED") when ``tok`` heads an office noun ("chairman",
        "chief of staff", "senior clerk", "Prime Minister", "commander-in-chief")."""
        if not tok.text[:1].islower() and tok.i in self.name_at:
            return None
        doc = tok.doc
        for n in range(min(5, tok.i + 1), 1, -1):  # offices of several words, longest first
            phrase = doc[tok.i - n + 1 : tok.i + 1].text.lower()
            if phrase in self.w["leading_offices"]:
                return "LEADER_OF"
            if phrase in self.w["member_offices"]:
                return "MEMBER_OF"
        low = tok.lower_
        if low == "chief" and any(x.lower_ == "staff" for x in _preps(tok, "of")):
            return "MEMBER_OF"
        if low in self.w["founder_offices"]:
            return "FOUNDED"
        if low in self.w["leading_offices"]:
            lowered = any(c.lower_.rstrip("-") in self.w["lowering_modifiers"] for c in tok.children
                          if c.i < tok.i) or tok.i > 0 and tok.doc[tok.i - 1].lower_.endswith("-") and \
                tok.doc[tok.i - 1].lower_.rstrip("-") in self.w["lowering_modifiers"]
            return "MEMBER_OF" if lowered else "LEADER_OF"
        if low in self.w["member_offices"] and tok.pos_ == "NOUN":
            return "MEMBER_OF"
        return None

    def office_noun(self, noun: Token) -> None:
        """"Y, chairman of X", "Y became the head of X", "Y, the X's chief of staff", "Y, a clerk on X"."""
        relation = self.office_words(noun)
        if relation is None:
            return
        orgs = self.office_orgs(noun)
        if not orgs and relation == "LEADER_OF" and noun.dep_ in {"attr", "oprd"}:
            # "Y became chairman": of the organisation the text was just speaking of
            orgs = [Arg(noun.idx, noun.idx + len(noun.text), noun.idx, noun.idx + len(noun.text), noun.text,
                        "nearest_org")]
        if not orgs:
            return
        holders = self.office_holders(noun)
        if holders:
            self.add(relation, holders, orgs, f"office:{noun.lower_}", noun)

    def office_orgs(self, noun: Token) -> list[Arg]:
        """The organisation an office belongs to: its possessor, or the object of "of"/"on"/"in"/"at"."""
        # "the corps' chief of staff", "its real leader" (not "his deputy": a person's, not a body's)
        out = [a for c in noun.children if c.dep_ == "poss" and c.lower_ not in PERSONAL_POSSESSIVES
               for a in self.args(c)]
        # "the Bolshevik leader Vladimir Lenin", "Petrograd Soviet chairman Zinoviev": the body named before
        for c in noun.children:
            if c.i < noun.i and c.dep_ in {"compound", "amod", "nmod"} and c.text[:1].isupper():
                if c.i in self.name_at:
                    out.append(self.arg(c))
                else:
                    out.append(Arg(c.idx, c.idx + len(c.text), c.idx, c.idx + len(c.text), c.text, "modifier"))
        of = _preps(noun, "of", "on", "aboard", "at", "in", "with", "to")
        if noun.lower_ == "chief":
            of = [y for x in of for y in (_preps(x, "of") if x.lower_ == "staff" else [x])]
        for x in of:
            if x.ent_type_ in {"DATE", "TIME", "CARDINAL"}:
                continue
            arg = self.args(x)
            out += arg
            if x.pos_ not in {"PROPN"} and x.i not in self.name_at and x.head.lower_ == "of":
                # "the head of a yet to be defined Movement": a parser slip; the next name will do
                nxt = self.next_name(x.head)
                if nxt is not None:
                    a = self.arg(nxt)
                    for b in arg:
                        b.alts.append(a)
        return out

    def next_name(self, tok: Token) -> Token | None:
        for k in range(tok.i + 1, min(self.sent.end, tok.i + 10)):
            t = self.doc[k]
            if t.is_punct and t.text not in {"'", "’", '"'}:
                return None
            n = self.name_at.get(k)
            if n is not None and n.type in {"ORG", "GROUP"}:
                end = k
                while end + 1 < self.sent.end and self.name_at.get(end + 1) is n:
                    end += 1
                return self.doc[end]
        return None

    def office_holders(self, noun: Token) -> list[Arg]:
        """The person holding an office noun: the name it is in apposition with, the subject of "became
        / was / emerged as", or the name in apposition to it."""
        t = noun
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        if t.dep_ == "appos":
            return self.args(t.head)
        apposed = [c for c in t.children if c.dep_ == "appos"]
        if apposed:
            return [a for c in apposed for a in self.args(c)]
        if t.dep_ in {"attr", "oprd", "dobj"} and lemma(t.head) in APPOINTING_VERBS:
            # "the Cossacks elected him ataman", "Lenin named Trotsky commissar": the one elected is the object
            # before the office
            named = [o for o in t.head.children if o.dep_ == "dobj" and o.i < t.i]
            if named:
                return [a for o in named for a in self.args(o)]
        if t.dep_ in {"attr", "oprd", "dobj", "acomp"} and t.head.pos_ in {"VERB", "AUX"}:
            verb = t.head
            if lemma(verb) not in self.w["becoming_verbs"]:
                return []
            if t.dep_ == "dobj" and not _is_passive(verb):
                return []
            return [a for s in self.subject_tokens(verb) for a in self.args(s)]
        if t.dep_ == "pobj" and t.head.lower_ == "as":
            verb = t.head.head
            if verb.pos_ in {"VERB", "AUX"} and lemma(verb) in {"succeed", "replace"}:
                # "Y was succeeded by Z as chairman", "Z succeeded Y as chairman": Z holds it now
                new = _preps(verb, "by") if _is_passive(verb) else self.subject_tokens(verb)
                return [a for s in new for a in self.args(s)]
            if verb.pos_ in {"VERB", "AUX"}:
                if _is_passive(verb) or lemma(verb) in {"appoint", "name", "elect", "choose", "install"} and \
                        _children(verb, "dobj"):
                    subj = _children(verb, "dobj") or self.subject_tokens(verb)
                    return [a for s in subj for a in self.args(s)]
                return [a for s in self.subject_tokens(verb) for a in self.args(s)]
        if t.dep_ == "compound" and t.head.pos_ == "PROPN":  # "Baltic Fleet commissar Nikolai Kuzmin"
            return self.args(t.head)
        if t.dep_ in SUBJECT_DEPS and lemma(t.head) == "be":  # "its first chairman was Y", "its leaders were Y and Z"
            return [a for c in t.head.children if c.dep_ == "attr" for a in self.args(c)]
        return []

    def titled_person(self, tok: Token) -> None:
        """"Metropolitan Y of the Church Z" (MEMBER_OF, or LEADER_OF for a leading title) and
        "chairman Y" with no "of" (LEADER_OF the organisation named nearest before)."""
        name = self.name_at.get(tok.i)
        if name is not None:
            # only the last token of the name carries its prepositions
            end = tok.i
            while end + 1 < self.sent.end and self.name_at.get(end + 1) is name:
                end += 1
            if end != tok.i:
                return
        title = name.title if name is not None and name.title else None
        if title is None:
            comp = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i]
            for c in comp:
                key = c.lower_.rstrip(".")
                if key in self.titles or key in self.w["leading_offices"]:
                    title = c.text
                    break
        if title is None:
            # "Nikita Muravyov of the Northern Society": an untitled person of a named body is one of its members
            orgs = [x for x in _preps(tok, "of") if x.i in self.name_at and self.name_at[x.i].type in {"ORG"}]
            if orgs and name is not None:
                self.add("MEMBER_OF", [self.arg(tok)], [a for x in orgs for a in self.args(x)], "person_of", tok)
            return
        key = title.casefold().rstrip(".")
        leading = key in self.w["leading_titles"]
        orgs = [x for x in _preps(tok, "of")]
        if orgs:
            self.add("LEADER_OF" if leading else "MEMBER_OF", [self.arg(tok)], [a for x in orgs for a in self.args(x)],
                     f"title_of:{key}", tok)
        elif key in self.w["unnamed_leading_titles"]:
            org = Arg(tok.idx, tok.idx + len(tok.text), tok.idx, tok.idx + len(tok.text), title, "nearest_org")
            self.add("LEADER_OF", [self.arg(tok)], [org], f"title:{key}", tok)

    def of_person(self, noun: Token) -> None:
        """"the Corps of General Y", "the Cossacks of Ataman Y", "the Division under General Y": Y leads
        the unit."""
        if noun.i in self.name_at and self.name_at[noun.i].type == "PERSON":
            return
        for prep in ("of", "under"):
            for x in _preps(noun, prep):
                n = self.name_at.get(x.i)
                title = (n.title or "") if n is not None else ""
                titled = n is not None and n.type == "PERSON" and (self.commanding_title(title) or any(
                    c.dep_ == "compound" and self.commanding_title(c.text) for c in x.children))
                if titled or n is not None and n.type == "PERSON" and noun.i in self.name_at and \
                        not (n.title and not self.commanding_title(n.title)):
                    # the people coordinated with Y, not a unit the parser hung there: "the Siberian Army
                    # under Gajda and the Western Army under Khanzhin"
                    leaders = [m for m in _conjuncts(x) if m.i == x.i or (self.name_at.get(m.i) is not None
                                                                           and self.name_at[m.i].type == "PERSON")]
                    self.add("LEADER_OF", [self.arg(m) for m in leaders], [self.arg(self.unit_before(noun, x.head))],
                             f"unit_{prep}_person", noun)

    def unit_before(self, noun: Token, prep: Token) -> Token:
        """The unit a "under Y" phrase goes with: the organisation named nearest before it, which the small
        parser often hangs on the first of two ("the Siberian Army under A and the Western Army under B")."""
        own = self.name_at.get(noun.i)
        for k in range(prep.i - 1, noun.i, -1):
            name = self.name_at.get(k)
            if name is not None and name is not own and name.type == "ORG":
                return self.doc[k]
        return noun

    def owned_unit(self, noun: Token) -> None:
        """"Denikin's Volunteer Army", "his Siberian Army": a person's named organisation is led by them."""
        name = self.name_at.get(noun.i)
        if name is None or name.type not in {"ORG"}:
            return
        for c in noun.children:
            if c.dep_ != "poss":
                continue
            owner = self.name_at.get(c.i)
            if owner is not None and owner.type == "PERSON" or c.lower_ in {"his", "her"}:
                self.add("LEADER_OF", [self.arg(c)], [self.arg(noun)], "possessor", noun)

    def commanding_title(self, title: str) -> bool:
        """A rank or office ("General", "Ataman"), not an honorific ("Saint", "Mr")."""
        t = self.titles.get(title.casefold().rstrip("."))
        return t is not None and t.kind not in {"honorific", "academic"}

    def in_place(self, noun: Token) -> None:
        """"the Corps in Serbia": an organisation named with the place it is in."""
        if noun.i not in self.name_at or self.name_at[noun.i].type not in {"ORG", "GROUP", "LOC", "GPE"}:
            return
        name = self.name_at[noun.i]
        for x in _preps(noun, "in"):
            if self.name_at.get(x.i) is name:
                continue
            self.add("LOCATED_IN", [self.arg(noun)], self.args(x), "name_in_place", noun)

    def place_noun(self, noun: Token) -> None:
        """"Y, the main base of X" / "Y was the base of X": X is in Y; "Y, the capital of X" /
        "Y, an island in X": Y is in X."""
        low = noun.lower_
        t = noun
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        if t.dep_ == "appos":
            holders = self.args(t.head)
        elif t.dep_ in {"attr"} and t.head.pos_ in {"VERB", "AUX"} and lemma(t.head) in {"be", "become", "remain"}:
            holders = [a for s in self.subject_tokens(t.head) for a in self.args(s)]
        else:
            return
        if low in self.w["place_nouns"]:
            owners = [a for x in _preps(noun, "of", "for") for a in self.args(x)]
            owners += [a for c in noun.children if c.dep_ == "poss" for a in self.args(c)]
            self.add("LOCATED_IN", owners, holders, f"{low}_of", noun)
        if low in self.w["inverse_place_nouns"]:
            preps = ("in", "on", "at") if low in self.w["place_nouns"] else ("of", "in", "on", "at")
            places = [a for x in _preps(noun, *preps) for a in self.args(x)]
            self.add("LOCATED_IN", holders, places, f"{low}_in", noun)

    def part_noun(self, noun: Token) -> None:
        """"X as part of Y", "X, part of Y", "X became part of Y": X is part of Y."""
        wholes = [a for x in _preps(noun, "of") for a in self.args(x)]
        if not wholes:
            return
        t = noun
        parts: list[Arg] = []
        if t.dep_ == "appos":
            parts = self.args(t.head)
        elif t.dep_ in {"attr", "dobj", "oprd"} and lemma(t.head) in self.w["part_verbs"]:
            parts = [a for s in self.subject_tokens(t.head) for a in self.args(s)]
        elif t.dep_ == "pobj" and t.head.lower_ == "as":
            host = t.head.head
            if host.pos_ in {"NOUN", "PROPN"}:
                parts = self.args(host)
            elif host.pos_ in {"VERB", "AUX"}:
                objs = _children(host, "dobj")
                # "obtained recognition of the corps as part of Y": the corps
                inner = [x for o in objs for x in _preps(o, "of")]
                targets = inner or objs
                parts = [a for o in targets for a in self.args(o)] if targets else \
                    [a for s in self.subject_tokens(host) for a in self.args(s)]
        if parts and noun.lower_ in {"part", "branch", "wing", "section", "component", "arm", "subdivision",
                                     "element", "detachment", "affiliate", "offshoot", "chapter", "department",
                                     "division", "unit", "member"}:
            self.add("PART_OF", parts, wholes, f"{noun.lower_}_of", noun)

    def anti(self, tok: Token) -> None:
        """"an anti-Bolshevik government": what the noun names is opposed to the Bolsheviks."""
        doc = self.doc
        if tok.lower_.startswith("anti-") and len(tok.text) > 5:
            target = Arg(tok.idx + 5, tok.idx + len(tok.text), tok.idx + 5, tok.idx + len(tok.text), tok.text[5:],
                         "word")
            noun = tok.head
        else:
            k = tok.i + 1
            if k < len(doc) and doc[k].text in {"-", "–"}:
                k += 1
            if k >= len(doc) or not doc[k].text[:1].isupper():
                return
            w = doc[k]
            target = Arg(w.idx, w.idx + len(w.text), w.idx, w.idx + len(w.text), w.text, "word")
            noun = w.head if w.head.i != tok.i else tok.head
        while noun.dep_ in {"amod", "compound"} and noun.head.i != noun.i:
            noun = noun.head
        if noun.pos_ not in {"NOUN", "PROPN"}:
            return
        self.add("OPPOSED", self.args(noun), [target], "anti", tok)


def describe_candidates(cands: list[RelationCandidate], text: str) -> list[str]:
    """Human-readable lines for debugging: relation, pattern and the argument texts."""
    out = []
    for c in cands:
        out.append(f"{c.subject.text!r} {c.relation} {c.object.text!r} [{c.pattern}]"
                   f"{' (negated)' if c.negated else ''} :: {text[c.sentence_start:c.sentence_end][:80]}")
    return out


if not Doc.has_extension("relation_candidates"):
    Doc.set_extension("relation_candidates", default=None)


@Language.factory("annals_relations")
def make_relation_finder(nlp: Language, name: str) -> RelationFinder:
    """The annals relation finder; runs after ``annals_names`` (it uses ``doc._.names``)."""
    return RelationFinder(nlp)


