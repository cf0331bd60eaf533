-- 0003: remiss and synpunktsrunda rounds, their recipients and answers.
-- Never edit this file after it has shipped: add a new numbered migration.

CREATE TABLE rounds (
    id             INTEGER PRIMARY KEY,
    version_id     INTEGER NOT NULL REFERENCES document_versions (id),
    kind           TEXT    NOT NULL CHECK (kind IN ('remiss', 'synpunktsrunda')),
    subject        TEXT    NOT NULL CHECK (length(trim(subject)) > 0),
    -- The day the round went out; NULL while it is being prepared.
    sent_date      TEXT,
    deadline       TEXT    NOT NULL,
    missiv_text    TEXT    NOT NULL DEFAULT '',
    reply_address  TEXT    NOT NULL DEFAULT '',
    diarienummer   TEXT    NOT NULL DEFAULT '',
    contact_name   TEXT    NOT NULL DEFAULT '',
    contact_email  TEXT    NOT NULL DEFAULT '',
    contact_phone  TEXT    NOT NULL DEFAULT '',
    created_at     TEXT    NOT NULL,
    actor          TEXT    NOT NULL,
    CHECK (sent_date IS NULL OR deadline >= sent_date)
) STRICT;
CREATE INDEX rounds_version ON rounds (version_id);

-- One row per party the round goes to. The status shown is derived:
-- avstår, else svar inkommet, else påmind, else skickad, else ej skickad.
CREATE TABLE round_recipients (
    round_id     INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    party_id     INTEGER NOT NULL REFERENCES parties (id),
    sent_on      TEXT,
    received_on  TEXT,
    position     TEXT,
    declined_on  TEXT,
    note         TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (round_id, party_id),
    CHECK (received_on IS NULL OR declined_on IS NULL)
) STRICT;

CREATE TABLE round_reminders (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL,
    party_id     INTEGER NOT NULL,
    reminded_on  TEXT    NOT NULL,
    recorded_at  TEXT    NOT NULL,
    FOREIGN KEY (round_id, party_id) REFERENCES round_recipients (round_id, party_id) ON DELETE CASCADE
) STRICT;
CREATE INDEX round_reminders_recipient ON round_reminders (round_id, party_id);
