"""How an alias's three linking forms are stored (schema 13): a core that is the norm and a tail that is the core
as "", read back whole, and found through the indexes whichever way a row holds them."""

from __future__ import annotations

import sqlite3

import pytest

from annals.store.util import ALIAS_CORE, ALIAS_TAIL, alias_form_in, stored_forms

# (alias, norm, core, tail): a title, a two-word name, a single word
FORMS = [
    ("Consul Quintus Fabius", "consul quintus fabius", "quintus fabius", "fabius"),
    ("Gaius Marius", "gaius marius", "gaius marius", "marius"),
    ("Hannibal", "hannibal", "hannibal", "hannibal"),
]


def test_a_form_equal_to_the_one_before_is_stored_empty() -> None:
    assert stored_forms("consul quintus fabius", "quintus fabius", "fabius") == (
        "consul quintus fabius", "quintus fabius", "fabius")
    assert stored_forms("gaius marius", "gaius marius", "marius") == ("gaius marius", "", "marius")
    assert stored_forms("hannibal", "hannibal", "hannibal") == ("hannibal", "", "")


@pytest.fixture
def aliases() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE entity_aliases (id INTEGER PRIMARY KEY, alias TEXT, norm TEXT, core TEXT, tail TEXT)")
    conn.execute("CREATE INDEX entity_aliases_norm ON entity_aliases(norm)")
    conn.execute("CREATE INDEX entity_aliases_core ON entity_aliases(core) WHERE core != ''")
    conn.execute("CREATE INDEX entity_aliases_tail ON entity_aliases(tail) WHERE tail != ''")
    for alias, norm, core, tail in FORMS:  # each twice: compact, and whole as a store's older rows hold it
        conn.execute("INSERT INTO entity_aliases (alias, norm, core, tail) VALUES (?, ?, ?, ?)",
                     (alias, *stored_forms(norm, core, tail)))
        conn.execute("INSERT INTO entity_aliases (alias, norm, core, tail) VALUES (?, ?, ?, ?)",
                     (alias, norm, core, tail))
    return conn


def test_the_forms_read_back_whole(aliases: sqlite3.Connection) -> None:
    got = aliases.execute(f"SELECT alias, norm, {ALIAS_CORE.format('a')}, {ALIAS_TAIL.format('a')} "
                          "FROM entity_aliases a ORDER BY id").fetchall()
    assert got == [f for f in FORMS for _ in (1, 2)]


@pytest.mark.parametrize(("form", "values", "found"), [
    ("norm", ["gaius marius", "fabius"], {"Gaius Marius"}),
    ("core", ["quintus fabius", "hannibal"], {"Consul Quintus Fabius", "Hannibal"}),
    ("core", ["consul quintus fabius"], set()),
    ("tail", ["fabius", "marius", "hannibal"], {"Consul Quintus Fabius", "Gaius Marius", "Hannibal"}),
    ("tail", ["gaius"], set()),
    ("name", ["quintus fabius", "gaius marius"], {"Consul Quintus Fabius", "Gaius Marius"}),
    ("name", ["hannibal", "fabius"], {"Hannibal"}),
])
def test_aliases_are_found_by_each_form_through_the_indexes(aliases: sqlite3.Connection, form: str,
                                                            values: list[str], found: set[str]) -> None:
    where, times = alias_form_in(form, "a", ", ".join("?" * len(values)))
    sql = f"SELECT a.alias FROM entity_aliases a WHERE {where}"
    rows = aliases.execute(sql, values * times).fetchall()
    assert {r[0] for r in rows} == found
    assert len(rows) == 2 * len(found)  # both ways of holding a row
    plan = " ".join(r[3] for r in aliases.execute("EXPLAIN QUERY PLAN " + sql, values * times))
    assert "SCAN" not in plan, plan
