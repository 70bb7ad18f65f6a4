"""Markdown (CommonMark with tables) to plain text: headings as bare lines, list items and table rows
as their own lines, and the first H1 as title."""

from __future__ import annotations

import re

from annals.read.html_text import _one_line, html_to_text


def _inline_text(children: list | None) -> str:  # list of markdown_it Token
    out: list[str] = []
    for tok in children or []:
        if tok.type in ("text", "code_inline"):
            out.append(tok.content)
        elif tok.type == "softbreak":
            out.append(" ")
        elif tok.type == "hardbreak":
            out.append("\n")
        elif tok.type == "image":
            out.append(_inline_text(tok.children) if tok.children else tok.content)
        elif tok.type == "html_inline":
            continue
    return "".join(out)


def markdown_to_text(source: str) -> tuple[str, str | None]:
    """Plain text of Markdown ``source`` (headings as bare lines) and its first H1 as title.

    Never raises: if the parser fails, or the blocks nest deeper than it parses, the source is
    returned as it is.
    """
    try:
        return _markdown_to_text(source)
    except Exception:
        return source, None


# markdown-it silently drops every block nested deeper than its ``maxNesting`` (20 in the commonmark
# preset: ten levels of list, or twenty of quotes).  Allow more, and where a document still reaches
# the limit take its source as plain text rather than lose what lies deeper.
_MARKDOWN_MAX_NESTING = 100


def _markdown_to_text(source: str) -> tuple[str, str | None]:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"maxNesting": _MARKDOWN_MAX_NESTING}).enable(["table", "strikethrough"])
    tokens = md.parse(source)
    if any(tok.level >= _MARKDOWN_MAX_NESTING - 2 for tok in tokens):
        raise ValueError("Markdown nested deeper than the parser goes")
    blocks: list[list[str]] = []
    title: str | None = None
    lists: list[list[int | None]] = []
    marker: str | None = None
    heading_level = 0
    row: list[str] | None = None
    current: list[str] | None = None  # the block being filled (a list or a table)

    def add_block(lines: list[str]) -> None:
        lines = [ln for ln in (re.sub(r"[ \t]+", " ", x).strip() for x in lines) if ln]
        if lines:
            blocks.append(lines)

    for tok in tokens:
        t = tok.type
        if t == "heading_open":
            heading_level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
        elif t == "heading_close":
            heading_level = 0
        elif t in ("bullet_list_open", "ordered_list_open"):
            if not lists:
                current = []
            start = tok.attrs.get("start") if t == "ordered_list_open" else None
            first: int | None = None
            if t == "ordered_list_open":
                try:
                    first = int(start) if start is not None else 1
                except (TypeError, ValueError):
                    first = 1
            lists.append([first])
        elif t in ("bullet_list_close", "ordered_list_close"):
            if lists:
                lists.pop()
            if not lists and current is not None:
                add_block(current)
                current = None
        elif t == "list_item_open":
            if lists and lists[-1][0] is not None:
                n = lists[-1][0]
                marker = f"{n}. "
                lists[-1][0] = n + 1
            else:
                marker = "- "
        elif t == "table_open":
            current = []
        elif t == "table_close":
            if current is not None:
                add_block(current)
            current = None
        elif t == "tr_open":
            row = []
        elif t == "tr_close":
            if row is not None and current is not None:
                current.append(" | ".join(c for c in row if c))
            row = None
        elif t == "inline":
            text = _inline_text(tok.children)
            if row is not None:
                row.append(text.replace("\n", " ").strip())
                continue
            if heading_level:
                text = text.replace("\n", " ")
                if heading_level == 1 and title is None:
                    title = _one_line(text)
            if marker is not None:
                text = marker + text
                marker = None
            lines = text.split("\n")
            if current is not None:
                current.extend(lines)
            else:
                add_block(lines)
        elif t in ("fence", "code_block"):
            lines = tok.content.split("\n")
            if current is not None:
                current.extend(lines)
            else:
                add_block(lines)
        elif t == "html_block":
            text, _ = html_to_text(tok.content)
            for part in text.split("\n\n"):
                if current is not None:
                    current.extend(part.split("\n"))
                else:
                    add_block(part.split("\n"))
    if current:
        add_block(current)
    return "\n\n".join("\n".join(b) for b in blocks), title
