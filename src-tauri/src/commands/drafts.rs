//! Word drafts: create, attach, check, open.

use std::path::PathBuf;

use samdok::drafts::check::CheckReport;
use samdok::drafts::record::{self, DraftOverview, DraftRecord};
use samdok::DocumentId;
use serde::Serialize;
use tauri::{Runtime, State};

use crate::dialogs;
use crate::state::{AppState, CmdResult, CommandError};

#[tauri::command(async)]
pub fn draft_overview(state: State<'_, AppState>, id: i64) -> CmdResult<DraftOverview> {
    state.with_store(|s| record::overview(s, DocumentId(id)))
}

/// "Skapa utkast": asks where to save (suggesting a name from the title and
/// version), writes the draft and records it. `None` when cancelled.
#[tauri::command(async)]
pub async fn create_draft<R: Runtime>(
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    id: i64,
) -> CmdResult<Option<DraftRecord>> {
    let suggested =
        state.with_store(|s| record::overview(s, DocumentId(id)).map(|o| o.suggested_file_name))?;
    let Some(path) = dialogs::save_docx(&window, "Spara utkast", &suggested).await else {
        return Ok(None);
    };
    state
        .with_store(|s| record::save_generated(s, DocumentId(id), &path))
        .map(Some)
}

#[derive(Debug, Serialize)]
pub struct AttachedDraft {
    pub draft: DraftRecord,
    pub check: CheckReport,
}

/// "Bifoga arbetsversion": asks for the edited .docx, checks it and stores it
/// as the current working draft. `None` when cancelled.
#[tauri::command(async)]
pub async fn attach_draft<R: Runtime>(
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    id: i64,
) -> CmdResult<Option<AttachedDraft>> {
    let Some(path) = dialogs::open_docx(&window, "Bifoga arbetsversion").await else {
        return Ok(None);
    };
    state
        .with_store(|s| record::attach(s, DocumentId(id), &path))
        .map(|(draft, check)| Some(AttachedDraft { draft, check }))
}

#[derive(Debug, Serialize)]
pub struct CheckedFile {
    pub file_name: String,
    pub check: CheckReport,
}

/// "Kontrollera en fil": checks any .docx chosen from disk; stores nothing.
#[tauri::command(async)]
pub async fn check_docx<R: Runtime>(
    window: tauri::WebviewWindow<R>,
) -> CmdResult<Option<CheckedFile>> {
    let Some(path) = dialogs::open_docx(&window, "Kontrollera ett Word-dokument").await else {
        return Ok(None);
    };
    let check = samdok::drafts::check::check_file(&path)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Some(CheckedFile { file_name, check }))
}

/// Opens a recorded draft in the default program (Word). Only files Samdok
/// itself recorded can be opened this way.
#[tauri::command(async)]
pub fn open_draft(state: State<'_, AppState>, draft_id: i64) -> CmdResult<()> {
    let path = state.with_store(|s| {
        let draft = record::get(s.conn(), draft_id)?;
        match (&draft.saved_path, &draft.stored_name) {
            (Some(path), _) => Ok(PathBuf::from(path)),
            (None, Some(name)) => samdok::db::attachments::path(s, name),
            (None, None) => Err(samdok::Error::not_found(format!("Utkast {draft_id}"))),
        }
    })?;
    if !path.exists() {
        return Err(samdok::Error::not_found(format!(
            "Filen «{}»",
            path.file_name().unwrap_or_default().to_string_lossy()
        ))
        .into());
    }
    opener::open(&path).map_err(|e| CommandError::open_failed(&path, &std::io::Error::other(e)))
}
