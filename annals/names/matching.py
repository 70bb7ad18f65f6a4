"""Cross-document name matching: the pure rules that decide whether a name stored in one document and a name in
another can be the same entity (the store fetches the candidates by SQL, :mod:`annals.store.linking`, and asks
these).  In-document merging of a text's names is the other module of this package."""

from __future__ import annotations

from collections.abc import Iterable

from annals.knowledge import normalise_name


def _strip_titles(norm: str, titles: Iterable[str]) -> str:
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
    the_one_word = alias.strip().casefold().startswith("the ") and not _is_full(normalise_name(alias))
    return lowered_only or the_one_word


def _tail(norm: str) -> str:
    return norm.rsplit(" ", 1)[-1] if norm else ""


def _token_agrees(a: str, b: str) -> bool:
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def names_agree(a: str, b: str) -> bool:
    """Whether two normalised full personal names can be the same person.

    Same last word, first words equal or one an initial of the other, and middle words (where both
    have them) agreeing the same way: "quintus fabius" ~ "quintus m. fabius", but not ~ "gnaeus fabius".
    """
    ta = [t for t in (w.strip(".") for w in a.split()) if t]
    tb = [t for t in (w.strip(".") for w in b.split()) if t]
    if len(ta) < 2 or len(tb) < 2 or ta[-1] != tb[-1] or not _token_agrees(ta[0], tb[0]):
        return False
    return all(_token_agrees(x, y) for x, y in zip(ta[1:-1], tb[1:-1], strict=False))


def _is_full(norm: str) -> bool:
    return " " in norm
