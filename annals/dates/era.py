"""Eras in a narrative: which bare years of a text are BC years.

A history of the Peloponnesian War or of the Roman republic gives its era once and then counts bare
years: "Caesar crossed the Rubicon in 49 BC. In 44 he was killed."  The rule, over a whole document
in reading order:

* an explicit BC year (``49 BC``, ``431-404 BCE``, ``the fifth century B.C.``) sets the era to BC,
  an explicit AD / CE year (``AD 14``, ``14 CE``) sets it to AD; bare years do not change it;
* a bare year (``in 413``, ``the summer of 415``, ``the 430s``, ``the fifth century``) while the era is
  BC is a BC year, unless it cannot be one in this text: it lies more than :data:`ERA_WINDOW` years
  from every explicit BC year the document gives (a modern "excavated in 1938" in a text on Rome), or
  it has more digits than any of them (a text whose BC years are all below 1000 reads "1204" as AD);
* before the first explicit era, bare years are BC when every explicit era of the document is BC (the
  opening "The war (431-404 BC)" of an article, or a first paragraph that names its era later); a
  document that moves between eras (31 BC to AD 14) leaves its opening bare years alone.

Years are historical (no year 0); a BC decade ``the 430s`` is ``-043X`` (439-430 BC) and a BC century
``-04XX`` (500-401 BC), as TIMEX3 writes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from annals.dates.values import Val, days_in_month

ERA_WINDOW = 300  # years: a bare year this far from every explicit BC year of the text is not BC

_AD_MARK = re.compile(r"(?<![\w.])(?:A\.\s?D\.|AD|C\.\s?E\.|CE|a\.\s?d\.|c\.\s?e\.)(?![\w])")


def explicit_era(text: str, value: Val | None) -> str | None:
    """"BC" or "AD" when a date expression states its era (a BC value only comes from an explicit
    BC), else None."""
    if value is not None and value.year < 0:
        return "BC"
    if _AD_MARK.search(text):
        return "AD"
    return None


def magnitude(v: Val) -> int:
    """The (positive) year a value is about, for comparing it with the text's BC years."""
    if v.gran == "decade":
        return int(v.digits or "0") * 10 + 5
    if v.gran == "century":
        return int(v.digits or "0") * 100 + 50
    if v.gran == "millennium":
        return int(v.digits or "0") * 1000 + 500
    return abs(v.year)


def to_bc(v: Val) -> Val | None:
    """The same value read as a BC one (None when it does not exist then: 29 February)."""
    if v.gran in ("decade", "century", "millennium"):
        return replace(v, year=-1)
    if v.gran == "day" and v.month and v.day and v.day > days_in_month(-v.year, v.month):
        return None
    return replace(v, year=-v.year)


def bc_readings(items: Iterable[tuple[str, Val | None, bool]]) -> list[bool]:
    """For (text, value, is-bare-candidate) items in reading order: which are BC years.

    ``is-bare-candidate`` is false for expressions that cannot take an era (relative ones, values
    that did not parse); see the module docstring for the rule.
    """
    rows = list(items)
    eras = [explicit_era(text, v) for text, v, _ in rows]
    bc_years = [magnitude(v) for (_, v, _), e in zip(rows, eras, strict=True) if e == "BC" and v is not None]
    out = [False] * len(rows)
    if not bc_years:
        return out
    digits = max(len(str(b)) for b in bc_years)  # a text whose BC years have three digits: "1204" is AD
    state = "BC" if all(e in (None, "BC") for e in eras) else None
    for i, ((_, v, bare), era) in enumerate(zip(rows, eras, strict=True)):
        if era is not None:
            state = era
            continue
        if state != "BC" or not bare or v is None or v.year < 0:
            continue
        mag = magnitude(v)
        out[i] = min(abs(mag - b) for b in bc_years) <= ERA_WINDOW and len(str(mag)) <= digits
    return out
