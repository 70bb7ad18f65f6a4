"""The store's schema as one file to read (``annals/store/schema.sql``) is the schema the migrations make."""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

from annals.store import SCHEMA_VERSION, Store

# (made by FTS5 for the virtual table sentences_fts; sqlite_autoindex_* have no SQL of their own)
_OWN = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sentences_fts_%'"


def _schema_sql() -> str:
    return resources.files("annals.store").joinpath("schema.sql").read_text(encoding="utf-8")


def test_a_new_store_holds_exactly_the_statements_of_schema_sql(tmp_path: Path) -> None:
    with Store(tmp_path / "new.db"):
        pass
    with sqlite3.connect(tmp_path / "new.db") as made:
        migrated = set(made.execute(_OWN).fetchall())
    made.close()
    read = sqlite3.connect(":memory:")
    read.executescript(_schema_sql())
    written = set(read.execute(_OWN).fetchall())
    read.close()
    assert written == migrated
    assert {r[0] for r in written} == {"table", "index", "view", "trigger"}


def test_schema_sql_names_the_version_it_describes() -> None:
    assert f"version {SCHEMA_VERSION}," in _schema_sql().splitlines()[0]


def test_the_sql_files_of_the_store_ship_in_the_wheel() -> None:
    import tomllib

    root = Path(__file__).resolve().parents[1]
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    shipped = {p.relative_to(root / "annals") for g in data["annals"] for p in (root / "annals").glob(g)}
    sql = {p.relative_to(root / "annals") for p in (root / "annals" / "store").glob("*.sql")}
    assert {Path("store/schema.sql"), Path("store/schema_v1.sql")} <= sql <= shipped
