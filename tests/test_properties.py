"""Properties that must hold for any input (hypothesis), issue 5 item 5: dates keep their intervals and
round-trip through the store, the reader takes any bytes from disk, large paragraphs are cut into
bounded pieces and batches, and extraction never crashes.  (More in test_timex_properties.py and
test_read.py.)"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_timex_properties import FRAGMENTS, mixed_text

import annals.extract as extract_module
from annals.dates.timex import find_timexes, interval, sort_key
from annals.errors import InputError
from annals.extract import extract_text
from annals.model import Document, Paragraph, Section, Sentence, Timex
from annals.read import read_path
from annals.segment import segment
from annals.store import Store

_ids = itertools.count()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Iterator[Store]:
    with Store(tmp_path_factory.mktemp("props") / "props.db") as s:
        yield s


def _document(text: str, timexes: list[Timex]) -> Document:
    n = next(_ids)
    doc = Document(id=f"p{n}", text=text, path=f"/props/{n}.txt",
                   content_hash=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
    doc.sections = [Section(0, None, 0, len(text))]
    doc.paragraphs = [Paragraph(0, 0, 0, len(text))]
    doc.sentences = [Sentence(0, 0, 0, 0, len(text), text)]
    doc.timexes = timexes
    return doc


# ------------------------------------------------------------------------------------------------
# Dates
# ------------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.one_of(mixed_text, st.text()))
@example("the summer of May 5-8")  # a season of a range without a year: an AssertionError in the grammar
def test_timex_interval_is_what_its_value_and_mod_name(text: str) -> None:
    for t in find_timexes(text):
        if t.earliest is None:
            assert t.relative and t.latest is None  # an unresolved relative date has no interval
            continue
        assert (t.earliest, t.latest) == interval(t.value, t.mod), t
        lo, hi = (sort_key(x) for x in interval(t.value))
        if t.mod == "APPROX":
            assert sort_key(t.earliest) <= lo and hi <= sort_key(t.latest)
        else:  # the interval lies within the period the value names
            assert lo <= sort_key(t.earliest) <= sort_key(t.latest) <= hi


@settings(max_examples=100, deadline=None)
@given(mixed_text.filter(lambda s: s.strip()))
@example("In 1920, the summer of May 5-8 was hot.")
def test_normalised_dates_round_trip_through_the_store(store: Store, text: str) -> None:
    timexes = find_timexes(text)
    for t in timexes:
        t.sentence = 0
    doc = _document(text, timexes)
    assert store.ingest(doc) == "added"
    back = store.load_document(doc.id)
    assert back is not None and back.timexes == timexes
    rows = [r for r in store.timexes() if r["document"] == doc.id]
    assert [(r["value"], r["mod"], r["earliest"], r["latest"]) for r in rows] == [
        (t.value, t.mod, t.earliest, t.latest) for t in timexes]


values = st.one_of(
    st.sampled_from(["-0044", "192X", "18XX", "1944-Q4", "1918-SU", "1944-H1", "XXXX-03-02", "0001", "-04XX",
                     "1945-05-09", "1945-05-09T14:30", "PRESENT_REF", "0044"]),
    st.text(min_size=1, max_size=20),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.builds(Timex, text=st.text(min_size=1, max_size=12), start=st.integers(0, 5),
                          end=st.integers(5, 10), value=values, mod=st.none() | st.sampled_from(
                              ["START", "MID", "END", "BEFORE", "AFTER", "APPROX"]),
                          earliest=st.none() | values, latest=st.none() | values,
                          relative=st.booleans(), anchor=st.none() | values,
                          calendar=st.none() | st.just("julian"), sentence=st.just(0)), max_size=5))
def test_any_timex_record_round_trips_exactly(store: Store, timexes: list[Timex]) -> None:
    doc = _document("0123456789", timexes)
    store.ingest(doc)
    back = store.load_document(doc.id)
    assert back is not None and back.timexes == timexes


# ------------------------------------------------------------------------------------------------
# Reading and cutting
# ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def disk(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bytes")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "b.md", "c.html", "d", "e.htm", "f.markdown"]))
def test_read_path_of_any_bytes_raises_only_input_error(disk: Path, data: bytes, name: str) -> None:
    path = disk / name
    path.write_bytes(data)
    try:
        raw = read_path(path)
    except InputError:
        return
    assert raw.text.strip() and raw.path == str(path)


paragraph_text = st.lists(
    st.one_of(st.sampled_from(["word", "Ivan", "1919.", "end.", "stop!", "why?", "(a)", "x" * 30, "\n", "\n\n",
                               "  ", " ", "“q.”", "\t"]), st.text(max_size=8)),
    max_size=60).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(paragraph_text, st.integers(8, 60))
def test_pieces_cover_each_paragraph_within_the_limit(text: str, limit: int) -> None:
    paragraphs = segment(text).paragraphs
    with mock.patch.object(extract_module, "MAX_PIECE", limit):
        pieces = list(extract_module._pieces(text, paragraphs))
    for p in paragraphs:
        own = [(s, e) for s, e, i in pieces if i == p.index]
        assert own and own[0][0] == p.start and own[-1][1] == p.end
        for (s, e), nxt in zip(own, [*own[1:], None], strict=True):
            assert p.start <= s < e <= p.end and e - s <= limit
            if nxt is not None:  # only whitespace between one piece and the next
                assert not text[e : nxt[0]].strip()


class _CountingPipeline:
    """Stands in for spaCy: records the batches nlp.pipe is given and hands the texts back."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def pipe(self, texts: list[str], batch_size: int) -> Iterator[str]:
        batch = list(texts)
        assert batch_size == len(batch)
        self.batches.append(batch)
        yield from batch


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 250_000), max_size=40))
def test_batches_handed_to_spacy_stay_within_the_character_budget(lengths: list[int]) -> None:
    texts = ["x" * n for n in lengths]
    nlp = _CountingPipeline()
    out = list(extract_module._parsed(nlp, iter(texts)))  # type: ignore[arg-type]
    assert out == texts
    for batch in nlp.batches:
        assert len(batch) == 1 or sum(map(len, batch)) <= extract_module.MAX_BATCH_CHARS


# ------------------------------------------------------------------------------------------------
# Extraction
# ------------------------------------------------------------------------------------------------

prose = st.lists(st.one_of(st.sampled_from([*FRAGMENTS, "General", "Ivan Petrov", "the NKVD", "Kazan", ":", "(",
                                            ")", "These were:", "\n", "\n\n", "Vlasov (Власов)", "«", "»"]),
                           st.text(max_size=10)), max_size=40).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(prose)
def test_extract_never_crashes_and_every_offset_slices_the_text(text: str) -> None:
    doc = extract_text(text)
    for s in doc.sentences:
        assert text[s.start : s.end] == s.text
    for e in doc.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    for t in doc.timexes:
        assert text[t.start : t.end] == t.text
    for g in doc.gaps:
        assert text[g.start : g.end] == g.text
