"""The ``annals_events`` pipeline component: what happened, in each clause of a paragraph.

A trigger is a verb, a verb phrase ("laid down his arms", "put to sea") or an event noun listed in
``data/event_types.json`` (stative and reporting verbs make no event; nor do participles used as
adjectives, habits, verbs of composition, or plural kinds such as "the treaties").  For each trigger
the component records, as :class:`EventCandidate` on
``doc._.event_candidates`` (character offsets relative to the Doc):

* its type, and its arguments from the dependency parse: the subject is the agent (the patient in
  the passive), objects are patients, "by X" is the agent, "in/at/near X" may be the place, other
  prepositional objects are participants; coordinated arguments each count;
* the date expressions of its own clause (``explicit``): a date attaches to the nearest trigger
  above it in the tree, or, when the verb it attaches to is no trigger, to the triggers below that
  verb; a verb coordinated with a dated one shares its date;
* dates that reach a happening through the parse's quirks: a named event's date dates the verb that
  governs it ("beaten at the Battle of X in 418 BC") or, governed by none, the named event itself; a
  date in parentheses or quotation marks dates only what is said inside them; a when-clause on a date
  happens then; a where/when relative clause and a causative's complement ("had his rival arrested")
  take their clause's date; a fronted date the parser glued to the next name dates the verb after it;
* named events in its clause that may anchor it in time ("when the Germans lost the battle of X"),
  and whether it sits in a "when/after/before" clause of another trigger;
* the parts of a short description (past-tense verb with particle and negation, voice, key phrase);
* negation ("not", "never", "refused to") and modality ("desired to", "hoped", "would").

Times are settled for the whole document afterwards (:mod:`annals.events.document`), because anchors and the
narrative's reference time cross paragraphs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

ARG_DEPS = {"nsubj": "agent", "nsubjpass": "patient", "dobj": "patient", "obj": "patient", "attr": "patient",
            "agent": "agent", "dative": "participant", "oprd": "patient", "appos": "participant"}
TEMPORAL_PREPS = {"after", "before", "during", "since", "until", "till", "following", "throughout"}
OFFICE_WORDS = {"head", "chairman", "chairwoman", "chair", "leader", "president", "commander", "chief", "ataman",
                "hetman", "premier", "governor", "director", "secretary", "minister", "emperor", "king", "queen",
                "tsar", "dictator", "consul", "regent", "prime"}
PLACE_PREPS = {"in", "at", "near", "into", "to", "from", "across", "on", "outside", "towards", "toward"}
MOTION_LIGHT = {"come", "go", "push", "drive", "ride", "pass", "approach", "fly", "row", "steam", "proceed"}
DIRECTIONS = {"to", "into", "from", "towards", "toward", "onto", "across", "through", "over", "up", "down", "back",
              "out", "against", "via", "past", "along", "inland", "beyond"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
COMPOSING = {"form", "make", "constitute", "comprise", "provide", "represent", "become", "remain"}
PARTS_OF_A_WHOLE = {"core", "basis", "backbone", "bulk", "majority", "minority", "part", "nucleus", "mainstay",
                    "heart", "base", "foundation", "kernel", "bedrock", "half", "third", "quarter", "rest"}
CAUSATIVES = {"have", "get", "make", "let", "see", "watch", "help", "order", "force", "compel", "cause"}
TEMPORAL_MARKERS = {"when": None, "after": "AFTER", "before": "BEFORE", "as": None, "while": None, "once": "AFTER",
                    "until": "BEFORE", "since": "AFTER"}


@cache
def lexicon() -> dict:
    """The event taxonomy: lemma -> type for verbs and for nouns, and the modality words."""
    with resources.files("annals").joinpath("data", "event_types.json").open(encoding="utf-8") as f:
        data = json.load(f)
    verbs: dict[str, str] = {}
    nouns: dict[str, str] = {}
    for etype, spec in data["types"].items():
        for v in spec["verbs"]:
            verbs.setdefault(v, etype)
        for n in spec["nouns"]:
            nouns.setdefault(n, etype)
    phrases: dict[str, str] = dict(data.get("phrases", {}).get("entries", {}))
    return {"verbs": verbs, "nouns": nouns, "phrases": phrases, "modal_verbs": data["modal_verbs"],
            "modal_aux": data["modal_auxiliaries"], "negating": set(data["negating_verbs"]),
            "end_words": set(data["end_words"]), "start_words": set(data["start_words"]),
            "types": {k: v["description"] for k, v in data["types"].items()}}


@dataclass
class EventCandidate:
    """One trigger and what the parse says about it (offsets relative to the Doc)."""

    trigger_start: int
    trigger_end: int
    trigger: str
    lemma: str
    type: str
    sentence_start: int
    sentence_end: int
    arguments: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, role)
    timexes: list[int] = field(default_factory=list)  # indexes into doc._.timexes
    anchor_spans: list[tuple[int, int]] = field(default_factory=list)  # spans to look for named events in
    governor: int | None = None  # index of the candidate whose when/after-clause this one is
    marker: str | None = None  # "when", "after", "before" ...
    main_clause: bool = True
    negated: bool = False
    modality: str = "asserted"
    nominal: bool = False
    descriptive: bool = False  # part of a definition ("X was an armed rising of ...") or told in the past perfect
    perfect: bool = False  # told in the past perfect ("had crossed"): dated only by a date of its own clause
    own_timexes: list[int] = field(default_factory=list)  # those of ``timexes`` said in the trigger's own clause
    tokens: tuple[int, int] = (0, 0)  # token range of the trigger's clause, for anchors
    verb_text: str = ""  # the happening's verb in the past tense, with particle and negation ("did not sail")
    passive: bool = False  # told in the passive: the subject is the patient, "by X" the agent
    phrase: tuple[str, int, int] | None = None  # the key prepositional phrase: (preposition, start, end)
    noun_phrase: tuple[int, int] | None = None  # a nominal event's own phrase ("the siege of Missolonghi")
    modified: tuple[int, int] | None = None  # the noun a participle qualifies ("a league founded by X": "a league")
    doer: tuple[int, int] | None = None  # who a verb without a subject of its own is said of, for its description

    def shifted(self, by: int) -> EventCandidate:
        """The same candidate with every offset moved by ``by`` (into document offsets)."""
        c = EventCandidate(**{**self.__dict__})
        c.trigger_start += by
        c.trigger_end += by
        c.sentence_start += by
        c.sentence_end += by
        c.arguments = [(s + by, e + by, r) for s, e, r in self.arguments]
        c.anchor_spans = [(s + by, e + by) for s, e in self.anchor_spans]
        if self.phrase is not None:
            c.phrase = (self.phrase[0], self.phrase[1] + by, self.phrase[2] + by)
        if self.noun_phrase is not None:
            c.noun_phrase = (self.noun_phrase[0] + by, self.noun_phrase[1] + by)
        if self.modified is not None:
            c.modified = (self.modified[0] + by, self.modified[1] + by)
        if self.doer is not None:
            c.doer = (self.doer[0] + by, self.doer[1] + by)
        return c


def _subtree_span(tok: Token) -> tuple[int, int]:
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right.text)


def _conj_group(tok: Token) -> list[Token]:
    """A token and the tokens coordinated with it ("A, B and C")."""
    out = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ == "conj" and c not in out:
                out.append(c)
                stack.append(c)
    return out


class EventFinder:
    """Finds event triggers and their arguments; see the module docstring."""

    def __init__(self) -> None:
        self.lex = lexicon()
        self._in_timex: set[int] = set()  # tokens of the dates of the Doc being read

    def phrase_type(self, tok: Token) -> str | None:
        """The type of a verb phrase the verb alone does not name ("laid down his arms", "put to sea",
        "took refuge", "came to terms", "passed the act"), or None."""
        phrases = self.lex["phrases"]
        lemma = tok.lemma_.lower()
        keys: list[str] = []
        for c in tok.children:
            word = c.lemma_.lower()
            if c.dep_ == "prt" or c.dep_ == "advmod" and c.lower_ in {"ashore", "back", "out", "off", "over", "away"}:
                keys.append(f"{lemma} {c.lower_}")
                keys += [f"{lemma} {c.lower_} {g.lemma_.lower()}" for g in c.head.children if g.dep_ == "dobj"]
            elif c.dep_ in {"dobj", "nsubjpass"}:
                keys.append(f"{lemma} {word}")
                keys += [f"{lemma} {a.lower_} {word}" for a in c.children if a.dep_ == "amod"]
            elif c.dep_ == "prep":
                keys.append(f"{lemma} {c.lower_}")
                keys += [f"{lemma} {c.lower_} {g.lemma_.lower()}" for g in c.children if g.dep_ == "pobj"]
        for key in sorted(keys, key=lambda k: -len(k.split())):
            if key in phrases:
                return phrases[key]
        return None

    def trigger_type(self, tok: Token) -> str | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and tok.dep_ == "amod" and tok.i < tok.head.i \
                and all(t.pos_ in {"NOUN", "ADJ", "ADV"} for t in tok.doc[tok.i + 1 : tok.head.i]):
            return None  # a participle used as an adjective: "the starving defenders", "its promised land reform"
        if tok.pos_ == "VERB":
            phrase = self.phrase_type(tok)
            if phrase is not None:
                return phrase
            if lemma == "find" and tok.lower_ == "found" and any(c.dep_ == "aux" and c.lower_ == "to"
                                                                  for c in tok.children):
                return "FOUNDING"  # "helped to found": the verb "found", lemmatised as "find"
            if lemma == "bear" and tok.lower_ == "born":
                return "BIRTH"
            if lemma in MOTION_LIGHT and not any(
                    c.dep_ == "prep" and c.lower_ in DIRECTIONS or c.dep_ == "advmod" and c.lower_ in {"ashore", "home"}
                    for c in tok.children):
                return None  # "came", "went" name a journey only with where to or from
            if lemma == "set" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in tok.children):
                return None
            if lemma in {"hand", "round", "break"} and not any(c.dep_ == "prt" for c in tok.children):
                if lemma == "hand" and any(c.dep_ == "prep" and c.lower_ in {"to", "over"} for c in tok.children):
                    return "TRANSFER"  # "handed their registers to the throne"
                return None if lemma != "break" else self.lex["verbs"].get(lemma)
            if lemma == "find" and any(c.dep_ == "auxpass" for c in tok.children):
                return "DISCOVERY"  # "the tomb was found in 1922"
            if lemma == "try" and any(c.dep_ == "xcomp" for c in tok.children):
                return None  # "tried to break out": an attempt (the modality of the verb it governs), no trial
            if lemma in {"become", "make"} and any(
                    c.dep_ in {"attr", "oprd", "ccomp", "xcomp", "dobj"} and c.lower_ in OFFICE_WORDS
                    for c in tok.subtree if c.head.i == tok.i or c.head.head.i == tok.i):
                return "APPOINTMENT"  # "became head of the directorate", "made himself king of X"
            return self.lex["verbs"].get(lemma)
        sentence_initial = tok.i == tok.sent.start and tok.pos_ == "NOUN" and tok.is_title
        if tok.pos_ in {"NOUN", "PROPN"} and (tok.is_lower or sentence_initial):
            if tok.tag_ == "NNS" and tok.lower_ not in self.lex["nouns"]:
                return None  # "anger at the treaties", "a series of revolts": a kind, not one happening
            return self.lex["nouns"].get(lemma) or self.lex["nouns"].get(tok.lower_)
        return None

    def __call__(self, doc: Doc) -> Doc:
        timexes = getattr(doc._, "timexes", None) or []
        timex_tokens: list[list[Token]] = []
        for t in timexes:
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            timex_tokens.append(list(span) if span is not None else [])
        in_timex = {tok.i for toks in timex_tokens for tok in toks}
        self._in_timex = in_timex
        cands: list[EventCandidate] = []
        by_token: dict[int, int] = {}
        for sent in doc.sents:
            for tok in sent:
                if tok.i in in_timex:
                    continue
                etype = self.trigger_type(tok)
                if etype is None:
                    continue
                by_token[tok.i] = len(cands)
                cands.append(self.candidate(tok, sent, etype))
        self.attach_times(doc, cands, by_token, timex_tokens)
        self.attach_governors(cands, by_token, doc)
        doc._.event_candidates = cands
        return doc

    def candidate(self, tok: Token, sent: Span, etype: str) -> EventCandidate:
        c = EventCandidate(tok.idx, tok.idx + len(tok.text), tok.text, tok.lemma_.lower(), etype,
                           sent.start_char, sent.end_char, nominal=tok.pos_ != "VERB")
        c.arguments = [x for x in (self._trimmed(sent.doc, a, b, r) for a, b, r in self.arguments(tok)) if x]
        if tok.dep_ == "relcl":  # "X, who went over to ...": the relative pronoun stands for X
            antecedent = tok.head
            if any(x.lower_ == "who" for x in tok.children):  # "Ney, the hero of Borodino, who ...": a person
                while antecedent.dep_ == "pobj" and antecedent.head.dep_ == "prep" and antecedent.head.lower_ == "of":
                    antecedent = antecedent.head.head
            if antecedent.dep_ == "appos":
                antecedent = antecedent.head
            ante = self._trimmed(sent.doc, *_token_np(antecedent), "agent")
            c.arguments = [(*ante[:2], r) if ante and sent.doc.text[a:b].lower() in RELATIVE_PRONOUNS else (a, b, r)
                           for a, b, r in c.arguments]
        subject = self._fronted_subject(tok)
        if subject is not None:
            role = "patient" if any(x.dep_ == "auxpass" for x in tok.children) else "agent"
            c.arguments = [x for x in c.arguments if x[:2] != subject]
            c.arguments.insert(0, (*subject, role))
        c.main_clause = tok.dep_ in {"ROOT", "conj"} and (tok.dep_ == "ROOT" or tok.head.dep_ == "ROOT")
        c.negated, c.modality = self.negation_and_modality(tok)
        c.perfect = self.perfect(tok)
        c.descriptive = c.perfect or self.descriptive(tok)
        left, right = tok.left_edge.i, tok.right_edge.i + 1
        if tok.pos_ != "VERB" and tok.head.pos_ == "VERB":
            left, right = tok.head.left_edge.i, tok.head.right_edge.i + 1
        c.tokens = (left, right)
        c.anchor_spans = [(sent.doc[left].idx, sent.doc[right - 1].idx + len(sent.doc[right - 1].text))]
        self.describe(tok, c)
        return c

    def _fronted_subject(self, tok: Token) -> tuple[int, int] | None:
        """"In the spring of 218 Hannibal left ...": a verb without a subject whose fronted date phrase ends
        in a name the parser took into the phrase; that name is the subject."""
        if tok.pos_ != "VERB" or any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in tok.children):
            return None
        for prep in tok.lefts:
            if prep.dep_ != "prep" or not any(t.i in self._in_timex for t in prep.subtree):
                continue
            last = prep.right_edge
            between = tok.doc[last.i + 1 : tok.i]
            if last.pos_ == "PROPN" and last.i not in self._in_timex \
                    and all(t.pos_ in {"ADV", "AUX", "PART"} for t in between):
                first = last
                while first.i > prep.i and first.nbor(-1).pos_ == "PROPN" and first.nbor(-1).i not in self._in_timex:
                    first = first.nbor(-1)
                return first.idx, last.idx + len(last.text)
        return None

    def _trimmed(self, doc: Doc, a: int, b: int, role: str) -> tuple[int, int, str] | None:
        """An argument span without a date or a conjunction the parser hung on its edge ("In 216 he")."""
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is None:
            return a, b, role
        toks = list(span)
        while toks and (toks[0].i in self._in_timex or toks[0].dep_ in {"cc", "punct", "prep"}):
            toks.pop(0)
        while toks and (toks[-1].i in self._in_timex or toks[-1].dep_ in {"cc", "punct"}):
            toks.pop()
        if not toks:
            return None
        return toks[0].idx, toks[-1].idx + len(toks[-1].text), role

    def describe(self, tok: Token, c: EventCandidate) -> None:
        """The parts a short description of the happening is built from (see :mod:`annals.events.document`)."""
        gerund = tok.tag_ == "VBG" and tok.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos"}
        if tok.pos_ != "VERB" or gerund:  # an event noun, or "the rising of X" read as a verb
            right = tok
            for child in tok.rights:
                if child.dep_ == "prep" and child.lower_ in {"of", "by", "at", "in", "on", "against", "to"}:
                    right = child.right_edge
                    break
            left = min([tok, *(x.left_edge for x in tok.lefts if x.dep_ not in {"punct", "cc", "prep"})],
                       key=lambda t: t.i)
            c.noun_phrase = (left.idx, right.idx + len(right.text))
            return
        c.passive = _passive(tok) or tok.tag_ == "VBN" and tok.dep_ == "acl"
        negated = any(x.dep_ == "neg" for x in tok.children)
        particles = [x.lower_ for x in tok.children if x.dep_ == "prt"]
        if c.passive:
            plural = any(x.dep_ == "nsubjpass" and (x.tag_ in {"NNS", "NNPS"} or x.tag_ == "CD" and x.lower_ != "one")
                         or x.dep_ == "conj" for s in tok.children if s.dep_ == "nsubjpass" for x in [s, *s.children])
            verb = ("were" if plural else "was") + (" not " if negated else " ") + tok.lower_
        elif negated:
            verb = "did not " + tok.lemma_.lower()
        else:
            verb = past_tense(tok)
        c.verb_text = " ".join([verb, *particles])
        if not any(r == ("patient" if c.passive else "agent") for _, _, r in c.arguments):
            c.doer = self._doer(tok)
        if c.passive and tok.dep_ == "acl" and tok.head.pos_ in {"NOUN", "PROPN"}:
            c.modified = _token_np(tok.head)  # "a league founded by X in 1520": the league was founded
            if tok.head.tag_ in {"NNS", "NNPS"} and c.verb_text.startswith("was "):
                c.verb_text = "were " + c.verb_text[4:]
        for child in tok.children:
            if child.dep_ != "prep" or child.lower_ in TEMPORAL_PREPS or child.lower_ == "by" and c.passive:
                continue
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is None or pobj.like_num or any(t.i in self._in_timex for t in pobj.subtree):
                continue
            start, end = _token_np(pobj)
            of = next((g for g in pobj.children if g.dep_ == "prep" and g.lower_ == "of"), None)
            if of is not None:  # "at the Battle of Waterloo"
                end = max(end, _token_np(next((g for g in of.children if g.dep_ == "pobj"), of))[1])
            conj = next((g for g in pobj.children if g.dep_ == "conj"), None)
            if pobj.pos_ == "PROPN" and conj is not None and conj.pos_ == "PROPN":  # "the Peter and Paul Fortress"
                end = max(end, _token_np(conj)[1])
            c.phrase = (child.lower_, start, end)
            break

    @staticmethod
    def _doer(tok: Token) -> tuple[int, int] | None:
        """The subject a verb without one of its own shares: that of the verb it is coordinated with
        ("X was captured, wrote a confession and was executed"), or of the clause a participle opens
        ("Marching down the river, the army took the city")."""
        def subject_of(v: Token) -> Token | None:
            found = next((c for c in v.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if found is None:  # "X was captured, wrote ...": a series the parser read as a clause before its verb
                first = next((c for c in v.lefts if c.dep_ == "ccomp"), None)
                found = next((c for c in first.children if c.dep_ in {"nsubj", "nsubjpass"}), None) if first else None
            return found

        h = tok
        for _ in range(6):
            if h is not tok or h.dep_ not in {"conj", "advcl"}:
                subject = subject_of(h)
                if subject is not None:
                    return None if subject.lower_ in RELATIVE_PRONOUNS else _token_np(subject)
            if h.dep_ == "conj" or h.dep_ == "advcl" and h.tag_ in {"VBG", "VBN"} and not any(
                    c.dep_ == "mark" for c in h.children):
                h = h.head
            else:
                return None
        return None

    @staticmethod
    def perfect(tok: Token) -> bool:
        """A verb in the past perfect ("had collapsed"), or one a verb in the past perfect governs."""

        def had(v: Token) -> bool:
            return v.pos_ == "VERB" and v.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ == "had"
                                                                   for c in v.children)

        return had(tok) or tok.dep_ == "xcomp" and had(tok.head)

    @staticmethod
    def descriptive(tok: Token) -> bool:
        """True for a trigger inside the predicate or the subject of a copular definition ("X was an armed
        rising ..."), a habit ("used to raid"), or a verb of composition ("formed the core of"): it
        describes rather than narrates (the past perfect is tested apart)."""
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() == "use" and tok.head.tag_ == "VBD":
            return True  # "the Cossacks used to raid the steppe"
        if tok.lemma_.lower() in COMPOSING and any(c.dep_ == "dobj" and c.lemma_.lower() in PARTS_OF_A_WHOLE
                                                  for c in tok.children):
            return True  # "exiles made up the backbone of the legion"
        if tok.tag_ in {"VBZ", "VBP"}:
            return True  # the present tense of an encyclopedia describes ("whose chronicle ends in 1204")
        if tok.pos_ == "VERB" and tok.dep_ == "relcl" and tok.tag_ == "VBD" \
                and any(c.dep_ == "nsubj" and c.lower_ == "who" for c in tok.children):
            return False  # "the worst defection was that of X, who rode over ... on 23 November": a person's act
        t = tok
        while True:
            head = t.head
            if t.dep_ in {"attr", "acomp", "nsubj"} and head.lemma_ == "be" and head.dep_ == "ROOT":
                return True
            if head.i == t.i or head.pos_ == "VERB":
                return False
            t = head

    def arguments(self, tok: Token) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        heads = [tok]
        # a verb coordinated with another shares its subject ("... stormed the trenches and captured ...")
        h = tok
        while h.dep_ == "conj" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in h.children) \
                and h.head.i != h.i:
            h = h.head
            heads.append(h)
        # xcomp/ccomp under a modal verb: the modal verb's subject ("Vlasov desired to make ...")
        if tok.dep_ in {"xcomp"} and tok.head.pos_ in {"VERB", "AUX"}:
            heads.append(tok.head)
        for h in heads:
            for child in h.children:
                role = ARG_DEPS.get(child.dep_)
                if h.i != tok.i and child.dep_ not in {"nsubj", "nsubjpass"}:
                    continue
                if role is None and child.dep_ == "prep":
                    if child.lower_ in TEMPORAL_PREPS:
                        continue  # "after the October Revolution": when, not who
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            r = "agent" if child.lower_ == "by" and tok.tag_ == "VBN" else \
                                "place" if child.lower_ in PLACE_PREPS else "participant"
                            for t in _conj_group(pobj):
                                out.append((*_token_np(t), r))
                    continue
                if role is None:
                    continue
                if child.dep_ == "nsubj" and (h.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in h.children)
                                              or h.i != tok.i and _passive(tok)):
                    role = "patient"  # "the army crossed the river and was destroyed": the army was destroyed
                for t in _conj_group(child):
                    out.append((*_token_np(t), role))
                    # "two generals, Vlasov and Zhilenkov, ...": who the apposition names
                    for appos in t.children:
                        if appos.dep_ == "appos":
                            out.append((*_subtree_span(appos), role))
                    # "groups such as A, B and C": the listed names are arguments too
                    for prep in t.children:
                        if prep.dep_ == "prep" and prep.lower_ in {"as", "including", "like"}:
                            for pobj in prep.children:
                                for x in _conj_group(pobj):
                                    out.append((*_token_np(x), role))
        if tok.pos_ != "VERB":
            # an event noun: "the arrest campaign by the Gestapo", "the outbreak of the war", "NTS's ..."
            for child in tok.children:
                if child.dep_ == "prep":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            r = "agent" if child.lower_ == "by" else "place" if child.lower_ in {"in", "at", "near"} \
                                else "participant"
                            for t in _conj_group(pobj):
                                out.append((*_token_np(t), r))
                elif child.dep_ in {"poss", "compound", "amod", "nmod"}:
                    out.append((*_token_np(child), "participant"))
        return out

    def negation_and_modality(self, tok: Token) -> tuple[bool, str]:
        negated = any(c.dep_ == "neg" for c in tok.children)
        modality = "asserted"
        for c in tok.children:
            if c.dep_ == "aux" and c.lower_ in self.lex["modal_aux"]:
                modality = self.lex["modal_aux"][c.lower_]
        h = tok
        while h.dep_ in {"xcomp", "ccomp"} and h.head.i != h.i:
            head = h.head
            lemma = head.lemma_.lower()
            if lemma in self.lex["negating"]:
                negated = True
            elif lemma in self.lex["modal_verbs"] and modality == "asserted":
                modality = self.lex["modal_verbs"][lemma]
            if any(c.dep_ == "neg" for c in head.children):
                negated = not negated
            h = head
        return negated, modality

    def attach_times(self, doc: Doc, cands: list[EventCandidate], by_token: dict[int, int],
                     timex_tokens: list[list[Token]]) -> None:
        """Give each date to the trigger whose clause it belongs to (see the module docstring)."""
        pending: list[tuple[int, Token]] = []
        fronted: list[int] = []
        names = getattr(doc._, "names", None) or []
        named_event_tokens = {t.i for n in names if n.type == "EVENT"
                              for t in (doc.char_span(n.start, n.end, alignment_mode="expand") or [])}
        for ti, toks in enumerate(timex_tokens):
            if not toks:
                continue
            paren = self._open_paren(doc, toks)
            # the date's head: its first token that hangs outside it ("June" of "30 June [O.S.] 1688", whose
            # bracketed mark the parser may hang elsewhere)
            inside = {t.i for t in toks}
            root = next((t for t in toks if t.head.i not in inside or t.head.i == t.i),
                        min(toks, key=lambda t: len(list(t.ancestors))))
            glued = self._glued_clause(root, toks, by_token)
            if glued is not None and paren is None:
                c = cands[by_token[glued.i]]
                c.timexes.append(ti)
                c.own_timexes.append(ti)
                subject = self._trimmed(doc, *_token_np(glued.head), "agent")
                if subject is not None and subject not in c.arguments:
                    c.arguments.insert(0, subject)  # the name is the verb's subject, not a noun it qualifies
                c.passive, c.verb_text = False, past_tense(glued)
                continue
            node, verb, target = root.head, None, None
            named: Token | None = None  # the named event the date hangs on ("the Battle of X in 1827")
            temporal = False  # ... seen through "after", "before", "since" ...
            while True:
                if node.i in by_token and node not in toks:
                    target = by_token[node.i]
                    break
                if node.dep_ == "conj" and node.pos_ in {"VERB", "AUX"} and any(
                        c.dep_ in {"nsubj", "nsubjpass"} for c in node.children):
                    verb = verb or node  # "..., and his mummy was found in 1881": that clause's date only
                    break
                if node.i in named_event_tokens and node.pos_ != "VERB" and named is None:
                    named = node
                if named is not None and node.dep_ == "prep" and node.lower_ in TEMPORAL_PREPS:
                    temporal = True
                if node.pos_ in {"VERB", "AUX"} and verb is None:
                    verb = node
                if node.head.i == node.i:
                    break
                node = node.head
            if paren is not None:
                # a date in parentheses is an aside (life dates, a later name) except for what is said
                # inside the same parentheses ("Philip (who died in 1598)")
                if target is not None and self._in_parens(doc, paren, cands[target].trigger_start):
                    cands[target].timexes.append(ti)
                    cands[target].own_timexes.append(ti)
                continue
            if named is not None:
                if temporal:
                    continue  # "after the February Revolution of 1917": the date is the named event's
                if target is None or verb is not None and verb.i not in by_token \
                        and verb.idx < cands[target].trigger_start:
                    # no happening governs the named event: it is itself the dated happening
                    head = named
                    while head.head.i in named_event_tokens and head.head.i != head.i:
                        head = head.head
                    if head.i not in by_token:
                        etype = self.lex["nouns"].get(head.lemma_.lower()) or "OCCURRENCE"
                        c = self.candidate(head, head.sent, etype)
                        c.timexes.append(ti)
                        c.own_timexes.append(ti)
                        by_token[head.i] = len(cands)
                        cands.append(c)
                    continue
                cands[target].timexes.append(ti)
                continue
            if target is not None and (verb is None or verb.i in by_token or verb.idx >= cands[target].trigger_start):
                cands[target].timexes.append(ti)
                if verb is None or verb.i == node.i:
                    cands[target].own_timexes.append(ti)
            elif verb is not None:
                pending.append((ti, verb))
            elif target is not None:
                cands[target].timexes.append(ti)
            elif toks[0].i - toks[0].sent.start <= 1:
                fronted.append(ti)
        # the date's verb is no trigger: the triggers under that verb without a date of their own take it
        for ti, verb in pending:
            hit = [by_token[t.i] for t in verb.subtree if t.i in by_token and t.i != verb.i
                   and not self._own_clause(t, verb) and not cands[by_token[t.i]].timexes]
            if hit:
                for k in hit:
                    cands[k].timexes.append(ti)
                    if self._clause_verb(doc.char_span(cands[k].trigger_start, cands[k].trigger_end,
                                                       alignment_mode="expand")) == verb:
                        cands[k].own_timexes.append(ti)
            elif verb.i in by_token:  # "held the city from 18 March to 28 May": one happening, two dates
                cands[by_token[verb.i]].timexes.append(ti)
                cands[by_token[verb.i]].own_timexes.append(ti)
            elif verb.pos_ == "VERB" and not verb.is_stop and timexes_precision(doc, ti) == "day":
                # a dated clause is a happening even when its verb is not in the taxonomy
                c = self.candidate(verb, verb.sent, "OCCURRENCE")
                c.timexes.append(ti)
                by_token[verb.i] = len(cands)
                cands.append(c)
        # a date that opens a sentence the parser could not hang on a verb ("In April 1827 the
        # assembly at X elected ..." read as a fragment): it dates the first happening after it
        for ti in fronted:
            toks = timex_tokens[ti]
            sent = toks[0].sent
            for t in doc[toks[-1].i + 1 : sent.end]:
                k = by_token.get(t.i)
                if k is not None and t.pos_ == "VERB" and not cands[k].timexes:
                    cands[k].timexes.append(ti)
                    cands[k].own_timexes.append(ti)
                    break
        # "in 403 BC, when the exiles seized the Piraeus": a when-clause on a date happens then
        for ti, toks in enumerate(timex_tokens):
            for tok in toks:
                for cl in tok.children:
                    if cl.dep_ not in {"relcl", "acl", "advcl"} or not any(
                            g.dep_ == "advmod" and g.lower_ == "when" for g in cl.children):
                        continue
                    for t in cl.subtree:
                        k = by_token.get(t.i)
                        if k is not None and not cands[k].timexes and not self._own_clause(t, cl):
                            cands[k].timexes.append(ti)
                            cands[k].own_timexes.append(ti)
        # coordinated verbs share their head's date
        for c in cands:
            if c.timexes:
                continue
            tok = doc.char_span(c.trigger_start, c.trigger_end, alignment_mode="expand")
            if tok is None:
                continue
            t = tok[0]
            while t.dep_ == "conj" and t.head.i != t.i:
                t = t.head
                if t.i in by_token and cands[by_token[t.i]].timexes:
                    c.timexes = list(cands[by_token[t.i]].timexes)
                    break

    @staticmethod
    def _glued_clause(root: Token, toks: list[Token], by_token: dict[int, int]) -> Token | None:
        """"In 218 BC Saguntum appealed to ...": the parser may glue a fronted date to the name after it
        and hang the verb on that name as a participle; the date is then the time of that verb."""
        noun = root.head
        if root.dep_ not in {"nummod", "compound", "npadvmod", "nmod"} or noun in toks \
                or noun.pos_ not in {"PROPN", "NOUN"} or noun.i < root.i:
            return None
        for child in noun.rights:
            if child.dep_ in {"acl", "relcl"} and child.pos_ == "VERB" and child.i in by_token \
                    and not any(g.dep_ in {"agent", "auxpass", "mark"} or g.lower_ in {"who", "which", "that"}
                                for g in child.children):
                return child
        return None

    @staticmethod
    def _clause_verb(span: Span | None) -> Token | None:
        """The verb whose clause a trigger is said in (itself for a verb)."""
        if span is None:
            return None
        t = span[0]
        while t.pos_ not in {"VERB", "AUX"} and t.head.i != t.i:
            t = t.head
        return t

    @staticmethod
    def _open_paren(doc: Doc, toks: list[Token]) -> int | None:
        """The index of the parenthesis a date stands inside (in its sentence), or None."""
        opened: list[int] = []
        quote: int | None = None
        for t in doc[toks[0].sent.start : toks[0].i]:
            for ch in t.text:
                if ch == "(":
                    opened.append(t.i)
                elif ch == ")" and opened:
                    opened.pop()
                elif ch in "\"\u201c\u201d":  # a quoted phrase ("the men of 1821") is an aside too
                    quote = t.i if quote is None and ch != "\u201d" else None
        if opened:
            return opened[-1]
        return quote

    @staticmethod
    def _in_parens(doc: Doc, paren: int, offset: int) -> bool:
        """Whether the text at ``offset`` stands inside the parentheses opened at token ``paren``."""
        start = doc[paren].idx
        if offset <= start:
            return False
        return not any(ch in doc.text[start + 1 : offset] for ch in ")\"\u201d")

    @staticmethod
    def _own_clause(tok: Token, verb: Token) -> bool:
        """True when ``tok`` sits in a subordinate clause of its own below ``verb``.  A relative clause
        of place or time ("at X, where Lysander caught the fleet") and the complement of a causative
        ("had his rival arrested") happen in the time of the clause above them."""
        t = tok
        while t.i != verb.i and t.head.i != t.i:
            if t.dep_ == "conj" and t.pos_ in {"VERB", "AUX"} and t.i != tok.i \
                    and any(c.dep_ in {"nsubj", "nsubjpass"} for c in t.children):
                # "..., and they disliked the new tax": what a coordinated clause with its own subject
                # says inside it is its own ("..., and twenty ships were wrecked": the verb itself shares)
                return True
            if t.dep_ in {"advcl", "relcl", "ccomp", "acl"}:
                if t.dep_ == "relcl" and any(c.dep_ == "advmod" and c.lower_ in {"where", "when"}
                                             for c in t.children):
                    pass
                elif t.dep_ == "ccomp" and t.head.lemma_.lower() in CAUSATIVES or t.dep_ == "acl" \
                        and t.head.dep_ == "dobj" and t.head.head.lemma_.lower() in CAUSATIVES:
                    pass  # "had his rival arrested"
                else:
                    return True
            t = t.head
        return False

    def attach_governors(self, cands: list[EventCandidate], by_token: dict[int, int], doc: Doc) -> None:
        """A trigger in a "when/after/before" clause anchors the trigger of the clause it modifies."""
        for i, c in enumerate(cands):
            span = doc.char_span(c.trigger_start, c.trigger_end, alignment_mode="expand")
            if span is None:
                continue
            tok = span[0]
            if tok.dep_ != "advcl":
                continue
            marks = [m.lower_ for m in tok.children if m.dep_ in {"mark", "advmod"} and m.lower_ in TEMPORAL_MARKERS]
            if not marks:
                continue
            head = tok.head
            while head.i not in by_token and head.head.i != head.i:
                head = head.head
            if head.i in by_token:
                j = by_token[head.i]
                cands[j].governor = i
                cands[j].marker = marks[0]


_IRREGULAR = {
    "arise": "arose", "be": "was", "bear": "bore", "beat": "beat", "become": "became", "begin": "began", "bid": "bid",
    "blow": "blew", "break": "broke", "bring": "brought", "build": "built", "burn": "burned", "buy": "bought",
    "catch": "caught", "choose": "chose", "come": "came", "cut": "cut", "deal": "dealt", "dig": "dug", "do": "did",
    "draw": "drew", "drive": "drove", "eat": "ate", "fall": "fell", "feed": "fed", "feel": "felt", "fight": "fought",
    "find": "found", "flee": "fled", "fly": "flew", "forbid": "forbade", "forsake": "forsook", "freeze": "froze",
    "get": "got", "give": "gave", "go": "went", "grow": "grew", "hang": "hanged", "have": "had", "hear": "heard",
    "hide": "hid", "hit": "hit", "hold": "held", "keep": "kept", "know": "knew", "lay": "laid", "lead": "led",
    "leave": "left", "lend": "lent", "let": "let", "lie": "lay", "lose": "lost", "make": "made", "mean": "meant",
    "meet": "met", "overcome": "overcame", "overrun": "overran", "overthrow": "overthrew", "pay": "paid",
    "put": "put", "quit": "quit", "read": "read", "rebuild": "rebuilt", "ride": "rode", "rise": "rose", "run": "ran",
    "say": "said", "see": "saw", "seek": "sought", "sell": "sold", "send": "sent", "set": "set", "shake": "shook",
    "shoot": "shot", "shut": "shut", "sing": "sang", "sink": "sank", "sit": "sat", "slay": "slew", "speak": "spoke",
    "spend": "spent", "split": "split", "spread": "spread", "stand": "stood", "steal": "stole", "strike": "struck",
    "swear": "swore", "sweep": "swept", "take": "took", "teach": "taught", "tear": "tore", "tell": "told",
    "think": "thought", "throw": "threw", "undertake": "undertook", "uphold": "upheld", "wage": "waged",
    "wake": "woke", "wear": "wore", "win": "won", "withdraw": "withdrew", "withhold": "withheld",
    "withstand": "withstood", "write": "wrote", "forgo": "forwent", "outrun": "outran", "broadcast": "broadcast",
}
_DOUBLED = ("mit", "cur", "fer", "pel", "bel", "quit", "trol", "gret", "ip", "nap", "rel")


def past_tense(tok: Token) -> str:
    """The simple past of a verb as the text has it ("seized"), else made from its lemma ("killing": "killed")."""
    if tok.tag_ == "VBD":
        return tok.lower_ if not tok.text[:1].isupper() or tok.i != tok.sent.start else tok.text.lower()
    lemma = tok.lemma_.lower()
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    for prefix in ("re", "over", "under", "out", "mis", "fore"):  # "retake": "retook", "overthrow": "overthrew"
        if lemma.startswith(prefix) and lemma[len(prefix):] in _IRREGULAR:
            return prefix + _IRREGULAR[lemma[len(prefix):]]
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    vowels = "aeiou"
    if len(lemma) >= 3 and lemma[-1] not in vowels + "wxy" and lemma[-2] in vowels and lemma[-3] not in vowels \
            and (len(re.findall(r"[aeiou]+", lemma)) == 1 or lemma.endswith(_DOUBLED)):
        return lemma + lemma[-1] + "ed"
    return lemma + "ed"


def timexes_precision(doc: Doc, ti: int) -> str:
    """ "day", "month", "year" or "other" for the ti-th date of the Doc."""
    value = (doc._.timexes or [])[ti].value or ""
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        return "day"
    if len(value) == 7 and value[5:7].isdigit():
        return "month"
    return "year" if len(value) == 4 and value.isdigit() else "other"


def _passive(tok: Token) -> bool:
    """Told in the passive: with its own "was", or a bare participle coordinated with a passive verb
    ("was caught in Jiangxi and executed")."""
    if any(x.dep_ == "auxpass" for x in tok.children):
        return True
    return tok.tag_ == "VBN" and tok.dep_ == "conj" and not any(x.dep_ in {"aux", "nsubj", "nsubjpass"}
                                                                 for x in tok.children) \
        and any(x.dep_ == "auxpass" for x in tok.head.children)


def _token_np(tok: Token) -> tuple[int, int]:
    """The noun phrase a token heads, without relative clauses and appositions trailing it, nor a
    preposition the parser hung before it ("After the October Revolution Krasnov ...")."""
    left = tok
    for child in tok.lefts:
        if child.dep_ not in {"prep", "punct", "advmod", "cc", "mark"}:
            left = min(left, child.left_edge, key=lambda t: t.i)
    right = tok
    for child in tok.rights:
        if child.dep_ in {"relcl", "acl", "appos", "prep", "punct", "cc", "conj"}:
            break
        right = child.right_edge
    return left.idx, right.idx + len(right.text)


if not Doc.has_extension("event_candidates"):
    Doc.set_extension("event_candidates", default=None)


@Language.factory("annals_events")
def make_event_finder(nlp: Language, name: str) -> EventFinder:
    """The annals event finder; runs after ``annals_dates`` and ``annals_names``."""
    return EventFinder()
