"""End-to-end tests of ``annals timeline``, ``annals relations`` and ``annals graph`` on a store built
from hand-written documents (see eventdocs.py), run as a user runs them (``python -m annals``)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from eventdocs import build_store


def annals(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "annals", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def ok_json(*args: str):
    r = annals(*args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def failed(r: subprocess.CompletedProcess[str], code: str) -> bool:
    return r.returncode != 0 and code in r.stderr and "Traceback" not in r.stderr and r.stdout == ""


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return str(build_store(tmp_path_factory.mktemp("cli-events") / "events.db"))


# -- timeline ------------------------------------------------------------------------------------

TIMELINE_KEYS = {"id", "document", "event", "value", "mod", "earliest", "latest", "basis", "anchor", "placement",
                 "between", "type", "trigger", "description", "until", "participants", "place", "negated", "modality",
                 "conflict",
                 "sentence", "sentence_index", "start", "end", "path", "document_title"}


def test_timeline_json_is_in_time_order_with_sources_and_conflicts(db):
    rows = ok_json("timeline", "--db", db)  # not a terminal: JSON
    assert all(r.keys() == TIMELINE_KEYS for r in rows)
    assert [r["id"] for r in rows] == ["ancient:v1", "ancient:v2", "vlasov-a:v1", "vlasov-a:v2", "vlasov-a:v3",
                                       "vlasov-b:v1", "vlasov-a:v4"]
    by_id = {r["id"]: r for r in rows}
    met = by_id["vlasov-a:v3"]
    assert met["placement"] == "narrative" and met["between"] == ["vlasov-a:v2", "vlasov-a:v4"]
    assert [p["name"] for p in met["participants"]] == ["Andrey Vlasov", "Heinrich Himmler"]
    assert by_id["vlasov-a:v2"]["conflict"] == ["vlasov-b:v1"] and by_id["vlasov-b:v1"]["conflict"] == ["vlasov-a:v2"]
    assert by_id["vlasov-b:v1"]["sentence"] == "General Vlasov founded the KONR in December 1944."
    assert by_id["ancient:v2"]["earliest"] == "-0044-03-15" and by_id["ancient:v2"]["basis"] == "explicit"


def test_timeline_entity_filter_goes_through_aliases_and_local_ids(db):
    rows = ok_json("timeline", "--db", db, "--entity", "Vlasov", "--json")
    # vlasov-b calls him e7: still found
    assert [r["id"] for r in rows] == ["vlasov-a:v1", "vlasov-a:v2", "vlasov-a:v3", "vlasov-b:v1"]
    assert [r["id"] for r in ok_json("timeline", "--db", db, "--entity", "KONR")] == ["vlasov-a:v2", "vlasov-b:v1"]


def test_timeline_period_and_type_filters(db):
    rows = ok_json("timeline", "--db", db, "--from", "1944", "--to", "1945-05", "--json")
    assert [r["id"] for r in rows] == ["vlasov-a:v2", "vlasov-a:v3", "vlasov-b:v1", "vlasov-a:v4"]
    rows = ok_json("timeline", "--db", db, "--from", "1944-11", "--to", "1944-11-30", "--json")
    assert [r["id"] for r in rows] == ["vlasov-a:v2"]  # the undated meeting's next neighbour is in 1945
    rows = ok_json("timeline", "--db", db, "--to", "-0045")
    assert [r["id"] for r in rows] == ["ancient:v1"]
    rows = ok_json("timeline", "--db", db, "--type", "founding")
    assert [r["id"] for r in rows] == ["vlasov-a:v2", "vlasov-b:v1"] and all(r["conflict"] for r in rows)


def test_timeline_csv_and_table(db):
    r = annals("timeline", "--db", db, "--csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert r.returncode == 0 and len(rows) == 7
    assert rows[0]["value"] == "-0049" and rows[0]["participants"] == "Julius Caesar (agent); Rubicon (place)"
    r = annals("timeline", "--db", db, "--table", "--entity", "Himmler")
    assert r.returncode == 0 and "MEETING" in r.stdout and "narrative" in r.stdout


def test_timeline_bad_input_is_a_clear_error(db, tmp_path):
    assert failed(annals("timeline", "--db", db, "--from", "1941-13"), "E020")
    assert failed(annals("timeline", "--db", db, "--from", "1945", "--to", "1941"), "E020")
    assert failed(annals("timeline", "--db", db, "--entity", "Napoleon Bonaparte"), "E012")
    assert failed(annals("timeline", "--db", str(tmp_path / "none.db")), "E013")


# -- relations -----------------------------------------------------------------------------------


def test_relations_json_filters_by_entity_and_type(db):
    rows = ok_json("relations", "--db", db, "--entity", "NTS")
    assert [(r["subject"], r["relation"], r["object"], r["negated"]) for r in rows] == [
        ("National Alliance of Russian Solidarists", "SUPPORTED", "Andrey Vlasov", False),
        ("Andrey Vlasov", "MEMBER_OF", "National Alliance of Russian Solidarists", True),
    ]
    assert all(r["document"] == "vlasov-b" and r["sentence"] for r in rows)
    rows = ok_json("relations", "--db", db, "--entity", "Vlasov", "--type", "leader_of")
    assert [r["object"] for r in rows] == ["Committee for the Liberation of the Peoples of Russia",
                                           "Russian Liberation Army"]
    assert len(ok_json("relations", "--db", db)) == 5


def test_relations_csv_and_errors(db, tmp_path):
    r = annals("relations", "--db", db, "--csv", "--type", "MET")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(x["subject"], x["object"], x["document"]) for x in rows] == [
        ("Andrey Vlasov", "Heinrich Himmler", "vlasov-a")]
    assert failed(annals("relations", "--db", db, "--entity", "Nobody Known"), "E012")
    assert failed(annals("relations", "--db", str(tmp_path / "none.db")), "E013")


# -- graph ---------------------------------------------------------------------------------------


def test_graph_json_nodes_and_edges_with_citations(db):
    data = ok_json("graph", "--db", db, "--entity", "Himmler", "--json")
    names = {n["name"]: n for n in data["nodes"]}
    assert names["Heinrich Himmler"]["depth"] == 0 and names["Andrey Vlasov"]["depth"] == 1
    assert names["National Alliance of Russian Solidarists"]["depth"] == 2
    assert set(names) == {"Heinrich Himmler", "Andrey Vlasov", "Russian Liberation Army",
                          "Committee for the Liberation of the Peoples of Russia",
                          "National Alliance of Russian Solidarists"}
    ids = {n["id"] for n in data["nodes"]}
    for e in data["edges"]:
        assert {"source", "target", "relation", "sentence", "document"} <= e.keys()
        assert e["source"] in ids and e["target"] in ids and e["sentence"]
    assert "MEMBER_OF" not in {e["relation"] for e in data["edges"]}  # a negated relation is no edge


def test_graph_depth_limits_the_search(db):
    data = ok_json("graph", "--db", db, "--entity", "Himmler", "--depth", "1")
    assert [n["name"] for n in data["nodes"]] == ["Heinrich Himmler", "Andrey Vlasov"]
    assert [e["relation"] for e in data["edges"]] == ["MET"]
    assert ok_json("graph", "--db", db, "--entity", "Caesar")["edges"] == []


def test_graph_tree_is_indented_with_sources(db):
    r = annals("graph", "--db", db, "--entity", "Himmler", "--tree")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("Heinrich Himmler (PERSON)")
    vlasov = next(line for line in lines if "Andrey Vlasov" in line)
    army = next(line for line in lines if "Russian Liberation Army" in line)
    assert "<- MET" in vlasov and "LEADER_OF ->" in army
    assert len(army) - len(army.lstrip(" │├└─")) > len(vlasov) - len(vlasov.lstrip(" │├└─"))


def test_graph_errors(db, tmp_path):
    assert failed(annals("graph", "--db", db, "--entity", "Nobody Known"), "E012")
    assert failed(annals("graph", "--db", db, "--entity", "Vlasov", "--depth", "-1"), "E020")
    assert failed(annals("graph", "--db", str(tmp_path / "none.db"), "--entity", "Vlasov"), "E013")
    r = annals("graph", "--db", db)
    assert r.returncode == 2 and "--entity" in r.stderr  # argparse: the entity is required


def test_missing_store_path_is_not_created(tmp_path):
    missing: Path = tmp_path / "none.db"
    annals("timeline", "--db", str(missing))
    assert not missing.exists()


def test_extract_json_gives_each_event_a_short_description(tmp_path):
    path = tmp_path / "lepanto.txt"
    path.write_text("On 7 October 1571 the Holy League defeated the Ottoman fleet at Lepanto. "
                    "Don John of Austria commanded the allied galleys.\n", encoding="utf-8")
    out = ok_json("extract", str(path), "--json")
    said = {e["trigger"]: e["description"] for e in out["events"]}
    assert said["defeated"] == "the Holy League defeated the Ottoman fleet at Lepanto"
    assert all(0 < len(d.split()) <= 12 for d in said.values())
