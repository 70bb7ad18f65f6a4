"""Words compared as the pipeline's lemmatizer reads them, and the parses of texts kept for reuse.

A question's word and a sentence's word say the same when their readings meet (:func:`word_lemmas`:
"led" ~ "lead", "founded" ~ "found"); :func:`word_lemma` is the one form a word is counted in.  The
spaCy model is loaded once (:func:`nlp`, without its NER) and each text is parsed once (:func:`doc_of`,
:func:`parse_many` for a batch).  Also here: the function words a question's content leaves out
(:data:`STOP`), and the cheap test that a text may say one of some lemmas before it is parsed
(:func:`may_say`).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from annals import knowledge

if TYPE_CHECKING:
    from annals.ask.analyse import Question


@cache
def nlp():  # noqa: ANN201 - spaCy's Language
    """The pipeline's spaCy model (tagger, parser, lemmatizer), without annals' extraction components."""
    import spacy

    from annals.pipeline import MODEL

    return spacy.load(MODEL, exclude=["ner"])


def parse_many(texts: list[str]) -> None:
    """Parse in one batch the texts not parsed yet (the parses are kept)."""
    todo = [t for t in dict.fromkeys(texts) if t not in _parsed]
    if len(_parsed) + len(todo) > 20000:
        _parsed.clear()
    for t, doc in zip(todo, nlp().pipe(todo), strict=True):
        _parsed[t] = doc


_parsed: dict[str, Any] = {}


def doc_of(text: str):  # noqa: ANN201
    doc = _parsed.get(text)
    if doc is None:
        parse_many([text])
        doc = _parsed[text]
    return doc


@lru_cache(maxsize=65536)
def word_lemma(word: str) -> str:
    """The form question and sentence words are compared in, chosen among the lemmas the pipeline's own
    lemmatizer gives the word as a verb and as a noun (its exceptions and its rules, kept where the result is
    a word of its index; no stemmer of ours): an irregular form's lemma ("led" -> "lead", "men" -> "man",
    "was" -> "be"), else a lemma both readings share ("hopes" -> "hope"), else the verb's ("founded" ->
    "found"), else the noun's ("democracies" -> "democracy"), else the word; case, diacritics and a
    possessive "'s" aside."""
    w = _bare(word)
    return _readings(w)[0] if w.isalpha() else w


@lru_cache(maxsize=65536)
def word_lemmas(word: str) -> frozenset[str]:
    """Every reading of the word the lemmatizer knows ("found" -> find, found; "fell" -> fall, fell), the
    first of them :func:`word_lemma`'s: a question's word and a sentence's word say the same when their
    readings meet."""
    w = _bare(word)
    return frozenset(_readings(w) if w.isalpha() else (w,))


def _bare(word: str) -> str:
    """A word as the lemmatizer is asked about it: case, diacritics, quotes and a possessive "'s" aside."""
    return re.sub(r"['\u2019]s$", "", knowledge.ascii_fold(word.casefold()).strip("'\u2019"))


@lru_cache(maxsize=65536)
def _readings(w: str) -> tuple[str, ...]:
    verb, verb_exc = _known_lemmas(w, "verb")
    noun, noun_exc = _known_lemmas(w, "noun")
    common = [f for f in verb if f in noun]
    first = next(iter(verb_exc + noun_exc + common + verb + noun), w)
    # the other readings: the exceptions' other lemmas, and the word itself where it is a verb of its own
    # ("found" a city, besides the past of "find"; "fell" a tree)
    others = verb_exc + noun_exc + ([w] if w in _lemma_index("verb") else [])
    return tuple(dict.fromkeys([first, *others]))


def _known_lemmas(word: str, pos: str) -> tuple[list[str], list[str]]:
    """The lemmas other than the word itself that the lemmatizer gives it as ``pos`` and knows (from its
    index of words), and those of them its exception table lists."""
    from spacy.tokens import Doc

    lemmatizer = nlp().get_pipe("lemmatizer")
    exceptions = [f for f in (lemmatizer.lookups.get_table("lemma_exc").get(pos) or {}).get(word, ()) if f != word]
    forms = lemmatizer.rule_lemmatize(Doc(nlp().vocab, words=[word], pos=[pos.upper()])[0])
    return [f for f in forms if f != word and (f in _lemma_index(pos) or f in exceptions)], exceptions


@cache
def _lemma_index(pos: str) -> frozenset[str]:
    """The lemmatizer's index of the words of one part of speech."""
    return frozenset(nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index").get(pos) or ())


@cache
def irregular_forms() -> dict[str, set[str]]:
    """Lemma -> its irregular forms, from the pipeline lemmatizer's exception table ("lay": "laid")."""
    out: dict[str, set[str]] = {}
    table = nlp().get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    for pos in ("verb", "noun"):
        for form, lemmas in (table.get(pos) or {}).items():
            for lemma in lemmas:
                out.setdefault(lemma, set()).add(form)
    return out


def may_say(lemmas: set[str], text: str) -> bool:
    """A cheap filter before parsing: whether the text has a word that may be a form of one of the
    lemmas (the lemma's own irregular forms, or a word that begins like it: "organis" of "organised")."""
    words = set(re.findall(r"[a-z]+", text.casefold()))
    for lemma in lemmas:
        if words & irregular_forms().get(lemma, set()):
            return True
        prefix = lemma[:-1] if len(lemma) > 3 and lemma[-1] in "ey" else lemma
        if any(w.startswith(prefix) for w in words):
            return True
    return False


STOP = set("""a an the of in on at to for by with from and or but is was were are be been being did do does
had has have who whom whose what which when where why how many much that this these those its it his her their
they he she them there than then as into onto about after before during while until since also not no any all
same other another such own whether if per via than most more least""".split())
_WORD = re.compile(r"[\w’'-]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=8192)
def _lemmas_of(text: str) -> frozenset[str]:
    """Every reading of every word of a text (see :func:`annals.question.word_lemmas`)."""
    return frozenset().union(*(word_lemmas(w) for w in _words(text)))


def _says(a: Question, keyword: str, lemmas: frozenset[str]) -> bool:
    """Whether a text of these lemmas says one of the question's words: one of its readings is there."""
    return not a.readings.get(keyword, frozenset((keyword,))).isdisjoint(lemmas)


def _function_words() -> set[str]:
    """English function words (the pipeline language's stop words, "under", "during", "against"), and ours."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return {w.casefold() for w in STOP_WORDS} | STOP | {"which"}


_FUNCTION_WORDS = _function_words()


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    return knowledge.ascii_fold(text.casefold())
