"""Fuzzing kept in the suite, in bounded time (issue 13, item 7): the date normaliser against any
reference date, and the query functions (search, ask, timeline, graph, lookups) with any text, NUL
and lone surrogates included.  A query may refuse (an AnnalsError with its code), never crash.  The
reader and the extractor are fuzzed in test_properties.py and test_timex_properties.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annals import api
from annals.dates.timex import interval, normalise_timex, sort_key
from annals.errors import AnnalsError

FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

RELATIVE = ["the next day", "the following day", "the previous day", "the day before", "the next year",
            "the following month", "two weeks later", "three years earlier", "that summer", "the next spring",
            "a decade later", "the same day", "later that year", "the previous winter", "in the following century"]

references = st.one_of(
    st.integers(-9999, 9999).map(lambda y: f"{y:05d}" if y < 0 else f"{y:04d}"),
    st.tuples(st.integers(1, 9999), st.integers(1, 12)).map(lambda t: f"{t[0]:04d}-{t[1]:02d}"),
    st.tuples(st.integers(-9999, 9999), st.integers(1, 12), st.integers(1, 28)).map(
        lambda t: (f"{t[0]:05d}" if t[0] < 0 else f"{t[0]:04d}") + f"-{t[1]:02d}-{t[2]:02d}"),
    st.sampled_from(["9999-12-31", "-9999-01-01", "0000-01-01", "9999", "-9999", "9999-12", "0001-01-01"]),
)

# Text a user or a URL can send: any unicode (NUL, controls, lone surrogates), FTS5 syntax, SQL.
hostile = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0xDFFF), max_size=20),
    st.sampled_from(['"', "NEAR(", "a OR", "*", "'; DROP TABLE entities; --", "%", "_", "\x00", "\ud800",
                     "Orlov\udcff", "^", "col:value", "(((", "\\", "\u202e", "\ufeff"]),
)


@FAST
@given(st.sampled_from(RELATIVE), references)
@example("the next day", "9999-12-31")
@example("the previous day", "-9999-01-01")
def test_normalise_timex_takes_any_reference(expression: str, reference: str) -> None:
    t = normalise_timex(expression, reference)
    if t is not None and t.earliest is not None:
        assert (t.earliest, t.latest) == interval(t.value, t.mod)
        assert sort_key(t.earliest) <= sort_key(t.latest)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzzq")
    (folder / "a.txt").write_text(
        "General Ivan Orlov founded the Amber Railway Company in Kazan in May 1921. Orlov led the company "
        "until 1930, when Admiral Pyotr Belov arrested him in Riga.\n", encoding="utf-8")
    api.ingest([folder / "a.txt"], folder / "s.db")
    return folder / "s.db"


def _refuses_or_answers(call) -> None:  # noqa: ANN001
    try:
        call()
    except AnnalsError as exc:
        assert exc.code.startswith("E0") and exc.code != "E099" and exc.hint


@FAST
@given(hostile)
def test_search_and_lookups_never_crash(db: Path, q: str) -> None:
    rows = api.search(db, q)
    assert all(isinstance(r["text"], str) for r in rows)
    api.find_entities(db, q)
    _refuses_or_answers(lambda: api.show(db, q))


@FAST
@given(hostile)
def test_ask_never_crashes(db: Path, q: str) -> None:
    [answer] = api.ask(db, [q])
    assert not answer["answer"] or answer["sources"]  # an answer always cites its sentence


@FAST
@given(st.one_of(st.none(), hostile), st.one_of(st.none(), hostile), st.one_of(st.none(), hostile),
       st.integers(0, 3))
def test_timeline_and_graph_never_crash(db: Path, start: str | None, end: str | None, entity: str | None,
                                        depth: int) -> None:
    _refuses_or_answers(lambda: api.timeline(db, start=start, end=end, entity=entity))
    if entity is not None:
        _refuses_or_answers(lambda: api.graph(db, entity, depth=depth, start=start, end=end))
    _refuses_or_answers(lambda: api.relations(db, entity=entity))
