"""Corrections from the explorer and the API: the edit log (always readable) and, only when the server
was started with ``--allow-edit``, merge, split, rename, retype, alias, event delete/redate, relation
add/delete and undo.  Each route calls the :mod:`annals.api` function the CLI calls."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, Field

from annals import api
from annals.errors import E020, E067, AnnalsError
from annals.web.common import EntityType, error_responses, store_path

router = APIRouter(tags=["edits"])

Op = Literal["entity.merge", "entity.split", "entity.rename", "entity.retype", "alias.add", "alias.remove",
             "event.delete", "event.redate", "relation.add", "relation.delete"]


class Correction(BaseModel):
    """One correction.  ``entity`` (an id or a name) is what ``entity.*`` and ``alias.*`` correct;
    ``other``: the entity merged into it; ``name``: the new name; ``type``: the new type; ``form``: the
    alias; ``event``: an event id as the timeline gives it (``document:v3``); ``value``: its new date;
    ``subject``/``relation``/``object``/``document``/``sentence``: a relation (``document``: the one
    split, or cited); ``mentions``: the mentions an ``entity.split`` makes an entity of their own
    (``DOC:START-END``, ``DOC:START``, ``DOC:sN`` or ``mID``), with ``name`` the new entity's."""

    op: Op
    entity: str | int | None = None
    other: str | int | None = None
    name: str | None = Field(None, max_length=300)
    type: EntityType | None = None
    form: str | None = Field(None, max_length=300)
    event: str | None = Field(None, max_length=600)
    value: str | None = Field(None, max_length=40)
    subject: str | int | None = None
    relation: str | None = Field(None, max_length=40)
    object: str | int | None = None
    document: str | None = Field(None, max_length=500)
    mentions: list[Annotated[str, Field(max_length=600)]] | None = Field(None, max_length=200)
    sentence: int | None = Field(None, ge=0)
    note: str | None = Field(None, max_length=2000)
    author: str | None = Field(None, max_length=200)


def _require_edit(request: Request) -> None:
    if not getattr(request.app.state, "allow_edit", False):
        raise AnnalsError.of(E067)


def _need(value: Any, what: str, op: str) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise AnnalsError.of(E020, problem=f"{op} needs {what}", fix="see the fields of a correction at /docs")
    if len(str(value)) > 600:
        raise AnnalsError.of(E020, problem=f"{what} is too long", fix="give a name, an id or an event id")
    return value


@router.get("/edits", responses=error_responses(422))
def list_edits(request: Request, db: Annotated[Path, Depends(store_path)]) -> dict[str, Any]:
    """The edit log, oldest first, each with its ``status`` ("in effect", "undone", "dangling: why"), and
    whether this server accepts corrections (``allow_edit``)."""
    return {"items": api.edits(db), "allow_edit": bool(getattr(request.app.state, "allow_edit", False))}


@router.post("/edits", status_code=201, responses=error_responses(400, 403, 404, 409, 422))
def post_edit(request: Request, db: Annotated[Path, Depends(store_path)], c: Correction) -> dict[str, Any]:
    """Make one correction; refused (403, E067) unless the server was started with ``--allow-edit``.
    Returns the correction as the edit log shows it."""
    _require_edit(request)
    who = {"note": c.note, "author": c.author}
    op = c.op
    if op.startswith("event."):
        event = _need(c.event, "event", op)
        if op == "event.delete":
            return api.event_delete(db, event, **who)
        return api.event_redate(db, event, _need(c.value, "value", op), **who)
    if op.startswith("relation."):
        return api.relation_edit(db, op.split(".")[1], _need(c.subject, "subject", op),
                                 _need(c.relation, "relation", op), _need(c.object, "object", op),
                                 document=c.document, sentence=c.sentence, **who)
    entity = _need(c.entity, "entity", op)
    if op == "entity.merge":
        return api.entity_merge(db, entity, _need(c.other, "other", op), **who)
    if op == "entity.split":
        if c.mentions:
            from annals.edits import split_in

            return split_in(db, entity, c.document, c.mentions, c.name, **who)
        return api.entity_split(db, entity, _need(c.document, "document", op), **who)
    if op == "entity.rename":
        return api.entity_rename(db, entity, _need(c.name, "name", op), **who)
    if op == "entity.retype":
        return api.entity_retype(db, entity, _need(c.type, "type", op), **who)
    return api.alias_edit(db, op.split(".")[1], entity, _need(c.form, "form", op), **who)


@router.post("/edits/{edit_id}/undo", responses=error_responses(403, 404, 409, 422))
def undo_edit(request: Request, db: Annotated[Path, Depends(store_path)],
              edit_id: Annotated[int, PathParam(ge=1, le=2**62)]) -> dict[str, Any]:
    """Take a correction back; refused (403, E067) unless the server was started with ``--allow-edit``."""
    _require_edit(request)
    return api.edits_undo(db, edit_id)
