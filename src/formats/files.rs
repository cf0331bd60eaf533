//! File names and file writing shared by every export: names that are safe
//! on Windows, macOS and Linux, and files written whole or not at all.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Characters no file name may hold on one of the three systems.
const FORBIDDEN: &[char] = &['/', '\\', ':', '*', '?', '"', '<', '>', '|'];
/// Names Windows reserves whatever the extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];
/// Room for the name before the extension, in characters.
const MAX_STEM: usize = 120;

/// Turns `stem` into a safe file name with extension `ext`: forbidden and
/// control characters become `-`, runs of them and of spaces fold, leading
/// and trailing dots and spaces go, Windows' reserved names get a suffix,
/// and the result is cut to a length every system accepts. Letters such as
/// å, ä, ö are kept.
pub fn safe_file_name(stem: &str, ext: &str) -> String {
    let mut out = String::new();
    let mut last_dash = false;
    for c in stem.chars() {
        let c = if FORBIDDEN.contains(&c) || c.is_control() {
            '-'
        } else {
            c
        };
        if c == '-' {
            if !last_dash {
                out.push('-');
            }
            last_dash = true;
        } else if c.is_whitespace() {
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
            last_dash = false;
        } else {
            out.push(c);
            last_dash = false;
        }
    }
    let mut name: String = out
        .trim_matches(|c: char| c == '.' || c == ' ' || c == '-')
        .chars()
        .take(MAX_STEM)
        .collect();
    name = name.trim_end_matches(['.', ' ']).to_owned();
    if name.is_empty() {
        name = "dokument".into();
    }
    if RESERVED.contains(&name.to_lowercase().as_str()) {
        name.push_str("-fil");
    }
    format!("{name}.{ext}")
}

/// An I/O error on a file the user chose, with the reason in Swedish.
pub fn file_error(path: &Path, error: &std::io::Error) -> Error {
    use std::io::ErrorKind;
    let reason = match error.kind() {
        ErrorKind::NotFound => "filen eller mappen finns inte.".to_owned(),
        ErrorKind::PermissionDenied => "du saknar behörighet till filen eller mappen.".to_owned(),
        ErrorKind::StorageFull => "disken är full.".to_owned(),
        ErrorKind::ReadOnlyFilesystem => "mappen är skrivskyddad.".to_owned(),
        ErrorKind::IsADirectory => "det är en mapp, inte en fil.".to_owned(),
        ErrorKind::InvalidFilename => "filnamnet är inte tillåtet.".to_owned(),
        _ => "filen kunde inte läsas eller skrivas.".to_owned(),
    };
    Error::FileIo {
        path: path.display().to_string(),
        reason: format!("Det gick inte: {reason}"),
        os: error.to_string(),
    }
}

/// Writes `bytes` to `path` whole or not at all: into a temporary file in
/// the same folder, flushed to disk, then renamed over the target.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "fil".into());
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| file_error(path, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_replaced() {
        assert_eq!(
            safe_file_name(r#"a/b\c:d*e?f"g<h>i|j"#, "docx"),
            "a-b-c-d-e-f-g-h-i-j.docx"
        );
        assert_eq!(safe_file_name(r#"/\:*?"<>|"#, "docx"), "dokument.docx");
    }

    #[test]
    fn swedish_letters_stay_and_edges_are_cleaned() {
        assert_eq!(
            safe_file_name("  Överenskommelse om  vård. ", "docx"),
            "Överenskommelse om vård.docx"
        );
        assert_eq!(safe_file_name("CON", "docx"), "CON-fil.docx");
        assert_eq!(safe_file_name("..", "zip"), "dokument.zip");
    }

    #[test]
    fn a_write_into_a_missing_folder_fails_in_swedish_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("saknas").join("utkast.docx");
        let err = write_atomically(&target, b"x").expect_err("no such folder");
        assert!(err.to_string().contains("finns inte"), "{err}");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "no temporary file left"
        );
    }

    #[test]
    fn long_names_are_cut() {
        let name = safe_file_name(&"å".repeat(500), "docx");
        assert_eq!(name.chars().count(), MAX_STEM + 5);
    }
}
