"""End-to-end tests of each command, run as a user runs them (``python -m annals``)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "annals" / "examples"


def annals(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "annals", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=300)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for f in EXAMPLES.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    db = folder / "test.db"
    r = annals("ingest", str(folder), "--db", str(db), "--quiet")
    assert r.returncode == 0, r.stderr
    return db


def test_extract_json_keeps_the_contract():
    r = annals("extract", str(EXAMPLES / "decembrist-revolt.txt"), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert {"entities", "timexes", "events", "relations", "gaps"} <= data.keys()
    text = (EXAMPLES / "decembrist-revolt.txt").read_text(encoding="utf-8")
    for e in data["entities"]:
        assert e["type"] in {"PERSON", "ORG", "GPE", "LOC", "GROUP", "EVENT", "WORK"}
        assert e["name"] in e["aliases"]
        for m in e["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    for t in data["timexes"]:
        assert text[t["start"] : t["end"]] == t["text"]
    old_style = [t for t in data["timexes"] if t["text"].startswith("26 December")]
    assert old_style and old_style[0]["value"] == "1825-12-26"
    assert [g["kind"] for g in data["gaps"]] == ["dangling_list"]


def test_extract_missing_file_is_a_clear_error():
    r = annals("extract", "no/such/file.txt", "--json")
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert "E001" in r.stderr and "no/such/file.txt" in r.stderr
    assert r.stdout == ""


def test_ingest_reports_and_reingest_changes_nothing(store, tmp_path):
    before = sqlite3.connect(store).execute("SELECT count(*), max(ingested_at) FROM documents").fetchone()
    r = annals("ingest", str(store.parent), "--db", str(store), "--quiet", "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["counts"]["unchanged"] == len(list(EXAMPLES.glob("*.txt"))) and report["counts"]["added"] == 0
    after = sqlite3.connect(store).execute("SELECT count(*), max(ingested_at) FROM documents").fetchone()
    assert before == after


def test_ingest_goes_on_past_a_bad_file(tmp_path):
    (tmp_path / "good.txt").write_text("General Ivan Petrov reached Kazan in May 1919.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "s.db"
    r = annals("ingest", str(tmp_path), "--db", str(db), "--quiet")
    assert r.returncode == 1
    assert "empty.txt" in r.stderr and "Traceback" not in r.stderr
    assert sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_entities_json_and_type_filter(store):
    r = annals("entities", "--db", str(store), "--type", "PERSON", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows and all(row["type"] == "PERSON" for row in rows)
    assert any(row["name"] == "Pavel Pestel" for row in rows)


def test_entities_csv(store):
    r = annals("entities", "--db", str(store), "--csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows and {"id", "type", "name", "aliases"} <= rows[0].keys()


def test_show_by_surname_gives_mentions_with_sentences(store):
    r = annals("show", "Pestel", "--db", str(store), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    ent = data["entities"][0]
    assert ent["name"] == "Pavel Pestel" and ent["type"] == "PERSON"
    assert "Colonel" in ent["titles"]
    assert len(ent["mentions"]) >= 3
    assert all(m["sentence_text"] and m["text"] in m["sentence_text"] for m in ent["mentions"])


def test_show_unknown_name_is_a_clear_error(store):
    r = annals("show", "Napoleon Bonaparte", "--db", str(store))
    assert r.returncode != 0 and "E012" in r.stderr and "Traceback" not in r.stderr


def test_show_human_output_mentions_the_document(store):
    r = annals("show", "Kolchak", "--db", str(store), "--json")
    data = json.loads(r.stdout)
    assert data["entities"][0]["mentions"][0]["document"].startswith("siberian-intervention")


def test_dates_lists_values_intervals_and_sentences(store):
    r = annals("dates", "--db", str(store), "--json")
    rows = json.loads(r.stdout)
    by_text = {row["text"]: row for row in rows}
    assert by_text["November 18, 1918"]["value"] == "1918-11-18"
    decade = next(row for row in rows if row["text"].endswith("the 1860s"))
    assert decade["value"] == "186X"
    assert decade["mod"] == "BEFORE" and decade["latest"] <= "1869-12-31"
    assert all(row["sentence_text"] for row in rows)


def test_read_commands_without_a_store_say_so(tmp_path):
    r = annals("entities", "--db", str(tmp_path / "none.db"))
    assert r.returncode != 0 and "E013" in r.stderr


def test_default_store_is_annals_db_in_the_current_folder(tmp_path):
    (tmp_path / "a.txt").write_text("Admiral Ivan Grigorovich visited Sevastopol in 1913.", encoding="utf-8")
    r = annals("ingest", "a.txt", "--quiet", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "annals.db").exists()
    r = annals("entities", "--json", cwd=tmp_path)
    assert any(e["name"] == "Ivan Grigorovich" for e in json.loads(r.stdout))
