//! The house style every Word file Samdok writes shares: an A4 page with
//! 2.5 cm margins, Word's built-in heading styles, a header with the
//! document's name and "Sida X av Y" at the foot, and text helpers that
//! carry user text safely into runs. Drafts (`drafts::generate`) and the
//! remiss package (`export`) both build on it; each adds its own styles.
//!
//! The letters of the package (missiv, svarsmall) share more: [`base`] adds
//! Word's built-in Title and Heading 1–2 at their sizes, table cells with a
//! header fill, and [`finish`] runs the OOXML finishing every Word file gets
//! (`formats::ooxml`): language sv-SE, `Normal` as the default style, table
//! header rows, core and custom properties, schema order.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, LineSpacing, NumPages, PageMargin, PageNum,
    Paragraph, Run, Shading, ShdType, Style, StyleType, TableCell, TableCellMargins, WidthType,
    XMLDocx,
};

use crate::error::{Error, Result};
use crate::formats::ooxml::{self, escape};
use crate::formats::word_package;

/// A4 with 2.5 cm margins: the text width in twentieths of a point.
pub const TEXT_WIDTH: usize = 11906 - 2 * 1417;
/// Region Värmland's dark blue, for titles and headings.
pub const ACCENT: &str = "1F4E79";

/// Word's built-in heading style `id` ("Heading1" …, shown as Rubrik 1 in a
/// Swedish Word) with outline level `level` (0-based) and size in half-points.
pub fn heading_style(
    id: &str,
    name: &str,
    level: usize,
    size: usize,
    spacing: LineSpacing,
) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("Normal")
        .q_format(true)
        .ui_priority(9)
        .size(size)
        .bold()
        .color(ACCENT)
        .line_spacing(spacing)
        .outline_lvl(level)
}

/// The page: A4 margins, `header_text` at the top of every page and
/// "Sida X av Y" centred at the foot, with their styles.
pub fn page(header_text: &str) -> Docx {
    Docx::new()
        .page_margin(
            PageMargin::new()
                .top(1417)
                .bottom(1417)
                .left(1417)
                .right(1417)
                .header(708)
                .footer(708),
        )
        .add_style(
            Style::new("Header", StyleType::Paragraph)
                .name("header")
                .based_on("Normal")
                .size(18)
                .color("595959"),
        )
        .add_style(
            Style::new("Footer", StyleType::Paragraph)
                .name("footer")
                .based_on("Normal")
                .size(18)
                .color("595959")
                .align(AlignmentType::Center),
        )
        .header(Header::new().add_paragraph(styled("Header", header_text)))
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .style("Footer")
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_text("Sida "))
                    .add_page_num(PageNum::new())
                    .add_run(Run::new().add_text(" av "))
                    .add_num_pages(NumPages::new()),
            ),
        )
}

/// A run of `text`; line breaks in it become Word line breaks, and
/// characters XML cannot carry (and stray carriage returns) are dropped, as
/// are Unicode noncharacters (U+FDD0–U+FDEF), which are no text and mark
/// the places of [`ContentControls`].
pub fn text_run(text: &str) -> Run {
    let text: String = text
        .chars()
        .filter(|c| (!c.is_control() || matches!(c, '\n' | '\t')) && !is_marker_char(*c))
        .collect();
    let mut run = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

pub fn paragraph(text: &str) -> Paragraph {
    Paragraph::new().add_run(text_run(text))
}

pub fn styled(style: &str, text: &str) -> Paragraph {
    Paragraph::new().style(style).add_run(text_run(text))
}

/// `Label: value`, the label bold.
pub fn labelled(label: &str, value: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(format!("{label}: ")).bold())
        .add_run(text_run(value))
}
/// Light blue of table header cells, as in the drafts' metadata block.
pub const HEADER_FILL: &str = "DEEAF6";

/// A page with the house styles (`page`) and the missiv's and
/// svarsmall's own Title and Heading 1–2 sizes.
pub fn base(header_text: &str) -> Docx {
    let spacing = |level: usize| {
        LineSpacing::new()
            .before(if level == 0 { 320 } else { 240 })
            .after(100)
    };
    page(header_text)
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .size(36)
                .bold()
                .color(ACCENT)
                .line_spacing(LineSpacing::new().before(240).after(240)),
        )
        .add_style(heading_style("Heading1", "heading 1", 0, 28, spacing(0)))
        .add_style(heading_style("Heading2", "heading 2", 1, 24, spacing(1)))
}

/// The font of Word's check boxes: it has both ballot boxes (☐ ☒), and it
/// is what Word itself writes for a check box content control.
pub const CHECKBOX_FONT: &str = "MS Gothic";
/// The glyphs of a check box: ☒ checked, ☐ not (as Word's defaults).
pub const CHECKED_GLYPH: char = '\u{2612}';
pub const UNCHECKED_GLYPH: char = '\u{2610}';

fn is_marker_char(c: char) -> bool {
    ('\u{FDD0}'..='\u{FDEF}').contains(&c)
}

/// Word content controls (`w:sdt`), which docx-rs cannot write. Each
/// control gets a placeholder run in the docx-rs document (a marker text of
/// noncharacters no user text can carry, see [`text_run`]); finishing
/// ([`finish_with_controls`]) replaces every placeholder run with the
/// control's XML, all of it escaped here, and fails loudly when a
/// placeholder is not found exactly once.
///
/// The controls are run-level: they stand inside a paragraph, beside its
/// other runs. Their `w:id`s count from 1 in the order they were made, so
/// the same document gives the same bytes.
#[derive(Debug, Default)]
pub struct ContentControls {
    controls: Vec<String>,
    /// Whether a control needs the w14 namespace (check boxes do).
    uses_w14: bool,
}

impl ContentControls {
    /// A Word check box (`w14:checkbox`), unchecked, in [`CHECKBOX_FONT`].
    /// `alias` is the title Word shows on the control, `tag` a name for
    /// programs; neither survives every editor, so a reader must not need them.
    pub fn checkbox(&mut self, alias: &str, tag: &str) -> Run {
        let id = self.controls.len() + 1;
        let font = escape(CHECKBOX_FONT);
        self.uses_w14 = true;
        self.push(format!(
            concat!(
                "<w:sdt><w:sdtPr>",
                r#"<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}" /></w:rPr>"#,
                r#"<w:alias w:val="{alias}" /><w:tag w:val="{tag}" /><w:id w:val="{id}" />"#,
                r#"<w14:checkbox><w14:checked w14:val="0" />"#,
                r#"<w14:checkedState w14:val="{checked:04X}" w14:font="{font}" />"#,
                r#"<w14:uncheckedState w14:val="{unchecked:04X}" w14:font="{font}" />"#,
                "</w14:checkbox></w:sdtPr><w:sdtContent>",
                r#"<w:r><w:rPr><w:rFonts w:hint="eastAsia" w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}" /></w:rPr>"#,
                "<w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>"
            ),
            font = font,
            alias = escape(alias),
            tag = escape(tag),
            id = id,
            checked = u32::from(CHECKED_GLYPH),
            unchecked = u32::from(UNCHECKED_GLYPH),
            glyph = UNCHECKED_GLYPH,
        ))
    }

    /// An empty plain-text control (`w:text`): a person clicks into it and
    /// types; with `multi_line`, Enter gives a new line inside it.
    pub fn plain_text(&mut self, alias: &str, tag: &str, multi_line: bool) -> Run {
        let id = self.controls.len() + 1;
        self.push(format!(
            concat!(
                "<w:sdt><w:sdtPr>",
                r#"<w:alias w:val="{alias}" /><w:tag w:val="{tag}" /><w:id w:val="{id}" />"#,
                "{text}</w:sdtPr><w:sdtContent><w:r><w:rPr /></w:r></w:sdtContent></w:sdt>"
            ),
            alias = escape(alias),
            tag = escape(tag),
            id = id,
            text = if multi_line {
                r#"<w:text w:multiLine="1" />"#
            } else {
                "<w:text />"
            },
        ))
    }

    fn push(&mut self, xml: String) -> Run {
        let marker = marker(self.controls.len());
        self.controls.push(xml);
        Run::new().add_text(marker)
    }

    /// Writes every control in place of its placeholder run.
    pub fn apply(&self, document: &str) -> Result<String> {
        if self.controls.is_empty() {
            return Ok(document.to_owned());
        }
        if self.uses_w14 {
            ooxml::require_w14(document)?;
        }
        let mut out = document.to_owned();
        for (i, xml) in self.controls.iter().enumerate() {
            out = ooxml::replace_exactly_once(
                &out,
                &format!(
                    r#"<w:r><w:rPr /><w:t xml:space="preserve">{}</w:t></w:r>"#,
                    marker(i)
                ),
                xml,
                "innehållskontroll",
            )?;
        }
        Ok(out)
    }
}

fn marker(index: usize) -> String {
    format!("\u{FDD0}samdok-{index}\u{FDD1}")
}

/// Room between a cell's text and its borders: 1 mm above and below, 2 mm
/// at the sides (Word's default has none above and below).
pub fn cell_margins() -> TableCellMargins {
    TableCellMargins::new().margin(57, 113, 57, 113)
}

/// A cell of a table's header row: bold text on light blue.
pub fn header_cell(text: &str, width: usize) -> TableCell {
    TableCell::new()
        .add_paragraph(
            Paragraph::new()
                .line_spacing(LineSpacing::new().after(0))
                .add_run(Run::new().add_text(text).bold()),
        )
        .width(width, WidthType::Dxa)
        .shading(Shading::new().shd_type(ShdType::Clear).fill(HEADER_FILL))
}

/// A cell with plain text (line breaks kept).
pub fn text_cell(text: &str, width: usize) -> TableCell {
    TableCell::new()
        .add_paragraph(paragraph(text).line_spacing(LineSpacing::new().after(0)))
        .width(width, WidthType::Dxa)
}

/// Core properties of a package document.
pub struct Properties<'a> {
    pub title: &'a str,
    pub subject: &'a str,
    pub creator: &'a str,
    pub keywords: &'a str,
    pub description: &'a str,
    /// W3CDTF.
    pub created: &'a str,
    /// Custom document properties (name, text), in this order.
    pub custom: &'a [(&'a str, String)],
}

/// Builds the file and applies the drafts' finishing fixups.
pub fn finish(docx: Docx, props: &Properties<'_>) -> Result<Vec<u8>> {
    finish_with(docx, props, str::to_owned)
}

/// As [`finish`], with one more fixup of document.xml.
pub fn finish_with(
    docx: Docx,
    props: &Properties<'_>,
    extra: impl Fn(&str) -> String,
) -> Result<Vec<u8>> {
    finish_with_controls(docx, props, &ContentControls::default(), extra)
}

/// As [`finish_with`], and the content controls whose placeholders the
/// document holds are written in their places (after `extra`).
pub fn finish_with_controls(
    docx: Docx,
    props: &Properties<'_>,
    controls: &ContentControls,
    extra: impl Fn(&str) -> String,
) -> Result<Vec<u8>> {
    let mut xml = docx.build();
    let mut document = String::from_utf8_lossy(&xml.document).into_owned();
    for fix in [ooxml::strip_para_ids, ooxml::mark_header_rows] {
        document = fix(&document);
    }
    document = extra(&document);
    document = controls.apply(&document)?;
    xml.document = document.into_bytes();
    let styles = ooxml::set_doc_defaults(
        &String::from_utf8_lossy(&xml.styles),
        "Calibri",
        22,
        "sv-SE",
        120,
    )?;
    xml.styles = ooxml::default_paragraph_style(&styles)?.into_bytes();
    xml.doc_props.core = ooxml::core_xml(&ooxml::CoreProperties {
        title: props.title,
        subject: props.subject,
        creator: props.creator,
        keywords: props.keywords,
        description: props.description,
        last_modified_by: props.creator,
        language: "sv-SE",
        created: props.created,
    })
    .into_bytes();
    xml.doc_props.app = ooxml::app_xml(&format!("Samdok {}", crate::VERSION)).into_bytes();
    // docx-rs keeps custom properties in a hash map, so their order (and the
    // file's bytes) would change from run to run; written here in order.
    xml.doc_props.custom = custom_xml(props.custom).into_bytes();

    pack(xml)
}

/// Packs the parts and runs the package's finishing
/// ([`word_package::finish`]: schema order, theme, compression): the one
/// way every Word file Samdok writes leaves docx-rs.
pub fn pack(xml: XMLDocx) -> Result<Vec<u8>> {
    let mut out = Cursor::new(Vec::new());
    // The one allowed call (clippy.toml disallows it everywhere else).
    #[allow(clippy::disallowed_methods)]
    xml.pack(&mut out).map_err(|e| {
        Error::Io(std::io::Error::other(format!(
            "Word-filen kunde inte packas: {e}"
        )))
    })?;
    word_package::finish(&out.into_inner())
}

/// docProps/custom.xml with text properties, `pid` from 2 as Word numbers them.
fn custom_xml(properties: &[(&str, String)]) -> String {
    let mut out = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" "#,
        r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#
    ));
    for (i, (name, value)) in properties.iter().enumerate() {
        out.push_str(&format!(
            r#"<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{}" name="{}"><vt:lpwstr>{}</vt:lpwstr></property>"#,
            i + 2,
            escape(name),
            escape(value)
        ));
    }
    out.push_str("</Properties>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What docx-rs writes for a run, as the placeholder anchor expects.
    fn document_with(runs: &[Run]) -> String {
        let mut paragraph = Paragraph::new();
        for run in runs {
            paragraph = paragraph.add_run(run.clone());
        }
        let xml = Docx::new().add_paragraph(paragraph).build();
        String::from_utf8(xml.document).expect("UTF-8")
    }

    #[test]
    fn content_controls_replace_their_placeholders_escaped_and_numbered() {
        let mut controls = ContentControls::default();
        let check = controls.checkbox("A & \"B\"", "tag<1>");
        let text = controls.plain_text("Synpunkt", "s-1", true);
        let document = document_with(&[check, Run::new().add_text(" A & B"), text]);
        let out = controls
            .apply(&document)
            .expect("both placeholders are there");
        assert!(!out.contains('\u{FDD0}'), "no placeholder is left: {out}");
        assert!(
            out.contains(concat!(
                r#"<w:alias w:val="A &amp; &quot;B&quot;" /><w:tag w:val="tag&lt;1&gt;" /><w:id w:val="1" />"#,
                r#"<w14:checkbox><w14:checked w14:val="0" />"#,
                r#"<w14:checkedState w14:val="2612" w14:font="MS Gothic" />"#,
                r#"<w14:uncheckedState w14:val="2610" w14:font="MS Gothic" /></w14:checkbox></w:sdtPr>"#
            )),
            "alias, tag, id, then the check box last, escaped: {out}"
        );
        assert!(out.contains("<w:t>\u{2610}</w:t></w:r></w:sdtContent></w:sdt>"));
        assert!(out.contains(
            r#"<w:alias w:val="Synpunkt" /><w:tag w:val="s-1" /><w:id w:val="2" /><w:text w:multiLine="1" /></w:sdtPr><w:sdtContent><w:r><w:rPr /></w:r></w:sdtContent></w:sdt>"#
        ));
    }

    #[test]
    fn a_missing_or_repeated_placeholder_is_an_error() {
        let mut controls = ContentControls::default();
        let run = controls.plain_text("Namn", "n", false);
        let document = document_with(&[]);
        assert!(controls.apply(&document).is_err(), "missing");
        let twice = document_with(&[run.clone(), run]);
        assert!(controls.apply(&twice).is_err(), "twice");
    }

    #[test]
    fn user_text_cannot_forge_a_placeholder() {
        let mut controls = ContentControls::default();
        let real = controls.plain_text("Namn", "n", false);
        let forged = text_run(&marker(0));
        let document = document_with(&[forged, real]);
        let out = controls
            .apply(&document)
            .expect("the real placeholder is found once");
        assert_eq!(out.matches("<w:sdt>").count(), 1);
        assert!(
            out.contains("samdok-0"),
            "the forged text stays text, without its noncharacters"
        );
    }

    #[test]
    fn check_boxes_need_the_w14_namespace() {
        let mut controls = ContentControls::default();
        let run = controls.checkbox("A", "a");
        let document = document_with(&[run]);
        assert!(controls.apply(&document).is_ok(), "docx-rs declares w14");
        let without = document.replace(" mc:Ignorable=\"w14 wp14\"", "");
        assert_ne!(without, document, "the test removes mc:Ignorable");
        assert!(controls.apply(&without).is_err());
    }

    #[test]
    fn custom_properties_are_escaped_and_numbered_in_order() {
        let xml = custom_xml(&[
            ("Samdok.Part", "A & B".into()),
            ("Samdok.Dnr", "<1>".into()),
        ]);
        assert!(xml.contains(r#"pid="2" name="Samdok.Part"><vt:lpwstr>A &amp; B</vt:lpwstr>"#));
        assert!(xml.contains(r#"pid="3" name="Samdok.Dnr"><vt:lpwstr>&lt;1&gt;</vt:lpwstr>"#));
    }
}
