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
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annals.errors import E012, E020, AnnalsError, InputError, StoreError
from annals.model import Document
from annals.read import iter_documents, read_path
from annals.store import Store
from annals.timeline import Period, build_timeline


def extract(path: str | Path) -> Document:
    """The model of one file (plain text, Markdown or HTML)."""
    from annals.extract import extract_path

    return extract_path(path)


@dataclass
class IngestReport:
    """What ``ingest`` did to each file: added, unchanged, replaced, or failed (with the error)."""

    results: list[tuple[str, str]] = field(default_factory=list)  # (path, status)
    failures: list[tuple[str, AnnalsError]] = field(default_factory=list)

    @property
    def succeeded(self) -> int:
        return len(self.results)

    def counts(self) -> dict[str, int]:
        c = Counter(status for _, status in self.results)
        return {k: c.get(k, 0) for k in ("added", "replaced", "unchanged")} | {"failed": len(self.failures)}

    def to_json(self) -> dict[str, Any]:
        return {
            "results": [{"path": p, "status": s} for p, s in self.results],
            "failures": [{"path": p, "code": e.code, "error": e.message, "hint": e.hint} for p, e in self.failures],
            "counts": self.counts(),
        }


def ingest(paths: Iterable[str | Path], db: str | Path, progress: bool = False) -> IngestReport:
    """Extract files (folders are walked) into the store ``db``; one transaction per document.

    A file whose content is already stored is not extracted again.  A file that cannot be read is
    reported in ``failures`` and the rest goes on.
    """
    from annals.extract import extract_raw

    report = IngestReport()
    items = list(iter_documents(paths))
    with Store(db) as store, _progress(progress, len(items)) as advance:
        for item in items:
            if isinstance(item, InputError):
                report.failures.append((_error_path(item), item))
                advance()
                continue
            try:
                raw = read_path(item)
                if store.stored_hash(str(item)) == raw.content_hash:
                    report.results.append((str(item), "unchanged"))  # nothing to extract, nothing written
                else:
                    report.results.append((str(item), store.ingest(extract_raw(raw))))
            except InputError as exc:
                report.failures.append((str(item), exc))
            advance()
    return report


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
    return Store(db, create=False, readonly=True)


def entities(db: str | Path, type: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Entities of the store, most mentioned first: id, name, type, subtype, aliases, mentions, documents."""
    with _read_store(db) as store:
        rows = store.entities(type=type, limit=limit)
    for r in rows:
        r["mentions"] = r.pop("n_mentions", None)
        r["documents"] = r.pop("n_documents", None)
    return rows


def show(db: str | Path, name: str, type: str | None = None) -> dict[str, Any]:
    """Every entity that ``name`` names (by name or alias), each with aliases, titles and mentions in context.

    Raises E012 when nothing matches.
    """
    with _read_store(db) as store:
        found = store.find_entities(name, type=type)
        if not found:
            raise StoreError(E012, f"no entity named {name!r} in {db}",
                             "list the names with: annals entities --db " + str(db))
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
        raise StoreError(E012, f"no entity named {name!r} in {db}",
                         "list the names with: annals entities --db " + str(db))
    return [f for f in found if f.get("match") == "exact"] or found


def timeline(db: str | Path, start: str | None = None, end: str | None = None, entity: str | None = None,
             type: str | None = None) -> list[dict[str, Any]]:
    """The events of the store in time order, each with its source (see :mod:`annals.timeline`).

    ``start``/``end``: a period as TIMEX3-like values (``1941``, ``1941-06``, ``1941-06-22``); an event
    is in it when its interval overlaps it (E020 for a value that is not a date).  ``entity``: a name
    or alias; only events one of whose participants (or whose place) is that entity (E012 when no
    entity has that name).  ``type``: an event type such as ``FOUNDING``.

    Each row: ``{"id", "document", "event", "value", "mod", "earliest", "latest", "basis", "anchor",
    "placement": "dated" | "narrative" | "unplaced", "between", "type", "trigger", "participants":
    [{"entity", "name", "role"}], "place", "negated", "modality", "conflict": [ids], "sentence",
    "sentence_index", "start", "end", "path"}``.
    """
    try:
        period = Period.between(start, end)
    except ValueError as exc:
        raise AnnalsError(E020, f"bad period: {exc}", _PERIOD_HINT) from exc
    with _read_store(db) as store:
        ids = {f["id"] for f in _named(store, entity, db)} if entity else None
        if ids is None and type is None:
            return build_timeline(store.event_records(), period=period)
        matching = store.event_records(type=type, entity_ids=ids)
        # Undated events are placed by every event of their document, shown or not; conflicting
        # dates are looked for among the events that share an entity with the ones shown.
        records = store.event_records(documents={r["document"] for r in matching})
        refs = {p["entity"] for r in matching for p in [*r["participants"], r["place"] or {}]
                if p.get("entity") is not None}
        pool = store.event_records(entity_ids=refs) if refs else []
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
        ids = {f["id"] for f in _named(store, entity, db)} if entity else None
        return store.relation_records(type=type, entity_ids=ids)


def graph(db: str | Path, entity: str, depth: int = 2) -> dict[str, Any]:
    """The entities within ``depth`` relations of ``entity``, breadth first, with the relations as edges.

    Negated relations ("X was not a member of Y") are no edges.  An end the extractor did not link to
    an entity is a node of its own (id ``"text:<name>"``, type None) that is not followed further.
    Returns ``{"root": [ids], "nodes": [{"id", "name", "type", "depth"}], "edges": [{"source",
    "target", "relation", "document", "sentence", "sentence_index", "start", "end", "value"}]}``,
    nodes in the order found, edges in the order found.
    """
    if depth < 0:
        raise AnnalsError(E020, f"bad --depth {depth}: it cannot be negative", "give 1 for direct neighbours")
    with _read_store(db) as store:
        roots = _named(store, entity, db)
        nodes: dict[Any, dict[str, Any]] = {r["id"]: {"id": r["id"], "name": r["name"], "type": r["type"],
                                                      "depth": 0} for r in roots}
        edges: dict[tuple[Any, ...], dict[str, Any]] = {}
        frontier = set(nodes)
        for level in range(1, depth + 1):
            if not frontier:
                break
            found: set[int] = set()
            for rel in store.relation_records(entity_ids=frontier, negated=False):
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


def ask(db: str | Path, questions: Iterable[str]) -> list[dict[str, Any]]:
    """Answer each question from the store, with the sentences that support the answer (see annals.ask)."""
    from annals.ask import ask as ask_store

    return ask_store(db, list(questions))
