"""The Python API: one function per thing a user does.  The CLI and the HTTP API call these.

    import annals
    doc = annals.extract("article.txt")            # Document, see annals.model
    annals.ingest(["articles/"], "annals.db")     # IngestReport
    annals.entities("annals.db", type="PERSON")   # list of dicts
    annals.show("annals.db", "Vlasov")            # {"query", "entities": [detail, ...]}
    annals.dates("annals.db")                      # list of dicts
    annals.api.timeline("annals.db", start="1941", end="1945", entity="Vlasov")   # list of dicts
    annals.api.relations("annals.db", entity="NTS", type="LEADER_OF")           # list of dicts
    annals.api.graph("annals.db", "Vlasov", depth=2)                            # {"root", "nodes", "edges"}
    annals.api.export("annals.db", "gexf", "vlasov.gexf", entity="Vlasov")       # {"format", "out", "files", "counts"}
    annals.api.places("annals.db", start="1850", end="1900")                    # list of dicts, with lat/lon

The corrections (``api.entity_merge``, ``api.edits_undo`` ...) are defined in :mod:`annals.api_edits`.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annals.api_edits import (  # noqa: F401  (the corrections, in their own module, are api functions too)
    alias_edit,
    edits,
    edits_export,
    edits_import,
    edits_undo,
    entity_merge,
    entity_rename,
    entity_retype,
    entity_split,
    event_delete,
    event_redate,
    relation_edit,
)
from annals.errors import (
    E012,
    E014,
    E020,
    E040,
    E042,
    E043,
    E099,
    AnnalsError,
    EnvironmentFailure,
    InputError,
    StoreError,
    environment_failure,
)
from annals.model import Document
from annals.read import RawText, iter_documents, path_text, read_path
from annals.store import Store, open_store
from annals.timeline import Period, build_timeline, conflict_refs, conflict_types


def extract(path: str | Path) -> Document:
    """The model of one file (plain text, Markdown or HTML)."""
    raw = read_path(path)  # before spaCy is imported: a file that cannot be read fails fast
    from annals.extract import extract_raw

    return extract_raw(raw)


@dataclass
class IngestReport:
    """What ``ingest`` did to each file: added, unchanged, replaced, or failed (with the error)."""

    results: list[tuple[str, str]] = field(default_factory=list)  # (path, status)
    documents: dict[str, str | None] = field(default_factory=dict)  # path -> the stored document's id
    failures: list[tuple[str, AnnalsError]] = field(default_factory=list)
    #: the environment failure (no space, no permission, read-only, damaged store) that ended the run
    #: early, and the files it left unattempted; what was stored before it stays stored
    stopped: AnnalsError | None = None
    not_attempted: list[str] = field(default_factory=list)

    @property
    def succeeded(self) -> int:
        return len(self.results)

    def counts(self) -> dict[str, int]:
        c = Counter(status for _, status in self.results)
        return {k: c.get(k, 0) for k in ("added", "replaced", "unchanged")} | {"failed": len(self.failures)} | (
            {"not attempted": len(self.not_attempted)} if self.not_attempted else {})

    def to_json(self) -> dict[str, Any]:
        return {
            "results": [{"path": p, "status": s, "document": self.documents.get(p)} for p, s in self.results],
            "failures": [{"path": p, "code": e.code, "error": e.message, "hint": e.hint} for p, e in self.failures],
            "counts": self.counts(),
            "stopped": None if self.stopped is None else {"code": self.stopped.code, "error": self.stopped.message,
                                                          "hint": self.stopped.hint},
            "not_attempted": self.not_attempted,
        }


def ingest(paths: Iterable[str | Path], db: str | Path, progress: bool = False) -> IngestReport:
    """Extract files (folders are walked) into the store ``db``; one transaction per document.

    A file whose content is already stored is not extracted again.  A file that cannot be read, or
    whose extraction or storing fails (E099, an internal error: its transaction is rolled back), is
    reported in ``failures`` and the rest goes on.  A failure of the machine (no space left, no
    permission, a read-only or damaged store: :class:`~annals.errors.EnvironmentFailure`) would fail
    every file alike: it ends the run (``stopped``, and the files left in ``not_attempted``); a store
    that cannot be written is refused before anything is extracted.
    """
    report = IngestReport()
    written: list[str | None] = []  # the ids of the documents added or replaced
    items = list(iter_documents(paths))
    with Store(db) as store, _progress(progress, len(items)) as advance:
        for n, item in enumerate(items):
            if isinstance(item, InputError):
                report.failures.append((_error_path(item), item))
                advance()
                continue
            try:
                raw = read_path(item)
                raw.path = _identity(store, item)
                if store.stored_hash(raw.path) == raw.content_hash or (
                        store.stored_hash(raw.path) is None and store.document_with_hash(raw.content_hash)):
                    # nothing to extract, nothing written (the same content from another path is the same document)
                    report.results.append((path_text(item), "unchanged"))
                else:
                    report.results.append((path_text(item), store_raw(store, raw)))
                    written.append(store.document_id_of(raw.path))
                report.documents[path_text(item)] = store.document_id_of(raw.path)
            except InputError as exc:
                report.failures.append((path_text(item), exc))
            except Exception as exc:  # a bug or a store error on one file must not end the batch
                failure = environment_failure(exc, getattr(exc, "filename", None) or db)
                if failure is not None:
                    report.failures.append((path_text(item), failure))
                    report.stopped = failure
                    report.not_attempted = [path_text(i) if isinstance(i, Path) else _error_path(i)
                                            for i in items[n + 1:]]
                    break
                report.failures.append((path_text(item), _internal_error(path_text(item), exc)))
            advance()
        if (written or store.unsettled) and report.stopped is None:
            _resolve(store, db, written)
    return report


def _resolve(store: Store, db: str | Path, doc_ids: list[str | None]) -> None:
    """Link the entities of the documents just written again with those that share names with them,
    so that the store does not depend on the order or grouping of ingests (Store.resolve_entities)."""
    try:
        store.resolve_entities(d for d in doc_ids if d is not None)
    except Exception as exc:
        failure = environment_failure(exc, db)
        if failure is not None:
            raise failure from exc
        raise


def store_raw(store: Store, raw: RawText) -> str:
    """Extract a text already read and store it: "added", "unchanged" or "replaced".

    A text longer than :data:`annals.extract.PART_CHARS` is extracted part by part; each part's records
    go to a temporary spill file as soon as they exist, and are then stored in one transaction, so
    memory holds one part at a time and the store's write lock is held only while storing.
    """
    from annals.extract import PART_CHARS, extract_parts, extract_raw

    if len(raw.text) <= PART_CHARS:
        return store.ingest(extract_raw(raw))
    head, parts = extract_parts(raw)
    with tempfile.TemporaryFile(prefix="annals-parts-") as spill:
        for part in parts:
            data = zlib.compress(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL), 1)
            spill.write(len(data).to_bytes(8, "little") + data)
        spill.seek(0)

        def read_back() -> Iterator[Document]:
            while size := int.from_bytes(spill.read(8) or b"\0", "little"):
                yield pickle.loads(zlib.decompress(spill.read(size)))  # our own file, written above

        return store.ingest_parts(head, read_back())


def _identity(store: Store, item: Path) -> str:
    """The path a file is stored under: absolute, so that ``texts/a.txt`` typed in one folder and
    ``/home/me/texts/a.txt`` typed in another are one document; a store made before paths were made
    absolute keeps the path as it was typed then."""
    absolute = path_text(os.path.abspath(item))
    if store.stored_hash(absolute) is None and store.stored_hash(path_text(item)) is not None:
        return path_text(item)
    return absolute


def _internal_error(path: str | Path, exc: Exception) -> AnnalsError:
    err = AnnalsError.of(E099, detail=f" on {path}: {type(exc).__name__}: {exc}",
                         fix=f"annals --debug extract {path} shows the traceback; please report it")
    err.__cause__ = exc
    return err


def _error_path(err: InputError) -> str:
    return getattr(err, "path", None) or err.message.split(":")[0]


class _progress:
    """A rich progress bar on stderr, or nothing."""

    def __init__(self, enabled: bool, total: int):
        self.enabled, self.total = enabled, total

    def __enter__(self):  # noqa: ANN204
        if not self.enabled:
            return lambda: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=True)
        self.bar.__enter__()
        task = self.bar.add_task("ingest", total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.bar.__exit__(None, None, None)


def _read_store(db: str | Path) -> Store:
    return open_store(db, create=False, readonly=True)


def event_types() -> list[str]:
    """The event types annals tells apart (``data/event_types.json``), sorted; OCCURRENCE is a dated
    happening of no other type."""
    import json
    from importlib import resources

    with resources.files("annals").joinpath("data", "event_types.json").open(encoding="utf-8") as f:
        return sorted({*json.load(f)["types"], "OCCURRENCE"})


def valid_types(kind: str) -> list[str]:
    """The valid values of a ``type`` filter: ``kind`` is "entity", "event" or "relation" (the relation
    type registry, :mod:`annals.relations.registry`)."""
    from annals.model import ENTITY_TYPES
    from annals.relations.registry import REGISTRY

    return {"entity": list(ENTITY_TYPES), "relation": list(REGISTRY)}.get(kind) or event_types()


def check_type(kind: str, value: str | None, store: Store | None = None) -> str | None:
    """``value`` in upper case when it is a valid ``kind`` type (or None); else E020 naming the valid ones.
    A type that ``store`` holds is valid too (a store written by another version may hold others)."""
    if value is None:
        return None
    wanted = value.strip().upper()
    valid = valid_types(kind)
    if wanted not in valid and store is not None and kind in ("event", "relation"):
        valid = valid + sorted(set(store.types_in_use(kind)) - set(valid))
    if wanted not in valid:
        raise AnnalsError.of(E020, problem=f"no {kind} type {value!r}", fix=f"the {kind} types are: {', '.join(valid)}")
    return wanted


def documents_table(db: str | Path) -> list[dict[str, Any]]:
    """The stored documents as ``annals documents`` lists them: ``{"id", "title", "path", "entities",
    "events", "relations", "dates", "sentences"}``, by id (from :func:`documents`)."""
    return [{"id": d["id"], "title": d["title"], "path": d["path"], "entities": d["n_entities"],
             "events": d["n_events"], "relations": d["n_relations"], "dates": d["n_timexes"],
             "sentences": d["n_sentences"]} for d in documents(db)]


def entities(db: str | Path, type: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Entities of the store, most mentioned first: id, name, type, subtype, aliases, mentions, documents."""
    type = check_type("entity", type)
    with _read_store(db) as store:
        rows = store.entities(type=type, limit=limit)
    for r in rows:
        r["mentions"] = r.pop("n_mentions", None)
        r["documents"] = r.pop("n_documents", None)
    return rows


def ambiguous_entities(db: str | Path) -> list[dict[str, Any]]:
    """Identity across documents for a person to decide (see :mod:`annals.identity`): entities whose
    documents speak of them in periods far apart (maybe two), and entities of one type whose names
    differ by a capitalised qualifier (maybe one).  Each: ``{"kind", "entities", "why", "decide"}``."""
    from annals.identity import ambiguous

    with _read_store(db) as store:
        return ambiguous(store)


def show(db: str | Path, name: str, type: str | None = None) -> dict[str, Any]:
    """Every entity that ``name`` names (by name or alias), each with aliases, titles and mentions in context.

    Raises E012 when nothing matches.
    """
    with _read_store(db) as store:
        found = store.find_entities(name, type=type)
        if not found:
            raise StoreError.of(E012, entity=f"named {name!r}", store=db,
                                fix=f"list the names with: annals entities --db {db}")
        exact = [f for f in found if f.get("match") == "exact"] or found
        return {"query": name, "entities": [store.entity_detail(f["id"]) for f in exact]}


def dates(db: str | Path) -> list[dict[str, Any]]:
    """Every date expression in the store with its TIMEX3 value, interval and sentence."""
    with _read_store(db) as store:
        return store.timexes()


# -- events, relations and the graph ---------------------------------------------------------

_PERIOD_HINT = "give a year, month or day such as 1941, 1941-06 or 1941-06-22 (BCE: -0044), --from before --to"


def _named(store: Store, name: str, db: str | Path) -> list[dict[str, Any]]:
    """The canonical entities ``name`` names (exact matches when there are any); E012 when none."""
    found = store.find_entities(name)
    if not found:
        raise StoreError.of(E012, entity=f"named {name!r}", store=db,
                            fix=f"list the names with: annals entities --db {db}")
    return [f for f in found if f.get("match") == "exact"] or found


def timeline(db: str | Path, start: str | None = None, end: str | None = None, entity: str | None = None,
             type: str | None = None) -> list[dict[str, Any]]:
    """The events of the store in time order, each with its source (see :mod:`annals.timeline`).

    ``start``/``end``: a period as TIMEX3-like values (``1941``, ``1941-06``, ``1941-06-22``); an event
    is in it when its interval overlaps it (E020 for a value that is not a date).  ``entity``: a name
    or alias; only events one of whose participants (or whose place) is that entity (E012 when no
    entity has that name).  ``type``: an event type such as ``FOUNDING``.

    Each row: ``{"id", "document", "event", "value", "until", "mod", "earliest", "latest", "basis", "anchor",
    "placement": "dated" | "narrative" | "unplaced", "between", "type", "trigger", "description", "participants":
    [{"entity", "name", "role"}], "place", "negated", "modality", "conflict": [ids], "sentence",
    "sentence_index", "start", "end", "path", "document_title"}``.
    """
    try:
        period = Period.between(start, end)
    except ValueError as exc:
        raise AnnalsError.of(E020, problem=f"bad period: {exc}", fix=_PERIOD_HINT) from exc
    with _read_store(db) as store:
        type = check_type("event", type, store)
        ids = {f["id"] for f in _named(store, entity, db)} if entity else None
        if ids is None and type is None:
            return build_timeline(store.event_records(), period=period)
        matching = store.event_records(type=type, entity_ids=ids)
        # Undated events are placed by every event of their document, shown or not; conflicting
        # dates are looked for among the events that share an actor or a named event with the ones shown
        # and may be of their type (timeline.conflict_refs, conflict_types).
        records = store.event_records(documents={r["document"] for r in matching})
        refs, types = conflict_refs(matching), conflict_types(matching)
        keep = None if types is None else (lambda t, _w: not t or t in types)
        pool = store.event_records(entity_ids=refs, keep=keep) if refs else []
    keys = {r["key"] for r in matching}
    return build_timeline(records, period=period, keep=lambda r: r["key"] in keys, conflicts_among=pool)


def relations(db: str | Path, entity: str | None = None, type: str | None = None) -> list[dict[str, Any]]:
    """Relations between entities, each with canonical names and its source, by document then offset.

    ``entity``: a name or alias that must be the subject or the object (E012 when none has it);
    ``type``: a relation such as ``LEADER_OF``.  Each row: ``{"document", "path", "document_title",
    "relation", "subject", "subject_entity", "subject_type", "subject_text", "object", "object_entity",
    "object_type", "object_text", "negated", "value", "mod", "earliest", "latest", "basis",
    "sentence_index", "sentence", "start", "end"}``.
    """
    with _read_store(db) as store:
        type = check_type("relation", type, store)
        ids = {f["id"] for f in _named(store, entity, db)} if entity else None
        return store.relation_records(type=type, entity_ids=ids)


def graph(db: str | Path, entity: str | int, depth: int = 2, start: str | None = None,
          end: str | None = None) -> dict[str, Any]:
    """The entities within ``depth`` relations of ``entity``, breadth first, with the relations as edges.

    ``entity``: a name or alias, or a canonical entity id (an int; E012 when there is none).
    ``start``/``end``: a period as for :func:`timeline`; a relation dated outside it is no edge
    (an undated one stays).  Negated relations ("X was not a member of Y") are no edges.  An end the
    extractor did not link to an entity is a node of its own (id ``"text:<name>"``, type None) that is
    not followed further.
    Returns ``{"root": [ids], "nodes": [{"id", "name", "type", "depth"}], "edges": [{"source",
    "target", "relation", "document", "sentence", "sentence_index", "start", "end", "value"}]}``,
    nodes in the order found, edges in the order found.
    """
    if depth < 0:
        raise AnnalsError.of(E020, problem=f"bad --depth {depth}: it cannot be negative",
                             fix="give 1 for direct neighbours")
    try:
        period = Period.between(start, end)
    except ValueError as exc:
        raise AnnalsError.of(E020, problem=f"bad period: {exc}", fix=_PERIOD_HINT) from exc
    with _read_store(db) as store:
        roots = [store.entity_detail(entity)] if isinstance(entity, int) else _named(store, entity, db)
        nodes: dict[Any, dict[str, Any]] = {r["id"]: {"id": r["id"], "name": r["name"], "type": r["type"],
                                                      "depth": 0} for r in roots}
        edges: dict[tuple[Any, ...], dict[str, Any]] = {}
        frontier = set(nodes)
        for level in range(1, depth + 1):
            if not frontier:
                break
            found: set[int] = set()
            for rel in store.relation_records(entity_ids=frontier, negated=False):
                if rel["earliest"] and rel["latest"] and not period.overlaps(rel["earliest"], rel["latest"]):
                    continue
                ends = []
                for side in ("subject", "object"):
                    node_id = rel[f"{side}_entity"] if rel[f"{side}_entity"] is not None else f"text:{rel[side]}"
                    if node_id not in nodes:
                        nodes[node_id] = {"id": node_id, "name": rel[side], "type": rel[f"{side}_type"],
                                          "depth": level}
                        if isinstance(node_id, int):
                            found.add(node_id)
                    ends.append(node_id)
                key = (rel["document"], rel["start"], rel["end"], rel["relation"], *ends)
                edges.setdefault(key, {"source": ends[0], "target": ends[1], "relation": rel["relation"],
                                       "document": rel["document"], "sentence": rel["sentence"],
                                       "sentence_index": rel["sentence_index"], "start": rel["start"],
                                       "end": rel["end"], "value": rel["value"]})
            frontier = found
    return {"root": [r["id"] for r in roots], "nodes": list(nodes.values()), "edges": list(edges.values())}


def ask(db: str | Path, questions: Iterable[str], min_confidence: float | None = None) -> list[dict[str, Any]]:
    """Answer each question from the store, with the sentences that support the answer (see annals.ask);
    an answer less sure than ``min_confidence`` (default: the calibrated threshold) is withheld."""
    from annals.ask import ask as ask_store

    return ask_store(db, list(questions), min_confidence)


def export(db: str | Path, format: str, out: str | Path | None, entity: str | None = None, start: str | None = None,
           end: str | None = None, type: str | None = None) -> dict[str, Any]:
    """Write the store (or the part the filters select) in an export format: ``json``, ``csv`` (a
    folder), ``graphml``, ``gexf``, ``jsonld``, ``timelinejs`` or ``markdown`` (see :mod:`annals.export`).

    ``out``: a file, a folder for ``csv``, ``-`` for standard output.  Returns ``{"format", "out",
    "files", "counts"}``.  E020 for a bad format, type, period or output; E013 without a store.
    """
    from annals.export import export as export_store

    return export_store(db, format, out, entity=entity, start=start, end=end, type=type)


# -- the explorer's reads: documents, one entity, search, an uploaded text ------------------


def places(db: str | Path, start: str | None = None, end: str | None = None, entity: str | None = None
           ) -> list[dict[str, Any]]:
    """The places the gazetteer resolved, one per GeoNames place, most mentioned first, with coordinates,
    GeoNames id, mention counts and dates (:func:`annals.places.place_rows`), filtered as the exports are
    (:mod:`annals.export.select`: ``entity`` a name or alias, E012 when none has it; ``start``/``end`` a
    period, E020 when it is not one)."""
    from annals.export.select import select
    from annals.places import place_rows

    with _read_store(db) as store:
        selection = select(store, db=db, entity=entity, start=start, end=end)
    return place_rows(selection)


def documents(db: str | Path) -> list[dict[str, Any]]:
    """Every stored document with its counts (see :meth:`annals.store.Store.documents`), by id."""
    with _read_store(db) as store:
        return store.documents()


def document(db: str | Path, doc: str) -> dict[str, Any]:
    """One document by id or path: its text with sentences, entities (with their mentions and canonical
    ids), dates, gaps, events and relations (see :meth:`annals.store.Store.document`); E014 when none."""
    with _read_store(db) as store:
        found = store.document(doc)
    if found is None:
        raise StoreError.of(E014, document=doc, store=db, fix="list the documents with GET /api/documents")
    return found


def entity(db: str | Path, entity_id: int) -> dict[str, Any]:
    """One canonical entity by id: :meth:`~annals.store.Store.entity_detail` (aliases, titles, documents)
    with ``mentions`` that carry their sentence's offsets (``sentence_start``, ``sentence_end``), its
    ``relations`` (as :func:`relations`) and its ``events`` in time order (timeline rows, as
    :func:`timeline`).  E012 when there is no such entity.

    Unlike ``timeline(entity=...)``, conflicting dates are looked for among this entity's own events
    only (the same happening told with another date by another document), so that the page of an
    entity that shares events with half the store stays quick.
    """
    with _read_store(db) as store:
        out = store.entity_detail(entity_id)
        out["mentions"] = store.mention_records(entity_ids=[entity_id])
        out["relations"] = store.relation_records(entity_ids={entity_id})
        matching = store.event_records(entity_ids={entity_id})
        records = store.event_records(documents={r["document"] for r in matching})  # to place undated ones
    keys = {r["key"] for r in matching}
    out["events"] = build_timeline(records, keep=lambda r: r["key"] in keys, conflicts_among=matching)
    return out


def find_entities(db: str | Path, name: str, type: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """Entities whose name or an alias matches ``name``: exact matches, else those starting with it, else
    those containing it (each with ``match``), most mentioned first; empty when none."""
    with _read_store(db) as store:
        rows = store.find_entities(name, type=type, limit=limit)
    for r in rows:
        r["mentions"] = r.pop("n_mentions", None)
        r["documents"] = r.pop("n_documents", None)
    return rows


def search(db: str | Path, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Sentences matching ``query`` (words, or FTS5 syntax), best first, each with its document and offsets."""
    with _read_store(db) as store:
        return store.search_sentences(query, limit=limit)


def ingest_text(db: str | Path, data: bytes | str, name: str = "upload.txt", format: str | None = None
                ) -> dict[str, Any]:
    """Extract one text that is not a file (an upload) into the store ``db``.

    ``data`` is read as a file called ``name`` would be (``format`` overrides its suffix); the
    document has no path, its title is the text's own or ``name``.  Returns ``{"document", "title",
    "status": "added" | "unchanged" | "replaced"}``; raises :class:`InputError` for a text that
    cannot be read (empty, binary, undecodable).
    """
    from annals.extract import document_id, heading_title
    from annals.read import read_bytes

    raw = read_bytes(data.encode("utf-8") if isinstance(data, str) else data, name=name, format=format)
    raw.title = raw.title or heading_title(raw.text) or name
    with Store(db, create=False) as store:
        status = store_raw(store, raw)
        if status != "unchanged":
            _resolve(store, db, [store.document_id_of(raw.path or document_id(raw.path, raw.content_hash))])
    return {"document": document_id(raw.path, raw.content_hash), "title": raw.title, "status": status}


# -- upkeep: remove a document, check the store -----------------------------------------------


def remove(db: str | Path, doc: str) -> dict[str, Any]:
    """Delete a document (by id, or by the path it was ingested with) and every fact only it supported;
    entities other documents still mention stay.  Returns ``{"document": doc, "removed": True}``;
    E014 when the store has no such document, E013 when there is no store."""
    doc = path_text(doc)
    with Store(db, create=False) as store:
        if not store.remove_document(doc) and not store.remove_document(path_text(os.path.abspath(doc))):
            raise StoreError.of(E014, document=doc, store=db,
                                fix="give a document id, or the path as it was given to annals ingest")
    return {"document": doc, "removed": True}


def check(db: str | Path) -> list[str]:
    """Integrity problems of the store (damaged pages, foreign keys, full-text index out of step with the
    sentences, orphan entities, incomplete documents), one sentence each; empty when it is healthy.
    Damage is a problem found, never an exception (see :func:`check_report`)."""
    return check_report(db)["problems"]


def check_report(db: str | Path) -> dict[str, Any]:
    """``{"ok", "problems", "readonly", "note"}``: the problems :func:`check` lists, and whether the store
    could only be opened for reading (a read-only file or folder: then the full-text index is checked
    by comparing its rows with the sentences, since FTS5's own check writes; ``note`` says so).  A
    read-only store is not a damaged one.  E013 when there is no store, E010 when the file is not
    SQLite at all."""
    from annals.store.sharded import shard_paths

    shards = shard_paths(db)
    if shards is not None:  # (read-only by design: each file checked by reading, see ShardedStore.check)
        with open_store(db, create=False, readonly=True) as sharded:
            problems = sharded.check()
        return {"ok": not problems, "problems": problems, "readonly": True,
                "note": f"{db} is a sharded store: its {len(shards)} shards were checked each, by reading, and "
                        "the canonical entities across them"}
    readonly, note = False, None
    try:
        try:
            store = Store(db, create=False)
        except EnvironmentFailure as exc:
            if exc.code not in (E040, E042):
                raise
            store = open_store(db, create=False, readonly=True)
            readonly = True
            note = (f"{db} is read-only here ({exc.code}), so it was opened for reading only"
                    + (" and as immutable (its folder cannot be written either)" if store.immutable else "")
                    + ": the checks that need to write were done by reading")
    except EnvironmentFailure as exc:
        if exc.code != E043:
            raise
        problems = [f"the file cannot be opened as a store, it is damaged: {exc.message}"]
        return {"ok": False, "problems": problems, "readonly": readonly, "note": note}
    with store:
        problems = store.check()
        try:
            if store.has_active_edits():
                from annals.edits import dangling

                problems += dangling(store)  # corrections whose target has gone: reported, never dropped
        except sqlite3.DatabaseError as exc:  # a damaged store: its damage is reported above
            problems.append(f"the edit log could not be checked: {exc}")
    return {"ok": not problems, "problems": problems, "readonly": readonly, "note": note}
