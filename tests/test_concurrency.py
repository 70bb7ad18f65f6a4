"""Concurrent use of one store (issue 5, item 3): readers work while an ingest writes, and two ingests
into one store at once both complete.  Every writer here is a real ``annals ingest`` process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from annals import api
from annals.store import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from corpus import articles  # noqa: E402


def _ingest(folder: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "annals", "ingest", str(folder), "--db", str(db), "--quiet",
                             "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, COLUMNS="200"))


def _write(folder: Path, n: int, seed: int) -> list[str]:
    folder.mkdir()
    names = []
    for name, text in articles(n, seed=seed):
        (folder / name).write_text(text, encoding="utf-8")
        names.append(str(folder / name))
    return names


def _finish(proc: subprocess.Popen[str]) -> dict:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return json.loads(out)


def test_readers_work_while_an_ingest_writes(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first = tmp_path / "first"
    first.mkdir()
    (first / "a.txt").write_text("General Ivan Orlov founded the Amber Railway Company in Kazan in 1921.",
                                 encoding="utf-8")
    assert api.ingest([first], db).counts()["added"] == 1
    _write(tmp_path / "more", 6, seed=21)
    api.ask(db, ["Who founded the Amber Railway Company?"])  # loads ask's data once, before the clock runs
    proc = _ingest(tmp_path / "more", db)
    reads, slowest, seen = 0, 0.0, []
    while proc.poll() is None:
        started = time.monotonic()
        entities = api.entities(db)
        [answer] = api.ask(db, ["Who founded the Amber Railway Company?"])
        api.timeline(db)
        with Store(db, readonly=True) as reader:
            documents = reader.documents()
        slowest = max(slowest, time.monotonic() - started)
        assert any(e["name"] == "Ivan Orlov" for e in entities)
        assert answer["answer"] == "Ivan Orlov" and answer["sources"]
        seen.append(len(documents))
        reads += 1
        time.sleep(0.05)
    assert _finish(proc)["counts"]["added"] == 6
    assert reads >= 3, "the reader got few turns while the ingest ran"
    assert seen == sorted(seen)  # readers see committed documents arrive, never one go away
    assert slowest < 5.0, slowest  # readers do not wait for the writer
    with Store(db) as s:
        assert len(s.documents()) == 7 and s.check() == []


def test_two_ingests_into_one_new_store_at_once_both_complete(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"  # not there yet: both processes race to create it
    left = _write(tmp_path / "left", 3, seed=31)
    right = _write(tmp_path / "right", 3, seed=32)
    procs = [_ingest(tmp_path / "left", db), _ingest(tmp_path / "right", db)]
    reports = [_finish(p) for p in procs]
    assert [r["counts"]["added"] for r in reports] == [3, 3]
    with Store(db) as s:
        assert s.check() == []
        docs = s.documents()
        assert sorted(d["path"] for d in docs) == sorted(left + right)
        assert all(d["n_entities"] > 0 and d["n_timexes"] > 0 for d in docs)


def test_two_ingests_of_the_same_files_at_once_store_each_once(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    names = _write(tmp_path / "same", 2, seed=41)
    procs = [_ingest(tmp_path / "same", db), _ingest(tmp_path / "same", db)]
    reports = [_finish(p) for p in procs]
    statuses = sorted(r["status"] for rep in reports for r in rep["results"])
    assert statuses.count("added") == 2 and statuses.count("unchanged") == 2
    with Store(db) as s:
        assert s.check() == []
        assert sorted(d["path"] for d in s.documents()) == sorted(names)
