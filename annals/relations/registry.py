"""The registry of relation types: one place that says what each relation means.

For each type: the entity types its subject and object may have, its wording for display (forwards
and backwards), the verbs a question may use for it, and the trigger classes of the relation lexicon
(``data/relation_lexicon.json``) that produce it.  Extraction (:mod:`annals.relations.component`,
:mod:`annals.relations.document`) reads it; displays and question answering may read it too.
"""

from __future__ import annotations

from dataclasses import dataclass

ACTORS = frozenset({"PERSON", "ORG", "GROUP", "GPE"})
ALL_TYPES = frozenset({"PERSON", "ORG", "GROUP", "GPE", "LOC", "EVENT", "WORK"})


@dataclass(frozen=True)
class RelationType:
    name: str
    subjects: frozenset[str]
    objects: frozenset[str]
    forwards: str  # "leader of"
    backwards: str  # "led by"
    question_verbs: tuple[str, ...] = ()  # "led", "commanded": "Who led X?"
    classes: tuple[str, ...] = ()  # the lexicon classes that trigger it
    symmetric: bool = False


REGISTRY: dict[str, RelationType] = {r.name: r for r in (
    RelationType("LEADER_OF", frozenset({"PERSON", "ORG", "GROUP", "GPE"}),
                 frozenset({"ORG", "GROUP", "GPE", "LOC", "EVENT"}),  # a region's governor leads it too
                 "leader of", "led by",
                 ("led", "lead", "headed", "head", "commanded", "command", "chaired", "ruled", "governed"),
                 ("lead", "pass_to", "office:lead")),
    RelationType("MEMBER_OF", frozenset({"PERSON", "ORG", "GROUP", "GPE"}), frozenset({"ORG", "GROUP"}),
                 "member of", "has as member", ("joined", "served"), ("join", "include", "office:member")),
    RelationType("PART_OF", frozenset({"ORG", "GROUP"}), frozenset({"ORG", "GROUP"}),
                 "part of", "has as part", (), ("part", "office:part")),
    RelationType("FOUNDED", ACTORS, frozenset({"ORG", "GPE", "GROUP", "WORK", "EVENT"}),
                 "founded", "founded by", ("founded", "established", "created", "formed"), ("found", "office:found")),
    RelationType("SUPPORTED", ACTORS, ACTORS | {"EVENT", "WORK"}, "supported", "supported by",  # "backed the plan"
                 ("supported", "backed", "helped", "aided"), ("support", "office:support")),
    RelationType("OPPOSED", ACTORS | {"EVENT"}, ACTORS, "opposed", "opposed by",
                 ("opposed", "fought", "attacked", "besieged", "invaded", "defeated"), ("oppose", "office:oppose")),
    RelationType("SUBMITTED_TO", ACTORS, ACTORS, "submitted to", "had the submission of",
                 ("surrendered", "submitted"), ("submit", "office:submit")),
    RelationType("REFUSED", ACTORS, ACTORS | {"WORK", "EVENT"}, "refused", "refused by",
                 ("refused", "rejected"), ("refuse",)),
    RelationType("ARRESTED", ACTORS, frozenset({"PERSON", "ORG", "GROUP"}), "arrested", "arrested by",
                 ("arrested", "detained", "imprisoned", "captured"), ("arrest",)),
    RelationType("NEGOTIATED_WITH", ACTORS, ACTORS, "negotiated with", "negotiated with",
                 ("negotiated",), ("negotiate",), symmetric=True),
    RelationType("LOCATED_IN", frozenset({"PERSON", "ORG", "GROUP", "GPE", "LOC", "EVENT"}), frozenset({"GPE", "LOC"}),
                 "located in", "location of", (), ("locate", "office:locate_in", "office:locate_host")),
    RelationType("ALIAS_OF", ALL_TYPES, ALL_TYPES, "also known as", "also known as", (), ("rename",), symmetric=True),
)}

# the entity types each relation allows: (subject types, object types)
TYPES: dict[str, tuple[frozenset[str], frozenset[str]]] = {n: (r.subjects, r.objects) for n, r in REGISTRY.items()}
# lexicon class -> relation
CLASS_RELATION: dict[str, str] = {c: r.name for r in REGISTRY.values() for c in r.classes}


def wording(relation: str, backwards: bool = False) -> str:
    """``LEADER_OF`` -> "leader of" (backwards: "led by")."""
    r = REGISTRY.get(relation)
    if r is None:
        return relation.lower().replace("_", " ")
    return r.backwards if backwards else r.forwards


def register(relation: RelationType) -> None:
    """Add a relation type (or replace one of the same name): the registry and the tables made from it.

    Its trigger words are the entries of its classes in ``data/relation_lexicon.json`` ("verb_classes",
    or "offices" for a class named ``office:...``); extraction, the CLI's help, exports and questions
    read the type from here.
    """
    REGISTRY[relation.name] = relation
    TYPES[relation.name] = (relation.subjects, relation.objects)
    for cls in relation.classes:
        CLASS_RELATION[cls] = relation.name
