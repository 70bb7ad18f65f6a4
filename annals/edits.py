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
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annals.errors import (
    E001,
    E012,
    E014,
    E020,
    E060,
    E061,
    E062,
    E063,
    E064,
    E065,
    E066,
    AnnalsError,
    InputError,
    StoreError,
)
from annals.knowledge import normalise_name
from annals.model import ENTITY_TYPES
from annals.store import Store

FORMAT = "annals-edits"
FORMAT_VERSION = 1

APPLIED, IN_EFFECT = "applied", "in effect"

Edit = dict[str, Any]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Dangling(Exception):
    """A correction whose target is no longer in the store (the message says which)."""


# ---------------------------------------------------------------------------------------------
# Naming targets stably
# ---------------------------------------------------------------------------------------------


def entity_key(store: Store, entity_id: int) -> dict[str, Any]:
    """How a correction names a canonical entity: its name, type and (to tell apart two of one name)
    a few documents that mention it."""
    row = store.entity_row(entity_id)
    if row is None:
        raise StoreError(E012, f"no entity {entity_id} in the store {store.path}",
                         "list entities with annals entities")
    docs = sorted({d["doc"] for d in store.doc_entity_rows(entity_id)})[:5]
    return {"name": row["name"], "type": row["type"], "documents": docs}


def find_entity(store: Store, key: dict[str, Any]) -> int | None:
    """The canonical entity a key names now, or None: of those of its type that have its name as
    name or alias (else of any type, mentioned in its documents), the one mentioned in its documents,
    called by it, most mentioned."""
    candidates = store.entities_named(key["name"], key["type"])
    docs = set(key.get("documents") or ())
    if not candidates and docs:
        # of another type now (a later correction retyped it, or linking again joined it to one of
        # another type): the same name in the same documents
        candidates = [e for e in store.entities_named(key["name"], None)
                      if docs & {d["doc"] for d in store.doc_entity_rows(e)}]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    norm = normalise_name(key["name"])

    def rank(eid: int) -> tuple[int, int, int, int]:
        row = store.entity_row(eid) or {}
        shared = len(docs & {d["doc"] for d in store.doc_entity_rows(eid)})
        return (shared, int(normalise_name(row.get("name") or "") == norm), row.get("n_mentions") or 0, -eid)

    return max(candidates, key=rank)


def _describe_key(key: dict[str, Any]) -> str:
    return f"{key['name']!r} ({key['type']})"


def entity_arg(store: Store, ref: str | int, type: str | None = None) -> int:
    """The canonical entity a user means by ``ref``: its id (a number), or a name or alias (``type``
    narrows); E012 when none, E063 when the name names several."""
    text = str(ref).strip()
    if text.lstrip("#").isdigit() and store.entity_row(int(text.lstrip("#"))) is not None:
        return int(text.lstrip("#"))
    if type is not None and type not in ENTITY_TYPES:
        raise AnnalsError(E020, f"bad entity type {type!r}", "give one of " + ", ".join(sorted(ENTITY_TYPES)))
    found = store.find_entities(text, type=type, exact=True) if text else []
    if not found:
        raise StoreError(E012, f"no entity named {text!r} in {store.path}",
                         "list the names with: annals entities, or give the entity's id")
    if len(found) > 1:
        by_name = [f for f in found if normalise_name(f["name"]) == normalise_name(text)]
        if len(by_name) == 1:
            return int(by_name[0]["id"])
        listed = "; ".join(f"{f['id']}: {f['name']} ({f['type']})" for f in found[:8])
        raise AnnalsError(E063, f"{text!r} names {len(found)} entities: {listed}",
                          "give the entity's id instead of its name")
    return int(found[0]["id"])


def _document(store: Store, ref: str | None) -> str | None:
    if not ref:
        return None
    import os

    return store.document_id_of(ref) or store.document_id_of(os.path.abspath(ref))


def _doc_key(store: Store, doc: str) -> dict[str, Any]:
    meta = store.document_meta(doc) or {}
    return {"document": doc, "path": meta.get("path"), "content_hash": meta.get("content_hash")}


def _find_doc(store: Store, key: dict[str, Any]) -> str | None:
    """The document a key names: by its path, else its id, else (a store where the same text was
    ingested from another folder, e.g. a colleague's) by its content."""
    return ((_document(store, key.get("path")) if key.get("path") else None) or _document(store, key.get("document"))
            or (store.document_with_hash(key["content_hash"]) if key.get("content_hash") else None))


def event_key(store: Store, event_id: str) -> dict[str, Any]:
    """How a correction names an event given as the timeline shows it (``document:v3``): its document,
    type, trigger, sentence and offset in the sentence."""
    doc_ref, _, local = str(event_id).rpartition(":")
    doc = _document(store, doc_ref)
    rows = store.fact_rows("events", doc, local) if doc and local else []
    if not rows:
        raise StoreError(E064, f"no event {event_id!r} in {store.path}",
                         "the ids are those of annals timeline --json (document:v3)")
    r = rows[0]
    return {**_doc_key(store, doc), "local": local, "type": r["payload"].get("type"),
            "trigger": r["payload"].get("trigger"), "sentence": r["sentence_text"],
            "offset": _offset(r)}


def _offset(row: dict[str, Any]) -> int | None:
    if row.get("char_start") is None or row.get("sentence_start") is None:
        return None
    return int(row["char_start"]) - int(row["sentence_start"])


def find_event(store: Store, key: dict[str, Any]) -> dict[str, Any] | None:
    """The stored event a key names now (the same trigger and type in the same sentence of its
    document, the nearest to where it was), or None."""
    doc = _find_doc(store, key)
    if doc is None:
        return None
    same = [r for r in store.fact_rows("events", doc)
            if r["payload"].get("type") == key.get("type") and r["payload"].get("trigger") == key.get("trigger")
            and (r["sentence_text"] == key.get("sentence") or (key.get("sentence") is None
                                                               and r["local_id"] == key.get("local")))]
    if not same:
        return None
    want = key.get("offset") or 0
    return min(same, key=lambda r: (abs((_offset(r) or 0) - want), r["id"]))


# ---------------------------------------------------------------------------------------------
# Applying one correction.  Each function changes the store when ``dry`` is False, and returns
# APPLIED or IN_EFFECT; it raises Dangling when its target is gone.
# ---------------------------------------------------------------------------------------------


def _need(store: Store, key: dict[str, Any]) -> int:
    eid = find_entity(store, key)
    if eid is None:
        raise Dangling(f"entity {_describe_key(key)} is no longer in the store")
    return eid


def _merge(store: Store, edit: Edit, dry: bool) -> str:
    into, other = _need(store, edit["target"]["entity"]), _need(store, edit["target"]["other"])
    if into == other:
        return IN_EFFECT
    if not dry:
        store.relink([d["id"] for d in store.doc_entity_rows(other)], into)
    return APPLIED


def _split(store: Store, edit: Edit, dry: bool) -> str:
    if edit["target"].get("mentions"):
        return _split_mentions(store, edit, dry)
    key = edit["target"]["entity"]
    doc = _find_doc(store, edit["target"])
    if doc is None:
        raise Dangling(f"document {edit['target'].get('path') or edit['target']['document']} is no longer in the store")
    found = False
    for eid in store.entities_named(key["name"], key["type"]):
        rows = store.doc_entity_rows(eid)
        here = [r for r in rows if r["doc"] == doc]
        found = found or bool(here)
        if here and len(here) < len(rows):
            if not dry:
                store.relink([r["id"] for r in here], None, name=here[0]["name"], type=here[0]["type"])
            return APPLIED
    if not found:
        raise Dangling(f"entity {_describe_key(key)} is no longer mentioned in document {doc}")
    return IN_EFFECT


def mention_key(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    """How a correction names a mention (a row of :meth:`Store.mention_rows`): its document (path, id and
    content hash), its characters and their offsets, and its sentence with the offset in it, so that it
    is found again when the document is extracted again, or changed elsewhere."""
    return {**_doc_key(store, row["doc"]), "start": row["char_start"], "end": row["char_end"], "text": row["text"],
            "sentence": row["sentence_text"], "offset": _offset({"char_start": row["char_start"],
                                                                "sentence_start": row["sentence_start"]})}


def find_mention(store: Store, key: dict[str, Any]) -> dict[str, Any] | None:
    """The stored mention a key names now, or None: in its document (found by path, id or content),
    the same characters at the same offsets when the content is the same; else the same characters at
    the same place of the same sentence (the document changed elsewhere)."""
    doc = _find_doc(store, key)
    if doc is None:
        return None
    rows = [r for r in store.mention_rows(doc) if r["text"] == key.get("text")]
    same_content = (store.document_meta(doc) or {}).get("content_hash") == key.get("content_hash")
    if same_content:
        exact = [r for r in rows if (r["char_start"], r["char_end"]) == (key.get("start"), key.get("end"))]
        if exact:
            return exact[0]
    said = (key.get("sentence") or "").strip()
    placed = [r for r in rows
              if said and (r["sentence_text"] or "").strip() == said and _offset(r) == key.get("offset")]
    return placed[0] if placed else None


def _describe_mention(key: dict[str, Any]) -> str:
    return f"{key.get('text')!r} at {key.get('start')} of {Path(key.get('path') or key['document']).name}"


def _split_mentions(store: Store, edit: Edit, dry: bool) -> str:
    """Some mentions of an entity become an entity of their own: in effect when they are all one
    canonical entity's, and that entity has no other mention."""
    found, gone = [], []
    for key in edit["target"]["mentions"]:
        row = find_mention(store, key)
        (found.append(row) if row is not None else gone.append(key))
    ids = {r["id"] for r in found}
    owners = {r["entity"] for r in found}
    result = IN_EFFECT
    if found and not (len(owners) == 1 and store.entity_mention_ids(next(iter(owners))) == ids):
        result = APPLIED
        if not dry:  # (those still extracted go, even when some are gone: those are reported)
            name = edit["args"].get("name") or max((r["text"] for r in found), key=lambda t: (len(t), t))
            store.split_mentions(ids, name, found[0]["type"], _split_suffix(edit))
    wanted = edit["args"].get("name")
    if result == IN_EFFECT and found and wanted and (store.entity_row(found[0]["entity"]) or {}).get("name") != wanted:
        result = APPLIED  # linking again named it after its documents: the name the correction gave it
        if not dry:
            store.set_entity_name(found[0]["entity"], wanted)
    if gone:
        more = f" (and {len(gone) - 1} more)" if len(gone) > 1 else ""
        raise Dangling(f"the mention {_describe_mention(gone[0])}{more} is no longer extracted")
    return result


def _split_suffix(edit: Edit) -> str:
    """The end of the local id of a document entity a mention split made (see :meth:`Store.split_mentions`)."""
    return f"~split{edit['id']}"


def _rename(store: Store, edit: Edit, dry: bool) -> str:
    key, name = edit["target"]["entity"], edit["args"]["name"]
    eid = find_entity(store, key) or find_entity(store, {**key, "name": name})
    if eid is None:
        raise Dangling(f"entity {_describe_key(key)} is no longer in the store")
    if (store.entity_row(eid) or {}).get("name") == name:
        return IN_EFFECT
    if not dry:
        store.set_entity_name(eid, name)
    return APPLIED


def _retype(store: Store, edit: Edit, dry: bool) -> str:
    key, etype = edit["target"]["entity"], edit["args"]["type"]
    eid = find_entity(store, key)
    if eid is None:
        if find_entity(store, {**key, "type": etype}) is not None:
            return IN_EFFECT
        raise Dangling(f"entity {_describe_key(key)} is no longer in the store")
    if (store.entity_row(eid) or {}).get("type") == etype:
        return IN_EFFECT
    # the entity retyped before, when a document extracted again or a new one gives the old type again:
    # what is called so with the old type is that entity
    same = [e for e in store.entities_named(key["name"], etype) if e != eid]
    if not dry:
        if same:
            store.relink([d["id"] for d in store.doc_entity_rows(eid)], find_entity(store, {**key, "type": etype}))
        else:
            store.set_entity_type(eid, etype)
    return APPLIED


def _alias_add(store: Store, edit: Edit, dry: bool) -> str:
    eid = _need(store, edit["target"]["entity"])
    if store.entity_has_alias(eid, edit["args"]["form"]):
        return IN_EFFECT
    if not dry:
        store.add_alias(eid, edit["args"]["form"])
    return APPLIED


def _alias_remove(store: Store, edit: Edit, dry: bool) -> str:
    eid = _need(store, edit["target"]["entity"])
    if not store.entity_has_alias(eid, edit["args"]["form"]):
        return IN_EFFECT
    if not dry:
        for row in store.remove_alias(eid, edit["args"]["form"]):
            store.stash(edit["id"], row["doc"], "alias", f"{row['local_id']}\t{row['alias']}\t{row['kind']}",
                        None, row)
    return APPLIED


def _event_gone(store: Store, edit: Edit) -> Dangling:
    key = edit["target"]["event"]
    return Dangling(f"event {key.get('trigger')!r} ({key.get('type')}) of {key.get('path') or key['document']} "
                    "is no longer extracted")


def _event_delete(store: Store, edit: Edit, dry: bool) -> str:
    row = find_event(store, edit["target"]["event"])
    if row is None:
        if store.stashed(edit["id"], "event"):
            return IN_EFFECT
        raise _event_gone(store, edit)
    if not dry:
        store.stash(edit["id"], row["doc"], "event", "event", row["id"], row)
        store.delete_fact("events", row["id"])
    return APPLIED


def curated_time(value: str) -> dict[str, Any]:
    """An event's time as a person gave it (E020 for a value that is not a date)."""
    from annals.dates.timex import interval

    try:
        earliest, latest = interval(value)
    except (ValueError, KeyError, IndexError) as exc:
        raise AnnalsError(E020, f"bad date {value!r}: {exc}",
                          "give a year, month or day such as 1871, 1871-03 or 1871-03-18 (BCE: -0044)") from exc
    return {"value": value, "mod": None, "earliest": earliest, "latest": latest, "basis": "curated"}


def _event_redate(store: Store, edit: Edit, dry: bool) -> str:
    row = find_event(store, edit["target"]["event"])
    if row is None:
        raise _event_gone(store, edit)
    time = curated_time(edit["args"]["value"])
    if (row["payload"].get("time") or {}) == time:
        return IN_EFFECT
    if not dry:
        store.stash(edit["id"], row["doc"], "event", "event", row["id"], row)
        store.set_event_time(row["id"], {**row["payload"], "time": time})
    return APPLIED


def _ends(store: Store, target: dict[str, Any]) -> tuple[int, int]:
    return _need(store, target["subject"]), _need(store, target["object"])


def _relation_delete(store: Store, edit: Edit, dry: bool) -> str:
    subject, obj = _ends(store, edit["target"])
    doc = _find_doc(store, edit["target"]) if edit["target"].get("document") else None
    if edit["target"].get("document") and doc is None:
        raise Dangling(f"document {edit['target'].get('path') or edit['target']['document']} is no longer in the store")
    rows = store.relation_rows_between([subject], edit["target"]["relation"], [obj], doc)
    if not rows:
        if store.stashed(edit["id"], "relation"):
            return IN_EFFECT
        raise Dangling(f"no relation {edit['target']['relation']} from {_describe_key(edit['target']['subject'])} "
                       f"to {_describe_key(edit['target']['object'])} any more")
    if not dry:
        for row in rows:
            store.stash(edit["id"], row["doc"], "relation", f"{row['sentence_text']}\t{_offset(row)}\t{row['id']}",
                        row["id"], row)
            store.delete_fact("relations", row["id"])
    return APPLIED


def _relation_add(store: Store, edit: Edit, dry: bool) -> str:
    target = edit["target"]
    subject, obj = _ends(store, target)
    doc = _find_doc(store, target)
    if doc is None:
        raise Dangling(f"document {target.get('path') or target['document']} is no longer in the store")
    if store.curated_relations(edit["id"]):
        return IN_EFFECT
    local = {}
    for side, eid in (("subject", subject), ("object", obj)):
        here = [r for r in store.doc_entity_rows(eid) if r["doc"] == doc]
        if not here:
            raise Dangling(f"{_describe_key(target[side])} is not mentioned in document {doc}")
        local[side] = here[0]
    index = target.get("sentence")
    if index is None:
        index = store.first_mention_sentence(doc, [subject, obj])
    sentence = store.sentence_row(doc, index) if index is not None else None
    if not dry:
        names = {side: (store.entity_row(eid) or {}).get("name")
                 for side, eid in (("subject", subject), ("object", obj))}
        payload = {"relation": target["relation"], "subject": names["subject"],
                   "subject_id": local["subject"]["local_id"], "object": names["object"],
                   "object_id": local["object"]["local_id"], "negated": False, "time": None,
                   "source": {"sentence_index": index, "sentence": sentence and sentence["text"],
                              "start": sentence and sentence["char_start"], "end": sentence and sentence["char_end"]},
                   "curated": edit["id"]}
        store.add_relation_row(doc, payload, index, sentence and sentence["char_start"],
                               sentence and sentence["char_end"])
    return APPLIED


APPLY: dict[str, Callable[[Store, Edit, bool], str]] = {
    "entity.merge": _merge, "entity.split": _split, "entity.rename": _rename, "entity.retype": _retype,
    "alias.add": _alias_add, "alias.remove": _alias_remove, "event.delete": _event_delete,
    "event.redate": _event_redate, "relation.add": _relation_add, "relation.delete": _relation_delete,
}
#: the operations whose undo links entities again
ENTITY_OPS = {"entity.merge", "entity.split", "entity.rename", "entity.retype", "alias.add", "alias.remove"}


def status(store: Store, edit: Edit) -> str:
    """What applying the edit now would do: "applied" (it would change the model), "in effect", "undone"
    or "dangling: why"; changes nothing."""
    if edit.get("undone_at"):
        return "undone"
    try:
        return APPLY[edit["op"]](store, edit, True)
    except Dangling as exc:
        return f"dangling: {exc}"


#: the operations whose target lies in one document, which only (re-)ingesting that document undoes
DOCUMENT_OPS = {"event.delete", "event.redate", "relation.add"}


def _document_bound(edit: Edit) -> dict[str, Any] | None:
    """The key of the one document a correction's target lies in (events, a relation added, a relation
    deleted in one document), or None when it may lie in any (entities, a relation deleted everywhere)."""
    t = edit["target"]
    if edit["op"] in DOCUMENT_OPS or (edit["op"] == "relation.delete" and t.get("document")):
        return t["event"] if edit["op"].startswith("event.") else t
    return None


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
            raise StoreError(E012, str(exc), "list what the store holds with annals entities / timeline") from exc
        if result != APPLIED:
            raise AnnalsError(E062, f"nothing to correct: {describe(edit)} is already so",
                              "see the model with annals show, and the corrections with annals edits")
    return public(store, edit, APPLIED)


def public(store: Store, edit: Edit, state: str | None = None) -> dict[str, Any]:
    """An edit as the log shows it."""
    return {"id": edit["id"], "op": edit["op"], "description": describe(edit), "target": edit["target"],
            "args": edit["args"], "note": edit["note"], "author": edit["author"], "created_at": edit["created_at"],
            "undone_at": edit["undone_at"], "status": state or status(store, edit)}


def describe(edit: Edit) -> str:
    """The correction in words: "merge 'Russia' (GPE) into 'Russian Empire' (GPE)"."""
    t, a, op = edit["target"], edit["args"], edit["op"]
    if op == "entity.merge":
        return f"merge {_describe_key(t['other'])} into {_describe_key(t['entity'])}"
    if op == "entity.split" and t.get("mentions"):
        shown = ", ".join(_describe_mention(m) for m in t["mentions"][:3])
        more = f" and {len(t['mentions']) - 3} more" if len(t["mentions"]) > 3 else ""
        return f"split {_describe_key(t['entity'])}: {shown}{more} into an entity of its own"
    if op == "entity.split":
        return f"split {_describe_key(t['entity'])} in {t.get('path') or t['document']} into an entity of its own"
    if op == "entity.rename":
        return f"rename {_describe_key(t['entity'])} to {a['name']!r}"
    if op == "entity.retype":
        return f"retype {_describe_key(t['entity'])} as {a['type']}"
    if op == "alias.add":
        return f"add alias {a['form']!r} to {_describe_key(t['entity'])}"
    if op == "alias.remove":
        return f"remove alias {a['form']!r} from {_describe_key(t['entity'])}"
    if op in ("event.delete", "event.redate"):
        e = t["event"]
        what = f"event {e.get('trigger')!r} ({e.get('type')}) of {Path(e.get('path') or e['document']).name}"
        return f"delete {what}" if op == "event.delete" else f"redate {what} to {a['value']}"
    if op in ("relation.add", "relation.delete"):
        verb = "add" if op == "relation.add" else "delete"
        where = f" in {Path(t.get('path') or t['document']).name}" if t.get("document") else ""
        return f"{verb} {_describe_key(t['subject'])} {t['relation']} {_describe_key(t['object'])}{where}"
    return op


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
            raise AnnalsError(E060, f"no correction {edit_id} in the edit log of {store.path}",
                              "list them with annals edits")
        if edit["undone_at"]:
            raise AnnalsError(E061, f"correction {edit_id} was undone already ({edit['undone_at']})",
                              "list the corrections in effect with annals edits")
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
        raise InputError(E066, f"{source} is not an annals edit log",
                         "give a file written by annals edits export")
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
                raise InputError(E066, f"{source}: correction {e.get('id')} cannot be read ({exc})",
                                 "give a file written by annals edits export") from exc
    return report


def read_log_file(path: str | Path) -> Any:
    p = Path(path)
    if not p.exists():
        raise InputError(E001, f"{p} does not exist", "check the path")
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(E066, f"{p} cannot be read as an edit log: {exc}",
                         "give a file written by annals edits export") from exc


# ---------------------------------------------------------------------------------------------
# The corrections, from what a user types (names, ids) to a record in the log
# ---------------------------------------------------------------------------------------------

Who = dict[str, Any]  # {"note", "author"}


def merge(store: Store, a: str | int, b: str | int, **who: Any) -> Edit:
    """Merge entity ``b`` into entity ``a`` (``a`` keeps its name and id)."""
    ea, eb = entity_arg(store, a), entity_arg(store, b)
    if ea == eb:
        raise AnnalsError(E062, f"{a!r} and {b!r} are one entity already", "see it with annals show")
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
        raise StoreError(E014, f"no document {document!r} in {store.path}",
                         "give a document id, or the path as it was given to annals ingest")
    if mentions:
        rows: dict[int, dict[str, Any]] = {}
        for spec in mentions:
            rows |= {r["id"]: r for r in mention_arg(store, ea, spec, doc)}
        if set(rows) == store.entity_mention_ids(ea):
            raise AnnalsError(E062, f"these are all the mentions of {a!r}: there is nothing to split",
                              "see its mentions with annals show")
        args = {"name": name.strip()} if name and name.strip() else {}
        ordered = sorted(rows.values(), key=lambda r: (r["doc"], r["char_start"]))
        return record(store, "entity.split", {"entity": entity_key(store, ea),
                                              "mentions": [mention_key(store, r) for r in ordered]},
                      args, entity_ids=[ea], **who)
    if doc is None:
        raise AnnalsError(E020, "a split needs --document or --mention",
                          "give the document whose mentions go, or the mentions (annals show NAME --json)")
    rows_ = store.doc_entity_rows(ea)
    if not any(r["doc"] == doc for r in rows_):
        raise AnnalsError(E020, f"{a!r} is not mentioned in document {document!r}",
                          "see where it is mentioned with annals show")
    if all(r["doc"] == doc for r in rows_):
        raise AnnalsError(E062, f"{a!r} is mentioned in document {document!r} only: there is nothing to split",
                          "see where it is mentioned with annals show")
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
            raise StoreError(E014, f"no document {doc_ref!r} in {store.path}",
                             "give a document id, or the path as it was given to annals ingest")
        offsets = re.fullmatch(r"(\d+)(?:-(\d+))?", where)
        sentence = re.fullmatch(r"[sS](\d+)", where)
        if doc is None or not (offsets or sentence):
            raise AnnalsError(E020, f"bad mention {text!r}", "give " + MENTION_FORMS)
        rows = store.mention_rows(doc, entity_id)
        if sentence:
            rows = [r for r in rows if r["sentence"] == int(sentence.group(1))]
        elif offsets:
            lo = int(offsets.group(1))
            hi = int(offsets.group(2)) if offsets.group(2) else lo + 1
            rows = [r for r in rows if r["char_start"] <= lo and hi <= max(r["char_end"], r["char_start"] + 1)]
    if not rows:
        raise AnnalsError(E020, f"entity {entity_id} has no mention at {text!r}",
                          "see its mentions, with their documents, sentences and offsets, with annals show NAME --json")
    return rows


def rename(store: Store, a: str | int, name: str, **who: Any) -> Edit:
    ea = entity_arg(store, a)
    if not name or not name.strip():
        raise AnnalsError(E020, "the new name is empty", "give the name in quotes")
    return record(store, "entity.rename", {"entity": entity_key(store, ea)}, {"name": name.strip()},
                  entity_ids=[ea], **who)


def retype(store: Store, a: str | int, type: str, **who: Any) -> Edit:
    etype = str(type).upper()
    if etype not in ENTITY_TYPES:
        raise AnnalsError(E020, f"bad entity type {type!r}", "give one of " + ", ".join(sorted(ENTITY_TYPES)))
    ea = entity_arg(store, a)
    return record(store, "entity.retype", {"entity": entity_key(store, ea)}, {"type": etype},
                  entity_ids=[ea], **who)


def alias(store: Store, action: str, a: str | int, form: str, **who: Any) -> Edit:
    """``action`` "add" or "remove" the name ``form`` of entity ``a``."""
    if action not in ("add", "remove"):
        raise AnnalsError(E020, f"bad alias action {action!r}", "give add or remove")
    if not form or not normalise_name(form):
        raise AnnalsError(E020, "the alias is empty", "give the name in quotes")
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
        raise AnnalsError(E020, f"bad relation type {relation!r}", "give one of " + ", ".join(sorted(REGISTRY)))
    return name


def relation(store: Store, action: str, subject: str | int, relation: str, obj: str | int,
             document: str | None = None, sentence: int | None = None, **who: Any) -> Edit:
    """``action`` "add": the relation, cited to ``document`` (and its sentence ``sentence``, by default the
    first that mentions both); "delete": every such relation (of ``document`` only, when given)."""
    if action not in ("add", "delete"):
        raise AnnalsError(E020, f"bad relation action {action!r}", "give add or delete")
    rel = _relation_type(relation)
    es, eo = entity_arg(store, subject), entity_arg(store, obj)
    target: dict[str, Any] = {"subject": entity_key(store, es), "relation": rel, "object": entity_key(store, eo)}
    doc = _document(store, document) if document else None
    if document and doc is None:
        raise StoreError(E014, f"no document {document!r} in {store.path}",
                         "give a document id, or the path as it was given to annals ingest")
    if doc is not None:
        target |= _doc_key(store, doc)
    if action == "add":
        if doc is None:
            raise AnnalsError(E020, "a relation a person adds cites a document: give --document",
                              "the document (id or path) whose text supports it")
        for name, eid in ((subject, es), (obj, eo)):
            if not any(r["doc"] == doc for r in store.doc_entity_rows(eid)):
                raise AnnalsError(E020, f"{name!r} is not mentioned in document {document!r}",
                                  "cite a document that mentions both")
        if sentence is not None:
            if store.sentence_row(doc, sentence) is None:
                raise AnnalsError(E020, f"document {document!r} has no sentence {sentence}",
                                  "sentences are numbered from 0, as annals show prints them")
            target["sentence"] = int(sentence)
        return record(store, "relation.add", target, **who)
    if not store.relation_rows_between([es], rel, [eo], doc):
        raise StoreError(E065, f"no relation {subject!r} {rel} {obj!r} in {store.path}",
                         "list them with annals relations --entity NAME")
    return record(store, "relation.delete", target, **who)
