"""Streaming corpus readers for batch extraction (see :mod:`annals.batch`).

Each reader yields :class:`Record` objects, one per document, without loading the whole corpus:
:func:`annals.corpus.mediawiki.iter_pages` for MediaWiki XML dumps (``.xml``, ``.xml.bz2``),
:func:`annals.corpus.jsonl.iter_jsonl` for JSON Lines (``id``, ``title``, ``text``) and
:func:`iter_folder` for files and folders of texts (read by :mod:`annals.read`).
:func:`iter_source` picks the reader from the source's name.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annals.errors import InputError


@dataclass
class Record:
    """One document of a corpus: plain strings only, so it pickles cheaply to a Dask worker."""

    id: str
    title: str | None
    text: str
    path: str  # the identity the document is stored under (source and page id for dumps)
    format: str = "text"
    encoding: str = "utf-8"
    content_hash: str = ""

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def iter_folder(source: str | Path) -> Iterator[Record | InputError]:
    """Files (a folder is walked) read as :func:`annals.read.read_path` reads them."""
    from annals.read import iter_documents, read_path

    for item in iter_documents([source]):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            raw = read_path(item)
        except InputError as exc:
            yield exc
            continue
        path = os.path.abspath(item)
        yield Record(id=Path(item).stem, title=raw.title, text=raw.text, path=path, format=raw.format,
                     encoding=raw.encoding, content_hash=raw.content_hash)


def iter_source(source: str | Path) -> Iterator[Record | InputError]:
    """The records of ``source``: a MediaWiki dump, a JSON Lines file, or a file or folder of texts."""
    name = str(source).lower()
    if name.endswith((".xml", ".xml.bz2")):
        from annals.corpus.mediawiki import iter_pages

        return iter_pages(source)
    if name.endswith((".jsonl", ".jsonl.bz2", ".ndjson")):
        from annals.corpus.jsonl import iter_jsonl

        return iter_jsonl(source)
    return iter_folder(source)
