"""Properties of the date recogniser that must hold for any text (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annals.dates.timex import find_timexes, interval, normalise_timex, recognise, sort_key
from annals.dates.values import days_in_month, from_jdn, jdn

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip

FRAGMENTS = [
    "in", "of", "by", "the", "end", "early", "late", "mid-", "summer", "winter", "May", "March", "may",
    "march", "1500 men", "some", "3,000", "No.", "BC", "AD", "(", ")", "[O.S.", "]", "-", "–", ",", ".",
    "two", "days", "later", "the next day", "that same day", "century", "19th", "1920s", "quarter",
    "fourth", "until", "around", "c.", "O.S.", "/", "Sept.", "following", "year", "spring",
]  # fmt: skip


ORDINALS = ["1st", "2nd", "3rd"] + [f"{n}th" for n in range(4, 21)] + ["21st"]


@st.composite
def full_dates(draw: st.DrawFn) -> tuple[str, str]:
    year = draw(st.integers(1000, 2099))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, days_in_month(year, month)))
    name = MONTHS[month - 1]
    form = draw(st.sampled_from(["{d} {m} {y}", "{m} {d}, {y}", "{m} {d} {y}", "the {d}th of {m} {y}"]))
    return form.format(d=day, m=name, y=year), f"{year:04d}-{month:02d}-{day:02d}"


@st.composite
def phrases(draw: st.DrawFn) -> str:
    year = draw(st.integers(1000, 2099))
    month = MONTHS[draw(st.integers(0, 11))]
    day = draw(st.integers(1, 28))
    form = draw(
        st.sampled_from(
            [
                "{y}", "in {y}", "{m} {y}", "{d} {m}", "{m} {d}", "{d} {m} {y}", "early {y}",
                "the end of {y}", "the summer of {y}", "the {c}0s", "{y}-{z}", "{d}–{e} {m} {y}",
                "By {y}", "in {m}", "{m} {d}–{e}, {y}", "the {o} and {o2} centuries",
                "{d} {m} [O.S. {e} {m}] {y}", "the fourth quarter of {y}", "{n} BC", "AD {n}",
            ]
        )
    )  # fmt: skip
    return form.format(
        y=year,
        m=month,
        d=day,
        e=min(day + 3, 28),
        c=str(year)[:3],
        z=year + 1,
        n=draw(st.integers(1, 999)),
        o=ORDINALS[day % 19],
        o2=ORDINALS[day % 19 + 1],
    )


mixed_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), phrases(), st.text(max_size=6)), max_size=14).map(
    " ".join
)


def _check_timexes(text: str) -> None:
    out = find_timexes(text)
    previous_end = 0
    for t in out:
        assert text[t.start : t.end] == t.text
        assert t.start >= previous_end
        previous_end = t.end
        if t.earliest is not None or t.latest is not None:
            assert t.earliest is not None and t.latest is not None
            assert sort_key(t.earliest) <= sort_key(t.latest)
        if not t.relative:
            assert t.earliest is not None


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_find_timexes_never_raises_and_slices_exactly(text: str) -> None:
    _check_timexes(text)


@settings(max_examples=150, deadline=None)
@given(mixed_text)
def test_timexes_slice_order_and_bound_their_intervals(text: str) -> None:
    _check_timexes(text)


@settings(max_examples=100, deadline=None)
@given(mixed_text)
def test_absolute_timex_reads_the_same_alone(text: str) -> None:
    for t in recognise(text):
        if t.relative or t.anchor is not None:
            continue  # a range piece borrowed its month or year from its partner
        alone = normalise_timex(t.text)
        assert alone is not None, t.text
        assert alone.value == t.value, (t.text, t.value, alone.value)


@settings(max_examples=100, deadline=None)
@given(
    full_dates(),
    st.sampled_from(["On ", "It happened on ", "", "(", "Signed "]),
    st.sampled_from([".", ",", " x"]),
)
def test_full_date_names_exactly_its_day(date: tuple[str, str], before: str, after: str) -> None:
    phrase, iso = date
    out = find_timexes(before + phrase + after)
    assert [t.value for t in out] == [iso]
    assert (out[0].earliest, out[0].latest) == (iso, iso)


@settings(max_examples=100, deadline=None)
@given(st.integers(1000, 2099), st.sampled_from([None, "START", "MID", "END", "APPROX"]))
def test_year_interval_contains_what_the_mod_names(year: int, mod: str | None) -> None:
    lo, hi = interval(str(year), mod)
    whole = interval(str(year))
    assert sort_key(lo) <= sort_key(hi)
    if mod != "APPROX":
        assert sort_key(whole[0]) <= sort_key(lo) and sort_key(hi) <= sort_key(whole[1])
    else:
        assert sort_key(lo) <= sort_key(whole[0]) and sort_key(whole[1]) <= sort_key(hi)


@settings(max_examples=150, deadline=None)
@given(st.integers(-3000, 2500).filter(bool), st.integers(1, 12), st.integers(1, 28))
def test_day_numbers_round_trip_in_both_eras(year: int, month: int, day: int) -> None:
    assert from_jdn(jdn(year, month, day)) == (year, month, day)


@settings(max_examples=150, deadline=None)
@given(
    st.tuples(st.integers(-3000, 2500).filter(bool), st.integers(1, 12), st.integers(1, 28)),
    st.tuples(st.integers(-3000, 2500).filter(bool), st.integers(1, 12), st.integers(1, 28)),
)
def test_sort_key_orders_iso_dates_like_the_calendar(
    a: tuple[int, int, int], b: tuple[int, int, int]
) -> None:
    def iso(d: tuple[int, int, int]) -> str:
        y, m, dd = d
        return f"{'-' if y < 0 else ''}{abs(y):04d}-{m:02d}-{dd:02d}"

    assert (sort_key(iso(a)) < sort_key(iso(b))) == (a < b)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 999))
def test_bc_year_interval_is_that_year(n: int) -> None:
    t = normalise_timex(f"{n} BC")
    assert t is not None and t.value == f"-{n:04d}"
    assert (t.earliest, t.latest) == (f"-{n:04d}-01-01", f"-{n:04d}-12-31")
