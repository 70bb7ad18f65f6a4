"""What the events component finds: one :class:`EventCandidate` per trigger, before the document-level
step (:mod:`annals.events.document`) resolves its arguments and settles its time."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    descriptive: bool = False  # part of a definition ("X was a peasant revolt against ...") or told in the past perfect
    perfect: bool = False  # told in the past perfect ("had crossed"): dated only by a date of its own clause
    own_timexes: list[int] = field(default_factory=list)  # those of ``timexes`` said in the trigger's own clause
    tokens: tuple[int, int] = (0, 0)  # token range of the trigger's clause, for anchors
    verb_text: str = ""  # the happening's verb in the past tense, with particle and negation ("did not sail")
    passive: bool = False  # told in the passive: the subject is the patient, "by X" the agent
    phrase: tuple[str, int, int] | None = None  # the key prepositional phrase: (preposition, start, end)
    noun_phrase: tuple[int, int] | None = None  # a nominal event's own phrase ("the siege of Missolonghi")
    modified: tuple[int, int] | None = None  # the noun a participle qualifies ("a league founded by X": "a league")
    doer: tuple[int, int] | None = None  # who a verb without a subject of its own is said of, for its description
    # a subject "he" or "she" -> the name it continues, the subject of the sentence before (syntax.continued_subject)
    continues: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

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
        c.continues = {(a + by, b + by): (s + by, e + by) for (a, b), (s, e) in self.continues.items()}
        return c

