"""Error codes (issue 18), spaCy-style: each code is defined once in annals/errors.py with its meaning, its
message template and its hint template; raise sites pass only the code and the template's fields.

The checks read the sources with ``ast``: codes are unique, every code used in annals/ is defined, every
code defined is raised somewhere and has a row in the README's error table, and every converted raise
site (a call that passes a code and then only keywords) gives exactly the fields of its templates."""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

import pytest

from annals import errors
from annals.errors import CODES, E001, E020, E043, AnnalsError, Code, InputError, StoreError

PACKAGE = Path(errors.__file__).resolve().parent
README = PACKAGE.parent / "README.md"
CODE_NAME = re.compile(r"E\d{3}$")


def _definitions() -> list[tuple[str, ast.Call]]:
    """``(name, Code(...) call)`` for each assignment of a code in errors.py."""
    tree = ast.parse((PACKAGE / "errors.py").read_text(encoding="utf-8"))
    found = []
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and CODE_NAME.match(node.targets[0].id)):
            assert isinstance(node.value, ast.Call) and getattr(node.value.func, "id", None) == "Code", \
                f"{node.targets[0].id} is not defined as a Code"
            found.append((node.targets[0].id, node.value))
    return found


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(PACKAGE.rglob("*.py"))
            if p.name != "errors.py"]


def _code_in(node: ast.expr) -> str | None:
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
    return name if name and CODE_NAME.match(name) else None


def _calls_with_a_code() -> list[tuple[str, ast.Call, str, int]]:
    """``(where, call, code, position of the code among the positional arguments)`` for every call in
    annals/ (outside errors.py) that passes a code."""
    found = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for i, arg in enumerate(node.args):
                    if (name := _code_in(arg)) is not None:
                        found.append((f"{path.relative_to(PACKAGE)}:{node.lineno}", node, name, i))
    return found


def test_each_code_is_defined_once_with_its_own_number_meaning_and_templates():
    defined = _definitions()
    assert len(defined) >= 30
    names = [name for name, _ in defined]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)  # no code two templates
    numbers = [call.args[0].value for _, call in defined]  # type: ignore[attr-defined]
    assert names == numbers  # no two names one code
    meanings = [call.args[1].value for _, call in defined]  # type: ignore[attr-defined]
    assert len(meanings) == len(set(meanings))
    assert sorted(CODES) == sorted(names)
    for code in CODES.values():
        assert code.meaning and code.message and code.hint, code


def test_no_module_writes_a_code_as_a_string_literal():
    literal = re.compile(r'["\']E\d{3}["\']')
    found = [f"{p.relative_to(PACKAGE)}:{n}" for p in PACKAGE.rglob("*.py") if p.name != "errors.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if literal.search(line)]
    assert not found, found


def test_every_code_a_module_names_is_defined():
    used = {(f"{path.relative_to(PACKAGE)}:{node.lineno}", name) for path, tree in _modules()
            for node in ast.walk(tree) if isinstance(node, ast.Name | ast.Attribute | ast.alias)
            for name in [node.name if isinstance(node, ast.alias) else _code_in(node)]
            if name and CODE_NAME.match(name)}
    assert len(used) > 50
    assert not [u for u in used if u[1] not in CODES], sorted(u for u in used if u[1] not in CODES)


def test_every_code_defined_is_raised_somewhere():
    raised = {code for _, _, code, _ in _calls_with_a_code()}
    tree = ast.parse((PACKAGE / "errors.py").read_text(encoding="utf-8"))
    chooser = next(f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name == "environment_failure")
    raised |= {node.id for node in ast.walk(chooser) if isinstance(node, ast.Name) and CODE_NAME.match(node.id)}
    assert set(CODES) <= raised, sorted(set(CODES) - raised)


def test_no_call_writes_a_message_of_its_own_beside_a_code():
    # the message and hint of a code are its templates' (errors.py), filled by keyword fields: a call that
    # passes a code and text after it would say something the code's one definition does not
    own = [where for where, call, _code, i in _calls_with_a_code() if len(call.args) != i + 1]
    assert not own, own


def test_each_converted_raise_site_fills_exactly_the_fields_of_its_templates():
    converted = [(where, call, code) for where, call, code, i in _calls_with_a_code() if len(call.args) == i + 1]
    assert len(converted) >= 80
    wrong = []
    for where, call, code in converted:
        given = {k.arg for k in call.keywords}
        if None in given:
            wrong.append(f"{where}: {code} with **fields, which cannot be checked")
        elif given != CODES[code].fields:
            wrong.append(f"{where}: {code} given {sorted(given)}, its templates take {sorted(CODES[code].fields)}")
    assert not wrong, wrong


def _readme_table() -> dict[str, list[str]]:
    """The rows of the README's error table, by code."""
    text = README.read_text(encoding="utf-8")
    rows = re.findall(r"^\| (E\d{3}) \|(.+)\|$", text, re.M)
    return {code: [cell.strip() for cell in rest.split("|")] for code, rest in rows}


def test_every_code_is_documented_in_the_readme_error_table():
    table = _readme_table()
    assert set(table) == set(CODES), (sorted(set(CODES) - set(table)), sorted(set(table) - set(CODES)))
    for code, cells in table.items():
        assert len(cells) == 2 and all(cells), f"{code}: a row needs what it means and what to do"


def test_a_template_fills_in_its_fields_and_refuses_others():
    err = InputError.of(E001, path="notes/letter.txt")
    assert isinstance(err, InputError) and err.code == "E001" and err.exit_code == 2
    assert str(err) == "E001: notes/letter.txt does not exist (check the path)"
    failure = errors.environment_failure(OSError("database disk image is malformed"), "chronicle.db")
    assert failure is not None and failure.code == E043 and "annals check --db chronicle.db" in failure.hint
    with pytest.raises(TypeError, match="E001 takes the fields"):
        InputError.of(E001)
    with pytest.raises(TypeError, match="E001 takes the fields"):
        InputError.of(E001, path="a.txt", line=3)
    assert Code("E999", "a test code", "{a} and {b!r}", "{c}").fields == {"a", "b", "c"}


def test_a_code_and_its_error_cross_process_boundaries_whole():
    err = StoreError.of(E020, problem="bad period: 1648-13", fix="give a month from 1 to 12")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is StoreError and str(back) == str(err)
    assert back.code is E020 and isinstance(back.code, Code) and back.code == "E020"
    assert isinstance(pickle.loads(pickle.dumps(AnnalsError.of(E001, path="x"))), AnnalsError)
