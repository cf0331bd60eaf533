//! The ställningstagande: a forum's position on a document, recorded and
//! listed on the document page.

use samdok::resolutions::{self, Resolution, ResolutionId, ResolutionInput};
use samdok::DocumentId;
use tauri::State;

use crate::state::{AppState, CmdResult};

/// The document's ställningstaganden, the latest meeting first.
#[tauri::command(async)]
pub fn list_resolutions(
    state: State<'_, AppState>,
    document_id: i64,
) -> CmdResult<Vec<Resolution>> {
    state.with_store(|s| resolutions::list(s.conn(), DocumentId(document_id)))
}

/// Records a forum's ställningstagande; refused while a significant change
/// waits for the networks' approval. Resolves to the new id.
#[tauri::command(async)]
pub fn record_resolution(
    state: State<'_, AppState>,
    document_id: i64,
    input: ResolutionInput,
) -> CmdResult<ResolutionId> {
    state.with_store(|s| resolutions::record(s, DocumentId(document_id), &input))
}

/// Removes a ställningstagande recorded by mistake.
#[tauri::command(async)]
pub fn remove_resolution(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    state.with_store(|s| resolutions::remove(s, ResolutionId(id)))
}
