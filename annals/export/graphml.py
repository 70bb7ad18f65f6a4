"""``graphml``: the entity graph as GraphML (yEd, Gephi, Cytoscape, networkx, igraph read it).

Nodes are entities (``id`` the canonical id; a relation end that names no entity is ``text:<name>``),
with ``label``, ``type``, ``subtype``, ``aliases``, ``titles``, ``mentions``, ``documents``, ``start``
and ``end`` (the span of the dated facts that name it, ISO days, BCE as annals writes it).  Edges are
the relations that are not negated, directed from subject to object, one per citation, with
``label`` (= ``relation``), ``date``, ``start``, ``end`` and the citation: ``document``,
``document_title``, ``sentence`` (its text), ``sentence_index``, ``char_start``, ``char_end``.
Written with :mod:`xml.etree.ElementTree`; characters XML cannot hold are dropped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from annals.export.common import xml_text
from annals.export.select import Selection, relation_end, relation_interval

NS = "http://graphml.graphdrawing.org/xmlns"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"

# (key id, for, attr.name, attr.type)
NODE_KEYS = [("label", "string"), ("type", "string"), ("subtype", "string"), ("aliases", "string"),
             ("titles", "string"), ("mentions", "int"), ("documents", "int"), ("start", "string"),
             ("end", "string")]
EDGE_KEYS = [("label", "string"), ("relation", "string"), ("date", "string"), ("start", "string"),
             ("end", "string"), ("document", "string"), ("document_title", "string"), ("sentence", "string"),
             ("sentence_index", "int"), ("char_start", "int"), ("char_end", "int")]


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _data(parent: ET.Element, prefix: str, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if value is None or value == "":
            continue
        el = ET.SubElement(parent, _q("data"), {"key": f"{prefix}_{name}"})
        el.text = xml_text(value)


def render(sel: Selection) -> str:
    """The GraphML document."""
    ET.register_namespace("", NS)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(_q("graphml"), {f"{{{XSI}}}schemaLocation": SCHEMA})
    for prefix, domain, keys in (("n", "node", NODE_KEYS), ("e", "edge", EDGE_KEYS)):
        for name, kind in keys:
            ET.SubElement(root, _q("key"), {"id": f"{prefix}_{name}", "for": domain, "attr.name": name,
                                            "attr.type": kind})
    graph = ET.SubElement(root, _q("graph"), {"id": "annals", "edgedefault": "directed"})
    for n in sel.graph_nodes():
        node = ET.SubElement(graph, _q("node"), {"id": xml_text(n["id"])})
        _data(node, "n", {"label": n["name"], "type": n.get("type"), "subtype": n.get("subtype"),
                          "aliases": "; ".join(n.get("aliases", [])), "titles": "; ".join(n.get("titles", [])),
                          "mentions": n.get("n_mentions", 0), "documents": n.get("n_documents", 0),
                          "start": n.get("earliest"), "end": n.get("latest")})
    for r in sel.graph_edges():
        span = relation_interval(r)
        ends = {"source": xml_text(relation_end(r, "subject")), "target": xml_text(relation_end(r, "object"))}
        edge = ET.SubElement(graph, _q("edge"), {"id": xml_text(r["id"]), **ends})
        _data(edge, "e", {"label": r["relation"], "relation": r["relation"], "date": r.get("value"),
                          "start": span[0] if span else None, "end": span[1] if span else None,
                          "document": r["document"], "document_title": sel.document_title(r["document"]),
                          "sentence": r.get("sentence"), "sentence_index": r.get("sentence_index"),
                          "char_start": r.get("start"), "char_end": r.get("end")})
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
