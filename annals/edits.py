"""Corrections as data: a person's fixes to the model, kept in an edit log and applied on top of
what extraction produced.

Each correction is a row of the store's edit log (:mod:`annals.store.edits`): what it does (``op``),
on what (``target``), with what (``args``), when, by whom, and why (``note``).  Its target is named
so that it is found again after the documents are extracted again: an entity by its canonical name
and type (a name or alias of it will do; the documents it was mentioned in break ties), an event by
its document, type, trigger and sentence, a relation by its two entities and its type.  Never only
by a row id, which a re-ingest changes.

The store applies the log again whenever extraction may have undone it: after linking entities
again (every ingest), after removing a document and after a batch (:meth:`Store.apply_edits`).
Applying is idempotent: each correction says whether it changed something (``applied``), found
the model already so (``in effect``) or found its target gone (``dangling``, which ``annals check``
reports; the correction stays in the log).

How a correction names its target is :mod:`annals.edits_targets`; how one correction is applied,
:mod:`annals.edits_apply`; this module keeps the log (record, replay, undo, export, import) and turns
what a user types into corrections.

Undo takes a correction back: what it took away (an event, a relation, an alias, an event's date)
is put back from the stash, the entities it touched are linked again from what the documents say,
keeping the canonical ids they had before, and the rest of the log is applied again.

Operations: ``entity.merge`` (B into A), ``entity.split`` (A's mentions in one document become an
entity of their own), ``entity.rename``, ``entity.retype``, ``alias.add``, ``alias.remove``,
``event.delete``, ``event.redate``, ``relation.add`` (cited to a sentence of a document),
``relation.delete``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annals.edits_apply import (
    APPLIED,
    APPLY,
    ENTITY_OPS,
    Dangling,
    _document_bound,
    _split_suffix,
    curated_time,
    status,
)
from annals.edits_targets import (
    Edit,
    _doc_key,
    _document,
    describe,
    entity_arg,
    entity_key,
    event_key,
    find_entity,
    mention_key,
)
from annals.errors import (
    E001,
    E014,
    E020,
    E060,
    E061,
    E062,
    E065,
    E066,
    E068,
    AnnalsError,
    InputError,
    StoreError,
)
from annals.knowledge import normalise_name
from annals.model import ENTITY_TYPES
from annals.store import Store

FORMAT = "annals-edits"
FORMAT_VERSION = 1

_DOCUMENT_FIX = "give a document id, or the path as it was given to annals ingest"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def replay(store: Store, documents: set[str] | None = None) -> dict[int, str]:
    """Apply every active correction again, oldest first; returns each one's result.  ``documents``: the
    documents just ingested, when only they changed: a correction bound to another document (an event's,
    a relation's of one document) is left as it is, since an ingest changes no other document's events
    and relations.  Corrections of entities are all applied again (linking again may have touched any
    entity that shares a name with what was ingested, or that a merge joined to it)."""
    scope: set[str] | None = None
    if documents is not None:
        scope = set(documents)
        for doc in documents:
            meta = store.document_meta(doc) or {}
            scope |= {v for v in (meta.get("path"), meta.get("content_hash")) if v}
    out: dict[int, str] = {}
    for edit in store.edit_rows(active_only=True):
        bound = _document_bound(edit) if scope is not None else None
        if bound is not None and scope is not None \
                and not {bound.get("document"), bound.get("path"), bound.get("content_hash")} & scope:
            continue  # (a superset of what _find_doc can find: the document it names is not among those)
        try:
            out[edit["id"]] = APPLY[edit["op"]](store, edit, False)
        except Dangling as exc:
            out[edit["id"]] = f"dangling: {exc}"
    return out


def dangling(store: Store) -> list[str]:
    """One sentence for each active correction whose target is no longer in the store."""
    out = []
    for edit in store.edit_rows(active_only=True):
        s = status(store, edit)
        if s.startswith("dangling"):
            out.append(f"correction {edit['id']} ({describe(edit)}) no longer applies: {s[len('dangling: '):]}")
    return out


# ---------------------------------------------------------------------------------------------
# Making, listing, undoing, sharing
# ---------------------------------------------------------------------------------------------


def _links(store: Store, entity_ids: list[int]) -> list[list[Any]]:
    return [[d["doc"], d["local_id"], eid] for eid in entity_ids for d in store.doc_entity_rows(eid)]


def record(store: Store, op: str, target: dict[str, Any], args: dict[str, Any] | None = None,
           note: str | None = None, author: str | None = None, entity_ids: list[int] = (),  # type: ignore[assignment]
           created_at: str | None = None) -> Edit:
    """Add a correction to the log and apply it, in one transaction: nothing is stored when it
    cannot apply (E062 when it would change nothing; the target's own error when it is gone)."""
    with store.bulk():
        state = {"links": _links(store, list(entity_ids))} if entity_ids else {}
        n = store.add_edit_row(op, target, args or {}, note, author, created_at or _now(), state)
        edit = store.edit_row(n)
        assert edit is not None
        try:
            result = APPLY[op](store, edit, False)
        except Dangling as exc:
            raise StoreError.of(E068, gone=exc) from exc
        if result != APPLIED:
            raise AnnalsError.of(E062, problem=f"nothing to correct: {describe(edit)} is already so",
                                 fix="see the model with annals show, and the corrections with annals edits")
    return public(store, edit, APPLIED)


def public(store: Store, edit: Edit, state: str | None = None) -> dict[str, Any]:
    """An edit as the log shows it."""
    return {"id": edit["id"], "op": edit["op"], "description": describe(edit), "target": edit["target"],
            "args": edit["args"], "note": edit["note"], "author": edit["author"], "created_at": edit["created_at"],
            "undone_at": edit["undone_at"], "status": state or status(store, edit)}


def log(store: Store, all: bool = True) -> list[dict[str, Any]]:
    """The edit log, oldest first, each with its status now (see :func:`status`)."""
    if not store.has_active_edits() and not all:
        return []
    try:
        rows = store.edit_rows(active_only=not all)
    except Exception:  # a store older than the edit log, opened read-only: no corrections
        return []
    return [public(store, e) for e in rows]


def undo(store: Store, edit_id: int) -> dict[str, Any]:
    """Take correction ``edit_id`` back: put back what it took away, link the entities it touched
    again from what the documents say (with the ids they had before it) and apply the rest of the
    log again.  E060 when there is no such edit, E061 when it is undone already."""
    with store.bulk():
        edit = store.edit_row(edit_id)
        if edit is None:
            raise AnnalsError.of(E060, edit=edit_id, store=store.path)
        if edit["undone_at"]:
            raise AnnalsError.of(E061, edit=edit_id, undone_at=edit["undone_at"])
        store.mark_edit_undone(edit_id, _now())
        for rid in store.curated_relations(edit_id):
            store.delete_fact("relations", rid)
        for item in store.stashed(edit_id):
            if item["kind"] == "alias":
                store.restore_alias(item["payload"])
            else:
                table = "events" if item["kind"] == "event" else "relations"
                store.delete_fact(table, item["payload"]["id"])  # (a redated event: its corrected row)
                store.restore_fact(table, item["payload"])
        store.drop_stash(edit_id)
        if edit["op"] == "entity.split" and edit["target"].get("mentions"):
            store.unsplit_mentions(_split_suffix(edit))
        if edit["op"] in ENTITY_OPS:
            links = edit["state"].get("links") or []
            prefer = {(d, local): int(e) for d, local, e in links}
            touched = store.doc_entity_ids(prefer)
            for key in _entity_keys(edit):
                eid = find_entity(store, key)
                if eid is not None:
                    touched |= {d["id"] for d in store.doc_entity_rows(eid)}
            store.unsettled |= touched
            store.resolve_entities((), force=True, prefer=prefer)  # (applies the log again)
        else:
            store.apply_edits()
        edit = store.edit_row(edit_id)
    assert edit is not None
    return public(store, edit, "undone")


def _entity_keys(edit: Edit) -> list[dict[str, Any]]:
    t = edit["target"]
    return [t[k] for k in ("entity", "other", "subject", "object") if isinstance(t.get(k), dict)]


def export_log(store: Store) -> dict[str, Any]:
    """The whole edit log as JSON-ready data (``annals edits export``; part of the JSON export)."""
    return {"format": FORMAT, "version": FORMAT_VERSION,
            "edits": [{k: e[k] for k in ("id", "op", "target", "args", "note", "author", "created_at", "undone_at")}
                      for e in store.edit_rows()]}


def import_log(store: Store, data: Any, source: str = "the edits file") -> dict[str, Any]:
    """Add the corrections of an exported log (those not undone there, and not already in this log)
    and apply them.  Ones whose target this store does not hold are kept and reported as dangling,
    so that they apply once the documents they need are ingested.  E066 for data that is no edit log."""
    edits = data.get("edits") if isinstance(data, dict) and data.get("format") == FORMAT else None
    if not isinstance(edits, list) or not all(isinstance(e, dict) and e.get("op") in APPLY
                                              and isinstance(e.get("target"), dict) for e in edits):
        raise InputError.of(E066, source=source, problem=" is not an annals edit log")
    have = {(e["op"], json.dumps(e["target"], sort_keys=True), json.dumps(e["args"], sort_keys=True))
            for e in store.edit_rows(active_only=True)}
    report: dict[str, Any] = {"imported": 0, "skipped": 0, "applied": 0, "in_effect": 0, "dangling": []}
    with store.bulk():
        for e in edits:
            args = e.get("args") or {}
            sig = (e["op"], json.dumps(e["target"], sort_keys=True), json.dumps(args, sort_keys=True))
            if e.get("undone_at") or sig in have:
                report["skipped"] += 1
                continue
            have.add(sig)
            n = store.add_edit_row(e["op"], e["target"], args, e.get("note"), e.get("author"),
                                   e.get("created_at") or _now(), {})
            edit = store.edit_row(n)
            assert edit is not None
            report["imported"] += 1
            try:
                result = APPLY[e["op"]](store, edit, False)
                report["applied" if result == APPLIED else "in_effect"] += 1
            except Dangling as exc:
                report["dangling"].append({"id": n, "description": describe(edit), "why": str(exc)})
            except (KeyError, TypeError, AnnalsError) as exc:
                raise InputError.of(E066, source=source, problem=f": correction {e.get('id')} cannot be read ({exc})"
                                    ) from exc
    return report


def read_log_file(path: str | Path) -> Any:
    p = Path(path)
    if not p.exists():
        raise InputError.of(E001, path=p)
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError.of(E066, source=p, problem=f" cannot be read as an edit log: {exc}") from exc


# ---------------------------------------------------------------------------------------------
# The corrections, from what a user types (names, ids) to a record in the log
# ---------------------------------------------------------------------------------------------

Who = dict[str, Any]  # {"note", "author"}


def merge(store: Store, a: str | int, b: str | int, **who: Any) -> Edit:
    """Merge entity ``b`` into entity ``a`` (``a`` keeps its name and id)."""
    ea, eb = entity_arg(store, a), entity_arg(store, b)
    if ea == eb:
        raise AnnalsError.of(E062, problem=f"{a!r} and {b!r} are one entity already", fix="see it with annals show")
    return record(store, "entity.merge", {"entity": entity_key(store, ea), "other": entity_key(store, eb)},
                  entity_ids=[ea, eb], **who)


def split(store: Store, a: str | int, document: str | None = None, mentions: list[str] | None = None,
          name: str | None = None, **who: Any) -> Edit:
    """Make entity ``a``'s mentions in ``document`` an entity of their own; or, given ``mentions``, those
    mentions only (see :func:`mention_arg`; ``document`` is then the one a mention without its own is
    in), called ``name`` (by default the longest of their forms)."""
    ea = entity_arg(store, a)
    doc = _document(store, document)
    if document and doc is None:
        raise StoreError.of(E014, document=document, store=store.path, fix=_DOCUMENT_FIX)
    if mentions:
        rows: dict[int, dict[str, Any]] = {}
        for spec in mentions:
            rows |= {r["id"]: r for r in mention_arg(store, ea, spec, doc)}
        if set(rows) == store.entity_mention_ids(ea):
            raise AnnalsError.of(E062, problem=f"these are all the mentions of {a!r}: there is nothing to split",
                                 fix="see its mentions with annals show")
        args = {"name": name.strip()} if name and name.strip() else {}
        ordered = sorted(rows.values(), key=lambda r: (r["doc"], r["char_start"]))
        return record(store, "entity.split", {"entity": entity_key(store, ea),
                                              "mentions": [mention_key(store, r) for r in ordered]},
                      args, entity_ids=[ea], **who)
    if doc is None:
        raise AnnalsError.of(E020, problem="a split needs --document or --mention",
                             fix="give the document whose mentions go, or the mentions (annals show NAME --json)")
    rows_ = store.doc_entity_rows(ea)
    if not any(r["doc"] == doc for r in rows_):
        raise AnnalsError.of(E020, problem=f"{a!r} is not mentioned in document {document!r}",
                             fix="see where it is mentioned with annals show")
    if all(r["doc"] == doc for r in rows_):
        raise AnnalsError.of(E062, problem=f"{a!r} is mentioned in document {document!r} only: there is nothing to "
                                           "split", fix="see where it is mentioned with annals show")
    return record(store, "entity.split", {"entity": entity_key(store, ea), **_doc_key(store, doc)},
                  entity_ids=[ea], **who)


def split_in(db: str | Path, a: str | int, document: str | None = None, mentions: list[str] | None = None,
             name: str | None = None, note: str | None = None, author: str | None = None) -> Edit:
    """:func:`split` on the store at ``db`` (what ``annals entity split`` and the API's ``entity.split`` call:
    :func:`annals.api.entity_split` splits by document only)."""
    with Store(db, create=False) as store:
        return split(store, a, document, mentions, name, note=note, author=author)


MENTION_FORMS = "DOC:START-END or DOC:START (character offsets, as annals show --json gives them), DOC:sN " \
                "(its mentions in sentence N, as annals show prints it) or mID (a mention's id)"


def mention_arg(store: Store, entity_id: int, spec: str, document: str | None = None) -> list[dict[str, Any]]:
    """The mentions of entity ``entity_id`` a user means by ``spec`` (see :data:`MENTION_FORMS`; DOC is a
    document id or path, and may be left out, with its colon, when ``document`` is given); E020 when
    the spec cannot be read or names no mention of it."""
    import re

    text = str(spec).strip()
    doc_ref, colon, where = text.rpartition(":")
    by_id = re.fullmatch(r"[mM]#?(\d+)", text)
    if by_id:
        doc = store.mention_doc(int(by_id.group(1)))
        rows = [r for r in store.mention_rows(doc, entity_id) if r["id"] == int(by_id.group(1))] if doc else []
    else:
        doc = _document(store, doc_ref) if colon else document
        if colon and doc is None:
            raise StoreError.of(E014, document=doc_ref, store=store.path, fix=_DOCUMENT_FIX)
        offsets = re.fullmatch(r"(\d+)(?:-(\d+))?", where)
        sentence = re.fullmatch(r"[sS](\d+)", where)
        if doc is None or not (offsets or sentence):
            raise AnnalsError.of(E020, problem=f"bad mention {text!r}", fix="give " + MENTION_FORMS)
        rows = store.mention_rows(doc, entity_id)
        if sentence:
            rows = [r for r in rows if r["sentence"] == int(sentence.group(1))]
        elif offsets:
            lo = int(offsets.group(1))
            hi = int(offsets.group(2)) if offsets.group(2) else lo + 1
            rows = [r for r in rows if r["char_start"] <= lo and hi <= max(r["char_end"], r["char_start"] + 1)]
    if not rows:
        raise AnnalsError.of(E020, problem=f"entity {entity_id} has no mention at {text!r}",
                             fix="see its mentions, with their documents, sentences and offsets, with annals show NAME "
                                 "--json")
    return rows


def rename(store: Store, a: str | int, name: str, **who: Any) -> Edit:
    ea = entity_arg(store, a)
    if not name or not name.strip():
        raise AnnalsError.of(E020, problem="the new name is empty", fix="give the name in quotes")
    return record(store, "entity.rename", {"entity": entity_key(store, ea)}, {"name": name.strip()},
                  entity_ids=[ea], **who)


def retype(store: Store, a: str | int, type: str, **who: Any) -> Edit:
    etype = str(type).upper()
    if etype not in ENTITY_TYPES:
        raise AnnalsError.of(E020, problem=f"bad entity type {type!r}",
                             fix="give one of " + ", ".join(sorted(ENTITY_TYPES)))
    ea = entity_arg(store, a)
    return record(store, "entity.retype", {"entity": entity_key(store, ea)}, {"type": etype},
                  entity_ids=[ea], **who)


def alias(store: Store, action: str, a: str | int, form: str, **who: Any) -> Edit:
    """``action`` "add" or "remove" the name ``form`` of entity ``a``."""
    if action not in ("add", "remove"):
        raise AnnalsError.of(E020, problem=f"bad alias action {action!r}", fix="give add or remove")
    if not form or not normalise_name(form):
        raise AnnalsError.of(E020, problem="the alias is empty", fix="give the name in quotes")
    ea = entity_arg(store, a)
    return record(store, f"alias.{action}", {"entity": entity_key(store, ea)}, {"form": form.strip()},
                  entity_ids=[ea], **who)


def event_delete(store: Store, event_id: str, **who: Any) -> Edit:
    return record(store, "event.delete", {"event": event_key(store, event_id)}, **who)


def event_redate(store: Store, event_id: str, value: str, **who: Any) -> Edit:
    curated_time(value)  # a bad date fails before anything is looked up
    return record(store, "event.redate", {"event": event_key(store, event_id)}, {"value": value}, **who)


def _relation_type(relation: str) -> str:
    from annals.relations.registry import REGISTRY

    name = str(relation).upper()
    if name not in REGISTRY:
        raise AnnalsError.of(E020, problem=f"bad relation type {relation!r}",
                             fix="give one of " + ", ".join(sorted(REGISTRY)))
    return name


def relation(store: Store, action: str, subject: str | int, relation: str, obj: str | int,
             document: str | None = None, sentence: int | None = None, **who: Any) -> Edit:
    """``action`` "add": the relation, cited to ``document`` (and its sentence ``sentence``, by default the
    first that mentions both); "delete": every such relation (of ``document`` only, when given)."""
    if action not in ("add", "delete"):
        raise AnnalsError.of(E020, problem=f"bad relation action {action!r}", fix="give add or delete")
    rel = _relation_type(relation)
    es, eo = entity_arg(store, subject), entity_arg(store, obj)
    target: dict[str, Any] = {"subject": entity_key(store, es), "relation": rel, "object": entity_key(store, eo)}
    doc = _document(store, document) if document else None
    if document and doc is None:
        raise StoreError.of(E014, document=document, store=store.path, fix=_DOCUMENT_FIX)
    if doc is not None:
        target |= _doc_key(store, doc)
    if action == "add":
        if doc is None:
            raise AnnalsError.of(E020, problem="a relation a person adds cites a document: give --document",
                                 fix="the document (id or path) whose text supports it")
        for name, eid in ((subject, es), (obj, eo)):
            if not any(r["doc"] == doc for r in store.doc_entity_rows(eid)):
                raise AnnalsError.of(E020, problem=f"{name!r} is not mentioned in document {document!r}",
                                     fix="cite a document that mentions both")
        if sentence is not None:
            if store.sentence_row(doc, sentence) is None:
                raise AnnalsError.of(E020, problem=f"document {document!r} has no sentence {sentence}",
                                     fix="sentences are numbered from 0, as annals show prints them")
            target["sentence"] = int(sentence)
        return record(store, "relation.add", target, **who)
    if not store.relation_rows_between([es], rel, [eo], doc):
        raise StoreError.of(E065, subject=subject, relation=rel, object=obj, store=store.path)
    return record(store, "relation.delete", target, **who)
