"""A relation type is one registry entry plus its trigger words (issue 18).

The test registers a type no annals release has, MENTORED, with two trigger verbs of a new lexicon
class, and sees it in extraction, the store, an export's wording, the CLI's list of types and the
answer to a question asked with one of its verbs.  The registry and the lexicon are put back afterwards.
The sentences are written for this test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import annals.ask  # noqa: F401  (imported before any type is registered, as in a server or a long session)
from annals import api
from annals.extract import extract_text
from annals.relations import registry
from annals.relations.lexicon import add_verb_class, lexicon

MENTORED = registry.RelationType("MENTORED", frozenset({"PERSON"}), frozenset({"PERSON"}), "mentor of",
                                 "mentored by", ("mentored", "tutored"), ("mentor",))
TRIGGERS = ["mentor", "tutor"]  # what data/relation_lexicon.json would hold under "verb_classes": {"mentor": ...}
TEXT = ("In 1802 the painter Tomas Reyl mentored the young sculptor Ines Varga in Lisbon. "
        "Ines Varga later carved the fountain of the Rua Nova.\n")


def _clear_question_caches() -> None:
    from annals.ask import verbs

    verbs.verb_classes.cache_clear()
    verbs.asked_classes.cache_clear()


@pytest.fixture()
def mentored(monkeypatch):
    tables = (registry.REGISTRY, registry.TYPES, registry.CLASS_RELATION)
    saved = [dict(t) for t in tables]
    verbs = lexicon()["verb_table"]
    for verb in TRIGGERS:
        monkeypatch.delitem(verbs, verb, raising=False)  # restored by monkeypatch, whatever was there
        monkeypatch.setitem(verbs, verb, [])
    registry.register(MENTORED)
    add_verb_class(verbs, "mentor", TRIGGERS)
    _clear_question_caches()
    yield MENTORED
    for table, before in zip(tables, saved, strict=True):
        table.clear()
        table.update(before)
    _clear_question_caches()


def test_registering_a_type_updates_the_tables_made_from_the_registry(mentored):
    assert registry.REGISTRY["MENTORED"] is mentored
    assert registry.TYPES["MENTORED"] == (frozenset({"PERSON"}), frozenset({"PERSON"}))
    assert registry.CLASS_RELATION["mentor"] == "MENTORED"
    assert registry.wording("MENTORED", backwards=True) == "mentored by"
    from annals.cli import _relation_types_help

    assert "MENTORED" in _relation_types_help() and "mentor of / mentored by" in _relation_types_help()


def test_a_registered_type_is_extracted_from_its_trigger_words(mentored):
    doc = extract_text(TEXT)
    found = {(r["subject"], r["relation"], r["object"]) for r in doc.relations}
    assert ("Tomas Reyl", "MENTORED", "Ines Varga") in found, found


def test_without_the_registry_entry_the_trigger_words_give_nothing():
    doc = extract_text(TEXT)
    assert not [r for r in doc.relations if r["relation"] == "MENTORED"]


def test_a_registered_type_reaches_the_store_and_the_exports(mentored, tmp_path: Path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "reyl.txt").write_text(TEXT, encoding="utf-8")
    db = tmp_path / "annals.db"
    api.ingest([folder], db)
    rows = api.relations(db, type="MENTORED")
    assert [(r["subject"], r["object"]) for r in rows] == [("Tomas Reyl", "Ines Varga")], rows

    api.export(db, "markdown", tmp_path / "report.md")
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "mentor of" in report and "mentored by" in report

    api.export(db, "json", tmp_path / "model.json")
    model = json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    assert any(r["relation"] == "MENTORED" for r in model["relations"])


def test_a_question_is_answered_by_a_registered_type(mentored, tmp_path: Path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "reyl.txt").write_text(TEXT, encoding="utf-8")
    db = tmp_path / "annals.db"
    api.ingest([folder], db)
    [answer] = api.ask(db, ["Who mentored Ines Varga?"])
    assert answer["answer"] == "Tomas Reyl" and answer["via"] == "MENTORED", answer
