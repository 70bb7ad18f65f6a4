"""Every command line of the README's "Using it" section runs on the bundled examples and gives a result.

The lines are read from README.md itself, so an example that names an entity the bundled corpus does
not have, or a question it cannot answer, fails here. The store path ``annals.db`` is replaced by a
store built once from ``annals/examples``. A line with bracketed options (``[--type PERSON]``,
``[--json | --csv | --table]``) runs once with none of them and once more for each bracket with its
first alternative, so every documented filter is tried on its own.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
EXAMPLES = ROOT / "annals" / "examples"
# Commands that do not end: 'serve' runs a web server until stopped (tests/test_web_api.py and
# tests/test_web_ui.py serve the same store), 'batch' needs the optional Dask extra and a corpus file
# (tests/test_batch.py covers it).
SKIPPED = {"serve", "batch"}


def section(text: str, title: str) -> str:
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def usage_lines() -> list[str]:
    """The ``annals ...`` lines of the "Using it" section's code blocks, comments stripped."""
    lines = []
    for raw in section(README.read_text(encoding="utf-8"), "Using it").splitlines():
        line = raw.strip()
        if not (raw.startswith("    ") or raw.startswith("\t")) or not line.startswith("annals "):
            continue
        lines.append(re.sub(r"\s+#\s.*$", "", line).strip())
    return lines


def variants(line: str) -> list[list[str]]:
    """The line without its bracketed options, then with each bracket's first alternative alone."""
    groups = re.findall(r"\[([^\]]*)\]", line)
    base = re.sub(r"\s*\[[^\]]*\]", "", line)
    runs = [shlex.split(base)]
    for group in groups:
        first = group.split(" | ")[0]
        runs.append(shlex.split(base) + shlex.split(first))
    return runs


LINES = usage_lines()


def test_the_usage_section_is_found_and_names_the_main_commands():
    commands = {shlex.split(line)[1] for line in LINES}
    assert {"extract", "ingest", "entities", "show", "timeline", "relations", "graph", "ask", "export"} <= commands


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    db = folder / "annals.db"
    r = subprocess.run([sys.executable, "-m", "annals", "ingest", str(EXAMPLES), "--db", str(db), "--quiet"],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    return db


def substituted(argv: list[str], db: Path, out: Path) -> list[str]:
    args = [str(db) if a == "annals.db" else a for a in argv[1:]]
    if "-o" in args:
        i = args.index("-o") + 1
        args[i] = str(out / args[i])
    return args


def has_content(stdout: str, argv: list[str]) -> bool:
    """Output that holds at least one result: a non-empty JSON value, a data row, or text."""
    text = stdout.strip()
    if not text:
        return False
    if "--csv" in argv:
        return len(list(csv.reader(io.StringIO(text)))) > 1
    if "--table" in argv or "--tree" in argv:
        return True
    if "--version" in argv:  # "annals 0.x.y"
        return text.startswith("annals ")
    data = json.loads(text)  # not a terminal: data commands print JSON
    if isinstance(data, dict) and "entities" in data and "query" in data:  # show
        return bool(data["entities"])
    if isinstance(data, list) and data and isinstance(data[0], dict) and "answer" in data[0]:  # ask
        return all(a["answer"] and a["sources"] for a in data)
    if isinstance(data, dict) and "answer" in data:
        return bool(data["answer"] and data["sources"])
    if isinstance(data, dict) and "edges" in data:  # graph
        return bool(data["edges"])
    return bool(data)


@pytest.mark.parametrize("line", [ln for ln in LINES if shlex.split(ln)[1] not in SKIPPED])
def test_usage_line_runs_on_the_bundled_examples(line, store, tmp_path):
    env = dict(os.environ, COLUMNS="200")
    for argv in variants(line):
        args = substituted(argv, store, tmp_path)
        r = subprocess.run([sys.executable, "-m", "annals", *args], capture_output=True, text=True, cwd=ROOT,
                           env=env, timeout=120)
        assert r.returncode == 0, f"{args}: {r.stderr}"
        assert "Traceback" not in r.stderr
        if args[0] == "export":
            target = Path(args[args.index("-o") + 1])
            assert target.exists() and target.stat().st_size > 0, args
            assert target.read_text(encoding="utf-8").count("<node ") > 0, args
            continue
        if args[0] == "ingest":
            assert "error" not in r.stderr.lower(), r.stderr
            continue
        assert has_content(r.stdout, args), f"{args} gave no result:\n{r.stdout[:500]}"


def test_readme_examples_give_the_answers_the_texts_state(store):
    """The named examples are right, not only non-empty: checked against what the bundled texts say."""
    def run(*args: str):
        r = subprocess.run([sys.executable, "-m", "annals", *args, "--db", str(store)], capture_output=True,
                           text=True, cwd=ROOT, timeout=120)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)

    shown = run("show", "Metternich", "--json")["entities"][0]
    assert shown["name"] == "Klemens von Metternich" and "Prince" in shown["titles"]
    answer = run("ask", "Who founded the Xiang Army?", "--json")
    answer = answer[0] if isinstance(answer, list) else answer
    assert answer["answer"] == "Zeng Guofan"
    graph = run("graph", "--entity", "Zeng Guofan", "--depth", "2", "--json")
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    assert ("Zeng Guofan", "FOUNDED", "Xiang Army") in {
        (names[e["source"]], e["relation"], names[e["target"]]) for e in graph["edges"]}
    relations = run("relations", "--entity", "Yuan Shikai", "--type", "LEADER_OF", "--json")
    assert "Beiyang Army" in {r["object"] for r in relations}
    timeline = run("timeline", "--entity", "Nicholas I", "--from", "1825", "--to", "1856", "--json")
    documents = {e["document"].rsplit("-", 1)[0] for e in timeline}
    assert {"decembrist-revolt", "crimean-war"} <= documents  # one man, two texts
    assert any(e["type"] == "DEATH" and e["value"] == "1855-03-02" for e in timeline)


def test_first_setup_command_lists_entities_of_several_texts(store, tmp_path):
    """The README's first command ends with ``annals entities --table``: its entities come from every text."""
    first = README.read_text(encoding="utf-8").split("\n    ", 1)[1].splitlines()[0]
    assert "annals ingest annals/examples" in first and "entities" in first
    db = tmp_path / "copy.db"
    shutil.copy(store, db)
    r = subprocess.run([sys.executable, "-m", "annals", "entities", "--db", str(db), "--json"], capture_output=True,
                       text=True, cwd=ROOT, timeout=120)
    rows = json.loads(r.stdout)
    assert len(rows) > 100
    names = {row["name"] for row in rows}
    assert {"Hannibal Barca", "Klemens von Metternich", "Hong Xiuquan", "Pavel Pestel", "Cixi"} <= names
    assert len(list(EXAMPLES.glob("*.txt"))) >= 5
