//! The attachment store: files the coordinator attaches (edited drafts,
//! later answers and protokollsutdrag) are copied into a folder beside the
//! database, named by their SHA-256, so the same file is stored once and a
//! stored file can never be changed behind the register's back. The
//! database keeps the original file name.
//!
//! A file is copied whole or not at all: into a temporary file in the store,
//! hashed on the way, then renamed to its hash name. Only regular files are
//! taken (a FIFO or a device is refused before it is opened), and never
//! more than the caller's size limit is read.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::db::Store;
use crate::error::{Error, Result};
use crate::formats::files::NotReadable;

/// A file in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    /// `<sha256>.<ext>`
    pub stored_name: String,
    pub sha256: String,
    pub size: u64,
}

/// The store's folder: `<database name>-bilagor` beside the database file.
pub fn dir(store: &Store) -> PathBuf {
    let db = store.path();
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "samdok".into());
    db.parent()
        .unwrap_or_else(|| Path::new("."))
        .join(format!("{stem}-bilagor"))
}

/// The path of a stored file. Only names the store itself gave (hex hash and
/// an extension) are accepted, so a name from the database can never point
/// outside the store.
pub fn path(store: &Store, stored_name: &str) -> Result<PathBuf> {
    let valid = stored_name.split_once('.').is_some_and(|(hash, ext)| {
        hash.len() == 64
            && hash.chars().all(|c| c.is_ascii_hexdigit())
            && !ext.is_empty()
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
    });
    if !valid {
        return Err(Error::not_found(format!("Bilagan {stored_name}")));
    }
    Ok(dir(store).join(stored_name))
}

/// Hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Hex SHA-256 of everything `reader` gives, read 64 kB at a time: a
/// stored file is checked without holding it in memory.
pub fn sha256_of_reader(mut reader: impl Read) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Copies `source` into the store (at most `max_bytes`), returning its name.
pub fn add_file(store: &Store, source: &Path, ext: &str, max_bytes: u64) -> Result<StoredFile> {
    let refused = |reason: &str| Error::File {
        path: source.display().to_string(),
        reason: reason.to_owned(),
    };
    // Checked before the store's folder is made: a refused file leaves nothing.
    let (mut input, _) = crate::formats::files::open_regular(source).map_err(|e| match e {
        NotReadable::Folder => refused("Det är en mapp, inte en fil. Välj en fil att bifoga."),
        NotReadable::NotRegular => refused(
            "Det är ingen vanlig fil (utan till exempel en namngiven pipe eller en enhet) och \
             kan inte bifogas. Välj en vanlig fil.",
        ),
        NotReadable::Io(e) => crate::formats::files::file_error(source, &e),
    })?;
    let dir = dir(store);
    std::fs::create_dir_all(&dir)?;
    let tmp = dir.join(format!(
        ".inkommande-{}-{}.tmp",
        std::process::id(),
        unique()
    ));
    let result = (|| -> Result<StoredFile> {
        let mut output = File::create(&tmp)?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 64 * 1024];
        let mut size: u64 = 0;
        loop {
            let n = input.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            size += n as u64;
            if size > max_bytes {
                return Err(Error::File {
                    path: source.display().to_string(),
                    reason: format!(
                        "Filen är större än {} MB och kan inte bifogas.",
                        max_bytes / (1024 * 1024)
                    ),
                });
            }
            hasher.update(&buffer[..n]);
            output.write_all(&buffer[..n])?;
        }
        output.sync_all()?;
        let sha256 = hex(&hasher.finalize());
        let stored_name = format!("{sha256}.{ext}");
        let target = dir.join(&stored_name);
        if target.exists() {
            std::fs::remove_file(&tmp)?;
        } else {
            std::fs::rename(&tmp, &target)?;
        }
        Ok(StoredFile {
            stored_name,
            sha256,
            size,
        })
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Stores `bytes` (a file already read and checked) under its hash.
pub fn add_bytes(store: &Store, bytes: &[u8], ext: &str) -> Result<StoredFile> {
    let sha256 = sha256_hex(bytes);
    let stored_name = format!("{sha256}.{ext}");
    let dir = dir(store);
    std::fs::create_dir_all(&dir)?;
    let target = dir.join(&stored_name);
    if !target.exists() {
        let tmp = dir.join(format!(
            ".inkommande-{}-{}.tmp",
            std::process::id(),
            unique()
        ));
        let written = (|| -> std::io::Result<()> {
            let mut output = File::create(&tmp)?;
            output.write_all(bytes)?;
            output.sync_all()?;
            std::fs::rename(&tmp, &target)
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.into());
        }
    }
    Ok(StoredFile {
        stored_name,
        sha256,
        size: bytes.len() as u64,
    })
}

fn unique() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}
