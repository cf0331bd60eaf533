//! Reading a returned svarsmall (`export::svarsmall`) back: the round and
//! party from its custom document properties, the position from the check
//! boxes (or an X typed over a box), the comments from the table found by
//! its header row, each row's section from its first column.
//!
//! Nothing is guessed: what cannot be read is said in `problems`.

mod tree;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::export::{
    FORM_VERSION, POSITIONS, PROPERTY_PREFIX, RESPONDENT_HEADING, RESPONDENT_LINES,
    SVARSMALL_COLUMNS as COLUMNS, TABLE_CAPTION,
};
use crate::formats::docx::{Package, CUSTOM_PROPERTIES_PART, MAX_SMALL_PART_BYTES};
use crate::formats::xml;
use tree::{Element, Tag};

/// What a returned svarsmall says, as read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReadForm {
    /// `Samdok.Rundnyckel`: the round's key. `None` in forms made before
    /// rounds had keys.
    pub round_key: Option<String>,
    /// `Samdok.Partkod`.
    pub party_code: Option<String>,
    /// Every `Samdok.*` custom property, by name without the prefix
    /// ("Runda", "Dokument", "Version", "Rundtyp", …).
    pub properties: BTreeMap<String, String>,
    /// Codes of the positions ticked (`reference.json` positions:
    /// "tillstyrker", …), in the form's order. Empty when none is ticked;
    /// more than one is returned as read, and the caller does not choose.
    pub positions: Vec<String>,
    /// The filled rows of the comment table, in order.
    pub comments: Vec<ReadComment>,
    /// The filled lines of "Svaret lämnas av": (label, value).
    pub respondent: Vec<(String, String)>,
    /// What could not be read, one Swedish sentence each.
    pub problems: Vec<String>,
}

/// One filled row of the comment table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReadComment {
    /// The row's number under the header row (1 = first row).
    pub row: usize,
    /// The first column as written, trimmed; may be empty.
    pub section: String,
    pub text: String,
    pub proposal: String,
}

/// Largest main document part a form may have. A svarsmall is some 100 kB
/// of XML, a well-filled one a few hundred; the limit keeps the reader's
/// tree small whatever the file.
pub const MAX_FORM_DOCUMENT_BYTES: u64 = 8 * 1024 * 1024;

/// The `Samdok.Dokumenttyp` of a svarsmall.
const FORM_TYPE: &str = "svarsmall";

/// Marks that tick a position when they stand before (or after) its label
/// instead of an empty box: typed letters, ballot boxes with a mark, and
/// check marks.
const TICKS: [char; 12] = ['x', 'X', '×', '☒', '☑', '✓', '✔', '✗', '✘', '⌧', '🗸', '⊠'];
/// Empty boxes, which mark a position line but tick nothing.
const EMPTY_BOXES: [char; 3] = ['☐', '□', '❏'];

/// Reads a returned svarsmall.
///
/// Errors (Swedish, [`Error::UnreadableDocx`]) for what is not a Word
/// document or is damaged (see `formats::docx`), and for a Word document
/// that is not a svarsmall from Samdok; everything else that cannot be read
/// is a sentence in [`ReadForm::problems`].
pub fn read_form(bytes: &[u8]) -> Result<ReadForm> {
    let mut package = Package::open(bytes)?;
    let document_name = package.document_name().to_owned();
    let document = package
        .part(&document_name, MAX_FORM_DOCUMENT_BYTES)?
        .ok_or_else(|| {
            Error::UnreadableDocx(format!(
                "Filen är skadad: dokumentets text ({document_name}) saknas i den. \
                 Välj en hel kopia av svarsmallen."
            ))
        })?;
    let custom = package.part(CUSTOM_PROPERTIES_PART, MAX_SMALL_PART_BYTES)?;

    let mut form = ReadForm::default();
    if let Some(custom) = custom {
        for (name, value) in custom_properties(&custom)? {
            if let Some(short) = name.strip_prefix(PROPERTY_PREFIX) {
                form.properties.insert(short.to_owned(), value);
            }
        }
    }
    let property = |name: &str| {
        form.properties
            .get(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    form.round_key = property("Rundnyckel");
    form.party_code = property("Partkod");
    let is_form = property("Dokumenttyp").is_some_and(|t| t.eq_ignore_ascii_case(FORM_TYPE));
    let newer_version = property("Mallversion")
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|v| FORM_VERSION.parse::<u32>().is_ok_and(|known| *v > known));

    let body = tree::parse(&document, &document_name)?;
    let mut blocks = Vec::new();
    collect_blocks(&body, &mut blocks);
    let table = blocks.iter().find_map(|block| match block {
        Block::Table(t) => comment_table(t),
        Block::Paragraph(_) => None,
    });
    if !is_form && table.is_none() {
        return Err(Error::UnreadableDocx(format!(
            "Filen är inte en svarsmall från Samdok: den saknar både Samdoks uppgifter om \
             runda och part och tabellen «{TABLE_CAPTION}». Välj den svarsmall som skickades \
             med remissen, ifylld och sparad som Word-dokument (.docx)."
        )));
    }
    if !is_form {
        form.problems.push(
            "Filen saknar Samdoks dokumentegenskaper, så det framgår inte av den vilken runda \
             och part svaret gäller."
                .to_owned(),
        );
    }
    if let Some(version) = newer_version {
        form.problems.push(format!(
            "Svarsmallen är gjord av en nyare version av Samdok (mallversion {version}); \
             kontrollera att allt har lästs."
        ));
    }

    read_positions(&blocks, table.as_ref().map(|t| t.source), &mut form)?;
    match &table {
        Some(table) => read_comments(table, &mut form),
        None => form.problems.push(format!(
            "Tabellen «{TABLE_CAPTION}» med kolumnerna {} hittades inte, så inga synpunkter \
             kunde läsas.",
            COLUMNS.join(", ")
        )),
    }
    read_respondent(&blocks, &mut form);
    Ok(form)
}

/// The custom document properties: (name, value as text), in file order.
fn custom_properties(bytes: &[u8]) -> Result<Vec<(String, String)>> {
    use quick_xml::events::Event;
    let part = CUSTOM_PROPERTIES_PART;
    let text = xml::decode_text(bytes, part)?;
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut out = Vec::new();
    let mut depth = 0usize;
    // The property being read: its name, its value so far, and its depth.
    let mut current: Option<(String, String, usize)> = None;
    loop {
        let event = reader.read_event().map_err(|_| xml::malformed(part))?;
        match event {
            Event::Start(ref e) => {
                depth += 1;
                if depth > xml::MAX_DEPTH {
                    return Err(xml::too_deep(part));
                }
                if current.is_none() && e.local_name().as_ref() == b"property" {
                    let name = xml::attribute(e, b"name", part)?.unwrap_or_default();
                    current = Some((name, String::new(), depth));
                }
            }
            Event::End(_) => {
                if current.as_ref().is_some_and(|(_, _, d)| *d == depth) {
                    if let Some((name, value, _)) = current.take() {
                        out.push((name, value));
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(ref t) => {
                if let Some((_, value, _)) = current.as_mut() {
                    value.push_str(&t.xml10_content().map_err(|_| xml::malformed(part))?);
                }
            }
            Event::CData(ref t) => {
                if let Some((_, value, _)) = current.as_mut() {
                    value.push_str(&t.decode().map_err(|_| xml::malformed(part))?);
                }
            }
            Event::GeneralRef(ref r) => {
                if let (Some((_, value, _)), Some(text)) =
                    (current.as_mut(), xml::resolve_reference(r))
                {
                    value.push_str(&text);
                }
            }
            Event::DocType(_) => return Err(xml::doctype(part)),
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err(xml::malformed(part));
    }
    Ok(out)
}

/// A paragraph or a table of the body, in document order (content controls
/// and other wrappers around them looked through).
enum Block<'a> {
    Paragraph(&'a Element),
    Table(&'a Element),
}

fn collect_blocks<'a>(element: &'a Element, out: &mut Vec<Block<'a>>) {
    for child in element.elements() {
        match child.tag {
            Some(Tag::Paragraph) => out.push(Block::Paragraph(child)),
            Some(Tag::Table) => out.push(Block::Table(child)),
            Some(Tag::Container | Tag::ControlContent) => collect_blocks(child, out),
            Some(Tag::Control) => {
                if let Some(content) = child.child(Tag::ControlContent) {
                    collect_blocks(content, out);
                }
            }
            _ => {}
        }
    }
}

/// A piece of a paragraph: text, or a check box (ticked or not).
#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    Box(bool),
}

/// The pieces of a paragraph, in order.
fn pieces(paragraph: &Element) -> Vec<Piece> {
    let mut out = Vec::new();
    inline(paragraph, &mut out);
    out
}

fn push_text(out: &mut Vec<Piece>, text: &str) {
    if let Some(Piece::Text(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Piece::Text(text.to_owned()));
    }
}

fn inline(element: &Element, out: &mut Vec<Piece>) {
    for child in element.elements() {
        match child.tag {
            Some(Tag::Run) => run(child, out),
            Some(Tag::Control) => control(child, out),
            Some(Tag::Container | Tag::ControlContent) => inline(child, out),
            _ => {}
        }
    }
}

fn run(run: &Element, out: &mut Vec<Piece>) {
    for child in run.elements() {
        match child.tag {
            Some(Tag::Text) => push_text(out, &child.own_text()),
            Some(Tag::Tab) => push_text(out, "\t"),
            Some(Tag::Break) => push_text(out, "\n"),
            Some(Tag::NoBreakHyphen) => push_text(out, "-"),
            Some(Tag::Symbol) => {
                if let Some(c) = symbol(child) {
                    push_text(out, c.encode_utf8(&mut [0; 4]));
                }
            }
            _ => {}
        }
    }
}

/// The character of a `w:sym`: the ballot boxes and check marks of
/// Wingdings (what Word's Insert Symbol gives), or a Unicode character.
fn symbol(sym: &Element) -> Option<char> {
    let code = u32::from_str_radix(sym.val.as_deref()?.trim(), 16).ok()?;
    let font = sym.font.as_deref().unwrap_or_default().to_lowercase();
    if font.starts_with("wingdings") {
        // Symbol fonts are addressed from F000 as well as from 0.
        return match code & 0xFF {
            0x6F | 0xA8 => Some('☐'),
            0x78 | 0xFD => Some('☒'),
            0xFE => Some('☑'),
            0xFB => Some('✗'),
            0xFC => Some('✓'),
            _ => None,
        };
    }
    char::from_u32(code).filter(|c| !c.is_control())
}

/// A run-level content control: a check box becomes a box, ticked when it
/// is checked or its glyph is a mark; a control showing its placeholder
/// adds nothing; any other is read through.
fn control(sdt: &Element, out: &mut Vec<Piece>) {
    let properties = sdt.child(Tag::ControlProperties);
    let content = sdt.child(Tag::ControlContent);
    if let Some(checkbox) = properties.and_then(|p| p.child(Tag::Checkbox)) {
        let checked = checkbox
            .child(Tag::Checked)
            .and_then(|c| c.val.as_deref())
            .is_some_and(|v| matches!(v.trim(), "1" | "true" | "on"));
        let mut glyph = Vec::new();
        if let Some(content) = content {
            inline(content, &mut glyph);
        }
        let marked = glyph.iter().any(|p| match p {
            Piece::Text(t) => t.chars().any(|c| TICKS.contains(&c)),
            Piece::Box(ticked) => *ticked,
        });
        out.push(Piece::Box(checked || marked));
        return;
    }
    if properties.is_some_and(|p| p.child(Tag::ShowingPlaceholder).is_some()) {
        return;
    }
    if let Some(content) = content {
        inline(content, out);
    }
}

/// The paragraph's text; a box counts as its glyph.
fn paragraph_text(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Box(true) => out.push('☒'),
            Piece::Box(false) => out.push('☐'),
        }
    }
    out
}

/// Whitespace collapsed and lower case, for comparing labels.
fn normalised(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A position line as read: its label (as written) and whether it is ticked.
struct PositionLine {
    label: String,
    ticked: bool,
    /// Whether a mark other than a typed letter ticks it.
    ticked_by_symbol: bool,
}

/// Splits a line into marks before and after its label and the label.
fn position_line(text: &str) -> PositionLine {
    let is_mark = |c: char| TICKS.contains(&c) || EMPTY_BOXES.contains(&c);
    let mut line = PositionLine {
        label: String::new(),
        ticked: false,
        ticked_by_symbol: false,
    };
    let note = |c: char, line: &mut PositionLine| {
        if TICKS.contains(&c) {
            line.ticked = true;
            if !c.is_alphabetic() {
                line.ticked_by_symbol = true;
            }
        }
    };
    // Leading marks, with or without space before the label.
    let mut rest = text.trim_start();
    while let Some(c) = rest.chars().next().filter(|c| is_mark(*c)) {
        note(c, &mut line);
        rest = rest[c.len_utf8()..].trim_start();
    }
    // Trailing marks standing as words of their own ("Avstyrker X").
    let mut words: Vec<&str> = rest.split_whitespace().collect();
    while words.len() > 1 {
        match words.last() {
            Some(word) if word.chars().all(is_mark) => {
                for c in word.chars() {
                    note(c, &mut line);
                }
                words.pop();
            }
            _ => break,
        }
    }
    line.label = words.join(" ");
    line
}

/// The positions ticked, from the lines outside the comment table.
fn read_positions(
    blocks: &[Block<'_>],
    comment_table: Option<&Element>,
    form: &mut ReadForm,
) -> Result<()> {
    let reference = crate::assets::reference()?;
    let mut paragraphs = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(p) => paragraphs.push(*p),
            Block::Table(t) if comment_table.is_some_and(|c| std::ptr::eq(c, *t)) => {}
            Block::Table(t) => table_paragraphs(t, &mut paragraphs),
        }
    }
    let mut ticked: Vec<&str> = Vec::new();
    for paragraph in paragraphs {
        let pieces = pieces(paragraph);
        let line = position_line(&paragraph_text(&pieces));
        let wanted = normalised(&line.label);
        match POSITIONS.iter().find(|p| normalised(p) == wanted) {
            Some(position) if line.ticked && !ticked.contains(position) => {
                ticked.push(position);
            }
            Some(_) => {}
            None if line.ticked_by_symbol => {
                form.problems.push(format!(
                    "En markerad ruta står vid texten «{}», som inte är något av \
                     ställningstagandena ({}); den lästes inte.",
                    shortened(&line.label),
                    POSITIONS.join(", ")
                ));
            }
            None => {}
        }
    }
    // In the form's order.
    let ticked: Vec<&str> = POSITIONS
        .iter()
        .copied()
        .filter(|p| ticked.contains(p))
        .collect();
    for name in &ticked {
        match reference.find_position(name) {
            Some(choice) => form.positions.push(choice.code.clone()),
            None => {
                return Err(Error::Assets {
                    what: "reference.json",
                    reason: format!("ställningstagandet {name} saknas"),
                })
            }
        }
    }
    match ticked.len() {
        0 => form
            .problems
            .push("Inget ställningstagande är markerat i svarsmallen.".to_owned()),
        1 => {}
        _ => form.problems.push(format!(
            "Flera ställningstaganden är markerade ({}); Samdok väljer inte mellan dem.",
            ticked.join(", ")
        )),
    }
    Ok(())
}

/// Every paragraph of a table, nested tables included, in order.
fn table_paragraphs<'a>(table: &'a Element, out: &mut Vec<&'a Element>) {
    for child in table.elements() {
        match child.tag {
            Some(Tag::Paragraph) => out.push(child),
            Some(Tag::Table | Tag::Row | Tag::Cell | Tag::Container | Tag::ControlContent) => {
                table_paragraphs(child, out)
            }
            Some(Tag::Control) => {
                if let Some(content) = child.child(Tag::ControlContent) {
                    table_paragraphs(content, out);
                }
            }
            _ => {}
        }
    }
}

/// A cell of a row: where it starts in the table's grid, how many grid
/// columns it spans, whether it is merged with the cell above or beside it,
/// and its text.
struct GridCell {
    start: usize,
    span: usize,
    merged: bool,
    text: String,
}

/// The rows of a table (rows inside content controls and other wrappers
/// included; rows deleted with tracked changes left out), each as its
/// cells.
fn rows(table: &Element) -> Vec<Vec<GridCell>> {
    let mut rows = Vec::new();
    collect_rows(table, &mut rows);
    rows.into_iter()
        .filter(|row| {
            row.child(Tag::RowProperties)
                .is_none_or(|p| p.child(Tag::DeletedRow).is_none())
        })
        .map(row_cells)
        .collect()
}

fn collect_rows<'a>(element: &'a Element, out: &mut Vec<&'a Element>) {
    for child in element.elements() {
        match child.tag {
            Some(Tag::Row) => out.push(child),
            Some(Tag::Container | Tag::ControlContent) => collect_rows(child, out),
            Some(Tag::Control) => {
                if let Some(content) = child.child(Tag::ControlContent) {
                    collect_rows(content, out);
                }
            }
            _ => {}
        }
    }
}

fn number(val: Option<&str>) -> Option<usize> {
    val?.trim().parse().ok()
}

fn row_cells(row: &Element) -> Vec<GridCell> {
    let mut start = row
        .child(Tag::RowProperties)
        .and_then(|p| p.child(Tag::GridBefore))
        .and_then(|g| number(g.val.as_deref()))
        .unwrap_or(0);
    let mut cells = Vec::new();
    collect_cells(row, &mut cells);
    cells
        .into_iter()
        .map(|cell| {
            let properties = cell.child(Tag::CellProperties);
            let span = properties
                .and_then(|p| p.child(Tag::GridSpan))
                .and_then(|g| number(g.val.as_deref()))
                .filter(|n| *n >= 1)
                .unwrap_or(1)
                .min(1_000);
            let merged = properties.is_some_and(|p| {
                p.child(Tag::VerticalMerge).is_some() || p.child(Tag::HorizontalMerge).is_some()
            });
            let mut paragraphs = Vec::new();
            table_paragraphs(cell, &mut paragraphs);
            let text = paragraphs
                .iter()
                .map(|p| paragraph_text(&pieces(p)))
                .collect::<Vec<_>>()
                .join("\n");
            let grid_cell = GridCell {
                start,
                span,
                merged,
                text: text.trim().to_owned(),
            };
            start = start.saturating_add(span);
            grid_cell
        })
        .collect()
}

fn collect_cells<'a>(element: &'a Element, out: &mut Vec<&'a Element>) {
    for child in element.elements() {
        match child.tag {
            Some(Tag::Cell) => out.push(child),
            Some(Tag::Container | Tag::ControlContent) => collect_cells(child, out),
            Some(Tag::Control) => {
                if let Some(content) = child.child(Tag::ControlContent) {
                    collect_cells(content, out);
                }
            }
            _ => {}
        }
    }
}

/// The comment table as found: its rows after the header row, and where
/// each column (Avsnitt, Synpunkt, Förslag) stands in its grid.
struct CommentTable<'a> {
    source: &'a Element,
    /// (grid start, span) of each of [`COLUMNS`].
    columns: [(usize, usize); 3],
    header: Vec<String>,
    rows: Vec<Vec<GridCell>>,
}

/// The table whose header row names the three columns, if this is it.
fn comment_table(table: &Element) -> Option<CommentTable<'_>> {
    let mut rows = rows(table).into_iter();
    for row in rows.by_ref().take(3) {
        let found: Vec<Option<&GridCell>> = COLUMNS
            .iter()
            .map(|name| row.iter().find(|c| normalised(&c.text) == normalised(name)))
            .collect();
        if let [Some(section), Some(text), Some(proposal)] = found[..] {
            let columns = [
                (section.start, section.span),
                (text.start, text.span),
                (proposal.start, proposal.span),
            ];
            let header = row.iter().map(|c| normalised(&c.text)).collect();
            return Some(CommentTable {
                source: table,
                columns,
                header,
                rows: rows.collect(),
            });
        }
    }
    None
}

fn read_comments(table: &CommentTable<'_>, form: &mut ReadForm) {
    for (i, row) in table.rows.iter().enumerate() {
        let number = i + 1;
        if row.iter().all(|c| c.text.is_empty()) {
            continue;
        }
        // The header row again (a copy, or a repeated header).
        if row.iter().map(|c| normalised(&c.text)).collect::<Vec<_>>() == table.header {
            continue;
        }
        let cell = |column: usize| {
            let (start, span) = table.columns[column];
            row.iter()
                .find(|c| c.start == start)
                .filter(|c| c.span == span && !c.merged)
        };
        match (cell(0), cell(1), cell(2)) {
            (Some(section), Some(text), Some(proposal)) => {
                if text.text.is_empty() && proposal.text.is_empty() {
                    continue;
                }
                form.comments.push(ReadComment {
                    row: number,
                    section: section.text.clone(),
                    text: text.text.clone(),
                    proposal: proposal.text.clone(),
                });
            }
            _ => form.problems.push(format!(
                "Rad {number} i tabellen «{TABLE_CAPTION}» kunde inte läsas: dess celler \
                 följer inte tabellens kolumner (sammanfogade eller saknade celler). \
                 Texten på raden börjar «{}»; för in synpunkten för hand.",
                shortened(
                    &row.iter()
                        .map(|c| c.text.as_str())
                        .filter(|t| !t.is_empty())
                        .collect::<Vec<_>>()
                        .join(" | ")
                )
            )),
        }
    }
}

/// The filled lines of "Svaret lämnas av": paragraphs after its heading
/// that begin with one of the labels and a colon.
fn read_respondent(blocks: &[Block<'_>], form: &mut ReadForm) {
    let mut after_heading = false;
    for block in blocks {
        let Block::Paragraph(paragraph) = block else {
            continue;
        };
        let text = paragraph_text(&pieces(paragraph));
        if normalised(&text) == normalised(RESPONDENT_HEADING) {
            after_heading = true;
            continue;
        }
        if !after_heading {
            continue;
        }
        let Some((before, after)) = text.trim().split_once(':') else {
            continue;
        };
        if let Some(label) = RESPONDENT_LINES
            .iter()
            .find(|label| normalised(before) == normalised(label))
        {
            let value = after.trim();
            if !value.is_empty() {
                form.respondent
                    .push(((*label).to_owned(), value.to_owned()));
            }
        }
    }
}

/// At most 80 characters of a text, for a sentence about it.
fn shortened(text: &str) -> String {
    const MAX: usize = 80;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= MAX {
        return flat;
    }
    let mut out: String = flat.chars().take(MAX).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_before_or_after_the_label_ticks_it() {
        for (text, label, ticked) in [
            ("☐ Tillstyrker", "Tillstyrker", false),
            ("☒ Tillstyrker", "Tillstyrker", true),
            ("X Avstår", "Avstår", true),
            ("xAvstår", "Avstår", true),
            ("☐ X Avstyrker", "Avstyrker", true),
            ("Avstyrker X", "Avstyrker", true),
            ("  ✔  Inga   synpunkter ", "Inga synpunkter", true),
            (
                "Tillstyrker med synpunkter",
                "Tillstyrker med synpunkter",
                false,
            ),
        ] {
            let line = position_line(text);
            assert_eq!(line.label, label, "the label of «{text}»");
            assert_eq!(line.ticked, ticked, "whether «{text}» is ticked");
        }
    }

    #[test]
    fn tillstyrker_does_not_match_tillstyrker_med_synpunkter() {
        let wanted = normalised(&position_line("☒ Tillstyrker med synpunkter").label);
        let found: Vec<&str> = POSITIONS
            .iter()
            .copied()
            .filter(|p| normalised(p) == wanted)
            .collect();
        assert_eq!(found, ["Tillstyrker med synpunkter"]);
    }

    #[test]
    fn wingdings_boxes_and_checks_are_read_as_marks() {
        let sym = |code: &str, font: &str| Element {
            tag: Some(Tag::Symbol),
            val: Some(code.into()),
            font: Some(font.into()),
            children: Vec::new(),
        };
        assert_eq!(symbol(&sym("F0FD", "Wingdings")), Some('☒'));
        assert_eq!(symbol(&sym("F0FC", "Wingdings")), Some('✓'));
        assert_eq!(symbol(&sym("F06F", "Wingdings")), Some('☐'));
        assert_eq!(symbol(&sym("2612", "Segoe UI Symbol")), Some('☒'));
        assert_eq!(symbol(&sym("zz", "Wingdings")), None, "garbage is no mark");
    }

    #[test]
    fn long_texts_are_shortened_for_messages() {
        assert_eq!(shortened("a\n b"), "a b");
        let long = "å".repeat(100);
        assert_eq!(shortened(&long).chars().count(), 81);
    }
}
