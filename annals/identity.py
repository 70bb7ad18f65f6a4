"""Identity across documents that a person should decide (``annals entities --ambiguous``).

Linking joins two documents' entities when a name or alias and the type agree.  Two kinds of case
are left for a person, who settles them with ``annals entity split`` or ``annals entity merge``
(corrections that last, see :mod:`annals.edits`):

* **maybe two**: one canonical entity whose documents speak of it in periods far apart (the dates of
  the sentences that mention it, else of the whole document, are more than :data:`GAP_YEARS` apart
  and do not overlap): a state under one name in two eras, a father and a son of one name.
* **maybe one**: two canonical entities of one type, mentioned in different documents, one of whose
  names is the other's with capitalised words added ("Russia" / "Soviet Russia", "Gordon" kept
  apart from "Charles Gordon" by another Gordon): the same thing in another period or another
  thing of a related name.

Nothing here changes the store.
"""

from __future__ import annotations

from typing import Any

from annals.store import Store, normalise_name

#: how many years apart two documents' periods must be for one entity to be listed as maybe two
GAP_YEARS = 50


def _year(iso: str | None) -> int | None:
    try:
        return int(str(iso)[:4]) if iso else None
    except ValueError:
        return None


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
    """Both kinds, maybe two first: ``{"kind", "entities": [{"id", "name", "type"}], "why", "decide"}``."""
    return maybe_two(store, gap_years) + maybe_one(store)
