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
    "entity_f1": 0.95,  # issue 2 asks >= 0.85; plain spaCy scores 0.59 on the seed
    "alias_coverage": 0.95,  # issue 2 asks >= 0.90
    "timex_recall": 0.97,  # issue 2 asks >= 0.95
    "timex_value_accuracy": 0.95,  # issue 2 asks >= 0.90
    "gap_recall": 1.0,  # issue 2 asks = 1.0
    "event_recall": 0.86,  # issue 3 asks >= 0.85
    "event_precision_lb": 0.79,  # issue 3 asks >= 0.75
    "relation_recall": 0.85,  # issue 3 asks >= 0.70; sentence co-occurrence scores 0.27
    "relation_typed_recall": 0.85,  # issue 3 asks >= 0.60
    "qa_accuracy": 0.95,  # issue 4 asks >= 0.85; best-sentence retrieval with spaCy entities scores 0.41
    "qa_cited": 0.90,  # issue 4 asks >= 0.80
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
