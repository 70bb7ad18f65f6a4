"""bench/store_size.py: a store's size by table, and the per-document layout estimate made from a copy (the store
itself left as it was).  The documents are invented."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from annals.api import ingest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from store_size import CROSS, ENTITY_TABLES, FACT_TABLES, compressed_text, per_document_copy, table_sizes  # noqa: E402

TEXTS = {
    "hanse.txt": "In 1370 the Hanseatic League defeated Denmark. The Peace of Stralsund was signed at Stralsund in "
                 "May 1370. Valdemar IV of Denmark accepted the terms.",
    "ayutthaya.txt": "King Naresuan of Ayutthaya defeated the Burmese army at Nong Sarai in 1593. Naresuan then "
                     "besieged Pegu in 1595.",
}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store of the invented documents."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in TEXTS.items():
        (docs / name).write_text(text + "\n", encoding="utf-8")
    store = tmp_path / "s.db"
    ingest([docs], store)
    return store


def test_sizes_by_table_and_the_per_document_estimate(store: Path, tmp_path: Path) -> None:
    before = store.read_bytes()
    sizes, total, text = table_sizes(store)
    assert text == sum(len((t + "\n").encode("utf-8")) for t in TEXTS.values())
    assert total == sum(sizes.values()) > text and sizes["event_rows"] > 0 and sizes["sentences_fts"] > 0

    copy = tmp_path / "copy.db"
    per_document_copy(store, copy)
    assert store.read_bytes() == before  # (only read)
    conn = sqlite3.connect(copy)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert not tables & set(FACT_TABLES) and {"doc_facts", "event_index", "relation_index"} <= tables
    assert conn.execute("SELECT count(*) FROM doc_facts").fetchone()[0] == len(TEXTS)
    assert conn.execute("SELECT count(*) FROM event_index").fetchone()[0] > 0
    conn.close()
    assert table_sizes(copy)[2] == text


def test_the_estimate_with_everything_per_document_keeps_only_what_reads_across_documents(store: Path,
                                                                                       tmp_path: Path) -> None:
    conn = sqlite3.connect(store)
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("entity_aliases", "mention_rows")}
    conn.close()
    copy = tmp_path / "all.db"
    per_document_copy(store, copy, everything=True)
    conn = sqlite3.connect(copy)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert not tables & {*FACT_TABLES, *ENTITY_TABLES, "doc_entity_rows"} and set(CROSS) <= tables
    # a canonical entity's forms once each, its sentences once each: never more rows than the document's had
    assert 0 < conn.execute("SELECT count(*) FROM alias_index").fetchone()[0] <= counts["entity_aliases"]
    assert 0 < conn.execute("SELECT count(*) FROM entity_sentences").fetchone()[0] <= counts["mention_rows"]
    conn.close()
    assert table_sizes(copy)[1] < table_sizes(store)[1]
    raw, packed = compressed_text(store)
    assert raw == table_sizes(store)[2] and 0 < packed
