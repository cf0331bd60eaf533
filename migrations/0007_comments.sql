-- 0007: what the answers say. Each round gets a key of its own, written
-- into its svarsmallar so a returned form finds its round again; comments
-- come from returned forms or are entered by hand; decisions on them may be
-- shared by several comments (the same point made by several parties); the
-- återkoppling sent back to the parties is recorded.
-- Never edit this file after it has shipped: add a new numbered migration.

-- 32 hex digits of randomness: unique across databases, so a form from
-- another register (or another round) is never taken for this one.
ALTER TABLE rounds ADD COLUMN form_key TEXT;
UPDATE rounds SET form_key = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX rounds_form_key ON rounds (form_key);
-- The day the networks approved the document again after a round that
-- accepted a significant change (guideline §Färdigställande).
ALTER TABLE rounds ADD COLUMN reapproved_on TEXT;

-- An answer file that is a returned svarsmall, read into comments.
ALTER TABLE round_answer_files ADD COLUMN is_form INTEGER NOT NULL DEFAULT 0
    CHECK (is_form IN (0, 1));

CREATE TABLE comment_decisions (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    disposition  TEXT    NOT NULL
        CHECK (disposition IN ('beaktad', 'delvis_beaktad', 'ej_beaktad', 'noterad')),
    motivation   TEXT    NOT NULL DEFAULT '',
    -- The change accepted is significant: the document goes back to the
    -- networks for approval before the decision.
    significant  INTEGER NOT NULL DEFAULT 0 CHECK (significant IN (0, 1)),
    decided_at   TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    CHECK (disposition IN ('beaktad', 'noterad') OR length(trim(motivation)) > 0)
) STRICT;
CREATE INDEX comment_decisions_round ON comment_decisions (round_id);

CREATE TABLE round_comments (
    id              INTEGER PRIMARY KEY,
    round_id        INTEGER NOT NULL,
    party_id        INTEGER NOT NULL,
    -- A heading of the template, "Övrigt", or what the party wrote in the
    -- form's first column when it matches no heading.
    section         TEXT    NOT NULL CHECK (length(trim(section)) > 0),
    body            TEXT    NOT NULL DEFAULT '',
    proposal        TEXT    NOT NULL DEFAULT '',
    -- The returned form it was read from; NULL when entered by hand.
    answer_file_id  INTEGER REFERENCES round_answer_files (id) ON DELETE SET NULL,
    -- Its row in the form's table (1 = first row under the header).
    form_row        INTEGER,
    decision_id     INTEGER REFERENCES comment_decisions (id) ON DELETE SET NULL,
    created_at      TEXT    NOT NULL,
    actor           TEXT    NOT NULL,
    CHECK (length(trim(body)) > 0 OR length(trim(proposal)) > 0),
    FOREIGN KEY (round_id, party_id) REFERENCES round_recipients (round_id, party_id) ON DELETE CASCADE
) STRICT;
CREATE INDEX round_comments_round ON round_comments (round_id, party_id);
CREATE INDEX round_comments_decision ON round_comments (decision_id);

-- Each time the compilation went back to the parties (återkoppling).
CREATE TABLE round_feedback (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    created_at   TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    destination  TEXT    NOT NULL,
    -- The compilation attached, and the parties written to (JSON array of names).
    file_sha256  TEXT    NOT NULL,
    parties      TEXT    NOT NULL
) STRICT;
CREATE INDEX round_feedback_round ON round_feedback (round_id);
