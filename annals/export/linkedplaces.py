"""``linkedplaces``: the resolved places in Linked Places Format (LPF v1.1), the GeoJSON-LD that World
Historical Gazetteer, Peripleo and the Pelagios tools read.

A FeatureCollection under LPF's ``@context``
(https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld; the
file names it, nothing is fetched), one Feature per GeoNames place the selection names
(:func:`annals.places.place_rows`):

* ``@id``: ``urn:annals:place:<GeoNames id>``; ``properties``: ``title`` (the name annals gives it) and
  ``ccodes`` (its ISO 3166 country);
* ``geometry``: a GeometryCollection of one ``Point`` ``[longitude, latitude]`` from GeoNames, or
  ``null`` for a country or US state, which GeoNames' package gives no point (nothing is invented);
* ``names``: each name as the texts write it (``toponym``), with ``citations``: the documents that use
  it (``label`` the title, else the file name; ``@id`` ``urn:annals:document:<id>``);
* ``types``: GeoNames' kind (``city``, ``country``, ``admin1``, ``continent``) as ``label``, annals'
  subtype as ``sourceLabels``;
* ``links``: ``closeMatch`` to ``https://sws.geonames.org/<id>/``;
* ``when``: ``timespans`` from the texts: the interval of each dated event that names the place and of
  each date said in a sentence that mentions it, at the precision the text gives (``{"in": "1632"}``,
  ``"1632-11"``, ``"1632-11-16"``; BCE counted astronomically as ISO 8601 does, 44 BC is ``-0043``), each
  interval once; absent when the texts date none.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from annals.dates.timex import sort_key
from annals.export.common import interval_parts, iso_astronomical, one_line
from annals.export.select import Selection
from annals.places import geonames_uri, place_rows

CONTEXT = "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld"
PRECISION = 5


def iso(parts: dict[str, int]) -> str:
    """``{"year": -44, "month": 3}`` -> ``-0043-03`` (ISO 8601 at that precision, astronomical years)."""
    year = parts["year"]
    text = ("-" if year < 0 else "") + f"{abs(year):04d}"
    for key in ("month", "day"):
        if key in parts:
            text += f"-{parts[key]:02d}"
    return iso_astronomical(text)


def timespan(earliest: str, latest: str) -> dict[str, Any]:
    """An LPF timespan of an interval of ISO days, at the coarsest precision that states it exactly."""
    start, end = interval_parts(earliest, latest)
    return {"start": {"in": iso(start)}, "end": {"in": iso(end or start)}}


def _document_id(doc: str) -> str:
    return "urn:annals:document:" + quote(doc, safe="-._~")


def feature(row: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    """The LPF Feature of one place row; ``titles``: document id -> title."""
    out: dict[str, Any] = {
        "@id": f"urn:annals:place:{int(row['geonames_id'])}",
        "type": "Feature",
        "properties": {"title": one_line(row["name"])},
    }
    if row["country"]:
        out["properties"]["ccodes"] = [row["country"]]
    out["geometry"] = None
    if row["lat"] is not None and row["lon"] is not None:
        point = [round(float(row["lon"]), PRECISION), round(float(row["lat"]), PRECISION)]
        out["geometry"] = {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": point}]}
    names = []
    attested = row.get("attested") or {}
    for toponym in [*attested, *(a for a in row["aliases"] if a not in attested)]:
        name: dict[str, Any] = {"toponym": one_line(toponym)}
        docs = attested.get(toponym, [])
        if docs:
            name["citations"] = [{"label": one_line(titles.get(d) or d), "@id": _document_id(d)} for d in docs]
        names.append(name)
    out["names"] = names
    out["types"] = [{"label": row["kind"], **({"sourceLabels": [{"label": row["subtype"]}]} if row["subtype"] else {})}]
    out["links"] = [{"type": "closeMatch", "identifier": geonames_uri(row["geonames_id"])}]
    spans: dict[tuple[str, str], dict[str, Any]] = {}
    for s in row["when"]:
        key = (s["earliest"], s["latest"])
        if key not in spans:
            try:
                spans[key] = timespan(*key)
            except ValueError:
                continue
    if spans:
        ordered = sorted(spans, key=lambda k: (sort_key(k[0]), sort_key(k[1])))
        out["when"] = {"timespans": [spans[k] for k in ordered]}
    return out


def model(sel: Selection) -> dict[str, Any]:
    """The LPF FeatureCollection."""
    # A document's title, else its file name (never the folders of the machine that made the store).
    titles = {d["id"]: d.get("title") or (Path(d["path"]).name if d.get("path") else d["id"]) for d in sel.documents}
    return {"type": "FeatureCollection", "@context": CONTEXT,
            "features": [feature(r, titles) for r in place_rows(sel)]}


def render(sel: Selection) -> str:
    """The LPF text."""
    return json.dumps(model(sel), ensure_ascii=False, indent=1, allow_nan=False) + "\n"
