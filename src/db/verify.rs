//! Checking a register without changing it (`samdok verify`): the SQLite
//! file's own integrity, every reference between rows, every stored file
//! the register refers to (there, and with the content it had when it was
//! stored), and every count and copy the triggers keep (`rounds.waiting`,
//! `current_versions`) equal to what it counts or copies.
//!
//! Promises: nothing is written (only reads and read-only pragmas); each
//! problem is one Swedish sentence with a stable code; a register with no
//! problem is `ok`. The number of problems listed of one kind is bounded
//! ([`MAX_PER_KIND`]), so that a badly damaged file gives a readable list.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::Serialize;

use crate::db::{attachments, Store};
use crate::error::Result;

/// At most this many problems of one kind are listed; the rest are counted.
pub const MAX_PER_KIND: usize = 50;

/// One thing wrong with the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// `integrity`, `reference`, `attachment_missing`, `attachment_changed`,
    /// `attachment_name`, `count`, `copy` or `more`.
    pub code: &'static str,
    pub message: String,
}

/// What was checked, and what was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// True when no problem was found.
    pub ok: bool,
    pub schema_version: i64,
    pub documents: i64,
    pub rounds: i64,
    /// Stored files the register refers to, each checked once.
    pub attachments: usize,
    pub problems: Vec<Problem>,
}

/// Checks the register of `store`; see the module's documentation.
pub fn verify(store: &Store) -> Result<Verification> {
    let conn = store.conn();
    let mut problems = Vec::new();
    integrity(conn, &mut problems)?;
    references(conn, &mut problems)?;
    let attachments = stored_files(store, &mut problems)?;
    counts_and_copies(conn, &mut problems)?;
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
    Ok(Verification {
        ok: problems.is_empty(),
        schema_version: store.schema_version()?,
        documents: count("SELECT count(*) FROM documents")?,
        rounds: count("SELECT count(*) FROM rounds")?,
        attachments,
        problems,
    })
}

/// Adds `found` to `problems`, at most [`MAX_PER_KIND`] of them and then
/// one line that counts the rest.
fn push_bounded(problems: &mut Vec<Problem>, found: Vec<Problem>) {
    let total = found.len();
    problems.extend(found.into_iter().take(MAX_PER_KIND));
    if total > MAX_PER_KIND {
        problems.push(Problem {
            code: "more",
            message: format!(
                "… och {} fel till av samma slag.",
                crate::text::grouped(total - MAX_PER_KIND)
            ),
        });
    }
}

/// SQLite's own check of the file: pages, indexes, constraints.
fn integrity(conn: &Connection, problems: &mut Vec<Problem>) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA integrity_check(100)")?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let found = rows
        .into_iter()
        .filter(|row| row != "ok")
        .map(|row| Problem {
            code: "integrity",
            message: format!("Databasfilen är skadad: {row}."),
        })
        .collect();
    push_bounded(problems, found);
    Ok(())
}

/// Rows that point at rows that are not there.
fn references(conn: &Connection, problems: &mut Vec<Problem>) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let found = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .map(|row| {
            row.map(|(table, rowid, parent)| Problem {
                code: "reference",
                message: format!(
                    "Rad {} i tabellen {table} pekar på en rad i {parent} som saknas.",
                    rowid.map_or_else(|| "?".to_owned(), |r| r.to_string())
                ),
            })
        })
        .collect::<rusqlite::Result<Vec<_>>>()?;
    push_bounded(problems, found);
    Ok(())
}

/// Every stored file the register refers to: attached drafts, the parties'
/// answer files and the yearly reviews' reports. Each file is hashed once
/// however many rows name it. Returns how many files were checked.
fn stored_files(store: &Store, problems: &mut Vec<Problem>) -> Result<usize> {
    let conn = store.conn();
    let mut stmt = conn.prepare(
        "SELECT 'Utkastet «' || d.file_name || '» till «' || v.title || '»',
                d.stored_name, d.sha256
         FROM drafts d JOIN document_versions v ON v.id = d.version_id
         WHERE d.kind = 'attached'
         UNION ALL
         SELECT 'Svarsfilen «' || f.file_name || '» från ' || p.name || ' (runda ' || f.round_id || ')',
                f.stored_name, f.sha256
         FROM round_answer_files f JOIN parties p ON p.id = f.party_id
         UNION ALL
         SELECT 'Förteckningen som sparades med granskningen ' || r.year,
                r.report_name, r.report_sha256
         FROM register_reviews r",
    )?;
    let rows: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut checked: HashMap<String, FileState> = HashMap::new();
    let mut found = Vec::new();
    for (what, stored_name, sha256) in rows {
        let state = match checked.get(&stored_name) {
            Some(state) => state.clone(),
            None => {
                let state = file_state(store, &stored_name);
                checked.insert(stored_name.clone(), state.clone());
                state
            }
        };
        let problem = match state {
            FileState::Hashed(actual) if actual == sha256 => continue,
            FileState::Hashed(_) => Problem {
                code: "attachment_changed",
                message: format!(
                    "{what} har ändrats i bilagearkivet efter att den sparades \
                     (innehållet stämmer inte med dess kontrollsumma)."
                ),
            },
            FileState::Missing(path) => Problem {
                code: "attachment_missing",
                message: format!("{what} saknas i bilagearkivet ({path})."),
            },
            FileState::Unreadable(reason) => Problem {
                code: "attachment_missing",
                message: format!("{what} kan inte läsas i bilagearkivet ({reason})."),
            },
            FileState::BadName => Problem {
                code: "attachment_name",
                message: format!(
                    "{what} har ett namn i registret som inte är ett namn i bilagearkivet \
                     («{}»).",
                    crate::text::quoted(&stored_name)
                ),
            },
        };
        found.push(problem);
    }
    push_bounded(problems, found);
    Ok(checked.len())
}

#[derive(Debug, Clone)]
enum FileState {
    /// The file's SHA-256, hex.
    Hashed(String),
    Missing(String),
    Unreadable(String),
    /// The register names no file the store could have made.
    BadName,
}

fn file_state(store: &Store, stored_name: &str) -> FileState {
    let Ok(path) = attachments::path(store, stored_name) else {
        return FileState::BadName;
    };
    let file = match std::fs::File::open(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return FileState::Missing(path.display().to_string())
        }
        Err(e) => return FileState::Unreadable(e.to_string()),
    };
    match attachments::sha256_of_reader(file) {
        Ok(sha256) => FileState::Hashed(sha256),
        Err(e) => FileState::Unreadable(e.to_string()),
    }
}

/// The counts and copies triggers keep, against what they count or copy.
fn counts_and_copies(conn: &Connection, problems: &mut Vec<Problem>) -> Result<()> {
    let found = waiting_that_differs(conn)?
        .into_iter()
        .map(|(round, kept, counted)| Problem {
            code: "count",
            message: format!(
                "Runda {round} räknar {kept} parter som inte har svarat, men {counted} har inte \
                 svarat."
            ),
        })
        .collect();
    push_bounded(problems, found);
    let found = copies_that_differ(conn)?
        .into_iter()
        .map(|id| Problem {
            code: "copy",
            message: format!(
                "Dokument {id}: registrets kopia av den gällande versionen (som listan och \
                 Översikten läser) stämmer inte med versionen."
            ),
        })
        .collect();
    push_bounded(problems, found);
    Ok(())
}

/// Rounds whose kept count of parties still to answer (`rounds.waiting`)
/// differs from the count of their recipients sent the round and neither
/// answered nor declined: (round, kept, counted).
pub fn waiting_that_differs(conn: &Connection) -> Result<Vec<(i64, i64, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT r.id, r.waiting, (SELECT count(*) FROM round_recipients w
             WHERE w.round_id = r.id AND w.sent_on IS NOT NULL
               AND w.received_on IS NULL AND w.declined_on IS NULL) AS counted
         FROM rounds r WHERE r.waiting <> counted ORDER BY r.id",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Documents whose copy of the current version (`current_versions`, kept by
/// triggers for the register's list and the Översikt) is missing, is not
/// their newest version, or differs from it in a copied column.
pub fn copies_that_differ(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare(
        "SELECT d.id FROM documents d
         WHERE NOT EXISTS (SELECT 1 FROM current_versions c WHERE c.document_id = d.id)
            OR EXISTS (SELECT 1 FROM current_versions c JOIN document_versions v ON v.id = c.version_id
                       WHERE c.document_id = d.id AND (
                           v.document_id <> d.id
                           OR v.version_no <> (SELECT max(m.version_no) FROM document_versions m
                                               WHERE m.document_id = d.id)
                           OR c.version_no <> v.version_no OR c.doc_type <> v.doc_type
                           OR c.stage <> v.stage OR c.valid_from IS NOT v.valid_from
                           OR c.valid_to IS NOT v.valid_to OR c.updated_at <> v.updated_at
                           OR c.followup_interval_months IS NOT v.followup_interval_months
                           OR c.followup_owner <> v.followup_owner
                           OR c.vida_link <> v.vida_link))
         ORDER BY d.id",
    )?;
    let rows = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
