//! Errors of the core. Every variant has a stable `code()` for programs (the
//! UI switches on it) and a Swedish `Display` text meant for the user.

use serde::Serialize;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One problem with one input field, shown next to that field in the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The input field's name as in the JSON input (`title`, `valid_to` …).
    pub field: String,
    /// What is wrong, in Swedish.
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", join_messages(.0))]
    Invalid(Vec<FieldError>),

    #[error("{what} finns inte")]
    NotFound { what: String },

    #[error(
        "Databasen {path} har skrivits av en nyare version av Samdok (schema {found}, \
         den här versionen känner till {known}). Den har inte ändrats. Uppdatera Samdok."
    )]
    NewerDatabase {
        path: String,
        found: i64,
        known: i64,
    },

    #[error("Filen {path} är inte en Samdok-databas: {reason}")]
    NotADatabase { path: String, reason: String },

    #[error("Databasfel: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("Filfel: {0}")]
    Io(#[from] std::io::Error),

    /// A file the user named could not be read or written.
    #[error("{path}: {reason}")]
    File { path: String, reason: String },

    /// A file that should be a Word document (.docx) and cannot be read as one.
    #[error("{0}")]
    UnreadableDocx(String),

    #[error("Fel i Samdoks inbyggda data ({what}): {reason}")]
    Assets { what: &'static str, reason: String },
}

fn join_messages(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Error {
    /// A single-field validation error.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Error::Invalid(vec![FieldError::new(field, message)])
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Error::NotFound { what: what.into() }
    }

    /// Stable machine-readable code, for the UI and the CLI's exit status.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::NewerDatabase { .. } => "newer_database",
            Error::NotADatabase { .. } => "not_a_database",
            Error::Sqlite(_) => "database",
            Error::Io(_) | Error::File { .. } => "io",
            Error::UnreadableDocx(_) => "unreadable_docx",
            Error::Assets { .. } => "assets",
        }
    }

    /// The field errors of a validation error, empty for every other kind.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Error::Invalid(errors) => errors,
            _ => &[],
        }
    }
}
