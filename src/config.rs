//! Where the database lives. In order of precedence: an explicit path (the
//! `--db` option), the environment variable `SAMDOK_DB`, the path saved in
//! the settings file, and finally `samdok.sqlite3` in the platform's
//! app-data folder (the folder Tauri uses for the app's identifier).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Result;

/// The app's identifier, as in `src-tauri/tauri.conf.json`.
pub const APP_IDENTIFIER: &str = "se.regionvarmland.samdok";

/// The environment variable that names the database file.
pub const DB_ENV: &str = "SAMDOK_DB";

const DB_FILE: &str = "samdok.sqlite3";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// A database file chosen by the user, instead of the default.
    pub database: Option<PathBuf>,
}

fn app_dir(base: Option<PathBuf>) -> PathBuf {
    base.unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
}

/// `samdok.sqlite3` in the platform's app-data folder.
pub fn default_db_path() -> PathBuf {
    app_dir(dirs::data_dir()).join(DB_FILE)
}

/// The settings file in the platform's config folder.
pub fn settings_path() -> PathBuf {
    app_dir(dirs::config_dir()).join("settings.json")
}

/// The saved settings; a missing or unreadable file gives the defaults.
pub fn load_settings() -> Settings {
    std::fs::read(settings_path())
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Saves the settings whole or not at all (temporary file, then rename).
pub fn save_settings(settings: &Settings) -> Result<()> {
    let path = settings_path();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("json.tmp");
    let json = serde_json::to_vec_pretty(settings).map_err(std::io::Error::other)?;
    std::fs::write(&tmp, json)?;
    std::fs::rename(&tmp, &path)?;
    Ok(())
}

/// Where the database is, and why there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DbLocation {
    pub path: PathBuf,
    /// `option`, `environment`, `settings` or `default`.
    pub source: &'static str,
}

/// Resolves the database path as the module documentation describes.
pub fn resolve_db_path(explicit: Option<&Path>) -> DbLocation {
    if let Some(path) = explicit {
        return DbLocation {
            path: path.to_path_buf(),
            source: "option",
        };
    }
    if let Some(path) = std::env::var_os(DB_ENV).filter(|v| !v.is_empty()) {
        return DbLocation {
            path: PathBuf::from(path),
            source: "environment",
        };
    }
    if let Some(path) = load_settings().database {
        return DbLocation {
            path,
            source: "settings",
        };
    }
    DbLocation {
        path: default_db_path(),
        source: "default",
    }
}
