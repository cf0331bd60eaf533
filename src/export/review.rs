//! The yearly review of the register (guideline §Indikatorer: the register
//! is kept current and reviewed every year): recorded once a year with the
//! day, who reviewed it and a note, and the register report as it stood
//! that day kept in the attachment store, to be opened again.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::report;
use crate::audit::{self, NewEvent};
use crate::db::{attachments, Store};
use crate::error::{Error, FieldError, Result};
use crate::time;

/// Longest name of who reviewed, in characters.
pub const MAX_BY_CHARS: usize = 200;
/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 20_000;

/// A review as entered.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReviewInput {
    /// `YYYY-MM-DD`; blank for today.
    pub reviewed_on: Option<String>,
    pub reviewed_by: String,
    pub note: String,
}

/// A recorded review.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Review {
    pub id: i64,
    pub year: i32,
    pub reviewed_on: NaiveDate,
    pub reviewed_by: String,
    pub note: String,
    /// Documents in the report kept with it.
    pub documents: i64,
    pub report_sha256: String,
    pub created_at: String,
    pub actor: String,
}

const COLUMNS: &str =
    "id, year, reviewed_on, reviewed_by, note, documents, report_sha256, created_at, actor";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Review> {
    Ok(Review {
        id: r.get(0)?,
        year: r.get(1)?,
        reviewed_on: r.get(2)?,
        reviewed_by: r.get(3)?,
        note: r.get(4)?,
        documents: r.get(5)?,
        report_sha256: r.get(6)?,
        created_at: r.get(7)?,
        actor: r.get(8)?,
    })
}

/// Every review, the latest year first.
pub fn list(conn: &Connection) -> Result<Vec<Review>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM register_reviews ORDER BY year DESC"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The review of `year`, if it has been done.
pub fn of_year(conn: &Connection, year: i32) -> Result<Option<Review>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM register_reviews WHERE year = ?1"),
            [year],
            from_row,
        )
        .optional()?)
}

fn checked(input: &ReviewInput) -> Result<(NaiveDate, String, String)> {
    let mut errors = Vec::new();
    let today = time::today();
    let on = match time::parse_date("reviewed_on", "Granskad", input.reviewed_on.as_deref()) {
        Ok(Some(on)) if on > today => {
            errors.push(FieldError::new(
                "reviewed_on",
                format!("Datumet {on} ligger i framtiden."),
            ));
            None
        }
        Ok(on) => Some(on.unwrap_or(today)),
        Err(e) => {
            errors.extend(e.field_errors().iter().cloned());
            None
        }
    };
    let by = input.reviewed_by.trim();
    if by.is_empty() {
        errors.push(FieldError::new(
            "reviewed_by",
            "Ange vem som granskade registret.",
        ));
    } else if let Some(problem) = crate::text::line_problem("Namnet", by, MAX_BY_CHARS) {
        errors.push(FieldError::new("reviewed_by", problem));
    }
    let note = input.note.trim();
    if let Some(problem) = crate::text::text_problem("Anteckningen", note, MAX_NOTE_CHARS) {
        errors.push(FieldError::new("note", problem));
    }
    match on {
        Some(on) if errors.is_empty() => Ok((on, by.to_owned(), note.to_owned())),
        _ => Err(Error::Invalid(errors)),
    }
}

/// Records this year's review (the year of its day) with the register
/// report as of that day. A year has one review: a second is refused,
/// naming the first.
pub fn record(store: &mut Store, input: &ReviewInput) -> Result<Review> {
    let (on, by, note) = checked(input)?;
    let year = on.year();
    if let Some(done) = of_year(store.conn(), year)? {
        return Err(Error::invalid(
            "reviewed_on",
            format!(
                "Registret för {year} granskades redan {} av {}. Ta bort den granskningen först \
                 om den registrerades av misstag.",
                done.reviewed_on, done.reviewed_by
            ),
        ));
    }
    let report = report::assemble(store.conn(), on)?;
    let bytes = report::build_docx(&report, &time::now())?;
    let stored = attachments::add_bytes(store, &bytes, "docx")?;
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    tx.execute(
        "INSERT INTO register_reviews (year, reviewed_on, reviewed_by, note, report_name,
             report_sha256, documents, created_at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            year,
            on,
            by,
            note,
            stored.stored_name,
            stored.sha256,
            report.rows.len() as i64,
            time::now(),
            actor
        ],
    )?;
    let id = tx.last_insert_rowid();
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: None,
            entity: "register_review",
            entity_id: Some(id),
            action: "register_reviewed",
            summary: format!(
                "Registret granskat för {year} ({on}, {by}); förteckningen med {} dokument sparad",
                report.rows.len()
            ),
            before: None,
            after: Some(
                json!({ "reviewed_on": on, "reviewed_by": by, "note": note, "documents": report.rows.len() }),
            ),
        },
    )?;
    let review = tx.query_row(
        &format!("SELECT {COLUMNS} FROM register_reviews WHERE id = ?1"),
        [id],
        from_row,
    )?;
    tx.commit()?;
    Ok(review)
}

/// Removes the review of `year`, recorded by mistake (its kept report stays
/// in the attachment store, as every stored file does).
pub fn remove(store: &mut Store, year: i32) -> Result<()> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let review =
        of_year(&tx, year)?.ok_or_else(|| Error::not_found(format!("Granskningen för {year}")))?;
    tx.execute("DELETE FROM register_reviews WHERE id = ?1", [review.id])?;
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: None,
            entity: "register_review",
            entity_id: Some(review.id),
            action: "register_review_removed",
            summary: format!("Granskningen av registret för {year} borttagen"),
            before: Some(
                json!({ "reviewed_on": review.reviewed_on, "reviewed_by": review.reviewed_by, "note": review.note }),
            ),
            after: None,
        },
    )?;
    tx.commit()?;
    Ok(())
}

/// Where the report kept with the review of `year` is stored, to open it.
pub fn report_path(store: &Store, year: i32) -> Result<PathBuf> {
    let name: String = store
        .conn()
        .query_row(
            "SELECT report_name FROM register_reviews WHERE year = ?1",
            [year],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::not_found(format!("Granskningen för {year}")))?;
    attachments::path(store, &name)
}

/// Copies the report kept with the review of `year` to `dest` (a .docx),
/// whole or not at all, after checking it is the file that was kept.
pub fn copy_report(store: &Store, year: i32, dest: &Path) -> Result<()> {
    let review = of_year(store.conn(), year)?
        .ok_or_else(|| Error::not_found(format!("Granskningen för {year}")))?;
    let path = report_path(store, year)?;
    let bytes = std::fs::read(&path).map_err(|e| crate::formats::files::file_error(&path, &e))?;
    if attachments::sha256_hex(&bytes) != review.report_sha256 {
        return Err(Error::File {
            path: path.display().to_string(),
            reason: "Förteckningen i bilagearkivet har ändrats sedan granskningen.".into(),
        });
    }
    crate::formats::files::write_atomically(dest, &bytes)
}
