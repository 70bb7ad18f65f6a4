"""Identity across documents that respects time (issue 16, item 3): linking joins two documents'
entities by a shared name of the same type unless the texts separate them: people of one name dated
more than a generation apart, a state under two forms of government, or qualified by one in a document
of another period.  Kept apart, they are listed by ``annals entities --ambiguous`` as maybe one.
Documents are made by hand (no spaCy); names, places and dates are invented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_store import make_doc

from annals import api
from annals.identity import GAP_YEARS, period_gap, regime_marks, separated
from annals.store import Store


def year(y: int) -> dict[str, Any]:
    return {"earliest": f"{y:04d}-01-01", "latest": f"{y:04d}-12-31"}


def person_doc(doc_id: str, name: str, when: int | None, extra: str = "") -> Any:
    text = f"{name} held the castle of Morven" + (f" in {when}" if when else "") + f". {extra}".rstrip() + ""
    timexes = [(str(when), str(when), year(when))] if when else []
    return make_doc(doc_id, text, [{"name": name, "aliases": [name.split()[-1]]}], timexes=timexes)


def entities_named(store: Store, name: str) -> list[dict[str, Any]]:
    return [e for e in store.entities() if e["name"] == name]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "id.db") as s:
        yield s


def test_people_of_one_name_a_lifetime_apart_stay_two(store: Store) -> None:
    store.ingest(person_doc("grandfather", "Edmund Harrow", 1402))
    store.ingest(person_doc("grandson", "Edmund Harrow", 1488))
    assert len(entities_named(store, "Edmund Harrow")) == 2
    # within a generation, or undated: one man, as before
    store.ingest(person_doc("later", "Edmund Harrow", 1431))
    store.ingest(person_doc("undated", "Edmund Harrow", None))
    people = entities_named(store, "Edmund Harrow")
    assert len(people) == 2 and sorted(p["n_documents"] for p in people) == [1, 3]
    assert store.check() == []


def test_a_bare_surname_far_from_the_full_name_is_not_linked_to_it(store: Store) -> None:
    store.ingest(person_doc("old", "Jonas Wexley", 1690))
    store.ingest(make_doc("new", "In 1944 Wexley spoke to the assembly.", [{"name": "Wexley"}],
                          timexes=[("1944", "1944", year(1944))]))
    assert [e["n_documents"] for e in entities_named(store, "Jonas Wexley")] == [1]
    assert entities_named(store, "Wexley")
    store.ingest(make_doc("near", "In 1702 Wexley sold the mill.", [{"name": "Wexley"}],
                          timexes=[("1702", "1702", year(1702))]))
    assert [e["n_documents"] for e in entities_named(store, "Jonas Wexley")] == [2]


def state_doc(doc_id: str, name: str, aliases: list[str], when: int | None, verb: str = "signed a treaty") -> Any:
    text = f"In {when} the {name} {verb}." if when else f"The {name} {verb}."
    text += " " + " ".join(f"{a} was large." for a in aliases)
    timexes = [(str(when), str(when), year(when))] if when else []
    return make_doc(doc_id, text, [{"name": name, "type": "GPE", "aliases": aliases}], timexes=timexes)


def test_a_state_under_two_forms_of_government_stays_two(store: Store) -> None:
    store.ingest(state_doc("crown", "Kingdom of Valmora", ["Valmora"], 1788))
    store.ingest(state_doc("council", "Socialist Valmora", ["Valmora"], None))  # undated: the names suffice
    assert len([e for e in store.entities() if e["type"] == "GPE"]) == 2
    # the same form of government, an adjective for its noun, in another document: one state
    store.ingest(state_doc("court", "Royal Valmora", ["Valmora"], 1790))
    kingdom = [e for e in store.entities() if "Royal Valmora" in e["aliases"]]
    assert len(kingdom) == 1 and "Kingdom of Valmora" in kingdom[0]["aliases"]


def test_an_unqualified_name_far_from_a_qualified_one_is_another_period(store: Store) -> None:
    store.ingest(state_doc("old", "Tarnland", [], 1825))
    store.ingest(state_doc("new", "People's Republic of Tarnland", ["Tarnland"], 1931))
    assert len([e for e in store.entities() if e["type"] == "GPE"]) == 2
    # the same plain name, whenever: one state (a state's dates alone do not separate it)
    store.ingest(state_doc("older", "Tarnland", [], 1490))
    plain = [e for e in store.entities() if e["name"] == "Tarnland"]
    assert len(plain) == 1 and plain[0]["n_documents"] == 2
    # qualified, in the same period: one state
    store.ingest(state_doc("near", "Republic of Osk", ["Osk"], 1850))
    store.ingest(state_doc("near2", "Osk", [], 1861))
    assert len([e for e in store.entities() if "Osk" in e["aliases"]]) == 1


def test_kept_apart_pairs_are_listed_as_maybe_one(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Store(db) as s:
        s.ingest(person_doc("grandfather", "Edmund Harrow", 1402))
        s.ingest(person_doc("grandson", "Edmund Harrow", 1488))
        s.ingest(state_doc("crown", "Kingdom of Valmora", ["Valmora"], 1788))
        s.ingest(state_doc("council", "Socialist Valmora", ["Valmora"], 1925))
    found = [r for r in api.ambiguous_entities(db) if r["kind"] == "maybe one"]
    harrow = [r for r in found if {e["name"] for e in r["entities"]} == {"Edmund Harrow"}]
    assert len(harrow) == 1 and "86 years apart" in harrow[0]["why"], found
    valmora = [r for r in found if {e["name"] for e in r["entities"]} == {"Kingdom of Valmora", "Socialist Valmora"}]
    assert len(valmora) == 1 and "two forms of government" in valmora[0]["why"], found
    # a person decides they are one: a merge, which lasts as any correction
    a, b = harrow[0]["entities"]
    api.entity_merge(db, a["id"], b["id"])
    assert len([e for e in api.entities(db) if e["name"] == "Edmund Harrow"]) == 1
    assert not [r for r in api.ambiguous_entities(db) if {e["name"] for e in r["entities"]} == {"Edmund Harrow"}]


def test_the_order_of_ingests_does_not_change_what_is_kept_apart(tmp_path: Path) -> None:
    docs = [person_doc("a", "Edmund Harrow", 1402), person_doc("b", "Edmund Harrow", 1488),
            person_doc("c", "Edmund Harrow", None), person_doc("d", "Edmund Harrow", 1420)]
    seen = []
    for n, order in enumerate([docs, docs[::-1], [docs[2], docs[0], docs[3], docs[1]]]):
        with Store(tmp_path / f"o{n}.db") as s:
            for d in order:
                s.ingest(d)
            s.resolve_entities([d.id for d in order])
            seen.append(sorted(sorted(r["doc"] for r in s.doc_entity_rows(e["id"])) for e in s.entities()))
    assert seen[0] == seen[1] == seen[2] and len(seen[0]) == 2, seen


def test_regime_marks_and_separated() -> None:
    assert regime_marks(["Imperial Vostria", "Vostria"]) == regime_marks(["Vostrian Empire"]) == {"empire"}
    assert regime_marks(["Third Republic of Galen"]) == {"republic", "third"}
    assert regime_marks(["Galen", "the Galenic army"]) == frozenset()
    assert period_gap((1400, 1410), (1405, 1460)) == 0 and period_gap((1400, 1410), (1470, 1480)) == 60
    assert period_gap(None, (1400, 1400)) is None
    far = (1400 + GAP_YEARS + 1, 1400 + GAP_YEARS + 1)
    assert separated("PERSON", ["Lio Marr"], (1400, 1400), ["Lio Marr"], far)
    assert separated("PERSON", ["Lio Marr"], (1400, 1400), ["Lio Marr"], (1440, 1440)) is None
    assert separated("PERSON", ["Lio Marr"], None, ["Lio Marr"], far) is None
    assert separated("GPE", ["Galen"], (1400, 1400), ["Galen"], far) is None  # France is France
    assert separated("GPE", ["Republic of Galen", "Galen"], None, ["Galenic Empire", "Galen"], None)
    assert separated("GPE", ["Republic of Galen"], (1400, 1400), ["Galen"], far)
    assert separated("ORG", ["Royal Bank"], (1400, 1400), ["Imperial Bank"], far) is None  # states only
    assert separated("PERSON", ["Lio Marr"], (-44, -44), ["Lio Marr"], (30, 30))  # BCE counts
