//! Drafts on a document version: a generated draft is written where the
//! user chose and recorded (path, content hash, time, template version); an
//! edited file attached back is checked, copied into the attachment store
//! and recorded with its check. The newest attached file of a version is its
//! current working draft.
//!
//! A file that cannot be read as a .docx is refused before anything is
//! stored; a draft is recorded only after its file is whole on disk.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use serde_json::json;

use super::check::{self, CheckReport};
use super::generate::{self, DraftContent};
use crate::audit::{self, NewEvent};
use crate::db::attachments;
use crate::db::Store;
use crate::error::{Error, Result};
use crate::register::{self, DocumentId};
use crate::{template, time};

/// The largest .docx Samdok accepts.
pub const MAX_DOCX_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DraftRecord {
    pub id: i64,
    pub version_id: i64,
    pub version_no: i64,
    /// `generated` or `attached`.
    pub kind: String,
    pub file_name: String,
    pub saved_path: Option<String>,
    pub stored_name: Option<String>,
    pub sha256: String,
    pub size: i64,
    pub template_version: Option<String>,
    pub complies: Option<bool>,
    pub created_at: String,
    pub actor: String,
}

/// A version's drafts and the check of its current working draft.
#[derive(Debug, Clone, Serialize)]
pub struct DraftOverview {
    /// Every draft of every version of the document, newest first.
    pub drafts: Vec<DraftRecord>,
    /// The current version's newest attached draft.
    pub working_draft: Option<DraftRecord>,
    /// Its structure check.
    pub working_draft_check: Option<CheckReport>,
    /// File name suggested for a new draft.
    pub suggested_file_name: String,
}

const COLUMNS: &str =
    "d.id, d.version_id, v.version_no, d.kind, d.file_name, d.saved_path, d.stored_name, \
     d.sha256, d.size, d.template_version, d.complies, d.created_at, d.actor";

fn from_row(row: &Row<'_>) -> rusqlite::Result<DraftRecord> {
    Ok(DraftRecord {
        id: row.get(0)?,
        version_id: row.get(1)?,
        version_no: row.get(2)?,
        kind: row.get(3)?,
        file_name: row.get(4)?,
        saved_path: row.get(5)?,
        stored_name: row.get(6)?,
        sha256: row.get(7)?,
        size: row.get(8)?,
        template_version: row.get(9)?,
        complies: row.get::<_, Option<i64>>(10)?.map(|v| v == 1),
        created_at: row.get(11)?,
        actor: row.get(12)?,
    })
}

/// Generates a draft of the document's current version and writes it to
/// `out` (whole or not at all), then records it.
pub fn save_generated(store: &mut Store, id: DocumentId, out: &Path) -> Result<DraftRecord> {
    if out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .as_deref()
        != Some("docx")
    {
        return Err(Error::invalid(
            "out",
            "Utkastet måste sparas som en .docx-fil.",
        ));
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            return Err(Error::invalid(
                "out",
                format!("Mappen {} finns inte.", dir.display()),
            ));
        }
    }
    let actor = store.actor().to_owned();
    let content = DraftContent::from_register(store.conn(), id, &actor)?;
    let version = register::current_version(store.conn(), id)?;
    let created = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let bytes = generate::build(&content, &created)?;
    crate::formats::files::write_atomically(out, &bytes)?;
    let template_version = template::template()?.template_version.clone();
    let file_name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let saved_path = std::fs::canonicalize(out).unwrap_or_else(|_| out.to_path_buf());
    let tx = store.transaction()?;
    tx.execute(
        "INSERT INTO drafts (version_id, kind, file_name, saved_path, sha256, size, template_version, created_at, actor)
         VALUES (?1, 'generated', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            version.id,
            file_name,
            saved_path.to_string_lossy(),
            attachments::sha256_hex(&bytes),
            bytes.len() as i64,
            template_version,
            time::now(),
            actor
        ],
    )?;
    let draft_id = tx.last_insert_rowid();
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(id.0),
            entity: "draft",
            entity_id: Some(draft_id),
            action: "draft_generated",
            summary: format!("Utkast skapat: {file_name}"),
            before: None,
            after: Some(
                json!({ "file_name": file_name, "saved_path": saved_path, "template_version": template_version }),
            ),
        },
    )?;
    let record = load(&tx, draft_id)?;
    tx.commit()?;
    Ok(record)
}

/// Checks `source` and attaches it to the document's current version as its
/// new working draft. An unreadable file is refused and nothing is stored.
pub fn attach(
    store: &mut Store,
    id: DocumentId,
    source: &Path,
) -> Result<(DraftRecord, CheckReport)> {
    let version = register::current_version(store.conn(), id)?;
    let report = check::check_file(source)?;
    let stored = attachments::add_file(store, source, "docx", MAX_DOCX_BYTES)?;
    let file_name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| stored.stored_name.clone());
    let actor = store.actor().to_owned();
    let report_json = serde_json::to_string(&report).map_err(std::io::Error::other)?;
    let tx = store.transaction()?;
    tx.execute(
        "INSERT INTO drafts (version_id, kind, file_name, stored_name, sha256, size, template_version, check_report, complies, created_at, actor)
         VALUES (?1, 'attached', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            version.id,
            file_name,
            stored.stored_name,
            stored.sha256,
            stored.size as i64,
            report.template_version,
            report_json,
            report.complies as i64,
            time::now(),
            actor
        ],
    )?;
    let draft_id = tx.last_insert_rowid();
    let missing = report
        .items
        .iter()
        .filter(|i| !matches!(i.status, check::ItemStatus::Present))
        .count();
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(id.0),
            entity: "draft",
            entity_id: Some(draft_id),
            action: "draft_attached",
            summary: if report.complies {
                format!("Arbetsversion bifogad: {file_name} (följer mallen)")
            } else {
                format!(
                    "Arbetsversion bifogad: {file_name} ({missing} obligatoriska delar avviker)"
                )
            },
            before: None,
            after: Some(
                json!({ "file_name": file_name, "sha256": stored.sha256, "complies": report.complies }),
            ),
        },
    )?;
    let record = load(&tx, draft_id)?;
    tx.commit()?;
    Ok((record, report))
}

fn load(conn: &Connection, draft_id: i64) -> Result<DraftRecord> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM drafts d JOIN document_versions v ON v.id = d.version_id WHERE d.id = ?1"),
        [draft_id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found(format!("Utkast {draft_id}")))
}

/// One draft.
pub fn get(conn: &Connection, draft_id: i64) -> Result<DraftRecord> {
    load(conn, draft_id)
}

/// The document's drafts and its current working draft, checked against the
/// template as it is now (the check made when it was attached is kept in
/// the database as the record of that moment).
pub fn overview(store: &Store, id: DocumentId) -> Result<DraftOverview> {
    let conn = store.conn();
    let current = register::current_version(conn, id)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM drafts d JOIN document_versions v ON v.id = d.version_id
         WHERE v.document_id = ?1 ORDER BY d.id DESC"
    ))?;
    let drafts: Vec<DraftRecord> = stmt
        .query_map([id.0], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let working_draft = drafts
        .iter()
        .find(|d| d.kind == "attached" && d.version_id == current.id)
        .cloned();
    let working_draft_check = match working_draft
        .as_ref()
        .and_then(|d| d.stored_name.as_deref())
    {
        Some(name) => Some(check::check_file(&attachments::path(store, name)?)?),
        None => None,
    };
    Ok(DraftOverview {
        drafts,
        working_draft,
        working_draft_check,
        suggested_file_name: generate::suggested_file_name(
            &current.fields.title,
            current.version_no,
        ),
    })
}
