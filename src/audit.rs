//! The append-only audit trail: every change to the register is recorded in
//! the same transaction as the change itself, with when, who (the OS user),
//! what, and the values before and after. The database refuses updates and
//! deletes of recorded events (triggers in migration 0001).
//!
//! [`describe`] turns an event's stored before/after values into the rows
//! of the change log: a Swedish label per field, values as users name them
//! (stage, type, area and position names, party names, dates, Ja/Nej), and
//! only the fields whose value actually changed.

use std::collections::HashMap;

use rusqlite::{params, Connection, Row};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::assets;
use crate::error::Result;
use crate::labels;
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
    /// The change as the change log shows it (see [`describe`]); empty
    /// until described.
    pub changes: Vec<Change>,
}

/// One changed field of an event, ready to show: every text is Swedish and
/// an empty text means "no value".
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Change {
    /// The stored key, for programs (never shown).
    pub field: String,
    pub label: String,
    pub before: String,
    pub after: String,
}

/// What the change log needs to name what events store by id.
#[derive(Debug, Default)]
pub struct Names {
    /// Party id → name.
    pub parties: HashMap<i64, String>,
}

/// The rows of the change log for `event`: the fields whose shown value
/// differs before and after, in the order of the form for documents.
pub fn describe(event: &Event, names: &Names) -> Vec<Change> {
    let empty = Map::new();
    let as_map = |v: &Option<Value>| match v {
        Some(Value::Object(map)) => Some(map.clone()),
        _ => None,
    };
    let before = as_map(&event.before);
    let after = as_map(&event.after);
    let (before, after) = (
        before.as_ref().unwrap_or(&empty),
        after.as_ref().unwrap_or(&empty),
    );
    // Each key once, in the order of the form for document fields, the
    // rest in the order they were recorded.
    let mut keys: Vec<&String> = Vec::new();
    for key in before.keys().chain(after.keys()) {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let rank = |k: &str| {
        labels::DOCUMENT_FIELDS
            .iter()
            .position(|f| *f == k)
            .unwrap_or(usize::MAX)
    };
    keys.sort_by_key(|k| rank(k));
    keys.into_iter()
        .filter_map(|key| {
            let label = labels::field(&event.entity, key)?;
            let show = |v: Option<&Value>| {
                v.map_or_else(String::new, |v| display(&event.entity, key, v, names))
            };
            let (b, a) = (show(before.get(key)), show(after.get(key)));
            (b != a).then(|| Change {
                field: key.clone(),
                label: label.to_owned(),
                before: b,
                after: a,
            })
        })
        .collect()
}

/// Fills in [`Event::changes`] of every event.
pub fn describe_all(events: &mut [Event], names: &Names) {
    for event in events {
        event.changes = describe(event, names);
    }
}

/// A stored value as users name it.
fn display(entity: &str, key: &str, value: &Value, names: &Names) -> String {
    let reference = assets::reference().ok();
    let code_name = |code: &str| -> Option<String> {
        let r = reference?;
        match key {
            "doc_type" => r.document_type(code).map(|c| c.name.clone()),
            "stage" => r.stage(code).map(|s| s.name.clone()),
            "areas" => r.area(code).map(|c| c.name.clone()),
            "position" => r.find_position(code).map(|c| c.name.clone()),
            _ => None,
        }
    };
    match value {
        Value::Null => String::new(),
        Value::Bool(true) => "Ja".into(),
        Value::Bool(false) => "Nej".into(),
        Value::Number(n) => match (key, n.as_i64()) {
            ("followup_interval_months", Some(months)) => labels::interval(months),
            _ => n.to_string(),
        },
        Value::String(s) => match key {
            "level" => labels::CONTACT_LEVELS
                .iter()
                .find(|(code, _)| code == s)
                .map_or_else(|| s.clone(), |(_, name)| (*name).to_owned()),
            "kind" => labels::round_kind(s).unwrap_or(s).to_owned(),
            "disposition" => labels::disposition(s).unwrap_or(s).to_owned(),
            "outcome" => labels::outcome(s).unwrap_or(s).to_owned(),
            "draft_source" => match s.as_str() {
                "working_draft" => "Den bifogade arbetsversionen".into(),
                "generated" => "Ett nytt utkast".into(),
                other => other.to_owned(),
            },
            _ => code_name(s).unwrap_or_else(|| s.clone()),
        },
        Value::Array(items) if key == "parties" && entity != "round" => {
            let ids: Vec<i64> = items.iter().filter_map(Value::as_i64).collect();
            if !names.parties.is_empty() && ids.len() == names.parties.len() {
                format!("Alla {} parter", ids.len())
            } else {
                ids.iter()
                    .map(|id| {
                        names
                            .parties
                            .get(id)
                            .cloned()
                            .unwrap_or_else(|| format!("okänd part ({id})"))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        }
        // The points of a ställningstagande, numbered as the forum wrote them.
        Value::Array(items) if key == "points" => items
            .iter()
            .map(|v| display(entity, key, v, names))
            .filter(|s| !s.is_empty())
            .enumerate()
            .map(|(i, s)| format!("{}. {s}", i + 1))
            .collect::<Vec<_>>()
            .join(" "),
        Value::Array(items) => items
            .iter()
            .map(|v| display(entity, key, v, names))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(map) => map
            .iter()
            .filter_map(|(k, v)| {
                let label = labels::field(entity, k)?;
                let shown = display(entity, k, v, names);
                (!shown.is_empty()).then(|| format!("{label}: {shown}"))
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
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
        changes: Vec::new(),
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
