//! The ställningstagande (guideline §Ställningstagande och beslut): the
//! position a forum takes on the current version of a document, dated by the
//! meeting, with the decision as numbered points and whether all parties are
//! recommended to adopt the document.
//!
//! Invariants:
//! - The forum is one of the forums in the shipped reference data.
//! - The meeting date does not lie in the future.
//! - A ställningstagande is refused while a significant change accepted in a
//!   round's compilation has not been approved again in the networks
//!   ([`comments::reapprovals`]); the check reads inside the writing
//!   transaction.
//! - Recording one moves a document that is still before the stage
//!   *Ställningstagande och beslut* to that stage, dated by the meeting (or
//!   by the version's latest stage move when that is later, so the history
//!   still reads newest first); a document already further on keeps its
//!   stage.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::assets;
use crate::audit::{self, NewEvent};
use crate::comments;
use crate::db::Store;
use crate::error::{Error, FieldError, Result};
use crate::register::{self, lifecycle, DocumentId};
use crate::time;

/// The stage a ställningstagande belongs to.
pub const STAGE: &str = "stallningstagande";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ResolutionId(pub i64);

impl std::fmt::Display for ResolutionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What the user enters. `text` holds the decision, one point per line;
/// numbering such as "1. " or "2) " is taken away.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ResolutionInput {
    pub forum: String,
    /// `YYYY-MM-DD`.
    pub meeting_date: String,
    pub text: String,
    pub recommends_adoption: bool,
}

/// A recorded ställningstagande.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Resolution {
    pub id: ResolutionId,
    pub document_id: DocumentId,
    pub version_no: i64,
    pub forum: String,
    pub meeting_date: NaiveDate,
    /// The decision's points, in order, without their numbers.
    pub points: Vec<String>,
    pub recommends_adoption: bool,
    pub created_at: String,
    pub actor: String,
}

/// The decision's points from text with one point per line. Numbering
/// ("1. ", "2) ", "3: ") is taken away. When the points are numbered, an
/// unnumbered line continues the point above it (a pasted decision wraps
/// its lines); otherwise every non-blank line is a point.
pub fn parse_points(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let numbered = lines.iter().any(|l| strip_number(l).is_some());
    let mut points: Vec<String> = Vec::new();
    for line in lines {
        match strip_number(line) {
            Some(rest) => points.push(rest.to_owned()),
            None => match points.last_mut() {
                Some(last) if numbered => {
                    if !last.is_empty() {
                        last.push(' ');
                    }
                    last.push_str(line);
                }
                _ => points.push(line.to_owned()),
            },
        }
    }
    points.retain(|p| !p.trim().is_empty());
    points
}

/// The line without its leading number ("12. ", "3) ", "4: "), or `None`
/// when it has none.
fn strip_number(line: &str) -> Option<&str> {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = line.get(digits..)?;
    let rest = rest
        .strip_prefix('.')
        .or_else(|| rest.strip_prefix(')'))
        .or_else(|| rest.strip_prefix(':'))?;
    // "2.5 miljoner" is a number in a sentence, not a point's number.
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    Some(rest.trim())
}

struct Checked {
    forum: String,
    meeting_date: NaiveDate,
    points: Vec<String>,
}

fn check(input: &ResolutionInput) -> Result<Checked> {
    let reference = assets::reference()?;
    let mut errors = Vec::new();
    let forum = input.forum.trim();
    let found = reference
        .forums
        .iter()
        .find(|f| f.to_lowercase() == forum.to_lowercase());
    if found.is_none() {
        let message = if forum.is_empty() {
            "Välj forumet som tog ställning.".to_owned()
        } else {
            format!(
                "Okänt forum «{}». Välj ett av: {}.",
                crate::text::quoted(forum),
                reference.forums.join(", ")
            )
        };
        errors.push(FieldError::new("forum", message));
    }
    let meeting_date = match time::parse_date(
        "meeting_date",
        "Mötesdatum",
        Some(&input.meeting_date),
    ) {
        Ok(Some(date)) if date > time::today() => {
            errors.push(FieldError::new(
                "meeting_date",
                format!("Mötesdatumet {date} ligger i framtiden. Registrera ställningstagandet när mötet har hållits."),
            ));
            None
        }
        Ok(Some(date)) => Some(date),
        Ok(None) => {
            errors.push(FieldError::new(
                "meeting_date",
                "Ange mötesdatum (ÅÅÅÅ-MM-DD).",
            ));
            None
        }
        Err(e) => {
            errors.extend(e.field_errors().iter().cloned());
            None
        }
    };
    let points = parse_points(&input.text);
    if let Some(problem) = crate::text::control_problem("Beslutet", &input.text, false) {
        errors.push(FieldError::new("text", problem));
    } else if points.is_empty() {
        errors.push(FieldError::new("text", "Skriv beslutet, en punkt per rad."));
    }
    match (found, meeting_date) {
        (Some(forum), Some(meeting_date)) if errors.is_empty() => Ok(Checked {
            forum: forum.clone(),
            meeting_date,
            points,
        }),
        _ => Err(Error::Invalid(errors)),
    }
}

/// The message that refuses a ställningstagande while the networks have not
/// approved a significant change again, or `None` when nothing is pending.
pub fn pending_reapproval(conn: &Connection, document: DocumentId) -> Result<Option<String>> {
    let pending = comments::reapprovals(conn, document)?;
    let Some(first) = pending.first() else {
        return Ok(None);
    };
    let mut message = first.message.clone();
    for other in pending.iter().skip(1) {
        message.push(' ');
        message.push_str(&other.message);
    }
    message.push_str(
        " Registrera «Godkänt på nytt i nätverken» på rundans Sammanställning när nätverken \
         har godkänt dokumentet, och registrera sedan ställningstagandet.",
    );
    Ok(Some(message))
}

/// Records a forum's ställningstagande on the current version of `document`.
pub fn record(
    store: &mut Store,
    document: DocumentId,
    input: &ResolutionInput,
) -> Result<ResolutionId> {
    let checked = check(input)?;
    let reference = assets::reference()?;
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let current = register::current_version(&tx, document)?;
    if let Some(message) = pending_reapproval(&tx, document)? {
        return Err(Error::invalid("reapproval", message));
    }
    let points = serde_json::to_string(&checked.points)
        .map_err(|e| Error::invalid("text", format!("Beslutet kunde inte sparas: {e}")))?;
    tx.execute(
        "INSERT INTO resolutions (version_id, forum, meeting_date, points, recommends_adoption, created_at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            current.id,
            checked.forum,
            checked.meeting_date,
            points,
            input.recommends_adoption,
            time::now(),
            actor
        ],
    )?;
    let id = ResolutionId(tx.last_insert_rowid());
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(document.0),
            entity: "resolution",
            entity_id: Some(id.0),
            action: "resolution_recorded",
            summary: format!(
                "Ställningstagande i {} {} registrerat",
                checked.forum, checked.meeting_date
            ),
            before: None,
            after: Some(json!({
                "forum": checked.forum,
                "meeting_date": checked.meeting_date,
                "points": checked.points,
                "recommends_adoption": input.recommends_adoption,
            })),
        },
    )?;
    // A document before the stage moves to it, dated by the meeting; one
    // further on (a ställningstagande recorded late) keeps its stage.
    if reference.stage_index(&current.stage) < reference.stage_index(STAGE) {
        let to_name = reference.stage(STAGE).map_or(STAGE, |s| s.name.as_str());
        let from_name = reference
            .stage(&current.stage)
            .map_or(current.stage.as_str(), |s| s.name.as_str());
        let comment = format!("Ställningstagande i {}", checked.forum);
        // Dated by the meeting, but never before the version's latest move:
        // the history reads newest first by date, and the move to this
        // stage is the newest.
        let latest: Option<NaiveDate> = tx.query_row(
            "SELECT max(on_date) FROM stage_history WHERE version_id = ?1",
            [current.id],
            |r| r.get(0),
        )?;
        let on_date = latest.map_or(checked.meeting_date, |d| d.max(checked.meeting_date));
        tx.execute(
            "UPDATE document_versions SET stage = ?2, updated_at = ?3 WHERE id = ?1",
            params![current.id, STAGE, time::now()],
        )?;
        lifecycle::record_change(
            &tx,
            current.id,
            Some(&current.stage),
            STAGE,
            on_date,
            &actor,
            &comment,
        )?;
        audit::record(
            &tx,
            NewEvent {
                actor: &actor,
                document_id: Some(document.0),
                entity: "version",
                entity_id: Some(current.id),
                action: "stage_changed",
                summary: format!("Steg ändrat från {from_name} till {to_name}"),
                before: Some(json!({ "stage": current.stage })),
                after: Some(json!({
                    "stage": STAGE,
                    "on_date": on_date,
                    "comment": comment,
                })),
            },
        )?;
    }
    tx.commit()?;
    Ok(id)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Resolution> {
    let points: String = row.get("points")?;
    Ok(Resolution {
        id: ResolutionId(row.get("id")?),
        document_id: DocumentId(row.get("document_id")?),
        version_no: row.get("version_no")?,
        forum: row.get("forum")?,
        meeting_date: row.get("meeting_date")?,
        points: serde_json::from_str(&points).unwrap_or_default(),
        recommends_adoption: row.get("recommends_adoption")?,
        created_at: row.get("created_at")?,
        actor: row.get("actor")?,
    })
}

const SELECT: &str = "SELECT r.id, v.document_id, v.version_no, r.forum, r.meeting_date, r.points,
            r.recommends_adoption, r.created_at, r.actor
     FROM resolutions r JOIN document_versions v ON v.id = r.version_id";

/// The ställningstaganden on every version of a document, the latest
/// meeting first.
pub fn list(conn: &Connection, document: DocumentId) -> Result<Vec<Resolution>> {
    // The document must exist: an empty list would hide a wrong id.
    register::current_version(conn, document)?;
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE v.document_id = ?1 ORDER BY r.meeting_date DESC, r.id DESC"
    ))?;
    let rows = stmt.query_map([document.0], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One ställningstagande.
pub fn get(conn: &Connection, id: ResolutionId) -> Result<Resolution> {
    conn.query_row(&format!("{SELECT} WHERE r.id = ?1"), [id.0], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("Ställningstagande {id}")))
}

/// Removes a ställningstagande recorded by mistake. The document's stage is
/// left as it is (change it in the lifecycle if it should go back).
pub fn remove(store: &mut Store, id: ResolutionId) -> Result<()> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let old = get(&tx, id)?;
    tx.execute("DELETE FROM resolutions WHERE id = ?1", [id.0])?;
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(old.document_id.0),
            entity: "resolution",
            entity_id: Some(id.0),
            action: "resolution_removed",
            summary: format!(
                "Ställningstagande i {} {} borttaget",
                old.forum, old.meeting_date
            ),
            before: Some(json!({
                "forum": old.forum,
                "meeting_date": old.meeting_date,
                "points": old.points,
                "recommends_adoption": old.recommends_adoption,
            })),
            after: None,
        },
    )?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_points_lose_their_numbers_and_wrapped_lines_join() {
        let text = "1. Ordföranderådet ställer sig bakom förslaget\n  samt uppmanar parterna.\n\n2) Nya perspektiv ansvarar för utskick.\n";
        assert_eq!(
            parse_points(text),
            vec![
                "Ordföranderådet ställer sig bakom förslaget samt uppmanar parterna.",
                "Nya perspektiv ansvarar för utskick."
            ],
            "numbers are stripped and a wrapped line continues its point"
        );
    }

    #[test]
    fn unnumbered_lines_are_one_point_each_and_decimals_are_not_numbers() {
        assert_eq!(
            parse_points("Ställer sig bakom\n2.5 miljoner avsätts\n"),
            vec!["Ställer sig bakom", "2.5 miljoner avsätts"],
            "without numbering each line is a point; 2.5 is not a number"
        );
        assert!(parse_points(" \n1. \n").is_empty(), "blank points are none");
    }
}
