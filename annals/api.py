"""The Python API: one function per thing a user does.  The CLI and the HTTP API call these.

    import annals
    doc = annals.extract("article.txt")            # Document, see annals.model
    annals.ingest(["articles/"], "annals.db")     # IngestReport
    annals.entities("annals.db", type="PERSON")   # list of dicts
    annals.show("annals.db", "Vlasov")            # {"query", "entities": [detail, ...]}
    annals.dates("annals.db")                      # list of dicts
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annals.errors import E012, AnnalsError, InputError, StoreError
from annals.model import Document
from annals.read import iter_documents, read_path
from annals.store import Store


def extract(path: str | Path) -> Document:
    """The model of one file (plain text, Markdown or HTML)."""
    from annals.extract import extract_path

    return extract_path(path)


@dataclass
class IngestReport:
    """What ``ingest`` did to each file: added, unchanged, replaced, or failed (with the error)."""

    results: list[tuple[str, str]] = field(default_factory=list)  # (path, status)
    failures: list[tuple[str, AnnalsError]] = field(default_factory=list)

    @property
    def succeeded(self) -> int:
        return len(self.results)

    def counts(self) -> dict[str, int]:
        c = Counter(status for _, status in self.results)
        return {k: c.get(k, 0) for k in ("added", "replaced", "unchanged")} | {"failed": len(self.failures)}

    def to_json(self) -> dict[str, Any]:
        return {
            "results": [{"path": p, "status": s} for p, s in self.results],
            "failures": [{"path": p, "code": e.code, "error": e.message, "hint": e.hint} for p, e in self.failures],
            "counts": self.counts(),
        }


def ingest(paths: Iterable[str | Path], db: str | Path, progress: bool = False) -> IngestReport:
    """Extract files (folders are walked) into the store ``db``; one transaction per document.

    A file whose content is already stored is not extracted again.  A file that cannot be read is
    reported in ``failures`` and the rest goes on.
    """
    from annals.extract import extract_raw

    report = IngestReport()
    items = list(iter_documents(paths))
    with Store(db) as store, _progress(progress, len(items)) as advance:
        for item in items:
            if isinstance(item, InputError):
                report.failures.append((_error_path(item), item))
                advance()
                continue
            try:
                raw = read_path(item)
                if store.stored_hash(str(item)) == raw.content_hash:
                    report.results.append((str(item), "unchanged"))  # nothing to extract, nothing written
                else:
                    report.results.append((str(item), store.ingest(extract_raw(raw))))
            except InputError as exc:
                report.failures.append((str(item), exc))
            advance()
    return report


def _error_path(err: InputError) -> str:
    return getattr(err, "path", None) or err.message.split(":")[0]


class _progress:
    """A rich progress bar on stderr, or nothing."""

    def __init__(self, enabled: bool, total: int):
        self.enabled, self.total = enabled, total

    def __enter__(self):  # noqa: ANN204
        if not self.enabled:
            return lambda: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=True)
        self.bar.__enter__()
        task = self.bar.add_task("ingest", total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.bar.__exit__(None, None, None)


def _read_store(db: str | Path) -> Store:
    return Store(db, create=False, readonly=True)


def entities(db: str | Path, type: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Entities of the store, most mentioned first: id, name, type, subtype, aliases, mentions, documents."""
    with _read_store(db) as store:
        rows = store.entities(type=type, limit=limit)
    for r in rows:
        r["mentions"] = r.pop("n_mentions", None)
        r["documents"] = r.pop("n_documents", None)
    return rows


def show(db: str | Path, name: str, type: str | None = None) -> dict[str, Any]:
    """Every entity that ``name`` names (by name or alias), each with aliases, titles and mentions in context.

    Raises E012 when nothing matches.
    """
    with _read_store(db) as store:
        found = store.find_entities(name, type=type)
        if not found:
            raise StoreError(E012, f"no entity named {name!r} in {db}",
                             "list the names with: annals entities --db " + str(db))
        exact = [f for f in found if f.get("match") == "exact"] or found
        return {"query": name, "entities": [store.entity_detail(f["id"]) for f in exact]}


def dates(db: str | Path) -> list[dict[str, Any]]:
    """Every date expression in the store with its TIMEX3 value, interval and sentence."""
    with _read_store(db) as store:
        return store.timexes()
