"""The narrative clock: relative date expressions read against the time the story has reached.

A history is told in order, so "the next day" means the day after the last date the text gave.
The reference time starts at the document date (or nowhere) and moves as the text goes on:

* every absolute date moves it to that date, at the date's granularity, unless the new date
  merely contains the reference (after "5 March 1921", a mention of "1921" keeps the day);
  decades, centuries and millennia never move it (they are too wide to be "now" in a story);
* every relative expression that could be resolved moves it the same way ("2 March" after
  "1 March 1921" is 1921-03-02, and the story is now on that day);
* a day or month without a year takes the reference's year; one that lies ten or more months
  before the reference month is read in the next year (December 1917, then "on 5 January");
* an offset is as precise as its unit, never finer: after "4 May 1886", "a year later" is 1887,
  "three months later" 1886-08, "two days later" 1886-05-06.

Expressions that cannot be resolved (no reference yet) keep an underspecified TIMEX3 value
(``XXXX-03-02``, ``XXXX-XX-XX``) and no interval.
"""

from __future__ import annotations

from annals.dates.grammar import Rel
from annals.dates.values import (
    GRANULARITIES,
    Val,
    add_years,
    astro,
    contains,
    days_in_month,
    from_jdn,
    julian_calendar_jdn,
    month_of,
    shift,
    truncate,
)

_SEASON_INDEX = {"SP": 0, "SU": 1, "FA": 2, "WI": 3}
_SEASON_BY_INDEX = {v: k for k, v in _SEASON_INDEX.items()}


def _fill_year(ref: Val, month: int) -> int:
    rm = month_of(ref)
    if rm is not None and rm - month >= 10:
        return add_years(ref.year, 1)
    return ref.year


def _season_ordinal(v: Val) -> int | None:
    s = truncate(v, "season")
    if s.gran != "season" or s.code is None:
        return None
    return astro(s.year) * 4 + _SEASON_INDEX[s.code]


def _season_from_ordinal(n: int) -> Val:
    a, i = divmod(n, 4)
    year = a - 1 if a <= 0 else a
    return Val("season", year, code=_SEASON_BY_INDEX[i])


def _season_step(ref: Val, code: str, op: str) -> Val:
    """The next (``op`` next) or previous season ``code`` after / before the reference."""
    r = _season_ordinal(ref)
    if r is None:  # a year: the season of the next / previous year
        return Val("season", add_years(ref.year, 1 if op == "next" else -1), code=code)
    target = _SEASON_INDEX[code]
    n = r + 1 if op == "next" else r - 1
    while n % 4 != target:
        n += 1 if op == "next" else -1
    return _season_from_ordinal(n)


def apply(rel: Rel, ref: Val | None) -> Val | None:
    """The value a relative expression takes when the story stands at ``ref``; None when it cannot."""
    if (
        ref is None
        or ref.gran in ("decade", "century", "millennium")
        and rel.unit not in ("decade", "century")
    ):
        return None
    out: Val | None
    if rel.op == "fill":
        if rel.code:
            rm = month_of(ref)
            year = ref.year
            if rel.code == "WI" and rm is not None and rm <= 2:
                year = add_years(year, -1)
            out = Val("season", year, code=rel.code)
        elif rel.month and rel.day:
            year = _fill_year(ref, rel.month)
            if rel.julian:
                y, m, d = from_jdn(julian_calendar_jdn(year, rel.month, rel.day))
                out = Val("day", y, m, d)
            elif rel.day > days_in_month(year, rel.month):
                return None
            else:
                out = Val("day", year, rel.month, rel.day)
        elif rel.month:
            out = Val("month", _fill_year(ref, rel.month), rel.month)
        else:
            return None
    elif rel.op in ("next", "prev"):
        step = 1 if rel.op == "next" else -1
        if rel.unit == "monthname" and rel.month:
            rm = month_of(ref)
            if rm is None:
                year = add_years(ref.year, step)
            elif rel.op == "next":
                year = ref.year if rel.month > rm else add_years(ref.year, 1)
            else:
                year = ref.year if rel.month < rm else add_years(ref.year, -1)
            out = Val("month", year, rel.month)
        elif rel.unit == "season" and rel.code:
            out = _season_step(ref, rel.code, rel.op)
        elif rel.unit == "year":
            out = Val("year", add_years(ref.year, step))
        elif rel.unit in ("decade", "century"):
            base = truncate(ref, rel.unit)
            out = (
                shift(base, "year", step * (10 if rel.unit == "decade" else 100))
                if base.gran == rel.unit
                else None
            )
        elif rel.unit == "month":
            base = truncate(ref, "month")
            out = shift(base, "month", step) if base.gran == "month" else ref
        elif rel.unit in ("week", "fortnight"):
            out = truncate(shift(ref, "day", 7 * step), "week") if ref.gran in ("day", "week") else ref
        else:  # a day
            out = shift(ref, "day", step)
    elif rel.op == "same":
        if rel.unit == "season" and rel.code:
            out = apply(Rel("fill", "season", code=rel.code), ref)
        elif rel.unit in ("decade", "century"):
            out = truncate(ref, rel.unit)
        else:
            out = truncate(ref, rel.unit or "year")
    elif rel.op == "offset":
        unit = rel.unit or "year"
        out = shift(ref, unit, rel.n)
        if out is not None and unit in ("year", "month", "decade", "century") \
                and GRANULARITIES.index(out.gran) < GRANULARITIES.index(unit if unit != "decade" else "year"):
            # "two years later" says the year, not the month the narrative was at
            out = truncate(out, "year" if unit in ("year", "decade", "century") else "month")
    else:
        return None
    if out is not None and rel.month and rel.unit == "year" and rel.op in ("next", "prev", "same"):
        out = Val("month", out.year, rel.month)  # "June of the following year"
    if out is not None and rel.then:
        if out.gran != "year":
            out = truncate(out, "year")
        if out.gran == "year":
            gran = {"Q": "quarter", "H": "half"}.get(rel.then[0], "season")
            out = Val(gran, out.year, code=rel.then)
    return out


def provisional(rel: Rel) -> str:
    """The underspecified TIMEX3 value a relative expression has before it is resolved."""
    if rel.then:
        return f"XXXX-{rel.then}"
    if rel.op == "fill":
        if rel.code:
            return f"XXXX-{rel.code}"
        if rel.day and rel.month:
            return f"XXXX-{rel.month:02d}-{rel.day:02d}"
        if rel.month:
            return f"XXXX-{rel.month:02d}"
    if rel.code:
        return f"XXXX-{rel.code}"
    if rel.month and rel.unit in ("monthname", "year"):
        return f"XXXX-{rel.month:02d}"
    return {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "fortnight": "XXXX-WXX", "month": "XXXX-XX"}.get(
        rel.unit or "", "XXXX"
    )


def moves_clock(new: Val, ref: Val | None) -> bool:
    """Whether a date the text gives moves the reference time (see the module docstring)."""
    if new.gran in ("decade", "century", "millennium"):
        return False
    if ref is None:
        return True
    return not (new != ref and contains(new, ref))
