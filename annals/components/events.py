"""The ``annals_events`` pipeline component: what happened, in each clause of a paragraph.

A trigger is a verb or an event noun listed in ``data/event_types.json`` (stative and reporting
verbs make no event).  For each trigger the component records, as :class:`EventCandidate` on
``doc._.event_candidates`` (character offsets relative to the Doc):

* its type, and its arguments from the dependency parse: the subject is the agent (the patient in
  the passive), objects are patients, "by X" is the agent, "in/at/near X" may be the place, other
  prepositional objects are participants; coordinated arguments each count;
* the date expressions of its own clause (``explicit``): a date attaches to the nearest trigger
  above it in the tree, or, when the verb it attaches to is no trigger, to the triggers below that
  verb; a verb coordinated with a dated one shares its date;
* named events in its clause that may anchor it in time ("when the Germans lost the battle of X"),
  and whether it sits in a "when/after/before" clause of another trigger;
* negation ("not", "never", "refused to") and modality ("desired to", "hoped", "would").

Times are settled for the whole document afterwards (:mod:`annals.events`), because anchors and the
narrative's reference time cross paragraphs.
"""

from __future__ import annotations

import json
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
    return {"verbs": verbs, "nouns": nouns, "modal_verbs": data["modal_verbs"],
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

    def shifted(self, by: int) -> EventCandidate:
        """The same candidate with every offset moved by ``by`` (into document offsets)."""
        c = EventCandidate(**{**self.__dict__})
        c.trigger_start += by
        c.trigger_end += by
        c.sentence_start += by
        c.sentence_end += by
        c.arguments = [(s + by, e + by, r) for s, e, r in self.arguments]
        c.anchor_spans = [(s + by, e + by) for s, e in self.anchor_spans]
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

    def trigger_type(self, tok: Token) -> str | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB":
            if lemma == "set" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in tok.children):
                return None
            if lemma in {"hand", "round", "break"} and not any(c.dep_ == "prt" for c in tok.children):
                return None if lemma != "break" else self.lex["verbs"].get(lemma)
            if lemma == "become" and any(c.dep_ in {"attr", "oprd"} and c.lower_ in OFFICE_WORDS for c in tok.children):
                return "APPOINTMENT"  # "became head of the directorate", "became chairman"
            return self.lex["verbs"].get(lemma)
        if tok.pos_ in {"NOUN", "PROPN"} and tok.is_lower:
            return self.lex["nouns"].get(lemma) or self.lex["nouns"].get(tok.lower_)
        return None

    def __call__(self, doc: Doc) -> Doc:
        timexes = getattr(doc._, "timexes", None) or []
        timex_tokens: list[list[Token]] = []
        for t in timexes:
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            timex_tokens.append(list(span) if span is not None else [])
        in_timex = {tok.i for toks in timex_tokens for tok in toks}
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
        c.arguments = self.arguments(tok)
        c.main_clause = tok.dep_ in {"ROOT", "conj"} and (tok.dep_ == "ROOT" or tok.head.dep_ == "ROOT")
        c.negated, c.modality = self.negation_and_modality(tok)
        c.perfect = self.perfect(tok)
        c.descriptive = c.perfect or self.descriptive(tok)
        left, right = tok.left_edge.i, tok.right_edge.i + 1
        if tok.pos_ != "VERB" and tok.head.pos_ == "VERB":
            left, right = tok.head.left_edge.i, tok.head.right_edge.i + 1
        c.tokens = (left, right)
        c.anchor_spans = [(sent.doc[left].idx, sent.doc[right - 1].idx + len(sent.doc[right - 1].text))]
        return c

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
        rising ..."): it describes rather than narrates (the past perfect is tested apart)."""
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
                if child.dep_ == "nsubj" and h.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in h.children):
                    role = "patient"
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
        names = getattr(doc._, "names", None) or []
        named_event_tokens = {t.i for n in names if n.type == "EVENT"
                              for t in (doc.char_span(n.start, n.end, alignment_mode="expand") or [])}
        for ti, toks in enumerate(timex_tokens):
            if not toks or self._parenthesised(doc, toks):
                continue
            root = min(toks, key=lambda t: len(list(t.ancestors)))
            node, verb, target = root.head, None, None
            while True:
                if node.i in by_token and node not in toks:
                    target = by_token[node.i]
                    break
                if node.i in named_event_tokens and node.pos_ != "VERB":
                    break  # "the February Revolution of 1917": the date belongs to the named event
                if node.pos_ in {"VERB", "AUX"} and verb is None:
                    verb = node
                if node.head.i == node.i:
                    break
                node = node.head
            if target is not None and (verb is None or verb.i in by_token or verb.idx >= cands[target].trigger_start):
                cands[target].timexes.append(ti)
                if verb is None or verb.i == node.i:
                    cands[target].own_timexes.append(ti)
            elif verb is not None:
                pending.append((ti, verb))
            elif target is not None:
                cands[target].timexes.append(ti)
        # the date's verb is no trigger: the triggers under that verb without a date of their own take it
        for ti, verb in pending:
            hit = [by_token[t.i] for t in verb.subtree if t.i in by_token and t.i != verb.i
                   and not self._own_clause(t, verb) and not cands[by_token[t.i]].timexes]
            if hit:
                for k in hit:
                    cands[k].timexes.append(ti)
            elif verb.pos_ == "VERB" and not verb.is_stop and timexes_precision(doc, ti) == "day":
                # a dated clause is a happening even when its verb is not in the taxonomy
                c = self.candidate(verb, verb.sent, "OCCURRENCE")
                c.timexes.append(ti)
                by_token[verb.i] = len(cands)
                cands.append(c)
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
    def _parenthesised(doc: Doc, toks: list[Token]) -> bool:
        """A date inside parentheses is an aside (life dates, a later name), not the time of the clause."""
        depth = 0
        for t in doc[toks[0].sent.start : toks[0].i]:
            depth += t.text.count("(") - t.text.count(")")
        return depth > 0

    @staticmethod
    def _own_clause(tok: Token, verb: Token) -> bool:
        """True when ``tok`` sits in a subordinate clause of its own below ``verb``."""
        t = tok
        while t.i != verb.i and t.head.i != t.i:
            if t.dep_ in {"advcl", "relcl", "ccomp", "acl"}:
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


def timexes_precision(doc: Doc, ti: int) -> str:
    """ "day", "month", "year" or "other" for the ti-th date of the Doc."""
    value = (doc._.timexes or [])[ti].value or ""
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        return "day"
    if len(value) == 7 and value[5:7].isdigit():
        return "month"
    return "year" if len(value) == 4 and value.isdigit() else "other"


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
