"""What an export holds: the part of a store that the filters select, gathered once for every format.

:func:`select` reads the store and returns a :class:`Selection`; the format modules only lay it out.

How the filters combine (``annals export --entity --from --to --type``):

* ``entity`` (a name or alias, resolved to canonical entities as ``annals timeline --entity`` does):
  the *roots*.  Kept: the roots, the events they take part in (as participant or place), the
  relations they are the subject or object of, and the entities at the other end of those facts
  (their neighbours).
* ``type`` (``PERSON`` ...): only entities of that type, roots excepted (``--entity Vlasov --type
  ORG`` is Vlasov and the organisations around him).  A relation is kept when both its ends are
  kept entities (a typed subgraph: ``--type PERSON`` is the network of people); an event when one of
  its participants (or its place) is of that type.
* ``start``/``end`` (TIMEX-like bounds, :meth:`annals.timeline.Period.between`): an event is kept as
  ``annals timeline`` keeps it (a dated event when its interval overlaps the period, an undated one
  when both its dated neighbours in the narrative are in it); a dated relation when its interval
  overlaps; an undated relation when the dated events of its document before and after it in the
  text are both in the period.  With a period, the entities are those the kept facts name.

Without filters everything is kept, entities that take part in no fact included.  Documents are
those the kept facts and mentions come from; date expressions and gaps follow their documents
(date expressions also the period, and with ``entity``/``type`` only those said in a sentence that
a kept fact or mention cites).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annals.dates.timex import interval as timex_interval
from annals.dates.timex import sort_key
from annals.errors import E012, E020, AnnalsError, StoreError
from annals.model import ENTITY_TYPES
from annals.store import Store
from annals.timeline import Period, build_timeline, event_interval

Row = dict[str, Any]

_PERIOD_HINT = "give a year, month or day such as 1941, 1941-06 or 1941-06-22 (BCE: -0044), --from before --to"


@dataclass
class Selection:
    """The filtered model of a store, ready to be laid out.

    ``entities``: canonical entities ``{"id", "name", "type", "subtype", "aliases", "titles",
    "n_mentions", "n_documents", "root", "earliest", "latest"}`` (``earliest``/``latest``: the span of
    the dated facts of this selection that name it, or None), most mentioned first.  ``events``:
    timeline rows (:func:`annals.timeline.build_timeline`) in time order, participants and place
    with their ``type``, plus ``document_title``.  ``relations``: relation records
    (:meth:`annals.store.Store.relation_records`) with an ``id`` (``doc:r2``, the second relation of
    the document).  ``mentions``: :meth:`annals.store.Store.mention_records` rows of the kept
    entities.  ``documents``, ``timexes``, ``gaps``: as the store gives them.  ``sentences``: every
    cited sentence, ``{(document, index): {"text", "start", "end"}}``.  ``neighbours``: the time
    (``{"value", "mod", "earliest", "latest", "basis"}``) of each dated event that an undated kept
    event is placed by (its ``between``), kept or not.
    """

    filters: dict[str, str | None] = field(default_factory=dict)
    documents: list[Row] = field(default_factory=list)
    entities: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    relations: list[Row] = field(default_factory=list)
    timexes: list[Row] = field(default_factory=list)
    gaps: list[Row] = field(default_factory=list)
    sentences: dict[tuple[str, int], Row] = field(default_factory=dict)
    neighbours: dict[str, Row] = field(default_factory=dict)
    #: the store's edit log (:func:`annals.edits.export_log`): the corrections this model shows
    edits: list[Row] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id = {e["id"]: e for e in self.entities}
        self._docs = {d["id"]: d for d in self.documents}

    def entity(self, entity_id: Any) -> Row | None:
        """The kept entity with this canonical id, or None."""
        return self._by_id.get(entity_id)

    def document(self, doc_id: str) -> Row | None:
        """The kept document with this id, or None."""
        return self._docs.get(doc_id)

    def document_title(self, doc_id: str) -> str:
        """The title of a document, else its path, else its id: how a citation names it."""
        doc = self._docs.get(doc_id) or {}
        return str(doc.get("title") or doc.get("path") or doc_id)

    def counts(self) -> dict[str, int]:
        """How many of each kind of record the selection holds."""
        return {k: len(getattr(self, k)) for k in ("documents", "entities", "mentions", "events", "relations",
                                                   "timexes", "gaps")}

    def graph_nodes(self) -> list[Row]:
        """The nodes of the entity graph: every kept entity, then a node ``{"id": "text:<name>", "name",
        "type": None}`` for each relation end the extractor did not link to an entity (as ``annals graph``)."""
        nodes = list(self.entities)
        seen = set(self._by_id)
        for rel in self.relations:
            for side in ("subject", "object"):
                node_id = relation_end(rel, side)
                if node_id not in seen:
                    seen.add(node_id)
                    nodes.append({"id": node_id, "name": rel[side], "type": None, "subtype": None,
                                  "aliases": [rel[side]], "titles": [], "n_mentions": 0, "n_documents": 0,
                                  "root": False, "earliest": None, "latest": None})
        return nodes

    def graph_edges(self) -> list[Row]:
        """The relations that are edges of the entity graph: all but the negated ones ("X was not a
        member of Y" is no edge), as in ``annals graph``."""
        return [r for r in self.relations if not r.get("negated")]


def relation_end(rel: Row, side: str) -> Any:
    """The graph node id of a relation's subject or object: the canonical entity id, else ``text:<name>``."""
    entity = rel.get(f"{side}_entity")
    return entity if entity is not None else f"text:{rel.get(side)}"


def relation_interval(rel: Row) -> tuple[str, str] | None:
    """The (earliest, latest) ISO dates of a relation's time, or None when it has none."""
    if rel.get("earliest") and rel.get("latest"):
        return rel["earliest"], rel["latest"]
    if not rel.get("value"):
        return None
    try:
        return timex_interval(rel["value"], rel.get("mod"))
    except ValueError:
        return None


def _period(start: str | None, end: str | None) -> Period:
    try:
        return Period.between(start, end)
    except ValueError as exc:
        raise AnnalsError.of(E020, problem=f"bad period: {exc}", fix=_PERIOD_HINT) from exc


def check_type(type: str | None) -> str | None:
    """The entity type in upper case; E020 (listing the types) when it is not one."""
    if type is None:
        return None
    upper = type.strip().upper()
    if upper not in ENTITY_TYPES:
        raise AnnalsError.of(E020, problem=f"unknown entity type {type!r}",
                             fix="give one of " + ", ".join(ENTITY_TYPES))
    return upper


def _roots(store: Store, name: str, db: Any) -> set[int]:
    found = store.find_entities(name)
    if not found:
        raise StoreError.of(E012, entity=f"named {name!r}", store=db,
                            fix=f"list the names with: annals entities --db {db}")
    return {f["id"] for f in ([f for f in found if f.get("match") == "exact"] or found)}


def _event_refs(record: Row) -> set[int]:
    refs = [*(record.get("participants") or []), record.get("place") or {}]
    return {p["entity"] for p in refs if p.get("entity") is not None}


def _numbered_relations(store: Store) -> list[Row]:
    """Every relation record with an id stable under filtering: ``doc:rN``, N counting in its document."""
    counter: dict[str, int] = {}
    rows = store.relation_records()
    for r in rows:
        counter[r["document"]] = counter.get(r["document"], 0) + 1
        r["id"] = f"{r['document']}:r{counter[r['document']]}"
    return rows


def _dated_events_by_doc(records: Iterable[Row]) -> dict[str, list[tuple[int, tuple[str, str]]]]:
    """(offset, interval) of the dated events of each document, by offset."""
    out: dict[str, list[tuple[int, tuple[str, str]]]] = {}
    for r in records:
        span = event_interval(r)
        if span is not None and isinstance(r.get("start"), int):
            out.setdefault(r["document"], []).append((r["start"], span))
    for spans in out.values():
        spans.sort(key=lambda s: s[0])
    return out


def _relation_in_period(rel: Row, period: Period, dated: dict[str, list[tuple[int, tuple[str, str]]]]) -> bool:
    if period.unbounded:
        return True
    span = relation_interval(rel)
    if span is not None:
        return period.overlaps(*span)
    offset = rel.get("start")
    if not isinstance(offset, int):
        return False
    spans = dated.get(rel["document"], [])
    before = [s for o, s in spans if o <= offset]
    after = [s for o, s in spans if o >= offset]
    return bool(before and after) and period.overlaps(*before[-1]) and period.overlaps(*after[0])


def _widen(span: tuple[str, str] | None, other: tuple[str, str]) -> tuple[str, str]:
    if span is None:
        return other
    lo = min(span[0], other[0], key=sort_key)
    hi = max(span[1], other[1], key=sort_key)
    return lo, hi


def select(store: Store, db: Any = None, entity: str | None = None, start: str | None = None,
           end: str | None = None, type: str | None = None) -> Selection:
    """The part of ``store`` the filters select (see the module docstring); ``db`` names the store in errors.

    E020 for a bad period or type, E012 when ``entity`` names nothing.
    """
    type = check_type(type)
    period = _period(start, end)
    db = db if db is not None else store.path
    roots = _roots(store, entity, db) if entity else None
    everyone = {e["id"]: e for e in store.entities()}

    def type_ok(eid: Any) -> bool:
        if roots is not None and eid in roots:
            return True
        if type is None:
            return True
        return eid in everyone and everyone[eid]["type"] == type

    # Events: the timeline's placement and period rules, over every event of the store.
    records = store.event_records()

    def keep_event(r: Row) -> bool:
        refs = _event_refs(r)
        if roots is not None:
            return bool(refs & roots)
        return any(type_ok(i) for i in refs)

    filtered = roots is not None or type is not None
    events = build_timeline(records, period=period, keep=keep_event if filtered else None)

    # Relations.
    dated = _dated_events_by_doc(records)
    relations = []
    for rel in _numbered_relations(store):
        ends = [rel["subject_entity"], rel["object_entity"]]
        if roots is not None and not set(ends) & roots:
            continue
        if not all(type_ok(e) if e is not None else type is None for e in ends):
            continue
        if _relation_in_period(rel, period, dated):
            relations.append(rel)

    # Entities.
    if roots is None and period.unbounded:
        kept = {eid for eid in everyone if type_ok(eid)}
    else:
        kept = set(roots or ())
        for row in events:
            kept |= {i for i in _event_refs(row) if type_ok(i)}
        for rel in relations:
            kept |= {e for e in (rel["subject_entity"], rel["object_entity"]) if e is not None}
    kept &= set(everyone)
    titles = store.entity_titles(kept) if kept else {}
    spans: dict[int, tuple[str, str]] = {}
    for row in events:
        if row["earliest"] and row["latest"] and not row["negated"]:
            for i in _event_refs(row) & kept:
                spans[i] = _widen(spans.get(i), (row["earliest"], row["latest"]))
    for rel in relations:
        span = relation_interval(rel)
        if span is not None and not rel.get("negated"):
            for i in {rel["subject_entity"], rel["object_entity"]} & kept:
                spans[i] = _widen(spans.get(i), span)
    entities = []
    for eid, e in everyone.items():
        if eid in kept:
            span = spans.get(eid)
            entities.append({**e, "titles": titles.get(eid, []), "root": bool(roots and eid in roots),
                             "earliest": span[0] if span else None, "latest": span[1] if span else None})

    mentions = store.mention_records(kept) if kept else []

    # Participants and places with their types, for the formats that type them (JSON-LD).
    for row in events:
        for ref in [*row["participants"], row["place"] or {}]:
            if ref:
                ref["type"] = (everyone.get(ref.get("entity")) or {}).get("type")

    # Documents, date expressions, gaps.
    all_docs = store.documents()
    unfiltered = roots is None and type is None and period.unbounded
    used = {r["document"] for r in [*events, *relations, *mentions]}
    documents = [d for d in all_docs if unfiltered or d["id"] in used]
    doc_ids = {d["id"] for d in documents}
    cited = {(r["document"], r["sentence_index"]) for r in [*events, *relations]}
    cited |= {(m["document"], m["sentence"]) for m in mentions}
    timexes = []
    for t in store.timexes():
        if t["document"] not in doc_ids:
            continue
        if not period.unbounded and not (t["earliest"] and t["latest"] and period.overlaps(t["earliest"], t["latest"])):
            continue
        if (roots is not None or type is not None) and (t["document"], t["sentence"]) not in cited:
            continue
        timexes.append(t)
    gaps = [g for g in store.gaps() if g["document"] in doc_ids]
    titles_by_doc = {d["id"]: d.get("title") for d in all_docs}
    for row in events:
        row["document_title"] = titles_by_doc.get(row["document"])

    keys = {k for k in cited if k[1] is not None} | {(g["document"], g["sentence"]) for g in gaps
                                                     if g["sentence"] is not None}
    facts = store.sentence_facts(sorted(keys)) if keys else {}
    sentences = {k: {"text": f["text"], "start": f["start"], "end": f["end"]} for k, f in facts.items()}
    by_key = {r["key"]: r for r in records}
    neighbours: dict[str, Row] = {}
    for row in events:
        for key in row["between"] or ():
            record = by_key.get(key)
            span = event_interval(record) if record else None
            if record is not None and span is not None:
                time = record.get("time") or {}
                neighbours[key] = {"value": time.get("value"), "mod": time.get("mod"), "earliest": span[0],
                                   "latest": span[1], "basis": time.get("basis")}
    filters = {"entity": entity, "from": start, "to": end, "type": type}
    from annals.edits import export_log

    edits = export_log(store)["edits"] if store.has_edit_log() else []
    return Selection(filters=filters, documents=documents, entities=entities, mentions=mentions, events=events,
                     relations=relations, timexes=timexes, gaps=gaps, sentences=sentences, neighbours=neighbours,
                     edits=edits)
