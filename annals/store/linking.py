"""Cross-document entity matching, the store's side: each document entity linked to a canonical entity that shares
a name with it, the candidates fetched by SQL and judged by :mod:`annals.names.matching`; linking a group again in
the order of its documents' content hashes (order-independent identity, issue 13); tidying canonical entities."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager

from annals.identity import STATE_TYPES, _year, regime_marks, separated
from annals.knowledge import normalise_name
from annals.model import Document, Entity, Mention, Timex
from annals.names.matching import (
    agree_keys,
    agree_lookup,
    alias_keys,
    by_surname,
    canonical_name,
    has_full_name,
    is_full_name,
    last_word,
    mention_period,
    person_keys,
)
from annals.store.payloads import SHORT_TEXT, _own_span
from annals.store.places import _canonical_place_counted, _place_columns
from annals.store.relink import link_keys, scratch_copy, write_differences
from annals.store.util import ALIAS_CORE, ALIAS_TAIL, ALIASES, _chunks, alias_form_in, read_forms, stored_forms


def sentence_years_of(timexes: Iterable[Timex],
                      year: Callable[[str], int | None] = _year) -> dict[int, tuple[int, int]]:
    """The years the dates of each sentence span (as :meth:`Store.sentence_years` reads them from a store):
    ``{sentence: (first, last)}`` over the dates with a sentence and both bounds; ``year`` reads a bound's year."""
    out: dict[int, tuple[int, int]] = {}
    for t in timexes:
        if t.sentence is None or t.earliest is None or t.latest is None or t.type not in ("DATE", "TIME"):
            continue
        lo, hi = year(t.earliest), year(t.latest)
        if lo is None or hi is None:
            continue
        old = out.get(t.sentence)
        out[t.sentence] = (lo, hi) if old is None else (min(old[0], lo), max(old[1], hi))
    return out


class LinkingRules:
    """The rules of linking a document's entities to canonical ones, over what a backend gives them: the store's
    tables (:class:`Linking`, the store's own linking) or an index in memory (:class:`annals.store.memory_linking.
    MemoryLinking`, the cluster's linking in ``annals batch``).  One home for the rules, whichever holds the data.

    A backend provides: ``_candidates`` (canonical entities of a type by a form of their names), ``_forms`` (an
    entity's cores), ``_n_mentions``, ``entity_years``, ``in_document``, ``entity_forms``, ``sentence_years``
    (what the rules read), ``_new_entity`` and ``_write_entity_rows`` (what they write)."""

    _born: dict[int, int] | None  # while linking again: the order entities came in
    _years_memo: dict[tuple[int, int], tuple[int, int] | None] | None
    _candidates: Callable[[str, str, Iterable[str]], set[int]]
    _forms: Callable[[int], set[str]]
    _n_mentions: Callable[[int], int]
    entity_years: Callable[..., tuple[int, int] | None]
    in_document: Callable[[int, str], bool]
    entity_forms: Callable[[int], list[str]]
    sentence_years: Callable[[str], dict[int, tuple[int, int]]]
    _new_entity: Callable[[Entity, str, dict[tuple[str, str], int] | None], int]
    _write_entity_rows: Callable[[Document, str, dict[int, tuple[int, list[tuple[str, str, str, bool]]]]], None]

    def _insert_entities(self, doc: Document, doc_id: str, whole: bool = False,
                         previous: dict[tuple[str, str], int] | None = None) -> set[int]:
        """Store the document's entities, each linked to a canonical entity; return those linked.

        ``whole``: ``doc`` holds the entities of all the parts of a long document (see
        :meth:`resolve_entities`): entities of the same name and type, from different parts, are one.
        ``previous``: the canonical entity each (document, local id) had before, whose id a new one
        takes again when it is free, so that linking again keeps the ids people know.
        """
        claimed: set[int] = set()  # one canonical entity per document: the extractor kept them apart
        by_name: dict[tuple[str, str], int] = {}

        # what the dates of its sentences say, for linking that respects time (:meth:`_unseparated`)
        self._dating = (doc_id, self.sentence_years(doc_id) if not doc.timexes else sentence_years_of(doc.timexes))
        # Decide the links with full names first, so a bare surname later in the same document
        # finds them taken; then store the records in the document's own order.
        order = sorted(range(len(doc.entities)), key=lambda i: (not has_full_name(doc.entities[i]), i))
        linked: dict[int, tuple[int, list[tuple[str, str, str, bool]]]] = {}
        for i in order:
            ent = doc.entities[i]
            cores = alias_keys(ent)
            same = by_name.get((ent.type, normalise_name(ent.name))) if whole else None
            entity_id = same or self._match(ent, [(n, c) for _, n, c, weak in cores if not weak], claimed)
            if entity_id is None:
                entity_id = self._new_entity(ent, doc_id, previous)
            assert entity_id is not None
            if self._born is not None:
                self._born.setdefault(entity_id, len(self._born))
            claimed.add(entity_id)
            by_name.setdefault((ent.type, normalise_name(ent.name)), entity_id)
            linked[i] = (entity_id, cores)
        self._write_entity_rows(doc, doc_id, linked)
        return claimed

    def _best(self, ids: Iterable[int]) -> int | None:
        ids = list(ids)
        if not ids:
            return None

        def weight(eid: int) -> tuple[int, int]:
            n = self._n_mentions(eid)
            if self._born is not None:  # linking again: the earlier made in this pass, not the older id
                return (n, -self._born.get(eid, 10**12 + eid))
            return (n, -eid)

        return max(ids, key=weight)

    def _match(self, ent: Entity, keys: list[tuple[str, str]], claimed: set[int]) -> int | None:
        """The canonical entity this document entity is, or None for a new one.

        ``keys``: (normalised form, form without titles) of each name and alias that may link.
        """
        if ent.type != "PERSON":
            norms = {n for n, _ in keys} | {c for _, c in keys}
            found = (self._candidates(ent.type, "norm", norms) | self._candidates(ent.type, "core", norms))
            return self._best(self._unseparated(ent, found - claimed))
        full, tails = person_keys(keys)
        strong = self._unseparated(ent, self._candidates("PERSON", "core", full) - claimed) if full else set()
        if strong:
            return self._best(strong)
        found = self._candidates("PERSON", "tail", tails) - claimed
        return self._best(by_surname(full, tails, found, self._forms, self._keeper(ent), self._agreeing(full, found),
                                     self._bare_only(tails, found)))

    def _agreeing(self, full: set[str], found: set[int]) -> set[int] | None:
        """At least the people among ``found`` whose full names could agree with one of ``full``
        (:func:`agree_lookup`), where the backend keeps an index of them; None: every person found is asked."""
        return None

    def _bare_only(self, tails: set[str], found: set[int]) -> set[int] | None:
        """At least the people among ``found`` known by a bare surname only, one of ``tails``, where the backend
        keeps an index of them; None: every person found is asked."""
        return None

    def _unseparated(self, ent: Entity, candidates: set[int]) -> set[int]:
        """The candidates nothing in the texts separates from ``ent`` (:meth:`_keeper`)."""
        if not candidates:
            return candidates
        keep = self._keeper(ent)
        return candidates if keep is None else {eid for eid in candidates if keep(eid)}

    def _keeper(self, ent: Entity) -> Callable[[int], bool] | None:
        """Whether nothing in the texts separates a candidate from ``ent`` (:func:`annals.identity.separated`:
        people of one name dated more than a generation apart, a state under two forms of government);
        candidates its own document mentions are the extractor's call and stay.  None: nothing can separate
        any candidate from it."""
        if ent.type != "PERSON" and ent.type not in STATE_TYPES:
            return None
        doc_id, years = getattr(self, "_dating", None) or ("", {})
        period = mention_period(ent, years)
        names = [ent.name, *ent.aliases]
        if period is None and not (ent.type in STATE_TYPES and regime_marks(names)):
            return None  # no date, no form of government: nothing to separate it by
        marked = regime_marks(names)

        def keep(eid: int) -> bool:
            forms = self.entity_forms(eid) if ent.type in STATE_TYPES else []
            if ent.type in STATE_TYPES and not marked and not regime_marks(forms):
                return True  # (a state's dates alone do not separate it: Venice is Venice in 1300 and 1700)
            return self.in_document(eid, doc_id) or not separated(ent.type, names, period, forms, self._years(eid))

        return keep

    def _years(self, entity_id: int) -> tuple[int, int] | None:
        """:meth:`entity_years` of a candidate, remembered for one linking again (where mentions are only
        added: an entity with as many mentions as before has the same ones)."""
        memo = getattr(self, "_years_memo", None)
        if memo is None:
            return self.entity_years(entity_id)
        key = (entity_id, self._n_mentions(entity_id))
        if key not in memo:
            memo[key] = self.entity_years(entity_id)
        return memo[key]

    def link_in_order(self, docs: list[tuple[str, list[Entity]]], whole: bool = True,
                      previous: dict[tuple[str, str], int] | None = None) -> set[int]:
        """Store and link the entities of stored documents, document after document in the order given (the
        order of their content hashes, for :meth:`resolve_entities`), as one linking pass: ``docs`` holds each
        document's id and its entities as stored (:meth:`_stored_entities`).  Returns the canonical entities
        touched; they are not tidied (:meth:`_tidy_entities`).  ``whole`` and ``previous``: as
        :meth:`_insert_entities` takes them."""
        affected: set[int] = set()
        self._born, self._years_memo = {}, {}
        try:
            for d, ents in docs:
                affected |= self._insert_entities(Document(id=d, text="", entities=ents), d, whole=whole,
                                                  previous=previous)
        finally:
            self._born, self._years_memo = None, None
        return affected


def tidied(names: Iterable[tuple[str, int]], subtypes: Iterable[tuple[str, int]],
           places: Iterable[tuple[str | None, int]]) -> tuple[str, str, str, str | None, str | None]:
    """A canonical entity's ``(name, norm, tail, subtype, place)`` from what its document entities say: ``names``
    and ``subtypes`` (each with how many document entities give it) and ``places`` (JSON, with how many, in the
    order they first come).  The name is the full (several-word) form most documents use, then the longest
    (:func:`~annals.names.matching.canonical_name`); the subtype the one most give, then the first in code-point
    order; the place :func:`~annals.store.places.canonical_place`'s."""
    name = canonical_name(names)
    norm = normalise_name(name)
    subtype = min(subtypes, key=lambda r: (-r[1], r[0]), default=(None, 0))[0]
    return name, norm, last_word(norm), subtype, _canonical_place_counted(places)


class _Narrowing:
    """What narrows the people a surname finds, within one linking pass of a store (:meth:`Linking.link_in_order`)
    or one document's storing (:meth:`Linking._insert_entities`):
    the forms of the people read so far (each once a pass, when a surname first finds them), filed by their
    :func:`agree_keys` and, for single words, by the form.  Entries are only added (a person who gains a full name
    stays filed under the bare one): :func:`by_surname` asks each what it is, so more never changes its answer."""

    def __init__(self) -> None:
        self.read: set[int] = set()
        self.agree: defaultdict[tuple[str, str, str], set[int]] = defaultdict(set)
        self.bare: defaultdict[str, set[int]] = defaultdict(set)

    def file(self, entity_id: int, form: str) -> None:
        if is_full_name(form):
            for key in agree_keys(form):
                self.agree[key].add(entity_id)
        else:
            self.bare[form].add(entity_id)


class Linking(LinkingRules):
    """Linking document entities to canonical ones (a base of :class:`annals.store.Store`)."""

    # provided by Store (annals.store.core), as are the other mixins' methods this one calls
    _db: sqlite3.Connection
    _conn: sqlite3.Connection | None
    _transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]
    _require_writable: Callable[[], None]
    _narrowing: _Narrowing | None = None  # within a linking pass

    def link_in_order(self, docs: list[tuple[str, list[Entity]]], whole: bool = True,
                      previous: dict[tuple[str, str], int] | None = None) -> set[int]:
        """:meth:`LinkingRules.link_in_order`, with the forms of the people a surname finds read once a pass
        (:class:`_Narrowing`), not once a person each time the surname comes back."""
        with self._narrowing_scope():
            return super().link_in_order(docs, whole, previous)

    def _insert_entities(self, doc: Document, doc_id: str, whole: bool = False,
                         previous: dict[tuple[str, str], int] | None = None) -> set[int]:
        """:meth:`LinkingRules._insert_entities`; outside a pass (a document's first storing), with an index of its
        own (:class:`_Narrowing`: the forms of the people its names find, read once for the document)."""
        with self._narrowing_scope():
            return super()._insert_entities(doc, doc_id, whole, previous)

    @contextmanager
    def _narrowing_scope(self) -> Iterator[None]:
        """A :class:`_Narrowing` for what runs within, unless one is open already (a pass holds one for all its
        documents)."""
        if self._narrowing is not None:
            yield
            return
        self._narrowing = _Narrowing()
        try:
            yield
        finally:
            self._narrowing = None

    def _narrowed(self, found: set[int]) -> _Narrowing | None:
        """The pass's (or the document's) index, with the forms of every person of ``found`` read into it (those not
        read yet, in one query); None when there is none."""
        narrowing = self._narrowing
        if narrowing is None:
            return None
        unread = sorted(found - narrowing.read)
        if unread:
            ids = json.dumps(unread)
            for eid, form in self._db.execute(
                    f"SELECT d.entity, {ALIAS_CORE.format('a')} FROM {ALIASES} WHERE a.weak = 0 AND d.entity IN "
                    "(SELECT value FROM json_each(?)) UNION SELECT id, norm FROM entities WHERE id IN "
                    "(SELECT value FROM json_each(?))", (ids, ids)):
                narrowing.file(eid, form)
            narrowing.read.update(unread)
        return narrowing

    def _agreeing(self, full: set[str], found: set[int]) -> set[int] | None:
        narrowing = self._narrowed(found)
        if narrowing is None:
            return None
        return {eid for name in full for key in agree_lookup(name) for eid in narrowing.agree.get(key, ())}

    def _bare_only(self, tails: set[str], found: set[int]) -> set[int] | None:
        narrowing = self._narrowed(found)
        if narrowing is None:
            return None
        return {eid for tail in tails for eid in narrowing.bare.get(tail, ())}

    def resolve_entities(self, doc_ids: Iterable[str], force: bool = False,
                         prefer: dict[tuple[str, str], int] | None = None) -> int:
        """Link the entities of these documents again, with every stored entity that shares a name key
        with them (a surname for people, a name or alias for other kinds; of the same type;
        transitively), as if that group had been stored in the order of its documents' content
        hashes.  The entities that shared names with a document replaced or removed since
        (:attr:`unsettled`) are linked again too.

        Linking one document at a time depends on what came before: "Orlov" alone links to the one
        Orlov known so far, or to nobody if "Ivan Orlov" and "Anna Orlov" are both known.  Doing it
        again over the group, in an order given by the texts themselves, makes the entities a
        function of the set of documents, whatever the order or grouping of the ingests (issue 13).
        Entities outside the group cannot change its links (linking only looks at shared keys of the
        same type), so the cost is that of the group, not of the store.  A canonical entity takes its
        id again when its first member comes back.  Returns the number of document entities linked
        again (0 when nothing is shared).  One transaction.  The corrections of the edit log are applied
        again afterwards (:meth:`apply_edits`).

        ``force``: link the group again even when it is one document's (undoing a correction does);
        ``prefer``: the canonical id a (document, local id) takes again, over the one it has now.
        """
        self._require_writable()
        doc_ids = sorted(set(doc_ids))
        ingested = doc_ids or None  # the corrections bound to other documents hold (none when a removal or undo)
        with self._transaction() as conn:
            start, unsettled = set(self.unsettled), bool(self.unsettled)
            for chunk in _chunks(doc_ids):
                marks = ", ".join("?" * len(chunk))
                start |= {r[0] for r in conn.execute(f"SELECT id FROM doc_entities WHERE doc IN ({marks})", chunk)}
            self.unsettled = set()
            group = self._linked_group(start)
            rows = []
            for chunk in _chunks(sorted(group)):
                marks = ", ".join("?" * len(chunk))
                rows += conn.execute("SELECT de.id, de.doc, de.local_id, de.entity, d.content_hash FROM doc_entities "
                                     f"de JOIN documents d ON d.id = de.doc WHERE de.id IN ({marks})", chunk).fetchall()
            if not rows or (len({r["doc"] for r in rows}) < 2 and not unsettled and not force):
                self.apply_edits(ingested)
                return 0  # one document's entities, sharing nothing with another's: linked as they are
            docs = sorted({(r["content_hash"], r["doc"]) for r in rows})
            members: dict[str, list[int]] = {}
            for r in sorted(rows, key=lambda r: r["id"]):
                members.setdefault(r["doc"], []).append(r["id"])
            entities = {d: self._stored_entities(d, members[d]) for _, d in docs}
            previous = {(r["doc"], r["local_id"]): r["entity"] for r in rows} | {
                k: v for k, v in (prefer or {}).items() if k in {(r["doc"], r["local_id"]) for r in rows}}
            affected = {r["entity"] for r in rows}
            if not self.in_place:
                self._relink_apart(group, [(d, entities[d]) for _, d in docs], previous, affected)
                self.apply_edits(ingested)
                return len(group)
            _clear_group(conn, group, affected)
            affected |= self.link_in_order([(d, entities[d]) for _, d in docs], previous=previous)
            self._tidy_entities(affected)
            self.apply_edits(ingested)
        return len(group)

    in_place = False  # link a group again in the store itself, rewriting all its rows (as before issue 17)

    def _relink_apart(self, group: set[int], docs: list[tuple[str, list[Entity]]],
                      previous: dict[tuple[str, str], int], affected: set[int]) -> None:
        """The pass of :meth:`resolve_entities` run on a scratch copy of what it reads
        (:func:`annals.store.relink.scratch_copy`); then only the rows that differ are written
        (:func:`annals.store.relink.write_differences`)."""
        conn = self._db
        keys = link_keys(e for _, ents in docs for e in ents)
        scratch, ents = scratch_copy(conn, group, keys, set(previous.values()))
        try:
            self._conn = scratch
            scratch.execute("BEGIN")
            _clear_group(scratch, group, affected)
            affected = affected | self.link_in_order(docs, previous=previous)
            self._tidy_entities(affected)
        finally:
            self._conn = conn
        try:
            write_differences(conn, scratch, group, ents)
        finally:
            scratch.close()

    def _keys_of(self, doc_entity_ids: set[int]) -> tuple[set[str], set[tuple[str, str]]]:
        """The keys linking may go through: the tails of people's names, the (type, name) of the rest."""
        tails: set[str] = set()
        names: set[tuple[str, str]] = set()
        for chunk in _chunks(sorted(doc_entity_ids)):
            marks = ", ".join("?" * len(chunk))
            for r in self._db.execute(
                    f"SELECT d.type, a.norm, {ALIAS_CORE.format('a')}, {ALIAS_TAIL.format('a')} FROM entity_aliases a "
                    "JOIN doc_entities d ON d.id = "
                    f"a.doc_entity WHERE a.weak = 0 AND d.id IN ({marks})", chunk):
                if r[0] == "PERSON":
                    tails.add(r[3])
                else:
                    names.update({(r[0], r[1]), (r[0], r[2])})
        return tails, names

    def _linked_group(self, doc_entity_ids: set[int]) -> set[int]:
        """These document entities and every stored one that shares a linking key with them, transitively."""
        group = set(doc_entity_ids)
        new = set(group)
        seen_tails: set[str] = set()
        seen_names: set[tuple[str, str]] = set()
        while new:
            tails, names = self._keys_of(new)
            tails, names = tails - seen_tails, names - seen_names
            seen_tails |= tails
            seen_names |= names
            found: set[int] = set()
            for chunk in _chunks(sorted(tails)):
                tail_in, times = alias_form_in("tail", "a", ", ".join("?" * len(chunk)))
                found |= {r[0] for r in self._db.execute(
                    "SELECT DISTINCT a.doc_entity FROM entity_aliases a JOIN doc_entities d ON d.id = a.doc_entity "
                    f"WHERE a.weak = 0 AND d.type = 'PERSON' AND {tail_in}", chunk * times)}
            by_type: dict[str, list[str]] = {}
            for etype, value in names:
                by_type.setdefault(etype, []).append(value)
            for etype, values in by_type.items():
                for chunk in _chunks(sorted(set(values))):
                    name_in, times = alias_form_in("name", "a", ", ".join("?" * len(chunk)))
                    found |= {r[0] for r in self._db.execute(
                        "SELECT DISTINCT a.doc_entity FROM entity_aliases a JOIN doc_entities d ON d.id = "
                        f"a.doc_entity WHERE a.weak = 0 AND d.type = ? AND {name_in}", (etype, *chunk * times))}
            new = found - group
            group |= new
        existing: set[int] = set()
        for chunk in _chunks(sorted(group)):
            marks = ", ".join("?" * len(chunk))
            existing |= {r[0] for r in self._db.execute(f"SELECT id FROM doc_entities WHERE id IN ({marks})", chunk)}
        return existing

    def _sharing(self, doc_id: str) -> set[int]:
        """The document entities of other documents that share a linking key with this document's."""
        own = {r[0] for r in self._db.execute("SELECT id FROM doc_entities WHERE doc = ?", (doc_id,))}
        return self._linked_group(own) - own

    def _stored_entities(self, doc_id: str, only: Iterable[int] | None = None) -> list[Entity]:
        """A document's entities as extracted (local ids, names, aliases, titles, mentions), in order;
        ``only``: just the document entities with these row ids.  (Four queries a document, each kind of row in
        the order of its ids.)"""
        q = self._db.execute
        wanted = None if only is None else set(only)
        ents: dict[int, Entity] = {}
        for r in q("SELECT * FROM doc_entities WHERE doc = ? ORDER BY id", (doc_id,)).fetchall():
            if wanted is None or r["id"] in wanted:
                ents[r["id"]] = Entity(id=r["local_id"], name=r["name"], type=r["type"], subtype=r["subtype"],
                                       place=json.loads(r["place"]) if r["place"] else None)
        if not ents:
            return []
        of_doc = "doc_entity IN (SELECT r.id FROM doc_entity_rows r JOIN documents d ON d.key = r.doc WHERE d.id = ?)"
        for de, alias in q(f"SELECT doc_entity, alias FROM entity_aliases WHERE {of_doc} AND kind = 'alias' "
                           "ORDER BY id", (doc_id,)):
            if de in ents:
                ents[de].aliases.append(alias)
        for de, title in q(f"SELECT doc_entity, title FROM entity_titles WHERE {of_doc} ORDER BY id", (doc_id,)):
            if de in ents:
                ents[de].titles.append(title)
        for m in q(f"SELECT * FROM mentions WHERE {of_doc} ORDER BY id", (doc_id,)):
            if m["doc_entity"] in ents:
                ents[m["doc_entity"]].mentions.append(Mention(m["char_start"], m["char_end"], m["text"],
                                                              m["sentence"], m["title"]))
        return list(ents.values())

    def _candidates(self, etype: str, column: str, values: Iterable[str]) -> set[int]:
        """Canonical entities of ``etype`` whose alias ``column`` (norm/core/tail) or name is in values."""
        vals = sorted({v for v in values if v})
        if not vals:
            return set()
        marks = ", ".join("?" * len(vals))
        own = "tail" if column == "tail" else "norm"
        # (the strong aliases by the indexes of the form, each entity's type read where it is kept)
        form_in, times = alias_form_in(column, "a", marks)
        sql = (f"SELECT d.entity FROM {ALIASES} JOIN entities e ON e.id = d.entity WHERE {form_in} "
               f"AND a.weak = 0 AND e.type = ? "
               f"UNION SELECT id FROM entities WHERE type = ? AND {own} IN ({marks})")
        return {r[0] for r in self._db.execute(sql, (*vals * times, etype, etype, *vals))}

    def _forms(self, entity_id: int) -> set[str]:
        rows = self._db.execute(f"SELECT {ALIAS_CORE.format('a')} FROM {ALIASES} WHERE d.entity = ? AND a.weak = 0 "
                                "UNION SELECT norm FROM entities WHERE id = ?", (entity_id, entity_id))
        return {r[0] for r in rows}

    def _tidy_entities(self, entity_ids: Iterable[int]) -> None:
        """Delete canonical entities nobody mentions; refresh the name and subtype of the rest.

        The canonical name is the full (several-word) form most documents use, then the longest.
        """
        conn = self._db
        for eid in sorted(set(entity_ids)):
            names = conn.execute("SELECT name, n FROM entity_names WHERE entity = ?", (eid,)).fetchall()
            if not names:  # (its aliases and titles went with its document entities: they name no entity)
                conn.execute("DELETE FROM entities WHERE id = ?", (eid,))
                continue
            subtypes = conn.execute("SELECT subtype, n FROM entity_subtypes WHERE entity = ?", (eid,)).fetchall()
            places = conn.execute("SELECT place, count(*) FROM doc_entities WHERE entity = ? AND place IS NOT NULL "
                                  "GROUP BY place ORDER BY min(id)", (eid,)).fetchall()
            conn.execute("UPDATE entities SET name = ?, norm = ?, tail = ?, subtype = ?, place = ? WHERE id = ?",
                         (*tidied(names, subtypes, places), eid))

    def _n_mentions(self, entity_id: int) -> int:
        """How many mentions a canonical entity has (-1: there is no such entity)."""
        row = self._db.execute("SELECT n_mentions FROM entities WHERE id = ?", (entity_id,)).fetchone()
        return row[0] if row else -1

    def _new_entity(self, ent: Entity, doc_id: str, previous: dict[tuple[str, str], int] | None) -> int:
        """A new canonical entity for a document entity that links to none (its id the one it had before, in
        ``previous``, where that id is free)."""
        entity_id = self._new_entity_row(ent, doc_id, previous)
        if self._narrowing is not None and entity_id in self._narrowing.read:  # (an id taken again)
            self._narrowing.file(entity_id, normalise_name(ent.name))
        return entity_id

    def _new_entity_row(self, ent: Entity, doc_id: str, previous: dict[tuple[str, str], int] | None) -> int:
        conn = self._db
        norm = normalise_name(ent.name)
        old = (previous or {}).get((doc_id, ent.id))
        if old is not None and old not in (self._born or {}) and conn.execute(
                "SELECT NOT EXISTS (SELECT 1 FROM doc_entities WHERE entity = ?) AND EXISTS "
                "(SELECT 1 FROM entities WHERE id = ?)", (old, old)).fetchone()[0]:
            conn.execute("UPDATE entities SET name = ?, norm = ?, tail = ?, type = ?, subtype = ? "
                         "WHERE id = ?", (ent.name, norm, last_word(norm), ent.type, ent.subtype, old))
            return old
        if old is not None and self._born is not None and old not in self._born and conn.execute(
                "SELECT NOT EXISTS (SELECT 1 FROM entities WHERE id = ?)", (old,)).fetchone()[0]:
            # an id a correction took away (a merge), given back by its undo
            conn.execute("INSERT INTO entities (id, name, norm, tail, type, subtype) VALUES (?, ?, ?, ?, ?, ?)",
                         (old, ent.name, norm, last_word(norm), ent.type, ent.subtype))
            return old
        return int(conn.execute("INSERT INTO entities (name, norm, tail, type, subtype) VALUES (?, ?, ?, ?, ?)",
                                (ent.name, norm, last_word(norm), ent.type, ent.subtype)).lastrowid)

    def _write_entity_rows(self, doc: Document, doc_id: str,
                           linked: dict[int, tuple[int, list[tuple[str, str, str, bool]]]]) -> None:
        """The rows of a document's entities (``linked``: each one's position -> its canonical entity and its
        alias keys), each kind in one statement: the document entities take the ids after the store's last, as
        SQLite would give them one by one."""
        conn = self._db
        # the document's text, when short: a mention that says it between its offsets is not stored again
        full = (conn.execute(f"SELECT CASE WHEN length(text) <= {SHORT_TEXT} THEN text END FROM documents WHERE id = ?",
                             (doc_id,)).fetchone() or [None])[0]
        key = (conn.execute("SELECT key FROM documents WHERE id = ?", (doc_id,)).fetchone() or [None])[0]
        first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM doc_entity_rows").fetchone()[0]
        rows: dict[str, list[tuple[object, ...]]] = {"entities": [], "aliases": [], "titles": [], "mentions": []}
        for i, ent in enumerate(doc.entities):
            entity_id, cores = linked[i]
            de = first + i
            rows["entities"].append((de, key, ent.id, entity_id, ent.name, ent.type, ent.subtype,
                                     *_place_columns(conn, ent.place)))
            alias_set = set(ent.aliases)
            rows["aliases"] += [(de, a, "alias" if a in alias_set else "name", *stored_forms(n, c, last_word(c)),
                                 int(weak)) for a, n, c, weak in cores if n]
            rows["titles"] += [(de, t) for t in ent.titles]
            rows["mentions"] += [(de, m.start, m.end, _own_span(m.text, m.start, m.end, full), m.title, m.sentence)
                                 for m in ent.mentions]
        narrowing = self._narrowing
        if narrowing is not None:  # the pass's index: the forms of the people it has read, as _forms reads them
            for entity_id, cores in linked.values():
                if entity_id in narrowing.read:
                    for _a, n, c, weak in cores:
                        if n and not weak:
                            narrowing.file(entity_id, read_forms(*stored_forms(n, c, last_word(c)))[1])
        conn.executemany("INSERT INTO doc_entity_rows (id, doc, local_id, entity, name, type, subtype, place, place_id)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows["entities"])
        conn.executemany("INSERT OR IGNORE INTO entity_aliases (doc_entity, alias, kind, norm, core, tail, weak) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", rows["aliases"])
        conn.executemany("INSERT OR IGNORE INTO entity_titles (doc_entity, title) VALUES (?, ?)",
                         rows["titles"])
        conn.executemany("INSERT INTO mention_rows (doc_entity, char_start, char_end, text, title, sentence) "
                         "VALUES (?, ?, ?, ?, ?, ?)", rows["mentions"])


def _clear_group(conn: sqlite3.Connection, group: set[int], affected: set[int]) -> None:
    """Take a group of document entities out of the store (their mentions, titles and aliases with them) before
    they are linked again; the group's canonical entities are then vacant: nothing may link to them by what
    they were (that would keep the old order); one takes its id again when its first member comes back."""
    for chunk in _chunks(sorted(group)):
        marks = ", ".join("?" * len(chunk))
        for table in ("mention_rows", "entity_titles", "entity_aliases"):
            conn.execute(f"DELETE FROM {table} WHERE doc_entity IN ({marks})", chunk)
        conn.execute(f"DELETE FROM doc_entity_rows WHERE id IN ({marks})", chunk)
    conn.executemany("UPDATE entities SET norm = '', tail = '' WHERE id = ? AND NOT EXISTS "
                     "(SELECT 1 FROM doc_entities WHERE entity = ?)", [(e, e) for e in affected])
