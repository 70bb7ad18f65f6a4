"""What the relation component finds: phrases (:class:`Arg`) and relations between them
(:class:`RelationCandidate`), before the document-level step resolves them to entities."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Arg:
    """A phrase that should name an entity, as character offsets into the Doc.

    ``kind`` is ``"np"`` (a noun phrase: a name, or a description like "the committee"), ``"pronoun"``,
    ``"word"`` (a bare word to look up by name: "Bolshevik" in "anti-Bolshevik"), ``"nearest_org"``
    (the organisation named nearest before the phrase) or ``"context"`` (the first of ``alts`` that
    names an organisation).  ``alts`` are what the phrase stands for when it names nothing itself:
    "the government of X" stands for X, "the police (the Okhrana and the gendarmes)" for both.
    """

    start: int
    end: int
    head_start: int
    head_end: int
    text: str
    kind: str = "np"
    definite: bool = False
    alts: list[Arg] = field(default_factory=list)
    tier: int = 0  # alternatives of a lower tier are tried first; a later tier only when those name nothing

    def shifted(self, by: int) -> Arg:
        """The same argument with every offset moved by ``by``."""
        return Arg(self.start + by, self.end + by, self.head_start + by, self.head_end + by, self.text, self.kind,
                   self.definite, [a.shifted(by) for a in self.alts], self.tier)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}
        if self.alts:
            out["alts"] = [a.to_json() for a in self.alts]
        return out


@dataclass
class RelationCandidate:
    """One relation the parse supports, before its arguments are resolved to entities."""

    relation: str
    subject: Arg
    object: Arg
    pattern: str
    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_end: int
    clause_start: int
    clause_end: int
    negated: bool = False

    def shifted(self, by: int) -> RelationCandidate:
        """The same candidate with every offset moved by ``by`` (into document offsets)."""
        return RelationCandidate(
            self.relation, self.subject.shifted(by), self.object.shifted(by), self.pattern,
            self.sentence_start + by, self.sentence_end + by, self.trigger_start + by, self.trigger_end + by,
            self.clause_start + by, self.clause_end + by, self.negated,
        )



def describe_candidates(cands: list[RelationCandidate], text: str) -> list[str]:
    """Human-readable lines for debugging: relation, pattern and the argument texts."""
    out = []
    for c in cands:
        out.append(f"{c.subject.text!r} {c.relation} {c.object.text!r} [{c.pattern}]"
                   f"{' (negated)' if c.negated else ''} :: {text[c.sentence_start:c.sentence_end][:80]}")
    return out
