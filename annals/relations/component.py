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

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from annals import knowledge
from annals.relations.arguments import Arguments
from annals.relations.candidates import RelationCandidate
from annals.relations.lexicon import VERBISH, lemma, lexicon
from annals.relations.nouns import Nouns
from annals.relations.offices import Offices
from annals.relations.places import Places
from annals.relations.verbs import Verbs


class RelationFinder:
    """The pipeline component: holds the lexicon only, no state of a document, so that one instance
    (the cached pipeline) can serve many threads at once; each call works in its own :class:`_DocPass`."""

    def __init__(self, nlp: Language | None = None):
        self.w = lexicon()
        self.titles = knowledge.titles()

    def __call__(self, doc: Doc) -> Doc:
        doc._.relation_candidates = _DocPass(self.w, self.titles, doc).run()
        return doc


class _DocPass(Arguments, Verbs, Nouns, Offices, Places):
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


if not Doc.has_extension("relation_candidates"):
    Doc.set_extension("relation_candidates", default=None)


@Language.factory("annals_relations")
def make_relation_finder(nlp: Language, name: str) -> RelationFinder:
    """The annals relation finder; runs after ``annals_names`` (it uses ``doc._.names``)."""
    return RelationFinder(nlp)
