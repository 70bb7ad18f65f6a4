"""Split a document's text into sections, paragraphs, headings and dump artefacts.

The input is the text of :class:`annals.read.RawText`; every span is a ``(start, end)`` pair of
character offsets into it, with leading and trailing whitespace excluded.  Lines are split on
``"\\n"`` only (:mod:`annals.read` has already turned ``\\r\\n`` and ``\\r`` into ``\\n``).

How lines are classified, in order:

1. **Artefacts** -- lines left over from the web page the text was dumped from: the table of
   contents (``Contents``, ``Contents | 1 History | 2 ...``), ``[edit]`` links (also at the end of a
   heading), ``Jump to navigation``, ``Retrieved from ...``, ``Categories: ...``, hatnotes such as
   ``Main article: ...``, lines without any letter or digit, and the back matter: a heading such
   as ``References``, ``Notes``, ``See also``, ``External links``, ``Further reading`` or
   ``Bibliography`` and everything after it (encyclopedia articles put these sections last).
   Artefacts are listed in ``Segmentation.artefacts`` and belong to no paragraph or section.
2. **Headings** -- see :func:`looks_like_heading`: a short line (at most 10 words and 80
   characters) starting with a capital letter (or a year), with no final sentence punctuation, in
   title case or a short sentence-case phrase ("Revolt along the railway").  Context can overrule
   it: two or more short fragment lines right after a line ending in ':' are the items of a list,
   not headings; in hard-wrapped text a line is no heading when it continues an unfinished line or
   is itself full (the next line's first word would not have fitted on it: it was wrapped).
3. **Paragraphs** -- the remaining lines.  The rule that joins lines into paragraphs depends on
   how the document is laid out:

   * *one paragraph per line* (encyclopedia dumps, converted HTML/Markdown): when at least a fifth
     of the prose lines are longer than 100 characters, every line is its own paragraph, except
     that a line which does not end a sentence is joined to a next line starting in lower case;
   * *hard-wrapped text with blank lines between paragraphs*: the lines of a blank-line separated
     block form one paragraph;
   * *hard-wrapped text without blank lines*: a line is joined to the next one when the next
     line's first word would not have fitted on it (so the line was wrapped, not ended), judged
     against the document's usual line width, or when it stops mid-sentence and the next line
     starts in lower case.

   In every layout a paragraph also ends at a blank line, a heading, an artefact, a line ending in
   ':' (so that a sentence announcing a list ends its paragraph), and a list item line (``- x``,
   ``* x``, ``• x``, ``1. x``, ``2) x``) starts a new one.
4. **Sections** -- each heading opens a section running over the paragraphs up to the next
   heading; paragraphs before the first heading form section 0 with title ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Paragraph, Section

WRAP_MAX = 100  # a line longer than this was not hard-wrapped
MAX_HEADING_CHARS = 80
MAX_HEADING_WORDS = 10
MAX_SENTENCE_CASE_HEADING_WORDS = 8

_TERMINAL = ".!?:;,"
_CLOSERS = "\"'”’»)]}›"
_BULLET = re.compile(r"^(?:[-*•·▪◦‣–—+]\s+|\(?\d{1,3}[.)]\s+|\(?[a-zA-Z][.)]\s+(?=\S))")
_ARTEFACT_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:table of )?contents\s*(?:\[\s*(?:hide|show)\s*\])?\s*(?:\|.*)?$",
        r"^\[\s*(?:edit|edit source|hide|show|change|citation needed)\s*\]$",
        r"^jump to\s*(?::\s*)?(?:navigation|search|content)\b.*$",
        r"^(?:navigation menu|main menu|personal tools|from wikipedia, the free encyclopedia"
        r"|from wikipedia|print/export|this page was last edited\b.*)$",
        r"^retrieved from\s+\S.*$",
        r"^(?:hidden )?categor(?:y|ies)\s*:\s*\S.*$",
        r"^(?:main articles?|see also|further information(?: on)?|for more(?: details)?"
        r"|for other uses|further)\s*:\s*\S.*[^:]$",
        r"^this (?:article|section) (?:is about|needs|has multiple issues|does not cite|relies)\b.*$",
        r"^coordinates\s*:.*\d.*$",
        r"^(?:wikimedia commons|wikiquote|wikisource) has .*$",
    )
]
_BACK_MATTER = re.compile(
    r"^(?:references|notes|see also|external links|further reading|bibliography|sources|footnotes"
    r"|citations|notes and references|references and notes|works cited|literature"
    r"|sources and further reading|external sources|general references)$",
    re.IGNORECASE,
)
_EDIT_SUFFIX = re.compile(r"\s*\[\s*(?:edit|edit source)\s*\]\s*$", re.IGNORECASE)
_SENTENCE_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "these", "those", "there",
                      "that", "his", "her", "its", "their", "our"}
_MINOR_WORDS = {"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for",
                "from", "by", "with", "as", "into", "onto", "upon", "vs", "via", "per", "over",
                "under", "after", "before", "during", "against", "between", "through", "until",
                "de", "la", "le", "du", "des", "von", "van", "der", "den", "di", "da", "y", "e"}
_YEARS_ONLY = re.compile(r"^\d{3,4}(?:s|\s*[-–—/]\s*\d{2,4})?$")
_YEAR_START = re.compile(r"^\d{3,4}(?:s|\s*[-–—/]\s*\d{2,4})?(?:\s|$)")


@dataclass
class Segmentation:
    """Sections, paragraphs, heading spans and artefact spans of one text."""

    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    artefacts: list[tuple[int, int]] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Line:
    start: int  # stripped span
    end: int
    text: str  # stripped content
    blank_before: bool  # a blank line (or the start of text) precedes it
    kind: str = "body"  # body | heading | artefact | item
    edit_link: bool = False  # an "[edit]" link was cut off its end


def _strip_closers(s: str) -> str:
    return s.rstrip().rstrip(_CLOSERS).rstrip()


def ends_sentence(line: str) -> bool:
    """True if ``line`` ends with sentence punctuation (. ! ? : ;), allowing closing quotes."""
    s = _strip_closers(line)
    return bool(s) and s[-1] in ".!?:;…"


def ends_with_colon(line: str) -> bool:
    """True if ``line`` ends with ':' (closing quotes and brackets after it allowed)."""
    return _strip_closers(line).endswith(":")


def is_list_item(line: str) -> bool:
    """True for a line that starts with a bullet or an item number (``- x``, ``• x``, ``1. x``, ``2) x``)."""
    return bool(_BULLET.match(line.lstrip()))


def is_artefact(line: str) -> bool:
    """True for a dump artefact line such as ``Contents |``, ``[edit]`` or ``Retrieved from ...``."""
    s = line.strip()
    if not s:
        return False
    if not any(c.isalnum() for c in s):
        return True
    return any(p.match(s) for p in _ARTEFACT_PATTERNS)


def looks_like_heading(line: str) -> bool:
    """True if ``line`` (on its own) has the shape of a section heading.

    Short (at most 10 words, 80 characters), starts with a capital letter or a year, does not end
    with sentence punctuation or a comma, is no list item, URL or table row, and reads as a title:
    title case, or a sentence-case phrase of at most 8 words that does not open like a sentence
    with a pronoun ("He died in Paris").
    """
    s = line.strip()
    if not s or len(s) > MAX_HEADING_CHARS:
        return False
    words = s.split()
    if len(words) > MAX_HEADING_WORDS:
        return False
    if s[-1] in _TERMINAL or _strip_closers(s)[-1:] in tuple(_TERMINAL) or s.endswith(("-", "–", "—")):
        return False
    if is_list_item(s) or "|" in s or "://" in s or "www." in s.lower() or "@" in s or "=" in s:
        return False
    if s.count(",") > 1 or ". " in s or "; " in s:
        return False
    first = s[0]
    if first.isalpha():
        if not first.isupper():
            return False
    elif not _YEAR_START.match(s):
        return False
    if not any(c.isalpha() for c in s) and not _YEARS_ONLY.match(s):
        return False
    if len(words) >= 3 and words[0].lower() in _SENTENCE_PRONOUNS:
        return False
    significant = [w for w in words[1:] if w.lower() not in _MINOR_WORDS and w[:1].isalpha()]
    title_case = all(w[:1].isupper() for w in significant)
    return title_case or len(words) <= MAX_SENTENCE_CASE_HEADING_WORDS


def _is_fragment(line: str) -> bool:
    """A short line without final punctuation: a list item whose bullet was stripped, or a heading."""
    s = line.strip()
    if is_list_item(s):
        return True
    return 0 < len(s) <= MAX_HEADING_CHARS and len(s.split()) <= 12 and not ends_sentence(s)


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    blank = True
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            lines.append(_Line(start, start + len(stripped), stripped, blank))
            blank = False
        else:
            blank = True
        pos += len(raw) + 1
    return lines


def _mark_artefacts(lines: list[_Line], artefacts: list[tuple[int, int]]) -> None:
    back_matter = False
    for ln in lines:
        m = _EDIT_SUFFIX.search(ln.text)
        if m and m.start() > 0:  # "History[edit]": the heading stays, the link is an artefact
            artefacts.append((ln.start + m.start() + (len(m.group()) - len(m.group().lstrip())), ln.end))
            ln.text = ln.text[: m.start()].rstrip()
            ln.end = ln.start + len(ln.text)
            ln.edit_link = True
        if back_matter or is_artefact(ln.text):
            ln.kind = "artefact"
        elif _BACK_MATTER.match(ln.text):  # ("See also:" with a colon stays text: a dangling list)
            ln.kind = "artefact"
            back_matter = True
        if ln.kind == "artefact":
            artefacts.append((ln.start, ln.end))


def _line_mode(lines: list[_Line]) -> bool:
    prose = [ln for ln in lines if ln.kind == "body" and not is_list_item(ln.text)
             and not looks_like_heading(ln.text)]
    long_lines = sum(1 for ln in prose if len(ln.text) > WRAP_MAX)
    return long_lines >= 1 and long_lines >= 0.2 * len(prose)


def _fills(line: str, nxt: str, width: int) -> bool:
    """Was ``line`` wrapped before ``nxt``: would the next word not have fitted on it?"""
    next_word = nxt.split(None, 1)[0] if nxt.strip() else ""
    return len(line) + 1 + len(next_word) > 0.85 * width


def _mark_headings(lines: list[_Line], line_mode: bool, width: int) -> None:
    content = [ln for ln in lines if ln.kind != "artefact"]

    def fragment(k: int) -> bool:  # a short unfinished line that is not wrapped into the next one
        cur = content[k]
        if not _is_fragment(cur.text):
            return False
        after = content[k + 1] if k + 1 < len(content) else None
        return line_mode or after is None or after.blank_before or not _fills(cur.text, after.text, width)

    i = 0
    while i < len(content):
        ln = content[i]
        prev = content[i - 1] if i else None
        if is_list_item(ln.text):
            ln.kind = "item"
            i += 1
            continue
        if prev is not None and ends_with_colon(prev.text) and fragment(i):
            # Fragments right after "...:" -- two or more are the items of a list.
            j = i
            while j < len(content) and fragment(j):
                j += 1
            if j - i >= 2:
                for k in range(i, j):
                    content[k].kind = "item"
                i = j
                continue
        if looks_like_heading(ln.text):
            nxt = content[i + 1] if i + 1 < len(content) else None
            continuation = not line_mode and not ln.edit_link and (
                # it finishes an unfinished line ...
                (prev is not None and not ln.blank_before and prev.kind == "body" and not prev.edit_link
                 and not ends_sentence(prev.text))
                # ... or it is itself a full line wrapped into the next one
                or (nxt is not None and not nxt.blank_before and _fills(ln.text, nxt.text, width))
            )
            if not continuation:
                ln.kind = "heading"
        i += 1


def _wrap_width(lines: list[_Line]) -> int:
    lengths = sorted(len(ln.text) for ln in lines if ln.kind != "artefact" and len(ln.text) <= WRAP_MAX)
    if not lengths:
        return WRAP_MAX
    return lengths[min(len(lengths) - 1, int(0.9 * len(lengths)))]


def _joins(prev: _Line, nxt: _Line, line_mode: bool, block_mode: bool, width: int) -> bool:
    """Does ``nxt`` continue the paragraph that ``prev`` is in?"""
    if nxt.blank_before or nxt.kind != "body" or prev.kind not in ("body", "item") or prev.edit_link:
        return False
    if ends_with_colon(prev.text) or is_list_item(nxt.text):
        return False
    first = nxt.text[:1]
    mid_sentence = not ends_sentence(prev.text) and (first.islower() or first in ",;)")
    if line_mode:
        return mid_sentence
    if block_mode:
        return True
    if len(prev.text) > WRAP_MAX or len(nxt.text) > WRAP_MAX:
        return mid_sentence
    return _fills(prev.text, nxt.text, width) or mid_sentence


def segment(text: str) -> Segmentation:
    """Segment ``text`` into sections, paragraphs, headings and artefacts (see the module doc)."""
    out = Segmentation()
    lines = _split_lines(text)
    _mark_artefacts(lines, out.artefacts)
    line_mode = _line_mode(lines)
    width = _wrap_width(lines)
    _mark_headings(lines, line_mode, width)
    body = [ln for ln in lines if ln.kind in ("body", "item")]
    multi_line_blocks = sum(
        1 for a, b in zip(body, body[1:], strict=False) if not b.blank_before and a.kind == b.kind == "body"
    )
    block_mode = (not line_mode and any(ln.blank_before for ln in body[1:])
                  and multi_line_blocks >= max(1, len(body) // 4))

    para_start: _Line | None = None
    para_last: _Line | None = None
    prev_content: _Line | None = None

    def close_paragraph() -> None:
        nonlocal para_start, para_last
        if para_start is not None and para_last is not None:
            if not out.sections:
                _open_section(out, None, para_start.start, None, None)
            idx = len(out.sections) - 1
            out.paragraphs.append(Paragraph(len(out.paragraphs), idx, para_start.start, para_last.end))
            out.sections[idx].end = para_last.end
        para_start = para_last = None

    for ln in lines:
        if ln.kind == "artefact":
            close_paragraph()
            prev_content = None
            continue
        if ln.kind == "heading":
            close_paragraph()
            out.headings.append((ln.start, ln.end))
            _open_section(out, ln.text, ln.start, ln.start, ln.end)
            prev_content = ln
            continue
        if para_last is not None and prev_content is para_last and _joins(
            para_last, ln, line_mode, block_mode, width
        ):
            para_last = ln
        else:
            close_paragraph()
            para_start = para_last = ln
        prev_content = ln
    close_paragraph()
    out.artefacts.sort()
    return out


def _open_section(out: Segmentation, title: str | None, start: int, hs: int | None, he: int | None) -> None:
    end = he if he is not None else start
    out.sections.append(Section(len(out.sections), title, start, end, hs, he))
