"""Identity across documents that respects time, and what is left for a person to decide
(``annals entities --ambiguous``).

Linking joins two documents' entities when a name or alias and the type agree, unless something in
the texts separates them (:func:`separated`, which linking asks before each join across documents):

* two people of one name whose dated contexts (the dates of the sentences that mention them) lie
  more than :data:`GAP_YEARS` apart: a father and a son, a grandfather and a grandson;
* two states of one name that one document qualifies by a form of government (:data:`REGIME_WORDS`:
  "Soviet", "Imperial", "Republic of", "Kingdom of" ...) and the other by another one ("Austrian
  Empire" / "Republic of Austria"), or not at all while their dated contexts lie more than
  :data:`GAP_YEARS` apart ("Austria" in 1815 / "Republic of Austria" in 1920).

Where the texts say no date, nothing separates them and they join as before.  What is left for a
person, who settles it with ``annals entity split`` or ``annals entity merge`` (corrections that last,
see :mod:`annals.edits`):

* **maybe two**: one canonical entity whose documents speak of it in periods far apart (the dates of
  the sentences that mention it, else of the whole document, are more than :data:`GAP_YEARS` apart
  and do not overlap): a state under one name in two eras.
* **maybe one**: two canonical entities of one type, mentioned in different documents, that share a
  name linking kept apart for one of the reasons above; or one of whose names is the other's with
  capitalised words added ("Austria" / "Republic of Austria", "Gordon" kept apart from "Charles Gordon" by
  another Gordon): the same thing in another period or another thing of a related name.

Nothing here changes the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from annals.knowledge import normalise_name

if TYPE_CHECKING:
    from annals.store import Store

#: how many years apart two periods must be for one name to be two people (more than a generation and
#: less than a life: a father and a son, whose lives overlap, are not told apart by dates), two periods
#: of a state, or one entity to be listed as maybe two
GAP_YEARS = 50

#: Words that name a form of government or a kind of state, each with the family it belongs to (an
#: adjective and its noun are one: "Imperial Brazil" is the "Empire of Brazil").  The general vocabulary
#: of forms of government and designations of states (the kinds of monarchy, republic, socialist
#: state, federation, colonial and Islamic polity that encyclopedias' lists of forms of government and
#: of designations for types of state give), not the names of any one text.
REGIME_WORDS: dict[str, str] = {
    **dict.fromkeys(["empire", "imperial", "reich", "tsardom", "czardom", "tsarist", "czarist"], "empire"),
    **dict.fromkeys(["kingdom", "royal", "realm", "monarchy"], "kingdom"),
    **dict.fromkeys(["republic", "republican"], "republic"),
    **dict.fromkeys(["soviet", "socialist", "communist", "people's", "peoples", "democratic"], "socialist"),
    **dict.fromkeys(["federation", "federal", "confederation", "confederate", "confederacy"], "federation"),
    **dict.fromkeys(["principality", "princely"], "principality"),
    **dict.fromkeys(["duchy", "ducal", "archduchy", "grand-duchy"], "duchy"),
    **dict.fromkeys(["electorate"], "electorate"),
    **dict.fromkeys(["margraviate", "margravate", "landgraviate"], "margraviate"),
    **dict.fromkeys(["caliphate"], "caliphate"),
    **dict.fromkeys(["sultanate"], "sultanate"),
    **dict.fromkeys(["emirate"], "emirate"),
    **dict.fromkeys(["khanate"], "khanate"),
    **dict.fromkeys(["shogunate"], "shogunate"),
    **dict.fromkeys(["commonwealth"], "commonwealth"),
    **dict.fromkeys(["dominion"], "dominion"),
    **dict.fromkeys(["protectorate"], "protectorate"),
    **dict.fromkeys(["colony", "colonial"], "colony"),
    **dict.fromkeys(["mandate", "mandatory"], "mandate"),
    **dict.fromkeys(["junta"], "junta"),
    **dict.fromkeys(["nazi", "fascist"], "fascist"),
    **dict.fromkeys(["islamic"], "islamic"),
}
#: ordinals that number regimes ("the Third Republic", "the Second Empire"): counted with a regime word only
_ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
#: the types a form of government qualifies
STATE_TYPES = {"GPE"}


def _year(iso: str | None) -> int | None:
    """The year of an ISO date or TIMEX3 value ("1871-03-18" -> 1871, "-0044-03-15" -> -44), or None."""
    m = re.match(r"(-?)(\d{4})", str(iso or ""))
    return (-int(m.group(2)) if m.group(1) else int(m.group(2))) if m else None


def regime_marks(names: Iterable[str]) -> frozenset[str]:
    """The forms of government these names of one entity say ("Soviet Ukraine" -> {"socialist"}; "the
    Third Republic" -> {"republic", "third"}); empty when none does."""
    out: set[str] = set()
    for name in names:
        words = re.findall(r"[\w'’-]+", name.casefold().replace("’", "'"))
        found = {REGIME_WORDS[w] for w in words if w in REGIME_WORDS}
        if found:
            out |= found | {w for w in words if w in _ORDINALS}
    return frozenset(out)


def period_gap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int | None:
    """How many years lie between two periods (0 when they overlap); None when either is unknown."""
    if a is None or b is None:
        return None
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def separated(etype: str, names_a: Iterable[str], period_a: tuple[int, int] | None, names_b: Iterable[str],
              period_b: tuple[int, int] | None, gap_years: int = GAP_YEARS) -> str | None:
    """Why the texts separate two entities of type ``etype`` that linking would join by a shared name,
    in words, or None when nothing does.  ``names_*``: their names and aliases; ``period_*``: the years
    the dates of the sentences that mention them span (None when those sentences say no date)."""
    gap = period_gap(period_a, period_b)
    far = gap is not None and gap > gap_years
    if etype == "PERSON" and far:
        assert period_a is not None and period_b is not None
        return (f"one name, dated {_span(period_a)} and {_span(period_b)}, {gap} years apart: more than a "
                "generation (a father and a son, or two of one name)")
    if etype in STATE_TYPES:
        marks_a, marks_b = regime_marks(names_a), regime_marks(names_b)
        if marks_a and marks_b and marks_a != marks_b:
            return (f"one name under two forms of government ({', '.join(sorted(marks_a))} / "
                    f"{', '.join(sorted(marks_b))}): two periods of a state, or two states")
        if (marks_a or marks_b) and far:
            assert period_a is not None and period_b is not None
            return (f"one name, once qualified by a form of government ({', '.join(sorted(marks_a or marks_b))}), "
                    f"dated {_span(period_a)} and {_span(period_b)}, {gap} years apart: two periods of a state")
    return None


def _span(period: tuple[int, int]) -> str:
    return str(period[0]) if period[0] == period[1] else f"{period[0]}-{period[1]}"


def maybe_two(store: Store, gap_years: int = GAP_YEARS) -> list[dict[str, Any]]:
    """Canonical entities whose documents speak of them in periods more than ``gap_years`` apart."""
    spans: dict[int, list[tuple[int, int, str]]] = {}
    for r in store.entity_document_spans():
        lo, hi = _year(r["earliest"] or r["doc_earliest"]), _year(r["latest"] or r["doc_latest"])
        if lo is not None and hi is not None:
            spans.setdefault(r["entity"], []).append((lo, hi, r["doc"]))
    out = []
    for eid, items in spans.items():
        items.sort()
        # the widest gap between the periods, in time order, that no period bridges
        reach, widest = items[0][1], None
        for lo, hi, doc in items[1:]:
            if lo - reach > gap_years and (widest is None or lo - reach > widest[0]):
                widest = (lo - reach, reach, lo, doc)
            reach = max(reach, hi)
        if widest is None:
            continue
        row = store.entity_row(eid) or {}
        before = sorted({d for lo, hi, d in items if hi <= widest[1]})
        after = sorted({d for lo, hi, d in items if lo >= widest[2]})
        out.append({"kind": "maybe two", "entities": [{"id": eid, "name": row.get("name"), "type": row.get("type")}],
                    "why": f"its documents speak of it up to {widest[1]} and from {widest[2]} on, "
                           f"{widest[0]} years apart", "documents": {"before": before, "after": after},
                    "decide": f"annals entity split {eid} --document DOC"})
    return sorted(out, key=lambda r: (-int(r["why"].split(", ")[-1].split()[0]), r["entities"][0]["id"]))


def kept_apart(store: Store, gap_years: int = GAP_YEARS) -> list[dict[str, Any]]:
    """Pairs of entities of one type that share a name linking goes by, mentioned in no document
    together, that the texts separate (:func:`separated`): maybe one, in another period."""
    out = []
    for a, b, etype in store.entities_sharing_names():
        names = {e: store.entity_forms(e) for e in (a, b)}
        periods = {e: store.entity_years(e) for e in (a, b)}
        why = separated(etype, names[a], periods[a], names[b], periods[b], gap_years)
        if why is None:
            continue
        rows = [store.entity_row(e) or {} for e in (a, b)]
        shared = sorted({normalise_name(n) for n in names[a]} & {normalise_name(n) for n in names[b]},
                        key=lambda n: (-len(n), n))  # the fullest name they share
        out.append({"kind": "maybe one", "entities": [{"id": r.get("id"), "name": r.get("name"),
                                                       "type": r.get("type")} for r in rows],
                    "why": f"both called {shared[0] if shared else names[a][0]!r}, kept apart: {why}",
                    "decide": f"annals entity merge {a} {b}"})
    return out


def maybe_one(store: Store) -> list[dict[str, Any]]:
    """Pairs of entities of one type in different documents, one named as the other with capitalised
    words added."""
    rows = store.entities()
    docs = {e["id"]: {d["doc"] for d in store.doc_entity_rows(e["id"])} for e in rows}
    by_name: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for e in rows:
        by_name.setdefault((e["type"], normalise_name(e["name"])), []).append(e)
    out = []
    for e in rows:
        words = e["name"].split()
        norm_words = normalise_name(e["name"]).split()
        if len(words) < 2 or len(words) != len(norm_words):
            continue
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                if (i, j) == (0, len(words)):
                    continue
                extra = words[:i] + words[j:]
                if not all(w[:1].isupper() for w in extra):
                    continue  # "Russian army" is no other name of "Russian": only capitalised qualifiers
                for other in by_name.get((e["type"], " ".join(norm_words[i:j])), []):
                    if other["id"] == e["id"] or not (docs[e["id"]] ^ docs[other["id"]]):
                        continue
                    out.append({"kind": "maybe one",
                                "entities": [{"id": x["id"], "name": x["name"], "type": x["type"]} for x in (other, e)],
                                "why": f"{e['name']!r} is {other['name']!r} with {' '.join(extra)!r}: the same "
                                       "thing in another period, or another thing",
                                "decide": f"annals entity merge {other['id']} {e['id']}"})
    return out


def ambiguous(store: Store, gap_years: int = GAP_YEARS) -> list[dict[str, Any]]:
    """Both kinds, maybe two first (then the pairs linking kept apart, then the related names):
    ``{"kind", "entities": [{"id", "name", "type"}], "why", "decide"}``."""
    one = kept_apart(store, gap_years)
    pairs = {frozenset(e["id"] for e in r["entities"]) for r in one}
    found = maybe_two(store, gap_years) + one + [r for r in maybe_one(store)
                                                 if frozenset(e["id"] for e in r["entities"]) not in pairs]
    settled = decided(store)
    return [r for r in found if not {e["id"] for e in r["entities"]} <= settled]


def decided(store: Store) -> set[int]:
    """The canonical entities a person has decided the identity of: those a merge or a split in effect
    names (a merged entity spoken of in two periods, a split one and what it was split from, are no
    longer a question)."""
    from annals.edits_targets import find_entity, find_mention

    out: set[int] = set()
    if not store.has_active_edits():
        return out
    for edit in store.edit_rows(active_only=True):
        if edit["op"] not in ("entity.merge", "entity.split"):
            continue
        t = edit["target"]
        for key in (t.get("entity"), t.get("other")):
            eid = find_entity(store, key) if isinstance(key, dict) else None
            if eid is not None:
                out.add(eid)
        for key in t.get("mentions") or ():
            row = find_mention(store, key)
            if row is not None:
                out.add(row["entity"])
        if edit["op"] == "entity.split" and not t.get("mentions") and isinstance(t.get("entity"), dict):
            out |= set(store.entities_named(t["entity"]["name"], t["entity"]["type"]))
    return out
