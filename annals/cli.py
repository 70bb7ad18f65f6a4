"""The ``annals`` command line.  It parses arguments, calls :mod:`annals.api`, and formats.

Data commands print JSON when asked (``--json``) or when standard output is not a terminal, a table
when it is (or with ``--table``), CSV with ``--csv``.  Errors print one line, ``error E0xx: what
(what to do)``, and exit non-zero; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from annals import __version__, api
from annals.errors import E020, E099, AnnalsError, environment_failure

DEFAULT_DB = "annals.db"


def _out_format(args: argparse.Namespace) -> str:
    for f in ("json", "csv", "table"):
        if getattr(args, f, False):
            return f
    return "table" if sys.stdout.isatty() else "json"


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def _print_rows(rows: list[dict[str, Any]], columns: Sequence[str], fmt: str) -> None:
    if fmt == "json":
        _print_json(rows)
    elif fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(columns)
        for r in rows:
            w.writerow(["; ".join(map(str, v)) if isinstance(v, list) else v for v in (r.get(c) for c in columns)])
    else:
        _print_table(rows, columns)


# columns of running text: they take the width left and wrap at words
_TEXT_COLUMNS = ("sentence", "sentence_text", "description", "title", "aliases", "participants")


def _print_table(rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
    """A table that fits the terminal: columns empty (or false) in every row are left out, short columns
    (ids, dates, counts, types) keep their width where they can, and running text (the sentence, a
    description) wraps at words in the width that is left."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    keep = [c for c in columns if any(r.get(c) not in (None, "", [], False) for r in rows)] or list(columns)
    cells = [[_cell(r.get(c)) for c in keep] for r in rows]
    cols = [{"name": c, "text": c in _TEXT_COLUMNS, "weight": 3 if c.startswith("sentence") else 2,
             "longest": max([len(c), *(len(row[i]) for row in cells)])} for i, c in enumerate(keep)]
    texts = [c for c in cols if c["text"]]
    shorts = [c for c in cols if not c["text"]]
    room = console.width - 3 * len(keep) - 1  # borders and padding
    for c in texts:
        c["width"] = min(c["longest"], 40 if c["name"].startswith("sentence") else 20)
    for c in shorts:
        c["width"] = min(c["longest"], 28)
    # short columns give way (to 8 characters at least) before running text is squeezed below its share
    while sum(c["width"] for c in cols) > room and any(c["width"] > 8 for c in shorts):
        max(shorts, key=lambda c: c["width"])["width"] -= 1
    left = max(room - sum(c["width"] for c in shorts), 10 * len(texts))
    weights = sum(c["weight"] for c in texts) or 1
    if left < sum(c["width"] for c in texts):  # a narrow terminal: the running text shares what is left
        for c in texts:
            c["width"] = max(10, left * c["weight"] // weights)
    spare = max(left - sum(c["width"] for c in texts), 0)
    for c in texts:
        c["width"] = min(c["width"] + spare * c["weight"] // weights, c["longest"])
    table = Table(show_lines=False, expand=False)
    for c in cols:
        table.add_column(c["name"], overflow="fold", width=c["width"])
    for row in cells:
        table.add_row(*row)
    console.print(table)


def _cell(v: Any) -> str:
    from rich.markup import escape

    if isinstance(v, list):
        v = ", ".join(map(str, v))
    return escape("" if v is None else str(v))


# -- commands ------------------------------------------------------------------------------
def cmd_extract(args: argparse.Namespace) -> int:
    doc = api.extract(args.file)
    data = doc.to_contract()
    if args.json or not sys.stdout.isatty():
        _print_json(data)
        return 0
    from rich.console import Console
    from rich.markup import escape

    c = Console()
    c.print(f"[bold]{escape(doc.title or doc.path or doc.id)}[/bold]: {len(doc.sentences)} sentences, "
            f"{len(doc.entities)} entities, {len(doc.timexes)} dates, {len(doc.gaps)} gaps")
    _print_rows([e.to_json() | {"n": len(e.mentions)} for e in doc.entities],
                ["id", "type", "subtype", "name", "aliases", "n"], "table")
    _print_rows([t.to_json() for t in doc.timexes], ["text", "value", "mod", "earliest", "latest"], "table")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    report = api.ingest(args.paths, args.db, progress=not args.quiet)
    counts = report.counts()
    summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n) or "nothing to ingest"
    print(f"{summary} -> {args.db}", file=sys.stderr)
    for path, err in report.failures:
        print(f"  failed: {path}: {err}", file=sys.stderr)
    if args.json:
        _print_json(report.to_json())
    if report.stopped is not None:
        print(f"error {report.stopped}; stopped there: {len(report.not_attempted)} files not attempted, "
              f"the {report.succeeded} stored before are kept", file=sys.stderr)
        return report.stopped.exit_code
    return 0 if not report.failures else (1 if report.succeeded else 2)


def cmd_batch(args: argparse.Namespace) -> int:
    from annals.batch import check_installed, run_batch

    check_installed()
    report = run_batch(args.source, args.db, workers=args.workers, scheduler=args.scheduler,
                       filter_title=args.filter_title, partition_size=args.partition_size, progress=not args.quiet,
                       shards=args.shards)
    summary = ", ".join(f"{n} {k}" for k, n in report.results.items() if n) or "nothing to ingest"
    print(f"{report.pages} pages, {report.words} words in {report.seconds:.1f} s: {summary} -> {args.db}",
          file=sys.stderr)
    for path, err in report.failures:
        print(f"  failed: {path}: {err}", file=sys.stderr)
    if args.json:
        _print_json(report.to_json())
    return 0 if not report.failures else (1 if report.results else 2)


def cmd_documents(args: argparse.Namespace) -> int:
    rows = api.documents_table(args.db)
    fmt = _out_format(args)
    columns = ["id", "title", "entities", "events", "relations", "dates", "sentences"]
    _print_rows(rows, columns if fmt == "table" else [*columns, "path"], fmt)
    return 0


def cmd_entities(args: argparse.Namespace) -> int:
    if args.ambiguous:
        found = api.ambiguous_entities(args.db)
        flat = [r | {"entities": [f"{e['id']}: {e['name']} ({e['type']})" for e in r["entities"]]} for r in found]
        _print_rows(found if _out_format(args) == "json" else flat, ["kind", "entities", "why", "decide"],
                    _out_format(args))
        return 0
    rows = api.entities(args.db, type=args.type, limit=args.limit)
    _print_rows(rows, ["id", "type", "subtype", "name", "aliases", "mentions", "documents"], _out_format(args))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    result = api.show(args.db, args.name, type=args.type)
    if args.json or not sys.stdout.isatty():
        _print_json(result)
        return 0
    from rich.console import Console
    from rich.markup import escape

    c = Console()
    for ent in result["entities"]:
        c.print(f"[bold]{escape(ent['name'])}[/bold]  {ent['type']}" + (f" ({escape(ent['subtype'])})"
                                                                         if ent.get("subtype") else ""))
        c.print(f"  aliases: {escape(', '.join(ent.get('aliases', [])))}")
        if ent.get("titles"):
            c.print(f"  titles: {escape(', '.join(ent['titles']))}")
        if ent.get("place"):
            c.print(f"  place: {_place_line(ent['place'])}")
        c.print(f"  {len(ent['mentions'])} mentions:")
        for m in ent["mentions"]:
            c.print(f"  - {escape(m['text'])!s}  [dim]({escape(str(m.get('document_title') or m['document']))}, "
                    f"sentence {m['sentence']})[/dim]")
            c.print(f"    \"{escape(m.get('sentence_text') or '')}\"")
        c.print()
    if len(result["entities"]) > 1:
        c.print(f"[dim]{len(result['entities'])} entities match {escape(args.name)!r}[/dim]")
    return 0


def _place_line(place: dict[str, Any]) -> str:
    """GeoNames' place of an entity in one line: its id, kind, country and point (a country has none)."""
    where = (f"{place['lat']:.4f}, {place['lon']:.4f}" if place.get("lat") is not None and place.get("lon") is not None
             else "no point in GeoNames' data")
    return (f"GeoNames {place.get('geonames_id')} ({place.get('kind')}"
            + (f", {place['country']}" if place.get("country") else "") + f"), {where}")


def cmd_dates(args: argparse.Namespace) -> int:
    rows = api.dates(args.db)
    _print_rows(rows, ["document", "text", "value", "mod", "earliest", "latest", "sentence_text"], _out_format(args))
    return 0


def _participants(row: dict[str, Any]) -> list[str]:
    return [f"{p['name']} ({p['role']})" if p.get("role") else str(p["name"]) for p in row["participants"]]


def cmd_timeline(args: argparse.Namespace) -> int:
    rows = api.timeline(args.db, start=args.start, end=args.end, entity=args.entity, type=args.type)
    fmt = _out_format(args)
    if fmt == "json":
        _print_json(rows)
        return 0
    flat = [r | {"participants": _participants(r), "place": (r["place"] or {}).get("name")} for r in rows]
    if fmt == "csv":
        columns = ["id", "document", "event", "value", "until", "mod", "earliest", "latest", "basis", "placement",
                   "type", "trigger", "description", "participants", "place", "negated", "modality", "conflict",
                   "sentence"]
    else:
        columns = ["value", "until", "basis", "placement", "type", "description", "conflict", "document", "sentence"]
    _print_rows(flat, columns, fmt)
    return 0


def cmd_relations(args: argparse.Namespace) -> int:
    rows = api.relations(args.db, entity=args.entity, type=args.type)
    fmt = _out_format(args)
    if fmt == "table":
        columns = ["subject", "relation", "object", "negated", "value", "document", "sentence"]
    else:
        columns = ["document", "subject", "subject_entity", "relation", "object", "object_entity", "negated",
                   "value", "earliest", "latest", "basis", "sentence_index", "sentence"]
    _print_rows(rows, columns, fmt)
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    answers = api.ask(args.db, args.questions, args.min_confidence)
    if args.json or not sys.stdout.isatty():
        _print_json(answers)
        return 0
    from rich.console import Console
    from rich.markup import escape

    c = Console()
    for a in answers:
        c.print(f"[dim]{escape(a['q'])}[/dim]")
        if not a["answer"]:
            c.print("  [italic]no answer in the store[/italic]")
            continue
        if a.get("answers"):  # the sources disagree: each answer with its sentence
            c.print("[bold]the sources disagree:[/bold]")
        for alt in a.get("answers") or [a]:
            c.print(f"[bold]{escape(alt['answer'])}[/bold]  [dim](confidence {alt['confidence']:.2f})[/dim]")
            for s in alt["sources"]:
                c.print(f'  "{escape(s["sentence"])}"  [dim]({escape(str(s.get("title") or s["document"]))}, '
                        f'characters {s["start"]}-{s["end"]})[/dim]')
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    result = api.graph(args.db, args.entity, depth=args.depth)
    if args.json or (not args.tree and not sys.stdout.isatty()):
        _print_json(result)
        return 0
    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree

    nodes = {n["id"]: n for n in result["nodes"]}

    def label(node_id: Any) -> str:
        n = nodes[node_id]
        return f"[bold]{escape(str(n['name']))}[/bold]" + (f" ({n['type']})" if n.get("type") else "")

    c = Console()
    placed = set(result["root"])
    for root in result["root"]:
        tree = Tree(label(root))
        queue = [(root, tree)]
        while queue:
            node_id, branch = queue.pop(0)
            for e in result["edges"]:
                if node_id not in (e["source"], e["target"]):
                    continue
                other = e["target"] if e["source"] == node_id else e["source"]
                if other in placed:
                    continue
                placed.add(other)
                arrow = f"{escape(e['relation'] or '?')} ->" if e["source"] == node_id else \
                    f"<- {escape(e['relation'] or '?')}"
                cite = f"[dim]({escape(str(e['document']))}: {escape(e['sentence'] or '')})[/dim]"
                queue.append((other, branch.add(f"{arrow} {label(other)}  {cite}")))
        c.print(tree)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from annals.web import create_app

    hosts = list(args.allowed_host or [])
    if args.host not in ("0.0.0.0", "::", ""):
        hosts.append(args.host)  # the name it listens on is one it serves
    if args.max_body <= 0:
        raise AnnalsError.of(E020, problem=f"bad --max-body {args.max_body}", fix="give a size in megabytes, e.g. 16")
    app = create_app(args.db, allow_ingest=args.allow_ingest, allowed_hosts=hosts,
                     max_body=int(args.max_body * 1024 * 1024), allow_edit=args.allow_edit)
    allowed = [w for w, on in (("uploads (POST /api/documents)", args.allow_ingest),
                               ("corrections (POST /api/edits)", args.allow_edit)) if on]
    mode = " and ".join(allowed) + " allowed" if allowed else "read-only"
    print(f"annals explorer on http://{args.host}:{args.port}/ ({args.db}, {mode}; API at /docs)", file=sys.stderr)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: listening on {args.host}: other machines can reach this server", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    result = api.remove(args.db, args.document)
    if args.json:
        _print_json(result)
    print(f"removed {result['document']} from {args.db}", file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    report = api.check_report(args.db)
    problems = report["problems"]
    if args.json:
        _print_json(report)
    else:
        print("\n".join(problems) if problems else "ok")
        if report["note"]:
            print(f"note: {report['note']}", file=sys.stderr)
    return 1 if problems else 0


def cmd_export(args: argparse.Namespace) -> int:
    report = api.export(args.db, args.format, args.out, entity=args.entity, start=args.start, end=args.end,
                        type=args.type)
    counts = report["counts"]
    names = {"documents": "document", "entities": "entity", "events": "event", "relations": "relation"}
    summary = ", ".join(f"{counts[k]} {k if counts[k] != 1 else one}" for k, one in names.items())
    print(f"exported {summary} as {report['format']} -> {report['out']}", file=sys.stderr)
    if args.json and report["out"] != "-":
        _print_json(report)
    return 0


# -- parser --------------------------------------------------------------------------------
def _add_output(p: argparse.ArgumentParser, csv_ok: bool = True) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true", help="print JSON")
    if csv_ok:
        g.add_argument("--csv", action="store_true", help="print CSV")
    g.add_argument("--table", action="store_true", help="print a table")


def _relation_types_help() -> str:
    """The relation types, from the registry (:mod:`annals.relations.registry`), one a line with their wording."""
    from annals.relations.registry import REGISTRY

    width = max(len(n) for n in REGISTRY)
    lines = [f"  {r.name:<{width}}  {r.forwards} / {r.backwards}" for r in REGISTRY.values()]
    return "relation types:\n" + "\n".join(lines)


def _export_formats() -> tuple[str, str, str]:
    """The export formats, from the exporters' registry (:data:`annals.export.EXPORTERS`): their names for
    the command's summary, for ``--format``, and one a line with what each writes for the epilog."""
    from annals.export import EXPORTERS

    names = ", ".join(EXPORTERS)
    choices = ", ".join(f"{e.name} (a folder)" if e.folder else e.name for e in EXPORTERS.values())
    width = max(len(n) for n in EXPORTERS)
    lines = [f"  {e.name:<{width}}  {e.description}" for e in EXPORTERS.values()]
    return names, choices, "formats:\n" + "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annals",
        description="Turn historical texts into a sourced model: entities, aliases, dates, gaps.",
    )
    parser.add_argument("--version", action="version", version=f"annals {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="print the model of one text (JSON with --json)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the JSON contract")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("ingest", help="extract files or folders into the store")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite store (default: {DEFAULT_DB})")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print what happened to each file as JSON")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("batch", help="extract a whole corpus (MediaWiki dump, JSON Lines, folder) on Dask")
    p.add_argument("source", metavar="SOURCE", help="a .xml or .xml.bz2 dump, a .jsonl file, or a file or folder")
    p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite store (default: {DEFAULT_DB})")
    p.add_argument("--workers", type=int, default=None, help="local worker processes (default: one per core)")
    p.add_argument("--scheduler", default=None, help="an existing Dask cluster, tcp://host:8786")
    p.add_argument("--filter-title", default=None, metavar="REGEX", help="only pages whose title matches")
    p.add_argument("--partition-size", type=int, default=50, help="documents per partition (default: 50)")
    p.add_argument("--shards", type=int, default=None, metavar="N",
                   help="write a new store sharded by document into N files (DB.shards/), read as one store; "
                        "read-only once written")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the batch report as JSON")
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("documents", help="list the stored documents: ids (for remove), titles, counts of entities, "
                                         "events and relations")
    p.add_argument("--db", default=DEFAULT_DB)
    _add_output(p)
    p.set_defaults(func=cmd_documents)

    p = sub.add_parser("entities", help="list the entities in the store")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--type", type=str.upper, help="only entities of this type: " + ", ".join(api.valid_types("entity")))
    p.add_argument("--limit", type=int)
    p.add_argument("--ambiguous", action="store_true",
                   help="list identity across documents for a person to decide: one entity spoken of in periods "
                        "far apart (maybe two), two whose names differ by a capitalised qualifier (maybe one)")
    _add_output(p)
    p.set_defaults(func=cmd_entities)

    p = sub.add_parser("show", help="one entity: type, aliases, titles, every mention with its sentence")
    p.add_argument("name")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--type", type=str.upper)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("dates", help="every date expression with its TIMEX3 value, interval and sentence")
    p.add_argument("--db", default=DEFAULT_DB)
    _add_output(p)
    p.set_defaults(func=cmd_dates)

    p = sub.add_parser("timeline", help="events in time order, undated ones placed by the narrative")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--from", dest="start", metavar="DATE", help="start of the period: 1941, 1941-06 or 1941-06-22")
    p.add_argument("--to", dest="end", metavar="DATE", help="end of the period, as --from")
    p.add_argument("--entity", metavar="NAME", help="only events this entity (a name or alias) takes part in")
    p.add_argument("--type", type=str.upper, help="only events of this type: " + ", ".join(api.event_types()))
    _add_output(p)
    p.set_defaults(func=cmd_timeline)

    p = sub.add_parser("relations", help="relations between entities, each with its sentence",
                       epilog=_relation_types_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--entity", metavar="NAME", help="only relations with this entity as subject or object")
    p.add_argument("--type", type=str.upper, help="only relations of this type (listed below), e.g. LEADER_OF")
    _add_output(p)
    p.set_defaults(func=cmd_relations)

    p = sub.add_parser("graph", help="the entities around one entity, through relations (a tree, or JSON)")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--entity", metavar="NAME", required=True, help="the entity to start from (a name or alias)")
    p.add_argument("--depth", type=int, default=2, help="how many relations away to go (default: 2)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true", help="print JSON: nodes and edges")
    g.add_argument("--tree", action="store_true", help="print an indented tree")
    p.set_defaults(func=cmd_graph)

    p = sub.add_parser("ask", help="answer questions from the store, each answer with its sentence")
    p.add_argument("questions", nargs="+", metavar="QUESTION")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--json", action="store_true", help="print a JSON array, one object per question")
    p.add_argument("--min-confidence", type=float, default=None, metavar="C",
                   help="withhold answers less sure than C (default: the threshold calibrated so that answers "
                        "above it are right as often as the development documents allow; 0 shows every guess)")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("remove", help="delete a document and every fact only it supported")
    p.add_argument("document", metavar="DOC", help="the document's id, or its path as it was ingested")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--json", action="store_true", help="print what was removed as JSON")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("check", help="verify the store's integrity; print the problems, or ok")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--json", action="store_true", help='print {"ok", "problems", "readonly", "note"} as JSON')
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("serve", help="explore the store in a web browser, and serve it as an HTTP API")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument("--allow-ingest", action="store_true",
                   help="accept texts uploaded with POST /api/documents (default: read-only)")
    p.add_argument("--allow-edit", action="store_true",
                   help="accept corrections (merge, rename, retype, delete an event; POST /api/edits) from the "
                        "explorer and the API (default: read-only)")
    p.add_argument("--allowed-host", action="append", metavar="NAME",
                   help="a host name this server answers to besides localhost and IP addresses (e.g. the "
                        "machine's name when --host 0.0.0.0); repeat for more. Other names get 400, so that a "
                        "page of another site cannot reach the store by rebinding its name to this address")
    p.add_argument("--max-body", type=float, default=16, metavar="MB",
                   help="the largest request body accepted, in megabytes (default: 16); larger ones get 413")
    p.set_defaults(func=cmd_serve)

    formats, format_choices, formats_epilog = _export_formats()
    p = sub.add_parser("export", help=f"write the store (or part of it) for other tools: {formats}; every fact with "
                                      "its source", epilog=formats_epilog,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--format", "-f", metavar="FORMAT", help=f"one of {format_choices} (listed below)")
    p.add_argument("-o", "--output", dest="out", metavar="OUT",
                   help="the file to write (a folder for csv; - for standard output)")
    p.add_argument("--entity", metavar="NAME", help="only this entity (a name or alias), its neighbours, events "
                                                    "and relations")
    p.add_argument("--from", dest="start", metavar="DATE", help="start of the period: 1941, 1941-06 or 1941-06-22")
    p.add_argument("--to", dest="end", metavar="DATE", help="end of the period, as --from")
    p.add_argument("--type", metavar="TYPE", help="only entities of this type: PERSON, ORG, GPE, LOC, GROUP, "
                                                  "EVENT or WORK")
    p.add_argument("--json", action="store_true", help="print what was written (files, counts) as JSON")
    p.set_defaults(func=cmd_export)

    from annals.cli_edits import add_parsers

    add_parsers(sub)  # entity, alias, event, relation, edits: corrections
    return parser


def main(argv: Iterable[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        return int(args.func(args) or 0)
    except AnnalsError as exc:
        if args.debug:
            raise
        print(f"error {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so in one line, the traceback is for --debug
        if args.debug:
            raise
        failure = environment_failure(exc, getattr(args, "db", None) or getattr(args, "file", None) or "a file")
        if failure is not None:  # the machine refused (permission, space, read-only, damaged store): not a bug
            print(f"error {failure}", file=sys.stderr)
            return failure.exit_code
        bug = AnnalsError.of(E099, detail=f": {type(exc).__name__}: {exc}",
                             fix="run again with --debug for the traceback, and please report it")
        print(f"error {bug}", file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
