"""The timeline: events in time order, filtered by period, entity and type."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from annals import api
from annals.web.cache import cached
from annals.web.common import Limit, Offset, error_responses, paginate, store_path

router = APIRouter(tags=["timeline"])



@router.get("/timeline", responses=error_responses(400, 404, 422))
def get_timeline(
    db: Annotated[Path, Depends(store_path)],
    start: Annotated[str | None, Query(alias="from", max_length=40,
                                       description="start of the period: 1941, 1941-06, 1941-06-22, -0044")] = None,
    end: Annotated[str | None, Query(alias="to", max_length=40, description="end of the period, as from")] = None,
    entity: Annotated[str | None, Query(max_length=200, description="a name or alias (404 when none has it)")] = None,
    type: Annotated[str | None, Query(max_length=40, description="an event type such as FOUNDING")] = None,
    limit: Limit = 1000,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Events in time order, as ``annals timeline``: dated ones by their interval (``earliest``, ``latest``,
    ``basis`` says whether the text states the date or it is inferred), undated ones placed by the
    narrative (``placement``), conflicting dates flagged (``conflict``).  A bad period is a 400."""
    rows = cached(api.timeline, db, start=start or None, end=end or None, entity=entity or None,
                  type=type.upper() if type else None)
    return paginate(rows, limit, offset)
