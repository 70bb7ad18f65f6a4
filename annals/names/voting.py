"""The type of an entity, voted by its mentions, and the entity record made of them.

A title ("General") makes a person; then a head noun, a list or the gazetteer that knows a mention; else
the votes of what the sentences say (:mod:`annals.names.type_evidence`), GeoNames (a place of the
document's countries) and spaCy's labels, the same guess repeated for every mention counting as one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection

from annals import geo, knowledge
from annals.model import Entity, Mention
from annals.names.lexicon import NER_TYPES, PEERAGES, SEES
from annals.names.spans import DocName


def vote_type(members: list[DocName], places: Collection[str] = (),
               cities: Collection[geo.Place] = ()) -> tuple[str | None, str | None]:
    """The type of an entity: a title, a head noun or a list that knows it; else the votes of what its sentences
    say (type_evidence), GeoNames (a place of the document's countries ``places``) and the tagger's labels."""
    evidence: Counter[str] = Counter()  # what the sentences say of it (type_evidence), every mention voting
    for m in members:
        evidence.update(m.span.votes)
    if any(m.span.source == "title" for m in members):
        subs = [m.span.subtype for m in members if m.span.subtype]
        if subs and all(s == "saint" for s in subs) and evidence["PLACE"] + evidence["LOC"] >= 2 and \
                not evidence["PERSON"]:
            return "GPE", None  # "fought at St Albans", "landed at San Sebastian": a town named after a saint
        return "PERSON", subs[0] if subs else None
    for src in ("head", "work", "gazetteer", "chunk", "group", "quote"):
        typed = [m.span for m in members if m.span.source == src and m.span.type]
        if typed:
            best = max(typed, key=lambda s: len(s.text))
            return best.type, best.subtype
    for m in members:
        known = knowledge.lookup(m.span.text)
        if known:
            return known.type, known.subtype
    # The tagger's labels, as shares of the labelled mentions: the same guess repeated for every mention of a
    # name is one guess, and it counts less than what the sentences say (type_evidence).
    votes: Counter[str] = Counter()
    labelled = 0
    subtype = None
    for m in members:
        t = m.span.type or NER_TYPES.get(m.span.ner_label or "")  # a rule's untyped name the tagger labelled
        if t:
            labelled += 1
            multi = len(m.span.text.split()) > 1
            # spaCy's PERSON on a full name is reliable; on a bare word, or ORG without a head noun, a guess
            # a WORK or EVENT label comes from a name's shape ("Decree No. 7", "the Second Punic War")
            weight = 2.0 if multi and t in {"PERSON", "WORK", "EVENT"} else \
                0.5 if t == "ORG" and not multi else 0.75 if t == "PERSON" else 1.0
            votes["PLACE" if t in {"GPE", "LOC"} else t] += weight
            if t == "LOC":
                votes["LOC"] += weight
            subtype = subtype or m.span.subtype
    geo_type = None
    if evidence["PERSON"] < 1.5:  # GeoNames knows a place of that name: background knowledge, weighed as evidence
        geo_type, weight = geo_vote(max((m.span.text for m in members), key=len), places,
                                     all(m.span.type == "PERSON" for m in members if m.span.type), cities)
        evidence["PLACE"] += weight
    evidence["PLACE"] += evidence["LOC"]
    if not labelled and not evidence:
        return None, None
    score = Counter({t: v / max(labelled, 1) for t, v in votes.items()})
    for t, v in evidence.items():
        score[t] += 1.5 * v
    loc = score.pop("LOC", 0.0)
    longest = max(members, key=lambda m: len(m.span.text)).span.text.split()
    name_shaped = 2 <= len(longest) <= 4 and longest[-1].lower() not in knowledge.heads()
    full_person = any(len(m.span.text.split()) > 1 and m.span.type == "PERSON" for m in members)
    if votes.get("PERSON") and (name_shaped or full_person) and \
            evidence["PLACE"] + evidence["ORG"] < 2 + evidence["PERSON"]:
        return "PERSON", subtype
    best = max(score, key=lambda t: (score[t], -evidence[t]))  # a tie: the tagger's label
    if best == "PLACE":
        # the tagger's LOC (often a facility's label) against GeoNames' town of that name, when nothing in the
        # text says it is a natural place: the town
        town = geo_type is not None and geo_type[0] == "GPE" and evidence["LOC"] == 0
        if loc * 2 > score["PLACE"] and not town or geo_type and geo_type[1] == "district":
            return "LOC", subtype or (geo_type[1] if geo_type else None)
        return "GPE", subtype or (geo_type[1] if geo_type else None)
    return best, subtype


def geo_vote(name: str, places: Collection[str], person_labelled: bool,
              cities: Collection[geo.Place] = ()) -> tuple[tuple[str, str] | None, float]:
    """How much GeoNames says a name is a place: a country or a state much; a town of 100,000 people or more by
    its own name, or of 15,000 in a country the document speaks of, as much as a sentence does; a smaller town,
    or one found by a former or foreign name, little, and nothing against the tagger's PERSON (surnames are town
    names too: "Lincoln", "Jackson")."""
    place = geo.resolve(name, places)
    if place is None:
        return None, 0.0
    kind = geo.type_of(place)
    if place.kind != "city":
        return kind, 2.0
    if geo.district_of(place, cities) is not None:  # a district of a city the document names: a place, no polity
        kind = ("LOC", "district")
    own = knowledge.name_key(knowledge.ascii_fold(place.name)) == knowledge.name_key(knowledge.ascii_fold(name))
    big = (place.population or 0) >= 100_000
    if own and (big or place.country in places and (place.population or 0) >= 15_000):  # or a town of its country
        return kind, 1.0
    return kind, 0.0 if person_labelled else 0.5


def entity_of(members: list[DocName], places: Collection[str] = (),
              cities: Collection[geo.Place] = ()) -> Entity | None:
    """The entity the mentions ``members`` make (None when they are only headings or earlier parts' names, or
    nothing gives them a type): its type voted, its fullest name, its aliases and titles, its mentions."""
    if all(m.heading or m.context for m in members):
        return None
    said = [m for m in members if not m.heading]  # what this part says, and what earlier parts said
    etype, subtype = vote_type(said, places, cities)
    if etype is None:
        return None
    texts = [m.span.text for m in said]
    latin = [m.span.text for m in said if m.span.source != "paren" and not m.span.topic_alias] or texts
    if etype == "PERSON":  # the fullest personal name before a peer's style: "Thomas Wentworth", not "Earl of X"
        name = max(latin, key=lambda t: (t.split()[0].lower() not in PEERAGES | SEES, len(t.split()), len(t)))
    else:
        name = max(latin, key=lambda t: (len(t), t))
    name = re.sub(r"^(the|The)\s+", "", name)
    if etype in {"GPE", "LOC"}:  # a town named after a saint keeps the saint's title: "St Albans"
        sainted = [m for m in said if m.span.title and m.span.subtype == "saint"]
        if sainted:
            name = f"{sainted[0].span.title} {sainted[0].span.text}"
    aliases: list[str] = []
    titles: list[str] = []
    seen = set()

    def add(form: str) -> None:
        form = re.sub(r"^(the|The)\s+", "", form).strip()
        k = knowledge.name_key(form)
        if form and k not in seen:
            seen.add(k)
            aliases.append(form)

    add(name)
    mentions = []
    for m in sorted(members, key=lambda x: x.start):
        add(m.span.text)
        if m.heading or m.context:
            continue
        if m.span.title:
            add(f"{m.span.title} {m.span.text}")
            if m.span.title not in titles:
                titles.append(m.span.title)
        mentions.append(Mention(m.start, m.end, m.span.text, m.sentence, m.span.title))
    return Entity(id="", name=name, type=etype, subtype=subtype, aliases=aliases, titles=titles, mentions=mentions)
