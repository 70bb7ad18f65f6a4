"""How much of a question a sentence holds: its needed words, its names and its dates.

An answer is given only where its sentences hold more than half of what the question says
(:data:`MIN_SUPPORT`); a sentence whose dates cannot be the question's contradicts it
(:func:`_contradicts`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from annals.ask.retrieve import _named
from annals.ask.words import _lemmas_of, _says
from annals.store import Store

if TYPE_CHECKING:
    from annals.ask.analyse import Question


MIN_SUPPORT = 0.5  # a cited sentence must hold more than this share of the question's words and names


def _coverage(a: Question, fact: dict[str, Any], lemmas: frozenset[str] | None = None) -> dict[Any, float]:
    """What of the question the sentence holds: its needed words (by lemma) and its names (indexes), each 1."""
    if lemmas is None:
        lemmas = _lemmas_of(fact["text"])
    return {**{w: 1.0 for w in a.needed if _says(a, w, lemmas)}, **{("name", i): 1.0 for i in _named(a, fact)},
            **{("date", i): cover for i, v in enumerate(a.dates)
               if (cover := max((_date_cover(v, t.get("value") or "") for t in fact.get("timexes", [])),
                                default=0.0))}}


def _date_cover(asked: str, said: str) -> float:
    """How far a date of the text meets a date of the question: 1 when it agrees and is as precise,
    0.5 when it agrees but is coarser ("March 1921" for "on 5 March"), else 0."""
    if not _dates_agree(asked, said):
        return 0.0
    return 1.0 if len(said.split("-")) >= len(asked.split("-")) else 0.5


def _contradicts(a: Question, fact: dict[str, Any]) -> bool:
    """True when the sentence gives dates and none of them can be a date the question gives: "Who
    demanded surrender on 9 March?" is not answered by a sentence about 5 March."""
    values = [t.get("value") for t in fact.get("timexes", []) if t.get("value")]
    return bool(values) and any(not any(_dates_agree(v, x) for x in values) for v in a.dates)


def _date_before(a: Question, store: Store, key: tuple[str, int], reach: int = 3) -> float:
    """How far the nearest dated sentence of the few before a sentence meets the question's dates."""
    doc, idx = key
    before = store.sentence_facts([(doc, i) for i in range(max(0, idx - reach), idx)])
    for i in range(idx - 1, max(-1, idx - reach - 1), -1):
        values = [t.get("value") or "" for t in before.get((doc, i), {}).get("timexes", [])]
        if values:
            return max((_date_cover(v, x) for v in a.dates for x in values), default=0.0)
    return 0.0


def _dates_agree(asked: str, said: str) -> bool:
    """True when a date of the text can be the date the question gives: their TIMEX3 values agree on
    every part both state ("XXXX-03-05" and "1921-03-05"; "1919" and "1919-02"; "194X" and "1944")."""
    if not said:
        return False
    for p, q in zip(asked.split("-"), said.split("-"), strict=False):
        if len(p) != len(q) or not re.fullmatch(r"[\dX]+", p) or not re.fullmatch(r"[\dX]+", q):
            continue  # a season, a quarter, a week: no finer check
        if any(x != y and "X" not in (x, y) for x, y in zip(p, q, strict=True)):
            return False
    return True


def _merge(covered: dict[Any, float], more: dict[Any, float], factor: float) -> dict[Any, float]:
    out = dict(covered)
    for item, v in more.items():
        out[item] = max(out.get(item, 0.0), v * factor)
    return out


def _share(a: Question, covered: dict[Any, float]) -> float:
    """The share of the question's content (needed words, names and dates) covered."""
    total = len(a.needed) + len(a.groups) + len(a.dates)
    return sum(covered.values()) / total if total else 1.0


def _about_answer(a: Question, facts: dict[tuple[str, int], dict[str, Any]], key: tuple[str, int],
                  covered: dict[Any, float]) -> tuple[dict[Any, float], tuple[str, int], dict[str, Any]] | None:
    """Of the sentences about the answer's entity, the one that adds most of what the question asks (a
    description of it: "Gaius Varro, legate of Syria"), with what both then cover."""
    best = None
    for k, f in facts.items():
        if k == key:
            continue
        merged = _merge(covered, _coverage(a, f), 0.9)
        gain = sum(merged.values()) - sum(covered.values())
        if gain > 0 and (best is None or gain > best[0]):
            best = (gain, merged, k, f)
    return None if best is None else (best[1], best[2], best[3])


def _model_support(a: Question, result: dict[str, Any], store: Store) -> float:
    """The support of a model answer: that of the best of its cited sentences."""
    keys = [(s["document"], s["sentence_index"]) for s in result.get("sources", [])
            if s.get("sentence_index") is not None]
    facts = store.sentence_facts(keys)
    linked = set(result.get("linked") or ())  # the entities the model ties to the answer ("The movement")
    named = {("name", i): 1.0 for i, g in enumerate(a.groups) if linked & {e["id"] for e in g}}
    return max((_share(a, _merge(_coverage(a, f), named, 1.0)) for f in facts.values() if not _contradicts(a, f)),
               default=0.0)
