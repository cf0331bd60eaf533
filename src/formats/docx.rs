//! Reading parts of a .docx from a file nobody vouches for: the structure
//! check of drafts (`drafts::check`: the main document part and its styles)
//! and the reading of returned svarsmallar (`answers::form`: the main part
//! and the custom document properties) both open files through here.
//!
//! Promises: a file larger than [`MAX_FILE_BYTES`] is refused before it is
//! read; no more than [`MAX_ENTRIES`] zip entries are ever listed; only the
//! parts asked for are decompressed, each through a hard output limit and a
//! compression-ratio limit that do not trust the sizes the zip declares; a
//! package with an entry whose name leaves it (`../`, `/etc/…`) is refused;
//! only regular files are opened (never a FIFO or a device); and
//! every failure is an [`Error::UnreadableDocx`] whose Swedish message says
//! what is wrong and what to do. Nothing here panics on input.

use std::io::{Cursor, Read};
use std::path::Path;

use zip::result::ZipError;
use zip::ZipArchive;

use crate::error::{Error, Result};
use crate::formats::files::NotReadable;
use crate::formats::xml;

/// Largest file opened. Drafts and forms are text and a few logos; a joint
/// document with images stays far below this, and a limit keeps a wrongly
/// chosen file (a video, a disk image) from being read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Most zip entries listed. A Word document has a few dozen; the zip crate
/// keeps every listed entry in memory, so a crafted central directory with
/// millions of entries must be refused before it is read.
pub const MAX_ENTRIES: usize = 10_000;

/// Most bytes one part may decompress to. The body of a 300-page document
/// is a few MB of XML; 32 MiB leaves a wide margin and still bounds memory.
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;

/// `[Content_Types].xml` lists a few dozen parts, and the custom document
/// properties are a few dozen short values; 1 MiB is generous for either.
pub const MAX_SMALL_PART_BYTES: u64 = 1024 * 1024;

/// Output a part may reach before the ratio limit applies: small parts of
/// repeated markup compress very well and are harmless.
const RATIO_GRACE_BYTES: u64 = 1024 * 1024;

/// Largest accepted ratio of decompressed to compressed bytes once a part is
/// past [`RATIO_GRACE_BYTES`]. Word's XML compresses 5–30 times, repetitive
/// tables perhaps 100 times; 250 is far beyond any real document and far
/// below what a zip bomb needs (deflate reaches about 1 000).
const MAX_RATIO: u64 = 250;

/// The signature of an OLE compound file: Word 97–2003 (.doc), and also
/// what Word writes when a .docx is saved with a password (the encrypted
/// package sits inside a compound file).
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Content types of the main part of a Word document: .docx, .dotx, and
/// their macro-enabled variants (.docm, .dotm), whose XML is read alike.
const WORD_MAIN_TYPES: [&str; 4] = [
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroenabled.main+xml",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
];

/// Where Word and LibreOffice keep the custom document properties. Strictly
/// the part is found through the package's relationships, but every
/// producer we know of names it so.
pub const CUSTOM_PROPERTIES_PART: &str = "docProps/custom.xml";

/// The decompressed parts the structure check reads.
#[derive(Debug)]
pub struct Parts {
    /// Name of the main part inside the package (normally `word/document.xml`).
    pub document_name: String,
    pub document: Vec<u8>,
    /// `word/styles.xml`; a document without one uses Word's defaults.
    pub styles: Option<Vec<u8>>,
}

/// An opened Word package whose main part has been found; parts are
/// decompressed one at a time, only when asked for.
pub struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    document_name: String,
}

impl<'a> Package<'a> {
    /// Opens the package and finds its main part, refusing what is not a
    /// Word document (with the reason) before anything else is unpacked.
    pub fn open(bytes: &'a [u8]) -> Result<Self> {
        check_length(bytes.len() as u64)?;
        if bytes.is_empty() {
            return Err(unreadable(
                "Filen är tom. Välj ett Word-dokument (.docx) med innehåll.",
            ));
        }
        if bytes.starts_with(&CFB_MAGIC) {
            return Err(old_format_or_password());
        }
        if !bytes.starts_with(b"PK") {
            return Err(not_word_or_damaged());
        }
        refuse_huge_zip64_directory(bytes)?;

        let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_word_or_damaged())?;
        if archive.len() > MAX_ENTRIES {
            return Err(too_many_entries());
        }
        if let Some(name) = archive.file_names().find(|n| !inside_package(n)) {
            return Err(entry_outside(name));
        }

        let Some(types_index) = find_entry(&archive, "[Content_Types].xml") else {
            return Err(not_a_word_package(&archive));
        };
        let types = read_entry(
            &mut archive,
            types_index,
            "[Content_Types].xml",
            MAX_SMALL_PART_BYTES,
        )?;
        let document_name = match main_part_name(&types)? {
            MainPart::Word(name) => name,
            MainPart::Other => {
                return Err(unreadable(
                    "Filen är ett Office-dokument men inget Word-dokument (kanske Excel eller \
                     PowerPoint). Välj dokumentets .docx-fil.",
                ))
            }
            MainPart::None => return Err(not_a_word_package(&archive)),
        };
        if find_entry(&archive, &document_name).is_none() {
            return Err(unreadable(format!(
                "Filen är skadad: dokumentets text ({document_name}) saknas i den. \
                 Välj en hel kopia av dokumentet."
            )));
        }
        Ok(Self {
            archive,
            document_name,
        })
    }

    /// Name of the main part inside the package (normally `word/document.xml`).
    pub fn document_name(&self) -> &str {
        &self.document_name
    }

    /// The main document part, decompressed.
    pub fn document(&mut self) -> Result<Vec<u8>> {
        let name = self.document_name.clone();
        match self.part(&name, MAX_PART_BYTES)? {
            Some(bytes) => Ok(bytes),
            None => Err(damaged()),
        }
    }

    /// A part next to the main part (`styles.xml` → `word/styles.xml`).
    pub fn sibling_name(&self, file: &str) -> String {
        match self.document_name.rsplit_once('/') {
            Some((folder, _)) => format!("{folder}/{file}"),
            None => file.to_owned(),
        }
    }

    /// The part `name` decompressed through `limit` bytes, or `None` when
    /// the package has no such part. Part names are matched ignoring case.
    pub fn part(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>> {
        match find_entry(&self.archive, name) {
            Some(index) => read_entry(&mut self.archive, index, name, limit).map(Some),
            None => Ok(None),
        }
    }
}

fn unreadable(message: impl Into<String>) -> Error {
    Error::UnreadableDocx(message.into())
}

fn not_word_or_damaged() -> Error {
    unreadable(
        "Filen är inte ett Word-dokument (.docx) eller är skadad. \
         Öppna den i Word och spara den som Word-dokument (.docx).",
    )
}

fn damaged() -> Error {
    unreadable(
        "Filen är skadad: en del av Word-dokumentet kan inte packas upp. \
         Öppna den i Word, spara den som Word-dokument (.docx) och försök igen.",
    )
}

fn old_format_or_password() -> Error {
    unreadable(
        "Filen är i ett äldre Word-format (.doc) eller lösenordsskyddad. \
         Öppna den i Word och spara den som .docx utan lösenord.",
    )
}

fn encrypted_entry() -> Error {
    unreadable(
        "Filen är krypterad (lösenordsskyddad) och kan inte läsas. \
         Öppna den i Word och spara den som .docx utan lösenord.",
    )
}

fn too_many_entries() -> Error {
    unreadable(format!(
        "Filen består av orimligt många delar (fler än {}) och är inget vanligt \
         Word-dokument. Kontrollera att det är rätt fil.",
        crate::text::grouped(MAX_ENTRIES)
    ))
}

fn too_large_part(name: &str, limit: u64) -> Error {
    let limit = if limit >= 1024 * 1024 {
        format!("{} MB", limit / (1024 * 1024))
    } else {
        format!("{} kB", limit.div_ceil(1024))
    };
    unreadable(format!(
        "Filen packas upp till mer än {limit} ({name}) och läses inte. \
         Kontrollera att det är rätt fil; ett Word-dokument är normalt mycket mindre."
    ))
}

fn suspicious_ratio(name: &str) -> Error {
    unreadable(format!(
        "Filen packas upp till en orimlig storlek ({name} är onormalt hårt komprimerad) och \
         läses inte. Kontrollera att det är rätt fil."
    ))
}

/// Whether a zip entry's name stays inside the package when unpacked: no
/// absolute path, no drive (`C:`), no backslash, no `..` segment, no
/// control character. Word never writes such a name; a file with one is a
/// "zip slip" waiting for a careless unpacker, and since an attached draft
/// is later sent to every party byte for byte, it is refused here.
fn inside_package(name: &str) -> bool {
    !name.starts_with('/')
        && !name.contains('\\')
        && !name.chars().any(char::is_control)
        && !name
            .split('/')
            .next()
            .is_some_and(|first| first.contains(':'))
        && !name.split('/').any(|segment| segment == "..")
}

fn entry_outside(name: &str) -> Error {
    let shown: String = name
        .chars()
        .map(|c| if c.is_control() { '�' } else { c })
        .take(120)
        .collect();
    unreadable(format!(
        "Filen innehåller en del med ett namn som pekar utanför dokumentet («{shown}»). \
         Så ser inget Word-dokument ut; filen kan vara gjord för att skada den som packar upp \
         den. Kontrollera att det är rätt fil."
    ))
}

/// Reads a file, refusing it by its length before reading.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let shown = path.display();
    let open_error = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => unreadable(format!("Filen {shown} finns inte.")),
        std::io::ErrorKind::PermissionDenied => unreadable(format!(
            "Samdok har inte behörighet att läsa filen {shown}."
        )),
        _ => unreadable(format!("Filen {shown} kan inte läsas ({e}).")),
    };
    // Only a regular file is opened: a FIFO would block the open for ever.
    let (file, len) = crate::formats::files::open_regular(path).map_err(|e| match e {
        NotReadable::Folder => unreadable(format!(
            "{shown} är en mapp, inte ett Word-dokument. Välj dokumentets .docx-fil."
        )),
        NotReadable::NotRegular => unreadable(format!(
            "{shown} är ingen vanlig fil (utan till exempel en namngiven pipe eller en enhet) \
             och kan inte läsas. Välj dokumentets .docx-fil."
        )),
        NotReadable::Io(e) => open_error(e),
    })?;
    check_length(len)?;
    // The file may grow between the look at its length and the read; the
    // `take` keeps the limit whatever happens.
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(open_error)?;
    check_length(bytes.len() as u64)?;
    Ok(bytes)
}

/// Refuses a file over the size limit.
pub fn check_length(len: u64) -> Result<()> {
    if len > MAX_FILE_BYTES {
        return Err(unreadable(format!(
            "Filen är större än {} MB och läses inte. Ett Word-dokument är normalt mycket \
             mindre; kontrollera att det är rätt fil, eller spara dokumentet utan stora \
             inbäddade bilder och filer.",
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

/// Opens the package and decompresses the parts the structure check needs.
pub fn read_parts(bytes: &[u8]) -> Result<Parts> {
    let mut package = Package::open(bytes)?;
    let document = package.document()?;
    // The styles part sits next to the main part (word/styles.xml). Strictly
    // it is found through the main part's relationships, but every producer
    // we know of names it so, and reading one more part for it is not worth it.
    let styles = package.part(&package.sibling_name("styles.xml"), MAX_PART_BYTES)?;
    Ok(Parts {
        document_name: package.document_name,
        document,
        styles,
    })
}

/// The message for a zip without a Word main part, naming what it seems to
/// be instead when that is clear.
fn not_a_word_package<R: Read + std::io::Seek>(archive: &ZipArchive<R>) -> Error {
    if find_entry(archive, "mimetype").is_some() && find_entry(archive, "content.xml").is_some() {
        return unreadable(
            "Filen är ett OpenDocument-dokument (.odt), inte ett Word-dokument. Spara den som \
             Word-dokument (.docx), till exempel med Arkiv › Spara som i LibreOffice, och försök igen.",
        );
    }
    unreadable(
        "Filen är ett zip-arkiv men inget Word-dokument (word/document.xml saknas). \
         Välj dokumentets .docx-fil.",
    )
}

/// Part names in a package are case-insensitive (OPC); zip names are not.
fn find_entry<R: Read + std::io::Seek>(archive: &ZipArchive<R>, name: &str) -> Option<usize> {
    archive.index_for_name(name).or_else(|| {
        let stored = archive
            .file_names()
            .find(|n| n.eq_ignore_ascii_case(name))?
            .to_owned();
        archive.index_for_name(&stored)
    })
}

/// Decompresses one entry through the output and ratio limits. Neither the
/// declared uncompressed size nor the declared compressed size is trusted
/// for anything but an early refusal: the output is counted as it comes.
fn read_entry<R: Read + std::io::Seek>(
    archive: &mut ZipArchive<R>,
    index: usize,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>> {
    let mut entry = match archive.by_index(index) {
        Ok(entry) => entry,
        Err(ZipError::UnsupportedArchive(reason)) if reason == ZipError::PASSWORD_REQUIRED => {
            return Err(encrypted_entry())
        }
        Err(ZipError::UnsupportedArchive(_) | ZipError::CompressionMethodNotSupported(_)) => {
            return Err(unreadable(
                "Filen är komprimerad på ett sätt som Samdok inte kan läsa. \
                 Öppna den i Word och spara den som Word-dokument (.docx).",
            ))
        }
        Err(_) => return Err(damaged()),
    };
    if entry.encrypted() {
        return Err(encrypted_entry());
    }
    let declared = entry.size();
    // The compressed data read is bounded by the declared compressed size
    // (the zip crate reads no further), so it is a true upper bound on input.
    let compressed = entry.compressed_size().max(1);
    if declared > limit {
        return Err(too_large_part(name, limit));
    }
    if declared > RATIO_GRACE_BYTES && declared / compressed > MAX_RATIO {
        return Err(suspicious_ratio(name));
    }

    let capacity = usize::try_from(declared.min(RATIO_GRACE_BYTES)).unwrap_or(0);
    let mut out = Vec::with_capacity(capacity);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match entry.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(damaged()),
        };
        let total = out.len() as u64 + n as u64;
        if total > limit {
            return Err(too_large_part(name, limit));
        }
        if total > RATIO_GRACE_BYTES && total / compressed > MAX_RATIO {
            return Err(suspicious_ratio(name));
        }
        out.extend_from_slice(&buf[..n]);
    }
    Ok(out)
}

enum MainPart {
    /// The main part of a Word document, as a zip entry name.
    Word(String),
    /// The main part of another Office format.
    Other,
    None,
}

/// Finds the main part in `[Content_Types].xml`.
fn main_part_name(types: &[u8]) -> Result<MainPart> {
    use quick_xml::events::Event;

    const PART: &str = "[Content_Types].xml";
    let text = xml::decode_text(types, PART)?;
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut other = false;
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().map_err(|_| xml::malformed(PART))?;
        if let Event::Start(_) = event {
            depth += 1;
            if depth > xml::MAX_DEPTH {
                return Err(xml::too_deep(PART));
            }
        }
        match event {
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::DocType(_) => return Err(xml::doctype(PART)),
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Override" => {
                let content_type = xml::attribute(&e, b"ContentType", "[Content_Types].xml")?
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                let part =
                    xml::attribute(&e, b"PartName", "[Content_Types].xml")?.unwrap_or_default();
                if WORD_MAIN_TYPES.contains(&content_type.as_str()) {
                    let name = part.trim_start_matches('/').to_owned();
                    if name.is_empty() {
                        return Ok(MainPart::None);
                    }
                    return Ok(MainPart::Word(name));
                }
                if content_type.ends_with(".main+xml")
                    && (content_type.contains("spreadsheetml")
                        || content_type.contains("presentationml")
                        || content_type.contains("ms-excel")
                        || content_type.contains("ms-powerpoint"))
                {
                    other = true;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(if other {
        MainPart::Other
    } else {
        MainPart::None
    })
}

/// A zip64 end-of-central-directory record can declare any number of
/// entries, and the zip crate lists them all (and reserves room for them)
/// before we could count them. It takes any such record in the file that
/// passes its consistency check — the record must stand after room for 46
/// bytes per declared entry — so every record that would pass is looked
/// at. The same check keeps stray signature bytes inside compressed images
/// from being taken for a record. (A plain zip declares at most 65 535
/// entries, which costs a few MB to list, so only zip64 records need this.)
fn refuse_huge_zip64_directory(bytes: &[u8]) -> Result<()> {
    const SIGNATURE: &[u8; 4] = b"PK\x06\x06";
    const MIN_CENTRAL_HEADER: u64 = 46;
    let mut from = 0;
    while let Some(found) = find(&bytes[from..], SIGNATURE) {
        let at = from + found;
        // Entries on this disk at +24, total entries at +32, both u64.
        for field in [24, 32] {
            if let Some(raw) = bytes.get(at + field..at + field + 8) {
                let mut le = [0u8; 8];
                le.copy_from_slice(raw);
                let declared = u64::from_le_bytes(le);
                if declared > MAX_ENTRIES as u64
                    && declared.saturating_mul(MIN_CENTRAL_HEADER) <= at as u64
                {
                    return Err(too_many_entries());
                }
            }
        }
        from = at + 1;
    }
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip64 end-of-central-directory record at `at` declaring `entries`.
    fn zip64_record_at(at: usize, entries: u64) -> Vec<u8> {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.resize(at, 0);
        bytes.extend_from_slice(b"PK\x06\x06");
        bytes.extend_from_slice(&44u64.to_le_bytes()); // size of record
        bytes.extend_from_slice(&[45, 0, 45, 0]); // versions
        bytes.extend_from_slice(&[0; 8]); // disk numbers
        bytes.extend_from_slice(&entries.to_le_bytes());
        bytes.extend_from_slice(&entries.to_le_bytes());
        bytes
    }

    #[test]
    fn a_zip64_record_declaring_too_many_entries_is_refused_before_listing() {
        let at = (MAX_ENTRIES + 1) * 46;
        let err = refuse_huge_zip64_directory(&zip64_record_at(at, MAX_ENTRIES as u64 + 1))
            .expect_err("more entries than the limit are refused");
        assert!(
            err.to_string()
                .contains("orimligt många delar (fler än 10\u{a0}000)"),
            "{err}"
        );
        assert!(refuse_huge_zip64_directory(&zip64_record_at(at, MAX_ENTRIES as u64)).is_ok());
    }

    #[test]
    fn stray_signature_bytes_without_room_for_their_entries_are_ignored() {
        // As in compressed image data: the zip crate would not take this
        // record either, since 5 million entries cannot stand before it.
        assert!(refuse_huge_zip64_directory(&zip64_record_at(100, 5_000_000)).is_ok());
    }

    #[test]
    fn the_content_types_name_the_main_part() {
        let types = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
        assert!(
            matches!(main_part_name(types), Ok(MainPart::Word(name)) if name == "word/document.xml")
        );
        let xlsx = br#"<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
        assert!(matches!(main_part_name(xlsx), Ok(MainPart::Other)));
        assert!(matches!(main_part_name(b"<Types/>"), Ok(MainPart::None)));
    }
}
