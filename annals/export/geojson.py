"""``geojson``: the resolved places as a plain GeoJSON FeatureCollection (RFC 7946), for QGIS and other GIS.

One Feature per GeoNames place the selection names (:func:`annals.places.place_rows`): a ``Point``
geometry ``[longitude, latitude]`` (WGS 84, as RFC 7946 requires; five decimals, about a metre), or
``null`` for a country or US state, to which GeoNames' package gives no point (RFC 7946 §3.2: a Feature
without location).  Nothing is invented: a place GeoNames does not list is not in the file.

``properties`` are flat, so that they are columns of a GIS's attribute table: ``name``, ``type`` and
``subtype`` (annals'), ``kind`` (GeoNames': city, country, admin1, continent), ``geonames_id``,
``geonames_uri``, ``country`` (ISO 3166 alpha-2), ``mentions`` (how often the texts name it),
``documents`` (in how many documents), ``document_ids`` (a list), ``first_date``/``last_date`` (ISO 8601
days of the earliest and latest date the texts give it, BCE counted astronomically: 44 BC is ``-0043``;
null when none), ``aliases`` (the names the texts use, ``; ``-separated) and ``entity`` (the annals
entity id, for ``annals show`` and the explorer's ``#/entity/<id>``).
"""

from __future__ import annotations

import json
from typing import Any

from annals.export.common import iso_astronomical, one_line
from annals.export.select import Selection
from annals.places import geonames_uri, place_rows

PRECISION = 5


def _date(value: str | None) -> str | None:
    return iso_astronomical(value) if value else None


def feature(row: dict[str, Any]) -> dict[str, Any]:
    """The Feature of one place row."""
    geometry = None
    if row["lat"] is not None and row["lon"] is not None:
        geometry = {"type": "Point", "coordinates": [round(float(row["lon"]), PRECISION),
                                                     round(float(row["lat"]), PRECISION)]}
    return {
        "type": "Feature",
        "id": row["geonames_id"],
        "geometry": geometry,
        "properties": {
            "name": one_line(row["name"]), "type": row["type"], "subtype": row["subtype"], "kind": row["kind"],
            "geonames_id": row["geonames_id"], "geonames_uri": geonames_uri(row["geonames_id"]),
            "country": row["country"], "mentions": row["mentions"], "documents": len(row["documents"]),
            "document_ids": row["documents"], "first_date": _date(row["first"]), "last_date": _date(row["last"]),
            "aliases": "; ".join(one_line(a) for a in row["aliases"]), "entity": row["id"],
        },
    }


def model(sel: Selection) -> dict[str, Any]:
    """The FeatureCollection."""
    return {"type": "FeatureCollection", "features": [feature(r) for r in place_rows(sel)]}


def render(sel: Selection) -> str:
    """The GeoJSON text."""
    return json.dumps(model(sel), ensure_ascii=False, indent=1, allow_nan=False) + "\n"
