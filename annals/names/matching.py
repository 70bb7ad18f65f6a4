"""Cross-document name matching: the pure rules that decide whether a name stored in one document and a name in
another can be the same entity (the store fetches the candidates by SQL, :mod:`annals.store.linking`, and asks
these).  In-document merging of a text's names is the other module of this package."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TypeVar

from annals.knowledge import normalise_name
from annals.model import Entity

K = TypeVar("K", bound=Hashable)


def strip_titles(norm: str, titles: Iterable[str]) -> str:
    """``norm`` without the entity's leading titles: "consul q fabius" -> "q fabius"."""
    keys = sorted({normalise_name(t) for t in titles if t and t.strip()}, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for key in keys:
            if key and norm.startswith(key + " "):
                norm = norm[len(key) + 1 :]
                changed = True
    return norm


def is_descriptive(alias: str, name: str) -> bool:
    """Whether an alias only describes ("the company", "the Committee", "the old general") rather
    than names: all lower case, or "the" and one word.  The entity's own name never is."""
    if normalise_name(alias) == normalise_name(name):
        return False
    lowered_only = any(c.islower() for c in alias) and not any(c.isupper() for c in alias)
    the_one_word = alias.strip().casefold().startswith("the ") and not is_full_name(normalise_name(alias))
    return lowered_only or the_one_word


def last_word(norm: str) -> str:
    """The last word of a normalised name: a person's surname key ("" for "")."""
    return norm.rsplit(" ", 1)[-1] if norm else ""


def _token_agrees(a: str, b: str) -> bool:
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def names_agree(a: str, b: str) -> bool:
    """Whether two normalised full personal names can be the same person.

    Same last word, first words equal or one an initial of the other, and middle words (where both
    have them) agreeing the same way: "quintus fabius" ~ "quintus m. fabius", but not ~ "gnaeus fabius".
    """
    ta, tb = _words(a), _words(b)
    if len(ta) < 2 or len(tb) < 2 or ta[-1] != tb[-1] or not _token_agrees(ta[0], tb[0]):
        return False
    return all(_token_agrees(x, y) for x, y in zip(ta[1:-1], tb[1:-1], strict=False))


def is_full_name(norm: str) -> bool:
    """Whether a normalised name has more than one word (a full name, not a bare surname)."""
    return " " in norm


def alias_keys(ent: Entity) -> list[tuple[str, str, str, bool]]:
    """How each name of an entity (its aliases, then its name) is looked up across documents: ``(alias, key,
    core, descriptive)``, the key (:func:`~annals.knowledge.normalise_name`), the key without the entity's
    titles ("consul q fabius" -> "q fabius"; the key itself when nothing is left) and whether the alias only
    describes (:func:`is_descriptive`: it then links nothing).  The titles are the entity's and its mentions'."""
    titles = list(dict.fromkeys([*ent.titles, *(m.title for m in ent.mentions if m.title)]))
    forms = list(dict.fromkeys([*ent.aliases, ent.name]))
    keys = [(a, normalise_name(a)) for a in forms]
    return [(a, n, strip_titles(n, titles) or n, is_descriptive(a, ent.name)) for a, n in keys]


def has_full_name(ent: Entity) -> bool:
    """Whether an entity's name has more than one word (linked first: a bare surname then finds it taken)."""
    return is_full_name(normalise_name(ent.name))


def person_keys(keys: Iterable[tuple[str, str]]) -> tuple[set[str], set[str]]:
    """The full names (several words) among the cores of a person's ``(key, core)`` pairs, and the last
    words of all of them: a full name finds a person by name, a last word only by surname."""
    keys = list(keys)
    return {c for _, c in keys if is_full_name(c)}, {last_word(c) for _, c in keys}


def _words(norm: str) -> list[str]:
    return [t for t in (w.strip(".") for w in norm.split()) if t]


def agree_keys(norm: str) -> list[tuple[str, str, str]]:
    """The keys a full name is filed under so that :func:`agree_lookup` finds it for every name that
    :func:`names_agree` with it: its last word with its first word, and with that word's initial (none for a name
    that agrees with none).  An index by them narrows, never decides."""
    words = _words(norm)
    return [("word", words[-1], words[0]), ("initial", words[-1], words[0][0])] if len(words) >= 2 else []


def agree_lookup(norm: str) -> list[tuple[str, str, str]]:
    """The keys (:func:`agree_keys`) of the full names that may agree with ``norm``: those of its first word and of
    that word's initial ("quintus fabius": "quintus ...", "q. ..."), or of any first word of that initial
    ("q. fabius")."""
    words = _words(norm)
    if len(words) < 2:
        return []
    first, last = words[0], words[-1]
    if len(first) == 1:
        return [("initial", last, first)]
    return [("word", last, first), ("word", last, first[0])]


def by_surname(full: set[str], tails: set[str], found: Iterable[K],
               forms: Mapping[K, set[str]] | Callable[[K], set[str]], keep: Callable[[K], bool] | None = None,
               agreeing: Iterable[K] | None = None, bare: Iterable[K] | None = None) -> list[K]:
    """Which of the people a name's surname finds (``found``, each with the normalised ``forms`` it is known
    by) the name may be; the caller takes the most mentioned of them (none: a new person).

    A full name (``full``) is one of those whose full names agree with it (:func:`names_agree`), else the one
    person found when that one is known by a bare surname only.  A bare surname (``tails``) is the one person
    found, or among several the only one known by nothing but that surname: "Fabius" alone never picks one of
    "Quintus Fabius" and "Gnaeus Fabius".

    ``keep``: whether a person found may be the name at all (nothing in the texts separates them; None: all may),
    asked only of those the answer depends on: of a surname thousands share, the first two that may be, and those
    ``agreeing`` (when given: at least every one found whose full names :func:`agree_lookup` of ``full`` finds)
    and ``bare`` (when given: at least every one found known by a bare surname only) hold.
    """
    form = forms if callable(forms) else forms.__getitem__
    ok = keep or (lambda _k: True)
    found = found if isinstance(found, (set, frozenset)) else list(found)

    def first_two() -> list[K]:
        out: list[K] = []
        for k in found:
            if ok(k):
                out.append(k)
                if len(out) == 2:
                    break
        return out

    if full:
        pool = found if agreeing is None else [k for k in agreeing if k in found]
        agree = [k for k in sorted(pool) if any(names_agree(a, b) for a in full for b in form(k) if is_full_name(b))
                 and ok(k)]
        if agree:
            return agree
        left = first_two()
        return left if len(left) == 1 and not any(is_full_name(b) for b in form(left[0])) else []
    left = first_two()
    if len(left) == 1:
        return left
    only: list[K] = []
    for k in (found if bare is None else (k for k in bare if k in found)):
        if not any(is_full_name(b) for b in form(k)) and form(k) & tails and ok(k):
            only.append(k)
            if len(only) == 2:
                return []
    return only


def mention_period(ent: Entity, years: dict[int, tuple[int, int]]) -> tuple[int, int] | None:
    """The years an entity's mentions are dated to (``years``: the years the dates of each sentence of its
    document span), or None when none of its sentences is dated."""
    spans = [years[m.sentence] for m in ent.mentions if m.sentence in years]
    return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None


def canonical_name(names: Iterable[tuple[str, int]]) -> str:
    """The name of a canonical entity from ``(name, how many documents use it)``: a full (several-word) form
    before a single word, then the one most documents use, then the longest (then the last in code-point order)."""
    return max(names, key=lambda r: (is_full_name(normalise_name(r[0])), r[1], len(r[0]), r[0]))[0]
