-- 0004: the record of each export of a round's package: what went to whom.
-- Never edit this file after it has shipped: add a new numbered migration.

CREATE TABLE round_dispatches (
    id             INTEGER PRIMARY KEY,
    round_id       INTEGER NOT NULL REFERENCES rounds (id),
    created_at     TEXT    NOT NULL,
    actor          TEXT    NOT NULL,
    destination    TEXT    NOT NULL,
    -- 'working_draft' (the attached file, byte for byte) or 'generated'.
    draft_source   TEXT    NOT NULL CHECK (draft_source IN ('working_draft', 'generated')),
    draft_sha256   TEXT    NOT NULL,
    -- The package's Manifest.json.
    manifest       TEXT    NOT NULL
) STRICT;
CREATE INDEX round_dispatches_round ON round_dispatches (round_id);
