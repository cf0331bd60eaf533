//! Writing a built package to disk, whole or not at all: a folder is built
//! as a hidden sibling and renamed into place (so a process killed half-way
//! leaves no partial folder under the final name); a zip is written to a
//! temporary file and renamed over the target. Nothing is ever written
//! outside the destination, and every name is one all three systems take:
//! paths that are absolute, climb with `..`, hold a backslash or a drive
//! colon, or have a segment that is not a safe file name (a Windows device
//! name such as `NUL.tar`, a name over [`crate::formats::files::MAX_NAME_BYTES`], invisible or
//! control characters) are refused before anything is written.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Timelike};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::{manifest_json, Manifest, PackageFile, MANIFEST_FILE};
use crate::error::{Error, Result};
use crate::formats::files::{file_error, is_safe_name, write_atomically};

/// Checks that `path` is relative, `/`-separated, stays inside the
/// package and has only safe names; returns its segments.
fn segments(path: &str) -> Result<Vec<&str>> {
    let bad = || {
        let shown: String = path
            .chars()
            .map(|c| if c.is_control() { '�' } else { c })
            .take(200)
            .collect();
        Error::invalid(
            "path",
            format!("Sökvägen «{shown}» kan inte skrivas: den pekar utanför mappen eller har ett namn som inte är tillåtet i Windows, macOS eller Linux."),
        )
    };
    if path.is_empty() || path.starts_with('/') || path.contains(['\\', ':', '\0']) {
        return Err(bad());
    }
    let parts: Vec<&str> = path.split('/').collect();
    if !parts.iter().all(|s| is_safe_name(s)) {
        return Err(bad());
    }
    Ok(parts)
}

/// The files to write, the manifest last, every path checked.
fn entries<'a>(
    files: &'a [PackageFile],
    manifest: &'a [u8],
) -> Result<Vec<(Vec<&'a str>, &'a [u8])>> {
    let mut out = Vec::with_capacity(files.len() + 1);
    for f in files {
        out.push((segments(&f.path)?, f.bytes.as_slice()));
    }
    out.push((vec![MANIFEST_FILE], manifest));
    Ok(out)
}

/// Writes the package into the new folder `dest`, which must not exist;
/// its parent must. On failure nothing is left behind.
pub fn write_folder(files: &[PackageFile], manifest: &Manifest, dest: &Path) -> Result<()> {
    let json = manifest_json(manifest);
    let entries = entries(files, &json)?;
    write_new_folder(&entries, dest)
}

/// Writes `files` (no manifest: reminder e-mails) into the new folder
/// `dest`, which must not exist; its parent must. The folder appears under
/// its name only when every file is whole in it.
pub fn write_files(files: &[PackageFile], dest: &Path) -> Result<()> {
    let mut entries = Vec::with_capacity(files.len());
    for f in files {
        entries.push((segments(&f.path)?, f.bytes.as_slice()));
    }
    write_new_folder(&entries, dest)
}

/// The folder is filled under a hidden name beside `dest` and renamed into
/// place at the end: a process killed half-way leaves at most that hidden
/// folder, never a partial one under the name the user chose.
fn write_new_folder(entries: &[(Vec<&str>, &[u8])], dest: &Path) -> Result<()> {
    if dest.symlink_metadata().is_ok() {
        return Err(exists(dest));
    }
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::invalid("path", "Välj en mapp med ett namn."))?;
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let tmp: PathBuf = parent.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::create_dir(&tmp).map_err(|e| file_error(dest, &e))?;
    let result = (|| -> std::io::Result<()> {
        for (segments, bytes) in entries {
            let mut path = tmp.clone();
            for s in segments {
                path.push(s);
            }
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let mut file = std::fs::File::create(&path)?;
            file.write_all(bytes)?;
            file.sync_all()?;
        }
        // rename(2) would replace an empty folder made in the meantime.
        if dest.symlink_metadata().is_ok() {
            return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
        }
        std::fs::rename(&tmp, dest)
    })();
    match result {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Err(exists(dest))
            } else {
                Err(file_error(dest, &e))
            }
        }
    }
}

fn exists(dest: &Path) -> Error {
    Error::File {
        path: dest.display().to_string(),
        reason: "Det finns redan en fil eller mapp med det namnet. Välj ett nytt namn.".into(),
    }
}

/// Writes the package as a zip file at `dest` (replacing a file there),
/// through a temporary file in the same folder.
pub fn write_zip(files: &[PackageFile], manifest: &Manifest, dest: &Path) -> Result<()> {
    let json = manifest_json(manifest);
    let entries = entries(files, &json)?;
    if dest.is_dir() {
        return Err(exists(dest));
    }
    let bytes = zip_bytes(&entries, &manifest.created_at).map_err(|e| {
        Error::Io(std::io::Error::other(format!(
            "Zip-filen kunde inte skapas: {e}"
        )))
    })?;
    write_atomically(dest, &bytes)
}

fn zip_bytes(entries: &[(Vec<&str>, &[u8])], created_at: &str) -> zip::result::ZipResult<Vec<u8>> {
    let mut options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644);
    if let Some(time) = DateTime::parse_from_rfc3339(created_at).ok().and_then(|t| {
        zip::DateTime::from_date_and_time(
            u16::try_from(t.year()).ok()?,
            t.month() as u8,
            t.day() as u8,
            t.hour() as u8,
            t.minute() as u8,
            t.second() as u8,
        )
        .ok()
    }) {
        options = options.last_modified_time(time);
    }
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let mut folders = std::collections::BTreeSet::new();
    for (segments, bytes) in entries {
        for depth in 1..segments.len() {
            let folder = segments[..depth].join("/") + "/";
            if folders.insert(folder.clone()) {
                zip.add_directory(folder, options.unix_permissions(0o755))?;
            }
        }
        zip.start_file(segments.join("/"), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::files::MAX_NAME_BYTES;

    #[test]
    fn paths_that_leave_the_package_are_refused() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a\\b",
            "C:x",
            "a//b",
            "./a",
        ] {
            assert!(segments(bad).is_err(), "{bad:?} must be refused");
        }
        assert_eq!(
            segments("E-post/Årjäng.eml").unwrap(),
            ["E-post", "Årjäng.eml"]
        );
    }

    #[test]
    fn names_windows_or_a_file_system_would_refuse_are_refused() {
        let long = format!("{}.eml", "🏥".repeat(100));
        assert!(long.len() > MAX_NAME_BYTES);
        for bad in [
            "NUL.tar",
            "E-post/com1.x.eml",
            "Con",
            "lpt9.docx",
            "AUX/x.eml",
            long.as_str(),
            "a\u{202E}xcod.exe",
            "a\u{200B}b.eml",
            "slut. ",
            "slut.",
            "rad\nbrytning.eml",
        ] {
            assert!(segments(bad).is_err(), "{bad:?} must be refused");
        }
    }
}
