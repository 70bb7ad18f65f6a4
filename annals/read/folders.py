"""Paths and folders: a folder walked into its document files, errors yielded rather than raised so
a batch can go on, and a path as storable text."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from annals.errors import E001, E002, Code, InputError
from annals.read.formats import DOCUMENT_SUFFIXES


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Expand ``paths`` into document files, in order, yielding an error instead of raising.

    A folder is walked recursively in sorted order, skipping hidden files and folders (names
    starting with '.'), keeping files whose suffix is one of ``DOCUMENT_SUFFIXES``.  A file
    named explicitly is kept whatever its suffix.  A missing path, a broken symbolic link or an
    unreadable entry yields an :class:`InputError` (E001/E002) so a batch can go on.
    """
    seen: set[str] = set()
    for item in paths:
        p = Path(item)
        err = _missing(p)
        if err is not None:
            yield err
        elif p.is_dir():
            yield from _walk(p, seen)
        elif not os.access(p, os.R_OK):
            yield _located(E002, path=p, problem="is not readable", fix="check the file's permissions")
        else:
            yield p



def path_text(path: str | Path) -> str:
    """A path as text that can be stored, printed and sent as UTF-8: a file name whose bytes are not
    UTF-8 (Python reads them as lone surrogates) shows them as ``\\xe9``.  The same name always
    gives the same text, so a document stored under it can be found and removed by it again."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _located(code: Code, path: Path, **fields: str) -> InputError:
    """The InputError ``code`` of ``path`` and ``fields`` that knows the path it is about (``err.path``),
    for a batch's summary."""
    err = InputError.of(code, path=path, **fields)
    err.path = path_text(path)  # type: ignore[attr-defined]
    return err


def _os_reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__


def _missing(p: Path) -> InputError | None:
    try:
        if p.exists():
            return None
    except OSError as exc:
        return _located(E002, path=p, problem=f"cannot be read: {_os_reason(exc)}", fix="check the path")
    if p.is_symlink():
        return _located(E002, path=p, problem="is a broken symbolic link", fix="point the link at an existing file")
    return _located(E001, path=p)


def _walk(folder: Path, seen: set[str]) -> Iterator[Path | InputError]:
    real = os.path.realpath(folder)
    if real in seen:  # a symlink loop, or the same folder given twice
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        err = InputError.of(E002, path=f"folder {folder}", problem=f"cannot be listed: {_os_reason(exc)}",
                            fix="check the folder's permissions")
        err.path = path_text(folder)  # type: ignore[attr-defined]
        yield err
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        p = Path(entry.path)
        wanted = p.suffix.lower() in DOCUMENT_SUFFIXES
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError as exc:
            if wanted:
                yield _located(E002, path=p, problem=f"cannot be read: {_os_reason(exc)}", fix="check its permissions")
            continue
        if is_dir:
            yield from _walk(p, seen)
        elif is_file:
            if not wanted:
                continue
            if os.access(p, os.R_OK):
                yield p
            else:
                yield _located(E002, path=p, problem="is not readable", fix="check the file's permissions")
        elif wanted and entry.is_symlink():
            yield _located(E002, path=p, problem="is a broken symbolic link", fix="point the link at an existing file")
        elif wanted:  # a FIFO, socket or device named like a document: reading it could block or hang
            yield _located(E002, path=p, problem="is not a regular file",
                           fix="give a plain text, Markdown or HTML file")

