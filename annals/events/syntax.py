"""Small helpers over spaCy's parse that the events component shares (spans of noun phrases,
coordination, voice, the precision of a date)."""

from __future__ import annotations

from spacy.tokens import Doc, Token


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



def continued_subject(tok: Token) -> tuple[int, int] | None:
    """The name a sentence's subject "he" or "she" continues: the subject of the sentence before it, when that is
    a name and nothing before the pronoun in its own sentence names anyone ("Caesar crossed the river. He
    marched on Rome.": Caesar, though the other sentence may name others after him). The main clause's subject
    carries on in English, whoever was named last."""
    if tok.lower_ not in {"he", "she"} or tok.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    verb, sent = tok.head, tok.sent
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    if verb.i != sent.root.i or any(t.pos_ == "PROPN" for t in tok.doc[sent.start : tok.i]) or sent.start == 0:
        return None
    before = tok.doc[sent.start - 1].sent
    subject = next((c for c in before.root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or subject.pos_ != "PROPN":
        return None
    return _token_np(subject)


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
    preposition the parser hung before it ("After the February coup Varga ...")."""
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

