"""Errors a user can act on.

Every error annals raises on purpose is an :class:`AnnalsError` with a number (``E0xx``), so that a
user can search for it, a message that says what was wrong and where, and a hint that says what to
do.  The CLI prints ``error E012: ... (hint)`` and exits non-zero; ``--debug`` shows the traceback.
"""

from __future__ import annotations


class AnnalsError(Exception):
    """An error with a code, a message naming the file or argument, and what to do about it."""

    exit_code = 1

    def __init__(self, code: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint

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


# Numbered messages, one place, so codes stay unique.
E001 = "E001"  # path does not exist
E002 = "E002"  # path is not readable (permissions, broken symlink)
E003 = "E003"  # file is empty
E004 = "E004"  # file is binary
E005 = "E005"  # file cannot be decoded
E006 = "E006"  # unsupported format
E010 = "E010"  # store is not a SQLite database
E011 = "E011"  # store schema is newer than this annals
E012 = "E012"  # no such entity in the store
E013 = "E013"  # store does not exist (read commands)
E014 = "E014"  # no such document in the store
E020 = "E020"  # bad argument (command line or HTTP request)
E030 = "E030"  # the HTTP server is read-only (started without --allow-ingest)
E031 = "E031"  # no such HTTP route, or a method the route does not take
E099 = "E099"  # internal error: a bug, to be reported
