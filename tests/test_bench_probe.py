"""The reliability probe of issue 13 (bench/probe_reliability.py), run in its short form: every probe
must hold (threads, damaged stores, read-only stores, the server's limits, order-independence)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_reliability_probe_holds_in_short_form() -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "probe_reliability.py"), "--short"],
                       capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = [line for line in r.stdout.splitlines() if line.startswith(("ok", "FAIL"))]
    assert len(lines) >= 6 and all(line.startswith("ok") for line in lines), r.stdout
