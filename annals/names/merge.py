"""Merge the names found in one document into entities with all their surface forms.

Mentions of one thing become one :class:`~annals.model.Entity` when

* they are the same name (case, "the" and possessives aside);
* the text pairs them: a parenthesis ("Hanseatic League (Hansa)"), "it is called X";
* one is a person's surname or shorter name and exactly one fuller name of the document ends in it
  (when two people share the surname, the nearest preceding full name wins, so "William Pitt" and
  "Thomas Pitt" stay two people);
* one is a short form of the other that keeps its head noun ("the Committee" of "Committee of
  Public Safety", "Army Corps" of "Polish Army Corps", "Italy" of "Fascist Italy"), and
  the document has only one such fuller name;
* the gazetteer knows both as one thing (USSR = Soviet Union).

Each entity's type is then voted over its mentions (:mod:`annals.names.voting`).
"""

from __future__ import annotations

import re
from collections import defaultdict

from annals import geo, knowledge
from annals.model import Entity
from annals.names.lexicon import NAME_PARTICLES, PEERAGES, ROMAN
from annals.names.spans import DocName
from annals.names.voting import entity_of


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’()-]+", text.replace("’", "'"))


def _singular(word: str) -> str:
    w = knowledge.ascii_fold(word.casefold())
    return w[:-1] if w.endswith("s") and len(w) > 3 else w


class _Union:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def merge_aliases(names: list[DocName], text: str) -> list[Entity]:
    """Group a document's names into entities; ids ``e1``, ``e2`` ... in order of first mention.  ``text``,
    the document's text, lets a peer's territory be told from the place (:func:`_merge_peers`)."""
    n = len(names)
    uf = _Union(n)
    keys = [knowledge.name_key(d.span.text) for d in names]
    words = [_words(d.span.text) for d in names]

    by_key: dict[str, int] = {}
    for i, k in enumerate(keys):
        if k in by_key:
            uf.union(by_key[k], i)
        else:
            by_key[k] = i
    for i, d in enumerate(names):
        if d.alias_of is not None:
            uf.union(i, d.alias_of)
    if names:
        topic = 0
        for i, d in enumerate(names):
            if d.span.topic_alias:
                uf.union(topic, i)

    # gazetteer identity: two different forms of one known thing, when one of them is a short form
    # (an acronym, a single word: USSR = Soviet Union, UAR = United Arab Republic); two full names
    # the text uses side by side stay apart unless the text itself pairs them
    known_groups: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(names):
        known = knowledge.lookup(d.span.text)
        if known:
            known_groups[known.name].append(i)
    for members in known_groups.values():
        short = [i for i in members if len(words[i]) == 1 or names[i].span.text.isupper()]
        full = [i for i in members if i not in short]
        for i in short:
            uf.union(full[0] if full else short[0], i)

    _merge_people(names, words, uf)
    _merge_peers(names, words, uf, text)
    _merge_short_forms(names, words, keys, uf)
    _merge_dropped_heads(names, words, uf)
    _merge_groups(names, words, uf)

    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        clusters[uf.find(i)].append(i)
    entities = []
    place_names = {d.span.text for d in names if d.span.type in {"GPE", "LOC"}}
    places = geo.context_countries_of(place_names)
    cities = [p for p in (geo.resolve(n, places, ("city",)) for n in sorted(place_names)) if p is not None]
    for members in sorted(clusters.values(), key=lambda m: names[m[0]].start):
        ent = entity_of([names[i] for i in members], places, cities)
        if ent is not None:
            ent.id = f"e{len(entities) + 1}"
            entities.append(ent)
    return entities


def _person_like(d: DocName) -> bool:
    return d.span.type == "PERSON" or d.span.source == "title"


def _merge_people(names: list[DocName], words: list[list[str]], uf: _Union) -> None:
    """A bare surname joins the one full name that ends in it (the nearest preceding one when several do);
    a ruler's bare name the one "Name II" that starts with it."""
    heads = knowledge.heads()
    # "Charles V of Spain", "Henry of Navarre": the same person as the name before "of" ("Charles V", "Henry")
    by_key: dict[str, int] = {}  # each name's first mention
    for j, d in enumerate(names):
        if _person_like(d):
            by_key.setdefault(knowledge.name_key(d.span.text), j)
    # "De Gaulle" opening a sentence is the "de Gaulle" of "Charles de Gaulle": a surname with its particle
    for j, d in enumerate(names):
        w = words[j]
        if 2 <= len(w) <= 3 and w[0].casefold() in NAME_PARTICLES and w[0][:1].isupper() and \
                d.span.source in {"ner", "context"} and knowledge.lookup(d.span.text) is None:
            tail = [x.casefold() for x in w]
            fuller = {uf.find(k) for k, o in enumerate(names) if k != j and _person_like(o) and
                      len(words[k]) > len(w) and [x.casefold() for x in words[k][-len(w):]] == tail}
            if len(fuller) == 1:
                uf.union(fuller.pop(), j)
    # "Sigismund, King of Hungary" (a first name and a style, one name) is the "Sigismund" said elsewhere, when no
    # other style is given to that first name ("Richard, Duke of York" and "Richard, Duke of Gloucester" are two)
    styled: dict[str, set[str]] = defaultdict(set)
    for d in names:
        if d.span.type == "PERSON" and ", " in d.span.text:
            styled[knowledge.name_key(d.span.text.split(", ")[0])].add(knowledge.name_key(d.span.text))
    for j, d in enumerate(names):
        if d.span.type == "PERSON" and ", " in d.span.text:
            first = knowledge.name_key(d.span.text.split(", ")[0])
            bare = by_key.get(first)
            if bare is not None and bare != j and len(styled[first]) == 1:
                uf.union(bare, j)
    for j, d in enumerate(names):
        if d.span.type == "PERSON" and "of" in words[j][1:3] and words[j][0].lower() not in PEERAGES:
            prefix = words[j][: words[j].index("of")]
            shorter = by_key.get(knowledge.name_key(" ".join(prefix)))
            if shorter is not None and (len(prefix) > 1 or names[shorter].start > d.start):  # a bare "Mary" said
                uf.union(shorter, j)  # before "Anne of Cleves" may be another Anne
    by_surname: dict[str, list[int]] = defaultdict(list)
    by_first: dict[str, list[int]] = defaultdict(list)  # the first word of a full name ("Takeda Shingen")
    by_middle: dict[str, list[int]] = defaultdict(list)  # the inner words of a full name of three or four
    introduced: set[int] = set()  # names a bare first name stands for only when it is first said after them
    same_name: dict[str, list[int]] = defaultdict(list)
    for j, d in enumerate(names):
        same_name[knowledge.name_key(d.span.text)].append(j)
    for j, d in enumerate(names):
        if 1 < len(words[j]) <= 4 and d.span.source in {"ner", "title", "list", "given", "context"} \
                and d.span.type in {"PERSON", "ORG", "LOC"} \
                and knowledge.lookup(d.span.text) is None and not any(w.lower() in heads for w in words[j]) \
                and all(w[:1].isupper() or w.casefold() in NAME_PARTICLES for w in words[j]):  # not "Curia of Pompey"
            # a ruler's name is called by its first word: "Ferdinand" for "Ferdinand VII"
            regnal = len(words[j]) == 2 and ROMAN.match(words[j][1]) is not None
            by_surname[words[j][0 if regnal else -1].casefold()].append(j)
            if not regnal and (d.span.type == "PERSON" or d.span.source == "ner"):
                by_first[words[j][0].casefold()].append(j)
            if d.span.type == "PERSON" and len(words[j]) >= 3:
                for w in words[j][1:-1]:
                    if w[:1].isupper() and w.casefold() not in NAME_PARTICLES and len(w) > 2:
                        by_middle[w.casefold()].append(j)
        elif 3 <= len(words[j]) <= 4 and words[j][-2] == "the" and d.span.type == "PERSON":
            by_surname[words[j][0].casefold()].append(j)  # "Pliny" for "Pliny the Younger" named before
            introduced.add(j)
        elif 3 <= len(words[j]) <= 4 and "of" in words[j][1:3] and d.span.type == "PERSON" and \
                words[j][0].lower() not in PEERAGES:
            by_surname[words[j][0].casefold()].append(j)  # "Henry" for "Henry of Navarre" named before
            introduced.add(j)
    for i, d in enumerate(names):
        if len(words[i]) != 1 or d.span.type in {"GROUP"}:
            continue
        known = knowledge.lookup(d.span.text)
        if known is not None and known.type != "PERSON":
            continue
        first = min(names[k].start for k in same_name[knowledge.name_key(d.span.text)])
        cands = [j for j in by_surname.get(words[i][0].casefold(), [])
                 if j != i and (j not in introduced or names[j].start < first)]
        if not cands and (_person_like(d) or d.span.type in {None, "ORG"} or d.span.source == "ner"
                          and geo.resolve(d.span.text) is None) and \
                d.span.votes.get("PLACE", 0) + d.span.votes.get("LOC", 0) < 1:
            # no full name ends in it: the one named before that starts with it, a family name said first
            # ("Takeda" for "Takeda Shingen", "Bethlen" of "Bethlen Gábor") or a first name ("Francis")
            cands = [j for j in by_first.get(words[i][0].casefold(), []) if j != i and names[j].start < first]
            if not cands:  # a Roman's nomen ("Fabius" of "Quintus Fabius Maximus"), a middle family name
                cands = [j for j in by_middle.get(words[i][0].casefold(), []) if j != i and names[j].start < first]
            if len({uf.find(j) for j in cands}) != 1:
                continue
        if not cands:
            continue
        roots = {uf.find(j) for j in cands}
        if len(roots) == 1:
            uf.union(i, cands[0])
        elif _person_like(d) or d.span.type in {None, "ORG"} and \
                d.span.votes.get("PLACE", 0) + d.span.votes.get("LOC", 0) < 1:
            # two Ramos in the text: the bare surname is the one named last before it (the tagger's ORG on a bare
            # word is a guess, what its sentence says of a place is not)
            before = [j for j in cands if names[j].start < d.start]
            uf.union(i, max(before, key=lambda j: names[j].start) if before else cands[0])


# Prepositions before a place, not a person: "in Mantua", "off Ushant", "near Namur".
LOCATIVE = frozenset({"in", "at", "near", "off", "outside", "within", "into", "around", "throughout", "across",
                      "beyond", "towards", "toward", "via", "of"})


def _merge_peers(names: list[DocName], words: list[list[str]], uf: _Union, text: str) -> None:
    """A peer is called by his title's territory: after "Albrecht von Wallenstein, Duke of Friedland" the bare
    "Friedland"
    that commands and sends is the duke.  The bare name joins the one person styled "<peerage> of <it>"
    when the document never puts it after a place preposition ("in Friedland", "the duchy of Friedland") and it is
    no country (the Prince of Wales's "Wales" is the country)."""
    peers: dict[str, set[int]] = defaultdict(set)
    for j, d in enumerate(names):
        w = words[j]
        if d.span.type == "PERSON" and len(w) >= 3 and w[0].lower() in PEERAGES and w[1] == "of":
            peers[knowledge.name_key(" ".join(w[2:]))].add(j)
    if not peers:
        return
    bare: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(names):
        key = knowledge.name_key(d.span.text)
        if key in peers and not d.heading and not d.context:
            bare[key].append(i)
    for key, members in bare.items():
        roots = {uf.find(j) for j in peers[key]}
        if len(roots) != 1:
            continue  # two dukes of one place in the text: the bare name is not said to be either
        before = [re.findall(r"[\w']+", text[max(0, names[i].start - 20) : names[i].start].casefold())[-1:]
                  for i in members]
        if any(b and b[0] in LOCATIVE for b in before):
            continue
        if geo.resolve(names[members[0]].span.text, (), ("country",)) is not None:
            continue
        for i in members:
            uf.union(next(iter(peers[key])), i)


def _merge_short_forms(names: list[DocName], words: list[list[str]], keys: list[str], uf: _Union) -> None:
    """ "the Committee" -> "Committee for ...", "Army Corps" -> "Polish Army Corps": the short form keeps
    the head noun, and only one fuller name of the document fits it.  A known place name is a short form only
    of itself under a regime adjective ("Italy" of "Fascist Italy", not "Saxony" of "... Corps Saxony")."""
    regimes = knowledge.regime_adjectives()
    shorter: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for j, other in enumerate(names):
        if len(words[j]) < 2 or _person_like(other) or other.heading:
            continue
        v = tuple(x.casefold() for x in words[j])
        h = knowledge.head_index(list(v))
        if h == len(v) - 1:
            for k in range(1, len(v)):
                shorter[v[k:]].add(j)
        else:
            shorter[v[: h + 1]].add(j)
    for i, d in enumerate(names):
        if _person_like(d) or d.span.type == "GROUP":
            continue
        w = tuple(x.casefold() for x in words[i])
        if not w or w not in shorter:
            continue
        known = knowledge.lookup(d.span.text)
        cands = set()
        for j in shorter[w]:
            if keys[j] == keys[i]:
                continue
            extra = [x.casefold() for x in words[j][: len(words[j]) - len(w)]]
            if known and known.type in {"GPE", "LOC"} and not all(x in regimes for x in extra):
                continue
            cands.add(uf.find(j))
        if len(cands) == 1:
            uf.union(i, cands.pop())


# Head nouns a name is as often said without: "the Ebro" for "the Ebro River", "the Ming" for "the Ming dynasty".
DROPPED_HEADS = frozenset({"river", "dynasty"})


def _merge_dropped_heads(names: list[DocName], words: list[list[str]], uf: _Union) -> None:
    """A bare name joins the one fuller name of the document that adds a droppable head noun to it ("Rhône" ->
    "Rhône River", "River Rhône"; "Tang" -> "Tang dynasty"), unless the bare name already stands for a person
    ("Hudson" joined to "Henry Hudson" is not the Hudson River)."""
    full: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for j, d in enumerate(names):
        w = [x.casefold() for x in words[j]]
        if len(w) < 2 or _person_like(d):
            continue
        if w[-1] in DROPPED_HEADS:
            full[tuple(w[:-1])].add(j)
        elif w[0] in DROPPED_HEADS:
            full[tuple(w[1:])].add(j)
    if not full:
        return
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(names)):
        clusters[uf.find(i)].append(i)
    for i, d in enumerate(names):
        key = tuple(x.casefold() for x in words[i])
        if key not in full or d.span.type == "GROUP" or d.span.source == "title":
            continue
        if any(len(words[k]) > 1 and _person_like(names[k]) for k in clusters[uf.find(i)]):
            continue
        roots = {uf.find(j) for j in full[key]}
        if len(roots) == 1:
            uf.union(i, next(iter(full[key])))


def _merge_groups(names: list[DocName], words: list[list[str]], uf: _Union) -> None:
    """Collectives: singular and plural ("Morisco exile", "Morisco exiles") and a fuller form ("Granadan
    Morisco exiles") name one group."""
    by_head: dict[str, list[int]] = defaultdict(list)
    forms: dict[int, list[str]] = {}
    for i, d in enumerate(names):
        if d.span.type == "GROUP" and words[i]:
            forms[i] = [_singular(x) for x in words[i]]
            by_head[forms[i][-1]].append(i)
    for members in by_head.values():
        exact: dict[tuple[str, ...], int] = {}
        for i in members:
            key = tuple(forms[i])
            if key in exact:
                uf.union(exact[key], i)
            else:
                exact[key] = i
        reps = list(exact.items())
        for a, ia in reps:
            for b, ib in reps:
                if len(a) > 1 and len(a) < len(b) and set(a) <= set(b):
                    uf.union(ia, ib)
