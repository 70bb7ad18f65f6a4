"""Schema 17: the days of the intervals of dates, events and relations stored as integers (1867-09-01 as
18670901) where they are ISO days of years 0 to 9999; other values (a year BCE, a year after 9999) stay text.
The views give the text back, so readers see what they saw.  A schema-16 store (the file of
test_migration_v16 upgraded by step 16 alone) migrates in place and reads as before.  The documents are
invented."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_migration_v6 import apply_steps, docs, reads, ref_and_old
from test_migration_v14 import fleet
from test_migration_v16 import write_v15

from annals.extract import extract_text
from annals.store import SCHEMA_VERSION, Store
from annals.store.util import DAY_STORED, DAY_TEXT, day_stored, day_text


def write_v16(path: Path, ref: Store) -> None:
    write_v15(path, ref)
    apply_steps(path, [16], "2026-01-07T00:00:00+00:00", foreign_keys=True)


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Path, Path]:
    return ref_and_old(tmp_path_factory.mktemp("v17"), [*docs(), fleet()], write_v16)


def _kinds(db: sqlite3.Connection) -> set[str]:
    return {r[0] for t in ("timex_rows", "event_rows", "relation_rows")
            for r in db.execute(f"SELECT DISTINCT typeof(earliest) FROM {t} UNION SELECT typeof(latest) FROM {t}")}


def test_a_schema_16_store_migrates_and_reads_as_before(pair):
    ref_path, old_path = pair
    conn = sqlite3.connect(old_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 16
    assert "integer" not in _kinds(conn)
    conn.close()
    with Store(ref_path, readonly=True) as ref, Store(old_path) as old:
        assert old.schema_version == SCHEMA_VERSION >= 17
        assert reads(old) == reads(ref)
        for doc in [*docs(), fleet()]:
            assert old.load_document(doc.id) == ref.load_document(doc.id)
        assert "integer" in _kinds(old._db)
        for view in ("timexes", "events", "relations"):
            sql = f"SELECT * FROM {view} ORDER BY id"
            assert [tuple(r) for r in old._db.execute(sql)] == [tuple(r) for r in ref._db.execute(sql)]
            assert {r[0] for r in old._db.execute(f"SELECT typeof(earliest) FROM {view}")} <= {"text", "null"}
        assert old.check() == []


@given(st.one_of(st.none(), st.from_regex(r"-?[0-9]{4,5}-[0-9]{2}-[0-9]{2}", fullmatch=True),
                 st.from_regex(r"[0-9]{4}(-[0-9]{2})?", fullmatch=True), st.text(max_size=12)))
def test_a_day_reads_back_as_it_was_written_in_python_and_in_sql(value):
    stored = day_stored(value)
    assert day_text(stored) == value
    conn = sqlite3.connect(":memory:")
    try:
        in_sql = conn.execute(f"SELECT {DAY_STORED.format(':v')}", {"v": value}).fetchone()[0]
        assert in_sql == stored and type(in_sql) is type(stored)
        assert conn.execute(f"SELECT {DAY_TEXT.format(':v')}", {"v": stored}).fetchone()[0] == value
    finally:
        conn.close()
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        assert type(stored) is int  # (an ISO day of years 0-9999: four bytes instead of ten)


def test_days_are_stored_as_integers_and_order_as_the_text_does(tmp_path):
    treaties = extract_text("The Treaty of Nerchinsk was signed on 27 August 1689. The Treaty of Kyakhta followed "
                            "in 1727, and the Treaty of Aigun in May 1858.", "treaties.txt")
    with Store(tmp_path / "s.db") as store:
        for doc in [fleet(), treaties]:
            store.ingest(doc)
        db = store._db
        assert db.execute("SELECT count(*) FROM timex_rows").fetchone()[0] > 1
        assert store.load_document(treaties.id).timexes == treaties.timexes
        assert tuple(db.execute("SELECT earliest, latest FROM event_rows WHERE local_id = 'v1'").fetchone()) \
            == (14050101, 14051231)
        assert tuple(db.execute("SELECT earliest, latest FROM events WHERE local_id = 'v1'").fetchone()) \
            == ("1405-01-01", "1405-12-31")
        # written through a view: stored so too; a day BCE stays text
        db.execute("UPDATE timexes SET earliest = '-0044-03-15', latest = '0033-04-03' WHERE id = "
                   "(SELECT min(id) FROM timexes)")
        assert tuple(db.execute("SELECT earliest, latest FROM timex_rows WHERE id = (SELECT min(id) FROM "
                                "timex_rows)").fetchone()) == ("-0044-03-15", 330403)
        assert tuple(db.execute("SELECT earliest, latest FROM timexes WHERE id = (SELECT min(id) FROM timexes)"
                                ).fetchone()) == ("-0044-03-15", "0033-04-03")
        days = sorted(r[0] for r in db.execute("SELECT latest FROM timex_rows WHERE typeof(latest) = 'integer'"))
        assert days and [day_text(d) for d in days] == sorted(day_text(d) for d in days)
