"""Candidate sentences for a question, ranked (:func:`_ranked`).

Full-text hits for the question's words (:func:`_fts_terms`) and the sentences that mention its
entities, each scored by the question's words it shares (rarer words weigh more) and the question's
names it speaks of (:func:`_named`), also through a pronoun that stands for a name of the sentence
before; and the neighbours of a sentence that a pronoun of theirs ties to it (:func:`_context`).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from annals import knowledge
from annals.ask.words import _WORD, _folded, _lemmas_of, _says, _words, irregular_forms, word_lemma
from annals.store import Store

if TYPE_CHECKING:
    from annals.ask.analyse import Question


PRONOUNS = {"it", "its", "he", "his", "she", "her", "they", "their", "this", "these", "such"}
PERSONAL_PRONOUNS = {"he", "him", "his", "she", "her", "they", "them", "their"}
DEMONSTRATIVES = {"this", "these", "such"}  # "This incident ..." may look back over a few sentences


def _ranked(a: Question, store: Store):  # noqa: ANN202
    """Candidate sentences (full-text hits and the sentences that mention the question's entities), each
    scored by the question's words it shares (rarer words weigh more) and the question's names it gives."""
    qids = {e["id"] for e in a.entities}
    # candidate sentences: full-text hits and the sentences that mention the question's entities
    fts_query = " OR ".join(_fts_terms(a))
    cands: list[tuple[str, int]] = []
    if fts_query:
        cands += store.search_sentence_keys(fts_query, limit=60)
    if qids:
        cands += store.sentences_mentioning(qids, limit=300)
    if not cands:
        return None
    facts = store.sentence_facts(cands)
    # the sentences before those that open with a pronoun: what "it" or "his" stands for
    wanted = [(d, i - 1) for (d, i), f in facts.items() if i > 0 and _pronoun_in(f)]
    before = store.sentence_facts(wanted) if a.groups else {}
    # rarer question words weigh more (inverse frequency among the candidates)
    stems = {key: _lemmas_of(f["text"]) for key, f in facts.items()}
    n = len(facts)
    weight = {k: math.log(1 + n / (1 + sum(_says(a, k, s) for s in stems.values()))) for k in set(a.keywords)}
    scored = []
    entity_weight = max(weight.values(), default=1.0)
    people = any(e["type"] == "PERSON" for group in a.groups for e in group)
    for key, f in facts.items():
        hits = [k for k in set(a.keywords) if _says(a, k, stems[key])]
        ents = _groups_named(a, f, before.get((key[0], key[1] - 1)))
        score = sum(weight[k] for k in hits) + entity_weight * ents
        if a.groups and not ents:
            # a sentence that names none of the question's names is less likely about them, unless a pronoun in it
            # may stand for the person asked about ("shepherds hid him")
            score *= 0.85 if people and _has_personal_pronoun(f["text"]) else 0.7
        scored.append((score, key, hits))
    scored.sort(key=lambda x: (-x[0], x[1]))
    best_possible = sum(weight.values()) + entity_weight * len(a.groups) or 1.0
    top = [(score, key, hits) for score, key, hits in scored[:8] if score >= 0.2 * best_possible and score > 0]
    return facts, stems, scored, best_possible, top


def _fts_terms(a: Question) -> list[str]:
    """Full-text terms for the question's words: each word as asked (the index stems it its own way),
    its regular past form and its irregular forms from the lemmatizer's exceptions ("shoot": "shot"), and its
    lemma as a prefix."""
    irregular = irregular_forms()
    terms: list[str] = []
    for w in _words(a.text):
        low = knowledge.ascii_fold(w.casefold()).strip("'’")
        stem = word_lemma(w)
        if stem not in a.keywords or len(low) < 3:
            continue
        forms = {low, *irregular.get(low, ()), *irregular.get(stem, ())}
        if low.isalpha():
            forms.add(low + "d" if low.endswith("e") else low + "ed")
        terms += [f'"{f}"' for f in sorted(forms)] + ([f'"{stem}"*'] if len(stem) > 2 else [])
    return list(dict.fromkeys(terms))


def _opens_with_pronoun(fact: dict[str, Any], words: set[str] = PRONOUNS) -> bool:
    return _first_word(fact["text"]) in words


@lru_cache(maxsize=8192)
def _first_word(text: str) -> str:
    m = _WORD.search(text)
    return m.group(0).casefold() if m else ""


def _groups_named(a: Question, fact: dict[str, Any], previous: dict[str, Any] | None = None) -> float:
    """How many of the question's names the sentence speaks of (see :func:`_named`); a name that only
    a pronoun of the sentence stands for, named in the sentence before, counts 0.9 (0.8 for a pronoun inside it)."""
    named = _named(a, fact)
    before = _named(a, previous) if previous and _pronoun_in(fact) else set()
    # "He ..." opening the sentence stands for the name before more surely than a pronoun inside it
    return len(named) + (0.9 if _opens_with_pronoun(fact) else 0.8) * len(before - named)


def _pronoun_in(fact: dict[str, Any]) -> bool:
    """The sentence opens with a pronoun, or has a personal one inside ("Shepherds hid him at X")."""
    return _opens_with_pronoun(fact) or _has_personal_pronoun(fact["text"])


@lru_cache(maxsize=4096)
def _has_personal_pronoun(text: str) -> bool:
    """A sentence's words (read once however often ranking asks) hold a personal pronoun."""
    return bool(PERSONAL_PRONOUNS & {w.casefold() for w in _words(text)})


def _named(a: Question, fact: dict[str, Any]) -> set[int]:
    """The question's names (their indexes) the sentence names: by a mention linked to one of the name's
    entities, or by the name as the question writes it unless what the text says there is linked to
    somebody else ("Gracchus" of another Gracchus).  A name counts once, whichever of its entities is meant."""
    mentioned = {m["entity"] for m in fact["mentions"]}
    text = _folded(fact["text"])
    names = a.names or [""] * len(a.groups)
    return {i for i, (group, name) in enumerate(zip(a.groups, names, strict=False))
            if mentioned & {e["id"] for e in group} or name and _written_in(name, text, fact, {e["id"] for e in group})}


def _written_in(name: str, text: str, fact: dict[str, Any], ids: set[int]) -> bool:
    """True when the sentence writes the question's name and nothing linked there is somebody else."""
    pattern, lemmas = _name_pattern(name)
    if pattern is None:
        return False
    for mm in pattern.finditer(text):
        start, end = fact["start"] + mm.start(), fact["start"] + mm.end()
        others = [m for m in fact["mentions"] if m["start"] < end and m["end"] > start and m["entity"] not in ids]
        if all({word_lemma(w) for w in _words(m["name"])} <= lemmas for m in others):
            return True
    return False


@lru_cache(maxsize=1024)
def _name_pattern(name: str) -> tuple[re.Pattern[str] | None, frozenset[str]]:
    """The pattern of a question's name as a folded text writes it (titles aside), and its words' lemmas."""
    words = [w for w in _words(_folded(name)) if w not in knowledge.titles()]
    if not words:
        return None, frozenset()
    return (re.compile(r"\b" + r"\s+".join(re.escape(w) for w in words) + r"\b"),
            frozenset(word_lemma(w) for w in words))


def _context(store: Store, keys: list[tuple[str, int]], facts: dict[tuple[str, int], dict[str, Any]]
             ) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """For each sentence, its neighbours that speak of the same thing: the sentence before when it opens
    with a pronoun ("Its capital was ..."), the sentence after when that one does ("He ..."), and one of
    the next three that opens with a demonstrative ("This incident ...") looking back over the story."""
    near = store.sentence_facts([(d, i + k) for d, i in keys for k in (-1, 1, 2, 3) if i + k >= 0])
    out: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for d, i in keys:
        before = near.get((d, i - 1))
        found = [before] if before and _opens_with_pronoun(facts[(d, i)]) else []
        for k in (1, 2, 3):
            after = near.get((d, i + k))
            if after and _opens_with_pronoun(after, PRONOUNS if k == 1 else DEMONSTRATIVES):
                found.append(after)
        out[(d, i)] = found
    return out
