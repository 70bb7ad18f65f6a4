"""Background knowledge: the data files under ``annals/data``, loaded once.

Gazetteers of well-known places, organisations, collectives, events and works, titles and ranks,
and the head nouns that tell what a name is ("... Army" is an organisation, "... rebellion" an
event).  Each file says in its ``note`` where its facts come from.  Names are looked up by
:func:`name_key`, so "the Gestapo", "Gestapo" and "GESTAPO" find the same entry.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

_THE = re.compile(r"^(the)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s?$")


#: Quotation marks a stored name key does not keep at either end.
_QUOTES = "\"'“”‘’«»„"


def normalise_name(text: str) -> str:
    """The store's lookup key of a name: NFKC, casefolded, quotes trimmed, spaces collapsed, no leading "the".

    The store keeps it in its rows (``entities.norm``, ``entity_aliases.norm``), so its rule is that of every
    store ever written and may not change: a changed rule would leave stored keys that no lookup finds.
    Extraction compares names by :func:`name_key`, which also drops a possessive and punctuation at the ends.
    """
    s = unicodedata.normalize("NFKC", text).casefold()
    s = " ".join(s.split()).strip(_QUOTES + " ")
    if s.startswith("the "):
        s = s[4:]
    return s


def name_key(name: str) -> str:
    """The form names are compared in: NFKC, case-folded, no leading "the", no possessive, one space."""
    s = unicodedata.normalize("NFKC", name).replace("\u2019", "'").strip()
    s = _THE.sub("", s)
    s = _POSSESSIVE.sub("", s) if len(s) > 3 else s
    s = s.strip(" \t\"'.,;:()[]\u201c\u201d")
    return re.sub(r"\s+", " ", s).casefold()


class _KeepUnlessCombining(dict):
    """A ``str.translate`` table that drops combining marks, filled one character at a time as texts
    meet them (so translation runs in C without a table of all of Unicode)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_DROP_COMBINING = _KeepUnlessCombining()


@lru_cache(maxsize=1 << 13)
def ascii_fold(text: str) -> str:
    """Drop diacritics: "émigrés" -> "emigres"."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_DROP_COMBINING)


@dataclass(frozen=True)
class Known:
    """A gazetteer entry: the canonical name, its type and subtype, and where it was listed."""

    name: str
    type: str
    subtype: str | None
    source: str  # the data file
    start: str | None = None
    end: str | None = None


def _load(name: str) -> dict[str, Any]:
    path = resources.files("annals").joinpath("data", name)
    if not path.is_file():
        return {"entries": []}
    with path.open(encoding="utf-8") as f:
        return json.load(f)


@cache
def gazetteer() -> dict[str, Known]:
    """Every known name and alias (by :func:`name_key`) mapped to its entry."""
    table: dict[str, Known] = {}
    for file in ("events.json", "works.json", "places.json", "organisations.json", "institutions.json", "groups.json",
                 "historical_states.json", "historical_places.json", "historical_events.json"):
        for entry in _load(file).get("entries", []):
            known = Known(
                name=entry["name"],
                type=entry.get("type", "ORG"),
                subtype=entry.get("subtype"),
                source=file,
                start=entry.get("start") or entry.get("date"),
                end=entry.get("end"),
            )
            forms = [entry["name"], *entry.get("aliases", [])]
            for form in forms:
                if form:
                    table.setdefault(name_key(form), known)
                    table.setdefault(name_key(ascii_fold(form)), known)
    return table


@cache
def demonym_adjectives() -> frozenset[str]:
    """Adjectives of nationality and allegiance ("German", "Soviet"): not entities on their own."""
    out = set()
    for entry in _load("groups.json").get("entries", []):
        if entry.get("adjective"):
            out.add(entry["adjective"].casefold())
    return frozenset(out)


@dataclass(frozen=True)
class Title:
    title: str
    kind: str
    holder: str | None


@cache
def titles() -> dict[str, Title]:
    """Titles and ranks by their case-folded form ("general", "war minister", "ataman")."""
    table: dict[str, Title] = {}
    for entry in _load("titles.json").get("entries", []):
        t = Title(entry["title"], entry.get("kind", "title"), entry.get("subtype_of_holder"))
        table.setdefault(entry["title"].casefold().rstrip("."), t)
    return table


@cache
def max_title_words() -> int:
    return max((len(t.split()) for t in titles()), default=1)


@cache
def heads() -> dict[str, tuple[str, str]]:
    """Head noun -> (entity type, subtype); a listed noun's regular plural is a head too ("Compacts of X" as "Compact
    of X"), unless the file lists that form itself (a plural's singular is not: "Highlands" is no "Highland")."""
    listed = {k: (v[0], v[1]) for k, v in _load("heads.json")["entries"].items()}
    table = dict(listed)
    for k, v in listed.items():
        if " " in k or not k.isalpha():
            continue
        if k.endswith("y") and len(k) > 2 and k[-2] not in "aeiou":
            table.setdefault(k[:-1] + "ies", v)  # "Treaties of X"
        elif not k.endswith(("s", "x", "ch", "sh", "y")) and k + "s" not in OTHER_PLURALS:
            table.setdefault(k + "s", v)
    return table


# Plurals that mean something else than many of the singular ("Foreign Affairs" is no set of affairs).
OTHER_PLURALS = frozenset({"affairs", "arms", "quarters", "letters", "customs", "manners", "spirits", "works",
                           "goods", "grounds", "orders", "colours", "colors", "papers", "lands", "waters"})


@cache
def countries_of_adjectives() -> dict[str, str]:
    """ "finnish" -> "Finland": the country a nationality adjective names."""
    return {k.casefold(): v for k, v in _load("demonyms.json").get("entries", {}).items()}


@cache
def common_words() -> frozenset[str]:
    """The most frequent English words (data/common_words.json): a capitalised one alone is as often a word
    ("the Crown", "Reading") as a name."""
    return frozenset(_load("common_words.json")["entries"])


@cache
def given_names() -> frozenset[str]:
    """Common first names ("Fyodor", "Heinrich"): a name that starts with one is a person's. Two lists: the names
    of world history written for annals (given_names.json) and the given names of many countries' name statistics
    (world_given_names.json, from Faker's lists)."""
    return frozenset(_load("given_names.json")["entries"]) | frozenset(_load("world_given_names.json")["entries"])


@cache
def lowercase_heads() -> frozenset[str]:
    """Head nouns that stay lowercase after a name and still make it a name ("Omsk coup")."""
    return frozenset(_load("heads.json")["lowercase_heads"])


@cache
def regime_adjectives() -> frozenset[str]:
    """Adjectives that name a regime of a country and form a name with it ("Nazi Germany")."""
    return frozenset(_load("heads.json")["regime_adjectives"])


@cache
def office_heads() -> frozenset[str]:
    """Nouns that make a phrase an office, not an organisation ("People's Commissar for ...")."""
    return frozenset(_load("heads.json")["office_heads"])


HEAD_SPLITTERS = frozenset({"of", "for", "in", "at", "outside", "abroad", "on"})


def head_index(words: list[str]) -> int:
    """Index of a name's head noun: the word before the first "of"/"for"/"in"..., else the last word; a name
    that ends in the noun of a law or a document names one whatever comes before ("Government of India Act")."""
    if len(words) > 2 and heads().get(words[-1].casefold(), ("",))[0] == "WORK":
        return len(words) - 1
    for i, w in enumerate(words):
        if i > 0 and w.casefold() in HEAD_SPLITTERS:
            return i - 1
    return len(words) - 1


@lru_cache(maxsize=1 << 13)
def lookup(name: str) -> Known | None:
    """The gazetteer entry for a name or alias, if annals knows it (answers are kept: names recur)."""
    key = name_key(name)
    return gazetteer().get(key) or gazetteer().get(name_key(ascii_fold(name)))
