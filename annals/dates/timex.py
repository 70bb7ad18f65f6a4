"""Date expressions in English historical prose, normalised to TIMEX3.

The public face of :mod:`annals.dates`: :func:`recognise` finds every date expression in a text
(the grammar is described in :mod:`annals.dates.grammar`), :func:`resolve_relative` reads the
relative ones ("the next day", "2 March", "later that month") against a narrative reference time
that moves through the text (:mod:`annals.dates.narrative`), :func:`find_timexes` does both, and
:func:`interval` / :func:`sort_key` turn values into calendar days and a total order that works
for BCE dates too (:mod:`annals.dates.values`).

Choices a reader of the output should know:

* Values follow TIMEX3: ``1941``, ``1941-06``, ``1945-05-09``, ``1918-SU``, ``1944-Q4``, ``1944-H1``,
  ``192X`` (the 1920s), ``18XX`` (the 19th century and "the 1800s"), ``-0044`` (44 BC, historical
  numbering without a year 0), ``-04XX`` (the fifth century BC).  Part-of-period words and
  qualifiers go in ``mod``: START, MID, END, BEFORE ("by", "before", "prior to"), AFTER, APPROX.
* A range is two timexes, as in TimeML: ``1914-1918`` gives ``1914`` and ``1918``;
  ``5-8 March 1921`` gives ``5`` (1921-03-05) and ``8 March 1921``; ``June-August 1918`` gives
  ``June`` (1918-06) and ``August 1918``.  The first piece's ``anchor`` names the value it borrowed
  its month or year from.  A season over two years is one: ``the winter of 1920-1921`` is 1920-WI.
* Old Style: when the text gives both readings (``26 December [O.S. 14 December] 1825``,
  ``14 (26) December 1825``, ``25 October (7 November) 1917``) the value is the New Style
  (Gregorian) day and ``calendar`` is "julian"; a lone Old Style day (``5 March 1700 (O.S.)``) is
  converted to the Gregorian calendar, except before the reform of 1582, where the Julian day is the
  one historians give and is kept (``8 September 1380 (Old Style)`` is 1380-09-08, calendar "julian").
* A relative expression that cannot be resolved keeps an underspecified value (``XXXX-03-02``,
  ``XXXX-XX-XX``), ``relative`` true, and no ``earliest``/``latest``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import TypeVar

from annals.dates import era, narrative
from annals.dates.grammar import Cand, Rel, candidates
from annals.dates.values import GRANULARITIES, format_value, parse_value
from annals.dates.values import interval as _interval
from annals.dates.values import sort_key as _sort_key
from annals.model import Timex

__all__ = [
    "document_era", "find_timexes", "in_document_era", "interval", "normalise_timex", "recognise",
    "resolve_relative", "sort_key",
]

T = TypeVar("T")
# "since late 1857" looks back from where the story stands: it does not move the story's time
_RETROSPECTIVE = re.compile(r"(?i)since\b")
_PROVISIONAL_FILL = re.compile(r"^XXXX-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|(?P<s>SP|SU|FA|WI))$")


def _to_timex(c: Cand, text: str, offset: int) -> Timex:
    mod = c.mod or None
    if c.val is not None:
        value = format_value(c.val)
        earliest, latest = _interval(value, mod)
        return Timex(
            text=text[c.start : c.end],
            start=offset + c.start,
            end=offset + c.end,
            value=value,
            mod=mod,
            earliest=earliest,
            latest=latest,
            anchor=c.anchor,
            calendar=c.calendar,
        )
    assert c.rel is not None
    return Timex(
        text=text[c.start : c.end],
        start=offset + c.start,
        end=offset + c.end,
        value=narrative.provisional(c.rel),
        mod=mod,
        relative=True,
        calendar=c.calendar,
    )


def recognise(text: str, offset: int = 0) -> list[Timex]:
    """Every date expression in ``text``, in order, non-overlapping, the longest reading winning.

    Offsets are ``offset`` plus the index in ``text``.  Absolute expressions carry their TIMEX3 value
    and interval; relative ones (``relative=True``) carry an underspecified value until
    :func:`resolve_relative` reads them against the narrative.
    """
    found = candidates(text)
    if _TOLD_IN_BC.get() or any(c.val is not None and c.val.year < 0 for c in found):
        # a text told in BC years dates with bare numbers too ("in 413", "431-404"); their era is
        # settled over the whole document (resolve_relative), so such a reading is anchored: it is read
        # against the era the text's explicit BC years set, and would not read so alone
        plain = {(c.start, c.end) for c in found}
        found = candidates(text, bc=True)
        out = [_to_timex(c, text, offset) for c in found]
        explicit = [t for t in out if t.value and t.value.startswith("-")]
        for t in out:
            if (t.start - offset, t.end - offset) not in plain and not t.relative and t.anchor is None:
                before = [e for e in explicit if e.start < t.start]
                era = (before[-1] if before else explicit[0]).value if explicit else "BC"
                t.anchor = era
        return out
    return [_to_timex(c, text, offset) for c in found]


_TOLD_IN_BC: ContextVar[bool] = ContextVar("annals_told_in_bc", default=False)
_EXPLICIT_BC = re.compile(
    r"(?<![\w.,])\d{1,4}(?:s|'s|\u2019s)?\s*(?:B\.\s?C\.(?:\s?E\.)?|BCE|BC)(?![\w])"
    r"|\b(?:century|centuries|millennium)\s+(?:B\.\s?C\.(?:\s?E\.)?|BCE|BC)(?![\w])"
)


def tells_bc_years(text: str) -> bool:
    """Whether a document gives explicit BC years (``44 BC``, ``the fifth century BCE``)."""
    return _EXPLICIT_BC.search(text) is not None


@contextmanager
def document_era(text: str) -> Iterator[None]:
    """While a document is read in pieces (paragraphs), let :func:`recognise` know whether the whole
    document gives explicit BC years, so a paragraph without one still reads "In 413 Agis ..." as a
    year (its era is settled by :func:`resolve_relative` over the document)."""
    token = _TOLD_IN_BC.set(tells_bc_years(text))
    try:
        yield
    finally:
        _TOLD_IN_BC.reset(token)


def in_document_era(text: str, docs: Iterable[T]) -> Iterator[T]:
    """``docs`` (the pieces of ``text`` as the pipeline parses them, lazily) under :func:`document_era`."""
    token = _TOLD_IN_BC.set(tells_bc_years(text))
    try:
        yield from docs
    finally:
        try:
            _TOLD_IN_BC.reset(token)
        except ValueError:  # closed from another context: that context never saw the value
            pass


def settle_eras(timexes: list[Timex]) -> None:
    """Read the bare years of a text told in BC years as BC years, in place (see :mod:`annals.dates.era`)."""
    if not any(t.value.startswith("-") for t in timexes if t.value):
        return  # no explicit BC year: nothing to settle
    rows = []
    for t in timexes:
        v = parse_value(t.value) if t.type == "DATE" and t.value else None
        rows.append((t.text, v, v is not None and not t.relative))
    for t, (_, v, _), bc in zip(timexes, rows, era.bc_readings(rows), strict=True):
        if not bc or v is None:
            continue
        new = era.to_bc(v)
        if new is None:
            continue
        t.value = format_value(new)
        t.earliest, t.latest = _interval(t.value, t.mod)


@lru_cache(maxsize=4096)
def _reading(expression: str) -> tuple[Rel | None, str | None]:
    """The relative reading (and mod) of an expression standing alone."""
    found = candidates(expression, standalone=True)
    best = max(found, key=lambda c: c.end - c.start, default=None)
    if best is None or best.rel is None:
        return None, None
    return best.rel, best.mod


def _rel_of(t: Timex) -> Rel | None:
    rel, _ = _reading(t.text)
    if rel is not None:
        return rel
    m = _PROVISIONAL_FILL.match(t.value or "")
    if m is None:
        return None
    if m["s"]:
        return Rel("fill", "season", code=m["s"])
    return Rel("fill", "day" if m["d"] else "month", month=int(m["m"]), day=int(m["d"]) if m["d"] else None)


def _target_gran(rel: Rel) -> str:
    """The granularity a relative expression names ("the next day": day; "the following spring": season)."""
    if rel.then or rel.code:
        return "season"
    if rel.op == "fill":
        return "day" if rel.day else "month"
    if rel.unit == "monthname":
        return "month"
    if rel.unit == "fortnight":
        return "week"
    return rel.unit if rel.unit in GRANULARITIES else "year"


def resolve_relative(timexes: list[Timex], document_date: str | None = None) -> None:
    """Fill in the values of relative timexes, in document order, against the narrative reference time.

    The reference starts at ``document_date`` (a TIMEX3 value or ISO date, or None) and moves with
    every date the text gives (see :mod:`annals.dates.narrative`); before that, the bare years of a text
    told in BC years are read as BC (:func:`settle_eras`).  Each resolved timex gets its
    value, its interval and ``anchor``, the reference value it was read against.  Timexes are changed
    in place; ones that cannot be resolved keep their underspecified value.
    """
    settle_eras(timexes)
    ref = parse_value(document_date) if document_date else None
    for t in timexes:
        if t.type != "DATE":
            continue
        if not t.relative:
            v = parse_value(t.value)
            if v is not None and narrative.moves_clock(v, ref) and not _RETROSPECTIVE.match(t.text):
                ref = v
            continue
        rel = _rel_of(t)
        if rel is None:
            continue
        new = narrative.apply(rel, ref)
        if new is None:
            continue
        value = format_value(new)
        # "the middle of the month" read against a year is that year, not its middle
        vague = GRANULARITIES.index(new.gran) > GRANULARITIES.index(_target_gran(rel))
        try:
            t.earliest, t.latest = _interval(value, None if vague and t.mod in ("START", "MID", "END") else t.mod)
        except ValueError:  # past the years TIMEX3 can write ("the next day" of 9999-12-31): left unresolved
            continue
        t.anchor = format_value(ref) if ref is not None else None
        t.value = value
        if narrative.moves_clock(new, ref):
            ref = new


def find_timexes(text: str) -> list[Timex]:
    """Every date expression in ``text``, relative ones resolved by the narrative clock."""
    out = recognise(text)
    resolve_relative(out)
    return out


def normalise_timex(expression: str, reference: str | None = None) -> Timex | None:
    """One date expression read alone (offsets 0..len), relative ones against ``reference`` if given.

    Context checks that guard running text (a lone "May" must follow "in", "by"...) are relaxed: the
    caller says this is a date.  Returns None when nothing in the expression is a date; for a range
    the first piece's reading is returned.
    """
    found = candidates(expression, standalone=True)
    if not found:
        return None
    best = max(found, key=lambda c: (c.end - c.start, -c.start))
    t = _to_timex(best, expression, 0)
    t.text, t.start, t.end = expression, 0, len(expression)
    if t.relative and reference is not None:
        resolve_relative([t], reference)
    return t


def interval(value: str, mod: str | None = None) -> tuple[str, str]:
    """The earliest and latest ISO dates (``YYYY-MM-DD``, BCE as ``-0044-03-15``) a value can mean.

    ``mod`` narrows by thirds: START is the first third of the period (January-April of a year,
    days 1-10 of a month), MID the middle, END the last; APPROX widens by one unit either side;
    BEFORE/AFTER leave the value's own interval (the mod says on which side of it the happening
    lies).  Raises ValueError for an underspecified value such as ``XXXX-03-02``.
    """
    return _interval(value, mod)


def sort_key(value_or_iso: str) -> tuple[int, int, int, str]:
    """A total order on TIMEX3 values and ISO dates, BCE included; underspecified values sort last."""
    return _sort_key(value_or_iso)
