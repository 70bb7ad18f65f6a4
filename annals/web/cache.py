"""Answers kept while the store does not change.

A timeline of a large store takes seconds to build (every event is placed, and conflicting dates are
looked for), while the explorer asks for it again at each page of it, each zoom, each return to the
view.  :func:`cached` keeps the last results of an :mod:`annals.api` function per arguments, and
forgets them when the store's files change (another process ingested, or an upload did).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

MAX_ENTRIES = 16

_lock = threading.Lock()
_entries: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


def fingerprint(db: Path) -> tuple[Any, ...]:
    """What changes when the store does: size and modification time of the file and of its WAL."""
    out: list[Any] = []
    for path in (db, db.with_name(db.name + "-wal")):
        try:
            st = path.stat()
            out += [st.st_mtime_ns, st.st_size]
        except OSError:
            out += [None, None]
    return tuple(out)


def cached(fn: Callable[..., T], db: Path, *args: Any, **kwargs: Any) -> T:
    """``fn(db, *args, **kwargs)``, computed once while the store stays as it is.

    The result is shared between requests: callers must not change it (slice it, copy it).
    """
    key = (fn.__module__, fn.__qualname__, str(db), args, tuple(sorted(kwargs.items())))
    stamp = fingerprint(db)
    with _lock:
        hit = _entries.get(key)
        if hit is not None and hit[0] == stamp:
            _entries.move_to_end(key)
            return hit[1]
    value = fn(db, *args, **kwargs)
    with _lock:
        _entries[key] = (stamp, value)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    """Forget every kept answer."""
    with _lock:
        _entries.clear()
