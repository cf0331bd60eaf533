-- 0005: files a party sent with its answer (yttrande, protokollsutdrag),
-- kept in the attachment store.
-- Never edit this file after it has shipped: add a new numbered migration.

CREATE TABLE round_answer_files (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL,
    party_id     INTEGER NOT NULL,
    file_name    TEXT    NOT NULL,
    stored_name  TEXT    NOT NULL,
    sha256       TEXT    NOT NULL CHECK (length(sha256) = 64),
    size         INTEGER NOT NULL CHECK (size >= 0),
    created_at   TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    FOREIGN KEY (round_id, party_id) REFERENCES round_recipients (round_id, party_id) ON DELETE CASCADE
) STRICT;
CREATE INDEX round_answer_files_recipient ON round_answer_files (round_id, party_id);
