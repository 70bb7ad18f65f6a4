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
* named events in its clause that may anchor it in time ("when the Swedes lost the battle of X"),
  and whether it sits in a "when/after/before" clause of another trigger;
* the parts of a short description (past-tense verb with particle and negation, voice, key phrase);
* negation ("not", "never", "refused to") and modality ("desired to", "hoped", "would").

Times are settled for the whole document afterwards (:mod:`annals.events.document`), because anchors and the
narrative's reference time cross paragraphs.  The words are in :mod:`.lexicon`, the dates of clauses in
:mod:`.times`, what is found in :mod:`.candidates`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from annals.events.candidates import EventCandidate
from annals.events.lexicon import (
    ARG_DEPS,
    COMPOSING,
    DIRECTIONS,
    MOTION_LIGHT,
    OFFICE_WORDS,
    PARTS_OF_A_WHOLE,
    PLACE_PREPS,
    RELATIVE_PRONOUNS,
    TEMPORAL_PREPS,
    lexicon,
    past_tense,
)
from annals.events.syntax import _conj_group, _passive, _subtree_span, _token_np, continued_subject
from annals.events.times import Times


class EventFinder(Times):
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
        for a, b, _r in c.arguments:
            span = sent.doc.char_span(a, b)
            hint = continued_subject(span.root) if span is not None and len(span) == 1 else None
            if hint is not None:
                c.continues[(a, b)] = hint
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
                        continue  # "after the February coup": when, not who
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
            # an event noun: "the arrest campaign by the secret police", "the outbreak of the war", "NTS's ..."
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



if not Doc.has_extension("event_candidates"):
    Doc.set_extension("event_candidates", default=None)


@Language.factory("annals_events")
def make_event_finder(nlp: Language, name: str) -> EventFinder:
    """The annals event finder; runs after ``annals_dates`` and ``annals_names``."""
    return EventFinder()
