"""Full-text search of the sentences."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from annals import api
from annals.web.common import error_responses, page, store_path

router = APIRouter(tags=["search"])


@router.get("/search", responses=error_responses(422))
def search_sentences(
    db: Annotated[Path, Depends(store_path)],
    q: Annotated[str, Query(min_length=1, max_length=500, description='words, or FTS5 syntax: "Don Cossacks"')],
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> dict[str, Any]:
    """Sentences matching ``q``, best first: ``{"document", "path", "title", "sentence", "start", "end",
    "text", "snippet", "rank"}``.  ``total`` is null: the search stops at the page asked for."""
    rows = api.search(db, q, limit=offset + limit)
    return page(rows[offset:], limit, offset, None)
