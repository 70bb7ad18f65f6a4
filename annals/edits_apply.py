"""Applying one correction to the store.

Each function of :data:`APPLY` changes the store when ``dry`` is False, and returns APPLIED or
IN_EFFECT (the model was already so); it raises :class:`Dangling` when its target is gone.
:func:`status` says which of these a correction is now, without changing anything.  The log that
calls them (record, replay, undo) is :mod:`annals.edits`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annals.edits_targets import (
    Edit,
    _describe_key,
    _describe_mention,
    _find_doc,
    _offset,
    find_entity,
    find_event,
    find_mention,
)
from annals.errors import E020, AnnalsError
from annals.store import Store

APPLIED, IN_EFFECT = "applied", "in effect"


class Dangling(Exception):
    """A correction whose target is no longer in the store (the message says which)."""


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
        raise AnnalsError.of(E020, problem=f"bad date {value!r}: {exc}",
                             fix="give a year, month or day such as 1871, 1871-03 or 1871-03-18 (BCE: -0044)") from exc
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
