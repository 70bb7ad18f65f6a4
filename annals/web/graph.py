"""The graph: the entities around one entity, through relations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from annals import api
from annals.errors import E020, AnnalsError
from annals.web.cache import cached
from annals.web.common import error_responses, store_path

router = APIRouter(tags=["graph"])


@router.get("/graph", responses=error_responses(400, 404, 422))
def get_graph(
    db: Annotated[Path, Depends(store_path)],
    entity: Annotated[str | None, Query(max_length=200, description="the entity to start from: a name or alias")
                      ] = None,
    id: Annotated[int | None, Query(ge=0, le=2**62, description="or its id")] = None,
    depth: Annotated[int, Query(ge=0, le=4, description="how many relations away to go")] = 2,
    start: Annotated[str | None, Query(alias="from", max_length=40,
                                       description="only relations not dated before this: 1941, 1941-06")] = None,
    end: Annotated[str | None, Query(alias="to", max_length=40, description="only relations not dated after this")
                   ] = None,
) -> dict[str, Any]:
    """``{"root", "nodes", "edges"}`` as ``annals graph``: nodes ``{"id", "name", "type", "depth"}``, edges
    ``{"source", "target", "relation", "document", "sentence", "start", "end", "value"}``."""
    if id is None and not (entity and entity.strip()):
        raise AnnalsError.of(E020, problem="give the entity to start from", fix="add ?entity=NAME or ?id=ID")
    return cached(api.graph, db, id if id is not None else entity or "", depth=depth, start=start or None,
                  end=end or None)
