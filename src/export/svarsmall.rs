//! `Svarsmall - <part>.docx`, the response form of one recipient: the
//! party, document, version, kind of round, diarienummer and deadline
//! written in; the five positions with ballot boxes; a comment table
//! `Avsnitt | Synpunkt | Förslag till ändring` with a marked header row, one
//! row per mandatory heading and free rows after them.
//!
//! Built to be read back: custom document properties (`Samdok.*`, see
//! [`PROPERTY_PREFIX`]) name the party code, the round and the diarienummer;
//! the comment table is the document's only table, captioned
//! [`TABLE_CAPTION`], with three columns in a fixed order.

use docx_rs::{HeightRule, Paragraph, Run, Table, TableRow, WidthType};

use super::missiv::document_line;
use super::{PackageInput, Recipient};
use crate::error::Result;
use crate::formats::word::{self, header_cell, labelled, paragraph, styled, symbol_run, text_cell};

/// Prefix of the custom document properties Samdok reads back.
pub const PROPERTY_PREFIX: &str = "Samdok.";
/// The positions a party can take, in the form's order.
pub const POSITIONS: [&str; 5] = [
    "Tillstyrker",
    "Tillstyrker med synpunkter",
    "Avstyrker",
    "Inga synpunkter",
    "Avstår",
];
/// The comment table's columns.
pub const COLUMNS: [&str; 3] = ["Avsnitt", "Synpunkt", "Förslag till ändring"];
/// The comment table's caption (`w:tblCaption`), for screen readers and for
/// finding the table again.
pub const TABLE_CAPTION: &str = "Synpunkter per avsnitt";
/// Empty rows after the mandatory headings.
pub const FREE_ROWS: usize = 5;
/// Version of the form's layout, so a reader knows what it is reading.
pub const FORM_VERSION: &str = "1";
/// An empty ballot box.
pub const BOX: &str = "☐";

pub(super) fn build(input: &PackageInput, recipient: &Recipient, created: &str) -> Result<Vec<u8>> {
    let round = &input.round;
    let title = format!("Svar på {}", round.kind.noun());
    let mut docx = word::base(&format!(
        "Svarsmall – {} – {}",
        recipient.party_name, input.document.title
    ))
    .add_paragraph(styled("Title", &title))
    .add_paragraph(labelled("Part", &recipient.party_name))
    .add_paragraph(labelled("Dokument", &document_line(input)))
    .add_paragraph(labelled("Typ av runda", round.kind.label()))
    .add_paragraph(labelled("Diarienummer", &round.diarienummer))
    .add_paragraph(labelled("Sista svarsdag", &round.deadline.to_string()));
    if !round.reply_address.trim().is_empty() {
        docx = docx.add_paragraph(labelled("Svaret skickas till", round.reply_address.trim()));
    }

    docx = docx
        .add_paragraph(styled("Heading1", "Ställningstagande"))
        .add_paragraph(paragraph(
            "Markera ett av alternativen: ersätt rutan framför det med ett kryss (☒).",
        ));
    for position in POSITIONS {
        docx = docx.add_paragraph(
            Paragraph::new()
                .add_run(symbol_run(BOX))
                .add_run(Run::new().add_text(format!(" {position}"))),
        );
    }

    docx = docx
        .add_paragraph(styled("Heading1", TABLE_CAPTION))
        .add_paragraph(paragraph(
            "Skriv en synpunkt per rad och ange gärna ett förslag till ändring. Lägg till rader vid behov, men behåll tabellens tre kolumner.",
        ))
        .add_table(comment_table(&input.mandatory_headings))
        .add_paragraph(styled("Heading1", "Svaret lämnas av"))
        .add_paragraph(labelled("Namn", ""))
        .add_paragraph(labelled("Befattning eller organ", ""))
        .add_paragraph(labelled("E-post", ""))
        .add_paragraph(labelled("Datum", ""));
    let mut closing = format!("Skicka svaret senast {}", round.deadline);
    if !round.reply_address.trim().is_empty() {
        closing.push_str(&format!(" till {}", round.reply_address.trim()));
    }
    if !round.diarienummer.trim().is_empty() {
        closing.push_str(&format!(
            " och ange diarienummer {} i ämnesraden",
            round.diarienummer.trim()
        ));
    }
    closing.push('.');
    docx = docx.add_paragraph(paragraph(&closing));

    let custom = [
        ("Samdok.Dokumenttyp", "svarsmall".to_owned()),
        ("Samdok.Mallversion", FORM_VERSION.to_owned()),
        ("Samdok.Partkod", recipient.party_code.clone()),
        ("Samdok.Part", recipient.party_name.clone()),
        ("Samdok.Runda", round.subject.clone()),
        ("Samdok.Rundtyp", round.kind.noun().to_owned()),
        ("Samdok.Diarienummer", round.diarienummer.clone()),
        ("Samdok.Dokument", input.document.title.clone()),
        ("Samdok.Version", input.document.version_no.to_string()),
        ("Samdok.Svarsdag", round.deadline.to_string()),
    ];
    let description = format!(
        "Svarsmall för {} i {} av {}, sista svarsdag {}.",
        recipient.party_name,
        round.kind.noun(),
        document_line(input),
        round.deadline
    );
    word::finish_with(
        docx,
        &word::Properties {
            title: &format!("{title} – {}", input.document.title.trim()),
            subject: &round.subject,
            creator: &round.sender,
            keywords: &format!(
                "svarsmall; {}; {}; {}",
                round.kind.noun(),
                recipient.party_name,
                round.diarienummer
            ),
            description: &description,
            created,
            custom: &custom,
        },
        caption_table,
    )
}

/// The comment table: a header row that repeats on every page, a row per
/// mandatory heading with Avsnitt filled in, and free rows; rows are tall
/// enough to write in.
fn comment_table(headings: &[String]) -> Table {
    let widths = [2600, 3560, 2912];
    debug_assert_eq!(widths.iter().sum::<usize>(), word::TEXT_WIDTH);
    let row = |avsnitt: &str| {
        TableRow::new(vec![
            text_cell(avsnitt, widths[0]),
            text_cell("", widths[1]),
            text_cell("", widths[2]),
        ])
        .row_height(567.0)
        .height_rule(HeightRule::AtLeast)
    };
    let mut rows = vec![TableRow::new(
        COLUMNS
            .iter()
            .zip(widths)
            .map(|(c, w)| header_cell(c, w))
            .collect(),
    )
    .cant_split()];
    rows.extend(headings.iter().map(|h| row(h)));
    rows.extend((0..FREE_ROWS).map(|_| row("")));
    Table::new(rows)
        .set_grid(widths.to_vec())
        .width(word::TEXT_WIDTH, WidthType::Dxa)
        .margins(word::cell_margins())
}

/// Gives the (only) table its caption; `w:tblCaption` is the last but one
/// child of `w:tblPr`, so it goes just before the end tag.
fn caption_table(document: &str) -> String {
    document.replacen(
        "</w:tblPr>",
        &format!(
            r#"<w:tblCaption w:val="{}" /></w:tblPr>"#,
            crate::formats::ooxml::escape(TABLE_CAPTION)
        ),
        1,
    )
}
