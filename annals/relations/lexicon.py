"""The relation lexicon (``data/relation_lexicon.json``) with its lookup tables, the word sets of the
dependency paths, and the lemma the patterns compare."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from spacy.tokens import Token

from annals import pronouns

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
SUBORDINATE_DEPS = {"advcl", "prep", "pcomp", "npadvmod", "pobj"}  # clauses and phrases that can come before their head
PRONOUNS = pronouns.THIRD_PERSON
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


def add_verb_class(verbs: dict[str, list[VerbSpec]], cls: str, entries: Iterable[str]) -> None:
    """Add the entries of a verb class ("ally with", "declare war on", "besiege") to a verb table: each
    entry's first word is the verb, a last word that is a preposition gives the second argument, the
    words between must go with the verb."""
    for entry in entries:
        parts = entry.split()
        prep = parts[-1] if len(parts) > 1 and parts[-1] in PREPOSITIONS else None
        middles = tuple(parts[1 : len(parts) - (1 if prep else 0)])
        spec = VerbSpec(cls, middles, prep)
        if spec not in verbs.setdefault(parts[0], []):
            verbs[parts[0]].append(spec)


@cache
def lexicon() -> dict[str, Any]:
    """The relation lexicon of ``data/relation_lexicon.json``, with lookup tables built from it."""
    with resources.files("annals").joinpath("data", "relation_lexicon.json").open(encoding="utf-8") as f:
        data = json.load(f)
    out: dict[str, Any] = {k: set(v) if isinstance(v, list) else v for k, v in data.items()}
    verbs: dict[str, list[VerbSpec]] = {}
    for cls, entries in data["verb_classes"].items():
        add_verb_class(verbs, cls, entries)
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

