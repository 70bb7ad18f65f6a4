"""Exports of a store in the formats historians and their tools read, every fact with its citation.

    annals export --db annals.db --format FORMAT [--entity NAME] [--from DATE --to DATE] [--type TYPE] -o OUT

=============  ====================================================================================
format         what it writes
=============  ====================================================================================
``json``       the whole model in the shape of the extraction contract, for many documents
``csv``        a folder: nodes.csv, edges.csv, events.csv, mentions.csv (Gephi, Palladio, spreadsheets)
``graphml``    the entity graph (yEd, Gephi, Cytoscape, networkx)
``gexf``       the entity graph, dynamic: nodes and edges with start and end for Gephi's timeline
``jsonld``     schema.org JSON-LD: people, organisations, places, events, works, relations, sources
``timelinejs`` a TimelineJS3 timeline of the events, each slide with its source sentence
``markdown``   a report: summary, timeline table, people and organisations with relations, footnotes
``geojson``    the places GeoNames resolved, as a GeoJSON FeatureCollection of points (QGIS, any GIS)
``linkedplaces`` the same places in Linked Places Format (GeoJSON-LD: World Historical Gazetteer, Peripleo),
               with GeoNames links and the dates the texts give them
=============  ====================================================================================

Each format is a module with a ``render(selection)`` function; :data:`EXPORTERS` is the registry the
CLI and :func:`export` use (add a format by adding an :class:`Exporter` to it).  What the filters
keep is decided once, in :mod:`annals.export.select`.  Only the standard library is used.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annals.errors import E020, AnnalsError
from annals.export import (
    csv_tables,
    geojson,
    gexf,
    graphml,
    json_model,
    jsonld,
    linkedplaces,
    markdown_report,
    timelinejs,
)
from annals.export.select import Selection, check_type, select
from annals.store import open_store

__all__ = ["EXPORTERS", "Exporter", "Selection", "export", "render", "select"]


@dataclass(frozen=True)
class Exporter:
    """One export format: ``render`` lays a :class:`Selection` out as text (a single file) or as
    ``{file name: text}`` (a folder, when ``folder``); ``suffix`` is the usual file name ending."""

    name: str
    description: str
    render: Callable[[Selection], Any]
    suffix: str = ""
    folder: bool = False


EXPORTERS: dict[str, Exporter] = {e.name: e for e in [
    Exporter("json", "the whole model, in the shape of the extraction contract", json_model.render, ".json"),
    Exporter("csv", "nodes.csv, edges.csv, events.csv, mentions.csv in a folder (Gephi, Palladio)",
             csv_tables.render, "", folder=True),
    Exporter("graphml", "the entity graph as GraphML", graphml.render, ".graphml"),
    Exporter("gexf", "the entity graph as dynamic GEXF (Gephi's timeline)", gexf.render, ".gexf"),
    Exporter("jsonld", "schema.org JSON-LD with sources", jsonld.render, ".jsonld"),
    Exporter("timelinejs", "a TimelineJS3 timeline of the events", timelinejs.render, ".json"),
    Exporter("markdown", "a readable report with footnoted sources", markdown_report.render, ".md"),
    Exporter("geojson", "the places GeoNames resolved, as GeoJSON points (QGIS)", geojson.render, ".geojson"),
    Exporter("linkedplaces", "the places in Linked Places Format (GeoJSON-LD, World Historical Gazetteer)",
             linkedplaces.render, ".jsonld"),
]}


def exporter(format: str | None) -> Exporter:
    """The exporter of a format name (any case); E020 listing the formats when there is none."""
    names = ", ".join(EXPORTERS)
    if not format:
        raise AnnalsError.of(E020, problem="no export format given", fix=f"give --format with one of: {names}")
    found = EXPORTERS.get(format.strip().lower())
    if found is None:
        raise AnnalsError.of(E020, problem=f"unknown export format {format!r}", fix=f"give one of: {names}")
    return found


def render(selection: Selection, format: str) -> str | dict[str, str]:
    """A selection in one format, in memory: the text, or ``{file name: text}`` for a folder format."""
    return exporter(format).render(selection)


def _target(out: str | Path | None, fmt: Exporter) -> Path | None:
    """Where to write (None: standard output); E020 when ``out`` cannot be that."""
    if out is None or str(out) == "":
        example = "out" if fmt.folder else f"annals{fmt.suffix}"
        raise AnnalsError.of(E020, problem="no output given",
                             fix=f"give -o {example}" + ("" if fmt.folder else ", or -o - for standard output"))
    if str(out) == "-":
        if fmt.folder:
            raise AnnalsError.of(E020, problem=f"the {fmt.name} export is a folder of files and cannot go to standard "
                                               "output", fix="give -o with a folder name, e.g. -o export")
        return None
    path = Path(out)
    if fmt.folder and path.exists() and not path.is_dir():
        raise AnnalsError.of(E020, problem=f"{path} is a file; the {fmt.name} export writes a folder of files",
                             fix="give -o with a folder name (created when missing)")
    if not fmt.folder and path.is_dir():
        raise AnnalsError.of(E020, problem=f"{path} is a folder; the {fmt.name} export writes one file",
                             fix=f"give -o with a file name, e.g. {path / ('annals' + fmt.suffix)}")
    return path


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    except OSError as exc:
        raise AnnalsError.of(E020, problem=f"cannot write {path}: {exc.strerror or exc}",
                             fix="check that the folder exists and is writable") from exc


def export(db: str | Path, format: str, out: str | Path | None, entity: str | None = None,
           start: str | None = None, end: str | None = None, type: str | None = None) -> dict[str, Any]:
    """Export the store ``db`` (or the part the filters select) in ``format`` to ``out``.

    ``out`` is a file, a folder for ``csv``, or ``-`` for standard output.  Filters: ``entity`` (a name
    or alias: it, its neighbours, its events and relations), ``start``/``end`` (TIMEX-like bounds such
    as ``1941`` or ``1944-11``), ``type`` (an entity type such as ``PERSON``); see
    :mod:`annals.export.select`.  Returns ``{"format", "out", "files": [paths], "counts": {...}}``.
    Errors: E020 for a bad format, type, period or output, E013 when there is no store, E012 when
    ``entity`` names nothing.
    """
    fmt = exporter(format)
    check_type(type)
    target = _target(out, fmt)
    with open_store(db, create=False, readonly=True) as store:
        selection = select(store, db=db, entity=entity, start=start, end=end, type=type)
    rendered = fmt.render(selection)
    files: list[str] = []
    if target is None:
        sys.stdout.write(rendered)
        sys.stdout.flush()
    elif fmt.folder:
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise AnnalsError.of(E020, problem=f"cannot make the folder {target}: {exc.strerror or exc}",
                                 fix="check the path and its permissions") from exc
        for name, text in rendered.items():
            _write(target / name, text)
            files.append(str(target / name))
    else:
        _write(target, rendered)
        files.append(str(target))
    return {"format": fmt.name, "out": "-" if target is None else str(target), "files": files,
            "counts": selection.counts()}
