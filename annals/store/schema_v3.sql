
-- The distinct strong (non-weak) keys of each canonical entity's aliases: kind 'norm', 'core' or 'tail';
-- n counts the alias rows that give the key.
CREATE TABLE entity_keys (
    kind          TEXT NOT NULL,
    type          TEXT NOT NULL,
    value         TEXT NOT NULL,
    entity        INTEGER NOT NULL REFERENCES entities(id),
    n             INTEGER NOT NULL,
    PRIMARY KEY (kind, type, value, entity)
) WITHOUT ROWID;
CREATE INDEX entity_keys_entity ON entity_keys(entity);

-- How many documents call each canonical entity by each name, and give it each subtype.
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
ALTER TABLE entities ADD COLUMN n_mentions INTEGER NOT NULL DEFAULT 0;

INSERT INTO entity_keys
    SELECT k.kind, e.type, k.value, k.entity, count(*) FROM (
        SELECT 'norm' AS kind, norm AS value, entity FROM entity_aliases WHERE weak = 0
        UNION ALL SELECT 'core', core, entity FROM entity_aliases WHERE weak = 0
        UNION ALL SELECT 'tail', tail, entity FROM entity_aliases WHERE weak = 0
    ) k JOIN entities e ON e.id = k.entity
    GROUP BY k.kind, e.type, k.value, k.entity;
INSERT INTO entity_names SELECT entity, name, count(*) FROM doc_entities GROUP BY entity, name;
INSERT INTO entity_subtypes SELECT entity, subtype, count(*) FROM doc_entities
    WHERE subtype IS NOT NULL GROUP BY entity, subtype;
UPDATE entities SET n_mentions = (SELECT count(*) FROM mentions m WHERE m.entity = entities.id);

CREATE TRIGGER entity_aliases_keys_insert AFTER INSERT ON entity_aliases WHEN new.weak = 0 BEGIN
    INSERT INTO entity_keys SELECT 'norm', type, new.norm, new.entity, 1 FROM entities WHERE id = new.entity
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO entity_keys SELECT 'core', type, new.core, new.entity, 1 FROM entities WHERE id = new.entity
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO entity_keys SELECT 'tail', type, new.tail, new.entity, 1 FROM entities WHERE id = new.entity
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER entity_aliases_keys_delete AFTER DELETE ON entity_aliases WHEN old.weak = 0 BEGIN
    UPDATE entity_keys SET n = n - 1 WHERE entity = old.entity
        AND ((kind = 'norm' AND value = old.norm) OR (kind = 'core' AND value = old.core)
             OR (kind = 'tail' AND value = old.tail));
    DELETE FROM entity_keys WHERE entity = old.entity AND n <= 0;
END;
CREATE TRIGGER doc_entities_names_insert AFTER INSERT ON doc_entities BEGIN
    INSERT INTO entity_names VALUES (new.entity, new.name, 1) ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO entity_subtypes SELECT new.entity, new.subtype, 1 WHERE new.subtype IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER doc_entities_names_delete AFTER DELETE ON doc_entities BEGIN
    UPDATE entity_names SET n = n - 1 WHERE entity = old.entity AND name = old.name;
    DELETE FROM entity_names WHERE entity = old.entity AND name = old.name AND n <= 0;
    UPDATE entity_subtypes SET n = n - 1 WHERE entity = old.entity AND subtype = old.subtype;
    DELETE FROM entity_subtypes WHERE entity = old.entity AND subtype = old.subtype AND n <= 0;
END;
CREATE TRIGGER mentions_count_insert AFTER INSERT ON mentions BEGIN
    UPDATE entities SET n_mentions = n_mentions + 1 WHERE id = new.entity;
END;
CREATE TRIGGER mentions_count_delete AFTER DELETE ON mentions BEGIN
    UPDATE entities SET n_mentions = n_mentions - 1 WHERE id = old.entity;
END;
