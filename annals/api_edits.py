"""The Python API of corrections: one function per ``annals entity/alias/event/relation/edits`` command
and ``/api/edits`` route.  Each opens the store and calls :mod:`annals.edits`, which keeps the edit log.

They are also the functions of :mod:`annals.api` (``api.entity_merge`` ...), where the CLI and the HTTP
routes call them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annals.errors import E020, AnnalsError, environment_failure
from annals.store import Store, open_store


def _read_store(db: str | Path) -> Store:
    return open_store(db, create=False, readonly=True)  # as annals.api opens a store to read it


def _edit(db: str | Path, fn_name: str, *args: Any, note: str | None = None, author: str | None = None
          ) -> dict[str, Any]:
    from annals import edits

    with Store(db, create=False) as store:
        return getattr(edits, fn_name)(store, *args, note=note, author=author)


def entity_merge(db: str | Path, a: str | int, b: str | int, note: str | None = None, author: str | None = None
                 ) -> dict[str, Any]:
    """Merge entity ``b`` into ``a`` (names, ids or aliases); the correction, as the edit log shows it.
    Like every correction it is kept in the store's edit log and applied again after each ingest."""
    return _edit(db, "merge", a, b, note=note, author=author)


def entity_split(db: str | Path, a: str | int, document: str, note: str | None = None, author: str | None = None
                 ) -> dict[str, Any]:
    """Make entity ``a``'s mentions in ``document`` (id or path) an entity of their own."""
    return _edit(db, "split", a, document, note=note, author=author)


def entity_rename(db: str | Path, a: str | int, name: str, note: str | None = None, author: str | None = None
                  ) -> dict[str, Any]:
    """Give entity ``a`` the canonical name ``name``."""
    return _edit(db, "rename", a, name, note=note, author=author)


def entity_retype(db: str | Path, a: str | int, type: str, note: str | None = None, author: str | None = None
                  ) -> dict[str, Any]:
    """Give entity ``a`` the type ``type`` (PERSON, ORG, GPE, LOC, GROUP, EVENT or WORK)."""
    return _edit(db, "retype", a, type, note=note, author=author)


def alias_edit(db: str | Path, action: str, a: str | int, form: str, note: str | None = None,
               author: str | None = None) -> dict[str, Any]:
    """``action`` "add" or "remove": the name ``form`` of entity ``a``."""
    return _edit(db, "alias", action, a, form, note=note, author=author)


def event_delete(db: str | Path, event_id: str, note: str | None = None, author: str | None = None
                 ) -> dict[str, Any]:
    """Delete an event (its id as the timeline gives it: ``document:v3``)."""
    return _edit(db, "event_delete", event_id, note=note, author=author)


def event_redate(db: str | Path, event_id: str, value: str, note: str | None = None, author: str | None = None
                 ) -> dict[str, Any]:
    """Give an event the date ``value`` (1871, 1871-03, 1871-03-18; BCE -0044)."""
    return _edit(db, "event_redate", event_id, value, note=note, author=author)


def relation_edit(db: str | Path, action: str, subject: str | int, relation: str, obj: str | int,
                  document: str | None = None, sentence: int | None = None, note: str | None = None,
                  author: str | None = None) -> dict[str, Any]:
    """``action`` "add" (cited to ``document``, and ``sentence`` of it) or "delete" a relation."""
    return _edit(db, "relation", action, subject, relation, obj, document, sentence, note=note, author=author)


def edits(db: str | Path, all: bool = True) -> list[dict[str, Any]]:
    """The edit log, oldest first: ``{"id", "op", "description", "target", "args", "note", "author",
    "created_at", "undone_at", "status"}``; status "in effect", "applied", "undone" or "dangling: why"."""
    from annals.edits import log

    with _read_store(db) as store:
        return log(store, all=all)


def edits_undo(db: str | Path, edit_id: int) -> dict[str, Any]:
    """Take correction ``edit_id`` back (E060 none, E061 undone already); the model is as it was before it."""
    from annals.edits import undo

    with Store(db, create=False) as store:
        return undo(store, int(edit_id))


def edits_export(db: str | Path, out: str | Path) -> dict[str, Any]:
    """Write the edit log as JSON to ``out`` (``-``: returned only); returns the log."""
    import json

    from annals.edits import export_log

    with _read_store(db) as store:
        data = export_log(store) if store.has_edit_log() else {"format": "annals-edits", "version": 1,
                                                                    "edits": []}
    if str(out) != "-":
        try:
            Path(out).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        except OSError as exc:
            raise environment_failure(exc, out) or AnnalsError.of(E020, problem=f"cannot write {out}: {exc}",
                                                                  fix="give a writable file") from exc
    return data


def edits_import(db: str | Path, file: str | Path) -> dict[str, Any]:
    """Add the corrections of an exported edit log and apply them: ``{"imported", "skipped", "applied",
    "in_effect", "dangling": [...]}`` (E066 for a file that is no edit log)."""
    from annals.edits import import_log, read_log_file

    data = read_log_file(file)
    with Store(db, create=False) as store:
        return import_log(store, data, source=str(file))
