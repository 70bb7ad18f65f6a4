"""Reading the store: canonical entities and their mentions, documents (and the extracted model back), dates,
gaps, events and relations with their entities resolved to canonical ones, what a sentence says."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from annals.errors import E012, StoreError
from annals.knowledge import normalise_name
from annals.model import Document, Gap, Paragraph, Section, Sentence, Timex
from annals.store.payloads import _Context, _entities_of, _fact_select, _Texts, fact_payload
from annals.store.util import _SPAN_TEXT, ALIASES, alias_form_in


class Reading:
    """The queries of the CLI, the HTTP API and ``ask`` (a base of :class:`annals.store.Store`)."""

    # provided by Store (annals.store.core), as are the other mixins' methods this one calls
    _db: sqlite3.Connection
    _rows: Callable[..., list[dict[str, Any]]]
    _one: Callable[..., dict[str, Any] | None]
    _resolve: Callable[[str | Path], str | None]

    _ENTITY_SUMMARY = (
        "SELECT e.id, e.name, e.type, e.subtype, e.place,"
        " e.n_mentions AS n_mentions,"
        " (SELECT count(DISTINCT d.doc) FROM doc_entities d WHERE d.entity = e.id) AS n_documents"
        " FROM entities e"
    )
    # the same in two steps, for a query that keeps few of many rows: the rows first, then their documents
    _ENTITY_CORE = "SELECT e.id, e.name, e.type, e.subtype, e.place, e.n_mentions AS n_mentions FROM entities e"
    _WITH_DOCUMENTS = ("SELECT r.*,"
                       " (SELECT count(DISTINCT d.doc) FROM doc_entities d WHERE d.entity = r.id) AS n_documents")

    def _alias_counts(self, ids: list[int]) -> dict[int, dict[str, int]]:
        """How many document entities give each of these canonical entities each alias: ``{id: {alias: n}}``."""
        out: dict[int, dict[str, int]] = {}
        for r in self._db.execute(f"SELECT d.entity, a.alias, count(*) FROM {ALIASES} WHERE d.entity IN "
                                  "(SELECT value FROM json_each(?)) GROUP BY d.entity, a.alias", (json.dumps(ids),)):
            out.setdefault(r[0], {})[r[1]] = r[2]
        return out

    def _document_counts(self, ids: list[int]) -> dict[int, int]:
        """In how many documents each of these canonical entities is named: ``{id: n}`` (those named in one)."""
        return dict(self._db.execute("SELECT entity, count(DISTINCT doc) FROM doc_entity_rows WHERE entity IN "
                                     "(SELECT value FROM json_each(?)) GROUP BY entity", (json.dumps(ids),)).fetchall())

    def _with_aliases(self, rows: list[dict[str, Any]],
                      counts: dict[int, dict[str, int]] | None = None) -> list[dict[str, Any]]:
        """``rows`` with their ``aliases`` (the name first, then the most given ones; ``counts`` as
        :meth:`_alias_counts` gives them, read here when None) and their ``place`` read."""
        if counts is None:
            counts = self._alias_counts([r["id"] for r in rows])
        for row in rows:
            aliases = sorted(counts.get(row["id"], {}).items(), key=lambda a: (-a[1], a[0]))
            row["aliases"] = [row["name"]] + [a for a, _n in aliases if a != row["name"]]
            if "place" in row:
                row["place"] = json.loads(row["place"]) if row["place"] else None
        return rows

    def entities(self, type: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Canonical entities, most mentioned first.

        Each: ``{"id", "name", "type", "subtype", "place", "aliases", "n_mentions", "n_documents"}``;
        ``aliases`` starts with the name; ``place``: the GeoNames place of a GPE or LOC that the gazetteer
        resolved (``{"geonames_id", "lat", "lon", "country", "kind", "population"}``; ``lat``/``lon`` None
        for a country or US state, which GeoNames' package gives no point), else None.
        """
        return self._with_aliases(self._rows(*entity_listing(self._ENTITY_SUMMARY, type, limit)))

    def find_entities(self, name: str, type: str | None = None, limit: int = 20,
                      exact: bool = False) -> list[dict[str, Any]]:
        """Entities whose name or an alias matches ``name``, most mentioned first.

        Exact normalised matches when there are any (titles ignored: "Consul Fabius" finds
        "Fabius"), else names starting with it, else names containing it.  Each result is an
        :meth:`entities` dict plus ``"match"``: "exact", "prefix" or "substring"; ``exact`` tries only the
        first (quicker when a caller wants nothing else).
        """
        key = normalise_name(name)
        if not key:
            return []
        for match, alias_cond, name_cond, alias_params, name_params in name_tries(key, exact):
            sql = (f"{self._ENTITY_CORE} WHERE (e.id IN (SELECT d.entity FROM {ALIASES} WHERE {alias_cond}) "
                   f"OR {name_cond})")
            params: list[Any] = [*alias_params, *name_params]
            if type is not None:
                sql += " AND e.type = ?"
                params.append(type)
            sql += " ORDER BY n_mentions DESC, e.name, e.id LIMIT ?"
            params.append(int(limit))
            rows = self._rows(f"{self._WITH_DOCUMENTS} FROM ({sql}) r ORDER BY n_mentions DESC, name, id", params)
            if rows:
                for r in rows:
                    r["match"] = match
                return self._with_aliases(rows)
        return []

    def entity_detail(self, entity_id: int) -> dict[str, Any]:
        """Everything about one canonical entity; StoreError E012 when there is none.

        ``{"id", "name", "type", "subtype", "place", "aliases", "titles", "n_mentions", "n_documents",
        "documents": [{"document", "path", "title", "local_id", "name"}],
        "mentions": [{"document", "path", "document_title", "sentence", "sentence_text", "start",
        "end", "text", "title"}]}``, mentions ordered by document then offset.
        """
        rows = self._rows(f"{self._ENTITY_SUMMARY} WHERE e.id = ?", (entity_id,))
        if not rows:
            raise StoreError.of(E012, entity=entity_id, store=f"the store {self.path}",
                                fix="list entities with annals entities, or look one up by name with annals show NAME")
        out = self._with_aliases(rows)[0]
        out["titles"] = self.entity_titles([entity_id]).get(entity_id, [])
        out["documents"] = self._entity_documents(entity_id)
        out["mentions"] = self._entity_mentions(entity_id)
        return out

    def _entity_documents(self, entity_id: int) -> list[dict[str, Any]]:
        """The document entities linked to a canonical one, by document (:meth:`entity_detail`'s ``documents``)."""
        return self._rows(
            "SELECT d.doc AS document, doc.path, doc.title, d.local_id, d.name FROM doc_entities d "
            "JOIN documents doc ON doc.id = d.doc WHERE d.entity = ? ORDER BY d.doc", (entity_id,))

    def _entity_mentions(self, entity_id: int) -> list[dict[str, Any]]:
        """A canonical entity's mentions with their sentences (:meth:`entity_detail`'s ``mentions``)."""
        return self._rows(
            "SELECT m.doc AS document, doc.path, doc.title AS document_title, m.sentence,"
            f" {_SPAN_TEXT.format('doc')} AS sentence_text, m.char_start AS start, m.char_end AS \"end\", m.text,"
            " m.title FROM mentions m JOIN documents doc ON doc.id = m.doc"
            " LEFT JOIN span_rows s ON s.doc = doc.key AND s.idx = m.sentence"
            " WHERE m.entity = ? ORDER BY m.doc, m.char_start", (entity_id,))

    def _title_counts(self, entity_ids: Iterable[int] | None = None) -> list[tuple[int, str, int]]:
        """``(entity, title, n)``: how often each title is said with each canonical entity (all, or those of
        ``entity_ids``), as a title of its document entity or of one mention."""
        # the entities asked for in each branch, where SQLite reads them through the entity indexes
        of, params = "", []
        if entity_ids is not None:
            of = "entity IN (SELECT value FROM json_each(?))"
            params = [json.dumps(sorted(set(entity_ids)))] * 2
        # (a title's entity is its document entity's, schema 18)
        sql = (f"SELECT entity, title, count(*) FROM (SELECT d.entity, t.title FROM doc_entity_rows d JOIN "
               f"entity_titles t ON t.doc_entity = d.id {'WHERE d.' if of else ''}{of} UNION ALL SELECT entity, title "
               f"FROM mentions WHERE title IS NOT NULL {'AND ' if of else ''}{of}) GROUP BY entity, title")
        return [tuple(r) for r in self._db.execute(sql, params)]

    def entity_titles(self, entity_ids: Iterable[int] | None = None) -> dict[int, list[str]]:
        """The titles and ranks said with each canonical entity (all, or those of ``entity_ids``),
        most frequent first, as :meth:`entity_detail` gives them: ``{entity id: [title, ...]}``."""
        return titles_by_entity(self._title_counts(entity_ids))

    def mention_records(self, entity_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
        """Mentions of canonical entities (all, or those of ``entity_ids``), by document then offset.

        Each: ``{"id", "entity", "document", "path", "document_title", "sentence", "sentence_text",
        "sentence_start", "sentence_end", "start", "end", "text", "title"}``; ``entity`` is the
        canonical id, ``id`` the mention's own, ``sentence`` the sentence index in its document.
        """
        sql = ("SELECT m.id, m.entity, m.doc AS document, d.path, d.title AS document_title, m.sentence,"
               f" {_SPAN_TEXT.format('d')} AS sentence_text, s.char_start AS sentence_start,"
               " s.char_end AS sentence_end, m.char_start AS start, m.char_end AS \"end\", m.text, m.title"
               " FROM mentions m JOIN documents d ON d.id = m.doc"
               " LEFT JOIN span_rows s ON s.doc = d.key AND s.idx = m.sentence")
        params: list[Any] = []
        if entity_ids is not None:
            sql += " WHERE m.entity IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(sorted(set(entity_ids))))
        return self._rows(sql + " ORDER BY m.doc, m.char_start, m.id", params)

    # -- queries: documents and facts ---------------------------------------------------------

    def documents(self) -> list[dict[str, Any]]:
        """Every stored document: ``{"id", "path", "title", "format", "encoding", "content_hash",
        "ingested_at", "n_sentences", "n_entities", "n_timexes", "n_gaps", "n_events", "n_relations"}``, by id."""
        return self._rows(
            "SELECT d.id, d.path, d.title, d.format, d.encoding, d.content_hash, d.ingested_at,"
            " d.n_sentences,"
            " (SELECT count(*) FROM doc_entities x WHERE x.doc = d.id) AS n_entities,"
            " (SELECT count(*) FROM timexes x WHERE x.doc = d.id) AS n_timexes,"
            " (SELECT count(*) FROM gaps x WHERE x.doc = d.id) AS n_gaps,"
            " (SELECT count(*) FROM events x WHERE x.doc = d.id) AS n_events,"
            " (SELECT count(*) FROM relations x WHERE x.doc = d.id) AS n_relations"
            " FROM documents d ORDER BY d.id")

    def document(self, doc_id_or_path: str | Path) -> dict[str, Any] | None:
        """One document by id or path, or None: its metadata and ``text``, ``sections``,
        ``sentences`` (``{"index", "section", "paragraph", "start", "end", "text"}``), ``entities``
        (local records: ``{"id", "entity", "name", "type", "subtype", "aliases", "titles",
        "mentions"}``, ``entity`` being the canonical id), ``timexes``, ``gaps``, ``events`` and
        ``relations``."""
        doc_id = self._resolve(doc_id_or_path)
        if doc_id is None:
            return None
        out = self._one("SELECT id, path, title, format, encoding, content_hash, ingested_at, n_sentences,"
                        " text FROM documents WHERE id = ?", (doc_id,))
        assert out is not None
        loaded = self.load_document(doc_id)
        assert loaded is not None
        out["sections"] = [asdict(s) for s in loaded.sections]
        out["sentences"] = [{"index": s.index, "section": s.section, "paragraph": s.paragraph,
                             "start": s.start, "end": s.end, "text": s.text} for s in loaded.sentences]
        links = dict(self._db.execute("SELECT local_id, entity FROM doc_entities WHERE doc = ?", (doc_id,))
                     .fetchall())
        out["entities"] = [{**e.to_json(), "entity": links.get(e.id)} for e in loaded.entities]
        out["timexes"] = [t.to_json() for t in loaded.timexes]
        out["gaps"] = [g.to_json() for g in loaded.gaps]
        out["events"] = loaded.events
        out["relations"] = loaded.relations
        return out

    def load_document(self, doc_id_or_path: str | Path) -> Document | None:
        """Rebuild the stored :class:`~annals.model.Document` (local entity ids as extracted), or None."""
        doc_id = self._resolve(doc_id_or_path)
        if doc_id is None:
            return None
        meta = self._one("SELECT * FROM documents WHERE id = ?", (doc_id,))
        assert meta is not None
        q = self._db.execute
        doc = Document(id=meta["id"], text=meta["text"], path=meta["path"], title=meta["title"],
                       format=meta["format"], encoding=meta["encoding"], content_hash=meta["content_hash"],
                       artefacts=[(a, b) for a, b in json.loads(meta["artefacts"] or "[]")])
        doc.sections = [Section(r["idx"], r["title"], r["char_start"], r["char_end"], r["heading_start"],
                                r["heading_end"])
                        for r in q("SELECT * FROM sections WHERE doc = ? ORDER BY idx", (doc_id,))]
        doc.paragraphs = [Paragraph(r["idx"], r["section"], r["char_start"], r["char_end"])
                          for r in q("SELECT * FROM paragraphs WHERE doc = ? ORDER BY idx", (doc_id,))]
        doc.sentences = [Sentence(r["idx"], r["paragraph"], r["section"], r["char_start"], r["char_end"],
                                  r["text"])
                         for r in q("SELECT * FROM sentences WHERE doc = ? ORDER BY idx", (doc_id,))]
        doc.entities = self._stored_entities(doc_id)
        doc.timexes = [Timex(text=r["text"], start=r["char_start"], end=r["char_end"], value=r["value"],
                             mod=r["mod"], earliest=r["earliest"], latest=r["latest"], type=r["type"],
                             relative=bool(r["relative"]), anchor=r["anchor"], calendar=r["calendar"],
                             sentence=r["sentence"])
                       for r in q("SELECT * FROM timexes WHERE doc = ? ORDER BY id", (doc_id,))]
        doc.gaps = [Gap(r["kind"], r["text"], r["char_start"], r["char_end"], r["sentence"])
                    for r in q("SELECT * FROM gaps WHERE doc = ? ORDER BY id", (doc_id,))]
        context = _Context(doc.text, lambda: _entities_of(self._db, doc_id))
        doc.events, doc.relations = (
            [fact_payload(table, r, doc.text, context)
             for r in q(f"SELECT {_fact_select('f', table)} FROM {table} f WHERE doc = ? ORDER BY id", (doc_id,))]
            for table in ("events", "relations"))
        return doc

    def timexes(self, doc: str | Path | None = None) -> list[dict[str, Any]]:
        """Every date expression (of one document when ``doc`` is given), by document then offset.

        Each: ``{"document", "path", "text", "start", "end", "value", "mod", "earliest", "latest",
        "type", "relative", "anchor", "calendar", "sentence", "sentence_text"}``.
        """
        sql = ("SELECT t.doc AS document, d.path, t.text, t.char_start AS start, t.char_end AS \"end\","
               " t.value, t.mod, t.earliest, t.latest, t.type, t.relative, t.anchor, t.calendar,"
               f" t.sentence, {_SPAN_TEXT.format('d')} AS sentence_text FROM timexes t"
               " JOIN documents d ON d.id = t.doc LEFT JOIN span_rows s ON s.doc = d.key AND s.idx = t.sentence")
        params: list[Any] = []
        if doc is not None:
            doc_id = self._resolve(doc)
            if doc_id is None:
                return []
            sql += " WHERE t.doc = ?"
            params.append(doc_id)
        rows = self._rows(sql + " ORDER BY t.doc, t.char_start, t.id", params)
        for r in rows:
            r["relative"] = bool(r["relative"])
        return rows

    def gaps(self, doc: str | Path | None = None) -> list[dict[str, Any]]:
        """Every gap: ``{"document", "path", "kind", "text", "start", "end", "sentence",
        "sentence_text"}`` by document then offset."""
        sql = ("SELECT g.doc AS document, d.path, g.kind, g.text, g.char_start AS start,"
               f" g.char_end AS \"end\", g.sentence, {_SPAN_TEXT.format('d')} AS sentence_text FROM gaps g"
               " JOIN documents d ON d.id = g.doc"
               " LEFT JOIN span_rows s ON s.doc = d.key AND s.idx = g.sentence")
        params: list[Any] = []
        if doc is not None:
            doc_id = self._resolve(doc)
            if doc_id is None:
                return []
            sql += " WHERE g.doc = ?"
            params.append(doc_id)
        return self._rows(sql + " ORDER BY g.doc, g.char_start, g.id", params)

    def _payloads(self, table: str, doc: str | Path | None) -> list[dict[str, Any]]:
        sql = f"SELECT f.doc, {_fact_select('f', table)} FROM {table} f"
        params: list[Any] = []
        if doc is not None:
            doc_id = self._resolve(doc)
            if doc_id is None:
                return []
            sql += " WHERE doc = ?"
            params.append(doc_id)
        rows = self._db.execute(sql + " ORDER BY doc, char_start, id", params)
        texts = _Texts(self._db)
        return [{**texts.expand(table, r), "document": r["doc"]} for r in rows]

    def events(self, doc: str | Path | None = None) -> list[dict[str, Any]]:
        """Stored events as extracted, each with ``"document"`` added, by document then offset."""
        return self._payloads("events", doc)

    def relations(self, doc: str | Path | None = None) -> list[dict[str, Any]]:
        """Stored relations as extracted, each with ``"document"`` added, by document then offset."""
        return self._payloads("relations", doc)

    # -- queries: events and relations with canonical entities --------------------------------

    # Events (or relations) that name one of a JSON list of canonical entities, found from
    # doc_entities (indexed by entity) so only the documents that mention them are read.
    _EVENTS_NAMING = (
        "SELECT ev.id FROM doc_entities de JOIN events ev ON ev.doc = de.doc,"
        " json_each(coalesce(ev.participants, ev.participants_json, json_extract(ev.extra, '$.participants'))) p"
        " WHERE de.entity IN (SELECT value FROM json_each(?))"
        " AND coalesce(json_extract(p.value, '$[0]'), json_extract(p.value, '$.entity')) = de.local_id"
        " UNION SELECT ev.id FROM doc_entities de JOIN events ev ON ev.doc = de.doc"
        " WHERE de.entity IN (SELECT value FROM json_each(?))"
        " AND coalesce(json_extract(ev.place, '$.entity'), json_extract(ev.extra, '$.place.entity')) = de.local_id"
    )
    _RELATIONS_NAMING = (
        "SELECT r.id FROM doc_entities de JOIN relations r ON r.doc = de.doc"
        " WHERE de.entity IN (SELECT value FROM json_each(?))"
        " AND coalesce(r.subject_id, json_extract(r.extra, '$.subject_id')) = de.local_id"
        " UNION SELECT r.id FROM doc_entities de JOIN relations r ON r.doc = de.doc"
        " WHERE de.entity IN (SELECT value FROM json_each(?))"
        " AND coalesce(r.object_id, json_extract(r.extra, '$.object_id')) = de.local_id"
    )

    def _entity_links(self, docs: Iterable[str]) -> dict[tuple[str, str], dict[str, Any]]:
        """(document, local id) -> ``{"entity", "name", "type"}`` of the canonical entity."""
        rows = self._db.execute(
            "SELECT de.doc, de.local_id, e.id, e.name, e.type FROM doc_entities de"
            " JOIN entities e ON e.id = de.entity WHERE de.doc IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(docs))),))
        return {(r[0], r[1]): {"entity": r[2], "name": r[3], "type": r[4]} for r in rows}

    @staticmethod
    def _canonical_ref(ref: Any, doc: str, links: dict[tuple[str, str], dict[str, Any]]) -> dict[str, Any]:
        """An extracted entity reference (``{"entity": "e3", "name", ...}``) with its canonical
        entity: ``{"entity": id | None, "name": canonical name (else as extracted), "type", "text",
        "local"}`` plus the reference's other keys (``role``)."""
        ref = ref if isinstance(ref, dict) else {"name": str(ref)}
        local = ref.get("entity")
        link = links.get((doc, local)) if isinstance(local, str) else None
        out = {k: v for k, v in ref.items() if k not in ("entity", "name")}
        out.update({"entity": link["entity"] if link else None,
                    "name": link["name"] if link else ref.get("name"),
                    "type": link["type"] if link else None,
                    "text": ref.get("name"), "local": local})
        return out

    def types_in_use(self, kind: str) -> list[str]:
        """The event types (``kind`` "event") or relation types ("relation") the store holds, sorted."""
        sql = "SELECT DISTINCT type FROM events" if kind == "event" else "SELECT DISTINCT relation FROM relations"
        return sorted(r[0] for r in self._db.execute(sql).fetchall() if r[0])

    def event_records(
        self,
        documents: Iterable[str] | None = None,
        type: str | None = None,
        entity_ids: Iterable[int] | None = None,
        keep: Callable[[str | None, str], bool] | None = None,
    ) -> list[dict[str, Any]]:
        """Stored events with their participants and place resolved to canonical entities.

        Filters combine: ``documents`` (ids), ``type`` (event type), ``entity_ids`` (canonical
        entities of which one must be a participant or the place).  Each record, by document then
        offset: ``{"key": "doc:v3", "document", "event", "path", "document_title", "type", "trigger",
        "description", "time", "participants": [{"entity", "name", "type", "role", "text", "local"}], "place",
        "negated", "modality", "order", "start", "end", "sentence_index", "sentence"}``; ``entity``
        is the canonical id (None when the extractor linked no entity), ``local`` the document's own;
        ``description`` says each participant by its canonical name (:func:`canonical_description`).
        ``keep``, a quick test of an event's type and trigger words (its trigger and the words of its
        triggers' record, as one text), leaves out the events it refuses before they are read in full.
        """
        sql = ("SELECT ev.id AS rowid, ev.doc, ev.local_id, ev.sentence, ev.char_start, ev.char_end,"
               f" {_fact_select('ev', 'events')}, d.path, d.title, {_SPAN_TEXT.format('d')} AS sentence_text"
               " FROM events ev JOIN documents d ON d.id = ev.doc"
               " LEFT JOIN span_rows s ON s.doc = d.key AND s.idx = ev.sentence")
        conds: list[str] = []
        params: list[Any] = []
        if documents is not None:
            conds.append("ev.doc IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(sorted(set(documents))))
        if type is not None:
            conds.append("ev.type = ?")
            params.append(type)
        if entity_ids is not None:
            ids = json.dumps(sorted(set(entity_ids)))
            conds.append(f"ev.id IN ({self._EVENTS_NAMING})")
            params += [ids, ids]
        if conds:
            sql += " WHERE " + " AND ".join(conds)
        rows = self._db.execute(sql + " ORDER BY ev.doc, ev.char_start, ev.id", params).fetchall()
        if keep is not None:
            rows = [r for r in rows if keep(r["type"], " ".join(
                filter(None, (r["trigger_word"], r["triggers"], r["triggers_json"]))))]
        links = self._entity_links({r["doc"] for r in rows})
        texts = _Texts(self._db)
        out = []
        for r in rows:
            e = texts.expand("events", r)
            doc = r["doc"]
            local = r["local_id"] or f"x{r['rowid']}"
            source = e.get("source") or {}
            participants = [self._canonical_ref(p, doc, links) for p in e.get("participants") or []]
            out.append({
                "key": f"{doc}:{local}",
                "document": doc,
                "event": r["local_id"],
                "path": r["path"],
                "document_title": r["title"],
                "type": e.get("type"),
                "trigger": e.get("trigger"),
                "time": e.get("time") or None,
                "description": canonical_description(e.get("description"), participants),
                "participants": participants,
                "place": self._canonical_ref(e["place"], doc, links) if e.get("place") else None,
                "negated": bool(e.get("negated")),
                "modality": e.get("modality"),
                "order": e.get("order"),
                "start": r["char_start"],
                "end": r["char_end"],
                "sentence_index": r["sentence"],
                "sentence": r["sentence_text"] or source.get("sentence"),
            })
        return out

    def relation_records(
        self,
        type: str | None = None,
        entity_ids: Iterable[int] | None = None,
        negated: bool | None = None,
    ) -> list[dict[str, Any]]:
        """Stored relations with subject and object resolved to canonical entities.

        Filters combine: ``type`` (relation name), ``entity_ids`` (canonical entities of which one
        must be the subject or the object), ``negated`` (True or False to keep only those).  Each,
        by document then offset: ``{"document", "path", "document_title", "relation", "subject",
        "subject_entity", "subject_type", "subject_text", "object", "object_entity", "object_type",
        "object_text", "negated", "value", "mod", "earliest", "latest", "basis", "sentence_index",
        "sentence", "start", "end"}``; ``subject``/``object`` are canonical names (as extracted when
        not linked), ``*_entity`` canonical ids or None.
        """
        sql = (f"SELECT r.id AS rowid, r.doc, {_fact_select('r', 'relations')}, d.path,"
               f" d.title, {_SPAN_TEXT.format('d')} AS sentence_text FROM relations r"
               " JOIN documents d ON d.id = r.doc LEFT JOIN span_rows s ON s.doc = d.key AND s.idx = r.sentence")
        conds: list[str] = []
        params: list[Any] = []
        if type is not None:
            conds.append("r.relation = ?")
            params.append(type)
        if entity_ids is not None:
            ids = json.dumps(sorted(set(entity_ids)))
            conds.append(f"r.id IN ({self._RELATIONS_NAMING})")
            params += [ids, ids]
        if conds:
            sql += " WHERE " + " AND ".join(conds)
        rows = self._db.execute(sql + " ORDER BY r.doc, r.char_start, r.id", params).fetchall()
        links = self._entity_links({r["doc"] for r in rows})
        texts = _Texts(self._db)
        out = []
        for r in rows:
            rel = texts.expand("relations", r)
            if negated is not None and bool(rel.get("negated")) != negated:
                continue
            doc = r["doc"]
            ends = {side: self._canonical_ref({"entity": rel.get(f"{side}_id"), "name": rel.get(side)}, doc, links)
                    for side in ("subject", "object")}
            time = rel.get("time") or {}
            source = rel.get("source") or {}
            row: dict[str, Any] = {"document": doc, "path": r["path"], "document_title": r["title"],
                                   "relation": rel.get("relation")}
            for side, ref in ends.items():
                row |= {side: ref["name"], f"{side}_entity": ref["entity"], f"{side}_type": ref["type"],
                        f"{side}_text": ref["text"]}
            row |= {"negated": bool(rel.get("negated")), "value": time.get("value"), "mod": time.get("mod"),
                    "earliest": time.get("earliest"), "latest": time.get("latest"), "basis": time.get("basis"),
                    "sentence_index": r["sentence"], "sentence": r["sentence_text"] or source.get("sentence"),
                    "start": r["char_start"], "end": r["char_end"]}
            out.append(row)
        return out

    def sentence_facts(self, sentences: Iterable[tuple[str, int]]) -> dict[tuple[str, int], dict[str, Any]]:
        """What each (document, sentence index) says: its text, the entities mentioned in it and its dates, in the
        order asked (those the store holds).

        ``{(doc, idx): {"text", "start", "end", "title", "path", "mentions": [{"entity", "name", "type",
        "text", "start", "end"}], "timexes": [{"text", "value", "mod", "start", "end"}]}}``; ``entity`` is
        the canonical id, ``name`` the canonical name.
        """
        keys = list(dict.fromkeys(sentences))
        out: dict[tuple[str, int], dict[str, Any]] = {}
        if not keys:
            return out
        wanted = json.dumps([[d, i] for d, i in keys])
        pick = "SELECT json_extract(value, '$[0]') AS doc, json_extract(value, '$[1]') AS idx FROM json_each(?)"
        # rows read as tuples: this runs for hundreds of sentences a question
        db = self._db
        for doc, idx, text, start, end, title, path in db.execute(
                "SELECT s.doc, s.idx, s.text, s.char_start, s.char_end, d.title, d.path"
                f" FROM ({pick}) w JOIN sentences s ON s.doc = w.doc AND s.idx = w.idx"
                " JOIN documents d ON d.id = s.doc", (wanted,)):
            out[(doc, idx)] = {"text": text, "start": start, "end": end, "title": title, "path": path,
                               "mentions": [], "timexes": []}
        # (in this order: a sentence's mentions are found through its document's entities, schema 15, and only
        # those found are looked up in entities)
        for doc, idx, entity, name, etype, text, start, end in db.execute(
                "SELECT m.doc, m.sentence, m.entity, e.name, e.type, m.text, m.char_start, m.char_end"
                f" FROM ({pick}) w CROSS JOIN mentions m CROSS JOIN entities e ON m.doc = w.doc AND m.sentence = w.idx"
                " AND e.id = m.entity ORDER BY m.char_start", (wanted,)):
            fact = out.get((doc, idx))
            if fact is not None:
                fact["mentions"].append({"entity": entity, "name": name, "type": etype, "text": text,
                                         "start": start, "end": end})
        for doc, idx, text, value, mod, start, end in db.execute(
                "SELECT t.doc, t.sentence, t.text, t.value, t.mod, t.char_start, t.char_end"
                f" FROM ({pick}) w JOIN timexes t ON t.doc = w.doc AND t.sentence = w.idx"
                " ORDER BY t.char_start", (wanted,)):
            fact = out.get((doc, idx))
            if fact is not None:
                fact["timexes"].append({"text": text, "value": value, "mod": mod, "start": start, "end": end})
        return {k: out[k] for k in keys if k in out}  # in the order asked

    def sentences_mentioning(self, entity_ids: Iterable[int], limit: int = 200) -> list[tuple[str, int]]:
        """(document, sentence index) of sentences that mention any of these canonical entities."""
        ids = json.dumps(sorted(set(entity_ids)))
        return [(r["doc"], r["sentence"]) for r in self._rows(
            "SELECT DISTINCT doc, sentence FROM mentions WHERE entity IN (SELECT value FROM json_each(?))"
            " ORDER BY doc, sentence LIMIT ?", (ids, int(limit)))]


def entity_listing(select: str, type: str | None, limit: int | None) -> tuple[str, list[Any]]:
    """The query of :meth:`Reading.entities` over ``select`` (a SELECT of canonical entities ``e``) and its
    parameters: of one ``type`` when given, most mentioned first, at most ``limit``."""
    sql, params = select, []
    if type is not None:
        sql += " WHERE e.type = ?"
        params.append(type)
    sql += " ORDER BY n_mentions DESC, e.name, e.id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return sql, params


def name_tries(key: str, exact: bool = False) -> list[tuple[str, str, str, tuple[str, ...], tuple[str, ...]]]:
    """The matches :meth:`Reading.find_entities` tries in turn for a normalised name ``key``: ``(match, condition on
    an alias a, condition on an entity e, the alias condition's parameters, the entity condition's)``.  Exact
    normalised matches (titles ignored: "Consul Fabius" finds "Fabius"); names starting with it (a range of the
    index: "abc" <= norm < "abc" + U+10FFFF); names holding it (instr over the casefolded names, as LIKE would,
    without its pattern matching); only the first when ``exact``."""
    upper = key + "\U0010ffff"
    tries = [
        ("exact", alias_form_in("name", "a", "?")[0], "e.norm = ?", (key, key), (key,)),
        ("prefix", "a.norm >= ? AND a.norm < ?", "e.norm >= ? AND e.norm < ?", (key, upper), (key, upper)),
        ("substring", "instr(a.norm, ?) > 0", "instr(e.norm, ?) > 0", (key,), (key,)),
    ]
    return tries[:1] if exact else tries


def titles_by_entity(counts: Iterable[tuple[int, str, int]]) -> dict[int, list[str]]:
    """``{entity: [title, ...]}``, most said first (then by title), from ``(entity, title, n)`` counts."""
    out: dict[int, list[str]] = {}
    for entity, title, _n in sorted(counts, key=lambda c: (c[0], -c[2], c[1])):
        out.setdefault(entity, []).append(title)
    return out


def canonical_description(description: str | None, participants: list[dict[str, Any]]) -> str | None:
    """An event's description with each participant's name as the document gave it replaced by the
    store's canonical name for that entity (another document may know it by a fuller name)."""
    if not description:
        return description
    for p in sorted(participants, key=lambda p: -len(p.get("text") or "")):
        said, name = p.get("text"), p.get("name")
        if said and name and said != name and name not in description:
            description = re.sub(rf"(?<![\w-]){re.escape(said)}(?![\w-])", lambda _m, n=name: n, description)
    return description
