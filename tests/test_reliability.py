"""Bad input end to end, run as a user runs it (``python -m annals``) (issue 5, item 1).

A file that cannot be read gets one line, ``error E0xx: <file> ... (what to do)``, and a non-zero exit;
in a batch the other files go on and the failures are summed up at the end (exit 1 when some
succeeded, 2 when none did).  Legitimate text in another encoding or format is processed correctly.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from annals import api
from annals.extract import MAX_PIECE, _pieces, extract_text
from annals.read import read_bytes, read_path
from annals.segment import segment
from annals.store import SCHEMA_VERSION, Store
from annals.store.util import ALIAS_CORE, ALIAS_TAIL

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from corpus import articles  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
GOOD = "General Ivan Petrov reached Kazan in May 1919. He left Kazan in June 1919.\n"
LATIN1 = "General François Dupré reached Besançon in May 1871; the Société Générale had opened there in 1859.\n"
CP1251 = ("General Andrey Vlasov (Андрей Андреевич Власов) arrived in Prague in May 1945. "
          "Комитет освобождения народов России был основан в ноябре 1944 года.\n")
UTF16 = "General Pyotr Krasnov reached Novocherkassk in May 1918. Krasnov was elected ataman.\n"
HTML = """<!DOCTYPE html><html><head><title>The Prague uprising</title>
<style>body { color: red } .Hidden { display: none }</style>
<script>var leader = "Boris Scriptov"; document.write("Colonel Anton Scriptov");</script></head>
<body><h1>The Prague uprising</h1><p>General Andrey Vlasov reached Prague on 5 May 1945.</p>
<script>alert("Captain Ivan Alertov arrived in 1999")</script>
<p>Sergei Bunyachenko led the division.</p><style>p { margin: 0 }</style></body></html>
"""
MARKDOWN = """# The Don Host

* [unclosed link(
**bold _nested `code
```
an unclosed fence
> > > quoted | a | b
|--
Ataman Pyotr Krasnov was elected on 16 May 1918.
"""


def annals(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annals", *args], capture_output=True, text=True, cwd=cwd,
                          env=dict(os.environ, COLUMNS="200"), timeout=300)


def assert_one_line_error(r: subprocess.CompletedProcess[str], code: str, name: str, exit_code: int = 2) -> None:
    assert r.returncode == exit_code, (r.returncode, r.stderr)
    assert r.stdout == ""
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith(f"error {code}: ") and name in lines[0], lines[0]
    assert lines[0].endswith(")"), "the line ends with what to do, in parentheses"


def _zip_bytes() -> bytes:
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("chapter.txt", "General Ivan Petrov reached Kazan in May 1919.")
    return buf.getvalue()


# ------------------------------------------------------------------------------------------------
# One file: one line, a non-zero exit, no traceback
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "make", "code"), [
    ("empty.txt", lambda p: p.write_bytes(b""), "E003"),
    ("blank.txt", lambda p: p.write_bytes(b" \n\r\n\t  \n"), "E003"),
    ("picture.png", lambda p: p.write_bytes(PNG), "E004"),
    ("picture.txt", lambda p: p.write_bytes(PNG), "E004"),
    ("archive.zip", lambda p: p.write_bytes(_zip_bytes()), "E004"),
    ("archive.txt", lambda p: p.write_bytes(_zip_bytes()), "E004"),
    ("nowhere.txt", lambda p: None, "E001"),
    ("folder.txt", lambda p: p.mkdir(), "E002"),
    ("pipe.txt", lambda p: os.mkfifo(p), "E002"),
    ("broken.txt", lambda p: p.symlink_to(p.parent / "gone.txt"), "E002"),
])
def test_extract_of_a_bad_file_is_one_line_and_a_non_zero_exit(tmp_path: Path, name, make, code) -> None:
    path = tmp_path / name
    make(path)
    assert_one_line_error(annals("extract", str(path), "--json"), code, str(path))


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    r = annals("--debug", "extract", str(tmp_path / "empty.txt"))
    assert r.returncode != 0 and "Traceback" in r.stderr and "E003" in r.stderr


def test_store_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    notes = tmp_path / "notes.db"
    notes.write_text("my notes, not a database\n" * 50, encoding="utf-8")
    before = notes.read_bytes()
    for args in (("ingest", str(tmp_path / "good.txt"), "--quiet"), ("entities",), ("check",), ("ask", "Who?")):
        r = annals(*args, "--db", str(notes))
        assert_one_line_error(r, "E010", str(notes), exit_code=3)
    assert notes.read_bytes() == before
    assert not (tmp_path / "notes.db-wal").exists()


def test_store_from_a_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "future.db"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    for args in (("ingest", str(tmp_path / "good.txt"), "--quiet"), ("entities",), ("timeline",), ("check",)):
        r = annals(*args, "--db", str(db))
        assert_one_line_error(r, "E011", str(db), exit_code=3)
        assert "upgrade annals" in r.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    conn.close()


def test_store_from_an_older_schema_is_upgraded_without_loss(tmp_path: Path) -> None:
    from test_store import _make_version_1_store

    db = tmp_path / "v1.db"
    _make_version_1_store(db)
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    columns = {t: ", ".join(r[1] for r in conn.execute(f"PRAGMA table_info({t})")) for t in tables}
    before = {t: conn.execute(f"SELECT {columns[t]} FROM {t} ORDER BY rowid").fetchall() for t in tables}
    conn.close()
    r = annals("entities", "--db", str(db), "--json")  # a reader: upgrades through a short write
    assert r.returncode == 0, r.stderr
    assert [e["name"] for e in json.loads(r.stdout)] == ["Marta Kell"]
    r = annals("check", "--db", str(db))
    assert (r.returncode, r.stdout.strip()) == (0, "ok"), r.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    # (schema 13 stores an alias's core and tail as "" where they repeat its norm and core: read them whole)
    forms = {"core": ALIAS_CORE.format("entity_aliases"), "tail": ALIAS_TAIL.format("entity_aliases")}
    read = {t: columns[t] if t != "entity_aliases" else ", ".join(forms.get(c, c) for c in columns[t].split(", "))
            for t in tables}
    # (schema 18: an alias's and a title's entity is read from its document entity)
    source = {t: f"(SELECT x.rowid AS rowid, x.*, d.entity FROM {t} x JOIN doc_entity_rows d ON d.id = x.doc_entity) "
                 f"AS {t}" if t in ("entity_aliases", "entity_titles") else t for t in tables}
    after = {t: conn.execute(f"SELECT {read[t]} FROM {source[t]} ORDER BY rowid").fetchall() for t in tables}
    assert after == before  # every row and column of every table of the old schema, as it was
    # what later versions add is derived from it
    assert conn.execute("SELECT name, n_mentions FROM entities").fetchall() == [
        ("Marta Kell", conn.execute("SELECT count(*) FROM mentions").fetchone()[0])]
    assert conn.execute("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH 'pass'").fetchall() == [(1,)]
    conn.close()


# ------------------------------------------------------------------------------------------------
# A batch: every kind of file in one folder
# ------------------------------------------------------------------------------------------------

BAD = {"empty.txt": "E003", "blank.md": "E003", "picture.txt": "E004", "archive.txt": "E004",
       "pipe.txt": "E002", "broken.txt": "E002", "nowhere.txt": "E001"}


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    folder = tmp_path_factory.mktemp("messy")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))
    (folder / "cyrillic.txt").write_bytes(CP1251.encode("cp1251"))
    (folder / "utf16.txt").write_bytes(UTF16.encode("utf-16"))  # with its byte-order mark
    (folder / "page.html").write_text(HTML, encoding="utf-8")
    (folder / "notes.md").write_text(MARKDOWN, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("\n\n   \n", encoding="utf-8")
    (folder / "picture.txt").write_bytes(PNG)
    (folder / "picture.png").write_bytes(PNG)  # not a document suffix: not even tried
    (folder / "archive.txt").write_bytes(_zip_bytes())
    os.mkfifo(folder / "pipe.txt")
    (folder / "broken.txt").symlink_to(folder / "gone.txt")
    locked = folder / "locked.txt"
    locked.write_text("Admiral Ivan Grigorovich visited Sevastopol in 1913.\n", encoding="utf-8")
    locked.chmod(0)
    (folder / "chapter.txt").mkdir()  # a folder named like a file is walked like a folder
    (folder / "chapter.txt" / "inner.txt").write_text("Colonel Pavel Pestel was hanged in July 1826.\n",
                                                      encoding="utf-8")
    db = folder / "store.db"
    r = annals("ingest", str(folder), str(folder / "nowhere.txt"), "--db", str(db), "--quiet", "--json")
    locked.chmod(0o644)
    return folder, db, r


def test_batch_goes_on_past_bad_files_and_sums_them_up(batch) -> None:
    folder, db, r = batch
    assert r.returncode == 1, r.stderr  # some failed, some succeeded
    assert "Traceback" not in r.stderr
    report = json.loads(r.stdout)
    failed = {Path(f["path"]).name: f["code"] for f in report["failures"]}
    readable_locked = os.access(folder / "locked.txt", os.R_OK) and os.geteuid() == 0  # root reads it anyway
    want = dict(BAD) if readable_locked else {**BAD, "locked.txt": "E002"}
    assert failed == want
    stored = {Path(x["path"]).name for x in report["results"]}
    assert stored == {"good.txt", "latin1.txt", "cyrillic.txt", "utf16.txt", "page.html", "notes.md", "inner.txt"} | (
        {"locked.txt"} if readable_locked else set())
    summary, *lines = r.stderr.strip().splitlines()
    assert f"{len(want)} failed" in summary and str(db) in summary
    assert len(lines) == len(want)
    for name, code in want.items():
        [line] = [ln for ln in lines if f"{name}: {code}" in ln]
        assert line.strip().startswith("failed: ") and line.endswith(")")
    with Store(db) as s:
        assert s.check() == []


def _stored(db: Path, name: str) -> dict:
    with Store(db) as s:
        [doc] = [d for d in s.documents() if Path(d["path"]).name == name]
        return s.document(doc["id"])


def test_legacy_encodings_and_utf16_are_decoded_right(batch) -> None:
    _, db, _ = batch
    latin = _stored(db, "latin1.txt")
    assert latin["encoding"] == "latin-1" and latin["text"] == LATIN1
    assert any(e["name"] == "François Dupré" for e in latin["entities"])
    cyr = _stored(db, "cyrillic.txt")
    assert cyr["encoding"] == "cp1251" and "Андрей Андреевич Власов" in cyr["text"]
    assert any("Комитет освобождения" in s["text"] for s in cyr["sentences"])
    utf16 = _stored(db, "utf16.txt")
    assert utf16["encoding"].startswith("utf-16") and utf16["text"] == UTF16
    assert {t["value"] for t in utf16["timexes"]} == {"1918-05"}
    assert any(e["name"] == "Pyotr Krasnov" for e in utf16["entities"])


def test_script_and_style_never_reach_the_model(batch) -> None:
    _, db, _ = batch
    page = _stored(db, "page.html")
    assert page["title"] == "The Prague uprising"
    assert "Andrey Vlasov" in page["text"] and "Bunyachenko" in page["text"]
    conn = sqlite3.connect(db)
    dump = "\n".join(str(v) for table, col in [("documents", "text"), ("documents", "title"), ("sentences", "text"),
                                                ("entities", "name"), ("entity_aliases", "alias"),
                                                ("mentions", "text"), ("timexes", "text"), ("events", "description"),
                                                ("events", "participants"), ("events", "extra"),
                                                ("relations", "subject"), ("relations", "object"),
                                                ("relations", "extra")]
                     for (v,) in conn.execute(f"SELECT {col} FROM {table}"))
    conn.close()
    for leaked in ("Scriptov", "Alertov", "alert(", "document.write", "color", "margin", "display", "1999"):
        assert leaked not in dump, leaked


def test_malformed_markdown_is_read_as_text(batch) -> None:
    _, db, _ = batch
    md = _stored(db, "notes.md")
    assert md["format"] == "markdown" and md["title"] == "The Don Host"
    assert "Pyotr Krasnov" in md["text"] and "# " not in md["text"]  # (unclosed ** stays literal, as in CommonMark)
    assert {t["value"] for t in md["timexes"]} == {"1918-05-16"}


def test_a_crash_on_one_file_does_not_end_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import annals.extract

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"General Ivan Petrov reached Kazan in May 1919. ({name})", encoding="utf-8")
    real = annals.extract.extract_raw

    def flaky(raw):  # noqa: ANN001, ANN202
        if raw.path.endswith("b.txt"):
            raise AssertionError("a bug in a component")
        return real(raw)

    monkeypatch.setattr(annals.extract, "extract_raw", flaky)
    report = api.ingest([tmp_path], tmp_path / "s.db")
    assert [Path(p).name for p, _ in report.results] == ["a.txt", "c.txt"]
    [(path, err)] = report.failures
    assert Path(path).name == "b.txt" and err.code == "E099" and "AssertionError" in err.message
    with Store(tmp_path / "s.db") as s:
        assert len(s.documents()) == 2 and s.check() == []


def test_deeply_nested_markdown_loses_no_text() -> None:
    # markdown-it drops blocks nested deeper than its limit (ten levels of list by default)
    items = "".join("  " * i + f"- item{i}\n" for i in range(30))
    text = read_bytes(items.encode(), name="list.md").text
    assert all(f"item{i}" in text for i in range(30))
    quotes = "> " * 300 + "General Ivan Petrov arrived."
    assert "General Ivan Petrov arrived." in read_bytes(quotes.encode(), name="quote.md").text


def test_batch_of_only_bad_files_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    r = annals("ingest", str(tmp_path / "empty.txt"), str(tmp_path / "nowhere.md"), "--db", str(tmp_path / "s.db"),
               "--quiet")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "2 failed" in r.stderr and "empty.txt: E003" in r.stderr and "nowhere.md: E001" in r.stderr


# ------------------------------------------------------------------------------------------------
# Large input
# ------------------------------------------------------------------------------------------------


def test_a_50_mb_text_is_read_and_segmented_and_cut_into_bounded_pieces(tmp_path: Path) -> None:
    chunk = "\n".join(t for _, t in articles(200, seed=3)) + "\n"
    path = tmp_path / "big.txt"
    with path.open("w", encoding="utf-8") as f:
        for _ in range(50_000_000 // len(chunk) + 1):
            f.write(chunk)
    assert path.stat().st_size >= 50_000_000
    started = time.monotonic()
    raw = read_path(path)
    seg = segment(raw.text)
    assert len(raw.text) >= 50_000_000 and raw.encoding == "utf-8"
    assert len(seg.paragraphs) > 50_000 and len(seg.sections) > 10_000
    pieces = list(_pieces(raw.text, seg.paragraphs))
    assert len(pieces) == len(seg.paragraphs) and all(e - s <= MAX_PIECE for s, e, _ in pieces)
    assert time.monotonic() - started < 60
    # Extraction itself runs ~3,700 words a second here: a 50 MB file takes most of an hour (see
    # bench/bench_memory.py), so the test extracts the first paragraphs, about 20 KB.
    end = next(p.end for p in seg.paragraphs if p.end > 20_000)
    doc = extract_text(raw.text[:end], str(path))
    assert len(doc.sentences) > 100 and len(doc.entities) > 20
    for t in doc.timexes:
        assert raw.text[t.start : t.end] == t.text


def test_relations_find_their_dates_without_scanning_every_date_of_the_document(monkeypatch) -> None:
    # Each relation scanned all the document's dates: 61 s of a 2 MB text's 158 s, quadratic in its length.
    import annals.extract
    import annals.relations.document

    scans: list[int] = []

    class CountingList(list):
        def __iter__(self):  # noqa: ANN204
            scans.append(1)
            return super().__iter__()

    real = annals.relations.document.link_relations

    def counting(doc, candidates, index):  # noqa: ANN001, ANN202
        doc.timexes = CountingList(doc.timexes)
        try:
            return real(doc, candidates, index)
        finally:
            doc.timexes = list(doc.timexes)

    monkeypatch.setattr(annals.extract, "link_relations", counting)
    text = " ".join(f"In {1900 + i} General Ivan Orlov led the Free National Army against the Poles."
                    for i in range(40))
    doc = extract_text(text)
    assert len(doc.relations) >= 40
    assert {r["time"]["value"] for r in doc.relations if r["relation"] == "LEADER_OF"} == {
        str(1900 + i) for i in range(40)}
    assert len(scans) <= 2, f"{len(scans)} scans of all dates for {len(doc.relations)} relations"


def test_a_long_sentence_without_punctuation_is_extracted_in_bounded_memory(tmp_path: Path) -> None:
    # 1 MB takes 50-60 s here (peak RSS was 2.9 GB before extraction bounded its batches by characters),
    # so the test uses 60 KB: still several pieces of at most MAX_PIECE characters, cut at whitespace.
    words = [w.strip(".,;:()'").lower() for _, t in articles(30, seed=4) for w in t.split()]
    text = " ".join(w for w in words if w)
    while len(text) < 60_000:
        text += " " + text
    path = tmp_path / "one-sentence.txt"
    path.write_text(text[:60_000].rsplit(" ", 1)[0], encoding="utf-8")
    probe = ("import resource, sys\nfrom annals.cli import main\nrc = main(sys.argv[1:])\n"
             "print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\nsys.exit(rc)")
    r = subprocess.run([sys.executable, "-c", probe, "extract", str(path), "--json"], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["document"]["sentences"] >= 1 and data["document"]["sections"][0]["end"] > 59_000
    peak_mb = int(r.stderr.split("maxrss")[-1].split()[0]) / 1024
    assert peak_mb < 1000, peak_mb  # ~0.3 GB here: the pipeline and one piece in flight
