"""Bulk loads (``Store.bulk_load``, used by ``annals batch``): the read indexes, the indexes linking reads and the
full-text index are built once at the end, and the store is the one document-by-document ingests make."""

from __future__ import annotations

import sqlite3

from eventdocs import ancient, vlasov_a, vlasov_b
from test_migration_v6 import legion, reads

from annals.store import Store
from annals.store.migrations import _LINKING_INDEXES, _READ_INDEXES


def docs():
    return [vlasov_a(), vlasov_b(), ancient(), legion()]


def _indexes(store: Store) -> set[str]:
    return {r[0] for r in store._db.execute("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')")}


def _statements(store: Store) -> set[tuple[str, str]]:
    """Every index and trigger with its SQL, and the tables."""
    return {(r[0], r[1] or "") for r in store._db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger', 'table')")}


def test_a_bulk_load_makes_the_store_plain_ingests_make(tmp_path):
    with Store(tmp_path / "plain.db") as plain:
        for doc in docs():
            plain.ingest(doc)
        expected = reads(plain)
        schema = _statements(plain)
    with Store(tmp_path / "bulk.db") as store:
        with store.bulk_load() as deferred:
            assert deferred
            assert not {*_READ_INDEXES, *_LINKING_INDEXES} & _indexes(store)  # not kept up while loading
            with store.bulk():
                for doc in docs():
                    store.ingest(doc)  # (linking reads without the indexes meanwhile: slower, the same links)
        assert _statements(store) == schema  # every index built again as the schema has it
        assert store.check() == []
        got = reads(store)
    for d in got["documents"] + expected["documents"]:
        d.pop("ingested_at")
    for d in got["document"] + expected["document"]:
        d.pop("ingested_at")
    assert got == expected


def test_a_bulk_load_into_a_store_with_documents_defers_nothing(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.ingest(vlasov_a())
        with store.bulk_load() as deferred:
            assert not deferred
            assert set(_READ_INDEXES) <= _indexes(store)
            store.ingest(vlasov_b())
        assert store.check() == []


def test_a_bulk_load_that_died_is_finished_when_the_store_is_next_opened(tmp_path):
    path = tmp_path / "s.db"
    store = Store(path)
    load = store.bulk_load()
    assert load.__enter__()
    store.ingest(legion())
    store.close()  # the process dies here: the load never ends
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'bulk_load'").fetchone() == (1,)
    conn.close()
    with Store(path, readonly=True) as reader:  # a reader sees the rows (without the deferred indexes)
        assert reader.stats()["events"] == 3
    with Store(path) as store:
        assert {*_READ_INDEXES, *_LINKING_INDEXES} <= _indexes(store)
        assert store.check() == []
        assert [h["document"] for h in store.search_sentences("Lutatius")] == ["legion"]
        assert store._db.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'bulk_load%'").fetchone()[0] == 0


def test_a_bulk_load_an_older_annals_left_unfinished_is_finished_too(tmp_path):
    """A load begun before the linking indexes were deferred (no ``bulk_load_indexes``: only the read indexes were
    dropped) is finished as it was begun."""
    path = tmp_path / "s.db"
    with Store(tmp_path / "plain.db") as plain:
        schema = _statements(plain)
    store = Store(path)
    load = store.bulk_load()
    assert load.__enter__()
    store.ingest(legion())
    conn = store._db
    for (sql,) in conn.execute("SELECT sql FROM bulk_load_indexes").fetchall():
        conn.execute(sql)  # (an older annals kept them)
    conn.execute("DROP TABLE bulk_load_indexes")
    store.close()
    with Store(path) as store:
        assert {*_READ_INDEXES, *_LINKING_INDEXES} <= _indexes(store)
        assert _statements(store) == schema
        assert store.check() == []
