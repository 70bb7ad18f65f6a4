"""``gexf``: the entity graph as dynamic GEXF 1.2, so that Gephi's timeline plays it.

The graph is ``mode="dynamic"`` with ``timeformat="date"``: a node's ``start``/``end`` is the span
of the dated facts (events, relations) of the export that name it, an edge's the time of its
relation; a node or edge without a date is there all the time.  Dates are XML Schema dates, so BCE
years are counted astronomically (44 BC is ``-0043``, see :func:`annals.export.common.iso_astronomical`).
Nodes and edges are those of the GraphML export, with the same attributes (declared in
``<attributes>``, values in ``<attvalues>``) and the citation on every edge.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from annals.export.common import iso_astronomical, xml_text
from annals.export.select import Selection, relation_end, relation_interval

NS = "http://www.gexf.net/1.2draft"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd"

NODE_ATTRIBUTES = [("type", "string"), ("subtype", "string"), ("aliases", "string"), ("titles", "string"),
                   ("mentions", "integer"), ("documents", "integer")]
EDGE_ATTRIBUTES = [("relation", "string"), ("date", "string"), ("document", "string"),
                   ("document_title", "string"), ("sentence", "string"), ("sentence_index", "integer"),
                   ("char_start", "integer"), ("char_end", "integer")]


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _span(attrs: dict[str, str], span: tuple[str, str] | None) -> dict[str, str]:
    if span and span[0] and span[1]:
        attrs["start"], attrs["end"] = iso_astronomical(span[0]), iso_astronomical(span[1])
    return attrs


def _attvalues(parent: ET.Element, values: dict[str, Any]) -> None:
    present = {k: v for k, v in values.items() if v is not None and v != ""}
    if not present:
        return
    box = ET.SubElement(parent, _q("attvalues"))
    for name, value in present.items():
        ET.SubElement(box, _q("attvalue"), {"for": name, "value": xml_text(value)})


def render(sel: Selection) -> str:
    """The GEXF document."""
    ET.register_namespace("", NS)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(_q("gexf"), {"version": "1.2", f"{{{XSI}}}schemaLocation": SCHEMA})
    meta = ET.SubElement(root, _q("meta"))
    ET.SubElement(meta, _q("creator")).text = "annals"
    filters = ", ".join(f"{k} {v}" for k, v in sel.filters.items() if v)
    ET.SubElement(meta, _q("description")).text = xml_text(
        "Entities and relations" + (f" ({filters})" if filters else ""))
    graph = ET.SubElement(root, _q("graph"), {"defaultedgetype": "directed", "mode": "dynamic",
                                              "timeformat": "date"})
    for cls, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        box = ET.SubElement(graph, _q("attributes"), {"class": cls, "mode": "static"})
        for name, kind in attributes:
            ET.SubElement(box, _q("attribute"), {"id": name, "title": name, "type": kind})
    nodes = ET.SubElement(graph, _q("nodes"))
    for n in sel.graph_nodes():
        span = (n["earliest"], n["latest"]) if n.get("earliest") and n.get("latest") else None
        node = ET.SubElement(nodes, _q("node"), _span({"id": xml_text(n["id"]), "label": xml_text(n["name"])}, span))
        _attvalues(node, {"type": n.get("type"), "subtype": n.get("subtype"),
                          "aliases": "; ".join(n.get("aliases", [])), "titles": "; ".join(n.get("titles", [])),
                          "mentions": n.get("n_mentions", 0), "documents": n.get("n_documents", 0)})
    edges = ET.SubElement(graph, _q("edges"))
    for r in sel.graph_edges():
        attrs = {"id": xml_text(r["id"]), "source": xml_text(relation_end(r, "subject")),
                 "target": xml_text(relation_end(r, "object")), "label": xml_text(r["relation"])}
        edge = ET.SubElement(edges, _q("edge"), _span(attrs, relation_interval(r)))
        _attvalues(edge, {"relation": r["relation"], "date": r.get("value"), "document": r["document"],
                          "document_title": sel.document_title(r["document"]), "sentence": r.get("sentence"),
                          "sentence_index": r.get("sentence_index"), "char_start": r.get("start"),
                          "char_end": r.get("end")})
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
