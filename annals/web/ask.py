"""Questions, answered from the store with the sentences that say so."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from annals import api
from annals.web.common import error_responses, store_path

router = APIRouter(tags=["ask"])

Question = Annotated[str, Field(min_length=1, max_length=500)]


@router.get("/ask", responses=error_responses(422))
def ask_one(db: Annotated[Path, Depends(store_path)],
            q: Annotated[str, Query(min_length=1, max_length=500, description="a question")]) -> dict[str, Any]:
    """One answer, as ``annals ask``: ``{"q", "answer", "sources": [{"document", "title", "sentence",
    "start", "end", "sentence_index"}], "confidence"}``; ``answer`` is "" when the store does not say."""
    return api.ask(db, [q])[0]


class Questions(BaseModel):
    questions: list[Question] = Field(min_length=1, max_length=50)


@router.post("/ask", responses=error_responses(422))
def ask_many(db: Annotated[Path, Depends(store_path)], body: Questions) -> dict[str, Any]:
    """Several questions at once: ``{"answers": [...]}``, one answer (as ``GET /api/ask``) per question."""
    return {"answers": api.ask(db, body.questions)}
