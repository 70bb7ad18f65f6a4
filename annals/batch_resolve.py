"""Cross-document entity resolution for ``annals batch``, as steps on the cluster.

``annals ingest`` ends by linking the entities of everything it stored again, in the order of the documents'
content hashes (:meth:`annals.store.Store.resolve_entities`), so its store is a function of the set of documents.
The batch reaches the same links without one process linking the whole corpus:

1. **prepare** (a task a partition, on the worker that extracted it): the partition's documents are stored in a
   partition file, a store of their own in which every document entity is its own canonical entity
   (:class:`_Unlinked`); the task keeps, on the worker, the blocking keys of each document entity
   (:meth:`~annals.store.Store.blocking_keys`: the keys linking goes through) and the entities and dates that
   linking reads.
2. **components**: union-find over those keys, a partition at a time, then merged pairwise in a tree of tasks.
   Linking only ever compares entities that share a key, so no link crosses two components.
3. **split**: each partition sends the entities of each component to a bucket (the CRC-32 of the component's
   smallest key, so the same component lands in the same bucket whatever the partitions).
4. **link** (a task a bucket): the bucket's entities, as the partition stores hold them, with their documents'
   dates, are linked in one pass over the documents in the order of their content hashes by
   :meth:`~annals.store.linking.LinkingRules.link_in_order`, the pass ``resolve_entities`` makes: the rules
   ``annals ingest`` runs (``_match``, ``_unseparated``, ``_best``, the tidying), not a copy of them, over an
   index of names in memory (:class:`~annals.store.memory_linking.MemoryLinking`) instead of a store's tables.
   Components do not interact, so a bucket links each of its components as the whole corpus would.
5. **ids** (the driver): canonical entities are numbered in the order of their first member (content hash,
   document, position), which depends on the documents alone, not on partitions or workers.  The driver reads
   only those orders (each bucket's, sorted, one integer each: :func:`order_of`) and merges them; the entities
   and their links stay on the workers, and go back to the partitions of their documents in a shuffle of tasks,
   as the documents went to the buckets, so the driver holds one partition's links at a time, not the corpus's.

Each step records the CPU seconds of its thread in :data:`CPU` (per process; the driver reads the workers' with
``client.run(phase_cpu)``).
"""

from __future__ import annotations

import heapq
import os
import tempfile
import threading
import time
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annals.errors import E099
from annals.model import Document, Entity, Timex
from annals.store import Store
from annals.store.memory_linking import MemoryLinking

#: CPU seconds of this process's batch tasks, by phase ("extraction", "resolution", "loading")
CPU: dict[str, float] = defaultdict(float)


def phase_cpu() -> dict[str, float]:
    """The CPU seconds this process spent in each phase (run on each worker by the driver)."""
    return dict(CPU)


def reset_phase_cpu() -> None:
    CPU.clear()


class _cpu:
    """Add the CPU time of the calling thread inside the block to :data:`CPU` [phase]; a block within another
    counts for its own phase only (the outer one's clock stops meanwhile)."""

    _open = threading.local()  # each thread's blocks, innermost last

    def __init__(self, phase: str):
        self.phase = phase

    def __enter__(self) -> None:
        stack = self._open.__dict__.setdefault("stack", [])
        now = time.thread_time()
        if stack:
            outer = stack[-1]
            CPU[outer.phase] += now - outer.t
        self.t = now
        stack.append(self)

    def __exit__(self, *exc: object) -> None:
        stack = self._open.stack
        now = time.thread_time()
        CPU[self.phase] += now - self.t
        stack.pop()
        if stack:
            stack[-1].t = now


class _Unlinked(Store):
    """A store whose document entities are each their own canonical entity, numbered but never written nor tidied:
    a partition file (only its document rows are copied out of it; the link step links them from nothing)."""

    _last_entity = 0

    def _match(self, ent: Entity, keys: list[tuple[str, str]], claimed: set[int]) -> int | None:
        return None

    def _new_entity(self, ent: Entity, doc_id: str, previous: dict[tuple[str, str], int] | None) -> int:
        self._last_entity += 1
        return self._last_entity

    def _tidy_entities(self, entity_ids: Iterable[int]) -> None:
        return None


_TEMPLATE: bytes | None = None  # an empty partition file, made once a process: a new one copies it (no migrations)


def _new_store(path: Path) -> _Unlinked:
    """A new, empty partition file at ``path`` (:meth:`~annals.store.Store.as_partition_file`: no triggers, no read
    indexes), opened as an :class:`_Unlinked` store without foreign-key checks.  A copy of this process's empty
    one, made once: creating a store runs every migration step, and changing its schema rewrites it, which cost
    more than a small partition's work."""
    global _TEMPLATE
    if _TEMPLATE is None:
        with tempfile.TemporaryDirectory(prefix="annals-empty-") as tmp:
            with Store(Path(tmp) / "empty.db") as empty:
                empty.as_partition_file()
            _TEMPLATE = (Path(tmp) / "empty.db").read_bytes()
    path.write_bytes(_TEMPLATE)
    store = _Unlinked(path)
    store.without_foreign_keys()
    return store


# -- 1. prepare -----------------------------------------------------------------------------------
def prepare_partition(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Store a partition's extracted documents (``rows`` as :func:`annals.batch.process_partition` gives them) in
    a partition file.  Returns ``meta`` (for the driver: the documents' ids and hashes, the records that failed,
    how far the file's row ids reach, :meth:`~annals.store.Store.ids_used`), ``db`` (the file's bytes), ``keys``
    (blocking keys of each document entity) and ``lite`` (each document's entities and dates, for linking); the
    last two stay on the worker, and so does ``db`` for a sharded store (:func:`build_shard`)."""
    from annals import batch

    with _cpu("loading"):
        failures: list[tuple[str, str]] = []
        docs: list[Document] = []
        for row in rows:
            if row.get("error") is not None:
                failures.append((row["path"], row["error"]))
                continue
            try:
                docs.append(batch.document_from_json(row["doc"]))
            except (ValueError, TypeError, KeyError) as exc:
                failures.append((row["path"], f"{E099} cannot store it: {type(exc).__name__}: {exc}"))
        stored: list[tuple[Document, str]] = []
        with tempfile.TemporaryDirectory(prefix="annals-part-") as tmp:
            path = Path(tmp) / "part.db"
            store = _new_store(path)  # no full-text index, no read indexes, no triggers
            try:
                with store.bulk():
                    for doc in docs:
                        try:
                            store.ingest(doc)
                        except batch.STORE_ERRORS as exc:  # its savepoint is undone, the partition goes on
                            failures.append((doc.path or doc.id,
                                             f"{E099} cannot store it: {type(exc).__name__}: {exc}"))
                            continue
                        stored.append((doc, store.document_id_of(doc.path or doc.id) or doc.id))
                keys = store.blocking_keys()
                used = store.ids_used()
                with _cpu("resolution"):
                    lite = [_lite(doc, doc_id, store.entities_as_stored(doc_id)) for doc, doc_id in stored]
            finally:
                store.close()
            data = path.read_bytes()
    meta = {"docs": [(doc_id, doc.content_hash) for doc, doc_id in stored], "failures": failures, "ids": used}
    return {"meta": meta, "db": data, "keys": keys, "lite": lite}


def _lite(doc: Document, doc_id: str, entities: list[Entity]) -> tuple[str, str, list[Timex], list[tuple[int, Entity]]]:
    """What linking reads of a document: its content hash, id, dated sentences and entities as stored (with their
    positions)."""
    timexes = [t for t in doc.timexes if t.type in ("DATE", "TIME") and t.sentence is not None
               and t.earliest is not None and t.latest is not None]
    return (doc.content_hash, doc_id, timexes, list(enumerate(entities)))


def take(result: dict[str, Any], part: str) -> Any:
    return result[part]


# -- 2. components --------------------------------------------------------------------------------
class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra

    def groups(self) -> list[list[str]]:
        out: dict[str, list[str]] = {}
        for x in self.parent:
            out.setdefault(self.find(x), []).append(x)
        return sorted(sorted(g) for g in out.values())


def key_groups(keys: list[tuple[str, str, str, list[str]]]) -> list[list[str]]:
    """The keys of one partition, grouped: keys one document entity holds together are one group."""
    with _cpu("resolution"):
        uf = _UnionFind()
        for _doc, _local, _type, ks in keys:
            for k in ks:
                uf.union(ks[0], k)
        return uf.groups()


def merge_groups(*partials: list[list[str]]) -> list[list[str]]:
    """Groups of keys from several partitions merged: groups that share a key are one."""
    with _cpu("resolution"):
        uf = _UnionFind()
        for groups in partials:
            for g in groups:
                for k in g:
                    uf.union(g[0], k)
        return uf.groups()


def component_map(groups: list[list[str]]) -> dict[str, str]:
    """Each key -> its component's name (the group's smallest key)."""
    with _cpu("resolution"):
        return {k: g[0] for g in groups for k in g}


# -- 3. split -------------------------------------------------------------------------------------
def bucket_of(component: str, n_buckets: int) -> int:
    return zlib.crc32(component.encode("utf-8")) % n_buckets


def split_partition(keys: list[tuple[str, str, str, list[str]]], lite: list[tuple[Any, ...]],
                    components: dict[str, str], n_buckets: int, part: dict[str, int],
                    ranks: dict[str, int]) -> dict[int, list[tuple[Any, ...]]]:
    """The documents of a partition (or of a group of partitions, :func:`joined`) cut by bucket: each keeps the
    entities whose component goes to that bucket, its partition's number (``part``, by document: where the links
    of its entities go back to) and its rank among all documents in the order of their content hashes (``ranks``,
    from the driver)."""
    with _cpu("resolution"):
        where: dict[tuple[str, str], int] = {}
        for doc, local, _type, ks in keys:
            comp = components[ks[0]] if ks else f"\x01{doc}\x00{local}"  # no key: a component of its own
            where[(doc, local)] = bucket_of(comp, n_buckets)
        out: dict[int, list[tuple[Any, ...]]] = {}
        for content_hash, doc_id, timexes, ents in lite:
            by_bucket: dict[int, list[tuple[int, Entity]]] = {}
            for pos, ent in ents:
                by_bucket.setdefault(where[(doc_id, ent.id)], []).append((pos, ent))
            for b, members in by_bucket.items():
                out.setdefault(b, []).append((content_hash, doc_id, timexes, members, part[doc_id], ranks[doc_id]))
        return out


def joined(*lists: list[Any]) -> list[Any]:
    """The lists of several partitions (their keys, or their documents' entities) as one, for a group."""
    return [x for lst in lists for x in lst]


def bucket_part(split: dict[int, list[tuple[Any, ...]]], b: int) -> list[tuple[Any, ...]]:
    return split.get(b, [])


# -- 4. link --------------------------------------------------------------------------------------
def link_bucket(force: bool, *pieces: list[tuple[Any, ...]]) -> dict[str, Any]:
    """Link the entities of one bucket as ``annals ingest`` does in the end (:meth:`Store.resolve_entities`): one
    linking pass over the bucket's documents in the order of their content hashes (the rules' own
    :meth:`~annals.store.linking.LinkingRules.link_in_order`), then the canonical entities tidied, in memory
    (:class:`~annals.store.memory_linking.MemoryLinking`: the store's rules over an index of names, not a scratch
    store).  ``force``: link as a store of several documents does (with a single document, ``annals ingest``
    keeps the links of its storing).  Returns ``entities``, the canonical entities (``name norm tail type subtype
    place``) in the order of ``order``, that of their first member (:func:`order_of`: its document's rank in the
    order of content hashes, then its position), each with its ``members``, and ``part_of``, each document's
    partition.  It stays on the worker: the driver reads the orders alone (:func:`bucket_orders`)."""
    with _cpu("resolution"):
        docs = sorted((d for piece in pieces for d in piece), key=lambda d: d[5])
        if not docs:
            return {"entities": [], "part_of": {}}
        position = {(doc_id, ent.id): order_of(rank, pos)
                    for _h, doc_id, _t, members, _k, rank in docs for pos, ent in members}
        linker = MemoryLinking()
        for _h, doc_id, timexes, _members, _k, _r in docs:
            linker.add_dated_document(doc_id, list(timexes))
        affected = linker.link_in_order([(doc_id, [ent for _pos, ent in members])
                                         for _h, doc_id, _t, members, _k, _r in docs], whole=force)
        linker._tidy_entities(affected)
        out = linker.canonical_rows()
        for ent in out:
            ent["order"] = min(position[m] for m in ent["members"])
            del ent["id"]
        out.sort(key=lambda e: e["order"])
        return {"entities": out, "part_of": {doc_id: k for _h, doc_id, _t, _m, k, _r in docs}}


#: Entities a document may hold (positions below 2**POSITION_BITS), so that an order is one integer.
POSITION_BITS = 32


def order_of(rank: int, position: int) -> int:
    """The order of a document entity, as one integer: its document's rank in the order of content hashes (then
    ids), then its position in the document."""
    if not 0 <= position < 1 << POSITION_BITS:
        raise ValueError(f"a document with more than {1 << POSITION_BITS} entities")
    return (rank << POSITION_BITS) | position


# -- 5. ids (the driver), links back to the partitions ----------------------------------------------
def bucket_orders(linked: dict[str, Any]) -> array:
    """The orders of a bucket's canonical entities, in order (8 bytes each): all the driver reads of a bucket."""
    return array("q", [e["order"] for e in linked["entities"]])


def number_orders(orders: list[array], first_id: int) -> list[array]:
    """Global ids for the canonical entities of every bucket (``orders``: each bucket's, in order), numbered from
    ``first_id`` in the order of their first members, whatever the buckets: for each bucket, its entities' ids."""
    def run(b: int) -> Iterator[tuple[int, int, int]]:
        return ((o, b, i) for i, o in enumerate(orders[b]))

    ids = [array("q", bytes(8 * len(o))) for o in orders]
    for n, (_o, b, i) in enumerate(heapq.merge(*[run(b) for b in range(len(orders))]), first_id):
        ids[b][i] = n
    return ids


def links_by_partition(linked: dict[str, Any], ids: array) -> dict[int, tuple[list[tuple[str, str, int]],
                                                                          dict[int, tuple[Any, ...]]]]:
    """A bucket's links sent back to the partitions of their documents: for each partition, the links ``(doc,
    local id, entity)`` of its document entities and the rows ``(id, name, norm, tail, type, subtype, place)`` of
    the canonical entities they link to."""
    with _cpu("resolution"):
        part_of = linked["part_of"]
        out: dict[int, tuple[list[tuple[str, str, int]], dict[int, tuple[Any, ...]]]] = {}
        for e, n in zip(linked["entities"], ids, strict=True):
            row = (n, e["name"], e["norm"], e["tail"], e["type"], e["subtype"], e["place"])
            for doc, local in e["members"]:
                links, rows = out.setdefault(part_of[doc], ([], {}))
                links.append((doc, local, n))
                rows[n] = row
        return out


def partition_links(*pieces: tuple[list[tuple[str, str, int]], dict[int, tuple[Any, ...]]] | None
                    ) -> tuple[list[tuple[str, str, int]], dict[int, tuple[Any, ...]]]:
    """One partition's links and canonical rows from every bucket's (:func:`links_by_partition`)."""
    links: list[tuple[str, str, int]] = []
    rows: dict[int, tuple[Any, ...]] = {}
    for piece in pieces:
        if piece is not None:
            links.extend(piece[0])
            rows.update(piece[1])
    return links, rows


def piece_of(split: dict[int, Any], k: int) -> Any:
    return split.get(k)


def pieces_of(split: dict[int, Any], parts: list[int]) -> dict[int, Any]:
    """What a bucket sends a group of partitions (:func:`links_by_partition`'s of those partitions)."""
    return {k: split[k] for k in parts if k in split}


def group_links(parts: list[int], *pieces: dict[int, Any]) -> dict[int, tuple[list[tuple[str, str, int]],
                                                                            dict[int, tuple[Any, ...]]]]:
    """The links and canonical rows of each partition of a group, from every bucket's (:func:`pieces_of`)."""
    with _cpu("resolution"):
        return {k: partition_links(*[p.get(k) for p in pieces]) for k in parts}


def tree_reduce(client: Any, futures: list[Any], func: Any, fan_in: int = 4) -> Any:
    """Reduce futures with ``func`` on the cluster, ``fan_in`` at a time, level by level."""
    level = list(futures)
    while len(level) > 1:
        level = [client.submit(func, *level[i:i + fan_in], pure=False) for i in range(0, len(level), fan_in)]
    return level[0]


# -- 6. shards (annals batch --shards) ------------------------------------------------------------
def build_shard(dest: str | None, parts: list[tuple[bytes, tuple[list[tuple[str, str, int]],
                                                                 dict[int, tuple[Any, ...]]], dict[str, int]]]
                ) -> bytes | None:
    """One shard of a sharded store (:mod:`annals.store.sharded`), built on a worker from the partition files it
    holds: ``parts`` each ``(the partition file's bytes, its links and canonical rows (:func:`partition_links`),
    the row ids the partitions before it took)``, loaded in order as :meth:`~annals.store.Store.load_partition`
    loads a partition (each canonical entity's row before the first document entity linked to it), the read
    indexes and the full-text index built at the end.  Written at ``dest`` (a folder the driver reads too: a
    cluster on its machine), else returned as the file's bytes."""
    with _cpu("loading"), tempfile.TemporaryDirectory(prefix="annals-shard-") as tmp:
        path = Path(dest) if dest is not None else Path(tmp) / "shard.db"
        part = Path(tmp) / "part.db"
        inserted: set[int] = set()
        with Store(path) as shard, shard.bulk_load():
            for data, (links, rows), ids_after in parts:
                part.write_bytes(data)
                new = sorted(set(rows) - inserted)
                inserted.update(new)
                shard.load_partition(part, [rows[e] for e in new], links, dict(ids_after))
        return None if dest is not None else path.read_bytes()


def part_db_path(folder: Path, k: int) -> Path:
    return folder / f"load-{k:05d}.db"


def write_part_db(folder: Path, k: int, data: bytes) -> Path:
    path = part_db_path(folder, k)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path
