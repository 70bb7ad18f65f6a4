"""The accuracy figures on ../shared/eval, as the issues measure them (run_eval.py, run as a user would).

Floors only rise: each is the figure reached so far, a little below to absorb nothing but rounding.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from evalkit import EVAL_DIR as EVAL  # noqa: E402

FLOORS = {
    # The means measured on all 12 documents of ../shared/eval (issue 12), a little below to absorb rounding.
    # Reset when the development set grew from 3 to 12 documents; they rise as general rules land.
    "entity_f1": 0.91,  # issue 12 asks >= 0.92 (0.763 when the set grew)
    "alias_coverage": 0.94,  # issue 12 asks >= 0.93
    "timex_recall": 0.99,
    "timex_value_accuracy": 0.98,  # issue 12 asks >= 0.95
    "gap_recall": 1.0,
    "event_recall": 0.93,  # issue 12 asks >= 0.85 (0.768 when the set grew)
    "event_precision_lb": 0.80,  # issue 12 asks >= 0.75
    "relation_recall": 0.68,
    "relation_typed_recall": 0.67,  # issue 12 asks >= 0.70 (0.347 when the set grew)
    "relation_precision_lb": 0.73,  # issue 12 asks >= 0.60
    "qa_accuracy": 0.77,
    "qa_cited": 0.76,
    "qa_abstained": 0.92,  # unanswerable questions left without an answer
}


@pytest.fixture(scope="module")
def means() -> dict[str, float]:
    if not (EVAL / "run_eval.py").exists():
        pytest.skip(f"no evaluation kit at {EVAL}")
    r = subprocess.run(
        [sys.executable, str(EVAL / "run_eval.py"), str(EVAL), "--annals", f"{sys.executable} -m annals"],
        capture_output=True, text=True, timeout=900,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    line = [ln for ln in r.stdout.splitlines() if ln.startswith("mean ")][-1]
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_figure_reaches_its_floor(means, figure):
    assert means[figure] >= FLOORS[figure], f"{figure} = {means[figure]} < {FLOORS[figure]}"
