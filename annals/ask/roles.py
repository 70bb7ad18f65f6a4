"""The tokens of a sentence's clause in each role: the agent, the patient, the recipient, the place,
the time, the reason, the number, and who holds an office.

The agent of an active verb, of a passive one ("commanded by X"), of a participle ("the fleet,
commanded by X"), of a relative clause ("X, who negotiated ..."); the holder of an office by apposition
("X, the doge of Y" / "the doge of Y, X"), by predication ("X was/became the doge of Y") or by a
title ("Doge X"); the time and place attached to the clause; the number on the noun counted; the
reason clause ("because ...", "in protest against ...", "to ...").  Also the clause's own tokens
(:func:`_clause`), its subject (:func:`_subject`) and the verb a token belongs to (:func:`_governor`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annals.ask.parse import PLACE_PREPS

if TYPE_CHECKING:
    from annals.ask.parse import Parsed


REASON_MARKS = {"because", "since", "as"}
RELATIVE_PLACE_PREPS = {"outside", "near", "towards", "toward", "off"}  # where a place lies from another
CLAUSE_DEPS = {"relcl", "ccomp", "advcl", "conj", "parataxis", "acl", "xcomp", "csubj"}
OBJECT_PRONOUNS = {"him": "he", "her": "she", "them": "they"}


def _governor(tok: Any) -> Any:
    """The verb whose clause a token belongs to (the root where none)."""
    t = tok
    while t.dep_ != "ROOT" and t.pos_ not in {"VERB", "AUX"}:
        t = t.head
    return t


def _subject(verb: Any) -> Any | None:
    v = verb
    for _ in range(4):
        s = next((c for c in v.children if c.dep_ in {"nsubj"}), None)
        if s is not None and s.lower_ in {"who", "which", "that"} and v.dep_ == "relcl":
            return v.head  # "the army, which then occupied X": the army
        if s is not None:
            return s
        if v.dep_ == "relcl" and v.head.pos_ in {"NOUN", "PROPN"}:
            return v.head
        if v.dep_ in {"conj", "xcomp", "advcl"} and v.head.pos_ in {"VERB", "AUX"}:
            v = v.head
            continue
        return None
    return None


def _conjoined(tok: Any) -> list[Any]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in {"PROPN", "NOUN"}:
            out += _conjoined(c)
    return out


def _clause(verb: Any) -> set[int]:
    """The tokens of the verb's own clause: its subtree less the clauses embedded in it."""
    out = {verb.i}
    stack = [c for c in verb.children]
    while stack:
        t = stack.pop()
        if t.dep_ in CLAUSE_DEPS and t.pos_ in {"VERB", "AUX"}:
            continue
        out.add(t.i)
        stack.extend(t.children)
    subj = _subject(verb)
    if subj is not None:
        out |= {t.i for t in subj.subtree}
    if verb.dep_ in {"acl", "relcl"}:  # "the squadron, commanded by X": the squadron is of the clause
        inner = {t.i for t in verb.subtree}
        out |= {t.i for t in verb.head.subtree if t.i not in inner}
    return out


def doc_tokens(verb: Any) -> list[Any]:
    return [verb.doc[i] for i in sorted(_clause(verb))]


def _span_of(fact: dict[str, Any], tok: Any) -> tuple[str, int, int]:
    toks = list(tok.subtree)
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    words = fact["text"][s:e].split()
    text = " ".join(words[:12])
    return text, s, e


def _other_arguments(verb: Any, tok: Any) -> set[int]:
    """The tokens of the verb's agent, object or attribute phrases that do not hold tok: what is said of
    another thing than tok ("followed by a synod later that month")."""
    if verb.lemma_.casefold() in {"follow", "precede"}:
        # "X was followed by Y later that month": the date is that of Y, the event told after
        return {t.i for t in verb.doc if t.i not in {x.i for x in tok.subtree}}
    return {t.i for c in verb.children if c.dep_ in {"agent", "dobj", "attr"} and tok.i not in
            {x.i for x in c.subtree} for t in c.subtree}


def _holders(office: Any) -> list[Any]:
    """Who holds the office a noun names in the sentence."""
    out = []
    if office.dep_ == "appos" and office.head.pos_ == "PROPN":
        out.append(office.head)  # "X, the doge of Y"
    for c in office.children:
        if c.dep_ == "appos" and c.pos_ == "PROPN":
            out.append(c)  # "the doge of Y, X"
        if c.dep_ == "prep" and c.lower_ in {"as", "of"}:  # "his successor as grand vizier, X"
            out += [y for x in c.children if x.dep_ == "pobj" for y in x.children
                    if y.dep_ == "appos" and y.pos_ == "PROPN"]
    if office.dep_ == "nsubj" and office.head.lemma_ == "be":  # "its capital was X"
        out += [c for c in office.head.children if c.dep_ in {"attr", "acomp"} and c.pos_ == "PROPN"]
    if office.dep_ in {"attr", "oprd"}:
        subj = _subject(office.head)
        if subj is not None:
            out.append(subj)  # "X was the doge of Y"
    if office.dep_ == "compound" and office.head.pos_ == "PROPN":
        out.append(office.head)  # "Bey X"
    if office.dep_ == "pobj" and office.head.lower_ == "as" and office.head.head.pos_ == "VERB":
        v = office.head.head  # "X served as doge", "they chose X as doge"
        obj = next((c for c in v.children if c.dep_ == "dobj"), None)
        out.append(obj if obj is not None else _subject(v))
    return [t for t in out if t is not None]


def _role_tokens(q: Parsed, verb: Any, fact: dict[str, Any]) -> list[Any]:
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children) or \
        (verb.tag_ == "VBN" and (verb.dep_ == "acl" or any(c.dep_ == "agent" for c in verb.children)))
    kids = list(verb.children)
    if q.role == "agent":
        if passive:
            by = [x for c in kids if c.dep_ == "agent" for x in c.children if x.dep_ == "pobj"]
            return [t for b in by for t in _conjoined(b)]
        s = _subject(verb)
        return _conjoined(s) if s is not None else []
    if q.role == "patient":
        if passive:
            s = next((c for c in kids if c.dep_ == "nsubjpass"), None)
            if s is None and verb.dep_ == "acl":
                s = verb.head
            return _conjoined(s) if s is not None else []
        objs = [c for c in kids if c.dep_ in {"dobj", "attr", "oprd", "ccomp"} and
                (c.pos_ in {"NOUN", "PROPN"} or c.lower_ in OBJECT_PRONOUNS and c.dep_ == "dobj")]
        if any(c.dep_ == "dobj" for c in objs):
            objs = [c for c in objs if c.dep_ != "oprd"]  # "named him governor": him, not what he was named
        return [t for o in objs for t in _conjoined(o)]
    if q.role == "recipient":
        out = [x for c in kids if c.dep_ in {"prep", "dative"} and c.lower_ in {"to", "for"}
               for x in c.children if x.dep_ == "pobj"]
        out += [c for c in kids if c.dep_ == "dative" and c.pos_ in {"PROPN", "NOUN"}]
        out += [x for c in kids if c.dep_ == "prep" and c.lower_ == "as" for x in c.children if x.dep_ == "pobj"]
        return out
    if q.role == "place":
        # the phrases of place on the verb, and those the parser hangs on its object ("defeated the army on
        # X Hill"); a place said only by where it lies from another ("outside Y", "near Y") goes where the
        # clause names no other place: "on X Hill outside Y" is at X
        objs = [c for c in kids if c.dep_ == "dobj"]
        preps = [c for c in kids if c.dep_ == "prep" and c.lower_ in PLACE_PREPS] + \
            [c for o in objs for c in o.children if c.dep_ == "prep" and c.lower_ in {"at", "on", "in"}]
        out = [x for c in preps for x in c.children if x.dep_ == "pobj" and x.pos_ in {"PROPN", "NOUN"}
               and (x.pos_ == "PROPN" or any(y.pos_ == "PROPN" for y in x.subtree))]
        relative = [x for x in out if x.head.lower_ in RELATIVE_PLACE_PREPS]
        if len(relative) < len(out):
            out = [x for x in out if x not in relative]
        # "at the Austrian headquarters in X", "in a rearguard action at X": the place named inside the place
        inner = {x.i: [y for c in x.children if c.dep_ == "prep" and c.lower_ in {"in", "at", "near", "on"}
                       for y in c.children if y.dep_ == "pobj" and y.pos_ == "PROPN"] for x in out}
        return [x for x in out if x.pos_ == "PROPN" or not inner[x.i]] + [y for x in out for y in inner[x.i]]
    if q.role == "owner":
        s = _subject(verb)
        return [c for c in s.children if c.dep_ in {"poss", "nmod"}] if s is not None else []
    if q.role == "oblique":
        if q.prep:
            # the phrase of the question's preposition, on the verb or, where the parser hangs it there,
            # on the verb's object ("opened its session with X")
            objs = [c for c in kids if c.dep_ == "dobj"]
            return [x for h in [verb, *objs] for c in h.children if c.dep_ == "prep" and c.lower_ == q.prep
                    for x in c.children if x.dep_ == "pobj"]
        return [x for c in kids if c.dep_ == "prep" for x in c.children if x.dep_ == "pobj"]
    if q.role == "reason":
        out = []
        for c in kids:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in REASON_MARKS for m in c.children):
                out.append(_span_of(fact, c))
            elif c.dep_ in {"advcl", "xcomp"} and any(m.dep_ == "aux" and m.lower_ == "to" for m in c.children) \
                    and c.i > verb.i:
                out.append(_span_of(fact, c))
            elif c.dep_ == "prep" and c.lower_ in {"because", "in"}:
                pobj = next((x for x in c.subtree if x.dep_ == "pobj"), None)
                if c.lower_ == "because" or pobj is not None and pobj.lemma_ in {"protest", "response", "retaliation",
                                                                                 "revenge", "support"}:
                    out.append(_span_of(fact, c))
        return out
    if q.role == "number":
        out = []
        for t in doc_tokens(verb):
            if t.like_num and t.dep_ in {"nummod", "quantmod"} and (q.noun is None or t.head.lemma_ == q.noun):
                of = t.head.head if t.head.dep_ == "pobj" else None
                if of is not None and of.lower_ == "of" and of.head.like_num and of.head.i < t.i:
                    t = of.head  # "won 73 of the 105 seats", "three of his five sons": the part, not the whole
                # the whole number: "several hundred thousand", "about 2,000", "over 40"
                parts = [x for x in t.subtree if x.i <= t.i]
                s = parts[0].idx
                out.append((verb.doc.text[s:t.idx + len(t.text)], s, t.idx + len(t.text)))
        # "the garrison, 300 of whom surrendered": a number with "of whom" in the clause's subject or
        # object counts the people the relative clause hangs on ("of which": the things, of the noun asked)
        for c in kids:
            if not c.like_num or c.dep_ not in {"nsubj", "nsubjpass", "dobj"}:
                continue
            of = [y for x in c.children if x.dep_ == "prep" and x.lower_ == "of" for y in x.children
                  if y.dep_ == "pobj" and y.lower_ in {"whom", "which"}]
            if not of or of[0].lower_ == "which" and (verb.dep_ != "relcl" or q.noun is not None
                                                       and verb.head.lemma_ != q.noun):
                continue  # (the parser may hang a clause of "whom" as an adverbial one: whom is people still)
            parts = [x for x in c.subtree if x.i <= c.i]
            s = parts[0].idx
            out.append((verb.doc.text[s:c.idx + len(c.text)], s, c.idx + len(c.text)))
        return out
    if q.role == "time":
        clause = _clause(verb)
        out = []
        for tx in fact.get("timexes", []):
            s, e = tx["start"] - fact["start"], tx["end"] - fact["start"]
            toks = [t for t in verb.doc if s <= t.idx < e]
            if not toks or not any(t.i in clause for t in toks) or not tx.get("value") \
                    or tx["value"].startswith("XXXX"):
                continue
            if any(m["start"] - fact["start"] < s and m["end"] - fact["start"] >= e for m in fact["mentions"]):
                continue  # "the Charter of 1814": a date in a name
            out.append(("\0timex", s, e))
        return out
    return []
