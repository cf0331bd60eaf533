-- 0009: the ställningstagande (guideline §Ställningstagande och beslut): the
-- position a forum takes on a document version, dated by its meeting, with
-- the decision as numbered points and whether all parties are recommended
-- to adopt the document.
-- Never edit this file after it has shipped: add a new numbered migration.

CREATE TABLE resolutions (
    id                   INTEGER PRIMARY KEY,
    version_id           INTEGER NOT NULL REFERENCES document_versions (id) ON DELETE CASCADE,
    -- A name from assets/reference.json `forums`, as it was when recorded.
    forum                TEXT    NOT NULL CHECK (length(trim(forum)) > 0),
    meeting_date         TEXT    NOT NULL
        CHECK (meeting_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    -- The decision as a JSON array of its points, in order, without numbers.
    points               TEXT    NOT NULL
        CHECK (json_valid(points) AND json_type(points) = 'array' AND json_array_length(points) > 0),
    -- All parties are recommended to adopt the document (antagande).
    recommends_adoption  INTEGER NOT NULL DEFAULT 1 CHECK (recommends_adoption IN (0, 1)),
    created_at           TEXT    NOT NULL,
    actor                TEXT    NOT NULL
) STRICT;
CREATE INDEX resolutions_version ON resolutions (version_id);
