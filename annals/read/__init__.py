"""Read a document from disk or from bytes into plain text.

:func:`read_path` and :func:`read_bytes` return a :class:`RawText`: the text every later stage
works on, with the format, the encoding it was decoded with, a SHA-256 of the raw bytes and a
title where the format carries one.  Anything wrong with the input is an
:class:`~annals.errors.InputError` with a numbered code (E001-E006); :func:`read_bytes` raises
nothing else, whatever the bytes.

Text conventions (all offsets later in the pipeline are into ``RawText.text`` *as returned*):

* Decoding: UTF-8 (a BOM is stripped), UTF-16/UTF-32 with a BOM (and UTF-16 without a BOM when
  every other byte is NUL), otherwise the best legacy single-byte reading (Windows-1252/Latin-1,
  Windows-1251, KOI8-R, or what charset-normalizer proposes), chosen by a plausibility score.
* Newlines: ``\\r\\n`` and lone ``\\r`` become ``\\n`` -- the same translation Python's
  ``open(..., encoding="utf-8")`` does, so for a UTF-8 plain-text file offsets match what a
  reader of the file with ``open()`` sees.  No other character is changed in plain text.
* HTML and Markdown are converted to plain text: headings become bare lines, blocks are separated
  by a blank line, list items are their own lines (``- item`` / ``1. item``).  Offsets are then
  into that converted text, not into the markup.

The parts: decoding (:mod:`.decode`), HTML (:mod:`.html_text`), Markdown (:mod:`.markdown_text`),
folder walking (:mod:`.folders`); :data:`READERS` (:mod:`.formats`) is the registry of input formats.
"""

from __future__ import annotations

import hashlib
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from annals.errors import E001, E002, E003, E005, E006, InputError
from annals.read.decode import _check_magic, _decode
from annals.read.folders import _os_reason, iter_documents, path_text
from annals.read.formats import DOCUMENT_SUFFIXES, FORMAT_ALIASES, FORMATS, READERS, SUFFIX_FORMAT, Reader
from annals.read.html_text import html_to_text
from annals.read.markdown_text import markdown_to_text

__all__ = ["DOCUMENT_SUFFIXES", "FORMATS", "READERS", "RawText", "Reader", "html_to_text", "iter_documents",
           "markdown_to_text", "path_text", "read_bytes", "read_path"]


@dataclass
class RawText:
    """A document as read: ``text`` is what all offsets refer to."""

    text: str
    path: str | None
    format: str  # 'text' | 'markdown' | 'html'
    encoding: str
    content_hash: str  # sha256 hex of the raw bytes
    title: str | None


# --------------------------------------------------------------------------------------------
# Public API


def read_path(path: str | Path) -> RawText:
    """Read the file at ``path``.

    Raises :class:`InputError` E001 (missing), E002 (unreadable, broken symlink, a directory or
    other non-regular file), E003 (empty), E004 (binary), E005 (undecodable), E006 (unsupported
    format) -- never anything else.
    """
    p = Path(path)
    name = path_text(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        if p.is_symlink():
            raise InputError.of(E002, path=name, problem="is a broken symbolic link",
                                fix="point the link at an existing file") from None
        raise InputError.of(E001, path=name) from None
    except (OSError, ValueError) as exc:
        raise InputError.of(E002, path=name, problem=f"cannot be read: {_os_reason(exc)}",
                            fix="check the path and its permissions") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError.of(E002, path=name, problem="is a directory, not a file",
                            fix="give a file, or use a command that takes folders")
    if not stat.S_ISREG(st.st_mode):
        raise InputError.of(E002, path=name, problem="is not a regular file",
                            fix="give a plain text, Markdown or HTML file")
    try:
        data = p.read_bytes()
    except (OSError, ValueError) as exc:
        raise InputError.of(E002, path=name, problem=f"cannot be read: {_os_reason(exc)}",
                            fix="check the file's permissions") from None
    raw = read_bytes(data, name=name)
    raw.path = name
    return raw


def read_bytes(data: bytes, name: str = "<bytes>", format: str | None = None) -> RawText:
    """Decode and convert ``data`` as :func:`read_path` does for a file called ``name``.

    ``format`` ('text', 'markdown' or 'html') overrides the suffix of ``name`` and sniffing.
    Raises only :class:`InputError`, whatever the bytes.
    """
    try:
        return _read_bytes(bytes(data), name, format)
    except InputError:
        raise
    except Exception as exc:  # a safety net: any surprise on odd bytes is still an InputError
        raise InputError.of(E005, path=name, problem=f"could not be decoded ({type(exc).__name__})") from None


# --------------------------------------------------------------------------------------------
# Bytes -> text


def _read_bytes(data: bytes, name: str, format: str | None) -> RawText:
    digest = hashlib.sha256(data).hexdigest()
    fmt = _resolve_format(name, format)
    if not data.strip():
        raise InputError.of(E003, path=name, problem="is empty" if not data else "contains only whitespace",
                            kind="file")
    _check_magic(data, name)
    text, encoding = _decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError.of(E003, path=name, problem="contains only whitespace", kind="file")
    if fmt is None:
        fmt = "html" if _sniff_html(text) else "text"
    title: str | None = None
    convert = READERS[fmt].convert
    if convert is not None:
        text, title = convert(text)
    if not text.strip():
        raise InputError.of(E003, path=name, problem="has no visible text", kind="document")
    return RawText(text=text, path=None, format=fmt, encoding=encoding, content_hash=digest, title=title)


def _resolve_format(name: str, format: str | None) -> str | None:
    if format is not None:
        fmt = FORMAT_ALIASES.get(str(format).strip().lower())
        if fmt is None:
            raise InputError.of(E006, format=format, path=name, formats=", ".join(FORMATS))
        return fmt
    return SUFFIX_FORMAT.get(Path(name).suffix.lower()) if name else None


def _sniff_html(text: str) -> bool:
    head = text[:4096].lstrip().lower()
    if not head.startswith("<"):
        return False
    return bool(re.search(r"<!doctype\s+html|<html[\s>]", head))


