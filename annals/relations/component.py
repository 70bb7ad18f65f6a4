"""The ``annals_relations`` pipeline component: typed relations between the things a sentence names.

For each clause the component looks at the dependency paths between the phrases that may name an
entity (names, pronouns, descriptions such as "the committee") and types a path by the class of the
word it goes through, from one lexicon (``data/relation_lexicon.json``, classes after VerbNet/Levin)
and the registry of relation types (:mod:`annals.relations.registry`).  The paths it knows are general
constructions of English:

* a verb of a class with its logical subject and its object, in either voice: the active subject or
  the passive agent ("by X"), the direct object or the passive subject, or the object of the
  preposition the lexicon names ("X fought against Y", "X allied with Y", "X fled to Y"); a participle
  on a noun ("X, commanded by Y, ...") and a relative clause take the noun; coordinated subjects and
  objects each get the relation; a verb under "refused to" gives REFUSED; "not"/"never"/"failed to"
  negate; any verb "against Y" opposes Y; "X sent troops to Y" supports Y;
* nominal forms: "the siege of X by Y", "Y's invasion of X", "an alliance between X and Y", "the
  treaty with X", "the arrest of X", "a rising against X" (the agent from "by", the possessor, or the
  subject of the light verb: "X waged war on Y", "X signed a treaty with Y"); "Y won the support of X",
  "with the support of X", "in support of Y"; "under the command of Y", "Y took command of X";
* relational nouns said of a holder (apposition, copula, "as", an appointing verb's object, a compound
  before a name): offices ("Y, king of X", "the Athenian general Y", "X's admiral Y", "Y became
  president of X"), allies and enemies ("X, an ally of Y"), parts ("X, a branch of Y"), places
  ("Y, the capital of X"; "Y, the main base of X");
* a titled name "of" a body ("Metropolitan Y of the Church Z"), "the army of General Y", "X's army"
  (a person's named unit), "under Y" (a person leads the unit or the one acting);
* places: "at A in B" (A is in B), "A, B" for two places, "the Corps in Serbia", "X was founded in Y".

Arguments are phrases (:class:`Arg`), not entities: the document-level step (:mod:`annals.relations.document`)
resolves them (pronouns and definite descriptions included) once every name of the document is known
and keeps only the relations whose entity types the registry allows.
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
from annals.relations.registry import CLASS_RELATION

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
SUBORDINATE_DEPS = {"advcl", "prep", "pcomp", "npadvmod", "pobj"}  # clauses and phrases that can come before their head
PRONOUNS = {"he", "him", "his", "himself", "she", "her", "hers", "herself", "they", "them", "their", "theirs",
            "themselves", "it", "its", "itself"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom", "whose"}
DEFINITE = {"the", "this", "that", "these", "those", "its", "his", "her", "their", "our"}
NP_LEFT_DEPS = {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "predet", "advmod"}
CLAUSE_DEPS = {"relcl", "acl", "ccomp", "advcl", "xcomp", "csubj", "parataxis"}
PREPOSITIONS = {"to", "with", "against", "on", "in", "at", "into", "over", "for", "from", "by", "behind", "alongside",
                "between", "around", "upon", "under", "of", "off", "near", "outside", "inside", "within", "beside"}
PLACE_TYPES = {"GPE", "LOC"}
VERBISH = {"VERB", "AUX"}


@dataclass(frozen=True)
class VerbSpec:
    """One lexicon entry of a verb: its class, the words that must go with it ("declare war on": "war"),
    and the preposition that gives its second argument (None: the direct object)."""

    cls: str
    middles: tuple[str, ...]
    prep: str | None


@cache
def lexicon() -> dict[str, Any]:
    """The relation lexicon of ``data/relation_lexicon.json``, with lookup tables built from it."""
    with resources.files("annals").joinpath("data", "relation_lexicon.json").open(encoding="utf-8") as f:
        data = json.load(f)
    out: dict[str, Any] = {k: set(v) if isinstance(v, list) else v for k, v in data.items()}
    verbs: dict[str, list[VerbSpec]] = {}
    for cls, entries in data["verb_classes"].items():
        for entry in entries:
            parts = entry.split()
            prep = parts[-1] if len(parts) > 1 and parts[-1] in PREPOSITIONS else None
            middles = tuple(parts[1 : len(parts) - (1 if prep else 0)])
            spec = VerbSpec(cls, middles, prep)
            if spec not in verbs.setdefault(parts[0], []):
                verbs[parts[0]].append(spec)
    out["verb_table"] = verbs
    adjectives: dict[str, list[tuple[str, str]]] = {}
    for cls, entries in data["adjective_classes"].items():
        for entry in entries:
            adj, prep = entry.split()
            adjectives.setdefault(adj, []).append((cls, prep))
    out["adjective_table"] = adjectives
    events: dict[str, str] = {}
    for cls, spec in data["event_nouns"].items():
        for w in spec["words"]:
            events.setdefault(w, cls)
    out["event_table"] = events
    offices: dict[str, str] = {}
    for cls, ws in data["offices"].items():
        for w in ws:
            offices.setdefault(w, cls)
    out["office_table"] = offices
    out["max_office_words"] = max(len(w.split()) for w in offices)
    out["office_last_words"] = frozenset(w.split()[-1] for w in offices)
    return out


def lemma(tok: Token) -> str:
    """spaCy's lemma of the token, lowercased (the form itself when the pipeline has no lemmatizer)."""
    if tok.pos_ == "VERB" and (tok.tag_ == "VB" or tok.tag_ in {"VBN", "VBD"} and tok.i > 0 and
                               tok.doc[tok.i - 1].lower_ == "to") and tok.text.isalpha():
        return tok.text.lower()  # a base form is its own lemma ("to found" is not "find")
    return (tok.lemma_ or tok.text).lower()


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


def _named_only(arg: Arg, below: int) -> Arg:
    """The argument without what it may stand for from tier ``below`` on (keeps appositions)."""
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
    # a participle hung on a noun, or set off as a clause with its agent ("the fleet sailed, led by Y")
    if (verb.tag_ == "VBN" or verb.tag_ == "VBD" and lemma(verb) in lexicon()["placing_verbs"]) and \
            verb.dep_ == "conj" and verb.head.i != verb.i and verb.head.pos_ in VERBISH and \
            not any(c.dep_ in SUBJECT_DEPS or c.dep_ in {"aux", "dobj"} for c in verb.children) and \
            any(c.dep_ == "auxpass" for c in verb.head.children):
        # "Y was captured at Z and executed": the second participle shares the passive (one the tagger took for a
        # past tense only when the verb is never intransitive: "was besieged and surrendered" is active)
        return True
    return verb.tag_ == "VBN" and (verb.dep_ in {"acl", "amod"}
                                   or verb.dep_ in {"advcl", "conj"} and any(c.dep_ == "agent" for c in verb.children))


ORDER_NOUNS = {"order", "orders", "command", "commands", "instruction", "instructions", "behest"}


def _order_givers(verb: Token) -> list[Token]:
    """"Y was executed on the orders of X", "... on X's orders", "at the command of X": the one who had it done."""
    out = []
    for p in verb.children:
        if p.dep_ != "prep" or p.lower_ not in {"on", "at", "by", "upon", "under"}:
            continue
        for o in p.children:
            if o.dep_ != "pobj" or o.lower_ not in ORDER_NOUNS:
                continue
            out += [c for c in o.children if c.dep_ == "poss" and c.lower_ not in PRONOUNS]
            out += [x for q in o.children if q.dep_ == "prep" and q.lower_ == "of"
                    for x in q.children if x.dep_ == "pobj"]
    return out


def _negated(verb: Token) -> bool:
    """The verb is negated ("did not support", "never joined", "failed to join")."""
    if any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children):
        return True
    head = verb
    while head.dep_ == "xcomp" and head.head.i != head.i:
        head = head.head
        if any(c.dep_ == "neg" for c in head.children) or lemma(head) in lexicon()["negating_verbs"]:
            return True
    return False


def _not_done(verb: Token) -> bool:
    """"instead of marching on X", "rather than fight X", "without fighting X": a deed set aside, not done."""
    doc, i = verb.doc, verb.i
    before = [t.lower_ for t in doc[max(verb.sent.start, i - 2) : i]]
    return before[-2:] in (["instead", "of"], ["rather", "than"]) or before[-1:] == ["without"] and verb.tag_ == "VBG"


def _expletive(tok: Token) -> bool:
    """ "it" in "it would be better to ...", "it seemed that ...": a placeholder, not a pronoun."""
    return tok.lower_ == "it" and lemma(tok.head) in {"be", "seem", "appear", "become", "remain", "prove"} and \
        any(c.dep_ in {"xcomp", "ccomp", "csubj"} for c in tok.head.children)


def _conjuncts(tok: Token) -> list[Token]:
    """``tok`` and everything coordinated with it ("A, B and C", "A as well as B")."""
    out = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ == "conj" and c not in out and c.pos_ not in VERBISH:
                out.append(c)
                stack.append(c)
    out.sort(key=lambda t: t.i)
    return out


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


def _pronoun_class(tok: Token) -> str:
    """"he", "him", "his", "himself" -> "m"; "she" ... -> "f"; "they" ... -> "p"; "it" ... -> "n"."""
    low = tok.lower_
    if low in {"he", "him", "his", "himself"}:
        return "m"
    if low in {"she", "her", "hers", "herself"}:
        return "f"
    if low in {"they", "them", "their", "theirs", "themselves"}:
        return "p"
    return "n"


def _top_conjunct(tok: Token) -> Token:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _verb_above(tok: Token) -> Token:
    """The nearest verb at or above ``tok`` (``tok`` itself at the root)."""
    verb = tok
    while verb.pos_ not in VERBISH and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _clause_span(tok: Token) -> tuple[int, int]:
    """Character range of the clause a trigger belongs to: the subtree of its finite verb (a participle
    takes the time of the clause it hangs on: "X, led by Y, crossed the river in 1919"); a noun in an
    apposition keeps to the apposition ("Y, the founder of X, died in 1950" does not date the founding)."""
    verb = tok
    while verb.pos_ not in VERBISH and verb.head.i != verb.i:
        if verb.dep_ == "appos":
            return verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge.text)
        verb = verb.head
    for _ in range(4):
        if verb.dep_ not in {"acl", "amod"} or verb.tag_ not in {"VBN", "VBG"} or verb.head.i == verb.i:
            break
        up = _verb_above(verb.head)
        if up.pos_ not in VERBISH:
            break
        verb = up
    left, right = verb.left_edge, verb.right_edge
    return left.idx, right.idx + len(right.text)


def _governing_verb(tok: Token) -> tuple[Token | None, str]:
    """The verb a noun is an argument of, and how: "dobj", "attr", "subj", "pobj:<prep>" ..."""
    t = _top_conjunct(tok)
    if t.dep_ in {"dobj", "attr", "oprd", "dative"} and t.head.pos_ in VERBISH:
        return t.head, t.dep_
    if t.dep_ == "acomp" and t.head.pos_ in VERBISH:
        return t.head, "attr"
    if t.dep_ in SUBJECT_DEPS and t.head.pos_ in VERBISH:
        return t.head, "subj"
    if t.dep_ == "pobj" and t.head.dep_ in {"prep", "agent", "dative"}:
        p = t.head
        if p.head.pos_ in VERBISH:
            return p.head, f"pobj:{p.lower_}"
        if p.head.pos_ in {"NOUN", "PROPN"} and p.head.dep_ in {"dobj", "attr"} and p.head.head.pos_ in VERBISH:
            return p.head.head, f"deep:{p.lower_}"
    return None, ""


class RelationFinder:
    """The pipeline component: holds the lexicon only, no state of a document, so that one instance
    (the cached pipeline) can serve many threads at once; each call works in its own :class:`_DocPass`."""

    def __init__(self, nlp: Language | None = None):
        self.w = lexicon()
        self.titles = knowledge.titles()

    def __call__(self, doc: Doc) -> Doc:
        doc._.relation_candidates = _DocPass(self.w, self.titles, doc).run()
        return doc


class _DocPass:
    """The relation finding of one Doc: the document's names and the sentence at hand live here, one
    object per call; see the module docstring for the paths it knows."""

    def __init__(self, w: dict[str, Any], titles: dict[str, Any], doc: Doc):
        self.w = w
        self.titles = titles
        self.doc = doc
        self.names = sorted(getattr(doc._, "names", None) or [], key=lambda n: n.start)
        self.name_at: dict[int, Any] = {}
        for n in self.names:
            span = doc.char_span(n.start, n.end, alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.name_at.setdefault(t.i, n)
        self.sent: Span = doc[0:0]
        self.previous: Span | None = None
        self.found: list[RelationCandidate] = []

    def run(self) -> list[RelationCandidate]:
        out: list[RelationCandidate] = []
        previous: Span | None = None
        for sent in self.doc.sents:
            self.sent = sent
            self.previous = previous
            self.found = []
            for tok in sent:
                self.token_patterns(tok)
            out += self.found
            previous = sent
        return out

    def token_patterns(self, tok: Token) -> None:
        if tok.pos_ in VERBISH or tok.tag_.startswith("VB"):
            self.verb_relation(tok)
            self.against(tok)
            self.sending_support(tok)
            self.holding_for(tok)
            self.verb_under_person(tok)
            self.verb_object_place_chain(tok)
            self.renaming(tok)
            self.yielding(tok)
            self.revolting(tok)
            self.declining(tok)
            self.refused_recipient(tok)
        if tok.lower_ == "under" and tok.dep_ == "prep" and tok.head.pos_ not in VERBISH:
            self.loose_under(tok)
        if tok.n_rights >= 2:
            self.verb_place_chain(tok)  # on a verb or on the noun the parser hung both phrases on
        if tok.dep_ == "prep" and tok.lower_ in {"on", "in", "at", "near", "by"}:
            self.set_off_place(tok)
        if tok.pos_ == "ADJ" or tok.tag_ == "VBN":
            self.adjective_relation(tok)
        if tok.pos_ in {"NOUN", "PROPN"} or tok.tag_ in {"NN", "NNS", "NNP", "NNPS", "VBG"}:
            named = tok.i in self.name_at and not tok.text[:1].islower()
            cls = self.w["event_table"].get(tok.lower_) or self.w["event_table"].get(lemma(tok))
            # a named treaty is still a treaty: "signed the Treaty of Paris with Spain"
            if cls and (not named or cls == "negotiate"):
                self.event_noun(tok, cls)
            if not named or self.title_name(tok):
                self.office_noun(tok)
            self.under_person(tok)
            self.named_roll(tok)
            self.headship(tok)
            self.owned_unit(tok)
            self.of_person(tok)
            self.body_of_body(tok)
            self.place_chain(tok)
        if tok.i in self.name_at and self.name_at[tok.i].type == "PERSON":
            self.titled_person(tok)
        if tok.lower_.startswith("anti"):
            self.anti(tok)

    # -- building arguments ---------------------------------------------------------------
    def add(self, relation: str, subjects: Iterable[Arg], objects: Iterable[Arg], pattern: str, trigger: Token,
            negated: bool = False) -> None:
        objects = list(objects)
        if trigger.pos_ in VERBISH and _not_done(trigger):
            return
        clause = _clause_span(trigger)
        for s in subjects:
            for o in objects:
                if (s.start, s.end) == (o.start, o.end):
                    continue
                self.found.append(RelationCandidate(
                    relation, s, o, pattern, self.sent.start_char, self.sent.end_char, trigger.idx,
                    trigger.idx + len(trigger.text), clause[0], clause[1], negated))

    def expand(self, tok: Token) -> list[Token]:
        """The tokens an argument stands for: each conjunct, the names listed under a general noun, the
        antecedent of a relative pronoun."""
        clause = tok.head
        while clause.dep_ in {"xcomp", "ccomp"} and clause.head.i != clause.i and tok.dep_ in {"dobj", "pobj"}:
            clause = clause.head  # "the guild which she helped to create": the relative clause above the verb
        if tok.lower_ in RELATIVE_PRONOUNS and clause.dep_ == "relcl" and tok.i < clause.i:
            tok = clause.head
            if tok.dep_ == "appos":  # "A and B, anarchists who ..."
                tok = tok.head
            tok = _top_conjunct(tok)
        pair = self.the_two(tok)
        if pair:
            return pair
        out: list[Token] = []
        for m in _conjuncts(tok):
            listed = [x for p in m.children if p.dep_ == "prep" and p.lower_ in self.w["list_preps"]
                      and (p.lower_ != "as" or any(c.lower_ == "such" for c in p.children))
                      and (p.lower_ != "among" or m.pos_ == "PRON")
                      for x in p.children if x.dep_ == "pobj"]
            if listed and m.pos_ != "PROPN" and m.i not in self.name_at:
                for x in listed:
                    out += _list_members(x)
                continue
            out += self.fused_names(m)
            out.append(m)
        return out

    def the_two(self, tok: Token) -> list[Token]:
        """"X met Y, and the two made peace", "X turned to Y, and both agreed": "the two" or "both" as the
        subject of a clause joined to one that names two parties stands for those two."""
        if tok.dep_ not in SUBJECT_DEPS or not (
                tok.lower_ == "two" and any(c.lower_ == "the" for c in tok.children) or tok.lower_ == "both"
                and tok.pos_ in {"PRON", "DET", "NOUN"}) or any(c.dep_ == "prep" for c in tok.children):
            return []
        verb = tok.head
        if verb.dep_ != "conj" or verb.head.pos_ not in VERBISH:
            return []
        first = verb.head
        parties = [t for s in self.subject_tokens(first) for t in self.expand(s)]
        parties += [t for o in _children(first, "dobj") for t in self.expand(o)]
        parties += [x for p in first.children if p.dep_ in {"prep", "dative"} and p.lower_ in {"to", "with"}
                    for x in p.children if x.dep_ == "pobj"]
        named = [t for t in parties if t.i in self.name_at]
        return named if len(named) == 2 else []

    def fused_names(self, tok: Token) -> list[Token]:
        """"seized A and Vice-President B" parsed as one name with "A" a compound of "B": a name of its own
        that ends before "and" or a comma inside the phrase is a conjunct."""
        own = self.name_at.get(tok.i)
        if own is None:
            return []
        out = []
        for c in tok.children:
            other = self.name_at.get(c.i)
            if c.dep_ != "compound" or c.i > tok.i or other is None or other is own:
                continue
            last = max(i for i in range(c.i, tok.i) if self.name_at.get(i) is other)
            if tok.doc[last + 1].lower_ in {"and", ",", "or"}:
                out.append(tok.doc[last])
        return out

    def args(self, tok: Token | None) -> list[Arg]:
        """Arguments for the phrase headed by ``tok`` (coordination and lists expanded)."""
        if tok is None:
            return []
        if tok.lower_ == "whose" and tok.dep_ == "poss":  # "X, whose king Y ...": the clause's antecedent
            clause = tok.head
            while clause.dep_ != "relcl" and clause.head.i != clause.i and clause.i >= self.sent.start:
                clause = clause.head
            if clause.dep_ == "relcl":
                return [self.arg(m) for m in self.expand(clause.head)]
            return []
        return [self.arg(m) for m in self.expand(tok)]

    def arg(self, tok: Token, proxy: bool = True, hints: bool = True, tier: int = 0) -> Arg:
        """One argument: the noun phrase headed by ``tok``, with what it may stand for."""
        doc = self.doc
        name = self.name_at.get(tok.i)
        if tok.lower_ in PRONOUNS and (tok.pos_ == "PRON" or tok.tag_ in {"PRP", "PRP$"}):
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
        starts = [c.left_edge.i for c in tok.children if c.dep_ in {"det", "poss"} and left < c.i < tok.i]
        if starts:  # "8 May his envoys" (a date the parser took into the phrase): the phrase starts at "his"
            left = min(starts)
        while left < tok.i and doc[left].is_punct:
            left += 1
        span = doc[left : tok.i + 1]
        # "the government of X", "the units that ..." introduce something new; "the committee" points back
        restricted = span[0].lower_ == "the" and any(
            c.dep_ in {"prep", "relcl", "acl"} and (c.dep_ != "prep" or c.lower_ == "of")
            and not (c.left_edge.i > 0 and doc[c.left_edge.i - 1].text == ",") for c in tok.children)
        a = Arg(span.start_char, span.end_char, tok.idx, tok.idx + len(tok.text), span.text,
                definite=(span[0].lower_ in DEFINITE or any(c.dep_ == "poss" and c.i in self.name_at
                                                              for c in tok.children))  # "Y's front"
                and not restricted and tok.pos_ != "PRON", tier=tier)
        if proxy and tok.pos_ in {"NOUN", "PROPN", "PRON", "ADJ", "NUM"}:
            a.alts = self.stand_ins(tok, hints)
        if tok.text[:1].isupper() and tok.pos_ in {"NOUN", "PROPN"}:
            # "the Duke of X", "the Bishop of Y": a capitalised title with its "of" is a name of its holder
            for x in _preps(tok, "of"):
                if x.pos_ == "PROPN":
                    end = x.right_edge
                    a.alts.insert(0, Arg(tok.idx, end.idx + len(end.text), tok.idx, tok.idx + len(tok.text),
                                         doc[tok.i : end.i + 1].text, tier=tier))
        return a

    def premodifier_arg(self, noun: Token) -> Arg | None:
        """The noun phrase the parser made a modifier of ``noun``: "the emperor" in "the emperor prisoner"."""
        mods = [c for c in noun.children if c.i < noun.i and c.dep_ in {"compound", "nmod", "poss"}
                and c.pos_ in {"NOUN", "PROPN"}]
        if not mods:
            return None
        head = mods[-1]
        name = self.name_at.get(head.i) or next(
            (self.name_at[i] for i in range(head.i, noun.left_edge.i - 1, -1) if i in self.name_at), None)
        if name is not None:
            return Arg(name.start, name.end, head.idx, head.idx + len(head.text), name.text)
        span = self.doc[noun.left_edge.i : head.i + 1]
        return Arg(span.start_char, span.end_char, head.idx, head.idx + len(head.text), span.text,
                   definite=span[0].lower_ in DEFINITE)

    def word_arg(self, tok: Token, tier: int = 0) -> Arg:
        """A single word to look up by name ("Athenian" in "the Athenian general")."""
        name = self.name_at.get(tok.i)
        if name is not None:
            return Arg(name.start, name.end, tok.idx, tok.idx + len(tok.text), name.text, tier=tier)
        return Arg(tok.idx, tok.idx + len(tok.text), tok.idx, tok.idx + len(tok.text), tok.text, "word", tier=tier)

    def stand_ins(self, tok: Token, hints: bool = True) -> list[Arg]:
        """What a common noun may stand for, best first: its apposition or parenthesis, or the noun it is
        in apposition to (tier 0); for proxy nouns ("the government of X", "X's forces", "X's demand")
        their owner (tier 1); a capitalised modifier ("German troops", tier 2).  Nouns for people ("X's
        officers", "thousands of X") stand for their owner at tier 3."""
        out: list[Arg] = []
        for c in tok.children:
            if c.dep_ == "appos":
                out += [self.arg(x, proxy=False, hints=hints) for x in _conjuncts(c)]
        if tok.dep_ == "appos":
            out.append(self.arg(tok.head, proxy=False, hints=hints))
        apposed = self.misparsed_apposition(tok)
        if apposed is not None:
            out.append(self.arg(apposed, proxy=False, hints=hints))
        out += [self.arg(x, proxy=False, hints=hints) for x in self.displaced_apposition(tok)]
        late = self.hung_apposition(tok)
        if late is not None:
            out.append(self.arg(late, proxy=False, hints=hints))
        close = self.close_apposition(tok)
        if close is not None:
            out.append(self.arg(close, proxy=False, hints=hints))
        if tok.i not in self.name_at and lemma(tok) in self.w["named_place_nouns"] and tok.tag_ in {"NN", "NNP"}:
            # "the fort of X", "the city of X", "the island of X": the place the noun names
            out += [self.arg(x, proxy=False, hints=hints) for x in _preps(tok, "of")
                    if x.i in self.name_at and x.pos_ == "PROPN"]
        for c in tok.children:  # "the alliance known as X", "a society called X"
            if c.dep_ == "acl" and c.tag_ == "VBN" and lemma(c) in self.w["naming_verbs"]:
                out += [self.arg(x, proxy=False, hints=hints) for x in _preps(c, "as")]
                out += [self.arg(x, proxy=False, hints=hints) for x in _children(c, "oprd", "attr")]
        body = tok.lower_ in self.w["proxy_nouns"] or lemma(tok) in self.w["proxy_nouns"]
        people = tok.lower_ in self.w["people_nouns"]
        if body and tok.i not in self.name_at:
            # "a delegation led by Y", "the troops commanded by Y": the one at their head acts through them
            for c in tok.children:
                if c.dep_ == "acl" and c.tag_ == "VBN" and any(
                        spec.cls == "lead" and spec.prep is None for spec in self.w["verb_table"].get(lemma(c), [])):
                    out += [self.arg(x, proxy=False, hints=hints, tier=1) for x in _preps(c, "by")]
        if body or people or tok.lower_ in self.w["office_table"]:
            # "troops loyal to Y", "officers faithful to Y", "forces allied to Y": whose they are
            for c in tok.children:
                if c.dep_ in {"amod", "acl", "appos"} and c.i > tok.i and any(
                        cls == "support" for cls, _ in self.w["adjective_table"].get(c.lower_, [])):
                    out += [self.arg(x, proxy=False, hints=hints, tier=1) for x in _preps(c, "to")]
        if body or people:
            tier = 1 if body else 3
            for c in tok.children:
                if c.dep_ == "poss":
                    out.append(self.arg(c, proxy=False, hints=hints, tier=tier))
            for x in _preps(tok, "of"):
                out += [self.arg(y, proxy=False, hints=hints, tier=tier) for y in self.expand(x)]
            for c in tok.children:  # "German troops", "Soviet authorities"
                if c.dep_ in {"amod", "compound"} and c.text[:1].isupper() and c.i < tok.i:
                    out.append(self.word_arg(c, tier=tier + 1))
        return out

    def misparsed_apposition(self, tok: Token) -> Token | None:
        """"turned the League, an alliance formed against X, into ...": an apposition the parser hung on the
        verb ("dep", "npadvmod"): the noun phrase right before its comma."""
        k = tok.left_edge.i - 1
        if tok.dep_ not in {"dep", "npadvmod"} or k < 1 or tok.doc[k].text != ",":
            return None
        prev = tok.doc[k - 1]
        while prev.dep_ in {"compound", "amod", "nmod", "flat"} and prev.head.i > prev.i:
            prev = prev.head
        if prev.pos_ not in {"NOUN", "PROPN"} or prev.right_edge.i != k - 1 or prev.i not in self.name_at:
            return None
        return prev

    def close_apposition(self, tok: Token) -> Token | None:
        """"the American consul Y", "the veteran admiral Y": a person's name right after a common noun that ends
        its phrase is the noun's apposition, wherever the parser hung it."""
        doc = tok.doc
        k = tok.i + 1
        name = self.name_at.get(k)
        if tok.i in self.name_at or tok.pos_ != "NOUN" or tok.right_edge.i != tok.i or k >= self.sent.end or \
                name is None or name.type != "PERSON" or name.start != doc[k].idx:
            return None
        span = doc.char_span(name.start, name.end, alignment_mode="expand")
        if span is None or span.root.head.i == tok.i:
            return None  # already the noun's own apposition or the head of its phrase
        return span.root

    def hung_apposition(self, tok: Token) -> Token | None:
        """"proclaimed the creation of a new union, the X Union, to ...", "against his vassal, Y": the name right
        after a described noun and its comma, which the parser made an apposition of some other word."""
        doc = tok.doc
        if tok.i in self.name_at or tok.pos_ != "NOUN" or not any(
                c.dep_ == "det" and c.lower_ in {"a", "an", "the"} or c.dep_ == "poss" for c in tok.children):
            return None
        k = tok.right_edge.i + 1
        if k + 1 >= self.sent.end or doc[k].text != ",":
            return None
        name = self.name_at.get(k + 1) or (self.name_at.get(k + 2) if doc[k + 1].lower_ == "the" else None)
        if name is None:
            return None
        span = doc.char_span(name.start, name.end, alignment_mode="expand")
        if span is None:
            return None
        root = span.root
        # an apposition of another word, or a second object of the verb ("proclaimed the creation of a new
        # society, the X")
        second = root.dep_ == "dobj" and any(c.dep_ == "dobj" and c.i < tok.i for c in root.head.children)
        if root.dep_ not in {"appos", "npadvmod", "dep"} and not second or root.head.i == tok.i or \
                tok.i <= root.head.i < k:
            return None
        return root

    def displaced_apposition(self, tok: Token) -> list[Token]:
        """"founded a society in Y, the Z League": the name of an indefinite object, put after the place
        phrase that follows it (the parser hangs it on the place)."""
        if tok.dep_ != "dobj" or tok.i in self.name_at or not any(
                c.dep_ == "det" and c.lower_ in {"a", "an"} for c in tok.children) or \
                any(c.dep_ == "appos" for c in tok.children):
            return []
        for p in tok.head.children:
            if p.dep_ != "prep" or p.i != tok.right_edge.i + 1:
                continue
            for x in p.children:
                place = self.name_at.get(x.i)
                if x.dep_ != "pobj" or place is None or place.type not in PLACE_TYPES | {None}:
                    continue
                names = [c for c in x.children if c.dep_ == "appos" and c.i in self.name_at
                         and self.name_at[c.i] is not place and self.name_at[c.i].type not in PLACE_TYPES
                         and c.i > x.i and c.left_edge.i > 0 and tok.doc[c.left_edge.i - 1].text == ","]
                if names:
                    return names
        return []

    def object_antecedents(self, tok: Token, verb: Token, own: bool) -> list[Arg]:
        """"X captured Y and imprisoned him", "X took the town and made it his seat": an object pronoun of a verb
        coordinated with one before it stands first for that verb's named object (the subject they share
        cannot be the object as well), before any subject of the sentence or the one before."""
        small_clause = tok.dep_ == "nsubj" and tok.head.pos_ not in VERBISH and tok.head.dep_ in {"ccomp", "xcomp",
                                                                                               "oprd"}
        if own or not (tok.dep_ in {"dobj", "pobj", "dative"} or small_clause):
            return []  # ("made it their capital": "it" is the subject of a small clause, an object all the same)
        while verb.dep_ in {"xcomp", "advcl"} and verb.head.pos_ in VERBISH and verb.head.i != verb.i:
            verb = verb.head  # "Y lent ships to aid them": the clause of "lent"
        if verb.dep_ != "conj":
            return []
        first = verb.head
        if first.pos_ not in VERBISH or first.i > tok.i:
            return []
        # "X took the side of the Venetians, and Y lent ships to aid them": the earlier clause's object, direct or
        # with a preposition of a party
        objects = [o for o in _children(first, "dobj") if o.i < tok.i]
        objects += [o for o in _preps(first, "with", "to", "against", "on", "for") if o.i < tok.i]
        return [self.arg(m, hints=False) for o in objects for m in self.expand(o)]

    def pronoun_hints(self, tok: Token) -> list[Arg]:
        """Likely antecedents of a pronoun, best first: for a possessive or reflexive, the subject of its
        own clause; the subjects of the clauses above it ("X fled to Y, where they founded Z"); then the
        subjects of the sentence before."""
        hints: list[Arg] = []
        verb = _verb_above(tok.head)
        own = tok.dep_ == "poss" or tok.lower_ in {"themselves", "himself", "herself", "itself"}
        hints += self.object_antecedents(tok, verb, own)
        below: Token | None = None
        for _ in range(5):
            if own or verb.i != tok.head.i or tok.dep_ not in SUBJECT_DEPS:
                # a clause above may name the antecedent after the pronoun only when the pronoun's clause is
                # a subordinate one put first ("After his release, Orlov ..."), never in a clause that follows
                ahead_ok = below is None or below.dep_ in SUBORDINATE_DEPS and below.i < verb.i
                for s in self.subject_tokens(verb):
                    if s.i < tok.i and s.lower_ in PRONOUNS and _pronoun_class(s) == _pronoun_class(tok) and \
                            not s.left_edge.i <= tok.i <= s.right_edge.i:
                        hints.append(self.arg(s))  # "he fled to X, which kept him": "him" is the one "he" is
                        continue
                    if s.i != tok.i and s.lower_ not in PRONOUNS and s.lower_ not in RELATIVE_PRONOUNS \
                            and not s.left_edge.i <= tok.i <= s.right_edge.i and (s.i < tok.i or ahead_ok):
                        hints += [self.arg(m, hints=False) for m in self.expand(s)]
                        # "Sparta's supremacy proved brief: ... against it": the named owner of the subject
                        hints += [self.arg(c, hints=False) for c in s.children
                                  if c.dep_ == "poss" and c.i in self.name_at]
            if below is None and tok.dep_ == "poss" and tok.head.dep_ not in SUBJECT_DEPS and verb.dep_ == "conj" \
                    and verb.head.pos_ in VERBISH and verb.head.i < tok.i:
                # "X granted independence to Y, and Z became its first president": a possessive after its own
                # clause's subject stands next for the earlier clause's object, the party named last
                first = verb.head  # (its own clause's object comes first: "founded X, himself as its first leader")
                hints += [self.arg(m, hints=False) for v in (verb, first) for o in _children(v, "dobj")
                          if o.i < tok.i for m in self.expand(o)]
                hints += [self.arg(m, hints=False) for o in _preps(first, "to", "of", "over", "from", "in")
                          if o.i < tok.i for m in self.expand(o)]
            own = True
            if verb.head.i == verb.i:
                break
            nxt = _verb_above(verb.head)
            if nxt.i == verb.i:
                break
            below, verb = verb, nxt
        # the subjects of the other clauses of the sentence before the pronoun ("X's rule proved brief: by then
        # Y had turned against it"), with their named owners
        for s in self.sent:
            if s.i >= tok.i:
                break
            if s.dep_ in SUBJECT_DEPS and s.lower_ not in PRONOUNS and s.lower_ not in RELATIVE_PRONOUNS and \
                    not s.left_edge.i <= tok.i <= s.right_edge.i:
                hints += [self.arg(m, hints=False) for m in self.expand(s)]
                hints += [self.arg(c, hints=False) for c in s.children if c.dep_ == "poss" and c.i in self.name_at]
        if self.previous is not None:  # the subjects of the sentence before, its main subject first
            subjects = sorted((t for t in self.previous if t.dep_ in SUBJECT_DEPS and t.lower_ not in PRONOUNS
                               and t.lower_ not in RELATIVE_PRONOUNS),
                              key=lambda t: (t.head.i != self.previous.root.i, t.i))
            for s in subjects:
                hints += [self.arg(m, hints=False) for m in self.expand(s)]
        return hints

    # -- subjects and objects of verbs ------------------------------------------------------
    def subject_tokens(self, verb: Token, depth: int = 0) -> list[Token]:
        """The grammatical subject of a verb, climbing through coordination, control verbs, relative and
        participial clauses."""
        subs = _children(verb, *SUBJECT_DEPS)
        if len(subs) > 1:  # a clause has one subject: two are a misparse of two clauses; the nearest is the verb's
            before = [s for s in subs if s.i < verb.i]
            subs = [max(before, key=lambda s: s.i)] if before else subs[:1]
        if subs or depth > 4:
            return [s for s in subs if not _expletive(s)]
        dated = self.dated_subject(verb)
        if dated is not None:
            return [dated]
        if verb.tag_ == "VBG" and verb.dep_ == "advcl":
            named = self.set_off_after(verb)
            if named is not None:  # "... and Y, making peace with Z, laid down his arms": Y makes peace
                return [named]
        if verb.dep_ == "conj" and verb.head.i != verb.i:
            first = verb.head
            finite = verb.tag_ in {"VBD", "VBZ", "VBP"} or verb.tag_ == "VBN" and first.tag_ == "VBG" and not any(
                c.dep_ in {"aux", "auxpass"} for c in verb.children)  # the tagger's "negotiated" may be VBN
            if finite and first.dep_ == "xcomp" and first.tag_ in {"VB", "VBG"} and first.head.pos_ in VERBISH:
                # "kept the siege going and bargained with Y": a finite verb the parser joined to the
                # complement is the second verb of the clause above, with that clause's subject
                return self.subject_tokens(first.head, depth + 1)
            return self.subject_tokens(first, depth + 1)
        if verb.dep_ == "xcomp" and verb.head.pos_ in VERBISH:
            objs = _children(verb.head, "dobj")
            if objs and lemma(verb.head) not in {"promise"} and not any(
                    o.lower_ in self.w["aid_nouns"] for o in objs):
                return objs  # "persuaded Athens to ally with Argos": Athens allies
            return self.subject_tokens(verb.head, depth + 1)
        if verb.dep_ in {"advcl", "pcomp", "acomp"}:
            head = _verb_above(verb.head)
            if head.i != verb.i and head.pos_ in VERBISH:
                return self.subject_tokens(head, depth + 1)
        if verb.dep_ == "relcl":
            return [verb.head]
        if verb.dep_ == "acl" or verb.dep_ == "advcl" and verb.tag_ == "VBG":
            return [verb.head]
        return []

    def set_off_after(self, tok: Token) -> Token | None:
        """The name a phrase set off by commas follows ("Y, making peace with Z, ...", "X, at the head of Y,"),
        when the parser hung the phrase elsewhere: the root token of that name, else None."""
        doc = tok.doc
        k = tok.left_edge.i - 1
        end = tok.right_edge.i + 1
        closed = end < self.sent.end and doc[end].text == "," or any(
            t.text == "," for t in doc[tok.i + 1 : tok.right_edge.i + 1])
        if k < self.sent.start + 1 or doc[k].text != "," or not closed:
            return None  # a phrase between two commas
        name = self.name_at.get(k - 1)
        if name is None:
            return None
        span = doc.char_span(name.start, name.end, alignment_mode="expand")
        if span is None or span.root.head.i == tok.i or span.root.i == tok.head.i:
            return None  # the parse already says how the name and the phrase go together
        return span.root

    def dated_subject(self, verb: Token) -> Token | None:
        """"by 1640 Sweden and France had joined forces": a subject the parser read as one phrase with the
        date before it ("by 1640 Sweden" as the object of "by"), right before a verb that has no subject."""
        hosts = [verb] + ([verb.head] if verb.dep_ == "conj" else [])
        for p in (c for h in hosts for c in h.children):
            if p.dep_ != "prep" or p.lower_ not in {"by", "in", "on", "after", "until", "from"} or p.i > verb.i:
                continue
            for x in p.children:
                name = self.name_at.get(x.i)
                # a name, or a noun phrase of its own ("on 8 May his envoys met ...": "his" cannot follow a date)
                own = name is not None or x.pos_ == "NOUN" and any(
                    c.dep_ in {"poss", "det"} and c.i > x.left_edge.i for c in x.children)
                if x.dep_ != "pobj" or not own or x.right_edge.i >= verb.i:
                    continue
                if any(c.like_num and (name is None or self.name_at.get(c.i) is not name)
                       for c in x.children if c.i < x.i) and \
                        all(t.dep_ in {"aux", "auxpass", "neg", "advmod", "punct"} for t in
                            verb.doc[x.right_edge.i + 1 : verb.i]):
                    return x
        return None

    def logical_subjects(self, verb: Token) -> list[Arg]:
        """Who does what the verb says: the active subject, or the agent of a passive."""
        if _is_passive(verb):
            return [a for x in _preps(verb, "by") or _order_givers(verb) for a in self.args(x)]
        return [a for s in self.subject_tokens(verb) for a in self.args(s)]

    def passive_patients(self, verb: Token) -> list[Arg]:
        """What a passive verb is done to: its subject, or the noun a participle modifies."""
        if verb.dep_ in {"acl", "amod"} and verb.tag_ == "VBN":
            return self.args(verb.head)
        return [a for s in self.subject_tokens(verb) for a in self.args(s)]

    def direct_objects(self, verb: Token) -> list[Arg]:
        out = []
        for o in _children(verb, "dobj", "obj"):
            if o.lower_ in {"themselves", "himself", "herself", "itself"}:
                continue
            out += self.args(o)
        if out:
            for x in _preps(verb, "along", "together"):  # "arrested the leaders along with many X"
                out += self.args(x)
        elif lemma(verb) in {"help", "assist", "aid", "enable", "have", "get"}:
            # "helped the rebels take the city", "had his rival arrested": the one the clause after is about
            out = [a for c in _children(verb, "ccomp", "xcomp") for s in _children(c, "nsubj", "nsubjpass")
                   for a in self.args(s)]
        return out

    # -- verbs --------------------------------------------------------------------------------
    def spec_matches(self, verb: Token, spec: VerbSpec) -> list[Token] | None:
        """The tokens that carry a spec's words ("war" in "declared war on"), the verb first; None when
        the clause lacks one of them."""
        anchors = [verb]
        for word in spec.middles:
            # a word of the entry hangs on the verb or on a word before it ("declared war on"), or is the object
            # of one of the verb's prepositions ("came to terms with")
            near = [c for a in anchors for c in a.children] + \
                [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
            hit = next((t for t in near if t.lower_ == word or lemma(t) == word), None)
            if hit is None:
                return None
            anchors.append(hit)
        return anchors

    def verb_relation(self, verb: Token) -> None:
        lem = lemma(verb)
        specs = self.w["verb_table"].get(lem)
        if not specs:
            return
        if lem == "be" and _children(verb, "attr", "acomp"):
            return  # "X was king of Y": the noun says it
        passive = _is_passive(verb)
        negated = _negated(verb)
        refused = self.refusing(verb)
        done: set[tuple[str, str | None]] = set()
        near = {w for c in verb.children for g in (c, *c.children) for t in (g, *(g.children if g is not c else ()))
                for w in (t.lower_, t.lemma_.lower())}  # three levels down, as deep as an entry's words go
        for spec in specs:
            if spec.middles and not all(w in near for w in spec.middles):
                continue  # a word of the entry is nowhere near the verb ("keep in prison" without "prison")
            anchors = self.spec_matches(verb, spec)
            if anchors is None or (spec.cls, spec.prep) in done:
                continue
            relation = CLASS_RELATION[spec.cls]
            if spec.prep is None:
                if passive:
                    themes = self.passive_patients(verb)
                else:  # "took the king prisoner": the object that is not one of the entry's words
                    themes = [a for o in _children(verb, "dobj") if o not in anchors for a in self.args(o)] \
                        if spec.middles else self.direct_objects(verb)
                    if spec.middles and not themes:  # "took the emperor prisoner" parsed as one noun phrase
                        themes = [a for o in _children(verb, "dobj") if o in anchors
                                  for a in [self.premodifier_arg(o)] if a is not None]
                    if spec.cls == "refuse":  # "refused the envoys permission": the ones refused
                        themes = [a for o in _children(verb, "dative") if o.pos_ != "ADP" for a in self.args(o)] \
                            or themes
                agents = self.logical_subjects(verb)
                causer = self.causer(verb)
                if causer is not None:  # "X had Y arrested": X did it
                    agents = [a for s in self.subject_tokens(causer) for a in self.args(s)]
                    themes = [a for s in _children(verb, "nsubj", "nsubjpass") for a in self.args(s)]
            else:
                themes = [a for t in anchors for x in _preps(t, spec.prep) for a in self.args(x)]
                if not themes:
                    continue
                agents = self.passive_patients(verb) if passive and not _preps(verb, "by") else \
                    self.logical_subjects(verb)
                if spec.cls == "locate" and not passive:
                    # "X imprisoned Y in Z", "X deported Y to Z", "X stationed troops at Z": the one put
                    # somewhere is the object, not the one who put it there
                    moved = [a for o in _children(verb, "dobj") if o not in anchors for a in self.args(o)]
                    if not moved and lem in self.w["placing_verbs"]:
                        continue  # "had Y arrested and held in Z": one who holds is not the one held
                    agents = moved or agents
            pattern = f"{lem}{' ' + ' '.join(spec.middles) if spec.middles else ''}" \
                      f"{' ' + spec.prep if spec.prep else ''}:{'passive' if passive else 'active'}"
            if not themes and spec.cls in {"negotiate", "support"} and not passive:
                parties = [t for s in self.subject_tokens(verb) for t in self.expand(s)]
                if len(parties) > 1 and (spec.cls == "negotiate" or lem in self.w["mutual_verbs"]):
                    done.add((spec.cls, spec.prep))
                    self.mutual(relation, parties, f"{lem}:mutual", verb, negated)
                continue
            if themes and spec.cls in self.w["creation_place_classes"] and not refused:
                # "X was founded in Y" (with or without its founders): X is in Y
                places = [a for x in _preps(verb, "in", "at") for a in self.args(x)]
                self.add("LOCATED_IN", themes, places, f"{lem} in", verb, negated)
            if not agents or not themes:
                continue
            if spec.cls in {"include", "pass_to"}:
                # "the delegation included X and Y": they are its members; "the duchy passed to Y": Y rules it
                agents, themes = themes, agents
            done.add((spec.cls, spec.prep))
            if relation == "MEMBER_OF":  # "its members joined X": the members, not their body, joined
                agents = [_named_only(a, 1) for a in agents]
            elif relation in {"LEADER_OF", "FOUNDED"}:
                # "his officers led X" does not make him the leader; "led the Spanish squadron" is no rule of Spain
                agents = [_named_only(a, 3) for a in agents]
                themes = [_named_only(a, 2) for a in themes]
            if spec.cls == "submit" and spec.middles == ("over",) and _children(verb, "dobj"):
                continue  # "X handed Y over to Z": Y is transferred, X does not submit
            if lem in self.w["restoring_verbs"]:
                # "restored Henry VI", not "restored his rule" or "restored French authority": one named, not what
                # a phrase stands for
                themes = [_named_only(a, 0) for a in themes]
            if refused and relation != "LOCATED_IN":
                self.add("REFUSED", agents, themes, f"refuse:{pattern}", verb)
                continue
            self.add(relation, agents, themes, pattern, verb, negated)
            if spec.cls == "locate" and spec.prep is not None:
                # "headquartered at A in B", "stationed on A off B": what is at A is in B too
                wider = [a for t in anchors for x in _preps(t, spec.prep) for m in _conjuncts(x)
                         for y in _preps(m, "in", "on", "at", "near") if y.i in self.name_at for a in self.args(y)]
                self.add(relation, agents, wider, f"{pattern}:wider", verb, negated)

    def causer(self, verb: Token) -> Token | None:
        """"X had Y arrested", "X got Y released": the causative verb above a participle with its own subject."""
        if verb.tag_ == "VBN" and verb.dep_ in {"ccomp", "xcomp", "oprd", "dep"} and \
                lemma(verb.head) in self.w["causative_verbs"] and _children(verb, "nsubj", "nsubjpass") \
                and not _children(verb, "agent"):
            return verb.head
        return None

    def yielding(self, verb: Token) -> None:
        """"X negotiated with Y and capitulated", "X fought Y for a year and surrendered", "X, besieged by Y,
        surrendered", "X was besieged by Y and surrendered": a verb of surrender without its "to" submits to the
        other party of the clause it is joined to, or to whoever besieged or attacked its subject."""
        lem = lemma(verb)
        if not any(spec.cls == "submit" and spec.prep == "to" and not spec.middles
                   for spec in self.w["verb_table"].get(lem, [])):
            return
        if _preps(verb, "to") or _children(verb, "dobj") or _is_passive(verb):
            return
        other: list[Token] = []
        if verb.dep_ == "conj" and verb.head.pos_ in VERBISH:
            head = verb.head
            if _is_passive(head):
                other = _preps(head, "by")
            else:
                other = _children(head, "dobj") + _preps(head, "with", "against")
        if not other:
            for s in self.subject_tokens(verb):
                for c in s.children:
                    if c.dep_ == "acl" and c.tag_ == "VBN":
                        other += _preps(c, "by")
        themes = [a for o in other for t in self.expand(o) if t.i in self.name_at or t.lower_ in PRONOUNS
                  for a in [self.arg(t)]]
        self.add("SUBMITTED_TO", self.logical_subjects(verb), themes, f"{lem}:joined", verb, _negated(verb))

    def revolting(self, verb: Token) -> None:
        """"X, a town that owed tribute to Y, rose", "X rebelled and surrendered to Y", "X, subject to Y,
        rose": a verb of revolt without its "against" is against the one its subject was bound to."""
        lem = lemma(verb)
        if lem not in self.w["revolt_verbs"]:
            return
        if _preps(verb, "against", "from") or _children(verb, "dobj", "nsubjpass", "auxpass"):
            return  # (an intransitive verb on a noun, "X, a colony ..., revolted", is no passive)
        lords: list[Token] = []
        subjects = self.subject_tokens(verb)
        for s in subjects:  # what the subject's own phrase says it is bound to
            for t in s.subtree:
                if t.i >= verb.i:
                    break
                if t.dep_ not in {"prep", "dative"} or t.lower_ != "to":
                    continue
                # "tribute to Y", "paid tribute to Y", "subject to Y"
                nouns = [t.head] + [o for o in t.head.children if o.dep_ == "dobj"]
                if any(self.w["event_table"].get(n.lower_) == "submit" for n in nouns) or any(
                        c == "submit" for c, _ in self.w["adjective_table"].get(t.head.lower_, [])):
                    lords += [c for c in t.children if c.dep_ == "pobj"]
        for c in verb.children:  # "rebelled and surrendered to Y"
            if c.dep_ == "conj" and c.pos_ in VERBISH and any(
                    spec.cls == "submit" for spec in self.w["verb_table"].get(lemma(c), [])):
                lords += _preps(c, "to")
        targets = [self.arg(t) for x in lords for t in self.expand(x) if t.i in self.name_at or t.lower_ in PRONOUNS]
        self.add("OPPOSED", [a for s in subjects for a in self.args(s)], targets, f"{lem}:bound", verb,
                 _negated(verb))

    def renaming(self, verb: Token) -> None:
        """"X was renamed Y", "Z renamed X Y", "X, renamed Y, ...", "renamed X as / to Y": Y, the new name, is an
        alias of X."""
        if lemma(verb) not in self.w["renaming_verbs"]:
            return
        new = _children(verb, "oprd", "attr", "xcomp") + _preps(verb, "as", "to", "into")
        new += [c for c in verb.children if c.dep_ == "conj" and c.i in self.name_at]  # "... Y in 1925 and Z in 1961"
        if _is_passive(verb):
            old = _children(verb, "nsubjpass") if verb.dep_ not in {"acl", "amod"} else [verb.head]
            if not old and verb.dep_ == "conj":
                old = _children(verb.head, "nsubjpass", "nsubj")
        else:
            old = [o for o in _children(verb, "dobj") if o not in new]
            if old and not new:  # "renamed Byzantium Constantinople", read as one noun phrase
                first = old[0].left_edge
                name_new, name_old = self.name_at.get(old[0].i), self.name_at.get(first.i)
                if name_new is not None and name_old is not None and name_new is not name_old:
                    new, old = [old[0]], [first]
        olds = [self.arg(t) for o in old for t in self.expand(o) if t.i in self.name_at]
        news = [self.arg(t) for n in new for t in _conjuncts(n) if t.i in self.name_at]
        self.add("ALIAS_OF", news, olds, "rename", verb, _negated(verb))  # the new name is also the old one

    def adjective_relation(self, adj: Token) -> None:
        """"X was hostile to Y", "X remained loyal to Y", "X, subject to Y": the adjective's class."""
        entries = self.w["adjective_table"].get(adj.lower_)
        if not entries:
            return
        if adj.dep_ in {"acomp", "oprd", "attr"} and adj.head.pos_ in VERBISH:
            holders = [a for s in self.subject_tokens(adj.head) for a in self.args(s)]
            negated = _negated(adj.head)
        elif adj.dep_ in {"amod", "acl", "appos"} and adj.head.pos_ in {"NOUN", "PROPN"}:
            holders, negated = self.args(adj.head), False
        else:
            return
        for cls, prep in entries:
            themes = [a for x in _preps(adj, prep) for a in self.args(x)]
            if themes:
                self.add(CLASS_RELATION[cls], holders, themes, f"{adj.lower_} {prep}", adj, negated)

    def refused_recipient(self, verb: Token) -> None:
        """"X refused to pay tribute to Y", "X refused to hand the town over to Y": a verb of no relation class
        under "refused to", giving or dealing "to"/"with" someone, refuses that one."""
        if lemma(verb) in self.w["verb_table"] or not self.refusing(verb):
            return
        others = [a for x in _preps(verb, "to", "with") if x.i in self.name_at or x.lower_ in PRONOUNS
                  for a in self.args(x)]
        if others:
            self.add("REFUSED", self.logical_subjects(verb), others, f"refuse:{lemma(verb)} to", verb)

    def declining(self, verb: Token) -> None:
        """"X approached Y, who declined", "X offered peace to Y, who refused": a verb of refusing with no
        object, in a relative clause on the one asked, refuses the one who asked."""
        if lemma(verb) not in self.w["refusing_verbs"] or verb.dep_ != "relcl" or any(
                c.dep_ in {"dobj", "xcomp", "ccomp", "prep", "attr", "neg"} for c in verb.children) or not any(
                c.dep_ == "nsubj" and c.lower_ in {"who", "which", "that"} for c in verb.children):
            return
        asked = verb.head
        if asked.dep_ == "appos" and asked.i not in self.name_at:
            asked = asked.head  # "approached Y, then a minister of Z, who declined"
        elif asked.dep_ == "dobj" and asked.i not in self.name_at:  # the same, read as a second object
            named = [o for o in _children(asked.head, "dobj") if o.i < asked.i and o.i in self.name_at]
            asked = named[-1] if named else asked
        upper = asked.head
        if asked.dep_ == "pobj" and upper.lower_ in {"to", "with"}:
            upper = upper.head
        elif asked.dep_ != "dobj":
            return
        if upper.pos_ not in VERBISH or _is_passive(upper):
            return
        self.add("REFUSED", self.args(asked), self.logical_subjects(upper), "decline:asked", verb)

    def refusing(self, verb: Token) -> bool:
        """``verb`` is the complement of "refuse", "decline", "reject" ("refused to submit to Y")."""
        t = _top_conjunct(verb)
        if t.i != verb.i and verb.tag_ in {"VBD", "VBZ"} and t.tag_ == "VB":
            return False  # "refused to submit to Y and denounced him": a finite verb joins "refused", not "submit"
        return t.dep_ == "xcomp" and lemma(t.head) in self.w["refusing_verbs"]

    def against(self, verb: Token) -> None:
        """"X marched against Y", "X led the army against Y": whoever acts against Y opposes Y."""
        specs = self.w["verb_table"].get(lemma(verb), [])
        targets = [a for x in _preps(verb, "against") for a in self.args(x)]
        # "A allied with B against C", "A joined forces with B against C" (the parser may hang "against" on B):
        # both sides of an alliance oppose C
        alliance = any(s.cls == "support" and s.prep == "with" for s in specs)
        withs = [w for t in (verb, *_children(verb, "dobj")) for w in _preps(t, "with")] if alliance else []
        if alliance and not targets:
            targets = [a for w in withs for m in _conjuncts(w) for x in _preps(m, "against") for a in self.args(x)]
        partners = [a for w in withs for a in self.args(w)] if targets else []
        if not targets:
            return
        if any(s.prep == "against" for s in specs) or any(s.cls == "oppose" for s in specs) or \
                any(s.cls == "support" and s.prep is None for s in specs) and not partners:
            return  # the verb's own entry says it ("defended X against Y" is not X opposing Y)
        negated = _negated(verb)
        actors = self.passive_patients(verb) if _is_passive(verb) and not _preps(verb, "by") else \
            self.logical_subjects(verb)
        if self.refusing(verb):
            return
        self.add("OPPOSED", actors + partners, targets, "against", verb, negated)

    def holding_for(self, verb: Token) -> None:
        """"X held the country for Y", "X defended the castle for Y", "X kept Z for Y": holding a place on
        someone's behalf supports them."""
        if lemma(verb) not in self.w["holding_verbs"]:
            return
        held = [o for o in _children(verb, "dobj") if o.i in self.name_at and self.name_at[o.i].type in PLACE_TYPES
                or o.i not in self.name_at and o.pos_ == "PROPN"  # a place the parse does not name here
                or self.w["office_table"].get(o.lower_) == "locate_in" or o.lower_ in {"country", "state"}]
        backed = [a for x in _preps(verb, "for") for a in self.args(x)]
        if held and backed:
            self.add("SUPPORTED", self.logical_subjects(verb), backed, f"{lemma(verb)} for", verb, _negated(verb))

    def sending_support(self, verb: Token) -> None:
        """"X sent troops to Y", "X lent money to Y", "X offered help to Y": X supports Y."""
        if lemma(verb) not in self.w["sending_verbs"]:
            return
        if _is_passive(verb) and lemma(verb) in {"send", "dispatch"}:
            # "Y, dispatched with a squadron to Z", "Y was sent to Z": the one sent is at Z
            places = [a for x in _preps(verb, "to") if x.i in self.name_at for a in self.args(x)]
            self.add("LOCATED_IN", self.passive_patients(verb), places, f"{lemma(verb)} to:passive", verb)
        aid = self.w["aid_nouns"]
        sent = [o for d in _children(verb, "dobj") for o in _conjuncts(d) if o.lower_ in aid or lemma(o) in aid]
        if not sent:
            return
        # a force sent "to" a place goes there, often against it ("sent an army to the island"): only its
        # "to" a people, a body or a person is the one supported; money, arms and help go to any receiver
        forces = all(o.lower_ in self.w["force_nouns"] or lemma(o) in self.w["force_nouns"] for o in sent)
        to = _preps(verb, "to") + [x for o in sent for x in _preps(o, "to")]  # "supplied rifles to Y" (to on rifles)
        receivers = [a for x in _preps(verb, "for") for a in self.args(x)]
        receivers += [a for o in sent for x in _preps(o, "for") for a in self.args(x)]  # "raised men for Y"
        receivers += [a for d in _children(verb, "dative") if d.pos_ != "ADP" for a in self.args(d)]
        if self.refusing(verb):  # "X refused to send troops to Y": Y asked for them
            refused = receivers + [a for x in to for a in self.args(x)]
            if refused:
                self.add("REFUSED", self.logical_subjects(verb), refused, f"refuse:{lemma(verb)} aid to", verb)
            return
        receivers += [a for x in to for a in self.args(x)
                      if not (forces and x.i in self.name_at and self.name_at[x.i].type in PLACE_TYPES)]
        if receivers:
            self.add("SUPPORTED", self.logical_subjects(verb), receivers, f"{lemma(verb)} aid to", verb,
                     _negated(verb))

    def mutual(self, relation: str, parties: list[Token], pattern: str, trigger: Token, negated: bool) -> None:
        """A relation between each pair of coordinated parties ("X and Y negotiated")."""
        for i, a in enumerate(parties):
            for b in parties[i + 1 :]:
                self.add(relation, [self.arg(a)], [self.arg(b)], pattern, trigger, negated)

    # -- event nouns ----------------------------------------------------------------------------
    def clause_agents(self, noun: Token) -> tuple[list[Arg], Token | None, str]:
        """Who acts in the clause a noun is an argument of ("X waged war on Y" -> X), the verb, and how the
        noun hangs on it."""
        verb, how = _governing_verb(noun)
        if verb is None:
            return [], None, how
        if how == "subj" or _is_passive(verb) and how == "pobj:by":
            return [], verb, how
        if _is_passive(verb) and how == "dobj":  # "Y was given command of X"
            return [a for s in self.subject_tokens(verb) for a in self.args(s)], verb, how
        return self.logical_subjects(verb), verb, how

    def preps_in(self, noun: Token, preps: Iterable[str], verb: Token | None) -> list[Token]:
        """Objects of ``preps`` on the noun, inside its phrase (not crossing clauses), or on its verb."""
        preps = tuple(preps)
        out: list[Token] = []
        stack = [noun]
        while stack:
            t = stack.pop()
            out += _preps(t, *preps)
            for c in t.children:
                if c.dep_ in CLAUSE_DEPS and not (c.dep_ == "acl" and c.tag_ == "VBN") or \
                        c.dep_ == "conj" and c.pos_ in VERBISH:
                    continue  # not across clauses, but along a participle: "an agreement reached at X with Y"
                if c.dep_ in {"prep", "pobj", "compound", "amod", "acl"} and c.i > noun.i and c.lower_ not in preps:
                    stack.append(c)
        if not out and verb is not None:
            out = _preps(verb, *preps)
        seen: list[Token] = []
        for t in out:
            if t not in seen and t.i != noun.i:
                seen.append(t)
        return seen

    def event_noun(self, trigger: Token, cls: str) -> None:
        """"the siege of X by Y", "Y's invasion of X", "a rising against X", "talks with X", "allegiance
        to X", "the support of X", "under the command of Y"."""
        noun = trigger
        if noun.dep_ == "compound" and noun.head.pos_ == "NOUN":  # "arrest campaign"
            noun = noun.head
        relation = CLASS_RELATION[cls]
        spec = self.w["event_nouns"][cls]
        of_theme = "*" in spec["of_is_theme"] or lemma(trigger) in spec["of_is_theme"] or \
            trigger.lower_ in spec["of_is_theme"]
        poss = [c for c in noun.children if c.dep_ == "poss"]
        of = [x for x in _preps(noun, "of")]
        by = [a for x in _preps(noun, "by", "from") for a in self.args(x)]
        mods = [self.word_arg(c) for c in noun.children if c.dep_ in {"amod", "compound"} and c.i < noun.i
                and c.text[:1].isupper() and c.i != trigger.i]
        agents_cl, verb, how = self.clause_agents(noun)
        negated = verb is not None and _negated(verb)
        themes = [a for x in self.preps_in(noun, [p for p in spec["theme_preps"] if p != "of"], verb)
                  for a in self.args(x)]
        pattern = f"{lemma(trigger)}:{cls}"
        under = noun.dep_ == "pobj" and noun.head.lower_ in self.w["with_preps"]
        if cls in {"lead", "support"} and under and (of or poss):
            # "under the command of Y", "with the support of X", "under her protection": the holder of the
            # noun leads / supports the one acting (or the one acted on)
            host = noun.head.head
            holders = [a for x in of for a in self.args(x)] + [a for c in poss for a in self.args(c)]
            if host.pos_ in VERBISH or host.tag_.startswith("VB"):  # "Sailing under the command of Y, it ..."
                objs = _children(host, "dobj") if not _is_passive(host) and host.lower_ != "be" else []
                targets = [a for o in objs for a in self.args(o)] if cls == "support" and objs else \
                    (self.passive_patients(host) if _is_passive(host) else
                     [a for s in self.subject_tokens(host) for a in self.args(s)])
            else:
                targets = self.args(host)
            self.add(relation, holders, targets, f"under {lemma(trigger)} of", trigger, negated)
            return
        if cls == "lead":
            # "Y took / was given command of X"
            if verb is None or lemma(verb) not in self.w["taking_verbs"] or how != "dobj":
                return
            led = [a for x in (of or _preps(verb, "of")) for a in self.args(x)]
            holders = [a for d in _children(verb, "dative") for a in self.args(d)] if not _is_passive(verb) else []
            holders = holders or agents_cl
            self.add(relation, holders, led, pattern, trigger, negated)
            return
        if cls == "support":
            if verb is not None and how == "dobj" and lemma(verb) not in self.w["receiving_verbs"]:
                # "promised him support", "gave the rebels help", "offered Y aid": the indirect object gets it
                given = [a for d in _children(verb, "dative") if d.pos_ != "ADP" for a in self.args(d)]
                if not given and not poss and not of:  # "offered Serbia protection", read as one noun phrase
                    before = self.premodifier_arg(noun)
                    given = [before] if before is not None and before.kind == "np" and any(
                        c.dep_ == "compound" and c.i in self.name_at for c in noun.children) else []
                themes = themes + given
            if noun.dep_ == "pobj" and noun.head.lower_ == "in" and lemma(noun) in self.w["in_support_nouns"]:
                # "X rose in support of Y", "in Y's name"
                if verb is not None:
                    backed = [a for x in of for a in self.args(x)] + [a for c in poss for a in self.args(c)]
                    self.add(relation, self.logical_subjects(verb), backed, pattern, trigger, negated)
                return
            givers = [a for x in of for a in self.args(x)] + [a for c in poss for a in self.args(c)] + by
            if verb is not None and lemma(verb) in self.w["receiving_verbs"] and how in {"dobj", "deep:of"}:
                # "Y won the friendship of X", "Y received the blessing of X"
                givers += [a for x in _preps(verb, "from") for a in self.args(x)]
                # "the blessing of X as well as (of) Z"
                givers += [a for c in noun.children if c.dep_ == "conj" and c.i in self.name_at for a in self.args(c)]
                if not themes:
                    self.add(relation, givers, agents_cl, pattern, trigger, negated)
                    return
            if lemma(noun) in {"alliance", "partnership", "cooperation", "collaboration"}:
                self.nominal_mutual(noun, relation, pattern, trigger, negated, agents_cl, themes, poss, how, verb)
                return
            if themes:
                self.add(relation, givers or (agents_cl if how in {"dobj", "attr"} else []), themes, pattern, trigger,
                         negated)
            return
        if cls == "oppose":
            between = [t for x in _preps(noun, "between") for t in self.expand(x)]
            if len(between) > 1:  # "the war between X and Y"
                self.mutual(relation, between, f"{pattern}:between", trigger, negated)
                return
        if cls == "negotiate":
            self.nominal_mutual(noun, relation, pattern, trigger, negated, agents_cl, themes, poss, how, verb)
            return
        if cls == "submit":  # "entered X's service", "swore allegiance to X", "the service of X"
            themes = themes + [a for x in of for a in self.args(x)] + [a for c in poss for a in self.args(c)]
            if themes and agents_cl and not self.counters(verb):
                self.add(relation, agents_cl, themes, pattern, trigger, negated)
            return
        if of_theme:
            themes = themes + [a for x in of for a in self.args(x)]
            agents = by + [a for c in poss for a in self.args(c)] + mods if of else by
            if not of and poss and cls in {"arrest", "found"}:  # "his arrest by Y": he was arrested
                themes = [a for c in poss for a in self.args(c)]
        else:
            agents = by + [a for c in poss for a in self.args(c)] + [a for x in of for a in self.args(x)] + mods
        if not agents and verb is not None and how in {"dobj", "attr", "oprd", "pobj:in"} and \
                not self.counters(verb):
            agents = agents_cl  # "X waged war on Y", "X was a rising against Y", "X took part in the revolt"
        elif agents and verb is not None and how == "attr" and lemma(verb) == "be" and cls == "oppose":
            # "the X Rebellion was a rising of the peasants against Y": the rising (the subject) and its people
            agents = agents + [a for a in agents_cl if a not in agents]
        if agents and themes:
            self.add(relation, agents, themes, pattern, trigger, negated)

    def counters(self, verb: Token) -> bool:
        """"X condemned the war against Y", "X refused the treaty with Y": the verb turns the noun against its
        subject, who is no party to it."""
        return any(spec.cls in {"oppose", "refuse"} for spec in self.w["verb_table"].get(lemma(verb), [])) or \
            _negated(verb) or self.refusing(verb)

    def nominal_mutual(self, noun: Token, relation: str, pattern: str, trigger: Token, negated: bool,
                       agents_cl: list[Arg], themes: list[Arg], poss: list[Token], how: str,
                       verb: Token | None) -> None:
        """"negotiations between X and Y", "X and Y signed a treaty", "X's treaty with Y", "X concluded
        an alliance with Y", "an agreement with Y permitted X to ...": a relation both ways."""
        between = [t for x in _preps(noun, "between") for t in self.expand(x)]
        if len(between) > 1:
            self.mutual(relation, between, f"{pattern}:between", trigger, negated)
            return
        if not themes:
            if verb is not None and how in {"dobj", "pobj:in", "pobj:into", "pobj:to"}:  # "came to terms"
                parties = [t for s in self.subject_tokens(verb) for t in self.expand(s)]
                if len(parties) > 1:
                    self.mutual(relation, parties, f"{pattern}:mutual", trigger, negated)
            return
        parties = [a for c in poss for a in self.args(c)]
        if not parties and how == "subj" and verb is not None:
            parties = self.direct_objects(verb)  # "an agreement with X permitted Y to ..."
        if not parties and how in {"dobj", "attr", "oprd"} or not parties and how.startswith("pobj"):
            parties = agents_cl
        self.add(relation, parties, themes, pattern, trigger, negated)

    # -- relational nouns: offices, allies, parts, places --------------------------------------
    def office_class(self, tok: Token) -> tuple[str, Token] | None:
        """The office class of the noun that ``tok`` ends ("king", "prime minister", "chief of staff"), with
        the first token of the phrase."""
        doc = tok.doc
        if tok.lower_ not in self.w["office_last_words"] and lemma(tok) not in self.w["office_last_words"]:
            return None
        if tok.lower_ == "chief" and any(x.lower_ == "staff" for x in _preps(tok, "of")):
            return "member", tok
        for n in range(min(self.w["max_office_words"], tok.i + 1), 0, -1):
            span = doc[tok.i - n + 1 : tok.i + 1]
            cls = self.w["office_table"].get(span.text.lower()) or (
                self.w["office_table"].get(lemma(tok)) if n == 1 else None)
            if cls is not None:
                return cls, span[0]
        return None

    def place_name(self, arg: Arg) -> Any:
        """The name the argument is, when the parse types it as a place; else None."""
        for n in self.names:
            if n.start == arg.start and n.end == arg.end and n.type in PLACE_TYPES:
                return n
        return None

    def office_noun(self, noun: Token) -> None:
        """"Y, king of X", "the Athenian general Y", "X's admiral Y", "Y became president of X", "X, an ally of
        Y", "X, a branch of Y", "Y, the capital of X", "Y, the main base of X"."""
        found = self.office_class(noun)
        if found is None:
            return
        cls, first = found
        if cls == "lead" and self.lowered(noun, first):
            cls = "member"
        elif cls == "member" and any(c.dep_ in {"amod", "compound"} and c.lower_ in self.w["raising_modifiers"]
                                     for c in noun.children if c.i < first.i):
            cls = "lead"  # "chief commissioner", "supreme commissar"
        if cls == "locate_in" and first.i > 0 and noun.doc[first.i - 1].lower_ in self.w["kinship_modifiers"]:
            return  # "its mother city", "a sister town": a tie between places, not one inside the other
        owners = self.owners(noun, first, cls)
        if not owners:
            return
        holders = self.holders(noun)
        if cls in {"locate_in", "locate_host"} and not any(self.place_name(h) for h in holders):
            # "In X, the capital of Y, Z gathered ...": a place noun set off after a place name is that place's,
            # also when the parser made it the clause's subject and the name after it its apposition
            named = self.set_off_after(_top_conjunct(noun))
            if named is not None and self.name_at[named.i].type in PLACE_TYPES:
                holders = self.args(named)
        if not holders:
            return
        key = "office:" + cls
        relation = CLASS_RELATION[key]
        pattern = f"office:{noun.lower_}"
        if cls == "locate_host":  # "Y, the base of X": X is in Y; "Y, X's base in Z": Y is in Z
            # (a place whose base Y is, "Y, Athens' base in the north", is not in Y)
            self.add(relation, [o for o in owners if self.place_name(o) is None], holders, pattern, noun)
            places = [a for x in _preps(noun, "in", "on", "at") for a in self.args(x)]
            self.add(relation, holders, places, pattern, noun)
        else:
            self.add(relation, holders, owners, pattern, noun)

    def named_roll(self, noun: Token) -> None:
        """"The envoys, later called the X, were A, B, the bishop C and D": plural people given a
        name as a body, then listed by name; each is a member of the body."""
        if noun.tag_ not in {"NNS", "NNPS"} or noun.i in self.name_at or noun.dep_ not in SUBJECT_DEPS or \
                lemma(noun.head) != "be":
            return
        group = self.group_name(noun)
        if group:
            members = [self.arg(m) for c in noun.head.children if c.dep_ == "attr" for m in self.roll(c)]
            self.add("MEMBER_OF", members, group, "named_roll", noun)

    def group_name(self, noun: Token) -> list[Arg]:
        """"the conspirators, (afterwards) known as the X", "the signatories, called the X": the name a plural
        noun for people is given as a body."""
        out: list[Arg] = []
        for c in noun.children:
            if c.dep_ == "acl" and c.tag_ == "VBN" and lemma(c) in self.w["naming_verbs"]:
                out += [a for x in _preps(c, "as") + _children(c, "oprd", "attr") for a in self.args(x)
                        if x.i in self.name_at]
        return out

    def title_name(self, tok: Token) -> bool:
        """"the Maharaja of Gwalior", "the Bey of Tunis": an office written as a name begins its name."""
        name = self.name_at[tok.i]
        first = self.doc.char_span(name.start, name.end, alignment_mode="expand")
        return first is not None and first[0].i == tok.i and tok.lower_ in self.w["office_table"] and \
            any(t.lower_ == "of" for t in first)

    def lowered(self, noun: Token, first: Token) -> bool:
        """"deputy leader", "vice-president", "assistant commander": not the one who leads."""
        low = self.w["lowering_modifiers"]
        if any(c.lower_.rstrip("-") in low for c in noun.children if c.i < noun.i):
            return True
        k = first.i - 1
        return k >= 0 and (noun.doc[k].lower_.rstrip("-") in low or noun.doc[k].text == "-" and k > 0
                           and noun.doc[k - 1].lower_ in low)

    def owners(self, noun: Token, first: Token, cls: str) -> list[Arg]:
        """What an office or relation noun is of: "of X" (and "chief of staff of X", "ambassador to X",
        "clerk on X", "officer in X"), the possessor ("X's admiral"), a name or adjective before it ("the
        Athenian general", "the Satsuma capital")."""
        of_preps = ("of", "to", "on", "aboard", "in", "at") if cls in {"member", "lead"} else \
            ("of", "in", "on", "at") if cls == "locate_in" else ("of", "for") if cls == "locate_host" else ("of", "to")
        out: list[Arg] = []
        where: list[Arg] = []  # "governor in Egypt": a place, when nothing else says whose office it is
        for p in noun.children:
            if p.dep_ == "prep" and p.lower_ in {"in", "at", "on", "aboard"} and cls in {"lead", "member"}:
                for x in _preps(noun, p.lower_):
                    name = self.name_at.get(x.i)
                    if name is not None and name.type in PLACE_TYPES:
                        if cls == "lead":
                            where += self.args(x)
                    elif name is not None:
                        out += self.args(x)
        for x in _preps(noun, *[w for w in of_preps if cls not in {"lead", "member"} or
                                w not in {"in", "at", "on", "aboard"}]):
            if x.ent_type_ in {"DATE", "TIME", "CARDINAL"} and x.i not in self.name_at:
                continue
            if x.lower_ == "staff":
                out += [a for y in _preps(x, "of") for a in self.args(y)]
                continue
            if noun.i in self.name_at and self.name_at.get(x.i) is self.name_at[noun.i]:
                # "the Maharaja of Gwalior" read as one name: the place by its own name
                span = self.doc[x.left_edge.i : x.i + 1]
                while len(span) > 1 and span[0].lower_ in DEFINITE:
                    span = span[1:]
                out.append(Arg(span.start_char, span.end_char, x.idx, x.idx + len(x.text), span.text, "word"))
                continue
            out += self.args(x)
        personal = self.w["person_possessives"]
        # "whose lord Y": the parser may hang the possessive on the name the office word stands before
        hung = [c for c in noun.head.children if c.dep_ == "poss" and c.i < noun.i] \
            if noun.dep_ == "compound" and noun.head.i in self.name_at else []
        for c in list(noun.children) + hung:
            if c.dep_ == "poss" and (c.lower_ not in personal or cls in {"support", "oppose", "submit"}):
                out += self.args(c)
        if not out and not where and noun.dep_ == "conj" and not any(c.dep_ == "prep" for c in noun.children):
            # "Y's nephew and governor in X": a phrase after the last conjunct that the parser hung on the first
            for p in noun.head.children:
                if p.dep_ != "prep" or p.i < noun.i or p.lower_ not in of_preps:
                    continue
                for x in (c for c in p.children if c.dep_ == "pobj"):
                    name = self.name_at.get(x.i)
                    if p.lower_ in {"in", "at", "on", "aboard"} and cls in {"lead", "member"} and \
                            (name is None or name.type in PLACE_TYPES):
                        where += self.args(x) if name is not None and cls == "lead" else []
                    else:
                        out += self.args(x)
        if not out and where:
            out = where
        if not out and cls in {"lead", "locate_in", "part"}:  # "the Spartan king", "the Satsuma capital", "an SS unit"
            for c in noun.children:
                if c.i < first.i and c.dep_ in {"compound", "amod", "nmod"} and c.text[:1].isupper() and \
                        (cls != "part" or c.i in self.name_at):
                    out.append(self.word_arg(c))
        return out

    def holders(self, noun: Token) -> list[Arg]:
        """Who holds an office or relation noun: the name it is in apposition with, the subject of "was /
        became / served as", the one an appointing verb names, the name it stands before."""
        t = _top_conjunct(noun)
        if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ == "one" and t.tag_ in {"NNS", "NNPS"}:
            t = t.head.head  # "X, one of the army's regiments", "X was one of its founders": as "X, a regiment"
        if t.dep_ == "appos" and self.w["office_table"].get(t.lower_) == "part" and t.head.dep_ == "pobj" and \
                t.head.head.lower_ == "of" and t.head.head.head.i in self.name_at:
            return self.args(t.head.head.head)  # "the X Army of General Y, part of Z": the army is the part
        if t.dep_ == "appos":
            named = self.set_off_after(t)
            if named is not None and named.i != t.head.i and t.head.i not in self.name_at:
                return self.args(named)  # "sent through X, a camp at Y": the parser hung it on another noun
            return self.args(t.head)
        # not a gloss in brackets ("High Steward (Gran Senescal)")
        apposed = [c for c in t.children if c.dep_ == "appos" and not any(
            x.text in {"(", "["} for x in c.doc[max(c.left_edge.i - 1, 0) : c.i])]
        if apposed:
            return [a for c in apposed for a in self.args(c)]
        if t.dep_ == "compound" and t.head.pos_ == "PROPN":  # "the Spartan king Pleistoanax"
            return self.args(t.head)
        late = self.trailing_holder(t)
        if late:
            return late
        head = t.head
        if t.dep_ in {"attr", "oprd", "dobj", "acomp"} and head.pos_ in VERBISH:
            if lemma(head) in self.w["appointing_verbs"] and not _is_passive(head):
                named = [o for o in head.children if o.dep_ in {"dobj", "dative"} and o.i < t.i]
                if named:  # "the assembly elected him president"
                    return [a for o in named for a in self.args(o)]
                before = self.premodifier_arg(t) if t.dep_ in {"dobj", "oprd"} else None
                if before is not None and any(i in self.name_at for i in range(t.left_edge.i, t.i)):
                    return [before]  # "elected Bolivar president", parsed as one noun phrase
            if lemma(head) not in self.w["holder_verbs"] or t.dep_ == "dobj" and not _is_passive(head):
                return []
            return [a for s in self.subject_tokens(head) for a in self.args(s)]
        if t.dep_ == "pobj" and head.lower_ == "as":
            verb = head.head
            if verb.pos_ in {"NOUN", "PROPN"}:
                return self.args(verb)
            if verb.pos_ not in VERBISH:
                return []
            if lemma(verb) in {"succeed", "replace"}:
                new = _preps(verb, "by") if _is_passive(verb) else self.subject_tokens(verb)
                return [a for s in new for a in self.args(s)]
            objs = _children(verb, "dobj")
            if objs and lemma(verb) in self.w["appointing_verbs"] and not _is_passive(verb):
                return [a for o in objs for a in self.args(o)]
            if _is_passive(verb):
                return self.passive_patients(verb)
            return [a for s in self.subject_tokens(verb) for a in self.args(s)]
        if t.dep_ in SUBJECT_DEPS and lemma(head) == "be":  # "its first king was Y"; "its members were A, B, C"
            return [self.arg(m) for c in head.children if c.dep_ == "attr" for m in self.roll(c)]
        if t.dep_ in {"ccomp", "xcomp", "oprd"} and head.pos_ in VERBISH and \
                lemma(head) in self.w["appointing_verbs"] and not _is_passive(head):
            # a small clause: "made himself king of X", "declared him emperor", "crowned himself emperor"
            named = _children(t, "nsubj") or [c for c in t.children if c.dep_ == "poss" and c.lower_.endswith(
                ("self", "selves"))]  # "made himself Emperor", "himself" read as a possessive
            if named and named[0].lower_ in {"himself", "herself", "themselves", "itself"}:
                return [a for s in self.subject_tokens(head) for a in self.args(s)]
            return [a for o in named for a in self.args(o)]
        return []

    def roll(self, tok: Token) -> list[Token]:
        """The names of a roll that starts at ``tok`` ("A, Earl of B, C, the admiral D and E"): the parser hangs
        the names of a long list on one another as conjuncts and appositions, and a described name on its
        description; a title's "of" place is no member."""
        out: list[Token] = []
        stack = [tok]
        while stack:
            t = stack.pop()
            if t in out:
                continue
            out.append(t)
            for c in t.children:
                if c.dep_ in {"conj", "appos"} and c.pos_ in {"NOUN", "PROPN"}:
                    stack.append(c)
        named = [t for t in out if t.i in self.name_at or t.lower_ in PRONOUNS]
        return sorted(named, key=lambda t: t.i) or [tok]

    def trailing_holder(self, t: Token) -> list[Arg]:
        """"the king of X, Y": the holder's name after a comma that closes the office's phrase, which the
        parser hangs on the owner ("X, Y" read as an apposition of X) or on the verb."""
        for x in _preps(t, "of"):
            owner = self.name_at.get(x.i)
            if owner is None or owner.type not in PLACE_TYPES | {"ORG", "GROUP"}:
                continue
            for c in x.children:
                name = self.name_at.get(c.i)
                if c.dep_ == "appos" and c.i > x.i and name is not None and name.type == "PERSON" and \
                        self.doc[c.left_edge.i - 1].text == ",":
                    return self.args(c)
        k = t.right_edge.i if self.doc[t.right_edge.i].text == "," else t.right_edge.i + 1
        if k + 1 >= self.sent.end or self.doc[k].text != ",":
            return []
        name = self.name_at.get(k + 1)
        if name is None or name.type != "PERSON":
            return []
        root = self.doc[k + 1]
        while root.dep_ in {"compound", "flat", "nmod"} and root.head.i > root.i:
            root = root.head
        last = root.right_edge.i
        hung = root.dep_ in {"npadvmod", "dep", "appos"} or root.dep_ == "punct" and root.text[:1].isalpha()
        if not hung or root.head.i == t.i or \
                last + 1 < self.sent.end and not self.doc[last + 1].is_punct:
            return []
        return self.args(root)

    def titled_person(self, tok: Token) -> None:
        """"King Y of X", "Metropolitan Y of the Church Z", "Admiral Y of the Royal Navy", "Y of the Z Party":
        a person named with a body."""
        name = self.name_at[tok.i]
        end = tok.i
        while end + 1 < self.sent.end and self.name_at.get(end + 1) is name:
            end += 1
        if end != tok.i:
            return  # only the last token of the name carries its prepositions
        title = (name.title or "").casefold().rstrip(".")
        cls = self.w["office_table"].get(title) if title else None
        if cls is None and title and title in self.titles and self.titles[title].kind not in {"honorific", "academic"}:
            cls = "member"
        orgs = [x for x in _preps(tok, "of")
                if x.i in self.name_at and self.name_at[x.i].type in {"ORG", "GPE", "GROUP"}]
        if cls == "lead" and not orgs:  # "Rani Y of Z", Z not named in this sentence: the linker looks it up
            orgs = [x for x in _preps(tok, "of") if x.pos_ == "PROPN" and x.i not in self.name_at]
        if cls is None and title and orgs:  # "Sir Y of the Royal Navy"
            cls = "member"
        if orgs and cls is not None:
            if cls != "lead" and (not all(self.name_at[x.i].type == "ORG" for x in orgs) or title in self.titles
                                  and self.titles[title].kind in {"nobility", "royalty"}):
                return  # "Prince Y of Denmark", "Duke Y of Z": a style, not a membership
            relation = "LEADER_OF" if cls == "lead" else "MEMBER_OF"
            self.add(relation, [self.arg(tok)], [a for x in orgs for a in self.args(x)], f"title_of:{title}", tok)
            return
        if cls == "lead" and name.title_start is not None:
            # "the Spartan king Pleistoanax": the adjective or name before the title
            first = self.doc.char_span(name.title_start, name.title_start + 1, alignment_mode="expand")
            if first is None:
                return
            k = first[0].i - 1
            if k >= self.sent.start and self.doc[k].text[:1].isupper() and self.doc[k].pos_ in {"ADJ", "PROPN"} \
                    and self.name_at.get(k) is not name:
                self.add("LEADER_OF", [self.arg(tok)], [self.word_arg(self.doc[k])], f"title:{title}", tok)

    def headship(self, noun: Token) -> None:
        """"X, at the head of Y", "X was in command of Y", "with himself at its head": X leads Y."""
        if noun.lower_ not in self.w["headship_nouns"] or noun.dep_ != "pobj" or noun.head.lower_ not in {"at", "in"}:
            return
        led = [a for x in _preps(noun, "of") for a in self.args(x)]
        led += [a for c in noun.children if c.dep_ == "poss" for a in self.args(c)]
        host = noun.head.head
        if not led or host.i == noun.head.i:
            return
        named = self.set_off_after(noun.head)
        if named is not None:  # "between A, at the head of Y, and B": A leads Y
            leaders = self.args(named)
        elif host.pos_ in VERBISH:
            leaders = self.passive_patients(host) if _is_passive(host) else \
                [a for s in self.subject_tokens(host) for a in self.args(s)]
        else:
            leaders = self.args(host)
        self.add("LEADER_OF", leaders, led, f"{noun.head.lower_} the {noun.lower_} of", noun)

    # -- units and people ------------------------------------------------------------------------
    def under_person(self, noun: Token) -> None:
        """"the Northern Fleet under Admiral Y", "the Free Corps, a unit under Y": Y leads the named unit."""
        own = self.name_at.get(noun.i)
        # a body by the parse's type or, untyped here, by the document's (the linker checks)
        if (own is None or own.type not in {"ORG", "GROUP", None}) and not (
                noun.dep_ == "appos" and noun.head.i in self.name_at and self.name_at[noun.head.i].type == "ORG"):
            return
        for x in _preps(noun, "under"):
            people = [m for m in _conjuncts(x) if m.i in self.name_at and self.name_at[m.i].type == "PERSON"]
            if people:
                self.add("LEADER_OF", [self.arg(m) for m in people], self.args(noun), "under", noun)

    def owned_unit(self, noun: Token) -> None:
        """"Y's army", "his Siberian Army", "his Jacobites", "Cromwell's England": a person's named organisation,
        party or country is led by them (not a people: "his Germans"); "the Company's Bengal Army": a body's
        named unit is part of it."""
        name = self.name_at.get(noun.i)
        if name is None:  # the parse's type of a name is a guess: the linker checks the document's
            return
        for c in noun.children:
            if c.dep_ != "poss":
                continue
            owner = self.name_at.get(c.i)
            # a person (the linker checks the document's type: the parse's is a guess)
            if owner is not None or c.lower_ in {"his", "her"}:
                self.add("LEADER_OF", [self.arg(c)], [self.arg(noun)], "possessor", noun)
            # "the Company's Bengal Army", "its youth wing": a body's named unit is part of it
            if owner is not None or c.lower_ in {"its", "their"} or c.pos_ == "NOUN":
                self.add("PART_OF", [self.arg(noun)], [self.arg(c)], "possessor_part", noun)

    def verb_under_person(self, verb: Token) -> None:
        """"the storm kept the fleet, under Admiral Y, in port", "the regiments, quartered in Z under Colonel
        Y": "under" a person, set on the verb, names who leads the object it follows, else the subject."""
        for p in verb.children:
            if p.dep_ != "prep" or p.lower_ != "under":
                continue
            people = [m for x in p.children if x.dep_ == "pobj" for m in _conjuncts(x)
                      if m.i in self.name_at and self.name_at[m.i].type == "PERSON"]
            if not people:
                continue
            objs = [o for o in _children(verb, "dobj") if o.right_edge.i < p.i]
            if not objs:  # "ruled by the Z Party under Y", "reinforced by the Z Column under Colonel Y"
                objs = [x for a in verb.children if a.dep_ == "agent" and a.right_edge.i == p.i - 1
                        for x in a.children if x.dep_ == "pobj" and x.i in self.name_at]
            if not objs:
                objs = _children(verb, "nsubjpass") if _is_passive(verb) else self.subject_tokens(verb)
            # a named body, one a pronoun stands for ("Sweden's troops under Y": not Sweden), or the body whose
            # troops they are ("the veterans of the X Army, quartered in Z under Y")
            led = [self.arg(t) for o in objs for t in self.expand(o) if t.i in self.name_at or t.lower_ in PRONOUNS]
            led += [self.arg(x) for o in objs for t in self.expand(o) if t.i not in self.name_at and (
                t.lower_ in self.w["people_nouns"] or t.lower_ in self.w["proxy_nouns"]) for x in _preps(t, "of")
                if x.i in self.name_at]
            self.add("LEADER_OF", [self.arg(m) for m in people], led, "under:verb", verb)

    def loose_under(self, p: Token) -> None:
        """"Under Y the Xs took the war abroad", "the Xs, under Y, crossed the river": "under" a person, which
        the parse hung on a word of no verb (a comma, a word of the name before), names who leads the body
        that is the clause's subject or that stands just before the commas."""
        name = self.name_at.get(p.i + 1)
        if name is None or name.type != "PERSON":
            return
        person = p.i + 1
        led: list[Token] = []
        if p.i == self.sent.start or p.i > self.sent.start and self.doc[p.i - 1].is_punct and \
                p.i - 1 == self.sent.start:
            root = self.sent.root
            led = [t for s in self.subject_tokens(root) for t in self.expand(s)
                   if t.i in self.name_at and self.name_at[t.i] is not name]
        elif p.i - 2 >= self.sent.start and self.doc[p.i - 1].text == ",":
            led = [self.doc[p.i - 2]] if p.i - 2 in self.name_at else []
        led = [t for t in led if self.name_at[t.i].type in {"ORG", "GROUP", None}]
        if led:
            self.add("LEADER_OF", [self.arg(self.doc[person])], [self.arg(t) for t in led], "under:loose", p)

    def body_of_body(self, noun: Token) -> None:
        """"the Politburo of the Party", "the Northern Squadron of the Imperial Navy": a named body "of" another
        is part of it (the linker keeps two organisations)."""
        own = self.name_at.get(noun.i)
        if own is None or own.type not in {"ORG", None} or noun.i + 1 < len(self.doc) and \
                self.name_at.get(noun.i + 1) is own:
            return
        for x in _preps(noun, "of"):
            other = self.name_at.get(x.i)
            if other is not None and other is not own and other.type in {"ORG", "GROUP", None}:
                self.add("PART_OF", [self.arg(noun)], self.args(x), "body_of_body", noun)

    def of_person(self, noun: Token) -> None:
        """"the Composite Division of General Y", "the Cossacks of Ataman Y": Y leads the unit."""
        own = self.name_at.get(noun.i)
        if own is None or own.type not in {"ORG", "GROUP"}:
            return
        for x in _preps(noun, "of"):
            n = self.name_at.get(x.i)
            title = ((n.title or "") if n is not None else "").casefold().rstrip(".")
            t = self.titles.get(title)
            if n is not None and n is not own and n.type == "PERSON" and (t is None or t.kind != "academic"):
                self.add("LEADER_OF", [self.arg(x)], [self.arg(noun)], "unit_of_person", noun)

    # -- places ------------------------------------------------------------------------------------
    def place_chain(self, tok: Token) -> None:
        """"at A in B", "A on B", "A, B" (two places), "the Corps in Serbia": the first is in the second."""
        name = self.name_at.get(tok.i)
        if name is None or name.type not in {"GPE", "LOC", "ORG", "GROUP", "EVENT"}:
            return
        preps = ("in", "on", "at", "near", "of") if name.type == "LOC" else ("in", "on", "at")
        if name.type not in PLACE_TYPES:
            preps = ("in", "at")
        hosts = [tok]
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN" and \
                tok.head.head.i not in self.name_at:
            hosts.append(tok.head.head)  # "the gate of X in Y": X is in Y
        for x in (x for h in hosts for x in _preps(h, *preps)):
            other = self.name_at.get(x.i)
            # a place by the parse's type or, untyped here, by the document's (the linker checks)
            if other is None or other is name or other.type is not None and other.type not in PLACE_TYPES:
                continue
            self.add("LOCATED_IN", [self.arg(tok)], self.args(x), "place_in_place", tok)
        if name.type in PLACE_TYPES:
            for c in tok.children:
                other = self.name_at.get(c.i)
                if c.dep_ == "appos" and other is not None and other is not name and other.type in PLACE_TYPES \
                        and c.lower_ not in self.w["office_table"]:
                    self.add("LOCATED_IN", [self.arg(tok)], [self.arg(c)], "place_apposition", tok)

    def verb_place_chain(self, verb: Token) -> None:
        """"signed at A in B", "landed on A in B", "the battle at A on B", "fled to A in B", "came from A in B": the
        preposition after a place names the larger place; "met in the Assembly at B": a body in a place."""
        preps = [p for p in verb.children if p.dep_ == "prep" and p.lower_ in {"at", "in", "on", "into", "to", "from"}]
        for p, q in zip(preps, preps[1:], strict=False):
            a = next((c for c in p.children if c.dep_ == "pobj"), None)
            b = next((self.side_of(c) for c in q.children if c.dep_ == "pobj"), None)
            if a is None or b is None or q.lower_ not in {"in", "on", "at"} or q.i != a.right_edge.i + 1 or \
                    p.lower_ in {"to", "from"} and q.lower_ == "at" or \
                    any(c.dep_ in {"conj", "cc"} for c in a.children):  # "Y in A and Z in B": A is not in B
                continue
            if any(c.like_num and self.name_at.get(c.i) is not self.name_at.get(x.i) for x in (a, b)
                   for c in x.children):
                continue  # "in 435 BC X ... in 433 BC Y": dates taken into the phrases ("First" of a name is none)
            na, nb = self.name_at.get(a.i), self.name_at.get(b.i)
            # "met in the Assembly at Y": a body or event in a place; a place by the parse's type or,
            # untyped here, by the document's (the linker checks)
            if q.lower_ == "at" and p.lower_ != "in" or na is None or nb is None or na is nb:
                continue
            if (na.type in PLACE_TYPES or q.lower_ == "at" and na.type in {"ORG", "EVENT", None}) and \
                    nb.type in PLACE_TYPES | {None}:
                self.add("LOCATED_IN", [self.arg(a)], [self.arg(b)], "place_in_place", verb)
            if p.lower_ == "at" and q.lower_ == "in" and na.type in PLACE_TYPES | {None} and \
                    nb.type in {"ORG", "EVENT", None}:
                # "met at Y in the National Assembly": the body met at Y (untyped here, the linker keeps it for a
                # body or event of the document, never for a place)
                self.add("LOCATED_IN", [self.arg(b)], [self.arg(a)], "body_at_place", verb)

    def set_off_place(self, p: Token) -> None:
        """"in X, on an island in Y, ...", "at X, on a headland of Y.": a phrase set off after a place, saying what
        kind of place it is and in which larger place, puts the place in the larger one."""
        doc = p.doc
        k = p.i - 1
        if k <= self.sent.start or doc[k].text != ",":
            return
        name = self.name_at.get(k - 1)
        n = next((c for c in p.children if c.dep_ == "pobj"), None)
        if name is None or n is None or n.i in self.name_at or \
                lemma(n) not in self.w["place_kind_nouns"]:
            return
        end = p.right_edge.i + 1
        if end < self.sent.end and doc[end].text not in {",", ";", ".", ")"}:
            return  # a phrase set off, closed by a comma or the sentence's end
        span = doc.char_span(name.start, name.end, alignment_mode="expand")
        if span is None:
            return
        larger = [a for x in _preps(n, "in", "of", "off", "on", "near") for m in _conjuncts(x)
                  if m.i in self.name_at for a in self.args(m)]
        # the names' types here are the tagger's guesses: the linker keeps it between two places of the document
        self.add("LOCATED_IN", [self.arg(span.root)], larger, "place_set_off", p)

    def side_of(self, tok: Token) -> Token:
        """"on the coast of B", "on the banks of B": the named place whose edge the noun is; else the noun."""
        if tok.i in self.name_at or tok.lower_ not in self.w["place_side_nouns"]:
            return tok
        named = [x for x in _preps(tok, "of") if x.i in self.name_at]
        return named[0] if len(named) == 1 else tok

    def verb_object_place_chain(self, verb: Token) -> None:
        """"fortified A in B", "burned A on B": a named object with "in"/"on" right after it, set on the verb,
        is in that place (the linker keeps it only between two places)."""
        for o in _children(verb, "dobj"):
            na = self.name_at.get(o.i)
            if na is None:
                continue
            for p in verb.children:
                if p.dep_ != "prep" or p.lower_ not in {"in", "on"} or p.i != o.right_edge.i + 1:
                    continue
                for b in (self.side_of(c) for c in p.children):
                    nb = self.name_at.get(b.i)
                    if b.dep_ == "pobj" and nb is not None and nb is not na:
                        self.add("LOCATED_IN", [self.arg(o)], [self.arg(b)], "place_object_in", verb)

    def anti(self, tok: Token) -> None:
        """"an anti-Roman league": what the noun names is opposed to the Romans."""
        doc = self.doc
        low = tok.lower_
        if low.startswith("anti-") and len(tok.text) > 5:
            target = Arg(tok.idx + 5, tok.idx + len(tok.text), tok.idx + 5, tok.idx + len(tok.text), tok.text[5:],
                         "word")
            noun = tok.head
        elif low == "anti":
            k = tok.i + 1
            if k < len(doc) and doc[k].text in {"-", "–"}:
                k += 1
            if k >= len(doc) or not doc[k].text[:1].isupper():
                return
            w = doc[k]
            target = Arg(w.idx, w.idx + len(w.text), w.idx, w.idx + len(w.text), w.text, "word")
            noun = w.head if w.head.i != tok.i else tok.head
        else:
            return
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
