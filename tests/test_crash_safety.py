"""Nothing is lost: a process killed with SIGKILL at any moment leaves the store consistent; re-ingest,
replace, ``annals remove`` and ``annals check`` (issue 5, item 2).

Two kinds of kill: a worker that does nothing but write (ingest, forced re-ingest, replace, remove)
so that most kills land inside a transaction, and the real ``annals ingest`` command killed at random
moments over a folder of generated articles.  After every kill the store must pass
:meth:`Store.check` and every document in it must be complete.
"""

from __future__ import annotations

import json
import os
import pickle
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annals.extract import extract_text
from annals.model import Document
from annals.store import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from corpus import articles  # noqa: E402

# Tables with one row per record of a document, and how many the Document says there must be.
_PER_DOC = {
    "sections": lambda d: len(d.sections),
    "paragraphs": lambda d: len(d.paragraphs),
    "sentences": lambda d: len(d.sentences),
    "doc_entities": lambda d: len(d.entities),
    "mentions": lambda d: sum(len(e.mentions) for e in d.entities),
    "timexes": lambda d: len(d.timexes),
    "gaps": lambda d: len(d.gaps),
    "events": lambda d: len(d.events),
    "relations": lambda d: len(d.relations),
}

# Writes, and nothing else, in a loop until killed: every kind of write the store does.
_WRITER = r"""
import pickle, random, sys
from annals.store import Store
docs = pickle.loads(open(sys.argv[1], "rb").read())
rng = random.Random(int(sys.argv[3]))
print("ready", flush=True)
while True:
    with Store(sys.argv[2]) as store:
        for _ in range(rng.randint(1, 6)):
            doc = rng.choice(docs)
            r = rng.random()
            if r < 0.15:
                store.remove_document(doc.path)
            else:
                store.ingest(doc, force=r < 0.5)
"""


def annals(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annals", *args], capture_output=True, text=True, cwd=cwd,
                          env=dict(os.environ, COLUMNS="200"), timeout=300)


def _counts(conn: sqlite3.Connection, doc_id: str) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t} WHERE doc = ?", (doc_id,)).fetchone()[0] for t in _PER_DOC}


def assert_consistent(db: Path, expected: dict[tuple[str, str], Document] | None = None) -> int:
    """The store passes check(), holds each path once, and (given the documents it may hold, by
    (path, content hash)) holds every record of each; returns how many documents it holds."""
    with Store(db) as store:
        problems = store.check()
        assert problems == [], problems
        docs = store.documents()
    conn = sqlite3.connect(db)
    try:
        paths = [d["path"] for d in docs]
        assert len(paths) == len(set(paths)), paths
        for d in docs:
            counts = _counts(conn, d["id"])
            assert counts["sentences"] == d["n_sentences"] > 0, d
            if expected is None:
                assert counts["doc_entities"] > 0 and counts["mentions"] > 0, (d["path"], counts)
                continue
            want = expected[(d["path"], d["content_hash"])]
            assert counts == {t: f(want) for t, f in _PER_DOC.items()}, d["path"]
    finally:
        conn.close()
    return len(docs)


@pytest.fixture(scope="module")
def versions() -> list[Document]:
    """Four paths, each in two versions (the second has one more paragraph)."""
    texts = [t for _, t in articles(4, seed=11)]
    extra = "\nGeneral Ivan Orlov reached Kazan on 3 May 1919 and left it in June.\n"
    return [extract_text(t, f"/texts/article-{i}.txt") for i, t in enumerate(texts)] + [
        extract_text(t + extra, f"/texts/article-{i}.txt") for i, t in enumerate(texts)]


def test_writer_killed_at_random_moments_leaves_the_store_consistent(tmp_path: Path, versions) -> None:
    docs_file = tmp_path / "docs.pickle"
    docs_file.write_bytes(pickle.dumps(versions))
    expected = {(d.path, d.content_hash): d for d in versions}
    db = tmp_path / "killed.db"
    rng = random.Random(20)
    seen_documents = set()
    for i in range(20):
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(docs_file), str(db), str(i)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n", proc.stderr
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
        seen_documents.add(assert_consistent(db, expected))
    assert max(seen_documents) > 0  # the kills did not all land before the first write


def test_ingest_command_killed_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    for name, text in articles(6, seed=12):
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "s.db"
    rng = random.Random(7)
    for _ in range(4):
        proc = subprocess.Popen([sys.executable, "-m", "annals", "ingest", str(folder), "--db", str(db), "--quiet"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        if db.exists():
            assert_consistent(db)
    r = annals("ingest", str(folder), "--db", str(db), "--quiet", "--json")
    assert r.returncode == 0, r.stderr
    counts = json.loads(r.stdout)["counts"]
    assert counts["failed"] == 0 and counts["added"] + counts["unchanged"] == 6
    assert assert_consistent(db) == 6
    again = annals("ingest", str(folder), "--db", str(db), "--quiet", "--json")
    assert json.loads(again.stdout)["counts"]["unchanged"] == 6  # and nothing was half-stored


def test_a_failed_commit_is_rolled_back_and_the_store_goes_on(tmp_path: Path, versions) -> None:
    with Store(tmp_path / "s.db") as store:
        store.ingest(versions[0])
        with pytest.raises(sqlite3.IntegrityError):
            with store._transaction() as conn:  # COMMIT itself fails: a deferred foreign key
                conn.execute("PRAGMA defer_foreign_keys = ON")
                conn.execute("INSERT INTO mentions (doc, doc_entity, entity, char_start, char_end, text)"
                             " VALUES ('nowhere', 999999, 999999, 0, 1, 'x')")
        assert store.ingest(versions[1]) == "added"  # the connection is not stuck in a transaction
        assert store.check() == []
    assert assert_consistent(tmp_path / "s.db", {(d.path, d.content_hash): d for d in versions}) == 2


# ------------------------------------------------------------------------------------------------
# Replace, remove, check through the command line
# ------------------------------------------------------------------------------------------------

ALPHA = ("General Ivan Orlov founded the Amber Railway Company in Kazan in 1921. "
         "Colonel Pyotr Belov joined the Amber Railway Company in May 1922.")
BETA = "Colonel Pyotr Belov visited Samara in the summer of 1925."


def _names(db: Path) -> set[str]:
    with Store(db) as s:
        return {e["name"] for e in s.entities()}


def test_changed_file_replaces_its_old_extraction(tmp_path: Path) -> None:
    f = tmp_path / "alpha.txt"
    f.write_text(ALPHA, encoding="utf-8")
    db = tmp_path / "s.db"
    assert annals("ingest", str(f), "--db", str(db), "--quiet").returncode == 0
    f.write_text("Admiral Nikolai Sokolov reached Riga on 4 June 1919.", encoding="utf-8")
    r = annals("ingest", str(f), "--db", str(db), "--quiet", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["counts"]["replaced"] == 1
    with Store(db) as s:
        [doc] = s.documents()
        assert s.check() == []
        assert {t["value"] for t in s.timexes()} == {"1919-06-04"}
    assert "Nikolai Sokolov" in _names(db) and "Ivan Orlov" not in _names(db)


def test_one_file_typed_two_ways_is_one_document(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "beta.txt").write_text(BETA, encoding="utf-8")
    db = tmp_path / "s.db"
    assert annals("ingest", "texts/beta.txt", "--db", str(db), "--quiet", cwd=tmp_path).returncode == 0
    r = annals("ingest", str(tmp_path / "texts" / "beta.txt"), "--db", str(db), "--quiet", "--json")
    assert json.loads(r.stdout)["counts"]["unchanged"] == 1
    r = annals("ingest", "beta.txt", "--db", str(db), "--quiet", "--json", cwd=tmp_path / "texts")
    assert json.loads(r.stdout)["counts"]["unchanged"] == 1
    with Store(db) as s:
        assert [d["path"] for d in s.documents()] == [str(tmp_path / "texts" / "beta.txt")]
    assert annals("remove", "texts/beta.txt", "--db", str(db), cwd=tmp_path).returncode == 0
    # a store that holds a path as it was once typed keeps that document
    with Store(db) as s:
        s.ingest(extract_text(BETA, "texts/beta.txt"))
    r = annals("ingest", "texts/beta.txt", "--db", str(db), "--quiet", "--json", cwd=tmp_path)
    assert json.loads(r.stdout)["counts"]["unchanged"] == 1
    with Store(db) as s:
        assert [d["path"] for d in s.documents()] == ["texts/beta.txt"]


def test_remove_deletes_a_document_and_what_only_it_supported(tmp_path: Path) -> None:
    (tmp_path / "alpha.txt").write_text(ALPHA, encoding="utf-8")
    (tmp_path / "beta.txt").write_text(BETA, encoding="utf-8")
    db = tmp_path / "s.db"
    assert annals("ingest", str(tmp_path), "--db", str(db), "--quiet").returncode == 0
    assert {"Ivan Orlov", "Pyotr Belov", "Samara"} <= _names(db)
    alpha = str(tmp_path / "alpha.txt")
    r = annals("remove", alpha, "--db", str(db))
    assert r.returncode == 0, r.stderr
    names = _names(db)
    assert "Ivan Orlov" not in names and "Amber Railway Company" not in names and "Kazan" not in names
    assert {"Pyotr Belov", "Samara"} <= names  # still mentioned by beta.txt
    with Store(db) as s:
        assert [d["path"] for d in s.documents()] == [str(tmp_path / "beta.txt")]
        belov = s.find_entities("Pyotr Belov")[0]
        assert belov["n_documents"] == 1 and belov["n_mentions"] == 1
        assert {t["value"] for t in s.timexes()} == {"1925-SU"}
        assert s.search_sentences("Railway") == []  # its sentences left the full-text index too
        assert s.check() == []
    again = annals("remove", alpha, "--db", str(db))
    assert again.returncode != 0 and "E014" in again.stderr and "Traceback" not in again.stderr
    by_id = annals("remove", "no-such-doc", "--db", str(tmp_path / "absent.db"))
    assert by_id.returncode != 0 and "E013" in by_id.stderr and not (tmp_path / "absent.db").exists()


def test_check_says_ok_or_what_is_wrong(tmp_path: Path) -> None:
    (tmp_path / "beta.txt").write_text(BETA, encoding="utf-8")
    db = tmp_path / "s.db"
    assert annals("ingest", str(tmp_path / "beta.txt"), "--db", str(db), "--quiet").returncode == 0
    r = annals("check", "--db", str(db))
    assert (r.returncode, r.stdout.strip()) == (0, "ok")
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER sentences_fts_insert")  # a sentence the full-text index never sees
    conn.execute("INSERT INTO sentences (doc, idx, char_start, char_end, text) "
                 "SELECT id, 99, 0, 4, 'stray' FROM documents")
    conn.execute("INSERT INTO entities (name, norm, tail, type) VALUES ('Ghost', 'ghost', 'ghost', 'PERSON')")
    conn.commit()
    conn.close()
    r = annals("check", "--db", str(db))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    lines = r.stdout.strip().splitlines()
    assert any("full-text" in ln for ln in lines)
    assert any("mentioned by no document" in ln for ln in lines)
    assert any("sentence count" in ln for ln in lines)
    report = json.loads(annals("check", "--db", str(db), "--json").stdout)
    assert report["ok"] is False and len(report["problems"]) == len(lines)
    missing = annals("check", "--db", str(tmp_path / "absent.db"))
    assert missing.returncode != 0 and "E013" in missing.stderr
