-- 0015: what the Översikt reads on every opening, each from one place.
-- The attention list looks at every document and every round each time
-- (src/watch/facts.rs); at 10 000 documents and 200 000 answers, jumps from
-- an index to the large rows behind it were most of its time. So:
-- - the parties a round still waits for are counted from the index alone;
-- - the lifecycle tables are read from their version indexes alone;
-- - current_versions also mirrors the follow-up plan's interval and owner
--   and the Vida link, and an index holds all the list reads of it in
--   Swedish title order, so the documents are read from that index alone.
-- Never edit this file after it has shipped: add a new numbered migration.

DROP INDEX round_recipients_waiting;
CREATE INDEX round_recipients_waiting
    ON round_recipients (round_id, sent_on, received_on, declined_on)
    WHERE received_on IS NULL AND declined_on IS NULL;

DROP INDEX followups_version;
CREATE INDEX followups_version ON followups (version_id, done_on, id, next_due);
DROP INDEX implementation_mailings_version;
CREATE INDEX implementation_mailings_version
    ON implementation_mailings (version_id, minor_revision);
DROP INDEX implementation_sessions_version;
CREATE INDEX implementation_sessions_version
    ON implementation_sessions (version_id, digital);

ALTER TABLE current_versions ADD COLUMN followup_interval_months INTEGER;
ALTER TABLE current_versions ADD COLUMN followup_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE current_versions ADD COLUMN vida_link TEXT NOT NULL DEFAULT '';
UPDATE current_versions AS c
SET followup_interval_months = v.followup_interval_months,
    followup_owner = v.followup_owner, vida_link = v.vida_link
FROM document_versions v WHERE v.id = c.version_id;

DROP TRIGGER current_versions_on_insert;
CREATE TRIGGER current_versions_on_insert AFTER INSERT ON document_versions
BEGIN
    DELETE FROM current_versions
    WHERE document_id = NEW.document_id AND version_no < NEW.version_no;
    INSERT OR IGNORE INTO current_versions (document_id, version_id, version_no, doc_type,
        stage, valid_from, valid_to, updated_at, title_key, owner_key, diarienummer_key,
        followup_interval_months, followup_owner, vida_link)
    VALUES (NEW.document_id, NEW.id, NEW.version_no, NEW.doc_type, NEW.stage, NEW.valid_from,
        NEW.valid_to, NEW.updated_at, sv_key(NEW.title), sv_key(NEW.owner),
        sv_key(NEW.diarienummer), NEW.followup_interval_months, NEW.followup_owner,
        NEW.vida_link);
END;

DROP TRIGGER current_versions_on_update;
CREATE TRIGGER current_versions_on_update AFTER UPDATE ON document_versions
BEGIN
    UPDATE current_versions
    SET doc_type = NEW.doc_type, stage = NEW.stage, valid_from = NEW.valid_from,
        valid_to = NEW.valid_to, updated_at = NEW.updated_at, title_key = sv_key(NEW.title),
        owner_key = sv_key(NEW.owner), diarienummer_key = sv_key(NEW.diarienummer),
        followup_interval_months = NEW.followup_interval_months,
        followup_owner = NEW.followup_owner, vida_link = NEW.vida_link
    WHERE version_id = NEW.id;
END;

CREATE INDEX current_versions_watch ON current_versions (title_key, document_id, version_id,
    stage, valid_to, valid_from, version_no, followup_interval_months, followup_owner,
    vida_link);

-- How many parties a round still waits for (sent, neither answered nor
-- declined), kept by triggers as answers come and go, so the Översikt
-- finds the rounds that wait from a small index instead of counting
-- 200 000 recipients each time.
ALTER TABLE rounds ADD COLUMN waiting INTEGER NOT NULL DEFAULT 0;
UPDATE rounds SET waiting = (
    SELECT count(*) FROM round_recipients w
    WHERE w.round_id = rounds.id
      AND w.sent_on IS NOT NULL AND w.received_on IS NULL AND w.declined_on IS NULL);

CREATE TRIGGER round_recipients_waiting_on_insert AFTER INSERT ON round_recipients
WHEN NEW.sent_on IS NOT NULL AND NEW.received_on IS NULL AND NEW.declined_on IS NULL
BEGIN
    UPDATE rounds SET waiting = waiting + 1 WHERE id = NEW.round_id;
END;

CREATE TRIGGER round_recipients_waiting_on_delete AFTER DELETE ON round_recipients
WHEN OLD.sent_on IS NOT NULL AND OLD.received_on IS NULL AND OLD.declined_on IS NULL
BEGIN
    UPDATE rounds SET waiting = waiting - 1 WHERE id = OLD.round_id;
END;

CREATE TRIGGER round_recipients_waiting_on_update
AFTER UPDATE OF round_id, sent_on, received_on, declined_on ON round_recipients
BEGIN
    UPDATE rounds SET waiting = waiting - 1
    WHERE id = OLD.round_id
      AND OLD.sent_on IS NOT NULL AND OLD.received_on IS NULL AND OLD.declined_on IS NULL;
    UPDATE rounds SET waiting = waiting + 1
    WHERE id = NEW.round_id
      AND NEW.sent_on IS NOT NULL AND NEW.received_on IS NULL AND NEW.declined_on IS NULL;
END;

CREATE INDEX rounds_waiting ON rounds (kind, deadline, id, version_id, waiting)
    WHERE waiting > 0;
