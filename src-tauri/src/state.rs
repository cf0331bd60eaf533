//! The shell's state — the open database, or why it could not be opened —
//! and the error shape every command sends the window.

use std::sync::Mutex;

use samdok::config::DbLocation;
use samdok::Store;
use serde::Serialize;

/// An error as the window receives it: `code` to switch on, `message` in
/// Swedish to show, and per-field messages to show next to the inputs.
#[derive(Debug, Clone, Serialize)]
pub struct CommandError {
    pub code: String,
    pub message: String,
    pub fields: Vec<samdok::FieldError>,
    /// The technical detail (path, the operating system's or SQLite's own
    /// words), shown folded away under "Visa detaljer".
    pub detail: Option<String>,
}

impl From<samdok::Error> for CommandError {
    fn from(error: samdok::Error) -> Self {
        CommandError {
            code: error.code().to_owned(),
            message: error.to_string(),
            fields: error.field_errors().to_vec(),
            detail: error.detail(),
        }
    }
}

impl CommandError {
    pub(crate) fn no_database(message: &str) -> Self {
        CommandError {
            code: "no_database".into(),
            message: message.to_owned(),
            fields: Vec::new(),
            detail: None,
        }
    }

    /// A file that exists could not be opened in its default program.
    pub(crate) fn open_failed(path: &std::path::Path, error: &std::io::Error) -> Self {
        CommandError {
            code: "io".into(),
            message: "Filen kunde inte öppnas i sitt program. Finns det ett program \
                      för den sortens fil på datorn?"
                .into(),
            fields: Vec::new(),
            detail: Some(format!(
                "Sökväg: {}\nOperativsystemet: {error}",
                path.display()
            )),
        }
    }
}

pub type CmdResult<T> = Result<T, CommandError>;

/// The open database, or why it could not be opened (the window then shows
/// the reason and lets the user choose another file).
pub struct AppState {
    pub(crate) store: Mutex<Option<Store>>,
    pub(crate) location: Mutex<DbLocation>,
    pub(crate) open_error: Mutex<Option<CommandError>>,
}

impl AppState {
    /// Opens the database at `location`; a failure is kept for the window.
    pub fn open(location: DbLocation) -> AppState {
        let (store, open_error) = match Store::open(&location.path) {
            Ok(store) => (Some(store), None),
            Err(error) => (None, Some(CommandError::from(error))),
        };
        AppState {
            store: Mutex::new(store),
            location: Mutex::new(location),
            open_error: Mutex::new(open_error),
        }
    }

    pub(crate) fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> samdok::Result<T>,
    ) -> CmdResult<T> {
        let mut guard = self
            .store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match guard.as_mut() {
            Some(store) => f(store).map_err(CommandError::from),
            None => Err(self
                .open_error
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .as_ref()
                .cloned()
                .unwrap_or_else(|| CommandError::no_database("Ingen databas är öppen."))),
        }
    }
}
