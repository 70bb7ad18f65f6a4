"""The record model every stage of annals speaks.

A :class:`Document` holds the text as read and everything found in it: sections, paragraphs,
sentences, entities with their mentions, date expressions (timexes), events, relations and gaps.
Every fact carries character offsets into ``Document.text`` and the index of the sentence it was
said in, so any answer can cite its source.  :meth:`Document.to_contract` is the JSON contract of
``../shared/eval/README.md``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "GROUP", "EVENT", "WORK")
TIMEX_MODS = ("START", "MID", "END", "BEFORE", "AFTER", "APPROX", "ON_OR_BEFORE", "ON_OR_AFTER")


@dataclass
class Section:
    """A run of paragraphs under one heading (``title`` is None before the first heading)."""

    index: int
    title: str | None
    start: int  # offset of the heading line (or of the first paragraph when there is none)
    end: int
    heading_start: int | None = None
    heading_end: int | None = None


@dataclass
class Paragraph:
    index: int
    section: int
    start: int
    end: int


@dataclass
class Sentence:
    index: int
    paragraph: int
    section: int
    start: int
    end: int
    text: str


@dataclass
class Mention:
    """One place where an entity is named: ``text`` is the name without its title or rank."""

    start: int
    end: int
    text: str
    sentence: int
    title: str | None = None  # "General", "Ataman", "chairman" ... said with this mention

    def to_json(self) -> dict[str, Any]:
        out = {"start": self.start, "end": self.end, "text": self.text, "sentence": self.sentence}
        if self.title:
            out["title"] = self.title
        return out


@dataclass
class Entity:
    id: str
    name: str
    type: str
    subtype: str | None = None
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # GeoNames' place for a GPE or LOC (annals.geo.Place.to_json: geonames_id, lat, lon, country, kind, population)
    place: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "subtype": self.subtype,
            "aliases": list(self.aliases),
            "titles": list(self.titles),
            "mentions": [m.to_json() for m in self.mentions],
        }
        if self.place is not None:
            out["place"] = dict(self.place)
        return out


@dataclass
class Timex:
    """A date expression normalised to a TIMEX3 value.

    ``earliest``/``latest`` bound the interval the value names (ISO dates, years may be negative
    for BCE as in ``-0044-03-15``).  ``relative`` is true when the value needed the narrative's
    reference time (``two days later``); ``anchor`` then says which earlier value it was read against.
    """

    text: str
    start: int
    end: int
    value: str
    mod: str | None = None
    earliest: str | None = None
    latest: str | None = None
    type: str = "DATE"
    relative: bool = False
    anchor: str | None = None
    calendar: str | None = None  # "julian" when the text gave an Old Style date
    sentence: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Gap:
    """A place where the text lost something, e.g. a list announced by "These were:" that is missing."""

    kind: str
    text: str
    start: int
    end: int
    sentence: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    id: str
    text: str
    path: str | None = None
    title: str | None = None
    format: str = "text"
    encoding: str = "utf-8"
    content_hash: str = ""
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    artefacts: list[tuple[int, int]] = field(default_factory=list)  # dump lines kept out of the model

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains ``offset``, or None (headings and artefacts have none)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s
        return None

    def to_contract(self) -> dict[str, Any]:
        """The JSON object ``annals extract --json`` prints."""
        return {
            "document": {
                "id": self.id,
                "path": self.path,
                "title": self.title,
                "format": self.format,
                "encoding": self.encoding,
                "content_hash": self.content_hash,
                "sections": [asdict(s) for s in self.sections],
                "sentences": len(self.sentences),
            },
            "entities": [e.to_json() for e in self.entities],
            "timexes": [t.to_json() for t in self.timexes],
            "events": list(self.events),
            "relations": list(self.relations),
            "gaps": [g.to_json() for g in self.gaps],
        }
