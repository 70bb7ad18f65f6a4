"""annals batch: cross-document resolution on the cluster, and reruns over a changed source.

The texts are invented for these tests (Roman republic, Thirty Years' War, Ming China, US civil war): people and
places named in several documents, by full name in one and by surname in another, so that linking across
documents decides the store's entities.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest

from annals.batch import run_batch
from annals.batch_resolve import _cpu, component_map, key_groups, merge_groups, phase_cpu, reset_phase_cpu, tree_reduce
from annals.store import Store

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

TEXTS = {
    "marius": "Gaius Marius was elected consul of Rome in 107 BC. Marius reformed the Roman army and defeated "
              "Jugurtha in Numidia. In 88 BC Lucius Cornelius Sulla marched on Rome against Marius.",
    "sulla": "Lucius Cornelius Sulla was a Roman general. Sulla captured Athens in 86 BC. In 82 BC Sulla made himself "
             "dictator of Rome, four years after Marius had died.",
    "wallenstein": "Albrecht von Wallenstein commanded the imperial army from 1625. Emperor Ferdinand II dismissed "
                   "Wallenstein in 1630. In July 1630 Gustavus Adolphus of Sweden landed in Pomerania.",
    "lutzen": "Gustavus Adolphus defeated Tilly at Breitenfeld in September 1631. In November 1632 Wallenstein met the "
              "Swedish army at Lutzen, where Gustavus Adolphus was killed.",
    "yongle": "The Yongle Emperor moved the capital of the Ming dynasty from Nanjing to Beijing in 1421. Zheng He led "
              "the fleets of the Ming dynasty to Calicut in 1405.",
    "grant": "Ulysses S. Grant captured Vicksburg in July 1863. In 1864 Abraham Lincoln gave Grant command of the "
             "Union armies. Robert E. Lee surrendered to Grant at Appomattox in April 1865.",
}


def store_facts(db: Path) -> dict:
    """What must not depend on workers, partitions or the route taken: row counts, and each canonical entity
    (name, type, subtype, place, mentions, aliases) with the document entities linked to it (by path)."""
    conn = sqlite3.connect(db)
    try:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("documents", "entities", "doc_entities", "mentions", "events", "relations", "timexes",
                            "entity_aliases", "entity_names")}
        entities = sorted(
            (r[0], r[1], r[2], r[3], r[4], tuple(sorted(json.loads(r[5]))))
            for r in conn.execute(
                "SELECT e.name, e.type, e.subtype, e.place, e.n_mentions, (SELECT json_group_array(DISTINCT a.alias) "
                "FROM entity_aliases a JOIN doc_entity_rows d ON d.id = a.doc_entity WHERE d.entity = e.id) "
                "FROM entities e"))
        links = sorted(conn.execute(
            "SELECT d.path, de.local_id, e.name, e.type FROM doc_entities de JOIN documents d ON d.id = de.doc "
            "JOIN entities e ON e.id = de.entity").fetchall())
    finally:
        conn.close()
    return {"counts": counts, "entities": entities, "links": links}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("resolve")
    docs = root / "docs"
    docs.mkdir()
    for name, text in TEXTS.items():
        (docs / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    return root, docs


@pytest.fixture(scope="module")
def stores(folder):
    from annals.api import ingest

    root, docs = folder
    one = run_batch(docs, root / "w1.db", workers=1, partition_size=4, processes=False)
    two = run_batch(docs, root / "w2.db", workers=2, partition_size=1, processes=False)
    ingest([docs], root / "ingest.db")
    return root, one, two


def test_the_same_store_whatever_the_workers_and_partitions(stores):
    root, one, two = stores
    assert one.mode == two.mode == "bulk" and not one.failures and not two.failures
    assert one.partitions == 2 and two.partitions == len(TEXTS)
    assert store_facts(root / "w1.db") == store_facts(root / "w2.db")


def test_the_same_entities_as_a_plain_ingest(stores):
    root, *_ = stores
    batch, ingested = store_facts(root / "w1.db"), store_facts(root / "ingest.db")
    assert batch == ingested
    names = {(n, t) for n, t, *_ in batch["entities"]}
    # linked across documents: a full name in one, the bare surname in another
    assert ("Lucius Cornelius Sulla", "PERSON") in names and ("Sulla", "PERSON") not in names
    assert ("Albrecht von Wallenstein", "PERSON") in names and ("Wallenstein", "PERSON") not in names
    paths = {p for p, _l, n, _t in batch["links"] if n == "Albrecht von Wallenstein"}
    assert {Path(p).name for p in paths} == {"wallenstein.txt", "lutzen.txt"}
    with Store(root / "w2.db") as store:
        assert store.check() == []


def stored_rows(db: Path) -> dict:
    """The rows of a document as a store holds them: a mention's, date's or sentence's own text (NULL where the
    document's text between its offsets is read instead), a document entity's place (its own JSON or a reference
    to ``places``), the places."""
    conn = sqlite3.connect(db)
    try:
        keyed = {"mention_rows": "r.char_start, r.char_end, r.text", "timex_rows": "r.char_start, r.char_end, r.text",
                 "span_rows": "r.idx, r.text", "doc_entity_rows": "r.local_id, r.place, r.place_id"}
        # (a mention names its document through its document entity)
        rows = {"mention_rows": "(SELECT m.*, de.doc FROM mention_rows m JOIN doc_entity_rows de "
                                "ON de.id = m.doc_entity)"}
        out = {t: sorted(conn.execute(f"SELECT d.path, {cols} FROM {rows.get(t, t)} r "
                                      "JOIN documents d ON d.key = r.doc"))
               for t, cols in keyed.items()}
        out["places"] = sorted(conn.execute("SELECT id, json FROM places"))
    finally:
        conn.close()
    return out


def test_rows_stored_as_a_plain_ingest_stores_them(stores):
    root, *_ = stores
    batch = stored_rows(root / "w2.db")
    assert batch == stored_rows(root / "ingest.db")
    assert all(text is None for *_k, text in batch["mention_rows"])  # short documents: read from their text
    assert batch["places"] and all(place is None for *_k, place, _pid in batch["doc_entity_rows"])


def test_components_do_not_depend_on_how_the_keys_are_cut():
    entities = [("d1", "e1", "PERSON", ["P|marius"]), ("d1", "e2", "GPE", ["G|rome", "G|roma"]),
                ("d2", "e1", "GPE", ["G|roma", "G|urbs"]), ("d3", "e1", "PERSON", ["P|sulla"]),
                ("d4", "e1", "GPE", ["G|urbs"]), ("d4", "e2", "ORG", [])]
    whole = component_map(key_groups(entities))
    partials = [key_groups(entities[i:i + 2]) for i in range(0, len(entities), 2)]
    assert component_map(merge_groups(*partials)) == whole
    assert component_map(merge_groups(merge_groups(partials[2], partials[0]), partials[1])) == whole
    assert whole["G|urbs"] == whole["G|rome"] == "G|roma" and whole["P|sulla"] == "P|sulla"

    class Inline:  # tree_reduce with a client that runs each task at once
        def submit(self, func, *args, pure=True):  # noqa: ANN001, ANN202, ARG002
            return func(*args)

    assert component_map(tree_reduce(Inline(), partials, merge_groups, fan_in=2)) == whole


def test_a_rerun_extracts_only_changed_pages_and_removes_gone_ones(tmp_path):
    def write(path: Path, texts: dict[str, str]) -> None:
        path.write_text("".join(json.dumps({"id": k, "title": k, "text": v}) + "\n" for k, v in texts.items()),
                        encoding="utf-8")

    dump = tmp_path / "dump.jsonl"
    write(dump, TEXTS)
    first = run_batch(dump, tmp_path / "s.db", workers=1, partition_size=2, processes=False)
    assert first.mode == "bulk" and first.results == {"added": len(TEXTS)}
    changed = dict(TEXTS)
    changed["sulla"] = TEXTS["sulla"].replace("Athens", "Corinth")  # a page sharing names with another
    del changed["yongle"]
    write(dump, changed)
    again = run_batch(dump, tmp_path / "s.db", workers=1, partition_size=2, processes=False)
    assert again.mode == "update"
    assert again.pages == 1 and again.partitions == 1  # only the changed page was extracted
    assert again.results == {"unchanged": 4, "replaced": 1, "removed": 1}
    # Sulla and Marius of the other page are linked again, to what they were linked to: nothing to write
    assert again.rows_relinked == 0 < again.rows_written
    fresh_dump = tmp_path / "fresh.jsonl"
    fresh_dump.write_bytes(dump.read_bytes())
    run_batch(fresh_dump, tmp_path / "fresh.db", workers=1, partition_size=2, processes=False)
    updated, fresh = store_facts(tmp_path / "s.db"), store_facts(tmp_path / "fresh.db")
    strip = (lambda facts: {**facts, "links": sorted((Path(p).name.split("#")[-1], *rest)  # noqa: E731
                                                     for p, *rest in facts["links"])})
    assert strip(updated) == strip(fresh)  # the updated store is the store of the new dump
    with Store(tmp_path / "s.db") as store:
        titles = sorted(d["title"] for d in store.documents())
        assert titles == sorted(changed) and store.check() == []
        assert not store.search_sentences("Athens") and store.search_sentences("Corinth")


def test_a_rerun_over_a_folder_removes_the_file_gone_and_extracts_nothing(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("marius", "sulla", "grant"):
        (docs / f"{name}.txt").write_text(TEXTS[name] + "\n", encoding="utf-8")
    (tmp_path / "grant.txt.old").write_text(TEXTS["grant"] + "\n", encoding="utf-8")  # not in the folder
    run_batch(docs, tmp_path / "f.db", workers=1, partition_size=2, processes=False)
    (docs / "grant.txt").unlink()
    again = run_batch(docs, tmp_path / "f.db", workers=1, partition_size=2, processes=False)
    assert again.partitions == 0 and again.results == {"unchanged": 2, "removed": 1}
    with Store(tmp_path / "f.db") as store:
        assert sorted(Path(d["path"]).name for d in store.documents()) == ["marius.txt", "sulla.txt"]
        assert not store.find_entities("Grant") and store.check() == []


def _spin(seconds: float) -> None:
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def test_a_phase_within_another_counts_once():
    reset_phase_cpu()
    start = time.thread_time()
    with _cpu("loading"):
        _spin(0.05)
        with _cpu("resolution"):
            _spin(0.05)
        _spin(0.02)
    spent = time.thread_time() - start
    cpu = phase_cpu()
    assert abs(cpu["loading"] + cpu["resolution"] - spent) < 0.005
    assert 0.05 <= cpu["resolution"] < 0.06 and 0.07 <= cpu["loading"] < 0.08
    reset_phase_cpu()
