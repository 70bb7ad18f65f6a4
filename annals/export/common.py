"""Helpers every export format shares: making untrusted text safe, writing dates, naming things.

Text from documents is untrusted: a sentence may hold ``<script>``, ``&``, quotes, control characters
or spreadsheet formulas.  Each format makes it safe its own way, with the helpers here:

* XML (GraphML, GEXF) is written by :mod:`xml.etree.ElementTree`, which escapes markup; characters
  XML 1.0 cannot hold at all (NUL, most C0 controls, lone surrogates) are dropped by :func:`xml_text`.
* HTML fragments (TimelineJS slide text) escape ``< > & " '`` with :func:`html_text`.
* Markdown escapes every character that could start markup with a backslash (:func:`md_text`).
* CSV cells are quoted by :mod:`csv`; a text cell that a spreadsheet would run as a formula
  (``=``, ``+``, ``-``, ``@`` first) gets a leading apostrophe (:func:`csv_text`).

Dates: annals writes BCE years as TIMEX3 does, ``-0044`` for 44 BC (historical numbering, no year
0).  ISO 8601 and XML Schema count astronomically (``-0043`` is 44 BC); :func:`iso_astronomical`
converts for the formats that declare ISO dates (GEXF, JSON-LD).
"""

from __future__ import annotations

import html
import re
from typing import Any

from annals.dates.lexicon import full_months
from annals.relations.registry import REGISTRY

# the month names of the calendar words (data/calendar_en.json, the dates' lexicon), capitalised, in order
MONTHS = tuple(name.capitalize() for name, _ in sorted(full_months().items(), key=lambda kv: kv[1]))

ENTITY_TYPE_NAMES = {"PERSON": "person", "ORG": "organisation", "GPE": "state or city", "LOC": "place",
                     "GROUP": "group", "EVENT": "named event", "WORK": "work"}

_XML_BAD = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~^&])")
_WHITESPACE = re.compile(r"\s+")
_PLAIN_VALUE = re.compile(r"^(-?)(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ISO_DAY = re.compile(r"^(-?)(\d{4,})-(\d{2})-(\d{2})$")


# -- text ------------------------------------------------------------------------------------------


def one_line(text: Any) -> str:
    """The text with every run of white space (newlines included) as one space."""
    return _WHITESPACE.sub(" ", "" if text is None else str(text)).strip()


def xml_text(text: Any) -> str:
    """Text XML 1.0 can hold: characters it forbids outright (NUL, C0 controls other than tab and
    newlines, lone surrogates, U+FFFE/U+FFFF) are dropped; markup is escaped by the XML writer."""
    return _XML_BAD.sub("", "" if text is None else str(text))


def html_text(text: Any) -> str:
    """Text for an HTML fragment: ``< > & " '`` escaped, so no markup from a document passes through."""
    return html.escape(xml_text(text), quote=True)


def md_text(text: Any) -> str:
    """Inline Markdown that shows exactly this text: one line, every character that could open
    markup (emphasis, links, HTML, tables, footnotes, entities) escaped with a backslash."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(xml_text(text)))


def csv_text(text: Any) -> str:
    """A CSV cell of document text: a value a spreadsheet would evaluate as a formula gets a leading
    apostrophe (the usual guard); None is the empty cell."""
    if text is None:
        return ""
    s = str(text)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def relation_words(relation: str | None, backwards: bool = False, negated: bool = False) -> str:
    """A relation name as words, the registry's (:mod:`annals.relations.registry`): ``LEADER_OF`` -> "leader of"
    (backwards: "led by"); "not ..." when negated."""
    name = relation or "related to"
    known = REGISTRY.get(name)
    forwards, reverse = (known.forwards, known.backwards) if known else (name.lower().replace("_", " "), "")
    words = (reverse or f"{forwards} (by)") if backwards else forwards
    return f"not {words}" if negated else words


# -- dates -----------------------------------------------------------------------------------------


def year_number(text: str) -> int:
    """The year of a TIMEX3 value or ISO date as a signed number (``-0044...`` -> -44: 44 BC)."""
    m = re.match(r"^(-?)(\d+)", text)
    if not m:
        raise ValueError(f"no year in {text!r}")
    return -int(m.group(2)) if m.group(1) else int(m.group(2))


def iso_astronomical(date: str) -> str:
    """An annals date (``-0044-03-15``: 15 March 44 BC) in ISO 8601 / XML Schema numbering
    (``-0043-03-15``); CE dates are unchanged."""
    if not date.startswith("-"):
        return date
    m = re.match(r"^-(\d+)(.*)$", date)
    assert m is not None
    year = 1 - int(m.group(1))  # 1 BC is year 0, 2 BC is -1
    return (f"-{-year:04d}" if year < 0 else f"{year:04d}") + m.group(2)


def date_parts(value: str | None) -> dict[str, int] | None:
    """``{"year", "month"?, "day"?}`` of a plain TIMEX3 date value (``1944``, ``1944-11``,
    ``-0044-03-15``) at its own precision; None for anything else (``194X``, ``1944-Q4``, ...)."""
    m = _PLAIN_VALUE.match(value or "")
    if not m:
        return None
    parts = {"year": -int(m.group(2)) if m.group(1) else int(m.group(2))}
    if m.group(3):
        parts["month"] = int(m.group(3))
    if m.group(4):
        parts["day"] = int(m.group(4))
    return parts


def interval_parts(earliest: str, latest: str) -> tuple[dict[str, int], dict[str, int] | None]:
    """The start and end of an interval of ISO days at the coarsest precision that states it exactly:
    whole years as years (1920-01-01..1929-12-31 -> 1920, 1929), whole months as months, else days.
    The end is None when it is the start at that precision."""
    a, b = _ISO_DAY.match(earliest), _ISO_DAY.match(latest)
    if not a or not b:
        raise ValueError(f"not an interval of ISO days: {earliest!r}, {latest!r}")

    def parts(m: re.Match[str]) -> tuple[int, int, int]:
        return (-int(m.group(2)) if m.group(1) else int(m.group(2))), int(m.group(3)), int(m.group(4))

    (y1, m1, d1), (y2, m2, d2) = parts(a), parts(b)
    if (m1, d1) == (1, 1) and (m2, d2) == (12, 31):
        start, end = {"year": y1}, {"year": y2}
    elif d1 == 1 and d2 == _month_days(y2, m2):
        start, end = {"year": y1, "month": m1}, {"year": y2, "month": m2}
    else:
        start, end = {"year": y1, "month": m1, "day": d1}, {"year": y2, "month": m2, "day": d2}
    return start, (None if end == start else end)


def _month_days(year: int, month: int) -> int:
    if month == 2:
        # Leap years as annals' intervals count them (proleptic Gregorian on the astronomical year).
        astro = year if year > 0 else year + 1
        return 29 if astro % 4 == 0 and (astro % 100 != 0 or astro % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def human_parts(parts: dict[str, int]) -> str:
    """``{"year": -44, "month": 3, "day": 15}`` -> "15 March 44 BC"; ``{"year": 1944}`` -> "1944"."""
    year = parts["year"]
    text = f"{-year} BC" if year < 0 else str(year)
    if "month" in parts:
        text = f"{MONTHS[parts['month'] - 1]} {text}"
        if "day" in parts:
            text = f"{parts['day']} {text}"
    return text


_MOD_WORDS = {"START": "the start of {}", "MID": "the middle of {}", "END": "the end of {}",
              "BEFORE": "before {}", "AFTER": "after {}", "APPROX": "about {}",
              "ON_OR_BEFORE": "on or before {}", "ON_OR_AFTER": "on or after {}"}
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}
_HALVES = {"H1": "the first half of", "H2": "the second half of"}


def human_value(value: str | None, mod: str | None = None) -> str:
    """A TIMEX3 value as a reader writes it: ``1944-11`` -> "November 1944", ``192X`` -> "the 1920s",
    ``1944-Q4`` -> "the fourth quarter of 1944", ``-0044-03-15`` -> "15 March 44 BC", with the
    modifier in words ("the end of 1944").  A value it cannot read is returned as it is."""
    if not value:
        return ""
    text = _human_value(value)
    return _MOD_WORDS[mod].format(text) if mod in _MOD_WORDS else text


def _human_value(value: str) -> str:
    parts = date_parts(value)
    if parts is not None:
        return human_parts(parts)
    m = re.match(r"^(-?)(\d{3})X$", value)
    if m:
        decade = int(m.group(2)) * 10
        return f"the {decade}s BC" if m.group(1) else f"the {decade}s"
    m = re.match(r"^(-?)(\d{2})XX$", value)
    if m:
        n = int(m.group(2)) + 1
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"the {n}{suffix} century" + (" BC" if m.group(1) else "")
    m = re.match(r"^(-?\d{4})-(Q[1-4]|SP|SU|FA|AU|WI|H[12])$", value)
    if m:
        year = human_parts({"year": year_number(m.group(1))})
        part = m.group(2)
        if part.startswith("Q"):
            return f"the {('first', 'second', 'third', 'fourth')[int(part[1]) - 1]} quarter of {year}"
        if part in _HALVES:
            return f"{_HALVES[part]} {year}"
        return f"{_SEASONS[part]} {year}"
    return value


def plain_precision(value: str | None) -> bool:
    """Whether a value is a plain year, month or day (the formats can state it at its own precision)."""
    return date_parts(value) is not None


# -- citations -------------------------------------------------------------------------------------


def citation_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """What identifies the source of a fact: its document and sentence (else its character span)."""
    if row.get("sentence_index") is not None:
        return (row["document"], row["sentence_index"])
    return (row["document"], row.get("start"), row.get("end"))
