"""MediaWiki XML dumps (``pages-articles.xml`` or ``.xml.bz2``) streamed page by page.

:func:`iter_pages` parses with :func:`xml.etree.ElementTree.iterparse` and clears every page once
read, so memory stays flat over a dump of any size.  Redirects and pages outside the article
namespace (``ns`` != 0: talk pages, users, templates ...) are skipped.  :func:`wikitext_to_text`
turns a page's wikitext into plain text with mwparserfromhell: headings become bare heading lines,
list items lines starting with ``"- "`` (so a sentence announcing a list is followed by its list and
no gap is invented), tables, templates, ``<ref>`` references, comments, files, images and categories
are dropped, and links are reduced to their text.
"""

from __future__ import annotations

import bz2
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import mwparserfromhell
from mwparserfromhell import nodes

from annals.corpus import Record

_DROP_TAGS = {"ref", "references", "gallery", "math", "table", "timeline", "score", "syntaxhighlight",
              "source", "imagemap", "templatedata", "noinclude", "includeonly", "chem", "hiero", "graph"}
_DROP_LINK_PREFIXES = ("file:", "image:", "category:", "media:", "wikipedia:", "wp:", "help:", "template:",
                       "portal:", "special:", "user:", "talk:")
_INTERWIKI = re.compile(r"^:?[a-z]{2,3}(?:-[a-z]+)?:", re.I)  # de:Foo, zh-yue:Bar
_MAGIC = re.compile(r"__[A-Z]+__")
_BLANKS = re.compile(r"\n{3,}")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def iter_pages(source: str | Path) -> Iterator[Record]:
    """The article pages of a dump, as records (``path`` is ``<dump>#<page id>``)."""
    path = os.path.abspath(source)
    opener = bz2.open if str(source).endswith(".bz2") else open
    with opener(source, "rb") as fh:
        context = ET.iterparse(fh, events=("start", "end"))
        root = None
        for event, elem in context:
            if root is None and event == "start":
                root = elem
            if event != "end" or _local(elem.tag) != "page":
                continue
            record = _page(elem, path)
            elem.clear()
            if root is not None:
                root.clear()  # drop the cleared pages from the root too
            if record is not None:
                yield record


def _page(page: ET.Element, path: str) -> Record | None:
    title = ns = page_id = text = None
    redirect = False
    for child in page:
        name = _local(child.tag)
        if name == "title":
            title = child.text or ""
        elif name == "ns":
            ns = (child.text or "").strip()
        elif name == "id":
            page_id = (child.text or "").strip()
        elif name == "redirect":
            redirect = True
        elif name == "revision":
            for sub in child:
                if _local(sub.tag) == "text":
                    text = sub.text or ""
    if redirect or (ns is not None and ns != "0") or text is None:
        return None
    if re.match(r"\s*#redirect", text, re.I):
        return None
    plain = wikitext_to_text(text)
    if not plain.strip():
        return None
    page_id = page_id or title or ""
    return Record(id=page_id, title=title, text=plain, path=f"{path}#{page_id}")


def wikitext_to_text(wikitext: str) -> str:
    """Plain text of a page's wikitext (see the module's docstring)."""
    code = mwparserfromhell.parse(wikitext)
    raw = _render(code.nodes)
    lines = []
    for line in raw.split("\n"):
        line = re.sub(r"[ \t]+", " ", _MAGIC.sub("", line)).strip()
        if line in ("-", "- "):
            continue
        line = re.sub(r"\s+([,.;:])", r"\1", line) if line else line
        line = re.sub(r"\(\s*[,;]?\s*\)", "", line).replace("( ", "(").strip()
        if line and lines and lines[-1] and not line.startswith("- ") and not lines[-1].startswith("- "):
            lines[-1] += " " + line  # one newline inside a wikitext paragraph is a space
        else:
            lines.append(line)
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip() + "\n"


def _render(node_list: list) -> str:
    return "".join(_node(n) for n in node_list)


def _node(node: nodes.Node) -> str:  # noqa: PLR0911
    if isinstance(node, nodes.Text):
        return str(node.value)
    if isinstance(node, nodes.Heading):
        return "\n\n" + _render(node.title.nodes).strip().replace("\n", " ") + "\n\n"
    if isinstance(node, nodes.Wikilink):
        target = str(node.title).strip()
        low = target.lower().lstrip(":")
        if low.startswith(_DROP_LINK_PREFIXES) or (not target.startswith(":") and _INTERWIKI.match(target)):
            return ""
        if node.text is not None:
            return _render(node.text.nodes)
        return target.lstrip(":").split("#", 1)[0] if not target.startswith("#") else target[1:]
    if isinstance(node, nodes.ExternalLink):
        return _render(node.title.nodes) if node.title is not None else ""
    if isinstance(node, nodes.Tag):
        tag = str(node.tag).strip().lower()
        if tag in _DROP_TAGS:
            return ""
        markup = node.wiki_markup
        if tag == "li" or markup in ("*", "#"):
            return "- "
        if tag in ("dt", "dd") or markup in (";", ":"):
            return ""
        if tag == "br":
            return "\n"
        if tag in ("hr",):
            return "\n"
        if tag in ("p", "div", "blockquote"):
            return "\n" + (_render(node.contents.nodes) if node.contents is not None else "") + "\n"
        return _render(node.contents.nodes) if node.contents is not None else ""
    if isinstance(node, nodes.HTMLEntity):
        return node.normalize()
    # templates, comments, arguments (template parameters) and anything else: dropped
    return ""
