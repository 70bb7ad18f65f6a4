"""The correction commands of the ``annals`` command line: ``entity``, ``alias``, ``event``, ``relation``
and ``edits`` (see :mod:`annals.edits`).  Each calls one :mod:`annals.api` function."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from annals import api

DEFAULT_DB = "annals.db"


def _who(args: argparse.Namespace) -> dict[str, Any]:
    return {"note": args.note, "author": args.author}


def _done(args: argparse.Namespace, edit: dict[str, Any]) -> int:
    from annals.cli import _print_json

    if args.json:
        _print_json(edit)
    print(f"correction {edit['id']}: {edit['description']} ({edit['status']}) -> {args.db}", file=sys.stderr)
    return 0


def cmd_entity(args: argparse.Namespace) -> int:
    if args.action == "merge":
        edit = api.entity_merge(args.db, args.entity, args.other, **_who(args))
    elif args.action == "split":
        from annals.edits import split_in

        if not args.document and not args.mention:
            from annals.errors import E020, AnnalsError

            raise AnnalsError.of(E020, problem="annals entity split needs --document or --mention",
                                 fix="annals entity split NAME --mention DOC:START-END (offsets as annals show "
                                     "--json gives them), or --document DOC")
        edit = split_in(args.db, args.entity, args.document, args.mention, args.name, **_who(args))
    elif args.action == "rename":
        edit = api.entity_rename(args.db, args.entity, args.name, **_who(args))
    else:
        edit = api.entity_retype(args.db, args.entity, args.type, **_who(args))
    return _done(args, edit)


def cmd_alias(args: argparse.Namespace) -> int:
    return _done(args, api.alias_edit(args.db, args.action, args.entity, args.form, **_who(args)))


def cmd_event(args: argparse.Namespace) -> int:
    if args.action == "delete":
        return _done(args, api.event_delete(args.db, args.event, **_who(args)))
    return _done(args, api.event_redate(args.db, args.event, args.value, **_who(args)))


def cmd_relation(args: argparse.Namespace) -> int:
    return _done(args, api.relation_edit(args.db, args.action, args.subject, args.relation, args.object,
                                         document=args.document, sentence=args.sentence, **_who(args)))


def cmd_edits(args: argparse.Namespace) -> int:
    from annals.cli import _out_format, _print_json, _print_rows

    action = args.action or "list"
    if action == "list":
        rows = api.edits(args.db, all=True)
        _print_rows(rows, ["id", "created_at", "author", "description", "note", "status"], _out_format(args))
        return 0
    if action == "undo":
        if args.arg is None or not str(args.arg).isdigit():
            from annals.errors import E020, AnnalsError

            raise AnnalsError.of(E020, problem=f"bad correction number {args.arg!r}",
                                 fix="give the id annals edits lists")
        edit = api.edits_undo(args.db, int(args.arg))
        if args.json:
            _print_json(edit)
        print(f"undone correction {edit['id']}: {edit['description']}", file=sys.stderr)
        return 0
    if args.arg is None:
        from annals.errors import E020, AnnalsError

        raise AnnalsError.of(E020, problem=f"annals edits {action} needs a FILE",
                             fix=f"annals edits {action} edits.json")
    if action == "export":
        data = api.edits_export(args.db, args.arg)
        if args.arg == "-":
            _print_json(data)
        print(f"exported {len(data['edits'])} corrections -> {args.arg}", file=sys.stderr)
        return 0
    report = api.edits_import(args.db, args.arg)
    if args.json:
        _print_json(report)
    print(f"imported {report['imported']} corrections ({report['applied']} applied, {report['in_effect']} in effect, "
          f"{len(report['dangling'])} dangling, {report['skipped']} skipped) -> {args.db}", file=sys.stderr)
    for d in report["dangling"]:
        print(f"  dangling: {d['id']}: {d['description']}: {d['why']}", file=sys.stderr)
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--note", help="why: kept with the correction in the edit log")
    p.add_argument("--author", help="who: kept with the correction in the edit log")
    p.add_argument("--json", action="store_true", help="print the correction as JSON")


def add_parsers(sub: Any) -> None:
    """The correction commands, on the ``annals`` subcommand parser ``sub``."""
    p = sub.add_parser("entity", help="correct an entity: merge, split, rename, retype (kept in the edit log)")
    acts = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = acts.add_parser("merge", help="merge entity OTHER into ENTITY (ENTITY keeps its name and id)")
    q.add_argument("entity", metavar="ENTITY", help="a name, alias or id")
    q.add_argument("other", metavar="OTHER", help="a name, alias or id")
    _common(q)
    q = acts.add_parser("split", help="make some of ENTITY's mentions (--mention), or those in one document "
                                      "(--document), an entity of their own")
    q.add_argument("entity", metavar="ENTITY")
    q.add_argument("--document", metavar="DOC", help="the document's id or path: all its mentions of ENTITY, or "
                                                    "the one the --mention offsets are in")
    q.add_argument("--mention", action="append", metavar="MENTION",
                   help="a mention that goes (repeat for several): DOC:START-END or DOC:START (character offsets, as "
                        "annals show --json gives them), DOC:sN (ENTITY's mentions in sentence N, as annals show "
                        "prints it) or mID (a mention's id); DOC: may be left out when --document is given")
    q.add_argument("--name", help="the new entity's name (default: the longest form of the mentions)")
    _common(q)
    q = acts.add_parser("rename", help="give ENTITY another canonical name")
    q.add_argument("entity", metavar="ENTITY")
    q.add_argument("name", metavar="NAME")
    _common(q)
    q = acts.add_parser("retype", help="give ENTITY another type")
    q.add_argument("entity", metavar="ENTITY")
    q.add_argument("type", metavar="TYPE", type=str.upper, help="PERSON, ORG, GPE, LOC, GROUP, EVENT or WORK")
    _common(q)
    p.set_defaults(func=cmd_entity)

    p = sub.add_parser("alias", help="add or remove a name of an entity (kept in the edit log)")
    p.add_argument("action", choices=["add", "remove"])
    p.add_argument("entity", metavar="ENTITY")
    p.add_argument("form", metavar="FORM", help="the name, in quotes")
    _common(p)
    p.set_defaults(func=cmd_alias)

    p = sub.add_parser("event", help="delete or redate an event (kept in the edit log)")
    acts = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = acts.add_parser("delete", help="delete the event ID (as annals timeline --json gives it: document:v3)")
    q.add_argument("event", metavar="ID")
    _common(q)
    q = acts.add_parser("redate", help="give the event ID the date DATE")
    q.add_argument("event", metavar="ID")
    q.add_argument("value", metavar="DATE", help="1871, 1871-03 or 1871-03-18 (BCE: -0044)")
    _common(q)
    p.set_defaults(func=cmd_event)

    p = sub.add_parser("relation", help="add or delete a relation (kept in the edit log)")
    p.add_argument("action", choices=["add", "delete"])
    p.add_argument("subject", metavar="SUBJECT")
    p.add_argument("relation", metavar="RELATION", type=str.upper, help="e.g. LEADER_OF")
    p.add_argument("object", metavar="OBJECT")
    p.add_argument("--document", metavar="DOC", help="add: the document that supports it (required); "
                                                    "delete: only in this document")
    p.add_argument("--sentence", type=int, metavar="N", help="add: the sentence of DOC it cites (default: the "
                                                            "first that mentions both)")
    _common(p)
    p.set_defaults(func=cmd_relation)

    p = sub.add_parser("edits", help="the edit log: list (default), undo N, export FILE, import FILE")
    p.add_argument("action", nargs="?", choices=["list", "undo", "export", "import"])
    p.add_argument("arg", nargs="?", metavar="N|FILE")
    p.add_argument("--db", default=DEFAULT_DB)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true", help="print JSON")
    g.add_argument("--csv", action="store_true", help="print CSV")
    g.add_argument("--table", action="store_true", help="print a table")
    p.set_defaults(func=cmd_edits)
