"""Finding date expressions in English text: a small grammar of cores, prefixes and partners.

How a text is read, in passes that each run one precompiled regex:

1. **Cores**: full dates (``28 September 1914``, ``May 9, 1945``, ``1921-03-17``), month and year
   (``November, 1944``), day and month without a year (``2 March``, ``July 20th``), years
   (``1938``, ``44 BC``, ``AD 79``), year ranges (``1914-1918``), decades (``1920s``), centuries
   (``19th century``, ``fifth century BC``), lone months and seasons, Old Style pairs
   (``14 (26) December 1825``), and the relative phrases of narrative (``the next day``,
   ``two weeks later``, ``later that month``, ``that same day``).
2. **Prefixes**: each core is widened leftwards by the part of the period it names (``early``,
   ``mid-``, ``the end of``, ``the summer of``, ``the fourth quarter of``, ``the last week of``,
   ``the morning of``) and by a qualifier (``By``, ``before``, ``after``, ``around``, ``c.``,
   ``throughout``), which give the TIMEX3 ``mod``.
3. **Partners**: in ``5-8 March 1921`` or ``June-August 1918`` the first piece borrows the month and
   year it lacks from the second (the piece keeps its own text; its ``anchor`` says what it borrowed).
4. **Choice**: overlapping candidates are settled longest first.

Years stand alone only where English uses them as dates: a number followed by a counted noun
("1500 men"), announced as a count ("some 1500 Cossacks"), used as an identifier ("No. 1945") or
written with a thousands separator is not a year.  A month name standing alone (no day, no year)
is a date only after a word such as "in", "by", "until", "early" or "the end of", so the verb "may"
and "the October Revolution" are left alone; month names must be capitalised.

Speed: every core regex begins with a literal alternation or a character class, so the regex
engine can skip ahead, and context (what stands before a match) is checked in Python afterwards.
Case-insensitive phrases are matched on an ASCII-lower-cased copy of the text (same offsets).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from annals.dates import lexicon as lx
from annals.dates.values import (
    Val,
    add_years,
    days_in_month,
    format_value,
    from_jdn,
    jdn,
    julian_calendar_jdn,
)

# ---------------------------------------------------------------- candidates


@dataclass(frozen=True)
class Rel:
    """What a relative expression asks of the narrative clock.

    ``op`` is ``fill`` (a day, month or season whose year comes from the reference), ``next`` /
    ``prev`` (the following / previous ``unit``, or the next ``month`` / season ``code``),
    ``same`` (the reference read at ``unit``) or ``offset`` (the reference moved by ``n`` units).
    ``then`` turns a resulting year into a season, quarter or half (``the summer of that year``);
    ``julian`` says the day was given in the Old Style and must be converted.
    """

    op: str
    unit: str | None = None
    n: int = 1
    month: int | None = None
    day: int | None = None
    code: str | None = None
    then: str | None = None
    julian: bool = False


@dataclass
class Cand:
    """A candidate date expression, before overlaps are settled."""

    start: int
    end: int
    kind: str  # day month season quarter half year decade century millennium rel bareday range
    val: Val | None = None
    rel: Rel | None = None
    mod: str | None = None
    calendar: str | None = None
    needs: str | None = None  # "trigger" (a lone month or season), "partner" (a lone day), "part"
    subs: list[Cand] = field(default_factory=list)
    partner: Cand | None = None
    anchor: str | None = None

    @property
    def gran(self) -> str:
        """The granularity of the value (or of the relative expression's result)."""
        if self.val is not None:
            return self.val.gran
        if self.kind == "range":
            return "year"
        if self.rel is not None:
            r = self.rel
            if r.then:
                return "season"
            if r.op == "fill":
                return "day" if r.day else "month" if r.month else "season"
            if r.code:
                return "season"
            if r.month:
                return "month"
            return r.unit or "year"
        return self.kind


# ---------------------------------------------------------------- regex pieces

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_DASH = f"[{_DASHES}]"
_ERA = (
    r"(?:B\.\s?C\.\s?E\.|B\.\s?C\.|BCE|BC|A\.\s?D\.|AD|C\.\s?E\.|CE|b\.\s?c\.\s?e\.|b\.\s?c\.|bce|bc"
    r"|a\.\s?d\.|ad|c\.\s?e\.|ce)(?![\w])"
)
_OS_MARK = r"(?:O\.\s?S\.?|N\.\s?S\.?|OS|NS|(?i:old\s+style|new\s+style|julian|gregorian))"
_YEAR_TAIL = r"(?![\w%])(?![.,]\d)"
CALENDAR_MARK = re.compile(rf"\s*(?:{_ERA}|{_OS_MARK})\s*")  # "BC", "O.S.", "New Style": never a name
_LOWER = {i: i + 32 for i in range(65, 91)}
_UNITS = (
    r"day|morning|afternoon|evening|night|week|fortnight|month|year|decade|century"
    r"|spring|summer|autumn|fall|winter"
)


def _flat(words: list[str] | frozenset[str], *, capitalised: bool = False) -> str:
    """A flat alternation of literal forms (the regex engine can then scan for it quickly)."""
    forms: set[str] = set()
    for w in words:
        if capitalised:
            forms.update({w[:1].upper() + w[1:], w.upper()})
        else:
            forms.update({w, w[:1].upper() + w[1:]})
    return "|".join(
        re.escape(f).replace(r"\ ", r"\s+").replace("\\-", f"{_DASH}")
        for f in sorted(forms, key=lambda x: (-len(x), x))
    )


@cache
def _month_flat() -> str:
    forms: list[str] = []
    for name in lx.months():
        for f in (name[:1].upper() + name[1:], name.upper()):
            forms.append(re.escape(f))
            if name not in lx.full_months():
                forms.append(re.escape(f + "."))
    return "|".join(sorted(set(forms), key=lambda x: (-len(x), x)))


@cache
def _full_month_flat() -> str:
    return _flat(list(lx.full_months()), capitalised=True)


@cache
def _ordinal_flat() -> str:
    return "|".join(
        sorted((re.escape(w).replace(r"\ ", r"\s+") for w in lx.ordinals()), key=lambda x: (-len(x), x))
    )


@cache
def _number_flat() -> str:
    return "|".join(
        sorted((re.escape(w).replace(r"\ ", r"\s+") for w in lx.numbers()), key=lambda x: (-len(x), x))
    )


Handler = Callable[[re.Match[str], str, str, bool], list[Cand]]


@dataclass(frozen=True)
class _Patterns:
    cores: list[tuple[re.Pattern[str], Handler, bool]]  # (regex, handler, run on the lower-cased text)
    part: re.Pattern[str]
    outer: re.Pattern[str]
    os_pair: re.Pattern[str]
    os_mark: re.Pattern[str]
    os_year: re.Pattern[str]
    connector: re.Pattern[str]
    det: re.Pattern[str]
    count_before: re.Pattern[str]
    the_before: re.Pattern[str]
    century_before: re.Pattern[str]
    bc_cores: list[tuple[re.Pattern[str], Handler, bool]]  # bare years read only in a text in BC years


@cache
def patterns() -> _Patterns:
    """All regexes of the grammar, compiled once."""
    mon = f"(?P<m>{_month_flat()})(?![\\w])"
    # a year of one or two digits only with its era: "15 March 44 BC"
    year = rf"(?P<y>\d{{3,4}}|\d{{1,2}}(?=\s*(?:{_ERA}))){_YEAR_TAIL}(?:\s*(?P<era>{_ERA}))?"
    day = r"[0-3]?\d(?:st|nd|rd|th)?(?![\w])"
    ordw = _ordinal_flat()
    cores: list[tuple[str, Handler, bool]] = [
        (rf"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:(?P<of>of|Of)\s+)?{mon}(?:,?\s+{year})?", _h_dmy, False),
        (rf"(?P<the>the|The)\s+(?P<dw>{ordw})\s+(?:of|Of)\s+{mon}(?:,?\s+{year})?", _h_dmy, False),
        (
            rf"{mon}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\w])(?!\s*(?:[:.]\d|%))(?:,?\s+{year})?",
            _h_mdy,
            False,
        ),
        (rf"{mon},?\s+(?:(?:of|Of)\s+)?{year}", _h_my, False),
        (rf"(?P<m>{_full_month_flat()})(?![\w])", _h_month_alone, False),
        (rf"(?P<y>\d{{1,4}}){_YEAR_TAIL}(?:\s*(?P<era>{_ERA}))?", _h_year, False),
        (r"(?:A\.D\.|A\.\s+D\.|AD)\s*(?P<py>\d{1,4})(?![\w])", _h_year, False),
        (
            rf"(?P<y1>\d{{3,4}})(?:\s*(?P<era1>{_ERA}))?\s*(?:{_DASH}|/)\s*(?P<y2>\d{{2,4}}){_YEAR_TAIL}"
            rf"(?:\s*(?P<era>{_ERA}))?",
            _h_year_range,
            False,
        ),
        (rf"(?P<dd>\d{{2,3}})0(?:s|'s|\u2019s)(?![\w])(?:\s*(?P<era>{_ERA}))?", _h_decade, False),
        (
            rf"(?P<unit>century|centuries|millennium|millennia)(?![\w])(?:\s+(?P<era>{_ERA}))?",
            _h_century,
            True,
        ),
        (r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?![\w-])", _h_iso, False),
        (
            rf"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?=\s*(?:{_DASH}|/|(?:and|to|or)\s)\s*{day}\s+(?:of\s+)?(?:{_month_flat()})(?![\w]))",
            _h_bare_day,
            False,
        ),
        (
            rf"{mon}\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*{_DASH}\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?![\w])"
            rf"(?:,?\s+{year})?",
            _h_mdy_range,
            False,
        ),
        (
            rf"(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:\(\s*(?P<d2>[0-3]?\d)\s*\)|\[\s*(?P<d3>[0-3]?\d)\s*\]"
            rf"|/\s*(?P<d4>[0-3]?\d))\s+{mon}(?:,?\s+{year})?",
            _h_os_pair,
            False,
        ),
        (
            rf"{mon}\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:\(\s*(?P<d2>[0-3]?\d)\s*\)|\[\s*(?P<d3>[0-3]?\d)\s*\]"
            rf"|/\s*(?P<d4>[0-3]?\d))(?:,?\s+{year})?",
            _h_os_pair,
            False,
        ),
        (
            rf"the\s+(?P<dir>next|following|succeeding|subsequent|previous|preceding|prior)\s+(?P<u>{_UNITS})\b"
            r"(?!['\u2019]s\b)",
            _h_rel_next,
            True,
        ),
        (rf"next\s+(?P<u>{_UNITS})\b(?!['\u2019]s\b)", _h_rel_next, True),
        (
            rf"(?P<m>{_full_month_flat()})\s+of\s+(?:the\s+|that\s+)?"
            r"(?P<dir>following|next|succeeding|subsequent|previous|preceding|prior|same|that)\s+year\b",
            _h_month_of_year,
            False,
        ),
        (rf"(?:that|the|this)\s+(?:very\s+)?same\s+(?P<u>{_UNITS})\b(?!\s+of\b)", _h_rel_same, True),
        (rf"that\s+(?P<u>{_UNITS})\b(?!\s+of\b)", _h_rel_same, True),
        (
            r"(?:later|earlier)\s+(?:in\s+)?(?:that\s+same|that|the\s+same|the)\s+"
            r"(?P<u>day|week|month|year|spring|summer|autumn|fall|winter)\b",
            _h_rel_same,
            True,
        ),
        (
            r"(?P<u>days?|weeks?|fortnights?|months?|years?|decades?|century|centuries)\s+"
            r"(?P<dir>later|earlier|afterwards?|after|before|previously|beforehand)\b",
            _h_rel_offset,
            True,
        ),
        (
            r"the\s+(?P<u>day|week|month|year|morning|evening|night)\s+(?P<dir>before|after)"
            r"(?=\s*[,.;:)!?\n]|\s*$)",
            _h_rel_before_after,
            True,
        ),
        (r"the\s+(?P<u>year|month|week|decade|century)\b(?!['\u2019]s\b)", _h_rel_the_unit, True),
        (r"(?P<s>spring|summer|autumn|fall|winter)\b", _h_season_alone, True),
    ]
    part = re.compile(
        r"(?<![\w-])(?:(?P<the>the)\s+)?(?:very\s+)?(?:"
        r"(?P<pm>early|late|mid)(?:\s*-\s*|\s+)"
        r"|(?P<pin>early|late)\s+in\s+(?:the\s+)?"
        r"|(?P<pof>beginning|start|outset|dawn|middle|midst|height|end|close|turn|twilight)\s+of\s+(?:the\s+)?"
        r"|(?P<nth>first|second|third|fourth|last|final)\s+(?P<qh>quarter|half)\s+of\s+(?:the\s+)?"
        r"|(?P<fl>first|last|final|closing|opening|early|latter|later|last\s+few|first\s+few|final\s+few)\s+"
        r"(?P<span>days|weeks|months|years|part|stages|phase|decades)\s+of\s+(?:the\s+)?"
        r"|(?P<wk>first|second|third|fourth|last|final)\s+week\s+of\s+"
        r"|(?P<tod>morning|afternoon|evening|night|early\s+hours|small\s+hours)\s+of\s+"
        r"|(?P<ps>early|late|mid)[\s-]*(?P<pseason>spring|summer|autumn|fall|winter)(?:\s+of)?\s+"
        r"|(?P<season>spring|summer|autumn|fall|winter)(?:\s+of)?\s+"
        r"|(?P<yr>year)(?:\s+of)?\s+"
        r")\Z"
    )
    quals = sorted(lx.qualifiers(), key=len, reverse=True)
    extra = ["until", "till", "since", "from", "in", "during", "on", "between", "of", "at", "into", "through"]
    qual_alt = "|".join(
        re.escape(q).replace(r"\ ", r"\s+") + ("" if q.endswith(("-", ".")) else r"\s+")
        for q in quals + extra
    )
    outer = re.compile(rf"(?<![\w-])(?P<q>{qual_alt})\s*\Z")
    os_pair = re.compile(
        rf"\s*[(\[]\s*(?:(?P<mark>{_OS_MARK})[\s:,.]*)?"
        rf"(?:(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_month_flat()})(?![\w])"
        rf"|(?P<m2>{_month_flat()})\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?|(?P<d3>[0-3]?\d)(?:st|nd|rd|th)?)"
        rf"(?:,?\s+(?P<y>\d{{3,4}}))?(?:[\s,]+{_OS_MARK})?\s*[)\]](?:,?\s+(?P<y2>\d{{3,4}}){_YEAR_TAIL})?"
    )
    os_mark = re.compile(rf"\s*(?:[(\[]\s*(?P<mark>{_OS_MARK})\s*[)\]]|,?\s+(?P<mark2>O\.\s?S\.|N\.\s?S\.))")
    # what may follow "10 April (O.S.)": the New Style day ("/ 22 April (N.S.)") and the year of both
    os_year = re.compile(
        rf"\s*(?:/\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m>{_month_flat()})(?![\w])\s*"
        rf"[(\[]\s*{_OS_MARK}\s*[)\]])?,?\s+(?P<y>\d{{3,4}}){_YEAR_TAIL}"
    )
    connector = re.compile(rf"\s*(?:{_DASH}|/|(?:to|and|or|until|till|through)\s)\s*")
    det = re.compile(
        r"(?<![\w-])(?P<det>that|this|the\s+following|the\s+next|next|the\s+previous|the\s+preceding|last"
        r"|the\s+same)\s+\Z"
    )
    count_before = re.compile(
        rf"(?<![\w-])(?:(?P<approx>some|about|around|nearly|almost|roughly|approximately|over|only|just|barely"
        rf"|fully)\s+)?(?P<n>{_number_flat()}|\d{{1,3}})\s+(?:more\s+)?\Z"
    )
    the_before = re.compile(r"(?<![\w-])the\s+\Z")
    ordinal = rf"\d{{1,2}}(?:st|nd|rd|th)|{ordw}"
    century_before = re.compile(
        rf"(?<![\w])(?P<o>{ordinal})(?:\s+(?:and|or|to)\s+(?:the\s+)?(?:(?P<p2>early|late|mid)[\s-]+)?"
        rf"(?P<o2>{ordinal}))?[\s-]+\Z"
    )
    bare = r"(?![\w%])(?![.,]\d)"
    bc_cores: list[tuple[str, Handler, bool]] = [
        (rf"(?P<y>\d{{1,4}}){bare}", _h_bc_year, False),
        (rf"(?P<y1>\d{{2,4}})\s*{_DASH}\s*(?P<y2>\d{{1,4}}){bare}(?:\s*(?P<era>{_ERA}))?", _h_bc_range, False),
        (
            rf"(?:from|between)\s+(?P<y1>\d{{1,4}})\s+(?:to|and|until|till)\s+(?P<y2>\d{{1,4}}){bare}"
            rf"(?:\s*(?P<era>{_ERA}))?",
            _h_bc_range,
            True,
        ),
    ]
    return _Patterns(
        [(re.compile(rx), h, low) for rx, h, low in cores],
        part,
        outer,
        os_pair,
        os_mark,
        os_year,
        connector,
        det,
        count_before,
        the_before,
        century_before,
        [(re.compile(rx), h, low) for rx, h, low in bc_cores],
    )


# ---------------------------------------------------------------- small readers


def _month_number(word: str) -> int:
    return lx.months()[word.lower().rstrip(".")]


def _ordinal_number(word: str) -> int | None:
    w = re.sub(r"[\s\-\u2010-\u2014]+", "-", word.lower())
    if w[:1].isdigit():
        return int(re.sub(r"\D", "", w))
    return lx.ordinals().get(w) or lx.ordinals().get(w.replace("-", " "))


def _count_number(word: str) -> int | None:
    w = re.sub(r"\s+", " ", word.lower())
    return int(w) if w.isdigit() else lx.numbers().get(w)


def _prev_word(text: str, pos: int) -> str:
    """The word before ``pos`` (lower case, its full stop and any space or hyphen after it skipped)."""
    i = pos
    while i > 0 and (text[i - 1].isspace() or text[i - 1] in _DASHES):
        i -= 1
    if i > 0 and text[i - 1] == ".":
        i -= 1
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    if j == i and i > 0 and text[i - 1] in "$\u00a3\u20ac#\u00a7":
        return text[i - 1]
    return text[j:i].lower()


def _next_word(text: str, pos: int) -> str:
    """The word after ``pos`` (as written), skipping spaces."""
    n = len(text)
    i = pos
    while i < n and text[i].isspace():
        i += 1
    j = i
    while j < n and text[j].isalpha():
        j += 1
    return text[i:j]


def _left_ok(text: str, pos: int, *, hyphen_words: tuple[str, ...] = (), dash: bool = False) -> bool:
    """Whether a number or word starting at ``pos`` is not glued to what stands before it.

    ``hyphen_words`` may stand before it joined by a hyphen ("mid-1943"); ``dash`` allows any dash
    (the second half of a range: "5-8 March", "June-August 1918").
    """
    if pos == 0:
        return True
    ch = text[pos - 1]
    if dash and (ch in _DASHES or ch == "/" and text[pos - 2 : pos - 1].isdigit()):
        return True
    if ch.isalnum() or ch == "_":
        return False
    if ch in ".,:/$\u00a3\u20ac#\u00a7'\u2019":
        if ch == "." and hyphen_words:
            word = _prev_word(text, pos)
            return word in ("c", "ca") and text[pos - 2 : pos - 1].isalpha()
        return False
    if ch in _DASHES:
        return (
            bool(hyphen_words) and _prev_word(text, pos) in hyphen_words and text[pos - 2 : pos - 1].isalpha()
        )
    return True


_YEAR_HYPHENS = ("mid", "pre", "post")
_NOT_PLURAL = frozenset(
    {"was", "has", "is", "as", "its", "this", "his", "thus", "perhaps", "always", "us", "hers"}
)


def _plausible_year(text: str, start: int, end: int, *, digits: str, context: str, standalone: bool) -> bool:
    """Whether the number text[start:end] reads as a year here.

    ``context`` is "month" (after a month name, "June 1941"), "plain" (alone), or "era" (with BC/AD).
    """
    if context == "era":
        return int(digits) > 0
    n = int(digits)
    nxt = _next_word(text, end)
    if nxt and nxt[0].islower() and nxt in lx.count_nouns():
        return False
    prev = _prev_word(text, start)
    if prev in lx.year_blockers() and text[start - 1 : start] not in _DASHES:
        return False
    if (
        prev in lx.quantity_words()
        and nxt.lower().endswith("s")
        and len(nxt) > 3
        and nxt.lower() not in _NOT_PLURAL
    ):
        return False
    if len(digits) == 4:
        return 1000 <= n <= 2099
    if len(digits) != 3 or n < 100:
        return False
    if context == "month" or standalone:
        return not (nxt and nxt[0].islower())
    # three digits alone: only "in 862." and "the year 862"
    follow = text[end : end + 1]
    return prev in ("in", "year", "since", "circa") and (follow in ",.;:)" or end == len(text))


def _era_year(digits: str, era: str | None) -> int:
    y = int(digits)
    if era and era.replace(".", "").replace(" ", "").upper().startswith("B"):
        return -y
    return y


def _valid_day(year: int | None, month: int, day: int) -> bool:
    return 1 <= day <= days_in_month(year if year else 2000, month)


def _suffix_len(text: str, pos: int) -> int:
    return 2 if text[pos : pos + 2] in ("st", "nd", "rd", "th") else 0


# ---------------------------------------------------------------- core handlers
# Each takes (match, text, lower-cased text, standalone) and returns candidates (possibly none).


def _day_cand(start: int, end: int, month: int, day: int, year: int | None) -> Cand | None:
    if not _valid_day(year, month, day):
        return None
    if year is None:
        return Cand(start, end, "rel", rel=Rel("fill", "day", month=month, day=day))
    return Cand(start, end, "day", val=Val("day", year, month, day))


def _with_year(m: re.Match[str], text: str, standalone: bool) -> int | None:
    digits = m.group("y")
    if digits is None:
        return None
    era = m.group("era")
    ctx = "era" if era else "month"
    if not _plausible_year(text, m.start("y"), m.end("y"), digits=digits, context=ctx, standalone=standalone):
        return None
    return _era_year(digits, era)


def _h_dmy(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    start = m.start()
    if m.groupdict().get("dw"):
        day = _ordinal_number(m["dw"])
        if not _left_ok(text, start):
            return []
    else:
        if not _left_ok(text, start, dash=True) or text[start] == "0" and len(m["d"]) == 1:
            return []
        day = int(m["d"])
        if m["of"] and low[max(0, start - 4) : start] == "the " and _left_ok(text, start - 4):
            start -= 4
    if not day:
        return []
    month = _month_number(m["m"])
    year = _with_year(m, text, standalone)
    end = m.end() if year is not None else m.end("m")
    c = _day_cand(start, end, month, day, year)
    if c is None and year is not None:
        c = _day_cand(start, m.end("m"), month, day, None)
    return [c] if c else []


def _h_mdy(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    if not _left_ok(text, m.start(), dash=True):
        return []
    month, day = _month_number(m["m"]), int(m["d"])
    year = _with_year(m, text, standalone)
    end = m.end() if year is not None else m.end("d") + _suffix_len(text, m.end("d"))
    c = _day_cand(m.start(), end, month, day, year)
    return [c] if c else []


def _h_my(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    if not _left_ok(text, m.start(), dash=True):
        return []
    year = _with_year(m, text, standalone)
    if year is None:
        return []
    return [Cand(m.start(), m.end(), "month", val=Val("month", year, _month_number(m["m"])))]


def _h_month_alone(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    if not _left_ok(text, m.start(), dash=True):
        return []
    month = _month_number(m["m"])
    d = patterns().det.search(low, max(0, m.start() - 20), m.start())
    det = re.sub(r"\s+", " ", d["det"]) if d else ""
    start = d.start() if d else m.start()
    if det in ("the following", "the next", "next"):
        return [Cand(start, m.end(), "rel", rel=Rel("next", "monthname", month=month))]
    if det in ("the previous", "the preceding", "last"):
        return [Cand(start, m.end(), "rel", rel=Rel("prev", "monthname", month=month))]
    c = Cand(start, m.end(), "rel", rel=Rel("fill", "month", month=month))
    if not det and not standalone:
        c.needs = "trigger"
    return [c]


def _h_year(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    if m.groupdict().get("py"):
        digits, era, ctx = m["py"], "AD", "era"
        s, e = m.start("py"), m.end("py")
    else:
        digits, era = m["y"], m["era"]
        ctx = "era" if era else "plain"
        s, e = m.start("y"), m.end("y")
    if not _left_ok(text, m.start(), hyphen_words=_YEAR_HYPHENS):
        return []
    if not _plausible_year(text, s, e, digits=digits, context=ctx, standalone=standalone):
        return []
    return [Cand(m.start(), m.end(), "year", val=Val("year", _era_year(digits, era)))]


def _h_year_range(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    if not _left_ok(text, m.start(), hyphen_words=_YEAR_HYPHENS):
        return []
    d1, d2 = m["y1"], m["y2"]
    era1, era = m["era1"], m["era"]
    bce = (era or era1 or "").upper().startswith("B")
    y1, y2 = int(d1), int(d2)
    if len(d2) == 2 and len(d1) >= 3:
        y2 = y1 - y1 % 100 + y2
        if y2 <= y1:
            y2 += 100
    elif len(d2) == 2:
        return []
    if bce:
        if not y1 > y2 > 0:
            return []
        v1, v2 = Val("year", -y1), Val("year", -y2)
    else:
        if not (y1 < y2 <= y1 + 200):
            return []
        if not (era or era1) and not (1000 <= y1 <= 2099 and y2 <= 2099):
            return []
        v1, v2 = Val("year", y1), Val("year", y2)
    if not (era or era1) and not _plausible_year(
        text, m.start("y1"), m.end(), digits=d1, context="plain", standalone=True
    ):
        return []
    first = Cand(m.start("y1"), m.end("era1") if era1 else m.end("y1"), "year", val=v1)
    second = Cand(m.start("y2"), m.end(), "year", val=v2)
    if len(d2) == 2:
        second.anchor = format_value(v1)
    return [Cand(m.start(), m.end(), "range", subs=[first, second])]


# Bare years in a text told in BC years ("in 413", "by 404", "the summer of 415", "431-404"): numbers
# of one to four digits read as years where English dates with them.  They are found only in a text
# that gives explicit BC years (see :func:`candidates`) and keep their positive year here: which era
# a bare year is in is settled over the whole document (:func:`annals.dates.narrative.settle_eras`).
_BC_YEAR_BEFORE = frozenset(
    {"in", "by", "until", "till", "since", "from", "before", "after", "during", "year", "early", "late",
     "mid", "c", "ca", "circa"}
)
_BC_PERIOD_OF = frozenset(
    {"spring", "summer", "autumn", "fall", "winter", "end", "beginning", "start", "middle", "close",
     "outset", "year", "half", "quarter", "part", "months", "weeks", "days", "course", "events"}
)
_BC_FOLLOW = frozenset(
    {"the", "he", "she", "they", "it", "his", "her", "their", "its", "a", "an", "and", "or", "when", "after",
     "before", "as", "this", "that", "these", "those", "there", "with", "at", "on", "in", "by", "to", "but",
     "while", "until", "both", "all", "we", "most", "many", "some", "another", "each"}
)


def _bare_year_follow_ok(text: str, end: int) -> bool:
    """After a bare year: punctuation, the end, a name, or a word that opens a clause ("in 44 he ...")."""
    nxt = _next_word(text, end)
    if not nxt:
        rest = text[end : end + 2].lstrip()
        return not rest or not rest[0].isdigit()
    return nxt[0].isupper() or nxt in _BC_FOLLOW


def _h_bc_year(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    s, e = m.start("y"), m.end("y")
    n = int(m["y"])
    if n == 0 or not _left_ok(text, s, hyphen_words=_YEAR_HYPHENS):
        return []
    prev = _prev_word(low, s)
    if prev == "of":
        if _prev_word(low, low.rfind("of", 0, s)) not in _BC_PERIOD_OF:
            return []
    elif prev not in _BC_YEAR_BEFORE:
        return []
    if not _bare_year_follow_ok(text, e):
        return []
    return [Cand(s, e, "year", val=Val("year", n))]


def _h_bc_range(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    """A range that counts down ("431-404", "from 431 to 404"): years of a text in BC years."""
    y1, y2 = int(m["y1"]), int(m["y2"])
    if not y1 > y2 > 0 or y1 - y2 > 300 or not _left_ok(text, m.start(), hyphen_words=_YEAR_HYPHENS):
        return []
    era = m["era"]
    if len(m["y2"]) < len(m["y1"]) - 1 or not era and not _bare_year_follow_ok(text, m.end()):
        return []
    sign = -1 if era and _era_year("1", era) < 0 else 1  # "from 500 to 479 BC": both BC, said once
    if era and sign > 0:
        return []
    first = Cand(m.start("y1"), m.end("y1"), "year", val=Val("year", sign * y1))
    second = Cand(m.start("y2"), m.end(), "year", val=Val("year", sign * y2))
    return [Cand(m.start(), m.end(), "range", subs=[first, second])]


def _h_decade(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    if not _left_ok(text, m.start(), hyphen_words=_YEAR_HYPHENS, dash=True):
        return []
    dd = m["dd"].zfill(3)
    n = int(dd + "0")
    if n < 100:
        return []
    sign = -1 if _era_year("1", m["era"]) < 0 else 1
    if dd.endswith("0") and n != 2000:  # "the 1800s": the century
        return [Cand(m.start(), m.end(), "century", val=Val("century", sign, digits=dd[:2]))]
    return [Cand(m.start(), m.end(), "decade", val=Val("decade", sign, digits=dd))]


def _century_val(num: int, unit: str, bce: bool) -> Val | None:
    if unit.startswith("millenni"):
        if not 1 <= num <= 3:
            return None
        return Val("millennium", -1 if bce else 1, digits=str(num - 1))
    if not 1 <= num <= 21:
        return None
    return Val("century", -1 if bce else 1, digits=f"{num - 1:02d}")


def _h_century(unit_match: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    m = patterns().century_before.search(low, max(0, unit_match.start() - 60), unit_match.start())
    if m is None or not _left_ok(text, m.start(), hyphen_words=("mid",)):
        return []
    end = unit_match.end()
    n1 = _ordinal_number(m["o"])
    if n1 is None:
        return []
    unit = unit_match["unit"]
    bce = bool(unit_match["era"] and unit_match["era"].startswith("b"))
    if m["o2"]:
        n2 = _ordinal_number(m["o2"])
        if n2 is None:
            return []
        v1, v2 = _century_val(n1, unit, bce), _century_val(n2, unit, bce)
        if v1 is None or v2 is None:
            return []
        first = Cand(m.start("o"), m.end("o"), v1.gran, val=v1, anchor=format_value(v2))
        second = Cand(
            m.start("p2") if m["p2"] else m.start("o2"), end, v2.gran, val=v2, anchor=format_value(v1)
        )
        if m["p2"]:
            second.mod = lx.parts()[m["p2"]]
        return [Cand(m.start(), end, "range", subs=[first, second])]
    if unit in ("centuries", "millennia"):
        return []
    v = _century_val(n1, unit, bce)
    return [Cand(m.start(), end, v.gran, val=v)] if v else []


def _h_iso(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    if not _left_ok(text, m.start()):
        return []
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    if not (1000 <= y <= 2099 and 1 <= mo <= 12) or not _valid_day(y, mo, d):
        return []
    return [Cand(m.start(), m.end(), "day", val=Val("day", y, mo, d))]


def _h_bare_day(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    if not _left_ok(text, m.start()) or not 1 <= int(m["d"]) <= 31:
        return []
    return [Cand(m.start(), m.end(), "bareday", rel=Rel("fill", "day", day=int(m["d"])), needs="partner")]


def _h_mdy_range(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    if not _left_ok(text, m.start(), dash=True):
        return []
    month = _month_number(m["m"])
    d1, d2 = int(m["d1"]), int(m["d2"])
    if d2 <= d1:
        return []
    year = _with_year(m, text, standalone)
    first = _day_cand(m.start(), m.end("d1") + _suffix_len(text, m.end("d1")), month, d1, year)
    second_end = m.end() if year is not None else m.end("d2") + _suffix_len(text, m.end("d2"))
    second = _day_cand(m.start("d2"), second_end, month, d2, year)
    if first is None or second is None:
        return []
    if year is not None and first.val is not None and second.val is not None:
        first.anchor = format_value(second.val)
        second.anchor = format_value(first.val)
    else:
        second.rel = Rel("fill", "day", month=month, day=d2)
    return [Cand(m.start(), second_end, "range", subs=[first, second])]


def _h_os_pair(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    if not _left_ok(text, m.start()):
        return []
    month = _month_number(m["m"])
    d1 = int(m["d1"])
    d2 = int(m["d2"] or m["d3"] or m["d4"])
    year = _with_year(m, text, standalone)
    if year is not None:
        end = m.end()
    else:
        end = max(m.end(g) for g in ("m", "d2", "d3", "d4") if m.group(g))
        end += 1 if text[end : end + 1] in ")]" else 0
    return _pair(m.start(), end, month, d1, month, d2, year)


def _pair(start: int, end: int, m1: int, d1: int, m2: int, d2: int, year: int | None) -> list[Cand]:
    """Two readings of one day (Old Style and New Style): the value is the New Style one."""
    y = year if year is not None else 1900
    if not (_valid_day(y, m1, d1) and _valid_day(y, m2, d2)):
        return []
    a, b = jdn(y, m1, d1), jdn(y, m2, d2)
    if a == b:
        return []
    gm, gd = (m1, d1) if a > b else (m2, d2)
    # the two readings lie 10 days apart from 1582, 11 from 1700, 12 from 1800, 13 from 1900
    if not 10 <= abs(a - b) <= 13 or year is not None and year < 1582:
        return []
    c = _day_cand(start, end, gm, gd, year)
    if c is None:
        return []
    c.calendar = "julian"
    return [c]


def _unit_of(word: str) -> tuple[str, str | None]:
    """(unit, season code) of a unit word: 'morning' -> ('day', None), 'summer' -> ('season', 'SU')."""
    w = word.lower()
    if w in lx.seasons():
        return "season", lx.seasons()[w]
    if w == "centuries":
        w = "century"
    elif w.endswith("s"):
        w = w[:-1]
    return lx.units().get(w, w), None


def _word_start(text: str, pos: int) -> bool:
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "-_")


def _h_rel_next(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    if not _word_start(text, m.start()):
        return []
    unit, code = _unit_of(m["u"])
    direction = (m.groupdict().get("dir") or "next").lower()
    op = "prev" if direction in ("previous", "preceding", "prior") else "next"
    return [Cand(m.start(), m.end(), "rel", rel=Rel(op, unit, code=code))]


def _h_month_of_year(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    """"June of the following year", "March of that year": a month of a year read from the narrative."""
    if not _left_ok(text, m.start()):
        return []
    direction = m["dir"].lower()
    op = "prev" if direction in ("previous", "preceding", "prior") else "same" if direction in (
        "same", "that") else "next"
    return [Cand(m.start(), m.end(), "rel", rel=Rel(op, "year", month=_month_number(m["m"])))]


def _h_rel_same(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    if not _word_start(text, m.start()):
        return []
    unit, code = _unit_of(m["u"])
    nxt = _next_word(low, m.end())
    if unit == "season" and (nxt == "of" or nxt in lx.season_compounds()):
        return []
    return [Cand(m.start(), m.end(), "rel", rel=Rel("same", unit, code=code))]


_NP_FOLLOWS = re.compile(r"\s+(?!that\b|this\b|then\b|and\b|or\b|but\b|when\b|in\b|on\b|at\b)[a-z0-9]")


def _h_rel_offset(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    before = patterns().count_before.search(low, max(0, m.start() - 40), m.start())
    if before is None:
        return []
    n = _count_number(before["n"])
    if not n:
        return []
    unit, _ = _unit_of(m["u"])
    if unit == "season":
        return []
    if m["dir"] in ("after", "before") and _NP_FOLLOWS.match(low, m.end()):
        # "three months after the outbreak of the war" counts from that happening, not from the narrative's
        # last date: which day it names is not in the expression, so it is no date
        return []
    back = m["dir"] in ("earlier", "before", "previously", "beforehand")
    c = Cand(before.start(), m.end(), "rel", rel=Rel("offset", unit, n=-n if back else n))
    if before["approx"] and before["approx"] not in ("only", "just", "barely", "fully"):
        c.mod = "APPROX"
    return [c]


def _h_rel_before_after(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    if not _word_start(text, m.start()):
        return []
    unit, _ = _unit_of(m["u"])
    return [Cand(m.start(), m.end(), "rel", rel=Rel("prev" if m["dir"] == "before" else "next", unit))]


def _h_rel_the_unit(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    if not _word_start(text, m.start()):
        return []
    unit, _ = _unit_of(m["u"])
    return [Cand(m.start(), m.end(), "rel", rel=Rel("same", unit), needs="part")]


def _h_season_alone(m: re.Match[str], text: str, low: str, standalone: bool) -> list[Cand]:
    if not _word_start(text, m.start()):
        return []
    word = text[m.start() : m.end()]
    if not standalone:
        if word[0].isupper():
            # a capitalised season is a name ("the Prague Spring", "the Winter War")
            # unless it opens a sentence
            before = text[max(0, m.start() - 6) : m.start()].rstrip()
            if before and before[-1] not in ".!?\n\"'" and not before.lower().endswith(("the", "in")):
                return []
        nxt = _next_word(text, m.end())
        if nxt.lower() in lx.season_compounds() or nxt.lower() == "of" or nxt[:1].isupper():
            return []
    the = patterns().the_before.search(low, max(0, m.start() - 8), m.start())
    start = the.start() if the else m.start()
    c = Cand(start, m.end(), "rel", rel=Rel("fill", "season", code=lx.seasons()[m["s"]]))
    if not standalone:
        c.needs = "trigger"
    return [c]


_PART_OK = {
    "pm": {"year", "decade", "century", "millennium", "month", "season", "quarter", "half", "range"},
    "pin": {"year", "decade", "century", "month", "season", "range"},
    "pof": {"year", "decade", "century", "millennium", "month", "season", "quarter", "half", "range"},
    "nth": {"year", "decade", "century", "millennium", "month", "range"},
    "fl": {"year", "decade", "century", "millennium", "month", "season", "quarter", "half", "range"},
    "wk": {"month", "year"},
    "tod": {"day"},
    "season": {"year", "range"},
    "ps": {"year", "range"},
    "yr": {"year"},
}
_QUARTER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4, "final": 4}
_WEEK_MOD = {
    "first": "START",
    "second": "MID",
    "third": "MID",
    "fourth": "END",
    "last": "END",
    "final": "END",
}


def _part_effect(m: re.Match[str], cand: Cand) -> tuple[str | None, str | None] | None:
    """(mod, then) that the part prefix matched by ``m`` gives ``cand``; None when it does not fit."""
    kind = next(k for k in _PART_OK if m.group(k))
    gran = cand.gran
    if gran not in _PART_OK[kind]:
        return None
    if cand.rel is not None and cand.rel.op == "offset":
        return None
    if kind in ("pm", "pin"):
        return lx.parts()[m[kind].lower()], None
    if kind == "pof":
        word = m["pof"].lower()
        if word == "turn":
            return ("APPROX", "turn") if gran == "century" else None
        return lx.parts()[word], None
    if kind == "nth":
        nth, qh = m["nth"].lower(), m["qh"].lower()
        if gran == "year":
            if qh == "quarter":
                return None, f"Q{_QUARTER[nth]}"
            if nth in ("third", "fourth"):
                return None
            return None, "H1" if nth == "first" else "H2"
        if qh == "half":
            return None if nth in ("third", "fourth") else ("START" if nth == "first" else "END"), None
        return ("START" if nth == "first" else "MID" if nth in ("second", "third") else "END"), None
    if kind == "fl":
        word = m["fl"].lower().split()[0]
        return ("START" if word in ("first", "opening", "early") else "END"), None
    if kind == "wk":
        return _WEEK_MOD[m["wk"].lower()], None
    if kind == "tod":
        return None, None
    if kind == "season":
        return None, lx.seasons()[m["season"].lower()]
    if kind == "ps":  # "the late summer of 1918": the end of that season
        return lx.parts()[m["ps"].lower()], lx.seasons()[m["pseason"].lower()]
    return None, None  # "the year 1917"


def _apply_then(cand: Cand, then: str) -> None:
    """Turn a year candidate into a season, quarter or half of it (``the summer of 1918``)."""
    if cand.kind == "range":
        first = cand.subs[0]
        if first.val is None:  # a range of days without a year ("the summer of May 5-8"): no year to take
            return
        cand.kind, cand.val, cand.subs = "season", first.val, []
    if cand.val is not None:
        gran = {"Q": "quarter", "H": "half"}.get(then[0], "season")
        cand.val = Val(gran, cand.val.year, code=then)
        cand.kind = gran
    elif cand.rel is not None:
        cand.rel = Rel(
            cand.rel.op, cand.rel.unit, cand.rel.n, cand.rel.month, cand.rel.day, cand.rel.code, then
        )


def _turn_of_century(cand: Cand) -> None:
    assert cand.val is not None
    v = cand.val
    # the turn of the 20th century (19XX) is around 1900; of the fifth century BC (-04XX), 500 BC
    d = int(v.digits or "0")
    base = d * 100 if v.year > 0 else -(d + 1) * 100
    cand.val, cand.kind = Val("year", base if base != 0 else 1), "year"


_PART_ENDS = frozenset(
    {"early", "late", "mid", "of", "in", "the", "spring", "summer", "autumn", "fall", "winter", "year"}
)


@cache
def _qualifier_ends() -> frozenset[str]:
    words = set()
    for q in list(lx.qualifiers()) + [
        "until",
        "till",
        "since",
        "from",
        "in",
        "during",
        "on",
        "between",
        "of",
        "at",
        "into",
        "through",
    ]:
        words.add(re.sub(r"[^a-z]", "", q.split()[-1]))
    return frozenset(words)


def _extend(cand: Cand, text: str, low: str) -> None:
    """Widen a candidate leftwards over a part-of-period prefix and a qualifier; set its mod."""
    p = patterns()
    start = cand.start
    part_mod: str | None = None
    has_part = False
    part = None
    if _prev_word(low, start) in _PART_ENDS:
        part = p.part.search(low, max(0, start - 60), start)
    if part is not None and part.start() < start:
        effect = _part_effect(part, cand)
        if effect is not None:
            has_part = True
            part_mod, then = effect
            if then == "turn":
                _turn_of_century(cand)
            elif then:
                _apply_then(cand, then)
            if cand.kind == "range" and part_mod:
                cand.subs[0].mod = part_mod
                cand.subs[0].start = part.start()
            elif part_mod:
                cand.mod = part_mod
            cand.start = part.start()
            if cand.needs in ("trigger", "part"):
                cand.needs = None
    if not has_part and cand.needs != "part" and cand.kind in ("decade", "century", "millennium", "range"):
        the = p.the_before.search(low, max(0, start - 8), start)
        if the and not (cand.kind == "range" and cand.subs[0].val and cand.subs[0].val.gran == "year"):
            cand.start = the.start()
            if cand.subs:
                cand.subs[0].start = cand.start
    if cand.needs == "part" or _prev_word(low, cand.start) not in _qualifier_ends():
        return
    outer = p.outer.search(low, max(0, cand.start - 30), cand.start)
    if outer is None:
        return
    q = re.sub(r"\s+", " ", outer["q"]).strip()
    if cand.needs == "trigger" and (q.rstrip(". -") in lx.month_triggers() or q in lx.month_triggers()):
        cand.needs = None
    mod = lx.qualifiers().get(q)
    if mod is None or cand.kind == "bareday":
        return
    if cand.rel is not None and cand.rel.op == "offset":
        return
    target = cand.subs[0] if cand.kind == "range" else cand
    if mod and (target.mod or part_mod):
        return  # "by the end of 1917": the part says more than "by"
    if q == "about" and cand.kind == "rel":
        return
    target.mod = mod or target.mod
    target.start = outer.start()
    cand.start = outer.start()


def _extend_old_style(cand: Cand, text: str) -> None:
    """Join an Old Style / New Style companion to a day: ``26 December [O.S. 14 December] 1825``."""
    p = patterns()
    m = p.os_pair.match(text, cand.end)
    if m is not None:
        d = int(m["d"] or m["d2"] or m["d3"])
        mo = _month_number(m["m"] or m["m2"]) if (m["m"] or m["m2"]) else None
        yd = m["y"] or m["y2"]
        year: int | None
        if cand.val is not None:
            year = cand.val.year
            m1, d1 = cand.val.month or 1, cand.val.day or 1
        else:
            assert cand.rel is not None
            year = int(yd) if yd and 1000 <= int(yd) <= 2099 else None
            m1, d1 = cand.rel.month or 1, cand.rel.day or 1
        pair = _pair(cand.start, m.end(), m1, d1, mo or m1, d, year)
        if pair:
            new = pair[0]
            cand.end, cand.kind, cand.val, cand.rel, cand.calendar = (
                new.end,
                new.kind,
                new.val,
                new.rel,
                "julian",
            )
        return
    mark = p.os_mark.match(text, cand.end)
    if mark is None:
        return
    word = (mark["mark"] or mark["mark2"] or "").lower().replace(" ", "").replace(".", "")
    cand.end = mark.end()
    julian = word in ("os", "oldstyle", "julian")
    later = p.os_year.match(text, cand.end) if cand.val is None and cand.rel is not None else None
    if later is not None and julian and cand.rel is not None and cand.rel.day:
        # "10 April (O.S.) 1821", "22 February (O.S.) / 6 March (N.S.) 1821": the year follows the mark
        year = int(later["y"])
        if later["d"]:
            nd, nm = int(later["d"]), _month_number(later["m"])
            if _valid_day(year, nm, nd):
                cand.end, cand.kind, cand.val, cand.rel, cand.calendar = (
                    later.end(), "day", Val("day", year, nm, nd), None, "julian")
            return
        md = (cand.rel.month or 1, cand.rel.day)
        if _valid_day(year, *md):
            y, mo, d = (year, *md) if year < 1582 else from_jdn(julian_calendar_jdn(year, *md))
            cand.end, cand.kind, cand.val, cand.rel, cand.calendar = (
                later.end(), "day", Val("day", y, mo, d), None, "julian")
        return
    if julian:
        cand.calendar = "julian"
        if cand.val is not None and cand.val.year < 1582:
            return  # before the Gregorian reform the Julian day is the date historians give: kept as written
        if cand.val is not None:
            y, mo, d = from_jdn(julian_calendar_jdn(cand.val.year, cand.val.month or 1, cand.val.day or 1))
            cand.val = Val("day", y, mo, d)
        elif cand.rel is not None:
            r = cand.rel
            cand.rel = Rel(r.op, r.unit, r.n, r.month, r.day, r.code, r.then, julian=True)


# ---------------------------------------------------------------- partners


def _borrow(first: Cand, second: Cand) -> None:
    """Give ``first`` (5 in "5-8 March 1921", June in "June-August 1918") what it lacks from ``second``."""
    sv = second.val
    if first.kind == "bareday":
        assert first.rel is not None
        day = first.rel.day or 1
        if sv is not None and sv.gran == "day":
            month, year = sv.month or 1, sv.year
            if day >= (sv.day or 1):
                year, month = (year, month - 1) if month > 1 else (add_years(year, -1), 12)
            if _valid_day(year, month, day):
                first.kind, first.val, first.rel, first.anchor = (
                    "day",
                    Val("day", year, month, day),
                    None,
                    str(sv),
                )
                first.calendar = second.calendar
                return
        elif second.rel is not None and second.rel.op == "fill" and second.rel.month:
            first.kind = "rel"
            first.rel = Rel("fill", "day", month=second.rel.month, day=day)
            return
        first.needs = "partner"
        return
    if sv is None or first.rel is None or first.rel.op != "fill" or sv.gran not in ("day", "month"):
        return
    m1 = first.rel.month or 1
    year = sv.year if m1 <= (sv.month or 1) else add_years(sv.year, -1)
    if first.rel.day:
        if not _valid_day(year, m1, first.rel.day):
            return
        first.val = Val("day", year, m1, first.rel.day)
    else:
        first.val = Val("month", year, m1)
    first.kind, first.rel, first.anchor = first.val.gran, None, str(sv)


# ---------------------------------------------------------------- the pass


def candidates(text: str, *, standalone: bool = False, bc: bool = False) -> list[Cand]:
    """Every date expression in ``text`` as non-overlapping candidates in text order (longest first wins).

    ``standalone`` relaxes the context checks meant for running text (the caller says the whole
    text is one date expression).  ``bc`` says the text is told in BC years: bare numbers where
    English dates with them ("in 413", "by 404", "431-404") are years too (with their positive value;
    the era is settled later).
    """
    p = patterns()
    low = text.lower()
    if len(low) != len(text):  # a few letters lower-case to two characters: keep the offsets
        low = text.translate(_LOWER)
    found: list[Cand] = []
    for rx, handler, lowered in p.cores + (p.bc_cores if bc else []):
        for m in rx.finditer(low if lowered else text):
            found.extend(handler(m, text, low, standalone))
    by_start: dict[int, list[Cand]] = {}
    for c in found:
        if c.kind == "day" or c.kind == "rel" and c.rel is not None and c.rel.op == "fill" and c.rel.day:
            _extend_old_style(c, text)
        _extend(c, text, low)
        by_start.setdefault(c.start, []).append(c)
    for c in found:
        _dual_dated(c, text)
    _find_partners(found, by_start, text)
    chosen = _longest_first([c for c in found if c.needs is None])
    chosen_ids = {id(c) for c in chosen}
    for c in chosen:
        if c.partner is not None and id(c.partner) in chosen_ids:
            _borrow(c, c.partner)
    out: list[Cand] = []
    for c in sorted(chosen, key=lambda c: c.start):
        if c.kind == "bareday":
            continue
        out.extend(c.subs if c.kind == "range" and c.subs else [c])
    return out


_DUAL_YEAR = re.compile(r"/(?P<y>\d{1,4})(?![\w%])")


def _dual_dated(c: Cand, text: str) -> None:
    """"February 1688/89", "12 January 1714/15": a day or month of January to March written in both the
    old reckoning (the year began on 25 March) and the new; the value is the new year's."""
    v = c.val
    if v is None or v.gran not in ("day", "month") or not v.month or v.month > 3 or v.year < 0:
        return
    m = _DUAL_YEAR.match(text, c.end)
    if m is None:
        return
    nxt, digits = add_years(v.year, 1), m["y"]
    if str(nxt).endswith(digits) and len(digits) in (1, 2, 4):
        c.val = Val(v.gran, nxt, v.month, v.day)
        c.end = m.end()


def _find_partners(found: list[Cand], by_start: dict[int, list[Cand]], text: str) -> None:
    """Link a piece to the date it borrows from ("5" in "5-8 March 1921"), and rescue lone months
    that follow another date ("in June and July")."""
    p = patterns()
    for c in found:
        if c.needs not in ("trigger", "partner") and not (c.kind == "rel" and c.rel and c.rel.op == "fill"):
            continue
        conn = p.connector.match(text, c.end)
        if conn is None:
            continue
        partners = [
            o
            for o in by_start.get(conn.end(), [])
            if o is not c and o.needs is None and o.kind in ("day", "month", "rel")
        ]
        if not partners:
            continue
        c.partner = max(partners, key=lambda o: o.end)
        if c.needs in ("trigger", "partner"):
            c.needs = None
    by_end: dict[int, list[Cand]] = {}
    for c in sorted(found, key=lambda c: c.start):
        if c.needs == "trigger":
            for e in range(max(0, c.start - 12), c.start):
                if any(o.needs is None and o.gran in ("month", "day", "season") for o in by_end.get(e, [])):
                    conn = p.connector.match(text, e)
                    if conn is not None and conn.end() == c.start:
                        c.needs = None
                        break
        if c.needs is None:
            by_end.setdefault(c.end, []).append(c)


def _longest_first(cands: list[Cand]) -> list[Cand]:
    """The non-overlapping candidates, longer ones taken first (ties: the earlier one)."""
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[Cand] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        i = bisect_right(starts, c.start)
        if i > 0 and ends[i - 1] > c.start or i < len(starts) and starts[i] < c.end:
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        chosen.append(c)
    return chosen
