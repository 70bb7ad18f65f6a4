"""Batch extraction of a whole corpus on dask.distributed (``annals batch``).

The driver streams records from a reader of :mod:`annals.corpus`, cuts them into partitions of
``partition_size`` documents and submits each partition to a Dask cluster: a
:class:`~distributed.LocalCluster` sized to the machine by default (``workers``), or an existing
cluster (``scheduler="tcp://host:8786"``).  A worker loads the spaCy pipeline once (a per-process
cache) and returns plain rows, one per document, holding the document's model as JSON -- never a
spaCy object.  The driver writes each partition to ``DB.batch/part-00001.parquet`` (pyarrow) and
merges the partitions into the SQLite store strictly in partition order, one transaction per
partition (each document in a savepoint), so cross-document entity merging gives the same store whatever
the number of workers.  Into an empty store the indexes only reads use and the full-text index are built
once, at the end (:meth:`~annals.store.Store.bulk_load`).  The report tells apart the seconds of
extraction (on the workers), of resolution (linking entities, in the driver) and of loading (the rest of
the merge).

A rerun skips partitions whose Parquet file exists (resumable after a crash or Ctrl-C) when the source,
the partition size and the title filter are those of ``DB.batch/manifest.json`` (otherwise the old
partition files are removed); documents already stored with the same content are left as they are.
At most ``2 x workers`` partitions are in flight, so the driver's memory stays bounded however large
the dump.
"""

from __future__ import annotations

import json
import os
import re
import resource
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from annals.corpus import Record, iter_source
from annals.errors import E001, E033, AnnalsError, InputError
from annals.model import Document, Entity, Gap, Mention, Paragraph, Section, Sentence, Timex

PART_NAME = "part-{:05d}.parquet"


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
    from annals.extract import extract_text

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
    return rows


def worker_peak_rss_mb() -> float:
    """Peak resident memory of the calling process in MB (run on each worker by the benchmark)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the driver side --------------------------------------------------------------------------
@dataclass
class BatchReport:
    pages: int = 0
    words: int = 0
    partitions: int = 0
    skipped_partitions: int = 0
    results: dict[str, int] = field(default_factory=dict)  # added / replaced / unchanged counts
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    worker_peak_rss_mb: list[float] = field(default_factory=list)  # per worker, after the batch
    merge_seconds: float = 0.0  # of ``seconds``, spent merging partitions into SQLite (serial, in the driver)
    extraction_seconds: float = 0.0  # summed over the workers: the time their extraction of the documents took
    resolution_seconds: float = 0.0  # of ``merge_seconds``: linking entities to canonical ones
    loading_seconds: float = 0.0  # of ``merge_seconds``: the rest (reading partitions, writing rows, indexes)

    def to_json(self) -> dict[str, Any]:
        rate = self.words / self.seconds if self.seconds else 0.0
        return {"pages": self.pages, "words": self.words, "partitions": self.partitions,
                "skipped_partitions": self.skipped_partitions, "results": dict(self.results),
                "failures": [{"path": p, "error": e} for p, e in self.failures],
                "seconds": round(self.seconds, 2), "words_per_second": round(rate, 1),
                "worker_peak_rss_mb": list(self.worker_peak_rss_mb), "merge_seconds": round(self.merge_seconds, 2),
                "extraction_seconds": round(self.extraction_seconds, 2),
                "resolution_seconds": round(self.resolution_seconds, 2),
                "loading_seconds": round(self.loading_seconds, 2)}


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
    """Partition files are only reused for the same source, partition size and title filter: with
    anything else their numbers would name other documents, so they are removed and the batch starts over."""
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


def _merge(store: Any, path: Path, report: BatchReport) -> None:
    """One partition into the store, in one transaction (a rerun after a crash merges it again)."""
    with store.bulk():
        for row in _read_parquet(path):
            if row["error"] is not None:
                report.failures.append((row["path"], row["error"]))
                continue
            try:
                doc = document_from_json(row["doc"])
                if doc.path and store.stored_hash(doc.path) is None and doc.content_hash \
                        and store.document_with_hash(doc.content_hash):
                    status = "unchanged"  # the same content from another path is the same document
                else:
                    status = store.ingest(doc)
            except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError, ValueError, TypeError,
                    KeyError) as exc:
                # a record this store cannot take: its savepoint is undone, the partition goes on
                report.failures.append((row["path"], f"E099 cannot store it: {type(exc).__name__}: {exc}"))
                continue
            report.results[status] = report.results.get(status, 0) + 1


def run_batch(source: str | Path, db: str | Path, *, workers: int | None = None, scheduler: str | None = None,
              filter_title: str | None = None, partition_size: int = 50, progress: bool = False,
              processes: bool = True) -> BatchReport:
    """Extract every document of ``source`` on Dask and merge them into the store ``db``."""
    from distributed import Client, LocalCluster, wait

    from annals.store import Store

    if not Path(source).exists():
        raise InputError(E001, f"{source} does not exist", "check the path")
    title_re = re.compile(filter_title) if filter_title else None
    report = BatchReport()
    folder = work_dir(db)
    _check_manifest(folder, source, partition_size, filter_title)
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
    try:
        with Store(db) as store, _Progress(progress) as bar, ExitStack() as load:
            load.enter_context(store.bulk_load())  # indexes only reads use, and the full-text one, built at the end
            pending: dict[int, Any] = {}  # partition number -> future
            done: set[int] = set()
            next_merge = 1

            def merge_ready() -> None:
                nonlocal next_merge
                while next_merge in done:
                    t = time.perf_counter()
                    _merge(store, folder / PART_NAME.format(next_merge), report)
                    report.merge_seconds += time.perf_counter() - t
                    done.discard(next_merge)
                    next_merge += 1

            def collect(block: bool) -> None:
                if not pending:
                    return
                if block:
                    wait(list(pending.values()), return_when="FIRST_COMPLETED")
                for k in [k for k, f in pending.items() if f.done()]:
                    rows = pending.pop(k).result()
                    _write_parquet(rows, folder / PART_NAME.format(k))
                    words = sum(r["words"] for r in rows)
                    report.extraction_seconds += sum(r.get("seconds") or 0.0 for r in rows)
                    report.pages += len(rows)
                    report.words += words
                    bar.advance(len(rows), words)
                    done.add(k)
                merge_ready()

            for k, part in enumerate(_partitions(iter_source(source), partition_size, title_re, report), 1):
                report.partitions += 1
                if (folder / PART_NAME.format(k)).exists():
                    report.skipped_partitions += 1
                    done.add(k)
                    merge_ready()
                    continue
                pending[k] = client.submit(process_partition, part, key=f"annals-part-{k}-{os.getpid()}-{t0}",
                                           pure=False)
                while len(pending) >= 2 * n_workers:
                    collect(block=True)
            while pending:
                collect(block=True)
            merge_ready()
            t = time.perf_counter()
            load.close()
            report.merge_seconds += time.perf_counter() - t
            report.resolution_seconds = store.resolution_seconds
            report.loading_seconds = report.merge_seconds - report.resolution_seconds
            store.apply_edits()  # the corrections of the edit log, on top of what was extracted again
            try:
                report.worker_peak_rss_mb = sorted(round(v, 1) for v in client.run(worker_peak_rss_mb).values())
            except Exception:  # a cluster that cannot run it: no figure
                report.worker_peak_rss_mb = []
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    report.seconds = time.perf_counter() - t0
    return report


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
        raise AnnalsError(E033, f"annals batch needs {exc.name}, which the 'batch' extra installs",
                          "pip install 'annals[batch]' (or, in a checkout, pip install -e '.[batch]')") from None
