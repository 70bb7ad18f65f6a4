"""Linking a group again without rewriting it (issue 17): the pass of :meth:`Linking.resolve_entities` runs on a
scratch copy, in memory, of what it reads (the group's document entities, every canonical entity they may link to
with all its members, their documents' dates), then only the rows that came out different are written to the
store.  The store ends as the pass in place left it (the same canonical entities, ids, names, links and counts);
the document entities that stay keep their row ids instead of being deleted and inserted again."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from annals.model import Entity
from annals.names.matching import alias_keys, last_word, person_keys
from annals.store.util import ALIASES, _chunks, alias_form_in

# what the linking pass reads and writes; the rest of the store is never looked at
TABLES = ("documents", "entities", "entity_names", "entity_subtypes", "doc_entity_rows",
          "entity_aliases", "entity_titles", "mention_rows", "timex_rows", "places")
VIEWS = ("doc_entities", "mentions", "timexes")
TRIGGERS = ("doc_entities_names_insert", "doc_entities_names_delete", "mentions_count_insert", "mentions_count_delete")
DE_COLS = ("entity", "name", "type", "subtype", "place", "place_id")
CHILDREN = {  # a document entity's rows: their columns besides id and doc_entity
    "entity_aliases": ("alias", "kind", "norm", "core", "tail", "weak"),
    "entity_titles": ("title",),
    "mention_rows": ("char_start", "char_end", "text", "title", "sentence"),
}


def _select(conn: sqlite3.Connection, sql: str, ids: Iterable, *before: object) -> list[sqlite3.Row]:
    """``sql`` with ``{marks}`` run over chunks of ``ids``; ``before``: parameters ahead of the ids."""
    out: list[sqlite3.Row] = []
    for chunk in _chunks(sorted(set(ids))):
        out += conn.execute(sql.format(marks=", ".join("?" * len(chunk))), (*before, *chunk)).fetchall()
    return out


def _copy(src: sqlite3.Connection, dst: sqlite3.Connection, table: str, rows: list[sqlite3.Row]) -> None:
    if rows:
        cols = rows[0].keys()
        dst.executemany(f"INSERT OR IGNORE INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                        [tuple(r) for r in rows])


def link_keys(entities: Iterable[Entity]) -> dict[str, set[str]]:
    """Every value, by type, that linking these entities may look a canonical entity up by (a superset)."""
    out: dict[str, set[str]] = {}
    for ent in entities:
        keys = alias_keys(ent)
        vals = out.setdefault(ent.type, set())
        for _, n, c, _weak in keys:
            vals |= {n, c, last_word(n), last_word(c)}
        full, tails = person_keys([(n, c) for _, n, c, _weak in keys])
        vals |= set(full) | set(tails)
    return {t: {v for v in vals if v} for t, vals in out.items()}


def scratch_copy(conn: sqlite3.Connection, group: set[int], keys: dict[str, set[str]],
                 also: Iterable[int] = ()) -> tuple[sqlite3.Connection, set[int]]:
    """An in-memory store holding what linking ``group`` again reads: its document entities, the canonical
    entities they are linked to or may link to (by ``keys``; ``also``) with all their members, aliases, titles,
    mentions and counts, the dates of those members' documents, and the places the group names.  Returns it
    and the canonical entities copied."""
    s = sqlite3.connect(":memory:", isolation_level=None)
    s.row_factory = sqlite3.Row
    for kind, names in (("table", TABLES), ("index", None), ("view", VIEWS)):
        for name, sql, tbl in conn.execute("SELECT name, sql, tbl_name FROM sqlite_master WHERE type = ? AND sql "
                                           "IS NOT NULL ORDER BY rowid", (kind,)):
            if (names is None and tbl in TABLES) or (names is not None and name in names):
                s.execute(sql)
    ents = {r[0] for r in _select(conn, "SELECT DISTINCT entity FROM doc_entity_rows WHERE id IN ({marks})", group)}
    ents |= {r[0] for r in _select(conn, "SELECT id FROM entities WHERE id IN ({marks})", also)}
    for etype, values in keys.items():
        for form in ("norm", "core", "tail"):  # (strong aliases, by the indexes of each form)
            for chunk in _chunks(sorted(set(values))):
                form_in, times = alias_form_in(form, "a", ", ".join("?" * len(chunk)))
                ents |= {r[0] for r in conn.execute(
                    f"SELECT DISTINCT d.entity FROM {ALIASES} JOIN entities e ON e.id = d.entity WHERE e.type = ? "
                    f"AND a.weak = 0 AND {form_in}",
                    (etype, *chunk * times))}
        ents |= {r[0] for r in _select(conn, "SELECT id FROM entities WHERE type = ? AND norm IN ({marks})",
                                       values, etype)}
        ents |= {r[0] for r in _select(conn, "SELECT id FROM entities WHERE type = ? AND tail IN ({marks})",
                                       values, etype)}
    top = conn.execute("SELECT max(id) FROM entities").fetchone()[0]
    copied = ents | ({top} if top is not None else set())  # new ids are numbered after the store's last
    _copy(conn, s, "entities", _select(conn, "SELECT * FROM entities WHERE id IN ({marks})", copied))
    for table in ("entity_names", "entity_subtypes"):
        _copy(conn, s, table, _select(conn, f"SELECT * FROM {table} WHERE entity IN ({{marks}})", ents))
    des = _select(conn, "SELECT * FROM doc_entity_rows WHERE entity IN ({marks})", ents)
    des += _select(conn, "SELECT * FROM doc_entity_rows WHERE id IN ({marks})", group)
    de_ids = {r["id"] for r in des}
    own_docs = {r["doc"] for r in des if r["id"] in group}
    docs = {r["doc"] for r in des}
    _copy(conn, s, "documents", _select(conn, "SELECT * FROM documents WHERE key IN ({marks})", own_docs))
    _copy(conn, s, "documents", _select(  # (the text of the other documents is never read)
        conn, "SELECT id, path, title, format, encoding, content_hash, '' AS text, ingested_at, n_sentences, "
        "artefacts, key FROM documents WHERE key IN ({marks})", docs - own_docs))
    _copy(conn, s, "timex_rows", _select(conn, "SELECT * FROM timex_rows WHERE doc IN ({marks})", docs))
    _copy(conn, s, "doc_entity_rows", des)
    for table in CHILDREN:
        _copy(conn, s, table, _select(conn, f"SELECT * FROM {table} WHERE doc_entity IN ({{marks}})", de_ids))
    places = {r["place_id"] for r in des if r["place_id"] is not None}
    for r in des:
        if r["place"]:
            gid = json.loads(r["place"]).get("geonames_id")
            if type(gid) is int:
                places.add(gid)
    _copy(conn, s, "places", _select(conn, "SELECT * FROM places WHERE id IN ({marks})", places))
    for name in TRIGGERS:
        s.execute(conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                               (name,)).fetchone()[0])
    return s, ents


# how a document entity's rows read, to compare them: a mention's text as the view gives it (a loaded store keeps
# it, one ingest leaves it to the document's text), not as it is kept (its entity is its document entity's, written
# with it: schemas 15 and 18 give no child row an entity of its own)
SAYS = {"mention_rows": ("mentions", ("char_start", "char_end", "text", "title", "sentence"))}


def _rows_by(conn: sqlite3.Connection, table: str, cols: tuple[str, ...], de_ids: Iterable[int]) -> dict:
    out: dict[int, list[tuple]] = {}
    for r in _select(conn, f"SELECT doc_entity, {', '.join(cols)} FROM {table} WHERE doc_entity IN ({{marks}}) "
                     "ORDER BY id", de_ids):
        out.setdefault(r[0], []).append(tuple(r)[1:])
    return out


def write_differences(conn: sqlite3.Connection, s: sqlite3.Connection, group: set[int], ents: set[int]) -> None:
    """Make the store's rows for ``group`` (document entities) and ``ents`` (canonical entities) what the scratch
    store ``s`` holds after linking them again, writing only the rows that differ."""
    every = {r[0] for r in s.execute("SELECT id FROM entities")}
    ids = ents | (every - {r[0] for r in _select(conn, "SELECT id FROM entities WHERE id IN ({marks})", every)})
    new = {r["id"]: r for r in _select(s, "SELECT * FROM entities WHERE id IN ({marks})", ids)}
    old = {r["id"]: r for r in _select(conn, "SELECT * FROM entities WHERE id IN ({marks})", ids)}
    cols = list(next(iter(new.values())).keys()) if new else []
    for eid in sorted(set(new) - set(old)):  # counts set at the end, once the mentions are in
        row = dict(new[eid]) | {"n_mentions": 0}
        conn.execute(f"INSERT INTO entities ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                     [row[c] for c in cols])
    places = [tuple(r) for r in s.execute("SELECT id, json FROM places")]
    have = {r[0] for r in _select(conn, "SELECT id FROM places WHERE id IN ({marks})", [p[0] for p in places])}
    conn.executemany("INSERT INTO places (id, json) VALUES (?, ?)", [p for p in places if p[0] not in have])

    # the group's document entities, by (document, local id): in the scratch store they were made again
    mine = {(r["doc"], r["local_id"]): r for r in _select(conn, "SELECT * FROM doc_entity_rows WHERE id IN "
                                                          "({marks})", group)}
    docs = {k[0] for k in mine}
    theirs = {(r["doc"], r["local_id"]): r for r in _select(s, "SELECT * FROM doc_entity_rows WHERE doc IN "
                                                            "({marks})", docs) if (r["doc"], r["local_id"]) in mine}
    src = {k: r["id"] for k, r in theirs.items()}
    children_new = {t: _rows_by(s, t, c, src.values()) for t, c in CHILDREN.items()}
    said_new = {t: _rows_by(s, v, c, src.values()) for t, (v, c) in SAYS.items()}
    said_old = {t: _rows_by(conn, v, c, [r["id"] for r in mine.values()]) for t, (v, c) in SAYS.items()}
    children_old = {t: _rows_by(conn, t, c, [r["id"] for r in mine.values()]) for t, c in CHILDREN.items()}
    # a place as the view gives it (a loaded store keeps the JSON where one ingest names a row of places)
    place_new = {r["id"]: r["place"] for r in _select(s, "SELECT id, place FROM doc_entities WHERE id IN ({marks})",
                                                       src.values())}
    place_old = {r["id"]: r["place"] for r in _select(conn, "SELECT id, place FROM doc_entities WHERE id IN "
                                                      "({marks})", [r["id"] for r in mine.values()])}
    same = DE_COLS[:4]
    for key, r in sorted(theirs.items(), key=lambda kv: kv[1]["id"]):
        if key in mine:
            de = mine[key]["id"]
            if (tuple(mine[key][c] for c in same) != tuple(r[c] for c in same)
                    or place_old.get(de) != place_new.get(r["id"])):
                conn.execute(f"UPDATE doc_entity_rows SET {', '.join(c + ' = ?' for c in DE_COLS)} WHERE id = ?",
                             (*(r[c] for c in DE_COLS), de))
        else:
            de = conn.execute(f"INSERT INTO doc_entity_rows (doc, local_id, {', '.join(DE_COLS)}) VALUES "
                              f"(?, ?, {', '.join('?' * len(DE_COLS))})",
                              (key[0], key[1], *(r[c] for c in DE_COLS))).lastrowid
        for table, tcols in CHILDREN.items():
            want = children_new[table].get(r["id"], [])
            got = children_old[table].get(de, []) if key in mine else []
            if table in SAYS and key in mine:  # compared as they read
                said, was = said_new[table].get(r["id"], []), said_old[table].get(de, [])
            else:
                said, was = want, got
            if said == was:
                continue
            conn.execute(f"DELETE FROM {table} WHERE doc_entity = ?", (de,))
            conn.executemany(f"INSERT INTO {table} (doc_entity, {', '.join(tcols)}) VALUES "
                             f"(?, {', '.join('?' * len(tcols))})", [(de, *w) for w in want])
    for key in sorted(set(mine) - set(theirs), key=lambda k: mine[k]["id"]):
        de = mine[key]["id"]
        for table in CHILDREN:
            conn.execute(f"DELETE FROM {table} WHERE doc_entity = ?", (de,))
        conn.execute("DELETE FROM doc_entity_rows WHERE id = ?", (de,))

    # the counts kept by triggers: what the scratch store holds for these entities, where it differs
    for table, key_cols in (("entity_names", ("name",)), ("entity_subtypes", ("subtype",))):
        want = {tuple(r)[:-1]: r["n"] for r in _select(
            s, f"SELECT entity, {', '.join(key_cols)}, n FROM {table} WHERE entity IN ({{marks}})", ids)}
        got = {tuple(r)[:-1]: r["n"] for r in _select(
            conn, f"SELECT entity, {', '.join(key_cols)}, n FROM {table} WHERE entity IN ({{marks}})", ids)}
        where = " AND ".join(f"{c} = ?" for c in ("entity", *key_cols))
        conn.executemany(f"DELETE FROM {table} WHERE {where}", [k for k in got if k not in want])
        conn.executemany(f"UPDATE {table} SET n = ? WHERE {where}",
                         [(n, *k) for k, n in want.items() if k in got and got[k] != n])
        marks = ", ".join("?" * (len(key_cols) + 2))
        conn.executemany(f"INSERT INTO {table} (entity, {', '.join(key_cols)}, n) VALUES ({marks})",
                         [(*k, n) for k, n in want.items() if k not in got])

    now = {r["id"]: r for r in _select(conn, "SELECT * FROM entities WHERE id IN ({marks})", ids)}
    for eid, r in sorted(new.items()):
        if tuple(now[eid]) != tuple(r):
            conn.execute(f"UPDATE entities SET {', '.join(c + ' = ?' for c in cols[1:])} WHERE id = ?",
                         (*(r[c] for c in cols[1:]), eid))
    for eid in sorted(set(old) - set(new)):  # tidied away: nobody mentions them now
        for table in ("entity_names", "entity_subtypes"):  # (aliases and titles went with the document entities)
            conn.execute(f"DELETE FROM {table} WHERE entity = ?", (eid,))
        conn.execute("DELETE FROM entities WHERE id = ?", (eid,))
