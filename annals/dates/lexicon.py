"""The calendar words of ``annals/data/calendar_en.json``, loaded once, as lookups and regex pieces."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def _data() -> dict[str, Any]:
    path = resources.files("annals").joinpath("data", "calendar_en.json")
    with path.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def _entries(section: str) -> Any:
    return _data()[section]["entries"]


@cache
def months() -> dict[str, int]:
    """Month name or abbreviation (lower case, no full stop) to its number."""
    out: dict[str, int] = {}
    for name, entry in _entries("months").items():
        out[name] = entry["number"]
        for abbr in entry["abbr"]:
            out[abbr] = entry["number"]
    return out


@cache
def full_months() -> dict[str, int]:
    """Full month names (lower case) to their number."""
    return {name: entry["number"] for name, entry in _entries("months").items()}


@cache
def seasons() -> dict[str, str]:
    """Season word to TIMEX3 season code."""
    return {name: entry["code"] for name, entry in _entries("seasons").items()}


@cache
def ordinals() -> dict[str, int]:
    """Ordinal words, with the composed ones ('twenty-first', 'twenty first') up to 39."""
    base: dict[str, int] = dict(_entries("ordinals"))
    tens = {w: n for w, n in numbers().items() if n in (20, 30)}
    out = dict(base)
    for tw, tn in tens.items():
        for uw, un in base.items():
            if un < 10:
                out[f"{tw}-{uw}"] = tn + un
                out[f"{tw} {uw}"] = tn + un
    return out


@cache
def numbers() -> dict[str, int]:
    """Cardinal number words, with composed tens ('twenty-five')."""
    base: dict[str, int] = dict(_entries("numbers"))
    out = dict(base)
    for tw, tn in base.items():
        if tn in (20, 30, 40, 50, 60, 70, 80, 90):
            for uw, un in base.items():
                if 1 <= un <= 9 and uw not in ("a", "an"):
                    out[f"{tw}-{uw}"] = tn + un
                    out[f"{tw} {uw}"] = tn + un
    return out


@cache
def units() -> dict[str, str]:
    """Unit word (singular) to the granularity it counts in."""
    return dict(_entries("units"))


@cache
def parts() -> dict[str, str]:
    """Part-of-period word to TIMEX3 mod."""
    return dict(_entries("parts"))


@cache
def qualifiers() -> dict[str, str]:
    """Qualifier word before a date to TIMEX3 mod ('' for none)."""
    return dict(_entries("qualifiers"))


def _set(section: str) -> frozenset[str]:
    return frozenset(_entries(section))


@cache
def month_triggers() -> frozenset[str]:
    """Words that make a following lone month name a date."""
    return _set("month_triggers")


@cache
def quantity_words() -> frozenset[str]:
    """Words that announce a count."""
    return _set("quantity_words")


@cache
def count_nouns() -> frozenset[str]:
    """Nouns that follow counts, not years."""
    return _set("count_nouns")


@cache
def year_blockers() -> frozenset[str]:
    """Words before a number that make it an identifier."""
    return _set("year_blockers")


@cache
def season_compounds() -> frozenset[str]:
    """Nouns that make a preceding season word an attribute."""
    return _set("season_compounds")


@cache
def feast_days() -> frozenset[str]:
    """Days named by their feast ("easter sunday", "christmas day"), lower case: dates, not events."""
    return frozenset(_entries("feast_days"))
