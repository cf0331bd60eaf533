-- 0011: the register itself (guideline §Indikatorer: the register is kept
-- current and reviewed every year): its own id, for the calendar's event
-- ids, the yearly review with the report as it stood that day, and the
-- indexes a party's page reads by.
-- Never edit this file after it has shipped: add a new numbered migration.

-- 32 hex digits of randomness: the calendar's events of two registers
-- never share an id, and one register's stay the same from export to export.
INSERT OR IGNORE INTO meta (key, value) VALUES ('register_id', lower(hex(randomblob(16))));

-- One review a year: when, by whom, a note, and the register report
-- (.docx, in the attachment store) as it stood when the review was recorded.
CREATE TABLE register_reviews (
    id             INTEGER PRIMARY KEY,
    year           INTEGER NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 9999),
    reviewed_on    TEXT    NOT NULL
        CHECK (reviewed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    reviewed_by    TEXT    NOT NULL CHECK (length(trim(reviewed_by)) > 0),
    note           TEXT    NOT NULL DEFAULT '',
    report_name    TEXT    NOT NULL,
    report_sha256  TEXT    NOT NULL CHECK (length(report_sha256) = 64),
    documents      INTEGER NOT NULL CHECK (documents >= 0),
    created_at     TEXT    NOT NULL,
    actor          TEXT    NOT NULL,
    CHECK (CAST(substr(reviewed_on, 1, 4) AS INTEGER) = year)
) STRICT;

-- A party's page: its rounds and its comments, without reading every answer.
CREATE INDEX round_recipients_party ON round_recipients (party_id);
CREATE INDEX round_comments_party ON round_comments (party_id);
