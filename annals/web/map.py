"""The map: the places the gazetteer resolved, with their coordinates, filtered by period and entity."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from annals import api
from annals.web.cache import cached
from annals.web.common import Limit, Offset, error_responses, paginate, store_path

router = APIRouter(tags=["places"])


@router.get("/places", responses=error_responses(400, 404, 422))
def get_places(
    db: Annotated[Path, Depends(store_path)],
    start: Annotated[str | None, Query(alias="from", max_length=40,
                                       description="start of the period: 1941, 1941-06, 1941-06-22, -0044")] = None,
    end: Annotated[str | None, Query(alias="to", max_length=40, description="end of the period, as from")] = None,
    entity: Annotated[str | None, Query(max_length=200, description="a name or alias (404 when none has it)")] = None,
    limit: Limit = 5000,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The places GeoNames resolved, one per GeoNames place, most mentioned first: ``{"id" (the entity
    whose page it is), "entities", "name", "type", "subtype", "aliases", "geonames_id", "lat", "lon"
    (null for a country or US state: GeoNames' package gives them no point), "country", "kind",
    "iso_numeric" (a country's ISO 3166 numeric code, which the map's outlines are keyed by), "mentions",
    "documents", "first", "last", "when"}``.  With ``from``/``to``: the places the facts of that period
    name, and their mentions in those facts' sentences; with ``entity``: it and the places its events and
    relations name (as ``annals export`` selects).  A bad period is a 400."""
    rows = cached(api.places, db, start=start or None, end=end or None, entity=entity or None)
    return paginate(rows, limit, offset)
