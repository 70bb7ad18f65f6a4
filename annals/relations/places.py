"""Relations of place: "at A in B", "A, B" for two places, "the Corps in Serbia", "X was founded
in Y"."""

from __future__ import annotations

from spacy.tokens import Token

from annals.relations.lexicon import (
    PLACE_TYPES,
    lemma,
)
from annals.relations.syntax import (
    _children,
    _conjuncts,
    _preps,
)


class Places:
    """The places patterns of the relation pass (:class:`annals.relations.component._DocPass`, which mixes
    them in): its methods use the pass's ``doc``, ``sent``, ``name_at``, lexicon ``w`` and ``add``."""

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

