"""Put events in time: order, placement of undated events, period filter and conflicting dates.

Pure functions over *event records*, the dicts :meth:`annals.store.Store.event_records` returns
(an extracted event with its participants resolved to canonical entities)::

    {"key": "doc-a:v3", "document": "doc-a", "event": "v3", "path", "document_title",
     "type", "trigger", "description",
     "time": {"value", "until", "mod", "earliest", "latest", "basis", "anchor"} | None,
     "participants": [{"entity": 12 | None, "name", "type", "role", "text"}],
     "place": {"entity", "name", "type", "text"} | None,
     "negated", "modality", "order", "start", "end", "sentence_index", "sentence"}

How the timeline is built (:func:`build_timeline`):

* **Dated events** (their time has an interval) are ordered by the first day they can mean, then the
  last (:func:`annals.dates.timex.sort_key`, so BCE dates sort before CE ones and ``1944`` before
  ``1944-03``), then by document and narrative position.
* **Undated events** keep the place the narrative gives them: right after the nearest dated event
  before them in the same document (or, at the start of a document, right before the first dated
  one), in narrative order.  They are marked ``"placement": "narrative"`` and ``between`` names the
  dated neighbours.  A document with no dated event at all gives ``"placement": "unplaced"``; those
  come last.  Narrative order is ``order`` when every event of the document has one, else the
  character offset.
* **Period filter** (:class:`Period`): a dated event is in the period when its interval overlaps it;
  an undated one only when it lies between two dated neighbours that are both in the period.
* **Conflicts** (:func:`find_conflicts`): two asserted, non-negated, dated events of different
  documents that are the same happening by the rules below, and whose intervals are disjoint, flag
  each other (``"conflict": [keys]``).  Both stay on the timeline with their own sources; nothing is
  merged.  The same happening: the same type and two canonical participants in common (places
  aside: two foundings in Prague are not one founding; one general makes many attacks), or one in
  common for happenings that befall a participant once (a death, a founding, a dissolution, an
  execution, a capitulation), or the same named EVENT entity (the Kronstadt rebellion) with the
  same type or one type missing.  Dates of different precision
  that can both be right (``1944`` and ``1944-11``) do not conflict; ``BEFORE``/``AFTER`` dates are
  open on one side for this test ("by 1942" agrees with 1941).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from annals.dates.timex import interval as timex_interval
from annals.dates.timex import sort_key

__all__ = [
    "Period",
    "build_timeline",
    "event_interval",
    "find_conflicts",
    "narrative_order",
    "parse_bound",
]

Record = dict[str, Any]
SortKey = tuple[int, int, int, str]

_OPEN_BEFORE = ("BEFORE", "ON_OR_BEFORE")
_OPEN_AFTER = ("AFTER", "ON_OR_AFTER")
_ASSERTED = (None, "", "asserted")
_VALUE_LIKE = re.compile(r"^[+-]?\d[\dX]*(?:-[0-9A-Z]+)*$")  # TIMEX3-shaped, as opposed to prose


# ---------------------------------------------------------------------------------------------
# Intervals and periods
# ---------------------------------------------------------------------------------------------


def event_interval(record: Record) -> tuple[str, str] | None:
    """The (earliest, latest) ISO dates of an event's time, or None when it has no definite time.

    The extractor's ``earliest``/``latest`` win; when they are missing the interval is computed from
    ``value`` and ``mod`` (``XXXX-03-02`` and other underspecified values have none).
    """
    time = record.get("time") or {}
    earliest, latest = time.get("earliest"), time.get("latest")
    if earliest and latest:
        return earliest, latest
    value = time.get("value")
    if not value:
        return None
    try:
        return timex_interval(value, time.get("mod"))
    except ValueError:
        return None


def parse_bound(value: str) -> tuple[str, str]:
    """The interval of a period bound: a TIMEX3 value (``1941``, ``1941-06``, ``1941-06-22``, ``-0044``,
    ``1944-Q4``, ``194X``) or a date as a reader writes it (``June 1941``, ``44 BC``); ValueError when
    it is neither, or when a value is malformed (``1941-13``)."""
    text = " ".join(value.split())
    if _VALUE_LIKE.match(text):
        try:
            return timex_interval(text)
        except ValueError:
            raise ValueError(f"not a date value: {value!r}") from None
    from annals.dates.timex import recognise

    found = [t for t in recognise(text) if not t.relative and t.earliest and t.latest]
    if len(found) != 1 or (found[0].start, found[0].end) != (0, len(text)):
        raise ValueError(f"not a date value: {value!r}")
    return found[0].earliest or "", found[0].latest or ""


@dataclass(frozen=True)
class Period:
    """A span of time with optional ends, as ISO dates (BCE as ``-0044-03-15``)."""

    earliest: str | None = None
    latest: str | None = None

    @classmethod
    def between(cls, start: str | None = None, end: str | None = None) -> Period:
        """The period from the first day of ``start`` to the last day of ``end`` (both TIMEX-like
        values, either may be None); ValueError when a bound is not a date or ``end`` is before ``start``."""
        earliest = parse_bound(start)[0] if start else None
        latest = parse_bound(end)[1] if end else None
        if earliest and latest and sort_key(latest) < sort_key(earliest):
            raise ValueError(f"the period ends ({end}) before it starts ({start})")
        return cls(earliest, latest)

    @property
    def unbounded(self) -> bool:
        """Whether the period has neither end (it then holds every event, dated or not)."""
        return self.earliest is None and self.latest is None

    def overlaps(self, earliest: str, latest: str) -> bool:
        """Whether the interval [earliest, latest] shares at least one day with the period."""
        if self.earliest is not None and sort_key(latest) < sort_key(self.earliest):
            return False
        if self.latest is not None and sort_key(earliest) > sort_key(self.latest):
            return False
        return True


# ---------------------------------------------------------------------------------------------
# Order and placement
# ---------------------------------------------------------------------------------------------


def narrative_order(records: Iterable[Record]) -> list[Record]:
    """One document's events in the order the text tells them: by ``order`` when every event has
    one, else by character offset (``start``), ``order`` breaking ties."""
    records = list(records)
    big = float("inf")
    if records and all(isinstance(r.get("order"), int) for r in records):
        return sorted(records, key=lambda r: (r["order"], _num(r.get("start"), big)))
    return sorted(records, key=lambda r: (_num(r.get("start"), big), _num(r.get("order"), big)))


def _num(value: Any, default: float) -> float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else default


@dataclass
class _Placed:
    record: Record
    interval: tuple[str, str] | None
    placement: str
    key: tuple[Any, ...]
    before: str | None = None  # the dated neighbour before an undated event (narrative order)
    after: str | None = None  # the dated neighbour after it


def _place(records: Iterable[Record]) -> list[_Placed]:
    """Every record with its interval, placement and sort key, sorted into timeline order."""
    by_doc: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_doc[str(r.get("document"))].append(r)
    placed: list[_Placed] = []
    for doc in sorted(by_doc):
        story = narrative_order(by_doc[doc])
        spans = [event_interval(r) for r in story]
        mains: list[tuple[Any, ...] | None] = [
            (0, sort_key(s[0]), sort_key(s[1]), doc, i) if s else None for i, s in enumerate(spans)
        ]
        next_dated: list[int | None] = [None] * len(story)
        for i in range(len(story) - 2, -1, -1):
            next_dated[i] = i + 1 if mains[i + 1] is not None else next_dated[i + 1]
        previous: int | None = None
        since_previous = 0
        for i, r in enumerate(story):
            main = mains[i]
            if main is not None:
                placed.append(_Placed(r, spans[i], "dated", (main, (0,))))
                previous, since_previous = i, 0
                continue
            following = next_dated[i]
            before_key = story[previous]["key"] if previous is not None else None
            after_key = story[following]["key"] if following is not None else None
            if previous is not None:
                since_previous += 1
                anchor = mains[previous]
                sub: tuple[int, ...] = (1, since_previous)
            elif following is not None:
                anchor = mains[following]
                sub = (-1, i)
            else:
                placed.append(_Placed(r, None, "unplaced", ((1, doc, i), (0,))))
                continue
            placed.append(_Placed(r, None, "narrative", (anchor, sub), before_key, after_key))
    placed.sort(key=lambda p: p.key)
    return placed


# ---------------------------------------------------------------------------------------------
# Conflicts
# ---------------------------------------------------------------------------------------------


def _open_interval(record: Record, span: tuple[str, str]) -> tuple[SortKey | None, SortKey | None]:
    mod = (record.get("time") or {}).get("mod")
    lo: SortKey | None = None if mod in _OPEN_BEFORE else sort_key(span[0])
    hi: SortKey | None = None if mod in _OPEN_AFTER else sort_key(span[1])
    return lo, hi


def _disjoint(a: tuple[SortKey | None, SortKey | None], b: tuple[SortKey | None, SortKey | None]) -> bool:
    (alo, ahi), (blo, bhi) = a, b
    return (ahi is not None and blo is not None and ahi < blo) or (bhi is not None and alo is not None and bhi < alo)


def _actors(record: Record) -> set[Any]:
    return {p.get("entity") for p in record.get("participants") or []
            if p.get("entity") is not None and p.get("role") != "place"}


def _named_events(record: Record) -> set[Any]:
    refs = [*(record.get("participants") or []), record.get("place") or {}]
    return {p.get("entity") for p in refs if p.get("entity") is not None and p.get("type") == "EVENT"}


# happenings that befall a participant once: one shared participant makes them the same happening
_ONCE = frozenset({"DEATH", "FOUNDING", "DISSOLUTION", "EXECUTION", "CAPITULATION"})


def conflict_refs(records: Iterable[Record]) -> set[Any]:
    """The entities through which :func:`find_conflicts` may find a partner of one of ``records``: their actors
    (participants other than a place) and the events they name.  A partner shares one of them, so the events
    naming these are a pool that finds every partner (an event's place, a town many events share, is neither)."""
    return {e for r in records for e in (*_actors(r), *_named_events(r))}


def conflict_types(records: Iterable[Record]) -> set[str] | None:
    """The types a partner of one of ``records`` may have in :func:`find_conflicts`: theirs, or none at all (a
    partner through a named event may be untyped); None when one of them is untyped (a partner may be of any)."""
    types = {r.get("type") for r in records}
    return None if None in types or "" in types else types


def find_conflicts(records: Iterable[Record], among: Iterable[Record] | None = None) -> dict[str, list[str]]:
    """Which events give another document's date for the same happening (see the module docstring).

    ``among``: the records to look for partners in (default: ``records`` themselves).  Returns
    ``{key: [partner keys, sorted]}`` for the records of ``records`` that have partners.
    """
    records = list(records)
    pool = records if among is None else list(among)

    def eligible(r: Record) -> tuple[SortKey | None, SortKey | None] | None:
        if r.get("negated") or r.get("modality") not in _ASSERTED:
            return None
        span = event_interval(r)
        return _open_interval(r, span) if span else None

    by_actor: dict[tuple[Any, Any], list[Record]] = defaultdict(list)
    by_event: dict[Any, list[Record]] = defaultdict(list)
    spans: dict[str, tuple[SortKey | None, SortKey | None]] = {}
    for r in {p["key"]: p for p in [*pool, *records]}.values():
        found = eligible(r)
        if found is None:
            continue
        spans[r["key"]] = found
        if r.get("type"):
            actors = sorted(_actors(r), key=str)
            if r["type"] in _ONCE:
                for actor in actors:
                    by_actor[(r["type"], actor)].append(r)
            else:  # indexed by pairs of participants: two in common make the same happening
                for i, a in enumerate(actors):
                    for b in actors[i + 1 :]:
                        by_actor[(r["type"], (a, b))].append(r)
        for ev in _named_events(r):
            by_event[ev].append(r)
    out: dict[str, list[str]] = {}
    for r in records:
        if r["key"] not in spans:
            continue
        actors = sorted(_actors(r), key=str)
        keys = actors if r.get("type") in _ONCE else [(a, b) for i, a in enumerate(actors) for b in actors[i + 1 :]]
        candidates = [c for k in keys for c in by_actor.get((r.get("type"), k), [])]
        candidates += [c for ev in _named_events(r) for c in by_event.get(ev, [])
                       if not r.get("type") or not c.get("type") or c.get("type") == r.get("type")]
        partners = {c["key"] for c in candidates
                    if c.get("document") != r.get("document") and _disjoint(spans[r["key"]], spans[c["key"]])}
        if partners:
            out[r["key"]] = sorted(partners)
    return out


# ---------------------------------------------------------------------------------------------
# The timeline
# ---------------------------------------------------------------------------------------------


def _row(p: _Placed, conflict: list[str]) -> Record:
    r = p.record
    time = r.get("time") or {}
    earliest, latest = p.interval if p.interval else (None, None)
    return {
        "id": r["key"],
        "document": r.get("document"),
        "event": r.get("event"),
        "value": time.get("value"),
        "until": time.get("until"),
        "mod": time.get("mod"),
        "earliest": earliest,
        "latest": latest,
        "basis": time.get("basis"),
        "anchor": time.get("anchor"),
        "placement": p.placement,
        "between": [p.before, p.after] if p.placement == "narrative" else None,
        "type": r.get("type"),
        "trigger": r.get("trigger"),
        "description": r.get("description") or r.get("trigger"),
        "participants": [{"entity": x.get("entity"), "name": x.get("name"), "role": x.get("role")}
                         for x in r.get("participants") or []],
        "place": ({"entity": r["place"].get("entity"), "name": r["place"].get("name")}
                  if r.get("place") else None),
        "negated": bool(r.get("negated")),
        "modality": r.get("modality"),
        "conflict": conflict,
        "sentence": r.get("sentence"),
        "sentence_index": r.get("sentence_index"),
        "start": r.get("start"),
        "end": r.get("end"),
        "path": r.get("path"),
        "document_title": r.get("document_title"),
    }


def build_timeline(
    records: Iterable[Record],
    *,
    period: Period | None = None,
    keep: Callable[[Record], bool] | None = None,
    conflicts_among: Iterable[Record] | None = None,
) -> list[Record]:
    """The timeline rows of ``records``, in order, filtered.

    ``records`` should hold every event of the documents concerned, since undated events are placed
    by their neighbours whatever the filters; ``keep`` then says which records to show (entity and
    type filters) and ``period`` which times.  ``conflicts_among``: further records (of other
    documents) to look for conflicting dates in.

    Each row: ``{"id", "document", "event", "value", "until", "mod", "earliest", "latest", "basis", "anchor",
    "placement", "between", "type", "trigger", "description", "participants": [{"entity", "name", "role"}], "place",
    "negated", "modality", "conflict", "sentence", "sentence_index", "start", "end", "path", "document_title"}``.
    """
    placed = _place(records)
    period = period or Period()
    by_key = {p.record["key"]: p for p in placed}

    def in_period(p: _Placed) -> bool:
        if period.unbounded:
            return True
        if p.interval is not None:
            return period.overlaps(*p.interval)
        neighbours = [by_key.get(k) if k else None for k in (p.before, p.after)]
        return all(n is not None and n.interval is not None and period.overlaps(*n.interval)
                   for n in neighbours)

    shown = [p for p in placed if (keep is None or keep(p.record)) and in_period(p)]
    pool = list(conflicts_among or []) + [p.record for p in placed]
    conflicts = find_conflicts([p.record for p in shown], among=pool)
    return [_row(p, conflicts.get(p.record["key"], [])) for p in shown]
