"""Find places where the text lost something: lists announced by a colon that are not there.

Encyclopedia dumps often strip bulleted lists and leave the sentence that introduced them, e.g.
"The main towns taken were:" followed directly by an unrelated paragraph.  :func:`find_gaps`
reports such a sentence as a :class:`~annals.model.Gap` of kind ``"dangling_list"``.

A paragraph ending in ':' (closing quotes allowed) is a gap unless what follows it is the list or
quotation it announces:

* a line starting with a bullet or item number (``-``, ``*``, ``•``, ``1.``, ``2)``, ``a)``),
* a line starting with a quotation mark or indented (a block quote),
* short fragment lines without final punctuation (a list whose bullets were stripped) -- two or
  more of them (as in :mod:`annals.segment`), or a single one that is not a heading,
* two or more short sentence lines in a row (a list of sentence items).

The colon paragraph at the very end of the text, or one followed by a heading, is always a gap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Gap, Paragraph
from .segment import ends_sentence, ends_with_colon, is_list_item, looks_like_heading

_QUOTE_OPENERS = "\"'“‘„«‹「『>"
_SHORT_LINE = 80  # characters: a list item rather than a paragraph
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-Z0-9À-ÖØ-ÞА-ЯЁ])")
# An initial or a title before a break is no sentence end: "J. Smith", "Gen. Smith", "St. Louis".
_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:[A-Z]|Gen|Lt|Col|Capt|Cpt|Maj|Adm|Sgt|Cmdr|Mr|Mrs|Ms|Dr|St|Mt|Ft|Prof|Rev|Gov|Sen"
    r"|Rep|Pres|Jr|Sr|No|Nos|Co|Corp|Inc|Ltd|Bros|vs|etc|approx|ca|cf|Jan|Feb|Mar|Apr|Jun|Jul|Aug"
    r"|Sep|Sept|Oct|Nov|Dec|Vol|pp|p)\.$"
)


def last_sentence_start(paragraph: str) -> int:
    """Offset in ``paragraph`` where its last sentence starts (a simple punctuation split)."""
    start = 0
    for m in _SENTENCE_BREAK.finditer(paragraph):
        if m.end() >= len(paragraph):
            break
        head = paragraph[: m.start() + 1]
        if _ABBREVIATION.search(head):
            continue
        start = m.end()
    return start


def _next_lines(text: str, pos: int, count: int = 3) -> list[tuple[str, int, int, bool]]:
    """The next ``count`` non-blank lines after offset ``pos`` as (stripped text, start, end, indented)."""
    nl = text.find("\n", pos)
    out: list[tuple[str, int, int, bool]] = []
    if nl < 0:
        return out
    i = nl + 1
    while i <= len(text) and len(out) < count:
        j = text.find("\n", i)
        if j < 0:
            j = len(text)
        raw = text[i:j]
        s = raw.strip()
        if s:
            lead = len(raw) - len(raw.lstrip())
            indented = raw.startswith("\t") or lead >= 2
            out.append((s, i + lead, i + lead + len(s), indented))
        i = j + 1
    return out


def _is_heading(line: str, start: int, end: int, headings: Sequence[tuple[int, int]]) -> bool:
    if headings:
        return any(hs < end and start < he for hs, he in headings)
    return looks_like_heading(line)


def _is_fragment(line: str) -> bool:
    return 0 < len(line) <= _SHORT_LINE and not ends_sentence(line)


def _list_follows(text: str, end: int, headings: Sequence[tuple[int, int]],
                  spans: dict[int, int]) -> bool:
    """Is the colon at ``end`` followed by the list or quotation it announces?

    ``spans`` maps each paragraph's start to its end: a line counts as a (stripped-bullet) list item
    only if it is a paragraph of its own, not the first line of a wrapped prose paragraph.
    """
    following = _next_lines(text, end)
    if not following:
        return False
    line, start, stop, indented = following[0]
    if is_list_item(line) or line[0] in _QUOTE_OPENERS or indented:
        return True

    def item(k: int) -> bool:  # the k-th following line is a short paragraph of its own
        ln, a, b, _ = following[k]
        return len(ln) <= _SHORT_LINE and spans.get(a, b) == b

    if len(following) >= 2 and item(0) and _is_fragment(line) and item(1) and (
        _is_fragment(following[1][0]) or is_list_item(following[1][0])
    ):
        return True  # two or more items whose bullets were stripped (segment says the same)
    if _is_heading(line, start, stop, headings):
        return False
    if item(0) and _is_fragment(line):
        return True  # a single stripped-bullet item that is not a heading
    if len(following) >= 2 and item(0) and item(1):
        second = following[1]
        if not _is_heading(second[0], second[1], second[2], headings):
            return True  # short sentence lines in a row: list items
    return False


def find_gaps(text: str, paragraphs: list[Paragraph], headings: Sequence[tuple[int, int]] = ()) -> list[Gap]:
    """Dangling-list gaps in ``text``: paragraphs ending in ':' whose list is missing.

    ``paragraphs`` and ``headings`` come from :func:`annals.segment.segment`; without
    ``headings`` a following line is judged a heading by its shape alone.  Each gap's ``text`` is
    the paragraph's last sentence, ``start``/``end`` its offsets in ``text``.
    """
    gaps: list[Gap] = []
    spans = {p.start: p.end for p in paragraphs}
    for para in paragraphs:
        body = text[para.start:para.end]
        stripped = body.rstrip()
        if not stripped or not ends_with_colon(stripped):
            continue
        if _list_follows(text, para.start + len(stripped), headings, spans):
            continue
        first = last_sentence_start(stripped)
        lead = len(stripped[first:]) - len(stripped[first:].lstrip())
        start = para.start + first + lead
        end = para.start + len(stripped)
        gaps.append(Gap(kind="dangling_list", text=text[start:end], start=start, end=end))
    return gaps
