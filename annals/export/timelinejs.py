"""``timelinejs``: the events as a TimelineJS3 timeline (its JSON format: ``title``, ``events`` of slides).

Each event that is not negated is a slide:

* ``start_date``/``end_date`` at the event's own precision: ``{"year": 1944}`` when only the year is
  known, ``{"year": 1944, "month": 11}`` for a month, a day only where the text gives one; a decade,
  quarter, season or modified date (``the end of 1944``) is its interval at the coarsest exact
  precision (``1920``-``1929``).  BCE years are negative as TimelineJS wants (44 BC is ``-44``).
* ``display_date`` (on the slide) where the bare date would say too much or too little: approximate
  or modified dates ("the end of 1944", "about 1920"), decades and the like, BCE dates ("15 March
  44 BC"), dates inferred from another clause or from the narrative ("November 1944 (inferred)"), and
  undated events, which TimelineJS shows at the date of the dated event the narrative tells them after
  ("undated; told after ...").  Events of a document with no date at all are left out.
* ``text``: ``headline`` (the event's description, "Archidamus invaded Attica") and ``text``: the source sentence in a
  ``<blockquote>`` and the document and character offsets it comes from.  Text from documents is
  HTML-escaped (``< > & " '``), so none of it is markup; ``autolink`` is off for the same reason.
* ``group``: the event type; ``unique_id``: the event's id.
"""

from __future__ import annotations

import json
import re
from typing import Any

from annals.export.common import date_parts, html_text, human_parts, human_value, interval_parts
from annals.export.select import Selection

_INFERRED = {"anchored": "inferred from a related clause", "narrative": "inferred from the narrative"}


def _slug(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-") or "event"


def _who(row: dict[str, Any]) -> str:
    names = [p["name"] for p in row.get("participants") or [] if p.get("name")]
    if row.get("place") and row["place"].get("name"):
        names.append(row["place"]["name"])
    names = list(dict.fromkeys(names))
    return ", ".join(names[:4]) + (" ..." if len(names) > 4 else "")


def dates(row: dict[str, Any]) -> tuple[dict[str, int], dict[str, int] | None, str | None] | None:
    """(start_date, end_date or None, display_date or None) of a dated timeline row, else None."""
    value, mod = row.get("value"), row.get("mod")
    parts = date_parts(value)
    until = date_parts(row.get("until")) if row.get("until") else None
    if parts is not None and until is not None and not mod:  # a period: "from 18 March to 28 May 1871"
        start, end = parts, until
        display = f"{human_parts(start)} – {human_parts(end)}"
        basis = row.get("basis")
        return start, end, f"{display} ({_INFERRED[basis]})" if basis in _INFERRED else display
    if parts is not None and not mod:
        start, end = parts, None
        exact = True
    elif row.get("earliest") and row.get("latest"):
        start, end = interval_parts(row["earliest"], row["latest"])
        exact = False
    else:
        return None
    display = None
    if not exact:
        display = human_value(value, mod) if value else None
    elif start["year"] < 0:
        display = human_parts(start)
    basis = row.get("basis")
    if basis in _INFERRED:
        display = f"{display or human_value(value, mod) or human_parts(start)} ({_INFERRED[basis]})"
    return start, end, display


def slide(row: dict[str, Any], sel: Selection) -> dict[str, Any] | None:
    """The slide of one timeline row, or None when it cannot be put in time."""
    if row.get("placement") == "narrative":
        # Shown at the date of the dated event the narrative tells it after (else before).
        before, after = row.get("between") or (None, None)
        side, anchor = ("after", sel.neighbours.get(before)) if before in sel.neighbours else \
            ("before", sel.neighbours.get(after))
        found = dates({"value": None, "earliest": anchor["earliest"], "latest": anchor["latest"]}) if anchor else None
        if anchor is None or found is None:
            return None
        start, end = found[0], None
        display = f"undated; told {side} {human_value(anchor.get('value'), anchor.get('mod')) or human_parts(start)}"
    else:
        found = dates(row)
        if found is None:
            return None
        start, end, display = found
    who = _who(row)
    if row.get("description"):  # "Archidamus invaded Attica"
        headline = row["description"][:1].upper() + row["description"][1:]
    else:
        headline = f"{(row.get('type') or 'event').replace('_', ' ').capitalize()}: {row.get('trigger') or ''}"
        if who:
            headline += f" ({who})"
    cite = f"{sel.document_title(row['document'])}, characters {row.get('start')}–{row.get('end')}"
    text = f"<blockquote>{html_text(row.get('sentence'))}</blockquote><p><small>Source: {html_text(cite)}"
    if row.get("modality") not in (None, "", "asserted"):
        text += f"; modality: {html_text(row['modality'])}"
    if row.get("conflict"):
        text += f"; another document dates this differently ({html_text(', '.join(row['conflict']))})"
    text += "</small></p>"
    out: dict[str, Any] = {"start_date": start}
    if end is not None:
        out["end_date"] = end
    if display:
        out["display_date"] = display
    out |= {"text": {"headline": html_text(headline), "text": text}, "group": row.get("type") or "EVENT",
            "unique_id": _slug(row["id"]), "autolink": False}
    return out


def model(sel: Selection) -> dict[str, Any]:
    """The TimelineJS3 JSON object."""
    events = []
    for row in sel.events:
        if row.get("negated"):
            continue
        made = slide(row, sel)
        if made is not None:
            events.append(made)
    filters = ", ".join(f"{k} {v}" for k, v in sel.filters.items() if v)
    docs = ", ".join(sel.document_title(d["id"]) for d in sel.documents[:5])
    if len(sel.documents) > 5:
        docs += f" and {len(sel.documents) - 5} more"
    summary = f"{len(events)} events from {len(sel.documents)} documents" + (f" ({filters})" if filters else "")
    title = {"text": {"headline": "annals timeline",
                      "text": f"<p>{html_text(summary)}</p>" + (f"<p>{html_text(docs)}</p>" if docs else "")},
             "autolink": False}
    return {"title": title, "events": events, "scale": "human"}


def render(sel: Selection) -> str:
    """The JSON text."""
    return json.dumps(model(sel), ensure_ascii=False, indent=1) + "\n"
