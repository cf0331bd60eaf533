-- 0006: what the paged lists need to stay fast at 10 000 documents and
-- 200 000 answers, and a small table of facts about the database itself.
-- Never edit this file after it has shipped: add a new numbered migration.

-- Facts about this database file, one row each: `collation` holds the
-- fingerprint of the Swedish sort keys stored below (they are computed again
-- when the collation data changes); `demo` marks a database built by
-- `samdok demo`, the only kind that command may replace.
CREATE TABLE meta (
    key    TEXT NOT NULL PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;

-- The register's list: one narrow row per document with what the list
-- filters and sorts by, taken from the document's current (newest)
-- version. Kept by the triggers below, in the transaction of every change
-- to a version, so it never disagrees with document_versions. The *_key
-- columns are Swedish sort keys (src/collate.rs, SQL function sv_key, which
-- every Samdok connection registers): SQLite compares them bytewise, which
-- is what makes sorting 10 000 titles in Swedish order cheap. NULL for
-- blank text, so that blanks can go last.
CREATE TABLE current_versions (
    document_id       INTEGER PRIMARY KEY REFERENCES documents (id),
    version_id        INTEGER NOT NULL UNIQUE REFERENCES document_versions (id),
    version_no        INTEGER NOT NULL,
    doc_type          TEXT    NOT NULL,
    stage             TEXT    NOT NULL,
    valid_from        TEXT,
    valid_to          TEXT,
    updated_at        TEXT    NOT NULL,
    title_key         BLOB,
    owner_key         BLOB,
    diarienummer_key  BLOB
) STRICT;

INSERT INTO current_versions (document_id, version_id, version_no, doc_type, stage,
    valid_from, valid_to, updated_at, title_key, owner_key, diarienummer_key)
SELECT v.document_id, v.id, v.version_no, v.doc_type, v.stage, v.valid_from, v.valid_to,
    v.updated_at, sv_key(v.title), sv_key(v.owner), sv_key(v.diarienummer)
FROM document_versions v
WHERE v.version_no = (SELECT max(m.version_no) FROM document_versions m
                      WHERE m.document_id = v.document_id);

-- A new version (a new document, or a revision) becomes the current one.
CREATE TRIGGER current_versions_on_insert AFTER INSERT ON document_versions
BEGIN
    DELETE FROM current_versions
    WHERE document_id = NEW.document_id AND version_no < NEW.version_no;
    INSERT OR IGNORE INTO current_versions (document_id, version_id, version_no, doc_type,
        stage, valid_from, valid_to, updated_at, title_key, owner_key, diarienummer_key)
    VALUES (NEW.document_id, NEW.id, NEW.version_no, NEW.doc_type, NEW.stage, NEW.valid_from,
        NEW.valid_to, NEW.updated_at, sv_key(NEW.title), sv_key(NEW.owner),
        sv_key(NEW.diarienummer));
END;

-- An edit or a stage move of the current version.
CREATE TRIGGER current_versions_on_update AFTER UPDATE ON document_versions
BEGIN
    UPDATE current_versions
    SET doc_type = NEW.doc_type, stage = NEW.stage, valid_from = NEW.valid_from,
        valid_to = NEW.valid_to, updated_at = NEW.updated_at, title_key = sv_key(NEW.title),
        owner_key = sv_key(NEW.owner), diarienummer_key = sv_key(NEW.diarienummer)
    WHERE version_id = NEW.id;
END;

-- The register's default order (title) is read straight from an index.
CREATE INDEX current_versions_title ON current_versions (title_key, document_id, version_id);

-- Rundor: the nearest deadline first, and which rounds still wait for an
-- answer, without reading every recipient.
CREATE INDEX rounds_deadline ON rounds (deadline, id);
CREATE INDEX round_recipients_waiting ON round_recipients (round_id)
    WHERE received_on IS NULL AND declined_on IS NULL;
