//! The append-only audit trail: every change to the register is recorded in
//! the same transaction as the change itself, with when, who (the OS user),
//! what, and the values before and after. The database refuses updates and
//! deletes of recorded events (triggers in migration 0001).

use rusqlite::{params, Connection, Row};
use serde::Serialize;
use serde_json::Value;

use crate::error::Result;
use crate::page::{Page, Paging};

/// One recorded change.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Event {
    pub id: i64,
    /// RFC 3339 timestamp with the local offset.
    pub at: String,
    pub actor: String,
    pub document_id: Option<i64>,
    /// What kind of thing changed: `document`, `version`, `party_contact` …
    pub entity: String,
    pub entity_id: Option<i64>,
    /// `created`, `updated`, `stage_changed`, `revision_opened`, `deleted` …
    pub action: String,
    /// One Swedish sentence for the timeline.
    pub summary: String,
    /// Changed fields' values before the change (null for creations).
    pub before: Option<Value>,
    /// Changed fields' values after the change (null for deletions).
    pub after: Option<Value>,
}

/// What to record; `at` and `id` are filled in by [`record`].
pub(crate) struct NewEvent<'a> {
    pub actor: &'a str,
    pub document_id: Option<i64>,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub action: &'a str,
    pub summary: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

pub(crate) fn record(conn: &Connection, event: NewEvent<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO events (at, actor, document_id, entity, entity_id, action, summary, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
            crate::time::now(),
            event.actor,
            event.document_id,
            event.entity,
            event.entity_id,
            event.action,
            event.summary,
            event.before.map(|v| v.to_string()),
            event.after.map(|v| v.to_string()),
    ])?;
    Ok(conn.last_insert_rowid())
}

const SELECT: &str = "SELECT id, at, actor, document_id, entity, entity_id, action, summary, before, after FROM events";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Event> {
    let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    Ok(Event {
        id: row.get("id")?,
        at: row.get("at")?,
        actor: row.get("actor")?,
        document_id: row.get("document_id")?,
        entity: row.get("entity")?,
        entity_id: row.get("entity_id")?,
        action: row.get("action")?,
        summary: row.get("summary")?,
        before: json(row.get("before")?),
        after: json(row.get("after")?),
    })
}

/// The events of one document, newest first.
pub fn for_document(conn: &Connection, document_id: i64) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare(&format!("{SELECT} WHERE document_id = ?1 ORDER BY id DESC"))?;
    let events = stmt
        .query_map([document_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(events)
}

/// A page of the events of one document, newest first, and how many it
/// has in all.
pub fn for_document_page(
    conn: &Connection,
    document_id: i64,
    paging: Paging,
) -> Result<Page<Event>> {
    let total: i64 = conn.query_row(
        "SELECT count(*) FROM events WHERE document_id = ?1",
        [document_id],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE document_id = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3"
    ))?;
    let events = stmt
        .query_map(
            params![document_id, paging.sql_limit(), paging.sql_offset()],
            from_row,
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Page::new(events, total as u64, u64::from(paging.offset)))
}

/// The newest `limit` events of the whole database, newest first.
pub fn recent(conn: &Connection, limit: u32) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY id DESC LIMIT ?1"))?;
    let events = stmt
        .query_map([limit], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(events)
}
