//! Standard output and error without panics. `println!` panics when stdout
//! is closed (`samdok doc list | head`) or full (`> /dev/full`); here every
//! write returns its error, and [`report`] ends the program with a Swedish
//! message instead: quietly when the reader has gone away, with exit status
//! 1 when the output could not be written.

use std::fmt::Arguments;
use std::io::{self, ErrorKind, Write};
use std::process::ExitCode;

use serde::Serialize;

/// Why a command ended without success.
pub enum Failure {
    /// The core refused the input or the database.
    Core(samdok::Error),
    /// Standard output could not be written.
    Output(io::Error),
    /// The command has said what it found (`samdok verify` with problems):
    /// nothing more to print, only the exit status to give.
    Found(u8),
}

impl From<samdok::Error> for Failure {
    fn from(error: samdok::Error) -> Self {
        Failure::Core(error)
    }
}

pub type Outcome<T = ()> = Result<T, Failure>;

/// Writes one line to standard output: `out!("{x}")`.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::line(format_args!($($arg)*))?
    };
}

/// Writes one line to standard error, ignoring a closed stderr:
/// `note!("{x}")`.
macro_rules! note {
    ($($arg:tt)*) => {
        $crate::output::note(format_args!($($arg)*))
    };
}

pub fn line(args: Arguments<'_>) -> Outcome {
    let mut out = io::stdout().lock();
    out.write_all(printable(args).as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .map_err(Failure::Output)
}

pub fn note(args: Arguments<'_>) {
    let mut err = io::stderr().lock();
    let _ = err
        .write_all(printable(args).as_bytes())
        .and_then(|()| err.write_all(b"\n"));
}

/// The text with every control character but line breaks and tabs shown as
/// �: a title or a file name with a terminal escape (ESC, BEL, a lone CR)
/// that reached the register before input refused them, or that a refused
/// input echoes back, is printed, never obeyed. JSON output needs no such
/// care: serde_json writes control characters as `\u001b` escapes.
fn printable(args: Arguments<'_>) -> String {
    let text = args.to_string();
    if !text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        return text;
    }
    text.chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\n' | '\t') {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// Pretty-printed JSON on standard output.
pub fn json(value: &impl Serialize) -> Outcome {
    let text =
        serde_json::to_string_pretty(value).map_err(|e| Failure::Output(io::Error::other(e)))?;
    line(format_args!("{text}"))
}

/// Flushes standard output: what is still buffered may fail to be written.
pub fn flush() -> Outcome {
    io::stdout().flush().map_err(Failure::Output)
}

/// Prints why the command failed, in Swedish, and gives the exit status.
pub fn report(failure: Failure) -> ExitCode {
    match failure {
        // The reader (`head`, a closed pager) has all it wanted.
        Failure::Output(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Failure::Output(e) => {
            let reason = match e.kind() {
                ErrorKind::StorageFull => "disken eller enheten är full".to_owned(),
                ErrorKind::PermissionDenied => "behörighet saknas".to_owned(),
                _ => e.to_string(),
            };
            note!(
                "samdok: resultatet kunde inte skrivas ut ({reason}). \
                 Det som kommandot ändrade i databasen är sparat."
            );
            ExitCode::from(1)
        }
        Failure::Found(status) => ExitCode::from(status),
        Failure::Core(error) => {
            let fields = error.field_errors();
            if fields.len() > 1 {
                note!("samdok: uppgifterna godtogs inte:");
                for fe in fields {
                    note!("  - {}", fe.message);
                }
            } else {
                note!("samdok: {error}");
            }
            if let Some(detail) = error.detail() {
                for line in detail.lines() {
                    note!("  {line}");
                }
            }
            ExitCode::from(1)
        }
    }
}
