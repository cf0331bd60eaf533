-- 0002: Word drafts of a document version, generated or attached back.
-- Never edit this file after it has shipped: add a new numbered migration.

CREATE TABLE drafts (
    id                INTEGER PRIMARY KEY,
    version_id        INTEGER NOT NULL REFERENCES document_versions (id),
    kind              TEXT    NOT NULL CHECK (kind IN ('generated', 'attached')),
    -- The name the user saw: the suggested name of a generated draft, the
    -- original name of an attached file.
    file_name         TEXT    NOT NULL,
    -- Where a generated draft was saved.
    saved_path        TEXT,
    -- An attached file's name in the attachment store (its SHA-256 + .docx).
    stored_name       TEXT,
    sha256            TEXT    NOT NULL CHECK (length(sha256) = 64),
    size              INTEGER NOT NULL CHECK (size >= 0),
    template_version  TEXT,
    -- The structure check of an attached file, as JSON, and its verdict.
    check_report      TEXT,
    complies          INTEGER CHECK (complies IN (0, 1)),
    created_at        TEXT    NOT NULL,
    actor             TEXT    NOT NULL,
    CHECK ((kind = 'generated') = (saved_path IS NOT NULL)),
    CHECK ((kind = 'attached') = (stored_name IS NOT NULL))
) STRICT;
CREATE INDEX drafts_version ON drafts (version_id);
