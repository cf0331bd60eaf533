-- 0010: the adoption round (antagande, guideline §Ställningstagande och
-- beslut): after the forum's ställningstagande every party is asked to
-- adopt the document, and each party's decision is recorded on its row of
-- the round: the body that decided, the day, the party's own diarienummer
-- and the outcome.
-- Never edit this file after it has shipped: add a new numbered migration.

-- `rounds.kind` gets a third value, and the contact person a title. SQLite cannot change a CHECK in place,
-- so the table is rebuilt (https://sqlite.org/lang_altertable.html, "other
-- kinds of table schema changes"): the runner applies migrations with
-- foreign keys off and checks them before it commits, so the tables that
-- refer to rounds keep their rows and point at the new table.
CREATE TABLE rounds_new (
    id             INTEGER PRIMARY KEY,
    version_id     INTEGER NOT NULL REFERENCES document_versions (id),
    kind           TEXT    NOT NULL CHECK (kind IN ('remiss', 'synpunktsrunda', 'antagande')),
    subject        TEXT    NOT NULL CHECK (length(trim(subject)) > 0),
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
    form_key       TEXT,
    reapproved_on  TEXT,
    -- The contact person's title under the signature ("Enhetschef Nya
    -- perspektiv", as in the seed's missiv).
    contact_title  TEXT    NOT NULL DEFAULT '',
    CHECK (sent_date IS NULL OR deadline >= sent_date)
) STRICT;
INSERT INTO rounds_new (id, version_id, kind, subject, sent_date, deadline, missiv_text,
    reply_address, diarienummer, contact_name, contact_email, contact_phone, created_at,
    actor, form_key, reapproved_on)
SELECT id, version_id, kind, subject, sent_date, deadline, missiv_text, reply_address,
    diarienummer, contact_name, contact_email, contact_phone, created_at, actor, form_key,
    reapproved_on
FROM rounds;
DROP TABLE rounds;
ALTER TABLE rounds_new RENAME TO rounds;
CREATE INDEX rounds_version ON rounds (version_id);
CREATE UNIQUE INDEX rounds_form_key ON rounds (form_key);
CREATE INDEX rounds_deadline ON rounds (deadline, id);
-- A version's adoption rounds, the latest last: the register's adoption
-- column and filter read them without a scan.
CREATE INDEX rounds_adoption ON rounds (version_id, id) WHERE kind = 'antagande';

-- A party's decision in an adoption round. `received_on` is set to the
-- decision's day for antagen and ej antagen (the party has answered: the
-- round's counts and its "waiting" index need nothing new); återremitterad
-- leaves it empty, as the party has still to decide.
ALTER TABLE round_recipients ADD COLUMN outcome TEXT
    CHECK (outcome IN ('antagen', 'ej_antagen', 'aterremitterad'));
-- A name from assets/reference.json `deciding_bodies`, as it was when recorded.
ALTER TABLE round_recipients ADD COLUMN deciding_body TEXT NOT NULL DEFAULT '';
ALTER TABLE round_recipients ADD COLUMN decided_on TEXT;
ALTER TABLE round_recipients ADD COLUMN their_diarienummer TEXT NOT NULL DEFAULT '';

-- "Antagen av 12 av 17" and the register's adoption filter: a round's
-- outcomes read from the index alone, without the rows.
CREATE INDEX round_recipients_outcome ON round_recipients (round_id, outcome);
