//! `Missiv.docx`, the cover letter, laid out like Nya perspektiv's own
//! missiv: a Handläggare | Datum | Diarienummer block, the title "Missiv om
//! remiss gällande …", the facts the recipient needs (what, to whom, the
//! deadline, where to answer, the diarienummer for the subject line), the
//! user's text with its headings as Heading 1, the signature with the
//! contact person, and the list of enclosures.

use docx_rs::{LineSpacing, Paragraph, Table, TableRow, WidthType};

use super::{missiv_paragraphs, PackageInput, RoundKind};
use crate::error::Result;
use crate::formats::word::{self, header_cell, labelled, paragraph, styled, text_cell, TEXT_WIDTH};

/// The missiv's title.
pub(super) fn title(input: &PackageInput) -> String {
    format!(
        "Missiv om {} gällande {}",
        input.round.kind.noun(),
        input.document.title.trim()
    )
}

/// Names joined the Swedish way: "A, B och C".
pub(super) fn join_names(names: &[&str]) -> String {
    crate::text::join_and(names)
}

/// "Riktlinje Vård i samverkan, version 2" (the type left out when the
/// title starts with it).
pub(super) fn document_line(input: &PackageInput) -> String {
    let doc = &input.document;
    let named = super::typed_title(&doc.doc_type_name, &doc.title);
    let mut chars = named.chars();
    let capitalised = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    format!("{capitalised}, version {}", doc.version_no)
}

/// The signature block's lines: name, sender, e-mail, phone (blank ones left out).
pub(super) fn signature_lines(input: &PackageInput) -> Vec<String> {
    let c = &input.round.contact;
    let mut lines = vec![
        c.name.trim().to_owned(),
        c.title.trim().to_owned(),
        input.round.sender.trim().to_owned(),
    ];
    if !c.email.trim().is_empty() {
        lines.push(format!("E-post: {}", c.email.trim()));
    }
    if !c.phone.trim().is_empty() {
        lines.push(format!("Telefon: {}", c.phone.trim()));
    }
    lines.retain(|l| !l.is_empty());
    lines
}

pub(super) fn build(input: &PackageInput, draft_path: &str, created: &str) -> Result<Vec<u8>> {
    let round = &input.round;
    let width = TEXT_WIDTH / 3;
    let facts = Table::new(vec![
        TableRow::new(vec![
            header_cell("Handläggare", width),
            header_cell("Datum", width),
            header_cell("Diarienummer", width),
        ])
        .cant_split(),
        TableRow::new(vec![
            text_cell(&round.contact.name, width),
            text_cell(&round.sent_date.to_string(), width),
            text_cell(&round.diarienummer, width),
        ]),
    ])
    .set_grid(vec![width; 3])
    .width(TEXT_WIDTH, WidthType::Dxa)
    .margins(word::cell_margins());

    let title = title(input);
    let names: Vec<&str> = input
        .recipients
        .iter()
        .map(|r| r.party_name.as_str())
        .collect();
    let mut docx = word::base(&round.sender)
        .add_table(facts)
        .add_paragraph(styled("Title", &title))
        .add_paragraph(labelled("Dokument", &document_line(input)))
        .add_paragraph(labelled(
            match round.kind {
                RoundKind::Remiss => "Remissinstanser",
                RoundKind::Synpunktsrunda | RoundKind::Antagande => "Mottagare",
            },
            &join_names(&names),
        ))
        .add_paragraph(labelled("Sista svarsdag", &round.deadline.to_string()));
    if !round.reply_address.trim().is_empty() {
        docx = docx.add_paragraph(labelled("Svar skickas till", round.reply_address.trim()));
    }
    if !round.diarienummer.trim().is_empty() {
        docx = docx.add_paragraph(labelled(
            "Ange i ämnesraden",
            &format!("diarienummer {}", round.diarienummer.trim()),
        ));
    }
    for (heading, text) in missiv_paragraphs(&round.missiv_text) {
        docx = docx.add_paragraph(if heading {
            styled("Heading1", &text)
        } else {
            paragraph(&text)
        });
    }
    docx = docx
        .add_paragraph(
            paragraph("Med vänlig hälsning")
                .line_spacing(LineSpacing::new().before(240))
                .keep_next(true),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(word::text_run(&signature_lines(input).join("\n")))
                .keep_next(false),
        )
        .add_paragraph(styled("Heading1", "Bilagor"))
        .add_paragraph(paragraph(&format!(
            "Förslag: {}",
            draft_path.rsplit('/').next().unwrap_or(draft_path)
        )))
        .add_paragraph(paragraph(&format!(
            "Svarsmall för {} (en per part)",
            round.kind.noun()
        )));

    let keywords = format!(
        "missiv; {}; {}; {}",
        round.kind.noun(),
        input.document.doc_type_name.to_lowercase(),
        round.diarienummer
    );
    word::finish(
        docx,
        &word::Properties {
            title: &title,
            subject: &round.subject,
            creator: if round.contact.name.trim().is_empty() {
                "Samdok"
            } else {
                &round.contact.name
            },
            keywords: &keywords,
            description: &format!(
                "Missiv till {} för {}, sista svarsdag {}.",
                round.kind.noun(),
                document_line(input),
                round.deadline
            ),
            created,
            custom: &[
                ("Samdok.Dokumenttyp", "missiv".to_owned()),
                ("Samdok.Runda", round.subject.clone()),
                ("Samdok.Diarienummer", round.diarienummer.clone()),
            ],
        },
    )
}
