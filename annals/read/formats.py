"""The reader registry: each input format with its names, its file suffixes and its conversion to text.

:data:`READERS` is the registry :func:`annals.read.read_bytes` uses (add a format by adding a
:class:`Reader` to it); ``FORMATS``, the suffixes a folder walk keeps and the names ``--format``
accepts are built from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from annals.read.html_text import html_to_text
from annals.read.markdown_text import markdown_to_text


@dataclass(frozen=True)
class Reader:
    """One input format: ``convert`` turns its decoded text into plain text and a title (None: the text
    is already plain); ``suffixes`` name a file of the format, ``walked`` are the suffixes a folder walk
    keeps, ``aliases`` other names a caller may give the format."""

    name: str
    description: str
    convert: Callable[[str], tuple[str, str | None]] | None
    suffixes: tuple[str, ...] = ()
    walked: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


READERS: dict[str, Reader] = {r.name: r for r in [
    Reader("text", "plain text, read as it is", None, (), (".txt", ".text"), ("txt", "plain")),
    Reader("markdown", "Markdown: headings as bare lines, lists and table rows as lines", markdown_to_text,
           (".md", ".markdown", ".mdown", ".mkd"), (".md", ".markdown"), ("md",)),
    Reader("html", "HTML: the visible text, blocks as paragraphs, the title", html_to_text,
           (".html", ".htm", ".xhtml"), (".html", ".htm"), ("htm",)),
]}

FORMATS = tuple(READERS)
DOCUMENT_SUFFIXES = tuple(s for r in READERS.values() for s in r.walked)
SUFFIX_FORMAT = {s: r.name for r in READERS.values() for s in r.suffixes}
FORMAT_ALIASES = {a: r.name for r in READERS.values() for a in (r.name, *r.aliases)}
