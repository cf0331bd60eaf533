-- 0008: the document's life after the decision (guideline §Implementering,
-- §Publicering, §Uppföljning, §Avveckling), per version. Each row is one
-- recorded step; the rules (four months, two sessions) and the dates derived
-- from them (the web removal date, the next follow-up) are computed by the
-- core, never stored twice. The Vida link, the follow-up interval and its
-- owner stay in document_versions: the register is their one place.
-- Never edit this file after it has shipped: add a new numbered migration.

-- Information sent to the parties and networks (there may be several
-- mailings). minor_revision: the coordinator judged a revision not
-- substantial, so the four-month rule does not apply to it.
CREATE TABLE implementation_mailings (
    id              INTEGER PRIMARY KEY,
    version_id      INTEGER NOT NULL REFERENCES document_versions (id),
    sent_on         TEXT    NOT NULL,
    sent_to         TEXT    NOT NULL DEFAULT '',
    minor_revision  INTEGER NOT NULL DEFAULT 0 CHECK (minor_revision IN (0, 1)),
    recorded_at     TEXT    NOT NULL,
    actor           TEXT    NOT NULL
) STRICT;
CREATE INDEX implementation_mailings_version ON implementation_mailings (version_id);

-- Information sessions: planned, later held.
CREATE TABLE implementation_sessions (
    id           INTEGER PRIMARY KEY,
    version_id   INTEGER NOT NULL REFERENCES document_versions (id),
    planned_on   TEXT    NOT NULL,
    held_on      TEXT,
    digital      INTEGER NOT NULL DEFAULT 1 CHECK (digital IN (0, 1)),
    note         TEXT    NOT NULL DEFAULT '',
    recorded_at  TEXT    NOT NULL,
    actor        TEXT    NOT NULL
) STRICT;
CREATE INDEX implementation_sessions_version ON implementation_sessions (version_id);

-- The date a version was published (its link is the version's vida_link).
CREATE TABLE publications (
    version_id    INTEGER PRIMARY KEY REFERENCES document_versions (id),
    published_on  TEXT    NOT NULL,
    recorded_at   TEXT    NOT NULL,
    actor         TEXT    NOT NULL
) STRICT;

-- The indicators of a version's follow-up plan (interval and owner are the
-- version's followup_interval_months and followup_owner).
CREATE TABLE followup_plans (
    version_id   INTEGER PRIMARY KEY REFERENCES document_versions (id),
    indicators   TEXT    NOT NULL,
    recorded_at  TEXT    NOT NULL,
    actor        TEXT    NOT NULL
) STRICT;

-- Follow-ups done. next_due is the date the next was due by the interval
-- in force when this one was recorded.
CREATE TABLE followups (
    id           INTEGER PRIMARY KEY,
    version_id   INTEGER NOT NULL REFERENCES document_versions (id),
    done_on      TEXT    NOT NULL,
    result       TEXT    NOT NULL,
    next_due     TEXT,
    recorded_at  TEXT    NOT NULL,
    actor        TEXT    NOT NULL
) STRICT;
CREATE INDEX followups_version ON followups (version_id);

-- The decision to retire a version and the date it was marked inaktuell on
-- the web; it must leave the web one year after that date (computed).
CREATE TABLE retirements (
    version_id    INTEGER PRIMARY KEY REFERENCES document_versions (id),
    forum         TEXT    NOT NULL,
    decided_on    TEXT    NOT NULL,
    inaktuell_on  TEXT,
    recorded_at   TEXT    NOT NULL,
    actor         TEXT    NOT NULL,
    CHECK (inaktuell_on IS NULL OR inaktuell_on >= decided_on)
) STRICT;
