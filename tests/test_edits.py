"""Corrections as data (issue 16): merge, split, rename, retype, aliases, event delete/redate, relations;
they last through re-ingesting, more documents, remove and batch; undo restores the model exactly; a
correction whose target is gone is reported by check; the log exports and imports; the server takes
corrections only with --allow-edit.  Texts are invented."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annals import api
from annals.errors import AnnalsError
from annals.store import Store

ALDORIA = """The Republic of Aldoria was founded in 1820 by Marcus Vell. Marcus Vell led the Aldorian Senate until 1841.
In 1835 the Aldorian Senate signed a treaty with the Kingdom of Brennor. The Northern Guild opposed the treaty.
"""
WAR = """Aldoria declared war on Brennor in 1852. General Tomas Rell commanded the Aldorian army at the Battle of Keth
in 1853. The Northern Guild supported Tomas Rell. Rell was arrested in 1860.
"""
# Ten more, from other invented places and times
MORE = [
    f"The Duchy of {place} was founded in {1600 + 7 * i} by {person}. {person} led the {guild} until "
    f"{1620 + 7 * i}. In {1630 + 7 * i} the {guild} was dissolved by the Council of {place}."
    for i, (place, person, guild) in enumerate([
        ("Varsk", "Ilse Marren", "Salt Company"), ("Oltenburg", "Piet Hollander", "River League"),
        ("Castemar", "Luisa Ferrand", "Weavers Union"), ("Drovnia", "Anton Kesh", "Iron Brotherhood"),
        ("Selmark", "Greta Olm", "Harbour Society"), ("Tarvona", "Enzo Marchetti", "Lantern Order"),
        ("Quillon", "Hugo Brandt", "Mint Guild"), ("Ebbrin", "Sara Tolland", "Forest Council"),
        ("Mirsk", "Oskar Faln", "Amber League"), ("Pellaro", "Nina Castell", "Glassmakers Guild"),
    ])
]


def ingest_texts(folder: Path, db: Path, texts: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    report = api.ingest([folder / n for n in texts], db)
    assert not report.failures, report.failures


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("edits")
    ingest_texts(tmp / "docs", tmp / "base.db", {"aldoria.txt": ALDORIA, "war.txt": WAR})
    return tmp


@pytest.fixture
def store(base, tmp_path):
    """A copy of the base store, with its documents in tmp_path/docs."""
    shutil.copytree(base / "docs", tmp_path / "docs")
    db = tmp_path / "s.db"
    shutil.copy(base / "base.db", db)
    # the copy's documents are the base's files: re-ingest the copies so that paths are this test's
    with Store(db) as s:
        for d in s.documents():
            s.remove_document(d["id"])
    ingest_texts(tmp_path / "docs", db, {"aldoria.txt": ALDORIA, "war.txt": WAR})
    return db


def model(db: Path) -> dict:
    """What a reader sees: entities (id, name, type, aliases), the timeline, the relations."""
    return {
        "entities": sorted((e["id"], e["name"], e["type"], tuple(e["aliases"]), e["mentions"])
                           for e in api.entities(db)),
        "timeline": [(r["id"], r["type"], r["value"], r["basis"]) for r in api.timeline(db)],
        "relations": [(r["subject_entity"], r["relation"], r["object_entity"], r["document"], r["start"])
                      for r in api.relations(db)],
    }


def by_name(db: Path, name: str) -> list[dict]:
    return [e for e in api.entities(db) if e["name"] == name]


def event_id(db: Path, trigger: str) -> str:
    return next(r["id"] for r in api.timeline(db) if r["trigger"] == trigger)


def make_corrections(db: Path) -> None:
    api.entity_merge(db, "Republic of Aldoria", "Aldoria", note="one state", author="tester")
    api.entity_rename(db, "Marcus Vell", "Marcus A. Vell")
    api.entity_retype(db, "Battle of Keth", "GPE")  # wrong on purpose: a retype must last
    api.alias_edit(db, "add", "Northern Guild", "the Guild of the North")
    api.event_delete(db, event_id(db, "arrested"))


def assert_corrected(db: Path) -> None:
    aldoria = by_name(db, "Republic of Aldoria")
    assert len(aldoria) == 1 and "Aldoria" in aldoria[0]["aliases"] and not by_name(db, "Aldoria")
    assert by_name(db, "Marcus A. Vell") and not by_name(db, "Marcus Vell")
    assert [e["type"] for e in by_name(db, "Battle of Keth")] == ["GPE"]
    assert "the Guild of the North" in by_name(db, "Northern Guild")[0]["aliases"]
    assert not [r for r in api.timeline(db) if r["trigger"] == "arrested" and r["path"].endswith("war.txt")]
    assert all(e["status"] == "in effect" for e in api.edits(db)), api.edits(db)
    assert api.check(db) == []


def test_corrections_change_the_model_and_are_logged(store):
    make_corrections(store)
    assert_corrected(store)
    log = api.edits(store)
    assert [e["op"] for e in log] == ["entity.merge", "entity.rename", "entity.retype", "alias.add", "event.delete"]
    assert log[0]["note"] == "one state" and log[0]["author"] == "tester"
    # answers, the graph and the export show the corrected model
    graph = api.graph(store, "Marcus A. Vell", depth=1)
    assert any(n["name"] == "Republic of Aldoria" for n in graph["nodes"])
    data = json.loads(Path(api.export(store, "json", store.parent / "x.json")["out"]).read_text())
    assert [e["op"] for e in data["edits"]] == [e["op"] for e in log]
    assert not any(e["name"] == "Aldoria" for e in data["entities"])


def test_corrections_survive_reingest_more_documents_and_remove(store):
    make_corrections(store)
    docs = store.parent / "docs"
    ingest_texts(docs, store, {"aldoria.txt": ALDORIA + "The Aldorian Senate was dissolved in 1870.\n"})
    assert_corrected(store)
    ingest_texts(docs, store, {f"more{i}.txt": t for i, t in enumerate(MORE)}
                 | {"peace.txt": "Brennor made peace with Aldoria in 1862. Marcus Vell died in 1850.\n"})
    assert_corrected(store)
    api.remove(store, str(docs / "more3.txt"))
    assert_corrected(store)


def test_corrections_survive_a_batch_run(store):
    pytest.importorskip("distributed")
    pytest.importorskip("pyarrow")
    from annals.batch import run_batch

    make_corrections(store)
    src = store.parent / "docs"  # the documents ingested, one of them changed, and ten more
    for i, t in enumerate(MORE):
        (src / f"more{i}.txt").write_text(t, encoding="utf-8")
    (src / "war.txt").write_text(WAR + "Aldoria lost the war.\n", encoding="utf-8")
    report = run_batch(src.resolve(), store, workers=1, partition_size=4, processes=False)
    assert not report.failures and report.results.get("replaced") == 1, report.results
    assert_corrected(store)


def test_undo_restores_the_previous_state_exactly(store):
    states = [model(store)]
    make_corrections(store)
    api.event_redate(store, event_id(store, "supported"), "1854-05")
    api.relation_edit(store, "add", "Tomas Rell", "MEMBER_OF", "Northern Guild",
                      document=str(store.parent / "docs/war.txt"))
    api.entity_split(store, "Northern Guild", str(store.parent / "docs/war.txt"))
    after = model(store)
    log = api.edits(store)
    # undo them one by one, the last first: the state before them all, exactly
    for edit in reversed(log):
        api.edits_undo(store, edit["id"])
    assert model(store) == states[0]
    assert [e["status"] for e in api.edits(store)] == ["undone"] * len(log)
    assert after != states[0]
    with pytest.raises(AnnalsError) as err:
        api.edits_undo(store, log[0]["id"])
    assert err.value.code == "E061"
    assert api.check(store) == []


def test_undo_of_one_correction_keeps_the_others(store):
    before = model(store)
    api.entity_merge(store, "Republic of Aldoria", "Aldoria")
    merged = model(store)
    api.entity_rename(store, "Tomas Rell", "Tomas Q. Rell")
    api.edits_undo(store, api.edits(store)[1]["id"])
    assert model(store) == merged
    api.edits_undo(store, api.edits(store)[0]["id"])
    assert model(store) == before


def test_redate_and_relation_edits_show_in_timeline_and_relations(store):
    api.event_redate(store, event_id(store, "supported"), "1854-05")
    row = next(r for r in api.timeline(store) if r["trigger"] == "supported")
    assert (row["value"], row["earliest"], row["basis"]) == ("1854-05", "1854-05-01", "curated")
    api.relation_edit(store, "add", "Tomas Rell", "MEMBER_OF", "Northern Guild",
                      document=str(store.parent / "docs/war.txt"))
    assert [r for r in api.relations(store, type="MEMBER_OF") if r["subject"] == "Tomas Rell"]
    founded = api.relations(store, type="FOUNDED")
    assert founded
    api.relation_edit(store, "delete", founded[0]["subject"], "FOUNDED", founded[0]["object"])
    assert not api.relations(store, type="FOUNDED")
    ingest_texts(store.parent / "docs", store, {"war.txt": WAR + "Aldoria lost the war.\n"})
    assert [r for r in api.relations(store, type="MEMBER_OF") if r["subject"] == "Tomas Rell"]
    assert next(r for r in api.timeline(store) if r["trigger"] == "supported")["value"] == "1854-05"


def test_a_correction_whose_target_is_gone_is_reported_by_check(store):
    api.entity_retype(store, "Battle of Keth", "GPE")
    api.event_delete(store, event_id(store, "arrested"))
    api.remove(store, str(store.parent / "docs" / "war.txt"))
    problems = api.check(store)
    assert len(problems) == 2 and all("no longer applies" in p for p in problems), problems
    assert [e["status"].startswith("dangling") for e in api.edits(store)] == [True, True]
    # the corrections are kept: ingesting the document again brings them back into effect
    ingest_texts(store.parent / "docs", store, {"war.txt": WAR})
    assert api.check(store) == []
    assert [e["type"] for e in by_name(store, "Battle of Keth")] == ["GPE"]


def test_bad_corrections_are_refused_and_store_nothing(store):
    before = model(store)
    for call, code in [
        (lambda: api.entity_merge(store, "Nobody at all", "Aldoria"), "E012"),
        (lambda: api.entity_merge(store, "Aldoria", "Aldoria"), "E062"),
        (lambda: api.entity_retype(store, "Aldoria", "PLANET"), "E020"),
        (lambda: api.event_delete(store, "nothing:v9"), "E064"),
        (lambda: api.event_redate(store, event_id(store, "supported"), "next spring"), "E020"),
        (lambda: api.relation_edit(store, "delete", "Tomas Rell", "FOUNDED", "Aldoria"), "E065"),
        (lambda: api.relation_edit(store, "add", "Tomas Rell", "RULES", "Aldoria", document="war.txt"), "E020"),
        (lambda: api.alias_edit(store, "add", "Northern Guild", "Northern Guild"), "E062"),
        (lambda: api.edits_undo(store, 99), "E060"),
    ]:
        with pytest.raises(AnnalsError) as err:
            call()
        assert err.value.code == code, (err.value, code)
    assert model(store) == before and api.edits(store) == []


def test_export_and_import_round_trip(store, tmp_path):
    make_corrections(store)
    out = tmp_path / "edits.json"
    data = api.edits_export(store, out)
    assert json.loads(out.read_text()) == data and len(data["edits"]) == 5
    other = tmp_path / "other"
    ingest_texts(other, tmp_path / "o.db", {"aldoria.txt": ALDORIA, "war.txt": WAR})
    report = api.edits_import(tmp_path / "o.db", out)
    # the event's document is at another path in this store: it is found by its content
    assert (report["imported"], report["applied"], report["dangling"]) == (5, 5, [])
    assert model(tmp_path / "o.db")["entities"] == model(store)["entities"]
    assert len(model(tmp_path / "o.db")["timeline"]) == len(model(store)["timeline"])
    again = api.edits_import(tmp_path / "o.db", out)
    assert again["imported"] == 0 and again["skipped"] == 5
    (tmp_path / "bad.json").write_text("{\"edits\": 3}")
    with pytest.raises(AnnalsError) as err:
        api.edits_import(tmp_path / "o.db", tmp_path / "bad.json")
    assert err.value.code == "E066"


def test_same_content_from_another_path_is_the_same_document(store, tmp_path):
    copy = tmp_path / "elsewhere"
    copy.mkdir()
    (copy / "war-copy.txt").write_text(WAR, encoding="utf-8")
    report = api.ingest([copy / "war-copy.txt"], store)
    assert report.counts()["unchanged"] == 1 and len(api.documents(store)) == 2


def test_cli_commands(store, tmp_path):
    from annals.cli import main

    db = str(store)
    assert main(["entity", "merge", "Republic of Aldoria", "Aldoria", "--db", db, "--note", "x"]) == 0
    assert main(["alias", "add", "Northern Guild", "the North Guild", "--db", db]) == 0
    assert main(["entity", "rename", "Nobody at all", "X", "--db", db]) == 3  # E012: a StoreError
    assert main(["edits", "export", str(tmp_path / "e.json"), "--db", db]) == 0
    assert main(["edits", "undo", "1", "--db", db]) == 0
    assert main(["edits", "undo", "1", "--db", db]) == 1
    assert [e["status"] for e in api.edits(store)] == ["undone", "in effect"]


def test_server_takes_corrections_only_with_allow_edit(store):
    from fastapi.testclient import TestClient

    from annals.web import create_app

    aldoria = by_name(store, "Aldoria")[0]["id"]
    body = {"op": "entity.merge", "entity": "Republic of Aldoria", "other": aldoria}
    read_only = TestClient(create_app(store), base_url="http://localhost")
    r = read_only.post("/api/edits", json=body)
    assert r.status_code == 403 and r.json()["error"]["code"] == "E067"
    assert read_only.post("/api/edits/1/undo").status_code == 403
    assert read_only.get("/api/edits").json() == {"items": [], "allow_edit": False}
    editing = TestClient(create_app(store, allow_edit=True), base_url="http://localhost")
    r = editing.post("/api/edits", json=body)
    assert r.status_code == 201 and r.json()["op"] == "entity.merge"
    assert not by_name(store, "Aldoria")
    r = editing.post("/api/edits", json={"op": "entity.rename", "entity": "Marcus Vell"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "E020"
    r = editing.post("/api/edits", json={"op": "event.delete", "event": event_id(store, "arrested")})
    assert r.status_code == 201
    assert [e["op"] for e in editing.get("/api/edits").json()["items"]] == ["entity.merge", "event.delete"]
    assert editing.post("/api/edits/1/undo").status_code == 200
    assert by_name(store, "Aldoria")
    assert editing.post("/api/edits/1/undo").status_code == 409


def test_readme_correction_commands_run_on_the_bundled_examples(tmp_path, monkeypatch):
    """Each ``annals ...`` line of the README's "Correcting the model" block runs, in order, and succeeds."""
    import shlex

    from annals.cli import main

    root = Path(__file__).resolve().parents[1]
    text = (root / "README.md").read_text(encoding="utf-8")
    block = text.split("## Correcting the model", 1)[1].split("\n## ", 1)[0]
    lines = [ln.strip() for ln in block.splitlines() if ln.startswith("    annals ")]
    assert len(lines) >= 10 and any("edits undo" in ln for ln in lines)
    shutil.copytree(root / "annals" / "examples", tmp_path / "annals" / "examples")
    monkeypatch.chdir(tmp_path)
    for line in lines:
        assert main(shlex.split(line)[1:]) == 0, line
    log = api.edits("annals.db")
    assert [e["status"] for e in log] == ["in effect"] * (len(log) - 1) + ["undone"]
    assert [(e["type"], "Qing" in e["aliases"]) for e in api.entities("annals.db")
            if e["name"] in ("Qing", "Qing dynasty")] == [("GPE", True)]
    assert json.loads(Path("edits.json").read_text())["edits"]
    # what linking keeps apart in the bundled examples stays apart: a state and its empire, two emperors
    named = {e["name"]: e["id"] for e in api.entities("annals.db")}
    for a, b in [("Russia", "Russian Empire"), ("Napoleon", "Napoleon III"), ("France", "French army")]:
        assert a in named and b in named and named[a] != named[b], (a, b)


def test_entities_ambiguous_lists_identity_for_a_person_to_decide(tmp_path):
    ingest_texts(tmp_path / "docs", tmp_path / "a.db", {
        "early.txt": "In 1652 the Margravate of Ostmark was ruled by Count Karolus. Ostmark signed a treaty "
                     "with Vardenia in 1655.\n",
        "late.txt": "In 1891 Ostmark built a railway to Vardenia. Count Karolus III opened it in 1893.\n",
    })
    found = api.ambiguous_entities(tmp_path / "a.db")
    two = [r for r in found if r["kind"] == "maybe two"]
    assert any(r["entities"][0]["name"] == "Vardenia" for r in two), found
    one = [r for r in found if r["kind"] == "maybe one"]
    assert any({e["name"] for e in r["entities"]} == {"Karolus", "Karolus III"} for r in one), found
    # a person decides: the Vardenia of 1655 and that of 1891 are split, a correction like any other
    api.entity_split(tmp_path / "a.db", "Vardenia", str(tmp_path / "docs" / "late.txt"))
    assert not [r for r in api.ambiguous_entities(tmp_path / "a.db")
                if r["kind"] == "maybe two" and r["entities"][0]["name"] == "Vardenia"]
    assert len([e for e in api.entities(tmp_path / "a.db") if e["name"] == "Vardenia"]) == 2


def mentions_of(db: Path, name: str) -> list[dict]:
    return [m for e in api.show(db, name)["entities"] if e["name"] == name for m in e["mentions"]]


def test_split_by_mention_lasts_through_reingest_and_more_documents_and_undo(store):
    from annals.edits import split_in

    before = model(store)
    vell = mentions_of(store, "Marcus Vell")
    assert len(vell) == 2
    second = vell[1]  # the Marcus Vell who led the senate: another man of one name, says the historian
    edit = split_in(store, "Marcus Vell", mentions=[f"{second['document']}:{second['start']}-{second['end']}"],
                    name="Marcus Vell the Younger", note="the founder's son")
    assert edit["op"] == "entity.split" and edit["status"] == "applied"
    assert edit["target"]["mentions"][0]["text"] == "Marcus Vell"

    def assert_split() -> None:
        younger = mentions_of(store, "Marcus Vell the Younger")
        assert [(m["sentence_text"].strip(), m["text"]) for m in younger] == [
            ("Marcus Vell led the Aldorian Senate until 1841.", "Marcus Vell")]
        assert [m["sentence_text"].strip() for m in mentions_of(store, "Marcus Vell")] == [
            vell[0]["sentence_text"].strip()]
        assert [e["status"] for e in api.edits(store)] == ["in effect"]
        assert api.check(store) == []

    assert_split()
    docs = store.parent / "docs"
    # the document changed elsewhere (a sentence before it): the mention is found by its sentence
    ingest_texts(docs, store, {"aldoria.txt": "Aldoria is a land of hills.\n" + ALDORIA})
    assert_split()
    ingest_texts(docs, store, {f"more{i}.txt": t for i, t in enumerate(MORE[:4])})
    assert_split()
    api.edits_undo(store, edit["id"])
    ingest_texts(docs, store, {"aldoria.txt": ALDORIA})
    for i in range(4):
        api.remove(store, str(docs / f"more{i}.txt"))
    assert unnumbered(model(store)) == unnumbered(before)  # (ingests and removals renumber rows)


def unnumbered(m: dict) -> dict:
    return {"entities": sorted(e[1:] for e in m["entities"]), "timeline": sorted(t[1:] for t in m["timeline"]),
            "relations": sorted(r[1:4:2] for r in m["relations"])}


def test_split_by_mention_undo_restores_exactly(store):
    from annals.edits import split_in

    before = model(store)
    rell = mentions_of(store, "Tomas Rell")
    assert len(rell) == 3
    doc = str(store.parent / "docs" / "war.txt")
    # two forms of one sentence each: by offset (DOC left out, given by --document) and by sentence
    split_in(store, "Tomas Rell", document=doc, mentions=[str(rell[1]["start"]), f"{doc}:s{rell[2]['sentence']}"])
    after = sorted((e["name"], e["mentions"]) for e in api.entities(store) if "Rell" in e["name"])
    assert after == [("Tomas Rell", 1), ("Tomas Rell", 2)], after  # named by the longest form of its mentions
    api.edits_undo(store, api.edits(store)[0]["id"])
    assert model(store) == before and api.check(store) == []


def test_a_split_mention_that_is_gone_is_reported_by_check(store):
    from annals.edits import split_in

    vell = mentions_of(store, "Marcus Vell")
    split_in(store, "Marcus Vell", mentions=[f"{vell[1]['document']}:{vell[1]['start']}"])
    changed = ALDORIA.replace("Marcus Vell led the Aldorian Senate until 1841.", "The senate met until 1841.")
    ingest_texts(store.parent / "docs", store, {"aldoria.txt": changed})
    problems = api.check(store)
    assert len(problems) == 1 and "'Marcus Vell' at 60 of aldoria.txt is no longer extracted" in problems[0], problems
    assert api.edits(store)[0]["status"].startswith("dangling")
    assert len(by_name(store, "Marcus Vell")) == 1  # nothing else was split off
    # the text back as it was: the correction applies again
    ingest_texts(store.parent / "docs", store, {"aldoria.txt": ALDORIA})
    assert api.check(store) == [] and len(by_name(store, "Marcus Vell")) == 2


def test_bad_mention_splits_are_refused_and_store_nothing(store):
    from annals.edits import split_in

    before = model(store)
    doc = str(store.parent / "docs" / "aldoria.txt")
    vell = mentions_of(store, "Marcus Vell")
    for mentions, code in [
        ([f"{doc}:9999"], "E020"),  # no mention there
        ([f"{doc}:next"], "E020"),  # unreadable
        (["nowhere.txt:12"], "E014"),  # no such document
        ([f"{doc}:s3"], "E020"),  # a sentence that does not mention it
        ([f"{doc}:{m['start']}" for m in vell], "E062"),  # all of its mentions: nothing to split
    ]:
        with pytest.raises(AnnalsError) as err:
            split_in(store, "Marcus Vell", mentions=mentions)
        assert err.value.code == code, (mentions, err.value)
    assert model(store) == before and api.edits(store) == []


def test_split_by_mention_from_the_cli_and_the_api(store):
    from fastapi.testclient import TestClient

    from annals.cli import main
    from annals.web import create_app

    db, doc = str(store), str(store.parent / "docs" / "war.txt")
    rell = mentions_of(store, "Tomas Rell")
    assert main(["entity", "split", "Tomas Rell", "--mention", f"{doc}:{rell[2]['start']}-{rell[2]['end']}",
                 "--name", "Rell the jailer", "--db", db]) == 0
    assert [m["text"] for m in mentions_of(store, "Rell the jailer")] == ["Rell"]
    assert main(["entity", "split", "Tomas Rell", "--db", db]) == 1  # neither --document nor --mention: E020
    # the explorer names a mention by its id, as the entity page's mentions give it
    page = api.entity(store, by_name(store, "Tomas Rell")[0]["id"])
    mid = next(m["id"] for m in page["mentions"] if m["start"] == rell[1]["start"])
    body = {"op": "entity.split", "entity": "Tomas Rell", "mentions": [f"m{mid}"]}
    r = TestClient(create_app(store), base_url="http://localhost").post("/api/edits", json=body)
    assert r.status_code == 403
    r = TestClient(create_app(store, allow_edit=True), base_url="http://localhost").post("/api/edits", json=body)
    assert r.status_code == 201, r.json()
    assert r.json()["target"]["mentions"][0]["start"] == rell[1]["start"]
    assert len([e for e in api.entities(store) if "Rell" in e["name"]]) == 3


def test_an_ingest_applies_again_only_the_corrections_of_events_and_relations_of_what_it_ingested(store,
                                                                                                 monkeypatch):
    from annals import edits_apply

    make_corrections(store)  # among them an event of war.txt deleted
    api.event_redate(store, event_id(store, "supported"), "1854-05")
    looked: list[str] = []
    find = edits_apply.find_event  # the event a correction names, looked up where corrections are applied
    monkeypatch.setattr(edits_apply, "find_event", lambda s, key: looked.append(Path(key["path"]).name) or find(s, key))
    docs = store.parent / "docs"
    ingest_texts(docs, store, {f"more{i}.txt": t for i, t in enumerate(MORE[:3])})
    assert looked == []  # other documents' events: an ingest does not touch them
    assert_corrected(store)
    ingest_texts(docs, store, {"war.txt": WAR + "Aldoria lost the war.\n"})
    assert looked and set(looked) == {"war.txt"}  # the document's own: extracted again, corrected again
    assert_corrected(store)
    assert next(r for r in api.timeline(store) if r["trigger"] == "supported")["value"] == "1854-05"
    looked.clear()
    api.remove(store, str(docs / "more1.txt"))  # a removal, like an undo, applies the whole log again
    assert set(looked) == {"war.txt"}
    assert_corrected(store)
