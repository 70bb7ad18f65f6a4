"""Building the arguments of relations: the phrases a token stands for (conjuncts, lists, appositions,
pronouns and their hints) and the subjects and objects of verbs."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from annals import pronouns
from annals.relations.candidates import Arg, RelationCandidate
from annals.relations.lexicon import (
    DEFINITE,
    NP_LEFT_DEPS,
    PLACE_TYPES,
    PRONOUNS,
    RELATIVE_PRONOUNS,
    SUBJECT_DEPS,
    SUBORDINATE_DEPS,
    VERBISH,
    lemma,
)
from annals.relations.syntax import (
    _children,
    _clause_span,
    _conjuncts,
    _expletive,
    _is_passive,
    _list_members,
    _not_done,
    _order_givers,
    _preps,
    _pronoun_class,
    _top_conjunct,
    _verb_above,
)


class Arguments:
    """The arguments patterns of the relation pass (:class:`annals.relations.component._DocPass`, which mixes
    them in): its methods use the pass's ``doc``, ``sent``, ``name_at``, lexicon ``w`` and ``add``."""

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
            # "Y and Z led the delegation that negotiated with W": the ones at its head did
            if tok.i not in self.name_at and (tok.lower_ in self.w["proxy_nouns"] or lemma(tok) in
                                              self.w["proxy_nouns"]) and tok.dep_ == "dobj" and \
                    self._leading(tok.head) and not _is_passive(tok.head):
                leaders = [x for s in self.subject_tokens(tok.head) for x in self.expand(s) if x.i in self.name_at]
                if leaders:
                    return leaders
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
                if c.dep_ == "acl" and c.tag_ == "VBN" and self._leading(c):
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
            # "the imperial army under Y", "a force of 8,000 men under Y": the one who leads them acts through them
            # (the parse may hang "under" on the verb, right after its object)
            unders = _preps(tok, "under") + [x for p in tok.head.children if tok.dep_ == "dobj" and p.dep_ == "prep"
                                              and p.lower_ == "under" and p.i == tok.right_edge.i + 1
                                              for x in p.children if x.dep_ == "pobj"]
            out += [self.arg(y, proxy=False, hints=hints, tier=1) for x in unders
                    for y in self.expand(x) if y.i in self.name_at]
            for c in tok.children:  # "German troops", "Soviet authorities"
                if c.dep_ in {"amod", "compound"} and c.text[:1].isupper() and c.i < tok.i:
                    out.append(self.word_arg(c, tier=tier + 1))
        return out

    def _leading(self, verb: Token) -> bool:
        """A verb of leading ("led", "commanded", "headed")."""
        return any(spec.cls == "lead" and spec.prep is None for spec in self.w["verb_table"].get(lemma(verb), []))

    def misparsed_apposition(self, tok: Token) -> Token | None:
        """"made the Union, a league raised against X, into ...": an apposition the parser hung on the
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
        own = tok.dep_ == "poss" or tok.lower_ in pronouns.REFLEXIVE
        hints += self.object_antecedents(tok, verb, own)
        if not own and tok.dep_ in {"dobj", "pobj", "dative"}:
            # "his nephew betrayed him", "their allies abandoned them": an object pronoun stands for what a
            # pronoun of its kind owning its clause's subject stands for (the subject itself cannot be it)
            hints += [self.arg(p) for s in self.subject_tokens(verb) for p in s.subtree
                      if p.dep_ == "poss" and p.i < tok.i and p.lower_ in PRONOUNS
                      and _pronoun_class(p) == _pronoun_class(tok)]
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
                return objs  # "persuaded Venice to ally with Milan": Venice allies
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
            if o.lower_ in pronouns.REFLEXIVE:
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

