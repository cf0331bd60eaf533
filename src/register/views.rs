//! Saved views of the register: a filter, sort and search saved under a
//! name and opened again, in the window and from the command line. The
//! query is stored as the register's own [`ListQuery`] (without paging),
//! so a view means exactly what the list showed.
//!
//! Names are one line, unique regardless of case, listed in Swedish order.
//! Saving under a name that exists is refused unless `replace` is given.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use serde_json::json;

use super::list::ListQuery;
use crate::audit::{self, NewEvent};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::time;

/// Longest view name, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// A saved view.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    pub query: ListQuery,
    pub created_at: String,
    pub updated_at: String,
    pub actor: String,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<SavedView> {
    let query: String = r.get(2)?;
    Ok(SavedView {
        id: r.get(0)?,
        name: r.get(1)?,
        // A query this version cannot read (written by a newer one) opens
        // as the whole register rather than failing the list.
        query: serde_json::from_str(&query).unwrap_or_default(),
        created_at: r.get(3)?,
        updated_at: r.get(4)?,
        actor: r.get(5)?,
    })
}

const COLUMNS: &str = "id, name, query, created_at, updated_at, actor";

fn checked_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "Ge vyn ett namn."));
    }
    if let Some(problem) = crate::text::line_problem("Namnet", name, MAX_NAME_CHARS) {
        return Err(Error::invalid("name", problem));
    }
    Ok(name.to_owned())
}

/// Every saved view, in Swedish order of name.
pub fn list(conn: &Connection) -> Result<Vec<SavedView>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM saved_views"))?;
    let mut views: Vec<SavedView> = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    crate::collate::sort_by_key(&mut views, |v| v.name.as_str());
    Ok(views)
}

/// The view named `name` (any case).
pub fn get(conn: &Connection, name: &str) -> Result<SavedView> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM saved_views WHERE name_lower = ?1"),
        [name.trim().to_lowercase()],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found(format!("Vyn «{}»", crate::text::quoted(name))))
}

/// Saves `query` (its paging dropped) under `name`. A view of that name
/// (any case) is replaced only with `replace`; otherwise refused.
pub fn save(store: &mut Store, name: &str, query: &ListQuery, replace: bool) -> Result<SavedView> {
    let name = checked_name(name)?;
    let mut query = query.clone();
    query.offset = 0;
    query.limit = None;
    let text = serde_json::to_string(&query).map_err(std::io::Error::other)?;
    let actor = store.actor().to_owned();
    let now = time::now();
    let tx = store.transaction()?;
    let existing: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, name FROM saved_views WHERE name_lower = ?1",
            [name.to_lowercase()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let id = match existing {
        Some((_, old)) if !replace => {
            return Err(Error::invalid(
                "name",
                format!(
                "Det finns redan en vy som heter «{old}». Välj ett annat namn eller ersätt den."
            ),
            ))
        }
        Some((id, _)) => {
            tx.execute(
                "UPDATE saved_views SET name = ?2, query = ?3, updated_at = ?4, actor = ?5 WHERE id = ?1",
                params![id, name, text, now, actor],
            )?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO saved_views (name, name_lower, query, created_at, updated_at, actor)
                 VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
                params![name, name.to_lowercase(), text, now, actor],
            )?;
            tx.last_insert_rowid()
        }
    };
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: None,
            entity: "saved_view",
            entity_id: Some(id),
            action: "view_saved",
            summary: format!("Vyn «{name}» sparad"),
            before: None,
            after: Some(json!({ "name": name })),
        },
    )?;
    let view = tx.query_row(
        &format!("SELECT {COLUMNS} FROM saved_views WHERE id = ?1"),
        [id],
        from_row,
    )?;
    tx.commit()?;
    Ok(view)
}

/// Removes the view named `name` (any case).
pub fn remove(store: &mut Store, name: &str) -> Result<()> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let view = get(&tx, name)?;
    tx.execute("DELETE FROM saved_views WHERE id = ?1", [view.id])?;
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: None,
            entity: "saved_view",
            entity_id: Some(view.id),
            action: "view_removed",
            summary: format!("Vyn «{}» borttagen", view.name),
            before: Some(json!({ "name": view.name })),
            after: None,
        },
    )?;
    tx.commit()?;
    Ok(())
}
