"""A store sharded by document: one file of canonical entities and several files of documents, read as one store.

``annals batch --shards N`` writes, beside the store file ``DB``, the folder ``DB.shards/`` of N shard files.
Each shard is a whole store of the same schema holding some of the documents with every row that comes from them
(sentences, full-text index, mentions, aliases, dates, events, relations), and a copy of the canonical entities
those rows are linked to: the same ids, names and types in every shard, with the shard's own mention counts.  The
file ``DB`` holds no document: every canonical entity with its counts over all shards, the edit log, and the table
``shards`` naming the shard files (paths relative to ``DB``'s folder).  Row ids are the store's, not the shard's:
a mention, event or sentence has the id it would have in one file, so an id read from one shard names one row.

:class:`ShardedStore` reads them as :class:`~annals.store.Store` reads one file: the same methods, the same
results in the same order, each method asking every shard and merging what they answer (counts summed, rows by
document, a document's rows from the one shard that holds it).  One thing differs: full-text ranks.  FTS5 scores
a hit (bm25) against the statistics of its own index, so a sentence's rank is computed within its shard; the hits
of all shards are merged by that rank.  A sharded store is read-only: it is written whole by ``annals batch``, and
corrections, ingests and removals are refused with E015 (write into a single-file store for those).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from annals.errors import E012, E015, StoreError
from annals.knowledge import normalise_name
from annals.model import Document
from annals.store.core import Store
from annals.store.places import canonical_place
from annals.store.read import Reading, entity_listing, name_tries, titles_by_entity
from annals.store.util import ALIASES

#: The table of the main file that makes a store sharded: its shard files, in the order of their documents.
SHARDS_TABLE = "CREATE TABLE IF NOT EXISTS shards (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE)"

#: Readers of the edit log, which the main file holds.
_LOG_READERS = ("edit_rows", "edit_row", "has_edit_log", "has_active_edits", "stashed")


def shard_folder(db: str | Path) -> Path:
    """Where ``annals batch --shards`` writes the shard files of the store ``db``."""
    return Path(f"{db}.shards")


def shard_paths(db: str | Path) -> list[Path] | None:
    """The shard files of the store file ``db`` when it is sharded (paths resolved against its folder), else None.
    None too for a file that is not a readable store: opening it as one says what is wrong."""
    path = Path(db)
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        rows = conn.execute("SELECT path FROM shards ORDER BY id").fetchall()
    except sqlite3.Error:  # no such table (a store of one file), or not a store at all
        return None
    finally:
        conn.close()
    return [path.parent / r[0] for r in rows] if rows else None


def refuse_write(db: str | Path) -> StoreError:
    """E015: the store ``db`` is sharded, and annals writes only stores of one file."""
    return StoreError.of(
        E015, problem=f"{db} is a sharded store (written by annals batch --shards): it can be read, not changed",
        fix="read it with any read command; to ingest, correct or remove, run annals batch without --shards "
            "into a new store")


class ShardedStore:
    """A sharded store (see the module), opened for reading: the read methods of :class:`~annals.store.Store`."""

    readonly = True
    immutable = False

    def __init__(self, path: str | Path, shards: list[Path]):
        self.path = Path(path)
        self.main = Store(self.path, create=False, readonly=True)
        self.shards: list[Store] = []
        try:
            for p in shards:
                if not p.is_file():
                    raise StoreError.of(
                        E015, problem=f"shard {p} of the sharded store {self.path} is missing",
                        fix=f"restore the folder {shard_folder(self.path)} beside the store, or run annals batch again")
                self.shards.append(Store(p, create=False, readonly=True))
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Close every file; safe to call twice."""
        self.main.close()
        for s in self.shards:
            s.close()

    def __enter__(self) -> ShardedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ShardedStore({str(self.path)!r}, shards={len(self.shards)})"

    def __getattr__(self, name: str) -> Any:
        if name in _LOG_READERS:
            return getattr(self.main, name)
        if not name.startswith("__") and hasattr(Store, name):  # a writer, or a reader not merged here
            raise StoreError.of(
                E015, problem=f"{self.path} is a sharded store, and {name.strip('_').replace('_', ' ')} works on a "
                              "store of one file only",
                fix="run annals batch without --shards into a new store for this")
        raise AttributeError(name)

    # -- merging ------------------------------------------------------------------------------

    def _each(self, read: Callable[[Store], list[Any]]) -> list[Any]:
        """What every shard answers, shard after shard."""
        return [x for s in self.shards for x in read(s)]

    @staticmethod
    def _by_document(rows: list[dict[str, Any]], key: str = "document") -> list[dict[str, Any]]:
        """Rows of all shards in document order: a document's rows come from one shard, already in order."""
        return sorted(rows, key=lambda r: r[key])

    def _shard_of(self, doc_id_or_path: str | Path) -> Store | None:
        """The shard holding this document (by id or path), or None."""
        return next((s for s in self.shards if s._resolve(doc_id_or_path) is not None), None)

    def _summed(self, rows: list[dict[str, Any]], match: str | None = None) -> list[dict[str, Any]]:
        """Canonical entity rows (:data:`Reading._ENTITY_CORE`) with their documents counted, their aliases
        ordered over all shards and, given one, the ``match`` :meth:`find_entities` found them by."""
        ids = [r["id"] for r in rows]
        documents: Counter[int] = Counter()
        aliases: dict[int, Counter[str]] = {}
        for s in self.shards:
            documents.update(s._document_counts(ids))
            for eid, counts in s._alias_counts(ids).items():
                aliases.setdefault(eid, Counter()).update(counts)
        for r in rows:
            r["n_documents"] = documents[r["id"]]
            if match is not None:
                r["match"] = match
        return self.main._with_aliases(rows, {e: dict(c) for e, c in aliases.items()})

    # -- canonical entities ---------------------------------------------------------------------

    def entities(self, type: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """As :meth:`annals.store.Store.entities`."""
        return self._summed(self.main._rows(*entity_listing(Reading._ENTITY_CORE, type, limit)))

    def find_entities(self, name: str, type: str | None = None, limit: int = 20,
                      exact: bool = False) -> list[dict[str, Any]]:
        """As :meth:`annals.store.Store.find_entities`: the aliases matched in every shard, the names in the main
        file, which holds every canonical entity."""
        key = normalise_name(name)
        if not key:
            return []
        for match, alias_cond, name_cond, alias_params, name_params in name_tries(key, exact):
            ids = sorted({r[0] for s in self.shards for r in s._db.execute(
                f"SELECT DISTINCT d.entity FROM {ALIASES} WHERE {alias_cond}", alias_params)})
            typed = " AND e.type = ?" if type is not None else ""
            sql = (f"{Reading._ENTITY_CORE} WHERE (e.id IN (SELECT value FROM json_each(?)) OR {name_cond}){typed}"
                   " ORDER BY n_mentions DESC, e.name, e.id LIMIT ?")
            params = [json.dumps(ids), *name_params, *([type] if type is not None else []), int(limit)]
            rows = self.main._rows(sql, params)
            if rows:
                return self._summed(rows, match)
        return []

    def entity_detail(self, entity_id: int) -> dict[str, Any]:
        """As :meth:`annals.store.Store.entity_detail`."""
        rows = self.main._rows(f"{Reading._ENTITY_CORE} WHERE e.id = ?", (entity_id,))
        if not rows:
            raise StoreError.of(E012, entity=entity_id, store=f"the store {self.path}",
                                fix="list entities with annals entities, or look one up by name with annals show NAME")
        out = self._summed(rows)[0]
        out["titles"] = self.entity_titles([entity_id]).get(entity_id, [])
        out["documents"] = self._by_document(self._each(lambda s: s._entity_documents(entity_id)))
        out["mentions"] = self._by_document(self._each(lambda s: s._entity_mentions(entity_id)))
        return out

    def entity_titles(self, entity_ids: Iterable[int] | None = None) -> dict[int, list[str]]:
        """As :meth:`annals.store.Store.entity_titles` (each title's count summed over the shards)."""
        ids = None if entity_ids is None else sorted(set(entity_ids))
        counts: Counter[tuple[int, str]] = Counter()
        for eid, title, n in self._each(lambda s: s._title_counts(ids)):
            counts[(eid, title)] += n
        return titles_by_entity((e, t, n) for (e, t), n in counts.items())

    def mention_records(self, entity_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
        """As :meth:`annals.store.Store.mention_records`."""
        ids = None if entity_ids is None else sorted(set(entity_ids))
        return self._by_document(self._each(lambda s: s.mention_records(ids)))

    # -- documents and their facts --------------------------------------------------------------

    def documents(self) -> list[dict[str, Any]]:
        """As :meth:`annals.store.Store.documents`."""
        return self._by_document(self._each(lambda s: s.documents()), key="id")

    def document(self, doc_id_or_path: str | Path) -> dict[str, Any] | None:
        """As :meth:`annals.store.Store.document`."""
        shard = self._shard_of(doc_id_or_path)
        return shard.document(doc_id_or_path) if shard is not None else None

    def load_document(self, doc_id_or_path: str | Path) -> Document | None:
        """As :meth:`annals.store.Store.load_document`."""
        shard = self._shard_of(doc_id_or_path)
        return shard.load_document(doc_id_or_path) if shard is not None else None

    def _per_document(self, method: str, doc: str | Path | None) -> list[dict[str, Any]]:
        """A reader that takes an optional document: that document's shard, or every shard in document order."""
        if doc is not None:
            shard = self._shard_of(doc)
            return getattr(shard, method)(doc) if shard is not None else []
        return self._by_document(self._each(lambda s: getattr(s, method)(None)))

    def timexes(self, doc: str | Path | None = None) -> list[dict[str, Any]]:
        """As :meth:`annals.store.Store.timexes`."""
        return self._per_document("timexes", doc)

    def gaps(self, doc: str | Path | None = None) -> list[dict[str, Any]]:
        """As :meth:`annals.store.Store.gaps`."""
        return self._per_document("gaps", doc)

    def events(self, doc: str | Path | None = None) -> list[dict[str, Any]]:
        """As :meth:`annals.store.Store.events`."""
        return self._per_document("events", doc)

    def relations(self, doc: str | Path | None = None) -> list[dict[str, Any]]:
        """As :meth:`annals.store.Store.relations`."""
        return self._per_document("relations", doc)

    def types_in_use(self, kind: str) -> list[str]:
        """As :meth:`annals.store.Store.types_in_use`."""
        return sorted(set(self._each(lambda s: s.types_in_use(kind))))

    def event_records(self, documents: Iterable[str] | None = None, type: str | None = None,
                      entity_ids: Iterable[int] | None = None,
                      keep: Callable[[str | None, str], bool] | None = None) -> list[dict[str, Any]]:
        """As :meth:`annals.store.Store.event_records`."""
        docs = None if documents is None else sorted(set(documents))
        ids = None if entity_ids is None else sorted(set(entity_ids))
        return self._by_document(self._each(lambda s: s.event_records(docs, type, ids, keep)))

    def relation_records(self, type: str | None = None, entity_ids: Iterable[int] | None = None,
                         negated: bool | None = None) -> list[dict[str, Any]]:
        """As :meth:`annals.store.Store.relation_records`."""
        ids = None if entity_ids is None else sorted(set(entity_ids))
        return self._by_document(self._each(lambda s: s.relation_records(type, ids, negated)))

    def sentence_facts(self, sentences: Iterable[tuple[str, int]]) -> dict[tuple[str, int], dict[str, Any]]:
        """As :meth:`annals.store.Store.sentence_facts`."""
        keys = list(dict.fromkeys(sentences))
        found: dict[tuple[str, int], dict[str, Any]] = {}
        for s in self.shards:
            found.update(s.sentence_facts(keys))
        return {k: found[k] for k in keys if k in found}

    def sentences_mentioning(self, entity_ids: Iterable[int], limit: int = 200) -> list[tuple[str, int]]:
        """As :meth:`annals.store.Store.sentences_mentioning`."""
        ids = sorted(set(entity_ids))
        return sorted(set(self._each(lambda s: s.sentences_mentioning(ids, limit))))[:int(limit)]

    # -- full-text search -----------------------------------------------------------------------

    def _search(self, query: str, limit: int) -> list[tuple[int, tuple[int, str, int, float], str]]:
        """The best ``limit`` hits of all shards, by rank (each shard's own, see the module), then document and
        sentence: ``(shard number, hit, the query as that shard's FTS5 read it)``."""
        hits = []
        for n, s in enumerate(self.shards):
            found, read = s._search(query, limit)
            hits.extend((n, h, read) for h in found)
        return sorted(hits, key=lambda x: (x[1][3], x[1][1], x[1][2]))[:int(limit)]

    def search_sentences(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """As :meth:`annals.store.Store.search_sentences` (ranks are each shard's: see the module)."""
        hits = self._search(query, limit)
        rows: dict[int, dict[str, Any]] = {}
        for n, s in enumerate(self.shards):
            mine = [h for k, h, _q in hits if k == n]
            if mine:
                read = next(q for k, _h, q in hits if k == n)
                rows.update(zip([h[0] for h in mine], s._hit_rows(mine, read), strict=True))
        return [rows[h[0]] for _n, h, _q in hits]

    def search_sentence_keys(self, query: str, limit: int = 20) -> list[tuple[str, int]]:
        """As :meth:`annals.store.Store.search_sentence_keys`."""
        return [(h[1], h[2]) for _n, h, _q in self._search(query, limit)]

    # -- identity (annals entities --ambiguous, annals.identity) ----------------------------------

    def entity_row(self, entity_id: int) -> dict[str, Any] | None:
        """As :meth:`annals.store.Store.entity_row` (the main file's row: its counts are the whole store's)."""
        return self.main.entity_row(entity_id)

    def doc_entity_rows(self, entity_id: int) -> list[dict[str, Any]]:
        """As :meth:`annals.store.Store.doc_entity_rows`."""
        return sorted(self._each(lambda s: s.doc_entity_rows(entity_id)), key=lambda r: r["id"])

    def entities_named(self, name: str, type: str | None) -> list[int]:
        """As :meth:`annals.store.Store.entities_named` (each shard holds the canonical entities it names)."""
        return sorted(set(self._each(lambda s: s.entities_named(name, type))))

    def entity_forms(self, entity_id: int) -> list[str]:
        """As :meth:`annals.store.Store.entity_forms`."""
        row = self.main.entity_row(entity_id)
        forms = sorted({f for s in self.shards for f in s.entity_forms(entity_id)[1:]})
        return list(dict.fromkeys(([row["name"]] if row else []) + forms))

    def entity_years(self, entity_id: int, except_doc: str | None = None) -> tuple[int, int] | None:
        """As :meth:`annals.store.Store.entity_years`."""
        spans = [y for s in self.shards if (y := s.entity_years(entity_id, except_doc)) is not None]
        return (min(y[0] for y in spans), max(y[1] for y in spans)) if spans else None

    def _documents_of(self, entity_ids: Iterable[int] | None = None) -> dict[int, set[str]]:
        """The documents that name each canonical entity (all, or those of ``entity_ids``)."""
        sql, params = "SELECT entity, doc FROM doc_entities", ()
        if entity_ids is not None:
            sql, params = sql + " WHERE entity IN (SELECT value FROM json_each(?))", (json.dumps(sorted(entity_ids)),)
        out: dict[int, set[str]] = {}
        for s in self.shards:
            for eid, doc in s._db.execute(sql, params):
                out.setdefault(eid, set()).add(doc)
        return out

    def entity_document_spans(self) -> list[dict[str, Any]]:
        """As :meth:`annals.store.Store.entity_document_spans`: the entities named in several documents of any
        shards, each shard giving the spans of its documents."""
        multi = [e for e, docs in self._documents_of().items() if len(docs) > 1]
        rows = self._each(lambda s: s.entity_document_spans(multi))
        return sorted(rows, key=lambda r: (r["entity"], r["doc"]))

    def entities_sharing_names(self) -> list[tuple[int, int, str]]:
        """As :meth:`annals.store.Store.entities_sharing_names`, over the names of every shard."""
        named: dict[tuple[str, str], set[int]] = {}
        for value, eid, etype in set(self._each(lambda s: s.linking_names())):
            if etype != "PERSON" or " " in value:  # (a person by a full name only)
                named.setdefault((etype, value), set()).add(eid)
        pairs = {(a, b, etype) for (etype, _v), ids in named.items() for a in ids for b in ids if a < b}
        docs = self._documents_of({e for a, b, _t in pairs for e in (a, b)})
        return sorted(p for p in pairs if not docs.get(p[0], set()) & docs.get(p[1], set()))

    # -- integrity --------------------------------------------------------------------------------

    def check(self) -> list[str]:
        """As :meth:`annals.store.Store.check`: the main file's pages, each shard as a store (but for the places
        of entities, which only all shards together give), and the canonical entities across the shards (the
        same rows in each shard as in the main file, counts summed, places from all document entities)."""
        problems = self.main.check_pages()
        for s in self.shards:
            problems += [f"shard {s.path.name}: {p}" for p in s.check(whole=False)]
        if problems:
            return problems
        main = {r[0]: r[1:] for r in self.main._db.execute(
            "SELECT id, name, norm, tail, type, subtype, place, n_mentions FROM entities")}
        names: Counter[tuple[int, str]] = Counter()
        mentions: Counter[int] = Counter()
        located: dict[int, list[str]] = {}
        for s in self.shards:
            for eid, *row in s._db.execute("SELECT id, name, norm, tail, type, subtype, place, n_mentions "
                                           "FROM entities"):
                if eid not in main or tuple(row[:6]) != main[eid][:6]:
                    problems.append(f"shard {s.path.name}: canonical entity {eid} differs from the main file's")
                mentions[eid] += row[6]
            names.update({(e, n): c for e, n, c in s._db.execute("SELECT entity, name, n FROM entity_names")})
            for eid, place in s._db.execute("SELECT entity, place FROM doc_entities WHERE place IS NOT NULL"):
                located.setdefault(eid, []).append(place)
        stored = Counter({(e, n): c for e, n, c in self.main._db.execute("SELECT entity, name, n FROM entity_names")})
        for eid, row in main.items():
            if eid not in mentions:
                problems.append(f"canonical entity {eid} is mentioned by no shard")
            elif row[6] != mentions[eid]:
                problems.append(f"canonical entity {eid} has a mention count that differs from its shards'")
            if row[5] != canonical_place(located.get(eid, [])):
                problems.append(f"canonical entity {eid} has another place than its document entities give it")
        if stored != names:
            problems.append("the name counts of canonical entities differ from their shards'")
        return problems
