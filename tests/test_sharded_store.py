"""A store sharded by document (``annals batch --shards``) reads as the same corpus in one file does.

The corpus is the benchmarks' generator (bench/corpus.py: invented articles sharing people, organisations and
places), put once into one file and into sharded stores of 3 shards and of one shard a partition; every read
of the API (which the CLI, the HTTP server and the exports call) gives the same answer on each, but for the
full-text ranks, which FTS5 computes within a shard.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from annals import api
from annals.errors import AnnalsError
from annals.export import EXPORTERS
from annals.store import Store, open_store
from annals.store.sharded import ShardedStore, shard_folder, shard_paths

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from corpus import articles  # noqa: E402

from annals.batch import document_to_json, run_batch  # noqa: E402


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, Path]:
    """The same 24 articles in partitions of 4: in one file, in 3 shards, and in 6 (one shard a partition)."""
    root = tmp_path_factory.mktemp("sharded")
    src = root / "corpus"
    src.mkdir()
    for name, text in articles(24, seed=7):
        (src / name).write_text(text, encoding="utf-8")
    out = {}
    for label, shards in (("one", None), ("three", 3), ("six", 6)):
        db = root / label / "store.db"
        run_batch(src, db, workers=1, partition_size=4, processes=False, shards=shards)
        out[label] = db
    return out


def _text(db: Path, value) -> str:
    """``value`` as JSON, in its own order, the store's path and the times documents were stored said alike."""
    text = json.dumps(value, default=str).replace(str(db), "DB")
    return re.sub(r'("ingested_at": |ingested_at=)"[^"]*"', r'\1"T"', text)


def _same(stores: dict[str, Path], read) -> None:
    """``read(db)`` gives the same on the single file and on each sharded store."""
    want = _text(stores["one"], read(stores["one"]))
    for label in ("three", "six"):
        assert _text(stores[label], read(stores[label])) == want, label


def test_the_stores_are_sharded_as_asked(stores):
    assert shard_paths(stores["one"]) is None
    assert [p.name for p in shard_paths(stores["three"])] == ["shard-001.db", "shard-002.db", "shard-003.db"]
    assert len(shard_paths(stores["six"])) == 6
    with open_store(stores["three"], create=False, readonly=True) as store:
        assert isinstance(store, ShardedStore)
        # every shard holds documents, none holds another's, and the main file holds none
        held = [{d["id"] for d in s.documents()} for s in store.shards]
        assert all(held) and sum(map(len, held)) == len(set().union(*held)) == 24
        assert store.main.documents() == []


def test_entities_documents_and_dates_read_the_same(stores):
    _same(stores, lambda db: api.entities(db))
    _same(stores, lambda db: api.entities(db, type="PERSON", limit=7))
    _same(stores, lambda db: api.documents(db))
    _same(stores, lambda db: api.dates(db))
    docs = [d["id"] for d in api.documents(stores["one"])]
    _same(stores, lambda db: [api.document(db, d) for d in docs[::5]])


def test_each_entity_and_its_lookups_read_the_same(stores):
    everyone = api.entities(stores["one"])
    assert len(everyone) > 40
    shared = [e for e in everyone if e["documents"] > 1]
    assert shared, "the corpus names entities in several documents"
    picked = shared[:6] + everyone[-3:]
    _same(stores, lambda db: [api.entity(db, e["id"]) for e in picked])
    _same(stores, lambda db: [api.show(db, e["name"]) for e in picked[:4]])
    _same(stores, lambda db: [api.find_entities(db, e["name"][:4]) for e in picked])
    _same(stores, lambda db: [api.find_entities(db, e["aliases"][-1], limit=3) for e in picked])


def test_timeline_relations_graph_and_places_read_the_same(stores):
    person = next(e for e in api.entities(stores["one"], type="PERSON") if e["documents"] > 1)
    _same(stores, lambda db: api.timeline(db))
    _same(stores, lambda db: api.timeline(db, entity=person["name"]))
    _same(stores, lambda db: api.timeline(db, start="1900", end="1920"))
    _same(stores, lambda db: api.relations(db))
    _same(stores, lambda db: api.relations(db, entity=person["name"]))
    _same(stores, lambda db: api.graph(db, person["name"]))
    _same(stores, lambda db: api.places(db))


def test_the_questions_of_identity_are_the_same(stores):
    """``annals entities --ambiguous``: entities spoken of in periods far apart, pairs linking kept apart, related
    names, which a sharded store finds across its shards."""
    found = api.ambiguous_entities(stores["one"])
    assert {"maybe two", "maybe one"} <= {r["kind"] for r in found} and any("kept apart" in r["why"] for r in found)
    _same(stores, lambda db: api.ambiguous_entities(db))


def test_store_level_reads_are_the_same(stores):
    def reads(db: Path) -> dict:
        with open_store(db, create=False, readonly=True) as store:
            ids = [e["id"] for e in store.entities()]
            docs = [d["id"] for d in store.documents()]
            keys = [(d, i) for d in docs for i in range(0, 12, 3)]
            return {"mentions": store.mention_records(), "some mentions": store.mention_records(ids[::4]),
                    "titles": store.entity_titles(), "events": store.events(), "relations": store.relations(),
                    "gaps": store.gaps(), "one document's events": store.events(docs[-1]),
                    "types": [store.types_in_use("event"), store.types_in_use("relation")],
                    "records": store.event_records(entity_ids=ids[:5]),
                    "relation records": store.relation_records(entity_ids=ids[:5], negated=False),
                    "facts": [[list(k), v] for k, v in store.sentence_facts(keys[::-1]).items()],
                    "mentioning": store.sentences_mentioning(ids[:3], limit=7),
                    "loaded": [document_to_json(store.load_document(d)) for d in docs[:3]]}
    _same(stores, reads)


def test_exports_are_the_same(stores, tmp_path):
    def exported(db: Path) -> dict:
        out = {}
        for name in sorted(EXPORTERS):
            target = tmp_path / db.parent.name / name
            target.parent.mkdir(exist_ok=True)
            result = api.export(db, name, target)
            out[name] = {Path(f).name: Path(f).read_text(encoding="utf-8") for f in result["files"]}
        return out
    _same(stores, exported)


def test_search_finds_the_same_sentences(stores):
    """The hits are the same sentences with the same texts and snippets; only their ranks are each shard's."""
    def hits(db: Path) -> list:
        found = api.search(db, "army", limit=500)
        assert found
        return sorted((h["document"], h["sentence"], h["text"], h["snippet"]) for h in found)
    _same(stores, hits)
    with open_store(stores["three"], create=False, readonly=True) as store:
        found = store.search_sentences("army", limit=5)
        assert len(found) == 5 and [h["rank"] for h in found] == sorted(h["rank"] for h in found)
        assert store.search_sentence_keys("army", limit=5) == [(h["document"], h["sentence"]) for h in found]


def test_check_passes_and_finds_a_shard_out_of_step(stores, tmp_path):
    assert api.check(stores["three"]) == []
    db = tmp_path / "store.db"
    shutil.copy(stores["three"], db)
    shutil.copytree(shard_folder(stores["three"]), shard_folder(db))
    conn = sqlite3.connect(db)
    conn.execute("UPDATE entities SET n_mentions = n_mentions + 1 WHERE id = (SELECT min(id) FROM entities)")
    conn.commit()
    conn.close()
    problems = api.check(db)
    assert len(problems) == 1 and "mention count that differs from its shards'" in problems[0]
    report = api.check_report(db)
    assert report["readonly"] and "3 shards" in report["note"]


def test_a_sharded_store_refuses_writes_and_a_missing_shard(stores, tmp_path):
    db = tmp_path / "store.db"
    shutil.copy(stores["three"], db)
    shutil.copytree(shard_folder(stores["three"]), shard_folder(db))
    text = tmp_path / "new.txt"
    text.write_text("Marcus Agrippa built the Pantheon in Rome in 27 BC.", encoding="utf-8")
    before = [p.read_bytes() for p in [db, *shard_paths(db)]]
    for write in (lambda: api.ingest([text], db), lambda: Store(db), lambda: open_store(db),
                  lambda: api.remove(db, api.documents(db)[0]["id"])):
        with pytest.raises(AnnalsError) as err:
            write()
        assert err.value.code == "E015" and "sharded store" in err.value.message
    assert [p.read_bytes() for p in [db, *shard_paths(db)]] == before
    with open_store(db, create=False, readonly=True) as store:  # a writer asked of it: E015, not a traceback
        with pytest.raises(AnnalsError) as err:
            store.resolve_entities([api.documents(db)[0]["id"]])
        assert err.value.code == "E015"
    shard_paths(db)[1].unlink()
    with pytest.raises(AnnalsError) as err:
        api.entities(db)
    assert err.value.code == "E015" and "shard-002.db" in err.value.message and "missing" in err.value.message


def test_shards_go_into_a_new_store_only(stores, tmp_path):
    src = tmp_path / "one.txt"
    src.write_text("Hannibal crossed the Alps in 218 BC.", encoding="utf-8")
    db = tmp_path / "s.db"
    shutil.copy(stores["one"], db)
    with pytest.raises(AnnalsError) as err:
        run_batch(src, db, workers=1, processes=False, shards=2)
    assert err.value.code == "E020" and "already holds documents" in err.value.message
    with pytest.raises(AnnalsError) as err:
        run_batch(src, tmp_path / "new.db", workers=1, processes=False, shards=0)
    assert err.value.code == "E020" and "1 shard or more" in err.value.message and not (tmp_path / "new.db").exists()


def test_cli_batch_shards_and_reads(tmp_path, capsys):
    from annals.cli import main

    src = tmp_path / "texts"
    src.mkdir()
    (src / "a.txt").write_text("Gaius Marius was consul of Rome in 107 BC. Marius defeated Jugurtha in Numidia.",
                               encoding="utf-8")
    (src / "b.txt").write_text("In 88 BC Lucius Cornelius Sulla marched on Rome against Gaius Marius.",
                               encoding="utf-8")
    db = tmp_path / "s.db"
    assert main(["batch", "-q", "--db", str(db), "--workers", "1", "--partition-size", "1", "--shards", "2",
                 str(src)]) == 0
    assert len(shard_paths(db)) == 2
    capsys.readouterr()
    assert main(["show", "--db", str(db), "--json", "Marius"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["entities"][0]["n_documents"] == 2
    assert main(["ingest", "--db", str(db), str(src / "a.txt")]) != 0
    assert "E015" in capsys.readouterr().err


def test_ask_answers_the_same(stores):
    """Questions of each kind ``ask`` answers, about entities the corpus names in several documents."""
    people = [e["name"] for e in api.entities(stores["one"], type="PERSON") if e["documents"] > 1][:3]
    groups = [e["name"] for e in api.entities(stores["one"]) if e["type"] in ("ORG", "GROUP")][:2]
    questions = [q for p in people for q in (f"Who was {p}?", f"Where was {p} sent?", f"What did {p} lead?")]
    questions += [q for g in groups for q in (f"Who founded the {g}?", f"Who led the {g}?",
                                              f"When did the {g} move its offices?")]
    questions += ["Who led the army?", "What happened in 1859?"]
    answers = api.ask(stores["one"], questions)
    assert sum(bool(a["answer"]) for a in answers) >= len(questions) // 2
    # the answers given and their sources; a candidate withheld below the threshold may differ (one of several
    # sentences that match a question as well, full-text ranks being each shard's)
    _same(stores, lambda db: [(a["q"], a["answer"], a["sources"], a["confidence"]) for a in api.ask(db, questions)])


def test_the_http_server_serves_a_sharded_store(stores):
    from fastapi.testclient import TestClient

    from annals.web import create_app

    person = next(e for e in api.entities(stores["one"], type="PERSON") if e["documents"] > 1)
    doc = api.documents(stores["one"])[3]["id"]
    routes = [("/api/entities", {"type": "PERSON", "limit": 3, "offset": 1}), ("/api/entities", {"q": person["name"]}),
              (f"/api/entities/{person['id']}", {}), (f"/api/documents/{doc}", {}), ("/api/timeline", {}),
              ("/api/graph", {"entity": person["name"]}), ("/api/places", {}), ("/api/edits", {}),
              ("/api/ask", {"q": f"Who was {person['name']}?"})]

    def served(db: Path) -> list:
        client = TestClient(create_app(db), base_url="http://localhost")
        answers = [client.get(route, params=params) for route, params in routes]
        assert [r.status_code for r in answers] == [200] * len(routes)
        return [r.json() for r in answers]
    _same(stores, served)
    refused = TestClient(create_app(stores["three"], allow_ingest=True), base_url="http://localhost",
                         raise_server_exceptions=False)
    answer = refused.post("/api/documents", json={"name": "cato.txt", "text": "Cato spoke in the Senate in 150 BC."})
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "E015"
    assert len(api.documents(stores["three"])) == 24


def test_shards_from_a_cluster_elsewhere_come_back_as_bytes(stores, tmp_path):
    """Given a scheduler (a cluster this process did not start, whose workers may not share its disk), the
    workers send each shard's bytes and the driver writes them: the same store."""
    from distributed import LocalCluster

    src = stores["one"].parent.parent / "corpus"  # the same files as the other stores
    db = tmp_path / "remote" / "store.db"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        run_batch(src, db, scheduler=cluster.scheduler_address, partition_size=4, shards=3)
    assert len(shard_paths(db)) == 3 and not list(shard_folder(db).glob("*.tmp"))

    def reads(path: Path) -> list:
        with open_store(path, create=False, readonly=True) as store:
            return [store.entities(), store.mention_records(), store.event_records(), api.check(path)]
    assert _text(db, reads(db)) == _text(stores["one"], reads(stores["one"]))


def test_a_sharded_batch_that_failed_half_way_is_run_again(stores, tmp_path, monkeypatch):
    """A shard that could not be built: the batch fails, the store names no shard (an empty store), and the same
    batch run again builds every shard anew from the partitions extracted before, the same store as one file."""
    import annals.batch_resolve as br

    src = stores["one"].parent.parent / "corpus"
    db = tmp_path / "store.db"
    built = br.build_shard

    def fails_on_the_second(dest, parts):  # noqa: ANN001, ANN202
        if dest is not None and dest.endswith("shard-002.db"):
            raise OSError("the disk went away")
        return built(dest, parts)

    monkeypatch.setattr(br, "build_shard", fails_on_the_second)
    with pytest.raises(OSError):
        run_batch(src, db, workers=1, partition_size=4, processes=False, shards=3)
    assert shard_paths(db) is None and api.documents(db) == []
    monkeypatch.setattr(br, "build_shard", built)
    report = run_batch(src, db, workers=1, partition_size=4, processes=False, shards=3)
    assert report.skipped_partitions == report.partitions  # nothing extracted again
    assert len(shard_paths(db)) == 3 and api.check(db) == []
    _same({"one": stores["one"], "three": db, "six": db}, lambda path: [api.entities(path), api.timeline(path)])


@pytest.mark.parametrize(("groups", "buckets", "shards"), [(4, 3, None), (2, 1, 3)])
def test_resolution_by_groups_of_partitions_gives_the_same_store(stores, tmp_path, monkeypatch, groups, buckets,
                                                                 shards):
    """Resolution goes by groups of partitions (at most MAX_GROUPS) through at most MAX_BUCKETS buckets: with 6
    partitions in 4 or 2 groups and 3 or 1 buckets, the store is the one of a partition a group."""
    import annals.batch as batch

    monkeypatch.setattr(batch, "MAX_GROUPS", groups)
    monkeypatch.setattr(batch, "MAX_BUCKETS", buckets)
    db = tmp_path / "store.db"
    run_batch(stores["one"].parent.parent / "corpus", db, workers=2, partition_size=4, processes=False, shards=shards)

    def reads(path: Path) -> list:
        with open_store(path, create=False, readonly=True) as store:
            return [store.entities(), store.mention_records(), store.relation_records(), store.event_records()]
    assert _text(db, reads(db)) == _text(stores["one"], reads(stores["one"]))


def test_a_sharded_store_of_an_older_schema_is_upgraded_by_its_first_reader(stores, tmp_path):
    """A main file written at schema 14 (before mentions named their document entity only, schema 15): a reader
    brings it up to date (the write any older store takes when first read) and reads the same; the counts it
    holds for its shards' mentions stay (the main file holds no mention to count them again from)."""
    from annals.store.migrations import MIGRATIONS, _split_sql

    src = stores["three"]
    copy = tmp_path / "old" / "store.db"
    shutil.copytree(shard_folder(src), shard_folder(copy))
    old = sqlite3.connect(copy, isolation_level=None)
    old.execute("BEGIN")
    old.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    for version, step in MIGRATIONS:
        if version > 14:
            break
        for statement in _split_sql(step) if isinstance(step, str) else ():
            old.execute(statement)
        if not isinstance(step, str):
            step(old)
        old.execute("INSERT INTO schema_migrations VALUES (?, '2026-01-01T00:00:00+00:00')", (version,))
    old.execute("ATTACH DATABASE ? AS new", (str(src),))
    for table in ("entities", "entity_names", "entity_subtypes", "shards"):
        if table == "shards":
            old.execute("CREATE TABLE shards (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE)")
        old.execute(f"INSERT INTO main.{table} SELECT * FROM new.{table}")
    old.execute("PRAGMA user_version = 14")
    old.execute("COMMIT")
    old.execute("DETACH DATABASE new")
    old.close()
    assert _text(copy, api.entities(copy)) == _text(src, api.entities(src))
    assert _text(copy, api.timeline(copy)) == _text(src, api.timeline(src))
    with open_store(copy, create=False, readonly=True) as store, Store(src, readonly=True) as new:
        assert store.main.schema_version == new.schema_version
        assert store.check() == []
    with pytest.raises(AnnalsError, match="E015"):  # (still read-only for every other write)
        Store(copy)
