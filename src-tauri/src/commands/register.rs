//! The register: listing, reading, creating and editing documents, stages, revisions.

use samdok::audit::Event;
use samdok::register::lifecycle::{self, StageChange};
use samdok::register::{self, DocumentDetail, DocumentInput, DocumentSummary, ListQuery};
use samdok::{time, DocumentId, Page, Paging};
use tauri::State;

use crate::state::{AppState, CmdResult};

/// Rows the window asks for when it does not say, and the most it gets at
/// once: a page is what the window draws, never the whole register.
pub(crate) const DEFAULT_PAGE: u32 = 100;
pub(crate) const MAX_PAGE: u32 = 1000;

/// The window's page: its own limit within [`MAX_PAGE`], else [`DEFAULT_PAGE`].
pub(crate) fn window_page(limit: Option<u32>) -> Option<u32> {
    Some(limit.unwrap_or(DEFAULT_PAGE).min(MAX_PAGE))
}

/// One page of the register: `query` holds the search, filters, sort and
/// `offset`/`limit`.
#[tauri::command(async)]
pub fn list_documents(
    state: State<'_, AppState>,
    mut query: ListQuery,
) -> CmdResult<Page<DocumentSummary>> {
    query.limit = window_page(query.limit);
    state.with_store(|s| register::list(s.conn(), &query, time::today()))
}

/// More of a document's change log, newest first ("Visa fler").
#[tauri::command(async)]
pub fn document_events(
    state: State<'_, AppState>,
    id: i64,
    offset: u32,
    limit: Option<u32>,
) -> CmdResult<Page<Event>> {
    let paging = Paging {
        offset,
        limit: window_page(limit),
    };
    state.with_store(|s| register::events(s.conn(), DocumentId(id), paging))
}

/// More of a document's stage history, newest first ("Visa fler").
#[tauri::command(async)]
pub fn document_history(
    state: State<'_, AppState>,
    id: i64,
    offset: u32,
    limit: Option<u32>,
) -> CmdResult<Page<StageChange>> {
    let paging = Paging {
        offset,
        limit: window_page(limit),
    };
    state.with_store(|s| register::history(s.conn(), DocumentId(id), paging))
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
