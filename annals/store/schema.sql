-- The schema of an annals store of version 18, as the steps of migrations.py leave it (PRAGMA user_version = 18).
--
-- For reading, not run: a new store is made by the steps from version 1, as an old store is upgraded, so that
-- both end the same; tests/test_store_schema.py checks that a new store holds exactly these statements.  A change
-- of schema is a new step at the end of migrations.MIGRATIONS, and this file is written again from a new store.
-- The statements are SQLite's own text of each (sqlite_master), by kind, in the order the steps made them.

-- Tables
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
CREATE TABLE documents (
    id            TEXT PRIMARY KEY,
    path          TEXT UNIQUE,
    title         TEXT,
    format        TEXT NOT NULL,
    encoding      TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    text          TEXT NOT NULL,
    ingested_at   TEXT NOT NULL,
    n_sentences   INTEGER NOT NULL,
    artefacts     TEXT NOT NULL DEFAULT '[]'
, key INTEGER);
CREATE TABLE sections (
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    title         TEXT,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    heading_start INTEGER,
    heading_end   INTEGER,
    PRIMARY KEY (doc, idx)
);
CREATE TABLE paragraphs (
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    section       INTEGER,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    PRIMARY KEY (doc, idx)
);
CREATE TABLE entities (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    norm          TEXT NOT NULL,
    tail          TEXT NOT NULL,
    type          TEXT NOT NULL,
    subtype       TEXT
, n_mentions INTEGER NOT NULL DEFAULT 0, place TEXT);
CREATE TABLE gaps (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    text          TEXT NOT NULL,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    sentence      INTEGER
);
CREATE TABLE entity_names (
    entity        INTEGER NOT NULL REFERENCES entities(id),
    name          TEXT NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (entity, name)
) WITHOUT ROWID;
CREATE TABLE entity_subtypes (
    entity        INTEGER NOT NULL REFERENCES entities(id),
    subtype       TEXT NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (entity, subtype)
) WITHOUT ROWID;
CREATE TABLE edits (
    id            INTEGER PRIMARY KEY,
    op            TEXT NOT NULL,
    target        TEXT NOT NULL,
    args          TEXT NOT NULL DEFAULT '{}',
    note          TEXT,
    author        TEXT,
    created_at    TEXT NOT NULL,
    undone_at     TEXT,
    state         TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE edit_stash (
    edit          INTEGER NOT NULL REFERENCES edits(id) ON DELETE CASCADE,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    key           TEXT NOT NULL,
    row_id        INTEGER,
    payload       TEXT NOT NULL,
    PRIMARY KEY (edit, doc, kind, key)
);
CREATE TABLE span_rows (id INTEGER PRIMARY KEY, doc INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE, idx INTEGER NOT NULL, section INTEGER, paragraph INTEGER, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, text TEXT);
CREATE TABLE doc_entity_rows (id INTEGER PRIMARY KEY, doc INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE, local_id TEXT NOT NULL, entity INTEGER NOT NULL REFERENCES entities(id), name TEXT NOT NULL, type TEXT NOT NULL, subtype TEXT, place TEXT, place_id INTEGER);
CREATE TABLE places (id INTEGER PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE "mention_rows" (id INTEGER PRIMARY KEY, doc_entity INTEGER NOT NULL REFERENCES doc_entity_rows(id) ON DELETE CASCADE, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, text TEXT, title TEXT, sentence INTEGER);
CREATE TABLE "timex_rows" (id INTEGER PRIMARY KEY, doc INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE, text TEXT, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, value TEXT NOT NULL, mod TEXT, earliest, latest, type TEXT NOT NULL, relative INTEGER NOT NULL, anchor TEXT, calendar TEXT, sentence INTEGER);
CREATE TABLE "event_rows" (id INTEGER PRIMARY KEY, doc INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE, local_id TEXT, type TEXT, trigger_word TEXT, time_value TEXT, earliest, latest, sentence INTEGER, char_start INTEGER, char_end INTEGER, description TEXT, participants TEXT, time TEXT, place TEXT, negated INTEGER, modality TEXT, ord INTEGER, triggers TEXT, quoted INTEGER, trigger_start INTEGER, trigger_end INTEGER, time_mod TEXT, time_basis TEXT, time_anchor TEXT, time_source TEXT, time_text TEXT, participants_json TEXT, triggers_json TEXT, extra TEXT, whole INTEGER, description_start INTEGER, description_end INTEGER, time_text_start INTEGER, time_text_end INTEGER);
CREATE TABLE "relation_rows" (id INTEGER PRIMARY KEY, doc INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE, subject TEXT, relation TEXT, object TEXT, sentence INTEGER, char_start INTEGER, char_end INTEGER, subject_id TEXT, object_id TEXT, negated INTEGER, time TEXT, pattern TEXT, trigger_word TEXT, named_in TEXT, quoted INTEGER, time_value TEXT, time_text TEXT, time_mod TEXT, earliest, latest, time_start INTEGER, time_end INTEGER, time_basis TEXT, extra TEXT, whole INTEGER);
CREATE TABLE "entity_aliases" (
    id            INTEGER PRIMARY KEY,
    doc_entity    INTEGER NOT NULL REFERENCES doc_entity_rows(id) ON DELETE CASCADE,
    alias         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    norm          TEXT NOT NULL,
    core          TEXT NOT NULL,
    tail          TEXT NOT NULL,
    weak          INTEGER NOT NULL DEFAULT 0,
    UNIQUE (doc_entity, alias)
);
CREATE TABLE "entity_titles" (
    id            INTEGER PRIMARY KEY,
    doc_entity    INTEGER NOT NULL REFERENCES doc_entity_rows(id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    UNIQUE (doc_entity, title)
);

-- The full-text index of sentences (external content: the view sentences; FTS5 makes its sentences_fts_* tables)
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='sentences', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);

-- Indexes
CREATE INDEX entities_norm ON entities(norm, type);
CREATE INDEX entities_tail ON entities(tail, type);
CREATE INDEX gaps_doc ON gaps(doc, char_start);
CREATE UNIQUE INDEX documents_key ON documents(key);
CREATE UNIQUE INDEX span_rows_doc ON span_rows(doc, idx);
CREATE INDEX doc_entities_entity ON doc_entity_rows(entity);
CREATE UNIQUE INDEX doc_entity_rows_doc ON doc_entity_rows(doc, local_id);
CREATE INDEX mentions_doc_entity ON mention_rows(doc_entity, sentence);
CREATE INDEX timexes_doc ON timex_rows(doc, char_start);
CREATE INDEX events_doc ON event_rows(doc, char_start);
CREATE INDEX relations_doc ON relation_rows(doc, char_start);
CREATE INDEX relations_relation ON relation_rows(relation);
CREATE INDEX entity_aliases_norm ON entity_aliases(norm);
CREATE INDEX entity_aliases_core ON entity_aliases(core) WHERE core != '';
CREATE INDEX entity_aliases_tail ON entity_aliases(tail) WHERE tail != '';

-- Views (the public ids of documents over the rows tables, and the texts read from the document's)
CREATE VIEW sentence_spans AS SELECT r.id, d.id AS doc, r.idx, r.section, r.paragraph, r.char_start, r.char_end, r.text FROM span_rows r JOIN documents d ON d.key = r.doc;
CREATE VIEW sentences AS SELECT s.id, d.id AS doc, s.idx, s.section, s.paragraph, s.char_start, s.char_end,
    coalesce(s.text, substr(d.text, s.char_start + 1, s.char_end - s.char_start)) AS text
    FROM span_rows s JOIN documents d ON d.key = s.doc;
CREATE VIEW doc_entities AS SELECT r.id, d.id AS doc, r.local_id, r.entity, r.name, r.type, r.subtype, coalesce(r.place, (SELECT p.json FROM places p WHERE p.id = r.place_id)) AS place FROM doc_entity_rows r JOIN documents d ON d.key = r.doc;
CREATE VIEW mentions AS SELECT r.id, d.id AS doc, r.doc_entity, de.entity, r.char_start, r.char_end,
    coalesce(r.text, substr(d.text, r.char_start + 1, r.char_end - r.char_start)) AS text, r.title, r.sentence
    FROM mention_rows r JOIN doc_entity_rows de ON de.id = r.doc_entity JOIN documents d ON d.key = de.doc;
CREATE VIEW timexes AS SELECT r.id, d.id AS doc, coalesce(r.text, substr(d.text, r.char_start + 1, r.char_end - r.char_start)) AS text, r.char_start, r.char_end, r.value, r.mod, CASE WHEN typeof(r.earliest) = 'integer' THEN printf('%04d-%02d-%02d', r.earliest / 10000, r.earliest / 100 % 100, r.earliest % 100) ELSE r.earliest END AS earliest, CASE WHEN typeof(r.latest) = 'integer' THEN printf('%04d-%02d-%02d', r.latest / 10000, r.latest / 100 % 100, r.latest % 100) ELSE r.latest END AS latest, r.type, r.relative, r.anchor, r.calendar, r.sentence FROM timex_rows r JOIN documents d ON d.key = r.doc;
CREATE VIEW events AS SELECT r.id, d.id AS doc, r.local_id, r.type, r.trigger_word, r.time_value, CASE WHEN typeof(r.earliest) = 'integer' THEN printf('%04d-%02d-%02d', r.earliest / 10000, r.earliest / 100 % 100, r.earliest % 100) ELSE r.earliest END AS earliest, CASE WHEN typeof(r.latest) = 'integer' THEN printf('%04d-%02d-%02d', r.latest / 10000, r.latest / 100 % 100, r.latest % 100) ELSE r.latest END AS latest, r.sentence, r.char_start, r.char_end, r.description, r.participants, r.time, r.place, r.negated, r.modality, r.ord, r.triggers, r.quoted, r.trigger_start, r.trigger_end, r.time_mod, r.time_basis, r.time_anchor, r.time_source, r.time_text, r.participants_json, r.triggers_json, r.extra, r.whole, r.description_start, r.description_end, r.time_text_start, r.time_text_end FROM event_rows r JOIN documents d ON d.key = r.doc;
CREATE VIEW relations AS SELECT r.id, d.id AS doc, r.subject, r.relation, r.object, r.sentence, r.char_start, r.char_end, r.subject_id, r.object_id, r.negated, r.time, r.pattern, r.trigger_word, r.named_in, r.quoted, r.time_value, r.time_text, r.time_mod, CASE WHEN typeof(r.earliest) = 'integer' THEN printf('%04d-%02d-%02d', r.earliest / 10000, r.earliest / 100 % 100, r.earliest % 100) ELSE r.earliest END AS earliest, CASE WHEN typeof(r.latest) = 'integer' THEN printf('%04d-%02d-%02d', r.latest / 10000, r.latest / 100 % 100, r.latest % 100) ELSE r.latest END AS latest, r.time_start, r.time_end, r.time_basis, r.extra, r.whole FROM relation_rows r JOIN documents d ON d.key = r.doc;

-- Triggers
CREATE TRIGGER doc_entities_names_insert AFTER INSERT ON doc_entity_rows BEGIN
    INSERT INTO entity_names VALUES (new.entity, new.name, 1) ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO entity_subtypes SELECT new.entity, new.subtype, 1 WHERE new.subtype IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER doc_entities_names_delete AFTER DELETE ON doc_entity_rows BEGIN
    UPDATE entity_names SET n = n - 1 WHERE entity = old.entity AND name = old.name;
    DELETE FROM entity_names WHERE entity = old.entity AND name = old.name AND n <= 0;
    UPDATE entity_subtypes SET n = n - 1 WHERE entity = old.entity AND subtype = old.subtype;
    DELETE FROM entity_subtypes WHERE entity = old.entity AND subtype = old.subtype AND n <= 0;
END;
CREATE TRIGGER documents_key AFTER INSERT ON documents WHEN new.key IS NULL BEGIN
    UPDATE documents SET key = (SELECT coalesce(max(key), 0) + 1 FROM documents) WHERE rowid = new.rowid;
END;
CREATE TRIGGER sentence_spans_insert INSTEAD OF INSERT ON sentence_spans BEGIN INSERT INTO span_rows (id, doc, idx, section, paragraph, char_start, char_end, text) VALUES (new.id, (SELECT key FROM documents WHERE id = new.doc), new.idx, new.section, new.paragraph, new.char_start, new.char_end, new.text); END;
CREATE TRIGGER sentence_spans_update INSTEAD OF UPDATE ON sentence_spans BEGIN UPDATE span_rows SET id = new.id, doc = (SELECT key FROM documents WHERE id = new.doc), idx = new.idx, section = new.section, paragraph = new.paragraph, char_start = new.char_start, char_end = new.char_end, text = new.text WHERE id = old.id; END;
CREATE TRIGGER sentence_spans_delete INSTEAD OF DELETE ON sentence_spans BEGIN DELETE FROM span_rows WHERE id = old.id; END;
CREATE TRIGGER sentences_insert INSTEAD OF INSERT ON sentences BEGIN
    INSERT INTO span_rows (id, doc, idx, section, paragraph, char_start, char_end, text)
    VALUES (new.id, (SELECT key FROM documents WHERE id = new.doc), new.idx, new.section, new.paragraph,
            new.char_start, new.char_end, new.text);
END;
CREATE TRIGGER sentences_delete INSTEAD OF DELETE ON sentences BEGIN
    DELETE FROM span_rows WHERE id = old.id;
END;
CREATE TRIGGER doc_entities_insert INSTEAD OF INSERT ON doc_entities BEGIN INSERT INTO doc_entity_rows (id, doc, local_id, entity, name, type, subtype, place) VALUES (new.id, (SELECT key FROM documents WHERE id = new.doc), new.local_id, new.entity, new.name, new.type, new.subtype, new.place); END;
CREATE TRIGGER doc_entities_update INSTEAD OF UPDATE ON doc_entities BEGIN UPDATE doc_entity_rows SET id = new.id, doc = (SELECT key FROM documents WHERE id = new.doc), local_id = new.local_id, entity = new.entity, name = new.name, type = new.type, subtype = new.subtype, place = CASE WHEN new.place IS old.place THEN place ELSE new.place END, place_id = CASE WHEN new.place IS old.place THEN place_id END WHERE id = old.id; END;
CREATE TRIGGER doc_entities_delete INSTEAD OF DELETE ON doc_entities BEGIN DELETE FROM doc_entity_rows WHERE id = old.id; END;
CREATE TRIGGER mentions_insert INSTEAD OF INSERT ON mentions BEGIN
    SELECT RAISE(ABORT, 'a mention''s document and entity are those of its document entity') WHERE
        (new.entity IS NOT NULL AND new.entity IS NOT (SELECT entity FROM doc_entity_rows WHERE id = new.doc_entity))
        OR (new.doc IS NOT NULL AND new.doc IS NOT (SELECT d.id FROM doc_entity_rows de JOIN documents d
                                                    ON d.key = de.doc WHERE de.id = new.doc_entity));
    INSERT INTO mention_rows (id, doc_entity, char_start, char_end, text, title, sentence)
    VALUES (new.id, new.doc_entity, new.char_start, new.char_end, new.text, new.title, new.sentence);
END;
CREATE TRIGGER mentions_update INSTEAD OF UPDATE ON mentions BEGIN
    SELECT RAISE(ABORT, 'a mention''s document and entity are those of its document entity') WHERE
        (new.entity IS NOT old.entity AND new.entity IS NOT (SELECT entity FROM doc_entity_rows
                                                            WHERE id = new.doc_entity))
        OR (new.doc IS NOT old.doc AND new.doc IS NOT (SELECT d.id FROM doc_entity_rows de JOIN documents d
                                                        ON d.key = de.doc WHERE de.id = new.doc_entity));
    UPDATE mention_rows SET id = new.id, doc_entity = new.doc_entity, char_start = new.char_start,
        char_end = new.char_end, text = CASE WHEN new.text IS old.text THEN text ELSE new.text END,
        title = new.title, sentence = new.sentence WHERE id = old.id;
END;
CREATE TRIGGER mentions_delete INSTEAD OF DELETE ON mentions BEGIN
    DELETE FROM mention_rows WHERE id = old.id;
END;
CREATE TRIGGER mentions_count_insert AFTER INSERT ON mention_rows BEGIN
    UPDATE entities SET n_mentions = n_mentions + 1
        WHERE id = (SELECT entity FROM doc_entity_rows WHERE id = new.doc_entity);
END;
CREATE TRIGGER mentions_count_delete AFTER DELETE ON mention_rows BEGIN
    UPDATE entities SET n_mentions = n_mentions - 1
        WHERE id = (SELECT entity FROM doc_entity_rows WHERE id = old.doc_entity);
END;
CREATE TRIGGER timexes_insert INSTEAD OF INSERT ON timexes BEGIN INSERT INTO timex_rows (id, doc, text, char_start, char_end, value, mod, earliest, latest, type, relative, anchor, calendar, sentence) VALUES (new.id, (SELECT key FROM documents WHERE id = new.doc), new.text, new.char_start, new.char_end, new.value, new.mod, CASE WHEN new.earliest GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(substr(new.earliest, 1, 4) || substr(new.earliest, 6, 2) || substr(new.earliest, 9, 2) AS INTEGER) ELSE new.earliest END, CASE WHEN new.latest GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(substr(new.latest, 1, 4) || substr(new.latest, 6, 2) || substr(new.latest, 9, 2) AS INTEGER) ELSE new.latest END, new.type, new.relative, new.anchor, new.calendar, new.sentence); END;
CREATE TRIGGER timexes_update INSTEAD OF UPDATE ON timexes BEGIN UPDATE timex_rows SET id = new.id, doc = (SELECT key FROM documents WHERE id = new.doc), text = CASE WHEN new.text IS old.text THEN text ELSE new.text END, char_start = new.char_start, char_end = new.char_end, value = new.value, mod = new.mod, earliest = CASE WHEN new.earliest IS old.earliest THEN earliest ELSE CASE WHEN new.earliest GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(substr(new.earliest, 1, 4) || substr(new.earliest, 6, 2) || substr(new.earliest, 9, 2) AS INTEGER) ELSE new.earliest END END, latest = CASE WHEN new.latest IS old.latest THEN latest ELSE CASE WHEN new.latest GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(substr(new.latest, 1, 4) || substr(new.latest, 6, 2) || substr(new.latest, 9, 2) AS INTEGER) ELSE new.latest END END, type = new.type, relative = new.relative, anchor = new.anchor, calendar = new.calendar, sentence = new.sentence WHERE id = old.id; END;
CREATE TRIGGER timexes_delete INSTEAD OF DELETE ON timexes BEGIN DELETE FROM timex_rows WHERE id = old.id; END;
CREATE TRIGGER events_insert INSTEAD OF INSERT ON events BEGIN INSERT INTO event_rows (id, doc, local_id, type, trigger_word, time_value, earliest, latest, sentence, char_start, char_end, description, participants, time, place, negated, modality, ord, triggers, quoted, trigger_start, trigger_end, time_mod, time_basis, time_anchor, time_source, time_text, participants_json, triggers_json, extra, whole, description_start, description_end, time_text_start, time_text_end) VALUES (new.id, (SELECT key FROM documents WHERE id = new.doc), new.local_id, new.type, new.trigger_word, new.time_value, CASE WHEN new.earliest GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(substr(new.earliest, 1, 4) || substr(new.earliest, 6, 2) || substr(new.earliest, 9, 2) AS INTEGER) ELSE new.earliest END, CASE WHEN new.latest GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(substr(new.latest, 1, 4) || substr(new.latest, 6, 2) || substr(new.latest, 9, 2) AS INTEGER) ELSE new.latest END, new.sentence, new.char_start, new.char_end, new.description, new.participants, new.time, new.place, new.negated, new.modality, new.ord, new.triggers, new.quoted, new.trigger_start, new.trigger_end, new.time_mod, new.time_basis, new.time_anchor, new.time_source, new.time_text, new.participants_json, new.triggers_json, new.extra, new.whole, new.description_start, new.description_end, new.time_text_start, new.time_text_end); END;
CREATE TRIGGER events_update INSTEAD OF UPDATE ON events BEGIN UPDATE event_rows SET id = new.id, doc = (SELECT key FROM documents WHERE id = new.doc), local_id = new.local_id, type = new.type, trigger_word = new.trigger_word, time_value = new.time_value, earliest = CASE WHEN new.earliest IS old.earliest THEN earliest ELSE CASE WHEN new.earliest GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(substr(new.earliest, 1, 4) || substr(new.earliest, 6, 2) || substr(new.earliest, 9, 2) AS INTEGER) ELSE new.earliest END END, latest = CASE WHEN new.latest IS old.latest THEN latest ELSE CASE WHEN new.latest GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(substr(new.latest, 1, 4) || substr(new.latest, 6, 2) || substr(new.latest, 9, 2) AS INTEGER) ELSE new.latest END END, sentence = new.sentence, char_start = new.char_start, char_end = new.char_end, description = new.description, participants = new.participants, time = new.time, place = new.place, negated = new.negated, modality = new.modality, ord = new.ord, triggers = new.triggers, quoted = new.quoted, trigger_start = new.trigger_start, trigger_end = new.trigger_end, time_mod = new.time_mod, time_basis = new.time_basis, time_anchor = new.time_anchor, time_source = new.time_source, time_text = new.time_text, participants_json = new.participants_json, triggers_json = new.triggers_json, extra = new.extra, whole = new.whole, description_start = new.description_start, description_end = new.description_end, time_text_start = new.time_text_start, time_text_end = new.time_text_end WHERE id = old.id; END;
CREATE TRIGGER events_delete INSTEAD OF DELETE ON events BEGIN DELETE FROM event_rows WHERE id = old.id; END;
CREATE TRIGGER relations_insert INSTEAD OF INSERT ON relations BEGIN INSERT INTO relation_rows (id, doc, subject, relation, object, sentence, char_start, char_end, subject_id, object_id, negated, time, pattern, trigger_word, named_in, quoted, time_value, time_text, time_mod, earliest, latest, time_start, time_end, time_basis, extra, whole) VALUES (new.id, (SELECT key FROM documents WHERE id = new.doc), new.subject, new.relation, new.object, new.sentence, new.char_start, new.char_end, new.subject_id, new.object_id, new.negated, new.time, new.pattern, new.trigger_word, new.named_in, new.quoted, new.time_value, new.time_text, new.time_mod, CASE WHEN new.earliest GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(substr(new.earliest, 1, 4) || substr(new.earliest, 6, 2) || substr(new.earliest, 9, 2) AS INTEGER) ELSE new.earliest END, CASE WHEN new.latest GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(substr(new.latest, 1, 4) || substr(new.latest, 6, 2) || substr(new.latest, 9, 2) AS INTEGER) ELSE new.latest END, new.time_start, new.time_end, new.time_basis, new.extra, new.whole); END;
CREATE TRIGGER relations_update INSTEAD OF UPDATE ON relations BEGIN UPDATE relation_rows SET id = new.id, doc = (SELECT key FROM documents WHERE id = new.doc), subject = new.subject, relation = new.relation, object = new.object, sentence = new.sentence, char_start = new.char_start, char_end = new.char_end, subject_id = new.subject_id, object_id = new.object_id, negated = new.negated, time = new.time, pattern = new.pattern, trigger_word = new.trigger_word, named_in = new.named_in, quoted = new.quoted, time_value = new.time_value, time_text = new.time_text, time_mod = new.time_mod, earliest = CASE WHEN new.earliest IS old.earliest THEN earliest ELSE CASE WHEN new.earliest GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(substr(new.earliest, 1, 4) || substr(new.earliest, 6, 2) || substr(new.earliest, 9, 2) AS INTEGER) ELSE new.earliest END END, latest = CASE WHEN new.latest IS old.latest THEN latest ELSE CASE WHEN new.latest GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(substr(new.latest, 1, 4) || substr(new.latest, 6, 2) || substr(new.latest, 9, 2) AS INTEGER) ELSE new.latest END END, time_start = new.time_start, time_end = new.time_end, time_basis = new.time_basis, extra = new.extra, whole = new.whole WHERE id = old.id; END;
CREATE TRIGGER relations_delete INSTEAD OF DELETE ON relations BEGIN DELETE FROM relation_rows WHERE id = old.id; END;
