//! The lifecycle of a document version (guideline §Arbetsprocess): moving a
//! version from stage to stage, each move dated and recorded with who made it
//! and why. Any stage may follow any other (a significant change after a
//! remiss sends a document back), but every move is kept in the history.

use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};
use serde::Serialize;
use serde_json::json;

use super::{self as register, DocumentId};
use crate::assets;
use crate::audit::{self, NewEvent};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::page::{Page, Paging};
use crate::time;

/// One move in the lifecycle.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StageChange {
    pub id: i64,
    pub version_no: i64,
    pub from_stage: Option<String>,
    pub from_stage_name: Option<String>,
    pub to_stage: String,
    pub to_stage_name: String,
    /// The date the move took effect (may be back-dated).
    pub on_date: NaiveDate,
    /// When it was recorded.
    pub recorded_at: String,
    pub actor: String,
    pub comment: String,
}

pub(crate) fn record_change(
    tx: &Connection,
    version_id: i64,
    from: Option<&str>,
    to: &str,
    on_date: NaiveDate,
    actor: &str,
    comment: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO stage_history (version_id, from_stage, to_stage, on_date, recorded_at, actor, comment)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![version_id, from, to, on_date, time::now(), actor, comment])?;
    Ok(())
}

/// Moves the current version of a document to `stage` (a code or a name).
/// `on_date` defaults to today and may not lie in the future.
pub fn set_stage(
    store: &mut Store,
    id: DocumentId,
    stage: &str,
    comment: &str,
    on_date: Option<NaiveDate>,
) -> Result<()> {
    let reference = assets::reference()?;
    let target = reference.find_stage(stage).ok_or_else(|| {
        let names: Vec<&str> = reference.stages.iter().map(|s| s.code.as_str()).collect();
        Error::invalid(
            "stage",
            format!(
                "Okänt steg «{}». Välj ett av: {}.",
                crate::text::quoted(stage),
                names.join(", ")
            ),
        )
    })?;
    let today = time::today();
    let on_date = on_date.unwrap_or(today);
    if on_date > today {
        return Err(Error::invalid(
            "on_date",
            format!("Datumet för stegbytet ({on_date}) kan inte ligga i framtiden."),
        ));
    }
    let actor = store.actor().to_owned();
    let comment = comment.trim();
    let tx = store.transaction()?;
    let current = register::current_version(&tx, id)?;
    if current.stage == target.code {
        return Err(Error::invalid(
            "stage",
            format!("Dokumentet står redan i steget {}.", target.name),
        ));
    }
    let from_name = reference
        .stage(&current.stage)
        .map_or(current.stage.as_str(), |s| s.name.as_str());
    tx.execute(
        "UPDATE document_versions SET stage = ?2, updated_at = ?3 WHERE id = ?1",
        params![current.id, target.code, time::now()],
    )?;
    record_change(
        &tx,
        current.id,
        Some(&current.stage),
        &target.code,
        on_date,
        &actor,
        comment,
    )?;
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(id.0),
            entity: "version",
            entity_id: Some(current.id),
            action: "stage_changed",
            summary: format!("Steg ändrat från {from_name} till {}", target.name),
            before: Some(json!({ "stage": current.stage })),
            after: Some(json!({ "stage": target.code, "on_date": on_date, "comment": comment })),
        },
    )?;
    tx.commit()?;
    Ok(())
}

/// Moves `version` (the document's current version, read inside `tx`)
/// forward to `target` when it stands earlier in the process, dated
/// `on_date`, with the stage history row and the audit event a manual move
/// writes. A version already at or past `target` is left where it is: a
/// step recorded late never sends a document backwards. Returns whether it
/// moved.
pub(crate) fn advance_in(
    tx: &Connection,
    actor: &str,
    version: &register::Version,
    target: &str,
    on_date: NaiveDate,
    comment: &str,
) -> Result<bool> {
    let reference = assets::reference()?;
    let Some(to) = reference.stage(target) else {
        return Err(Error::Assets {
            what: "reference.json",
            reason: format!("steget {target} saknas"),
        });
    };
    if reference.stage_index(&version.stage) >= reference.stage_index(target) {
        return Ok(false);
    }
    tx.execute(
        "UPDATE document_versions SET stage = ?2, updated_at = ?3 WHERE id = ?1",
        params![version.id, to.code, time::now()],
    )?;
    record_change(
        tx,
        version.id,
        Some(&version.stage),
        &to.code,
        on_date,
        actor,
        comment,
    )?;
    audit::record(
        tx,
        NewEvent {
            actor,
            document_id: Some(version.document_id.0),
            entity: "version",
            entity_id: Some(version.id),
            action: "stage_changed",
            summary: format!("Steg ändrat från {} till {}", version.stage_name, to.name),
            before: Some(json!({ "stage": version.stage })),
            after: Some(json!({ "stage": to.code, "on_date": on_date, "comment": comment })),
        },
    )?;
    Ok(true)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<StageChange> {
    let reference = assets::reference().ok();
    let name = |code: &str| {
        reference
            .and_then(|r| r.stage(code))
            .map_or_else(|| code.to_owned(), |s| s.name.clone())
    };
    let from: Option<String> = row.get("from_stage")?;
    let to: String = row.get("to_stage")?;
    Ok(StageChange {
        id: row.get("id")?,
        version_no: row.get("version_no")?,
        from_stage_name: from.as_deref().map(name),
        from_stage: from,
        to_stage_name: name(&to),
        to_stage: to,
        on_date: row.get("on_date")?,
        recorded_at: row.get("recorded_at")?,
        actor: row.get("actor")?,
        comment: row.get("comment")?,
    })
}

/// The lifecycle history of every version of a document, newest first.
pub fn history(conn: &Connection, id: DocumentId) -> Result<Vec<StageChange>> {
    Ok(history_page(conn, id, Paging::default())?.rows)
}

/// A page of the lifecycle history, newest first, and how many stage
/// changes the document has in all.
pub fn history_page(
    conn: &Connection,
    id: DocumentId,
    paging: Paging,
) -> Result<Page<StageChange>> {
    let total: i64 = conn.query_row(
        "SELECT count(*) FROM stage_history h JOIN document_versions v ON v.id = h.version_id
         WHERE v.document_id = ?1",
        [id.0],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(
        "SELECT h.id, v.version_no, h.from_stage, h.to_stage, h.on_date, h.recorded_at, h.actor, h.comment
         FROM stage_history h JOIN document_versions v ON v.id = h.version_id
         WHERE v.document_id = ?1
         ORDER BY h.on_date DESC, h.id DESC
         LIMIT ?2 OFFSET ?3",
    )?;
    let changes = stmt
        .query_map(
            params![id.0, paging.sql_limit(), paging.sql_offset()],
            from_row,
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Page::new(changes, total as u64, u64::from(paging.offset)))
}
