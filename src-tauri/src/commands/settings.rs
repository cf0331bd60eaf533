//! Settings and reference data: the app info, the labels and reference data the window shows, opening or creating another database.

use std::path::PathBuf;

use samdok::config::{self, DbLocation};
use samdok::{assets, time, Store};
use serde::Serialize;
use tauri::{Runtime, State};

use crate::state::{AppState, CmdResult, CommandError};

#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub version: &'static str,
    pub db_path: String,
    pub db_source: &'static str,
    pub schema_version: Option<i64>,
    pub user: String,
    pub today: String,
    /// Why the database could not be opened, if it could not.
    pub open_error: Option<CommandError>,
}

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    let location = state
        .location
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let guard = state.store.lock().unwrap_or_else(|p| p.into_inner());
    let open_error = state.open_error.lock().unwrap_or_else(|p| p.into_inner());
    AppInfo {
        version: samdok::VERSION,
        db_path: location.path.display().to_string(),
        db_source: location.source,
        schema_version: guard.as_ref().and_then(|s| s.schema_version().ok()),
        user: guard
            .as_ref()
            .map_or_else(samdok::db::os_user, |s| s.actor().to_owned()),
        today: time::today().to_string(),
        open_error: open_error.clone(),
    }
}

#[tauri::command(async)]
pub fn reference_data() -> CmdResult<ReferenceData> {
    Ok(ReferenceData {
        reference: assets::reference()?.clone(),
        labels: samdok::labels::for_window(),
        comment_sections: samdok::comments::sections()?,
    })
}

/// The reference data (types, areas, forums, stages, positions) and every
/// label the window shows, so that the window keeps no copies of its own.
#[derive(Debug, Serialize)]
pub struct ReferenceData {
    #[serde(flatten)]
    pub reference: assets::Reference,
    pub labels: samdok::labels::Labels,
    /// The sections a comment can be about, "Övrigt" last.
    pub comment_sections: Vec<String>,
}

/// Lets the user open an existing database file (`create` false) or create
/// a new one (`create` true). It is opened at once and remembered in the
/// settings; on failure the current database stays open. Returns false when
/// the user cancels.
#[tauri::command(async)]
pub async fn choose_database<R: Runtime>(
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    create: bool,
) -> CmdResult<bool> {
    let current = state
        .location
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .path
        .clone();
    let mut dialog = rfd::AsyncFileDialog::new()
        .add_filter("Samdok-databas", &["sqlite3", "sqlite", "db"])
        .set_parent(&window);
    if let Some(dir) = current.parent() {
        dialog = dialog.set_directory(dir);
    }
    let file = if create {
        dialog
            .set_title("Skapa en ny Samdok-databas")
            .set_file_name("samdok.sqlite3")
            .save_file()
            .await
    } else {
        dialog
            .set_title("Öppna en Samdok-databas")
            .pick_file()
            .await
    };
    let Some(file) = file else {
        return Ok(false);
    };
    let path: PathBuf = file.path().to_path_buf();
    // Opening a file must find a register there; only "Skapa ny databas"
    // makes one (an empty file picked by mistake stays as it was).
    let store = if create {
        Store::open(&path)?
    } else {
        Store::open_existing(&path)?
    };
    config::save_settings(&config::Settings {
        database: Some(path.clone()),
    })?;
    *state.store.lock().unwrap_or_else(|p| p.into_inner()) = Some(store);
    *state.open_error.lock().unwrap_or_else(|p| p.into_inner()) = None;
    *state.location.lock().unwrap_or_else(|p| p.into_inner()) = DbLocation {
        path,
        source: "settings",
    };
    Ok(true)
}

/// "Kontrollera registret": the register checked without changing it
/// (`samdok verify`), every problem in Swedish.
#[tauri::command(async)]
pub fn verify_register(state: State<'_, AppState>) -> CmdResult<samdok::db::verify::Verification> {
    state.with_store(|s| samdok::db::verify::verify(s))
}
