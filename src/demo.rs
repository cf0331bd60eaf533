//! A demo register: thousands of documents with several years of history,
//! rounds and answers, for benchmarks and for trying the app
//! (`samdok demo --documents N --rounds R --db PATH`).
//!
//! [`generate`] plans the register and plays it, change by change, into a
//! [`Sink`]. Two sinks exist: [`SqlSink`], which writes with prepared
//! statements in a few big transactions (10 000 documents and 200 000
//! answers in seconds), and, in the tests, one that calls the normal
//! functions (`register::create`, `rounds::mark` …). Every change happens at
//! its own moment through [`time::as_of`], so both write the same rows,
//! timestamps included; the tests compare the two databases table by table.
//!
//! The documents that reach the stage *Ställningstagande och beslut* or
//! further get what the guideline records there and after: a forum's
//! ställningstagande, information sent and information sessions, the
//! publication in Vida, a follow-up plan and the follow-ups done, and the
//! decision to retire with the day the document was marked inaktuell. Now
//! and then the guideline's rules are not met (information late, one
//! session, a follow-up not done, a document still on the web a year after
//! it was marked inaktuell), so the warnings show. The steps after the
//! decision are played through the core's own functions on the sink's
//! transaction (`after_decision::*_in`), so both sinks write them alike.
//!
//! Promises:
//! - the same `documents`, `rounds` and day give the same register (a seeded
//!   generator of our own; dates are relative to the day it is built, so
//!   there are always deadlines both past and future);
//! - the database is marked as a demo (the row `demo` in the table `meta`),
//!   and [`build`] replaces an existing file only if it is such a demo;
//! - [`build`] writes a new file beside the target and renames it into
//!   place: the target is a whole demo or left as it was.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::assets::{self, Reference};
use crate::audit::{self, NewEvent};
use crate::db::{Store, APPLICATION_ID};
use crate::error::{Error, Result};
use crate::parties::{self, ContactInput, ContactLevel, Party, PartyId};
use crate::register::after_decision::{
    self as steps, FollowupInput, FollowupPlanInput, MailingInput, PublicationInput,
    RetirementInput, SessionInput,
};
use crate::register::{self, lifecycle, DocumentId, DocumentInput, Fields};
use crate::resolutions::{self, ResolutionInput};
use crate::rounds::{AdoptionDecision, Mark, Outcome, RoundId, RoundInput, RoundKind};
use crate::time;

/// How big a register to build, and the day it is built on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Spec {
    pub documents: u32,
    pub rounds: u32,
    /// Every date of the history lies on or before this day.
    pub today: NaiveDate,
}

/// The largest register `samdok demo` builds.
pub const MAX_DOCUMENTS: u32 = 200_000;
/// The most rounds `samdok demo` builds.
pub const MAX_ROUNDS: u32 = 500_000;

impl Spec {
    fn check(&self) -> Result<()> {
        if self.documents == 0 {
            return Err(Error::invalid("documents", "Ange minst ett dokument."));
        }
        if self.documents > MAX_DOCUMENTS {
            return Err(Error::invalid(
                "documents",
                format!("Högst {MAX_DOCUMENTS} dokument."),
            ));
        }
        if self.rounds > MAX_ROUNDS {
            return Err(Error::invalid(
                "rounds",
                format!("Högst {MAX_ROUNDS} rundor."),
            ));
        }
        Ok(())
    }
}

/// What a build wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Built {
    pub documents: u64,
    pub versions: u64,
    /// Remiss and synpunktsrundor (what `Spec::rounds` asks for).
    pub rounds: u64,
    /// Adoption rounds, one after each ställningstagande that recommends it.
    pub adoption_rounds: u64,
    /// Recipients of rounds (one expected answer each).
    pub answers: u64,
    pub events: u64,
}

/// A moment of the history and who made the change then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub at: NaiveDateTime,
    pub actor: &'static str,
}

/// Where [`generate`] plays its changes: each method makes one change, as
/// the function of the same name in the core would, at `stamp`.
pub trait Sink {
    fn add_contact(&mut self, stamp: Stamp, party: PartyId, contact: &ContactInput) -> Result<()>;
    fn create_document(&mut self, stamp: Stamp, input: &DocumentInput) -> Result<DocumentId>;
    fn update_document(
        &mut self,
        stamp: Stamp,
        id: DocumentId,
        input: &DocumentInput,
    ) -> Result<()>;
    /// Moves the document to `stage` on the stamp's day.
    fn set_stage(&mut self, stamp: Stamp, id: DocumentId, stage: &str, comment: &str)
        -> Result<()>;
    fn open_revision(&mut self, stamp: Stamp, id: DocumentId, comment: &str) -> Result<()>;
    fn open_round(&mut self, stamp: Stamp, id: DocumentId, input: &RoundInput) -> Result<RoundId>;
    fn mark(&mut self, stamp: Stamp, round: RoundId, party: PartyId, mark: &Mark) -> Result<()>;
    /// Records a step of the decision or after it on the document's
    /// current version, as the function [`Step`] names would.
    fn step(&mut self, stamp: Stamp, id: DocumentId, step: &Step) -> Result<()>;
}

/// A step of the decision or after it, and the core function that records
/// it.
#[derive(Debug, Clone)]
pub enum Step {
    /// `resolutions::record`.
    Resolution(ResolutionInput),
    /// `after_decision::record_mailing`.
    Mailing(MailingInput),
    /// `after_decision::add_session`.
    Session(SessionInput),
    /// `after_decision::publish`.
    Publication(PublicationInput),
    /// `after_decision::plan_followup`.
    FollowupPlan(FollowupPlanInput),
    /// `after_decision::record_followup`.
    Followup(FollowupInput),
    /// `after_decision::decide_retirement`.
    Retirement(RetirementInput),
    /// `after_decision::mark_inaktuell`.
    Inaktuell(NaiveDate),
    /// `rounds::open` of an adoption round (antagande).
    Adoption(Box<RoundInput>),
    /// `rounds::mark` with a party's decision, on the document's latest
    /// adoption round ([`latest_adoption_round`]).
    Decision {
        party: PartyId,
        decision: AdoptionDecision,
    },
}

/// The latest adoption round of a document (any version): where the
/// demo's decisions go.
pub fn latest_adoption_round(conn: &Connection, id: DocumentId) -> Result<RoundId> {
    conn.prepare_cached(
        "SELECT max(r.id) FROM rounds r JOIN document_versions v ON v.id = r.version_id
         WHERE v.document_id = ?1 AND r.kind = 'antagande'",
    )?
    .query_row([id.0], |r| r.get::<_, Option<i64>>(0))?
    .map(RoundId)
    .ok_or_else(|| Error::not_found("Dokumentets antagandeomgång"))
}

// ---------------------------------------------------------------- building

/// Key of the row in `meta` that marks a demo database.
pub const DEMO_KEY: &str = "demo";

/// Whether the file at `path` is a Samdok database built by [`build`].
/// Reads only; a file that is no SQLite database at all is not a demo.
pub fn is_demo(path: &Path) -> Result<bool> {
    let conn = match Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) {
        Ok(conn) => conn,
        Err(_) => return Ok(false),
    };
    let read = || -> rusqlite::Result<bool> {
        let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app_id != APPLICATION_ID {
            return Ok(false);
        }
        let has_meta: bool = conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'",
            [],
            |r| r.get(0),
        )?;
        if !has_meta {
            return Ok(false);
        }
        Ok(conn
            .query_row("SELECT 1 FROM meta WHERE key = ?1", [DEMO_KEY], |_| Ok(()))
            .optional()?
            .is_some())
    };
    Ok(read().unwrap_or(false))
}

fn refuse_unless_replaceable(path: &Path) -> Result<()> {
    let shown = path.display().to_string();
    if path.is_dir() {
        return Err(Error::File {
            path: shown,
            reason: "Det är en mapp. Ange en databasfil.".into(),
        });
    }
    if path.exists() && !is_demo(path)? {
        return Err(Error::File {
            path: shown,
            reason: "Filen finns redan och är ingen demodatabas. Demon skriver bara över \
                     en databas som den själv har byggt; välj ett nytt filnamn."
                .into(),
        });
    }
    Ok(())
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

fn remove_database_files(path: &Path) -> Result<()> {
    for file in [
        path.to_path_buf(),
        sibling(path, "-wal"),
        sibling(path, "-shm"),
    ] {
        match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    Ok(())
}

/// Builds a demo register at `path`: a new file, or one that replaces an
/// earlier demo. Any other existing file is refused and left untouched.
pub fn build(path: &Path, spec: &Spec) -> Result<Built> {
    spec.check()?;
    refuse_unless_replaceable(path)?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            return Err(Error::File {
                path: parent.display().to_string(),
                reason: "Mappen finns inte.".into(),
            });
        }
    }
    let temp = sibling(path, ".demo-bygge");
    remove_database_files(&temp)?;
    let built = build_into(&temp, spec);
    match built {
        Ok(built) => {
            remove_database_files(path)?;
            std::fs::rename(&temp, path)?;
            Ok(built)
        }
        Err(e) => {
            let _ = remove_database_files(&temp);
            Err(e)
        }
    }
}

/// Changes written between two commits while building.
const CHANGES_PER_TRANSACTION: u32 = 50_000;

fn build_into(path: &Path, spec: &Spec) -> Result<Built> {
    let store = Store::open(path)?;
    let conn = store.conn();
    // The file is renamed into place only when whole, so a crash loses
    // nothing worth an fsync.
    conn.pragma_update(None, "synchronous", "OFF")?;
    conn.pragma_update(None, "cache_size", -64_000)?;
    // The fast sink and the core functions it calls for the steps after
    // the decision use more prepared statements than rusqlite's default
    // cache of 16 holds; beyond it every statement is parsed again.
    conn.set_prepared_statement_cache_capacity(256);
    conn.execute_batch("BEGIN IMMEDIATE")?;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)",
        params![
            DEMO_KEY,
            json!({ "documents": spec.documents, "rounds": spec.rounds, "today": spec.today })
                .to_string()
        ],
    )?;
    let mut sink = SqlSink::new(conn)?;
    let parties = parties::list(conn)?;
    let played = generate(spec, &parties, &mut sink);
    if let Err(e) = played {
        let _ = conn.execute_batch("ROLLBACK");
        return Err(e);
    }
    conn.execute_batch("COMMIT")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    let count = |table: &str| -> Result<u64> {
        Ok(
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                r.get::<_, i64>(0)
            })? as u64,
        )
    };
    let built = Built {
        documents: count("documents")?,
        versions: count("document_versions")?,
        rounds: count("rounds WHERE kind <> 'antagande'")?,
        adoption_rounds: count("rounds WHERE kind = 'antagande'")?,
        answers: count("round_recipients")?,
        events: count("events")?,
    };
    conn.execute_batch("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);")?;
    drop(store);
    Ok(built)
}

// ---------------------------------------------------------------- the SQL sink

/// What [`SqlSink`] keeps of a document, instead of reading it back.
struct DocState {
    version_id: i64,
    version_no: i64,
    fields: Fields,
    stage: String,
}

/// A recipient's state as `rounds::mark` records it before and after.
#[derive(Debug, Clone, Default, Serialize)]
struct RecipientState {
    sent_on: Option<NaiveDate>,
    received_on: Option<NaiveDate>,
    position: Option<String>,
    declined_on: Option<NaiveDate>,
    reminders: i64,
    note: String,
    // As `rounds::RecipientState` writes them: only when there is a decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    deciding_body: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    decided_on: Option<NaiveDate>,
    #[serde(skip_serializing_if = "String::is_empty")]
    their_diarienummer: String,
}

struct RoundState {
    document_id: DocumentId,
    kind: RoundKind,
    recipients: HashMap<i64, RecipientState>,
}

/// Writes the changes straight with prepared statements, inside the
/// transaction the caller opened, committing every
/// [`CHANGES_PER_TRANSACTION`] changes. The rows are those the normal
/// functions write (the tests hold it to that); what those functions read
/// back from the database, this sink keeps in memory.
pub struct SqlSink<'c> {
    conn: &'c Connection,
    reference: &'static Reference,
    party_names: HashMap<i64, String>,
    documents: HashMap<DocumentId, DocState>,
    rounds: HashMap<RoundId, RoundState>,
    changes: u32,
}

impl<'c> SqlSink<'c> {
    /// A sink on `conn`, which must be inside a transaction.
    pub fn new(conn: &'c Connection) -> Result<SqlSink<'c>> {
        Ok(SqlSink {
            conn,
            reference: assets::reference()?,
            party_names: parties::list(conn)?
                .into_iter()
                .map(|p| (p.id.0, p.name))
                .collect(),
            documents: HashMap::new(),
            rounds: HashMap::new(),
            changes: 0,
        })
    }

    fn changed(&mut self) -> Result<()> {
        self.changes += 1;
        if self.changes.is_multiple_of(CHANGES_PER_TRANSACTION) {
            self.conn.execute_batch("COMMIT; BEGIN IMMEDIATE")?;
        }
        Ok(())
    }

    fn document(&self, id: DocumentId) -> Result<&DocState> {
        self.documents
            .get(&id)
            .ok_or_else(|| Error::not_found(format!("Dokument {id}")))
    }

    /// As `register::reindex`, from the fields in memory.
    fn reindex(&self, id: DocumentId, fields: &Fields) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM document_search WHERE rowid = ?1")?
            .execute([id.0])?;
        self.conn
            .prepare_cached(
                "INSERT INTO document_search (rowid, title, notes, owner, diarienummer) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                id.0,
                fields.title,
                fields.notes,
                fields.owner,
                fields.diarienummer.clone().unwrap_or_default()
            ])?;
        Ok(())
    }

    /// As `resolutions::record` on a document that already stands at the
    /// stage (the demo records it there, so the stage does not move) and
    /// where no re-approval waits (the demo has no comments).
    fn resolution(&self, stamp: Stamp, id: DocumentId, input: &ResolutionInput) -> Result<()> {
        let doc = self.document(id)?;
        if self.reference.stage_index(&doc.stage) < self.reference.stage_index(resolutions::STAGE) {
            return Err(Error::invalid(
                "stage",
                "Demon registrerar ställningstagandet först när dokumentet står i steget.",
            ));
        }
        let wanted = input.forum.trim().to_lowercase();
        let forum = self
            .reference
            .forums
            .iter()
            .find(|f| f.to_lowercase() == wanted)
            .ok_or_else(|| Error::invalid("forum", format!("Okänt forum «{}».", input.forum)))?;
        let meeting_date =
            time::parse_date("meeting_date", "Mötesdatum", Some(&input.meeting_date))?
                .ok_or_else(|| Error::invalid("meeting_date", "Ange mötesdatum (ÅÅÅÅ-MM-DD)."))?;
        let points = resolutions::parse_points(&input.text);
        let stored = serde_json::to_string(&points)
            .map_err(|e| Error::invalid("text", format!("Beslutet kunde inte sparas: {e}")))?;
        self.conn
            .prepare_cached(
                "INSERT INTO resolutions (version_id, forum, meeting_date, points, recommends_adoption, created_at, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                doc.version_id,
                forum,
                meeting_date,
                stored,
                input.recommends_adoption,
                time::now(),
                stamp.actor
            ])?;
        let resolution = self.conn.last_insert_rowid();
        audit::record(
            self.conn,
            NewEvent {
                actor: stamp.actor,
                document_id: Some(id.0),
                entity: "resolution",
                entity_id: Some(resolution),
                action: "resolution_recorded",
                summary: format!("Ställningstagande i {forum} {meeting_date} registrerat"),
                before: None,
                after: Some(json!({
                    "forum": forum,
                    "meeting_date": meeting_date,
                    "points": points,
                    "recommends_adoption": input.recommends_adoption,
                })),
            },
        )?;
        Ok(())
    }
}

impl Sink for SqlSink<'_> {
    fn step(&mut self, stamp: Stamp, id: DocumentId, step: &Step) -> Result<()> {
        self.document(id)?;
        match step {
            Step::Adoption(input) => return self.open_round(stamp, id, input).map(|_| ()),
            Step::Decision { party, decision } => {
                let round = latest_adoption_round(self.conn, id)?;
                return self.mark(stamp, round, *party, &Mark::Decided(decision.clone()));
            }
            _ => {}
        }
        let (conn, actor) = (self.conn, stamp.actor);
        time::as_of(stamp.at, || -> Result<()> {
            match step {
                Step::Resolution(input) => self.resolution(stamp, id, input)?,
                Step::Mailing(input) => {
                    steps::record_mailing_in(conn, actor, id, input)?;
                }
                Step::Session(input) => {
                    steps::add_session_in(conn, actor, id, input)?;
                }
                Step::Publication(input) => steps::publish_in(conn, actor, id, input)?,
                Step::FollowupPlan(input) => {
                    steps::plan_followup_in(conn, actor, id, input)?;
                }
                Step::Followup(input) => {
                    steps::record_followup_in(conn, actor, id, input)?;
                }
                Step::Retirement(input) => steps::decide_retirement_in(conn, actor, id, input)?,
                Step::Inaktuell(on) => {
                    steps::mark_inaktuell_in(conn, actor, id, Some(&on.to_string()))?;
                }
                // Played above, as a round and a mark.
                Step::Adoption(_) | Step::Decision { .. } => {}
            }
            Ok(())
        })?;
        // What the step changed of the register, as this sink keeps it:
        // a publication with a link and the follow-up plan edit the
        // document's fields; any step may move its stage forward.
        let edits = match step {
            Step::Publication(input) => !input.vida_link.trim().is_empty(),
            Step::FollowupPlan(_) => true,
            _ => false,
        };
        if edits {
            let version = register::current_version(self.conn, id)?;
            if let Some(doc) = self.documents.get_mut(&id) {
                doc.fields = version.fields;
                doc.stage = version.stage;
            }
        } else {
            let version_id = self.document(id)?.version_id;
            let stage: String = self
                .conn
                .prepare_cached("SELECT stage FROM document_versions WHERE id = ?1")?
                .query_row([version_id], |r| r.get(0))?;
            if let Some(doc) = self.documents.get_mut(&id) {
                doc.stage = stage;
            }
        }
        self.changed()
    }

    fn add_contact(&mut self, stamp: Stamp, party: PartyId, c: &ContactInput) -> Result<()> {
        let level =
            ContactLevel::parse(&c.level).ok_or_else(|| Error::invalid("level", "Okänd nivå."))?;
        let party_name = self
            .party_names
            .get(&party.0)
            .cloned()
            .ok_or_else(|| Error::invalid("party", format!("Okänd part (id {}).", party.0)))?;
        time::as_of(stamp.at, || -> Result<()> {
            let clean = |s: &str| s.trim().to_owned();
            let (name, role, email, phone) = (
                clean(&c.name),
                clean(&c.role),
                clean(&c.email),
                clean(&c.phone),
            );
            self.conn
                .prepare_cached(
                    "INSERT INTO party_contacts (party_id, level, name, role, email, phone)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![party.0, level.as_str(), name, role, email, phone])?;
            let id = self.conn.last_insert_rowid();
            audit::record(
                self.conn,
                NewEvent {
                    actor: stamp.actor,
                    document_id: None,
                    entity: "party_contact",
                    entity_id: Some(id),
                    action: "created",
                    summary: format!("Kontakt tillagd för {party_name}"),
                    before: None,
                    after: Some(
                        json!({ "level": level.as_str(), "name": name, "role": role, "email": email, "phone": phone }),
                    ),
                },
            )?;
            Ok(())
        })?;
        self.changed()
    }

    fn create_document(&mut self, stamp: Stamp, input: &DocumentInput) -> Result<DocumentId> {
        let first = self.reference.first_stage().code.clone();
        let (id, state) = time::as_of(stamp.at, || -> Result<_> {
            let fields = register::validate(self.conn, input, None)?;
            let now = time::now();
            self.conn
                .prepare_cached("INSERT INTO documents (created_at) VALUES (?1)")?
                .execute([&now])?;
            let id = DocumentId(self.conn.last_insert_rowid());
            let version_id = register::insert_version(self.conn, id, 1, &fields, &first, &now)?;
            lifecycle::record_change(
                self.conn,
                version_id,
                None,
                &first,
                time::today(),
                stamp.actor,
                "Dokumentet registrerat",
            )?;
            audit::record(
                self.conn,
                NewEvent {
                    actor: stamp.actor,
                    document_id: Some(id.0),
                    entity: "document",
                    entity_id: Some(id.0),
                    action: "created",
                    summary: format!("Dokumentet «{}» registrerat (version 1)", fields.title),
                    before: None,
                    after: Some(Value::Object(register::to_map(&fields))),
                },
            )?;
            self.reindex(id, &fields)?;
            Ok((
                id,
                DocState {
                    version_id,
                    version_no: 1,
                    fields,
                    stage: first.clone(),
                },
            ))
        })?;
        self.documents.insert(id, state);
        self.changed()?;
        Ok(id)
    }

    fn update_document(
        &mut self,
        stamp: Stamp,
        id: DocumentId,
        input: &DocumentInput,
    ) -> Result<()> {
        let doc = self.document(id)?;
        let (version_id, before) = (doc.version_id, doc.fields.clone());
        let fields = time::as_of(stamp.at, || -> Result<Option<Fields>> {
            let fields = register::validate(self.conn, input, Some(id))?;
            let (old, new) = (register::to_map(&before), register::to_map(&fields));
            let changed: std::collections::BTreeMap<&String, (&Value, &Value)> = new
                .iter()
                .filter_map(|(key, value)| {
                    let previous = old.get(key).unwrap_or(&Value::Null);
                    (previous != value).then_some((key, (previous, value)))
                })
                .collect();
            if changed.is_empty() {
                return Ok(None);
            }
            let now = time::now();
            self.conn
                .prepare_cached(
                    "UPDATE document_versions SET doc_type = ?2, title = ?3, developed_within = ?4,
                         organisation = ?5, owner = ?6, approver = ?7, valid_from = ?8, valid_to = ?9,
                         prepared_by = ?10, diarienummer = ?11, vida_link = ?12, legal_basis = ?13,
                         followup_interval_months = ?14, followup_owner = ?15, notes = ?16, updated_at = ?17
                     WHERE id = ?1",
                )?
                .execute(params![
                    version_id,
                    fields.doc_type,
                    fields.title,
                    fields.developed_within,
                    fields.organisation,
                    fields.owner,
                    fields.approver,
                    fields.valid_from,
                    fields.valid_to,
                    fields.prepared_by,
                    fields.diarienummer,
                    fields.vida_link,
                    fields.legal_basis,
                    fields.followup_interval_months,
                    fields.followup_owner,
                    fields.notes,
                    now,
                ])?;
            register::write_links(self.conn, version_id, &fields)?;
            let labels: Vec<&str> = changed.keys().map(|k| register::field_label(k)).collect();
            let side = |pick: fn(&(&Value, &Value)) -> Value| -> Value {
                Value::Object(
                    changed
                        .iter()
                        .map(|(k, pair)| ((*k).clone(), pick(pair)))
                        .collect::<Map<_, _>>(),
                )
            };
            audit::record(
                self.conn,
                NewEvent {
                    actor: stamp.actor,
                    document_id: Some(id.0),
                    entity: "version",
                    entity_id: Some(version_id),
                    action: "updated",
                    summary: format!("Ändrade {}", labels.join(", ").to_lowercase()),
                    before: Some(side(|(b, _)| (*b).clone())),
                    after: Some(side(|(_, a)| (*a).clone())),
                },
            )?;
            self.reindex(id, &fields)?;
            Ok(Some(fields))
        })?;
        if let Some(fields) = fields {
            if let Some(doc) = self.documents.get_mut(&id) {
                doc.fields = fields;
            }
            self.changed()?;
        }
        Ok(())
    }

    fn set_stage(
        &mut self,
        stamp: Stamp,
        id: DocumentId,
        stage: &str,
        comment: &str,
    ) -> Result<()> {
        let target = self
            .reference
            .find_stage(stage)
            .ok_or_else(|| Error::invalid("stage", format!("Okänt steg «{stage}».")))?;
        let doc = self.document(id)?;
        let (version_id, from) = (doc.version_id, doc.stage.clone());
        let from_name = self
            .reference
            .stage(&from)
            .map_or(from.as_str(), |s| s.name.as_str());
        let comment = comment.trim();
        time::as_of(stamp.at, || -> Result<()> {
            let on_date = stamp.at.date();
            self.conn
                .prepare_cached(
                    "UPDATE document_versions SET stage = ?2, updated_at = ?3 WHERE id = ?1",
                )?
                .execute(params![version_id, target.code, time::now()])?;
            lifecycle::record_change(
                self.conn,
                version_id,
                Some(&from),
                &target.code,
                on_date,
                stamp.actor,
                comment,
            )?;
            audit::record(
                self.conn,
                NewEvent {
                    actor: stamp.actor,
                    document_id: Some(id.0),
                    entity: "version",
                    entity_id: Some(version_id),
                    action: "stage_changed",
                    summary: format!("Steg ändrat från {from_name} till {}", target.name),
                    before: Some(json!({ "stage": from })),
                    after: Some(
                        json!({ "stage": target.code, "on_date": on_date, "comment": comment }),
                    ),
                },
            )?;
            Ok(())
        })?;
        if let Some(doc) = self.documents.get_mut(&id) {
            doc.stage = target.code.clone();
        }
        self.changed()
    }

    fn open_revision(&mut self, stamp: Stamp, id: DocumentId, comment: &str) -> Result<()> {
        let first = self.reference.first_stage().code.clone();
        let doc = self.document(id)?;
        let (old_no, fields) = (doc.version_no, doc.fields.clone());
        let version_no = old_no + 1;
        let comment = comment.trim();
        let version_id = time::as_of(stamp.at, || -> Result<i64> {
            let now = time::now();
            let version_id =
                register::insert_version(self.conn, id, version_no, &fields, &first, &now)?;
            lifecycle::record_change(
                self.conn,
                version_id,
                None,
                &first,
                time::today(),
                stamp.actor,
                if comment.is_empty() {
                    "Revidering påbörjad"
                } else {
                    comment
                },
            )?;
            audit::record(
                self.conn,
                NewEvent {
                    actor: stamp.actor,
                    document_id: Some(id.0),
                    entity: "version",
                    entity_id: Some(version_id),
                    action: "revision_opened",
                    summary: format!(
                        "Revidering påbörjad: version {version_no} skapad från version {old_no}"
                    ),
                    before: Some(json!({ "version_no": old_no })),
                    after: Some(json!({ "version_no": version_no, "comment": comment })),
                },
            )?;
            self.reindex(id, &fields)?;
            Ok(version_id)
        })?;
        self.documents.insert(
            id,
            DocState {
                version_id,
                version_no,
                fields,
                stage: first,
            },
        );
        self.changed()
    }

    fn open_round(&mut self, stamp: Stamp, id: DocumentId, input: &RoundInput) -> Result<RoundId> {
        let doc = self.document(id)?;
        let kind = RoundKind::parse(&input.kind)
            .ok_or_else(|| Error::invalid("kind", "Välj remiss eller synpunktsrunda."))?;
        let date =
            |field: &str, text: &Option<String>| time::parse_date(field, field, text.as_deref());
        let sent_date = date("sent_date", &input.sent_date)?;
        let deadline = date("deadline", &input.deadline)?
            .ok_or_else(|| Error::invalid("deadline", "Ange sista svarsdag."))?;
        let recipients: Vec<PartyId> = match &input.parties {
            None => doc.fields.parties.clone(),
            Some(ids) => {
                let mut chosen = Vec::new();
                for id in ids {
                    if !chosen.contains(id) {
                        chosen.push(*id);
                    }
                }
                chosen
            }
        };
        let subject = match input.subject.trim() {
            "" => format!("{}: {}", kind.label(), doc.fields.title),
            s => s.to_owned(),
        };
        let version_id = doc.version_id;
        let round = time::as_of(stamp.at, || -> Result<RoundId> {
            self.conn
                .prepare_cached(
                    "INSERT INTO rounds (version_id, kind, subject, sent_date, deadline, missiv_text, reply_address,
                         diarienummer, contact_name, contact_email, contact_phone, created_at, actor, form_key,
                         contact_title)
                     -- The form key is deterministic like the rest of the demo:
                     -- the round's own number in hex.
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
                         printf('%032x', (SELECT coalesce(max(id), 0) + 1 FROM rounds)), ?14)",
                )?
                .execute(params![
                    version_id,
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
                    stamp.actor,
                    input.contact_title.trim()
                ])?;
            let round = RoundId(self.conn.last_insert_rowid());
            let mut insert = self.conn.prepare_cached(
                "INSERT INTO round_recipients (round_id, party_id, sent_on) VALUES (?1, ?2, ?3)",
            )?;
            for party in &recipients {
                insert.execute(params![round.0, party.0, sent_date])?;
            }
            audit::record(
                self.conn,
                NewEvent {
                    actor: stamp.actor,
                    document_id: Some(id.0),
                    entity: "round",
                    entity_id: Some(round.0),
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
            Ok(round)
        })?;
        self.rounds.insert(
            round,
            RoundState {
                document_id: id,
                kind,
                recipients: recipients
                    .iter()
                    .map(|p| {
                        (
                            p.0,
                            RecipientState {
                                sent_on: sent_date,
                                ..Default::default()
                            },
                        )
                    })
                    .collect(),
            },
        );
        self.changed()?;
        Ok(round)
    }

    fn mark(&mut self, stamp: Stamp, round: RoundId, party: PartyId, mark: &Mark) -> Result<()> {
        let reference = self.reference;
        let party_name = self.party_names.get(&party.0).cloned().unwrap_or_default();
        let conn = self.conn;
        let state = self
            .rounds
            .get_mut(&round)
            .ok_or_else(|| Error::not_found(format!("Runda {round}")))?;
        let (document_id, kind) = (state.document_id, state.kind);
        let recipient = state
            .recipients
            .get_mut(&party.0)
            .ok_or_else(|| Error::invalid("party", "Parten är inte mottagare i den här rundan."))?;
        let before = recipient.clone();
        time::as_of(stamp.at, || -> Result<()> {
            let summary = match mark {
                Mark::Decided(decision) => {
                    let party_kind: String = conn
                        .prepare_cached("SELECT kind FROM parties WHERE id = ?1")?
                        .query_row([party.0], |r| r.get(0))?;
                    let body = reference
                        .find_deciding_body(&party_kind, &decision.body)
                        .map(|b| b.name.clone())
                        .ok_or_else(|| Error::invalid("body", "Okänt beslutande organ."))?;
                    let outcome = decision.outcome;
                    let dnr = decision.their_diarienummer.trim().to_owned();
                    let received = outcome.is_decision().then_some(decision.on);
                    conn.prepare_cached(
                        "UPDATE round_recipients SET outcome = ?3, deciding_body = ?4, decided_on = ?5,
                             their_diarienummer = ?6, received_on = ?7, position = NULL, declined_on = NULL
                         WHERE round_id = ?1 AND party_id = ?2",
                    )?
                    .execute(params![
                        round.0,
                        party.0,
                        outcome.as_str(),
                        body,
                        decision.on,
                        dnr,
                        received
                    ])?;
                    recipient.outcome = Some(outcome.as_str().to_owned());
                    recipient.deciding_body = body.clone();
                    recipient.decided_on = Some(decision.on);
                    recipient.their_diarienummer = dnr;
                    recipient.received_on = received;
                    recipient.position = None;
                    recipient.declined_on = None;
                    format!(
                        "{party_name}: {} av {} {}",
                        outcome.label().to_lowercase(),
                        body.to_lowercase(),
                        decision.on
                    )
                }
                Mark::Sent(on) => {
                    conn.prepare_cached(
                        "UPDATE round_recipients SET sent_on = ?3 WHERE round_id = ?1 AND party_id = ?2",
                    )?
                    .execute(params![round.0, party.0, on])?;
                    recipient.sent_on = Some(*on);
                    format!("{party_name}: skickad {on}")
                }
                Mark::Received { on, position } => {
                    let position = position
                        .as_deref()
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(|p| {
                            reference
                                .find_position(p)
                                .map(|c| c.code.clone())
                                .ok_or_else(|| Error::invalid("position", "Okänd ställning."))
                        })
                        .transpose()?;
                    conn.prepare_cached(
                        "UPDATE round_recipients SET received_on = ?3, position = ?4, declined_on = NULL
                         WHERE round_id = ?1 AND party_id = ?2",
                    )?
                    .execute(params![round.0, party.0, on, position])?;
                    recipient.received_on = Some(*on);
                    recipient.position = position;
                    recipient.declined_on = None;
                    format!("{party_name}: svar inkommet {on}")
                }
                Mark::Declined(on) => {
                    conn.prepare_cached(
                        "UPDATE round_recipients SET declined_on = ?3, received_on = NULL, position = NULL
                         WHERE round_id = ?1 AND party_id = ?2",
                    )?
                    .execute(params![round.0, party.0, on])?;
                    recipient.declined_on = Some(*on);
                    recipient.received_on = None;
                    recipient.position = None;
                    format!("{party_name}: avstår")
                }
                Mark::Reminded(on) => {
                    conn.prepare_cached(
                        "INSERT INTO round_reminders (round_id, party_id, reminded_on, recorded_at) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![round.0, party.0, on, time::now()])?;
                    recipient.reminders += 1;
                    format!("{party_name}: påmind {on}")
                }
                Mark::Note(text) => {
                    conn.prepare_cached(
                        "UPDATE round_recipients SET note = ?3 WHERE round_id = ?1 AND party_id = ?2",
                    )?
                    .execute(params![round.0, party.0, text.trim()])?;
                    recipient.note = text.trim().to_owned();
                    format!("{party_name}: anteckning ändrad")
                }
                Mark::Undo => return Err(Error::invalid("mark", "Demon ångrar inga markeringar.")),
            };
            audit::record(
                conn,
                NewEvent {
                    actor: stamp.actor,
                    document_id: Some(document_id.0),
                    entity: "round_recipient",
                    entity_id: Some(round.0),
                    action: "round_marked",
                    summary: format!("{}: {summary}", kind.label()),
                    before: Some(serde_json::to_value(&before).map_err(std::io::Error::other)?),
                    after: Some(serde_json::to_value(&*recipient).map_err(std::io::Error::other)?),
                },
            )?;
            Ok(())
        })?;
        self.changed()
    }
}

// ---------------------------------------------------------------- the generator

/// SplitMix64: a small, well-known generator; enough for demo data, and the
/// same numbers on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }

    fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const ACTORS: &[&str] = &["linnea.grankvist", "johan.ekstrom", "maria.sjoberg"];

const TOPICS: &[&str] = &[
    "samverkan kring barn och unga",
    "psykisk hälsa hos barn och unga",
    "hjälpmedel",
    "förskrivning av hjälpmedel i hemmet",
    "missbruk och beroende",
    "samsjuklighet vid missbruk och psykisk ohälsa",
    "läkemedelshantering i kommunal hälso- och sjukvård",
    "hemsjukvård",
    "utskrivning från sluten hälso- och sjukvård",
    "samordnad individuell plan (SIP)",
    "våld i nära relationer",
    "suicidprevention",
    "munhälsa hos äldre",
    "nutrition och måltider i äldreomsorgen",
    "palliativ vård i livets slutskede",
    "demensvård",
    "elevhälsans medicinska insatser",
    "tandvård för personer med särskilda behov",
    "ensamkommande barn och unga",
    "familjecentraler",
    "habilitering för barn och vuxna",
    "rehabilitering efter stroke",
    "digitala vårdmöten",
    "inkontinenshjälpmedel",
    "ungdomsmottagningar",
    "barnahus",
    "första linjens vård för barn och unga",
    "personligt ombud",
    "boendestöd",
    "spelberoende",
    "stöd till anhöriga",
    "kris- och katastrofberedskap",
    "smittskydd och vårdhygien",
    "vaccinationer i särskilt boende",
    "medicinteknisk utrustning",
    "ansvarsfördelning för hälso- och sjukvård i skolan",
    "barn som anhöriga",
    "äldres läkemedelsanvändning",
    "tobaksprevention",
    "fallprevention",
    "hjälpmedel för personer med synnedsättning",
    "trygg hemgång efter sjukhusvistelse",
    "läkemedelsgenomgångar",
    "god och nära vård",
    "mobila team i hemsjukvården",
    "psykiatrisk heldygnsvård och kommunal uppföljning",
    "barn och unga med neuropsykiatriska funktionsnedsättningar",
    "skolfrånvaro",
    "tidiga insatser för barn i förskoleåldern",
    "sexuell och reproduktiv hälsa",
    "asylsökande och nyanlända",
    "våld och hot mot äldre",
    "hälsofrämjande arbete för äldre",
    "rehabilitering i hemmet",
    "nattfasta och nutrition",
    "trycksår och sårvård",
    "infektionsverktyget och antibiotikaanvändning",
    "tandvårdsstöd",
    "beroendevård för unga vuxna",
    "spelproblem och skuldsättning",
];

const QUALIFIERS: &[&str] = &[
    "i Värmland",
    "mellan kommunerna och Region Värmland",
    "vid övergång mellan vårdgivare",
    "inom kommunal vård och omsorg",
    "för personer över 65 år",
    "med fokus på tidiga och samordnade insatser",
    "för barn och unga i behov av särskilt stöd",
    "i ordinärt och särskilt boende",
    "för Värmlands kommuner",
    "i norra Värmland",
    "i Karlstad, Hammarö och Kil",
    "i västra Värmland",
    "i Kristinehamn, Storfors och Filipstad",
    "under sommarperioden",
    "vid akut omhändertagande",
    "för personer med samsjuklighet",
    "för barn 0–6 år",
    "för unga vuxna 18–25 år",
    "inom primärvård och elevhälsa",
    "i samverkan med civilsamhället",
];

const OWNERS: &[&str] = &[
    "Beredningsgruppen Nya perspektiv",
    "Hälso- och sjukvårdsdirektör, Region Värmland",
    "Socialchef, Karlstads kommun",
    "Områdeschef barn och unga, Region Värmland",
    "Förvaltningschef, Arvika kommun",
    "Äldreomsorgschef, Säffle kommun",
    "Utvecklingsledare, Nya perspektiv",
    "Chefläkare, Region Värmland",
    "Medicinskt ansvarig sjuksköterska, Torsby kommun",
    "Skolchef, Hammarö kommun",
    "Tandvårdsdirektör, Region Värmland",
    "Individ- och familjeomsorgschef, Kristinehamns kommun",
    "Verksamhetschef psykiatri, Region Värmland",
    "Enhetschef hjälpmedel, Region Värmland",
    "Socialchef, Årjängs kommun",
];

const APPROVERS: &[&str] = &[
    "Värmlandsrådet",
    "Ordföranderådet",
    "Beredningsgruppen Nya perspektiv",
    "Samverkansarenan Nya perspektiv",
];

const LAWS: &[&str] = &[
    "Hälso- och sjukvårdslagen (2017:30)",
    "Socialtjänstlagen (2001:453)",
    "Lag (2017:612) om samverkan vid utskrivning från sluten hälso- och sjukvård",
    "Patientlagen (2014:821)",
    "Skollagen (2010:800)",
    "Tandvårdslagen (1985:125)",
    "Lag (1993:387) om stöd och service till vissa funktionshindrade",
];

const PREPARED_BY: &[&str] = &[
    "Arbetsgrupp med företrädare för kommunerna och regionen",
    "Nätverket för hälso- och sjukvårdsledning",
    "Socialchefsnätverket",
    "MAS/MAR-nätverket",
    "Skolchefsnätverket",
    "Länsgemensam arbetsgrupp",
];

const FIRST_NAMES: &[&str] = &[
    "Anna", "Erik", "Karin", "Lars", "Åsa", "Örjan", "Märta", "Björn", "Sofia", "Göran", "Elin",
    "Håkan", "Linnéa", "Per", "Ingrid", "Mats", "Ylva",
];
const LAST_NAMES: &[&str] = &[
    "Andersson",
    "Berg",
    "Carlsson",
    "Dahl",
    "Ek",
    "Forsberg",
    "Gustafsson",
    "Holm",
    "Isaksson",
    "Jönsson",
    "Karlsson",
    "Lindqvist",
    "Magnusson",
    "Nilsson",
    "Öberg",
    "Åberg",
    "Sjöström",
];

/// Positions and how often parties take them (per cent).
const POSITIONS: &[(&str, u64)] = &[
    ("tillstyrker", 40),
    ("tillstyrker_med_synpunkter", 35),
    ("inga_synpunkter", 15),
    ("avstyrker", 10),
];

fn ascii_slug(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            'å' | 'ä' | 'Å' | 'Ä' => Some('a'),
            'ö' | 'Ö' => Some('o'),
            'é' | 'É' => Some('e'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

fn stamp(day: NaiveDate, rng: &mut Rng) -> Stamp {
    let time = NaiveTime::from_hms_opt(rng.range(8, 16) as u32, rng.range(0, 59) as u32, 0)
        .unwrap_or(NaiveTime::MIN);
    let actor = rng.pick_str(ACTORS);
    Stamp {
        at: day.and_time(time),
        actor,
    }
}

fn add_days(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_add_days(Days::new(days)).unwrap_or(day)
}

fn sub_days(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(days)).unwrap_or(day)
}

/// The life of one version: the stages it reaches and when.
struct VersionPlan {
    /// Stage index and the day it was reached, from the first stage on.
    moves: Vec<(usize, NaiveDate)>,
    /// Rounds opened while it stands in the remiss stage.
    rounds: u32,
}

struct DocumentPlan {
    input: DocumentInput,
    versions: Vec<VersionPlan>,
    /// The document that shows a round being prepared: in the remiss stage
    /// since two weeks, its newest round not sent yet.
    showcase: bool,
}

const REMISS: usize = 3;
const STALLNINGSTAGANDE: usize = 5;
const IMPLEMENTERING: usize = 6;
const PUBLICERING: usize = 7;
const GALLANDE: usize = 8;
const AVVECKLING: usize = 9;
const AVVECKLAD: usize = 10;

const RECIPIENTS: &[&str] = &[
    "Alla parter och berörda nätverk",
    "Samtliga 17 parter via registrator, Socialchefsnätverket",
    "Nätverket för hälso- och sjukvårdsledning och MAS/MAR-nätverket",
    "Alla parter; Vårdgivarwebben",
];

const SESSION_NOTES: &[&str] = &[
    "",
    "Digitalt via Teams, frågestund efteråt",
    "För chefer i kommunerna och regionen",
    "Länsgemensam ledningsgrupp",
    "Inspelat och publicerat på Vårdgivarwebben",
];

const INDICATORS: &[&str] = &[
    "Andel ärenden som följer rutinen",
    "Antal avvikelser per kvartal",
    "Andel parter som har infört dokumentet i sina egna rutiner",
    "Väntetid från remiss till första kontakt",
    "Andel samordnade individuella planer inom tre dagar",
];

const RESULTS: &[&str] = &[
    "Dokumentet följs hos de flesta parter; två kommuner behöver stöd i införandet.",
    "Inga avvikelser rapporterade. Dokumentet är känt i verksamheterna.",
    "Indikatorerna visar förbättring. Några formuleringar bör förtydligas vid nästa revidering.",
    "Uppföljningen visar behov av revidering: ny lagstiftning påverkar ansvarsfördelningen.",
];

/// The steps the guideline records once a version has reached `stage` on
/// `day`, each on its own day, none after `until` (the version's next move,
/// its successor's start, or today). `input` is the document as the
/// register has it; the follow-up plan changes its interval and owner.
struct StepContext<'a> {
    version_no: usize,
    stage: usize,
    day: NaiveDate,
    until: NaiveDate,
    /// The document stands at this stage today.
    current: bool,
    input: &'a mut DocumentInput,
    forums: &'a [String],
    /// The document's parties, in the guideline's order, and which of all
    /// parties are regions (the rest are municipalities).
    parties: &'a [PartyId],
    regions: &'a [PartyId],
}

/// The adoption round after a ställningstagande of `day`: sent a week or
/// three later, the parties deciding over the following months. A version
/// that has moved on had every decision by its next move (`until`); for
/// one that stands at the stage today, those whose day has not come have
/// not decided yet. Mostly antagen by the full council, now and then by
/// the board, sent back, or not adopted.
fn adoption_steps(
    (day, until, current): (NaiveDate, NaiveDate, bool),
    parties: &[PartyId],
    regions: &[PartyId],
    rng: &mut Rng,
) -> Vec<(NaiveDate, Step)> {
    let sent = add_days(day, rng.range(7, 21));
    if sent > until {
        return Vec::new();
    }
    let deadline = add_days(sent, rng.range(100, 160));
    let (first, last) = (rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
    let mut out = vec![(
        sent,
        Step::Adoption(Box::new(RoundInput {
            kind: RoundKind::Antagande.as_str().into(),
            parties: None,
            sent_date: Some(sent.to_string()),
            deadline: Some(deadline.to_string()),
            subject: String::new(),
            missiv_text: String::new(),
            reply_address: "diariet@regionvarmland.se".into(),
            diarienummer: format!("RS/{:02}{:04}", sent.year() % 100, rng.range(100, 9999)),
            contact_name: format!("{first} {last}"),
            contact_email: "nyaperspektiv@regionvarmland.se".into(),
            contact_phone: "010-831 00 00".into(),
            contact_title: "Utvecklingsledare Nya perspektiv".into(),
        })),
    )];
    let mut decisions = Vec::new();
    for party in parties {
        let on = if current {
            add_days(sent, rng.range(20, 150))
        } else {
            let span = u64::try_from((until - sent).num_days()).unwrap_or(0);
            add_days(sent, rng.range(0, span))
        };
        let region = regions.contains(party);
        let outcome = match rng.range(0, 100) {
            0..=2 => Outcome::Aterremitterad,
            3..=4 => Outcome::EjAntagen,
            _ => Outcome::Antagen,
        };
        let body = match (region, rng.chance(80)) {
            (true, true) => "Regionfullmäktige",
            (true, false) => "Regionstyrelsen",
            (false, true) => "Kommunfullmäktige",
            (false, false) => "Kommunstyrelsen",
        };
        let their_diarienummer = if region {
            format!("RS/{:02}{:04}", on.year() % 100, rng.range(100, 9999))
        } else {
            format!("KS/{}:{}", on.year(), rng.range(10, 400))
        };
        if on <= until {
            decisions.push((
                on,
                Step::Decision {
                    party: *party,
                    decision: AdoptionDecision {
                        outcome,
                        body: body.into(),
                        on,
                        their_diarienummer,
                    },
                },
            ));
        }
    }
    decisions.sort_by_key(|(on, _)| *on);
    out.extend(decisions);
    out
}

fn steps_at(at: StepContext<'_>, rng: &mut Rng) -> Vec<(NaiveDate, Step)> {
    let StepContext {
        version_no,
        stage,
        day,
        until,
        current,
        input,
        forums,
        parties,
        regions,
    } = at;
    let mut out = Vec::new();
    match stage {
        STALLNINGSTAGANDE => {
            let forum = if input.approver.is_empty() {
                rng.pick(forums).clone()
            } else {
                input.approver.clone()
            };
            let recommends_adoption = rng.chance(90);
            let title = input.title.clone();
            let text = if recommends_adoption {
                format!(
                    "1. {forum} ställer sig bakom dokumentet «{title}».\n\
                     2. Alla parter rekommenderas att anta dokumentet.\n\
                     3. Nya perspektiv ansvarar för information till parterna och nätverken."
                )
            } else {
                format!(
                    "1. {forum} ställer sig bakom dokumentet «{title}».\n\
                     2. Dokumentet gäller utan beslut hos parterna."
                )
            };
            out.push((
                day,
                Step::Resolution(ResolutionInput {
                    forum,
                    meeting_date: day.to_string(),
                    text,
                    recommends_adoption,
                }),
            ));
            if recommends_adoption {
                out.extend(adoption_steps((day, until, current), parties, regions, rng));
            }
        }
        IMPLEMENTERING => {
            out.push((
                day,
                Step::Mailing(MailingInput {
                    sent_on: Some(day.to_string()),
                    sent_to: rng.pick_str(RECIPIENTS).into(),
                    minor_revision: version_no > 1 && rng.chance(30),
                }),
            ));
            // Two digital sessions, as the guideline asks; now and then
            // only one, or one on site.
            let count = if rng.chance(10) { 1 } else { 2 };
            let mut planned = day;
            for k in 0..count {
                planned = add_days(planned, rng.range(10, 25));
                // A document being implemented today mostly has its last
                // session still ahead.
                if current && k + 1 == count && rng.chance(70) {
                    planned = planned.max(add_days(until, rng.range(7, 45)));
                }
                let digital = !(k == 1 && rng.chance(10));
                let note = rng.pick_str(SESSION_NOTES).to_owned();
                // A session held by `until` is recorded on its day, as
                // held; a later one is planned on the day of the mailing.
                let (on, held_on) = if planned <= until {
                    (planned, Some(planned.to_string()))
                } else {
                    (day, None)
                };
                out.push((
                    on,
                    Step::Session(SessionInput {
                        planned_on: Some(planned.to_string()),
                        held_on,
                        digital,
                        note,
                    }),
                ));
            }
        }
        // The link is already in the register (set as the version reached
        // the stage): the publication keeps it.
        PUBLICERING => out.push((
            day,
            Step::Publication(PublicationInput {
                published_on: Some(day.to_string()),
                vida_link: String::new(),
            }),
        )),
        GALLANDE => {
            let interval = input
                .followup_interval_months
                .unwrap_or(*rng.pick(&[12, 24, 36]));
            if input.followup_owner.is_empty() {
                input.followup_owner = rng.pick_str(OWNERS).into();
            }
            input.followup_interval_months = Some(interval);
            let first = rng.pick_str(INDICATORS);
            let mut indicators = first.to_owned();
            let second = rng.pick_str(INDICATORS);
            if second != first {
                indicators.push('\n');
                indicators.push_str(second);
            }
            out.push((
                day,
                Step::FollowupPlan(FollowupPlanInput {
                    indicators,
                    interval_months: Some(interval),
                    owner: input.followup_owner.clone(),
                }),
            ));
            let months = Months::new(interval as u32);
            let from = input
                .valid_from
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .unwrap_or(day);
            let mut due = from
                .checked_add_months(months)
                .unwrap_or(day)
                .max(add_days(day, 30));
            // Done a little before each due day; now and then the last one
            // is not done, and the register says it is overdue.
            let neglected = rng.chance(15);
            let mut done_on = Vec::new();
            while due <= until {
                let done = sub_days(due, rng.range(0, 20)).max(day);
                done_on.push(done);
                due = done.checked_add_months(months).unwrap_or(until);
                if due <= done {
                    break;
                }
            }
            if neglected {
                done_on.pop();
            }
            for done in done_on {
                out.push((
                    done,
                    Step::Followup(FollowupInput {
                        done_on: Some(done.to_string()),
                        result: rng.pick_str(RESULTS).into(),
                    }),
                ));
            }
        }
        AVVECKLING => {
            let forum = forums
                .iter()
                .find(|f| f.starts_with("Beredningsgruppen"))
                .or(forums.first())
                .cloned()
                .unwrap_or_default();
            out.push((
                day,
                Step::Retirement(RetirementInput {
                    forum,
                    decided_on: Some(day.to_string()),
                }),
            ));
        }
        AVVECKLAD => out.push((day, Step::Inaktuell(day))),
        _ => {}
    }
    out.sort_by_key(|(on, _)| *on);
    out
}

/// How many days after stage `k - 1` stage `k` is reached.
fn gap(stage: usize, rng: &mut Rng) -> u64 {
    match stage {
        1 => rng.range(10, 90),
        2 => rng.range(20, 120),
        3 => rng.range(15, 60),
        // After the rounds: their deadline lies some 6-10 weeks on.
        4 => rng.range(80, 140),
        5 => rng.range(20, 60),
        6 => rng.range(10, 40),
        7 => rng.range(60, 150),
        8 => rng.range(5, 30),
        9 => rng.range(700, 1500),
        _ => rng.range(30, 120),
    }
}

/// Walks a version from the first stage towards `target`, stopping at
/// `today`.
fn walk(
    start: NaiveDate,
    target: usize,
    today: NaiveDate,
    rng: &mut Rng,
) -> Vec<(usize, NaiveDate)> {
    let mut moves = vec![(0, start)];
    let mut day = start;
    for stage in 1..=target {
        day = add_days(day, gap(stage, rng));
        if day > today {
            break;
        }
        moves.push((stage, day));
    }
    moves
}

fn title(rng: &mut Rng, doc_type: &str) -> String {
    let lead = match doc_type {
        "overenskommelse" => "Överenskommelse om",
        "riktlinje" => "Riktlinje för",
        "avtal" => "Avtal om",
        "rutin" => "Rutin för",
        "vagledning" => "Vägledning för",
        _ => "Handlingsplan för",
    };
    let mut title = format!("{lead} {}", rng.pick(TOPICS));
    if rng.chance(45) {
        title.push(' ');
        title.push_str(rng.pick_str(QUALIFIERS));
    }
    if rng.chance(8) {
        title.push_str(
            " – gemensamma utgångspunkter, ansvarsfördelning och uppföljning för huvudmännen",
        );
        title.push(' ');
        title.push_str(rng.pick_str(QUALIFIERS));
    }
    title
}

fn plan_document(i: u32, spec: &Spec, parties: &[Party], rng: &mut Rng) -> DocumentPlan {
    let reference = assets::reference().ok();
    let types = [
        "overenskommelse",
        "riktlinje",
        "rutin",
        "avtal",
        "vagledning",
        "handlingsplan",
    ];
    let doc_type = types[match rng.range(0, 99) {
        0..=29 => 0,
        30..=54 => 1,
        55..=79 => 2,
        80..=89 => 3,
        90..=95 => 4,
        _ => 5,
    }];
    let areas: Vec<String> = reference
        .map(|r| {
            let count = rng.range(1, 3) as usize;
            (0..count)
                .map(|_| rng.pick(&r.areas).code.clone())
                .collect()
        })
        .unwrap_or_default();
    let forums: Vec<String> = reference.map(|r| r.forums.clone()).unwrap_or_default();
    // Every 997th document, and the first, has a long history: revised
    // every year or two for eight years, with rounds each time.
    let long = i.is_multiple_of(997);
    let start = sub_days(
        spec.today,
        if long {
            rng.range(8 * 365, 9 * 365)
        } else {
            rng.range(5, 8 * 365)
        },
    );
    let year = start.year();
    let party_ids: Vec<PartyId> = parties.iter().map(|p| p.id).collect();
    let input = DocumentInput {
        doc_type: doc_type.into(),
        title: title(rng, doc_type),
        developed_within: if forums.is_empty() {
            String::new()
        } else {
            rng.pick(&forums).clone()
        },
        organisation: if rng.chance(70) {
            "Region Värmland och Värmlands kommuner".into()
        } else {
            "Nya perspektiv".into()
        },
        owner: if rng.chance(8) {
            String::new()
        } else {
            (rng.pick_str(OWNERS)).into()
        },
        approver: String::new(),
        valid_from: None,
        valid_to: None,
        areas,
        prepared_by: (rng.pick_str(PREPARED_BY)).into(),
        parties: if rng.chance(85) || party_ids.len() < 4 {
            None
        } else {
            let mut chosen: Vec<PartyId> = party_ids
                .iter()
                .copied()
                .filter(|_| rng.chance(60))
                .collect();
            if chosen.is_empty() {
                chosen.push(party_ids[0]);
            }
            Some(chosen)
        },
        diarienummer: if rng.chance(10) {
            String::new()
        } else if rng.chance(70) {
            format!("RV{year}/{:05}", i + 1)
        } else {
            format!("NP {year}-{:05}", i + 1)
        },
        vida_link: String::new(),
        legal_basis: if rng.chance(80) {
            (rng.pick_str(LAWS)).into()
        } else {
            String::new()
        },
        followup_interval_months: if rng.chance(75) {
            Some(*rng.pick(&[12, 24, 36]))
        } else {
            None
        },
        followup_owner: if rng.chance(60) {
            (rng.pick_str(OWNERS)).into()
        } else {
            String::new()
        },
        notes: if rng.chance(30) {
            format!(
                "Tas fram på uppdrag av {}. Kontaktperson: {} {}.",
                rng.pick(APPROVERS),
                rng.pick(FIRST_NAMES),
                rng.pick(LAST_NAMES)
            )
        } else {
            String::new()
        },
    };

    // The second document is the showcase of a remiss under way.
    if i == 1 {
        let moves = [(0, 60), (1, 45), (2, 30), (REMISS, 14)]
            .map(|(stage, ago)| (stage, sub_days(spec.today, ago)))
            .to_vec();
        return DocumentPlan {
            input,
            versions: vec![VersionPlan { moves, rounds: 0 }],
            showcase: true,
        };
    }
    let mut versions = Vec::new();
    let mut start = start;
    loop {
        let target = if long || !versions.is_empty() {
            GALLANDE
        } else {
            match rng.range(0, 99) {
                0..=54 => GALLANDE,
                55..=84 => rng.range(0, 7) as usize,
                85..=93 => 9,
                _ => 10,
            }
        };
        let moves = walk(start, target, spec.today, rng);
        let reached_gallande = moves
            .iter()
            .find(|(stage, _)| *stage == GALLANDE)
            .map(|(_, day)| *day);
        versions.push(VersionPlan { moves, rounds: 0 });
        // A version in force may be revised: a long-history document
        // every year or two, others now and then, before it expires.
        let revise_after = match reached_gallande {
            Some(day) if long => Some(add_days(day, rng.range(200, 500))),
            Some(day) if rng.chance(30) => Some(add_days(day, rng.range(500, 1200))),
            _ => None,
        };
        match revise_after {
            Some(day) if day < sub_days(spec.today, 10) && versions.len() < 12 => start = day,
            _ => break,
        }
    }
    DocumentPlan {
        input,
        versions,
        showcase: false,
    }
}

/// Gives each version that reaches the remiss stage its share of the
/// rounds (a version that never got there has none). The first document
/// always reaches it, so every round has a home.
fn share_rounds(plans: &mut [DocumentPlan], rounds: u32, rng: &mut Rng) {
    let mut slots: Vec<(usize, usize)> = Vec::new();
    for (d, plan) in plans.iter().enumerate() {
        for (v, version) in plan.versions.iter().enumerate() {
            if version.moves.iter().any(|(stage, _)| *stage == REMISS) {
                slots.push((d, v));
            }
        }
    }
    if slots.is_empty() {
        return;
    }
    let each = rounds / slots.len() as u32;
    let mut rest = rounds % slots.len() as u32;
    for &(d, v) in &slots {
        plans[d].versions[v].rounds = each;
    }
    // The rest to slots picked at random (each at most once), the
    // showcase first so that it has a round to prepare.
    let mut order: Vec<usize> = (0..slots.len()).collect();
    for i in (1..order.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order.sort_by_key(|&index| !plans[slots[index].0].showcase);
    for index in order {
        if rest == 0 {
            break;
        }
        let (d, v) = slots[index];
        plans[d].versions[v].rounds += 1;
        rest -= 1;
    }
}

/// Plays the demo register into `sink`: the parties' contacts, then each
/// document's life, change by change in the order of their days.
pub fn generate(spec: &Spec, parties: &[Party], sink: &mut dyn Sink) -> Result<()> {
    spec.check()?;
    let reference = assets::reference()?;
    let mut rng = Rng::new(
        0x5A4D_444B_0000_0000 ^ (u64::from(spec.documents) << 24) ^ u64::from(spec.rounds),
    );

    // Contacts: the registry for a remiss, an official for a synpunktsrunda.
    let long_ago = sub_days(spec.today, 9 * 365 + 30);
    for party in parties {
        let domain = format!("{}.se", ascii_slug(&party.name.replace(' ', "")));
        let registry = ContactInput {
            level: ContactLevel::Politisk.as_str().into(),
            name: "Registrator".into(),
            role: if party.kind == "region" {
                "Registrator, regionstyrelsen".into()
            } else {
                "Registrator, kommunstyrelsen".into()
            },
            email: format!("registrator@{domain}"),
            phone: format!("0{}-{} 00 00", rng.range(54, 590), rng.range(10, 99)),
        };
        sink.add_contact(stamp(long_ago, &mut rng), party.id, &registry)?;
        let (first, last) = (rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
        let official = ContactInput {
            level: ContactLevel::Tjansteperson.as_str().into(),
            name: format!("{first} {last}"),
            role: "Utvecklingsledare".into(),
            email: format!("{}.{}@{domain}", ascii_slug(first), ascii_slug(last)),
            phone: format!(
                "0{}-{} {} {}",
                rng.range(54, 590),
                rng.range(10, 99),
                rng.range(10, 99),
                rng.range(10, 99)
            ),
        };
        sink.add_contact(stamp(long_ago, &mut rng), party.id, &official)?;
    }

    let mut plans: Vec<DocumentPlan> = (0..spec.documents)
        .map(|i| plan_document(i, spec, parties, &mut rng))
        .collect();
    share_rounds(&mut plans, spec.rounds, &mut rng);

    let all: Vec<PartyId> = parties.iter().map(|p| p.id).collect();
    let regions: Vec<PartyId> = parties
        .iter()
        .filter(|p| p.kind == "region")
        .map(|p| p.id)
        .collect();
    for plan in plans {
        play_document(plan, spec, reference, (&all, &regions), sink, &mut rng)?;
    }
    Ok(())
}

fn play_document(
    plan: DocumentPlan,
    spec: &Spec,
    reference: &Reference,
    (all_parties, regions): (&[PartyId], &[PartyId]),
    sink: &mut dyn Sink,
    rng: &mut Rng,
) -> Result<()> {
    let mut clock = Clock::default();
    let showcase = plan.showcase;
    let mut input = plan.input;
    // A round goes to the document's parties, in the guideline's order.
    let recipients: Vec<PartyId> = match &input.parties {
        None => all_parties.to_vec(),
        Some(chosen) => all_parties
            .iter()
            .copied()
            .filter(|p| chosen.contains(p))
            .collect(),
    };
    let mut id = None;
    let version_count = plan.versions.len();
    let next_starts: Vec<Option<NaiveDate>> = (0..version_count)
        .map(|v| plan.versions.get(v + 1).map(|next| next.moves[0].1))
        .collect();
    for (v, version) in plan.versions.into_iter().enumerate() {
        let mut last_day = version.moves[0].1;
        let doc = match id {
            None => {
                let doc = sink.create_document(clock.stamp(last_day, rng), &input)?;
                id = Some(doc);
                doc
            }
            Some(doc) => {
                let comment = *rng.pick(&[
                    "",
                    "Giltighetstiden går ut",
                    "Ny lagstiftning",
                    "Uppföljningen visar behov av ändringar",
                ]);
                sink.open_revision(clock.stamp(last_day, rng), doc, comment)?;
                doc
            }
        };
        let currently_here = v + 1 == version_count;
        for (index, &(stage, day)) in version.moves.iter().enumerate().skip(1) {
            // Never before what was already recorded.
            let day = day.max(last_day);
            let code = &reference.stages[stage.min(reference.stages.len() - 1)].code;
            let comment = if rng.chance(25) {
                *rng.pick(&[
                    "Enligt beslut i Beredningsgruppen",
                    "Efter dialog med nätverken",
                    "Synpunkterna är omhändertagna",
                    "",
                ])
            } else {
                ""
            };
            sink.set_stage(clock.stamp(day, rng), doc, code, comment)?;
            last_day = day;
            if stage == REMISS && version.rounds > 0 {
                let stays_in_remiss = currently_here && index + 1 == version.moves.len();
                let rounds = Rounds {
                    doc,
                    count: version.rounds,
                    day,
                    stays_in_remiss,
                    prepare_newest: showcase,
                    recipients: &recipients,
                };
                last_day = play_rounds(&rounds, spec, &mut clock, sink, rng)?.max(last_day);
            }
            if stage == STALLNINGSTAGANDE {
                // The decision sets the validity: information at least four
                // months before the start, then two to four years.
                let from = add_days(day, rng.range(125, 220));
                input.valid_from = Some(from.to_string());
                input.valid_to = if rng.chance(90) {
                    Some(
                        from.checked_add_months(Months::new(rng.range(24, 48) as u32))
                            .unwrap_or(from)
                            .to_string(),
                    )
                } else {
                    None
                };
                input.approver = (rng.pick_str(APPROVERS)).into();
                sink.update_document(clock.stamp(day, rng), doc, &input)?;
            }
            if stage == PUBLICERING {
                input.vida_link = format!(
                    "https://vida.regionvarmland.se/dokument/{}/version/{}",
                    doc.0,
                    v + 1
                );
                sink.update_document(clock.stamp(day, rng), doc, &input)?;
            }
            if stage >= STALLNINGSTAGANDE {
                // The steps of this stage, by a generator of the version's
                // own, up to the version's next move.
                let next = version
                    .moves
                    .get(index + 1)
                    .map(|(_, next)| *next)
                    .or(next_starts[v]);
                let until = next.map_or(spec.today, |next| next.min(spec.today));
                let mut steps_rng =
                    Rng::new(0x4546_5445_5200_0000 ^ ((doc.0 as u64) << 8) ^ v as u64);
                let planned = steps_at(
                    StepContext {
                        version_no: v + 1,
                        stage,
                        day,
                        until,
                        current: next.is_none(),
                        input: &mut input,
                        forums: &reference.forums,
                        parties: &recipients,
                        regions,
                    },
                    &mut steps_rng,
                );
                for (on, step) in planned {
                    sink.step(clock.stamp(on, &mut steps_rng), doc, &step)?;
                    last_day = last_day.max(on);
                }
            }
        }
    }
    Ok(())
}

/// The rounds a version gets while it stands in the remiss stage.
struct Rounds<'a> {
    doc: DocumentId,
    count: u32,
    /// The day the version reached the remiss stage.
    day: NaiveDate,
    /// The document is still in the remiss stage today.
    stays_in_remiss: bool,
    /// Its newest round is surely still being prepared.
    prepare_newest: bool,
    recipients: &'a [PartyId],
}

/// Opens the rounds from their day on and plays their answers up to today.
/// Returns the last day something was recorded.
fn play_rounds(
    rounds: &Rounds<'_>,
    spec: &Spec,
    clock: &mut Clock,
    sink: &mut dyn Sink,
    rng: &mut Rng,
) -> Result<NaiveDate> {
    let today = spec.today;
    let count = rounds.count;
    let window = (today - rounds.day).num_days().clamp(0, 60) as u64;
    let mut last_day = rounds.day;
    let mut marks: Vec<(NaiveDate, RoundId, PartyId, Mark)> = Vec::new();
    for j in 0..count {
        let opened = add_days(rounds.day, window * u64::from(j) / u64::from(count));
        let kind = if j % 2 == 0 {
            RoundKind::Remiss
        } else {
            RoundKind::Synpunktsrunda
        };
        // The newest round of a document still in the remiss stage is now
        // and then still being prepared.
        let prepared =
            rounds.stays_in_remiss && j + 1 == count && (rounds.prepare_newest || rng.chance(15));
        let sent = (!prepared).then_some(opened);
        let deadline = add_days(opened, rng.range(42, 70));
        let input = RoundInput {
            kind: kind.as_str().into(),
            parties: None,
            sent_date: sent.map(|d| d.to_string()),
            deadline: Some(deadline.to_string()),
            subject: String::new(),
            missiv_text: String::new(),
            reply_address: "nyaperspektiv@regionvarmland.se".into(),
            diarienummer: String::new(),
            contact_name: format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES)),
            contact_email: "nyaperspektiv@regionvarmland.se".into(),
            contact_phone: "010-831 00 00".into(),
            contact_title: "Utvecklingsledare Nya perspektiv".into(),
        };
        let round = sink.open_round(clock.stamp(opened, rng), rounds.doc, &input)?;
        last_day = last_day.max(opened);
        let Some(sent) = sent else { continue };
        let days_given = (deadline - sent).num_days() as u64;
        // Rounds long past their deadline have mostly been completed: the
        // late parties answered or declined after reminders. One in ten
        // still lacks an answer or two, as happens.
        let completed = add_days(deadline, 90) < today && !rng.chance(10);
        for &party in rounds.recipients {
            let mut plan = |on: NaiveDate, mark: Mark| {
                if on <= today {
                    marks.push((on, round, party, mark));
                }
            };
            let answer_day = add_days(sent, rng.range(5, days_given + 25));
            let reminder = add_days(deadline, rng.range(1, 5));
            let late = answer_day > deadline;
            match rng.range(0, 99) {
                // Answered, with a position; a late answer after a reminder.
                0..=69 => {
                    let answer_day = if late {
                        plan(reminder, Mark::Reminded(reminder));
                        answer_day.max(reminder)
                    } else {
                        answer_day
                    };
                    let mut roll = rng.range(0, 99);
                    let mut position = POSITIONS[0].0;
                    for (code, share) in POSITIONS {
                        if roll < *share {
                            position = code;
                            break;
                        }
                        roll -= share;
                    }
                    plan(
                        answer_day,
                        Mark::Received {
                            on: answer_day,
                            position: Some(position.into()),
                        },
                    );
                    if rng.chance(10) {
                        plan(
                            answer_day,
                            Mark::Note(format!(
                                "Yttrandet kom via registrator, dnr KS {}/{}",
                                answer_day.year(),
                                rng.range(100, 2400)
                            )),
                        );
                    }
                }
                // Declined (avstår).
                70..=77 => plan(answer_day, Mark::Declined(answer_day)),
                // Late: reminded after the deadline, then an answer or a
                // declining if the round has been completed.
                _ if completed => {
                    plan(reminder, Mark::Reminded(reminder));
                    let late = add_days(reminder, rng.range(3, 40));
                    let mark = if rng.chance(70) {
                        Mark::Received {
                            on: late,
                            position: Some("tillstyrker_med_synpunkter".into()),
                        }
                    } else {
                        Mark::Declined(late)
                    };
                    plan(late, mark);
                }
                // No answer yet: reminded once or twice after the deadline.
                _ => {
                    plan(reminder, Mark::Reminded(reminder));
                    if rng.chance(40) {
                        let again = add_days(reminder, rng.range(7, 14));
                        plan(again, Mark::Reminded(again));
                    }
                }
            }
        }
    }
    // In the order of their days (stable: a party's own changes keep their
    // order).
    marks.sort_by_key(|(on, ..)| *on);
    for (on, round, party, mark) in marks {
        sink.mark(clock.stamp(on, rng), round, party, &mark)?;
        last_day = last_day.max(on);
    }
    Ok(last_day)
}

/// The moments of one document's history: a random time of the working
/// day, but never before the moment of its previous change.
#[derive(Default)]
struct Clock {
    last: Option<NaiveDateTime>,
}

impl Clock {
    fn stamp(&mut self, day: NaiveDate, rng: &mut Rng) -> Stamp {
        let mut stamp = stamp(day, rng);
        if let Some(last) = self.last.filter(|last| stamp.at <= *last) {
            stamp.at = last + chrono::Duration::seconds(rng.range(1, 90) as i64);
        }
        self.last = Some(stamp.at);
        stamp
    }
}
