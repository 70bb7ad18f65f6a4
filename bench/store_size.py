"""How big a store is, table by table, against its text; and how big it would be with each document's facts kept
as one compressed record (the layout issue 17's 8x would need, estimated, not built).

    python bench/store_size.py STORE [--per-document] [--everything]

Prints each table with its indexes (``SELECT sum(pgsize) FROM dbstat``), the total and its ratio to the stored
text.  With ``--per-document``: the same for a copy of the store (in a temporary folder; the store itself is only
read) in which the rows of every per-document fact table (events, relations, dates, sentences, sections,
paragraphs, gaps) are replaced by one zlib-compressed JSON record per document, plus slim tables of what queries
filter on (an event's type, dates and sentence; a relation's type and entities; the sentences' offsets, which the
full-text index needs), vacuumed.  Mentions, aliases, document entities and the canonical entities stay rows.

With ``--everything``: a copy in which the document entities, their mentions, aliases and titles go into each
document's record too, and only what reads across documents stays rows (:data:`CROSS`): each canonical entity's
distinct linking forms (what linking looks up), the (entity, document, sentence) of its mentions (what ``show``,
``ask`` and the exports select by), a relation's canonical subject and object; the canonical entities, the
documents with their text and the full-text index as they are.  It also prints what the documents' text would
take compressed (zlib, each text on its own).  The smallest store that keeps the queries' indexes, so a floor.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import zlib
from pathlib import Path

#: Per-document fact tables, and the column naming their document (its integer key, or its public id).
FACT_TABLES = {"event_rows": "key", "relation_rows": "key", "timex_rows": "key", "span_rows": "key",
               "sections": "id", "paragraphs": "id", "gaps": "id"}
#: What queries filter on, kept as rows in the estimate.
SLIM = {
    "event_index": "SELECT id, doc, type, earliest, latest, sentence FROM event_rows",
    "relation_index": "SELECT id, doc, relation, subject_id, object_id, sentence FROM relation_rows",
    "sentence_index": "SELECT id, doc, idx, char_start, char_end FROM span_rows",
}


#: Per-document rows that hang off a document entity (``--everything``): folded into its document's record.
ENTITY_TABLES = ("mention_rows", "entity_aliases", "entity_titles")
#: What reads across documents (``--everything``): kept as rows, with the indexes named.
CROSS = {
    "alias_index": ("SELECT DISTINCT d.entity, a.norm, a.core, a.tail, a.weak FROM entity_aliases a "
                    "JOIN doc_entity_rows d ON d.id = a.doc_entity",
                    ["(norm)", "(entity)", "(core) WHERE core != ''", "(tail) WHERE tail != ''"]),
    "entity_sentences": ("SELECT DISTINCT d.entity, d.doc, m.sentence FROM mention_rows m "
                         "JOIN doc_entity_rows d ON d.id = m.doc_entity", ["(entity)", "(doc, sentence)"]),
    "relation_entities": ("SELECT r.id, s.entity AS subject, o.entity AS object FROM relation_rows r "
                          "LEFT JOIN doc_entity_rows s ON s.doc = r.doc AND s.local_id = r.subject_id "
                          "LEFT JOIN doc_entity_rows o ON o.doc = r.doc AND o.local_id = r.object_id",
                          ["(subject)", "(object)"]),
}


def table_sizes(path: Path) -> tuple[dict[str, int], int, int]:
    """Bytes of each table with its indexes (the full-text index's tables as one), the total, and the text's."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        owner = {name: table for name, table in conn.execute("SELECT name, tbl_name FROM sqlite_master")}
        sizes: dict[str, int] = {}
        for name, size in conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
            table = owner.get(name, name)
            if name.startswith("sqlite_autoindex_"):
                table = name[len("sqlite_autoindex_"):].rsplit("_", 1)[0]
            if table.startswith("sentences_fts"):
                table = "sentences_fts"
            sizes[table] = sizes.get(table, 0) + size
        text = conn.execute("SELECT coalesce(sum(length(CAST(text AS BLOB))), 0) FROM documents").fetchone()[0]
    finally:
        conn.close()
    return sizes, sum(sizes.values()), text


def per_document_copy(src: Path, dst: Path, everything: bool = False) -> None:
    """A copy of the store at ``dst`` with each document's facts as one compressed record (see the module);
    ``everything``: its document entities, mentions, aliases and titles too, with :data:`CROSS` as rows."""
    conn = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        conn.execute(f"VACUUM INTO '{dst}'")
    finally:
        conn.close()
    conn = sqlite3.connect(dst)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("CREATE TABLE doc_facts (doc INTEGER PRIMARY KEY, facts BLOB NOT NULL)")
        for key, doc_id in conn.execute("SELECT key, id FROM documents").fetchall():
            record = {table: conn.execute(f"SELECT * FROM {table} WHERE doc = ? ORDER BY rowid",
                                          (key if by == "key" else doc_id,)).fetchall()
                      for table, by in FACT_TABLES.items()}
            if everything:
                record["doc_entity_rows"] = conn.execute("SELECT * FROM doc_entity_rows WHERE doc = ? ORDER BY id",
                                                         (key,)).fetchall()
                for table in ENTITY_TABLES:
                    record[table] = conn.execute(f"SELECT x.* FROM {table} x JOIN doc_entity_rows d ON d.id = "
                                                 "x.doc_entity WHERE d.doc = ? ORDER BY x.rowid", (key,)).fetchall()
            blob = zlib.compress(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 9)
            conn.execute("INSERT INTO doc_facts VALUES (?, ?)", (key, blob))
        for name, select in SLIM.items():
            conn.execute(f"CREATE TABLE {name} AS {select}")
        conn.execute("CREATE INDEX event_index_doc ON event_index(doc)")
        conn.execute("CREATE INDEX relation_index_relation ON relation_index(relation)")
        if everything:
            for name, (select, indexes) in CROSS.items():
                conn.execute(f"CREATE TABLE {name} AS {select}")
                for i, columns in enumerate(indexes):
                    conn.execute(f"CREATE INDEX {name}_{i} ON {name}{columns}")
        for (view,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'").fetchall():
            conn.execute(f'DROP VIEW "{view}"')
        for table in [*FACT_TABLES, *(("doc_entity_rows", *ENTITY_TABLES) if everything else ())]:
            conn.execute(f"DROP TABLE {table}")
        conn.commit()
        conn.execute("VACUUM")
    finally:
        conn.close()


def report(title: str, path: Path) -> None:
    sizes, total, text = table_sizes(path)
    print(f"{title}: {total:,} bytes, {total / max(text, 1):.1f} times its text ({text:,} bytes)")
    for table, size in sorted(sizes.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {table:28s} {size / 1e6:8.3f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--per-document", action="store_true", help="also estimate the per-document layout")
    ap.add_argument("--everything", action="store_true",
                    help="also estimate it with the document entities, mentions, aliases and titles per document too")
    args = ap.parse_args()
    report(str(args.store), args.store)
    for wanted, everything, title in (
            (args.per_document, False, "the same, each document's facts as one compressed record"),
            (args.everything, True, "the same, everything of a document in its record, what reads across "
                                    "documents as rows")):
        if wanted:
            with tempfile.TemporaryDirectory() as tmp:
                copy = Path(tmp) / "per-document.db"
                per_document_copy(args.store, copy, everything)
                report(title, copy)
    if args.everything:
        raw, packed = compressed_text(args.store)
        print(f"the documents' text, {raw:,} bytes, compressed (zlib, each on its own): {packed:,} bytes")


def compressed_text(path: Path) -> tuple[int, int]:
    """The bytes of the documents' text, and of each text compressed with zlib on its own, summed."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        texts = [r[0].encode("utf-8") for r in conn.execute("SELECT text FROM documents")]
    finally:
        conn.close()
    return sum(len(t) for t in texts), sum(len(zlib.compress(t, 9)) for t in texts)


if __name__ == "__main__":
    main()
