//! The distribution list (sändlista) as `.xlsx` and `.csv`: one row per
//! recipient with Part, Nivå, Kontakt, E-post, in the recipients' order.
//!
//! The CSV is what a Swedish Excel opens by double-click with å, ä, ö
//! intact: UTF-8 with a byte order mark, `;` between fields (Excel's list
//! separator where the decimal sign is a comma), CRLF line ends, and fields
//! quoted when they hold `;`, `"`, a line break or edge spaces.
//!
//! Neither file can carry a formula. A CSV cell that a spreadsheet would
//! take for one (starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return: "formula injection", e.g. a contact named
//! `=HYPERLINK("http://…")`) gets a `'` in front, as OWASP advises; the
//! workbook writes every cell as a string, and such a cell also gets Excel's
//! quote prefix so that editing it does not turn it into a formula.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::{PackageInput, SENDLIST_STEM};
use crate::error::{Error, Result};

/// The columns of the list.
pub const COLUMNS: [&str; 4] = ["Part", "Nivå", "Kontakt", "E-post"];

fn rows(input: &PackageInput) -> Vec<[String; 4]> {
    input
        .recipients
        .iter()
        .map(|r| {
            [
                r.party_name.clone(),
                input.round.kind.level_name().to_owned(),
                r.contact_name.clone(),
                r.address().unwrap_or_default().to_owned(),
            ]
            .map(|s| clean(&s))
        })
        .collect()
}

/// Drops control characters, which neither format carries well.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// The list as CSV for a Swedish Excel.
pub(super) fn csv(input: &PackageInput) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let line = |fields: &[String]| {
        let mut l = fields
            .iter()
            .map(|f| csv_field(f))
            .collect::<Vec<_>>()
            .join(";");
        l.push_str("\r\n");
        l
    };
    out.push_str(&line(&COLUMNS.map(str::to_owned)));
    for row in rows(input) {
        out.push_str(&line(&row));
    }
    out.into_bytes()
}

/// Whether a spreadsheet would read a cell starting so as a formula (or
/// as the start of one, as Excel does with a leading tab or CR), including
/// the full-width forms Excel in some locales takes alike.
pub(super) fn formula_like(field: &str) -> bool {
    field.starts_with([
        '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ])
}

fn csv_field(field: &str) -> String {
    let neutral;
    let field = if formula_like(field) {
        neutral = format!("'{field}");
        neutral.as_str()
    } else {
        field
    };
    if field.contains([';', '"', '\n', '\r']) || field.trim() != field {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// The list as an Excel workbook: bold, frozen header row with a filter,
/// columns fitted to their contents.
pub(super) fn xlsx(input: &PackageInput) -> Result<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| {
        Error::Io(std::io::Error::other(format!(
            "Sändlistan kunde inte skapas som Excel-fil: {e}"
        )))
    };
    let mut workbook = Workbook::new();
    let mut properties = DocProperties::new()
        .set_title(format!("{SENDLIST_STEM} – {}", input.round.subject))
        .set_subject(input.round.subject.clone())
        .set_author(input.round.sender.clone())
        .set_keywords(format!(
            "sändlista; {}; {}",
            input.round.kind.noun(),
            input.round.diarienummer
        ));
    if let Ok(when) = ExcelDateTime::parse_from_str(&input.round.sent_date.to_string()) {
        properties = properties.set_creation_datetime(&when);
    }
    workbook.set_properties(&properties);
    let bold = Format::new().set_bold();
    let text = Format::new().set_quote_prefix();
    let sheet = workbook.add_worksheet();
    sheet.set_name(SENDLIST_STEM).map_err(fail)?;
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *name, &bold)
            .map_err(fail)?;
    }
    let rows = rows(input);
    for (i, row) in rows.iter().enumerate() {
        for (col, value) in row.iter().enumerate() {
            let (row, col) = (i as u32 + 1, col as u16);
            if formula_like(value) {
                sheet.write_string_with_format(row, col, value, &text)
            } else {
                sheet.write_string(row, col, value)
            }
            .map_err(fail)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    sheet
        .autofilter(0, 0, rows.len() as u32, COLUMNS.len() as u16 - 1)
        .map_err(fail)?;
    sheet.autofit();
    workbook.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("Årjängs kommun"), "Årjängs kommun");
        assert_eq!(csv_field("a;b"), "\"a;b\"");
        assert_eq!(csv_field("sa \"hej\""), "\"sa \"\"hej\"\"\"");
        assert_eq!(csv_field(" x"), "\" x\"");
    }

    #[test]
    fn cells_a_spreadsheet_would_run_as_formulas_are_neutralised() {
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("+46 70"), "'+46 70");
        assert_eq!(csv_field("-2"), "'-2");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\tx"), "'\tx");
        assert_eq!(csv_field("＝1"), "'＝1");
        assert_eq!(
            csv_field("=HYPERLINK(\"http://x\";\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\""
        );
        assert_eq!(csv_field("Anna-Karin"), "Anna-Karin");
    }
}
