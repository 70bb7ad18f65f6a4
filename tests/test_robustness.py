"""Issue 13: a Python API that stays callable, a check that reports damage instead of crashing, a
store readable from a read-only place, environment errors with their own codes, a server that
bounds what it reads and whom it answers, and the hostile inputs a probe found."""

from __future__ import annotations

import errno
import json
import os
import random
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from annals import api
from annals.errors import environment_failure

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
    # The block names the bundled examples by their path from the repository root; a copy keeps the
    # store it writes out of the working tree.
    shutil.copytree(ROOT / "annals" / "examples", tmp_path / "annals" / "examples")
    r = run_python(block + "\n" + block, tmp_path)  # twice: the second round used to fail
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "annals.db").exists()


# ------------------------------------------------------------------------------------------------
# Helpers: a small store, a process that file permissions apply to, a full disk
# ------------------------------------------------------------------------------------------------

OTHER = ("Admiral Pyotr Belov negotiated with the Free Workers' League in Riga in March 1920. "
         "The League supported Belov until 1922.\n")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of two documents, built once; tests copy it before changing it."""
    folder = tmp_path_factory.mktemp("robust")
    (folder / "texts").mkdir()
    (folder / "texts" / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "texts" / "b.txt").write_text(OTHER, encoding="utf-8")
    report = api.ingest([folder / "texts"], folder / "s.db")
    assert report.counts()["added"] == 2
    return folder / "s.db"


def annals_cli(*args: str, prefix: tuple[str, ...] = (), cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="200", PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([*prefix, sys.executable, "-m", "annals", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=300)


def unprivileged() -> tuple[str, ...]:
    """A command prefix under which file permissions apply: nothing for a normal user; for root, the
    same user without the capabilities that override permissions (util-linux's setpriv)."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be made to apply")
    probe = subprocess.run([setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "true"],
                           capture_output=True)
    if probe.returncode != 0:
        pytest.skip("setpriv cannot drop capabilities here")
    return (setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner")


def read_only_copy(store: Path, where: Path, folder_too: bool) -> Path:
    where.mkdir()
    copy = where / "s.db"
    shutil.copy(store, copy)
    copy.chmod(0o444)
    if folder_too:
        where.chmod(0o555)
    return copy


# ------------------------------------------------------------------------------------------------
# check: damage is a finding, never an internal error (item 2)
# ------------------------------------------------------------------------------------------------


def damaged_copies(store: Path, folder: Path, n: int = 10, seed: int = 13) -> list[Path]:
    """``n`` copies of ``store``, each with one page of random bytes (the header page among them), or cut
    in half."""
    rng = random.Random(seed)
    size = store.stat().st_size
    copies = []
    for i in range(n):
        copy = folder / f"damaged-{i}.db"
        shutil.copy(store, copy)
        with copy.open("r+b") as f:
            if i == n - 1:
                f.truncate(size // 2)
            else:
                page = 0 if i == 0 else rng.randrange(1, size // 4096)
                f.seek(page * 4096)
                f.write(rng.randbytes(4096))
        copies.append(copy)
    return copies


def test_check_reports_damage_as_findings_and_never_crashes(store: Path, tmp_path: Path) -> None:
    for copy in damaged_copies(store, tmp_path):
        report = api.check_report(copy)
        assert not report["ok"] and report["problems"], copy.name
    # as a user runs it: exit 1 with the findings, never 70 (E099)
    for copy in damaged_copies(store, tmp_path)[-3:]:
        r = annals_cli("check", "--db", str(copy), "--json")
        assert r.returncode == 1, (copy.name, r.returncode, r.stderr)
        assert "E099" not in r.stderr and json.loads(r.stdout)["problems"]


def test_a_read_command_on_a_damaged_store_names_the_damage(store: Path, tmp_path: Path) -> None:
    copy = damaged_copies(store, tmp_path)[-1]  # cut in half
    r = annals_cli("entities", "--db", str(copy), "--json")
    assert r.returncode == 4 and r.stderr.startswith("error E043: ") and "annals check" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_fts_out_of_step_foreign_keys_and_orphans_are_findings(store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "s.db"
    shutil.copy(store, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("DELETE FROM sentences_fts_docsize WHERE id = (SELECT min(id) FROM sentences)")
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("INSERT INTO entities (name, norm, tail, type) VALUES ('Nobody Anywhere', 'nobody anywhere', "
                     "'anywhere', 'PERSON')")
    conn.close()
    problems = api.check(copy)
    assert any("full-text index" in p for p in problems)
    assert any("mentioned by no document" in p for p in problems)


# ------------------------------------------------------------------------------------------------
# Read-only stores are readable, and told apart from damaged ones (items 2 and 3)
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("folder_too", [False, True], ids=["read-only file", "read-only folder"])
def test_a_read_only_store_is_readable_and_checks_ok(store: Path, folder_too: bool) -> None:
    prefix = unprivileged()
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:  # (pytest's own folder is private to root)
        Path(tmp).chmod(0o755)
        copy = read_only_copy(store, Path(tmp) / "ro", folder_too)
        try:
            r = annals_cli("entities", "--db", str(copy), "--json", prefix=prefix)
            assert r.returncode == 0, r.stderr
            assert {e["name"] for e in json.loads(r.stdout)} >= {"Ivan Orlov", "Pyotr Belov"}
            r = annals_cli("ask", "Who founded the Amber Railway Company?", "--db", str(copy), "--json", prefix=prefix)
            assert r.returncode == 0 and "Orlov" in json.loads(r.stdout)[0]["answer"], r.stderr
            r = annals_cli("check", "--db", str(copy), "--json", prefix=prefix)
            report = json.loads(r.stdout)
            assert r.returncode == 0 and report["ok"] and report["readonly"], (r.stdout, r.stderr)
            assert "read-only" in report["note"] and ("immutable" in report["note"]) == folder_too
            # writing is refused at once, before any file is extracted, with its own code
            (Path(tmp) / "new.txt").write_text(OTHER.replace("Belov", "Markov"), encoding="utf-8")
            r = annals_cli("ingest", str(Path(tmp) / "new.txt"), "--db", str(copy), "--quiet", prefix=prefix)
            assert r.returncode == 4 and "error E042: " in r.stderr and "Traceback" not in r.stderr, r.stderr
            assert "E099" not in r.stderr
        finally:
            copy.parent.chmod(0o755)


def test_environment_failures_have_their_own_codes() -> None:
    cases = [
        (OSError(errno.ENOSPC, "No space left on device"), "E041"),
        (sqlite3.OperationalError("database or disk is full"), "E041"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "E042"),
        (OSError(errno.EROFS, "Read-only file system"), "E042"),
        (PermissionError(errno.EACCES, "Permission denied"), "E040"),
        (sqlite3.DatabaseError("database disk image is malformed"), "E043"),
        (sqlite3.OperationalError("disk I/O error"), "E044"),
    ]
    for exc, code in cases:
        failure = environment_failure(exc, "s.db")
        assert failure is not None and failure.code == code and failure.hint and "s.db" in failure.message
        assert failure.exit_code == 4
    assert environment_failure(KeyError("a bug"), "s.db") is None
    assert environment_failure(sqlite3.OperationalError("no such table: x"), "s.db") is None


def test_the_codes_of_the_machine_refusing_are_defined() -> None:
    from annals.errors import CODES  # uniqueness and documentation: tests/test_error_codes.py

    for new in ("E040", "E041", "E042", "E043", "E044", "E045", "E046"):
        assert new in CODES and CODES[new].message and CODES[new].hint


def _tmpfs_usable() -> bool:
    if not shutil.which("unshare") or os.geteuid() != 0:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _tmpfs_usable(), reason="needs root and mount namespaces to make a full disk")
def test_a_full_disk_stops_the_run_at_once_and_keeps_what_was_stored(store: Path, tmp_path: Path) -> None:
    # A small file system of our own (in a private mount namespace): one document is stored, then the
    # disk is filled, then a folder of three more is ingested.
    texts = tmp_path / "more"
    texts.mkdir()
    for i, name in enumerate(("Markov", "Tarasov", "Krylov")):  # each needs more than the space left
        long = " ".join(OTHER.replace("Belov", f"{name}{'ov' * k}").replace("Riga", f"Riga {k}").strip()
                        for k in range(60))
        (texts / f"{i}.txt").write_text(long + "\n", encoding="utf-8")
    (tmp_path / "first.txt").write_text(TEXT, encoding="utf-8")
    mnt = tmp_path / "disk"
    mnt.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    py = shlex.quote(sys.executable)
    script = (f"mount -t tmpfs -o size=3m tmpfs {mnt} && "
              f"{py} -m annals ingest {tmp_path / 'first.txt'} --db {mnt}/s.db -q && "
              f"(dd if=/dev/zero of={mnt}/filler bs=64k 2>/dev/null; true) && truncate -s -96K {mnt}/filler && "
              f"{py} -m annals ingest {texts} --db {mnt}/s.db -q --json > {tmp_path}/out.json; echo rc=$? && "
              f"{py} -m annals check --db {mnt}/s.db --json && "
              f"{py} -m annals entities --db {mnt}/s.db --json > {tmp_path}/entities.json")
    r = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert "rc=4" in r.stdout, (r.stdout, r.stderr)
    assert "error E041: " in r.stderr and "E099" not in r.stderr and "Traceback" not in r.stderr, r.stderr
    out = json.loads((tmp_path / "out.json").read_text())
    assert out["stopped"]["code"] == "E041" and len(out["failures"]) == 1  # stopped at the first one
    assert len(out["not_attempted"]) == 2
    check = json.loads(r.stdout.split("rc=4", 1)[1])
    assert check["ok"], check
    names = {e["name"] for e in json.loads((tmp_path / "entities.json").read_text())}
    assert "Ivan Orlov" in names  # what was stored before is kept


# ------------------------------------------------------------------------------------------------
# The server: a bounded body, known hosts, no folders in answers, HEAD (item 4)
# ------------------------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_413_before_it_is_read(store: Path, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from annals.web import create_app

    shutil.copy(store, tmp_path / "s.db")
    client = TestClient(create_app(tmp_path / "s.db", allow_ingest=True, max_body=10_000), base_url="http://localhost")
    r = client.post("/api/documents", json={"text": "Orlov reached Kazan in 1921. " * 1000})
    assert r.status_code == 413 and r.json()["error"]["code"] == "E045"
    assert "content-security-policy" in r.headers

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(50):
            yield b"x" * 1000

    r = client.post("/api/documents", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "E045"
    assert client.post("/api/documents", json={"text": TEXT, "name": "c.txt"}).status_code == 201


def test_only_the_hosts_it_serves_are_answered(store: Path) -> None:
    from fastapi.testclient import TestClient

    from annals.web import create_app

    app = create_app(store, allowed_hosts=["archive.example.org"])
    for host, status in (("localhost:8000", 200), ("127.0.0.1:8000", 200), ("[::1]:8000", 200),
                         ("192.168.1.20", 200), ("archive.example.org", 200), ("ARCHIVE.example.org.:80", 200),
                         ("attacker.example.com", 400), ("localhost.attacker.example.com", 400), ("", 400)):
        r = TestClient(app, base_url=f"http://{host or 'localhost'}").get("/api/documents",
                                                                          headers={"host": host})
        assert r.status_code == status, (host, r.status_code)
        if status == 400:
            assert r.json()["error"]["code"] == "E046"


def test_head_is_answered_where_get_is_and_answers_show_no_folders(store: Path) -> None:
    from fastapi.testclient import TestClient

    from annals.web import create_app

    client = TestClient(create_app(store), base_url="http://localhost")
    for url in ("/", "/api/documents", "/static/app.js", "/openapi.json"):
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code == 200, url
        assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]
    folder = str(store.parent)
    docs = client.get("/api/documents").json()["items"]
    assert {d["path"] for d in docs} == {"a.txt", "b.txt"}
    for url in ("/api/documents", f"/api/documents/{docs[0]['id']}", "/api/search?q=Kazan", "/api/timeline",
                "/api/ask?q=Who+founded+the+Amber+Railway+Company%3F", "/api/documents/nothing"):
        assert folder not in client.get(url).text, url
    missing = TestClient(create_app(store), base_url="http://localhost")
    missing.app.state.db = store.parent / "gone" / "s.db"  # the store went away while serving
    r = missing.get("/api/documents")
    assert r.status_code == 503 and folder not in r.text and "s.db" in r.text


def test_serve_takes_allowed_hosts_and_a_body_limit(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from annals import cli

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    assert cli.main(["serve", "--db", str(store), "--allowed-host", "archive.example.org", "--max-body", "2"]) == 0
    guard = seen["app"].user_middleware[-1]
    assert guard.kwargs["allowed_hosts"] == ("archive.example.org", "127.0.0.1")
    assert guard.kwargs["max_body"] == 2 * 1024 * 1024


# ------------------------------------------------------------------------------------------------
# What the probe found (item 9 of the findings, item 5 of the issue)
# ------------------------------------------------------------------------------------------------


def test_a_relative_date_past_year_9999_stays_unresolved() -> None:
    from annals.dates.timex import normalise_timex

    assert normalise_timex("the next day", "9999-12-31").value == "XXXX-XX-XX"
    assert normalise_timex("the previous day", "-9999-01-01") is not None
    assert normalise_timex("the next day", "1812-09-07").value == "1812-09-08"


@pytest.mark.parametrize("q", ["\x00", "a\x00b", "\ud800", "Kazan\udcff", '"', "\x1b[2J"])
def test_search_and_lookups_take_nul_and_lone_surrogates(store: Path, q: str) -> None:
    assert api.search(store, q) == [] or all("text" in r for r in api.search(store, q))
    api.find_entities(store, q)
    api.ask(store, [q])


def test_search_with_nul_over_http_is_not_a_server_error(store: Path) -> None:
    from fastapi.testclient import TestClient

    from annals.web import create_app

    client = TestClient(create_app(store), base_url="http://localhost", raise_server_exceptions=False)
    for url in ("/api/search?q=%00", "/api/search?q=%ED%A0%80", "/api/entities?q=%00", "/api/ask?q=%00"):
        assert client.get(url).status_code < 500, url


def test_file_names_that_are_not_utf8_are_ingested_extracted_and_removed(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/caf\xe9 notes.txt"
    with open(name, "w", encoding="utf-8") as f:
        f.write(TEXT)
    path = os.fsdecode(name)
    db = str(tmp_path / "s.db")
    r = annals_cli("ingest", path, "--db", db, "--quiet", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)  # (valid UTF-8, or this would fail)
    assert out["results"][0]["path"].endswith("caf\\xe9 notes.txt")
    r = annals_cli("extract", path, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["document"]["path"].endswith("caf\\xe9 notes.txt"), r.stderr
    r = annals_cli("remove", path, "--db", db)
    assert r.returncode == 0, r.stderr
    assert api.documents(db) == []
