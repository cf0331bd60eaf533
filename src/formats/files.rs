//! File names and file writing shared by every export: names that are safe
//! on Windows, macOS and Linux, and files written whole or not at all.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Characters no file name may hold on one of the three systems.
const FORBIDDEN: &[char] = &['/', '\\', ':', '*', '?', '"', '<', '>', '|'];
/// Names Windows reserves for devices whatever follows the first dot
/// (`NUL.tar.gz` is the device NUL), compared case-insensitively.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "com¹", "com²", "com³", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8",
    "lpt9", "lpt¹", "lpt²", "lpt³", "conin$", "conout$",
];
/// Longest file name, in bytes of UTF-8, extension included. File systems
/// allow 255 bytes (ext4, APFS) or 255 UTF-16 units (NTFS); a zip entry or
/// a folder path adds to it, and Windows' 260-character paths are near, so
/// names stay well below: a title of emoji (4 bytes each) made 485 bytes.
pub const MAX_NAME_BYTES: usize = 150;

/// Turns `stem` into a safe file name with extension `ext`: forbidden and
/// control characters become `-`, invisible formatting characters
/// (zero-width, bidi controls, which can make `exe.docx` look like
/// `xcod.exe`) are dropped, runs of dashes and of spaces fold, leading and
/// trailing dots and spaces go, a name Windows reserves for a device gets
/// `-fil` after it, and the result is cut on a character boundary to at
/// most [`MAX_NAME_BYTES`] bytes, keeping the extension. Letters such as
/// å, ä, ö are kept.
pub fn safe_file_name(stem: &str, ext: &str) -> String {
    let mut out = String::new();
    let mut last_dash = false;
    for c in stem.chars() {
        if is_invisible(c) {
            continue;
        }
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
    let ext: String = ext
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(16)
        .collect();
    let room = MAX_NAME_BYTES - ext.len() - 1;
    let mut name = out
        .trim_matches(|c: char| c == '.' || c == ' ' || c == '-')
        .to_owned();
    if name.len() > room {
        let mut cut = room;
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name.truncate(cut);
    }
    name = name.trim_end_matches(['.', ' ']).to_owned();
    if name.is_empty() {
        name = "dokument".into();
    }
    if is_reserved(&name) {
        // Before the first dot, where Windows looks: "NUL.tar" → "NUL-fil.tar".
        let at = name.find('.').unwrap_or(name.len());
        name.insert_str(at, "-fil");
        if name.len() > room {
            // Only a stem cut to the limit and reserved before its first dot
            // gets here; dropping its tail keeps the device name unmatched.
            let mut cut = room;
            while !name.is_char_boundary(cut) {
                cut -= 1;
            }
            name.truncate(cut);
            name = name.trim_end_matches(['.', ' ']).to_owned();
        }
    }
    if ext.is_empty() {
        name
    } else {
        format!("{name}.{ext}")
    }
}

/// Whether Windows takes `name` (a file or folder name) for a device: its
/// part before the first dot, without trailing spaces, is a reserved name.
pub fn is_reserved(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or_default().trim_end();
    RESERVED.contains(&base.to_lowercase().as_str())
}

use crate::text::is_invisible;

/// Whether `name` is one [`safe_file_name`] could have made: what every
/// file and folder name written into a package must be.
pub fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_BYTES
        && name != "."
        && name != ".."
        && !name.ends_with(['.', ' '])
        && !name.starts_with(['.', ' '])
        && !name
            .chars()
            .any(|c| FORBIDDEN.contains(&c) || c.is_control() || is_invisible(c))
        && !is_reserved(name)
}

/// Why a file the user chose cannot be opened for reading.
#[derive(Debug)]
pub enum NotReadable {
    /// It is a folder.
    Folder,
    /// It exists but is no regular file: a FIFO (named pipe), a socket or a
    /// device, which could block the open for ever or never end.
    NotRegular,
    Io(std::io::Error),
}

/// Opens a file the user chose for reading, refusing anything that is not
/// a regular file (after following symbolic links) *before* opening it: a
/// FIFO blocks `open` until a writer comes, a device such as /dev/zero
/// never ends. The opened file is checked again, in case the path was
/// replaced in between. Returns the file and its length.
pub fn open_regular(path: &Path) -> std::result::Result<(std::fs::File, u64), NotReadable> {
    let kind = |metadata: &std::fs::Metadata| {
        if metadata.is_dir() {
            Err(NotReadable::Folder)
        } else if !metadata.is_file() {
            Err(NotReadable::NotRegular)
        } else {
            Ok(())
        }
    };
    kind(&std::fs::metadata(path).map_err(NotReadable::Io)?)?;
    let file = std::fs::File::open(path).map_err(NotReadable::Io)?;
    let metadata = file.metadata().map_err(NotReadable::Io)?;
    kind(&metadata)?;
    Ok((file, metadata.len()))
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
        assert!(name.len() <= MAX_NAME_BYTES && name.len() >= MAX_NAME_BYTES - 1);
        assert!(name.ends_with(".docx"), "{name}");
    }
}
