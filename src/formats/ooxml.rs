//! Finishing touches on the parts docx-rs writes, for what it cannot say:
//! the document language, "update fields on open", table header rows, the
//! core properties (title, subject, author, keywords), and a correction to
//! its output (duplicate `w14:paraId`s). The schema order of every part is
//! the package's last step (`formats::word_package`).
//!
//! Every fixup looks for a fixed anchor in docx-rs's output and fails loudly
//! when it is missing, so an upgrade of docx-rs that changes its output
//! cannot silently drop one; the generator's tests pin each result.

use crate::error::{Error, Result};

fn missing(what: &str) -> Error {
    Error::Io(std::io::Error::other(format!(
        "Word-filen kunde inte skapas: oväntad utdata från docx-rs ({what})"
    )))
}

/// Escapes text for XML character data and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Replaces the one occurrence of `anchor` with `with`; an anchor that is
/// missing or stands more than once is an error naming `what`.
pub fn replace_exactly_once(
    document: &str,
    anchor: &str,
    with: &str,
    what: &str,
) -> Result<String> {
    let Some(at) = document.find(anchor) else {
        return Err(missing(what));
    };
    if document[at + anchor.len()..].contains(anchor) {
        return Err(missing(&format!("{what} mer än en gång")));
    }
    Ok(format!(
        "{}{with}{}",
        &document[..at],
        &document[at + anchor.len()..]
    ))
}

/// The Word 2010 namespace (`w14`), which check box content controls use.
pub const W14_NAMESPACE: &str = "http://schemas.microsoft.com/office/word/2010/wordml";

/// Makes sure the document element declares `w14` and lists it in
/// `mc:Ignorable` (so older readers skip what they do not know), as docx-rs
/// writes it today; an error if it does not.
pub fn require_w14(document: &str) -> Result<()> {
    let root_start = document
        .find("<w:document")
        .ok_or_else(|| missing("w:document"))?;
    let root_end = document[root_start..]
        .find('>')
        .ok_or_else(|| missing("w:document"))?
        + root_start;
    let root = &document[root_start..root_end];
    if !root.contains(&format!(r#"xmlns:w14="{W14_NAMESPACE}""#)) {
        return Err(missing("xmlns:w14"));
    }
    let ignorable = root
        .split(r#"mc:Ignorable=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .ok_or_else(|| missing("mc:Ignorable"))?;
    if !ignorable.split_whitespace().any(|prefix| prefix == "w14") {
        return Err(missing("w14 i mc:Ignorable"));
    }
    Ok(())
}

/// Replaces docx-rs's document defaults with ours, written in schema order:
/// font, size and language (sv-SE: spelling, hyphenation and screen readers)
/// for every run, and the paragraph spacing after every paragraph.
pub fn set_doc_defaults(
    styles: &str,
    font: &str,
    half_points: u32,
    lang: &str,
    after: u32,
) -> Result<String> {
    let start = styles
        .find("<w:docDefaults>")
        .ok_or_else(|| missing("w:docDefaults"))?;
    let end = styles[start..]
        .find("</w:docDefaults>")
        .ok_or_else(|| missing("w:docDefaults slut"))?
        + start
        + "</w:docDefaults>".len();
    let font = escape(font);
    let defaults = format!(
        concat!(
            "<w:docDefaults><w:rPrDefault><w:rPr>",
            r#"<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}" />"#,
            r#"<w:sz w:val="{hp}" /><w:szCs w:val="{hp}" />"#,
            r#"<w:lang w:val="{lang}" w:eastAsia="{lang}" w:bidi="ar-SA" />"#,
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>",
            r#"<w:spacing w:after="{after}" w:line="259" w:lineRule="auto" />"#,
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
        font = font,
        hp = half_points,
        lang = escape(lang),
        after = after
    );
    Ok(format!("{}{defaults}{}", &styles[..start], &styles[end..]))
}

/// Unwraps content controls that have no properties (`<w:sdt><w:sdtPr />`),
/// keeping their content. docx-rs wraps the table of contents in one, and
/// LibreOffice then shows the first entry as field code.
pub fn unwrap_empty_content_controls(document: &str) -> String {
    const OPEN: &str = "<w:sdt><w:sdtPr /><w:sdtContent>";
    const CLOSE: &str = "</w:sdtContent></w:sdt>";
    let mut out = String::with_capacity(document.len());
    let mut rest = document;
    while let Some(start) = rest.find(OPEN) {
        let inner_start = start + OPEN.len();
        let Some(len) = rest[inner_start..].find(CLOSE) else {
            break;
        };
        let inner = &rest[inner_start..inner_start + len];
        out.push_str(&rest[..start]);
        if inner.contains("<w:sdt>") {
            // Nested controls: leave this one as it is.
            out.push_str(&rest[start..inner_start + len + CLOSE.len()]);
        } else {
            out.push_str(inner);
        }
        rest = &rest[inner_start + len + CLOSE.len()..];
    }
    out.push_str(rest);
    out
}

/// Renumbers the table of contents' bookmarks (`_Toc…` names and bookmark
/// ids) from 1 in document order. docx-rs takes them from a counter shared
/// by the whole process, so without this the same draft would differ from
/// one generation to the next.
pub fn renumber_bookmarks(document: &str) -> String {
    use std::collections::HashMap;
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut out = String::with_capacity(document.len());
    let mut rest = document;
    loop {
        let next_name = rest.find("_Toc");
        let next_id = ["<w:bookmarkStart w:id=\"", "<w:bookmarkEnd w:id=\""]
            .iter()
            .filter_map(|p| rest.find(p).map(|i| (i, p.len())))
            .min();
        match (next_name, next_id) {
            (Some(n), id) if id.is_none_or(|(i, _)| n < i) => {
                let digits = rest[n + 4..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .count();
                out.push_str(&rest[..n]);
                if digits == 0 {
                    out.push_str("_Toc");
                } else {
                    let key = rest[n + 4..n + 4 + digits].to_owned();
                    let count = names.len() + 1;
                    let number = *names.entry(key).or_insert(count);
                    out.push_str(&format!("_Toc{number:08}"));
                }
                rest = &rest[n + 4 + digits..];
            }
            (_, Some((i, len))) => {
                let start = i + len;
                let end = rest[start..].find('"').map_or(start, |e| start + e);
                let key = rest[start..end].to_owned();
                let count = ids.len() + 1;
                let number = *ids.entry(key).or_insert(count);
                out.push_str(&rest[..start]);
                out.push_str(&number.to_string());
                rest = &rest[end..];
            }
            _ => break,
        }
    }
    out.push_str(rest);
    out
}

/// Puts the right-aligned page-number tab of the table of contents at the
/// right margin (docx-rs places it 141 cm out).
pub fn toc_tab_at(document: &str, position: usize) -> String {
    document.replace(
        r#"<w:tab w:val="right" w:leader="dot" w:pos="80000" />"#,
        &format!(r#"<w:tab w:val="right" w:leader="dot" w:pos="{position}" />"#),
    )
}

/// Declares `Normal` the default paragraph style (`w:default="1"`), which
/// docx-rs leaves out: without it a paragraph with no style of its own has
/// no style at all for readers that follow the standard.
pub fn default_paragraph_style(styles: &str) -> Result<String> {
    const NORMAL: &str = r#"<w:style w:type="paragraph" w:styleId="Normal">"#;
    if !styles.contains(NORMAL) {
        return Err(missing("Normal-formatet"));
    }
    Ok(styles.replacen(
        NORMAL,
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal">"#,
        1,
    ))
}

/// Asks Word to update fields (the table of contents) when the file opens.
/// `w:updateFields` must stand before `w:compat` in CT_Settings.
pub fn update_fields_on_open(settings: &str) -> Result<String> {
    let at = settings
        .find("<w:compat")
        .ok_or_else(|| missing("w:compat"))?;
    Ok(format!(
        r#"{}<w:updateFields w:val="true" />{}"#,
        &settings[..at],
        &settings[at..]
    ))
}

/// Marks header rows (built with `cant_split`, which docx-rs writes as the
/// row's only property) as table header rows that repeat on every page and
/// that screen readers announce as headers.
pub fn mark_header_rows(document: &str) -> String {
    document.replace(
        "<w:trPr><w:cantSplit /></w:trPr>",
        "<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>",
    )
}

/// Removes `w14:paraId` attributes: docx-rs numbers the table of contents'
/// paragraphs from a counter of their own, so ids repeat. They are optional
/// and Word assigns new ones.
pub fn strip_para_ids(document: &str) -> String {
    let mut out = String::with_capacity(document.len());
    let mut rest = document;
    while let Some(at) = rest.find(" w14:paraId=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " w14:paraId=\"".len()..];
        match after.find('"') {
            Some(end) => rest = &after[end + 1..],
            None => {
                rest = after;
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Gives every field character and field instruction a run of its own, as
/// Word writes them: docx-rs packs begin, instruction and separator into one
/// run, and LibreOffice then shows the table of contents' first line as
/// field code. Only runs without formatting (`<w:rPr />`) are split, which
/// is how docx-rs writes field runs.
pub fn split_field_runs(document: &str) -> String {
    const RUN: &str = "<w:r><w:rPr />";
    let mut out = String::with_capacity(document.len() + document.len() / 8);
    let mut rest = document;
    while let Some(start) = rest.find(RUN) {
        out.push_str(&rest[..start]);
        let body_start = start + RUN.len();
        let Some(len) = rest[body_start..].find("</w:r>") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let body = &rest[body_start..body_start + len];
        if body.contains("<w:fldChar") {
            for piece in split_children(body) {
                out.push_str(RUN);
                out.push_str(piece);
                out.push_str("</w:r>");
            }
        } else {
            out.push_str(RUN);
            out.push_str(body);
            out.push_str("</w:r>");
        }
        rest = &rest[body_start + len + "</w:r>".len()..];
    }
    out.push_str(rest);
    out
}

/// Splits a run's content into its child elements (`<w:fldChar … />`,
/// `<w:instrText>…</w:instrText>`, `<w:t …>…</w:t>`, `<w:tab />`).
fn split_children(body: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let Some(tag_end) = rest.find('>') else {
            pieces.push(rest);
            break;
        };
        let end = if rest[..=tag_end].ends_with("/>") {
            tag_end + 1
        } else {
            // An element with content: up to its closing tag.
            let name_end = rest[1..].find([' ', '>']).map_or(tag_end, |i| i + 1);
            let close = format!("</{}>", &rest[1..name_end]);
            rest.find(&close).map_or(rest.len(), |i| i + close.len())
        };
        pieces.push(&rest[..end]);
        rest = &rest[end..];
    }
    pieces
}

/// Core properties (docProps/core.xml).
pub struct CoreProperties<'a> {
    pub title: &'a str,
    pub subject: &'a str,
    pub creator: &'a str,
    pub keywords: &'a str,
    pub description: &'a str,
    pub last_modified_by: &'a str,
    pub language: &'a str,
    /// W3CDTF, e.g. `2026-11-23T10:00:00Z`.
    pub created: &'a str,
}

pub fn core_xml(p: &CoreProperties<'_>) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator>",
            "<cp:keywords>{}</cp:keywords><dc:description>{}</dc:description>",
            "<cp:lastModifiedBy>{}</cp:lastModifiedBy><cp:revision>1</cp:revision>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{}</dcterms:modified>"#,
            "<dc:language>{}</dc:language></cp:coreProperties>"
        ),
        escape(p.title),
        escape(p.subject),
        escape(p.creator),
        escape(p.keywords),
        escape(p.description),
        escape(p.last_modified_by),
        escape(p.created),
        escape(p.created),
        escape(p.language),
    )
}

/// Extended properties (docProps/app.xml): which program wrote the file.
pub fn app_xml(application: &str) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" "#,
            r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
            "<Application>{}</Application></Properties>"
        ),
        escape(application)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_keeps_unicode() {
        assert_eq!(
            escape(r#"<a & "b" 'c'> åäö 🏥"#),
            "&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt; åäö 🏥"
        );
        assert_eq!(
            escape("a\u{1}b\tc"),
            "ab\tc",
            "control characters XML cannot carry are dropped"
        );
    }

    #[test]
    fn document_defaults_are_replaced_whole() {
        let styles = r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr /></w:rPrDefault></w:docDefaults><w:style /></w:styles>"#;
        let out = set_doc_defaults(styles, "Calibri", 22, "sv-SE", 120).unwrap();
        assert!(
            out.starts_with("<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts"),
            "{out}"
        );
        assert!(out.contains(r#"<w:lang w:val="sv-SE""#));
        assert!(out.ends_with("</w:docDefaults><w:style /></w:styles>"));
        assert!(
            set_doc_defaults("<w:styles/>", "Calibri", 22, "sv-SE", 120).is_err(),
            "a missing anchor is an error"
        );
    }

    #[test]
    fn normal_is_the_default_paragraph_style() {
        let s = r#"<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" />"#;
        assert_eq!(
            default_paragraph_style(s).unwrap(),
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal" />"#
        );
        assert!(default_paragraph_style("<w:styles />").is_err());
    }

    #[test]
    fn update_fields_stands_before_compat() {
        let s = update_fields_on_open("<w:settings><w:zoom /><w:compat></w:compat></w:settings>")
            .unwrap();
        assert_eq!(
            s,
            r#"<w:settings><w:zoom /><w:updateFields w:val="true" /><w:compat></w:compat></w:settings>"#
        );
    }

    #[test]
    fn para_ids_are_removed() {
        let d = r#"<w:p w14:paraId="00000001"><w:r/></w:p><w:p w14:paraId="00000001">"#;
        assert_eq!(strip_para_ids(d), "<w:p><w:r/></w:p><w:p>");
    }

    #[test]
    fn field_characters_get_runs_of_their_own() {
        let d = r#"<w:p><w:r><w:rPr /><w:fldChar w:fldCharType="begin" /><w:instrText>TOC \o &quot;1-3&quot;</w:instrText><w:fldChar w:fldCharType="separate" /></w:r><w:r><w:rPr /><w:t>Syfte</w:t></w:r></w:p>"#;
        assert_eq!(
            split_field_runs(d),
            r#"<w:p><w:r><w:rPr /><w:fldChar w:fldCharType="begin" /></w:r><w:r><w:rPr /><w:instrText>TOC \o &quot;1-3&quot;</w:instrText></w:r><w:r><w:rPr /><w:fldChar w:fldCharType="separate" /></w:r><w:r><w:rPr /><w:t>Syfte</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn empty_content_controls_are_unwrapped() {
        let d = "<w:body><w:sdt><w:sdtPr /><w:sdtContent><w:p>x</w:p></w:sdtContent></w:sdt><w:p>y</w:p></w:body>";
        assert_eq!(
            unwrap_empty_content_controls(d),
            "<w:body><w:p>x</w:p><w:p>y</w:p></w:body>"
        );
        let titled = "<w:sdt><w:sdtPr><w:alias w:val=\"a\" /></w:sdtPr><w:sdtContent>x</w:sdtContent></w:sdt>";
        assert_eq!(
            unwrap_empty_content_controls(titled),
            titled,
            "controls with properties stay"
        );
    }

    #[test]
    fn bookmarks_are_renumbered_in_document_order() {
        let d = r#"PAGEREF _Toc00000102 \h PAGEREF _Toc00000107 <w:bookmarkStart w:id="103" w:name="_Toc00000102" /><w:bookmarkEnd w:id="103" /><w:bookmarkStart w:id="108" w:name="_Toc00000107" />"#;
        assert_eq!(
            renumber_bookmarks(d),
            r#"PAGEREF _Toc00000001 \h PAGEREF _Toc00000002 <w:bookmarkStart w:id="1" w:name="_Toc00000001" /><w:bookmarkEnd w:id="1" /><w:bookmarkStart w:id="2" w:name="_Toc00000002" />"#
        );
    }

    #[test]
    fn header_rows_are_marked() {
        let d = "<w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr><w:tr><w:trPr /></w:tr>";
        assert_eq!(
            mark_header_rows(d),
            "<w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr></w:tr><w:tr><w:trPr /></w:tr>"
        );
    }
}
