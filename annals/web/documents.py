"""Documents: the list, one document with everything needed to show it, and an upload (``--allow-ingest``)."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, Field

from annals import api
from annals.errors import E030, AnnalsError
from annals.web.cache import cached
from annals.web.common import Limit, Offset, error_responses, paginate, store_path

router = APIRouter(tags=["documents"])


@router.get("/documents", responses=error_responses(422))
def list_documents(db: Annotated[Path, Depends(store_path)], limit: Limit = 100, offset: Offset = 0
                   ) -> dict[str, Any]:
    """Stored documents by id, each with its counts of sentences, entities, dates and gaps."""
    return paginate(cached(api.documents, db), limit, offset)


@router.get("/documents/{doc_id}", responses=error_responses(404))
def get_document(db: Annotated[Path, Depends(store_path)],
                 doc_id: Annotated[str, PathParam(min_length=1, max_length=500)]) -> dict[str, Any]:
    """One document: its ``text`` (all offsets refer to it), ``sections``, ``sentences``, ``entities`` (each
    with its ``mentions`` and canonical id ``entity``), ``timexes``, ``gaps``, ``events`` and ``relations``."""
    return api.document(db, doc_id)


class Upload(BaseModel):
    """A text to ingest: its content, the file name it would have (its suffix picks the format)."""

    text: str = Field(min_length=1, max_length=5_000_000)
    name: str = Field("upload.txt", min_length=1, max_length=200)
    format: str | None = Field(None, description="text, markdown or html; default: from the name's suffix")


#: the threads that extract uploads: a few, each with its own pipeline (see annals.pipeline), reused
#: from upload to upload; more uploads at once wait their turn instead of each loading a pipeline
EXTRACTORS = ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1), thread_name_prefix="annals-upload")


@router.post("/documents", status_code=201, responses=error_responses(403, 413, 422))
async def upload_document(request: Request, upload: Upload) -> dict[str, Any]:
    """Extract an uploaded text into the store.  Refused (403, E030) unless the server was started with
    ``--allow-ingest``.  Returns ``{"document", "title", "status"}``."""
    if not request.app.state.allow_ingest:
        raise AnnalsError.of(E030)
    job = EXTRACTORS.submit(api.ingest_text, request.app.state.db, upload.text, name=upload.name,
                            format=upload.format)
    return await asyncio.wrap_future(job)
