"""Batch extraction of a whole corpus on dask.distributed (``annals batch``).

The driver streams records from a reader of :mod:`annals.corpus`, cuts them into partitions of
``partition_size`` documents and submits each partition to a Dask cluster: a
:class:`~distributed.LocalCluster` sized to the machine by default (``workers``), or an existing
cluster (``scheduler="tcp://host:8786"``).  A worker loads the spaCy pipeline once (a per-process
cache) and returns plain rows, one per document, holding the document's model as JSON -- never a
spaCy object.  The driver writes each partition to ``DB.batch/part-00001-<fingerprint>.parquet`` (pyarrow).

Into an empty store, everything after extraction runs on the cluster too (:mod:`annals.batch_resolve`): each
partition is written into a partition store on its worker, the entities of all partitions are resolved there
(blocking keys, connected components, each bucket of components linked by the store's own linking, in the order
of the documents' content hashes, as ``annals ingest`` links), and the driver copies the partition stores into the
store (:meth:`~annals.store.Store.load_partition`), building the indexes only reads use and the full-text index once,
at the end; with ``shards``, the workers build the shard files of a sharded store instead
(:mod:`annals.store.sharded`) and the driver writes only the canonical entities.  The driver holds the numbering
of the canonical entities (an integer each) and one partition's links at a time, not the corpus's links.  The
store is the same whatever the number of workers and partitions, and the same as ``annals ingest`` of the same
documents gives.

Into a store that already holds documents (a rerun over a newer dump), a page stored with the same content is not
extracted again (content hash per page id); new and changed pages are extracted and stored as ``annals ingest``
stores them, their entities linked again with those that share names (:meth:`~annals.store.Store.resolve_entities`),
and a page of this source that is gone from it is removed.  A partition file is used again (not extracted) when
an earlier run wrote it for the same pages with the same content (its fingerprint), the same source, partition size
and title filter (``DB.batch/manifest.json``).  At most ``2 x workers`` partitions are being extracted at a time.
The report gives the wall seconds and the CPU seconds (workers and driver) of extraction, resolution and loading.
"""

from __future__ import annotations

import json
import os
import re
import resource
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from annals.corpus import Record, iter_source
from annals.errors import E001, E020, E033, E099, AnnalsError, InputError
from annals.model import Document, Entity, Gap, Mention, Paragraph, Section, Sentence, Timex

PART_NAME = "part-{:05d}-{}.parquet"  # partition number, fingerprint of its pages
#: Resolution goes by at most this many groups of partitions, through at most this many buckets, so that each of
#: its two shuffles is at most MAX_GROUPS x MAX_BUCKETS tasks, whatever the size of the corpus.
MAX_GROUPS = 256
MAX_BUCKETS = 64


# -- documents as JSON ------------------------------------------------------------------------
def document_to_json(doc: Document) -> str:
    """The whole record model of ``doc`` (text, offsets, every fact) as one JSON string."""
    return json.dumps(asdict(doc), ensure_ascii=False, separators=(",", ":"))


def document_from_json(data: str) -> Document:
    """The inverse of :func:`document_to_json`."""
    d = json.loads(data)
    d["sections"] = [Section(**s) for s in d["sections"]]
    d["paragraphs"] = [Paragraph(**p) for p in d["paragraphs"]]
    d["sentences"] = [Sentence(**s) for s in d["sentences"]]
    d["entities"] = [Entity(**(e | {"mentions": [Mention(**m) for m in e["mentions"]]})) for e in d["entities"]]
    d["timexes"] = [Timex(**t) for t in d["timexes"]]
    d["gaps"] = [Gap(**g) for g in d["gaps"]]
    d["artefacts"] = [tuple(a) for a in d["artefacts"]]
    return Document(**d)


# -- the worker side --------------------------------------------------------------------------
def _doc_id(record: Record) -> str:
    import hashlib

    stem = re.sub(r"[^\w.-]+", "_", record.title or record.id)[:60] or "doc"
    return f"{stem}-{hashlib.sha1(record.path.encode()).hexdigest()[:8]}"


def process_partition(records: list[Record]) -> list[dict[str, Any]]:
    """Extract the documents of one partition; runs on a worker (the pipeline loads once per process,
    :func:`annals.pipeline.load_pipeline` is cached).  Returns plain rows: path, words, the document's
    JSON, or the error that stopped it."""
    from annals.batch_resolve import CPU
    from annals.extract import extract_text

    c = time.thread_time()
    rows = []
    for r in records:
        t = time.perf_counter()
        row: dict[str, Any] = {"path": r.path, "title": r.title, "words": len(r.text.split()), "doc": None,
                               "error": None}
        try:
            doc = extract_text(r.text, r.path, title=r.title, format=r.format, encoding=r.encoding,
                               content_hash=r.content_hash)
            doc.id = _doc_id(r)
            row["doc"] = document_to_json(doc)
        except Exception as exc:  # one bad page must not lose its partition
            row["error"] = f"{type(exc).__name__}: {exc}"
        row["seconds"] = time.perf_counter() - t  # (the report's; not written to the partition file)
        rows.append(row)
    CPU["extraction"] += time.thread_time() - c
    return rows


def worker_peak_rss_mb() -> float:
    """Peak resident memory of the calling process in MB (run on each worker by the benchmark)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the driver side --------------------------------------------------------------------------
#: what a store may raise for one record it cannot take (its savepoint is undone; the others go on)
STORE_ERRORS = (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError, ValueError, TypeError,
                KeyError)


@dataclass
class BatchReport:
    pages: int = 0
    words: int = 0
    partitions: int = 0
    skipped_partitions: int = 0  # partitions whose extraction a partition file of an earlier run gave
    results: dict[str, int] = field(default_factory=dict)  # added / replaced / unchanged / removed counts
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    worker_peak_rss_mb: list[float] = field(default_factory=list)  # per worker, after the batch
    mode: str = ""  # "bulk" (an empty store: resolved on the cluster, loaded in bulk) or "update"
    merge_seconds: float = 0.0  # wall seconds after extraction: resolution + loading
    extraction_seconds: float = 0.0  # summed over the workers: the time their extraction of the documents took
    resolution_seconds: float = 0.0  # wall seconds of resolution (linking entities to canonical ones)
    loading_seconds: float = 0.0  # wall seconds of loading (writing the rows, building indexes)
    #: CPU seconds by phase and side: {"extraction": {"workers": s}, "resolution": {"workers": s, "driver": s}, ...}
    cpu: dict[str, dict[str, float]] = field(default_factory=dict)
    #: CPU seconds of each worker by phase, largest first: {"resolution": [s, s], ...} (how evenly a phase spreads)
    cpu_per_worker: dict[str, list[float]] = field(default_factory=dict)
    #: CPU seconds of whole processes during resolution and during the driver's loading (bulk): the workers' (their
    #: communication threads, pickling, included) and the driver's (with a LocalCluster, its scheduler included)
    process_cpu: dict[str, dict[str, float]] = field(default_factory=dict)
    rows_written: int = 0  # rows of the store's tables changed by this run (SQLite's total_changes)
    rows_relinked: int = 0  # of rows_written, those of linking again the entities that share names (update)

    def to_json(self) -> dict[str, Any]:
        rate = self.words / self.seconds if self.seconds else 0.0
        return {"pages": self.pages, "words": self.words, "partitions": self.partitions,
                "skipped_partitions": self.skipped_partitions, "results": dict(self.results),
                "failures": [{"path": p, "error": e} for p, e in self.failures],
                "seconds": round(self.seconds, 2), "words_per_second": round(rate, 1), "mode": self.mode,
                "worker_peak_rss_mb": list(self.worker_peak_rss_mb), "merge_seconds": round(self.merge_seconds, 2),
                "extraction_seconds": round(self.extraction_seconds, 2),
                "resolution_seconds": round(self.resolution_seconds, 2),
                "loading_seconds": round(self.loading_seconds, 2),
                "cpu_seconds": {k: {s: round(v, 2) for s, v in d.items()} for k, d in self.cpu.items()},
                "cpu_seconds_per_worker": {k: [round(v, 2) for v in d] for k, d in self.cpu_per_worker.items()},
                "process_cpu_seconds": {k: {s: round(v, 2) for s, v in d.items()} for k, d in self.process_cpu.items()},
                "rows_written": self.rows_written, "rows_relinked": self.rows_relinked}


def work_dir(db: str | Path) -> Path:
    """The folder of a store's partition files: ``DB.batch`` next to the db."""
    return Path(str(db) + ".batch")


def _partitions(records: Iterable[Record | InputError], size: int, title_re: re.Pattern | None,
                report: BatchReport) -> Iterator[list[Record]]:
    part: list[Record] = []
    for r in records:
        if isinstance(r, InputError):
            report.failures.append((getattr(r, "path", None) or r.message.split(":")[0], r.message))
            continue
        if title_re is not None and not title_re.search(r.title or ""):
            continue
        part.append(r)
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


def _check_manifest(folder: Path, source: str | Path, partition_size: int, filter_title: str | None) -> None:
    """Partition files are only reused for the same source, partition size and title filter (and, by their
    names, the same pages with the same content); with anything else they are removed and the batch starts over."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / "manifest.json"
    want = {"source": os.path.abspath(source), "partition_size": partition_size, "filter_title": filter_title}
    try:
        have = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        have = None
    if have != want:
        for old in folder.glob("part-*.parquet"):
            old.unlink()
        manifest.write_text(json.dumps(want), encoding="utf-8")


def _fingerprint(records: list[Record]) -> str:
    """The pages of a partition and their content, in 10 hex digits: a partition file of an earlier run is used
    again only for exactly these pages with exactly this content."""
    import hashlib

    h = hashlib.sha1()
    for r in records:
        h.update(f"{r.path}\t{r.content_hash}\n".encode())
    return h.hexdigest()[:10]


def _write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(rows, schema=pa.schema([
        ("path", pa.string()), ("title", pa.string()), ("words", pa.int64()), ("doc", pa.string()),
        ("error", pa.string())]))
    tmp = path.with_suffix(".tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)  # a partition file is there whole or not at all


def _read_parquet(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def _merge(store: Any, rows: list[dict[str, Any]], report: BatchReport, written: list[str]) -> None:
    """One partition into a store that already holds documents, document by document as ``annals ingest``
    stores them (one transaction; each document in a savepoint)."""
    with store.bulk():
        for row in rows:
            if row["error"] is not None:
                report.failures.append((row["path"], row["error"]))
                continue
            try:
                doc = document_from_json(row["doc"])
                status = store.ingest(doc)
            except STORE_ERRORS as exc:
                # a record this store cannot take: its savepoint is undone, the partition goes on
                report.failures.append((row["path"], f"{E099} cannot store it: {type(exc).__name__}: {exc}"))
                continue
            report.results[status] = report.results.get(status, 0) + 1
            if status != "unchanged":
                written.append(store.document_id_of(doc.path or doc.id) or doc.id)


def _source_prefix(source: str | Path) -> str:
    """What the paths of a source's records start with: ``<dump>#`` for dumps and JSON Lines, the folder's path
    and a separator for a folder, the file's path for one file."""
    path = os.path.abspath(source)
    name = str(source).lower()
    if name.endswith((".xml", ".xml.bz2", ".jsonl", ".jsonl.bz2", ".ndjson")):
        return path + "#"
    return path + os.sep if os.path.isdir(path) else path


def run_batch(source: str | Path, db: str | Path, *, workers: int | None = None, scheduler: str | None = None,
              filter_title: str | None = None, partition_size: int = 50, progress: bool = False,
              processes: bool = True, shards: int | None = None) -> BatchReport:
    """Extract every document of ``source`` on Dask and put them into the store ``db``.

    Into an empty store: the entities of all documents are resolved on the cluster
    (:mod:`annals.batch_resolve`) and every partition is loaded in bulk.  Into a store that holds documents (a
    rerun over a newer dump): only the pages that are new or whose content changed are extracted; they are
    stored as ``annals ingest`` stores them (their entities linked again with those that share names), and the
    pages of this source that are gone from it are removed.

    ``shards``: write a sharded store (:mod:`annals.store.sharded`) of that many shard files (at most one a
    partition) in the folder ``DB.shards/``, into a new store only (E020 otherwise)."""
    from distributed import Client, LocalCluster, wait

    from annals import batch_resolve as br
    from annals.store import Store

    if not Path(source).exists():
        raise InputError.of(E001, path=source)
    if shards is not None and shards < 1:
        raise AnnalsError.of(E020, problem=f"--shards {shards}: a sharded store has 1 shard or more",
                             fix="give --shards N with N of 1 or more (about as many as worker processes)")
    title_re = re.compile(filter_title) if filter_title else None
    report = BatchReport()
    folder = work_dir(db)
    _check_manifest(folder, source, partition_size, filter_title)
    for stale in folder.glob("load-*.db"):
        stale.unlink()  # a load that stopped half-way: the store took what it had, a rerun updates it
    t0 = time.perf_counter()
    cluster = None
    if scheduler:
        client = Client(scheduler)
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    else:
        n_workers = workers or max(1, os.cpu_count() or 1)
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=processes,
                               dashboard_address=None, silence_logs=50)
        client = Client(cluster)
    driver = {"resolution": 0.0, "loading": 0.0}
    try:
        client.run(br.reset_phase_cpu)
        with Store(db) as store, _Progress(progress) as bar:
            bulk = not store.holds_documents()
            if shards is not None and (not bulk or store.has_active_edits()):
                raise AnnalsError.of(
                    E020, problem=f"--shards {shards}: a sharded store is written whole, once, and {db} already "
                                  "holds documents or corrections",
                    fix="give a new --db for the sharded store (or leave out --shards to update this one)")
            report.mode = "bulk" if bulk else "update"
            changes0 = store.rows_changed()
            seen: set[str] = set()
            contents: set[str] = set()

            def wanted(records: Iterable[Record | InputError]) -> Iterator[Record | InputError]:
                """The records to extract: not those stored with the same content, nor a second copy of one."""
                for r in records:
                    if isinstance(r, InputError):  # a file that cannot be read now is not gone (its message
                        named = getattr(r, "path", None) or r.message.split(":")[0]  # begins with its path)
                        if named and os.path.exists(named):
                            seen.add(os.path.abspath(named))
                    if isinstance(r, Record):
                        if r.path in seen:  # (a JSON Lines file may give one id twice): the first is kept
                            report.failures.append((r.path, "the same page id a second time in the source: "
                                                    "the first one is kept"))
                            continue
                        seen.add(r.path)
                        if title_re is not None and not title_re.search(r.title or ""):
                            continue
                        same = r.content_hash in contents
                        if not bulk and not same:
                            stored = store.stored_hash(r.path)
                            same = stored == r.content_hash or (stored is None and store.document_with_hash(
                                r.content_hash) is not None)
                        if same:
                            report.results["unchanged"] = report.results.get("unchanged", 0) + 1
                            continue
                        contents.add(r.content_hash)
                    yield r

            used: set[str] = set()
            pending: dict[int, Any] = {}  # partition number -> future of its rows (being extracted)
            prepared: dict[int, dict[str, Any]] = {}  # partition number -> futures of its keys and entities (bulk)
            metas: dict[int, Any] = {}  # partition number -> future of its meta (bulk)
            dbs: dict[int, Any] = {}  # partition number -> future of its partition file's bytes (bulk)
            ready: dict[int, list[dict[str, Any]]] = {}  # partition number -> rows to merge (update)
            written: list[str] = []
            next_merge = 1

            def merge_ready() -> None:
                nonlocal next_merge
                while next_merge in ready:
                    t, c = time.perf_counter(), time.thread_time()
                    _merge(store, ready.pop(next_merge), report, written)
                    report.merge_seconds += time.perf_counter() - t
                    driver["loading"] += time.thread_time() - c
                    next_merge += 1

            def extracted(k: int, rows: list[dict[str, Any]], fresh: bool) -> None:
                words = sum(r["words"] for r in rows)
                if fresh:
                    report.extraction_seconds += sum(r.get("seconds") or 0.0 for r in rows)
                report.pages += len(rows)
                report.words += words
                bar.advance(len(rows), words)
                if not bulk:
                    ready[k] = rows
                    merge_ready()

            loaded: dict[int, tuple[Any, dict[str, Any]]] = {}  # partition -> its store file, meta

            def fetch_stores(block: bool) -> None:
                """The partition stores written so far, from the workers to the driver's disk (bulk; a sharded
                store's stay on the workers, which build the shards from them)."""
                for k in [k for k, f in metas.items() if block or f.done()]:
                    meta, db = metas.pop(k).result(), dbs.pop(k)
                    loaded[k] = (br.write_part_db(folder, k, db.result()) if shards is None else db, meta)
                    report.failures.extend(meta["failures"])

            def collect(block: bool) -> None:
                fetch_stores(block=False)
                if not pending:
                    return
                if block:
                    wait(list(pending.values()), return_when="FIRST_COMPLETED")
                for k in [k for k, f in pending.items() if f.done()]:
                    rows = pending.pop(k).result()
                    _write_parquet(rows, folder / names[k])
                    extracted(k, rows, True)

            names: dict[int, str] = {}
            for k, part in enumerate(_partitions(wanted(iter_source(source)), partition_size, None, report), 1):
                report.partitions += 1
                names[k] = PART_NAME.format(k, _fingerprint(part))
                used.add(names[k])
                if (folder / names[k]).exists():
                    report.skipped_partitions += 1
                    rows = _read_parquet(folder / names[k])
                    extracted(k, rows, False)
                    source_rows: Any = rows
                else:
                    source_rows = pending[k] = client.submit(process_partition, part, key=f"annals-part-{k}-"
                                                             f"{os.getpid()}-{t0}", pure=False)
                if bulk:
                    # the parts of its result as futures of their own: once the driver has fetched the partition
                    # store's bytes (meta), the workers keep only the keys and entities resolution reads
                    whole = client.submit(br.prepare_partition, source_rows, pure=False)
                    metas[k] = client.submit(br.take, whole, "meta", pure=False)
                    dbs[k] = client.submit(br.take, whole, "db", pure=False)
                    prepared[k] = {part: client.submit(br.take, whole, part, pure=False) for part in ("keys", "lite")}
                    del whole
                while len(pending) >= 2 * n_workers:
                    collect(block=True)
            while pending:
                collect(block=True)
            for old in folder.glob("part-*.parquet"):
                if old.name not in used:
                    old.unlink()  # an earlier run's, for pages or content no longer in the source

            if bulk:
                fetch_stores(block=True)
                _bulk_resolve_and_load(client, store, prepared, loaded, n_workers, report, driver, shards,
                                       local=cluster is not None)
            else:
                merge_ready()
                t, c = time.perf_counter(), time.thread_time()
                prefix = _source_prefix(source)
                for doc_id, _path in store.documents_under(prefix):
                    if _path not in seen and (prefix.endswith(("#", os.sep)) or _path == prefix):  # a page gone
                        store.remove_document(doc_id)
                        report.results["removed"] = report.results.get("removed", 0) + 1
                report.merge_seconds += time.perf_counter() - t
                driver["loading"] += time.thread_time() - c
                t, c = time.perf_counter(), time.thread_time()
                if written:
                    before = store.rows_changed()
                    store.resolve_entities(written)  # as annals ingest ends (applies the edit log again)
                    report.rows_relinked = store.rows_changed() - before
                relink = time.perf_counter() - t
                report.merge_seconds += relink
                driver["resolution"] += time.thread_time() - c
                report.resolution_seconds = store.resolution_seconds + relink
                report.loading_seconds = report.merge_seconds - report.resolution_seconds
            report.rows_written = store.rows_changed() - changes0
            try:
                report.worker_peak_rss_mb = sorted(round(v, 1) for v in client.run(worker_peak_rss_mb).values())
                per_worker = client.run(br.phase_cpu).values()
            except Exception:  # a cluster that cannot run it: no figure
                report.worker_peak_rss_mb, per_worker = [], []
            for phase in ("extraction", "resolution", "loading"):
                report.cpu[phase] = {"workers": sum(w.get(phase, 0.0) for w in per_worker)}
                report.cpu_per_worker[phase] = sorted((w.get(phase, 0.0) for w in per_worker), reverse=True)
                if phase in driver:
                    report.cpu[phase]["driver"] = driver[phase]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    report.seconds = time.perf_counter() - t0
    return report


def _bulk_resolve_and_load(client: Any, store: Any, prepared: dict[int, dict[str, Any]],
                           loaded: dict[int, tuple[Any, dict[str, Any]]], n_workers: int, report: BatchReport,
                           driver: dict[str, float], shards: int | None = None, local: bool = True) -> None:
    """Resolve the entities of every partition on the cluster, then load the partition stores (``loaded``: each
    partition's store file, or for ``shards`` the future of its bytes, and its meta) into the empty store, or into
    ``shards`` shard files of it built on the workers (``local``: a cluster on this machine, which writes them in
    place)."""
    from annals import batch_resolve as br

    parts = sorted(prepared)
    files = {k: loaded[k][0] for k in parts}
    docs = {k: loaded[k][1]["docs"] for k in parts}
    t, c = time.perf_counter(), time.thread_time()
    p0 = _process_cpu(client)
    linked: list[Any] = []  # futures of each bucket's canonical entities
    grouped: list[list[int]] = []  # the partitions of each group resolution goes by
    first = store.next_entity_id()
    if parts:
        # resolution goes by groups of consecutive partitions, at most MAX_GROUPS, through at most MAX_BUCKETS
        # buckets: each shuffle (documents to buckets, links back) is a task a group and bucket, whatever the corpus
        n_groups = min(len(parts), MAX_GROUPS)
        grouped = [parts[i * len(parts) // n_groups:(i + 1) * len(parts) // n_groups] for i in range(n_groups)]

        def group(part: str, ks: list[int]) -> Any:
            futures = [prepared[k][part] for k in ks]
            return futures[0] if len(futures) == 1 else client.submit(br.joined, *futures, pure=False)

        keys = [group("keys", ks) for ks in grouped]
        lite = [group("lite", ks) for ks in grouped]
        prepared.clear()
        key_sets = [client.submit(br.key_groups, f, pure=False) for f in keys]
        components = client.submit(br.component_map, br.tree_reduce(client, key_sets, br.merge_groups), pure=False)
        n_buckets = min(4 * n_workers, MAX_BUCKETS)
        # each document's rank in the order of content hashes (then ids), the order linking goes in
        hashes = sorted((h, d, k) for k in parts for d, h in docs[k])
        ranks: dict[int, dict[str, int]] = {k: {} for k in parts}
        for i, (_h, d, k) in enumerate(hashes):
            ranks[k][d] = i
        del hashes
        splits = []
        for g, ks in enumerate(grouped):
            part_of = {d: k for k in ks for d, _h in docs[k]}
            group_ranks = {d: r for k in ks for d, r in ranks.pop(k).items()}
            splits.append(client.submit(br.split_partition, keys[g], lite[g], components, n_buckets, part_of,
                                        group_ranks, pure=False))
        force = sum(len(d) for d in docs.values()) >= 2
        linked = [client.submit(br.link_bucket, force, *[client.submit(br.bucket_part, s, b, pure=False)
                                                         for s in splits], pure=False) for b in range(n_buckets)]
    # the driver numbers the canonical entities from their orders alone; the links go back to the partitions on
    # the workers (a shuffle, as the documents went to the buckets), and come to the driver a partition at a time
    orders = client.gather([client.submit(br.bucket_orders, f, pure=False) for f in linked])
    ids = br.number_orders(orders, first)
    n_entities = sum(len(o) for o in orders)
    del orders
    back = [client.submit(br.links_by_partition, f, i, pure=False) for f, i in zip(linked, ids, strict=True)]
    del ids, linked
    links: dict[int, Any] = {}
    for ks in grouped:
        of_group = client.submit(br.group_links, ks, *[client.submit(br.pieces_of, f, ks, pure=False) for f in back],
                                 pure=False)
        links.update({k: client.submit(br.piece_of, of_group, k, pure=False) for k in ks})
    del back
    report.resolution_seconds = time.perf_counter() - t
    driver["resolution"] += time.thread_time() - c
    p1 = _process_cpu(client)
    t, c = time.perf_counter(), time.thread_time()
    if shards is None:
        inserted = bytearray(n_entities)  # which canonical entities have their row (by id, from the first)
        with store.bulk_load():  # the read indexes and the full-text index built once, at the end
            for k in parts:
                linked_k, rows = links.pop(k).result()
                new = sorted(e for e in rows if not inserted[e - first])
                for e in new:
                    inserted[e - first] = 1
                store.load_partition(files[k], [rows[e] for e in new], linked_k)
                report.results["added"] = report.results.get("added", 0) + len(docs[k])
                files[k].unlink()
        store.apply_edits()  # the corrections of the edit log, on top of what was extracted
    else:
        _load_shards(client, store, parts, shards, files, {k: loaded[k][1]["ids"] for k in parts}, links, local)
        report.results["added"] = report.results.get("added", 0) + sum(len(docs[k]) for k in parts)
    report.loading_seconds = time.perf_counter() - t
    driver["loading"] += time.thread_time() - c
    p2 = _process_cpu(client)
    report.merge_seconds = report.resolution_seconds + report.loading_seconds
    if p0 and p1 and p2:
        report.process_cpu = {"resolution": {k: p1[k] - p0[k] for k in p0}, "loading (driver's copy)": {
            k: p2[k] - p1[k] for k in p0}}


def _load_shards(client: Any, store: Any, parts: list[int], shards: int, dbs: dict[int, Any],
                 ids: dict[int, dict[str, int]], links: dict[int, Any], local: bool) -> None:
    """The partitions, in order, into ``shards`` shard files (each a run of consecutive partitions, at most one
    shard a partition), built at once on the workers that hold the partition files (``dbs``: futures of their
    bytes; ``links``: futures of their links and canonical rows; ``ids``: how far each one's row ids reach, so that
    every shard numbers its rows as one store loading the same partitions would), then the canonical entities
    into the main file."""
    from annals import batch_resolve as br
    from annals.store.sharded import shard_folder

    folder = shard_folder(store.path)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("shard-*.db*"):  # a sharded load that died before the main file named its shards
        stale.unlink()
    n = max(1, min(shards, len(parts)))
    after: dict[str, int] = {}
    tasks, paths = [], []
    for i in range(n):
        paths.append(folder / f"shard-{i + 1:03d}.db")
        group = []
        for k in parts[i * len(parts) // n:(i + 1) * len(parts) // n]:
            group.append((dbs[k], links[k], dict(after)))
            after = {t: after.get(t, 0) + ids[k][t] for t in ids[k]}
        tasks.append(client.submit(br.build_shard, str(paths[-1]) if local else None, group, pure=False))
    for path, task in zip(paths, tasks, strict=True):
        data = task.result()
        if data is not None:  # a cluster elsewhere: the shard's bytes, written here
            path.with_suffix(".tmp").write_bytes(data)
            path.with_suffix(".tmp").replace(path)
        task.release()
    store.adopt_shards(paths)


def _process_cpu(client: Any) -> dict[str, float] | None:
    """CPU seconds so far of the workers' processes (summed) and of the driver's process, or None."""
    def own() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    try:
        workers = client.run(own)
    except Exception:  # a cluster that cannot run it: no figure
        return None
    return {"workers": sum(workers.values()), "driver": own()}


class _Progress:
    """A rich progress bar on stderr with pages, words and words per second, or nothing."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.t0 = time.perf_counter()
        self.pages = self.words = 0

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(SpinnerColumn(), TextColumn("batch {task.fields[stats]}"), TimeElapsedColumn(),
                                console=Console(stderr=True), transient=False)
            self.bar.__enter__()
            self.task = self.bar.add_task("batch", total=None, stats="starting workers ...")
        return self

    def advance(self, pages: int, words: int) -> None:
        self.pages += pages
        self.words += words
        if self.enabled:
            rate = self.words / max(time.perf_counter() - self.t0, 1e-9)
            self.bar.update(self.task, stats=f"{self.pages:,} pages  {self.words:,} words  {rate:,.0f} words/s")

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.bar.__exit__(None, None, None)


def check_installed() -> None:
    """Raise a clear error when the batch dependencies are missing."""
    try:
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise AnnalsError.of(E033, module=exc.name) from None
