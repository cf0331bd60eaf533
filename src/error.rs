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

    /// SQLite refused: the message says what it means for the user, the
    /// SQLite text is kept for [`Error::detail`].
    #[error("{}", sqlite_message(.0))]
    Sqlite(#[from] rusqlite::Error),

    #[error("{}", io_message(.0))]
    Io(#[from] std::io::Error),

    /// A file the user named could not be read or written. The message
    /// names the file; the whole path is in [`Error::detail`].
    #[error("«{}»: {reason}", file_name(.path))]
    File { path: String, reason: String },

    /// Like [`Error::File`], with the operating system's own words kept for
    /// [`Error::detail`] (see `formats::files::file_error`).
    #[error("«{}»: {reason}", file_name(.path))]
    FileIo {
        path: String,
        reason: String,
        os: String,
    },

    /// A file that should be a Word document (.docx) and cannot be read as one.
    #[error("{0}")]
    UnreadableDocx(String),

    #[error("Fel i Samdoks inbyggda data ({what}): {reason}")]
    Assets { what: &'static str, reason: String },
}

/// What a SQLite error means for the user, in Swedish. Nothing was changed:
/// every change is one transaction.
fn sqlite_message(error: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    let text = match error.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "Databasen används av ett annat program just nu (Samdok i ett annat fönster \
             eller på kommandoraden). Vänta en stund och försök igen; ingenting ändrades."
        }
        Some(ErrorCode::CannotOpen) => {
            "Databasfilen kunde inte öppnas. Kontrollera att mappen finns och att du har \
             behörighet till den."
        }
        Some(ErrorCode::ReadOnly) => {
            "Databasfilen är skrivskyddad, så ändringen kunde inte sparas."
        }
        Some(ErrorCode::DiskFull) => "Disken är full, så ändringen kunde inte sparas.",
        Some(ErrorCode::ConstraintViolation) => {
            "Ändringen skulle bryta mot databasens regler (till exempel en uppgift som \
             bara får finnas en gång) och sparades inte."
        }
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            "Databasfilen är skadad. Återställ den från en säkerhetskopia."
        }
        Some(ErrorCode::SystemIoFailure) => {
            "Databasfilen kunde inte läsas eller skrivas (ett fel i filsystemet); \
             ingenting ändrades."
        }
        Some(ErrorCode::PermissionDenied) => "Du saknar behörighet till databasfilen.",
        _ => "Ett oväntat fel uppstod i databasen; ingenting ändrades.",
    };
    text.to_owned()
}

/// What an I/O error means for the user, in Swedish. Errors of our own
/// making (`ErrorKind::Other` with a message) already are Swedish.
fn io_message(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let reason = match error.kind() {
        ErrorKind::Other if error.get_ref().is_some() => return error.to_string(),
        ErrorKind::NotFound => "filen eller mappen finns inte",
        ErrorKind::PermissionDenied => "du saknar behörighet till filen eller mappen",
        ErrorKind::StorageFull => "disken är full",
        ErrorKind::ReadOnlyFilesystem => "mappen är skrivskyddad",
        ErrorKind::IsADirectory => "det är en mapp, inte en fil",
        ErrorKind::AlreadyExists => "det finns redan en fil med det namnet",
        ErrorKind::InvalidFilename => "filnamnet är inte tillåtet",
        ErrorKind::InvalidData | ErrorKind::UnexpectedEof => "filens innehåll kunde inte läsas",
        _ => "filen kunde inte läsas eller skrivas",
    };
    format!("Ett fel uppstod vid läsning eller skrivning: {reason}.")
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned())
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
            Error::Io(_) | Error::File { .. } | Error::FileIo { .. } => "io",
            Error::UnreadableDocx(_) => "unreadable_docx",
            Error::Assets { .. } => "assets",
        }
    }

    /// What a person helping the user needs and the user does not: the
    /// path, the operating system's or SQLite's own words. Shown folded
    /// away ("Visa detaljer") in the window, on a line of its own by the CLI.
    pub fn detail(&self) -> Option<String> {
        match self {
            Error::Sqlite(e) => Some(format!("SQLite: {e}")),
            Error::Io(e) if e.kind() == std::io::ErrorKind::Other => None,
            Error::Io(e) => Some(format!("Operativsystemet: {e}")),
            Error::File { path, .. } => Some(format!("Sökväg: {path}")),
            Error::FileIo { path, os, .. } => {
                Some(format!("Sökväg: {path}\nOperativsystemet: {os}"))
            }
            _ => None,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(code: i32, text: &str) -> Error {
        Error::Sqlite(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(code),
            Some(text.into()),
        ))
    }

    #[test]
    fn sqlite_errors_are_told_in_swedish_with_sqlites_words_apart() {
        for (code, english, swedish) in [
            (5, "database is locked", "används av ett annat program"),
            (14, "unable to open database file", "kunde inte öppnas"),
            (
                19,
                "UNIQUE constraint failed: documents.id",
                "bryta mot databasens regler",
            ),
            (13, "database or disk is full", "Disken är full"),
        ] {
            let error = sqlite(code, english);
            let message = error.to_string();
            assert!(
                message.contains(swedish) && !message.contains(english),
                "{english}: the message is Swedish, got {message}"
            );
            assert_eq!(
                error.detail().as_deref(),
                Some(format!("SQLite: {english}").as_str()),
                "{english}: SQLite's own words are the detail"
            );
        }
    }

    #[test]
    fn io_errors_are_told_in_swedish_with_the_os_words_apart() {
        let error = Error::Io(std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        assert_eq!(
            error.to_string(),
            "Ett fel uppstod vid läsning eller skrivning: du saknar behörighet till filen eller mappen."
        );
        assert!(error
            .detail()
            .is_some_and(|d| d.starts_with("Operativsystemet: ")));
        // Our own messages (ErrorKind::Other) are Swedish already.
        let own = Error::Io(std::io::Error::other("Word-filen kunde inte skapas."));
        assert_eq!(own.to_string(), "Word-filen kunde inte skapas.");
        assert_eq!(own.detail(), None);
    }
}
