//! The main document part of a returned form as a small tree of what the
//! reader needs and nothing else: paragraphs, runs and their text, tables
//! with their rows and cells (with the cell and row properties that say how
//! a cell sits in the grid), and content controls (with whether one is a
//! check box, checked, or showing its placeholder).
//!
//! Left out while parsing, with everything inside them: formatting
//! (`w:rPr`, `w:pPr`, …), deleted and moved-away text (`w:del`,
//! `w:delText`, `w:moveFrom`), field instructions (`w:instrText`), the
//! `mc:Fallback` copies of `mc:AlternateContent`, drawings and text boxes,
//! and every element of another vocabulary. Wrappers that hold runs
//! (hyperlinks, insertions, smart tags, custom XML, simple fields, content
//! controls) are kept so their text is read.
//!
//! Nesting deeper than [`xml::MAX_DEPTH`] and a DTD are refused, as in the
//! structure check; since only what is kept takes memory, a part of a few
//! MB stays a small tree.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use crate::error::Result;
use crate::formats::xml::{self, MC_NAMESPACE, W_NAMESPACES};

/// The Word 2010 namespace, where check boxes are (`w14:checkbox`).
const W14_NAMESPACE: &[u8] = b"http://schemas.microsoft.com/office/word/2010/wordml";

/// What an element kept in the tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Paragraph,
    Run,
    Text,
    Tab,
    Break,
    NoBreakHyphen,
    /// `w:sym`: a character of a symbol font; `val` is its code, `font` its font.
    Symbol,
    Table,
    Row,
    Cell,
    CellProperties,
    GridSpan,
    VerticalMerge,
    HorizontalMerge,
    RowProperties,
    GridBefore,
    /// `w:del` in a row's properties: the row is deleted (tracked).
    DeletedRow,
    Control,
    ControlProperties,
    ControlContent,
    ShowingPlaceholder,
    Checkbox,
    /// `w14:checked` in a check box; `val` says whether it is.
    Checked,
    /// Anything that only holds other content: the document, its body,
    /// hyperlinks, insertions, smart tags, custom XML, simple fields, …
    Container,
}

#[derive(Debug, Default)]
pub struct Element {
    pub tag: Option<Tag>,
    /// `w:val` / `w14:val` (or `w:char` of a symbol).
    pub val: Option<String>,
    /// `w:font` of a symbol.
    pub font: Option<String>,
    pub children: Vec<Node>,
}

#[derive(Debug)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn is(&self, tag: Tag) -> bool {
        self.tag == Some(tag)
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn child(&self, tag: Tag) -> Option<&Element> {
        self.elements().find(|e| e.is(tag))
    }

    /// The text of the character data directly inside (for `w:t`).
    pub fn own_text(&self) -> String {
        let mut out = String::new();
        for node in &self.children {
            if let Node::Text(t) = node {
                out.push_str(t);
            }
        }
        out
    }
}

/// What to do with an element met while parsing.
enum Keep {
    /// Kept, as this tag.
    As(Tag),
    /// Left out with all it holds.
    Skip,
}

/// The tag of a WordprocessingML element in its context.
fn word_tag(local: &[u8], parent: Option<Tag>) -> Keep {
    use Tag::*;
    match parent {
        Some(CellProperties) => {
            return match local {
                b"gridSpan" => Keep::As(GridSpan),
                b"vMerge" => Keep::As(VerticalMerge),
                b"hMerge" => Keep::As(HorizontalMerge),
                _ => Keep::Skip,
            }
        }
        Some(RowProperties) => {
            return match local {
                b"gridBefore" => Keep::As(GridBefore),
                b"del" => Keep::As(DeletedRow),
                _ => Keep::Skip,
            }
        }
        Some(ControlProperties) => {
            return match local {
                b"showingPlcHdr" => Keep::As(ShowingPlaceholder),
                _ => Keep::Skip,
            }
        }
        _ => {}
    }
    Keep::As(match local {
        b"p" => Paragraph,
        b"r" => Run,
        b"t" => Text,
        b"tab" if parent == Some(Run) => Tab,
        b"br" | b"cr" => Break,
        b"noBreakHyphen" => NoBreakHyphen,
        b"sym" => Symbol,
        b"tbl" => Table,
        b"tr" => Row,
        b"tc" => Cell,
        b"tcPr" => CellProperties,
        b"trPr" => RowProperties,
        b"sdt" => Control,
        b"sdtPr" => ControlProperties,
        b"sdtContent" => ControlContent,
        b"document" | b"body" | b"hyperlink" | b"ins" | b"moveTo" | b"smartTag" | b"customXml"
        | b"fldSimple" | b"dir" | b"bdo" => Container,
        // Formatting, deleted and moved-away text, field instructions,
        // drawings, and every marker without text.
        _ => return Keep::Skip,
    })
}

/// Parses the main document part.
pub fn parse(bytes: &[u8], part: &str) -> Result<Element> {
    let text = xml::decode_text(bytes, part)?;
    let mut reader = NsReader::from_str(&text);
    // The open elements kept; the first is a root holding the document.
    let mut stack: Vec<Element> = vec![Element {
        tag: Some(Tag::Container),
        ..Element::default()
    }];
    let mut depth = 0usize;
    // While inside a skipped element, the depth it stands at.
    let mut skipping: Option<usize> = None;
    // The depth of every kept open element, parallel to `stack[1..]`.
    let mut kept_depths: Vec<usize> = Vec::new();

    loop {
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|_| xml::malformed(part))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_start = matches!(event, Event::Start(_));
                if is_start {
                    depth += 1;
                    if depth > xml::MAX_DEPTH {
                        return Err(xml::too_deep(part));
                    }
                }
                if skipping.is_some() {
                    continue;
                }
                let parent = stack.last().and_then(|p| p.tag);
                let local = e.local_name();
                let keep = match ns {
                    ResolveResult::Bound(n) if W_NAMESPACES.contains(&n.as_ref()) => {
                        word_tag(local.as_ref(), parent)
                    }
                    ResolveResult::Bound(n) if n.as_ref() == W14_NAMESPACE => {
                        match (local.as_ref(), parent) {
                            (b"checkbox", Some(Tag::ControlProperties)) => Keep::As(Tag::Checkbox),
                            (b"checked", Some(Tag::Checkbox)) => Keep::As(Tag::Checked),
                            _ => Keep::Skip,
                        }
                    }
                    // Word's newer content is in mc:Choice, the same for
                    // old readers again in mc:Fallback: read it once.
                    ResolveResult::Bound(n) if n.as_ref() == MC_NAMESPACE => match local.as_ref() {
                        b"AlternateContent" | b"Choice" => Keep::As(Tag::Container),
                        _ => Keep::Skip,
                    },
                    _ => Keep::Skip,
                };
                match keep {
                    Keep::Skip => {
                        if is_start {
                            skipping = Some(depth);
                        }
                    }
                    Keep::As(tag) => {
                        let element = new_element(tag, e, part)?;
                        if is_start {
                            stack.push(element);
                            kept_depths.push(depth);
                        } else if let Some(parent) = stack.last_mut() {
                            parent.children.push(Node::Element(element));
                        }
                    }
                }
            }
            Event::End(_) => {
                if let Some(skip) = skipping {
                    if skip == depth {
                        skipping = None;
                    }
                } else if kept_depths.last() == Some(&depth) {
                    kept_depths.pop();
                    if stack.len() > 1 {
                        if let Some(done) = stack.pop() {
                            if let Some(parent) = stack.last_mut() {
                                parent.children.push(Node::Element(done));
                            }
                        }
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(ref t) if skipping.is_none() && in_text(&stack) => {
                let content = t.xml10_content().map_err(|_| xml::malformed(part))?;
                push_text(&mut stack, &content);
            }
            Event::CData(ref t) if skipping.is_none() && in_text(&stack) => {
                let content = t.decode().map_err(|_| xml::malformed(part))?;
                push_text(&mut stack, &content);
            }
            Event::GeneralRef(ref r) if skipping.is_none() && in_text(&stack) => {
                if let Some(content) = xml::resolve_reference(r) {
                    push_text(&mut stack, &content);
                }
            }
            Event::DocType(_) => return Err(xml::doctype(part)),
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 || stack.len() != 1 {
        // Cut off in the middle: a truncated body must not pass as a short one.
        return Err(xml::malformed(part));
    }
    stack.pop().ok_or_else(|| xml::malformed(part))
}

fn new_element(tag: Tag, e: &BytesStart<'_>, part: &str) -> Result<Element> {
    let (val, font) = match tag {
        Tag::Symbol => (
            xml::attribute(e, b"char", part)?,
            xml::attribute(e, b"font", part)?,
        ),
        Tag::GridSpan
        | Tag::VerticalMerge
        | Tag::HorizontalMerge
        | Tag::GridBefore
        | Tag::Checked => (xml::attribute(e, b"val", part)?, None),
        _ => (None, None),
    };
    Ok(Element {
        tag: Some(tag),
        val,
        font,
        children: Vec::new(),
    })
}

fn in_text(stack: &[Element]) -> bool {
    stack.last().is_some_and(|e| e.is(Tag::Text))
}

fn push_text(stack: &mut [Element], content: &str) {
    if let Some(open) = stack.last_mut() {
        match open.children.last_mut() {
            Some(Node::Text(text)) => text.push_str(content),
            _ => open.children.push(Node::Text(content.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    fn texts(e: &Element, out: &mut String) {
        if e.is(Tag::Text) {
            out.push_str(&e.own_text());
        }
        for child in e.elements() {
            texts(child, out);
        }
    }

    #[test]
    fn deleted_text_instructions_fallbacks_and_formatting_are_left_out() {
        let doc = format!(
            r#"<w:document {W}><w:body><w:p><w:pPr><w:rPr><w:t>pPr</w:t></w:rPr></w:pPr><w:r><w:t>a &amp; </w:t></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r><mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:t>b</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>b</w:t></w:r></mc:Fallback></mc:AlternateContent><w:ins><w:r><w:t>c</w:t></w:r></w:ins></w:p></w:body></w:document>"#
        );
        let tree = parse(doc.as_bytes(), "word/document.xml").expect("valid XML");
        let mut out = String::new();
        texts(&tree, &mut out);
        assert_eq!(out, "a & bc", "only visible text is kept");
    }

    #[test]
    fn a_truncated_part_is_malformed() {
        let doc = format!(r#"<w:document {W}><w:body><w:p><w:r><w:t>a</w:t></w:r>"#);
        assert!(parse(doc.as_bytes(), "word/document.xml").is_err());
    }
}
