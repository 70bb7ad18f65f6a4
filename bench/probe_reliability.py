"""Probe the failures of issue 13 as an attacker and a careless user would, and report what holds.

    python bench/probe_reliability.py [--docs 100] [--threads 8] [--corrupt 10] [--orders 5]
                                      [--order-docs 24] [--out bench/results/reliability.md]
    python bench/probe_reliability.py --short        # the form tests/test_bench_probe.py runs

Each probe prints one line, ``ok`` or ``FAIL``, with what it measured; the exit status is 1 when
one failed.  The probes:

* **threads**: ``--docs`` generated articles extracted by ``--threads`` threads at once, each whole
  contract (every entity, date, event, relation with offsets) compared with a sequential run; then
  the same articles uploaded at that concurrency to ``annals serve --allow-ingest``'s application,
  the stored documents compared with sequential uploads, and ``annals check`` on the result.
* **check**: ``--corrupt`` copies of a store, each with one page of random bytes (the header page
  among them) or cut in half: ``annals check`` must exit 1 with findings, never 70 (E099).
* **read-only**: a store in a read-only file and in a read-only folder: ``annals entities`` and
  ``annals check`` work and say ok; ``annals ingest`` is refused at once with E042.  As root the
  commands run without the capabilities that override permissions (setpriv); skipped if impossible.
* **server**: a real ``annals serve`` process: a declared 200 MB body gets 413 before it is read (the
  server's memory is compared before and after), a streamed one too, a foreign Host gets 400,
  ``HEAD /`` 200, ``/api/search?q=%00`` no server error, and no answer shows the store's folder.
* **orders**: ``--order-docs`` articles (which share surnames) ingested in ``--orders`` orders and
  groupings (the sorted folder at once, one by one in reverse, random groups), each group one
  ``annals.ingest`` call (what ``annals ingest FILES`` runs): every canonical entity (type, name,
  the document entities it gathers) must be the same in every store.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import articles  # noqa: E402

ENV = dict(os.environ, COLUMNS="200", PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
RESULTS: list[tuple[str, bool, str]] = []


def report(name: str, ok: bool, detail: str) -> None:
    RESULTS.append((name, ok, detail))
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}", flush=True)


def annals(*args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, sys.executable, "-m", "annals", *args], capture_output=True, text=True,
                          env=ENV, timeout=600)


def write_corpus(folder: Path, n: int, seed: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in articles(n, seed=seed):
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths


# -- threads ------------------------------------------------------------------------------------


def probe_threads(tmp: Path, n_docs: int, threads: int) -> None:
    from fastapi.testclient import TestClient

    from annals import api
    from annals.extract import extract_text
    from annals.store import Store
    from annals.web import create_app

    docs = list(articles(n_docs, seed=101))

    def contract(d: tuple[str, str]) -> str:
        return json.dumps(extract_text(d[1], d[0]).to_contract(), sort_keys=True)

    started = time.monotonic()
    sequential = [contract(d) for d in docs]
    with ThreadPoolExecutor(threads) as pool:
        futures = [pool.submit(contract, d) for d in docs]
    errors = sum(1 for f in futures if f.exception() is not None)
    differ = sum(1 for f, s in zip(futures, sequential, strict=True) if f.exception() is None and f.result() != s)
    report("threads: extract_text", errors == 0 and differ == 0,
           f"{n_docs} documents, {threads} threads: {errors} exceptions, {differ} contracts differ from a "
           f"sequential run ({time.monotonic() - started:.0f} s)")

    n_up = min(n_docs, max(8, n_docs // 2))
    for name in ("one", "many"):
        Store(tmp / f"{name}.db").close()
    one = TestClient(create_app(tmp / "one.db", allow_ingest=True), base_url="http://localhost")
    for name, text in docs[:n_up]:
        one.post("/api/documents", json={"text": text, "name": name})
    many = TestClient(create_app(tmp / "many.db", allow_ingest=True), base_url="http://localhost",
                      raise_server_exceptions=False)
    with ThreadPoolExecutor(threads) as pool:
        statuses = list(pool.map(lambda d: many.post("/api/documents", json={"text": d[1], "name": d[0]}).status_code,
                                 docs[:n_up]))

    def stored(db: Path) -> list:
        out = []
        for d in sorted(api.documents(db), key=lambda d: d["title"]):
            full = api.document(db, d["id"])
            out.append(json.dumps({k: full[k] for k in ("title", "content_hash", "sentences", "timexes", "events")},
                                  sort_keys=True))
            out.append(sorted((e["type"], e["name"], len(e["mentions"])) for e in full["entities"]))
            out.append(sorted(json.dumps({k: v for k, v in r.items() if not k.endswith("_id")}, sort_keys=True)
                              for r in full["relations"]))
        return out

    bad = sum(s != 201 for s in statuses)
    same = stored(tmp / "many.db") == stored(tmp / "one.db")
    problems = api.check(tmp / "many.db")
    report("threads: uploads", bad == 0 and same and not problems,
           f"{n_up} uploads at concurrency {threads}: {bad} not 201, stored documents "
           f"{'equal to' if same else 'DIFFERENT from'} sequential uploads, check: {problems or 'ok'}")


# -- check ----------------------------------------------------------------------------------------


def probe_check(store: Path, tmp: Path, n: int) -> None:
    rng = random.Random(7)
    size = store.stat().st_size
    codes = []
    for i in range(n):
        copy = tmp / f"damaged-{i}.db"
        shutil.copy(store, copy)
        with copy.open("r+b") as f:
            if i == n - 1:
                f.truncate(size // 2)
            else:
                page = 0 if i == 0 else rng.randrange(1, size // 4096)
                f.seek(page * 4096)
                f.write(rng.randbytes(4096))
        r = annals("check", "--db", str(copy), "--json")
        found = r.returncode == 1 and bool(r.stdout) and bool(json.loads(r.stdout)["problems"])
        codes.append((r.returncode, found))
    report("check: damaged stores", all(found for _, found in codes) and all(c == 1 for c, _ in codes),
           f"{n} damaged copies: exit codes {sorted({c for c, _ in codes})}, "
           f"{sum(found for _, found in codes)} with findings, {sum(c == 70 for c, _ in codes)} internal errors")


# -- read-only --------------------------------------------------------------------------------------


def unprivileged() -> tuple[str, ...] | None:
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    caps = "--bounding-set=-dac_override,-dac_read_search,-fowner"
    if setpriv and subprocess.run([setpriv, caps, "true"], capture_output=True).returncode == 0:
        return (setpriv, caps)
    return None


def probe_read_only(store: Path, sample: Path) -> None:
    prefix = unprivileged()
    if prefix is None:
        report("read-only", True, "skipped: root without setpriv, permissions cannot apply")
        return
    for folder_too in (False, True):
        with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
            Path(tmp).chmod(0o755)
            where = Path(tmp) / "ro"
            where.mkdir()
            copy = where / "s.db"
            shutil.copy(store, copy)
            copy.chmod(0o444)
            if folder_too:
                where.chmod(0o555)
            try:
                entities = annals("entities", "--db", str(copy), "--json", prefix=prefix)
                check = annals("check", "--db", str(copy), "--json", prefix=prefix)
                ingest = annals("ingest", str(sample), "--db", str(copy), "--quiet", prefix=prefix)
            finally:
                where.chmod(0o755)
            n = len(json.loads(entities.stdout)) if entities.returncode == 0 else 0
            ok_check = check.returncode == 0 and json.loads(check.stdout)["ok"]
            refused = ingest.returncode == 4 and "E042" in ingest.stderr
            what = "folder" if folder_too else "file"
            report(f"read-only {what}", n > 0 and ok_check and refused,
                   f"entities exit {entities.returncode} ({n} entities), check exit {check.returncode} "
                   f"({'ok' if ok_check else check.stdout[:80]}), ingest exit {ingest.returncode} "
                   f"({ingest.stderr.strip().split(':')[0]})")


# -- server ------------------------------------------------------------------------------------------


def peak_rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def raw_post(port: int, size: int, chunked: bool) -> tuple[int | None, int]:
    """POST ``size`` bytes to /api/documents as a client that sends them all unless the server answers
    or closes first: (the status it answered, or None when it closed without one we could read; the
    bytes sent).  (A server that closes with part of the body unread resets the connection, which can
    discard its answer before the client reads it.)"""
    sock = socket.create_connection(("127.0.0.1", port), timeout=120)
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
    sock.sendall(f"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                 f"{framing}\r\n\r\n".encode())
    piece = b"x" * (1 << 20)
    sent = 0
    try:
        while sent < size:
            if select.select([sock], [], [], 0 if sent else 0.5)[0]:  # (as curl waits for an early answer)
                break  # the server answered before the body was sent
            data = piece[: size - sent]
            sock.sendall(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
            sent += len(data)
        else:
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        answer = sock.recv(200)
    except OSError:
        answer = b""
    finally:
        sock.close()
    parts = answer.split()
    return (int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None), sent


def probe_server(store: Path) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    proc = subprocess.Popen([sys.executable, "-m", "annals", "serve", "--db", str(store), "--port", str(port),
                             "--allow-ingest"], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    report("server", False, "did not start")
                    return
                time.sleep(0.2)

        def request(method: str, url: str, body: bytes | None = None, headers: dict | None = None
                    ) -> tuple[int, bytes]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request(method, url, body=body, headers=headers or {})
            r = conn.getresponse()
            data = r.read()
            conn.close()
            return r.status, data

        before = peak_rss_kb(proc.pid)
        big, big_sent = raw_post(port, 200 * 1024 * 1024, chunked=False)  # declared 200 MB
        streamed, streamed_sent = raw_post(port, 64 * 1024 * 1024, chunked=True)  # 64 MB, no declared length
        after = peak_rss_kb(proc.pid)
        refused = big == 413 and (streamed == 413 or (streamed is None and streamed_sent < 64 * 1024 * 1024))
        foreign, _ = request("GET", "/api/documents", headers={"Host": "rebound.attacker.example"})
        head, head_body = request("HEAD", "/")
        nul, _ = request("GET", "/api/search?q=%00")
        folder = str(store.parent).encode()
        leaks = [url for url in ("/api/documents", "/api/search?q=Army", "/api/documents/none")
                 if folder in request("GET", url)[1]]
        ok = refused and (foreign, head, nul) == (400, 200, 200) and not head_body and not leaks \
            and after - before < 2 * 16 * 1024
        streamed_text = str(streamed) if streamed else f"connection closed after {streamed_sent >> 20} MB sent"
        report("server", ok, f"200 MB POST -> {big} after {big_sent >> 20} MB sent, streamed 64 MB POST -> "
                             f"{streamed_text} (server's peak RSS {before // 1024} -> {after // 1024} MB), "
                             f"foreign Host -> {foreign}, HEAD / -> {head}, search q=%00 -> {nul}, answers showing "
                             f"the store's folder: {len(leaks)}")
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


# -- orders -------------------------------------------------------------------------------------------


def signature(db: Path) -> list:
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = conn.execute("SELECT e.type, e.name, d.doc, d.local_id FROM entities e JOIN doc_entities d "
                        "ON d.entity = e.id").fetchall()
    conn.close()
    groups: dict[tuple, set] = {}
    for etype, name, doc, local in rows:
        groups.setdefault((etype, name), set()).add((doc, local))
    return sorted((t, n, tuple(sorted(m))) for (t, n), m in groups.items())


def probe_orders(tmp: Path, n_docs: int, n_orders: int) -> None:
    from annals import api

    files = write_corpus(tmp / "texts", n_docs, seed=5)
    rng = random.Random(11)
    signatures = []
    started = time.monotonic()
    for k in range(n_orders):
        order = files[:]
        rng.shuffle(order)
        if k == 0:
            groups = [sorted(files)]  # one ingest of the sorted folder
        elif k == 1:
            groups = [[f] for f in reversed(sorted(files))]  # one by one, in reverse
        else:
            cuts = sorted(rng.sample(range(1, len(order)), rng.randint(1, min(5, len(order) - 1))))
            groups = [order[a:b] for a, b in zip([0, *cuts], [*cuts, len(order)], strict=True)]
        db = tmp / f"order-{k}.db"
        for group in groups:  # each group one ingest, as `annals ingest FILES...` runs it (in this process)
            r = api.ingest(group, db)
            if r.failures:
                report("orders", False, f"ingest failed: {r.failures[:2]}")
                return
        signatures.append(signature(db))
    distinct = len({json.dumps(s) for s in signatures})
    report("orders", distinct == 1,
           f"{n_docs} documents in {n_orders} orders and groupings (sorted folder, one by one reversed, random "
           f"groups): {distinct} distinct sets of entities ({len(signatures[0])} entities; "
           f"{time.monotonic() - started:.0f} s)")


# -- main ---------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--corrupt", type=int, default=10)
    parser.add_argument("--orders", type=int, default=5)
    parser.add_argument("--order-docs", type=int, default=24)
    parser.add_argument("--short", action="store_true", help="small sizes, for the test suite")
    parser.add_argument("--out", type=Path, default=None, help="write the results as Markdown here")
    args = parser.parse_args()
    if args.short:
        args.docs, args.corrupt, args.orders, args.order_docs = 8, 3, 3, 6
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        files = write_corpus(tmp / "base", 6, seed=3)
        r = annals("ingest", str(tmp / "base"), "--db", str(tmp / "base.db"), "--quiet")
        assert r.returncode == 0, r.stderr
        (tmp / "threads").mkdir()
        probe_threads(tmp / "threads", args.docs, args.threads)
        (tmp / "check").mkdir()
        probe_check(tmp / "base.db", tmp / "check", args.corrupt)
        probe_read_only(tmp / "base.db", files[0])
        probe_server(tmp / "base.db")
        (tmp / "orders").mkdir()
        probe_orders(tmp / "orders", args.order_docs, args.orders)
    failed = [name for name, ok, _ in RESULTS if not ok]
    if args.out:
        command = "python bench/probe_reliability.py " + " ".join(sys.argv[1:])
        lines = ["# Reliability probe (issue 13)", "", f"command: `{command.strip()}`",
                 f"machine: {platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} CPUs", ""]
        lines += [f"- {'ok' if ok else 'FAIL'} **{name}**: {detail}" for name, ok, detail in RESULTS]
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(RESULTS) - len(failed)} of {len(RESULTS)} probes hold" + (f"; failed: {failed}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
