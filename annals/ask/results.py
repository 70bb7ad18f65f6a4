"""The parts of an answer: the empty answer, a date as the answer writes it, a citation, and the
sentence a relative date is reckoned from.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from annals.store import Store

if TYPE_CHECKING:
    from annals.ask.analyse import Question


def _empty(q: str, why: str, analysis: Question | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"q": q, "answer": "", "sources": [], "confidence": 0.0, "why": why}
    if analysis is not None:
        out["expected"] = sorted(analysis.answer_types)
    return out


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _date_answer(timex: dict[str, Any], precision: str | None) -> str:
    """The date as the text gives it; a relative one ("two days later", "on 18 March" of a year said
    before) as the date it stands for, at the precision of its value."""
    value = timex.get("value") or ""
    if precision == "year" and re.match(r"^-?\d{4}", value):
        return value[:4] if not value.startswith("-") else value[:5]
    if value[:4] not in timex["text"] or timex["text"] == value:
        m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", value)
        if m and not m.group(2):
            return m.group(1)
        if m:
            month = MONTHS[int(m.group(2)) - 1]
            return f"{int(m.group(3))} {month} {m.group(1)}" if m.group(3) else f"{month} {m.group(1)}"
    return timex["text"]


def _listed(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _source(fact: dict[str, Any], key: tuple[str, int]) -> dict[str, Any]:
    return {"document": key[0], "title": fact.get("title"), "path": fact.get("path"), "sentence": fact["text"],
            "start": fact["start"], "end": fact["end"], "sentence_index": key[1]}


def _cite_anchor(store: Store, sources: list[dict[str, Any]], date: dict[str, Any]) -> None:
    """A date the sentence gives relative to another ("two days later", "on the same day"): cite also the
    sentence before it that gives a date in figures, from which it is reckoned."""
    value, text = date.get("value") or "", date.get("text") or ""
    first = sources[0]
    if not re.match(r"^\d{4}", value) or value[:4] in text or first.get("sentence_index") is None:
        return
    doc, idx = first["document"], first["sentence_index"]
    before = store.sentence_facts([(doc, i) for i in range(idx - 1, max(idx - 7, -1), -1)])
    for i in range(idx - 1, max(idx - 7, -1), -1):
        f = before.get((doc, i))
        if f and any(re.search(r"\d", t["text"]) for t in f["timexes"]):
            sources.append(_source(f, (doc, i)))
            return
