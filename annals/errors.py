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


class EnvironmentFailure(AnnalsError):
    """The machine refused: no permission, no space left, a read-only place, a device that fails, a
    store file that is damaged.  Not a bug of annals and not bad input: a run stops at the first one
    (what was stored before it stays stored)."""

    exit_code = 4


# Numbered messages, one place, so codes stay unique.
E001 = "E001"  # path does not exist
E002 = "E002"  # path is not readable (permissions, broken symlink)
E003 = "E003"  # file is empty
E004 = "E004"  # file is binary
E005 = "E005"  # file cannot be decoded
E006 = "E006"  # unsupported format
E007 = "E007"  # a line of a JSON Lines corpus that is not a JSON object with a text
E010 = "E010"  # store is not a SQLite database
E011 = "E011"  # store schema is newer than this annals
E012 = "E012"  # no such entity in the store
E013 = "E013"  # store does not exist (read commands)
E014 = "E014"  # no such document in the store
E020 = "E020"  # bad argument (command line or HTTP request)
E030 = "E030"  # the HTTP server is read-only (started without --allow-ingest)
E031 = "E031"  # no such HTTP route, or a method the route does not take
E032 = "E032"  # the spaCy model annals needs is not installed
E033 = "E033"  # an optional part of annals is not installed (the batch extra: dask, pyarrow)
E040 = "E040"  # permission denied on a file or folder annals must read or write
E041 = "E041"  # no space left on the device (disk full, quota)
E042 = "E042"  # the store is read-only (its file, its folder or the file system cannot be written)
E043 = "E043"  # the store file is damaged (malformed pages, truncated): annals check says what
E044 = "E044"  # the device failed to read or write (I/O error)
E045 = "E045"  # an HTTP request body larger than the server accepts
E046 = "E046"  # an HTTP request for a host name the server does not serve
# Corrections (annals entity/alias/event/relation/edits; see annals.edits)
E060 = "E060"  # no such edit in the edit log
E061 = "E061"  # the edit was already undone
E062 = "E062"  # the correction would change nothing (it is already so)
E063 = "E063"  # a name that names several entities: give the id, or --type
E064 = "E064"  # no such event in the store
E065 = "E065"  # no such relation in the store
E066 = "E066"  # an edits file that cannot be read (not JSON, not an annals edit log)
E067 = "E067"  # the HTTP server does not accept corrections (started without --allow-edit)
E099 = "E099"  # internal error: a bug, to be reported


def environment_failure(exc: BaseException, where: object) -> EnvironmentFailure | None:
    """The :class:`EnvironmentFailure` an OS or SQLite error stands for, naming ``where`` (a file or
    store); None when ``exc`` is not one (then it is a bug, E099)."""
    import errno

    if isinstance(exc, EnvironmentFailure):
        return exc
    code = getattr(exc, "errno", None)
    text = str(exc).lower()
    if code in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in text or "no space left" in text:
        failure = EnvironmentFailure(E041, f"no space left to write {where} ({exc})",
                                     "free some disk space, or give a --db on another disk; what was stored "
                                     "before this is kept")
    elif code == errno.EROFS or "readonly database" in text or "read-only file system" in text:
        failure = EnvironmentFailure(E042, f"{where} cannot be written: it is read-only ({exc})",
                                     "read commands work on a read-only store; to write, give a store in a "
                                     "writable folder or fix the permissions")
    elif code in (errno.EACCES, errno.EPERM) or "permission denied" in text or "unable to open database" in text:
        failure = EnvironmentFailure(E040, f"permission denied on {where} ({exc})",
                                     "check the permissions of the file and of its folder")
    elif "malformed" in text or "not a database" in text or "database corrupt" in text:
        failure = EnvironmentFailure(E043, f"the store {where} is damaged ({exc})",
                                     f"run annals check --db {where} to see what is damaged; restore a copy, "
                                     "or ingest the documents again into a new store")
    elif code == errno.EIO or "disk i/o error" in text:
        failure = EnvironmentFailure(E044, f"the device failed to read or write {where} ({exc})",
                                     "check the disk (dmesg); what was stored before this is kept")
    else:
        return None
    failure.__cause__ = exc
    return failure
