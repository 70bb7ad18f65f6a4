"""Entities: the list (by type, or matching a name) and one entity's page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi import Path as PathParam

from annals import api
from annals.web.cache import cached
from annals.web.common import EntityType, Limit, Offset, error_responses, page, paginate, store_path

router = APIRouter(tags=["entities"])


@router.get("/entities", responses=error_responses(422))
def list_entities(
    db: Annotated[Path, Depends(store_path)],
    type: EntityType | None = None,
    q: Annotated[str | None, Query(max_length=200, description="a name or alias, or its start, or a part")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Entities, most mentioned first: ``{"id", "name", "type", "subtype", "aliases", "mentions",
    "documents"}``.  With ``q``: those whose name or an alias is ``q`` (``match``: exact), else starts with
    it (prefix), else contains it (substring)."""
    if q is not None and q.strip():
        rows = api.find_entities(db, q, type=type, limit=offset + limit)
        return page(rows[offset:], limit, offset, None if len(rows) == offset + limit else len(rows))
    return paginate(cached(api.entities, db, type=type), limit, offset)


@router.get("/entities/{entity_id}", responses=error_responses(404, 422))
def get_entity(
    db: Annotated[Path, Depends(store_path)],
    entity_id: Annotated[int, PathParam(ge=0, le=2**62)],
    limit: Annotated[int, Query(ge=1, le=5000, description="how many mentions to return")] = 200,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="how many mentions to skip")] = 0,
) -> dict[str, Any]:
    """One entity: type, subtype, aliases, titles, documents, its ``relations``, its ``events`` in time
    order and its ``mentions`` in context (a page of them: ``n_mentions`` counts them all)."""
    out = dict(cached(api.entity, db, entity_id))  # a copy: the cached answer stays whole
    out["mentions"] = out["mentions"][offset: offset + limit]
    out["mentions_offset"], out["mentions_limit"] = offset, limit
    return out
