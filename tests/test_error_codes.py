"""Error codes (issue 18): each code has one meaning, declared once in annals/errors.py, and code elsewhere
names the constant, never a string literal of a code."""

from __future__ import annotations

import re
from pathlib import Path

from annals import errors

PACKAGE = Path(errors.__file__).resolve().parent


def test_each_code_is_declared_once_with_its_own_meaning():
    declared = re.findall(r'^(E\d{3}) = "(E\d{3})"  # (.+)$', (PACKAGE / "errors.py").read_text(), re.M)
    assert len(declared) >= 30
    assert all(name == value for name, value, _ in declared)
    codes = [name for name, _, _ in declared]
    assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)
    meanings = [meaning for _, _, meaning in declared]
    assert len(meanings) == len(set(meanings))


def test_no_module_writes_a_code_as_a_string_literal():
    literal = re.compile(r'["\']E\d{3}["\']')
    found = [f"{p.relative_to(PACKAGE)}:{n}" for p in PACKAGE.rglob("*.py") if p.name != "errors.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if literal.search(line)]
    assert not found, found


def test_every_code_a_module_raises_is_declared():
    declared = set(re.findall(r'^(E\d{3}) = ', (PACKAGE / "errors.py").read_text(), re.M))
    text = "\n".join(re.sub(r"#\s*noqa[^\n]*", "", p.read_text(encoding="utf-8")) for p in PACKAGE.rglob("*.py"))
    used = set(re.findall(r"\b(E0\d\d)\b", text))  # annals's codes are E001-E099 (E402 is a linter's)
    assert used <= declared, sorted(used - declared)
