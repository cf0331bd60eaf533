//! Filling in a svarsmall the way a person does in Word, for tests: tick a
//! position's check box (its state and its glyph, as Word does), or delete
//! the box and type an X in its place; type into the Synpunkt and Förslag
//! controls of a row chosen by its section text; insert rows (a copy of a
//! row with its cells emptied, as Word's "Infoga rad nedanför" makes it) and
//! type into their cells; delete rows; fill in who answers.
//!
//! Self-contained (std, `zip`, `quick-xml`), so the end-to-end crate can use
//! it too through `#[path]`. It works on the XML Samdok writes, and panics
//! with a message when the form does not look like that: it is test code.
//! Every text is written escaped, line breaks as `w:br`, tabs as `w:tab`.

#![allow(dead_code)]

use std::io::{Cursor, Read, Write};

const DOCUMENT: &str = "word/document.xml";

/// A svarsmall being filled in.
pub struct Form {
    /// Every part of the package but the main document, in order.
    parts: Vec<(String, Vec<u8>)>,
    /// `word/document.xml`.
    pub document: String,
}

/// Escapes text for XML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Runs for typed text: each line a `w:t`, with `w:br` between lines and
/// `w:tab` for tabs, as Word writes what is typed.
pub fn runs(text: &str) -> String {
    let mut out = String::from("<w:r>");
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                out.push_str(&format!(
                    r#"<w:t xml:space="preserve">{}</w:t>"#,
                    escape(piece)
                ));
            }
        }
    }
    out.push_str("</w:r>");
    out
}

/// The unescaped text of every `w:t` in `xml`.
pub fn texts(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(at) = rest.find("<w:t") {
        rest = &rest[at + 4..];
        if !(rest.starts_with('>') || rest.starts_with(' ')) {
            continue;
        }
        let open_end = rest.find('>').expect("a closed tag");
        if rest[..open_end].ends_with('/') {
            continue;
        }
        let end = rest.find("</w:t>").expect("w:t closes");
        out.push_str(&quick_xml::escape::unescape(&rest[open_end + 1..end]).expect("escaped text"));
        rest = &rest[end..];
    }
    out
}

/// The byte range of the element `<tag>…</tag>` (not nested in itself)
/// that contains `at`.
fn enclosing(xml: &str, at: usize, tag: &str) -> (usize, usize) {
    let open = format!("<{tag}>");
    let open_attrs = format!("<{tag} ");
    let close = format!("</{tag}>");
    let start = [xml[..at].rfind(&open), xml[..at].rfind(&open_attrs)]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or_else(|| panic!("a <{tag}> before byte {at}"));
    let end = xml[at..]
        .find(&close)
        .unwrap_or_else(|| panic!("a </{tag}> after byte {at}"))
        + at
        + close.len();
    (start, end)
}

/// Byte ranges of the `<tag>…</tag>` elements directly in `xml` (the form
/// nests neither rows, cells nor controls in themselves).
fn elements(xml: &str, tag: &str) -> Vec<(usize, usize)> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = xml[from..].find(&open) {
        let start = from + at;
        let end = xml[start..]
            .find(&close)
            .unwrap_or_else(|| panic!("<{tag}> closes"))
            + start
            + close.len();
        out.push((start, end));
        from = end;
    }
    out
}

impl Form {
    /// Opens a svarsmall (.docx bytes).
    pub fn open(bytes: &[u8]) -> Form {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a .docx is a zip");
        let mut parts = Vec::new();
        let mut document = None;
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).expect("a readable entry");
            let name = entry.name().to_owned();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("a readable entry");
            if name == DOCUMENT {
                document = Some(String::from_utf8(data).expect("UTF-8 XML"));
            } else {
                parts.push((name, data));
            }
        }
        Form {
            parts,
            document: document.expect("the .docx has word/document.xml"),
        }
    }

    /// Changes a custom document property (`Samdok.Partkod` …), as someone
    /// editing the file's properties would.
    pub fn set_property(&mut self, name: &str, value: &str) -> &mut Self {
        let (_, data) = self
            .parts
            .iter_mut()
            .find(|(n, _)| n == "docProps/custom.xml")
            .expect("the form has custom properties");
        let xml = String::from_utf8(data.clone()).expect("UTF-8 XML");
        let anchor = format!(r#"name="{name}"><vt:lpwstr>"#);
        let start = xml
            .find(&anchor)
            .unwrap_or_else(|| panic!("the form has the property {name}"))
            + anchor.len();
        let end = xml[start..].find("</vt:lpwstr>").expect("the value closes") + start;
        *data = format!("{}{}{}", &xml[..start], escape(value), &xml[end..]).into_bytes();
        self
    }

    /// The filled-in form as .docx bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut write = |name: &str, data: &[u8]| {
            zip.start_file(name, options).expect("a zip entry");
            zip.write_all(data).expect("written");
        };
        // [Content_Types].xml first, as Word writes it.
        for (name, data) in self
            .parts
            .iter()
            .filter(|(n, _)| n == "[Content_Types].xml")
        {
            write(name, data);
        }
        write(DOCUMENT, self.document.as_bytes());
        for (name, data) in self
            .parts
            .iter()
            .filter(|(n, _)| n != "[Content_Types].xml")
        {
            write(name, data);
        }
        zip.finish().expect("the zip closes").into_inner()
    }

    /// The paragraph whose text after its box is exactly `label`.
    fn position_paragraph(&self, label: &str) -> (usize, usize) {
        let needle = format!(r#"<w:t xml:space="preserve"> {}</w:t>"#, escape(label));
        let at = self
            .document
            .find(&needle)
            .unwrap_or_else(|| panic!("the form has the position {label}"));
        enclosing(&self.document, at, "w:p")
    }

    /// Ticks the check box of `label` as Word does: the state and the glyph.
    pub fn tick(&mut self, label: &str) -> &mut Self {
        let (start, end) = self.position_paragraph(label);
        let paragraph = &self.document[start..end];
        assert!(
            paragraph.contains(r#"<w14:checked w14:val="0" />"#),
            "the box of {label} is an unchecked check box"
        );
        let ticked = paragraph
            .replacen(
                r#"<w14:checked w14:val="0" />"#,
                r#"<w14:checked w14:val="1" />"#,
                1,
            )
            .replacen("<w:t>\u{2610}</w:t>", "<w:t>\u{2612}</w:t>", 1);
        self.document.replace_range(start..end, &ticked);
        self
    }

    /// Deletes the check box of `label` and types an X in its place.
    pub fn type_x(&mut self, label: &str, x: &str) -> &mut Self {
        let (start, end) = self.position_paragraph(label);
        let paragraph = &self.document[start..end];
        let sdt_start = paragraph.find("<w:sdt>").expect("the line has a check box");
        let sdt_end = paragraph.find("</w:sdt>").expect("the check box closes") + "</w:sdt>".len();
        let typed = format!(
            "{}{}{}",
            &paragraph[..sdt_start],
            runs(x),
            &paragraph[sdt_end..]
        );
        self.document.replace_range(start..end, &typed);
        self
    }

    /// The comment table's byte range.
    fn table(&self) -> (usize, usize) {
        let start = self.document.find("<w:tbl>").expect("the form has a table");
        let end = self.document[start..]
            .find("</w:tbl>")
            .expect("the table closes")
            + start
            + "</w:tbl>".len();
        (start, end)
    }

    /// Byte ranges of the table's rows.
    fn rows(&self) -> Vec<(usize, usize)> {
        let (start, end) = self.table();
        elements(&self.document[start..end], "w:tr")
            .into_iter()
            .map(|(s, e)| (start + s, start + e))
            .collect()
    }

    /// The first row (after the header) whose first cell reads `section`
    /// and, with `empty`, whose other cells are still empty.
    fn find_row(&self, section: &str, empty: bool) -> (usize, usize) {
        self.rows()
            .into_iter()
            .skip(1)
            .find(|&(s, e)| {
                let row = &self.document[s..e];
                let cells = elements(row, "w:tc");
                let first = cells.first().map(|&(cs, ce)| texts(&row[cs..ce]));
                first.as_deref() == Some(section)
                    && (!empty
                        || cells
                            .iter()
                            .skip(1)
                            .all(|&(cs, ce)| texts(&row[cs..ce]).is_empty()))
            })
            .unwrap_or_else(|| panic!("the table has a row for «{section}» (empty: {empty})"))
    }

    fn row(&self, section: &str) -> (usize, usize) {
        self.find_row(section, true)
    }

    /// Types into the Synpunkt and Förslag controls of the row of `section`
    /// (the first free row for ""); an empty text leaves its control as it is.
    pub fn write(&mut self, section: &str, text: &str, proposal: &str) -> &mut Self {
        let (start, end) = self.row(section);
        let mut row = self.document[start..end].to_owned();
        for (n, typed) in [text, proposal].into_iter().enumerate().rev() {
            if typed.is_empty() {
                continue;
            }
            let controls = elements(&row, "w:sdtContent");
            let &(cs, ce) = controls.get(n).expect("the row has two controls");
            row.replace_range(
                cs..ce,
                &format!("<w:sdtContent>{}</w:sdtContent>", runs(typed)),
            );
        }
        self.document.replace_range(start..end, &row);
        self
    }

    /// Types `section` into the first cell of the first free row, beside
    /// whatever is there, as a person does.
    pub fn write_section(&mut self, section: &str) -> &mut Self {
        let (start, end) = self.row("");
        let row = &self.document[start..end];
        let (cs, ce) = elements(row, "w:tc")[0];
        let cell = &row[cs..ce];
        let at = cell.rfind("</w:p>").expect("the cell has a paragraph");
        let typed = format!("{}{}{}", &cell[..at], runs(section), &cell[at..]);
        let row = format!("{}{}{}", &row[..cs], typed, &row[ce..]);
        self.document.replace_range(start..end, &row);
        self
    }

    /// Inserts a row below the row of `after` as Word does (the same row and
    /// cell properties, each cell one empty paragraph, no controls) and
    /// types the three texts into its cells.
    pub fn add_row_after(
        &mut self,
        after: &str,
        section: &str,
        text: &str,
        proposal: &str,
    ) -> &mut Self {
        let (start, end) = self.find_row(after, false);
        let row = self.document[start..end].to_owned();
        let mut copy = String::new();
        let cells = elements(&row, "w:tc");
        copy.push_str(&row[..cells[0].0]);
        for (&(cs, ce), typed) in cells.iter().zip([section, text, proposal]) {
            let cell = &row[cs..ce];
            let properties = cell
                .find("<w:p>")
                .map(|p| &cell[..p])
                .expect("the cell has a paragraph");
            let paragraph_properties = cell
                .find("<w:pPr>")
                .and_then(|p| cell[p..].find("</w:pPr>").map(|e| &cell[p..p + e + 8]))
                .unwrap_or("");
            copy.push_str(&format!(
                "{properties}<w:p>{paragraph_properties}{}</w:p></w:tc>",
                if typed.is_empty() {
                    String::new()
                } else {
                    runs(typed)
                }
            ));
        }
        copy.push_str("</w:tr>");
        self.document.insert_str(end, &copy);
        self
    }

    /// Deletes the row of `section`.
    pub fn delete_row(&mut self, section: &str) -> &mut Self {
        let (start, end) = self.find_row(section, false);
        self.document.replace_range(start..end, "");
        self
    }

    /// Presses Enter after the paragraph (in a cell) that holds `after`
    /// and types `typed` in the new paragraph.
    pub fn enter_and_type(&mut self, after: &str, typed: &str) -> &mut Self {
        let at = self
            .document
            .find(&escape(after))
            .unwrap_or_else(|| panic!("the form has «{after}»"));
        let end = self.document[at..]
            .find("</w:p>")
            .expect("its paragraph closes")
            + at;
        self.document
            .insert_str(end, &format!("</w:p><w:p>{}", runs(typed)));
        self
    }

    /// Fills in a line of "Svaret lämnas av" (Namn, E-post …) in its control.
    pub fn respondent(&mut self, label: &str, value: &str) -> &mut Self {
        let needle = format!(r#"<w:t xml:space="preserve">{}: </w:t>"#, escape(label));
        let at = self
            .document
            .find(&needle)
            .unwrap_or_else(|| panic!("the form has the line {label}"));
        let (start, end) = enclosing(&self.document, at, "w:p");
        let paragraph = &self.document[start..end];
        let (cs, ce) = elements(paragraph, "w:sdtContent")
            .into_iter()
            .next()
            .expect("the line has a control");
        let filled = format!(
            "{}<w:sdtContent>{}</w:sdtContent>{}",
            &paragraph[..cs],
            runs(value),
            &paragraph[ce..]
        );
        self.document.replace_range(start..end, &filled);
        self
    }
}
