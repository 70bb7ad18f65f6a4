"""A text longer than PART_CHARS is extracted and stored in parts (issue 5, item 4: bounded memory).

The parts are made small here (a few hundred characters) so that a text of a few sections exercises
what a 50 MB file does: extraction holds one part at a time, and the store holds the same facts as
it would from one whole extraction, with the same entity linked across parts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import annals.extract
from annals import api
from annals.extract import extract_parts, extract_text
from annals.read import read_path
from annals.store import Store

SECTIONS = [
    ("Beginnings", "General Ivan Orlov was born in Tver in 1881. He joined the Imperial Army in 1899. "
     "In May 1905 Orlov married Anna Belova in Moscow."),
    ("The war", "In August 1914 General Ivan Orlov led the Ninth Corps into East Prussia. "
     "The corps fought at Gumbinnen in 1914. Orlov was wounded in March 1915."),
    ("Exile", "After 1920 Orlov lived in Paris. There he founded the Union of Veterans in 1924. "
     "The Union of Veterans published a journal until 1939."),
    ("Death", "Orlov died in Nice on 3 February 1950. Anna Belova survived him by ten years. "
     "His papers went to the Hoover Institution in 1961."),
]


def _write(tmp_path: Path) -> Path:
    text = "Ivan Orlov\n\n" + "\n\n".join(f"{title}\n\n{body}" for title, body in SECTIONS) + "\n"
    path = tmp_path / "orlov.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Parts of at most 200 characters; returns the sizes of the runs of paragraphs annotated."""
    monkeypatch.setattr(annals.extract, "PART_CHARS", 200)
    sizes: list[int] = []
    real = annals.extract._annotate

    def spy(doc, paragraphs, *args):  # noqa: ANN001, ANN002, ANN202
        sizes.append(sum(p.end - p.start for p in paragraphs))
        return real(doc, paragraphs, *args)

    monkeypatch.setattr(annals.extract, "_annotate", spy)
    return sizes


def test_runs_cut_at_sections_and_never_exceed_the_limit(tmp_path: Path) -> None:
    raw = read_path(_write(tmp_path))
    from annals.segment import segment

    seg = segment(raw.text)
    runs = annals.extract._runs(seg, 200, raw.text)
    assert len(runs) >= 4
    assert [p for run, _ in runs for p in run] == seg.paragraphs  # every paragraph once, in order
    for run, _ in runs:
        assert sum(p.end - p.start for p in run) <= 200 or len(run) == 1
    assert sorted(h for _, hs in runs for h in hs) == sorted(seg.headings)
    for k, (_, heads) in enumerate(runs):  # a heading goes with the paragraphs after it
        after = runs[k - 1][0][-1].end if k else 0
        before = runs[k + 1][0][0].start if k + 1 < len(runs) else len(raw.text)
        assert all(after <= h[0] < before for h in heads)
    assert any(heads for _, heads in runs[1:])


def test_a_long_text_is_stored_in_parts_with_the_facts_of_a_whole_extraction(
        tmp_path: Path, small_parts: list[int]) -> None:
    path = _write(tmp_path)
    whole = extract_text(read_path(path).text)
    small_parts.clear()
    report = api.ingest([path], tmp_path / "a.db")
    assert report.results == [(str(path), "added")] and not report.failures
    assert len(small_parts) >= 4 and max(small_parts) <= 200  # one part in memory at a time

    with Store(tmp_path / "a.db") as store:
        assert store.check() == []
        doc = store.load_document(str(path.resolve()))
        assert doc is not None
        assert [(s.index, s.text) for s in doc.sentences] == [(s.index, s.text) for s in whole.sentences]
        assert [(t.text, t.value) for t in doc.timexes] == [(t.text, t.value) for t in whole.timexes]
        assert store.document(str(path.resolve()))["n_sentences"] == len(whole.sentences)
        assert len({e.id for e in doc.entities}) == len(doc.entities)  # ids unique across parts
        assert len({e["id"] for e in doc.events}) == len(doc.events)
        assert [e["order"] for e in doc.events] == sorted(e["order"] for e in doc.events)
        # Orlov in the first section and in the last is one person, as one document says
        orlov = store.find_entities("Orlov")
        assert len(orlov) == 1
        detail = store.entity_detail(orlov[0]["id"])
        assert {m["sentence"] for m in store.mention_records([orlov[0]["id"]])} >= {0, len(whole.sentences) - 3}
        assert "Ivan Orlov" in detail["aliases"] or detail["name"] == "Ivan Orlov"
        # events of later parts point at their own part's entities, which the store can resolve
        died = [e for e in store.event_records() if e["trigger"] == "died"]
        assert died and died[0]["time"]["value"] == "1950-02-03"
        assert any(p["entity"] == orlov[0]["id"] for p in died[0]["participants"])

    assert api.ingest([path], tmp_path / "a.db").results == [(str(path), "unchanged")]


def test_a_changed_long_text_replaces_its_parts(tmp_path: Path, small_parts: list[int]) -> None:
    path = _write(tmp_path)
    api.ingest([path], tmp_path / "a.db")
    path.write_text(path.read_text(encoding="utf-8").replace("Nice", "Menton"), encoding="utf-8")
    assert api.ingest([path], tmp_path / "a.db").results == [(str(path), "replaced")]
    with Store(tmp_path / "a.db") as store:
        assert store.check() == []
        assert store.stats()["documents"] == 1
        assert store.find_entities("Menton") and not store.find_entities("Nice")


def test_a_failing_part_stores_nothing_of_the_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(annals.extract, "PART_CHARS", 200)
    path = _write(tmp_path)
    other = tmp_path / "other.txt"
    other.write_text("General Pyotr Wrangel reached Crimea in April 1920.\n", encoding="utf-8")
    api.ingest([other], tmp_path / "a.db")
    real = annals.extract._annotate
    calls = []

    def fail_third(*args):  # noqa: ANN002, ANN202
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("simulated crash in the third part")
        return real(*args)

    monkeypatch.setattr(annals.extract, "_annotate", fail_third)
    report = api.ingest([path], tmp_path / "a.db")
    assert report.failures and report.failures[0][1].code == "E099"
    with Store(tmp_path / "a.db") as store:
        assert store.stats()["documents"] == 1 and store.check() == []
        assert not store.find_entities("Orlov")


def test_extract_parts_numbers_sentences_through_the_document(tmp_path: Path) -> None:
    raw = read_path(_write(tmp_path))
    head, parts = extract_parts(raw, limit=200)
    seen = [s.index for part in parts for s in part.sentences]
    assert seen == list(range(len(seen))) and len(seen) == len(extract_text(raw.text).sentences)
    assert head.text == raw.text and not head.sentences


def _regex_occurrences(text: str, forms: list[str]) -> list[tuple[int, int]]:
    """What propagation matched before: one alternation of every form, longest first."""
    import re

    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
                         + r")(?![\w-])")
    return [m.span(1) for m in pattern.finditer(text)]


@pytest.mark.parametrize("text", [
    "General Ivan Orlov met Orlov's brother; Orlovsky and Orlov-Davydov did not come. Ivan Orlov left.",
    "The NTS, the NTS's journal and NTSX; Vlasov, Vlasova and Andrey Vlasov in 1944.",
    "Saint Petersburg and St. Petersburg; Petersburg alone, and the Committee for the Liberation.",
])
def test_name_occurrences_are_found_as_by_one_regular_expression(text: str) -> None:
    from annals.extract import _occurrences

    forms = ["Orlov", "Ivan Orlov", "NTS", "Vlasov", "Andrey Vlasov", "Petersburg", "St. Petersburg",
             "Committee for the Liberation", "Committee"]
    assert list(_occurrences(text, forms)) == _regex_occurrences(text, forms)


def test_propagation_leaves_no_compiled_patterns_behind() -> None:
    import re

    re.purge()
    for k in range(5):
        extract_text(f"General Ivan Orlov{k} reached Kazan in May 1919. Orlov{k} left it in June.")
    cached = [str(key[1]) for key in re._cache]  # noqa: SLF001
    assert not [p for p in cached if "Orlov0" in p]  # no document's names in the re module's cache


def test_one_paragraph_longer_than_a_part_is_cut_into_parts_too(tmp_path: Path, small_parts: list[int]) -> None:
    body = " ".join(f"In {1900 + k} General Ivan Orlov{k % 3} reached Kazan." for k in range(30))
    path = tmp_path / "one-paragraph.txt"
    path.write_text(body + "\n", encoding="utf-8")
    whole = extract_text(body + "\n")
    small_parts.clear()
    assert api.ingest([path], tmp_path / "a.db").results == [(str(path), "added")]
    assert len(small_parts) >= 5 and max(small_parts) <= 200  # never the whole paragraph at once
    with Store(tmp_path / "a.db") as store:
        doc = store.load_document(str(path.resolve()))
        assert doc is not None and store.check() == []
        assert [s.text for s in doc.sentences] == [s.text for s in whole.sentences]
        assert {s.paragraph for s in doc.sentences} == {0}
        assert [t.value for t in doc.timexes] == [str(1900 + k) for k in range(30)]
