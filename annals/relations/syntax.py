"""Small helpers over spaCy's parse that the relation patterns share (voice, negation, conjuncts,
clauses, the verb that governs a phrase)."""

from __future__ import annotations

from spacy.tokens import Token

from annals import pronouns
from annals.relations.candidates import Arg
from annals.relations.lexicon import (
    PRONOUNS,
    SUBJECT_DEPS,
    VERBISH,
    lemma,
    lexicon,
)


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
    """ "it" in "it would be wiser to ...", "it seemed that ...": a placeholder, not a pronoun."""
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
    if low in pronouns.MASCULINE:
        return "m"
    if low in pronouns.FEMININE:
        return "f"
    if low in pronouns.PLURAL:
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

