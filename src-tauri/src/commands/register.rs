//! The register: listing, reading, creating and editing documents, stages, revisions.

use samdok::register::lifecycle;
use samdok::register::{self, DocumentDetail, DocumentInput, DocumentSummary, ListQuery};
use samdok::{time, DocumentId};
use tauri::State;

use crate::state::{AppState, CmdResult};

#[tauri::command(async)]
pub fn list_documents(
    state: State<'_, AppState>,
    query: ListQuery,
) -> CmdResult<Vec<DocumentSummary>> {
    state.with_store(|s| register::list(s.conn(), &query, time::today()))
}

#[tauri::command(async)]
pub fn get_document(state: State<'_, AppState>, id: i64) -> CmdResult<DocumentDetail> {
    state.with_store(|s| register::get(s.conn(), DocumentId(id), time::today()))
}

#[tauri::command(async)]
pub fn create_document(state: State<'_, AppState>, input: DocumentInput) -> CmdResult<DocumentId> {
    state.with_store(|s| register::create(s, &input))
}

#[tauri::command(async)]
/// The form's save. With `original` (the values the form was filled with)
/// only the fields the user changed are written, and a field someone else
/// changed meanwhile is refused at that field; without it the whole input
/// is stored.
pub fn update_document(
    state: State<'_, AppState>,
    id: i64,
    input: DocumentInput,
    original: Option<DocumentInput>,
) -> CmdResult<Vec<String>> {
    state.with_store(|s| match &original {
        Some(original) => register::update_from_form(s, DocumentId(id), original, &input),
        None => register::update(s, DocumentId(id), &input),
    })
}

#[tauri::command(async)]
pub fn set_stage(
    state: State<'_, AppState>,
    id: i64,
    stage: String,
    comment: String,
    on_date: Option<String>,
) -> CmdResult<()> {
    state.with_store(|s| {
        let on_date = time::parse_date("on_date", "Datum", on_date.as_deref())?;
        lifecycle::set_stage(s, DocumentId(id), &stage, &comment, on_date)
    })
}

#[tauri::command(async)]
pub fn open_revision(state: State<'_, AppState>, id: i64, comment: String) -> CmdResult<i64> {
    state.with_store(|s| register::open_revision(s, DocumentId(id), &comment))
}
