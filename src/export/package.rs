//! Exporting a round's remiss package from the register: which draft goes
//! out (the version's attached working draft byte for byte, or, when there
//! is none, a freshly generated draft, and the user is told which), what
//! the structure check says of it, which parties lack an address for the
//! round's level, and the record of what went to whom (the manifest, kept
//! in the database).
//!
//! An address stored before the app's one e-mail rule ([`crate::email`])
//! that breaks it does not block the package: that party gets its svarsmall
//! but no e-mail draft (a bad reply or contact address of the round is left
//! out of the drafts), and the plan and the reminder result name the party
//! and the address, so the user is told before anything is written.
//!
//! The files themselves are built by [`crate::export`]; this module only
//! gathers their content from the store and records the dispatch.

use std::path::Path;

use rusqlite::params;
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, NewEvent};
use crate::db::attachments;
use crate::db::Store;
use crate::drafts::check::{self, CheckReport, ItemStatus};
use crate::drafts::generate::{self, DraftContent};
use crate::drafts::record;
use crate::error::{Error, Result};
use crate::export::adoption::{
    self, AdoptionInput, AdoptionParty, PartyKind, RemissAnswer, Statement,
};
use crate::export::{
    self, Contact, DocInfo, DraftFile, DraftSource, Manifest, PackageInput, Recipient, RoundInfo,
};
use crate::parties;
use crate::register;
use crate::resolutions;
use crate::rounds::{self, RoundId};
use crate::template;
use crate::time;

/// What the user is told before exporting.
#[derive(Debug, Clone, Serialize)]
pub struct PackagePlan {
    /// `working_draft` or `generated`.
    pub draft_source: DraftSource,
    /// The name the draft will have in the package.
    pub draft_file_name: String,
    /// The structure check of the draft that goes out.
    pub draft_check: Option<CheckReport>,
    /// Mandatory items the draft lacks or has out of place (labels).
    pub draft_problems: Vec<String>,
    /// Recipients without an e-mail address for the round's level: they get
    /// a svarsmall but no e-mail draft.
    pub recipients_without_email: Vec<String>,
    /// Stored addresses that break the e-mail rule and are left out of the
    /// e-mail drafts: the party (or the round's own address) and why.
    pub invalid_addresses: Vec<InvalidAddress>,
    /// Suggested file or folder name for the package.
    pub suggested_name: String,
}

/// A stored address that cannot be written into an e-mail draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvalidAddress {
    /// The party's name; empty for the round's own reply or contact address.
    pub party_name: String,
    pub address: String,
    /// One Swedish sentence: whose address, what is wrong, what happens
    /// and what to do.
    pub message: String,
}

/// The draft that goes out: the working draft as stored, else a new one.
fn draft_for(store: &Store, round: &rounds::Round) -> Result<DraftFile> {
    let overview = record::overview(store, round.document_id)?;
    if let Some(working) = overview.working_draft {
        let name = working
            .stored_name
            .as_deref()
            .ok_or_else(|| Error::not_found("Arbetsversionen"))?;
        let path = attachments::path(store, name)?;
        let bytes =
            std::fs::read(&path).map_err(|e| crate::formats::files::file_error(&path, &e))?;
        if attachments::sha256_hex(&bytes) != working.sha256 {
            return Err(Error::File {
                path: path.display().to_string(),
                reason: "Arbetsversionen i bilagearkivet har ändrats sedan den bifogades.".into(),
            });
        }
        return Ok(DraftFile {
            file_name: crate::formats::files::safe_file_name(
                working
                    .file_name
                    .trim_end_matches(".docx")
                    .trim_end_matches(".DOCX"),
                "docx",
            ),
            bytes,
            source: DraftSource::WorkingDraft,
        });
    }
    let content = DraftContent::from_register(store.conn(), round.document_id, store.actor())?;
    let created = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    Ok(DraftFile {
        file_name: generate::suggested_file_name(&content.title, content.version_no),
        bytes: generate::build(&content, &created)?,
        source: DraftSource::Generated,
    })
}

/// The package's input from the register, and the stored addresses that
/// break the e-mail rule (left out of the input, so they do not block it).
fn package_input(store: &Store, id: RoundId) -> Result<(PackageInput, Vec<InvalidAddress>)> {
    let (mut input, invalid) = round_input(store, id)?;
    input.draft = draft_for(store, &rounds::get(store.conn(), id)?)?;
    if input.adoption.is_some() && input.draft.source != DraftSource::WorkingDraft {
        return Err(Error::invalid(
            "draft",
            "Antagandepaketet ska innehålla det slutliga dokumentet precis som det ser ut. \
             Bifoga den slutliga versionen som arbetsversion under Utkast på dokumentets sida \
             och exportera sedan paketet.",
        ));
    }
    Ok((input, invalid))
}

/// What the adoption round's missiv and förslag till tjänsteskrivelse
/// are written from: the latest ställningstagande on the current version
/// that recommends adoption, and every recipient with its own answer to
/// the document's latest remiss, if it gave one.
fn adoption_input(
    store: &Store,
    round: &rounds::Round,
    input: &PackageInput,
    all: &[parties::Party],
    status: &rounds::RoundStatus,
) -> Result<AdoptionInput> {
    let conn = store.conn();
    let statement = resolutions::list(conn, round.document_id)?
        .into_iter()
        .find(|r| r.version_no == round.version_no && r.recommends_adoption)
        .ok_or_else(|| {
            Error::invalid(
                "resolution",
                format!(
                    "Antagandet bygger på ställningstagandet, men version {} saknar ett \
                     ställningstagande som rekommenderar parterna att anta dokumentet. \
                     Registrera det under Ställningstagande på dokumentets sida.",
                    round.version_no
                ),
            )
        })?;
    // Each party's answer to the document's latest remiss it answered.
    let reference = crate::assets::reference()?;
    let mut answers: std::collections::HashMap<i64, RemissAnswer> = Default::default();
    let mut stmt = conn.prepare(
        "SELECT rr.party_id, rr.received_on, rr.position
         FROM round_recipients rr
         JOIN rounds r ON r.id = rr.round_id
         JOIN document_versions v ON v.id = r.version_id
         WHERE v.document_id = ?1 AND r.kind = 'remiss' AND rr.received_on IS NOT NULL
         ORDER BY r.id DESC",
    )?;
    for row in stmt.query_map([round.document_id.0], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, chrono::NaiveDate>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })? {
        let (party, answered_on, position) = row?;
        answers.entry(party).or_insert_with(|| RemissAnswer {
            position_name: position
                .as_deref()
                .and_then(|p| reference.find_position(p))
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            answered_on,
        });
    }
    let parties = status
        .recipients
        .iter()
        .map(|r| {
            let party = all.iter().find(|p| p.id == r.party_id);
            AdoptionParty {
                name: r.party_name.clone(),
                kind: party
                    .and_then(|p| PartyKind::parse(&p.kind))
                    .unwrap_or(PartyKind::Kommun),
                remiss_answer: answers.remove(&r.party_id.0),
            }
        })
        .collect();
    Ok(AdoptionInput {
        document_title: input.document.title.clone(),
        doc_type_name: input.document.doc_type_name.clone(),
        version_no: input.document.version_no,
        statement: Statement {
            forum: statement.forum,
            meeting_date: statement.meeting_date,
            points: statement.points,
            recommends_adoption: statement.recommends_adoption,
        },
        summary: input.round.missiv_text.clone(),
        sender: input.round.sender.clone(),
        contact: input.round.contact.clone(),
        sent_date: input.round.sent_date,
        registry_address: input.round.reply_address.clone(),
        diarienummer: input.round.diarienummer.clone(),
        decide_by: Some(input.round.deadline),
        parties,
    })
}

/// As [`package_input`] without the draft (an empty file stands in its
/// place): for e-mails that do not carry it, such as the återkoppling.
pub(super) fn round_input(
    store: &Store,
    id: RoundId,
) -> Result<(PackageInput, Vec<InvalidAddress>)> {
    let round = rounds::get(store.conn(), id)?;
    let status = rounds::status(store.conn(), id, time::today())?;
    let version = register::current_version(store.conn(), round.document_id)?;
    let all = parties::list(store.conn())?;
    let level = round.kind.level();
    let mut invalid = Vec::new();
    let recipients = status
        .recipients
        .iter()
        .map(|r| {
            let party = all.iter().find(|p| p.id == r.party_id);
            let contact = party.and_then(|p| {
                p.contacts
                    .iter()
                    .find(|c| c.level == level && !c.email.is_empty())
            });
            let email = contact
                .map(|c| c.email.trim().to_owned())
                .filter(|address| match crate::email::Address::parse(address) {
                    Ok(_) => true,
                    Err(problem) => {
                        invalid.push(InvalidAddress {
                            party_name: r.party_name.clone(),
                            address: address.clone(),
                            message: format!(
                                "{}: {} {} får ingen e-post i paketet (men en svarsmall). \
                                 Rätta adressen under Parter.",
                                r.party_name,
                                crate::email::message(address, problem),
                                r.party_name
                            ),
                        });
                        false
                    }
                });
            Recipient {
                party_name: r.party_name.clone(),
                party_code: party.map_or_else(String::new, |p| p.code.clone()),
                contact_name: contact.map_or_else(String::new, |c| c.name.clone()),
                email,
            }
        })
        .collect();
    // The round's own addresses were stored by earlier versions too; one
    // that breaks the rule is left out of the drafts, not fatal.
    let mut round_address = |label: &str, address: &str| -> String {
        let address = address.trim();
        match crate::email::Address::parse(address) {
            Err(problem) if !address.is_empty() => {
                invalid.push(InvalidAddress {
                    party_name: String::new(),
                    address: address.to_owned(),
                    message: format!(
                        "{label}: {} Den skrivs inte i e-postutkasten.",
                        crate::email::message(address, problem)
                    ),
                });
                String::new()
            }
            _ => address.to_owned(),
        }
    };
    let reply_address = round_address("Rundans svarsadress", &round.reply_address);
    let contact_email = round_address("Kontaktpersonens adress", &round.contact_email);
    let doc = DocInfo {
        title: version.fields.title.clone(),
        doc_type_name: version.doc_type_name.clone(),
        version_no: version.version_no,
    };
    let missiv_text = if round.missiv_text.trim().is_empty() {
        export::default_missiv_text(
            round.kind,
            &doc,
            round.deadline,
            &round.diarienummer,
            &reply_address,
        )
    } else {
        round.missiv_text.clone()
    };
    let mut input = PackageInput {
        round: RoundInfo {
            kind: round.kind,
            subject: round.subject.clone(),
            // A round sent party by party has no send date of its own: the
            // first party's day, else today, and never after the deadline
            // (a late round still gets its package and its reminders).
            sent_date: round
                .sent_date
                .or_else(|| status.recipients.iter().filter_map(|r| r.sent_on).min())
                .unwrap_or_else(time::today)
                .min(round.deadline),
            deadline: round.deadline,
            missiv_text,
            reply_address,
            diarienummer: round.diarienummer.clone(),
            contact: Contact {
                name: round.contact_name.clone(),
                title: round.contact_title.clone(),
                email: contact_email,
                phone: round.contact_phone.clone(),
            },
            sender: "Region Värmland, Nya perspektiv".into(),
            form_key: round.form_key.clone(),
        },
        document: doc,
        draft: DraftFile {
            file_name: String::new(),
            bytes: Vec::new(),
            source: DraftSource::Generated,
        },
        recipients,
        mandatory_headings: template::template()?
            .mandatory
            .iter()
            .map(|m| m.label.clone())
            .collect(),
        adoption: None,
    };
    if round.kind.is_adoption() {
        let adoption = adoption_input(store, &round, &input, &all, &status)?;
        input.round.missiv_text = adoption::email_text(&adoption);
        input.adoption = Some(adoption);
    }
    Ok((input, invalid))
}

/// "Remisspaket Remiss", "Remisspaket Synpunktsrunda", "Antagandepaket".
fn package_name(input: &PackageInput) -> String {
    if input.adoption.is_some() {
        "Antagandepaket".to_owned()
    } else {
        format!("Remisspaket {}", input.round.kind.label())
    }
}

/// What an export of the round would send, for the warning before it.
pub fn plan(store: &Store, id: RoundId) -> Result<PackagePlan> {
    let (input, invalid_addresses) = package_input(store, id)?;
    let draft_check = check::check_bytes(&input.draft.bytes).ok();
    let draft_problems = draft_check
        .as_ref()
        .map(|c| {
            c.items
                .iter()
                .filter(|i| !matches!(i.status, ItemStatus::Present))
                .map(|i| i.label.clone())
                .collect()
        })
        .unwrap_or_default();
    Ok(PackagePlan {
        draft_source: input.draft.source,
        draft_file_name: input.draft.file_name.clone(),
        draft_check,
        draft_problems,
        recipients_without_email: export::recipients_without_email(&input.recipients)
            .into_iter()
            .filter(|name| !invalid_addresses.iter().any(|i| i.party_name == *name))
            .collect(),
        invalid_addresses,
        suggested_name: crate::formats::files::safe_file_name(
            &format!("{} {}", package_name(&input), input.document.title),
            "zip",
        ),
    })
}

/// A recorded export.
#[derive(Debug, Clone, Serialize)]
pub struct Dispatch {
    pub id: i64,
    pub destination: String,
    pub draft_source: DraftSource,
    pub manifest: Manifest,
}

/// Exports the package to `dest`: a zip when it ends in `.zip`, else a new
/// folder. Written whole or not at all; then recorded with its manifest.
pub fn export_package(
    store: &mut Store,
    id: RoundId,
    dest: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Dispatch> {
    let (input, _) = package_input(store, id)?;
    let (files, manifest) = export::build_package(&input, progress)?;
    let is_zip = dest
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if is_zip {
        export::write_zip(&files, &manifest, dest)?;
    } else {
        export::write_folder(&files, &manifest, dest)?;
    }
    let round = rounds::get(store.conn(), id)?;
    let manifest_json = serde_json::to_string(&manifest).map_err(std::io::Error::other)?;
    let source = match input.draft.source {
        DraftSource::WorkingDraft => "working_draft",
        DraftSource::Generated => "generated",
    };
    let actor = store.actor().to_owned();
    let destination = dest.display().to_string();
    let tx = store.transaction()?;
    tx.execute(
        "INSERT INTO round_dispatches (round_id, created_at, actor, destination, draft_source, draft_sha256, manifest)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            id.0,
            time::now(),
            actor,
            destination,
            source,
            attachments::sha256_hex(&input.draft.bytes),
            manifest_json
        ],
    )?;
    let dispatch_id = tx.last_insert_rowid();
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(round.document_id.0),
            entity: "round",
            entity_id: Some(id.0),
            action: "package_exported",
            summary: format!(
                "{} exporterat ({} filer) till {destination}",
                if input.adoption.is_some() {
                    "Antagandepaket"
                } else {
                    "Remisspaket"
                },
                manifest.entries.len()
            ),
            before: None,
            after: Some(
                json!({ "destination": destination, "draft_source": source, "files": manifest.entries.len() }),
            ),
        },
    )?;
    tx.commit()?;
    Ok(Dispatch {
        id: dispatch_id,
        destination,
        draft_source: input.draft.source,
        manifest,
    })
}

/// A party that has not answered, and where a reminder would go.
#[derive(Debug, Clone, Serialize)]
pub struct LateParty {
    pub party_id: crate::parties::PartyId,
    pub party_name: String,
    pub email: Option<String>,
    pub overdue: bool,
    pub reminded_on: Vec<chrono::NaiveDate>,
}

/// The parties of a round without an answer (neither answered nor
/// declined), in the guideline's order.
pub fn without_answer(store: &Store, id: RoundId) -> Result<Vec<LateParty>> {
    let status = rounds::status(store.conn(), id, time::today())?;
    Ok(status
        .recipients
        .into_iter()
        .filter(|r| !r.status.is_done())
        .map(|r| LateParty {
            party_id: r.party_id,
            party_name: r.party_name,
            email: r.email,
            overdue: r.overdue,
            reminded_on: r.reminded_on,
        })
        .collect())
}

/// What a reminder run did.
#[derive(Debug, Clone, Serialize)]
pub struct Reminders {
    /// The folder the reminder e-mails were written to.
    pub folder: String,
    /// Parties that got a reminder draft and a recorded reminder date.
    pub reminded: Vec<String>,
    /// Parties without an address for the round's level, or with one that
    /// breaks the e-mail rule: no draft.
    pub without_email: Vec<String>,
    /// The stored addresses that break the e-mail rule, and why.
    pub invalid_addresses: Vec<InvalidAddress>,
}

/// Writes a reminder e-mail draft (.eml) for every party without an answer
/// into the new folder `dest` (whole or not at all), then records today's
/// reminder on each party that got one.
pub fn remind(store: &mut Store, id: RoundId, dest: &Path) -> Result<Reminders> {
    let late = without_answer(store, id)?;
    if late.is_empty() {
        let adoption = rounds::get(store.conn(), id)?.kind.is_adoption();
        return Err(Error::invalid(
            "round",
            if adoption {
                "Alla parter har beslutat; ingen behöver påminnas."
            } else {
                "Alla parter har svarat eller avstått; ingen behöver påminnas."
            },
        ));
    }
    let (mut input, invalid_addresses) = package_input(store, id)?;
    let late_names: Vec<&str> = late.iter().map(|l| l.party_name.as_str()).collect();
    input
        .recipients
        .retain(|r| late_names.contains(&r.party_name.as_str()));
    let (files, without_email) =
        export::build_reminders(&input, chrono::Local::now().fixed_offset())?;
    if files.is_empty() {
        return Err(Error::invalid(
            "round",
            format!(
                "Ingen av parterna utan svar har en giltig e-postadress för rundans nivå: {}.",
                without_email.join(", ")
            ),
        ));
    }
    // Written beside `dest` and renamed into place: a run killed half-way
    // leaves no partial folder under the chosen name.
    export::write_files(&files, dest)?;
    let reminded: Vec<&LateParty> = late
        .iter()
        .filter(|l| !without_email.contains(&l.party_name))
        .collect();
    let ids: Vec<crate::parties::PartyId> = reminded.iter().map(|l| l.party_id).collect();
    rounds::record_reminders(store, id, &ids, time::today())?;
    let reminded = reminded.iter().map(|l| l.party_name.clone()).collect();
    Ok(Reminders {
        folder: dest.display().to_string(),
        reminded,
        without_email,
        invalid_addresses: invalid_addresses
            .into_iter()
            .filter(|i| {
                i.party_name.is_empty() || late.iter().any(|l| l.party_name == i.party_name)
            })
            .collect(),
    })
}
