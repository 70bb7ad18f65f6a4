"""Extraction from many threads at once gives what a sequential run gives (issue 13, item 1).

Components keep what they learn of the document they read on their instance while they run, so
threads must not share a pipeline: :func:`annals.pipeline.load_pipeline` gives one per thread, and
the server extracts uploads on a few threads of its own.  The tests compare whole contracts (every
entity, date, event and relation with its offsets), not counts.
"""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from annals import api
from annals.extract import extract_text
from annals.pipeline import load_pipeline

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from corpus import articles  # noqa: E402

THREADS = 8


def _contract(name: str, text: str) -> str:
    return json.dumps(extract_text(text, name).to_contract(), sort_keys=True, ensure_ascii=False)


def test_each_thread_has_its_own_pipeline() -> None:
    mine = load_pipeline()
    assert load_pipeline() is mine
    with ThreadPoolExecutor(2) as pool:
        theirs = list(pool.map(lambda _: id(load_pipeline()), range(2)))
    assert id(mine) not in theirs


def test_extraction_in_8_threads_equals_a_sequential_run() -> None:
    docs = list(articles(16, seed=41))
    sequential = [_contract(name, text) for name, text in docs]
    with ThreadPoolExecutor(THREADS) as pool:
        threaded = list(pool.map(lambda d: _contract(*d), docs))
    differ = [docs[i][0] for i, (a, b) in enumerate(zip(sequential, threaded, strict=True)) if a != b]
    assert not differ, f"{len(differ)} of {len(docs)} documents differ when extracted in threads: {differ}"


def _stored(db: Path) -> list[tuple]:
    """What a store holds of its documents, comparable across stores (no times, no row ids)."""
    out = []
    for d in sorted(api.documents(db), key=lambda d: d["title"]):
        full = api.document(db, d["id"])
        out.append((d["title"], d["content_hash"], len(full["sentences"]),
                    sorted((e["type"], e["name"], len(e["mentions"])) for e in full["entities"]),
                    sorted((t["text"], t["start"], t["value"]) for t in full["timexes"]),
                    sorted(json.dumps({k: v for k, v in r.items() if not k.endswith("_id")}, sort_keys=True)
                           for r in full["relations"]),
                    len(full["events"])))
    return out


def test_uploads_at_concurrency_8_store_what_sequential_uploads_store(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from annals.store import Store
    from annals.web import create_app

    docs = list(articles(12, seed=43))
    for name in ("one", "many"):
        Store(tmp_path / f"{name}.db").close()
    one = TestClient(create_app(tmp_path / "one.db", allow_ingest=True), base_url="http://localhost")
    for name, text in docs:
        assert one.post("/api/documents", json={"text": text, "name": name}).status_code == 201
    many = TestClient(create_app(tmp_path / "many.db", allow_ingest=True), base_url="http://localhost")
    with ThreadPoolExecutor(THREADS) as pool:
        statuses = list(pool.map(lambda d: many.post("/api/documents", json={"text": d[1], "name": d[0]}).status_code,
                                 docs))
    assert statuses == [201] * len(docs)
    assert _stored(tmp_path / "many.db") == _stored(tmp_path / "one.db")
    assert api.check(tmp_path / "many.db") == []
