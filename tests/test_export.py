"""Tests of ``annals export``: each format read back by a real consumer (networkx, rdflib, jsonschema,
markdown-it-py, csv), the filters, the empty store, untrusted text, and the errors.

The store is built once, by ingesting three small texts written for these tests with the real pipeline.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import networkx as nx
import pytest
import rdflib
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from annals import api
from annals.errors import AnnalsError
from annals.export import EXPORTERS, export
from annals.export.common import (
    csv_text,
    html_text,
    human_value,
    interval_parts,
    iso_astronomical,
    md_text,
    xml_text,
)
from annals.store import Store

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "timelinejs.schema.json").read_text(encoding="utf-8"))
SCHEMA_ORG = rdflib.Namespace("https://schema.org/")
# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

FORMATS = ["json", "csv", "graphml", "gexf", "jsonld", "timelinejs", "markdown", "geojson", "linkedplaces"]

TEXTS = {
    "vlasov.txt": (
        "General Andrey Vlasov was captured by the Germans in July 1942. "
        "In November 1944 Vlasov founded the Committee for the Liberation of the Peoples of Russia in Prague. "
        "The Committee was led by General Vlasov. "
        "Heinrich Himmler met Vlasov in September 1944. "
        "The Russian Liberation Army fought in Prague in May 1945.\n"
    ),
    "caesar.txt": "Julius Caesar crossed the Rubicon in 49 BC. Caesar was assassinated in Rome in 44 BC.\n",
    # Untrusted text: markup, ampersands and both kinds of quotes, in names and in sentences.
    "tricky.txt": (
        "The Brothers \"Smith\" & Sons <script>alert('x')</script> was founded by John Smith in London in 1901. "
        "In 1910 John Smith became the leader of the Brothers & Sons Company <b>bold</b> & \"quoted\".\n"
    ),
}
SCRIPT_SENTENCE = ("The Brothers \"Smith\" & Sons <script>alert('x')</script> was founded by John Smith in London "
                   "in 1901.")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("export-corpus")
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    path = tmp_path_factory.mktemp("export-store") / "export.db"
    report = api.ingest([corpus], path)
    assert not report.failures and report.counts()["added"] == 3
    return path


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export-empty") / "empty.db"
    Store(path).close()
    return path


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("export-out")


def run(db: Path, fmt: str, target: Path, **filters: Any) -> Path:
    report = export(db, fmt, target, **filters)
    assert report["format"] == fmt and report["files"]
    return target


def load_json(db: Path, fmt: str, target: Path, **filters: Any) -> Any:
    return json.loads(run(db, fmt, target, **filters).read_text(encoding="utf-8"))


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def model(db: Path, out: Path, name: str, **filters: Any) -> dict[str, Any]:
    return load_json(db, "json", out / f"{name}.json", **filters)


def render_markdown(text: str) -> tuple[str, list[Any], dict[str, Any]]:
    md = MarkdownIt("commonmark").enable("table").use(footnote_plugin)
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    return md.renderer.render(tokens, md.options, env), tokens, env


def footnotes_resolve(text: str) -> int:
    """Render the Markdown and check every footnote reference has a definition (and the other way
    round); return how many footnotes there are."""
    html, tokens, env = render_markdown(text)
    refs = {t.meta["id"] for tok in tokens if tok.children for t in tok.children if t.type == "footnote_ref"}
    defined = env.get("footnotes", {}).get("refs", {})
    labels = set(re.findall(r"\[\^([^\]]+)\](?!:)", text))
    assert labels == {k.lstrip(":") for k in defined}, "a footnote reference has no definition, or the reverse"
    assert len(refs) == len(defined)
    assert "[^" not in html  # an unresolved reference would render as text
    return len(defined)


# -- json -----------------------------------------------------------------------------------------


def test_json_export_keeps_the_contract_for_the_whole_store(db, out):
    data = model(db, out, "whole")
    assert all(e["description"] for e in data["events"])
    assert "Andrey Vlasov was captured by the Germans" in {e["description"] for e in data["events"]}
    assert {"entities", "timexes", "events", "relations", "gaps", "documents", "sentences"} <= data.keys()
    assert data["annals"]["filters"] == {"entity": None, "from": None, "to": None, "type": None}
    texts = {d["id"]: TEXTS[Path(d["path"]).name] for d in data["documents"]}
    assert len(texts) == 3
    for e in data["entities"]:
        assert {"id", "name", "type", "subtype", "aliases", "mentions"} <= e.keys() and e["name"] in e["aliases"]
        for m in e["mentions"]:
            assert texts[m["document"]][m["start"]:m["end"]] == m["text"]
    for t in data["timexes"]:
        assert texts[t["document"]][t["start"]:t["end"]] == t["text"] and t["value"]
    for ev in data["events"]:
        assert {"id", "trigger", "type", "participants", "time", "negated", "modality", "source"} <= ev.keys()
        assert ev["source"]["sentence"] in texts[ev["document"]]
    for r in data["relations"]:
        assert {"subject", "relation", "object", "source"} <= r.keys() and r["source"]["sentence"]
    for s in data["sentences"]:
        assert texts[s["document"]][s["start"]:s["end"]] == s["text"]
    vlasov = next(e for e in data["entities"] if e["name"] == "Andrey Vlasov")
    assert "Vlasov" in vlasov["aliases"] and vlasov["type"] == "PERSON"
    founded = next(ev for ev in data["events"] if ev["trigger"] == "founded" and ev["time"]["value"] == "1944-11")
    assert vlasov["id"] in {p["entity"] for p in founded["participants"]}


# -- csv ------------------------------------------------------------------------------------------


def test_csv_export_has_gephi_columns_and_dates_palladio_reads(db, out):
    folder = run(db, "csv", out / "csv")
    assert sorted(p.name for p in folder.iterdir()) == ["edges.csv", "events.csv", "mentions.csv", "nodes.csv"]
    node_cols, nodes = read_csv(folder / "nodes.csv")
    edge_cols, edges = read_csv(folder / "edges.csv")
    event_cols, events = read_csv(folder / "events.csv")
    mention_cols, mentions = read_csv(folder / "mentions.csv")
    assert node_cols[:3] == ["Id", "Label", "Type"] and edge_cols[:4] == ["Source", "Target", "Type", "Label"]
    assert {"Start", "End", "Date", "SentenceText", "Document"} <= set(event_cols)
    assert {"Entity", "Text", "SentenceText", "CharStart", "CharEnd"} <= set(mention_cols)
    ids = {n["Id"] for n in nodes}
    assert edges and all(e["Source"] in ids and e["Target"] in ids and e["Type"] == "Directed" for e in edges)
    assert all(e["Label"] == e["Relation"] and e["SentenceText"] for e in edges)
    day = re.compile(r"^-?\d{4}-\d{2}-\d{2}$")
    assert all(day.match(x[k]) for x in [*events, *edges, *nodes] for k in ("Start", "End") if x[k])
    captured = next(e for e in events if e["Trigger"] == "captured")
    assert (captured["Date"], captured["Start"], captured["End"]) == ("1942-07", "1942-07-01", "1942-07-31")
    assert captured["Label"] == "Andrey Vlasov was captured by the Germans"  # the event's description
    bce = [e for e in events if e["Date"].startswith("-")]
    assert bce and all(e["Start"].startswith("-00") for e in bce)
    data = model(db, out, "for-csv")
    assert len(mentions) == sum(len(e["mentions"]) for e in data["entities"])
    assert len(nodes) == len(data["entities"]) and len(events) == len(data["events"])


# -- graphml and gexf -----------------------------------------------------------------------------


def test_graphml_is_read_by_networkx_with_attributes_and_citations(db, out):
    g = nx.read_graphml(run(db, "graphml", out / "graph.graphml"))
    assert g.is_directed()
    data = model(db, out, "for-graphml")
    assert g.number_of_nodes() == len(data["entities"])
    assert g.number_of_edges() == len([r for r in data["relations"] if not r["negated"]])
    vlasov = next(n for n, a in g.nodes(data=True) if a["label"] == "Andrey Vlasov")
    attrs = g.nodes[vlasov]
    assert attrs["type"] == "PERSON" and "Vlasov" in attrs["aliases"].split("; ") and attrs["mentions"] >= 4
    assert attrs["start"] == "1942-07-01" and attrs["end"] == "1944-11-30"
    edges = [(u, v, a) for u, v, a in g.edges(data=True) if u == vlasov and a["relation"] == "LEADER_OF"]
    assert edges and edges[0][2]["sentence"] == "The Committee was led by General Vlasov."
    assert isinstance(edges[0][2]["char_start"], int) and edges[0][2]["document"].startswith("vlasov")


def test_gexf_is_dynamic_and_read_by_networkx(db, out):
    path = run(db, "gexf", out / "graph.gexf")
    graph_el = ET.parse(path).getroot().find("{http://www.gexf.net/1.2draft}graph")
    assert graph_el is not None and graph_el.get("mode") == "dynamic" and graph_el.get("timeformat") == "date"
    g = nx.read_gexf(path)
    assert g.graph.get("mode") == "dynamic"
    by_label = {a["label"]: n for n, a in g.nodes(data=True)}
    vlasov = g.nodes[by_label["Andrey Vlasov"]]
    assert (vlasov["start"], vlasov["end"]) == ("1942-07-01", "1944-11-30") and vlasov["type"] == "PERSON"
    # BCE dates are XML Schema dates: 49 BC is the astronomical year -48.
    caesar = g.nodes[by_label["Julius Caesar"]]
    assert caesar["start"] == "-0048-01-01"
    dated = [a for _, _, a in g.edges(data=True) if "start" in a]
    assert dated and all(a["start"] <= a["end"] or a["start"].startswith("-") for a in dated)
    assert all(a["sentence"] and a["document"] for _, _, a in g.edges(data=True))


# -- json-ld --------------------------------------------------------------------------------------


def test_jsonld_is_parsed_by_rdflib_with_people_events_and_citations(db, out):
    g = rdflib.Graph().parse(run(db, "jsonld", out / "model.jsonld"), format="json-ld")
    people = set(g.subjects(rdflib.RDF.type, SCHEMA_ORG.Person))
    vlasov = next(p for p in people if (p, SCHEMA_ORG.name, rdflib.Literal("Andrey Vlasov")) in g)
    assert {str(a) for a in g.objects(vlasov, SCHEMA_ORG.alternateName)} >= {"Vlasov", "General Vlasov"}
    assert str(next(g.objects(vlasov, SCHEMA_ORG.honorificPrefix))) == "General"
    # An event with a date and its citation: the sentence, part of a document.
    rows = list(g.query("""
        PREFIX schema: <https://schema.org/>
        SELECT ?date ?text ?title WHERE {
            ?e a schema:Event ; schema:startDate ?date ; schema:organizer ?who ; schema:citation ?q .
            ?who schema:name "Andrey Vlasov" .
            ?q a schema:Quotation ; schema:text ?text ; schema:isPartOf ?doc .
            ?doc a schema:CreativeWork ; schema:name ?title .
        }"""))
    assert ("1944-11", "In November 1944 Vlasov founded the Committee for the Liberation of the Peoples of Russia "
            "in Prague.") in {(str(r[0]), str(r[1])) for r in rows}
    # Relations: a direct property and a cited statement.
    committee = next(g.subjects(SCHEMA_ORG.name, rdflib.Literal("Committee for the Liberation of the Peoples of "
                                                                 "Russia")))
    assert (committee, SCHEMA_ORG.founder, vlasov) in g
    assert (vlasov, rdflib.URIRef("urn:annals:vocab:LEADER_OF"), committee) in g
    statements = set(g.subjects(rdflib.RDF.type, rdflib.RDF.Statement))
    assert statements and all(next(g.objects(s, SCHEMA_ORG.citation), None) is not None for s in statements)
    # 44 BC in ISO 8601 is -0043.
    assert "-0043" in {str(d) for d in g.objects(None, SCHEMA_ORG.startDate)}
    assert set(g.subjects(rdflib.RDF.type, SCHEMA_ORG.Place)) and set(g.subjects(rdflib.RDF.type,
                                                                                 SCHEMA_ORG.Organization))


# -- timelinejs -----------------------------------------------------------------------------------


def test_timelinejs_validates_against_the_schema_with_dates_at_their_precision(db, out):
    data = load_json(db, "timelinejs", out / "timeline.json")
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    slides = {s["unique_id"]: s for s in data["events"]}
    captured = next(s for s in data["events"] if "was captured" in s["text"]["headline"])
    assert captured["text"]["headline"] == "Andrey Vlasov was captured by the Germans"  # the description, names whole
    assert captured["start_date"] == {"year": 1942, "month": 7}  # month precision: no day
    assert "end_date" not in captured
    crossed = next(s for s in data["events"] if "crossed" in s["text"]["headline"])
    assert crossed["start_date"] == {"year": -49} and crossed["display_date"] == "49 BC"
    assert any(s["start_date"] == {"year": -44} for s in data["events"])
    assert any(s["start_date"] == {"year": 1901} for s in data["events"])  # year only where only the year is known
    sentence = "Heinrich Himmler met Vlasov in September 1944."
    assert any(f"<blockquote>{sentence}</blockquote>" in s["text"]["text"] for s in slides.values())
    assert all(s["autolink"] is False for s in data["events"])


def test_timelinejs_marks_approximate_inferred_and_undated_events():
    from annals.export.select import Selection
    from annals.export.timelinejs import model as timeline_model

    def row(key: str, value: str | None, mod: str | None = None, earliest: str | None = None,
            latest: str | None = None, basis: str | None = "explicit", placement: str = "dated",
            between: list[str | None] | None = None) -> dict[str, Any]:
        return {"id": key, "document": "d", "event": key, "value": value, "mod": mod, "earliest": earliest,
                "latest": latest, "basis": basis, "placement": placement, "between": between, "type": "BATTLE",
                "trigger": "fought", "participants": [], "place": None, "negated": False, "modality": "asserted",
                "conflict": [], "sentence": "They fought.", "sentence_index": 0, "start": 0, "end": 12}

    sel = Selection(events=[
        row("d:v1", "1944", "END", "1944-09-01", "1944-12-31"),
        row("d:v2", "192X", None, "1920-01-01", "1929-12-31"),
        row("d:v3", "1944-11", None, "1944-11-01", "1944-11-30", basis="anchored"),
        row("d:v4", None, basis=None, placement="narrative", between=["d:v3", None]),
        row("d:v5", "1944-11-07", None, "1944-11-07", "1944-11-07"),
    ], neighbours={"d:v3": {"value": "1944-11", "mod": None, "earliest": "1944-11-01", "latest": "1944-11-30"}})
    slides = {s["unique_id"]: s for s in timeline_model(sel)["events"]}
    jsonschema.validate({"events": list(slides.values())}, SCHEMA)
    end_of = slides["d-v1"]
    assert end_of["start_date"] == {"year": 1944, "month": 9} and end_of["end_date"] == {"year": 1944, "month": 12}
    assert end_of["display_date"] == "the end of 1944"
    assert slides["d-v2"]["start_date"] == {"year": 1920} and slides["d-v2"]["end_date"] == {"year": 1929}
    assert slides["d-v2"]["display_date"] == "the 1920s"
    assert slides["d-v3"]["start_date"] == {"year": 1944, "month": 11}
    assert slides["d-v3"]["display_date"] == "November 1944 (inferred from a related clause)"
    assert slides["d-v4"]["display_date"] == "undated; told after November 1944"
    assert slides["d-v5"]["start_date"] == {"year": 1944, "month": 11, "day": 7}
    assert "display_date" not in slides["d-v5"]


def test_timelinejs_draws_a_period_from_its_start_to_its_end_under_its_description():
    from annals.export.select import Selection
    from annals.export.timelinejs import model as timeline_model

    period = {"id": "d:v1", "document": "d", "event": "v1", "value": "1618-05-23", "until": "1648-10-24",
              "mod": None, "earliest": "1618-05-23", "latest": "1648-10-24", "basis": "explicit",
              "placement": "dated", "between": None, "type": "BATTLE", "trigger": "fought",
              "description": "the emperor fought the Protestant estates", "participants": [], "place": None,
              "negated": False, "modality": "asserted", "conflict": [], "sentence": "They fought.",
              "sentence_index": 0, "start": 0, "end": 12}
    slide = timeline_model(Selection(events=[period]))["events"][0]
    jsonschema.validate({"events": [slide]}, SCHEMA)
    assert slide["start_date"] == {"year": 1618, "month": 5, "day": 23}
    assert slide["end_date"] == {"year": 1648, "month": 10, "day": 24}
    assert slide["text"]["headline"] == "The emperor fought the Protestant estates"


# -- markdown -------------------------------------------------------------------------------------


def test_markdown_report_renders_with_every_footnote_resolved(db, out):
    text = run(db, "markdown", out / "report.md").read_text(encoding="utf-8")
    for heading in ("# annals report", "## Summary", "## Timeline", "## People", "## Organisations", "## Sources"):
        assert f"\n{heading}\n" in f"\n{text}"
    assert footnotes_resolve(text) >= 5
    html, _, _ = render_markdown(text)
    assert "<table>" in html and "<h3>Andrey Vlasov</h3>" in html
    assert "In November 1944 Vlasov founded the Committee" in html
    # every timeline row and every relation line ends with a citation
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith(("| Date", "| Name",
                                                                                                   "| ---"))]
    assert rows and all(re.search(r"\[\^\d+\]", line) for line in rows)
    relations = [line for line in text.splitlines() if line.startswith("- ") and "**" in line]
    assert relations and all(re.search(r"\[\^\d+\]$", line) for line in relations)


# -- filters --------------------------------------------------------------------------------------


def test_entity_filter_keeps_the_entity_its_neighbours_events_and_relations(db, out):
    data = model(db, out, "vlasov", entity="Vlasov")  # an alias
    names = {e["name"] for e in data["entities"]}
    assert "Andrey Vlasov" in names and "Committee for the Liberation of the Peoples of Russia" in names
    assert "Julius Caesar" not in names and "John Smith" not in names and "Russian Liberation Army" not in names
    vlasov = next(e["id"] for e in data["entities"] if e["name"] == "Andrey Vlasov")
    assert data["events"] and all(vlasov in {p["entity"] for p in ev["participants"]} for ev in data["events"])
    assert data["relations"] and all(vlasov in (r["subject_id"], r["object_id"]) for r in data["relations"])
    assert {d["path"].rsplit("/", 1)[-1] for d in data["documents"]} == {"vlasov.txt"}
    g = nx.read_gexf(run(db, "gexf", out / "vlasov.gexf", entity="General Andrey Vlasov"))
    assert {a["label"] for _, a in g.nodes(data=True)} == names


def test_type_filter_keeps_one_type_and_the_relations_between_them(db, out):
    data = model(db, out, "people", type="person")
    assert data["entities"] and {e["type"] for e in data["entities"]} == {"PERSON"}
    ids = {e["id"] for e in data["entities"]}
    assert all(r["subject_id"] in ids and r["object_id"] in ids for r in data["relations"])
    assert all(ids & {p["entity"] for p in ev["participants"]} for ev in data["events"])
    _, nodes = read_csv(run(db, "csv", out / "orgs", type="ORG") / "nodes.csv")
    assert nodes and {n["Type"] for n in nodes} == {"ORG"}


def test_period_filter_keeps_what_happened_in_it(db, out):
    data = model(db, out, "1944", start="1944", end="1944")
    values = {ev["time"]["value"] for ev in data["events"]}
    assert values == {"1944-09", "1944-11"}
    assert {r["relation"] for r in data["relations"]} >= {"FOUNDED", "LEADER_OF"}  # the undated one: by its narrative
    names = {e["name"] for e in data["entities"]}
    assert "Andrey Vlasov" in names and "Julius Caesar" not in names and "John Smith" not in names
    assert all(t["value"].startswith("1944") for t in data["timexes"])
    ancient = load_json(db, "timelinejs", out / "ancient.json", end="-0045")
    assert [s["start_date"] for s in ancient["events"]] == [{"year": -49}]
    assert model(db, out, "none", start="1800", end="1850")["entities"] == []


def test_filters_combine(db, out):
    data = model(db, out, "vlasov-orgs", entity="Vlasov", type="ORG", start="1944-11", end="1944-11")
    assert {e["type"] for e in data["entities"]} == {"PERSON", "ORG"}  # the root keeps its own type
    assert {ev["time"]["value"] for ev in data["events"]} == {"1944-11"}


# -- the empty store and untrusted text -----------------------------------------------------------


def test_exports_of_an_empty_store_are_valid_and_empty(empty_db, out):
    folder = out / "empty"
    data = load_json(empty_db, "json", folder / "a.json")
    assert all(data[k] == [] for k in ("documents", "entities", "timexes", "events", "relations", "gaps"))
    for name in ("nodes.csv", "edges.csv", "events.csv", "mentions.csv"):
        columns, rows = read_csv(run(empty_db, "csv", folder / "csv") / name)
        assert columns and rows == []
    assert nx.read_graphml(run(empty_db, "graphml", folder / "a.graphml")).number_of_nodes() == 0
    assert nx.read_gexf(run(empty_db, "gexf", folder / "a.gexf")).number_of_nodes() == 0
    assert len(rdflib.Graph().parse(run(empty_db, "jsonld", folder / "a.jsonld"), format="json-ld")) == 0
    timeline = load_json(empty_db, "timelinejs", folder / "t.json")
    jsonschema.validate(timeline, SCHEMA)
    assert timeline["events"] == []
    text = run(empty_db, "markdown", folder / "a.md").read_text(encoding="utf-8")
    assert footnotes_resolve(text) == 0 and "No events." in text


def test_untrusted_text_stays_inert_in_every_format(db, out):
    folder = out / "tricky"
    entity = 'Smith" & Sons'
    data = model(db, folder, "tricky", entity=entity)
    assert SCRIPT_SENTENCE in {ev["source"]["sentence"] for ev in data["events"]}
    # XML: well-formed, and the text comes back exactly.
    for fmt in ("graphml", "gexf"):
        path = run(db, fmt, folder / f"g.{fmt}", entity=entity)
        ET.parse(path)
        assert "<script>" not in path.read_text(encoding="utf-8")
        g = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        assert SCRIPT_SENTENCE in {a["sentence"] for _, _, a in g.edges(data=True)}
        assert entity in {a["label"] for _, a in g.nodes(data=True)}
    # CSV: read back exactly.
    _, events = read_csv(run(db, "csv", folder / "csv", entity=entity) / "events.csv")
    assert SCRIPT_SENTENCE in {e["SentenceText"] for e in events}
    # JSON-LD: the literal comes back exactly.
    g = rdflib.Graph().parse(run(db, "jsonld", folder / "m.jsonld", entity=entity), format="json-ld")
    assert rdflib.Literal(SCRIPT_SENTENCE) in set(g.objects(None, SCHEMA_ORG.text))
    assert rdflib.Literal(entity) in set(g.objects(None, SCHEMA_ORG.name))
    # TimelineJS: no markup from the document in any text field, only its escaped form.
    timeline = load_json(db, "timelinejs", folder / "t.json", entity=entity)
    jsonschema.validate(timeline, SCHEMA)
    fields = [s["text"][k] for s in [timeline["title"], *timeline["events"]] for k in ("headline", "text")]
    assert not any(re.search(r"<(script|b)\b", f) for f in fields)
    assert any("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in f for f in fields)
    assert any("Smith&quot; &amp; Sons" in f for f in fields)
    # Markdown: rendered with raw HTML allowed, none of the document's gets through.
    text = run(db, "markdown", folder / "r.md", entity=entity).read_text(encoding="utf-8")
    html, _, _ = render_markdown(text)
    assert "<script" not in html and "<b>" not in html and "&lt;script&gt;" in html
    assert footnotes_resolve(text) > 0


def test_text_helpers_escape_each_format_and_count_bce_years():
    assert xml_text("a\x00b\x0cc\ud800d\tok") == "abcd\tok"
    assert html_text("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;"
    assert md_text("*a* [b](c) <i> | & \\ `d` #e\nf") == "\\*a\\* \\[b\\](c) \\<i\\> \\| \\& \\\\ \\`d\\` \\#e f"
    assert [csv_text(x) for x in ("=1+1", "+x", "-x", "@x", "ok", None)] == ["'=1+1", "'+x", "'-x", "'@x", "ok", ""]
    assert iso_astronomical("-0044-03-15") == "-0043-03-15" and iso_astronomical("-0001") == "0000"
    assert iso_astronomical("1944-11") == "1944-11"
    assert interval_parts("1920-01-01", "1929-12-31") == ({"year": 1920}, {"year": 1929})
    assert interval_parts("1944-02-01", "1944-02-29") == ({"year": 1944, "month": 2}, None)
    assert interval_parts("1918-03-18", "1918-03-24") == ({"year": 1918, "month": 3, "day": 18},
                                                          {"year": 1918, "month": 3, "day": 24})
    assert human_value("-0044-03-15") == "15 March 44 BC" and human_value("1944", "END") == "the end of 1944"
    assert human_value("194X") == "the 1940s" and human_value("1944-Q4") == "the fourth quarter of 1944"
    assert human_value("18XX") == "the 19th century" and human_value("1919-SU") == "summer 1919"


# -- errors and the command line ------------------------------------------------------------------


def test_bad_arguments_are_clear_errors(db, empty_db, tmp_path):
    def code(**kwargs: Any) -> tuple[str, str]:
        args = {"db": db, "format": "json", "out": tmp_path / "x.json"} | kwargs
        with pytest.raises(AnnalsError) as info:
            export(args.pop("db"), args.pop("format"), args.pop("out"), **args)
        return info.value.code, str(info.value)

    found, message = code(format="pdf")
    assert found == "E020" and all(f in message for f in FORMATS)
    assert code(type="PEOPLE")[0] == "E020"
    assert code(start="soon")[0] == "E020" and code(start="1945", end="1941")[0] == "E020"
    assert code(out=None)[0] == "E020"
    assert code(format="csv", out="-")[0] == "E020"
    assert code(out=tmp_path)[0] == "E020"  # a folder where a file is wanted
    assert code(db=tmp_path / "missing.db")[0] == "E013"
    assert code(entity="Napoleon")[0] == "E012"
    assert not (tmp_path / "missing.db").exists()
    assert sorted(EXPORTERS) == sorted(FORMATS)


def annals(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annals", *args], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, COLUMNS="200"))


def test_cli_export_writes_files_and_standard_output(db, tmp_path):
    r = annals("export", "--db", str(db), "--format", "gexf", "--entity", "Vlasov", "-o", str(tmp_path / "v.gexf"),
               "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["files"] == [str(tmp_path / "v.gexf")] and "exported" in r.stderr
    assert nx.read_gexf(tmp_path / "v.gexf").number_of_nodes() > 1
    r = annals("export", "--db", str(db), "-f", "timelinejs", "--from", "1944", "--to", "1945", "-o", "-")
    assert r.returncode == 0, r.stderr
    jsonschema.validate(json.loads(r.stdout), SCHEMA)
    r = annals("export", "--db", str(db), "--format", "svg", "-o", str(tmp_path / "x"))
    assert r.returncode == 1 and "error E020" in r.stderr and "timelinejs" in r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_example_exports_are_there_and_readable():
    folder = ROOT / "docs" / "examples"
    assert (folder / "README.md").exists()
    jsonschema.validate(json.loads((folder / "timeline.json").read_text(encoding="utf-8")), SCHEMA)
    assert nx.read_gexf(folder / "annals.gexf").number_of_nodes() > 10
    assert nx.read_graphml(folder / "annals.graphml").number_of_edges() > 0
    assert len(rdflib.Graph().parse(folder / "annals.jsonld", format="json-ld")) > 100
    assert json.loads((folder / "annals.json").read_text(encoding="utf-8"))["entities"]
    assert footnotes_resolve((folder / "report.md").read_text(encoding="utf-8")) > 10
    for name in ("nodes.csv", "edges.csv", "events.csv", "mentions.csv"):
        assert read_csv(folder / "csv" / name)[1]
