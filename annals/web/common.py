"""What every route module shares: the store's path, pagination, and errors as JSON.

Every error the API returns is ``{"error": {"code", "message", "hint"}}`` with a status that says
what kind of error it is: an :class:`~annals.errors.AnnalsError` keeps its code, and its code picks
the status (:data:`STATUS`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Query, Request
from pydantic import BaseModel

from annals.errors import (
    E001,
    E002,
    E003,
    E004,
    E005,
    E006,
    E010,
    E011,
    E012,
    E013,
    E014,
    E015,
    E020,
    E030,
    E031,
    E060,
    E061,
    E062,
    E063,
    E064,
    E065,
    E067,
    E068,
)

EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "GROUP", "EVENT", "WORK"]

# The HTTP status of each error code; an unlisted code is a bad request.
STATUS: dict[str, int] = {
    E012: 404, E014: 404, E031: 404,  # no such entity, document, route
    E020: 400,  # a bad argument the schema could not catch (a period that is not a date)
    E030: 403, E067: 403, E015: 403,  # the server is read-only (uploads, corrections), or its store is
    E060: 404, E064: 404, E065: 404, E068: 404,  # no such correction, event, relation; a target gone
    E061: 409, E062: 409, E063: 409,  # undone already, nothing to correct, a name of several entities
    E001: 422, E002: 422, E003: 422, E004: 422, E005: 422, E006: 422,  # an upload that cannot be read
    E010: 503, E011: 503, E013: 503,  # the store cannot be used
}

Limit = Annotated[int, Query(ge=1, le=5000, description="how many items to return")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="how many items to skip")]


class ErrorBody(BaseModel):
    code: str
    message: str
    hint: str | None = None


class ErrorResponse(BaseModel):
    """The body of every error response."""

    error: ErrorBody


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the error statuses a route can answer."""
    return {s: {"model": ErrorResponse, "description": "an error, as JSON"} for s in statuses}


def store_path(request: Request) -> Path:
    """The store this application serves."""
    return request.app.state.db


def page(items: list[Any], limit: int, offset: int, total: int | None = None) -> dict[str, Any]:
    """A page of a list: ``{"items", "offset", "limit", "total"}``; ``total`` is the length of the
    whole list, or None where counting it would mean computing it in full."""
    return {"items": items, "offset": offset, "limit": limit, "total": total}


def paginate(rows: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """The page ``[offset, offset + limit)`` of ``rows``, with the total."""
    return page(rows[offset: offset + limit], limit, offset, len(rows))
