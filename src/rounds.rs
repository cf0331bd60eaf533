//! Remiss and synpunktsrunda rounds (guideline §Remiss- och synpunktsrunda):
//! a round goes to all 17 parties or a chosen subset, with a deadline, and
//! every answer is ticked off as it arrives. A remiss goes to each party's
//! political level, a synpunktsrunda to its officials.
//!
//! Invariants: a recipient has at most one of an answer (received, with a
//! position) and a declining (avstår); every mark and its undoing is one
//! transaction with an audit event on the round's document; the status
//! shown is derived from the dates, never stored separately.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::assets;
use crate::audit::{self, NewEvent};
use crate::db::Store;
use crate::error::{Error, FieldError, Result};
use crate::labels;
use crate::page::{Page, Paging};
use crate::parties::{self, ContactLevel, PartyId};
use crate::register::{self, DocumentId};
use crate::time;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RoundId(pub i64);

impl std::fmt::Display for RoundId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundKind {
    Remiss,
    Synpunktsrunda,
    /// After the ställningstagande: every party is asked to adopt the
    /// document, and each party's decision is recorded.
    Antagande,
}

impl RoundKind {
    /// Every kind, in the order the form offers them.
    pub const ALL: [RoundKind; 3] = [
        RoundKind::Remiss,
        RoundKind::Synpunktsrunda,
        RoundKind::Antagande,
    ];

    pub fn parse(text: &str) -> Option<RoundKind> {
        match text.trim().to_lowercase().as_str() {
            "remiss" => Some(RoundKind::Remiss),
            "synpunktsrunda" | "synpunkt" => Some(RoundKind::Synpunktsrunda),
            "antagande" => Some(RoundKind::Antagande),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RoundKind::Remiss => "remiss",
            RoundKind::Synpunktsrunda => "synpunktsrunda",
            RoundKind::Antagande => "antagande",
        }
    }

    pub fn label(self) -> &'static str {
        labels::round_kind(self.as_str()).unwrap_or_default()
    }

    /// An adoption round records decisions, not answers with comments.
    pub fn is_adoption(self) -> bool {
        self == RoundKind::Antagande
    }

    /// "remiss" / "synpunktsrunda", as in running text.
    pub fn noun(self) -> &'static str {
        self.as_str()
    }

    /// The level the round goes to, for the distribution list.
    pub fn level_name(self) -> &'static str {
        match self.level() {
            ContactLevel::Politisk => "Politisk nivå",
            ContactLevel::Tjansteperson => "Tjänstepersonsnivå",
        }
    }

    /// The contact level a round of this kind goes to: the decision on
    /// adoption is political, like a remiss.
    pub fn level(self) -> ContactLevel {
        match self {
            RoundKind::Remiss | RoundKind::Antagande => ContactLevel::Politisk,
            RoundKind::Synpunktsrunda => ContactLevel::Tjansteperson,
        }
    }
}

/// A party's decision in an adoption round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Antagen,
    EjAntagen,
    /// Sent back for more preparation: the party has still to decide.
    Aterremitterad,
}

impl Outcome {
    /// Every outcome, in the order the form offers them.
    pub const ALL: [Outcome; 3] = [
        Outcome::Antagen,
        Outcome::EjAntagen,
        Outcome::Aterremitterad,
    ];

    /// From a code or a name, with or without å/ä.
    pub fn parse(text: &str) -> Option<Outcome> {
        let text = text.trim().to_lowercase().replace([' ', '-'], "_");
        match text.as_str() {
            "antagen" => Some(Outcome::Antagen),
            "ej_antagen" => Some(Outcome::EjAntagen),
            "aterremitterad" | "återremitterad" => Some(Outcome::Aterremitterad),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Antagen => "antagen",
            Outcome::EjAntagen => "ej_antagen",
            Outcome::Aterremitterad => "aterremitterad",
        }
    }

    pub fn label(self) -> &'static str {
        labels::outcome(self.as_str()).unwrap_or_default()
    }

    /// Antagen or ej antagen: the party has decided. Återremitterad is not
    /// a decision on the document yet.
    pub fn is_decision(self) -> bool {
        !matches!(self, Outcome::Aterremitterad)
    }
}

/// A party's decision as recorded in an adoption round.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Adoption {
    pub outcome: Outcome,
    pub outcome_name: String,
    /// "Kommunfullmäktige" …
    pub body: String,
    pub decided_on: NaiveDate,
    /// The party's own diarienummer for the matter; may be blank.
    pub their_diarienummer: String,
}

/// A round as entered in the form or the CLI.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RoundInput {
    pub kind: String,
    /// `None`: all parties of the document version (all 17 by default).
    pub parties: Option<Vec<PartyId>>,
    /// The day it goes out; blank while it is being prepared.
    pub sent_date: Option<String>,
    pub deadline: Option<String>,
    pub subject: String,
    pub missiv_text: String,
    pub reply_address: String,
    pub diarienummer: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    /// The contact person's title, under the name in the signature.
    pub contact_title: String,
}

/// Where a recipient stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecipientStatus {
    EjSkickad,
    Skickad,
    Paminnd,
    SvarInkommet,
    Avstar,
    Antagen,
    EjAntagen,
    Aterremitterad,
}

impl RecipientStatus {
    pub fn label(self) -> &'static str {
        match self {
            RecipientStatus::EjSkickad => "Ej skickad",
            RecipientStatus::Skickad => "Skickad",
            RecipientStatus::Paminnd => "Påmind",
            RecipientStatus::SvarInkommet => "Svar inkommet",
            RecipientStatus::Avstar => "Avstår",
            RecipientStatus::Antagen => "Antagen",
            RecipientStatus::EjAntagen => "Ej antagen",
            RecipientStatus::Aterremitterad => "Återremitterad",
        }
    }

    /// Answered, declined or decided: nothing more is expected from the
    /// party. A matter återremitterad is still to be decided.
    pub fn is_done(self) -> bool {
        matches!(
            self,
            RecipientStatus::SvarInkommet
                | RecipientStatus::Avstar
                | RecipientStatus::Antagen
                | RecipientStatus::EjAntagen
        )
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Recipient {
    pub party_id: PartyId,
    pub party_name: String,
    pub status: RecipientStatus,
    pub status_name: String,
    pub sent_on: Option<NaiveDate>,
    pub reminded_on: Vec<NaiveDate>,
    pub received_on: Option<NaiveDate>,
    pub position: Option<String>,
    pub position_name: Option<String>,
    pub declined_on: Option<NaiveDate>,
    pub note: String,
    /// No answer and the deadline has passed.
    pub overdue: bool,
    /// The e-mail address of the party's contact at the round's level.
    pub email: Option<String>,
    /// Files the party sent with its answer (in an adoption round, the
    /// protokollsutdrag).
    pub files: Vec<AnswerFile>,
    /// The party's decision, in an adoption round.
    pub adoption: Option<Adoption>,
}

/// A file a party sent with its answer, in the attachment store.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AnswerFile {
    pub id: i64,
    pub file_name: String,
    pub stored_name: String,
    pub size: i64,
    pub created_at: String,
}

/// The largest answer file Samdok stores.
pub const MAX_ANSWER_FILE_BYTES: u64 = 200 * 1024 * 1024;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Round {
    pub id: RoundId,
    pub document_id: DocumentId,
    pub document_title: String,
    pub version_no: i64,
    pub kind: RoundKind,
    pub kind_name: String,
    /// The level the round goes to: "Politisk nivå" or "Tjänstepersonsnivå".
    pub level_name: String,
    pub subject: String,
    pub sent_date: Option<NaiveDate>,
    pub deadline: NaiveDate,
    pub missiv_text: String,
    pub reply_address: String,
    pub diarienummer: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub contact_title: String,
    pub created_at: String,
    /// The round's own key, written into its svarsmallar (custom property
    /// `Samdok.Rundnyckel`) so that a returned form finds its round.
    pub form_key: String,
    /// The day the networks approved the document again after this round
    /// accepted a significant change.
    pub reapproved_on: Option<NaiveDate>,
}

/// A round with its recipients in the guideline's order and the counts.
#[derive(Debug, Clone, Serialize)]
pub struct RoundStatus {
    #[serde(flatten)]
    pub round: Round,
    pub recipients: Vec<Recipient>,
    pub total: usize,
    /// Answered or declined (in an adoption round: decided).
    pub answered: usize,
    /// Parties that adopted the document (adoption rounds; else 0).
    pub adopted: usize,
    /// "Antagen av 2 av 17" in an adoption round; `None` in the others.
    pub adoption_text: Option<String>,
    pub overdue: usize,
    /// Days until the deadline (negative when it has passed).
    pub days_left: i64,
}

fn parse_required_date(field: &str, label: &str, text: Option<&str>) -> Result<NaiveDate> {
    time::parse_date(field, label, text)?
        .ok_or_else(|| Error::invalid(field, format!("Ange {}.", label.to_lowercase())))
}

/// Longest round subject, in characters: a subject line, not a letter.
pub const MAX_SUBJECT_CHARS: usize = 300;
/// Longest diarienummer, in characters (real ones are about 15).
pub const MAX_DIARIENUMMER_CHARS: usize = 100;
/// Longest name of the round's contact person, in characters.
pub const MAX_CONTACT_NAME_CHARS: usize = 200;
/// Longest telephone number of the contact person, in characters.
pub const MAX_CONTACT_PHONE_CHARS: usize = 50;
/// Longest missiv text, in characters: about ten pages.
pub const MAX_MISSIV_CHARS: usize = 20_000;

/// Length limits and line rules of a round's free-text fields. The
/// subject, diarienummer and contact details are one line each (they go
/// into e-mail headers and the missiv's signature); the missiv text may
/// have line breaks but no other control characters.
fn text_field_errors(input: &RoundInput) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let fields = [
        (
            "subject",
            "Ärendemeningen",
            &input.subject,
            MAX_SUBJECT_CHARS,
            true,
        ),
        (
            "diarienummer",
            "Diarienumret",
            &input.diarienummer,
            MAX_DIARIENUMMER_CHARS,
            true,
        ),
        (
            "contact_name",
            "Kontaktpersonens namn",
            &input.contact_name,
            MAX_CONTACT_NAME_CHARS,
            true,
        ),
        (
            "contact_phone",
            "Kontaktpersonens telefonnummer",
            &input.contact_phone,
            MAX_CONTACT_PHONE_CHARS,
            true,
        ),
        (
            "contact_title",
            "Kontaktpersonens titel",
            &input.contact_title,
            MAX_CONTACT_NAME_CHARS,
            true,
        ),
        (
            "missiv_text",
            "Missivtexten",
            &input.missiv_text,
            MAX_MISSIV_CHARS,
            false,
        ),
    ];
    for (field, label, value, max, one_line) in fields {
        let value = value.trim();
        let count = value.chars().count();
        if count > max {
            errors.push(FieldError::new(
                field,
                format!(
                    "{label} får ha högst {} tecken (nu {}).",
                    crate::text::grouped(max),
                    crate::text::grouped(count)
                ),
            ));
        }
        let control = if one_line {
            value.chars().any(char::is_control)
        } else {
            value
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        };
        if control {
            errors.push(FieldError::new(
                field,
                if one_line {
                    format!("{label} ska stå på en rad, utan radbrytningar, tabbar eller andra styrtecken.")
                } else {
                    format!("{label} innehåller styrtecken som inte kan skrivas i ett brev.")
                },
            ));
        }
    }
    errors
}

/// Opens a round on the current version of a document.
pub fn open(store: &mut Store, document: DocumentId, input: &RoundInput) -> Result<RoundId> {
    let actor = store.actor().to_owned();
    // Read inside the write transaction: the round goes to the version that
    // is current when it is stored, even if a revision is opened meanwhile.
    let tx = store.transaction()?;
    let version = register::current_version(&tx, document)?;
    let mut errors: Vec<FieldError> = Vec::new();
    let kind = RoundKind::parse(&input.kind);
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "Välj remiss, synpunktsrunda eller antagande.",
        ));
    }
    let mut take = |r: Result<Option<NaiveDate>>| match r {
        Ok(d) => d,
        Err(e) => {
            errors.extend(e.field_errors().iter().cloned());
            None
        }
    };
    let sent_date = take(time::parse_date(
        "sent_date",
        "Skickas",
        input.sent_date.as_deref(),
    ));
    let deadline =
        match parse_required_date("deadline", "Sista svarsdag", input.deadline.as_deref()) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.extend(e.field_errors().iter().cloned());
                None
            }
        };
    if let (Some(sent), Some(deadline)) = (sent_date, deadline) {
        if deadline < sent {
            errors.push(FieldError::new(
                "deadline",
                format!("Sista svarsdag ({deadline}) kan inte vara före utskicksdagen ({sent})."),
            ));
        }
    }
    if kind == Some(RoundKind::Antagande) {
        let meeting: Option<NaiveDate> = tx.query_row(
            "SELECT max(meeting_date) FROM resolutions WHERE version_id = ?1 AND recommends_adoption = 1",
            [version.id],
            |r| r.get(0),
        )?;
        if let (Some(meeting), Some(sent)) = (meeting, sent_date) {
            if sent < meeting {
                errors.push(FieldError::new(
                    "sent_date",
                    format!(
                        "Antagandet kan inte skickas ut ({sent}) före mötet där ställningstagandet gjordes ({meeting})."
                    ),
                ));
            }
        }
        if meeting.is_none() {
            errors.push(FieldError::new(
                "kind",
                "Antagandet följer på ställningstagandet: registrera först ett ställningstagande \
                 som rekommenderar parterna att anta dokumentet (under Ställningstagande på dokumentets sida).",
            ));
        }
    }
    let all = parties::list(&tx)?;
    let recipients: Vec<PartyId> = match &input.parties {
        None => version.fields.parties.clone(),
        Some(ids) => {
            let mut chosen = Vec::new();
            for id in ids {
                if !all.iter().any(|p| p.id == *id) {
                    errors.push(FieldError::new(
                        "parties",
                        format!("Okänd part (id {}).", id.0),
                    ));
                } else if !chosen.contains(id) {
                    chosen.push(*id);
                }
            }
            chosen
        }
    };
    if recipients.is_empty() {
        errors.push(FieldError::new("parties", "Välj minst en mottagare."));
    }
    for (field, value) in [
        ("reply_address", &input.reply_address),
        ("contact_email", &input.contact_email),
    ] {
        let value = value.trim();
        if !value.is_empty() {
            if let Err(message) = crate::email::check(value) {
                errors.push(FieldError::new(field, message));
            }
        }
    }
    errors.extend(text_field_errors(input));
    let (Some(kind), Some(deadline)) = (kind, deadline) else {
        return Err(Error::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let subject = match input.subject.trim() {
        "" => format!("{}: {}", kind.label(), version.fields.title),
        s => s.to_owned(),
    };
    tx.execute(
        "INSERT INTO rounds (version_id, kind, subject, sent_date, deadline, missiv_text, reply_address,
             diarienummer, contact_name, contact_email, contact_phone, created_at, actor, form_key,
             contact_title)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, lower(hex(randomblob(16))), ?14)",
        params![
            version.id,
            kind.as_str(),
            subject,
            sent_date,
            deadline,
            input.missiv_text.trim(),
            input.reply_address.trim(),
            input.diarienummer.trim(),
            input.contact_name.trim(),
            input.contact_email.trim(),
            input.contact_phone.trim(),
            time::now(),
            actor,
            input.contact_title.trim()
        ],
    )?;
    let id = RoundId(tx.last_insert_rowid());
    for party in &recipients {
        tx.execute(
            "INSERT INTO round_recipients (round_id, party_id, sent_on) VALUES (?1, ?2, ?3)",
            params![id.0, party.0, sent_date],
        )?;
    }
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(document.0),
            entity: "round",
            entity_id: Some(id.0),
            action: "round_opened",
            summary: format!(
                "{} öppnad till {} parter, sista svarsdag {deadline}",
                kind.label(),
                recipients.len()
            ),
            before: None,
            after: Some(
                json!({ "kind": kind.as_str(), "subject": subject, "deadline": deadline, "sent_date": sent_date, "recipients": recipients.len() }),
            ),
        },
    )?;
    tx.commit()?;
    Ok(id)
}

fn round_from_row(row: &Row<'_>) -> rusqlite::Result<Round> {
    let kind: String = row.get("kind")?;
    let kind = RoundKind::parse(&kind).unwrap_or(RoundKind::Remiss);
    Ok(Round {
        id: RoundId(row.get("id")?),
        document_id: DocumentId(row.get("document_id")?),
        document_title: row.get("title")?,
        version_no: row.get("version_no")?,
        kind,
        kind_name: kind.label().to_owned(),
        level_name: kind.level_name().to_owned(),
        subject: row.get("subject")?,
        sent_date: row.get("sent_date")?,
        deadline: row.get("deadline")?,
        missiv_text: row.get("missiv_text")?,
        reply_address: row.get("reply_address")?,
        diarienummer: row.get("diarienummer")?,
        contact_name: row.get("contact_name")?,
        contact_email: row.get("contact_email")?,
        contact_phone: row.get("contact_phone")?,
        contact_title: row.get("contact_title")?,
        created_at: row.get("created_at")?,
        form_key: row
            .get::<_, Option<String>>("form_key")?
            .unwrap_or_default(),
        reapproved_on: row.get("reapproved_on")?,
    })
}

const ROUND_SELECT: &str =
    "SELECT r.id, v.document_id, v.title, v.version_no, r.kind, r.subject, r.sent_date,
     r.deadline, r.missiv_text, r.reply_address, r.diarienummer, r.contact_name, r.contact_email,
     r.contact_phone, r.contact_title, r.created_at, r.form_key, r.reapproved_on
     FROM rounds r JOIN document_versions v ON v.id = r.version_id";

pub fn get(conn: &Connection, id: RoundId) -> Result<Round> {
    conn.query_row(
        &format!("{ROUND_SELECT} WHERE r.id = ?1"),
        [id.0],
        round_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found(format!("Runda {id}")))
}

/// A recipient as stored.
struct RecipientRow {
    party_id: i64,
    sent_on: Option<NaiveDate>,
    received_on: Option<NaiveDate>,
    position: Option<String>,
    declined_on: Option<NaiveDate>,
    note: String,
    adoption: Option<Adoption>,
}

/// The adoption columns of a `round_recipients` row read as
/// `outcome, deciding_body, decided_on, their_diarienummer` from `first`.
fn adoption_from_row(r: &Row<'_>, first: usize) -> rusqlite::Result<Option<Adoption>> {
    let outcome: Option<String> = r.get(first)?;
    let decided_on: Option<NaiveDate> = r.get(first + 2)?;
    let (Some(outcome), Some(decided_on)) =
        (outcome.as_deref().and_then(Outcome::parse), decided_on)
    else {
        return Ok(None);
    };
    Ok(Some(Adoption {
        outcome,
        outcome_name: outcome.label().to_owned(),
        body: r.get(first + 1)?,
        decided_on,
        their_diarienummer: r.get(first + 3)?,
    }))
}

/// The round with every recipient's status, in the guideline's order.
/// Four queries whatever the number of recipients: the round, the
/// recipients, their reminders, their files (and the parties' contacts).
pub fn status(conn: &Connection, id: RoundId, today: NaiveDate) -> Result<RoundStatus> {
    let round = get(conn, id)?;
    let reference = assets::reference()?;
    let all = parties::list(conn)?;
    let mut stmt = conn.prepare(
        "SELECT rr.party_id, rr.sent_on, rr.received_on, rr.position, rr.declined_on, rr.note,
                rr.outcome, rr.deciding_body, rr.decided_on, rr.their_diarienummer
         FROM round_recipients rr JOIN parties p ON p.id = rr.party_id
         WHERE rr.round_id = ?1 ORDER BY p.sort_order",
    )?;
    let rows: Vec<RecipientRow> = stmt
        .query_map([id.0], |r| {
            Ok(RecipientRow {
                party_id: r.get(0)?,
                sent_on: r.get(1)?,
                received_on: r.get(2)?,
                position: r.get(3)?,
                declined_on: r.get(4)?,
                note: r.get(5)?,
                adoption: adoption_from_row(r, 6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut reminders: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT party_id, reminded_on FROM round_reminders WHERE round_id = ?1
         ORDER BY reminded_on, id",
    )?;
    for row in stmt.query_map([id.0], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?)))? {
        let (party, on) = row?;
        reminders.entry(party).or_default().push(on);
    }
    let mut files: HashMap<i64, Vec<AnswerFile>> = HashMap::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT {ANSWER_FILE_COLUMNS}, party_id FROM round_answer_files
         WHERE round_id = ?1 ORDER BY id"
    ))?;
    for row in stmt.query_map([id.0], |r| {
        Ok((r.get::<_, i64>(5)?, answer_file_from_row(r)?))
    })? {
        let (party, file) = row?;
        files.entry(party).or_default().push(file);
    }
    let level = round.kind.level();
    let mut recipients = Vec::new();
    for RecipientRow {
        party_id,
        sent_on,
        received_on,
        position,
        declined_on,
        note,
        adoption,
    } in rows
    {
        let reminded_on = reminders.remove(&party_id).unwrap_or_default();
        let status = if let Some(adoption) = &adoption {
            match adoption.outcome {
                Outcome::Antagen => RecipientStatus::Antagen,
                Outcome::EjAntagen => RecipientStatus::EjAntagen,
                Outcome::Aterremitterad => RecipientStatus::Aterremitterad,
            }
        } else if declined_on.is_some() {
            RecipientStatus::Avstar
        } else if received_on.is_some() {
            RecipientStatus::SvarInkommet
        } else if !reminded_on.is_empty() {
            RecipientStatus::Paminnd
        } else if sent_on.is_some() {
            RecipientStatus::Skickad
        } else {
            RecipientStatus::EjSkickad
        };
        let party = all.iter().find(|p| p.id.0 == party_id);
        let email = party.and_then(|p| {
            p.contacts
                .iter()
                .find(|c| c.level == level && !c.email.is_empty())
                .map(|c| c.email.clone())
        });
        recipients.push(Recipient {
            party_id: PartyId(party_id),
            party_name: party.map_or_else(String::new, |p| p.name.clone()),
            status,
            status_name: status.label().to_owned(),
            sent_on,
            reminded_on,
            received_on,
            position_name: position
                .as_deref()
                .and_then(|p| reference.find_position(p))
                .map(|c| c.name.clone()),
            position,
            declined_on,
            note,
            overdue: !status.is_done() && round.deadline < today,
            email,
            files: files.remove(&party_id).unwrap_or_default(),
            adoption,
        });
    }
    let answered = recipients.iter().filter(|r| r.status.is_done()).count();
    let adopted = recipients
        .iter()
        .filter(|r| r.status == RecipientStatus::Antagen)
        .count();
    let overdue = recipients.iter().filter(|r| r.overdue).count();
    Ok(RoundStatus {
        days_left: (round.deadline - today).num_days(),
        total: recipients.len(),
        answered,
        adopted,
        adoption_text: round
            .kind
            .is_adoption()
            .then(|| labels::adopted_of(adopted, recipients.len())),
        overdue,
        recipients,
        round,
    })
}

/// A change to one recipient of a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// Sent to the party on a date.
    Sent(NaiveDate),
    /// An answer arrived on a date, with a position (code or name) if known.
    Received {
        on: NaiveDate,
        position: Option<String>,
    },
    /// The party declines to answer (avstår).
    Declined(NaiveDate),
    /// Reminded on a date.
    Reminded(NaiveDate),
    /// A note about the party's answer.
    Note(String),
    /// The party's decision in an adoption round.
    Decided(AdoptionDecision),
    /// Takes back the latest answer, declining or decision, else the
    /// latest reminder.
    Undo,
}

/// A party's decision on adoption as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdoptionDecision {
    pub outcome: Outcome,
    /// A deciding body of the party's kind (reference data), any case.
    pub body: String,
    pub on: NaiveDate,
    /// The party's own diarienummer; blank when not known.
    pub their_diarienummer: String,
}

/// The deciding body's stored name for a party, or the Swedish error
/// naming the bodies to choose from.
fn deciding_body(
    conn: &Connection,
    party: PartyId,
    party_name: &str,
    body: &str,
) -> Result<String> {
    let reference = assets::reference()?;
    let kind: String =
        conn.query_row("SELECT kind FROM parties WHERE id = ?1", [party.0], |r| {
            r.get(0)
        })?;
    if let Some(found) = reference.find_deciding_body(&kind, body) {
        return Ok(found.name.clone());
    }
    let names: Vec<&str> = reference
        .deciding_bodies_of(&kind)
        .map(|b| b.name.as_str())
        .collect();
    Err(Error::invalid(
        "body",
        match body.trim() {
            "" => format!(
                "Ange vilket organ hos {party_name} som fattade beslutet: {}.",
                names.join(", ")
            ),
            other => format!(
                "{party_name} har inget beslutande organ «{other}» i Samdoks lista. Välj ett av: {}.",
                names.join(", ")
            ),
        },
    ))
}

/// The name of `party` if it is a recipient of round `id`; otherwise the
/// Swedish error every mark and attachment gives.
pub(crate) fn recipient_name(conn: &Connection, id: RoundId, party: PartyId) -> Result<String> {
    conn.query_row(
        "SELECT p.name FROM round_recipients rr JOIN parties p ON p.id = rr.party_id
         WHERE rr.round_id = ?1 AND rr.party_id = ?2",
        params![id.0, party.0],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::invalid("party", "Parten är inte mottagare i den här rundan."))
}

const ANSWER_FILE_COLUMNS: &str = "id, file_name, stored_name, size, created_at";

fn answer_file_from_row(r: &Row<'_>) -> rusqlite::Result<AnswerFile> {
    Ok(AnswerFile {
        id: r.get(0)?,
        file_name: r.get(1)?,
        stored_name: r.get(2)?,
        size: r.get(3)?,
        created_at: r.get(4)?,
    })
}

/// Applies a mark to one recipient.
pub fn mark(store: &mut Store, id: RoundId, party: PartyId, mark: &Mark) -> Result<()> {
    let reference = assets::reference()?;
    let today = time::today();
    let actor = store.actor().to_owned();
    // Read inside the write transaction: the "before" of the audit event
    // and an undo are what is stored when the change is made.
    let tx = store.transaction()?;
    let round = get(&tx, id)?;
    let party_name = recipient_name(&tx, id, party)?;
    let future = |d: &NaiveDate| -> Result<()> {
        if *d > today {
            Err(Error::invalid(
                "date",
                format!("Datumet {d} ligger i framtiden."),
            ))
        } else {
            Ok(())
        }
    };
    let before = current_state(&tx, id, party)?;
    match mark {
        Mark::Received { .. } | Mark::Declined(_) if round.kind.is_adoption() => {
            return Err(Error::invalid(
                "outcome",
                "I en antagandeomgång registreras partens beslut: antagen, ej antagen eller återremitterad.",
            ));
        }
        Mark::Decided(_) if !round.kind.is_adoption() => {
            return Err(Error::invalid(
                "outcome",
                format!(
                    "Beslut om antagande registreras i en antagandeomgång, inte i en {}.",
                    round.kind.noun()
                ),
            ));
        }
        _ => {}
    }
    let summary = match mark {
        Mark::Sent(on) => {
            tx.execute(
                "UPDATE round_recipients SET sent_on = ?3 WHERE round_id = ?1 AND party_id = ?2",
                params![id.0, party.0, on],
            )?;
            format!("{party_name}: skickad {on}")
        }
        Mark::Received { on, position } => {
            future(on)?;
            let position = match position.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
                None => None,
                Some(p) => Some(
                    reference
                        .find_position(p)
                        .ok_or_else(|| {
                            let names: Vec<&str> = reference
                                .positions
                                .iter()
                                .map(|c| c.code.as_str())
                                .collect();
                            Error::invalid(
                                "position",
                                format!("Okänd ställning «{p}». Välj en av: {}.", names.join(", ")),
                            )
                        })?
                        .code
                        .clone(),
                ),
            };
            tx.execute(
                "UPDATE round_recipients SET received_on = ?3, position = ?4, declined_on = NULL
                 WHERE round_id = ?1 AND party_id = ?2",
                params![id.0, party.0, on, position],
            )?;
            format!("{party_name}: svar inkommet {on}")
        }
        Mark::Declined(on) => {
            future(on)?;
            tx.execute(
                "UPDATE round_recipients SET declined_on = ?3, received_on = NULL, position = NULL
                 WHERE round_id = ?1 AND party_id = ?2",
                params![id.0, party.0, on],
            )?;
            format!("{party_name}: avstår")
        }
        Mark::Reminded(on) => {
            future(on)?;
            tx.execute(
                "INSERT INTO round_reminders (round_id, party_id, reminded_on, recorded_at) VALUES (?1, ?2, ?3, ?4)",
                params![id.0, party.0, on, time::now()],
            )?;
            format!("{party_name}: påmind {on}")
        }
        Mark::Note(text) => {
            tx.execute(
                "UPDATE round_recipients SET note = ?3 WHERE round_id = ?1 AND party_id = ?2",
                params![id.0, party.0, text.trim()],
            )?;
            format!("{party_name}: anteckning ändrad")
        }
        Mark::Decided(decision) => {
            // Every problem at once, each at its field.
            let mut errors: Vec<FieldError> = Vec::new();
            if let Err(e) = future(&decision.on) {
                errors.extend(e.field_errors().iter().cloned());
            }
            let body = match deciding_body(&tx, party, &party_name, &decision.body) {
                Ok(body) => body,
                Err(e) => {
                    errors.extend(e.field_errors().iter().cloned());
                    String::new()
                }
            };
            let dnr = decision.their_diarienummer.trim();
            if dnr.chars().any(char::is_control) {
                errors.push(FieldError::new(
                    "their_diarienummer",
                    "Partens diarienummer ska stå på en rad, utan radbrytningar, tabbar eller andra styrtecken.",
                ));
            }
            let count = dnr.chars().count();
            if count > MAX_DIARIENUMMER_CHARS {
                errors.push(FieldError::new(
                    "their_diarienummer",
                    format!(
                        "Partens diarienummer får ha högst {MAX_DIARIENUMMER_CHARS} tecken (nu {count})."
                    ),
                ));
            }
            if !errors.is_empty() {
                return Err(Error::Invalid(errors));
            }
            let outcome = decision.outcome;
            tx.execute(
                "UPDATE round_recipients SET outcome = ?3, deciding_body = ?4, decided_on = ?5,
                     their_diarienummer = ?6, received_on = ?7, position = NULL, declined_on = NULL
                 WHERE round_id = ?1 AND party_id = ?2",
                params![
                    id.0,
                    party.0,
                    outcome.as_str(),
                    body,
                    decision.on,
                    dnr,
                    outcome.is_decision().then_some(decision.on)
                ],
            )?;
            format!(
                "{party_name}: {} av {} {}",
                outcome.label().to_lowercase(),
                body.to_lowercase(),
                decision.on
            )
        }
        Mark::Undo => {
            if before.outcome.is_some() {
                tx.execute(
                    "UPDATE round_recipients SET outcome = NULL, deciding_body = '', decided_on = NULL,
                         their_diarienummer = '', received_on = NULL
                     WHERE round_id = ?1 AND party_id = ?2",
                    params![id.0, party.0],
                )?;
                format!("{party_name}: beslutet ångrat")
            } else if before.received_on.is_some() || before.declined_on.is_some() {
                tx.execute(
                    "UPDATE round_recipients SET received_on = NULL, position = NULL, declined_on = NULL
                     WHERE round_id = ?1 AND party_id = ?2",
                    params![id.0, party.0],
                )?;
                format!("{party_name}: svaret ångrat")
            } else {
                let removed = tx.execute(
                    "DELETE FROM round_reminders WHERE id = (SELECT max(id) FROM round_reminders
                         WHERE round_id = ?1 AND party_id = ?2)",
                    params![id.0, party.0],
                )?;
                if removed == 0 {
                    return Err(Error::invalid(
                        "party",
                        format!("Det finns inget att ångra för {party_name}."),
                    ));
                }
                format!("{party_name}: påminnelsen ångrad")
            }
        }
    };
    let after = current_state(&tx, id, party)?;
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(round.document_id.0),
            entity: "round_recipient",
            entity_id: Some(id.0),
            action: "round_marked",
            summary: format!("{}: {summary}", round.kind.label()),
            before: Some(serde_json::to_value(&before).map_err(std::io::Error::other)?),
            after: Some(serde_json::to_value(&after).map_err(std::io::Error::other)?),
        },
    )?;
    tx.commit()?;
    Ok(())
}

#[derive(Debug, Serialize)]
struct RecipientState {
    sent_on: Option<NaiveDate>,
    received_on: Option<NaiveDate>,
    position: Option<String>,
    declined_on: Option<NaiveDate>,
    reminders: i64,
    note: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    deciding_body: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    decided_on: Option<NaiveDate>,
    #[serde(skip_serializing_if = "String::is_empty")]
    their_diarienummer: String,
}

fn current_state(conn: &Connection, id: RoundId, party: PartyId) -> Result<RecipientState> {
    Ok(conn.query_row(
        "SELECT sent_on, received_on, position, declined_on, note,
             (SELECT count(*) FROM round_reminders m WHERE m.round_id = rr.round_id AND m.party_id = rr.party_id),
             outcome, deciding_body, decided_on, their_diarienummer
         FROM round_recipients rr WHERE round_id = ?1 AND party_id = ?2",
        params![id.0, party.0],
        |r| {
            Ok(RecipientState {
                sent_on: r.get(0)?,
                received_on: r.get(1)?,
                position: r.get(2)?,
                declined_on: r.get(3)?,
                note: r.get(4)?,
                reminders: r.get(5)?,
                outcome: r.get(6)?,
                deciding_body: r.get(7)?,
                decided_on: r.get(8)?,
                their_diarienummer: r.get(9)?,
            })
        },
    )?)
}

/// Where a document's adoption stands: the tally of its current version's
/// latest adoption round and the parties that have not decided.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AdoptionStatus {
    #[serde(flatten)]
    pub tally: register::AdoptionTally,
    /// Parties without a decision (återremitterad included), in the
    /// guideline's order.
    pub undecided: Vec<String>,
    /// Parties that decided not to adopt it.
    pub not_adopted: Vec<String>,
}

/// The adoption of the current version of `document`; `None` before its
/// first adoption round.
pub fn adoption(conn: &Connection, document: DocumentId) -> Result<Option<AdoptionStatus>> {
    let version = register::current_version(conn, document)?;
    let Some(tally) = register::list::adoption_tallies(conn, &[version.id])?.remove(&version.id)
    else {
        return Ok(None);
    };
    let mut stmt = conn.prepare(
        "SELECT p.name, rr.outcome FROM round_recipients rr JOIN parties p ON p.id = rr.party_id
         WHERE rr.round_id = ?1 AND rr.outcome IS NOT 'antagen' ORDER BY p.sort_order",
    )?;
    let mut undecided = Vec::new();
    let mut not_adopted = Vec::new();
    for row in stmt.query_map([tally.round_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
    })? {
        let (name, outcome) = row?;
        if outcome.as_deref() == Some(Outcome::EjAntagen.as_str()) {
            not_adopted.push(name);
        } else {
            undecided.push(name);
        }
    }
    Ok(Some(AdoptionStatus {
        tally,
        undecided,
        not_adopted,
    }))
}

/// One line of the overview of open rounds.
#[derive(Debug, Clone, Serialize)]
pub struct RoundSummary {
    pub id: RoundId,
    pub document_id: DocumentId,
    pub document_title: String,
    pub kind: RoundKind,
    pub kind_name: String,
    pub subject: String,
    pub deadline: NaiveDate,
    pub answered: usize,
    pub total: usize,
    /// Parties that adopted the document (adoption rounds; else 0).
    pub adopted: usize,
    /// "Antagen av 2 av 17" in an adoption round; `None` in the others.
    pub adoption_text: Option<String>,
    pub overdue: usize,
    pub days_left: i64,
}

/// Which rounds Rundor (or a document's round list) asks for.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RoundQuery {
    /// Also the rounds where every party has answered or declined.
    pub include_done: bool,
    /// Only the rounds of this document (all its versions).
    pub document_id: Option<DocumentId>,
    /// Rows to skip (paging).
    pub offset: u32,
    /// Rows to return; `None` for all.
    pub limit: Option<u32>,
}

/// Rounds still waiting for answers (or, with `include_done`, all), the
/// nearest deadline first: one page of them and how many there are. Three
/// queries whatever the number of rounds: the count, the page, and the
/// page's answer counts (the partial index `round_recipients_waiting` tells
/// which rounds still wait without reading every answer).
pub fn list(conn: &Connection, query: &RoundQuery, today: NaiveDate) -> Result<Page<RoundSummary>> {
    let mut conditions = vec!["1"];
    let mut params: Vec<SqlValue> = Vec::new();
    if !query.include_done {
        conditions.push(
            "EXISTS (SELECT 1 FROM round_recipients w WHERE w.round_id = r.id
                     AND w.received_on IS NULL AND w.declined_on IS NULL)",
        );
    }
    if let Some(document) = query.document_id {
        conditions.push("r.version_id IN (SELECT id FROM document_versions WHERE document_id = ?)");
        params.push(SqlValue::Integer(document.0));
    }
    let filter = conditions.join(" AND ");
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM rounds r WHERE {filter}"),
        params_from_iter(&params),
        |r| r.get(0),
    )?;
    let paging = Paging {
        offset: query.offset,
        limit: query.limit,
    };
    params.push(SqlValue::Integer(paging.sql_limit()));
    params.push(SqlValue::Integer(paging.sql_offset()));
    let mut stmt = conn.prepare(&format!(
        "WITH page AS (
             SELECT r.id FROM rounds r WHERE {filter}
             ORDER BY r.deadline, r.id LIMIT ? OFFSET ?
         )
         SELECT r.id, v.document_id, v.title, r.kind, r.subject, r.deadline,
                count(*) AS total,
                sum(rr.received_on IS NOT NULL OR rr.declined_on IS NOT NULL) AS answered,
                sum(rr.outcome IS 'antagen') AS adopted
         FROM page
         JOIN rounds r ON r.id = page.id
         JOIN document_versions v ON v.id = r.version_id
         JOIN round_recipients rr ON rr.round_id = r.id
         GROUP BY r.id
         ORDER BY r.deadline, r.id"
    ))?;
    let rows = stmt
        .query_map(params_from_iter(&params), |r| {
            let kind: String = r.get("kind")?;
            let kind = RoundKind::parse(&kind).unwrap_or(RoundKind::Remiss);
            let deadline: NaiveDate = r.get("deadline")?;
            let total: i64 = r.get("total")?;
            let answered: i64 = r.get("answered")?;
            let adopted: i64 = r.get("adopted")?;
            let waiting = (total - answered) as usize;
            Ok(RoundSummary {
                id: RoundId(r.get("id")?),
                document_id: DocumentId(r.get("document_id")?),
                document_title: r.get("title")?,
                kind,
                kind_name: kind.label().to_owned(),
                subject: r.get("subject")?,
                deadline,
                answered: answered as usize,
                total: total as usize,
                adopted: adopted as usize,
                adoption_text: kind
                    .is_adoption()
                    .then(|| labels::adopted_of(adopted as usize, total as usize)),
                overdue: if deadline < today { waiting } else { 0 },
                days_left: (deadline - today).num_days(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Page::new(rows, total as u64, u64::from(query.offset)))
}

/// Records a reminder on `on` for each of `parties`, in one transaction
/// with one audit event.
pub fn record_reminders(
    store: &mut Store,
    id: RoundId,
    parties: &[PartyId],
    on: NaiveDate,
) -> Result<()> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let round = get(&tx, id)?;
    let mut names = Vec::new();
    for party in parties {
        let name = recipient_name(&tx, id, *party)?;
        tx.execute(
            "INSERT INTO round_reminders (round_id, party_id, reminded_on, recorded_at) VALUES (?1, ?2, ?3, ?4)",
            params![id.0, party.0, on, time::now()],
        )?;
        names.push(name);
    }
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(round.document_id.0),
            entity: "round",
            entity_id: Some(id.0),
            action: "round_reminded",
            summary: format!(
                "{}: påminnelse till {}",
                round.kind.label(),
                names.join(", ")
            ),
            before: None,
            after: Some(json!({ "reminded_on": on, "parties": names })),
        },
    )?;
    tx.commit()?;
    Ok(())
}

/// Stores a file a party sent with its answer (yttrande, protokollsutdrag)
/// in the attachment store and records it on the party.
pub fn attach_answer_file(
    store: &mut Store,
    id: RoundId,
    party: PartyId,
    source: &std::path::Path,
) -> Result<AnswerFile> {
    let round = get(store.conn(), id)?;
    let party_name = recipient_name(store.conn(), id, party)?;
    if source.is_dir() {
        return Err(Error::File {
            path: source.display().to_string(),
            reason: "Det är en mapp, inte en fil.".into(),
        });
    }
    let file_name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| Error::invalid("file", "Filen saknar namn."))?;
    let ext = std::path::Path::new(&file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .filter(|e| !e.is_empty() && e.len() <= 8 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_else(|| "bin".into());
    let stored = crate::db::attachments::add_file(store, source, &ext, MAX_ANSWER_FILE_BYTES)?;
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    tx.execute(
        "INSERT INTO round_answer_files (round_id, party_id, file_name, stored_name, sha256, size, created_at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id.0, party.0, file_name, stored.stored_name, stored.sha256, stored.size as i64, time::now(), actor],
    )?;
    let file_id = tx.last_insert_rowid();
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(round.document_id.0),
            entity: "round_answer_file",
            entity_id: Some(file_id),
            action: "answer_file_attached",
            summary: format!(
                "{}: {party_name} – fil bifogad: {file_name}",
                round.kind.label()
            ),
            before: None,
            after: Some(json!({ "file_name": file_name, "sha256": stored.sha256 })),
        },
    )?;
    let file = tx.query_row(
        &format!("SELECT {ANSWER_FILE_COLUMNS} FROM round_answer_files WHERE id = ?1"),
        [file_id],
        answer_file_from_row,
    )?;
    tx.commit()?;
    Ok(file)
}

/// The stored path of an answer file, for opening it.
pub fn answer_file_path(store: &Store, file_id: i64) -> Result<std::path::PathBuf> {
    let name: String = store
        .conn()
        .query_row(
            "SELECT stored_name FROM round_answer_files WHERE id = ?1",
            [file_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::not_found(format!("Filen {file_id}")))?;
    crate::db::attachments::path(store, &name)
}

/// Records the day the networks approved the document again after the
/// round accepted a significant change (`None` takes it back).
pub fn record_reapproval(store: &mut Store, id: RoundId, on: Option<NaiveDate>) -> Result<()> {
    if let Some(on) = on {
        if on > time::today() {
            return Err(Error::invalid(
                "date",
                format!("Datumet {on} ligger i framtiden."),
            ));
        }
    }
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let round = get(&tx, id)?;
    tx.execute(
        "UPDATE rounds SET reapproved_on = ?2 WHERE id = ?1",
        params![id.0, on],
    )?;
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(round.document_id.0),
            entity: "round",
            entity_id: Some(id.0),
            action: "round_reapproved",
            summary: match on {
                Some(on) => format!(
                    "{}: dokumentet godkänt på nytt i nätverken {on}",
                    round.kind.label()
                ),
                None => format!("{}: godkännandet i nätverken borttaget", round.kind.label()),
            },
            before: Some(json!({ "reapproved_on": round.reapproved_on })),
            after: Some(json!({ "reapproved_on": on })),
        },
    )?;
    tx.commit()?;
    Ok(())
}
