-- 0001: the register of joint documents, the parties and the audit trail.
-- Never edit this file after it has shipped: add a new numbered migration.

CREATE TABLE parties (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL CHECK (kind IN ('region', 'kommun')),
    sort_order  INTEGER NOT NULL
) STRICT;

-- A party's contacts per level: 'politisk' is the registry a remiss goes to,
-- 'tjansteperson' the official contact a synpunktsrunda goes to.
CREATE TABLE party_contacts (
    id        INTEGER PRIMARY KEY,
    party_id  INTEGER NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    level     TEXT    NOT NULL CHECK (level IN ('politisk', 'tjansteperson')),
    name      TEXT    NOT NULL DEFAULT '',
    role      TEXT    NOT NULL DEFAULT '',
    email     TEXT    NOT NULL DEFAULT '',
    phone     TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX party_contacts_party ON party_contacts (party_id);

CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT    NOT NULL
) STRICT;

-- One row per revision cycle of a document. The newest version_no is the
-- document's current version; older ones keep their data untouched.
CREATE TABLE document_versions (
    id                        INTEGER PRIMARY KEY,
    document_id               INTEGER NOT NULL REFERENCES documents (id),
    version_no                INTEGER NOT NULL CHECK (version_no >= 1),
    doc_type                  TEXT    NOT NULL,
    title                     TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    developed_within          TEXT    NOT NULL DEFAULT '',
    organisation              TEXT    NOT NULL DEFAULT '',
    owner                     TEXT    NOT NULL DEFAULT '',
    approver                  TEXT    NOT NULL DEFAULT '',
    valid_from                TEXT,
    valid_to                  TEXT,
    prepared_by               TEXT    NOT NULL DEFAULT '',
    diarienummer              TEXT,
    vida_link                 TEXT    NOT NULL DEFAULT '',
    legal_basis               TEXT    NOT NULL DEFAULT '',
    followup_interval_months  INTEGER,
    followup_owner            TEXT    NOT NULL DEFAULT '',
    notes                     TEXT    NOT NULL DEFAULT '',
    stage                     TEXT    NOT NULL,
    created_at                TEXT    NOT NULL,
    updated_at                TEXT    NOT NULL,
    UNIQUE (document_id, version_no),
    CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_to >= valid_from)
) STRICT;
CREATE INDEX document_versions_document ON document_versions (document_id);
CREATE INDEX document_versions_diarienummer ON document_versions (diarienummer);

CREATE TABLE version_areas (
    version_id  INTEGER NOT NULL REFERENCES document_versions (id) ON DELETE CASCADE,
    area        TEXT    NOT NULL,
    PRIMARY KEY (version_id, area)
) STRICT;

CREATE TABLE version_parties (
    version_id  INTEGER NOT NULL REFERENCES document_versions (id) ON DELETE CASCADE,
    party_id    INTEGER NOT NULL REFERENCES parties (id),
    PRIMARY KEY (version_id, party_id)
) STRICT;

-- Dated lifecycle history of a version: every move, who made it and why.
CREATE TABLE stage_history (
    id           INTEGER PRIMARY KEY,
    version_id   INTEGER NOT NULL REFERENCES document_versions (id),
    from_stage   TEXT,
    to_stage     TEXT    NOT NULL,
    on_date      TEXT    NOT NULL,
    recorded_at  TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    comment      TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX stage_history_version ON stage_history (version_id);

-- Append-only audit trail: the triggers below refuse every UPDATE and DELETE.
CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    at           TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    document_id  INTEGER,
    entity       TEXT    NOT NULL,
    entity_id    INTEGER,
    action       TEXT    NOT NULL,
    summary      TEXT    NOT NULL,
    before       TEXT,
    after        TEXT
) STRICT;
CREATE INDEX events_document ON events (document_id);

CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events är en ändringslogg som bara kan läggas till');
END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events är en ändringslogg som bara kan läggas till');
END;

-- Full-text search over each document's current version. Swedish å, ä and ö
-- are letters of their own, so diacritics are kept (remove_diacritics 0):
-- otherwise "får" would match "far".
CREATE VIRTUAL TABLE document_search USING fts5 (
    title, notes, owner, diarienummer,
    tokenize = "unicode61 remove_diacritics 0"
);
