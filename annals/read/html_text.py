"""HTML to plain text: the visible text, one block per line, blocks separated by a blank line, and the
title (``<title>``, else the first ``<h1>``)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "iframe", "object"}
_HEAD_TAGS = {"title", "meta", "link", "style", "script", "base", "noscript", "template"}
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
              "source", "track", "wbr"}
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header",
               "footer", "aside", "main", "blockquote", "pre", "ul", "ol", "dl", "table", "form",
               "fieldset", "figure", "figcaption", "address", "hr", "details", "summary", "caption",
               "center", "body", "html", "thead", "tbody", "tfoot", "menu"}
_LINE_TAGS = {"br", "li", "tr", "dt", "dd", "option"}
_BLOCK, _LINE = "\x00B", "\x00L"


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.in_title = 0
        self.in_head = False
        self.in_h1 = 0
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.pre = 0
        self.lists: list[list[int | None]] = []  # per open list: [counter] (None for <ul>)
        self.row_cells: list[int] = []

    def close(self) -> None:
        """Finish; an unterminated construct at the end (``<![CDATA[...``, ``<!x``) is dropped, not shown."""
        if self.rawdata.startswith("<") and self.skip_tag is None:
            self.rawdata = ""
        super().close()

    # -- tags
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if tag == "head":
            self.in_head = True
            return
        if self.in_head and tag not in _HEAD_TAGS:
            self.in_head = False  # <head> ends implicitly where the body starts
        if tag == "title":
            self.in_title += 1
            return
        hidden = any(k == "hidden" or (k == "style" and v and re.search(r"display\s*:\s*none", v))
                     for k, v in attrs)
        if (tag in _SKIP_TAGS or hidden) and tag not in _VOID_TAGS:
            self.skip_tag, self.skip_depth = tag, 1
            return
        if self.in_head:
            return
        if tag == "h1":
            self.in_h1 += 1
        if tag == "pre":
            self.pre += 1
        if tag in ("ul", "menu"):
            self.lists.append([None])
        elif tag == "ol":
            start = next((v for k, v in attrs if k == "start"), None)
            try:
                first = int(start) if start else 1
            except ValueError:
                first = 1
            self.lists.append([first])
        if tag == "li":
            self.parts.append(_LINE)
            if self.lists and self.lists[-1][0] is not None:
                n = self.lists[-1][0]
                self.parts.append(f"{n}. ")
                self.lists[-1][0] = n + 1
            else:
                self.parts.append("- ")
        elif tag == "tr":
            self.parts.append(_LINE)
            self.row_cells.append(0)
        elif tag in ("td", "th"):
            if self.row_cells:
                if self.row_cells[-1]:
                    self.parts.append(" | ")
                self.row_cells[-1] += 1
            else:
                self.parts.append(" ")
        elif tag in _BLOCK_TAGS:
            self.parts.append(_BLOCK)
        elif tag in _LINE_TAGS:
            self.parts.append(_LINE)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag is not None:
            return
        if tag in _VOID_TAGS or tag in _BLOCK_TAGS or tag in _LINE_TAGS:
            if not self.in_head:
                if tag in _BLOCK_TAGS:
                    self.parts.append(_BLOCK)
                elif tag in _LINE_TAGS:
                    self.parts.append(_LINE)

    def handle_endtag(self, tag: str) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth <= 0:
                    self.skip_tag = None
            return
        if tag == "head":
            self.in_head = False
            return
        if tag == "title":
            self.in_title = max(0, self.in_title - 1)
            return
        if self.in_head:
            return
        if tag == "h1":
            self.in_h1 = max(0, self.in_h1 - 1)
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in ("ul", "ol", "menu") and self.lists:
            self.lists.pop()
        if tag == "tr" and self.row_cells:
            self.row_cells.pop()
        if tag in _BLOCK_TAGS:
            self.parts.append(_BLOCK)
        elif tag in _LINE_TAGS:
            self.parts.append(_LINE)

    def handle_data(self, data: str) -> None:
        if self.skip_tag is not None:
            return
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.in_head:
            return
        if self.in_h1:
            self.h1_parts.append(data)
        if self.pre:
            self.parts.append(data.replace("\r\n", "\n").replace("\r", "\n").replace("\n", _LINE))
        else:
            self.parts.append(re.sub(r"\s+", " ", data))


def _collapse_blocks(raw: str) -> str:
    """Turn block/line markers into newlines; collapse spaces; at most one blank line in a row."""
    raw = re.sub(r"(?:\x00[BL]|[ \t\n\r\f\v])*\x00[BL](?:\x00[BL]|[ \t\n\r\f\v])*",
                 lambda m: "\n\n" if _BLOCK in m.group() else "\n", raw)
    lines = [re.sub(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u3000]+", " ", ln).strip() for ln in raw.split("\n")]
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _one_line(s: str) -> str | None:
    s = re.sub(r"\s+", " ", s).strip()
    return s or None


def html_to_text(html: str) -> tuple[str, str | None]:
    """Visible text of ``html`` (one block per line, blocks separated by a blank line) and its title."""
    parser = _HTMLText()
    html = re.sub(r"<!--.*?(?:-->|\Z)", " ", html, flags=re.DOTALL)  # comments, unclosed ones too
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient, but stay safe on hostile markup
        text = re.sub(r"(?is)<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", " ", html)
        text = re.sub(r"<[^>]*>", "\n", text)
        import html as html_lib

        return _collapse_blocks(html_lib.unescape(text)), None
    title = _one_line("".join(parser.title_parts)) or _one_line("".join(parser.h1_parts))
    return _collapse_blocks("".join(parser.parts)), title

