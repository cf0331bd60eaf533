//! The paragraphs of the main document part, in document order, with what
//! the structure check needs of each: its style, its own outline level, its
//! visible text, and whether it belongs to a table of contents.
//!
//! Text is what a reader sees: `w:t` in runs at any depth (hyperlinks,
//! insertions, smart tags, content controls, fields' results), tabs and
//! breaks as spaces; deleted text (`w:delText`, `w:moveFrom`), field
//! instructions, the old properties of tracked changes, text boxes and
//! `mc:Fallback` copies are left out. Paragraphs in tables count like any
//! other. The parser keeps no recursion and no per-element state beyond a
//! few small stacks, so a long file costs time, not stack; nesting deeper
//! than [`xml::MAX_DEPTH`] and a DTD are refused.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::styles::parse_outline;
use crate::error::Result;
use crate::formats::xml::{self, MC_NAMESPACE, W_NAMESPACES};

/// One non-empty paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub style_id: Option<String>,
    /// `w:pPr/w:outlineLvl` on the paragraph, 0-based (9 = body text).
    pub outline: Option<u8>,
    /// The visible text, trimmed.
    pub text: String,
    /// Text of it stands in a table-of-contents field or content control.
    pub in_toc: bool,
}

/// A paragraph being read.
struct Open {
    depth: usize,
    /// Depth of its `w:pPr` while that is open.
    ppr_depth: Option<usize>,
    paragraph: Paragraph,
}

/// A field being read: complex (`w:fldChar` begin … end) or simple
/// (`w:fldSimple`, closed with its element).
struct Field {
    /// The element depth of a `w:fldSimple`; `None` for a complex field.
    simple_depth: Option<usize>,
    /// The start of the instruction, enough to see its name.
    instruction: String,
}

impl Field {
    fn is_toc(&self) -> bool {
        self.instruction
            .split_whitespace()
            .next()
            .is_some_and(|name| name.eq_ignore_ascii_case("TOC"))
    }
}

/// Enough of a field instruction to read its name.
const INSTRUCTION_PREFIX: usize = 32;

/// Elements whose whole content is left out of the text: deleted and
/// moved-away text, the previous paragraph properties of a tracked change
/// (they hold an old `w:pStyle`), and text boxes (their paragraphs are not
/// part of the document's outline in Word either).
const SKIPPED: [&[u8]; 5] = [
    b"del",
    b"delText",
    b"moveFrom",
    b"pPrChange",
    b"txbxContent",
];

/// Reads the paragraphs of the main document part.
pub fn paragraphs(bytes: &[u8], part: &str) -> Result<Vec<Paragraph>> {
    let text = xml::decode_text(bytes, part)?;
    let mut reader = NsReader::from_str(&text);

    let mut found = Vec::new();
    let mut depth = 0usize;
    // While inside a skipped element, the depth it stands at.
    let mut skipping: Option<usize> = None;
    let mut open: Vec<Open> = Vec::new();
    // Depth of the open w:t and w:instrText.
    let mut in_text: Option<usize> = None;
    let mut in_instruction: Option<usize> = None;
    let mut fields: Vec<Field> = Vec::new();
    // Open content controls: depth, and whether one is a table of contents.
    let mut controls: Vec<(usize, bool)> = Vec::new();

    loop {
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|_| xml::malformed(part))?;
        let namespace = match ns {
            ResolveResult::Bound(n) if W_NAMESPACES.contains(&n.as_ref()) => Namespace::Word,
            ResolveResult::Bound(n) if n.as_ref() == MC_NAMESPACE => Namespace::Compatibility,
            _ => Namespace::Other,
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_start = matches!(event, Event::Start(_));
                if is_start {
                    depth += 1;
                    if depth > xml::MAX_DEPTH {
                        return Err(xml::too_deep(part));
                    }
                }
                let at = if is_start { depth } else { depth + 1 };
                if skipping.is_some() {
                    continue;
                }
                let local = e.local_name();
                let local = local.as_ref();
                match namespace {
                    Namespace::Compatibility if local == b"Fallback" && is_start => {
                        skipping = Some(at);
                        continue;
                    }
                    Namespace::Word => {}
                    _ => continue,
                }
                if SKIPPED.contains(&local) {
                    if is_start {
                        skipping = Some(at);
                    }
                    continue;
                }
                let in_ppr = open
                    .last()
                    .and_then(|p| p.ppr_depth)
                    .is_some_and(|ppr| at == ppr + 1);
                match local {
                    b"p" if is_start => open.push(Open {
                        depth: at,
                        ppr_depth: None,
                        paragraph: Paragraph {
                            style_id: None,
                            outline: None,
                            text: String::new(),
                            in_toc: false,
                        },
                    }),
                    b"pPr" if is_start => {
                        if let Some(p) = open.last_mut().filter(|p| at == p.depth + 1) {
                            p.ppr_depth = Some(at);
                        }
                    }
                    b"pStyle" if in_ppr => {
                        if let Some(p) = open.last_mut() {
                            p.paragraph.style_id = xml::attribute(e, b"val", part)?;
                        }
                    }
                    b"outlineLvl" if in_ppr => {
                        if let Some(p) = open.last_mut() {
                            p.paragraph.outline = parse_outline(xml::attribute(e, b"val", part)?);
                        }
                    }
                    b"t" if is_start => in_text = Some(at),
                    // Not text, but the field's name is needed.
                    b"instrText" if is_start => in_instruction = Some(at),
                    // Tab stops are w:tab inside w:pPr/w:tabs; a w:tab in a
                    // run is a tab character.
                    b"tab" | b"br" | b"cr" => {
                        let in_properties = open.last().is_some_and(|p| p.ppr_depth.is_some());
                        if !in_properties {
                            append(&mut open, &fields, &controls, " ");
                        }
                    }
                    b"noBreakHyphen" => append(&mut open, &fields, &controls, "-"),
                    b"fldChar" => match xml::attribute(e, b"fldCharType", part)?.as_deref() {
                        Some("begin") => fields.push(Field {
                            simple_depth: None,
                            instruction: String::new(),
                        }),
                        Some("end") => {
                            // Close the innermost complex field; simple ones
                            // close with their element.
                            if let Some(i) = fields.iter().rposition(|f| f.simple_depth.is_none()) {
                                fields.remove(i);
                            }
                        }
                        _ => {}
                    },
                    b"fldSimple" if is_start => {
                        let mut instruction =
                            xml::attribute(e, b"instr", part)?.unwrap_or_default();
                        truncate(&mut instruction, INSTRUCTION_PREFIX);
                        fields.push(Field {
                            simple_depth: Some(at),
                            instruction,
                        });
                    }
                    b"sdt" if is_start => controls.push((at, false)),
                    b"docPartGallery" => {
                        let gallery = xml::attribute(e, b"val", part)?.unwrap_or_default();
                        if gallery.eq_ignore_ascii_case("Table of Contents") {
                            if let Some(control) = controls.last_mut() {
                                control.1 = true;
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::End(_) => {
                if let Some(skip) = skipping {
                    if skip == depth {
                        skipping = None;
                    }
                    depth = depth.saturating_sub(1);
                    continue;
                }
                if in_text == Some(depth) {
                    in_text = None;
                }
                if in_instruction == Some(depth) {
                    in_instruction = None;
                }
                if let Some(p) = open.last_mut() {
                    if p.ppr_depth == Some(depth) {
                        p.ppr_depth = None;
                    }
                }
                if open.last().is_some_and(|p| p.depth == depth) {
                    if let Some(done) = open.pop() {
                        let mut paragraph = done.paragraph;
                        let trimmed = paragraph.text.trim();
                        if !trimmed.is_empty() {
                            if trimmed.len() != paragraph.text.len() {
                                paragraph.text = trimmed.to_owned();
                            }
                            found.push(paragraph);
                        }
                    }
                }
                if fields.last().is_some_and(|f| f.simple_depth == Some(depth)) {
                    fields.pop();
                }
                if controls.last().is_some_and(|(d, _)| *d == depth) {
                    controls.pop();
                }
                depth = depth.saturating_sub(1);
            }
            // Character data counts only inside w:t or w:instrText.
            Event::Text(ref t) if reading(skipping, in_text, in_instruction) => {
                let content = t.xml10_content().map_err(|_| xml::malformed(part))?;
                take_text(&content, in_text, &mut open, &mut fields, &controls);
            }
            Event::CData(ref t) if reading(skipping, in_text, in_instruction) => {
                let content = t.decode().map_err(|_| xml::malformed(part))?;
                take_text(&content, in_text, &mut open, &mut fields, &controls);
            }
            Event::GeneralRef(ref r) if reading(skipping, in_text, in_instruction) => {
                if let Some(content) = xml::resolve_reference(r) {
                    take_text(&content, in_text, &mut open, &mut fields, &controls);
                }
            }
            Event::DocType(_) => return Err(xml::doctype(part)),
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        // Cut off in the middle: quick-xml reports unclosed tags only when
        // asked to, and a truncated body must not pass as a short one.
        return Err(xml::malformed(part));
    }
    Ok(found)
}

fn reading(skipping: Option<usize>, in_text: Option<usize>, in_instruction: Option<usize>) -> bool {
    skipping.is_none() && (in_text.is_some() || in_instruction.is_some())
}

enum Namespace {
    Word,
    Compatibility,
    Other,
}

/// Character data inside `w:t` (text) or `w:instrText` (a field's
/// instruction).
fn take_text(
    content: &str,
    in_text: Option<usize>,
    open: &mut [Open],
    fields: &mut [Field],
    controls: &[(usize, bool)],
) {
    if in_text.is_some() {
        append(open, fields, controls, content);
    } else if let Some(field) = fields.iter_mut().rev().find(|f| f.simple_depth.is_none()) {
        if field.instruction.len() < INSTRUCTION_PREFIX {
            field.instruction.push_str(content);
            truncate(&mut field.instruction, INSTRUCTION_PREFIX);
        }
    }
}

/// Adds visible text to the innermost open paragraph; text that appears
/// while a table of contents is being read marks the paragraph as part of it.
fn append(open: &mut [Open], fields: &[Field], controls: &[(usize, bool)], content: &str) {
    let Some(p) = open.last_mut() else {
        return;
    };
    if fields.iter().any(Field::is_toc) || controls.iter().any(|(_, toc)| *toc) {
        p.paragraph.in_toc = true;
    }
    // Line ends inside w:t are white space to a reader.
    for c in content.chars() {
        p.paragraph
            .text
            .push(if c.is_whitespace() { ' ' } else { c });
    }
}

fn truncate(text: &mut String, max: usize) {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: &str) -> Vec<Paragraph> {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>"#
        );
        paragraphs(xml.as_bytes(), "word/document.xml").expect("valid document.xml")
    }

    fn texts(body: &str) -> Vec<String> {
        read(body).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn text_is_gathered_across_runs_and_wrappers_without_deleted_text() {
        let body = r#"<w:p><w:pPr><w:pStyle w:val="Rubrik1"/><w:rPr><w:b/></w:rPr></w:pPr>
            <w:r><w:t>Sy</w:t></w:r>
            <w:ins w:id="1"><w:r><w:t>f</w:t></w:r></w:ins>
            <w:del w:id="2"><w:r><w:delText>XX</w:delText></w:r></w:del>
            <w:moveFrom w:id="3"><w:r><w:t>YY</w:t></w:r></w:moveFrom>
            <w:hyperlink r:id="x" xmlns:r="r"><w:r><w:t>t</w:t></w:r></w:hyperlink>
            <w:smartTag><w:r><w:t>e</w:t></w:r></w:smartTag>
            <w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t xml:space="preserve"> och </w:t></w:r></w:sdtContent></w:sdt>
            <w:r><w:tab/><w:t>m&#229;l &amp; mer</w:t></w:r></w:p>"#;
        let found = read(body);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "Syfte och  mål & mer");
        assert_eq!(found[0].style_id.as_deref(), Some("Rubrik1"));
    }

    #[test]
    fn old_properties_of_a_tracked_change_are_not_the_style() {
        let body = r#"<w:p><w:pPr><w:pStyle w:val="Rubrik2"/><w:outlineLvl w:val="1"/>
            <w:pPrChange w:id="1"><w:pPr><w:pStyle w:val="Rubrik1"/></w:pPr></w:pPrChange></w:pPr>
            <w:r><w:t>Mål</w:t></w:r></w:p>"#;
        let found = read(body);
        assert_eq!(found[0].style_id.as_deref(), Some("Rubrik2"));
        assert_eq!(found[0].outline, Some(1));
    }

    #[test]
    fn tab_stops_are_not_text_and_empty_paragraphs_are_dropped() {
        let body = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="100"/></w:tabs></w:pPr><w:r><w:t>A</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">   </w:t></w:r></w:p><w:p/>"#;
        assert_eq!(texts(body), ["A"]);
    }

    #[test]
    fn table_of_contents_fields_and_controls_are_marked() {
        let body = r#"
            <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>
                 <w:hyperlink><w:r><w:t>Syfte</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGEREF _Toc1 \h</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink></w:p>
            <w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>Mål</w:t></w:r></w:p>
            <w:p><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>Efter</w:t></w:r></w:p>
            <w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent>
                 <w:p><w:r><w:t>Innehåll</w:t></w:r></w:p></w:sdtContent></w:sdt>
            <w:p><w:fldSimple w:instr=" TOC \o "><w:r><w:t>Enkel</w:t></w:r></w:fldSimple></w:p>
            <w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>Sida</w:t></w:r></w:fldSimple></w:p>"#;
        let found = read(body);
        let marks: Vec<(&str, bool)> = found.iter().map(|p| (p.text.as_str(), p.in_toc)).collect();
        assert_eq!(
            marks,
            [
                ("Syfte2", true),
                ("Mål", true),
                ("Efter", false),
                ("Innehåll", true),
                ("Enkel", true),
                ("Sida", false)
            ]
        );
    }

    #[test]
    fn fallback_copies_and_text_boxes_are_left_out() {
        let body = r#"<w:p><w:r><w:t>Före</w:t></w:r><w:r><mc:AlternateContent>
              <mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Ruta</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>
              <mc:Fallback><w:pict><w:p><w:r><w:t>Kopia</w:t></w:r></w:p></w:pict></mc:Fallback>
            </mc:AlternateContent></w:r><w:r><w:t>Efter</w:t></w:r></w:p>"#;
        assert_eq!(texts(body), ["FöreEfter"]);
    }

    #[test]
    fn paragraphs_in_tables_count() {
        let body = r#"<w:tbl><w:tr><w:tc><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Syfte</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
        assert_eq!(texts(body), ["Syfte"]);
    }

    #[test]
    fn a_prefix_other_than_w_is_understood() {
        let xml = r#"<ns0:document xmlns:ns0="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><ns0:body><ns0:p><ns0:r><ns0:t>Syfte</ns0:t></ns0:r></ns0:p></ns0:body></ns0:document>"#;
        let found = paragraphs(xml.as_bytes(), "word/document.xml").expect("valid");
        assert_eq!(found[0].text, "Syfte");
    }

    #[test]
    fn malformed_and_truncated_xml_are_errors_not_panics() {
        for xml in [
            "<w:document",
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>"#,
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body></w:p></w:body></w:document>"#,
        ] {
            let err = paragraphs(xml.as_bytes(), "word/document.xml").expect_err(xml);
            assert_eq!(err.code(), "unreadable_docx");
            assert!(err.to_string().contains("inte giltig XML"), "{err}");
        }
    }
}
