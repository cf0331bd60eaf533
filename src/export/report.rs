//! The register report, *förteckning över gällande kommun- och
//! regiongemensamma dokument* (guideline §Mål: the documents must be
//! "välkända, lättillgängliga och sökbara"): every document in force, one
//! row each, as a Word document, an Excel workbook and one self-contained,
//! accessible HTML page ready to publish on the web.
//!
//! Which documents: for each document the version in force is its newest
//! version that has reached implementation (Implementering, Publicering,
//! Gällande, Avveckling or Avvecklad); a document whose newer version is
//! still being drafted or sent on remiss shows the version in force and
//! says that a revision is under way. A retired document stays in the
//! report, marked *inaktuell*, from the day it was marked inaktuell on the
//! web for one calendar year (the day it must be removed from the web,
//! [`after_decision::web_removal_on`]); after that it is gone. Rows are in
//! Swedish order of title.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use docx_rs::{LineSpacing, Paragraph, Shading, ShdType, Table, TableCell, TableRow, WidthType};
use rusqlite::Connection;
use rust_xlsxwriter::{DocProperties, Format as XlsxFormat, FormatAlign, Url, Workbook};
use serde::Serialize;

use crate::assets;
use crate::error::{Error, Result};
use crate::formats::files::write_atomically;
use crate::formats::ooxml::escape;
use crate::formats::word::{self, labelled, paragraph, styled};
use crate::register::after_decision;
use crate::register::list::adoption_tallies;
use crate::register::DocumentId;

/// The report's title.
pub const TITLE: &str = "Förteckning över gällande kommun- och regiongemensamma dokument";
/// The columns, in order, in every format.
pub const COLUMNS: [&str; 9] = [
    "Titel",
    "Dokumenttyp",
    "Version",
    "Dokumentägare",
    "Giltig fr.o.m.",
    "Giltig t.o.m.",
    "Länk i Vida",
    "Steg",
    "Antagen av",
];
/// The stages from which a version is in force, in the reference data.
const IN_FORCE_FROM: &str = "implementering";
/// Who publishes the report.
const PUBLISHER: &str = "Region Värmland, Nya perspektiv";

/// One document in the report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReportRow {
    pub document_id: DocumentId,
    pub title: String,
    pub doc_type_name: String,
    pub version_no: i64,
    pub owner: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub vida_link: String,
    /// The version in force's stage, e.g. "Gällande".
    pub stage_name: String,
    /// A newer version is being worked on: "Revidering pågår (version 3)".
    pub revision: Option<String>,
    /// "12 av 17", from the version's latest adoption round.
    pub adopted: Option<String>,
    /// The day it was marked inaktuell on the web, while in its year.
    pub inaktuell_on: Option<NaiveDate>,
}

impl ReportRow {
    /// The Steg column as one text: the stage, the revision under way, and
    /// "Inaktuell sedan …" for a retired document.
    pub fn stage_text(&self) -> String {
        let mut text = self.stage_name.clone();
        if let Some(revision) = &self.revision {
            text.push_str(&format!(" – {}", revision.to_lowercase()));
        }
        if let Some(on) = self.inaktuell_on {
            text = format!("Inaktuell sedan {on} ({})", text.to_lowercase());
        }
        text
    }

    /// The row's cells as text, in [`COLUMNS`] order.
    pub fn cells(&self) -> [String; 9] {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        [
            self.title.clone(),
            self.doc_type_name.clone(),
            self.version_no.to_string(),
            self.owner.clone(),
            date(self.valid_from),
            date(self.valid_to),
            self.vida_link.clone(),
            self.stage_text(),
            self.adopted.clone().unwrap_or_default(),
        ]
    }
}

/// The report as of one day.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub as_of: NaiveDate,
    pub rows: Vec<ReportRow>,
}

impl Report {
    /// "23 dokument, varav 2 inaktuella."
    pub fn summary(&self) -> String {
        let inaktuella = self
            .rows
            .iter()
            .filter(|r| r.inaktuell_on.is_some())
            .count();
        let count = match self.rows.len() {
            1 => "1 dokument".to_owned(),
            n => format!("{n} dokument"),
        };
        match inaktuella {
            0 => format!("{count}."),
            1 => format!("{count}, varav 1 inaktuellt som tas bort från webben inom ett år."),
            n => format!("{count}, varav {n} inaktuella som tas bort från webben inom ett år."),
        }
    }
}

/// The report from the register as of `today`.
pub fn assemble(conn: &Connection, today: NaiveDate) -> Result<Report> {
    let reference = assets::reference()?;
    let from = reference.stage_index(IN_FORCE_FROM);
    let in_force: Vec<String> = reference
        .stages
        .iter()
        .filter(|s| reference.stage_index(&s.code) >= from)
        .map(|s| format!("'{}'", s.code.replace('\'', "''")))
        .collect();
    let in_force = in_force.join(", ");
    let mut stmt = conn.prepare(&format!(
        "SELECT v.id, v.document_id, v.title, v.doc_type, v.version_no, v.owner, v.valid_from,
                v.valid_to, v.vida_link, v.stage, c.version_no AS current_no, r.inaktuell_on,
                r.removed_on
         FROM document_versions v
         JOIN current_versions c ON c.document_id = v.document_id
         LEFT JOIN retirements r ON r.version_id = v.id
         WHERE v.stage IN ({in_force})
           AND v.version_no = (SELECT max(w.version_no) FROM document_versions w
                               WHERE w.document_id = v.document_id AND w.stage IN ({in_force}))"
    ))?;
    let mut rows = Vec::new();
    let mut version_ids = Vec::new();
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>("id")?,
            r.get::<_, i64>("current_no")?,
            r.get::<_, String>("doc_type")?,
            r.get::<_, String>("stage")?,
            r.get::<_, Option<NaiveDate>>("removed_on")?,
            ReportRow {
                document_id: DocumentId(r.get("document_id")?),
                title: r.get("title")?,
                doc_type_name: String::new(),
                version_no: r.get("version_no")?,
                owner: r.get("owner")?,
                valid_from: r.get("valid_from")?,
                valid_to: r.get("valid_to")?,
                vida_link: r.get::<_, Option<String>>("vida_link")?.unwrap_or_default(),
                stage_name: String::new(),
                revision: None,
                adopted: None,
                inaktuell_on: r.get("inaktuell_on")?,
            },
        ))
    })? {
        let (version_id, current_no, doc_type, stage, removed_on, mut row) = row?;
        if removed_on.is_some_and(|on| on <= today) {
            // Removed from the web: no longer in the report.
            continue;
        }
        if let Some(on) = row.inaktuell_on {
            if on > today {
                row.inaktuell_on = None;
            } else if after_decision::web_removal_on(on).is_none_or(|removal| today >= removal) {
                // Off the web: no longer in the report.
                continue;
            }
        }
        row.doc_type_name = reference
            .document_type(&doc_type)
            .map_or_else(|| doc_type.clone(), |t| t.name.clone());
        row.stage_name = reference
            .stage(&stage)
            .map_or_else(|| stage.clone(), |s| s.name.clone());
        if current_no > row.version_no {
            row.revision = Some(format!("Revidering pågår (version {current_no})"));
        }
        version_ids.push(version_id);
        rows.push((version_id, row));
    }
    let mut tallies: HashMap<i64, _> = adoption_tallies(conn, &version_ids)?;
    let mut rows: Vec<ReportRow> = rows
        .into_iter()
        .map(|(version_id, mut row)| {
            row.adopted = tallies
                .remove(&version_id)
                .map(|t| format!("{} av {}", t.adopted, t.total));
            row
        })
        .collect();
    rows.sort_by(|a, b| {
        crate::collate::compare(&a.title, &b.title).then(a.document_id.0.cmp(&b.document_id.0))
    });
    Ok(Report { as_of: today, rows })
}

/// The report's formats, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Docx,
    Xlsx,
    Html,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
        }
    }

    pub fn of(path: &Path) -> Result<Format> {
        match path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .as_deref()
        {
            Some("docx") => Ok(Format::Docx),
            Some("xlsx") => Ok(Format::Xlsx),
            Some("html" | "htm") => Ok(Format::Html),
            _ => Err(Error::invalid(
                "path",
                "Förteckningen sparas som Word-dokument (.docx), Excel-fil (.xlsx) eller webbsida \
                 (.html). Ge filen ett av de namnen.",
            )),
        }
    }
}

/// The file name a save dialog suggests: the title and the day.
pub fn suggested_file_name(today: NaiveDate, format: Format) -> String {
    crate::formats::files::safe_file_name(
        &format!("Förteckning över gällande dokument {today}"),
        format.extension(),
    )
}

/// What was written.
#[derive(Debug, Clone, Serialize)]
pub struct WrittenReport {
    pub path: String,
    pub format: Format,
    pub documents: usize,
}

/// Writes the report as of `today` to `path` (its extension says the
/// format), whole or not at all.
pub fn write_report(conn: &Connection, path: &Path, today: NaiveDate) -> Result<WrittenReport> {
    let format = Format::of(path)?;
    let report = assemble(conn, today)?;
    let bytes = match format {
        Format::Docx => build_docx(&report, &crate::time::now())?,
        Format::Xlsx => build_xlsx(&report)?,
        Format::Html => build_html(&report).into_bytes(),
    };
    write_atomically(path, &bytes)?;
    Ok(WrittenReport {
        path: path.display().to_string(),
        format,
        documents: report.rows.len(),
    })
}

/// A4 landscape's text width with the house margins, in twentieths of a point.
const LANDSCAPE_WIDTH: usize = 16838 - 2 * 1417;
/// Column widths in the Word table; they sum to [`LANDSCAPE_WIDTH`].
const DOCX_WIDTHS: [usize; 9] = [2754, 1800, 950, 1900, 1250, 1250, 1250, 1750, 1100];

/// Text size in the Word table, in half-points: nine columns on a
/// landscape page need 10 pt to keep their headers and dates whole.
const TABLE_TEXT_SIZE: usize = 20;

/// A cell of the Word table in the table's text size; a header cell bold
/// on the house's light blue, as `word::header_cell`.
fn cell(text: &str, width: usize, header: bool) -> TableCell {
    let run = word::text_run(text).size(TABLE_TEXT_SIZE);
    let cell = TableCell::new()
        .add_paragraph(
            Paragraph::new()
                .line_spacing(LineSpacing::new().after(0))
                .add_run(if header { run.bold() } else { run }),
        )
        .width(width, WidthType::Dxa);
    if header {
        cell.shading(
            Shading::new()
                .shd_type(ShdType::Clear)
                .fill(word::HEADER_FILL),
        )
    } else {
        cell
    }
}

/// "Uppdaterad 23 november 2026."
fn updated_line(report: &Report) -> String {
    format!(
        "Uppdaterad {}. {}",
        super::adoption::long_date(report.as_of),
        report.summary()
    )
}

/// The report as a Word document: the title, when it was made, and one
/// landscape table with a caption and a header row that repeats on every
/// page.
pub fn build_docx(report: &Report, created: &str) -> Result<Vec<u8>> {
    debug_assert_eq!(DOCX_WIDTHS.iter().sum::<usize>(), LANDSCAPE_WIDTH);
    let header = TableRow::new(
        COLUMNS
            .iter()
            .zip(DOCX_WIDTHS)
            .map(|(c, w)| cell(c, w, true))
            .collect(),
    )
    .cant_split();
    let rows = report.rows.iter().map(|row| {
        TableRow::new(
            row.cells()
                .iter()
                .zip(DOCX_WIDTHS)
                .map(|(text, w)| cell(text, w, false))
                .collect(),
        )
    });
    let table = Table::new(std::iter::once(header).chain(rows).collect())
        .set_grid(DOCX_WIDTHS.to_vec())
        .width(LANDSCAPE_WIDTH, WidthType::Dxa)
        .margins(word::cell_margins());
    let mut docx = word::base(PUBLISHER)
        .add_paragraph(styled("Title", TITLE))
        .add_paragraph(paragraph(&updated_line(report)))
        .add_paragraph(labelled("Utgivare", PUBLISHER));
    docx = if report.rows.is_empty() {
        docx.add_paragraph(paragraph("Registret har inga gällande dokument."))
    } else {
        docx.add_paragraph(styled("Heading1", "Dokument"))
            .add_table(table)
    };
    let caption = format!("{TITLE}, {}", report.as_of);
    let has_table = !report.rows.is_empty();
    let broken = std::cell::Cell::new(false);
    let bytes = word::finish_with(
        docx,
        &word::Properties {
            title: TITLE,
            subject: "Register över kommun- och regiongemensamma dokument",
            creator: PUBLISHER,
            keywords: "förteckning; register; kommun- och regiongemensamma dokument",
            description: &updated_line(report),
            created,
            custom: &[
                ("Samdok.Dokumenttyp", "förteckning".to_owned()),
                ("Samdok.Datum", report.as_of.to_string()),
            ],
        },
        |document| {
            let document = landscape(document).unwrap_or_else(|| {
                broken.set(true);
                document.to_owned()
            });
            if !has_table {
                return document;
            }
            const END: &str = "</w:tblPr>";
            match document.find(END) {
                Some(at) => format!(
                    r#"{}<w:tblCaption w:val="{}" />{}"#,
                    &document[..at],
                    escape(&caption),
                    &document[at..]
                ),
                None => {
                    broken.set(true);
                    document
                }
            }
        },
    )?;
    if broken.get() {
        return Err(Error::Io(std::io::Error::other(
            "Förteckningen kunde inte skapas: oväntad utdata från docx-rs (w:sectPr eller w:tblPr)",
        )));
    }
    Ok(bytes)
}

/// The whole document turned to A4 landscape; `None` when the section's
/// page size is not the portrait A4 the house style writes.
fn landscape(document: &str) -> Option<String> {
    const PORTRAIT: &str = r#"<w:pgSz w:w="11906" w:h="16838" />"#;
    const LANDSCAPE: &str = r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape" />"#;
    document
        .contains(PORTRAIT)
        .then(|| document.replace(PORTRAIT, LANDSCAPE))
}

/// The report as a workbook: the columns as a bold, frozen header row with
/// a filter, every cell text (a title a spreadsheet would take for a
/// formula gets the quote prefix), the Vida link a real link.
pub fn build_xlsx(report: &Report) -> Result<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| {
        Error::Io(std::io::Error::other(format!(
            "Förteckningen kunde inte skapas som Excel-fil: {e}"
        )))
    };
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(TITLE)
            .set_author(PUBLISHER)
            .set_keywords("förteckning; register")
            .set_comment(updated_line(report)),
    );
    let top = XlsxFormat::new().set_align(FormatAlign::Top);
    let header = top.clone().set_bold();
    let wrapped = top.clone().set_text_wrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Förteckning").map_err(fail)?;
    let widths = [50.0, 16.0, 9.0, 28.0, 14.0, 14.0, 40.0, 30.0, 12.0];
    for (col, (name, width)) in COLUMNS.iter().zip(widths).enumerate() {
        let col = col as u16;
        sheet.set_column_width(col, width).map_err(fail)?;
        sheet
            .write_string_with_format(0, col, *name, &header)
            .map_err(fail)?;
    }
    for (i, row) in report.rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (col, value) in row.cells().iter().enumerate() {
            let col = col as u16;
            let value = cell_text(value);
            let mut format = if matches!(col, 0 | 3 | 7) {
                wrapped.clone()
            } else {
                top.clone()
            };
            if super::sendlist::formula_like(&value) {
                format = format.set_quote_prefix();
            }
            if col == 6 && is_web_link(&value) {
                sheet
                    .write_url_with_format(r, col, Url::new(value.as_str()), &format)
                    .map_err(fail)?;
            } else {
                sheet
                    .write_string_with_format(r, col, value, &format)
                    .map_err(fail)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    sheet
        .autofilter(0, 0, report.rows.len() as u32, COLUMNS.len() as u16 - 1)
        .map_err(fail)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0).map_err(fail)?;
    workbook.save_to_buffer().map_err(fail)
}

/// Text for a cell: control characters, which XML cannot carry, dropped.
fn cell_text(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

/// An http(s) address with no spaces or control characters: written as a
/// link; anything else stays text.
fn is_web_link(text: &str) -> bool {
    let lower = text.to_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && text.len() > "http://".len()
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// HTML text: escaped as for XML (`&apos;` is HTML5 too), with control
/// characters (line breaks included: a cell is one line) dropped.
fn html(text: &str) -> String {
    escape(&text.chars().filter(|c| !c.is_control()).collect::<String>())
}

/// The columns' shares of the page's table, in per cent.
const HTML_WIDTHS: [f32; 9] = [19.0, 11.0, 7.0, 14.0, 9.5, 9.5, 10.0, 12.0, 8.0];

/// The visible text of a Vida link on the web page.
pub const VIDA_LINK_TEXT: &str = "Öppna i Vida";

/// The page's own style: readable at any width (the table scrolls in its
/// own focusable region), colours with at least 7:1 contrast, focus shown.
const CSS: &str = "
:root { color: #1a1a1a; background: #ffffff; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; line-height: 1.5; }
body { margin: 0; }
main { max-width: 90rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.75rem; line-height: 1.25; color: #1f4e79; margin: 0 0 .5rem; }
p { margin: 0 0 1rem; }
.table-region { overflow-x: auto; border: 1px solid #8a8a8a; }
.table-region:focus { outline: 3px solid #1f4e79; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; min-width: 60rem; table-layout: fixed; }
caption { text-align: left; font-weight: 600; padding: .5rem .75rem; }
th, td { text-align: left; vertical-align: top; padding: .5rem .6rem; border-top: 1px solid #8a8a8a; }
thead th { background: #deeaf6; color: #1a1a1a; border-top: none; }
tbody th { font-weight: 600; }
.inaktuell { background: #f2f2f2; }
.inaktuell-label { font-weight: 600; }
.nowrap { white-space: nowrap; }
a { color: #1f4e79; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
a:focus { outline: 3px solid #1f4e79; outline-offset: 2px; }
@media print { .table-region { overflow: visible; border: none; } table { min-width: 0; } }
";

/// The report as one self-contained HTML page, ready to publish: `lang`,
/// a title, one `h1`, the table with a caption and scoped header cells
/// (each row's title is its row header), links that say where they go,
/// no scripts, no outside resources.
pub fn build_html(report: &Report) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>{}</title>\n", html(TITLE)));
    out.push_str(&format!(
        "<meta name=\"description\" content=\"{}\">\n",
        html(&updated_line(report))
    ));
    out.push_str(&format!("<style>{CSS}</style>\n</head>\n<body>\n<main>\n"));
    out.push_str(&format!("<h1>{}</h1>\n", html(TITLE)));
    out.push_str(&format!(
        "<p>{} Utgivare: {}.</p>\n",
        html(&updated_line(report)),
        html(PUBLISHER)
    ));
    if report.rows.is_empty() {
        out.push_str("<p>Registret har inga gällande dokument.</p>\n");
    } else {
        out.push_str(
            "<div class=\"table-region\" role=\"region\" aria-labelledby=\"caption\" tabindex=\"0\">\n<table>\n",
        );
        out.push_str(&format!(
            "<caption id=\"caption\">{}, {}</caption>\n<colgroup>",
            html(TITLE),
            report.as_of
        ));
        for width in HTML_WIDTHS {
            out.push_str(&format!("<col style=\"width: {width}%\">"));
        }
        out.push_str("</colgroup>\n<thead>\n<tr>");
        for column in COLUMNS {
            out.push_str(&format!("<th scope=\"col\">{}</th>", html(column)));
        }
        out.push_str("</tr>\n</thead>\n<tbody>\n");
        for row in &report.rows {
            let cells = row.cells();
            out.push_str(if row.inaktuell_on.is_some() {
                "<tr class=\"inaktuell\">"
            } else {
                "<tr>"
            });
            for (col, text) in cells.iter().enumerate() {
                match col {
                    0 => out.push_str(&format!("<th scope=\"row\">{}</th>", html(text))),
                    // A short visible text; the title makes each link's name
                    // its own for a screen reader.
                    6 if is_web_link(text) => out.push_str(&format!(
                        "<td><a href=\"{}\">{VIDA_LINK_TEXT}<span class=\"visually-hidden\">: {}</span></a></td>",
                        html(text),
                        html(&row.title)
                    )),
                    7 if row.inaktuell_on.is_some() => out.push_str(&format!(
                        "<td><span class=\"inaktuell-label\">{}</span></td>",
                        html(text)
                    )),
                    // Dates and the version number stay on one line.
                    2 | 4 | 5 => out.push_str(&format!("<td class=\"nowrap\">{}</td>", html(text))),
                    _ => out.push_str(&format!("<td>{}</td>", html(text))),
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
