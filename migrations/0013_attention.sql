-- 0013: Översikt: an item of the attention list snoozed until a day, with
-- a note. Every snooze and its undoing is also in the change log.
-- Never edit this file after it has shipped: add a new numbered migration.

CREATE TABLE attention_snoozes (
    -- The item's key (watch::Item::key): its kind, what it is about and,
    -- for a dated item, the date.
    key         TEXT    NOT NULL PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
    until       TEXT    NOT NULL
        CHECK (until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    note        TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    actor       TEXT    NOT NULL
) STRICT;
