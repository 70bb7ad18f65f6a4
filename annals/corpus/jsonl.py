"""JSON Lines corpora: one object a line with ``id``, ``title`` and ``text`` (blank lines skipped)."""

from __future__ import annotations

import bz2
import json
import os
from collections.abc import Iterator
from pathlib import Path

from annals.corpus import Record
from annals.errors import E007, InputError


def iter_jsonl(source: str | Path) -> Iterator[Record | InputError]:
    """Stream the records of a ``.jsonl`` (or ``.jsonl.bz2``) file; a bad line yields an error."""
    path = os.path.abspath(source)
    opener = bz2.open if str(source).endswith(".bz2") else open
    with opener(source, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                text = obj["text"]
                if not isinstance(text, str):
                    raise TypeError("text is not a string")
            except (ValueError, KeyError, TypeError) as exc:
                yield InputError.of(E007, source=source, line=n, reason=exc)
                continue
            doc_id = str(obj.get("id", n))
            title = obj.get("title")
            yield Record(id=doc_id, title=str(title) if title is not None else None, text=text,
                         path=f"{path}#{doc_id}")
