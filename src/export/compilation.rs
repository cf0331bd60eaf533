//! The compilation of a round's answers (*sammanställning av remissvar* /
//! *av synpunkter*): a .docx a municipality can publish and an .xlsx for
//! further work. Built from a [`Compilation`] the caller has assembled
//! (`comments::compilation`); this module only writes.

use std::cell::Cell;

use chrono::NaiveDate;
use docx_rs::{LineSpacing, Paragraph, Run, Table, TableCell, TableRow, WidthType};
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::formats::ooxml::escape;
use crate::formats::word::{self, header_cell, labelled, paragraph, styled, text_cell};
use crate::rounds::{RecipientStatus, RoundKind};

/// Everything the compilation shows, in the order it shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Compilation {
    pub kind: RoundKind,
    pub document_title: String,
    pub doc_type_name: String,
    pub version_no: i64,
    pub subject: String,
    pub diarienummer: String,
    pub sent_date: Option<NaiveDate>,
    pub deadline: NaiveDate,
    /// Who compiled it, e.g. "Region Värmland, Nya perspektiv".
    pub sender: String,
    /// Every recipient in the guideline's order, answered or not.
    pub parties: Vec<PartyAnswer>,
    /// The sections with comments, in the template's order, then sections
    /// the parties named themselves (Swedish order), then "Övrigt".
    pub sections: Vec<SectionComments>,
    /// The answer files, per party in the guideline's order.
    pub files: Vec<ListedFile>,
    /// Comments in all.
    pub total: usize,
    /// Comments with a disposition.
    pub handled: usize,
    /// Comments whose decision accepts a significant change.
    pub significant: usize,
}

/// Where one recipient stands.
#[derive(Debug, Clone, Serialize)]
pub struct PartyAnswer {
    pub party: String,
    /// "Svar inkommet", "Avstår" or "Inget svar".
    pub status_name: String,
    /// The position's name ("Tillstyrker med synpunkter"), if given.
    pub position_name: Option<String>,
    /// The day the answer (or the declining) arrived.
    pub answered_on: Option<NaiveDate>,
    /// Number of its comments.
    pub comments: usize,
}

/// The comments on one section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionComments {
    pub section: String,
    pub comments: Vec<CompiledComment>,
}

/// One comment with its decision.
#[derive(Debug, Clone, Serialize)]
pub struct CompiledComment {
    /// Running number through the whole compilation, from 1.
    pub nr: usize,
    pub party: String,
    pub text: String,
    pub proposal: String,
    /// "Beaktad", "Delvis beaktad", "Ej beaktad", "Noterad"; `None` while
    /// not yet decided.
    pub disposition_name: Option<String>,
    pub motivation: String,
    pub significant: bool,
    /// Numbers of the other comments decided together with this one.
    pub decided_with: Vec<usize>,
}

/// An answer file as listed at the end.
#[derive(Debug, Clone, Serialize)]
pub struct ListedFile {
    pub party: String,
    pub file_name: String,
    /// The day it was stored (`YYYY-MM-DD`).
    pub stored_on: String,
}

impl Compilation {
    /// The document's title: "Sammanställning av remissvar" or
    /// "Sammanställning av synpunkter".
    pub fn title(&self) -> &'static str {
        match self.kind {
            RoundKind::Remiss => "Sammanställning av remissvar",
            RoundKind::Synpunktsrunda => "Sammanställning av synpunkter",
            RoundKind::Antagande => "Sammanställning av beslut om antagande",
        }
    }
}

/// The comments' columns, in the Word tables and in the workbook.
pub const COMMENT_COLUMNS: [&str; 8] = [
    "Nr",
    "Remissinstans",
    "Avsnitt",
    "Synpunkt",
    "Förslag till ändring",
    "Ställningstagande",
    "Motivering",
    "Betydande ändring",
];
/// The workbook's only sheet.
pub const SHEET_NAME: &str = "Synpunkter";
/// What a comment without a disposition shows.
pub const NOT_HANDLED: &str = "Ej hanterad";

/// A4 landscape with the house margins: the text width in twentieths of a
/// point, for the comment tables.
const LANDSCAPE_WIDTH: usize = 16838 - 2 * 1417;
/// Style id of the empty paragraph that ends the portrait part; the
/// finishing turns it into a section break (docx-rs's own sections lose
/// the footer when given a header, so the break is written here).
const BREAK_MARK: &str = "SamdokSectionBreak";

/// The file name's stem, before `formats::files::safe_file_name`.
pub fn file_stem(c: &Compilation) -> String {
    format!("{} – {}", c.title(), c.document_title.trim())
}

/// "Riktlinje för vård i samverkan, version 2 (Riktlinje)".
fn document_line(c: &Compilation) -> String {
    let title = c.document_title.trim();
    let kind = c.doc_type_name.trim();
    if kind.is_empty() {
        format!("{title}, version {}", c.version_no)
    } else {
        format!("{title}, version {} ({kind})", c.version_no)
    }
}

/// How a party stands, from its status name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    Answered,
    Declined,
    Silent,
}

fn standing(p: &PartyAnswer) -> Standing {
    if p.status_name == RecipientStatus::SvarInkommet.label() {
        Standing::Answered
    } else if p.status_name == RecipientStatus::Avstar.label() {
        Standing::Declined
    } else {
        Standing::Silent
    }
}

/// Names joined the Swedish way: "A, B och C".
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}

/// `name` with a lower-case first letter, as inside a sentence.
fn in_sentence(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `count` of `names`, tallied in `order` first and then in the order
/// they first appear: [("Tillstyrker", 9), …].
fn tally<'a>(names: impl Iterator<Item = &'a str>, order: &[&str]) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = order.iter().map(|n| ((*n).to_owned(), 0)).collect();
    for name in names.map(str::trim).filter(|n| !n.is_empty()) {
        match counts.iter_mut().find(|(n, _)| n == name) {
            Some((_, count)) => *count += 1,
            None => counts.push((name.to_owned(), 1)),
        }
    }
    counts.retain(|(_, count)| *count > 0);
    counts
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The summary's paragraphs in plain Swedish, and apart from them (to be
/// set in bold) the warning that the document must be approved again when
/// a significant change has been accepted.
fn summary(c: &Compilation) -> (Vec<String>, Option<String>) {
    let mut paragraphs = Vec::new();

    let round = match c.kind {
        RoundKind::Remiss => "Remissen",
        RoundKind::Synpunktsrunda => "Synpunktsrundan",
        RoundKind::Antagande => "Antagandeomgången",
    };
    let count = |s: Standing| c.parties.iter().filter(|p| standing(p) == s).count();
    let mut parties = format!(
        "{round} gick till {}.",
        plural(c.parties.len(), "part", "parter")
    );
    let phrases: Vec<String> = [
        (count(Standing::Answered), "svarat"),
        (count(Standing::Declined), "avstått"),
        (count(Standing::Silent), "inte svarat"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if !phrases.is_empty() {
        parties.push_str(&format!(" Av dem har {}.", join(&phrases)));
    }
    paragraphs.push(parties);

    let positions = tally(
        c.parties.iter().filter_map(|p| p.position_name.as_deref()),
        &super::POSITIONS,
    );
    if !positions.is_empty() {
        let phrases: Vec<String> = positions
            .iter()
            .map(|(name, n)| {
                // The positions are verbs ("tillstyrker") but one:
                // "1 har inga synpunkter".
                let name = in_sentence(name);
                if name.starts_with("inga ") {
                    format!("{n} har {name}")
                } else {
                    format!("{n} {name}")
                }
            })
            .collect();
        paragraphs.push(format!("Parternas ställningstaganden: {}.", join(&phrases)));
    }

    if c.total == 0 {
        paragraphs.push("Inga synpunkter har lämnats.".to_owned());
    } else {
        let mut comments = format!(
            "Parterna har lämnat {}. Hanterade synpunkter: {} av {} ({}\u{a0}%).",
            plural(c.total, "synpunkt", "synpunkter"),
            c.handled,
            c.total,
            c.handled.min(c.total) * 100 / c.total
        );
        let left = c.total.saturating_sub(c.handled);
        if left == 0 {
            comments.push_str(" Alla synpunkter är hanterade.");
        } else {
            comments.push_str(&format!(
                " {} återstår att hantera.",
                plural(left, "synpunkt", "synpunkter")
            ));
        }
        let dispositions = tally(
            c.sections
                .iter()
                .flat_map(|s| &s.comments)
                .filter_map(|k| k.disposition_name.as_deref()),
            &crate::labels::DISPOSITIONS
                .iter()
                .map(|(_, name)| *name)
                .collect::<Vec<_>>(),
        );
        if !dispositions.is_empty() {
            let phrases: Vec<String> = dispositions
                .iter()
                .map(|(name, n)| {
                    let mut word = in_sentence(name);
                    // "beaktad" → "beaktade": the participle agrees with the count.
                    if *n != 1 && word.ends_with('d') {
                        word.push('e');
                    }
                    format!("{n} {word}")
                })
                .collect();
            comments.push_str(&format!(
                " Ställningstaganden till synpunkterna: {}.",
                join(&phrases)
            ));
        }
        paragraphs.push(comments);
    }

    let warning = (c.significant > 0).then(|| {
        format!(
            "{} lett till {}. Dokumentet behöver därför godkännas på nytt i relevanta nätverk \
             och grupperingar före ställningstagande och beslut (riktlinjen, avsnittet \
             Färdigställande).",
            plural(c.significant, "synpunkt har", "synpunkter har"),
            if c.significant == 1 {
                "en betydande ändring av dokumentet"
            } else {
                "betydande ändringar av dokumentet"
            }
        )
    });
    (paragraphs, warning)
}

/// A cell of several paragraphs, spaced as `text_cell`'s.
fn paragraphs_cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    paragraphs
        .into_iter()
        .fold(TableCell::new(), |cell, p| {
            cell.add_paragraph(p.line_spacing(LineSpacing::new().after(0)))
        })
        .width(width, WidthType::Dxa)
}

/// A table with a header row that repeats on every page.
fn table(columns: &[&str], widths: &[usize], rows: Vec<TableRow>) -> Table {
    let header = TableRow::new(
        columns
            .iter()
            .zip(widths)
            .map(|(c, w)| header_cell(c, *w))
            .collect(),
    )
    .cant_split();
    Table::new(std::iter::once(header).chain(rows).collect())
        .set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
        .margins(word::cell_margins())
}

fn party_table(c: &Compilation) -> Table {
    let widths = [2600, 2972, 1800, 1700];
    debug_assert_eq!(widths.iter().sum::<usize>(), word::TEXT_WIDTH);
    let rows = c
        .parties
        .iter()
        .map(|p| {
            let position = p
                .position_name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .unwrap_or(&p.status_name);
            let date = p
                .answered_on
                .map_or_else(|| "–".to_owned(), |d| d.to_string());
            TableRow::new(vec![
                text_cell(&p.party, widths[0]),
                text_cell(position, widths[1]),
                text_cell(&date, widths[2]),
                text_cell(&p.comments.to_string(), widths[3]),
            ])
        })
        .collect();
    table(
        &["Part", "Ställning", "Svarsdatum", "Synpunkter"],
        &widths,
        rows,
    )
}

/// "Samma beslut som nr 3 och 7".
fn decided_with_line(numbers: &[usize]) -> String {
    let numbers: Vec<String> = numbers.iter().map(usize::to_string).collect();
    format!("Samma beslut som nr {}", join(&numbers))
}

fn comment_table(comments: &[CompiledComment]) -> Table {
    // Nr | Part | Synpunkt | Förslag | Ställningstagande | Motivering
    let widths = [600, 1700, 3300, 2700, 2500, 3204];
    debug_assert_eq!(widths.iter().sum::<usize>(), LANDSCAPE_WIDTH);
    let rows = comments
        .iter()
        .map(|k| {
            let mut decision = vec![match k.disposition_name.as_deref().map(str::trim) {
                Some(name) if !name.is_empty() => paragraph(name),
                _ => Paragraph::new().add_run(Run::new().add_text(NOT_HANDLED).italic()),
            }];
            if k.significant {
                decision.push(
                    Paragraph::new().add_run(
                        Run::new()
                            .add_text("Betydande ändring")
                            .bold()
                            .color("C00000"),
                    ),
                );
            }
            if !k.decided_with.is_empty() {
                decision.push(paragraph(&decided_with_line(&k.decided_with)));
            }
            TableRow::new(vec![
                text_cell(&k.nr.to_string(), widths[0]),
                text_cell(&k.party, widths[1]),
                text_cell(&k.text, widths[2]),
                text_cell(&k.proposal, widths[3]),
                paragraphs_cell(decision, widths[4]),
                text_cell(&k.motivation, widths[5]),
            ])
        })
        .collect();
    table(
        &[
            "Nr",
            "Part",
            "Synpunkt",
            "Förslag till ändring",
            "Ställningstagande",
            "Motivering",
        ],
        &widths,
        rows,
    )
}

fn file_table(files: &[ListedFile], text_width: usize) -> Table {
    let widths = [text_width * 3 / 10, text_width * 5 / 10];
    let widths = [widths[0], widths[1], text_width - widths[0] - widths[1]];
    let rows = files
        .iter()
        .map(|f| {
            TableRow::new(vec![
                text_cell(&f.party, widths[0]),
                text_cell(&f.file_name, widths[1]),
                text_cell(&f.stored_on, widths[2]),
            ])
        })
        .collect();
    table(&["Part", "Fil", "Sparad"], &widths, rows)
}

/// The compilation as a Word document: the round's facts, a summary, every
/// party's answer, the comments per section with their decisions (on
/// landscape pages, as the table is wide) and the answer files.
pub fn build_docx(c: &Compilation, created: &str) -> Result<Vec<u8>> {
    let title = c.title();
    let full_title = format!("{title} – {}", c.document_title.trim());
    // Every table's caption, in document order (`caption_tables`).
    let mut captions: Vec<String> = Vec::new();

    let mut docx = word::base(&full_title)
        .add_paragraph(styled("Title", title))
        .add_paragraph(labelled("Dokument", &document_line(c)))
        .add_paragraph(labelled("Ärende", &c.subject));
    if !c.diarienummer.trim().is_empty() {
        docx = docx.add_paragraph(labelled("Diarienummer", c.diarienummer.trim()));
    }
    if let Some(sent) = c.sent_date {
        docx = docx.add_paragraph(labelled("Skickad", &sent.to_string()));
    }
    docx = docx.add_paragraph(labelled("Sista svarsdag", &c.deadline.to_string()));
    if !c.sender.trim().is_empty() {
        docx = docx.add_paragraph(labelled("Sammanställd av", c.sender.trim()));
    }

    docx = docx.add_paragraph(styled("Heading1", "Sammanfattning"));
    let (paragraphs, warning) = summary(c);
    for text in &paragraphs {
        docx = docx.add_paragraph(paragraph(text));
    }
    if let Some(warning) = &warning {
        docx = docx.add_paragraph(Paragraph::new().add_run(word::text_run(warning).bold()));
    }

    docx = docx
        .add_paragraph(styled("Heading1", "Svar per part"))
        .add_table(party_table(c));
    captions.push("Svar per part".to_owned());

    let sections: Vec<&SectionComments> = c
        .sections
        .iter()
        .filter(|s| !s.comments.is_empty())
        .collect();
    let landscape = !sections.is_empty();
    if landscape {
        docx = docx
            .add_paragraph(Paragraph::new().style(BREAK_MARK))
            .add_paragraph(styled("Heading1", "Synpunkter per avsnitt"))
            .add_paragraph(paragraph(&format!(
                "Synpunkterna är numrerade i löpordning. Ställningstagande anger hur synpunkten \
                 har hanterats: beaktad, delvis beaktad, ej beaktad eller noterad; «{NOT_HANDLED}» \
                 när den ännu inte är hanterad."
            )));
        for section in sections {
            let name = section.section.trim();
            docx = docx
                .add_paragraph(styled("Heading2", name).keep_next(true))
                .add_table(comment_table(&section.comments));
            captions.push(format!("Synpunkter om {name}"));
        }
    } else {
        docx = docx
            .add_paragraph(styled("Heading1", "Synpunkter per avsnitt"))
            .add_paragraph(paragraph("Inga synpunkter har lämnats."));
    }

    docx = docx.add_paragraph(styled("Heading1", "Svarsfiler"));
    if c.files.is_empty() {
        docx = docx.add_paragraph(paragraph("Inga svarsfiler har sparats."));
    } else {
        let width = if landscape {
            LANDSCAPE_WIDTH
        } else {
            word::TEXT_WIDTH
        };
        docx = docx.add_table(file_table(&c.files, width));
        captions.push("Svarsfiler".to_owned());
    }

    let answered = c
        .parties
        .iter()
        .filter(|p| standing(p) == Standing::Answered)
        .count();
    let description = format!(
        "{title} för {}: svar från {answered} av {}, {} hanterade av {}.",
        document_line(c),
        plural(c.parties.len(), "part", "parter"),
        c.handled,
        plural(c.total, "synpunkt", "synpunkter"),
    );
    let keywords = format!(
        "sammanställning; {}; {}; {}",
        c.kind.noun(),
        in_sentence(&c.doc_type_name),
        c.diarienummer.trim()
    );
    let custom = [
        ("Samdok.Dokumenttyp", "sammanställning".to_owned()),
        ("Samdok.Runda", c.subject.clone()),
        ("Samdok.Rundtyp", c.kind.noun().to_owned()),
        ("Samdok.Diarienummer", c.diarienummer.clone()),
        ("Samdok.Dokument", c.document_title.clone()),
        ("Samdok.Version", c.version_no.to_string()),
    ];
    // `finish_with` takes a plain fixup; a missing anchor is noted here and
    // turned into an error after it.
    let broken = Cell::new(None::<&'static str>);
    let bytes = word::finish_with(
        docx,
        &word::Properties {
            title: &full_title,
            subject: &c.subject,
            creator: if c.sender.trim().is_empty() {
                "Samdok"
            } else {
                c.sender.trim()
            },
            keywords: &keywords,
            description: &description,
            created,
            custom: &custom,
        },
        |document| {
            let Some(document) = caption_tables(document, &captions) else {
                broken.set(Some("tabellernas w:tblPr"));
                return document.to_owned();
            };
            if !landscape {
                return document;
            }
            landscape_comments(&document).unwrap_or_else(|| {
                broken.set(Some("sidbrytningens stycke eller w:sectPr"));
                document
            })
        },
    )?;
    match broken.get() {
        Some(what) => Err(Error::Io(std::io::Error::other(format!(
            "Sammanställningen kunde inte skapas: oväntad utdata från docx-rs ({what})"
        )))),
        None => Ok(bytes),
    }
}

/// Gives every table its caption (`w:tblCaption`, the last but one child
/// of `w:tblPr`, so just before its end tag), in document order; `None`
/// when the document has not exactly one table per caption.
fn caption_tables(document: &str, captions: &[String]) -> Option<String> {
    const END: &str = "</w:tblPr>";
    let mut out = String::with_capacity(document.len());
    let mut rest = document;
    let mut captions = captions.iter();
    while let Some(at) = rest.find(END) {
        let caption = captions.next()?;
        out.push_str(&rest[..at]);
        out.push_str(&format!(
            r#"<w:tblCaption w:val="{}" />{END}"#,
            escape(caption)
        ));
        rest = &rest[at + END.len()..];
    }
    if captions.next().is_some() {
        return None;
    }
    out.push_str(rest);
    Some(out)
}

/// Splits the document in two sections: the marked empty paragraph ends
/// the portrait first part (it gets a copy of the body's section
/// properties, so the header and footer are the same), and the body's own
/// section, from the comments on, turns to A4 landscape. `None` when an
/// anchor is missing.
fn landscape_comments(document: &str) -> Option<String> {
    const PORTRAIT: &str = r#"<w:pgSz w:w="11906" w:h="16838" />"#;
    const LANDSCAPE: &str = r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape" />"#;
    let mark = format!(r#"<w:p><w:pPr><w:rPr /><w:pStyle w:val="{BREAK_MARK}" /></w:pPr></w:p>"#);
    let start = document.rfind("<w:sectPr>")?;
    let len = document[start..].find("</w:sectPr>")? + "</w:sectPr>".len();
    let portrait = &document[start..start + len];
    if !portrait.contains(PORTRAIT) || document.matches(&mark).count() != 1 {
        return None;
    }
    let landscape = portrait.replace(PORTRAIT, LANDSCAPE);
    // The break's paragraph mark as small as it goes, so that it adds no
    // visible line after the table.
    let section_break = format!(
        r#"<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto" /><w:rPr><w:sz w:val="2" /><w:szCs w:val="2" /></w:rPr>{portrait}</w:pPr></w:p>"#
    );
    let document = format!(
        "{}{landscape}{}",
        &document[..start],
        &document[start + len..]
    );
    Some(document.replacen(&mark, &section_break, 1))
}

/// Height of one line of text in a workbook row, in points (Excel's default).
const ROW_HEIGHT: f64 = 15.0;

/// The lines `text` takes in a wrapped column `width` characters wide: an
/// estimate that errs on the generous side, as a character of running text
/// is on average narrower than the digit the width is counted in.
fn wrapped_lines(text: &str, width: f64) -> usize {
    let per_line = (width.floor() as usize).max(1);
    text.split('\n')
        .map(|line| line.chars().count().div_ceil(per_line).max(1))
        .sum()
}

/// Text for a workbook cell: line breaks kept (as `\n`), other control
/// characters, which XML cannot carry or Excel shows as boxes, dropped.
fn cell_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect()
}

/// The compilation as a workbook for further work: one row per comment
/// with the columns of [`COMMENT_COLUMNS`], a bold frozen header row with a
/// filter, the long columns wrapped. Every cell but Nr is written as text,
/// and text a spreadsheet would take for a formula also gets Excel's quote
/// prefix (as the distribution list's), so no comment ever runs as one.
pub fn build_xlsx(c: &Compilation) -> Result<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| {
        Error::Io(std::io::Error::other(format!(
            "Sammanställningen kunde inte skapas som Excel-fil: {e}"
        )))
    };
    let mut workbook = Workbook::new();
    let mut properties = DocProperties::new()
        .set_title(format!("{} – {}", c.title(), c.document_title.trim()))
        .set_subject(c.subject.clone())
        .set_keywords(format!(
            "sammanställning; {}; {}",
            c.kind.noun(),
            c.diarienummer.trim()
        ));
    if !c.sender.trim().is_empty() {
        properties = properties.set_author(c.sender.trim());
    }
    workbook.set_properties(&properties);

    let top = Format::new().set_align(FormatAlign::Top);
    let header = top.clone().set_bold();
    let number = top.clone().set_align(FormatAlign::Center);
    let wrapped = top.clone().set_text_wrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET_NAME).map_err(fail)?;
    // Widths in characters, each header fitting on one line; the long
    // columns (Avsnitt, Synpunkt, Förslag, Motivering) wrap.
    let widths = [6.0, 22.0, 24.0, 60.0, 45.0, 20.0, 45.0, 19.0];
    for (col, (name, width)) in COMMENT_COLUMNS.iter().zip(widths).enumerate() {
        let col = col as u16;
        sheet.set_column_width(col, width).map_err(fail)?;
        sheet
            .write_string_with_format(0, col, *name, &header)
            .map_err(fail)?;
    }

    let mut row = 0u32;
    for section in &c.sections {
        for k in &section.comments {
            row += 1;
            sheet
                .write_number_with_format(row, 0, k.nr as f64, &number)
                .map_err(fail)?;
            let disposition = k
                .disposition_name
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .unwrap_or(NOT_HANDLED);
            let texts = [
                (1, k.party.as_str(), true),
                (2, section.section.as_str(), true),
                (3, k.text.as_str(), true),
                (4, k.proposal.as_str(), true),
                (5, disposition, false),
                (6, k.motivation.as_str(), true),
                (7, if k.significant { "Ja" } else { "Nej" }, false),
            ];
            let mut lines = 1;
            for (col, value, wrap) in texts {
                let value = cell_text(value);
                if wrap {
                    lines = lines.max(wrapped_lines(&value, widths[col as usize]));
                }
                let mut format = if wrap { wrapped.clone() } else { top.clone() };
                if super::sendlist::formula_like(&value) {
                    format = format.set_quote_prefix();
                }
                sheet
                    .write_string_with_format(row, col, value, &format)
                    .map_err(fail)?;
            }
            if lines > 1 {
                // Excel fits a wrapped row's height when it opens the file,
                // LibreOffice does not: the height is set from an estimate.
                sheet
                    .set_row_height(row, ROW_HEIGHT * lines as f64)
                    .map_err(fail)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    sheet
        .autofilter(0, 0, row, COMMENT_COLUMNS.len() as u16 - 1)
        .map_err(fail)?;
    // On paper: landscape, as wide as one page, the header on every page.
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0).map_err(fail)?;
    workbook.save_to_buffer().map_err(fail)
}
