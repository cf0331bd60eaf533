-- 0014: the day a retired document was actually removed from the web
-- (guideline §Avveckling: marked inaktuell, then removed a year later).
-- Until it is recorded the Översikt and the document keep asking for it.
-- Never edit this file after it has shipped: add a new numbered migration.

ALTER TABLE retirements ADD COLUMN removed_on TEXT
    CHECK (removed_on IS NULL OR removed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
