"""Unit tests of the timeline logic (annals.timeline) on hand-made event records, no store."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annals.dates.timex import interval, sort_key
from annals.timeline import (
    Period,
    build_timeline,
    conflict_refs,
    conflict_types,
    event_interval,
    find_conflicts,
    narrative_order,
    parse_bound,
)


def rec(doc: str, eid: str, value: str | None = None, *, order: int | None = None, type: str = "EVENT",
        actors: tuple[int, ...] = (), places: tuple[int, ...] = (), events: tuple[int, ...] = (),
        mod: str | None = None, basis: str = "explicit", with_interval: bool = True, negated: bool = False,
        modality: str = "asserted", start: int | None = None, **time_extra: Any) -> dict[str, Any]:
    """An event record as Store.event_records gives it; ``actors``/``places``/``events``: canonical ids."""
    time = None
    if value is not None:
        time = {"value": value, "mod": mod, "basis": basis, **time_extra}
        if with_interval:
            try:
                time["earliest"], time["latest"] = interval(value, mod)
            except ValueError:
                pass
    participants = ([{"entity": a, "name": f"n{a}", "type": "PERSON", "role": "agent"} for a in actors]
                    + [{"entity": p, "name": f"n{p}", "type": "GPE", "role": "place"} for p in places]
                    + [{"entity": e, "name": f"n{e}", "type": "EVENT", "role": "participant"} for e in events])
    return {"key": f"{doc}:{eid}", "document": doc, "event": eid, "type": type, "trigger": eid, "time": time,
            "participants": participants, "place": None, "negated": negated, "modality": modality,
            "order": order, "start": start, "end": None, "sentence_index": 0, "sentence": f"{eid}."}


def ids(rows: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in rows]


# -- ordering ------------------------------------------------------------------------------------


def test_timeline_puts_bce_before_ce_and_earlier_bce_first():
    rows = build_timeline([
        rec("a", "v1", "1941", order=1),
        rec("a", "v2", "-0044-03-15", order=2),
        rec("a", "v3", "-0049", order=3),
        rec("a", "v4", "0033", order=4),
    ])
    assert ids(rows) == ["a:v3", "a:v2", "a:v4", "a:v1"]
    assert rows[0]["earliest"] == "-0049-01-01" and rows[1]["latest"] == "-0044-03-15"


def test_timeline_orders_by_earliest_then_latest_across_precisions():
    rows = build_timeline([
        rec("a", "year", "1944", order=1),
        rec("a", "month", "1944-11", order=2),
        rec("a", "day", "1944-11-14", order=3),
        rec("a", "newyear", "1944-01-01", order=4),
        rec("a", "end", "1944", mod="END", order=5),
    ])
    # 1 Jan (ends 1 Jan) before 1944 (ends 31 Dec); the end of 1944 starts in September.
    assert ids(rows) == ["a:newyear", "a:year", "a:end", "a:month", "a:day"]
    assert all(r["placement"] == "dated" for r in rows)


def test_interval_is_computed_from_value_and_mod_when_the_extractor_gave_none():
    r = rec("a", "v1", "1944-Q4", with_interval=False)
    assert event_interval(r) == ("1944-10-01", "1944-12-31")
    assert event_interval(rec("a", "v2", "XXXX-03-02")) is None
    assert event_interval(rec("a", "v3")) is None


def test_equal_dates_keep_document_then_narrative_order():
    rows = build_timeline([rec("b", "v1", "1920", order=1), rec("a", "v2", "1920", order=2),
                           rec("a", "v1", "1920", order=1)])
    assert ids(rows) == ["a:v1", "a:v2", "b:v1"]


# -- undated events ------------------------------------------------------------------------------


def test_undated_event_follows_its_dated_predecessor_even_in_a_flashback():
    rows = build_timeline([
        rec("a", "v1", "1944", order=1),
        rec("a", "v2", None, order=2),
        rec("a", "v3", None, order=3),
        rec("a", "v4", "1941", order=4),  # the narrative goes back in time
        rec("b", "v1", "1942", order=1),
        rec("b", "v2", "1945", order=2),
    ])
    assert ids(rows) == ["a:v4", "b:v1", "a:v1", "a:v2", "a:v3", "b:v2"]
    v2 = rows[3]
    assert v2["placement"] == "narrative" and v2["between"] == ["a:v1", "a:v4"]
    assert v2["value"] is None and v2["earliest"] is None


def test_undated_events_at_the_start_of_a_document_come_just_before_its_first_date():
    rows = build_timeline([
        rec("a", "v1", None, order=1),
        rec("a", "v2", None, order=2),
        rec("a", "v3", "1930", order=3),
        rec("b", "v1", "1925", order=1),
    ])
    assert ids(rows) == ["b:v1", "a:v1", "a:v2", "a:v3"]
    assert rows[1]["between"] == [None, "a:v3"]


def test_events_of_a_document_without_dates_are_unplaced_and_last():
    rows = build_timeline([rec("z", "v1", None, order=1), rec("a", "v1", "1930", order=1)])
    assert ids(rows) == ["a:v1", "z:v1"]
    assert rows[1]["placement"] == "unplaced" and rows[1]["between"] is None


def test_underspecified_date_is_placed_by_the_narrative_but_keeps_its_value():
    rows = build_timeline([rec("a", "v1", "1918", order=1), rec("a", "v2", "XXXX-03-02", order=2,
                                                                    basis="narrative")])
    assert rows[1]["placement"] == "narrative" and rows[1]["value"] == "XXXX-03-02"
    assert rows[1]["basis"] == "narrative"


def test_narrative_order_falls_back_to_offsets_when_order_is_missing():
    records = [rec("a", "v1", start=50, order=1), rec("a", "v2", start=10), rec("a", "v3", start=30, order=2)]
    assert [r["event"] for r in narrative_order(records)] == ["v2", "v3", "v1"]
    records = [rec("a", "v1", start=50, order=1), rec("a", "v2", start=10, order=2)]
    assert [r["event"] for r in narrative_order(records)] == ["v1", "v2"]


def test_filtering_does_not_move_undated_events():
    records = [rec("a", "v1", "1944", order=1), rec("a", "v2", None, order=2), rec("a", "v3", "1945", order=3)]
    rows = build_timeline(records, keep=lambda r: r["event"] == "v2")
    assert ids(rows) == ["a:v2"] and rows[0]["between"] == ["a:v1", "a:v3"]


def test_inferred_dates_keep_their_basis_and_anchor():
    rows = build_timeline([rec("a", "v1", "1944-11-15", basis="anchored", anchor="1944-11-14")])
    assert rows[0]["basis"] == "anchored" and rows[0]["anchor"] == "1944-11-14"


# -- periods -------------------------------------------------------------------------------------


def test_period_keeps_events_whose_interval_overlaps_it():
    records = [rec("a", "decade", "194X", order=1), rec("a", "may", "1941-05-31", order=2),
               rec("a", "year", "1941", order=3), rec("a", "late", "1946", order=4)]
    rows = build_timeline(records, period=Period.between("1941-06", "1945"))
    assert ids(rows) == ["a:decade", "a:year"]
    rows = build_timeline(records, period=Period.between(end="1941-05"))
    assert ids(rows) == ["a:decade", "a:year", "a:may"]


def test_period_keeps_undated_events_only_between_two_dated_neighbours_inside_it():
    records = [rec("a", "v1", "1941", order=1), rec("a", "u1", None, order=2), rec("a", "v2", "1943", order=3),
               rec("a", "u2", None, order=4), rec("a", "v3", "1950", order=5), rec("a", "u3", None, order=6)]
    assert ids(build_timeline(records, period=Period.between("1941", "1945"))) == ["a:v1", "a:u1", "a:v2"]
    assert ids(build_timeline(records, period=Period.between("1941"))) == [
        "a:v1", "a:u1", "a:v2", "a:u2", "a:v3"]


def test_period_works_before_the_common_era():
    records = [rec("a", "v1", "-0049", order=1), rec("a", "v2", "-0044-03-15", order=2)]
    assert ids(build_timeline(records, period=Period.between("-0045", "-0044"))) == ["a:v2"]
    assert ids(build_timeline(records, period=Period.between("50 BC", "49 BC"))) == ["a:v1"]


@pytest.mark.parametrize("bound", ["1941-13", "19x1", "June", "1941-6", "", "next year"])
def test_period_bound_that_is_not_a_date_is_refused(bound):
    with pytest.raises(ValueError):
        Period.between(bound or " ", None)


def test_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="before it starts"):
        Period.between("1945", "1941")


def test_period_bounds_accept_timex_values_and_plain_dates():
    assert parse_bound("1941-06") == ("1941-06-01", "1941-06-30")
    assert parse_bound("1944-Q4") == ("1944-10-01", "1944-12-31")
    assert parse_bound("22 June 1941") == ("1941-06-22", "1941-06-22")


# -- conflicts -----------------------------------------------------------------------------------


def test_two_documents_giving_different_dates_for_one_founding_conflict_and_both_stay():
    rows = build_timeline([rec("a", "v1", "1944-11", type="FOUNDING", actors=(1, 2)),
                           rec("b", "v9", "1944-12", type="FOUNDING", actors=(2, 7))])
    assert ids(rows) == ["a:v1", "b:v9"]
    assert rows[0]["conflict"] == ["b:v9"] and rows[1]["conflict"] == ["a:v1"]


@pytest.mark.parametrize("other", [
    rec("b", "v2", "1944", type="FOUNDING", actors=(1,)),  # less precise, can both be right
    rec("b", "v2", "1944-12", type="ARREST", actors=(1,)),  # another kind of event
    rec("b", "v2", "1944-12", type="FOUNDING", actors=(5,)),  # nobody in common
    rec("b", "v2", "1944-12", type="FOUNDING", places=(1,)),  # only the place in common
    rec("b", "v2", "1944-12", type="FOUNDING", actors=(1,), negated=True),
    rec("b", "v2", "1944-12", type="FOUNDING", actors=(1,), modality="planned"),
    rec("b", "v2", None, type="FOUNDING", actors=(1,)),
    rec("a", "v2", "1944-12", type="FOUNDING", actors=(1,)),  # the same document tells two foundings
    rec("b", "v2", "1944-12", type="FOUNDING", actors=(1,), mod="BEFORE"),  # "by December 1944"
])
def test_no_conflict_where_the_dates_can_both_be_right_or_the_events_differ(other):
    rows = build_timeline([rec("a", "v1", "1944-11", type="FOUNDING", actors=(1,), places=(1,)), other])
    assert all(r["conflict"] == [] for r in rows)


def test_repeatable_happenings_with_one_participant_in_common_do_not_conflict():
    # one general attacks many times: a battle on another date is another battle ...
    rows = build_timeline([rec("a", "v1", "1918-03", type="BATTLE", actors=(1,)),
                           rec("b", "v1", "1919-07", type="BATTLE", actors=(1,))])
    assert all(r["conflict"] == [] for r in rows)
    # ... unless both sides are the same
    rows = build_timeline([rec("a", "v1", "1918-03", type="BATTLE", actors=(1, 2)),
                           rec("b", "v1", "1919-07", type="BATTLE", actors=(2, 1))])
    assert rows[0]["conflict"] == ["b:v1"]


def test_same_named_event_entity_with_different_dates_conflicts():
    found = find_conflicts([rec("a", "v1", "1921-03", type=None, events=(40,)),
                            rec("b", "v1", "1922-03", type="REVOLT", events=(40,)),
                            rec("c", "v1", "1923-03", type="TRIAL", events=(40,))])
    assert found == {"a:v1": ["b:v1", "c:v1"], "b:v1": ["a:v1"], "c:v1": ["a:v1"]}


def test_conflicts_are_found_among_records_that_are_not_shown():
    shown = rec("a", "v1", "1944-11", type="FOUNDING", actors=(1,))
    hidden = rec("b", "v1", "1944-12", type="FOUNDING", actors=(1,))
    rows = build_timeline([shown], conflicts_among=[hidden])
    assert ids(rows) == ["a:v1"] and rows[0]["conflict"] == ["b:v1"]


def _random_event(doc: str, n: int, year: str | None, type: str | None, actors: list[int], places: list[int],
                  events: list[int], at_event: int | None) -> dict[str, Any]:
    r = rec(doc, f"v{n}", year, type=type, actors=tuple(actors), places=tuple(places), events=tuple(events))
    if at_event is not None:  # an event as the place ("at the siege of ..."): a named event that is no actor
        r["place"] = {"entity": at_event, "name": f"n{at_event}", "type": "EVENT"}
    return r


_RANDOM_EVENT = st.builds(
    _random_event, st.sampled_from("abc"), st.integers(1, 50),
    st.sampled_from([None, "1801", "1802", "1802-05", "1803"]), st.sampled_from([None, "FOUNDING", "BATTLE", "DEATH"]),
    st.lists(st.integers(1, 8), max_size=3, unique=True), st.lists(st.integers(20, 22), max_size=1),
    st.lists(st.integers(40, 42), max_size=1), st.one_of(st.none(), st.integers(40, 42)))


@settings(max_examples=400, deadline=None)
@given(st.lists(_RANDOM_EVENT, min_size=1, max_size=4), st.lists(_RANDOM_EVENT, max_size=12))
def test_the_pool_the_timeline_reads_for_conflicts_finds_what_the_whole_store_finds(shown, others):
    """api.timeline reads as partners only the events that name an entity of :func:`conflict_refs` and are of
    a type of :func:`conflict_types`: the same partners as among every event (a town many events share is no
    way to one)."""
    every = list({r["key"]: r for r in [*shown, *others]}.values())
    shown = [r for r in every if r in shown]
    refs, types = conflict_refs(shown), conflict_types(shown)

    def named(r: dict[str, Any]) -> set[Any]:
        return {p["entity"] for p in [*r["participants"], r["place"] or {}] if p.get("entity") is not None}

    pool = [r for r in every if named(r) & refs and (types is None or not r["type"] or r["type"] in types)]
    assert find_conflicts(shown, among=pool) == find_conflicts(shown, among=every)


# -- properties ----------------------------------------------------------------------------------

_values = st.one_of(
    st.integers(-3000, 2100).filter(lambda y: y != 0).map(lambda y: f"{'-' if y < 0 else ''}{abs(y):04d}"),
    st.tuples(st.integers(1, 2100), st.integers(1, 12)).map(lambda t: f"{t[0]:04d}-{t[1]:02d}"),
    st.tuples(st.integers(1, 2100), st.integers(1, 12), st.integers(1, 28)).map(
        lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"),
    st.none(),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), _values), max_size=12))
def test_every_event_appears_once_and_dated_ones_are_in_interval_order(specs):
    records = [rec(doc, f"v{i}", value, order=i) for i, (doc, value) in enumerate(specs)]
    rows = build_timeline(records)
    assert sorted(ids(rows)) == sorted(r["key"] for r in records)
    dated = [(sort_key(r["earliest"]), sort_key(r["latest"])) for r in rows if r["placement"] == "dated"]
    assert dated == sorted(dated)
    for r in rows:
        if r["placement"] == "narrative":
            before = ids(rows).index(r["between"][0]) if r["between"][0] else None
            after = ids(rows).index(r["between"][1]) if r["between"][1] else None
            here = ids(rows).index(r["id"])
            assert (before is not None and before < here) or (before is None and after is not None and here < after)
