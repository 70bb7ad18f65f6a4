"""The confidence of ``annals ask`` against its accuracy, on the evaluation documents.

    python bench/ask_calibration.py [EVAL_DIR] [--stores DIR] [--threshold-for 0.95]

Each document of EVAL_DIR (``*.txt`` with ``*.gold.json``) is ingested once into its own store under
--stores (kept and reused).  Every question is asked with no threshold (``min_confidence=0``); an
answer is right when the scorer's rule says so (a gold answer within a short answer), and an answer to
an unanswerable question is wrong.  Prints, for each confidence bucket, how many answers fall in it and
how many are right, then the lowest threshold above which answers are right at least the asked share
of the time: the default of ``--min-confidence``.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from annals.api import ingest  # noqa: E402
from annals.ask import ask  # noqa: E402

MAX_WORDS = 12


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s or "").casefold().strip().replace("\u2019", "'")
    return s[4:] if s.startswith("the ") else s


def right(gold: dict, answer: str) -> bool:
    text = norm(answer)
    if gold.get("unanswerable"):
        return False
    return len(text.split()) <= MAX_WORDS and any(norm(x) and norm(x) in text for x in gold["answers"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("eval_dir", nargs="?", default=str(HERE.parent.parent / "shared" / "eval"))
    ap.add_argument("--stores", default="/tmp/ask-calibration")
    ap.add_argument("--threshold-for", type=float, default=0.95)
    args = ap.parse_args()
    stores = Path(args.stores)
    stores.mkdir(parents=True, exist_ok=True)
    points: list[tuple[float, bool]] = []
    unanswerable: list[float] = []  # the confidence of each guess at an unanswerable question
    n_answerable = n_unanswerable = 0
    for gold_path in sorted(Path(args.eval_dir).glob("*.gold.json")):
        name = gold_path.name[: -len(".gold.json")]
        db = stores / f"{name}.db"
        if not db.exists():
            ingest([gold_path.with_name(name + ".txt")], db)
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        qs = gold.get("questions", [])
        for g, a in zip(qs, ask(db, [q["q"] for q in qs], min_confidence=0.0), strict=True):
            n_unanswerable += bool(g.get("unanswerable"))
            n_answerable += not g.get("unanswerable")
            if g.get("unanswerable") and norm(a.get("answer", "")):
                unanswerable.append(float(a.get("confidence") or 0.0))
            if norm(a.get("answer", "")):
                points.append((float(a.get("confidence") or 0.0), right(g, a["answer"])))
    edges = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]
    print("| confidence | answers | right | accuracy |")
    print("|---|---|---|---|")
    for lo, hi in zip(edges, edges[1:], strict=False):
        inb = [ok for c, ok in points if lo <= c < hi]
        acc = f"{sum(inb) / len(inb):.2f}" if inb else "-"
        print(f"| {lo:.1f}-{min(hi, 1.0):.1f} | {len(inb)} | {sum(inb)} | {acc} |")
    print("\n| threshold | answered right (of answerable) | unanswerable abstained | right among answers |")
    print("|---|---|---|---|")
    for t in (0.0, 0.1, 0.15, 0.2, 0.25, 0.26, 0.3, 0.4, 0.5):
        above = [ok for c, ok in points if c >= t]
        abst = 1 - sum(c >= t for c in unanswerable) / max(1, n_unanswerable)
        print(f"| {t:.2f} | {sum(above) / max(1, n_answerable):.3f} | {abst:.3f} | "
              f"{sum(above) / max(1, len(above)):.3f} |")
    best = None
    for t in sorted({round(c, 3) for c, _ in points}):
        above = [ok for c, ok in points if c >= t]
        if above and sum(above) / len(above) >= args.threshold_for:
            best = t
            break
    kept = [ok for c, ok in points if best is not None and c >= best]
    print(f"\nthreshold for {args.threshold_for:.0%} right: {best} "
          f"({len(kept)} answers kept of {len(points)}, {sum(kept)} right)")


if __name__ == "__main__":
    main()
