//! The compilation of a round from the register: assembled
//! ([`compilation`]), written as .docx or .xlsx ([`write_compilation`]),
//! and sent back to every party that answered ([`feedback`]:
//! återkoppling, e-mail drafts with the compilation attached, recorded on
//! the round).

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::json;

use super::compilation::{
    self, Compilation, CompiledComment, ListedFile, PartyAnswer, SectionComments,
};
use super::{eml, package, PackageFile};
use crate::audit::{self, NewEvent};
use crate::comments;
use crate::db::Store;
use crate::error::{Error, Result};
use crate::formats::files::{safe_file_name, write_atomically};
use crate::register;
use crate::rounds::{self, RecipientStatus, RoundId};
use crate::time;

/// Everything the compilation of `round` shows, from the register.
pub fn compilation(conn: &Connection, round: RoundId) -> Result<Compilation> {
    let status = rounds::status(conn, round, time::today())?;
    let r = &status.round;
    if r.kind.is_adoption() {
        return Err(Error::invalid("round", comments::NO_COMMENTS_IN_ADOPTION));
    }
    let version = register::current_version(conn, r.document_id)?;
    let all = comments::list(conn, round)?;
    let progress = comments::progress(&all);
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for c in &all {
        *counts.entry(c.party_id.0).or_default() += 1;
    }
    let parties = status
        .recipients
        .iter()
        .map(|p| PartyAnswer {
            party: p.party_name.clone(),
            status_name: match p.status {
                RecipientStatus::SvarInkommet | RecipientStatus::Avstar => p.status_name.clone(),
                _ => "Inget svar".to_owned(),
            },
            position_name: p.position_name.clone(),
            answered_on: p.received_on.or(p.declined_on),
            comments: counts.get(&p.party_id.0).copied().unwrap_or(0),
        })
        .collect();
    // Numbered in the order shown: by section, then party, then row.
    let numbers: HashMap<i64, usize> = all
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.0, i + 1))
        .collect();
    let mut sections: Vec<SectionComments> = Vec::new();
    for c in &all {
        let nr = numbers.get(&c.id.0).copied().unwrap_or(0);
        let compiled = CompiledComment {
            nr,
            party: c.party_name.clone(),
            text: c.text.clone(),
            proposal: c.proposal.clone(),
            disposition_name: c.decision.as_ref().map(|d| d.disposition_name.clone()),
            motivation: c
                .decision
                .as_ref()
                .map_or_else(String::new, |d| d.motivation.clone()),
            significant: c
                .decision
                .as_ref()
                .is_some_and(|d| d.significant && d.disposition.accepts()),
            decided_with: c.decision.as_ref().map_or_else(Vec::new, |d| {
                let mut with: Vec<usize> = d
                    .comment_ids
                    .iter()
                    .filter(|id| **id != c.id)
                    .filter_map(|id| numbers.get(&id.0).copied())
                    .collect();
                with.sort_unstable();
                with
            }),
        };
        match sections.last_mut() {
            Some(s) if s.section == c.section => s.comments.push(compiled),
            _ => sections.push(SectionComments {
                section: c.section.clone(),
                comments: vec![compiled],
            }),
        }
    }
    let files = status
        .recipients
        .iter()
        .flat_map(|p| {
            p.files.iter().map(|f| ListedFile {
                party: p.party_name.clone(),
                file_name: f.file_name.clone(),
                stored_on: f.created_at.chars().take(10).collect(),
            })
        })
        .collect();
    Ok(Compilation {
        kind: r.kind,
        document_title: r.document_title.clone(),
        doc_type_name: version.doc_type_name.clone(),
        version_no: r.version_no,
        subject: r.subject.clone(),
        diarienummer: r.diarienummer.clone(),
        sent_date: r.sent_date,
        deadline: r.deadline,
        sender: "Region Värmland, Nya perspektiv".into(),
        parties,
        sections,
        files,
        total: progress.total,
        handled: progress.handled,
        significant: progress.significant,
    })
}

/// The file format of a compilation, from the name the user chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Docx,
    Xlsx,
}

impl Format {
    pub fn of(path: &Path) -> Result<Format> {
        match path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .as_deref()
        {
            Some("docx") => Ok(Format::Docx),
            Some("xlsx") => Ok(Format::Xlsx),
            _ => Err(Error::invalid(
                "path",
                "Sammanställningen sparas som Word-dokument (.docx) eller Excel-fil (.xlsx). Ge filen ett av de namnen.",
            )),
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Serialize)]
pub struct WrittenCompilation {
    pub path: String,
    pub format: Format,
    pub comments: usize,
    pub handled: usize,
}

/// The file name the save dialog suggests.
pub fn suggested_file_name(conn: &Connection, round: RoundId, format: Format) -> Result<String> {
    let c = compilation(conn, round)?;
    Ok(safe_file_name(
        &compilation::file_stem(&c),
        match format {
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
        },
    ))
}

fn build(c: &Compilation, format: Format) -> Result<Vec<u8>> {
    match format {
        Format::Docx => compilation::build_docx(c, &time::now()),
        Format::Xlsx => compilation::build_xlsx(c),
    }
}

/// Writes the compilation of `round` to `path` (.docx or .xlsx, by its
/// extension), whole or not at all, and records the export.
pub fn write_compilation(
    store: &mut Store,
    round: RoundId,
    path: &Path,
) -> Result<WrittenCompilation> {
    let format = Format::of(path)?;
    let c = compilation(store.conn(), round)?;
    let bytes = build(&c, format)?;
    write_atomically(path, &bytes)?;
    let r = rounds::get(store.conn(), round)?;
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(r.document_id.0),
            entity: "round",
            entity_id: Some(round.0),
            action: "compilation_exported",
            summary: format!(
                "{}: {} exporterad ({})",
                r.kind.label(),
                c.title().to_lowercase(),
                comments::handled_text(c.handled, c.total)
            ),
            before: None,
            after: Some(json!({ "destination": path.display().to_string(), "comments": c.total })),
        },
    )?;
    tx.commit()?;
    Ok(WrittenCompilation {
        path: path.display().to_string(),
        format,
        comments: c.total,
        handled: c.handled,
    })
}

/// What the återkoppling did.
#[derive(Debug, Clone, Serialize)]
pub struct Feedback {
    /// The folder written.
    pub folder: String,
    /// The compilation's file name in it.
    pub file_name: String,
    /// Parties that got an e-mail draft.
    pub sent_to: Vec<String>,
    /// Parties that answered but have no valid address for the round's
    /// level: no draft.
    pub without_email: Vec<String>,
}

/// The text of the återkoppling e-mail.
fn feedback_text(c: &Compilation) -> String {
    let mut text = format!(
        "Tack för ert svar på {} om {}.\n\nBifogat finns {} med alla synpunkter som kommit in och hur var och en har hanterats.",
        c.kind.noun(),
        c.document_title.trim(),
        c.title().to_lowercase()
    );
    if c.handled < c.total {
        text.push_str(&format!(
            " {} av {} synpunkter är ännu inte hanterade.",
            c.total - c.handled,
            c.total
        ));
    }
    if c.significant > 0 {
        text.push_str(
            "\n\nSynpunkterna har lett till betydande ändringar, och dokumentet godkänns därför på nytt i nätverken före ställningstagandet.",
        );
    }
    text
}

/// Writes the återkoppling into the new folder `dest` (whole or not at
/// all): the compilation (.docx) and an e-mail draft with it attached to
/// every party that answered; then records it on the round.
pub fn feedback(store: &mut Store, round: RoundId, dest: &Path) -> Result<Feedback> {
    let c = compilation(store.conn(), round)?;
    let status = rounds::status(store.conn(), round, time::today())?;
    let answered: Vec<&str> = status
        .recipients
        .iter()
        .filter(|p| p.status == RecipientStatus::SvarInkommet)
        .map(|p| p.party_name.as_str())
        .collect();
    if answered.is_empty() {
        return Err(Error::invalid(
            "round",
            "Ingen part har svarat ännu; det finns ingen att skicka återkoppling till.",
        ));
    }
    let (mut input, _) = package::round_input(store, round)?;
    input
        .recipients
        .retain(|r| answered.contains(&r.party_name.as_str()));
    let file_name = safe_file_name(&compilation::file_stem(&c), "docx");
    let docx = compilation::build_docx(&c, &time::now())?;
    let text = feedback_text(&c);
    let now = chrono::Local::now().fixed_offset();
    let mut files = vec![PackageFile {
        path: file_name.clone(),
        bytes: docx.clone(),
        recipient: None,
    }];
    let mut sent_to = Vec::new();
    let mut without_email = Vec::new();
    for recipient in &input.recipients {
        let Some(address) = recipient.address() else {
            without_email.push(recipient.party_name.clone());
            continue;
        };
        files.push(PackageFile {
            path: safe_file_name(&format!("Återkoppling - {}", recipient.party_name), "eml"),
            bytes: eml::build(
                &input,
                recipient,
                address,
                &[eml::Attachment {
                    file_name: &file_name,
                    bytes: &docx,
                }],
                now,
                eml::Letter::Feedback(&text),
            )?,
            recipient: Some(recipient.party_code.clone()),
        });
        sent_to.push(recipient.party_name.clone());
    }
    if sent_to.is_empty() {
        return Err(Error::invalid(
            "round",
            format!(
                "Ingen av parterna som svarat har en giltig e-postadress för rundans nivå: {}. Rätta adresserna under Parter.",
                without_email.join(", ")
            ),
        ));
    }
    super::write_files(&files, dest)?;
    let actor = store.actor().to_owned();
    let r = rounds::get(store.conn(), round)?;
    let tx = store.transaction()?;
    tx.execute(
        "INSERT INTO round_feedback (round_id, created_at, actor, destination, file_sha256, parties)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            round.0,
            time::now(),
            actor,
            dest.display().to_string(),
            crate::db::attachments::sha256_hex(&docx),
            serde_json::to_string(&sent_to).map_err(std::io::Error::other)?
        ],
    )?;
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(r.document_id.0),
            entity: "round",
            entity_id: Some(round.0),
            action: "feedback_sent",
            summary: format!(
                "{}: återkoppling till {} parter",
                r.kind.label(),
                sent_to.len()
            ),
            before: None,
            after: Some(json!({
                "destination": dest.display().to_string(),
                "parties": sent_to,
            })),
        },
    )?;
    tx.commit()?;
    Ok(Feedback {
        folder: dest.display().to_string(),
        file_name,
        sent_to,
        without_email,
    })
}

/// One återkoppling as recorded.
#[derive(Debug, Clone, Serialize)]
pub struct FeedbackRecord {
    pub created_at: String,
    pub actor: String,
    pub destination: String,
    pub parties: Vec<String>,
}

/// The återkopplingar of `round`, oldest first.
pub fn feedback_history(conn: &Connection, round: RoundId) -> Result<Vec<FeedbackRecord>> {
    let mut stmt = conn.prepare(
        "SELECT created_at, actor, destination, parties FROM round_feedback
         WHERE round_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([round.0], |r| {
        Ok(FeedbackRecord {
            created_at: r.get(0)?,
            actor: r.get(1)?,
            destination: r.get(2)?,
            parties: serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
