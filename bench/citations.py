"""How many relations and events cite text that names each of their participants.

    python bench/citations.py [FILE ...]     # default: the evaluation documents of ../shared/eval

A relation or event is *cited* when every participant (a relation's subject and object, an event's
participants) has a mention inside the span its ``source`` gives: the reader who opens the citation finds
each participant named there.  Where a pronoun or a description stands for a participant, the citation
must also cover the sentence that names it; a relation whose participant is named further back says where
(``named_in``), counted apart.  Prints the shares per document and in all, and writes
bench/results/citations.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from annals.extract import extract_path  # noqa: E402

EVAL = HERE.parent.parent / "shared" / "eval"


def cited(record: dict, mentions: dict[str, list[tuple[int, int]]], ids: list[str], named_in: bool = False) -> bool:
    """Every entity of ``ids`` has a mention within the record's source span (or, with ``named_in``, within
    the sentence the record gives as where that participant is named)."""
    spans = [record.get("source") or {}] + (record.get("named_in", []) if named_in else [])
    return all(any(sp.get("start", -1) <= a and b <= sp.get("end", -1) for a, b in mentions.get(i, []) for sp in spans)
               for i in ids if i)


def check(path: Path) -> tuple[int, int, int, list[str]]:
    doc = extract_path(path)
    mentions = {e.id: [(m.start, m.end) for m in e.mentions] for e in doc.entities}
    total = good = pointed = 0
    bad: list[str] = []
    for r in doc.relations:
        total += 1
        ids = [r.get("subject_id"), r.get("object_id")]
        if cited(r, mentions, ids):
            good += 1
        else:
            bad.append(f"relation {r['subject']} {r['relation']} {r['object']}")
        pointed += cited(r, mentions, ids, named_in=True)
    for v in doc.events:
        total += 1
        if cited(v, mentions, [p.get("entity") for p in v.get("participants", [])]):
            good += 1
            pointed += 1
        else:
            bad.append(f"event {v.get('trigger')} {[p.get('name') for p in v.get('participants', [])]}")
    return good, total, pointed, bad


def main() -> None:
    files = [Path(a) for a in sys.argv[1:]] or sorted(EVAL.glob("*.txt"))
    lines = ["| document | records | cited span names all | share | with `named_in` | share |",
             "| --- | --- | --- | --- | --- | --- |"]
    all_good = all_total = all_pointed = 0
    for f in files:
        good, total, pointed, bad = check(f)
        all_good, all_total, all_pointed = all_good + good, all_total + total, all_pointed + pointed
        lines.append(f"| {f.name} | {total} | {good} | {good / total if total else 1:.3f} | {pointed} | "
                     f"{pointed / total if total else 1:.3f} |")
        for b in bad[:5]:
            print(f"  {f.name}: not cited: {b}", file=sys.stderr)
    lines.append(f"| all | {all_total} | {all_good} | {all_good / all_total if all_total else 1:.3f} | "
                 f"{all_pointed} | {all_pointed / all_total if all_total else 1:.3f} |")
    report = "\n".join(lines)
    print(report)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "citations.md").write_text(
        "Relations and events whose cited span names every participant (`python bench/citations.py`).\n\n"
        + report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
