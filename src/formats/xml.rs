//! Small XML helpers shared by the part readers: decoding a part to text,
//! reading an attribute by its local name, resolving entity references,
//! the limits every reader keeps ([`MAX_DEPTH`], no DTD) and the Swedish
//! messages for a part that is not XML or breaks them.

use std::borrow::Cow;

use quick_xml::events::{BytesRef, BytesStart};
use quick_xml::XmlVersion;

use crate::error::{Error, Result};

/// The WordprocessingML namespaces: transitional (what Word and LibreOffice
/// write) and strict (what Word writes when saving as "Strict Open XML").
pub const W_NAMESPACES: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];

/// Markup compatibility: `mc:Fallback` repeats content for old readers.
pub const MC_NAMESPACE: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Deepest element nesting a part may have. Word nests a paragraph in a
/// table cell in a table … a few dozen levels for the deepest real
/// documents (Word allows 64 nested tables, about 4 levels each); quick-xml
/// counts namespace levels in a `u16` that a 65 535-deep file overflows
/// (a panic in a debug build), so every reader stops far before that.
pub const MAX_DEPTH: usize = 1_000;

pub fn malformed(part: &str) -> Error {
    Error::UnreadableDocx(format!(
        "Filen är skadad: {part} är inte giltig XML. \
         Öppna den i Word, spara den som Word-dokument (.docx) och försök igen."
    ))
}

/// The refusal of a part nested deeper than [`MAX_DEPTH`].
pub fn too_deep(part: &str) -> Error {
    Error::UnreadableDocx(format!(
        "Filen läses inte: {part} har element nästlade i mer än {} nivåer, \
         vilket inget Word-dokument har. Kontrollera att det är rätt fil, eller öppna den i \
         Word och spara den som Word-dokument (.docx) igen.",
        "1\u{a0}000"
    ))
}

/// The refusal of a part with a document type declaration. Office Open XML
/// forbids DTDs in a package's parts (ECMA-376 Part 2, Open Packaging
/// Conventions), and Word never writes one; a DTD is how XML external
/// entities (XXE) and "billion laughs" entity bombs are built, so a file
/// with one is refused rather than read around it.
pub fn doctype(part: &str) -> Error {
    Error::UnreadableDocx(format!(
        "Filen läses inte: {part} har en dokumenttypsdeklaration (DTD), \
         vilket ett Word-dokument aldrig har. Kontrollera att det är rätt fil, eller öppna den \
         i Word och spara den som Word-dokument (.docx) igen."
    ))
}

/// Decodes a part to text. OOXML parts are UTF-8 or UTF-16 (with a byte
/// order mark); Word writes UTF-8.
pub fn decode_text<'a>(bytes: &'a [u8], part: &str) -> Result<Cow<'a, str>> {
    let unreadable = || {
        Error::UnreadableDocx(format!(
            "Filen är skadad: {part} har en teckenkodning som inte går att läsa. \
             Öppna den i Word, spara den som Word-dokument (.docx) och försök igen."
        ))
    };
    let utf16 = |rest: &[u8], from: fn([u8; 2]) -> u16| -> Result<Cow<'a, str>> {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|pair| from([pair[0], pair[1]]))
            .collect();
        String::from_utf16(&units)
            .map(Cow::Owned)
            .map_err(|_| unreadable())
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    std::str::from_utf8(bytes)
        .map(Cow::Borrowed)
        .map_err(|_| unreadable())
}

/// The value of the attribute with this local name (`w:val` → `val`),
/// unescaped. Elements are matched by namespace before this is asked, so
/// the attribute's prefix adds nothing.
pub fn attribute(element: &BytesStart<'_>, local: &[u8], part: &str) -> Result<Option<String>> {
    for attr in element.attributes() {
        let attr = attr.map_err(|_| malformed(part))?;
        if attr.key.local_name().as_ref() == local {
            let value = attr
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|_| malformed(part))?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

/// The text of an entity or character reference (`&amp;`, `&#229;`).
/// OOXML has no DTD, so any other name is not something Word wrote; it is
/// dropped rather than failing the whole file.
pub fn resolve_reference(reference: &BytesRef<'_>) -> Option<String> {
    if reference.is_char_ref() {
        return reference
            .resolve_char_ref()
            .ok()
            .flatten()
            .map(String::from);
    }
    let name = reference.decode().ok()?;
    quick_xml::escape::resolve_predefined_entity(&name).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_parts_are_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "<a>Mål</a>".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(
            decode_text(&bytes, "x").expect("valid UTF-16"),
            "<a>Mål</a>"
        );
        assert_eq!(
            decode_text(b"\xEF\xBB\xBF<a/>", "x").expect("BOM is skipped"),
            "<a/>"
        );
        assert!(
            decode_text(b"\xC3", "x").is_err(),
            "broken UTF-8 is an error"
        );
    }

    #[test]
    fn references_resolve() {
        assert_eq!(
            resolve_reference(&BytesRef::new("amp")).as_deref(),
            Some("&")
        );
        assert_eq!(
            resolve_reference(&BytesRef::new("#229")).as_deref(),
            Some("å")
        );
        assert_eq!(
            resolve_reference(&BytesRef::new("#xE5")).as_deref(),
            Some("å")
        );
        assert_eq!(resolve_reference(&BytesRef::new("nbsp")), None);
    }
}
