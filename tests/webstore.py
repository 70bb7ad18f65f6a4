"""The store the web tests serve: the bundled examples plus a document whose text is hostile markup."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annals import api

EXAMPLES = Path(__file__).resolve().parents[1] / "annals" / "examples"

# Plain text that a careless page would turn into live markup.  Nothing in it may ever run.
XSS_TEXT = (
    "The Xss Society was founded in Paris in 1901. "
    "Its motto was <script>window.__xss = 1</script> and its emblem "
    "<img src=x onerror=\"window.__xss = 2\">. "
    "In 1905 Pierre Dupont led the Xss Society <b onmouseover=\"window.__xss = 3\">with zeal</b>.\n"
)
XSS_SCRIPT = "<script>window.__xss = 1</script>"


def build_store(folder: Path) -> tuple[Path, str]:
    """Ingest the examples and the hostile text into ``folder/web.db``; return the store and that text's id."""
    texts = folder / "texts"
    texts.mkdir()
    for f in EXAMPLES.glob("*.txt"):
        shutil.copy(f, texts / f.name)
    (texts / "xss.txt").write_text(XSS_TEXT, encoding="utf-8")
    db = folder / "web.db"
    report = api.ingest([texts], db)
    assert not report.failures, report.failures
    xss = [d["id"] for d in api.documents(db) if d["path"].endswith("xss.txt")]
    return db, xss[0]


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a thread on a free port of 127.0.0.1; yields the base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
