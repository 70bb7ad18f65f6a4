"""The records of the names package, a name found in a Doc (:class:`NameSpan`) and one placed in its
document (:class:`DocName`), and the GeoNames checks the rules make of a word."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from annals import geo, knowledge

KNOWN_PLACE_POPULATION = 100_000  # an untagged proper noun GeoNames knows as a town this big by its own name


@dataclass
class NameSpan:
    """A name found in a Doc, before names are merged into entities."""

    start: int
    end: int
    text: str
    type: str | None
    subtype: str | None = None
    title: str | None = None
    title_start: int | None = None
    source: str = "ner"
    alias_of: int | None = None  # index of the NameSpan this one is another name for
    topic_alias: bool = False  # "it is called X": X names the document's topic
    ner_label: str | None = None
    sentence_start: int = 0
    priority: int = 0
    votes: dict[str, float] = field(default_factory=dict)  # what the sentence says of its type (type_evidence)

    @property
    def key(self) -> str:
        return knowledge.name_key(self.text)


def own_place_name(text: str) -> bool:
    """GeoNames knows a place by exactly this name (not a former or foreign one)."""
    place = geo.resolve(text)
    return place is not None and knowledge.name_key(knowledge.ascii_fold(place.name)) == \
        knowledge.name_key(knowledge.ascii_fold(text))


def known_town(tok: Token) -> bool:
    """A proper noun GeoNames knows, by its own name, as a country, a first-level division or a town of
    KNOWN_PLACE_POPULATION people: a place name the tagger missed ("the army took Tarragona")."""
    if not own_place_name(tok.text):
        return False
    place = geo.resolve(tok.text)
    return place is not None and (place.kind != "city" or (place.population or 0) >= KNOWN_PLACE_POPULATION)


@dataclass
class DocName:
    """A NameSpan placed in its document: offsets into the document text, sentence index."""

    span: NameSpan
    start: int
    end: int
    sentence: int
    alias_of: int | None = None  # index into the document's list of DocNames
    heading: bool = False  # said in a heading line: gives an alias to an entity of the body, never an entity
    context: bool = False  # named in an earlier part of a long document: links and types this part's names,
    #                        never a mention here, never an entity of its own
