"""Issue 13: a Python API that stays callable, a check that reports damage instead of crashing, a
store readable from a read-only place, environment errors with their own codes, a server that
bounds what it reads and whom it answers, and the hostile inputs a probe found."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = ("General Ivan Orlov founded the Amber Railway Company in Kazan in May 1921. "
        "Orlov led the company until 1930.\n")


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=300)


# ------------------------------------------------------------------------------------------------
# The Python API stays callable (item 6)
# ------------------------------------------------------------------------------------------------

API_TWICE = """
import json, annals
out = {}
for round in (1, 2):
    doc = annals.extract("a.txt")
    out.setdefault("extract", []).append(len(doc.entities))
    out.setdefault("ingest", []).append(annals.ingest(["a.txt"], "s.db").counts())
    out.setdefault("ask", []).append(annals.ask("s.db", ["Who founded the Amber Railway Company?"])[0]["answer"])
    out.setdefault("show", []).append(annals.show("s.db", "Orlov")["query"])
    out.setdefault("entities", []).append(len(annals.entities("s.db")))
    out.setdefault("dates", []).append([d["value"] for d in annals.dates("s.db")])
    out.setdefault("timeline", []).append(len(annals.timeline("s.db")))
    out.setdefault("relations", []).append(len(annals.relations("s.db")))
    out.setdefault("graph", []).append(len(annals.graph("s.db", "Orlov")["nodes"]))
    out.setdefault("search", []).append(len(annals.search("s.db", "Kazan")))
    out.setdefault("documents", []).append(len(annals.documents("s.db")))
    out.setdefault("export", []).append(annals.export("s.db", "json", f"out{round}.json")["counts"]["documents"])
    out.setdefault("check", []).append(annals.check("s.db"))
# the submodules that share a function's name are still reachable as modules
import annals.extract, annals.timeline, annals.ask
out["module"] = [annals.extract.PART_CHARS > 0, callable(annals.timeline.build_timeline)]
print(json.dumps(out))
"""


def test_every_documented_function_can_be_called_twice_in_a_fresh_interpreter(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    r = run_python(API_TWICE, tmp_path)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    for name, (first, second) in ((k, v) for k, v in out.items() if k not in ("ingest", "module")):
        assert first == second, (name, first, second)
    assert out["extract"][0] >= 2 and out["entities"][0] >= 2
    assert out["ingest"][0]["added"] == 1 and out["ingest"][1]["unchanged"] == 1
    assert "Orlov" in out["ask"][0] and out["check"][0] == []
    assert out["module"] == [True, True]


def test_the_readme_example_runs_as_written(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("From Python:\n\n```python\n", 1)[1].split("```", 1)[0]
    (tmp_path / "article.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "b.txt").write_text(TEXT.replace("Orlov", "Vlasov"), encoding="utf-8")
    r = run_python(block + "\n" + block, tmp_path)  # twice: the second round used to fail
    assert r.returncode == 0, r.stderr
