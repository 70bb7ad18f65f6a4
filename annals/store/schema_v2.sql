
-- Events and relations: the JSON payload as extracted, plus the columns queries filter on.
CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    local_id      TEXT,
    type          TEXT,
    trigger_word  TEXT,
    time_value    TEXT,
    earliest      TEXT,
    latest        TEXT,
    sentence      INTEGER,
    char_start    INTEGER,
    char_end      INTEGER,
    payload       TEXT NOT NULL
);
CREATE INDEX events_doc ON events(doc, char_start);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_earliest ON events(earliest);

CREATE TABLE relations (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    subject       TEXT,
    relation      TEXT,
    object        TEXT,
    sentence      INTEGER,
    char_start    INTEGER,
    char_end      INTEGER,
    payload       TEXT NOT NULL
);
CREATE INDEX relations_doc ON relations(doc, char_start);
CREATE INDEX relations_relation ON relations(relation);
CREATE INDEX relations_subject ON relations(subject);
CREATE INDEX relations_object ON relations(object);

-- Full-text index over sentences (external content: the text lives in sentences only).
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='sentences', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER sentences_fts_update AFTER UPDATE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
-- Index the sentences a version-1 store already holds.
INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild');
