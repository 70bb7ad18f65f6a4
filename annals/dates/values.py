"""TIMEX3 values as calendar facts: parsing, formatting, arithmetic, intervals and a total order.

A value such as ``1944-11``, ``1920-WI``, ``192X`` or ``-0044-03-15`` is read into a :class:`Val`
(granularity plus fields) so the narrative clock can move it ("two weeks later") and so it can be
turned into the days it covers.  Years are *historical*: there is no year 0, ``-0044`` is 44 BC.
Day arithmetic goes through Julian Day Numbers on the proleptic Gregorian calendar (astronomical
years, 1 BC = year 0), which works the same before and after the common era.

Interval conventions (see :func:`interval`):

* seasons are northern meteorological seasons (SP = March-May, SU = June-August, FA =
  September-November, WI = December of the year to February of the next);
* ``18XX`` is 1800-1899 ("the 1800s", "the 19th century" read the common way), ``192X`` 1920-1929;
  a BCE century ``-04XX`` (the fifth century BC) is 500-401 BC;
* mods narrow by thirds: START/MID/END of a period of whole months take its first, middle and last
  third of months (a year: January-April, May-August, September-December); of one month, days
  1-10, 11-20 and 21 to the end; a single day is not narrowed.  APPROX widens by one unit of the
  value on each side; BEFORE and AFTER (and ON_OR_...) leave the interval of the value itself: the
  interval says which period the text names ("by the 1860s": 1860-1869), the mod says on which side
  of it the happening lies, so a timeline can still place it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

SEASON_FIRST_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
GRANULARITIES = (
    "day",
    "week",
    "month",
    "season",
    "quarter",
    "half",
    "year",
    "decade",
    "century",
    "millennium",
)

_VALUE = re.compile(
    r"^(?P<sign>-?)(?:(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?|-(?P<code>SP|SU|FA|WI|Q[1-4]|H[12])"
    r"|-W(?P<w>\d{2}))?|(?P<dec>\d{3})X|(?P<cen>\d{2})XX|(?P<mil>\d)XXX)$"
)


@dataclass(frozen=True)
class Val:
    """A calendar value: ``gran`` names which fields count.

    ``year`` is historical (no 0); ``code`` holds the season (``SU``), quarter (``Q4``), half
    (``H1``) or ISO week number (``W09``); decades, centuries and millennia keep their TIMEX3
    digits in ``digits`` ("192" for 192X) and the sign in ``year`` (-1 BCE, 1 CE).
    """

    gran: str
    year: int
    month: int | None = None
    day: int | None = None
    code: str | None = None
    digits: str | None = None

    def __str__(self) -> str:
        return format_value(self)


def astro(year: int) -> int:
    """Historical year (no year 0) to astronomical year: 1 BC is 0, 44 BC is -43."""
    return year + 1 if year < 0 else year


def historical(year: int) -> int:
    """Astronomical year to historical year (0 is 1 BC)."""
    return year - 1 if year <= 0 else year


def is_leap(year: int) -> bool:
    """Whether a historical year is a Gregorian leap year (proleptic)."""
    a = astro(year)
    return a % 4 == 0 and (a % 100 != 0 or a % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """Days in a month of a historical year, proleptic Gregorian."""
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def jdn(year: int, month: int, day: int) -> int:
    """Julian Day Number of a proleptic Gregorian date in a historical year."""
    a = (14 - month) // 12
    y = astro(year) + 4800 - a
    m = month + 12 * a - 3
    return day + (153 * m + 2) // 5 + 365 * y + y // 4 - y // 100 + y // 400 - 32045


def julian_calendar_jdn(year: int, month: int, day: int) -> int:
    """Julian Day Number of a date written in the Julian calendar (Old Style)."""
    a = (14 - month) // 12
    y = astro(year) + 4800 - a
    m = month + 12 * a - 3
    return day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083


def from_jdn(n: int) -> tuple[int, int, int]:
    """The proleptic Gregorian (historical year, month, day) of a Julian Day Number."""
    a = n + 32044
    b = (4 * a + 3) // 146097
    c = a - 146097 * b // 4
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = 100 * b + d - 4800 + m // 10
    return historical(year), month, day


def julian_to_gregorian(year: int, month: int, day: int) -> tuple[int, int, int]:
    """An Old Style (Julian) date as the New Style (Gregorian) date of the same day."""
    return from_jdn(julian_calendar_jdn(year, month, day))


def add_years(year: int, n: int) -> int:
    """A historical year moved by n years, skipping the missing year 0."""
    return historical(astro(year) + n)


def iso(year: int, month: int, day: int) -> str:
    """An ISO date with a historical year: ``-0044-03-15`` for 15 March 44 BC."""
    sign = "-" if year < 0 else ""
    return f"{sign}{abs(year):04d}-{month:02d}-{day:02d}"


def iso_from_jdn(n: int) -> str:
    """The ISO date of a Julian Day Number."""
    return iso(*from_jdn(n))


def _year_text(year: int) -> str:
    return f"{'-' if year < 0 else ''}{abs(year):04d}"


def format_value(v: Val) -> str:
    """The TIMEX3 value of a :class:`Val`."""
    if v.gran in ("decade", "century", "millennium"):
        sign = "-" if v.year < 0 else ""
        pad = {"decade": "X", "century": "XX", "millennium": "XXX"}[v.gran]
        return f"{sign}{v.digits}{pad}"
    y = _year_text(v.year)
    if v.gran == "year":
        return y
    if v.gran == "month":
        return f"{y}-{v.month:02d}"
    if v.gran == "day":
        return f"{y}-{v.month:02d}-{v.day:02d}"
    if v.gran == "week":
        return f"{y}-{v.code}"
    return f"{y}-{v.code}"


def parse_value(value: str) -> Val | None:
    """A TIMEX3 date value (or ISO date) read into a :class:`Val`; None when underspecified or not a date."""
    m = _VALUE.match(value.strip())
    if not m:
        return None
    sign = -1 if m["sign"] else 1
    if m["dec"] is not None:
        return Val("decade", sign, digits=m["dec"])
    if m["cen"] is not None:
        return Val("century", sign, digits=m["cen"])
    if m["mil"] is not None:
        return Val("millennium", sign, digits=m["mil"])
    year = sign * int(m["y"])
    if year == 0:
        return None
    if m["d"] is not None:
        month, day = int(m["m"]), int(m["d"])
        if not 1 <= month <= 12 or not 1 <= day <= days_in_month(year, month):
            return None
        return Val("day", year, month, day)
    if m["m"] is not None:
        month = int(m["m"])
        return Val("month", year, month) if 1 <= month <= 12 else None
    if m["w"] is not None:
        week = int(m["w"])
        return Val("week", year, code=f"W{week:02d}") if 1 <= week <= _weeks_in(year) else None
    code = m["code"]
    if code is None:
        return Val("year", year)
    if code in SEASON_FIRST_MONTH:
        return Val("season", year, code=code)
    return Val("quarter" if code[0] == "Q" else "half", year, code=code)


# ---------------------------------------------------------------- weeks


def _week1_monday(year: int) -> int:
    jan4 = jdn(year, 1, 4)
    return jan4 - (jan4 % 7)  # JDN % 7 == 0 is a Monday


def _weeks_in(year: int) -> int:
    return (_week1_monday(add_years(year, 1)) - _week1_monday(year)) // 7


def week_of(n: int) -> Val:
    """The ISO week (as a week :class:`Val`) that contains Julian Day Number n."""
    year, _, _ = from_jdn(n)
    for y in (add_years(year, 1), year, add_years(year, -1)):
        start = _week1_monday(y)
        if n >= start:
            return Val("week", y, code=f"W{(n - start) // 7 + 1:02d}")
    raise AssertionError("unreachable")  # pragma: no cover


# ---------------------------------------------------------------- spans


def _month_span(v: Val) -> tuple[int, int, int] | None:
    """(historical year, first month, number of months) of a month-aligned value, else None."""
    if v.gran == "year":
        return v.year, 1, 12
    if v.gran == "month":
        return v.year, v.month or 1, 1
    if v.gran == "season":
        return v.year, SEASON_FIRST_MONTH[v.code or "SU"], 3
    if v.gran == "quarter":
        return v.year, 3 * (int((v.code or "Q1")[1]) - 1) + 1, 3
    if v.gran == "half":
        return v.year, 1 if v.code == "H1" else 7, 6
    if v.gran in ("decade", "century", "millennium"):
        lo, hi = year_range(v)
        return lo, 1, 12 * (astro(hi) - astro(lo) + 1)
    return None


def year_range(v: Val) -> tuple[int, int]:
    """First and last historical year a value touches."""
    if v.gran in ("decade", "century", "millennium"):
        d = int(v.digits or "0")
        size = {"decade": 10, "century": 100, "millennium": 1000}[v.gran]
        if v.year > 0:
            return max(1, d * size), d * size + size - 1
        if v.gran == "decade":
            return -(d * size + size - 1), min(-1, -(d * size))
        return -(d + 1) * size, -(d * size + 1)  # the fifth century BC: 500-401 BC
    lo, hi = jdn_span(v)
    return from_jdn(lo)[0], from_jdn(hi)[0]


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    total = astro(year) * 12 + (month - 1) + n
    return historical(total // 12), total % 12 + 1


def _months_to_jdn(year: int, month: int, count: int) -> tuple[int, int]:
    lo = jdn(year, month, 1)
    ey, em = _add_months(year, month, count - 1)
    return lo, jdn(ey, em, days_in_month(ey, em))


def jdn_span(v: Val) -> tuple[int, int]:
    """First and last Julian Day Number a value covers."""
    if v.gran == "day":
        n = jdn(v.year, v.month or 1, v.day or 1)
        return n, n
    if v.gran == "week":
        start = _week1_monday(v.year) + 7 * (int((v.code or "W01")[1:]) - 1)
        return start, start + 6
    span = _month_span(v)
    assert span is not None
    return _months_to_jdn(*span)


def _narrow(v: Val, mod: str) -> tuple[int, int]:
    lo, hi = jdn_span(v)
    span = _month_span(v)
    if mod in ("START", "MID", "END"):
        if span is None:  # a day or a week is not narrowed
            return lo, hi
        year, month, count = span
        if count >= 3:
            third = count // 3
            first = {"START": 0, "MID": third, "END": count - third}[mod]
            size = third if mod != "MID" else count - 2 * third
            y, m = _add_months(year, month, first)
            return _months_to_jdn(y, m, size)
        days = hi - lo + 1
        first_day, last_day = {"START": (0, 9), "MID": (10, 19), "END": (20, days - 1)}[mod]
        return lo + first_day, lo + last_day
    if mod == "APPROX":
        if span is None:
            width = hi - lo + 1
            return lo - width, hi + width
        year, month, count = span
        y0, m0 = _add_months(year, month, -count)
        return _months_to_jdn(y0, m0, 3 * count)
    return lo, hi


def interval(value: str, mod: str | None = None) -> tuple[str, str]:
    """The earliest and latest ISO dates a TIMEX3 value (narrowed or opened by ``mod``) can mean.

    Raises ValueError for a value that names no definite time (``XXXX-03-02``, ``PRESENT_REF``).
    See the module docstring for how mods narrow.
    """
    v = parse_value(value)
    if v is None:
        raise ValueError(f"not a definite TIMEX3 date value: {value!r}")
    lo, hi = _narrow(v, mod or "")
    return iso_from_jdn(lo), iso_from_jdn(hi)


def sort_key(value_or_iso: str) -> tuple[int, int, int, str]:
    """A total order on TIMEX3 values and ISO dates, BCE included.

    Values sort by the first day they cover, then the last (so ``1944`` comes before ``1944-03``
    only when it starts earlier or ends earlier), then by text; values that name no definite time
    (``XXXX-03-02``) sort after every definite one.
    """
    v = parse_value(value_or_iso)
    if v is None:
        return (1, 0, 0, value_or_iso)
    lo, hi = jdn_span(v)
    return (0, lo, hi, value_or_iso)


def contains(outer: Val, inner: Val) -> bool:
    """Whether every day of ``inner`` lies in ``outer``."""
    olo, ohi = jdn_span(outer)
    ilo, ihi = jdn_span(inner)
    return olo <= ilo and ihi <= ohi


# ---------------------------------------------------------------- arithmetic for the narrative clock


def month_of(v: Val) -> int | None:
    """The month a value points at (a season or quarter: its first month), None for a year or wider."""
    if v.gran in ("day", "month"):
        return v.month
    if v.gran == "week":
        return from_jdn(jdn_span(v)[0])[1]
    span = _month_span(v)
    if span is None or v.gran in ("year", "decade", "century", "millennium"):
        return None
    return span[1]


def truncate(v: Val, gran: str) -> Val:
    """``v`` read at a coarser granularity (``1921-03-05`` as a month is ``1921-03``); finer: unchanged."""
    if GRANULARITIES.index(gran) <= GRANULARITIES.index(v.gran):
        return v
    if gran == "year":
        return Val("year", v.year)
    if gran == "month":
        m = month_of(v)
        return Val("month", v.year, m) if m else v
    if gran == "week":
        return week_of(jdn_span(v)[0])
    if gran == "season":
        m = month_of(v)
        if m is None:
            return v
        year = v.year if m > 2 else add_years(v.year, -1)
        code = {12: "WI", 1: "WI", 2: "WI"}.get(m) or ("SP" if m <= 5 else "SU" if m <= 8 else "FA")
        return Val("season", year, code=code)
    if gran in ("decade", "century", "millennium"):
        size = {"decade": 10, "century": 100, "millennium": 1000}[gran]
        y = year_range(v)[0]
        if y < 0:
            return v
        return Val(gran, 1, digits=str(y // size).zfill({"decade": 3, "century": 2, "millennium": 1}[gran]))
    return v


def shift(v: Val, unit: str, n: int) -> Val:
    """``v`` moved by n units (day, week, month, year, decade, century), keeping its granularity.

    A unit finer than the value (two days after a year) leaves the value as it is: the text does
    not say enough to move it.
    """
    if unit == "fortnight":
        unit, n = "week", 2 * n
    if unit == "week" and v.gran in ("day", "week"):
        unit, n = "day", 7 * n
    if unit == "day":
        if v.gran == "day":
            return Val("day", *from_jdn(jdn(v.year, v.month or 1, v.day or 1) + n))
        if v.gran == "week":
            return week_of(jdn_span(v)[0] + n)
        return v
    if unit == "month":
        if v.gran == "day":
            y, m = _add_months(v.year, v.month or 1, n)
            return Val("day", y, m, min(v.day or 1, days_in_month(y, m)))
        if v.gran == "month":
            y, m = _add_months(v.year, v.month or 1, n)
            return Val("month", y, m)
        if v.gran == "year" and abs(n) >= 12:
            return replace(v, year=add_years(v.year, int(n / 12)))
        return v
    if unit == "decade":
        unit, n = "year", 10 * n
    if unit == "century":
        unit, n = "year", 100 * n
    if unit == "year":
        if v.gran in ("decade", "century", "millennium"):
            size = {"decade": 10, "century": 100, "millennium": 1000}[v.gran]
            if n % size or v.year < 0:
                return v
            d = int(v.digits or "0") + n // size
            return replace(v, digits=str(max(d, 0)).zfill(len(v.digits or "0"))) if d >= 0 else v
        year = add_years(v.year, n)
        if v.gran == "day":
            return Val("day", year, v.month, min(v.day or 1, days_in_month(year, v.month or 1)))
        if v.gran == "week":
            return week_of(jdn_span(v)[0] + round(365.25 * n))
        return replace(v, year=year)
    return v
