"""Linking in memory: the rules of :class:`annals.store.linking.LinkingRules` (the store's own) over an index of
names held in dictionaries instead of a store's tables, for the link step of ``annals batch``
(:func:`annals.batch_resolve.link_bucket`): a bucket's entities are linked on a worker without writing them into a
scratch store and reading them back statement by statement.

Each query the rules make of the store is answered here as the store answers it, from what the pass has written so
far: a canonical entity's own name is found from its creation, its aliases once its document's rows are written
(as the store's rows are), its mentions counted and dated then too.  ``tests/test_memory_linking.py`` checks that
the canonical entities are those a scratch store gives."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

from annals.knowledge import normalise_name
from annals.model import Document, Entity, Timex
from annals.names.matching import agree_keys, agree_lookup, is_full_name, last_word
from annals.store.linking import LinkingRules, sentence_years_of, tidied
from annals.store.util import read_forms, stored_forms

_CAST_INTEGER = re.compile(r"\s*([+-]?\d+)")


def year_of(iso: str) -> int:
    """The year SQLite's ``Store._YEAR_OF`` reads from an ISO date or TIMEX3 value, in Python ("1871-03-18" ->
    1871, "-0044-03-15" -> -44): the first four characters after a leading minus, cast as SQLite casts text to
    an integer (the longest leading integer, 0 when there is none)."""
    text = "-" + iso[1:5] if iso.startswith("-") else iso[:4]
    m = _CAST_INTEGER.match(text)
    return int(m.group(1)) if m else 0


class _Canonical:
    """A canonical entity while a pass links: what the rules read of it, and what tidying it reads."""

    __slots__ = ("name", "norm", "tail", "type", "subtype", "n_mentions", "docs", "years", "cores", "alias_norms",
                 "names", "subtypes", "places", "members", "place", "has_full")

    def __init__(self, ent: Entity):
        self.name = ent.name
        self.norm = normalise_name(ent.name)
        self.tail = last_word(self.norm)
        self.type = ent.type
        self.subtype = ent.subtype
        self.place: str | None = None
        self.n_mentions = 0
        self.docs: set[str] = set()
        self.years: tuple[int, int] | None = None
        self.cores: set[str] = set()  # the cores of its strong aliases
        self.has_full = False  # whether one of its forms (cores, own norm) is a full name
        self.alias_norms: set[str] = set()  # the norms of its strong aliases
        self.names: dict[str, int] = {}  # document entities' names, with how many give each
        self.subtypes: dict[str, int] = {}
        self.places: dict[str, int] = {}  # document entities' places (JSON) in the order they come first
        self.members: list[tuple[str, str]] = []  # (document, local id), in the order they were linked


class MemoryLinking(LinkingRules):
    """A linking pass in memory: :meth:`add_dated_document` for each document's dates, then
    :meth:`link_in_order` (the rules' own pass) and :meth:`_tidy_entities`; :meth:`canonical_rows` gives what
    :meth:`annals.store.Store.canonical_rows` would give of a scratch store that ran the same pass.  Only a pass
    from nothing (no ids to take again: ``previous`` is not taken)."""

    def __init__(self) -> None:
        self._born: dict[int, int] | None = None
        self._years_memo: dict[tuple[int, int], tuple[int, int] | None] | None = None
        self._entities: dict[int, _Canonical] = {}
        self._sentence_years: dict[str, dict[int, tuple[int, int]]] = {}
        # (form, type, value) -> canonical entities: "norm", "core", "tail" of strong aliases; "own norm" and
        # "own tail" of the entity's own name
        self._index: defaultdict[tuple[str, str, str], set[int]] = defaultdict(set)
        # what narrows the people a surname finds (:func:`annals.names.matching.by_surname`): people by the
        # agree_keys of each full form; people known by bare surnames only, by each of those forms
        self._agree: defaultdict[tuple[str, str, str], set[int]] = defaultdict(set)
        self._bare: defaultdict[str, set[int]] = defaultdict(set)

    def add_dated_document(self, doc_id: str, timexes: list[Timex]) -> None:
        """The dates of a document's sentences (dates with a sentence and both bounds), as the store reads them
        (:meth:`annals.store.Store.sentence_years`)."""
        self._sentence_years[doc_id] = sentence_years_of(timexes, year_of)

    # -- what the rules read ----------------------------------------------------------------------
    def _candidates(self, etype: str, column: str, values: Any) -> set[int]:
        own = "own tail" if column == "tail" else "own norm"
        out: set[int] = set()
        for v in {v for v in values if v}:
            out |= self._index.get((column, etype, v), set()) | self._index.get((own, etype, v), set())
        return out

    def _forms(self, entity_id: int) -> set[str]:
        ent = self._entities[entity_id]
        return ent.cores | {ent.norm}

    def _agreeing(self, full: set[str], found: set[int]) -> set[int] | None:
        out: set[int] = set()
        for name in full:
            for key in agree_lookup(name):
                out |= self._agree.get(key, set())
        return out

    def _bare_only(self, tails: set[str], found: set[int]) -> set[int] | None:
        out: set[int] = set()
        for tail in tails:
            out |= self._bare.get(tail, set())
        return out

    def _n_mentions(self, entity_id: int) -> int:
        ent = self._entities.get(entity_id)
        return ent.n_mentions if ent is not None else -1

    def entity_years(self, entity_id: int, except_doc: str | None = None) -> tuple[int, int] | None:
        assert except_doc is None, "a pass in memory reads an entity's years over every document"
        return self._entities[entity_id].years

    def in_document(self, entity_id: int, doc: str) -> bool:
        return doc in self._entities[entity_id].docs

    def entity_forms(self, entity_id: int) -> list[str]:
        ent = self._entities[entity_id]
        return list(dict.fromkeys([ent.name, *sorted(ent.alias_norms)]))

    def sentence_years(self, doc: str) -> dict[int, tuple[int, int]]:
        return self._sentence_years.get(doc, {})

    # -- what the rules write ---------------------------------------------------------------------
    def _new_entity(self, ent: Entity, doc_id: str, previous: dict[tuple[str, str], int] | None) -> int:
        assert not previous, "a pass in memory links from nothing"
        entity_id = len(self._entities) + 1
        canonical = self._entities[entity_id] = _Canonical(ent)
        self._index[("own norm", ent.type, canonical.norm)].add(entity_id)
        self._index[("own tail", ent.type, canonical.tail)].add(entity_id)
        self._add_form(entity_id, canonical.norm)
        return entity_id

    def _add_form(self, entity_id: int, form: str) -> None:
        """Index a form an entity is known by (:meth:`_forms`) for :meth:`_agreeing` and :meth:`_bare_only`."""
        ent = self._entities[entity_id]
        if is_full_name(form):
            for key in agree_keys(form):
                self._agree[key].add(entity_id)
            if not ent.has_full:  # (no longer known by a bare surname only)
                ent.has_full = True
                for known in ent.cores | {ent.norm}:
                    self._bare.get(known, set()).discard(entity_id)
        elif not ent.has_full:
            self._bare[form].add(entity_id)

    def _write_entity_rows(self, doc: Document, doc_id: str,
                           linked: dict[int, tuple[int, list[tuple[str, str, str, bool]]]]) -> None:
        years = self._sentence_years.get(doc_id, {})
        for i, ent in enumerate(doc.entities):
            entity_id, cores = linked[i]
            canonical = self._entities[entity_id]
            canonical.members.append((doc_id, ent.id))
            canonical.docs.add(doc_id)
            canonical.names[ent.name] = canonical.names.get(ent.name, 0) + 1
            if ent.subtype is not None:
                canonical.subtypes[ent.subtype] = canonical.subtypes.get(ent.subtype, 0) + 1
            if ent.place:
                text = json.dumps(ent.place)
                canonical.places[text] = canonical.places.get(text, 0) + 1
            seen: set[str] = set()
            for alias, norm, core, weak in cores:
                if not norm or alias in seen:  # (the store keeps one row of an alias a document entity gives)
                    continue
                seen.add(alias)
                if weak:
                    continue
                _n, core, tail = read_forms(*stored_forms(norm, core, last_word(core)))
                for form, value in (("norm", norm), ("core", core), ("tail", tail)):
                    self._index[(form, canonical.type, value)].add(entity_id)
                canonical.cores.add(core)
                canonical.alias_norms.add(norm)
                self._add_form(entity_id, core)
            canonical.n_mentions += len(ent.mentions)
            for m in ent.mentions:
                span = years.get(m.sentence) if m.sentence is not None else None
                if span is not None:
                    old = canonical.years
                    canonical.years = span if old is None else (min(old[0], span[0]), max(old[1], span[1]))

    def _tidy_entities(self, entity_ids: Any) -> None:
        for entity_id in sorted(set(entity_ids)):
            ent = self._entities.get(entity_id)
            if ent is None or not ent.members:
                continue
            ent.name, ent.norm, ent.tail, ent.subtype, ent.place = tidied(
                ent.names.items(), ent.subtypes.items(), ent.places.items())

    def canonical_rows(self) -> list[dict[str, Any]]:
        """Every canonical entity with members (``id name norm tail type subtype place members``), by id."""
        return [{"id": eid, "name": e.name, "norm": e.norm, "tail": e.tail, "type": e.type, "subtype": e.subtype,
                 "place": e.place, "members": list(e.members)}
                for eid, e in sorted(self._entities.items()) if e.members]
