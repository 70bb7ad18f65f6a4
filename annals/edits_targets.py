"""How a correction names what it corrects, and how it is told to a person.

A target is named so that it is found again after the documents are extracted again: an entity by its
canonical name and type (a name or alias of it will do; the documents it was mentioned in break ties),
an event by its document, type, trigger and sentence, a mention by its document and place.  Never only
by a row id, which a re-ingest changes.  :func:`entity_arg` reads the entity a user means (an id, a
name or an alias); :func:`describe` says a correction in one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annals.errors import E012, E020, E063, E064, AnnalsError, StoreError
from annals.knowledge import normalise_name
from annals.model import ENTITY_TYPES
from annals.store import Store

Edit = dict[str, Any]


# ---------------------------------------------------------------------------------------------
# Naming targets stably
# ---------------------------------------------------------------------------------------------


def entity_key(store: Store, entity_id: int) -> dict[str, Any]:
    """How a correction names a canonical entity: its name, type and (to tell apart two of one name)
    a few documents that mention it."""
    row = store.entity_row(entity_id)
    if row is None:
        raise StoreError.of(E012, entity=entity_id, store=f"the store {store.path}",
                            fix="list entities with annals entities")
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
        raise AnnalsError.of(E020, problem=f"bad entity type {type!r}",
                             fix="give one of " + ", ".join(sorted(ENTITY_TYPES)))
    found = store.find_entities(text, type=type, exact=True) if text else []
    if not found:
        raise StoreError.of(E012, entity=f"named {text!r}", store=store.path,
                            fix="list the names with: annals entities, or give the entity's id")
    if len(found) > 1:
        by_name = [f for f in found if normalise_name(f["name"]) == normalise_name(text)]
        if len(by_name) == 1:
            return int(by_name[0]["id"])
        listed = "; ".join(f"{f['id']}: {f['name']} ({f['type']})" for f in found[:8])
        raise AnnalsError.of(E063, name=text, count=len(found), listed=listed)
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
        raise StoreError.of(E064, event=event_id, store=store.path)
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


def describe(edit: Edit) -> str:
    """The correction in words: "merge 'the Hansa' (ORG) into 'Hanseatic League' (ORG)"."""
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
