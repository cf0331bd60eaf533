-- 0012: the register's saved views: a filter, sort and search saved under
-- a name and opened again.
-- Never edit this file after it has shipped: add a new numbered migration.

CREATE TABLE saved_views (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    -- The name in lower case: two names that differ only in case are one.
    name_lower  TEXT    NOT NULL UNIQUE,
    -- The register query as JSON (register::ListQuery, without paging).
    query       TEXT    NOT NULL CHECK (json_valid(query)),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    actor       TEXT    NOT NULL
) STRICT;
