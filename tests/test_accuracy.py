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
    "entity_f1": 0.93,  # issue 12 asks >= 0.92 (0.763 when the set grew)
    "alias_coverage": 0.95,  # issue 12 asks >= 0.93
    "timex_recall": 0.99,
    "timex_value_accuracy": 0.98,  # issue 12 asks >= 0.95
    "gap_recall": 1.0,
    "event_recall": 0.93,  # issue 12 asks >= 0.85 (0.768 when the set grew)
    "event_precision_lb": 0.80,  # issue 12 asks >= 0.75
    "relation_recall": 0.74,
    "relation_typed_recall": 0.73,  # issue 12 asks >= 0.70 (0.347 when the set grew)
    "relation_precision_lb": 0.77,  # issue 12 asks >= 0.60
    "qa_accuracy": 0.90,  # issue 14 asks >= 0.90
    "qa_cited": 0.89,  # issue 14 asks >= 0.88
    "qa_abstained": 0.99,  # unanswerable questions left without an answer (issue 14 asks >= 0.95)
}


# Issue 12: no single document below this entity F1 (the mean can hide one text that fails).
DOCUMENT_ENTITY_F1 = 0.87


@pytest.fixture(scope="module")
def report() -> str:
    if not (EVAL / "run_eval.py").exists():
        pytest.skip(f"no evaluation kit at {EVAL}")
    r = subprocess.run(
        [sys.executable, str(EVAL / "run_eval.py"), str(EVAL), "--annals", f"{sys.executable} -m annals"],
        capture_output=True, text=True, timeout=900,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


@pytest.fixture(scope="module")
def means(report: str) -> dict[str, float]:
    line = [ln for ln in report.splitlines() if ln.startswith("mean ")][-1]
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}


def test_no_document_falls_below_the_entity_floor(report: str) -> None:
    header = next(ln for ln in report.splitlines() if ln.split()[:1] == ["entity_f1"])
    assert header.split()[0] == "entity_f1"
    rows = [ln.split() for ln in report.splitlines() if ln.split() and ln.split()[0].endswith(".txt")]
    assert len(rows) >= 12
    low = [(r[0], float(r[1])) for r in rows if float(r[1]) < DOCUMENT_ENTITY_F1]
    assert low == []


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_figure_reaches_its_floor(means, figure):
    assert means[figure] >= FLOORS[figure], f"{figure} = {means[figure]} < {FLOORS[figure]}"
