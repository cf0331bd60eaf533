//! The document's life after the decision (guideline §Implementering,
//! §Publicering, §Uppföljning, §Avveckling): information sent to the
//! parties and networks, information sessions, publication, the follow-up
//! plan and the follow-ups done, and retirement. Each step is recorded on
//! the document's current version, dated, and shown in the change log; the
//! guideline's rules are checked and returned as warnings with
//! [`view`].
//!
//! Invariants:
//! - every step is one IMMEDIATE write transaction (`Store::transaction`)
//!   that reads the current version inside it and writes one audit event on
//!   the document whose every key has a Swedish label (`labels::field`);
//! - the Vida link, the follow-up interval and its owner live only in the
//!   register (`document_versions`): publication and the follow-up plan
//!   change them through the register's own patch (`register::patch_in`),
//!   in the same transaction, so its checks and its change-log entry apply;
//! - a step moves the document's stage forward to where the guideline puts
//!   it, never backwards (a step recorded late leaves a later stage alone):
//!   information sent → Implementering, publication → Publicering, a
//!   follow-up done → Gällande, the retirement decision → Avveckling,
//!   marked inaktuell on the web → Avvecklad;
//! - a date a step says something happened on may not lie in the future
//!   (a session's planned date may);
//! - a mailing or a session recorded by mistake, or a session marked held
//!   by mistake, can be taken back ([`remove_mailing`], [`remove_session`],
//!   [`unmark_session_held`]): one transaction and one event that keeps
//!   what was removed; the stage never moves back because of it;
//! - the rules are warnings, never refusals (the implementation's rules
//!   fall silent once retirement is under way), and the dates derived from
//!   the recorded ones (the last day to send information, the next
//!   follow-up, the day the document must leave the web) are computed when
//!   read, never stored twice.
//!
//! Months are calendar months, by chrono: "four months before giltig
//! fr.o.m." is `valid_from.checked_sub_months(Months::new(4))` — information
//! sent on that day is in time, a day later warns — and "one year after" is
//! `checked_add_months(Months::new(12))`. Where the day does not exist in
//! the target month chrono takes the month's last day: four months before
//! 30 June is 28 (29) February, one year after 29 February 2028 is
//! 28 February 2029.
//!
//! "A new or substantially revised document" (the four-month rule): version
//! 1 is new; a later version is a substantial revision unless a mailing of
//! it is recorded as a minor revision (`minor_revision`).

use chrono::{Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::{lifecycle, DocumentId, DocumentPatch, Version};
use crate::assets;
use crate::audit::{self, NewEvent};
use crate::db::Store;
use crate::error::{Error, FieldError, Result};
use crate::labels;
use crate::time;

/// Longest one-line text (recipients, forum, owner, link), in characters.
pub const MAX_LINE: usize = 500;
/// Longest free text (indicators, result, note), in characters.
pub const MAX_TEXT: usize = 20_000;
/// How many digital information sessions the guideline asks for.
pub const MIN_DIGITAL_SESSIONS: usize = 2;
/// How many months before giltig fr.o.m. information should go out.
pub const INFO_MONTHS_BEFORE: u32 = 4;
/// How many months a retired document stays on the web, marked inaktuell.
pub const WEB_MONTHS_INAKTUELL: u32 = 12;

/// The last day information about a new or substantially revised document
/// may go out: four calendar months before giltig fr.o.m.
pub fn info_due_by(valid_from: NaiveDate) -> Option<NaiveDate> {
    valid_from.checked_sub_months(Months::new(INFO_MONTHS_BEFORE))
}

/// The day a document marked inaktuell on `inaktuell_on` must be removed
/// from the web: one calendar year later.
pub fn web_removal_on(inaktuell_on: NaiveDate) -> Option<NaiveDate> {
    inaktuell_on.checked_add_months(Months::new(WEB_MONTHS_INAKTUELL))
}

/// Information sent to the parties and networks.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MailingInput {
    /// `YYYY-MM-DD`, required.
    pub sent_on: Option<String>,
    /// To whom: parties, networks (one line).
    pub sent_to: String,
    /// The coordinator judged this revision minor: the four-month rule does
    /// not apply. Refused for version 1 (a new document).
    pub minor_revision: bool,
}

/// An information session.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct SessionInput {
    /// `YYYY-MM-DD`, required; may lie in the future.
    pub planned_on: Option<String>,
    /// `YYYY-MM-DD` when already held.
    pub held_on: Option<String>,
    pub digital: bool,
    pub note: String,
}

impl Default for SessionInput {
    fn default() -> Self {
        SessionInput {
            planned_on: None,
            held_on: None,
            digital: true,
            note: String::new(),
        }
    }
}

/// Publication in Vida.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PublicationInput {
    /// `YYYY-MM-DD`, required.
    pub published_on: Option<String>,
    /// The Vida link; blank keeps the link the register has (one is needed).
    pub vida_link: String,
}

/// The follow-up plan.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct FollowupPlanInput {
    /// Mätpunkter eller indikatorer.
    pub indicators: String,
    pub interval_months: Option<i64>,
    /// Ansvarig person/personer (one line).
    pub owner: String,
}

/// A follow-up done.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct FollowupInput {
    /// `YYYY-MM-DD`, required.
    pub done_on: Option<String>,
    pub result: String,
}

/// The decision to retire the document.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RetirementInput {
    pub forum: String,
    /// `YYYY-MM-DD`, required.
    pub decided_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Mailing {
    pub id: i64,
    pub sent_on: NaiveDate,
    pub sent_to: String,
    pub minor_revision: bool,
    pub recorded_at: String,
    pub actor: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Session {
    pub id: i64,
    pub planned_on: NaiveDate,
    pub held_on: Option<NaiveDate>,
    pub digital: bool,
    pub note: String,
    pub recorded_at: String,
    pub actor: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Publication {
    pub published_on: NaiveDate,
    /// The register's Vida link of the version.
    pub vida_link: String,
    pub recorded_at: String,
    pub actor: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FollowupPlan {
    pub indicators: String,
    /// The register's follow-up interval of the version.
    pub interval_months: Option<i64>,
    /// "Vartannat år" …, empty without an interval.
    pub interval_name: String,
    /// The register's follow-up owner of the version.
    pub owner: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Followup {
    pub id: i64,
    pub done_on: NaiveDate,
    pub result: String,
    /// When the next was due, by the interval when this one was recorded.
    pub next_due: Option<NaiveDate>,
    pub recorded_at: String,
    pub actor: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Retirement {
    pub forum: String,
    pub decided_on: NaiveDate,
    pub inaktuell_on: Option<NaiveDate>,
    /// One year after `inaktuell_on` (computed).
    pub removal_on: Option<NaiveDate>,
    /// The day it was actually removed from the web.
    pub removed_on: Option<NaiveDate>,
    pub recorded_at: String,
    pub actor: String,
}

/// A rule of the guideline not met; a warning, never a refusal.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Warning {
    /// `information_late`, `valid_from_missing`, `too_few_sessions`,
    /// `followup_overdue` or `remove_from_web`.
    pub code: &'static str,
    /// What is wrong, in Swedish.
    pub message: String,
}

/// Everything recorded after the decision on the document's current
/// version, with the derived dates and the warnings.
#[derive(Debug, Clone, Serialize)]
pub struct LifecycleView {
    pub document_id: DocumentId,
    pub version_id: i64,
    pub version_no: i64,
    pub stage: String,
    pub stage_name: String,
    pub valid_from: Option<NaiveDate>,
    /// Whether the four-month rule applies (a new document or a
    /// substantial revision).
    pub four_month_rule_applies: bool,
    /// The last day information may go out (four months before giltig
    /// fr.o.m.), when giltig fr.o.m. is set.
    pub info_due_by: Option<NaiveDate>,
    pub mailings: Vec<Mailing>,
    pub sessions: Vec<Session>,
    pub digital_sessions_planned: usize,
    pub publication: Option<Publication>,
    pub followup_plan: FollowupPlan,
    pub followups: Vec<Followup>,
    /// The last follow-up's next date, or giltig fr.o.m. plus the interval
    /// when none is done yet.
    pub next_followup_due: Option<NaiveDate>,
    pub retirement: Option<Retirement>,
    pub warnings: Vec<Warning>,
    /// Whether the steps after the decision concern the document yet: its
    /// stage is at or after Ställningstagande och beslut, a
    /// ställningstagande is recorded on the version, or something after the
    /// decision already is. The window shows the steps only then.
    pub applies: bool,
}

// ---- input checks -------------------------------------------------------

/// Collects the problems of one input, each at its field.
struct Check {
    errors: Vec<FieldError>,
    today: NaiveDate,
}

impl Check {
    fn new() -> Check {
        Check {
            errors: Vec::new(),
            today: time::today(),
        }
    }

    fn push(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// A required date; `past` refuses a date after today.
    fn date(
        &mut self,
        field: &str,
        label: &str,
        text: Option<&str>,
        past: bool,
    ) -> Option<NaiveDate> {
        let date = self.optional_date(field, label, text, past);
        if date.is_none() && text.is_none_or(|t| t.trim().is_empty()) {
            self.push(field, format!("Ange datum: {}.", label.to_lowercase()));
        }
        date
    }

    fn optional_date(
        &mut self,
        field: &str,
        label: &str,
        text: Option<&str>,
        past: bool,
    ) -> Option<NaiveDate> {
        match time::parse_date(field, label, text) {
            Ok(Some(date)) if past && date > self.today => {
                self.push(
                    field,
                    format!("{label} ({date}) kan inte ligga i framtiden."),
                );
                None
            }
            Ok(date) => date,
            Err(e) => {
                self.errors.extend(e.field_errors().iter().cloned());
                None
            }
        }
    }

    /// One line of text: no line breaks or other control characters.
    fn line(&mut self, field: &str, label: &str, value: &str, required: bool) -> String {
        let value = value.trim();
        if required && value.is_empty() {
            self.push(field, format!("Ange {}.", label.to_lowercase()));
        }
        if let Some(problem) = crate::text::line_problem(label, value, MAX_LINE) {
            self.push(field, problem);
        }
        value.to_owned()
    }

    /// Free text: line breaks and tabs allowed, no other control characters.
    fn text(&mut self, field: &str, label: &str, value: &str, required: bool) -> String {
        let value = value.trim().replace("\r\n", "\n");
        if required && value.is_empty() {
            self.push(field, format!("Ange {}.", label.to_lowercase()));
        }
        if let Some(problem) = crate::text::text_problem(label, &value, MAX_TEXT) {
            self.push(field, problem);
        }
        value
    }

    fn finish(self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.errors))
        }
    }
}

/// What one step records in the audit trail.
struct Step<'a> {
    entity: &'a str,
    entity_id: Option<i64>,
    action: &'a str,
    summary: String,
    before: Option<Value>,
    after: Value,
}

fn event(tx: &Connection, actor: &str, version: &Version, step: Step<'_>) -> Result<()> {
    audit::record(
        tx,
        NewEvent {
            actor,
            document_id: Some(version.document_id.0),
            entity: step.entity,
            entity_id: step.entity_id,
            action: step.action,
            summary: step.summary,
            before: step.before,
            after: Some(step.after),
        },
    )?;
    Ok(())
}

/// The keys of `after` whose values differ from `before` (both objects),
/// as the before and after of an event: only what changed is recorded.
fn changed_only(before: &Value, after: &Value) -> (Option<Value>, Value) {
    let (Value::Object(b), Value::Object(a)) = (before, after) else {
        return (Some(before.clone()), after.clone());
    };
    let keys: Vec<&String> = a.keys().filter(|k| b.get(*k) != a.get(*k)).collect();
    let pick = |m: &Map<String, Value>| {
        Value::Object(
            keys.iter()
                .filter_map(|k| m.get(*k).map(|v| ((*k).clone(), v.clone())))
                .collect(),
        )
    };
    (Some(pick(b)), pick(a))
}

// ---- implementering ----------------------------------------------------

/// Records information sent to the parties and networks; moves the
/// document to Implementering (on the day sent) when it stands earlier.
pub fn record_mailing(store: &mut Store, id: DocumentId, input: &MailingInput) -> Result<i64> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let out = record_mailing_in(&tx, &actor, id, input)?;
    tx.commit()?;
    Ok(out)
}

/// [`record_mailing`] inside the caller's transaction, recorded as made by `actor`.
pub(crate) fn record_mailing_in(
    tx: &Connection,
    actor: &str,
    id: DocumentId,
    input: &MailingInput,
) -> Result<i64> {
    let version = super::current_version(tx, id)?;
    let mut check = Check::new();
    let sent_on = check.date(
        "sent_on",
        "Information skickad",
        input.sent_on.as_deref(),
        true,
    );
    let sent_to = check.line("sent_to", "Mottagare", &input.sent_to, false);
    if input.minor_revision && version.version_no == 1 {
        check.push(
            "minor_revision",
            "Version 1 är ett nytt dokument, inte en revidering: fyramånadersregeln gäller.",
        );
    }
    check.finish()?;
    let Some(sent_on) = sent_on else {
        return Err(Error::invalid(
            "sent_on",
            "Ange datum: information skickad.",
        ));
    };
    tx.prepare_cached(
        "INSERT INTO implementation_mailings (version_id, sent_on, sent_to, minor_revision, recorded_at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![version.id, sent_on, sent_to, input.minor_revision, time::now(), actor])?;
    let row = tx.last_insert_rowid();
    let mut after = json!({ "sent_on": sent_on, "sent_to": sent_to });
    if input.minor_revision {
        after["minor_revision"] = json!(true);
    }
    event(
        tx,
        actor,
        &version,
        Step {
            entity: "implementation_mailing",
            entity_id: Some(row),
            action: "implementation_info_sent",
            summary: if sent_to.is_empty() {
                format!("Information om dokumentet skickad {sent_on}")
            } else {
                format!("Information om dokumentet skickad {sent_on} till {sent_to}")
            },
            before: None,
            after,
        },
    )?;
    lifecycle::advance_in(
        tx,
        actor,
        &version,
        "implementering",
        sent_on,
        "Information skickad till parter och nätverk",
    )?;
    Ok(row)
}

/// Plans an information session (digital unless said otherwise), or
/// records one already held.
pub fn add_session(store: &mut Store, id: DocumentId, input: &SessionInput) -> Result<i64> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let out = add_session_in(&tx, &actor, id, input)?;
    tx.commit()?;
    Ok(out)
}

/// [`add_session`] inside the caller's transaction, recorded as made by `actor`.
pub(crate) fn add_session_in(
    tx: &Connection,
    actor: &str,
    id: DocumentId,
    input: &SessionInput,
) -> Result<i64> {
    let version = super::current_version(tx, id)?;
    let mut check = Check::new();
    let planned_on = check.date(
        "planned_on",
        "Planerat datum",
        input.planned_on.as_deref(),
        false,
    );
    let held_on = check.optional_date("held_on", "Genomfört", input.held_on.as_deref(), true);
    let note = check.text("note", "Anteckningen", &input.note, false);
    check.finish()?;
    let Some(planned_on) = planned_on else {
        return Err(Error::invalid("planned_on", "Ange datum: planerat datum."));
    };
    tx.prepare_cached(
        "INSERT INTO implementation_sessions (version_id, planned_on, held_on, digital, note, recorded_at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![version.id, planned_on, held_on, input.digital, note, time::now(), actor])?;
    let row = tx.last_insert_rowid();
    let kind = labels::session_kind(input.digital);
    event(
        tx,
        actor,
        &version,
        Step {
            entity: "implementation_session",
            entity_id: Some(row),
            action: "implementation_session_planned",
            summary: match held_on {
                Some(held) => format!("{kind} genomfört {held}"),
                None => format!("{kind} planerat {planned_on}"),
            },
            before: None,
            after: json!({ "planned_on": planned_on, "held_on": held_on, "digital": input.digital, "note": note }),
        },
    )?;
    Ok(row)
}

/// Records that a planned session was held on `held_on`. Returns the
/// session's document.
pub fn mark_session_held(
    store: &mut Store,
    session_id: i64,
    held_on: Option<&str>,
) -> Result<DocumentId> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let found: Option<(i64, Option<NaiveDate>, NaiveDate)> = tx
        .query_row(
            "SELECT v.document_id, s.held_on, s.planned_on FROM implementation_sessions s
             JOIN document_versions v ON v.id = s.version_id WHERE s.id = ?1",
            [session_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((document, before, planned_on)) = found else {
        return Err(Error::not_found(format!(
            "Informationstillfälle {session_id}"
        )));
    };
    let document = DocumentId(document);
    let version = super::current_version(&tx, document)?;
    let mut check = Check::new();
    let held = check.date("held_on", "Genomfört", held_on, true);
    check.finish()?;
    let Some(held) = held else {
        return Err(Error::invalid("held_on", "Ange datum: genomfört."));
    };
    if before == Some(held) {
        return Ok(document);
    }
    tx.execute(
        "UPDATE implementation_sessions SET held_on = ?2 WHERE id = ?1",
        params![session_id, held],
    )?;
    event(
        &tx,
        &actor,
        &version,
        Step {
            entity: "implementation_session",
            entity_id: Some(session_id),
            action: "implementation_session_held",
            summary: format!("Informationstillfället planerat {planned_on} genomfört {held}"),
            before: Some(json!({ "held_on": before })),
            after: json!({ "held_on": held }),
        },
    )?;
    tx.commit()?;
    Ok(document)
}

/// Removes a mailing recorded by mistake. The document's stage stays where
/// it is (set it in the lifecycle if it should go back); the warnings are
/// computed afresh when read. Returns the mailing's document.
pub fn remove_mailing(store: &mut Store, mailing_id: i64) -> Result<DocumentId> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let found: Option<(i64, NaiveDate, String, bool)> = tx
        .query_row(
            "SELECT v.document_id, m.sent_on, m.sent_to, m.minor_revision
             FROM implementation_mailings m JOIN document_versions v ON v.id = m.version_id
             WHERE m.id = ?1",
            [mailing_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((document, sent_on, sent_to, minor_revision)) = found else {
        return Err(Error::not_found(format!("Utskick {mailing_id}")));
    };
    let document = DocumentId(document);
    tx.execute(
        "DELETE FROM implementation_mailings WHERE id = ?1",
        [mailing_id],
    )?;
    let mut before = json!({ "sent_on": sent_on, "sent_to": sent_to });
    if minor_revision {
        before["minor_revision"] = json!(true);
    }
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(document.0),
            entity: "implementation_mailing",
            entity_id: Some(mailing_id),
            action: "implementation_info_removed",
            summary: if sent_to.is_empty() {
                format!("Utskicket av information {sent_on} borttaget")
            } else {
                format!("Utskicket av information {sent_on} till {sent_to} borttaget")
            },
            before: Some(before),
            after: None,
        },
    )?;
    tx.commit()?;
    Ok(document)
}

/// A session and its document, or the Swedish "not found".
fn find_session(conn: &Connection, session_id: i64) -> Result<(DocumentId, Session)> {
    conn.query_row(
        "SELECT v.document_id, s.id, s.planned_on, s.held_on, s.digital, s.note, s.recorded_at, s.actor
         FROM implementation_sessions s JOIN document_versions v ON v.id = s.version_id
         WHERE s.id = ?1",
        [session_id],
        |r| {
            Ok((
                DocumentId(r.get(0)?),
                Session {
                    id: r.get(1)?,
                    planned_on: r.get(2)?,
                    held_on: r.get(3)?,
                    digital: r.get(4)?,
                    note: r.get(5)?,
                    recorded_at: r.get(6)?,
                    actor: r.get(7)?,
                },
            ))
        },
    )
    .optional()?
    .ok_or_else(|| Error::not_found(format!("Informationstillfälle {session_id}")))
}

/// Removes an information session recorded by mistake (planned or held).
/// The stage stays; the warnings (too few sessions) are computed afresh.
/// Returns the session's document.
pub fn remove_session(store: &mut Store, session_id: i64) -> Result<DocumentId> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let (document, session) = find_session(&tx, session_id)?;
    tx.execute(
        "DELETE FROM implementation_sessions WHERE id = ?1",
        [session_id],
    )?;
    let kind = labels::session_kind(session.digital);
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(document.0),
            entity: "implementation_session",
            entity_id: Some(session_id),
            action: "implementation_session_removed",
            summary: format!("{kind} planerat {} borttaget", session.planned_on),
            before: Some(json!({
                "planned_on": session.planned_on,
                "held_on": session.held_on,
                "digital": session.digital,
                "note": session.note,
            })),
            after: None,
        },
    )?;
    tx.commit()?;
    Ok(document)
}

/// Takes back "held" on a session marked held by mistake: it is planned
/// again. Refused when it is not marked held. Returns the session's
/// document.
pub fn unmark_session_held(store: &mut Store, session_id: i64) -> Result<DocumentId> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let (document, session) = find_session(&tx, session_id)?;
    let Some(held_on) = session.held_on else {
        return Err(Error::invalid(
            "held_on",
            format!(
                "Informationstillfället planerat {} är inte markerat som genomfört.",
                session.planned_on
            ),
        ));
    };
    tx.execute(
        "UPDATE implementation_sessions SET held_on = NULL WHERE id = ?1",
        [session_id],
    )?;
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(document.0),
            entity: "implementation_session",
            entity_id: Some(session_id),
            action: "implementation_session_unheld",
            summary: format!(
                "Markeringen genomfört {held_on} borttagen från informationstillfället planerat {}",
                session.planned_on
            ),
            before: Some(json!({ "held_on": held_on })),
            after: Some(json!({ "held_on": null })),
        },
    )?;
    tx.commit()?;
    Ok(document)
}

// ---- publicering -------------------------------------------------------

/// Records the publication: the date and the Vida link (set in the
/// register through its own patch when given). Moves the document to
/// Publicering (on the day published) when it stands earlier.
pub fn publish(store: &mut Store, id: DocumentId, input: &PublicationInput) -> Result<()> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    publish_in(&tx, &actor, id, input)?;
    tx.commit()?;
    Ok(())
}

/// [`publish`] inside the caller's transaction, recorded as made by `actor`.
pub(crate) fn publish_in(
    tx: &Connection,
    actor: &str,
    id: DocumentId,
    input: &PublicationInput,
) -> Result<()> {
    let version = super::current_version(tx, id)?;
    let mut check = Check::new();
    let published_on = check.date(
        "published_on",
        "Publicerad",
        input.published_on.as_deref(),
        true,
    );
    let link = check.line("vida_link", "Länken i Vida", &input.vida_link, false);
    if link.is_empty() && version.fields.vida_link.is_empty() {
        check.push(
            "vida_link",
            "Ange länken i Vida: dokumentet publiceras genom att länken läggs ut.",
        );
    }
    check.finish()?;
    let Some(published_on) = published_on else {
        return Err(Error::invalid("published_on", "Ange datum: publicerad."));
    };
    if !link.is_empty() {
        let patch = DocumentPatch::only(
            &super::DocumentInput {
                vida_link: link,
                ..Default::default()
            },
            &["vida_link"],
        );
        super::patch_in(tx, actor, id, &patch, None)?;
    }
    let vida_link = super::current_version(tx, id)?.fields.vida_link;
    let before: Option<NaiveDate> = tx
        .query_row(
            "SELECT published_on FROM publications WHERE version_id = ?1",
            [version.id],
            |r| r.get(0),
        )
        .optional()?;
    if before == Some(published_on) && vida_link == version.fields.vida_link {
        return Ok(());
    }
    tx.prepare_cached(
        "INSERT INTO publications (version_id, published_on, recorded_at, actor) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (version_id) DO UPDATE SET published_on = excluded.published_on,
             recorded_at = excluded.recorded_at, actor = excluded.actor",
    )?
    .execute(params![version.id, published_on, time::now(), actor])?;
    event(
        tx,
        actor,
        &version,
        Step {
            entity: "publication",
            entity_id: Some(version.id),
            action: "published",
            summary: format!("Publicerad {published_on} i Vida"),
            before: before
                .map(|b| json!({ "published_on": b, "vida_link": version.fields.vida_link })),
            after: json!({ "published_on": published_on, "vida_link": vida_link }),
        },
    )?;
    lifecycle::advance_in(
        tx,
        actor,
        &version,
        "publicering",
        published_on,
        "Publicerad i Vida",
    )?;
    Ok(())
}

// ---- uppföljning -------------------------------------------------------

/// Records the follow-up plan: the indicators here, the interval and the
/// owner in the register (through its own patch). Returns the names of
/// what changed (empty when nothing did; then nothing is recorded).
pub fn plan_followup(
    store: &mut Store,
    id: DocumentId,
    input: &FollowupPlanInput,
) -> Result<Vec<String>> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let out = plan_followup_in(&tx, &actor, id, input)?;
    tx.commit()?;
    Ok(out)
}

/// [`plan_followup`] inside the caller's transaction, recorded as made by `actor`.
pub(crate) fn plan_followup_in(
    tx: &Connection,
    actor: &str,
    id: DocumentId,
    input: &FollowupPlanInput,
) -> Result<Vec<String>> {
    let version = super::current_version(tx, id)?;
    let mut check = Check::new();
    let indicators = check.text("indicators", "Indikatorerna", &input.indicators, true);
    let owner = check.line("owner", "Ansvarig", &input.owner, true);
    match input.interval_months {
        None => check.push("interval_months", "Ange uppföljningsintervallet i månader."),
        Some(m) if !(1..=120).contains(&m) => check.push(
            "interval_months",
            format!("Uppföljningsintervallet ska vara mellan 1 och 120 månader (inte {m})."),
        ),
        Some(_) => {}
    }
    check.finish()?;
    let patch = DocumentPatch::only(
        &super::DocumentInput {
            followup_interval_months: input.interval_months,
            followup_owner: owner,
            ..Default::default()
        },
        &["followup_interval_months", "followup_owner"],
    );
    let mut changed = super::patch_in(tx, actor, id, &patch, None)?;
    let before: Option<String> = tx
        .query_row(
            "SELECT indicators FROM followup_plans WHERE version_id = ?1",
            [version.id],
            |r| r.get(0),
        )
        .optional()?;
    if before.as_deref() != Some(indicators.as_str()) {
        tx.prepare_cached(
            "INSERT INTO followup_plans (version_id, indicators, recorded_at, actor) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (version_id) DO UPDATE SET indicators = excluded.indicators,
                 recorded_at = excluded.recorded_at, actor = excluded.actor",
        )?
        .execute(params![version.id, indicators, time::now(), actor])?;
        event(
            tx,
            actor,
            &version,
            Step {
                entity: "followup_plan",
                entity_id: Some(version.id),
                action: "followup_planned",
                summary: "Plan för uppföljning: indikatorer sparade".to_owned(),
                before: before.map(|b| json!({ "indicators": b })),
                after: json!({ "indicators": indicators }),
            },
        )?;
        changed.push("indicators".to_owned());
    }
    Ok(changed)
}

/// Records a follow-up done; the next is due one interval (the register's)
/// later. Moves the document to Gällande when it stands earlier.
pub fn record_followup(store: &mut Store, id: DocumentId, input: &FollowupInput) -> Result<i64> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let out = record_followup_in(&tx, &actor, id, input)?;
    tx.commit()?;
    Ok(out)
}

/// [`record_followup`] inside the caller's transaction, recorded as made by `actor`.
pub(crate) fn record_followup_in(
    tx: &Connection,
    actor: &str,
    id: DocumentId,
    input: &FollowupInput,
) -> Result<i64> {
    let version = super::current_version(tx, id)?;
    let mut check = Check::new();
    let done_on = check.date(
        "done_on",
        "Uppföljningen genomförd",
        input.done_on.as_deref(),
        true,
    );
    let result = check.text("result", "Resultatet", &input.result, true);
    check.finish()?;
    let Some(done_on) = done_on else {
        return Err(Error::invalid(
            "done_on",
            "Ange datum: uppföljningen genomförd.",
        ));
    };
    let next_due = next_after(done_on, version.fields.followup_interval_months);
    tx.prepare_cached(
        "INSERT INTO followups (version_id, done_on, result, next_due, recorded_at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        version.id,
        done_on,
        result,
        next_due,
        time::now(),
        actor
    ])?;
    let row = tx.last_insert_rowid();
    event(
        tx,
        actor,
        &version,
        Step {
            entity: "followup",
            entity_id: Some(row),
            action: "followup_done",
            summary: match next_due {
                Some(next) => format!("Uppföljning genomförd {done_on}; nästa senast {next}"),
                None => format!("Uppföljning genomförd {done_on}"),
            },
            before: None,
            after: json!({ "done_on": done_on, "result": result, "next_due": next_due }),
        },
    )?;
    lifecycle::advance_in(
        tx,
        actor,
        &version,
        "gallande",
        done_on,
        "Uppföljning genomförd",
    )?;
    Ok(row)
}

/// When the next follow-up is due: the latest follow-up's own next date
/// once one is done (`Some(next_due)`), else giltig fr.o.m. plus the
/// interval. One rule for the document page, the Översikt and the calendar.
pub fn next_followup_due(
    latest_followup: Option<Option<NaiveDate>>,
    valid_from: Option<NaiveDate>,
    interval_months: Option<i64>,
) -> Option<NaiveDate> {
    match latest_followup {
        Some(next_due) => next_due,
        None => valid_from.and_then(|from| next_after(from, interval_months)),
    }
}

fn next_after(date: NaiveDate, interval_months: Option<i64>) -> Option<NaiveDate> {
    let months = u32::try_from(interval_months?).ok()?;
    date.checked_add_months(Months::new(months))
}

// ---- avveckling --------------------------------------------------------

/// Records the decision to retire the document (forum, date), or corrects
/// it. Moves the document to Avveckling (on the day decided) when it
/// stands earlier.
pub fn decide_retirement(store: &mut Store, id: DocumentId, input: &RetirementInput) -> Result<()> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    decide_retirement_in(&tx, &actor, id, input)?;
    tx.commit()?;
    Ok(())
}

/// [`decide_retirement`] inside the caller's transaction, recorded as made by `actor`.
pub(crate) fn decide_retirement_in(
    tx: &Connection,
    actor: &str,
    id: DocumentId,
    input: &RetirementInput,
) -> Result<()> {
    let version = super::current_version(tx, id)?;
    let before = retirement(tx, version.id)?;
    let mut check = Check::new();
    let forum = check.line("forum", "Forum", &input.forum, true);
    let decided_on = check.date(
        "decided_on",
        "Beslut om avveckling",
        input.decided_on.as_deref(),
        true,
    );
    if let (Some(decided), Some(inaktuell)) =
        (decided_on, before.as_ref().and_then(|b| b.inaktuell_on))
    {
        if decided > inaktuell {
            check.push(
                "decided_on",
                format!(
                    "Beslutet ({decided}) kan inte vara efter dagen dokumentet markerades inaktuellt ({inaktuell})."
                ),
            );
        }
    }
    check.finish()?;
    let Some(decided_on) = decided_on else {
        return Err(Error::invalid(
            "decided_on",
            "Ange datum: beslut om avveckling.",
        ));
    };
    let after = json!({ "forum": forum, "decided_on": decided_on });
    let (before_value, after) = match &before {
        Some(b) => {
            if b.forum == forum && b.decided_on == decided_on {
                return Ok(());
            }
            changed_only(
                &json!({ "forum": b.forum, "decided_on": b.decided_on }),
                &after,
            )
        }
        None => (None, after),
    };
    tx.prepare_cached(
        "INSERT INTO retirements (version_id, forum, decided_on, recorded_at, actor) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (version_id) DO UPDATE SET forum = excluded.forum,
             decided_on = excluded.decided_on, recorded_at = excluded.recorded_at, actor = excluded.actor",
    )?
    .execute(params![version.id, forum, decided_on, time::now(), actor])?;
    event(
        tx,
        actor,
        &version,
        Step {
            entity: "retirement",
            entity_id: Some(version.id),
            action: "retirement_decided",
            summary: format!("Avveckling beslutad {decided_on} av {forum}"),
            before: before_value,
            after,
        },
    )?;
    lifecycle::advance_in(
        tx,
        actor,
        &version,
        "avveckling",
        decided_on,
        &format!("Avveckling beslutad av {forum}"),
    )?;
    Ok(())
}

/// Records the day the retired document was marked inaktuell on the web;
/// returns the day it must be removed (one year later). Moves the document
/// to Avvecklad on that day.
pub fn mark_inaktuell(
    store: &mut Store,
    id: DocumentId,
    inaktuell_on: Option<&str>,
) -> Result<NaiveDate> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let out = mark_inaktuell_in(&tx, &actor, id, inaktuell_on)?;
    tx.commit()?;
    Ok(out)
}

/// [`mark_inaktuell`] inside the caller's transaction, recorded as made by `actor`.
pub(crate) fn mark_inaktuell_in(
    tx: &Connection,
    actor: &str,
    id: DocumentId,
    inaktuell_on: Option<&str>,
) -> Result<NaiveDate> {
    let version = super::current_version(tx, id)?;
    let mut check = Check::new();
    let date = check.date("inaktuell_on", "Markerat inaktuellt", inaktuell_on, true);
    let Some(before) = retirement(tx, version.id)? else {
        check.push(
            "inaktuell_on",
            "Registrera först beslutet om avveckling (forum och datum).",
        );
        return Err(Error::Invalid(check.errors));
    };
    if let Some(date) = date.filter(|d| *d < before.decided_on) {
        check.push(
            "inaktuell_on",
            format!(
                "Dokumentet kan inte ha markerats inaktuellt ({date}) före beslutet om avveckling ({}).",
                before.decided_on
            ),
        );
    }
    check.finish()?;
    let (Some(date), Some(removal_on)) = (date, date.and_then(web_removal_on)) else {
        return Err(Error::invalid(
            "inaktuell_on",
            "Ange datum: markerat inaktuellt.",
        ));
    };
    if before.inaktuell_on == Some(date) {
        return Ok(removal_on);
    }
    tx.prepare_cached("UPDATE retirements SET inaktuell_on = ?2 WHERE version_id = ?1")?
        .execute(params![version.id, date])?;
    event(
        tx,
        actor,
        &version,
        Step {
            entity: "retirement",
            entity_id: Some(version.id),
            action: "marked_inaktuell",
            summary: format!("Markerat inaktuellt på webben {date}; tas bort senast {removal_on}"),
            before: Some(
                json!({ "inaktuell_on": before.inaktuell_on, "removal_on": before.removal_on }),
            ),
            after: json!({ "inaktuell_on": date, "removal_on": removal_on }),
        },
    )?;
    lifecycle::advance_in(
        tx,
        actor,
        &version,
        "avvecklad",
        date,
        "Markerat inaktuellt på webben",
    )?;
    Ok(removal_on)
}

/// Records the day the retired document was removed from the web, after
/// it was marked inaktuell there. The stage stays Avvecklad; the reminder
/// to remove it falls silent.
pub fn mark_removed_from_web(
    store: &mut Store,
    id: DocumentId,
    removed_on: Option<&str>,
) -> Result<()> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let version = super::current_version(&tx, id)?;
    let mut check = Check::new();
    let date = check.date("removed_on", "Borttaget från webben", removed_on, true);
    let inaktuell_on = retirement(&tx, version.id)?.and_then(|r| r.inaktuell_on);
    let Some(inaktuell_on) = inaktuell_on else {
        check.push(
            "removed_on",
            "Registrera först dagen dokumentet markerades inaktuellt på webben.",
        );
        return Err(Error::Invalid(check.errors));
    };
    if let Some(date) = date.filter(|d| *d < inaktuell_on) {
        check.push(
            "removed_on",
            format!(
                "Dokumentet kan inte ha tagits bort från webben ({date}) före dagen det \
                 markerades inaktuellt ({inaktuell_on})."
            ),
        );
    }
    check.finish()?;
    let Some(date) = date else {
        return Err(Error::invalid(
            "removed_on",
            "Ange datum: borttaget från webben.",
        ));
    };
    let before: Option<NaiveDate> = tx.query_row(
        "SELECT removed_on FROM retirements WHERE version_id = ?1",
        [version.id],
        |r| r.get(0),
    )?;
    tx.execute(
        "UPDATE retirements SET removed_on = ?2 WHERE version_id = ?1",
        params![version.id, date],
    )?;
    event(
        &tx,
        &actor,
        &version,
        Step {
            entity: "retirement",
            entity_id: Some(version.id),
            action: "removed_from_web",
            summary: format!("Borttaget från webben {date}"),
            before: Some(json!({ "removed_on": before })),
            after: json!({ "removed_on": date }),
        },
    )?;
    tx.commit()?;
    Ok(())
}

// ---- reading -----------------------------------------------------------

fn retirement(conn: &Connection, version_id: i64) -> Result<Option<Retirement>> {
    Ok(conn
        .query_row(
            "SELECT forum, decided_on, inaktuell_on, recorded_at, actor, removed_on FROM retirements
             WHERE version_id = ?1",
            [version_id],
            |r| {
                let inaktuell_on: Option<NaiveDate> = r.get(2)?;
                Ok(Retirement {
                    forum: r.get(0)?,
                    decided_on: r.get(1)?,
                    inaktuell_on,
                    removal_on: inaktuell_on.and_then(web_removal_on),
                    recorded_at: r.get(3)?,
                    actor: r.get(4)?,
                    removed_on: r.get(5)?,
                })
            },
        )
        .optional()?)
}

/// The document's life after the decision, on its current version, with
/// the warnings of the guideline's rules as of `today`.
pub fn view(conn: &Connection, id: DocumentId, today: NaiveDate) -> Result<LifecycleView> {
    let reference = assets::reference()?;
    let version = super::current_version(conn, id)?;
    let mailings: Vec<Mailing> = conn
        .prepare(
            "SELECT id, sent_on, sent_to, minor_revision, recorded_at, actor
             FROM implementation_mailings WHERE version_id = ?1 ORDER BY sent_on, id",
        )?
        .query_map([version.id], |r| {
            Ok(Mailing {
                id: r.get(0)?,
                sent_on: r.get(1)?,
                sent_to: r.get(2)?,
                minor_revision: r.get(3)?,
                recorded_at: r.get(4)?,
                actor: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let sessions: Vec<Session> = conn
        .prepare(
            "SELECT id, planned_on, held_on, digital, note, recorded_at, actor
             FROM implementation_sessions WHERE version_id = ?1 ORDER BY planned_on, id",
        )?
        .query_map([version.id], |r| {
            Ok(Session {
                id: r.get(0)?,
                planned_on: r.get(1)?,
                held_on: r.get(2)?,
                digital: r.get(3)?,
                note: r.get(4)?,
                recorded_at: r.get(5)?,
                actor: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let publication = conn
        .query_row(
            "SELECT published_on, recorded_at, actor FROM publications WHERE version_id = ?1",
            [version.id],
            |r| {
                Ok(Publication {
                    published_on: r.get(0)?,
                    vida_link: version.fields.vida_link.clone(),
                    recorded_at: r.get(1)?,
                    actor: r.get(2)?,
                })
            },
        )
        .optional()?;
    let indicators: Option<String> = conn
        .query_row(
            "SELECT indicators FROM followup_plans WHERE version_id = ?1",
            [version.id],
            |r| r.get(0),
        )
        .optional()?;
    let followups: Vec<Followup> = conn
        .prepare(
            "SELECT id, done_on, result, next_due, recorded_at, actor
             FROM followups WHERE version_id = ?1 ORDER BY done_on, id",
        )?
        .query_map([version.id], |r| {
            Ok(Followup {
                id: r.get(0)?,
                done_on: r.get(1)?,
                result: r.get(2)?,
                next_due: r.get(3)?,
                recorded_at: r.get(4)?,
                actor: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let retirement = retirement(conn, version.id)?;
    let resolved: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM resolutions WHERE version_id = ?1)",
        [version.id],
        |r| r.get(0),
    )?;

    let valid_from = version.fields.valid_from;
    let four_month_rule_applies =
        version.version_no == 1 || !mailings.iter().any(|m| m.minor_revision);
    let info_due = valid_from.and_then(info_due_by);
    let digital_sessions_planned = sessions.iter().filter(|s| s.digital).count();
    let interval = version.fields.followup_interval_months;
    let next_followup_due = next_followup_due(
        followups.last().map(|last| last.next_due),
        valid_from,
        interval,
    );

    let at = |code: &str| reference.stage_index(code);
    let stage = at(&version.stage);
    let applies = stage >= at(crate::resolutions::STAGE)
        || resolved
        || !mailings.is_empty()
        || !sessions.is_empty()
        || publication.is_some()
        || indicators.is_some()
        || !followups.is_empty()
        || retirement.is_some();
    // Once retirement is under way, how it was implemented no longer asks
    // for anything: only the retirement's own dates warn.
    let retiring = stage >= at("avveckling") || retirement.is_some();
    let mut warnings = Vec::new();
    if four_month_rule_applies && !retiring {
        if let Some(first) = mailings.first() {
            match (valid_from, info_due) {
                (None, _) => warnings.push(Warning {
                    code: "valid_from_missing",
                    message: "Giltig fr.o.m. saknas, så Samdok kan inte pröva att informationen \
                              gick ut minst fyra månader före giltighetstidens start."
                        .to_owned(),
                }),
                (Some(from), Some(due)) if first.sent_on > due => warnings.push(Warning {
                    code: "information_late",
                    message: format!(
                        "Informationen skickades {}, mindre än fyra månader före giltig fr.o.m. \
                         ({from}). Vid nya dokument och betydande revideringar rekommenderar \
                         riktlinjen utskick senast {due}.",
                        first.sent_on
                    ),
                }),
                _ => {}
            }
        }
    }
    let implementing =
        !mailings.is_empty() || !sessions.is_empty() || stage >= at("implementering");
    if implementing && !retiring && digital_sessions_planned < MIN_DIGITAL_SESSIONS {
        warnings.push(Warning {
            code: "too_few_sessions",
            message: match digital_sessions_planned {
                0 => "Inga digitala informationstillfällen är planerade. Riktlinjen \
                      rekommenderar minst två, med möjlighet att ställa frågor."
                    .to_owned(),
                1 => "Bara ett digitalt informationstillfälle är planerat. Riktlinjen \
                      rekommenderar minst två, med möjlighet att ställa frågor."
                    .to_owned(),
                n => format!(
                    "{n} digitala informationstillfällen är planerade. Riktlinjen \
                     rekommenderar minst två."
                ),
            },
        });
    }
    // A version not yet decided (a revision being drafted keeps the
    // interval and giltig fr.o.m. of the one in force) has no follow-up
    // of its own to be late with.
    if let Some(due) = next_followup_due.filter(|d| *d < today && !retiring && applies) {
        warnings.push(Warning {
            code: "followup_overdue",
            message: format!("Nästa uppföljning skulle ha gjorts senast {due}."),
        });
    }
    if let Some(removal) = retirement
        .as_ref()
        .filter(|r| r.removed_on.is_none())
        .and_then(|r| r.removal_on)
        .filter(|d| *d <= today)
    {
        warnings.push(Warning {
            code: "remove_from_web",
            message: format!(
                "Dokumentet ska tas bort från webbplatsen senast {removal}: det har varit \
                 markerat inaktuellt i ett år."
            ),
        });
    }

    Ok(LifecycleView {
        document_id: id,
        version_id: version.id,
        version_no: version.version_no,
        stage_name: version.stage_name.clone(),
        stage: version.stage.clone(),
        valid_from,
        four_month_rule_applies,
        info_due_by: info_due,
        mailings,
        sessions,
        digital_sessions_planned,
        publication,
        followup_plan: FollowupPlan {
            indicators: indicators.unwrap_or_default(),
            interval_months: interval,
            interval_name: version.followup_interval_name.clone(),
            owner: version.fields.followup_owner.clone(),
        },
        followups,
        next_followup_due,
        retirement,
        warnings,
        applies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn four_months_before_is_calendar_months_clamped_to_the_months_end() {
        assert_eq!(info_due_by(d("2027-06-15")), Some(d("2027-02-15")));
        assert_eq!(info_due_by(d("2027-06-30")), Some(d("2027-02-28")));
        assert_eq!(info_due_by(d("2028-06-30")), Some(d("2028-02-29")));
        assert_eq!(info_due_by(d("2027-01-31")), Some(d("2026-09-30")));
    }

    #[test]
    fn one_year_after_a_leap_day_is_the_last_of_february() {
        assert_eq!(web_removal_on(d("2028-02-29")), Some(d("2029-02-28")));
        assert_eq!(web_removal_on(d("2027-02-28")), Some(d("2028-02-28")));
        assert_eq!(web_removal_on(d("2026-11-23")), Some(d("2027-11-23")));
        // A year, not 365 days: those would end on the leap day.
        assert_eq!(web_removal_on(d("2027-03-01")), Some(d("2028-03-01")));
    }
}
