//! `Svarsmall - <part>.docx`, the response form of one recipient: the
//! party, document, version, kind of round, diarienummer and deadline
//! written in; the five positions as Word check boxes (content controls,
//! `w14:checkbox`) with their labels beside them; a comment table
//! `Avsnitt | Synpunkt | Förslag till ändring` with a marked header row, one
//! row per mandatory heading and free rows after them, whose Synpunkt and
//! Förslag cells hold multi-line plain-text controls a person clicks into;
//! and plain-text controls for who answers.
//!
//! Built to be read back (`answers::form`) without the controls' tags and
//! titles, which LibreOffice drops when it saves: custom document
//! properties (`Samdok.*`, see [`PROPERTY_PREFIX`]) name the round's key,
//! the party code and the diarienummer; a position is found by the label
//! beside its box; the comment table by its header row, captioned
//! [`TABLE_CAPTION`], with three columns in a fixed order.

use docx_rs::{HeightRule, LineSpacing, Paragraph, Run, Table, TableCell, TableRow, WidthType};

use super::missiv::document_line;
use super::{PackageInput, Recipient};
use crate::error::Result;
use crate::formats::word::{
    self, header_cell, labelled, paragraph, styled, text_cell, ContentControls,
};

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
/// Version of the form's layout, so a reader knows what it is reading:
/// 1 had ballot-box glyphs to type over; 2 has check boxes and text
/// controls, and the round's key.
pub const FORM_VERSION: &str = "2";
/// The heading of the comment table's section.
pub const POSITION_HEADING: &str = "Ställningstagande";
/// The heading of the lines about who answers.
pub const RESPONDENT_HEADING: &str = "Svaret lämnas av";
/// The lines about who answers, each a label and a text control.
pub const RESPONDENT_LINES: [&str; 4] = ["Namn", "Befattning eller organ", "E-post", "Datum"];

pub(super) fn build(input: &PackageInput, recipient: &Recipient, created: &str) -> Result<Vec<u8>> {
    let round = &input.round;
    let mut controls = ContentControls::default();
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
        .add_paragraph(styled("Heading1", POSITION_HEADING))
        .add_paragraph(paragraph(
            "Markera ett av alternativen genom att klicka i rutan framför det. \
             Det går också bra att skriva ett X i rutans ställe.",
        ));
    for (i, position) in POSITIONS.iter().enumerate() {
        docx = docx.add_paragraph(
            Paragraph::new()
                .add_run(
                    controls.checkbox(position, &format!("samdok-stallningstagande-{}", i + 1)),
                )
                .add_run(Run::new().add_text(format!(" {position}"))),
        );
    }

    docx = docx
        .add_paragraph(styled("Heading1", TABLE_CAPTION))
        .add_paragraph(paragraph(
            "Klicka i en ruta under Synpunkt eller Förslag till ändring och skriv. Skriv en \
             synpunkt per rad och ange gärna ett förslag till ändring; skriv avsnittet i första \
             kolumnen på de tomma raderna. Lägg till rader vid behov, men behåll tabellens \
             rubrikrad och tre kolumner.",
        ))
        .add_table(comment_table(&input.mandatory_headings, &mut controls))
        .add_paragraph(styled("Heading1", RESPONDENT_HEADING));
    for (i, label) in RESPONDENT_LINES.iter().enumerate() {
        docx = docx.add_paragraph(labelled(label, "").add_run(controls.plain_text(
            label,
            &format!("samdok-svarande-{}", i + 1),
            false,
        )));
    }
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
        ("Samdok.Rundnyckel", round.form_key.clone()),
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
    word::finish_with_controls(
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
        &controls,
        caption_table,
    )
}

/// The comment table: a header row that repeats on every page, a row per
/// mandatory heading with Avsnitt filled in, and free rows; rows are tall
/// enough to write in, and the Synpunkt and Förslag cells each hold a
/// multi-line text control inside their paragraph.
fn comment_table(headings: &[String], controls: &mut ContentControls) -> Table {
    let widths = [2600, 3560, 2912];
    debug_assert_eq!(widths.iter().sum::<usize>(), word::TEXT_WIDTH);
    let mut number = 0;
    let mut row = |avsnitt: &str| {
        number += 1;
        let mut control_cell = |column: usize| {
            let name = COLUMNS[column];
            let tag = format!(
                "samdok-{}-{number}",
                if column == 1 { "synpunkt" } else { "forslag" }
            );
            TableCell::new()
                .add_paragraph(
                    Paragraph::new()
                        .line_spacing(LineSpacing::new().after(0))
                        .add_run(controls.plain_text(name, &tag, true)),
                )
                .width(widths[column], WidthType::Dxa)
        };
        let cells = vec![
            text_cell(avsnitt, widths[0]),
            control_cell(1),
            control_cell(2),
        ];
        TableRow::new(cells)
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
    for heading in headings {
        rows.push(row(heading));
    }
    for _ in 0..FREE_ROWS {
        rows.push(row(""));
    }
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
