"""The store: opening a file (WAL, busy timeout, read-only and immutable), upgrading its schema, transactions and
bulk modes; :class:`Store` is made of the mixins of the other modules of this package, one job each."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annals.errors import E010, E011, E013, E043, EnvironmentFailure, StoreError, environment_failure
from annals.store.batch_load import BatchLoading
from annals.store.check import Checking
from annals.store.edits import EditTables
from annals.store.linking import Linking
from annals.store.migrations import (
    _FTS_TRIGGERS,
    _LINKING_INDEXES,
    _READ_INDEXES,
    COMPACTING,
    MIGRATIONS,
    SCHEMA_VERSION,
    _split_sql,
)
from annals.store.read import Reading
from annals.store.search import Searching
from annals.store.util import _encodable, _now
from annals.store.write import Writing

BUSY_TIMEOUT_MS = 30_000
#: The page size of a new store.  Smaller than SQLite's 4096: a store has some sixty tables and indexes of at
#: least a page each, and rows of a few kilobytes (a document's text) leave most of a 4096-byte page unused;
#: measured (bench/results/batch.md) on the 12 evaluation documents 9% smaller, on the 1,000-article benchmark
#: 1% smaller, `annals ask` as fast.  A store made before keeps its own.
PAGE_SIZE = 2048


class Store(EditTables, Writing, Linking, Reading, Searching, Checking, BatchLoading):
    """An annals store in one SQLite file.

    ``create``: make the file when missing (else E013).  ``readonly``: open it for reading only
    (the file must exist).  Use as a context manager or call :meth:`close`.
    """

    #: opened only to bring the file's schema up to date (:meth:`_upgrade_for_reader`): a sharded store's main
    #: file, which refuses every other write, takes it
    _upgrading = False

    def __init__(self, path: str | Path, create: bool = True, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        #: opened with SQLite's ``immutable``: a read-only store in a place where not even its WAL index
        #: can be written (a read-only folder or file system); no locks, so nobody may write it meanwhile.
        self.immutable = False
        self._conn: sqlite3.Connection | None = None
        self._born: dict[int, int] | None = None  # while linking again: the order entities came in
        #: document entities that shared names with a document replaced or removed since (row ids):
        #: resolve_entities links them again
        self.unsettled: set[int] = set()
        #: seconds spent linking stored entities to canonical ones and tidying those (the batch report
        #: tells resolution from loading with it)
        self.resolution_seconds = 0.0
        if self.path.is_dir():
            raise StoreError.of(E010, problem=f"{self.path} is a directory, not a store",
                                fix="give the path of a store file, e.g. annals.db")
        if not self.path.exists() and (readonly or not create):
            raise StoreError.of(E013, problem=f"no store at {self.path}",
                                fix="run annals ingest first, or check the --db path")
        if not readonly:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise environment_failure(exc, self.path.parent) or exc from exc
        try:
            self._open()
        except EnvironmentFailure as exc:
            if not readonly or exc.code == E043:
                raise
            self.immutable = True  # a read-only place: read the file as it is
            self._open()

    def _open(self) -> None:
        self._conn = self._connect()
        try:
            self._prepare()
            if not self.readonly:
                self._probe_writable()
        except BaseException:
            self.close()
            raise

    # -- opening --------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            if self.readonly:
                uri = self.path.resolve().as_uri() + ("?immutable=1" if self.immutable else "?mode=ro")
                conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                       isolation_level=None)
            else:
                conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError.of(E010, problem=f"cannot open store {self.path}: {exc}",
                                fix="check that the path is a readable SQLite file") from exc
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _prepare(self) -> None:
        conn = self._db
        try:
            # One read transaction, so another process that is creating the store right now is
            # seen either before or after its step, never half-way.
            conn.execute("BEGIN")
            try:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            finally:
                if conn.in_transaction:  # (an error may have ended it; its own message is the one to tell)
                    conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc) and not _has_sqlite_header(self.path) \
                    and not _looks_like_damaged_sqlite(self.path):
                raise StoreError.of(E010, problem=f"{self.path} is not a SQLite database ({exc})",
                                    fix="give the path of an annals store, or a new file name to create one") from exc
            failure = environment_failure(exc, self.path)
            if failure is not None:
                raise failure from exc
            raise StoreError.of(E010, problem=f"cannot read store {self.path}: {exc}",
                                fix="check the permissions of the file and of its folder") from exc
        if version > SCHEMA_VERSION:
            raise StoreError.of(E011, path=self.path, problem=f"schema version {version}, newer than this annals "
                                                                    f"understands ({SCHEMA_VERSION})",
                                fix="upgrade annals, or use a store made by this version")
        if version == 0 and tables - {"schema_migrations"}:
            raise StoreError.of(E010, problem=f"{self.path} is a SQLite database but not an annals store",
                                fix="give the path of an annals store, or a new file name to create one")
        if "shards" in tables and not self.readonly and not self._upgrading:
            from annals.store.sharded import refuse_write

            raise refuse_write(self.path)
        if self.readonly:
            if version == 0:
                raise StoreError.of(E013, problem=f"{self.path} holds no annals store yet",
                                    fix="run annals ingest first")
            if version < SCHEMA_VERSION:
                self._upgrade_for_reader()
            return
        if version == 0 and not tables:  # (a new file: its page size is set before anything is written)
            conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        self._use_wal()
        if version < SCHEMA_VERSION:
            self._migrate()
        if "bulk_load" in tables:  # a bulk load that did not finish
            self._finish_bulk_load()

    def _use_wal(self) -> None:
        """Switch the file to WAL (persistent).  Switching does not wait on the busy handler, so
        when another process holds the fresh file we retry until the busy timeout."""
        conn = self._db
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                mode = conn.execute("PRAGMA journal_mode").fetchone()[0].lower()
                if mode != "wal":
                    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower()
                if mode == "wal":
                    return
                problem = f"journal mode stays {mode!r}"
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    failure = environment_failure(exc, self.path)
                    if failure is not None:
                        raise failure from exc
                    raise StoreError.of(E010, problem=f"cannot use {self.path} as a store: {exc}",
                                        fix="check that the file and its folder are writable") from exc
                problem = str(exc)
            if time.monotonic() > deadline:
                raise StoreError.of(E010, problem=f"cannot use {self.path} as a store: {problem}",
                                    fix="check that no other program holds the file")
            time.sleep(0.02)

    def _probe_writable(self) -> None:
        """Fail now, before anything is extracted, when the store cannot be written (a read-only file:
        SQLite then opens it read-only without a word, and the first write would fail)."""
        conn = self._db
        try:
            conn.execute("BEGIN IMMEDIATE")  # (succeeds on a read-only file; the first page written does not)
            try:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                conn.execute(f"PRAGMA user_version = {version}")  # dirties page 1, rolled back below
            finally:
                conn.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                return  # another process is writing: the store is writable, our writes will wait their turn
            failure = environment_failure(exc, self.path)
            if failure is not None:
                raise failure from exc
            raise

    def _upgrade_for_reader(self) -> None:
        """An older store opened read-only: upgrade it through a short-lived writable connection (a sharded
        store's main file too, which takes no other write)."""
        try:
            with _Upgrading(self.path, create=False):
                pass
        except (sqlite3.Error, StoreError) as exc:
            raise StoreError.of(E011, path=self.path,
                                problem=f"an older schema and cannot be upgraded read-only ({exc})",
                                fix="open it once for writing, e.g. with annals ingest") from exc

    def _migrate(self) -> None:
        """Apply every step newer than the store's version, each in its own transaction."""
        conn = self._db
        compacted = False
        for version, step in MIGRATIONS:
            with self._transaction():
                current = conn.execute("PRAGMA user_version").fetchone()[0]
                if current >= version:  # another process got here first
                    continue
                compacted |= version in COMPACTING and current > 0
                conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                             "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
                if callable(step):
                    step(conn)
                else:
                    for statement in _split_sql(step):
                        conn.execute(statement)
                conn.execute("INSERT OR REPLACE INTO schema_migrations VALUES (?, ?)", (version, _now()))
                conn.execute(f"PRAGMA user_version = {int(version)}")
        if compacted:  # give the file back the pages freed (text stored twice, public ids; once; best effort)
            try:
                conn.execute("VACUUM")
            except sqlite3.OperationalError:
                pass

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise ValueError(f"store {self.path} is closed")
        return self._conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._db
        if conn.in_transaction:  # within bulk(): a savepoint, so that a failure undoes only this step
            conn.execute("SAVEPOINT step")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK TO step")
                conn.execute("RELEASE step")
                raise
            conn.execute("RELEASE step")
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            # A failed COMMIT (busy, disk full) can leave the transaction open: end it, or every later
            # write on this connection would fail with "cannot start a transaction within a transaction".
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextmanager
    def bulk(self) -> Iterator[Store]:
        """Many ingests committed together: each document is still stored whole or not at all (a
        savepoint), but the store's file is synced once, not once a document.  For merging a batch
        partition, which a rerun merges again after a crash."""
        self._require_writable()
        with self._transaction():
            yield self

    @contextmanager
    def bulk_load(self) -> Iterator[bool]:
        """A load of many documents into an empty store (``annals batch``), whose rows come linked: the indexes
        that only reads use (:data:`_READ_INDEXES`), those linking reads (:data:`_LINKING_INDEXES`: linking while
        the load runs reads without them, slower) and the full-text index are built once, at the end, instead of
        row by row.  Yields whether it defers them (only into an empty store: a store that already holds documents
        is written as usual).  A load that dies half-way is finished when the store is next opened for writing
        (the table ``bulk_load`` says one is under way, and ``bulk_load_indexes`` holds the SQL of the indexes to
        build)."""
        self._require_writable()
        conn = self._db
        with self._transaction():
            empty = conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None
            if empty:
                conn.execute("CREATE TABLE IF NOT EXISTS bulk_load (started_at TEXT NOT NULL)")
                conn.execute("INSERT INTO bulk_load VALUES (?)", (_now(),))
                conn.execute("CREATE TABLE IF NOT EXISTS bulk_load_indexes (name TEXT PRIMARY KEY, sql TEXT NOT NULL)")
                marks = ", ".join("?" * len(_LINKING_INDEXES))
                conn.execute("INSERT OR IGNORE INTO bulk_load_indexes SELECT name, sql FROM sqlite_master WHERE "
                             f"type = 'index' AND name IN ({marks})", _LINKING_INDEXES)
                for name in (*_READ_INDEXES, *_LINKING_INDEXES):
                    conn.execute(f"DROP INDEX IF EXISTS {name}")
                conn.execute("DROP TRIGGER IF EXISTS sentences_fts_insert")
                conn.execute("DROP TRIGGER IF EXISTS sentences_fts_delete")
        try:
            yield empty
        finally:
            if empty and self._conn is not None:  # (closed meanwhile: the next opening finishes it)
                self._finish_bulk_load()

    def _finish_bulk_load(self) -> None:
        """Build what :meth:`bulk_load` left for the end: the read indexes, the linking indexes, the full-text
        index and its triggers (sorted builds: one pass over each table)."""
        conn = self._db
        with self._transaction():
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'bulk_load%'")}
            if "bulk_load" not in names:
                return
            for sql in _READ_INDEXES.values():
                conn.execute(sql)
            if "bulk_load_indexes" in names:  # (a load begun by an older annals defers only the read indexes)
                for (sql,) in conn.execute("SELECT sql FROM bulk_load_indexes ORDER BY name").fetchall():
                    conn.execute(sql)
                conn.execute("DROP TABLE bulk_load_indexes")
            for sql in _split_sql(_FTS_TRIGGERS):
                conn.execute(sql)
            conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')")
            conn.execute("DROP TABLE bulk_load")

    def _require_writable(self) -> None:
        if self.readonly:
            raise PermissionError(f"store {self.path} was opened read-only")

    @property
    def schema_version(self) -> int:
        """The schema version of the open store (:data:`SCHEMA_VERSION` once opened for writing)."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        """Close the connection; safe to call twice."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}, readonly={self.readonly})"

    # -- small helpers ------------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self._db.execute(sql, _encodable(params))]

    def _one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        row = self._db.execute(sql, _encodable(params)).fetchone()
        return dict(row) if row is not None else None

    def _resolve(self, doc_id_or_path: str | Path) -> str | None:
        """The id of the document with this id, or else this path."""
        key = str(doc_id_or_path)
        row = self._db.execute("SELECT id FROM documents WHERE id = ?", (key,)).fetchone()
        if row is None:
            row = self._db.execute("SELECT id FROM documents WHERE path = ?", (key,)).fetchone()
        return row[0] if row is not None else None

def _has_sqlite_header(path: Path) -> bool:
    """Whether the file starts as every SQLite database does (then "not a database" means damaged)."""
    try:
        with path.open("rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _looks_like_damaged_sqlite(path: Path) -> bool:
    """A file whose first page is not SQLite's but whose other pages are laid out as a SQLite
    database's (whole pages of a power-of-two size, most starting as b-tree or free pages do): a store
    whose header page was overwritten, not some other file.  Each page size SQLite allows from 1,024 bytes
    is tried (a store's own is :data:`PAGE_SIZE`; one made before has 4,096)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            for page_size in (PAGE_SIZE, 1024, 2048, 4096, 8192, 16384, 32768, 65536):
                if size < 2 * page_size or size % page_size:
                    continue
                firsts = []
                for page in range(1, min(size // page_size, 200)):
                    f.seek(page * page_size)
                    firsts.append(f.read(1)[0])
                if sum(b in (0x00, 0x02, 0x05, 0x0A, 0x0D) for b in firsts) >= 0.8 * len(firsts):
                    return True
    except OSError:
        return False
    return False


def open_store(path: str | Path, create: bool = True, readonly: bool = False) -> Store:
    """Open (or create) the store at ``path``; see :class:`Store`.  A sharded store
    (:mod:`annals.store.sharded`) opens, read-only, as a :class:`~annals.store.sharded.ShardedStore`, which
    reads as a store does (E015 when it is asked to write)."""
    from annals.store.sharded import ShardedStore, refuse_write, shard_paths

    shards = shard_paths(path)
    if shards is None:
        return Store(path, create=create, readonly=readonly)
    if not readonly:
        raise refuse_write(path)
    return ShardedStore(path, shards)  # type: ignore[return-value]  # the read methods of a Store


class _Upgrading(Store):
    """A store opened for writing only to bring its schema up to date (see :meth:`Store._upgrade_for_reader`)."""

    _upgrading = True
