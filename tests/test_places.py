"""Places on a map (issue 15): the GPEs and LOCs GeoNames resolves keep their coordinates and GeoNames id
in the store (and an older store gets them when it is upgraded), in ``show``, the API, the web JSON and
the exports; the ``geojson`` and ``linkedplaces`` exports are read by real consumers (shapely, rdflib's
JSON-LD parser) and checked against RFC 7946's rules.  The texts are invented, with real towns."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_migration_v6 import write_v5

from annals import api, cli, geo
from annals.export import render, select
from annals.export.linkedplaces import CONTEXT, timespan
from annals.store import SCHEMA_VERSION, Store, canonical_place
from annals.web import create_app

THIRTY = ("The Swedish campaign in Germany\n\n"
          "In 1632 the Swedish army marched from Nuremberg to Lützen. Gustavus Adolphus fell at Lützen in "
          "November 1632. His chancellor Axel Oxenstierna governed the Swedish conquests from Frankfurt in 1633.\n")
PRUSSIA = ("The fall of Prussia\n\n"
           "In 1806 Napoleon defeated the Prussian army near Jena. The French entered Berlin in October 1806. "
           "Frederick William III fled to Königsberg, and the treaty was signed at Tilsit in 1807.\n")
# A place GeoNames does not list keeps no coordinates: nothing is invented.
CARTHAGE = ("The Numidian wars\n\n"
            "In 150 BC Masinissa of Numidia attacked the lands of Carthage along the Bagradas River.\n")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("places")
    texts = folder / "texts"
    texts.mkdir()
    for name, text in (("thirty.txt", THIRTY), ("prussia.txt", PRUSSIA), ("numidia.txt", CARTHAGE)):
        (texts / name).write_text(text, encoding="utf-8")
    path = folder / "places.db"
    report = api.ingest([texts], path)
    assert not report.failures
    return path


def _place(db: Path, name: str) -> dict:
    [found] = [p for p in api.places(db) if p["name"] == name]
    return found


def test_resolved_places_keep_geonames_id_and_coordinates(db: Path) -> None:
    for name, lat, lon in (("Nuremberg", 49.45, 11.08), ("Lützen", 51.26, 12.14), ("Berlin", 52.52, 13.40)):
        [entity] = api.show(db, name)["entities"]
        place = entity["place"]
        assert place["geonames_id"] == geo.resolve(name).geonames_id
        assert abs(place["lat"] - lat) < 0.05 and abs(place["lon"] - lon) < 0.05, (name, place)
        row = _place(db, name)
        assert (row["geonames_id"], row["lat"], row["lon"]) == (place["geonames_id"], place["lat"], place["lon"])
    # Historical names resolve to today's towns: Königsberg is Kaliningrad's GeoNames record.
    assert _place(db, "Königsberg")["country"] == "RU"
    # People and unresolved places carry none.
    assert api.show(db, "Gustavus Adolphus")["entities"][0]["place"] is None
    unresolved = [e for e in api.entities(db) if e["type"] in ("GPE", "LOC") and e["place"] is None]
    assert all(e["name"] not in {p["name"] for p in api.places(db)} for e in unresolved)


def test_places_carry_mentions_documents_and_the_texts_dates(db: Path) -> None:
    lutzen = _place(db, "Lützen")
    assert lutzen["mentions"] == 2 and len(lutzen["documents"]) == 1
    assert (lutzen["first"], lutzen["last"]) == ("1632-01-01", "1632-12-31")
    assert lutzen["attested"] == {"Lützen": lutzen["documents"]}
    assert _place(db, "Frankfurt")["first"] == "1633-01-01"


def test_places_filter_by_period_and_entity_as_the_exports_do(db: Path) -> None:
    everything = {p["name"] for p in api.places(db)}
    assert {"Nuremberg", "Lützen", "Jena", "Berlin"} <= everything
    napoleonic = {p["name"] for p in api.places(db, start="1800", end="1810")}
    assert {"Jena", "Berlin"} <= napoleonic and not napoleonic & {"Nuremberg", "Lützen", "Frankfurt"}
    thirty = {p["name"] for p in api.places(db, start="1630", end="1640")}
    assert {"Nuremberg", "Lützen"} <= thirty and "Berlin" not in thirty


def test_canonical_place_is_the_majority_whatever_the_order() -> None:
    a = json.dumps({"geonames_id": 5, "lat": 1.0, "lon": 2.0})
    b = json.dumps({"geonames_id": 9, "lat": 3.0, "lon": 4.0})
    assert json.loads(canonical_place([a, b, b, None]))["geonames_id"] == 9
    assert canonical_place([b, None, b, a]) == canonical_place([a, b, b])
    assert json.loads(canonical_place([b, a]))["geonames_id"] == 5  # a tie: the smaller id, in any order
    assert canonical_place([None, None]) is None


def test_an_older_store_gets_its_places_when_upgraded(db: Path, tmp_path: Path) -> None:
    # a store of schema 3 (before places), written as schema 3 stored them from the rows of a new one; opening
    # it runs every later step
    old = tmp_path / "old.db"
    with Store(db, readonly=True) as ref:
        write_v5(old, ref, version=3)
    before = {p["geonames_id"]: (p["lat"], p["lon"], p["mentions"]) for p in api.places(db)}
    conn = sqlite3.connect(old)
    assert "place" not in {r[1] for r in conn.execute("PRAGMA table_info(doc_entities)")}
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    conn.close()
    with Store(old) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.check() == []
    after = {p["geonames_id"]: (p["lat"], p["lon"], p["mentions"]) for p in api.places(old)}
    assert after == before and after


def test_places_survive_removing_and_relinking(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    prussia = [d["id"] for d in api.documents(copy) if d["path"].endswith("prussia.txt")]
    api.remove(copy, prussia[0])
    names = {p["name"] for p in api.places(copy)}
    assert "Nuremberg" in names and "Berlin" not in names
    assert _place(copy, "Lützen")["lat"] == _place(db, "Lützen")["lat"]


def test_show_prints_the_place(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["show", "Nuremberg", "--db", str(db), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["entities"][0]["place"]["geonames_id"] == _place(db, "Nuremberg")["geonames_id"]


def test_the_web_json_gives_the_places(db: Path) -> None:
    client = TestClient(create_app(db), base_url="http://localhost")
    r = client.get("/api/places")
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == len(api.places(db)) and body["items"] == json.loads(json.dumps(api.places(db)))
    names = {p["name"] for p in client.get("/api/places", params={"from": "1800", "to": "1810"}).json()["items"]}
    assert "Jena" in names and "Lützen" not in names
    assert client.get("/api/places", params={"from": "not a date"}).status_code == 400
    assert client.get("/api/places", params={"entity": "Nobody At All"}).status_code == 404
    [lutzen] = client.get("/api/entities", params={"q": "Lützen"}).json()["items"]
    page = client.get(f"/api/entities/{lutzen['id']}").json()
    assert page["place"]["geonames_id"] == _place(db, "Lützen")["geonames_id"]


# -- the exports ---------------------------------------------------------------------------------

def _selection(db: Path, **filters: str):
    with Store(db, create=False, readonly=True) as store:
        return select(store, db=db, **filters)


def _check_rfc7946(collection: dict) -> None:
    """The rules of RFC 7946 a GeoJSON reader relies on: a FeatureCollection of Features, each with a
    geometry (or null) and properties (an object or null); a Point's position is [longitude, latitude]
    within range; no CRS member (§4: WGS 84 only)."""
    assert collection["type"] == "FeatureCollection" and isinstance(collection["features"], list)
    assert "crs" not in collection
    for f in collection["features"]:
        assert f["type"] == "Feature" and "geometry" in f and "properties" in f
        assert f["properties"] is None or isinstance(f["properties"], dict)
        assert "id" not in f or isinstance(f["id"], str | int)
        g = f["geometry"]
        if g is None:
            continue
        points = [g] if g["type"] == "Point" else g["geometries"]
        for p in points:
            assert p["type"] == "Point" and len(p["coordinates"]) == 2
            lon, lat = p["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_is_read_by_shapely_with_longitude_first(db: Path) -> None:
    from shapely.geometry import Point, shape

    collection = json.loads(render(_selection(db), "geojson"))
    _check_rfc7946(collection)
    by_name = {f["properties"]["name"]: f for f in collection["features"]}
    assert set(by_name) == {p["name"] for p in api.places(db)}
    for name in ("Nuremberg", "Lützen", "Jena", "Tilsit"):
        geometry = shape(by_name[name]["geometry"])
        assert isinstance(geometry, Point) and geometry.is_valid
        row = _place(db, name)
        assert (round(geometry.x, 4), round(geometry.y, 4)) == (round(row["lon"], 4), round(row["lat"], 4))
    props = by_name["Lützen"]["properties"]
    assert props["geonames_id"] == _place(db, "Lützen")["geonames_id"] and props["mentions"] == 2
    assert props["documents"] == 1 and props["first_date"] == "1632-01-01" and props["last_date"] == "1632-12-31"
    assert props["type"] == "GPE" and props["geonames_uri"] == f"https://sws.geonames.org/{props['geonames_id']}/"
    # Nuremberg lies east of Greenwich and north of the equator: [lon, lat] is [11.08, 49.45], not the reverse.
    assert by_name["Nuremberg"]["geometry"]["coordinates"][0] < by_name["Nuremberg"]["geometry"]["coordinates"][1]
    period = json.loads(render(_selection(db, start="1800", end="1810"), "geojson"))
    assert {f["properties"]["name"] for f in period["features"]} >= {"Jena", "Berlin"}
    assert "Nuremberg" not in {f["properties"]["name"] for f in period["features"]}


# The terms of the Linked Places context this export uses, with the IRIs LPF v1.1 gives them (nothing is
# fetched in a test): enough for a JSON-LD processor to read the file as LPF's linked data.
LPF_TERMS = {
    "type": "@type", "dct": "http://purl.org/dc/terms/", "lpo": "http://linkedpasts.org/ontology/lpo_latest.ttl#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "geojson": "https://purl.org/geojson/vocab#",
    "geojson-t": "https://github.com/kgeographer/geojson-t/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "gn": "http://www.geonames.org/ontology#", "cito": "http://purl.org/spar/cito#",
    "FeatureCollection": "geojson:FeatureCollection", "Feature": "geojson:Feature", "Point": "geojson:Point",
    "GeometryCollection": "geojson:GeometryCollection",
    "features": {"@id": "lpo:hasFeature", "@container": "@set"}, "properties": "geojson:properties",
    "title": "dct:title", "ccodes": "gn:countryCode", "geometry": "geojson-t:geometry",
    "geometries": {"@id": "lpo:setting", "@container": "@set"},
    "coordinates": {"@id": "geojson:coordinates", "@container": "@list"},
    "names": {"@id": "lpo:name_attestation", "@container": "@set"}, "toponym": "lpo:toponym",
    "citations": {"@id": "cito:cites", "@type": "@id"}, "label": "rdfs:label",
    "types": {"@id": "lpo:type_attestation", "@container": "@set"}, "sourceLabels": "lpo:source_label",
    "links": {"@id": "lpo:link_attestation", "@container": "@set"}, "closeMatch": "skos:closeMatch",
    "identifier": "dct:identifier", "when": "lpo:when", "timespans": {"@id": "lpo:timespan", "@container": "@set"},
    "start": "lpo:has_start", "end": "lpo:has_end", "in": "lpo:in",
}


def test_linked_places_is_read_as_json_ld_with_geonames_links_and_dates(db: Path) -> None:
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, SKOS
    from shapely.geometry import shape

    doc = json.loads(render(_selection(db), "linkedplaces"))
    assert doc["@context"] == CONTEXT == (
        "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld")
    _check_rfc7946(doc)  # LPF is GeoJSON too
    by_title = {f["properties"]["title"]: f for f in doc["features"]}
    lutzen = by_title["Lützen"]
    gid = _place(db, "Lützen")["geonames_id"]
    assert lutzen["@id"] == f"urn:annals:place:{gid}" and lutzen["properties"]["ccodes"] == ["DE"]
    assert lutzen["links"] == [{"type": "closeMatch", "identifier": f"https://sws.geonames.org/{gid}/"}]
    assert lutzen["when"] == {"timespans": [{"start": {"in": "1632"}, "end": {"in": "1632"}},
                                            {"start": {"in": "1632-11"}, "end": {"in": "1632-11"}}]}
    assert [n["toponym"] for n in lutzen["names"]] == ["Lützen"]
    [cited] = lutzen["names"][0]["citations"]
    assert cited["label"] in ("The Swedish campaign in Germany", "thirty.txt")  # the title, else the file's name
    assert cited["@id"] == f"urn:annals:document:{_place(db, 'Lützen')['documents'][0]}"
    assert shape(lutzen["geometry"]).geoms[0].x == pytest.approx(12.14164, abs=1e-4)

    graph = Graph().parse(data=json.dumps(doc | {"@context": LPF_TERMS}), format="json-ld")
    lpo, dct = Namespace(LPF_TERMS["lpo"]), Namespace(LPF_TERMS["dct"])
    feature = URIRef(lutzen["@id"])
    assert (feature, RDF.type, URIRef("https://purl.org/geojson/vocab#Feature")) in graph
    links = list(graph.objects(feature, lpo.link_attestation))
    assert len(links) == 1 and (links[0], RDF.type, SKOS.closeMatch) in graph
    assert (links[0], dct.identifier, Literal(f"https://sws.geonames.org/{gid}/")) in graph
    starts = {str(graph.value(graph.value(span, lpo.has_start), lpo["in"]))
              for when in graph.objects(feature, lpo.when) for span in graph.objects(when, lpo.timespan)}
    assert starts == {"1632", "1632-11"}
    features = set(graph.subjects(RDF.type, URIRef("https://purl.org/geojson/vocab#Feature")))
    assert len(features) == len(doc["features"]) == len(api.places(db))


def test_linked_places_dates_are_iso_8601_at_the_texts_precision() -> None:
    # 150 BC (numbering without a year 0) is ISO 8601's -0149; a month stays a month, a day a day.
    assert timespan("-0150-01-01", "-0150-12-31") == {"start": {"in": "-0149"}, "end": {"in": "-0149"}}
    assert timespan("1632-11-01", "1632-11-30") == {"start": {"in": "1632-11"}, "end": {"in": "1632-11"}}
    assert timespan("1806-10-14", "1806-10-14") == {"start": {"in": "1806-10-14"}, "end": {"in": "1806-10-14"}}
    assert timespan("1630-01-01", "1639-12-31") == {"start": {"in": "1630"}, "end": {"in": "1639"}}


def test_places_geonames_does_not_list_have_no_coordinates(db: Path) -> None:
    for name in ("Numidia", "Bagradas River", "Carthage"):  # Carthage, a historical state, is not the town in Ohio
        [entity] = api.show(db, name)["entities"]
        assert entity["type"] in ("GPE", "LOC") and entity["place"] is None
    listed = {p["name"] for p in api.places(db)}
    assert not listed & {"Numidia", "Bagradas River", "Carthage"}
    features = json.loads(render(_selection(db), "geojson"))["features"]
    assert not {f["properties"]["name"] for f in features} & {"Numidia", "Bagradas River", "Carthage"}


def test_json_and_jsonld_exports_carry_the_place(db: Path) -> None:
    sel = _selection(db)
    model = json.loads(render(sel, "json"))
    [jena] = [e for e in model["entities"] if e["name"] == "Jena"]
    assert jena["place"]["geonames_id"] == _place(db, "Jena")["geonames_id"]
    graph = json.loads(render(sel, "jsonld"))["@graph"]
    [node] = [n for n in graph if n.get("name") == "Jena" and n.get("@type") == "Place"]
    assert node["sameAs"] == f"https://sws.geonames.org/{jena['place']['geonames_id']}/"
    assert node["geo"]["latitude"] == jena["place"]["lat"] and node["geo"]["longitude"] == jena["place"]["lon"]


def test_the_map_ships_its_outlines_and_never_parses_data_as_html(db: Path) -> None:
    from annals.web.app import STATIC

    client = TestClient(create_app(db), base_url="http://localhost")
    assert "/api/places" in client.get("/openapi.json").json()["paths"]
    page = client.get("/").text
    assert 'src="static/map.js"' in page and page.index("static/map.js") < page.index("static/app.js")
    for name, kind in (("map.js", "javascript"), ("map.css", "text/css"), ("countries-110m.json", "json")):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and kind in r.headers["content-type"], name
    topology = client.get("/static/countries-110m.json").json()
    assert topology["type"] == "Topology" and len(topology["objects"]["countries"]["geometries"]) > 150
    source = (STATIC / "map.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in source
    # Nothing is loaded from another origin (the one address is a link to GeoNames' page of a place).
    assert set(re.findall(r"https?://[^\s\"'`$]+", source)) == {"https://www.geonames.org/"}
    assert "Natural Earth" in (STATIC / "MAP-DATA.md").read_text(encoding="utf-8")


def test_check_finds_a_place_that_disagrees_with_its_documents(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    lutzen = _place(db, "Lützen")["id"]
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE entities SET place = ? WHERE id = ?", (json.dumps({"geonames_id": 1}), lutzen))
    with Store(copy, readonly=True) as store:
        assert store.check() == [f"canonical entity {lutzen} has another place than its document entities give it"]


def test_csv_nodes_carry_geonames_and_the_point(db: Path) -> None:
    import csv
    import io

    nodes = {r["Label"]: r for r in csv.DictReader(io.StringIO(render(_selection(db), "csv")["nodes.csv"]))}
    jena = _place(db, "Jena")
    assert (nodes["Jena"]["GeoNames"], nodes["Jena"]["Latitude"], nodes["Jena"]["Longitude"]) == (
        str(jena["geonames_id"]), str(jena["lat"]), str(jena["lon"]))
    assert nodes["Napoleon"]["GeoNames"] == nodes["Napoleon"]["Latitude"] == ""
