"""The command line's small things: ``annals documents``, ``ingest --json`` ids, unknown ``--type`` values,
tables that fit the terminal, titles from a heading line, relation types in ``--help``, hints that name
commands that exist.  Every text here was written for these tests."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from annals import api
from annals.cli import build_parser
from annals.extract import heading_title

ROOT = Path(__file__).resolve().parents[1]

TEXTS = {
    "malta.txt": "The Siege of Malta\n\n"
                 "In May 1565 the Ottoman fleet landed an army on Malta. The Knights Hospitaller under Jean de "
                 "Valette held Fort Saint Elmo until 23 June 1565. On 7 September 1565 a relief force from Sicily "
                 "landed, and the Ottoman army sailed away. The siege lasted from 18 May to 11 September 1565.\n",
    "voyages.txt": "# Ming Voyages\n\n"
                   "In 1405 the Yongle Emperor sent the admiral Zheng He to the Western Ocean. Zheng He reached "
                   "Calicut in 1407. In 1433 he died on the way home, and the court ended the voyages.\n",
    "plain.txt": "The Thirty Years' War was a war fought in Central Europe. In 1618 the Bohemian estates "
                 "threw two imperial governors from a window in Prague. In 1648 the Peace of Westphalia ended "
                 "the war.\n",
}


def annals(*args: str, columns: int = 200) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS=str(columns), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "annals", *args], capture_output=True, text=True, env=env,
                          timeout=300)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("small")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder / "small.db"
    r = annals("ingest", str(folder), "--db", str(db), "--quiet", "--json")
    assert r.returncode == 0, r.stderr
    return db, json.loads(r.stdout)


def test_ingest_json_prints_the_document_ids(ingested):
    db, report = ingested
    stored = {d["path"]: d["id"] for d in api.documents(db)}
    assert len(report["results"]) == 3
    for r in report["results"]:
        assert r["document"] == stored[r["path"]]
    again = annals("ingest", *stored, "--db", str(db), "--quiet", "--json")  # unchanged files keep their ids
    assert again.returncode == 0
    assert {r["document"] for r in json.loads(again.stdout)["results"]} == set(stored.values())


def test_documents_lists_ids_titles_and_counts_in_each_format(ingested, tmp_path):
    db, _ = ingested
    r = annals("documents", "--db", str(db), "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows == api.documents_table(db)
    assert {"id", "title", "entities", "events", "relations", "dates", "sentences", "path"} <= rows[0].keys()
    by_title = {d["title"]: d for d in rows}
    assert {"The Siege of Malta", "Ming Voyages"} <= by_title.keys()
    assert by_title["The Siege of Malta"]["events"] > 0 and by_title["The Siege of Malta"]["entities"] > 0
    csv_rows = list(csv.DictReader(io.StringIO(annals("documents", "--db", str(db), "--csv").stdout)))
    assert [c["id"] for c in csv_rows] == [d["id"] for d in rows]
    table = annals("documents", "--db", str(db), "--table").stdout
    assert "The Siege of Malta" in table and all(d["id"] in table for d in rows)
    # the ids are what remove takes
    copy = tmp_path / "copy.db"
    copy.write_bytes(Path(db).read_bytes())
    gone = by_title["Ming Voyages"]["id"]
    assert annals("remove", gone, "--db", str(copy)).returncode == 0
    assert gone not in {d["id"] for d in json.loads(annals("documents", "--db", str(copy), "--json").stdout)}


def test_the_documents_route_and_the_command_share_one_function(ingested):
    from fastapi.testclient import TestClient

    from annals.web import create_app

    db, _ = ingested
    items = TestClient(create_app(db), base_url="http://localhost").get("/api/documents").json()["items"]
    assert [d["id"] for d in items] == [d["id"] for d in api.documents_table(db)]
    assert all({"n_events", "n_relations"} <= d.keys() for d in items)


@pytest.mark.parametrize(("command", "valid"), [("timeline", "BATTLE"), ("entities", "PERSON"),
                                                ("relations", "LEADER_OF")])
def test_an_unknown_type_is_an_error_naming_the_valid_ones(ingested, command, valid):
    db, _ = ingested
    r = annals(command, "--db", str(db), "--type", "NO_SUCH_KIND", "--json")
    assert r.returncode != 0 and r.stdout == ""
    assert "error E020" in r.stderr and "NO_SUCH_KIND" in r.stderr and valid in r.stderr
    ok = annals(command, "--db", str(db), "--type", valid.lower(), "--json")
    assert ok.returncode == 0, ok.stderr
    assert isinstance(json.loads(ok.stdout), list)


def test_the_http_api_refuses_an_unknown_event_type(ingested):
    from fastapi.testclient import TestClient

    from annals.web import create_app

    db, _ = ingested
    r = TestClient(create_app(db), base_url="http://localhost").get("/api/timeline", params={"type": "NO_SUCH_KIND"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "E020"
    assert "BATTLE" in r.json()["error"]["hint"]


def test_error_codes_are_unique():
    from annals.errors import CODES  # the full checks (templates, raise sites, README): tests/test_error_codes.py

    assert len(CODES) > 10
    assert all(name == str(code) for name, code in CODES.items())


def test_a_table_fits_the_terminal_and_wraps_the_sentence(ingested):
    db, _ = ingested
    r = annals("timeline", "--db", str(db), "--table", columns=100)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines and all(len(line) <= 100 for line in lines)
    header = " ".join(lines[:4])
    assert not any(r["conflict"] for r in api.timeline(db)) and "conflict" not in header  # empty: left out
    assert "sentence" in header and "description" in header
    # the sentence column holds several words a line, not one
    cells = [line.rsplit("│", 2)[-2].strip() for line in lines if line.count("│") > 2]
    assert max(len(c.split()) for c in cells) >= 4


def test_always_empty_columns_are_left_out_of_a_table(ingested):
    db, _ = ingested
    rows = api.relations(db)
    assert rows and not any(r["negated"] for r in rows)
    r = annals("relations", "--db", str(db), "--table", columns=120)
    assert r.returncode == 0
    header = " ".join(r.stdout.splitlines()[:3])
    assert "subject" in header and "negated" not in header  # False in every row: nothing to show


def test_a_plain_text_title_is_its_heading_line():
    assert heading_title("The Siege of Malta\n\nIn May 1565 the fleet landed.") == "The Siege of Malta"
    assert heading_title("# Ming Voyages\nIn 1405 the emperor sent a fleet.") == "Ming Voyages"
    assert heading_title("\n\nRevolt of the Comuneros\n\nIn 1520 the towns of Castile rose.") == \
        "Revolt of the Comuneros"
    # a first sentence is no heading, nor a line that a paragraph continues
    assert heading_title("The war began in 1618.\n\nIt ended in 1648.") is None
    assert heading_title("In 1618 the estates met in Prague\nand threw out the governors.") is None


def test_a_text_without_a_heading_keeps_its_first_sentence_s_subject_as_title(ingested):
    db, _ = ingested
    titles = {Path(d["path"]).name: d["title"] for d in api.documents(db)}
    assert titles["plain.txt"] == "The Thirty Years' War"


def test_relations_help_lists_the_relation_types_of_the_registry():
    from annals.relations.registry import REGISTRY

    r = annals("relations", "--help")
    assert r.returncode == 0
    for rel in REGISTRY.values():
        assert re.search(rf"^\s+{rel.name}\s+{re.escape(rel.forwards)}", r.stdout, re.MULTILINE), rel.name


def test_every_command_a_hint_names_exists(ingested):
    commands = set(build_parser()._subparsers._group_actions[0].choices)  # noqa: SLF001
    named = set()
    for f in (ROOT / "annals").rglob("*.py"):
        named |= set(re.findall(r"\b(?:with|run|use|try|see) `?annals ([a-z-]+)", f.read_text(encoding="utf-8")))
    assert named and named <= commands, named - commands
    db, _ = ingested
    r = annals("show", "Nobody Of That Name", "--db", str(db))
    assert r.returncode != 0
    for cmd in re.findall(r"\bannals ([a-z-]+)", r.stderr):
        assert cmd in commands
    from annals.errors import AnnalsError

    with pytest.raises(AnnalsError) as err:
        api.entity(db, 10**9)
    hinted = re.findall(r"\bannals ([a-z-]+)", err.value.hint or "")
    assert hinted and set(hinted) <= commands


def test_the_readme_lists_the_relation_types_of_the_registry():
    from annals.relations.registry import REGISTRY

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    at = readme.index("# types: ")
    listed = re.findall(r"\b[A-Z][A-Z_]+[A-Z]\b", readme[at : readme.index("(annals relations --help)", at)])
    assert listed == list(REGISTRY)
