//! The paragraph styles of a document (`word/styles.xml`) and what they make
//! of a paragraph: a heading of some level, a table-of-contents entry, the
//! document title, a Samdok placeholder, or body text.
//!
//! Word in Swedish writes a heading style as styleId `Rubrik1` with the name
//! `heading 1` and `w:outlineLvl 0`; LibreOffice writes `Heading1` /
//! `Heading 1`, sometimes a localized `Rubrik 1`, not always with an outline
//! level; other programs only set `w:outlineLvl` on the paragraph. All of
//! those are recognised.

use std::collections::{HashMap, HashSet};

use quick_xml::events::Event;
use quick_xml::NsReader;

use crate::error::Result;
use crate::formats::xml::{self, W_NAMESPACES};

const PART: &str = "word/styles.xml";

/// A paragraph style as the file declares it.
#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    /// `w:pPr/w:outlineLvl`, 0-based; 9 is body text.
    outline: Option<u8>,
}

/// The paragraph styles of one document.
#[derive(Debug, Default)]
pub struct Styles {
    by_id: HashMap<String, Style>,
    /// The style of a paragraph that names none (`w:default="1"`, "Normal").
    default_id: Option<String>,
}

/// What a paragraph is, as far as the structure check cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Heading(u8),
    Placeholder,
    /// A table-of-contents entry or heading, or the document title.
    NotAHeading,
    Body,
}

/// What the document body says about one paragraph's style.
pub struct ParagraphStyle<'a> {
    pub style_id: Option<&'a str>,
    /// `w:pPr/w:outlineLvl` on the paragraph itself.
    pub outline: Option<u8>,
}

/// Longest `basedOn` chain followed; Word itself stops far earlier, and a
/// cycle is caught before this anyway.
const MAX_CHAIN: usize = 64;

impl Styles {
    /// Parses `word/styles.xml`.
    pub fn parse(bytes: &[u8]) -> Result<Styles> {
        let text = xml::decode_text(bytes, PART)?;
        let mut reader = NsReader::from_str(&text);
        let mut styles = Styles::default();

        // Depth of the current element, and of the open w:style and its
        // w:pPr, so that only their direct children are read (a w:style also
        // holds w:rPr, w:tblPr … whose children must not be mistaken).
        let mut depth = 0usize;
        let mut style: Option<(usize, Option<String>, Style)> = None;
        let mut ppr_depth: Option<usize> = None;

        loop {
            let (ns, event) = reader
                .read_resolved_event()
                .map_err(|_| xml::malformed(PART))?;
            let in_w = matches!(ns, quick_xml::name::ResolveResult::Bound(n) if W_NAMESPACES.contains(&n.as_ref()));
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let is_start = matches!(event, Event::Start(_));
                    if is_start {
                        depth += 1;
                        if depth > xml::MAX_DEPTH {
                            return Err(xml::too_deep(PART));
                        }
                    }
                    // The depth this element stands at.
                    let at = if is_start { depth } else { depth + 1 };
                    if !in_w {
                        continue;
                    }
                    match e.local_name().as_ref() {
                        b"style" if style.is_none() => {
                            let kind = xml::attribute(e, b"type", PART)?;
                            // A style without w:type is a paragraph style.
                            if kind.as_deref().is_none_or(|k| k == "paragraph") {
                                let id = xml::attribute(e, b"styleId", PART)?;
                                let is_default = xml::attribute(e, b"default", PART)?
                                    .is_some_and(|d| matches!(d.as_str(), "1" | "true" | "on"));
                                if is_default && styles.default_id.is_none() {
                                    styles.default_id.clone_from(&id);
                                }
                                if is_start {
                                    style = Some((at, id, Style::default()));
                                } else if let Some(id) = id {
                                    styles.by_id.entry(id).or_default();
                                }
                            }
                        }
                        b"name" | b"basedOn" | b"pPr" | b"outlineLvl" => {
                            let Some((style_depth, _, current)) = style.as_mut() else {
                                continue;
                            };
                            let child_of_style = at == *style_depth + 1;
                            match e.local_name().as_ref() {
                                b"name" if child_of_style => {
                                    current.name =
                                        xml::attribute(e, b"val", PART)?.unwrap_or_default();
                                }
                                b"basedOn" if child_of_style => {
                                    current.based_on = xml::attribute(e, b"val", PART)?;
                                }
                                b"pPr" if child_of_style && is_start => ppr_depth = Some(at),
                                b"outlineLvl" if ppr_depth.is_some_and(|p| at == p + 1) => {
                                    current.outline =
                                        parse_outline(xml::attribute(e, b"val", PART)?);
                                }
                                _ => {}
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(_) => {
                    if ppr_depth == Some(depth) {
                        ppr_depth = None;
                    }
                    if style.as_ref().is_some_and(|(d, _, _)| *d == depth) {
                        if let Some((_, Some(id), parsed)) = style.take() {
                            // The first definition of an id wins, as in Word.
                            styles.by_id.entry(id).or_insert(parsed);
                        }
                    }
                    depth = depth.saturating_sub(1);
                }
                Event::DocType(_) => return Err(xml::doctype(PART)),
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(styles)
    }

    /// The display name of a style, or "" when the file does not declare it.
    pub fn name(&self, id: &str) -> &str {
        self.by_id.get(id).map_or("", |s| s.name.as_str())
    }

    /// The style a paragraph effectively has.
    pub fn effective_id<'a>(&'a self, paragraph: &ParagraphStyle<'a>) -> Option<&'a str> {
        paragraph.style_id.or(self.default_id.as_deref())
    }

    /// What a paragraph is. Precedence: a table-of-contents, title or
    /// placeholder style decides first; then the paragraph's own outline
    /// level; then the first outline level along its style's `basedOn`
    /// chain; then a heading name ("heading 1", "Rubrik 1", "Heading1" …)
    /// along that chain.
    pub fn role(&self, paragraph: &ParagraphStyle<'_>) -> Role {
        let id = self.effective_id(paragraph);
        if let Some(id) = id {
            let own = [id, self.name(id)];
            if own.iter().any(|n| is_placeholder_style(n)) {
                return Role::Placeholder;
            }
            if own.iter().any(|n| is_toc_style(n) || is_title_style(n)) {
                return Role::NotAHeading;
            }
        }
        if let Some(level) = paragraph.outline {
            return outline_role(level);
        }
        let chain = self.chain(id);
        if let Some(level) = chain
            .iter()
            .find_map(|(_, style)| style.and_then(|s| s.outline))
        {
            return outline_role(level);
        }
        for (id, style) in &chain {
            let name = style.map_or("", |s| s.name.as_str());
            if let Some(level) = heading_level_of_name(name).or_else(|| heading_level_of_name(id)) {
                return Role::Heading(level);
            }
        }
        Role::Body
    }

    /// The style and its ancestors, nearest first; an id the file does not
    /// declare is kept (with no definition) so its name can still tell.
    fn chain<'a>(&'a self, mut id: Option<&'a str>) -> Vec<(&'a str, Option<&'a Style>)> {
        let mut chain = Vec::new();
        let mut seen = HashSet::new();
        while let Some(current) = id {
            if !seen.insert(current) || chain.len() >= MAX_CHAIN {
                break;
            }
            let style = self.by_id.get(current);
            chain.push((current, style));
            id = style.and_then(|s| s.based_on.as_deref());
        }
        chain
    }
}

fn outline_role(level: u8) -> Role {
    if level < 9 {
        Role::Heading(level + 1)
    } else {
        Role::Body
    }
}

/// `w:outlineLvl/@w:val`: 0–8 are heading levels, 9 is body text; anything
/// else is ignored as if absent.
pub fn parse_outline(value: Option<String>) -> Option<u8> {
    value?.trim().parse::<u8>().ok().filter(|l| *l <= 9)
}

/// Lower-cased, without spaces: "Heading 1" → "heading1".
fn squeeze(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// "heading 1", "Heading1", "Rubrik 1", "rubrik1" … → 1 (levels 1–9).
pub fn heading_level_of_name(name: &str) -> Option<u8> {
    let squeezed = squeeze(name);
    let rest = squeezed
        .strip_prefix("heading")
        .or_else(|| squeezed.strip_prefix("rubrik"))?;
    match rest.as_bytes() {
        [digit @ b'1'..=b'9'] => Some(digit - b'0'),
        _ => None,
    }
}

/// Table-of-contents entries and heading: "toc 1" (Word's name), "TOC1",
/// "Innehll1" (Swedish Word's id, with å dropped), "Innehåll 1",
/// "Contents 1" (LibreOffice), "TOC Heading" and their Swedish forms.
fn is_toc_style(name: &str) -> bool {
    let squeezed = squeeze(name);
    let base = squeezed.trim_end_matches(|c: char| c.is_ascii_digit());
    let numbered = base.len() < squeezed.len();
    let entry_bases = [
        "toc",
        "contents",
        "innehåll",
        "innehll",
        "innehållsförteckning",
        "innehllsfrteckning",
    ];
    let headings = [
        "tocheading",
        "contentsheading",
        "innehållsförteckningsrubrik",
        "innehllsfrteckningsrubrik",
    ];
    (numbered && entry_bases.contains(&base)) || headings.contains(&squeezed.as_str())
}

/// The document title and subtitle: "Title" (Word's name; id "Rubrik" in
/// Swedish Word), "Titel", "Subtitle", "Underrubrik".
fn is_title_style(name: &str) -> bool {
    matches!(
        squeeze(name).as_str(),
        "title" | "titel" | "rubrik" | "subtitle" | "underrubrik"
    )
}

/// The style the draft generator gives guidance left for the authors.
pub fn is_placeholder_style(name: &str) -> bool {
    matches!(
        squeeze(name).as_str(),
        "samdokplatshållare" | "samdokplaceholder"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn styles(inner: &str) -> Styles {
        Styles::parse(format!(r#"<w:styles {W}>{inner}</w:styles>"#).as_bytes())
            .expect("valid styles.xml")
    }

    fn role(styles: &Styles, id: &str) -> Role {
        styles.role(&ParagraphStyle {
            style_id: Some(id),
            outline: None,
        })
    }

    #[test]
    fn heading_names_in_every_spelling() {
        for (name, level) in [
            ("heading 1", 1),
            ("Heading 2", 2),
            ("Heading3", 3),
            ("Rubrik 4", 4),
            ("rubrik9", 9),
            ("HEADING 1", 1),
        ] {
            assert_eq!(heading_level_of_name(name), Some(level), "{name}");
        }
        for name in [
            "Rubrik",
            "Title",
            "heading 10",
            "heading 0",
            "Heading 1 Char",
            "Normal",
            "",
        ] {
            assert_eq!(heading_level_of_name(name), None, "{name}");
        }
    }

    #[test]
    fn outline_level_of_the_style_chain_decides_before_the_name() {
        let s = styles(
            r#"<w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
               <w:style w:type="paragraph" w:styleId="Egen"><w:name w:val="Min rubrik"/><w:basedOn w:val="Rubrik1"/></w:style>
               <w:style w:type="paragraph" w:styleId="Innehllsfrteckningsrubrik"><w:name w:val="TOC Heading"/><w:basedOn w:val="Rubrik1"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
               <w:style w:type="paragraph" w:styleId="Kapitel"><w:name w:val="Kapitel"/><w:basedOn w:val="Rubrik2"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
               <w:style w:type="character" w:styleId="Rubrik1Char"><w:name w:val="Rubrik 1 Char"/></w:style>"#,
        );
        assert_eq!(role(&s, "Rubrik1"), Role::Heading(1));
        assert_eq!(
            role(&s, "Egen"),
            Role::Heading(1),
            "inherits the outline level"
        );
        assert_eq!(role(&s, "Innehllsfrteckningsrubrik"), Role::NotAHeading);
        assert_eq!(
            role(&s, "Kapitel"),
            Role::Body,
            "outline level 9 is body text"
        );
        assert_eq!(
            role(&s, "Rubrik1Char"),
            Role::Body,
            "character styles are not paragraph styles"
        );
    }

    #[test]
    fn a_paragraphs_own_outline_level_wins() {
        let s = styles(
            r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="Heading 1"/></w:style>"#,
        );
        let demoted = ParagraphStyle {
            style_id: Some("Heading1"),
            outline: Some(1),
        };
        assert_eq!(s.role(&demoted), Role::Heading(2));
        let body = ParagraphStyle {
            style_id: Some("Heading1"),
            outline: Some(9),
        };
        assert_eq!(s.role(&body), Role::Body);
    }

    #[test]
    fn a_cycle_of_based_on_ends() {
        let s = styles(
            r#"<w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/><w:basedOn w:val="B"/></w:style>
               <w:style w:type="paragraph" w:styleId="B"><w:name w:val="B"/><w:basedOn w:val="A"/></w:style>"#,
        );
        assert_eq!(role(&s, "A"), Role::Body);
    }

    #[test]
    fn undeclared_styles_are_known_by_their_id() {
        let s = Styles::default();
        assert_eq!(role(&s, "Heading2"), Role::Heading(2));
        assert_eq!(role(&s, "Rubrik1"), Role::Heading(1));
        assert_eq!(role(&s, "TOC1"), Role::NotAHeading);
        assert_eq!(
            role(&s, "Rubrik"),
            Role::NotAHeading,
            "Swedish Word's id of Title"
        );
        assert_eq!(role(&s, "SamdokPlaceholder"), Role::Placeholder);
    }

    #[test]
    fn toc_and_title_styles() {
        for name in [
            "toc 1",
            "TOC3",
            "Innehll1",
            "Innehåll 2",
            "Contents 1",
            "TOC Heading",
        ] {
            assert!(is_toc_style(name), "{name}");
        }
        for name in ["Innehåll", "toc", "Heading 1"] {
            assert!(!is_toc_style(name), "{name}");
        }
        for name in ["Title", "Titel", "Rubrik", "Subtitle"] {
            assert!(is_title_style(name), "{name}");
        }
    }

    #[test]
    fn the_default_paragraph_style_applies_to_paragraphs_without_one() {
        let s = styles(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>"#,
        );
        let plain = ParagraphStyle {
            style_id: None,
            outline: None,
        };
        assert_eq!(s.effective_id(&plain), Some("Normal"));
        assert_eq!(s.role(&plain), Role::Body);
    }
}
