"""Documentation checked against the code (issue 18): what ``--help`` lists, the README says.

Every command of the CLI and every long option of each command appears in README.md; every relation
type of the registry and every event type of the taxonomy has a row in the README's tables; the
export command's ``--format`` help names every format of the exporters' registry, and so does the
reader's ``FORMATS`` come from the readers' registry.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from annals.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

def _commands() -> dict:
    return build_parser()._subparsers._group_actions[0].choices  # noqa: SLF001


def _named(option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", README) is not None


def test_every_command_of_the_cli_is_in_the_readme():
    missing = [name for name in _commands() if not re.search(rf"`?annals {re.escape(name)}\b", README)]
    assert not missing, f"commands the README never shows: {missing}"


def test_every_option_of_every_command_is_in_the_readme():
    found: set[tuple[str, str]] = set()
    parsers = [("(annals)", build_parser()), *_commands().items()]
    for name, parser in parsers:
        for action in parser._actions:  # noqa: SLF001
            for option in action.option_strings:
                if option.startswith("--") and option != "--help" and not _named(option):
                    found.add((name, option))
    assert not found, f"options --help lists that the README does not name: {sorted(found)}"


def _table_types(section: str, header: str) -> list[str]:
    """The `TYPE` cells of the table of ``section`` whose header row opens with ``header``."""
    start = README.index(f"## {section}\n")
    end = README.find("\n## ", start + 1)
    table = README.index(f"| {header} |", start, end)
    rows = []
    for line in README[table:end].splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows += re.findall(r"^\| `([A-Z_]+)` \|", line)
    return rows


def test_every_event_type_of_the_taxonomy_has_a_row_in_the_readme():
    taxonomy = json.loads((ROOT / "annals" / "data" / "event_types.json").read_text(encoding="utf-8"))
    rows = _table_types("Events, times and relations", "type")
    assert rows, "no table of event types in the README"
    assert not set(rows) - set(taxonomy["types"]), "rows for types the taxonomy does not have"
    assert not set(taxonomy["types"]) - set(rows), f"types without a row: {sorted(set(taxonomy['types']) - set(rows))}"


def test_every_relation_type_of_the_registry_is_on_the_readme_s_types_line():
    from annals.relations.registry import REGISTRY

    at = README.index("# types: ")
    listed = set(re.findall(r"\b[A-Z][A-Z_]+[A-Z]\b", README[at : README.index("(annals relations --help)", at)]))
    assert set(REGISTRY) <= listed, sorted(set(REGISTRY) - listed)


def test_every_relation_type_of_the_registry_has_a_row_in_the_readme():
    from annals.relations.registry import REGISTRY

    rows = _table_types("Events, times and relations", "relation")
    assert set(REGISTRY) <= set(rows), sorted(set(REGISTRY) - set(rows))


def _export_helps() -> tuple[str, str, str]:
    """The export command's line in ``annals --help``, its ``--format`` help and its epilog."""
    parser = build_parser()
    commands = parser._subparsers._group_actions[0]  # noqa: SLF001
    line = next(a.help for a in commands._choices_actions if a.dest == "export")  # noqa: SLF001
    export = commands.choices["export"]
    action = next(a for a in export._actions if "--format" in a.option_strings)  # noqa: SLF001
    return line, action.help, export.epilog


def test_the_export_format_help_is_built_from_the_exporters_registry(monkeypatch):
    from annals.export import EXPORTERS, Exporter

    line, format_help, epilog = _export_helps()
    for text in (line, format_help):
        named = re.findall(r"\b[a-z]+\b", text)
        assert [n for n in named if n in EXPORTERS] == list(EXPORTERS), text
    assert [row.split()[0] for row in epilog.splitlines()[1:]] == list(EXPORTERS), epilog
    # a format added to the registry is in every help at once
    monkeypatch.setitem(EXPORTERS, "quipu", Exporter("quipu", "knotted cords for an Inca accountant", str, ".txt"))
    line, format_help, epilog = _export_helps()
    assert "quipu" in line and "quipu" in format_help and "knotted cords for an Inca accountant" in epilog


def test_the_readers_formats_are_the_readers_registry():
    from annals.read import DOCUMENT_SUFFIXES, FORMATS, READERS

    assert FORMATS == tuple(READERS)
    assert set(DOCUMENT_SUFFIXES) <= {s for r in READERS.values() for s in r.suffixes} | {".txt", ".text"}
