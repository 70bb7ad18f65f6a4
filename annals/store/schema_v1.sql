
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
);

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

CREATE TABLE sentences (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    section       INTEGER,
    paragraph     INTEGER,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    text          TEXT NOT NULL,
    UNIQUE (doc, idx)
);

-- Store-wide canonical entities.  norm/tail: normalised name and its last word, for lookup.
CREATE TABLE entities (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    norm          TEXT NOT NULL,
    tail          TEXT NOT NULL,
    type          TEXT NOT NULL,
    subtype       TEXT
);
CREATE INDEX entities_norm ON entities(norm, type);
CREATE INDEX entities_tail ON entities(tail, type);

-- One row per entity per document, with the document's local id ("e3").
CREATE TABLE doc_entities (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    local_id      TEXT NOT NULL,
    entity        INTEGER NOT NULL REFERENCES entities(id),
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    subtype       TEXT,
    UNIQUE (doc, local_id)
);
CREATE INDEX doc_entities_entity ON doc_entities(entity);

-- kind: 'alias' (from Entity.aliases) or 'name' (Entity.name, when not also an alias).
-- norm: normalised alias; core: norm without the entity's titles; tail: last word of core.
-- weak: 1 for a descriptive alias ("the company", "the general") that links nothing across documents.
CREATE TABLE entity_aliases (
    id            INTEGER PRIMARY KEY,
    entity        INTEGER NOT NULL REFERENCES entities(id),
    doc_entity    INTEGER NOT NULL REFERENCES doc_entities(id) ON DELETE CASCADE,
    alias         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    norm          TEXT NOT NULL,
    core          TEXT NOT NULL,
    tail          TEXT NOT NULL,
    weak          INTEGER NOT NULL DEFAULT 0,
    UNIQUE (doc_entity, alias)
);
CREATE INDEX entity_aliases_entity ON entity_aliases(entity);
CREATE INDEX entity_aliases_norm ON entity_aliases(norm);
CREATE INDEX entity_aliases_core ON entity_aliases(core);
CREATE INDEX entity_aliases_tail ON entity_aliases(tail);

CREATE TABLE entity_titles (
    id            INTEGER PRIMARY KEY,
    entity        INTEGER NOT NULL REFERENCES entities(id),
    doc_entity    INTEGER NOT NULL REFERENCES doc_entities(id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    UNIQUE (doc_entity, title)
);
CREATE INDEX entity_titles_entity ON entity_titles(entity);

CREATE TABLE mentions (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    doc_entity    INTEGER NOT NULL REFERENCES doc_entities(id) ON DELETE CASCADE,
    entity        INTEGER NOT NULL REFERENCES entities(id),
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    text          TEXT NOT NULL,
    title         TEXT,
    sentence      INTEGER
);
CREATE INDEX mentions_entity ON mentions(entity);
CREATE INDEX mentions_doc_entity ON mentions(doc_entity);
CREATE INDEX mentions_doc_sentence ON mentions(doc, sentence);

-- TEXT columns throughout so TIMEX3 values ("-0044", "192X", "1944-Q4") round-trip exactly.
CREATE TABLE timexes (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text          TEXT NOT NULL,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    value         TEXT NOT NULL,
    mod           TEXT,
    earliest      TEXT,
    latest        TEXT,
    type          TEXT NOT NULL,
    relative      INTEGER NOT NULL,
    anchor        TEXT,
    calendar      TEXT,
    sentence      INTEGER
);
CREATE INDEX timexes_doc ON timexes(doc, char_start);
CREATE INDEX timexes_earliest ON timexes(earliest);

CREATE TABLE gaps (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    text          TEXT NOT NULL,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    sentence      INTEGER
);
CREATE INDEX gaps_doc ON gaps(doc, char_start);
