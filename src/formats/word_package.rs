//! The last step of every Word file Samdok writes: the package docx-rs
//! packed is written anew as Word itself would accept it.
//!
//! - every WordprocessingML part (`word/*.xml`) is put into the order the
//!   OOXML schemas prescribe and loses the attributes no schema declares
//!   ([`schema_order`]);
//! - a theme part is added (`word/theme/theme1.xml`, with its relationship
//!   and content type), as Word writes one: the Office theme with Calibri,
//!   which the house style already names;
//! - parts are compressed (docx-rs stores them), the folder entries docx-rs
//!   adds are left out (a package has parts, not folders), and every entry
//!   gets the same fixed time, so the same input gives the same bytes.
//!
//! Nothing of the text changes: [`schema_order`] moves only property
//! elements and keeps every text and value as written.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::error::{Error, Result};
use crate::formats::ooxml::replace_exactly_once;
use crate::formats::schema_order;

const THEME_PART: &str = "word/theme/theme1.xml";
const CONTENT_TYPES: &str = "[Content_Types].xml";
const DOCUMENT_RELS: &str = "word/_rels/document.xml.rels";

fn failed(what: impl std::fmt::Display) -> Error {
    Error::Io(std::io::Error::other(format!(
        "Word-filen kunde inte skapas: {what}"
    )))
}

/// Rewrites the package `packed` (as `XMLDocx::pack` wrote it); see the
/// module's documentation.
pub fn finish(packed: &[u8]) -> Result<Vec<u8>> {
    let mut archive =
        ZipArchive::new(Cursor::new(packed)).map_err(|e| failed(format!("paketet ({e})")))?;
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(packed.len() / 2)));
    let mut has_theme = false;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| failed(format!("paketet ({e})")))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_owned();
        let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| failed(format!("{name} ({e})")))?;
        drop(entry);
        has_theme |= name == THEME_PART;
        let bytes = match name.as_str() {
            CONTENT_TYPES => with_theme_content_type(&text(&name, bytes)?)?.into_bytes(),
            DOCUMENT_RELS => with_theme_relationship(&text(&name, bytes)?)?.into_bytes(),
            n if n.starts_with("word/") && n.ends_with(".xml") => {
                schema_order::normalise(&name, &text(&name, bytes)?)?.into_bytes()
            }
            _ => bytes,
        };
        out.start_file(name.as_str(), options)
            .map_err(|e| failed(format!("{name} ({e})")))?;
        out.write_all(&bytes)
            .map_err(|e| failed(format!("{name} ({e})")))?;
    }
    if has_theme {
        return Err(failed("docx-rs skriver redan ett tema; ta bort vårt"));
    }
    out.start_file(THEME_PART, options)
        .map_err(|e| failed(format!("{THEME_PART} ({e})")))?;
    out.write_all(theme_xml().as_bytes())
        .map_err(|e| failed(format!("{THEME_PART} ({e})")))?;
    let cursor = out.finish().map_err(|e| failed(format!("paketet ({e})")))?;
    Ok(cursor.into_inner())
}

fn text(name: &str, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|_| failed(format!("{name} är inte UTF-8")))
}

fn with_theme_content_type(types: &str) -> Result<String> {
    replace_exactly_once(
        types,
        "</Types>",
        concat!(
            r#"<Override PartName="/word/theme/theme1.xml" "#,
            r#"ContentType="application/vnd.openxmlformats-officedocument.theme+xml" />"#,
            "</Types>"
        ),
        "[Content_Types].xml",
    )
}

fn with_theme_relationship(rels: &str) -> Result<String> {
    if rels.contains(r#"Id="rIdSamdokTheme""#) {
        return Err(failed("relationen till temat finns redan"));
    }
    replace_exactly_once(
        rels,
        "</Relationships>",
        concat!(
            r#"<Relationship Id="rIdSamdokTheme" "#,
            r#"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" "#,
            r#"Target="theme/theme1.xml" />"#,
            "</Relationships>"
        ),
        "word/_rels/document.xml.rels",
    )
}

/// The Office theme (DrawingML CT_OfficeStyleSheet, ECMA-376 Part 1
/// §20.1.6): Office's colours, Calibri Light and Calibri, and the plain
/// fill, line and effect styles every theme must list three of.
fn theme_xml() -> String {
    let colour = |slot: &str, inner: &str| format!("<a:{slot}>{inner}</a:{slot}>");
    let rgb = |hex: &str| format!(r#"<a:srgbClr val="{hex}" />"#);
    let colours = [
        colour("dk1", r#"<a:sysClr val="windowText" lastClr="000000" />"#),
        colour("lt1", r#"<a:sysClr val="window" lastClr="FFFFFF" />"#),
        colour("dk2", &rgb("44546A")),
        colour("lt2", &rgb("E7E6E6")),
        colour("accent1", &rgb("4472C4")),
        colour("accent2", &rgb("ED7D31")),
        colour("accent3", &rgb("A5A5A5")),
        colour("accent4", &rgb("FFC000")),
        colour("accent5", &rgb("5B9BD5")),
        colour("accent6", &rgb("70AD47")),
        colour("hlink", &rgb("0563C1")),
        colour("folHlink", &rgb("954F72")),
    ]
    .concat();
    let fill = r#"<a:solidFill><a:schemeClr val="phClr" /></a:solidFill>"#;
    let line = |width: u32| {
        format!(
            concat!(
                r#"<a:ln w="{}" cap="flat" cmpd="sng" algn="ctr">"#,
                r#"<a:solidFill><a:schemeClr val="phClr" /></a:solidFill>"#,
                r#"<a:prstDash val="solid" /><a:miter lim="800000" /></a:ln>"#
            ),
            width
        )
    };
    let effect = "<a:effectStyle><a:effectLst /></a:effectStyle>";
    let font = |latin: &str, tag: &str| {
        format!(
            r#"<a:{tag}><a:latin typeface="{latin}" /><a:ea typeface="" /><a:cs typeface="" /></a:{tag}>"#
        )
    };
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office">"#,
            "<a:themeElements>",
            r#"<a:clrScheme name="Office">{colours}</a:clrScheme>"#,
            r#"<a:fontScheme name="Office">{major}{minor}</a:fontScheme>"#,
            r#"<a:fmtScheme name="Office">"#,
            "<a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst>",
            "<a:lnStyleLst>{line1}{line2}{line3}</a:lnStyleLst>",
            "<a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst>",
            "<a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst>",
            "</a:fmtScheme></a:themeElements>",
            "<a:objectDefaults /><a:extraClrSchemeLst /></a:theme>"
        ),
        colours = colours,
        major = font("Calibri Light", "majorFont"),
        minor = font("Calibri", "minorFont"),
        fill = fill,
        line1 = line(6350),
        line2 = line(12700),
        line3 = line(19050),
        effect = effect,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packed() -> Vec<u8> {
        let docx = docx_rs::Docx::new().add_paragraph(
            docx_rs::Paragraph::new()
                .style("Heading1")
                .add_run(docx_rs::Run::new().add_text("Syfte & <mål>")),
        );
        let mut out = Cursor::new(Vec::new());
        // What `word::pack` hands over: docx-rs's own package, unfinished.
        #[allow(clippy::disallowed_methods)]
        docx.build().pack(&mut out).unwrap();
        out.into_inner()
    }

    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn the_theme_is_added_with_its_relationship_and_content_type() {
        let out = finish(&packed()).unwrap();
        assert!(part(&out, THEME_PART).contains(r#"<a:latin typeface="Calibri" />"#));
        assert!(part(&out, CONTENT_TYPES).contains(r#"PartName="/word/theme/theme1.xml""#));
        assert!(part(&out, DOCUMENT_RELS).contains(r#"Target="theme/theme1.xml""#));
    }

    #[test]
    fn no_folder_entries_and_every_part_compressed_at_a_fixed_time() {
        let out = finish(&packed()).unwrap();
        let mut zip = ZipArchive::new(Cursor::new(out.as_slice())).unwrap();
        for i in 0..zip.len() {
            let entry = zip.by_index(i).unwrap();
            assert!(!entry.is_dir(), "{} is a folder", entry.name());
            assert_eq!(entry.compression(), CompressionMethod::Deflated);
            assert_eq!(entry.last_modified(), Some(zip::DateTime::default()));
        }
        assert_eq!(finish(&packed()).unwrap(), out, "the same bytes each time");
    }

    #[test]
    fn the_style_of_a_paragraph_comes_first_and_its_text_is_intact() {
        let out = finish(&packed()).unwrap();
        let document = part(&out, "word/document.xml");
        assert!(
            document.contains(r#"<w:pPr><w:pStyle w:val="Heading1" /><w:rPr /></w:pPr>"#),
            "{document}"
        );
        assert!(document.contains("Syfte &amp; &lt;mål&gt;"), "{document}");
    }
}
